package analysis

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/relmap/relmap/graph"
)

// fondsX is the network of the hand-made warm-path cases:
//
//	Anna –knows .9– Jan –board .9 (and works_at .5)– Fonds X
//	Anna –knows .5– Piet –works_at .6– Fonds X
//	Anna –knows .95– Els (objects to routing) –works_at .95– Fonds X
//	Anna –knows .99– Hugo –board .99– Fonds X; Hugo knows n1…n5 (degree 7)
//	Bram –knows .7– Kees –works_at .7– Fonds X
//	Anna –knows .6– Bram (both employees)
//	Anna –knows 0– Zero –works_at 1– Fonds X (a strength-0 tie)
func fondsXSnapshot(t *testing.T) *Snapshot {
	b := new(pathNet).emp("emp-anna", "Anna").emp("emp-bram", "Bram").
		per("per-jan", "Jan de Vries").per("per-piet", "Piet Bakker").dnr("per-els", "Els Jansen").
		per("per-hugo", "Hugo Hub").per("per-kees", "Kees").per("per-zero", "Zero").org("org-fx", "Fonds X").
		rel(graph.RelKnows, "emp-anna", "per-jan", 0.9).rel(graph.RelBoardMemberOf, "per-jan", "org-fx", 0.9).
		rel(graph.RelWorksAt, "per-jan", "org-fx", 0.5).
		rel(graph.RelKnows, "emp-anna", "per-piet", 0.5).rel(graph.RelWorksAt, "per-piet", "org-fx", 0.6).
		rel(graph.RelKnows, "emp-anna", "per-els", 0.95).rel(graph.RelWorksAt, "per-els", "org-fx", 0.95).
		rel(graph.RelKnows, "emp-anna", "per-hugo", 0.99).rel(graph.RelBoardMemberOf, "per-hugo", "org-fx", 0.99).
		rel(graph.RelKnows, "emp-bram", "per-kees", 0.7).rel(graph.RelWorksAt, "per-kees", "org-fx", 0.7).
		rel(graph.RelKnows, "emp-anna", "emp-bram", 0.6).
		rel(graph.RelKnows, "emp-anna", "per-zero", 0).rel(graph.RelWorksAt, "per-zero", "org-fx", 1)
	for _, x := range []string{"n1", "n2", "n3", "n4", "n5"} {
		b.per(x, x).rel(graph.RelKnows, "per-hugo", x, 0.5)
	}
	return b.snap(t)
}

func TestWarmPathsConstraints(t *testing.T) {
	s := fondsXSnapshot(t)
	var (
		hugo = []string{"emp-anna", "per-hugo", "org-fx"}
		jan  = []string{"emp-anna", "per-jan", "org-fx"}
		kees = []string{"emp-bram", "per-kees", "org-fx"}
		piet = []string{"emp-anna", "per-piet", "org-fx"}
	)
	cases := []struct {
		name string
		q    PathQuery
		want [][]string
		str  []float64
	}{
		{
			// Els objects to routing; Anna–Bram–Kees is Bram's path; the
			// strength-0 tie to Zero carries nothing.
			name: "all employees to an organisation",
			q:    PathQuery{To: "org-fx", K: 10},
			want: [][]string{hugo, jan, kees, piet},
			str:  []float64{0.99 * 0.99, 0.9 * 0.9, 0.7 * 0.7, 0.5 * 0.6},
		},
		{
			name: "k cuts",
			q:    PathQuery{To: "org-fx", K: 2},
			want: [][]string{hugo, jan},
		},
		{
			// Hugo has 7 neighbours.
			name: "hub suppression",
			q:    PathQuery{To: "org-fx", MaxDegree: 6},
			want: [][]string{jan, kees, piet},
		},
		{
			name: "hub threshold at the degree keeps the hub",
			q:    PathQuery{To: "org-fx", MaxDegree: 7, K: 1},
			want: [][]string{hugo},
		},
		{
			name: "exclude",
			q:    PathQuery{To: "org-fx", Exclude: []string{"per-jan", "per-hugo"}},
			want: [][]string{kees, piet},
		},
		{
			name: "via",
			q:    PathQuery{To: "org-fx", Via: "per-piet"},
			want: [][]string{piet},
		},
		{
			// Via overrides hub suppression.
			name: "via a suppressed hub",
			q:    PathQuery{To: "org-fx", Via: "per-hugo", MaxDegree: 2},
			want: [][]string{hugo},
		},
		{
			// With From = {Anna}, colleague Bram may introduce:
			// Anna–Bram–Kees–Fonds X = .6·.7·.7 = .294 < Piet's .30.
			name: "a colleague outside From is an intermediate",
			q:    PathQuery{From: []string{"emp-anna"}, To: "org-fx", K: 10},
			want: [][]string{hugo, jan, piet, {"emp-anna", "emp-bram", "per-kees", "org-fx"}},
			str:  []float64{0.99 * 0.99, 0.81, 0.3, 0.6 * 0.7 * 0.7},
		},
		{
			// Bram's colleague Anna (outside From) introduces him through
			// Hugo: .6·.99·.99 ≈ .588 beats Kees's .49.
			name: "from one employee",
			q:    PathQuery{From: []string{"emp-bram"}, To: "org-fx", K: 2},
			want: [][]string{{"emp-bram", "emp-anna", "per-hugo", "org-fx"}, kees},
			str:  []float64{0.6 * 0.99 * 0.99, 0.49},
		},
		{
			// Only knows and works_at: Hugo sits on the board only, and
			// Jan's board seat gives way to his weaker works_at tie
			// (.9·.5 = .45).
			name: "allowed types use the strongest allowed parallel tie",
			q:    PathQuery{To: "org-fx", AllowTypes: []graph.RelType{graph.RelKnows, graph.RelWorksAt}},
			want: [][]string{kees, jan, piet},
			str:  []float64{0.49, 0.45, 0.3},
		},
		{
			name: "a person who objects may be the target",
			q:    PathQuery{To: "per-els", K: 1},
			want: [][]string{{"emp-anna", "per-els"}},
			str:  []float64{0.95},
		},
		{
			name: "hop cap",
			q:    PathQuery{To: "org-fx", MaxHops: 1},
			want: nil,
		},
		{
			// Never through the organisation itself: Fonds X's people are
			// colleagues (graph.PathRules: 0.5 · the weaker affiliation),
			// so Anna's own .5 tie to Piet beats Anna–Hugo–Piet
			// (.99 · .5·min(.99, .6) = .297) and Anna–Jan–Piet
			// (.9 · .5·min(.9, .6) = .27).
			name: "a person through a colleague at her organisation",
			q:    PathQuery{To: "per-piet", K: 3},
			want: [][]string{{"emp-anna", "per-piet"}, {"emp-anna", "per-hugo", "per-piet"}, {"emp-anna", "per-jan", "per-piet"}},
			str:  []float64{0.5, 0.99 * 0.3, 0.9 * 0.3},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := WarmPaths(context.Background(), s, c.q)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.EqualFunc(pathsNodeIDs(got), c.want, slices.Equal) {
				t.Fatalf("paths = %v, want %v", pathsNodeIDs(got), c.want)
			}
			for i, w := range c.str {
				if math.Abs(got[i].Strength-w) > 1e-12 || math.Abs(got[i].Cost+math.Log(w)) > 1e-12 {
					t.Errorf("path %d strength %g cost %g, want %g", i, got[i].Strength, got[i].Cost, w)
				}
			}
		})
	}
}

func TestWarmPathsStepsAndTypeFilter(t *testing.T) {
	s := fondsXSnapshot(t)
	got, err := WarmPaths(context.Background(), s, PathQuery{From: []string{"emp-anna"}, To: "org-fx", Exclude: []string{"per-hugo"}, K: 1, AllowTypes: []graph.RelType{graph.RelKnows, graph.RelWorksAt}})
	if err != nil {
		t.Fatal(err)
	}
	want := Path{
		From: "emp-anna", To: "org-fx",
		Nodes: []PathNode{{"emp-anna", "Anna", graph.KindEmployee}, {"per-jan", "Jan de Vries", graph.KindPerson}, {"org-fx", "Fonds X", graph.KindOrganisation}},
		Steps: []Step{
			{From: "emp-anna", To: "per-jan", Relationship: "knows:emp-anna:per-jan", Type: graph.RelKnows, Strength: 0.9,
				Text: Text{EN: "Anna knows Jan de Vries (0.9)", NL: "Anna kent Jan de Vries (0,9)"}},
			{From: "per-jan", To: "org-fx", Relationship: "works_at:per-jan:org-fx", Type: graph.RelWorksAt, Strength: 0.5,
				Text: Text{EN: "Jan de Vries works at Fonds X (0.5)", NL: "Jan de Vries werkt bij Fonds X (0,5)"}},
		},
		Hops: 2, Strength: 0.45, Cost: -math.Log(0.9) - math.Log(0.5),
		Explanation: Text{EN: "Anna knows Jan de Vries (0.9), who works at Fonds X (0.5)", NL: "Anna kent Jan de Vries (0,9), die werkt bij Fonds X (0,5)"},
	}
	if len(got) != 1 || !equalPath(got[0], want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
}

func equalPath(a, b Path) bool {
	return a.From == b.From && a.To == b.To && slices.Equal(a.Nodes, b.Nodes) && slices.Equal(a.Steps, b.Steps) &&
		a.Hops == b.Hops && math.Abs(a.Strength-b.Strength) < 1e-12 && math.Abs(a.Cost-b.Cost) < 1e-12 && a.Explanation == b.Explanation
}

// TestWarmPathsTieBreak checks the documented order: cost, then hops, then
// the node ids from the employee on.
func TestWarmPathsTieBreak(t *testing.T) {
	// .8·.5 and .5·.8 cost the same with two hops each: per-a before per-b,
	// although per-b's tie was added first. The direct .4 tie costs the
	// same with one hop, and the strength-1 detour through per-c costs
	// the same with three: it comes last.
	s := new(pathNet).emp("emp", "E").per("per-b", "B").per("per-a", "A").per("per-c", "C").per("per-d", "D").per("tgt", "T").
		rel(graph.RelKnows, "emp", "per-b", 0.8).rel(graph.RelKnows, "per-b", "tgt", 0.5).
		rel(graph.RelKnows, "emp", "per-a", 0.5).rel(graph.RelKnows, "per-a", "tgt", 0.8).
		rel(graph.RelKnows, "emp", "tgt", 0.4).
		rel(graph.RelKnows, "emp", "per-c", 1).rel(graph.RelKnows, "per-c", "per-d", 1).rel(graph.RelKnows, "per-d", "tgt", 0.4).snap(t)
	got, err := WarmPaths(context.Background(), s, PathQuery{To: "tgt", K: 10})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"emp", "tgt"}, {"emp", "per-a", "tgt"}, {"emp", "per-b", "tgt"}, {"emp", "per-c", "per-d", "tgt"}}
	if !slices.EqualFunc(pathsNodeIDs(got), want, slices.Equal) {
		t.Fatalf("paths = %v, want %v", pathsNodeIDs(got), want)
	}
	// With K = 2 the tie at the boundary is decided by the ids too.
	got, _ = WarmPaths(context.Background(), s, PathQuery{To: "tgt", K: 2})
	if !slices.EqualFunc(pathsNodeIDs(got), want[:2], slices.Equal) {
		t.Fatalf("k=2: paths = %v, want %v", pathsNodeIDs(got), want[:2])
	}
}

// TestWarmPathsAlternativesDiffer checks that the k paths are distinct
// loopless node sequences even where parallel relationships join the same
// two nodes.
func TestWarmPathsAlternativesDiffer(t *testing.T) {
	s := fondsXSnapshot(t)
	got, err := WarmPaths(context.Background(), s, PathQuery{To: "per-kees", K: MaxK, MaxHops: HopLimit})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, p := range got {
		key := ""
		nodes := map[string]bool{}
		for _, id := range pathNodeIDs(p) {
			if nodes[id] {
				t.Fatalf("path %v has a loop", pathNodeIDs(p))
			}
			nodes[id] = true
			key += id + " "
		}
		if seen[key] {
			t.Fatalf("path %v twice", pathNodeIDs(p))
		}
		seen[key] = true
	}
	if len(got) < 3 {
		t.Fatalf("only %d paths", len(got))
	}
}

func TestWarmPathsErrors(t *testing.T) {
	s := fondsXSnapshot(t)
	for _, c := range []struct {
		name        string
		q           PathQuery
		code, field string
	}{
		{"no target", PathQuery{}, graph.EINVALID, "to"},
		{"unknown target", PathQuery{To: "nobody"}, graph.ENOTFOUND, "to"},
		{"employee target", PathQuery{To: "emp-bram"}, graph.EINVALID, "to"},
		{"k too small", PathQuery{To: "org-fx", K: -1}, graph.EINVALID, "k"},
		{"k too large", PathQuery{To: "org-fx", K: MaxK + 1}, graph.EINVALID, "k"},
		{"unknown from", PathQuery{To: "org-fx", From: []string{"emp-nobody"}}, graph.ENOTFOUND, "from"},
		{"from a person", PathQuery{To: "org-fx", From: []string{"per-jan"}}, graph.EINVALID, "from"},
		{"hops too small", PathQuery{To: "org-fx", MaxHops: -1}, graph.EINVALID, "max_hops"},
		{"hops too large", PathQuery{To: "org-fx", MaxHops: HopLimit + 1}, graph.EINVALID, "max_hops"},
		{"unknown exclude", PathQuery{To: "org-fx", Exclude: []string{"x"}}, graph.ENOTFOUND, "exclude"},
		{"exclude the target", PathQuery{To: "org-fx", Exclude: []string{"org-fx"}}, graph.EINVALID, "exclude"},
		{"exclude a named start", PathQuery{To: "org-fx", From: []string{"emp-anna"}, Exclude: []string{"emp-anna"}}, graph.EINVALID, "exclude"},
		{"unknown type", PathQuery{To: "org-fx", AllowTypes: []graph.RelType{"likes"}}, graph.EINVALID, "allow_types"},
		{"negative degree", PathQuery{To: "org-fx", MaxDegree: -1}, graph.EINVALID, "max_degree"},
		{"unknown via", PathQuery{To: "org-fx", Via: "x"}, graph.ENOTFOUND, "via"},
		{"via the target", PathQuery{To: "org-fx", Via: "org-fx"}, graph.EINVALID, "via"},
		{"via an objector", PathQuery{To: "org-fx", Via: "per-els"}, graph.EINVALID, "via"},
		{"via a start", PathQuery{To: "org-fx", Via: "emp-bram"}, graph.EINVALID, "via"},
		{"via excluded", PathQuery{To: "org-fx", Via: "per-jan", Exclude: []string{"per-jan"}}, graph.EINVALID, "via"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := WarmPaths(context.Background(), s, c.q)
			wantPathError(t, err, c.code, c.field)
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := WarmPaths(ctx, s, PathQuery{To: "org-fx"}); err != context.Canceled {
		t.Errorf("cancelled: %v", err)
	}
}

func TestWarmPathsExcludedEmployeeIsNoStart(t *testing.T) {
	s := fondsXSnapshot(t)
	got, err := WarmPaths(context.Background(), s, PathQuery{To: "org-fx", Exclude: []string{"emp-anna"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := [][]string{{"emp-bram", "per-kees", "org-fx"}}; !slices.EqualFunc(pathsNodeIDs(got), want, slices.Equal) {
		t.Fatalf("paths = %v, want %v", pathsNodeIDs(got), want)
	}
}

func TestWarmPathsNoEmployees(t *testing.T) {
	s := new(pathNet).per("a", "A").per("b", "B").rel(graph.RelKnows, "a", "b", 1).snap(t)
	got, err := WarmPaths(context.Background(), s, PathQuery{To: "b"})
	if err != nil || len(got) != 0 {
		t.Fatalf("got %v, %v; want no paths", got, err)
	}
}

// TestWarmPathsConcurrent runs queries from several goroutines on one
// snapshot (the route index is built once, the buffers are pooled); run
// with -race.
func TestWarmPathsConcurrent(t *testing.T) {
	s := fondsXSnapshot(t)
	want, err := WarmPaths(context.Background(), s, PathQuery{To: "org-fx", K: 10})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan [][]string)
	for range 8 {
		go func() {
			var last [][]string
			for range 50 {
				got, _ := WarmPaths(context.Background(), s, PathQuery{To: "org-fx", K: 10})
				last = pathsNodeIDs(got)
			}
			done <- last
		}()
	}
	for range 8 {
		if got := <-done; !slices.EqualFunc(got, pathsNodeIDs(want), slices.Equal) {
			t.Fatalf("concurrent query = %v, want %v", got, pathsNodeIDs(want))
		}
	}
}

// TestWarmPathsTooManyTies checks the error when more paths tie exactly
// than the search may hold: 4·4·4 strength-1 paths through three complete
// layers, with the bound lowered to 40 partial paths.
func TestWarmPathsTooManyTies(t *testing.T) {
	b := new(pathNet).emp("emp", "E").per("tgt", "T")
	layer := func(l int) []string {
		var out []string
		for i := range 4 {
			out = append(out, string(rune('a'+l))+string(rune('0'+i)))
		}
		return out
	}
	prev := []string{"emp"}
	for l := range 3 {
		cur := layer(l)
		for _, x := range cur {
			b.per(x, x)
			for _, p := range prev {
				b.rel(graph.RelKnows, p, x, 1)
			}
		}
		prev = cur
	}
	for _, p := range prev {
		b.rel(graph.RelKnows, p, "tgt", 1)
	}
	s := b.snap(t)
	got, err := WarmPaths(context.Background(), s, PathQuery{To: "tgt", K: 3})
	if err != nil || len(got) != 3 || !slices.Equal(pathNodeIDs(got[0]), []string{"emp", "a0", "b0", "c0", "tgt"}) {
		t.Fatalf("got %v, %v", pathsNodeIDs(got), err)
	}
	defer func(m int) { maxArena = m }(maxArena)
	maxArena = 40
	_, err = WarmPaths(context.Background(), s, PathQuery{To: "tgt", K: 3})
	wantPathError(t, err, graph.EINVALID, "to")
}

func TestSnapshotTieEdges(t *testing.T) {
	s := new(pathNet).per("a", "A").per("b", "B").per("c", "C").
		rel(graph.RelKnows, "a", "b", 0.4).rel(graph.RelReportsTo, "b", "a", 0.9).rel(graph.RelAdvises, "a", "b", 0.4).
		rel(graph.RelKnows, "b", "c", 0.7).snap(t)
	got := s.TieEdges(0)
	want := []string{"reports_to:b:a", "advises:a:b", "knows:a:b"}
	if len(got) != 3 || got[0].ID != want[0] || got[1].ID != want[1] || got[2].ID != want[2] || got[0] != s.TieEdge(0) {
		t.Errorf("TieEdges(a–b) = %+v, want %v, strongest first, equal strengths by id", got, want)
	}
	if got := s.TieEdges(1); len(got) != 1 || got[0].ID != "knows:b:c" {
		t.Errorf("TieEdges(b–c) = %+v", got)
	}
}
