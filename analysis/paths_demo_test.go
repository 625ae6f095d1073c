package analysis

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/relmap/relmap/demo"
	"github.com/relmap/relmap/graph"
)

// demoSnapshot returns the snapshot of the demo network with the given
// numbers of persons and employees.
func demoPathSnapshot(persons, employees int) *Snapshot {
	b := demo.Generate(demo.Options{Persons: persons, Employees: employees})
	n := &graph.Network{}
	for _, e := range b.Employees {
		n.Nodes = append(n.Nodes, graph.NodeOf(e))
	}
	for _, o := range b.Organisations {
		n.Nodes = append(n.Nodes, graph.NodeOf(o))
	}
	for _, p := range b.Persons {
		n.Nodes = append(n.Nodes, graph.NodeOf(p))
	}
	for _, r := range b.Relationships {
		n.Edges = append(n.Edges, graph.EdgeOf(r))
	}
	s, err := NewSnapshot(n)
	if err != nil {
		panic(err) // demo.Generate's networks are consistent
	}
	return s
}

// TestWarmPathsOnDemoMatchesGonum checks WarmPaths on the demo network
// (1,000 persons) against gonum from single employees. gonum has no hop
// cap, so: where gonum's Dijkstra path has at most 4 hops, WarmPaths' best
// path is that path; where it has more, WarmPaths' best costs no less.
// gonum's Yen k = 5 paths of at most 4 hops are, in order, WarmPaths'
// first paths. Persons who object to routing are removed from
// gonum's graph and not drawn as targets.
func TestWarmPathsOnDemoMatchesGonum(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a demo network")
	}
	s := demoPathSnapshot(1000, 15)
	r := rand.New(rand.NewPCG(3, 3))
	var emps, stake []int32
	for i, x := range s.Nodes {
		if x.Kind == graph.KindEmployee {
			if !x.Left(s.Day) { // the demo's departed employee starts no path
				emps = append(emps, int32(i))
			}
		} else if !x.DoNotRoute {
			stake = append(stake, int32(i))
		}
	}
	capped, uncapped, yen, yenPaths := 0, 0, 0, 0
	for range 150 {
		e, tgt := emps[r.IntN(len(emps))], stake[r.IntN(len(stake))]
		g := pathCostGraph(s, tgt)
		q := PathQuery{From: []string{s.Nodes[e].ID}, To: s.Nodes[tgt].ID, K: 1, MinStrength: -1}
		got, err := WarmPaths(context.Background(), s, q)
		if err != nil {
			t.Fatal(err)
		}
		nodes, w := path.DijkstraFrom(simple.Node(e), g).To(int64(tgt))
		switch {
		case len(nodes) == 0:
			if len(got) != 0 {
				t.Fatalf("%v: gonum finds no path, WarmPaths %v", q, pathsNodeIDs(got))
			}
		case len(nodes)-1 <= DefaultMaxHops:
			capped++
			if len(got) != 1 || math.Abs(got[0].Cost-w) > 1e-9 || !slices.Equal(pathNodeIDs(got[0]), gonumPathIDs(s, nodes)) {
				t.Fatalf("%v: WarmPaths %v, gonum %v (%g)", q, pathsNodeIDs(got), gonumPathIDs(s, nodes), w)
			}
		default:
			uncapped++
			if len(got) == 1 && got[0].Cost < w-1e-9 {
				t.Fatalf("%v: WarmPaths %v (%g) beats gonum's unbounded %g", q, pathNodeIDs(got[0]), got[0].Cost, w)
			}
		}
		if len(nodes) == 0 || len(nodes)-1 > DefaultMaxHops || yen >= 4 {
			continue
		}
		// Yen's paths in order, without those over the cap, are a prefix
		// of the capped order: anything better than one of them is among
		// them.
		var ys [][]string
		for _, p := range path.YenKShortestPaths(g, 5, math.Inf(1), simple.Node(e), simple.Node(tgt)) {
			if len(p)-1 <= DefaultMaxHops {
				ys = append(ys, gonumPathIDs(s, p))
			}
		}
		q.K = 5
		got, err = WarmPaths(context.Background(), s, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) < len(ys) {
			t.Fatalf("%v: WarmPaths %v, gonum Yen %d paths within the cap", q, pathsNodeIDs(got), len(ys))
		}
		for i, p := range ys {
			if !slices.Equal(pathNodeIDs(got[i]), p) {
				t.Fatalf("%v: path %d: WarmPaths %v, gonum Yen %v", q, i, pathNodeIDs(got[i]), p)
			}
		}
		yenPaths += len(ys)
		yen++
	}
	t.Logf("%d pairs within the cap, %d beyond; %d compared with Yen (%d paths)", capped, uncapped, yen, yenPaths)
	if capped < 20 || yenPaths < 6 {
		t.Fatalf("too few comparisons: %d, %d", capped, yen)
	}
}
