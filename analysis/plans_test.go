package analysis

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// planFixture is a small network for the plan tests, measured on
// 2024-06-30: Cor knows Jan (0.8), Jan is on the board of Fonds (0.9), so
// the best warm path to Fonds is Cor → Jan → Fonds, strength
// 0.8 × 0.9 = 0.72. Anna is an employee without ties; Ed left on
// 2024-03-31. Fonds is scored develop on 2024-01-01 (attractiveness 5,
// accessibility 2 on conformanceScheme).
func planFixture(t *testing.T, contacts []*graph.Contact) *Snapshot {
	t.Helper()
	n := &graph.Network{Nodes: []graph.NetworkNode{
		{ID: "emp-anna", Kind: graph.KindEmployee, Name: "Anna"},
		{ID: "emp-cor", Kind: graph.KindEmployee, Name: "Cor"},
		{ID: "emp-ed", Kind: graph.KindEmployee, Name: "Ed", End: day("2024-03-31")},
		{ID: "per-jan", Kind: graph.KindPerson, Name: "Jan"},
		{ID: "org-fonds", Kind: graph.KindOrganisation, Name: "Fonds"},
	}, Edges: []graph.NetworkEdge{
		{ID: "r1", Type: graph.RelKnows, From: "emp-cor", To: "per-jan", Strength: 0.8},
		{ID: "r2", Type: graph.RelBoardMemberOf, From: "per-jan", To: "org-fonds", Strength: 0.9},
	}}
	s, err := Build(n, Options{Now: conformanceNow, Contacts: contacts})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func fondsPlan(id, owner string) *graph.Plan {
	return &graph.Plan{ID: id, TargetID: "org-fonds", OwnerID: owner, State: graph.PlanOpen, BaselineStrength: 0.72,
		Aim:   graph.PlanAim{Segment: "invest", By: day("2024-12-31")},
		Audit: graph.Audit{CreatedAt: day("2024-02-01")}}
}

// TestMeasurePlans checks progress and attention against hand-worked
// answers on planFixture:
//
//   - "quiet": nothing since 2024-02-01 → strength 0.72, gain 0, no
//     contact, no progress;
//   - "met": Anna met Fonds on 2024-05-01 → one contact that counts, and
//     progress (her evidence tie also gives a direct path);
//   - "late": an open action due 2024-06-01, before the day of now →
//     overdue, no progress;
//   - "gone": owned by Ed, who left on 2024-03-31 → owner left;
//   - "scored": Fonds rescored accessibility 4 on 2024-04-01 → the series
//     2 (at the start) then 4, invest now (5, 4 ≥ 3, 3), aim reached.
func TestMeasurePlans(t *testing.T) {
	met := &graph.Contact{ID: "c1", EmployeeID: "emp-anna", StakeholderID: "org-fonds", Date: day("2024-05-01"), Mode: graph.ModeMeeting}
	before := &graph.Contact{ID: "c0", EmployeeID: "emp-cor", StakeholderID: "org-fonds", Date: day("2024-01-15"), Mode: graph.ModePhone}
	as := twoScores("org-fonds", 5, 2)
	rescored := append(slices.Clone(as), segment.Assessment{ID: "acc2", StakeholderID: "org-fonds", CriterionID: "acc", Score: 4, Date: day("2024-04-01")})
	late := &graph.Action{ID: "a1", PlanID: "late", Kind: graph.ActionContact, StakeholderID: "org-fonds", AssigneeID: "emp-cor",
		Due: day("2024-06-01"), State: graph.ActionOpen}
	soon := &graph.Action{ID: "a2", PlanID: "late", Kind: graph.ActionContact, StakeholderID: "org-fonds", AssigneeID: "emp-cor",
		Due: day("2024-06-30"), State: graph.ActionOpen}

	for _, tc := range []struct {
		name      string
		contacts  []*graph.Contact
		in        PlanInput
		progress  bool
		contactsN int
		attention []AttentionCode
		reached   bool
		access    []float64
	}{
		{"quiet", []*graph.Contact{before}, PlanInput{Plan: fondsPlan("quiet", "emp-anna"), Assessments: as}, false, 0,
			[]AttentionCode{AttentionNoProgress}, false, []float64{2}},
		{"met", []*graph.Contact{before, met}, PlanInput{Plan: fondsPlan("met", "emp-anna"), Assessments: as}, true, 1,
			[]AttentionCode{}, false, []float64{2}},
		{"late", nil, PlanInput{Plan: fondsPlan("late", "emp-cor"), Actions: []*graph.Action{late, soon}, Assessments: as}, false, 0,
			[]AttentionCode{AttentionOverdue, AttentionNoProgress}, false, []float64{2}},
		{"gone", nil, PlanInput{Plan: fondsPlan("gone", "emp-ed"), Assessments: as}, false, 0,
			[]AttentionCode{AttentionNoProgress, AttentionOwnerLeft}, false, []float64{2}},
		{"scored", nil, PlanInput{Plan: fondsPlan("scored", "emp-anna"), Assessments: rescored}, true, 0,
			[]AttentionCode{}, true, []float64{2, 4}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := planFixture(t, tc.contacts)
			got, err := MeasurePlans(context.Background(), s, nil, conformanceScheme(), tc.contacts, []PlanInput{tc.in}, conformanceNow)
			if err != nil {
				t.Fatal(err)
			}
			pp := got[0]
			if pp.Progress != tc.progress || pp.Contacts != tc.contactsN || pp.AimReached != tc.reached {
				t.Fatalf("progress %v contacts %d reached %v, want %v %d %v", pp.Progress, pp.Contacts, pp.AimReached, tc.progress, tc.contactsN, tc.reached)
			}
			codes := []AttentionCode{}
			for _, a := range pp.Attention {
				codes = append(codes, a.Code)
				if a.Reason.EN == "" || a.Reason.NL == "" {
					t.Fatalf("attention %s without a reason in both languages", a.Code)
				}
			}
			if !slices.Equal(codes, tc.attention) {
				t.Fatalf("attention %v, want %v", codes, tc.attention)
			}
			var acc []float64
			for _, p := range pp.Accessibility {
				acc = append(acc, p.Accessibility)
			}
			if !slices.Equal(acc, tc.access) {
				t.Fatalf("accessibility %v, want %v", acc, tc.access)
			}
			if tc.name == "quiet" && (math.Abs(pp.Strength-0.72) > 1e-12 || math.Abs(pp.Gain) > 1e-12) {
				t.Fatalf("strength %v gain %v, want 0.72 and 0", pp.Strength, pp.Gain)
			}
			if tc.name == "late" && (pp.Actions.Open != 2 || pp.Actions.Overdue != 1 || !pp.Actions.OldestOverdue.Equal(day("2024-06-01"))) {
				t.Fatalf("actions %+v", pp.Actions)
			}
		})
	}
}

// TestSortByAttentionProperties checks the director's order on random
// plans: open plans come first; among open plans one that is overdue
// never follows one that is not; among those alike in that, one without
// progress never follows one with; then owner left before not.
func TestSortByAttentionProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 16))
	key := func(pp PlanProgress) [4]bool {
		return [4]bool{pp.Plan.State == graph.PlanOpen, pp.has(AttentionOverdue), pp.has(AttentionNoProgress), pp.has(AttentionOwnerLeft)}
	}
	for round := range 200 {
		var ps []PlanProgress
		for i := range 2 + r.IntN(10) {
			pp := PlanProgress{Plan: &graph.Plan{ID: fmt.Sprintf("p%02d", i), State: graph.PlanStates[r.IntN(3)],
				Aim: graph.PlanAim{By: day("2024-01-01").AddDate(0, 0, r.IntN(400))}}}
			for _, c := range []AttentionCode{AttentionOverdue, AttentionNoProgress, AttentionOwnerLeft} {
				if r.IntN(2) == 0 {
					pp.Attention = append(pp.Attention, Attention{Code: c})
				}
			}
			ps = append(ps, pp)
		}
		SortByAttention(ps)
		for i := 1; i < len(ps); i++ {
			a, b := key(ps[i-1]), key(ps[i])
			for k := range a {
				if a[k] != b[k] {
					if !a[k] {
						t.Fatalf("round %d: %s %v before %s %v", round, ps[i-1].Plan.ID, a, ps[i].Plan.ID, b)
					}
					break
				}
			}
		}
	}
}
