package graph

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Restoring access plans and actions from a backup, as PlanIntroImport
// restores introduction requests: all or nothing, as they are (state,
// closing, stamps), matched by id so that the same backup restored again
// writes nothing.

// PlanPlanImport is the store-independent half of restoring plans: it
// checks every plan as CreatePlan does (but any state: a closed plan may
// carry its closing, an open one may not), that ids are not given twice,
// that the nodes it names are stored with the right kinds (look sees what
// the import wrote before), and that a plan stored under the same id is
// for the same target (a restore may hand a plan over, never retarget
// it). Problems are Errors with items "plans[i]". It returns the plans to
// write — new ones, and stored ones whose content differs — and the
// counts. Stamps missing from a hand-written plan are now and the
// context's actor. stored holds the stored plans under the ids of ps.
func PlanPlanImport(ctx context.Context, ps []*Plan, look StoredLookup, stored map[string]*Plan, now time.Time, validSegment func(string) bool) ([]*Plan, Counts, error) {
	var nodes []string
	for _, p := range ps {
		nodes = append(nodes, planNodes(p)...)
	}
	kinds, err := look.StoredNodes(ctx, nodes)
	if err != nil {
		return nil, Counts{}, err
	}
	var errs Errors
	var c Counts
	var out []*Plan
	ids := map[string]int{}
	for i, p := range ps {
		item := fmt.Sprintf("plans[%d]", i)
		var v validator
		v.id("id", p.ID, true)
		if j, dup := ids[p.ID]; dup && p.ID != "" {
			v.add("id", "%q is plans[%d]'s too", p.ID, j)
		}
		ids[p.ID] = i
		checkPlanFields(&v, p, validSegment)
		v.text("closed.note", closeNote(p.Closed))
		if p.Closed != nil && p.State == PlanOpen {
			v.add("closed", "an open plan has no closing")
		}
		if p.Closed != nil && p.Closed.At.IsZero() {
			v.add("closed.at", "is required")
		}
		checkPlanNodes(&v, p, kinds)
		old := stored[p.ID]
		if old != nil && old.TargetID != p.TargetID {
			v.add("target_id", "plan %q is stored for %s, not %s", p.ID, old.TargetID, p.TargetID)
		}
		if es := v.errs.Err(); es != nil {
			errs = append(errs, within(item, es)...)
			continue
		}
		x := *p
		x.Audit = restoredAudit(ctx, x.Audit, now)
		x.Aim.By = x.Aim.By.UTC()
		if x.Closed != nil {
			cl := *x.Closed
			cl.At = cl.At.UTC().Truncate(time.Millisecond)
			x.Closed = &cl
		}
		out = tally(old, &x, &c, out)
	}
	if err := errs.Err(); err != nil {
		return nil, Counts{}, err
	}
	return out, c, nil
}

func closeNote(c *PlanClose) string {
	if c == nil {
		return ""
	}
	return c.Note
}

// PlanActionImport is the store-independent half of restoring actions,
// after the plans: it checks every action as CreateActions does (but any
// state: a done or dropped action carries its closing, an open one may
// not), that ids are not given twice, that a plan_id names a plan in
// plans (stored, or restored before), the kinds of the nodes through
// look, and that an action stored under the same id has the same plan and
// stakeholder. Problems are Errors with items "actions[i]". It returns the
// actions to write and the counts, as PlanPlanImport does; Due is taken
// to its day. stored holds the stored actions under the ids of as.
func PlanActionImport(ctx context.Context, as []*Action, look StoredLookup, plans map[string]bool, stored map[string]*Action, now time.Time) ([]*Action, Counts, error) {
	var nodes []string
	for _, a := range as {
		nodes = append(nodes, a.StakeholderID, a.AssigneeID)
	}
	kinds, err := look.StoredNodes(ctx, nodes)
	if err != nil {
		return nil, Counts{}, err
	}
	var errs Errors
	var c Counts
	var out []*Action
	ids := map[string]int{}
	for i, a := range as {
		item := fmt.Sprintf("actions[%d]", i)
		var v validator
		v.id("id", a.ID, true)
		if j, dup := ids[a.ID]; dup && a.ID != "" {
			v.add("id", "%q is actions[%d]'s too", a.ID, j)
		}
		ids[a.ID] = i
		checkAction(&v, a)
		switch {
		case !a.State.Valid():
			v.add("state", "%q is not one of open, done, dropped", a.State)
		case (a.Closed != nil) != (a.State != ActionOpen):
			v.add("closed", "says how a done or dropped action was closed, and only such an action")
		case a.Closed != nil:
			v.text("closed.note", a.Closed.Note)
			v.id("closed.contact_id", a.Closed.ContactID, false)
			if a.Closed.At.IsZero() {
				v.add("closed.at", "is required")
			}
		}
		if a.PlanID != "" && !plans[a.PlanID] {
			v.add("plan_id", "%q is not stored, nor restored before", a.PlanID)
		}
		checkActionNodes(&v, a, kinds)
		old := stored[a.ID]
		if old != nil && (old.PlanID != a.PlanID || old.StakeholderID != a.StakeholderID) {
			v.add("id", "action %q is stored for %s in plan %q, not for %s in plan %q", a.ID, old.StakeholderID, old.PlanID, a.StakeholderID, a.PlanID)
		}
		if es := v.errs.Err(); es != nil {
			errs = append(errs, within(item, es)...)
			continue
		}
		x := *a
		x.Audit = restoredAudit(ctx, x.Audit, now)
		x.Due = Day(x.Due)
		if x.Closed != nil {
			cl := *x.Closed
			cl.At = cl.At.UTC().Truncate(time.Millisecond)
			x.Closed = &cl
		}
		out = tally(old, &x, &c, out)
	}
	if err := errs.Err(); err != nil {
		return nil, Counts{}, err
	}
	return out, c, nil
}

// tally counts x, a restored record, against old, the one stored under its
// id (nil: none), and returns out with x appended when it is to be written:
// created when none is stored, unchanged when it encodes as the stored one
// (sameJSON), else updated.
func tally[T any](old, x *T, c *Counts, out []*T) []*T {
	switch {
	case old == nil:
		c.Created++
	case sameJSON(old, x):
		c.Unchanged++
		return out
	default:
		c.Updated++
	}
	return append(out, x)
}

// restoredAudit returns a with its times in UTC to the millisecond the
// stores keep, and what a hand-written record leaves out taken from now
// and the context's actor.
func restoredAudit(ctx context.Context, a Audit, now time.Time) Audit {
	now = now.UTC().Truncate(time.Millisecond)
	actor := ActorFrom(ctx)
	a.CreatedAt = cmp.Or(a.CreatedAt.UTC().Truncate(time.Millisecond), now)
	a.UpdatedAt = cmp.Or(a.UpdatedAt.UTC().Truncate(time.Millisecond), a.CreatedAt)
	a.CreatedBy = cmp.Or(a.CreatedBy, actor)
	a.UpdatedBy = cmp.Or(a.UpdatedBy, a.CreatedBy)
	return a
}

// sameJSON reports whether a and b encode alike: the stores keep plans
// and actions as their JSON encoding, so two that encode alike are stored
// alike.
func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}
