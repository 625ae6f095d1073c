package analysis

import (
	"context"
	"math"
	"testing"

	"github.com/relmap/relmap/graph"
)

// whatIfNet: Anna knows Dan (0.5), who works at Fonds X (0.3); Bram knows
// Carl (0.5), who knows Bob (0.8), who sits on Fonds X's board (0.9); Amy
// works at Fonds X (0.9) and knows nobody of ours; Eve works at Fonds X
// (1.0) and Anna knows her (0.1), but Eve objected to being routed
// through. Fonds X's people are colleagues (graph.PathRules: 0.5 · the
// weaker affiliation), except on the way to Fonds X itself.
//
// Best warm path today: Bram → Carl → Bob → Fonds X = 0.5·0.8·0.9 = 0.36
// (Anna → Dan → Fonds X = 0.15).
func whatIfNet(t testing.TB) *Snapshot {
	return new(pathNet).emp("e:anna", "Anna").emp("e:bram", "Bram").
		per("p:amy", "Amy").per("p:bob", "Bob").per("p:carl", "Carl").per("p:dan", "Dan").dnr("p:eve", "Eve").
		org("o:x", "Fonds X").
		rel(graph.RelKnows, "e:anna", "p:dan", 0.5).
		rel(graph.RelWorksAt, "p:dan", "o:x", 0.3).
		rel(graph.RelKnows, "e:bram", "p:carl", 0.5).
		rel(graph.RelKnows, "p:carl", "p:bob", 0.8).
		rel(graph.RelBoardMemberOf, "p:bob", "o:x", 0.9).
		rel(graph.RelWorksAt, "p:amy", "o:x", 0.9).
		rel(graph.RelWorksAt, "p:eve", "o:x", 1.0).
		rel(graph.RelKnows, "e:anna", "p:eve", 0.1).
		snap(t)
}

// TestWhatIfHandComputed: θ = 0.5, H = 4. Onward strengths within 3 ties,
// never through an employee or Eve: b(Fonds X) = 1, b(Bob) = b(Amy) = 0.9,
// b(Carl) = 0.8·0.9 = 0.72, b(Dan) = 0.3. Required σ = θ/b: 0.5, 0.5556,
// 0.5556, 0.6944 and 1.667 (Dan: infeasible). Eve is never a candidate.
//
//   - Fonds X: no employee tie; Bram reaches it best (0.36): a new tie.
//   - Bob and Amy tie on σ; Bram reaches Bob with 0.5·0.8 = 0.4 and Amy
//     through her colleague Bob with 0.5·0.8·(0.5·0.9) = 0.18 (Anna
//     through Dan: 0.5·(0.5·0.3) = 0.075, cold), so Bob comes first.
//   - Carl: Bram holds him at 0.5: strengthen to 0.6944 (0.6944·0.72 = 0.5).
func TestWhatIfHandComputed(t *testing.T) {
	s := whatIfNet(t)
	got, err := WhatIf(context.Background(), s, "o:x", 0.5, 4)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		kind, employee, person string
		required, current      float64
		onward                 float64
		hops                   int
		known                  float64
	}{
		{SuggestNewTie, "e:bram", "o:x", 0.5, 0, 1, 0, 0.36},
		{SuggestNewTie, "e:bram", "p:bob", 0.5 / 0.9, 0, 0.9, 1, 0.4},
		{SuggestNewTie, "e:bram", "p:amy", 0.5 / 0.9, 0, 0.9, 1, 0.18},
		{SuggestStrengthen, "e:bram", "p:carl", 0.5 / 0.72, 0.5, 0.72, 2, 0.5},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d suggestions, want %d: %+v", len(got), len(want), got)
	}
	const tol = 1e-9
	for i, w := range want {
		g := got[i]
		if g.Kind != w.kind || g.Employee == nil || g.Employee.ID != w.employee || g.Person.ID != w.person ||
			math.Abs(g.Required-w.required) > tol || math.Abs(g.Current-w.current) > tol ||
			math.Abs(g.Onward-w.onward) > tol || g.OnwardHops != w.hops || math.Abs(g.Known-w.known) > tol {
			t.Errorf("suggestion %d = %+v\nwant %+v", i, g, w)
		}
		if g.Explanation.EN == "" || g.Explanation.NL == "" {
			t.Errorf("suggestion %d has no explanation", i)
		}
	}
	if en := got[3].Explanation.EN; en != "Bram should strengthen the tie with Carl from 0.5 to at least 0.69; Carl reaches Fonds X with 0.72 in 2 steps, so the best path to Fonds X rises to 0.5." {
		t.Errorf("explanation = %q", en)
	}
	if nl := got[3].Explanation.NL; nl != "Bram zou de band met Carl moeten versterken van 0,5 naar minstens 0,69; Carl bereikt Fonds X met 0,72 in 2 stappen, dus het beste pad naar Fonds X stijgt naar 0,5." {
		t.Errorf("explanation = %q", nl)
	}
}

// TestWhatIfEdgeCases: an already reached threshold gives nothing, a hop
// cap of 2 leaves only Fonds X and its direct people (onward within one
// tie), and bad input is a coded error naming the field.
func TestWhatIfEdgeCases(t *testing.T) {
	s := whatIfNet(t)
	ctx := context.Background()
	got, err := WhatIf(ctx, s, "o:x", 0.3, 4) // 0.36 ≥ 0.3
	if err != nil || len(got) != 0 {
		t.Errorf("reached threshold: %+v, %v; want none", got, err)
	}
	// H = 2: today's best is Anna → Dan → Fonds X = 0.15. Candidates: Fonds
	// X (σ 0.5; Anna reaches it with 0.15), Bob and Amy (σ 0.5556; Bram
	// reaches Bob with 0.5·0.8 = 0.4; within 2 ties only Anna → Dan → Amy
	// reaches Amy, 0.075, which is cold: Known 0, no employee), Dan (σ
	// 1.667, out).
	got, err = WhatIf(ctx, s, "o:x", 0.5, 2)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, g := range got {
		ids = append(ids, g.Person.ID)
	}
	if !equalStrings(ids, []string{"o:x", "p:bob", "p:amy"}) {
		t.Fatalf("H=2: persons %v, want [o:x p:bob p:amy]", ids)
	}
	if got[0].Employee == nil || got[0].Employee.ID != "e:anna" || math.Abs(got[0].Known-0.15) > 1e-12 {
		t.Errorf("H=2 first = %+v, want Anna with 0.15", got[0])
	}
	if got[1].Employee == nil || got[1].Employee.ID != "e:bram" || math.Abs(got[1].Known-0.4) > 1e-9 {
		t.Errorf("H=2 Bob = %+v, want Bram with 0.4", got[1])
	}
	if got[2].Employee != nil || got[2].Known != 0 || got[2].Explanation.EN[:16] != "One of us should" {
		t.Errorf("H=2 Amy = %+v, want no employee", got[2])
	}
	for _, tc := range []struct {
		target    string
		threshold float64
		hops      int
		code      string
		field     string
	}{
		{"o:nope", 0.5, 4, graph.ENOTFOUND, "target"},
		{"e:anna", 0.5, 4, graph.EINVALID, "target"},
		{"o:x", 0, 4, graph.EINVALID, "threshold"},
		{"o:x", 1.5, 4, graph.EINVALID, "threshold"},
		{"o:x", math.NaN(), 4, graph.EINVALID, "threshold"},
		{"o:x", 0.5, HopLimit + 1, graph.EINVALID, "max_hops"},
	} {
		_, err := WhatIf(ctx, s, tc.target, tc.threshold, tc.hops)
		wantPathError(t, err, tc.code, tc.field)
	}
}

// TestWhatIfColleagueStepIsNoTie: Dirk sits on Zorgfonds' board (0.3) where
// Zeger works (0.9), a colleague step of 0.5·0.3 = 0.15 (graph.PathRules).
// To lift Zeger to 0.5 Dirk should meet him (a new tie of 0.5), not
// "strengthen" a tie nobody stated.
func TestWhatIfColleagueStepIsNoTie(t *testing.T) {
	s := new(pathNet).emp("e:dirk", "Dirk").per("p:zeger", "Zeger").org("o:zf", "Zorgfonds").
		rel(graph.RelBoardMemberOf, "e:dirk", "o:zf", 0.3).rel(graph.RelWorksAt, "p:zeger", "o:zf", 0.9).snap(t)
	got, err := WhatIf(context.Background(), s, "p:zeger", 0.5, 4)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Kind != SuggestNewTie || got[0].Person.ID != "p:zeger" || got[0].Required != 0.5 ||
		got[0].Employee == nil || got[0].Employee.ID != "e:dirk" || math.Abs(got[0].Known-0.15) > 1e-12 {
		t.Fatalf("suggestions = %+v, want Dirk to meet Zeger (known 0.15 through the board)", got)
	}
}
