package neo4jstore

import (
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/storetest"
	"github.com/relmap/relmap/segment"
)

// TestImportSplitPlans: an import written part by part whose first part
// restores plans and actions (a new plan with a new action, a stored plan
// handed over and closed, a stored action handed over) and whose second
// part logs a contact that closes a stored open action
// (graph.CloseByContacts), and whose third part fails, is undone: the
// database is as it was — the new plan and action gone, the stored ones
// as they were with their links, and the action the contact closed open
// again. The same import without the bad part writes all of it, closes
// the action, and leaves nothing of its journal.
func TestImportSplitPlans(t *testing.T) {
	s, _ := openWith(t, 1)
	seed(t, s)
	aim := graph.PlanAim{Segment: "invest", By: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)}
	stored := &graph.Plan{ID: "plan-stored", TargetID: "org-fund", OwnerID: "emp-anna", Aim: aim}
	storetest.Must(t, s.CreatePlan(jctx, stored))
	due := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	call := &graph.Action{ID: "act-call", Kind: graph.ActionContact, StakeholderID: "per-eva", AssigneeID: "emp-anna", Due: due}
	handed := &graph.Action{ID: "act-stored", PlanID: "plan-stored", Kind: graph.ActionIntroduction, StakeholderID: "org-fund", AssigneeID: "emp-anna", Due: due}
	storetest.Must(t, s.CreateActions(jctx, []*graph.Action{call, handed}))

	day := stored.CreatedAt
	audit := graph.Audit{CreatedAt: day, UpdatedAt: day.Add(time.Hour), CreatedBy: "restorer", UpdatedBy: "restorer"}
	closedPlan := *stored
	closedPlan.OwnerID, closedPlan.State, closedPlan.Closed = "emp-cees", graph.PlanDropped, &graph.PlanClose{At: day.Add(time.Hour), By: "restorer"}
	closedPlan.Audit = audit
	handedOver := *handed
	handedOver.AssigneeID, handedOver.Audit = "emp-bram", audit
	freshPlan := &graph.Plan{ID: "plan-new", TargetID: "per-new-0", OwnerID: "emp-anna", Aim: aim, State: graph.PlanOpen, Audit: audit}
	freshAction := &graph.Action{ID: "act-new", PlanID: "plan-new", Kind: graph.ActionContact, StakeholderID: "per-new-0", AssigneeID: "emp-anna",
		Due: due, State: graph.ActionOpen, Audit: audit}
	// Anna calls Eva on 5 January 2026, after the action was set (the
	// store's clock: 2 January): the contact answers act-call.
	contact := &graph.Contact{ID: "con-call", Date: time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC), EmployeeID: "emp-anna", StakeholderID: "per-eva", Mode: graph.ModePhone}
	withPlans := func(bad bool) []*segment.Import {
		ps := parts(bad)
		ps[0].Plans = []*graph.Plan{freshPlan, &closedPlan}
		ps[0].Actions = []*graph.Action{freshAction, &handedOver}
		ps[1].Batch.Contacts = append(ps[1].Batch.Contacts, contact)
		return ps
	}

	before := take(t, s)
	if _, err := s.Import(jctx, segment.Parts(withPlans(true)...), graph.UpsertOptions{}); err == nil {
		t.Fatal("the bad import succeeded")
	}
	if d := storetest.Diff(before, take(t, s)); d != "" {
		t.Errorf("the store after the failed import: %s", d)
	}
	for _, want := range []*graph.Action{call, handed} {
		got, err := s.FindActionByID(jctx, want.ID)
		storetest.Must(t, err)
		if d := storetest.Diff(want, got); d != "" {
			t.Errorf("%s after the failed import: %s", want.ID, d)
		}
	}
	got, err := s.FindPlanByID(jctx, "plan-stored")
	storetest.Must(t, err)
	if d := storetest.Diff(stored, got); d != "" {
		t.Errorf("plan-stored after the failed import: %s", d)
	}
	if _, err := s.FindPlanByID(jctx, "plan-new"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("the plan the failed import created: %v, want it gone", err)
	}
	if _, err := s.FindActionByID(jctx, "act-new"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("the action the failed import created: %v, want it gone", err)
	}

	res, err := s.Import(jctx, segment.Parts(withPlans(false)...), graph.UpsertOptions{})
	storetest.Must(t, err)
	if res.Plans != (graph.Counts{Created: 1, Updated: 1}) || res.Actions != (graph.Counts{Created: 1, Updated: 1}) {
		t.Errorf("plans %+v, actions %+v, want 1 created and 1 updated of each", res.Plans, res.Actions)
	}
	closed, err := s.FindActionByID(jctx, "act-call")
	storetest.Must(t, err)
	if closed.State != graph.ActionDone || closed.Closed == nil || closed.Closed.ContactID != "con-call" {
		t.Errorf("act-call after the import: %s, closed %+v; want done by con-call", closed.State, closed.Closed)
	}
	for _, want := range []*graph.Plan{freshPlan, &closedPlan} {
		got, err := s.FindPlanByID(jctx, want.ID)
		storetest.Must(t, err)
		if d := storetest.Diff(want, got); d != "" {
			t.Errorf("%s after the import: %s", want.ID, d)
		}
	}
	if ps, n, err := s.FindPlans(jctx, graph.PlanFilter{OwnerID: ptrString("emp-cees")}); err != nil || n != 1 || ps[0].ID != "plan-stored" {
		t.Errorf("emp-cees's plans after the import: %d (%v)", n, err)
	}
	if as, n, err := s.FindActions(jctx, graph.ActionFilter{PlanID: ptrString("plan-new")}); err != nil || n != 1 || as[0].ID != "act-new" {
		t.Errorf("plan-new's actions after the import: %d (%v)", n, err)
	}
	wantClean(t, take(t, s))
}

func ptrString(s string) *string { return &s }
