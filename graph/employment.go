package graph

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Employment: employees start and leave. A departed employee's history —
// her ties and logged contacts — stays; only her current paths, holdings
// and conformance end (Employee.Left). Three rules keep the history whole:
//
//   - every logged contact lies within its employee's employment: not
//     before the first day (Start), not after the last (End), whichever of
//     the contact and the dates is written last (PlanUpsert);
//   - an employee with logged contacts or owned records is not deleted
//     unless the delete is forced (Store.DeleteEmployee, EmployeeDeletion);
//   - her ownerships move to a colleague in one transaction
//     (Store.Handover).

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
// whichever of the two is written last, and CheckHandover refuses to hand
// over to someone who has left. Both graph stores implement it.
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

// DeleteOptions modify Store.DeleteEmployee.
type DeleteOptions struct {
	// Force deletes an employee who has logged contacts or owns records,
	// with their history; without it such a delete is refused.
	Force bool
}

// EmployeeDeletion says what deleting an employee takes with them, or,
// for a refused delete, would take.
type EmployeeDeletion struct {
	ID string `json:"id"`
	// Contacts and Relationships are the employee's logged contacts and
	// ties, deleted with them.
	Contacts      int `json:"contacts"`
	Relationships int `json:"relationships"`
	// Organisations and Persons are the records the employee owned; they
	// are kept and lose their owner.
	Organisations int `json:"organisations"`
	Persons       int `json:"persons"`
	// Forced is set when the delete went ahead although the employee had a
	// history (DeleteOptions.Force).
	Forced bool `json:"forced,omitempty"`
}

// HasHistory reports whether a delete would lose history: logged contacts
// or owned records.
func (d *EmployeeDeletion) HasHistory() bool {
	return d.Contacts+d.Organisations+d.Persons > 0
}

// Allow decides a delete of the employee d counts: with a history and
// without opts.Force it returns the Refusal; otherwise nil, marking d
// Forced when it takes a history. Stores call it inside their delete's
// transaction, before they delete anything.
func (d *EmployeeDeletion) Allow(opts DeleteOptions) error {
	if !d.HasHistory() {
		return nil
	}
	if !opts.Force {
		return d.Refusal()
	}
	d.Forced = true
	return nil
}

// Refusal is the error of a delete refused because the employee has a
// history: ECONFLICT naming what would be lost and what to do instead.
func (d *EmployeeDeletion) Refusal() *Error {
	return &Error{Code: ECONFLICT, Message: fmt.Sprintf(
		"employee %q has %s; deleting them would lose that. Record their end of employment instead (their history stays), "+
			"hand over what they own to a colleague, or force the delete", d.ID, d.lost())}
}

// Summary is the delete in a line, for the audit log: counts only.
func (d *EmployeeDeletion) Summary() string {
	s := "deleted employee with " + d.lost()
	if d.Forced {
		s += " (forced)"
	}
	return s
}

// lost lists the counts of d in words.
func (d *EmployeeDeletion) lost() string {
	owned := "owns no records"
	if n := d.Organisations + d.Persons; n > 0 {
		owned = "owns " + strings.Join(nonZero(Plural(d.Organisations, "organisation", "organisations"), Plural(d.Persons, "person", "persons")), " and ")
	}
	return fmt.Sprintf("%s and %s, and %s", Plural(d.Contacts, "logged contact", "logged contacts"),
		Plural(d.Relationships, "relationship", "relationships"), owned)
}

// nonZero keeps the counts that do not start with "0 ".
func nonZero(ss ...string) []string {
	return slices.DeleteFunc(ss, func(s string) bool { return strings.HasPrefix(s, "0 ") })
}

// Plural writes n with the singular or the plural noun: "1 contact",
// "2 contacts", "0 contacts" (in Dutch alike: "1 stap", "2 stappen").
func Plural(n int, singular, plural string) string {
	if n == 1 {
		return "1 " + singular
	}
	return fmt.Sprintf("%d %s", n, plural)
}

// Handover reports a hand-over of ownership (Store.Handover): the records
// whose owner moved from one employee to another.
type Handover struct {
	From string `json:"from"`
	To   string `json:"to"`
	// Organisations and Persons are the ids of the records that moved,
	// sorted; empty when the employee owned nothing.
	Organisations []string `json:"organisations"`
	Persons       []string `json:"persons"`
}

// Moved returns how many records moved.
func (h *Handover) Moved() int { return len(h.Organisations) + len(h.Persons) }

// Summary is the hand-over in a line, for the audit log and the CLI.
func (h *Handover) Summary() string {
	return fmt.Sprintf("handed over %s and %s from %s to %s", Plural(len(h.Organisations), "organisation", "organisations"),
		Plural(len(h.Persons), "person", "persons"), h.From, h.To)
}

// CheckHandover checks a hand-over from → to against what look reports
// stored, at now: both are stored employees (ENOTFOUND otherwise), they
// differ, and to has not left by now's day (EINVALID naming "to"). Stores
// call it inside their write transaction.
func CheckHandover(ctx context.Context, look StoredLookup, from, to string, now time.Time) error {
	if from == to {
		return Invalid("to", "%q is the employee handing over; name a colleague", to)
	}
	if to == "" {
		return Invalid("to", "is required")
	}
	stored, err := look.StoredNodes(ctx, []string{from, to})
	if err != nil {
		return err
	}
	for _, id := range []string{from, to} {
		if st, ok := stored[id]; !ok || st.Kind != KindEmployee {
			return NotFound("employee", id)
		}
	}
	if el, ok := look.(EmploymentLookup); ok {
		found, err := el.Employments(ctx, []string{to})
		if err != nil {
			return err
		}
		if e := found[to]; left(e.End, now.UTC()) {
			return Invalid("to", "employee %q left on %s; hand over to a colleague who is still employed", to, e.End.Format(time.DateOnly))
		}
	}
	return nil
}

// Sort orders the ids of h, as stores read them in no order.
func (h *Handover) Sort() {
	slices.Sort(h.Organisations)
	slices.Sort(h.Persons)
	if h.Organisations == nil {
		h.Organisations = []string{}
	}
	if h.Persons == nil {
		h.Persons = []string{}
	}
}
