package graph

import (
	"context"
	"time"
)

// Employment: employees start and leave. A departed employee's history —
// her ties and logged contacts — stays; only her current paths, holdings
// and conformance end (Employee.Left). Three rules keep the history whole:
//
//   - every logged contact lies within its employee's employment: not
//     before the first day (Start), not after the last (End), whichever of
//     the contact and the dates is written last (PlanUpsert).

// Employment is an employee's span of employment as stored: the first and
// the last day (UTC midnight; zero when not set).
type Employment struct {
	Start, End time.Time
}

// ContactSpan is the date of an employee's first and last logged contact.
type ContactSpan struct {
	First, Last time.Time
}

// EmploymentLookup is implemented by a StoredLookup that can read the
// stored employees' employment and the span of their logged contacts;
// PlanUpsert then keeps every contact within its employee's employment,
// whichever of the two is written last. Both graph stores implement it.
type EmploymentLookup interface {
	// Employments returns, of the given ids, the stored employees that
	// have a start or an end of employment, with those dates.
	Employments(ctx context.Context, ids []string) (map[string]Employment, error)
	// ContactSpans returns, of the given employee ids, those with logged
	// contacts and the dates of their first and last one.
	ContactSpans(ctx context.Context, ids []string) (map[string]ContactSpan, error)
}

// validateEmployment checks an employee's own dates: the last day is not
// before the first.
func (e *Employee) validateEmployment(v *validator) {
	if !e.Start.IsZero() && !e.End.IsZero() && e.End.Before(e.Start) {
		v.add("end", "%s is before the start of employment (%s)", e.End.Format(time.DateOnly), e.Start.Format(time.DateOnly))
	}
}

// employment adds the planner's checks of the employment rules: contacts of
// b dated before their employee's start or after the day they left (the
// dates from b, or as stored when look is an EmploymentLookup), and
// employees of b whose start or end would leave a contact already logged
// outside their employment. It returns only lookup failures; the problems
// go to p.
func (p *planner) employment(ctx context.Context, b *Batch, look StoredLookup) error {
	el, ok := look.(EmploymentLookup)
	if ok {
		if err := p.employmentsCoverContacts(ctx, b, el); err != nil {
			return err
		}
	}
	if len(b.Contacts) == 0 {
		return nil
	}
	spans := map[string]Employment{}
	var stored []string
	for _, e := range b.Employees {
		if e.ID != "" {
			spans[e.ID] = Employment{e.Start, e.End}
		}
	}
	for _, c := range b.Contacts {
		if _, inBatch := spans[c.EmployeeID]; !inBatch && c.EmployeeID != "" {
			stored = append(stored, c.EmployeeID)
		}
	}
	if ok && len(stored) > 0 {
		found, err := el.Employments(ctx, stored)
		if err != nil {
			return err
		}
		for id, s := range found {
			spans[id] = s
		}
	}
	for i, c := range b.Contacts {
		s := spans[c.EmployeeID]
		switch {
		case c.Date.IsZero():
		case !s.Start.IsZero() && c.Date.Before(s.Start):
			p.add(item{"contacts", i}, Invalid("date", "%s is before employee %q started on %s",
				c.Date.UTC().Format(time.DateOnly), c.EmployeeID, s.Start.Format(time.DateOnly)))
		case left(s.End, c.Date.UTC()):
			p.add(item{"contacts", i}, Invalid("date", "%s is after employee %q left on %s",
				c.Date.UTC().Format(time.DateOnly), c.EmployeeID, s.End.Format(time.DateOnly)))
		}
	}
	return nil
}

// employmentsCoverContacts refuses an employee of b whose start lies after
// the first contact stored for them, or whose end lies before the day of
// the last: the rule that every contact lies within its employee's
// employment holds whichever is written last. (A contact of the same batch
// that moves is checked against the dates by the contact rule; the stored
// dates are the ones compared here.)
func (p *planner) employmentsCoverContacts(ctx context.Context, b *Batch, el EmploymentLookup) error {
	var ids []string
	for _, e := range b.Employees {
		if e.ID != "" && (!e.Start.IsZero() || !e.End.IsZero()) {
			ids = append(ids, e.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	spans, err := el.ContactSpans(ctx, ids)
	if err != nil {
		return err
	}
	for i, e := range b.Employees {
		s, ok := spans[e.ID]
		if !ok {
			continue
		}
		if !e.Start.IsZero() && s.First.Before(e.Start) {
			p.add(item{"employees", i}, Invalid("start", "%s is after the contact of %s already logged for employee %q",
				e.Start.Format(time.DateOnly), s.First.UTC().Format(time.DateOnly), e.ID))
		}
		if left(e.End, s.Last.UTC()) {
			p.add(item{"employees", i}, Invalid("end", "%s is before the contact of %s already logged for employee %q",
				e.End.Format(time.DateOnly), s.Last.UTC().Format(time.DateOnly), e.ID))
		}
	}
	return nil
}
