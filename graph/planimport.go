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

// restoring says how records of one kind are restored from a backup by
// planRestore: all or nothing, as they are, matched by id.
type restoring[T any] struct {
	// section names the items in problems: "plans" makes "plans[i]".
	section string
	id      func(x *T) string
	// nodes are the ids of the nodes x names, whose stored kinds check
	// sees.
	nodes func(x *T) []string
	// check returns x's problems (nil: none), each naming its field:
	// kinds are the stored nodes (StoredLookup.StoredNodes), old the
	// record stored under x's id (nil: none), and dup the index of an
	// earlier item with x's id (-1: none; dupID words that problem).
	check func(x, old *T, kinds map[string]Stored, dup int) error
	// restore returns the record to write for x, which passed check: a
	// copy with the stamps a hand-written record leaves out filled in and
	// its times as the stores keep them (or x itself when there is nothing
	// to change).
	restore func(x *T) *T
	// same reports whether the record to write is stored as old is.
	same func(old, x *T) bool
}

// planRestore is the skeleton of PlanPlanImport, PlanActionImport and
// PlanIntroImport: it reads the kinds of every node the records name
// (look sees what the import wrote before), checks each record with
// k.check, then writes nothing when any has a problem — the problems are
// Errors with items section[i] — and otherwise returns the records to
// write (k.restore of each: new ones, and stored ones that are not the
// same) and the counts: created when none is stored under the id,
// unchanged when k.same, else updated. stored holds the stored records
// under the ids of xs.
func planRestore[T any](ctx context.Context, xs []*T, look StoredLookup, stored map[string]*T, k restoring[T]) ([]*T, Counts, error) {
	var nodes []string
	for _, x := range xs {
		nodes = append(nodes, k.nodes(x)...)
	}
	kinds, err := look.StoredNodes(ctx, nodes)
	if err != nil {
		return nil, Counts{}, err
	}
	var errs Errors
	var c Counts
	var out []*T
	ids := map[string]int{}
	for i, x := range xs {
		id, dup := k.id(x), -1
		if j, ok := ids[id]; ok && id != "" {
			dup = j
		}
		ids[id] = i
		old := stored[id]
		if err := k.check(x, old, kinds, dup); err != nil {
			errs = append(errs, within(fmt.Sprintf("%s[%d]", k.section, i), err)...)
			continue
		}
		x = k.restore(x)
		switch {
		case old == nil:
			c.Created++
		case k.same(old, x):
			c.Unchanged++
			continue
		default:
			c.Updated++
		}
		out = append(out, x)
	}
	if err := errs.Err(); err != nil {
		return nil, Counts{}, err
	}
	return out, c, nil
}

// dupID adds to v the problem of an id that item dup of section gave
// before (planRestore's dup; nothing when it is -1).
func (v *validator) dupID(section, id string, dup int) {
	if dup >= 0 {
		v.add("id", "%q is %s[%d]'s too", id, section, dup)
	}
}

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
	return planRestore(ctx, ps, look, stored, restoring[Plan]{
		section: "plans",
		id:      func(p *Plan) string { return p.ID },
		nodes:   planNodes,
		check: func(p, old *Plan, kinds map[string]Stored, dup int) error {
			var v validator
			v.id("id", p.ID, true)
			v.dupID("plans", p.ID, dup)
			checkPlanFields(&v, p, validSegment)
			v.text("closed.note", closeNote(p.Closed))
			if p.Closed != nil && p.State == PlanOpen {
				v.add("closed", "an open plan has no closing")
			}
			if p.Closed != nil && p.Closed.At.IsZero() {
				v.add("closed.at", "is required")
			}
			checkPlanNodes(&v, p, kinds)
			if old != nil && old.TargetID != p.TargetID {
				v.add("target_id", "plan %q is stored for %s, not %s", p.ID, old.TargetID, p.TargetID)
			}
			return v.errs.Err()
		},
		restore: func(p *Plan) *Plan {
			x := *p
			x.Audit = restoredAudit(ctx, x.Audit, now)
			x.Aim.By = x.Aim.By.UTC()
			x.Closed = restoredClose(x.Closed, func(c *PlanClose) *time.Time { return &c.At })
			return &x
		},
		same: sameJSON[Plan],
	})
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
	return planRestore(ctx, as, look, stored, restoring[Action]{
		section: "actions",
		id:      func(a *Action) string { return a.ID },
		nodes:   func(a *Action) []string { return []string{a.StakeholderID, a.AssigneeID} },
		check: func(a, old *Action, kinds map[string]Stored, dup int) error {
			var v validator
			v.id("id", a.ID, true)
			v.dupID("actions", a.ID, dup)
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
			if old != nil && (old.PlanID != a.PlanID || old.StakeholderID != a.StakeholderID) {
				v.add("id", "action %q is stored for %s in plan %q, not for %s in plan %q", a.ID, old.StakeholderID, old.PlanID, a.StakeholderID, a.PlanID)
			}
			return v.errs.Err()
		},
		restore: func(a *Action) *Action {
			x := *a
			x.Audit = restoredAudit(ctx, x.Audit, now)
			x.Due = Day(x.Due)
			x.Closed = restoredClose(x.Closed, func(c *ActionClose) *time.Time { return &c.At })
			return &x
		},
		same: sameJSON[Action],
	})
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

// restoredClose returns a copy of c, a plan's or an action's closing,
// with its time (at) in UTC to the millisecond the stores keep; nil for
// nil.
func restoredClose[C any](c *C, at func(*C) *time.Time) *C {
	if c == nil {
		return nil
	}
	x := *c
	t := at(&x)
	*t = t.UTC().Truncate(time.Millisecond)
	return &x
}

// sameJSON reports whether a and b encode alike: the stores keep plans
// and actions as their JSON encoding, so two that encode alike are stored
// alike.
func sameJSON[T any](a, b *T) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}
