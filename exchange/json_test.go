package exchange_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/demo"
	"github.com/relmap/relmap/exchange"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
	"github.com/relmap/relmap/segment"
)

// clock is the fixed time of every test store, so that audit fields (and
// with them whole exports) compare equal between stores.
var clock = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func openStore(t *testing.T) *sqlitestore.Store {
	t.Helper()
	st, err := sqlitestore.Open(t.Context(), filepath.Join(t.TempDir(), "relmap.db"), sqlitestore.WithNow(func() time.Time { return clock }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func testContext(t *testing.T) context.Context { return graph.WithActor(t.Context(), "test") }

// demoStore fills a store with a small demo network and its assessments.
func demoStore(t *testing.T) *sqlitestore.Store {
	t.Helper()
	ctx := testContext(t)
	st := openStore(t)
	opts := demo.Options{Persons: 120, Seed: 7}
	b := demo.Generate(opts)
	if _, err := st.Upsert(ctx, b, graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.UpsertAssessments(ctx, demo.Assessments(b, opts), graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	return st
}

func export(t *testing.T, st graph.Store) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := exchange.WriteJSON(testContext(t), &buf, st); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func importJSON(t *testing.T, st graph.Store, data []byte, dry bool) *exchange.Result {
	t.Helper()
	doc, err := exchange.ReadJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	res, err := exchange.Import(testContext(t), st, doc, graph.UpsertOptions{DryRun: dry})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func network(t *testing.T, st graph.Store) *graph.Network {
	t.Helper()
	n, err := graph.ReadNetwork(t.Context(), st)
	if err != nil {
		t.Fatal(err)
	}
	n.Version = 0
	return n
}

// TestJSONRoundTrip: export → import into an empty store → the same
// network, the same listings (the second export is byte for byte the
// first, audit fields included, as both stores run on one clock and actor)
// and the same segmentation; importing again changes nothing.
func TestJSONRoundTrip(t *testing.T) {
	a := demoStore(t)
	data := export(t, a)

	b := openStore(t)
	dry := importJSON(t, b, data, true)
	if !dry.Changed() || dry.Persons.Created != 120 || dry.Assessments.Created == 0 {
		t.Errorf("dry run: %+v, want everything created", dry)
	}
	if n := network(t, b); len(n.Nodes) != 0 {
		t.Fatalf("the dry run stored %d nodes", len(n.Nodes))
	}
	first := importJSON(t, b, data, false)
	if first.UpsertResult != dry.UpsertResult || first.Assessments != dry.Assessments {
		t.Errorf("import %+v differs from its dry run %+v", first, dry)
	}
	if !reflect.DeepEqual(network(t, a), network(t, b)) {
		t.Error("the imported network differs from the exported one")
	}
	if got := export(t, b); !bytes.Equal(got, data) {
		t.Errorf("the re-export differs from the export:\n%s", firstDiff(string(data), string(got)))
	}
	matrix := func(st *sqlitestore.Store) []segment.MatrixRow {
		sc, _ := st.Scheme(t.Context())
		as, _, err := st.FindAssessments(t.Context(), segment.AssessmentFilter{Page: graph.Page{Limit: graph.MaxLimit}})
		if err != nil {
			t.Fatal(err)
		}
		var vs []segment.Assessment
		for _, a := range as {
			vs = append(vs, *a)
		}
		return segment.BuildMatrix(sc, segment.DefaultPolicies(), network(t, st).Nodes, vs, time.Time{}).Rows()
	}
	if !reflect.DeepEqual(matrix(a), matrix(b)) {
		t.Error("the segment matrix differs after the round trip")
	}

	v, _ := b.Version(t.Context())
	again := importJSON(t, b, data, false)
	if again.Changed() {
		t.Errorf("re-import changed %+v", again)
	}
	if v2, _ := b.Version(t.Context()); v2 != v {
		t.Errorf("re-import moved the version %d → %d", v, v2)
	}
	if again.Persons.Unchanged != 120 {
		t.Errorf("re-import: %+v, want 120 persons unchanged", again.Persons)
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return "line " + strconv.Itoa(i+1) + ":\n- " + al[i] + "\n+ " + bl[i]
		}
	}
	return "lengths differ"
}

// TestJSONIntros: the backup carries the introduction requests with their
// states, histories and stamps: restored into an empty store they are the
// same, the contact a met request logged comes with the contacts, the
// re-export is byte for byte the export, and restoring again changes
// nothing. A document with a bad request is refused naming it, and
// nothing of it is written.
func TestJSONIntros(t *testing.T) {
	ctx := testContext(t)
	a := demoStore(t)
	var emp, org string
	var persons []string
	for _, n := range network(t, a).Nodes {
		switch {
		case n.Kind == graph.KindEmployee && emp == "":
			emp = n.ID
		case n.Kind == graph.KindOrganisation && org == "":
			org = n.ID
		case n.Kind == graph.KindPerson && len(persons) < 2:
			persons = append(persons, n.ID)
		}
	}
	for i, x := range []struct {
		target string
		moves  []graph.IntroState
	}{
		{org, []graph.IntroState{graph.IntroAgreed, graph.IntroMade, graph.IntroMet}},
		{persons[1], []graph.IntroState{graph.IntroStalled, graph.IntroDeclined}},
		{org, nil},
	} {
		id := "intro-" + strconv.Itoa(i)
		if err := a.CreateIntro(ctx, &graph.IntroRequest{ID: id, EmployeeID: emp, IntermediaryID: persons[0], TargetID: x.target, Note: "note " + id}); err != nil {
			t.Fatal(err)
		}
		for _, st := range x.moves {
			if _, err := a.MoveIntro(ctx, id, graph.IntroMove{State: st, Note: string(st)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	data := export(t, a)
	if !bytes.Contains(data, []byte(`"intros": [`)) || !bytes.Contains(data, []byte(`"state": "declined"`)) {
		t.Fatal("the export holds no introduction requests")
	}

	b := openStore(t)
	res := importJSON(t, b, data, false)
	if res.Intros != (graph.Counts{Created: 3}) {
		t.Errorf("restore: intros %+v, want 3 created", res.Intros)
	}
	for i := range 3 {
		id := "intro-" + strconv.Itoa(i)
		x, _ := a.FindIntroByID(t.Context(), id)
		y, err := b.FindIntroByID(t.Context(), id)
		if err != nil || !graph.SameIntro(x, y) {
			t.Errorf("%s restored as %+v (%v), want %+v", id, y, err, x)
		}
	}
	met, _ := b.FindIntroByID(t.Context(), "intro-0")
	if _, err := b.FindContactByID(t.Context(), met.ContactID); err != nil {
		t.Errorf("the met request's contact %s: %v", met.ContactID, err)
	}
	if got := export(t, b); !bytes.Equal(got, data) {
		t.Errorf("the re-export differs from the export:\n%s", firstDiff(string(data), string(got)))
	}
	if again := importJSON(t, b, data, false); again.Changed() || again.Intros != (graph.Counts{Unchanged: 3}) {
		t.Errorf("restoring again: %+v", again)
	}

	bad := bytes.Replace(data, []byte(`"intermediary_id": "`+persons[0]+`"`), []byte(`"intermediary_id": "per-nobody"`), 1)
	wantRefused(t, bad, "intros[", "intermediary_id")
}

// wantRefused imports doc into an empty store and fails t unless it is
// refused with one error, of an item starting with item and of field, and
// nothing of it is written.
func wantRefused(t *testing.T, doc []byte, item, field string) {
	t.Helper()
	d, err := exchange.ReadJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	c := openStore(t)
	_, err = exchange.Import(testContext(t), c, d, graph.UpsertOptions{})
	var es graph.Errors
	if !errors.As(err, &es) || len(es) != 1 || !strings.HasPrefix(es[0].Item, item) || es[0].Field != field {
		t.Fatalf("a document with a bad %s%s: %v", item, field, err)
	}
	if n := network(t, c); len(n.Nodes) != 0 {
		t.Errorf("the refused document wrote %d nodes", len(n.Nodes))
	}
}

// TestJSONPlans: the backup carries the access plans and actions with
// their states, closings and stamps: an open plan with an open action, an
// achieved plan with a closing note, an action closed by hand and one
// closed by a logged contact. Restored into an empty store they are the
// same, the re-export is byte for byte the export, and restoring again
// changes nothing. A document with an action in an unknown plan is
// refused naming it, and nothing of it is written.
func TestJSONPlans(t *testing.T) {
	ctx := testContext(t)
	a := demoStore(t)
	var emps, targets []string
	for _, n := range network(t, a).Nodes {
		switch {
		case n.Kind == graph.KindEmployee && len(emps) < 2:
			emps = append(emps, n.ID)
		case n.Kind == graph.KindOrganisation && len(targets) < 2:
			targets = append(targets, n.ID)
		}
	}
	aim := graph.PlanAim{Segment: "invest", By: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)}
	for i, target := range targets {
		if err := a.CreatePlan(ctx, &graph.Plan{ID: "plan-" + strconv.Itoa(i), TargetID: target, OwnerID: emps[i], Aim: aim, Note: "note", BaselineStrength: 0.25}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.UpdatePlan(ctx, "plan-1", graph.PlanUpdate{State: ptr(graph.PlanAchieved), CloseNote: "on the board"}); err != nil {
		t.Fatal(err)
	}
	due := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	actions := []*graph.Action{
		{ID: "act-open", PlanID: "plan-0", Kind: graph.ActionIntroduction, StakeholderID: targets[0], AssigneeID: emps[0], Due: due, Title: "ask"},
		{ID: "act-hand", Kind: graph.ActionAssignOwner, StakeholderID: targets[1], AssigneeID: emps[1], Due: due},
		{ID: "act-contact", PlanID: "plan-0", Kind: graph.ActionContact, StakeholderID: targets[0], AssigneeID: emps[0], Due: due},
	}
	if err := a.CreateActions(ctx, actions); err != nil {
		t.Fatal(err)
	}
	if _, err := a.UpdateAction(ctx, "act-hand", graph.ActionUpdate{State: ptr(graph.ActionDropped), Note: "not needed"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Upsert(ctx, &graph.Batch{Contacts: []*graph.Contact{{Date: time.Now().Add(time.Hour), EmployeeID: emps[0], StakeholderID: targets[0], Mode: graph.ModePhone}}}, graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	if x, err := a.FindActionByID(ctx, "act-contact"); err != nil || x.State != graph.ActionDone || x.Closed.ContactID == "" {
		t.Fatalf("act-contact after the contact: %+v (%v)", x, err)
	}
	data := export(t, a)
	if !bytes.Contains(data, []byte(`"plans": [`)) || !bytes.Contains(data, []byte(`"actions": [`)) || !bytes.Contains(data, []byte(`"note": "on the board"`)) {
		t.Fatal("the export holds no plans or actions")
	}

	b := openStore(t)
	res := importJSON(t, b, data, false)
	if res.Plans != (graph.Counts{Created: 2}) || res.Actions != (graph.Counts{Created: 3}) {
		t.Errorf("restore: plans %+v, actions %+v", res.Plans, res.Actions)
	}
	wantPlans, _, _ := a.FindPlans(ctx, graph.PlanFilter{})
	gotPlans, _, err := b.FindPlans(ctx, graph.PlanFilter{})
	if err != nil || !reflect.DeepEqual(wantPlans, gotPlans) {
		t.Errorf("plans restored as %+v (%v), want %+v", gotPlans, err, wantPlans)
	}
	wantActions, _, _ := a.FindActions(ctx, graph.ActionFilter{})
	gotActions, _, err := b.FindActions(ctx, graph.ActionFilter{})
	if err != nil || !reflect.DeepEqual(wantActions, gotActions) {
		t.Errorf("actions restored as %+v (%v), want %+v", gotActions, err, wantActions)
	}
	if got := export(t, b); !bytes.Equal(got, data) {
		t.Errorf("the re-export differs from the export:\n%s", firstDiff(string(data), string(got)))
	}
	if again := importJSON(t, b, data, false); again.Changed() || again.Plans != (graph.Counts{Unchanged: 2}) || again.Actions != (graph.Counts{Unchanged: 3}) {
		t.Errorf("restoring again: %+v", again)
	}

	bad := bytes.Replace(data, []byte(`"plan_id": "plan-0"`), []byte(`"plan_id": "plan-nobody"`), 1)
	wantRefused(t, bad, "actions[", "plan_id")
}
func ptr[T any](v T) *T { return &v }
