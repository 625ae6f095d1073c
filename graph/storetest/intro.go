package storetest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

func introStore(t *testing.T, s graph.Store) graph.IntroStore {
	t.Helper()
	is, ok := s.(graph.IntroStore)
	if !ok {
		t.Fatal("the store keeps no introduction requests (graph.IntroStore)")
	}
	return is
}

// loadIntroPeople stores Anna (employee), Jan and Kees (persons who may
// introduce), Piet (a target person) and Fonds (a target organisation).
func loadIntroPeople(t *testing.T, s graph.Store) {
	t.Helper()
	_, err := s.Upsert(bg, &graph.Batch{
		Employees:     []*graph.Employee{{ID: "emp-anna", Name: "Anna", Role: graph.RoleStaff}},
		Persons:       []*graph.Person{{ID: "per-jan", Name: "Jan"}, {ID: "per-kees", Name: "Kees"}, {ID: "per-piet", Name: "Piet"}},
		Organisations: []*graph.Organisation{{ID: "org-fonds", Name: "Fonds"}},
	}, graph.UpsertOptions{})
	Must(t, err)
}

// testIntroLifecycle takes a request through requested → agreed → made →
// met: every transition is recorded with its day and actor, the version
// moves on each, and met logs exactly one contact (Anna with Piet, on the
// day of the move, a meeting) in the same write.
func testIntroLifecycle(t *testing.T, s graph.Store) {
	is := introStore(t, s)
	loadIntroPeople(t, s)
	v0 := version(t, s)
	r := &graph.IntroRequest{ID: "intro-1", EmployeeID: "emp-anna", IntermediaryID: "per-jan", TargetID: "per-piet",
		Path: []string{"emp-anna", "per-jan", "per-piet"}, Note: "about the fund"}
	Must(t, is.CreateIntro(as("alice"), r))
	wantCreated(t, r.Audit, "alice")
	if r.State != graph.IntroRequested || len(r.History) != 1 || r.History[0].By != "alice" || !r.History[0].At.Equal(r.CreatedAt) {
		t.Fatalf("created request: state %s, history %+v", r.State, r.History)
	}
	v := wantMoved(t, s, v0, "create introduction request")
	got, err := is.FindIntroByID(bg, "intro-1")
	Must(t, err)
	same(t, "found", r, got)
	WantErr(t, is.CreateIntro(bg, &graph.IntroRequest{ID: "intro-1", EmployeeID: "emp-anna", IntermediaryID: "per-kees", TargetID: "per-piet"}),
		graph.ECONFLICT, "", "")
	wantSameVersion(t, s, v, "a duplicate request")

	for _, st := range []graph.IntroState{graph.IntroAgreed, graph.IntroMade} {
		got, err = is.MoveIntro(as("bob"), "intro-1", graph.IntroMove{State: st, Note: "via " + string(st)})
		Must(t, err)
		if got.State != st || got.History[len(got.History)-1].By != "bob" {
			t.Fatalf("moved to %s: %+v", st, got)
		}
		clockTime(t, "transition", got.History[len(got.History)-1].At)
		v = wantMoved(t, s, v, "move to "+string(st))
	}
	contactsBefore := capture(t, s).Contacts
	met, err := is.MoveIntro(as("carol"), "intro-1", graph.IntroMove{State: graph.IntroMet, Note: "lunch", Level: graph.LevelTactical})
	Must(t, err)
	wantMoved(t, s, v, "move to met")
	contacts := capture(t, s).Contacts
	if len(contacts) != len(contactsBefore)+1 {
		t.Fatalf("met logged %d contacts, want exactly 1", len(contacts)-len(contactsBefore))
	}
	c, err := s.FindContactByID(bg, met.ContactID)
	Must(t, err)
	at := met.History[3].At
	want := &graph.Contact{ID: graph.ContactID("emp-anna", "per-piet", at, graph.ModeMeeting), Date: at, EmployeeID: "emp-anna",
		StakeholderID: "per-piet", Mode: graph.ModeMeeting, Level: graph.LevelTactical, Note: "lunch", Audit: c.Audit}
	same(t, "the contact of met", want, c)
	wantCreated(t, c.Audit, "carol")
	states := []graph.IntroState{}
	for _, h := range met.History {
		states = append(states, h.State)
	}
	same(t, "history", []graph.IntroState{graph.IntroRequested, graph.IntroAgreed, graph.IntroMade, graph.IntroMet}, states)
	got, err = is.FindIntroByID(bg, "intro-1")
	Must(t, err)
	same(t, "found after met", met, got)
}

// testIntroRefused checks what is refused, each time leaving the store as
// it was: wrong kinds of node, missing nodes, a path not from the employee
// to the target, and transitions the table does not allow (ECONFLICT
// naming both states), including any move out of a final state, and a
// second open request of one employee through one intermediary to one
// target.
func testIntroRefused(t *testing.T, s graph.Store) {
	is := introStore(t, s)
	loadIntroPeople(t, s)
	before := capture(t, s)
	for _, tc := range []struct {
		r     graph.IntroRequest
		field string
	}{
		{graph.IntroRequest{ID: "x", EmployeeID: "per-jan", IntermediaryID: "per-kees", TargetID: "per-piet"}, "employee_id"},
		{graph.IntroRequest{ID: "x", EmployeeID: "emp-anna", IntermediaryID: "org-fonds", TargetID: "per-piet"}, "intermediary_id"},
		{graph.IntroRequest{ID: "x", EmployeeID: "emp-anna", IntermediaryID: "per-jan", TargetID: "emp-anna"}, "target_id"},
		{graph.IntroRequest{ID: "x", EmployeeID: "emp-anna", IntermediaryID: "per-nobody", TargetID: "per-piet"}, "intermediary_id"},
		{graph.IntroRequest{ID: "", EmployeeID: "emp-anna", IntermediaryID: "per-jan", TargetID: "per-piet"}, "id"},
		{graph.IntroRequest{ID: "x", EmployeeID: "emp-anna", IntermediaryID: "per-jan", TargetID: "per-jan"}, "intermediary_id"},
		{graph.IntroRequest{ID: "x", EmployeeID: "emp-anna", IntermediaryID: "per-jan", TargetID: "per-piet", Path: []string{"per-jan", "per-piet"}}, "path"},
		{graph.IntroRequest{ID: "x", EmployeeID: "emp-anna", IntermediaryID: "per-jan", TargetID: "per-piet", State: graph.IntroMet}, "state"},
	} {
		WantErr(t, is.CreateIntro(bg, &tc.r), graph.EINVALID, "", tc.field)
	}
	unchanged(t, s, before)

	Must(t, is.CreateIntro(bg, &graph.IntroRequest{ID: "intro-2", EmployeeID: "emp-anna", IntermediaryID: "per-jan", TargetID: "org-fonds"}))
	before = capture(t, s)
	_, err := is.MoveIntro(bg, "intro-2", graph.IntroMove{State: graph.IntroMet})
	WantErr(t, err, graph.ECONFLICT, "", "")
	if msg := graph.ErrorMessage(err); !strings.Contains(msg, "from requested to met") || !strings.Contains(msg, "agreed, declined, stalled") {
		t.Fatalf("the refusal %q does not name the states", msg)
	}
	_, err = is.MoveIntro(bg, "intro-2", graph.IntroMove{State: "lost"})
	WantErr(t, err, graph.EINVALID, "", "state")
	_, err = is.MoveIntro(bg, "intro-2", graph.IntroMove{State: graph.IntroAgreed, At: ClockStart.AddDate(1, 0, 0)})
	WantErr(t, err, graph.EINVALID, "", "at")
	_, err = is.MoveIntro(bg, "intro-2", graph.IntroMove{State: graph.IntroAgreed, Mode: graph.ModePhone})
	WantErr(t, err, graph.EINVALID, "", "mode")
	_, err = is.MoveIntro(bg, "intro-none", graph.IntroMove{State: graph.IntroAgreed})
	WantErr(t, err, graph.ENOTFOUND, "", "")
	unchanged(t, s, before)

	_, err = is.MoveIntro(bg, "intro-2", graph.IntroMove{State: graph.IntroDeclined, Note: "not now"})
	Must(t, err)
	before = capture(t, s)
	_, err = is.MoveIntro(bg, "intro-2", graph.IntroMove{State: graph.IntroAgreed})
	WantErr(t, err, graph.ECONFLICT, "", "")
	if msg := graph.ErrorMessage(err); !strings.Contains(msg, "final") {
		t.Fatalf("the refusal %q does not say declined is final", msg)
	}
	unchanged(t, s, before)

	// One open request per employee, intermediary and target
	// (graph.CheckOpenTwin): after the decline Anna may ask Jan again, but
	// not twice; after a stall she may ask anew, and then the stalled one
	// cannot be picked up again beside the new one.
	Must(t, is.CreateIntro(bg, &graph.IntroRequest{ID: "intro-3", EmployeeID: "emp-anna", IntermediaryID: "per-jan", TargetID: "org-fonds"}))
	before = capture(t, s)
	err = is.CreateIntro(bg, &graph.IntroRequest{ID: "intro-4", EmployeeID: "emp-anna", IntermediaryID: "per-jan", TargetID: "org-fonds"})
	WantErr(t, err, graph.ECONFLICT, "", "")
	if msg := graph.ErrorMessage(err); !strings.Contains(msg, "intro-3 is requested") {
		t.Fatalf("the refusal %q does not name the open request", msg)
	}
	unchanged(t, s, before)
	Must(t, is.CreateIntro(bg, &graph.IntroRequest{ID: "intro-5", EmployeeID: "emp-anna", IntermediaryID: "per-kees", TargetID: "org-fonds"}))
	_, err = is.MoveIntro(bg, "intro-3", graph.IntroMove{State: graph.IntroStalled})
	Must(t, err)
	Must(t, is.CreateIntro(bg, &graph.IntroRequest{ID: "intro-4", EmployeeID: "emp-anna", IntermediaryID: "per-jan", TargetID: "org-fonds"}))
	before = capture(t, s)
	_, err = is.MoveIntro(bg, "intro-3", graph.IntroMove{State: graph.IntroAgreed})
	WantErr(t, err, graph.ECONFLICT, "", "")
	if msg := graph.ErrorMessage(err); !strings.Contains(msg, "intro-4 is requested") {
		t.Fatalf("the refusal %q does not name the open request", msg)
	}
	unchanged(t, s, before)
}

// testIntroFiltersAndCascade lists requests by intermediary, target and
// state, newest first, deletes one, and deletes the rest with the person
// they go through.
func testIntroFiltersAndCascade(t *testing.T, s graph.Store) {
	is := introStore(t, s)
	loadIntroPeople(t, s)
	for _, r := range []*graph.IntroRequest{
		{ID: "i-a", EmployeeID: "emp-anna", IntermediaryID: "per-jan", TargetID: "per-piet"},
		{ID: "i-b", EmployeeID: "emp-anna", IntermediaryID: "per-jan", TargetID: "org-fonds"},
		{ID: "i-c", EmployeeID: "emp-anna", IntermediaryID: "per-kees", TargetID: "per-piet"},
	} {
		Must(t, is.CreateIntro(bg, r))
	}
	_, err := is.MoveIntro(bg, "i-b", graph.IntroMove{State: graph.IntroStalled})
	Must(t, err)
	ids := func(f graph.IntroFilter) []string {
		t.Helper()
		rs, total, err := is.FindIntros(bg, f)
		Must(t, err)
		out := []string{}
		for _, r := range rs {
			out = append(out, r.ID)
		}
		if total != len(out) {
			t.Fatalf("total %d for %d requests", total, len(out))
		}
		return out
	}
	// Created one clock second apart: i-c is the newest.
	same(t, "all", []string{"i-c", "i-b", "i-a"}, ids(graph.IntroFilter{}))
	same(t, "through Jan", []string{"i-b", "i-a"}, ids(graph.IntroFilter{IntermediaryID: ptr("per-jan")}))
	same(t, "to Piet", []string{"i-c", "i-a"}, ids(graph.IntroFilter{TargetID: ptr("per-piet")}))
	same(t, "stalled", []string{"i-b"}, ids(graph.IntroFilter{State: ptr(graph.IntroStalled)}))
	same(t, "of Anna", []string{"i-c", "i-b", "i-a"}, ids(graph.IntroFilter{EmployeeID: ptr("emp-anna")}))

	v := version(t, s)
	Must(t, is.DeleteIntro(bg, "i-c"))
	v = wantMoved(t, s, v, "delete introduction request")
	WantErr(t, is.DeleteIntro(bg, "i-c"), graph.ENOTFOUND, "", "")
	wantSameVersion(t, s, v, "a failed delete")
	Must(t, s.DeletePerson(bg, "per-jan"))
	same(t, "after deleting Jan", []string{}, ids(graph.IntroFilter{}))
}

// testIntroRestore restores introduction requests as a backup holds them
// (segment.Importer with Import.Intros, as exchange.Import does): a
// request in every state is written as it is — state, history, stamps —
// with the batch that names its people in the same import; restoring the
// same again changes nothing, not even the version; a later state of a
// stored request is an update; a request with an illegal history, an
// unknown person, or other people under a stored id is refused naming
// intros[i] and its field, and nothing of the import is written; a dry
// run writes nothing.
func testIntroRestore(t *testing.T, s graph.Store) {
	is := introStore(t, s)
	imp, ok := s.(segment.Importer)
	if !ok {
		t.Fatal("the store is no segment.Importer")
	}
	day := func(d int) time.Time { return time.Date(2025, 11, d, 9, 0, 0, 0, time.UTC) }
	tr := func(st graph.IntroState, d int, note string) graph.IntroTransition {
		return graph.IntroTransition{State: st, At: day(d), By: "alice", Note: note}
	}
	req := func(id, target string, hs ...graph.IntroTransition) *graph.IntroRequest {
		r := &graph.IntroRequest{ID: id, EmployeeID: "emp-anna", IntermediaryID: "per-jan", TargetID: target,
			Path: []string{"emp-anna", "per-jan", target}, History: hs, State: hs[len(hs)-1].State,
			Audit: graph.Audit{CreatedAt: hs[0].At, UpdatedAt: hs[len(hs)-1].At, CreatedBy: "alice", UpdatedBy: "alice"}}
		if r.State == graph.IntroMet {
			r.ContactID = graph.ContactID("emp-anna", target, hs[len(hs)-1].At, graph.ModeMeeting)
		}
		return r
	}
	intros := []*graph.IntroRequest{
		req("intro-req", "per-piet", tr(graph.IntroRequested, 1, "please")),
		req("intro-met", "org-fonds", tr(graph.IntroRequested, 2, ""), tr(graph.IntroAgreed, 3, ""), tr(graph.IntroMade, 4, "mail"), tr(graph.IntroMet, 5, "lunch")),
		req("intro-dec", "per-piet", tr(graph.IntroRequested, 3, ""), tr(graph.IntroStalled, 6, ""), tr(graph.IntroDeclined, 9, "no")),
	}
	batch := &graph.Batch{
		Employees:     []*graph.Employee{{ID: "emp-anna", Name: "Anna", Role: graph.RoleStaff}},
		Persons:       []*graph.Person{{ID: "per-jan", Name: "Jan"}, {ID: "per-piet", Name: "Piet"}},
		Organisations: []*graph.Organisation{{ID: "org-fonds", Name: "Fonds"}},
	}
	restore := func(ctx context.Context, rs []*graph.IntroRequest, dry bool) (*segment.ImportResult, error) {
		return imp.Import(ctx, segment.Parts(&segment.Import{Batch: batch, Intros: rs}), graph.UpsertOptions{DryRun: dry, KeepAudit: true})
	}
	v0 := version(t, s)
	res, err := restore(as("restorer"), intros, true)
	Must(t, err)
	if res.Intros != (graph.Counts{Created: 3}) {
		t.Fatalf("dry run counts %+v", res.Intros)
	}
	if _, n, err := is.FindIntros(bg, graph.IntroFilter{}); err != nil || n != 0 || version(t, s) != v0 {
		t.Fatalf("a dry run wrote %d requests (%v)", n, err)
	}
	res, err = restore(as("restorer"), intros, false)
	Must(t, err)
	if res.Intros != (graph.Counts{Created: 3}) {
		t.Fatalf("restore counts %+v", res.Intros)
	}
	for _, want := range intros {
		got, err := is.FindIntroByID(bg, want.ID)
		Must(t, err)
		if !graph.SameIntro(got, want) {
			t.Errorf("restored %s = %+v, want %+v", want.ID, got, want)
		}
	}
	open := graph.IntroRequested
	if rs, n, err := is.FindIntros(bg, graph.IntroFilter{State: &open}); err != nil || n != 1 || rs[0].ID != "intro-req" {
		t.Errorf("requested after the restore: %d, %v", n, err)
	}
	v := version(t, s)
	res, err = restore(as("restorer"), intros, false)
	Must(t, err)
	if res.Intros != (graph.Counts{Unchanged: 3}) || res.Changed() || version(t, s) != v {
		t.Fatalf("the same restore again: %+v, changed %v", res.Intros, res.Changed())
	}

	// A later state of a stored request is an update.
	later := *intros[0]
	later.History = append(slices.Clone(later.History), tr(graph.IntroAgreed, 10, ""))
	later.State, later.UpdatedAt = graph.IntroAgreed, day(10)
	res, err = restore(bg, []*graph.IntroRequest{&later}, false)
	Must(t, err)
	if got, err := is.FindIntroByID(bg, "intro-req"); err != nil || res.Intros != (graph.Counts{Updated: 1}) || got.State != graph.IntroAgreed || len(got.History) != 2 {
		t.Fatalf("an update: %+v, %+v, %v", res.Intros, got, err)
	}
	v = version(t, s)

	illegal := req("intro-bad", "per-piet", tr(graph.IntroRequested, 1, ""), tr(graph.IntroMet, 2, ""))
	unknown := req("intro-who", "per-nobody", tr(graph.IntroRequested, 1, ""))
	moved := req("intro-met", "per-piet", tr(graph.IntroRequested, 1, ""))
	newcomer := &graph.Batch{Persons: []*graph.Person{{ID: "per-new", Name: "Nieuw"}}}
	_, err = imp.Import(bg, segment.Parts(&segment.Import{Batch: newcomer, Intros: []*graph.IntroRequest{intros[1], illegal, unknown, moved}}),
		graph.UpsertOptions{KeepAudit: true})
	WantErr(t, err, graph.EINVALID, "intros[1]", "history[1].state")
	WantErr(t, err, graph.EINVALID, "intros[2]", "target_id")
	WantErr(t, err, graph.EINVALID, "intros[3]", "id")
	_, err = restore(bg, []*graph.IntroRequest{intros[1], intros[1]}, false)
	WantErr(t, err, graph.EINVALID, "intros[1]", "id") // given twice
	if version(t, s) != v {
		t.Error("a refused restore moved the version")
	}
	if _, err := s.FindPersonByID(bg, "per-new"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("a refused restore wrote its batch: %v", err)
	}
	if _, n, _ := is.FindIntros(bg, graph.IntroFilter{}); n != 3 {
		t.Errorf("%d requests after a refused restore, want 3", n)
	}
}
