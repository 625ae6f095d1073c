package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

func planStore(t *testing.T, s graph.Store) graph.PlanStore {
	t.Helper()
	ps, ok := s.(graph.PlanStore)
	if !ok {
		t.Fatal("the store keeps no plans (graph.PlanStore)")
	}
	return ps
}

// loadPlanPeople stores Anna and Bob (employees), Jan (a person who may
// introduce), Piet (a target person) and Fonds (a target organisation).
func loadPlanPeople(t *testing.T, s graph.Store) {
	t.Helper()
	_, err := s.Upsert(bg, &graph.Batch{
		Employees:     []*graph.Employee{{ID: "emp-anna", Name: "Anna", Role: graph.RoleDirector}, {ID: "emp-bob", Name: "Bob", Role: graph.RoleStaff}},
		Persons:       []*graph.Person{{ID: "per-jan", Name: "Jan"}, {ID: "per-piet", Name: "Piet"}},
		Organisations: []*graph.Organisation{{ID: "org-fonds", Name: "Fonds"}},
	}, graph.UpsertOptions{})
	Must(t, err)
}

// aimDay is the day the plans of these tests aim at.
var aimDay = time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)

func planIDs(t *testing.T, ps graph.PlanStore, f graph.PlanFilter) []string {
	t.Helper()
	list, total, err := ps.FindPlans(bg, f)
	Must(t, err)
	out := []string{}
	for _, p := range list {
		out = append(out, p.ID)
	}
	if total != len(out) {
		t.Fatalf("total %d for %d plans", total, len(out))
	}
	return out
}

func actionIDs(t *testing.T, ps graph.PlanStore, f graph.ActionFilter) []string {
	t.Helper()
	list, total, err := ps.FindActions(bg, f)
	Must(t, err)
	out := []string{}
	for _, a := range list {
		out = append(out, a.ID)
	}
	if total != len(out) {
		t.Fatalf("total %d for %d actions", total, len(out))
	}
	return out
}

// testPlanLifecycle creates a plan, finds it, refuses a duplicate and bad
// input (naming the field, storing nothing), updates it (a new owner, the
// audit; its actions stay), lists it by owner, target and state, and
// deletes it with its actions. None of this moves the data version.
func testPlanLifecycle(t *testing.T, s graph.Store) {
	ps := planStore(t, s)
	loadPlanPeople(t, s)
	v := version(t, s)
	p := &graph.Plan{ID: "plan-1", TargetID: "org-fonds", OwnerID: "emp-anna",
		Aim:   graph.PlanAim{Segment: "invest", Accessibility: 3.5, By: aimDay},
		Route: graph.PlanRoute{IntermediaryID: "per-jan", Path: []string{"emp-anna", "per-jan", "org-fonds"}},
		Note:  "board seat", BaselineStrength: 0.4}
	Must(t, ps.CreatePlan(as("alice"), p))
	wantCreated(t, p.Audit, "alice")
	if p.State != graph.PlanOpen {
		t.Fatalf("a new plan is %s, want open", p.State)
	}
	got, err := ps.FindPlanByID(bg, "plan-1")
	Must(t, err)
	same(t, "found", p, got)
	WantErr(t, ps.CreatePlan(bg, &graph.Plan{ID: "plan-1", TargetID: "per-piet", OwnerID: "emp-bob", Aim: graph.PlanAim{Segment: "invest", By: aimDay}}),
		graph.ECONFLICT, "", "")
	for _, tc := range []struct {
		p     graph.Plan
		field string
	}{
		{graph.Plan{ID: "x", TargetID: "emp-bob", OwnerID: "emp-anna", Aim: graph.PlanAim{Segment: "invest", By: aimDay}}, "target_id"},
		{graph.Plan{ID: "x", TargetID: "per-piet", OwnerID: "per-jan", Aim: graph.PlanAim{Segment: "invest", By: aimDay}}, "owner_id"},
		{graph.Plan{ID: "x", TargetID: "per-piet", OwnerID: "emp-nobody", Aim: graph.PlanAim{Segment: "invest", By: aimDay}}, "owner_id"},
		{graph.Plan{ID: "x", TargetID: "per-piet", OwnerID: "emp-anna", Aim: graph.PlanAim{By: aimDay}}, "aim"},
		{graph.Plan{ID: "x", TargetID: "per-piet", OwnerID: "emp-anna", Aim: graph.PlanAim{Segment: "heaven", By: aimDay}}, "aim.segment"},
		{graph.Plan{ID: "x", TargetID: "per-piet", OwnerID: "emp-anna", Aim: graph.PlanAim{Segment: "invest"}}, "aim.by"},
		{graph.Plan{ID: "x", TargetID: "per-piet", OwnerID: "emp-anna", Aim: graph.PlanAim{Accessibility: -1, By: aimDay}}, "aim.accessibility"},
		{graph.Plan{ID: "x", TargetID: "per-piet", OwnerID: "emp-anna", Aim: graph.PlanAim{Segment: "invest", By: aimDay},
			Route: graph.PlanRoute{IntermediaryID: "org-fonds"}}, "route.intermediary_id"},
		{graph.Plan{ID: "x", TargetID: "per-piet", OwnerID: "emp-anna", Aim: graph.PlanAim{Segment: "invest", By: aimDay},
			Route: graph.PlanRoute{Path: []string{"per-jan", "per-piet"}}}, "route.path[0]"},
		{graph.Plan{ID: "x", TargetID: "per-piet", OwnerID: "emp-anna", Aim: graph.PlanAim{Segment: "invest", By: aimDay}, BaselineStrength: 2}, "baseline_strength"},
	} {
		WantErr(t, ps.CreatePlan(bg, &tc.p), graph.EINVALID, "", tc.field)
	}
	same(t, "plans after refusals", []string{"plan-1"}, planIDs(t, ps, graph.PlanFilter{}))

	up, err := ps.UpdatePlan(as("bob"), "plan-1", graph.PlanUpdate{OwnerID: ptr("emp-bob"), Note: ptr("over to Bob")})
	Must(t, err)
	wantUpdated(t, p.Audit, up.Audit, "bob")
	if up.OwnerID != "emp-bob" || up.Note != "over to Bob" || up.Route.IntermediaryID != "per-jan" {
		t.Fatalf("updated plan %+v", up)
	}
	_, err = ps.UpdatePlan(bg, "plan-1", graph.PlanUpdate{OwnerID: ptr("per-jan")})
	WantErr(t, err, graph.EINVALID, "", "owner_id")
	_, err = ps.UpdatePlan(bg, "plan-none", graph.PlanUpdate{Note: ptr("x")})
	WantErr(t, err, graph.ENOTFOUND, "", "")
	got, err = ps.FindPlanByID(bg, "plan-1")
	Must(t, err)
	same(t, "after a refused update", up, got)

	Must(t, ps.CreatePlan(bg, &graph.Plan{ID: "plan-2", TargetID: "per-piet", OwnerID: "emp-anna", Aim: graph.PlanAim{Accessibility: 4, By: aimDay}}))
	_, err = ps.UpdatePlan(bg, "plan-2", graph.PlanUpdate{State: ptr(graph.PlanDropped)})
	Must(t, err)
	same(t, "all", []string{"plan-1", "plan-2"}, planIDs(t, ps, graph.PlanFilter{}))
	same(t, "of Bob", []string{"plan-1"}, planIDs(t, ps, graph.PlanFilter{OwnerID: ptr("emp-bob")}))
	same(t, "for Piet", []string{"plan-2"}, planIDs(t, ps, graph.PlanFilter{TargetID: ptr("per-piet")}))
	same(t, "dropped", []string{"plan-2"}, planIDs(t, ps, graph.PlanFilter{State: ptr(graph.PlanDropped)}))
	wantSameVersion(t, s, v, "plan writes")

	Must(t, ps.CreateActions(bg, []*graph.Action{{ID: "act-1", PlanID: "plan-1", Kind: graph.ActionIntroduction, StakeholderID: "org-fonds",
		AssigneeID: "emp-bob", Due: aimDay}}))
	_, err = ps.UpdatePlan(bg, "plan-1", graph.PlanUpdate{Note: ptr("an update keeps the actions")})
	Must(t, err)
	same(t, "the plan's actions after an update", []string{"act-1"}, actionIDs(t, ps, graph.ActionFilter{PlanID: ptr("plan-1")}))
	Must(t, ps.DeletePlan(bg, "plan-1"))
	WantErr(t, ps.DeletePlan(bg, "plan-1"), graph.ENOTFOUND, "", "")
	_, err = ps.FindActionByID(bg, "act-1")
	WantErr(t, err, graph.ENOTFOUND, "", "")
	Must(t, s.DeletePerson(bg, "per-piet"))
	same(t, "after deleting Piet", []string{}, planIDs(t, ps, graph.PlanFilter{}))
}

// testActionLifecycle creates actions in bulk (all or none, errors naming
// the action), lists them by due day, closes one by hand, and refuses to
// move a closed one.
func testActionLifecycle(t *testing.T, s graph.Store) {
	ps := planStore(t, s)
	loadPlanPeople(t, s)
	Must(t, ps.CreatePlan(bg, &graph.Plan{ID: "plan-1", TargetID: "org-fonds", OwnerID: "emp-anna", Aim: graph.PlanAim{Segment: "invest", By: aimDay}}))
	d1, d2 := time.Date(2026, 2, 1, 15, 0, 0, 0, time.UTC), time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC)
	bad := []*graph.Action{
		{ID: "act-a", Kind: graph.ActionContact, StakeholderID: "per-piet", AssigneeID: "emp-anna", Due: d1},
		{ID: "act-b", Kind: graph.ActionContact, StakeholderID: "per-piet", AssigneeID: "per-jan", Due: d1},
	}
	WantErr(t, ps.CreateActions(bg, bad), graph.EINVALID, "actions[1]", "assignee_id")
	WantErr(t, ps.CreateActions(bg, []*graph.Action{{ID: "act-x", Kind: graph.ActionOther, StakeholderID: "per-piet", AssigneeID: "emp-anna", Due: d1}}),
		graph.EINVALID, "actions[0]", "title")
	WantErr(t, ps.CreateActions(bg, []*graph.Action{{ID: "act-x", PlanID: "plan-none", Kind: graph.ActionContact, StakeholderID: "per-piet", AssigneeID: "emp-anna", Due: d1}}),
		graph.EINVALID, "actions[0]", "plan_id")
	same(t, "after refusals", []string{}, actionIDs(t, ps, graph.ActionFilter{}))

	list := []*graph.Action{
		{ID: "act-a", Kind: graph.ActionContact, StakeholderID: "per-piet", AssigneeID: "emp-anna", Due: d1, Title: "call Piet"},
		{ID: "act-b", PlanID: "plan-1", Kind: graph.ActionIntroduction, StakeholderID: "org-fonds", AssigneeID: "emp-bob", Due: d2},
	}
	Must(t, ps.CreateActions(as("alice"), list))
	for _, a := range list {
		wantCreated(t, a.Audit, "alice")
		if a.State != graph.ActionOpen || !a.Due.Equal(graph.Day(a.Due)) {
			t.Fatalf("created action %+v: want open, due at midnight", a)
		}
	}
	WantErr(t, ps.CreateActions(bg, []*graph.Action{{ID: "act-a", Kind: graph.ActionContact, StakeholderID: "per-piet", AssigneeID: "emp-anna", Due: d1}}),
		graph.ECONFLICT, "actions[0]", "id")
	same(t, "by due day", []string{"act-b", "act-a"}, actionIDs(t, ps, graph.ActionFilter{}))
	same(t, "of the plan", []string{"act-b"}, actionIDs(t, ps, graph.ActionFilter{PlanID: ptr("plan-1")}))
	same(t, "of Anna", []string{"act-a"}, actionIDs(t, ps, graph.ActionFilter{AssigneeID: ptr("emp-anna")}))
	same(t, "due before Jan 21", []string{"act-b"}, actionIDs(t, ps, graph.ActionFilter{DueBefore: ptr(time.Date(2026, 1, 21, 0, 0, 0, 0, time.UTC))}))

	done, err := ps.UpdateAction(as("bob"), "act-b", graph.ActionUpdate{State: ptr(graph.ActionDone), Note: "asked Jan"})
	Must(t, err)
	if done.State != graph.ActionDone || done.Closed == nil || done.Closed.By != "bob" || done.Closed.Note != "asked Jan" || done.Closed.ContactID != "" {
		t.Fatalf("closed by hand: %+v %+v", done, done.Closed)
	}
	clockTime(t, "closed at", done.Closed.At)
	_, err = ps.UpdateAction(bg, "act-b", graph.ActionUpdate{State: ptr(graph.ActionOpen)})
	WantErr(t, err, graph.ECONFLICT, "", "")
	_, err = ps.UpdateAction(bg, "act-a", graph.ActionUpdate{AssigneeID: ptr("per-jan")})
	WantErr(t, err, graph.EINVALID, "", "assignee_id")
	got, err := ps.FindActionByID(bg, "act-b")
	Must(t, err)
	same(t, "after a refused move", done, got)
	same(t, "open", []string{"act-a"}, actionIDs(t, ps, graph.ActionFilter{State: ptr(graph.ActionOpen)}))
	moved, err := ps.UpdateAction(bg, "act-a", graph.ActionUpdate{AssigneeID: ptr("emp-bob"), Due: ptr(d2)})
	Must(t, err)
	same(t, "of Bob after the hand-over (one due day: by id)", []string{"act-a", "act-b"}, actionIDs(t, ps, graph.ActionFilter{AssigneeID: ptr("emp-bob")}))
	if !moved.Due.Equal(d2) {
		t.Fatalf("due %v, want %v", moved.Due, d2)
	}
	Must(t, ps.DeleteAction(bg, "act-a"))
	WantErr(t, ps.DeleteAction(bg, "act-a"), graph.ENOTFOUND, "", "")
	Must(t, s.DeleteOrganisation(bg, "org-fonds"))
	same(t, "after deleting Fonds", []string{}, actionIDs(t, ps, graph.ActionFilter{}))
}

// testActionClosedByContact logs contacts and checks which open actions
// they close (graph.CloseByContacts): a contact by the assignee with the
// stakeholder, on or after the day the action was set, closes a contact
// action and names the contact; a contact by someone else, with someone
// else, or dated before does not; a raise_level action needs the level;
// an introduction action is closed by hand only. An action about Fonds
// is closed by a meeting with Jan, who works there, not by one with Piet,
// whose seat on its board ended the day he was met.
func testActionClosedByContact(t *testing.T, s graph.Store) {
	ps := planStore(t, s)
	loadPlanPeople(t, s)
	day := graph.Day(ClockStart)
	_, err := s.Upsert(bg, &graph.Batch{Relationships: []*graph.Relationship{
		{Type: graph.RelWorksAt, From: "per-jan", To: "org-fonds", Strength: 0.9},
		{Type: graph.RelBoardMemberOf, From: "per-piet", To: "org-fonds", Strength: 0.7, Until: day},
	}}, graph.UpsertOptions{})
	Must(t, err)
	due := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	Must(t, ps.CreateActions(as("alice"), []*graph.Action{
		{ID: "act-call", Kind: graph.ActionContact, StakeholderID: "per-piet", AssigneeID: "emp-anna", Due: due},
		{ID: "act-level", Kind: graph.ActionRaiseLevel, Level: graph.LevelStrategic, StakeholderID: "per-piet", AssigneeID: "emp-anna", Due: due},
		{ID: "act-intro", Kind: graph.ActionIntroduction, StakeholderID: "per-piet", AssigneeID: "emp-anna", Due: due},
		{ID: "act-org", Kind: graph.ActionIntensify, StakeholderID: "org-fonds", AssigneeID: "emp-anna", Due: due},
	}))
	log := func(cs ...*graph.Contact) {
		t.Helper()
		_, err := s.Upsert(as("carol"), &graph.Batch{Contacts: cs}, graph.UpsertOptions{})
		Must(t, err)
	}
	find := func(id string) *graph.Action {
		t.Helper()
		a, err := ps.FindActionByID(bg, id)
		Must(t, err)
		return a
	}
	log(&graph.Contact{ID: "c-before", Date: day.Add(-24 * time.Hour), EmployeeID: "emp-anna", StakeholderID: "per-piet", Mode: graph.ModePhone},
		&graph.Contact{ID: "c-bob", Date: day, EmployeeID: "emp-bob", StakeholderID: "per-piet", Mode: graph.ModePhone},
		&graph.Contact{ID: "c-bob-jan", Date: day, EmployeeID: "emp-bob", StakeholderID: "per-jan", Mode: graph.ModePhone})
	for _, id := range []string{"act-call", "act-level", "act-intro", "act-org"} {
		if a := find(id); a.State != graph.ActionOpen {
			t.Fatalf("%s closed by a contact that does not answer it: %+v", id, a.Closed)
		}
	}
	log(&graph.Contact{ID: "c-tactical", Date: day, EmployeeID: "emp-anna", StakeholderID: "per-piet", Mode: graph.ModeMeeting, Level: graph.LevelTactical})
	call := find("act-call")
	if call.State != graph.ActionDone || call.Closed == nil || call.Closed.ContactID != "c-tactical" || call.Closed.By != "carol" || !call.Closed.At.Equal(day) {
		t.Fatalf("the contact action after Anna met Piet: %+v %+v", call, call.Closed)
	}
	wantUpdated(t, graph.Audit{CreatedAt: call.CreatedAt, CreatedBy: "alice", UpdatedAt: call.CreatedAt}, call.Audit, "carol")
	if a := find("act-level"); a.State != graph.ActionOpen {
		t.Fatalf("a tactical contact closed a strategic raise_level action")
	}
	log(&graph.Contact{ID: "c-strategic", Date: day, EmployeeID: "emp-anna", StakeholderID: "per-piet", Mode: graph.ModeMeeting, Level: graph.LevelStrategic})
	if a := find("act-level"); a.State != graph.ActionDone || a.Closed.ContactID != "c-strategic" {
		t.Fatalf("the raise_level action after a strategic contact: %+v", a)
	}
	if a := find("act-call"); a.Closed.ContactID != "c-tactical" {
		t.Fatalf("a closed action was closed again by %s", a.Closed.ContactID)
	}
	if a := find("act-intro"); a.State != graph.ActionOpen {
		t.Fatalf("an introduction action closed by a contact")
	}
	if a := find("act-org"); a.State != graph.ActionOpen {
		t.Fatalf("a contact with Piet, whose board seat had ended, closed an action about Fonds")
	}
	log(&graph.Contact{ID: "c-jan", Date: day, EmployeeID: "emp-anna", StakeholderID: "per-jan", Mode: graph.ModePhone})
	if a := find("act-org"); a.State != graph.ActionDone || a.Closed.ContactID != "c-jan" {
		t.Fatalf("the action about Fonds after Anna phoned Jan, who works there: %+v %+v", a, a.Closed)
	}
	if a := find("act-call"); a.Closed.ContactID != "c-tactical" {
		t.Fatalf("a contact with Jan changed the action about Piet: %+v", a.Closed)
	}
}

// testPlanClose moves a plan through its states: closing it (achieved)
// stamps Closed with the time of the write, the actor and the note;
// moving it to dropped stamps it anew; opening it again clears the stamp.
// A new plan cannot start closed, and a closing note without a closing
// is refused, changing nothing.
func testPlanClose(t *testing.T, s graph.Store) {
	ps := planStore(t, s)
	loadPlanPeople(t, s)
	p := &graph.Plan{ID: "plan-1", TargetID: "org-fonds", OwnerID: "emp-anna", Aim: graph.PlanAim{Segment: "invest", By: aimDay}}
	Must(t, ps.CreatePlan(bg, p))
	if p.Closed != nil {
		t.Fatalf("a new plan is closed: %+v", p.Closed)
	}
	WantErr(t, ps.CreatePlan(bg, &graph.Plan{ID: "plan-2", TargetID: "per-piet", OwnerID: "emp-anna", State: graph.PlanAchieved,
		Aim: graph.PlanAim{Segment: "invest", By: aimDay}}), graph.EINVALID, "", "state")
	WantErr(t, ps.CreatePlan(bg, &graph.Plan{ID: "plan-2", TargetID: "per-piet", OwnerID: "emp-anna",
		Closed: &graph.PlanClose{At: aimDay, By: "x"}, Aim: graph.PlanAim{Segment: "invest", By: aimDay}}), graph.EINVALID, "", "closed")
	_, err := ps.UpdatePlan(bg, "plan-1", graph.PlanUpdate{CloseNote: "why"})
	WantErr(t, err, graph.EINVALID, "", "close_note")
	_, err = ps.UpdatePlan(bg, "plan-1", graph.PlanUpdate{State: ptr(graph.PlanOpen), CloseNote: "why"})
	WantErr(t, err, graph.EINVALID, "", "close_note")
	got, err := ps.FindPlanByID(bg, "plan-1")
	Must(t, err)
	same(t, "after refused closings", p, got)

	done, err := ps.UpdatePlan(as("bob"), "plan-1", graph.PlanUpdate{State: ptr(graph.PlanAchieved), CloseNote: "met the director"})
	Must(t, err)
	wantUpdated(t, p.Audit, done.Audit, "bob")
	same(t, "closed", &graph.PlanClose{At: done.UpdatedAt, By: "bob", Note: "met the director"}, done.Closed)
	got, err = ps.FindPlanByID(bg, "plan-1")
	Must(t, err)
	same(t, "closed, as stored", done, got)
	again, err := ps.UpdatePlan(as("carl"), "plan-1", graph.PlanUpdate{State: ptr(graph.PlanAchieved), Note: ptr("the same state")})
	Must(t, err)
	same(t, "closed after an update in the same state", done.Closed, again.Closed)
	dropped, err := ps.UpdatePlan(as("carl"), "plan-1", graph.PlanUpdate{State: ptr(graph.PlanDropped)})
	Must(t, err)
	same(t, "dropped", &graph.PlanClose{At: dropped.UpdatedAt, By: "carl"}, dropped.Closed)
	open, err := ps.UpdatePlan(as("anna"), "plan-1", graph.PlanUpdate{State: ptr(graph.PlanOpen)})
	Must(t, err)
	if open.State != graph.PlanOpen || open.Closed != nil {
		t.Fatalf("opened again: state %s, closed %+v", open.State, open.Closed)
	}
	got, err = ps.FindPlanByID(bg, "plan-1")
	Must(t, err)
	same(t, "opened again, as stored", open, got)
}

// testPlanErasure erases Jan, the intermediary of a plan for Fonds and
// the target of another: the plan for Jan goes, with its action; the plan
// for Fonds stays without a route through him, his place in its path and
// note and in an action's title taking the pseudonym.
func testPlanErasure(t *testing.T, s graph.Store) {
	ps := planStore(t, s)
	es, ok := s.(interface {
		ErasePerson(ctx context.Context, id string) (*graph.Erasure, error)
	})
	if !ok {
		t.Skip("the store erases no persons")
	}
	loadPlanPeople(t, s)
	Must(t, ps.CreatePlan(bg, &graph.Plan{ID: "plan-fonds", TargetID: "org-fonds", OwnerID: "emp-anna",
		Aim:   graph.PlanAim{Segment: "invest", By: aimDay},
		Route: graph.PlanRoute{IntermediaryID: "per-jan", Path: []string{"emp-bob", "per-jan", "org-fonds"}}, Note: "through per-jan"}))
	Must(t, ps.CreatePlan(bg, &graph.Plan{ID: "plan-jan", TargetID: "per-jan", OwnerID: "emp-anna", Aim: graph.PlanAim{Segment: "invest", By: aimDay}}))
	Must(t, ps.CreateActions(bg, []*graph.Action{
		{ID: "act-ask", PlanID: "plan-fonds", Kind: graph.ActionIntroduction, StakeholderID: "org-fonds", AssigneeID: "emp-bob", Due: aimDay, Title: "ask per-jan"},
		{ID: "act-jan", PlanID: "plan-jan", Kind: graph.ActionContact, StakeholderID: "per-jan", AssigneeID: "emp-anna", Due: aimDay},
	}))
	_, err := es.ErasePerson(as("dpo"), "per-jan")
	Must(t, err)
	same(t, "plans after the erasure", []string{"plan-fonds"}, planIDs(t, ps, graph.PlanFilter{}))
	same(t, "actions after the erasure", []string{"act-ask"}, actionIDs(t, ps, graph.ActionFilter{}))
	p, err := ps.FindPlanByID(bg, "plan-fonds")
	Must(t, err)
	pj := graph.ErasedPseudonym("per-jan")
	same(t, "route after the erasure", graph.PlanRoute{Path: []string{"emp-bob", pj, "org-fonds"}}, p.Route)
	same(t, "note after the erasure", "through "+pj, p.Note)
	a, err := ps.FindActionByID(bg, "act-ask")
	Must(t, err)
	same(t, "title after the erasure", "ask "+pj, a.Title)
	_, err = ps.UpdatePlan(bg, "plan-fonds", graph.PlanUpdate{State: ptr(graph.PlanAchieved)})
	Must(t, err) // a plan once routed through an erased person can still be closed

	// A closing note and an action's closing note naming Piet take his
	// pseudonym when he is erased.
	Must(t, ps.CreatePlan(bg, &graph.Plan{ID: "plan-bob", TargetID: "org-fonds", OwnerID: "emp-bob", Aim: graph.PlanAim{Segment: "invest", By: aimDay}}))
	_, err = ps.UpdatePlan(bg, "plan-bob", graph.PlanUpdate{State: ptr(graph.PlanDropped), CloseNote: "per-piet left Fonds"})
	Must(t, err)
	Must(t, ps.CreateActions(bg, []*graph.Action{{ID: "act-fonds", Kind: graph.ActionContact, StakeholderID: "org-fonds", AssigneeID: "emp-bob", Due: aimDay}}))
	_, err = ps.UpdateAction(bg, "act-fonds", graph.ActionUpdate{State: ptr(graph.ActionDone), Note: "called per-piet"})
	Must(t, err)
	_, err = es.ErasePerson(as("dpo"), "per-piet")
	Must(t, err)
	pp := graph.ErasedPseudonym("per-piet")
	p, err = ps.FindPlanByID(bg, "plan-bob")
	Must(t, err)
	same(t, "closing note after the erasure", pp+" left Fonds", p.Closed.Note)
	a, err = ps.FindActionByID(bg, "act-fonds")
	Must(t, err)
	same(t, "action's closing note after the erasure", "called "+pp, a.Closed.Note)

	// No plan or action, in any field or note, names either of them.
	plans, _, err := ps.FindPlans(bg, graph.PlanFilter{})
	Must(t, err)
	actions, _, err := ps.FindActions(bg, graph.ActionFilter{})
	Must(t, err)
	data, err := json.Marshal([]any{plans, actions})
	Must(t, err)
	for _, id := range []string{"per-jan", "per-piet"} {
		if strings.Contains(string(data), id) {
			t.Errorf("after the erasures the plans and actions still name %s: %s", id, data)
		}
	}
}

// testPlanRestore restores plans and actions as a backup holds them, with
// the people they name in the same import: a dry run writes nothing; the
// restore creates them exactly (states, closings, stamps), an action in a
// plan of the same import goes with that plan; the same restore again
// changes nothing; a changed plan is an update; bad records (an open plan
// with a closing, an unknown plan, a retargeted plan, an action moved to
// another plan) are refused naming item and field, and nothing of that
// import is written.
func testPlanRestore(t *testing.T, s graph.Store) {
	ps := planStore(t, s)
	imp, ok := s.(segment.Importer)
	if !ok {
		t.Fatal("the store is no segment.Importer")
	}
	day := func(d int) time.Time { return time.Date(2025, 11, d, 9, 0, 0, 0, time.UTC) }
	stamps := func(c, u int) graph.Audit {
		return graph.Audit{CreatedAt: day(c), UpdatedAt: day(u), CreatedBy: "alice", UpdatedBy: "bob"}
	}
	plans := []*graph.Plan{
		{ID: "plan-open", TargetID: "org-fonds", OwnerID: "emp-anna", Aim: graph.PlanAim{Segment: "invest", By: aimDay},
			Route: graph.PlanRoute{IntermediaryID: "per-jan", Path: []string{"emp-anna", "per-jan", "org-fonds"}}, Note: "board",
			State: graph.PlanOpen, BaselineStrength: 0.4, Audit: stamps(1, 2)},
		{ID: "plan-done", TargetID: "per-piet", OwnerID: "emp-bob", Aim: graph.PlanAim{Accessibility: 3.5, By: aimDay},
			State: graph.PlanAchieved, Closed: &graph.PlanClose{At: day(5), By: "bob", Note: "met him"}, Audit: stamps(1, 5)},
	}
	actions := []*graph.Action{
		{ID: "act-open", PlanID: "plan-open", Kind: graph.ActionIntroduction, StakeholderID: "org-fonds", AssigneeID: "emp-anna",
			Title: "ask Jan", Due: day(20).Truncate(24 * time.Hour), State: graph.ActionOpen, Audit: stamps(2, 2)},
		{ID: "act-done", Kind: graph.ActionContact, StakeholderID: "per-piet", AssigneeID: "emp-bob", Due: graph.Day(day(4)),
			State: graph.ActionDone, Closed: &graph.ActionClose{At: day(3), By: "bob", ContactID: "con-x", Note: "called"}, Audit: stamps(1, 3)},
	}
	batch := &graph.Batch{
		Employees:     []*graph.Employee{{ID: "emp-anna", Name: "Anna", Role: graph.RoleDirector}, {ID: "emp-bob", Name: "Bob", Role: graph.RoleStaff}},
		Persons:       []*graph.Person{{ID: "per-jan", Name: "Jan"}, {ID: "per-piet", Name: "Piet"}},
		Organisations: []*graph.Organisation{{ID: "org-fonds", Name: "Fonds"}},
	}
	restore := func(ctx context.Context, ps []*graph.Plan, as []*graph.Action, dry bool) (*segment.ImportResult, error) {
		return imp.Import(ctx, segment.Parts(&segment.Import{Batch: batch, Plans: ps, Actions: as}), graph.UpsertOptions{DryRun: dry, KeepAudit: true})
	}
	res, err := restore(as("restorer"), plans, actions, true)
	Must(t, err)
	if res.Plans != (graph.Counts{Created: 2}) || res.Actions != (graph.Counts{Created: 2}) {
		t.Fatalf("dry run counts: plans %+v, actions %+v", res.Plans, res.Actions)
	}
	same(t, "plans after a dry run", []string{}, planIDs(t, ps, graph.PlanFilter{}))
	res, err = restore(as("restorer"), plans, actions, false)
	Must(t, err)
	if res.Plans != (graph.Counts{Created: 2}) || res.Actions != (graph.Counts{Created: 2}) {
		t.Fatalf("restore counts: plans %+v, actions %+v", res.Plans, res.Actions)
	}
	for _, want := range plans {
		got, err := ps.FindPlanByID(bg, want.ID)
		Must(t, err)
		same(t, "restored "+want.ID, want, got)
	}
	for _, want := range actions {
		got, err := ps.FindActionByID(bg, want.ID)
		Must(t, err)
		same(t, "restored "+want.ID, want, got)
	}
	same(t, "the restored plan's actions", []string{"act-open"}, actionIDs(t, ps, graph.ActionFilter{PlanID: ptr("plan-open")}))
	same(t, "open actions", []string{"act-open"}, actionIDs(t, ps, graph.ActionFilter{State: ptr(graph.ActionOpen)}))
	same(t, "Bob's plans", []string{"plan-done"}, planIDs(t, ps, graph.PlanFilter{OwnerID: ptr("emp-bob")}))
	res, err = restore(as("restorer"), plans, actions, false)
	Must(t, err)
	if res.Plans != (graph.Counts{Unchanged: 2}) || res.Actions != (graph.Counts{Unchanged: 2}) || res.Changed() {
		t.Fatalf("the same restore again: plans %+v, actions %+v", res.Plans, res.Actions)
	}

	// A plan handed over and closed since is an update; its action stays.
	later := *plans[0]
	later.OwnerID, later.State, later.Closed = "emp-bob", graph.PlanDropped, &graph.PlanClose{At: day(9), By: "bob"}
	res, err = restore(bg, []*graph.Plan{&later}, nil, false)
	Must(t, err)
	got, err := ps.FindPlanByID(bg, "plan-open")
	Must(t, err)
	if res.Plans != (graph.Counts{Updated: 1}) {
		t.Fatalf("an update: %+v", res.Plans)
	}
	same(t, "the updated plan", &later, got)
	same(t, "Bob's plans after the update", []string{"plan-done", "plan-open"}, planIDs(t, ps, graph.PlanFilter{OwnerID: ptr("emp-bob")}))
	same(t, "the updated plan's actions", []string{"act-open"}, actionIDs(t, ps, graph.ActionFilter{PlanID: ptr("plan-open")}))

	openClosed := *plans[1]
	openClosed.ID, openClosed.State = "plan-x", graph.PlanOpen
	retarget := *plans[1]
	retarget.TargetID = "org-fonds"
	noPlan := *actions[1]
	noPlan.ID, noPlan.PlanID = "act-x", "plan-none"
	moved := *actions[1]
	moved.PlanID = "plan-done"
	openDone := *actions[0]
	openDone.ID, openDone.Closed = "act-y", actions[1].Closed
	_, err = restore(bg, []*graph.Plan{&openClosed, &retarget}, []*graph.Action{&noPlan, &moved, &openDone}, false)
	var es graph.Errors
	if !errors.As(err, &es) {
		t.Fatalf("bad plans and actions: %v, want graph.Errors", err)
	}
	want := map[string]bool{"plans[0] closed": true, "plans[1] target_id": true}
	gotErrs := map[string]bool{}
	for _, e := range es {
		gotErrs[e.Item+" "+e.Field] = true
	}
	same(t, "errors", want, gotErrs)
	_, err = restore(bg, nil, []*graph.Action{&noPlan, &moved, &openDone}, false)
	es = nil
	if !errors.As(err, &es) {
		t.Fatalf("bad actions: %v, want graph.Errors", err)
	}
	gotErrs = map[string]bool{}
	for _, e := range es {
		gotErrs[e.Item+" "+e.Field] = true
	}
	same(t, "errors", map[string]bool{"actions[0] plan_id": true, "actions[1] id": true, "actions[2] closed": true}, gotErrs)
	_, err = restore(bg, nil, []*graph.Action{&noPlan, &noPlan}, false)
	WantErr(t, err, graph.EINVALID, "actions[1]", "id") // given twice
	WantErr(t, err, graph.EINVALID, "actions[1]", "plan_id")
	same(t, "plans after refused restores", []string{"plan-done", "plan-open"}, planIDs(t, ps, graph.PlanFilter{}))
	same(t, "actions after refused restores", []string{"act-done", "act-open"}, actionIDs(t, ps, graph.ActionFilter{}))
}
