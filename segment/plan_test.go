package segment

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
)

// memLookup is an AssessmentLookup over maps, standing in for a store's
// transaction so that the planner can be tested on its own. It records the
// ids it was asked for.
type memLookup struct {
	nodes, assessments map[string]graph.Stored
	err                error
	asked              [][]string
}

func pickStored(m map[string]graph.Stored, ids []string) map[string]graph.Stored {
	out := map[string]graph.Stored{}
	for _, id := range ids {
		if s, ok := m[id]; ok {
			out[id] = s
		}
	}
	return out
}

func (l *memLookup) StoredNodes(_ context.Context, ids []string) (map[string]graph.Stored, error) {
	l.asked = append(l.asked, slices.Sorted(slices.Values(ids)))
	return pickStored(l.nodes, ids), l.err
}

func (l *memLookup) StoredAssessments(_ context.Context, ids []string) (map[string]graph.Stored, error) {
	l.asked = append(l.asked, slices.Sorted(slices.Values(ids)))
	return pickStored(l.assessments, ids), nil
}

// stakeholders is what a store holding two stakeholders and an employee
// reports.
func stakeholders() *memLookup {
	return &memLookup{
		nodes: map[string]graph.Stored{
			"org-fund": {Kind: graph.KindOrganisation},
			"per-dirk": {Kind: graph.KindPerson},
			"emp-anna": {Kind: graph.KindEmployee},
		},
		assessments: map[string]graph.Stored{},
	}
}

var planNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// store records what a plan returned as written, as a store would.
func (l *memLookup) store(out []*Assessment) {
	for _, a := range out {
		l.assessments[a.ID] = graph.Stored{Hash: a.Hash(), Audit: a.Audit}
	}
}

func TestPlanAssessmentsCreatesAndNormalizes(t *testing.T) {
	ctx := graph.WithActor(context.Background(), "tester")
	cet := time.FixedZone("CET", 3600)
	as := []*Assessment{
		// 1 March 01:00 CET is midnight UTC: the derived id carries the day.
		{StakeholderID: " org-fund ", CriterionID: "yield", Score: 4, Date: time.Date(2026, 3, 1, 1, 0, 0, 0, cet), Comment: " good year "},
		// Sub-millisecond digits are dropped before the id is derived.
		{StakeholderID: "per-dirk", CriterionID: "openness", Score: 2, Date: time.Date(2026, 3, 1, 9, 30, 0, 1_500_999, time.UTC)},
	}
	look := stakeholders()
	out, c, err := PlanAssessments(ctx, as, DefaultScheme(), look, graph.UpsertOptions{}, planNow.Add(999*time.Microsecond).In(cet))
	if err != nil {
		t.Fatal(err)
	}
	if c != (graph.Counts{Created: 2}) || len(out) != 2 || out[0] != as[0] || out[1] != as[1] {
		t.Fatalf("plan = %d assessments, counts %+v; want both created, in input order", len(out), c)
	}
	if got, want := as[0].ID, "org-fund:yield:2026-03-01"; got != want {
		t.Errorf("derived id %q, want %q", got, want)
	}
	if got, want := as[1].ID, "per-dirk:openness:2026-03-01T09:30:00.001Z"; got != want {
		t.Errorf("derived id %q, want %q", got, want)
	}
	if as[0].StakeholderID != "org-fund" || as[0].Comment != "good year" {
		t.Errorf("not trimmed: %+v", as[0])
	}
	if d := as[0].Date; d.Location() != time.UTC || !d.Equal(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("date %v, want 2026-03-01T00:00:00Z in UTC", d)
	}
	if d := as[1].Date; d != time.Date(2026, 3, 1, 9, 30, 0, 1_000_000, time.UTC) {
		t.Errorf("date %v, want it truncated to the millisecond", d)
	}
	want := graph.Audit{CreatedAt: planNow, UpdatedAt: planNow, CreatedBy: "tester", UpdatedBy: "tester"}
	for _, a := range as {
		if a.Audit != want {
			t.Errorf("%s: audit %+v, want %+v", a.ID, a.Audit, want)
		}
	}
	// One look-up of the stakeholders and one of the assessments.
	if wantAsked := [][]string{{"org-fund", "per-dirk"}, {as[0].ID, as[1].ID}}; !slices.EqualFunc(look.asked, wantAsked, slices.Equal) {
		t.Errorf("asked for %q, want %q", look.asked, wantAsked)
	}
}

func TestPlanAssessmentsUnchangedAndUpdated(t *testing.T) {
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	fresh := func() []*Assessment {
		return []*Assessment{
			{StakeholderID: "org-fund", CriterionID: "yield", Score: 4, Date: day, Assessor: "emp-anna"},
			{StakeholderID: "org-fund", CriterionID: "fit", Score: 3, Date: day, Assessor: "emp-anna"},
		}
	}
	look := stakeholders()
	first := fresh()
	out, _, err := PlanAssessments(graph.WithActor(context.Background(), "importer"), first, DefaultScheme(), look, graph.UpsertOptions{}, planNow)
	if err != nil {
		t.Fatal(err)
	}
	look.store(out)

	// The same again, by somebody else and later: nothing to write, and the
	// stored audit on the records.
	later := planNow.Add(time.Hour)
	again := fresh()
	out, c, err := PlanAssessments(graph.WithActor(context.Background(), "someone-else"), again, DefaultScheme(), look, graph.UpsertOptions{}, later)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 0 || c != (graph.Counts{Unchanged: 2}) {
		t.Fatalf("re-plan writes %d, counts %+v; want nothing, 2 unchanged", len(out), c)
	}
	for i := range again {
		if *again[i] != *first[i] {
			t.Errorf("re-planned %+v, want %+v", *again[i], *first[i])
		}
	}

	// One score changed: an update keeping the creation audit.
	changed := fresh()
	changed[1].Score = 5
	out, c, err = PlanAssessments(graph.WithActor(context.Background(), "editor"), changed, DefaultScheme(), look, graph.UpsertOptions{}, later)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 || out[0] != changed[1] || c != (graph.Counts{Updated: 1, Unchanged: 1}) {
		t.Fatalf("plan writes %d, counts %+v; want the changed one, updated", len(out), c)
	}
	want := graph.Audit{CreatedAt: planNow, CreatedBy: "importer", UpdatedAt: later, UpdatedBy: "editor"}
	if changed[1].Audit != want {
		t.Errorf("audit %+v, want %+v", changed[1].Audit, want)
	}

	// The options, on the stored records.
	for _, tc := range []struct {
		name       string
		as         []*Assessment
		opts       graph.UpsertOptions
		code, item string
	}{
		{"create only", fresh(), graph.UpsertOptions{CreateOnly: true}, graph.ECONFLICT, "assessments[0]"},
		{"update only", []*Assessment{{StakeholderID: "org-fund", CriterionID: "image", Score: 2, Date: day}}, graph.UpsertOptions{UpdateOnly: true}, graph.ENOTFOUND, ""},
		{"if hash", fresh()[:1], graph.UpsertOptions{IfHash: "stale"}, graph.ECONFLICT, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, _, err := PlanAssessments(context.Background(), tc.as, DefaultScheme(), look, tc.opts, later)
			if graph.ErrorCode(err) != tc.code || out != nil {
				t.Fatalf("plan = %d, %v; want %s", len(out), err, tc.code)
			}
			if es := err.(graph.Errors); es[0].Item != tc.item {
				t.Errorf("item %q, want %q", es[0].Item, tc.item)
			}
		})
	}
	// IfHash with the stored hash succeeds.
	a := fresh()[:1]
	a[0].Score = 1
	if _, c, err := PlanAssessments(context.Background(), a, DefaultScheme(), look, graph.UpsertOptions{IfHash: first[0].Hash()}, later); err != nil || c.Updated != 1 {
		t.Fatalf("IfHash with the stored hash: %+v, %v", c, err)
	}
}

func TestPlanAssessmentsErrors(t *testing.T) {
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	scheme := DefaultScheme()
	scheme.Criteria = append(scheme.Criteria, Criterion{ID: "reach", Axis: Accessibility, NameEN: "Reach", Weight: 1})
	scheme.Scale = Scale{Min: 1, Max: 10}
	scheme.ThresholdAttractiveness, scheme.ThresholdAccessibility = 5.5, 5.5

	type problem struct{ code, item, field string }
	for _, tc := range []struct {
		name string
		as   []*Assessment
		want []problem
	}{
		{"one record: no item", []*Assessment{{StakeholderID: "org-fund", CriterionID: "yield", Score: 11, Date: day}},
			[]problem{{graph.EINVALID, "", "score"}}},
		{"score 0", []*Assessment{{StakeholderID: "org-fund", CriterionID: "yield", Score: 0, Date: day}},
			[]problem{{graph.EINVALID, "", "score"}}},
		{"unknown criterion", []*Assessment{{StakeholderID: "org-fund", CriterionID: "charm", Score: 3, Date: day}},
			[]problem{{graph.EINVALID, "", "criterion_id"}}},
		{"missing stakeholder", []*Assessment{{StakeholderID: "org-none", CriterionID: "yield", Score: 3, Date: day}},
			[]problem{{graph.EINVALID, "", "stakeholder_id"}}},
		{"employee as stakeholder", []*Assessment{{StakeholderID: "emp-anna", CriterionID: "yield", Score: 3, Date: day}},
			[]problem{{graph.EINVALID, "", "stakeholder_id"}}},
		{"no date, no id", []*Assessment{{StakeholderID: "org-fund", CriterionID: "yield", Score: 3}},
			[]problem{{graph.EINVALID, "", "id"}, {graph.EINVALID, "", "date"}}},
		{"nil", []*Assessment{nil}, []problem{{graph.EINVALID, "", ""}}},
		{"batch: every problem, in input order", []*Assessment{
			{StakeholderID: "org-none", CriterionID: "yield", Score: 3, Date: day},           // stakeholder (step 3)
			{StakeholderID: "org-fund", CriterionID: "reach", Score: 10, Date: day},          // fine: the scheme's own criterion and scale
			{StakeholderID: "per-dirk", CriterionID: "fit", Score: 0, Date: day},             // score
			{StakeholderID: "org-fund", CriterionID: "reach", Score: 9, Date: day},           // same derived id as [1]
			{ID: "bad id", StakeholderID: "emp-anna", CriterionID: "x", Score: 3, Date: day}, // id, criterion, stakeholder
			nil,
		}, []problem{
			{graph.EINVALID, "assessments[0]", "stakeholder_id"},
			{graph.EINVALID, "assessments[2]", "score"},
			{graph.EINVALID, "assessments[3]", "id"},
			{graph.EINVALID, "assessments[4]", "id"},
			{graph.EINVALID, "assessments[4]", "criterion_id"},
			{graph.EINVALID, "assessments[4]", "stakeholder_id"},
			{graph.EINVALID, "assessments[5]", ""},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			look := stakeholders()
			out, c, err := PlanAssessments(context.Background(), tc.as, scheme, look, graph.UpsertOptions{}, planNow)
			if out != nil || c != (graph.Counts{}) {
				t.Errorf("plan returned %d assessments, counts %+v, with an error", len(out), c)
			}
			var es graph.Errors
			if !errors.As(err, &es) {
				t.Fatalf("error %v, want graph.Errors", err)
			}
			var got []problem
			for _, e := range es {
				got = append(got, problem{e.Code, e.Item, e.Field})
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("problems %v (%v), want %v", got, err, tc.want)
			}
		})
	}
}

func TestPlanAssessmentsEmptyAndLookupError(t *testing.T) {
	out, c, err := PlanAssessments(context.Background(), nil, DefaultScheme(), stakeholders(), graph.UpsertOptions{}, planNow)
	if out != nil || c != (graph.Counts{}) || err != nil {
		t.Fatalf("empty plan = %v, %+v, %v", out, c, err)
	}
	boom := errors.New("boom")
	look := stakeholders()
	look.err = boom
	as := []*Assessment{{StakeholderID: "org-fund", CriterionID: "yield", Score: 3, Date: planNow}}
	if _, _, err := PlanAssessments(context.Background(), as, DefaultScheme(), look, graph.UpsertOptions{}, planNow); !errors.Is(err, boom) {
		t.Fatalf("look-up error: %v, want boom", err)
	}
}
