package analysis

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/relmap/relmap/graph"
)

// randomNetwork draws a small network: 3–10 nodes of every kind (at least
// one employee and one stakeholder), some persons who objected to being
// routed through, ties of random types (some pairs with two parallel
// relationships) and strengths either from a small set that makes equal
// products common (including 0 and 1) or continuous.
func randomPathNetwork(r *rand.Rand) *graph.Network {
	n := 3 + r.IntN(9)
	var nw graph.Network
	for i := range n {
		id := fmt.Sprintf("n%02d", i)
		var k graph.Kind
		switch {
		case i == 0:
			k = graph.KindEmployee
		case i == 1:
			k = graph.KindPerson
		default:
			k = []graph.Kind{graph.KindEmployee, graph.KindPerson, graph.KindPerson, graph.KindOrganisation}[r.IntN(4)]
		}
		nw.Nodes = append(nw.Nodes, graph.NetworkNode{ID: id, Kind: k, Name: strings.ToUpper(id), DoNotRoute: k == graph.KindPerson && r.IntN(7) == 0})
	}
	// Shuffle so that employees are not always the smallest ids.
	r.Shuffle(len(nw.Nodes), func(i, j int) { nw.Nodes[i].ID, nw.Nodes[j].ID = nw.Nodes[j].ID, nw.Nodes[i].ID })
	discrete := r.IntN(2) == 0
	strength := func() float64 {
		if discrete {
			return []float64{0, 0.25, 0.5, 0.5, 0.8, 0.8, 0.9, 1, 0.64, 0.4}[r.IntN(10)]
		}
		return 0.05 + 0.95*r.Float64()
	}
	p := 0.2 + 0.5*r.Float64()
	for i := range n {
		for j := i + 1; j < n; j++ {
			if r.Float64() >= p {
				continue
			}
			a, b := nw.Nodes[i].ID, nw.Nodes[j].ID
			if r.IntN(2) == 0 {
				a, b = b, a
			}
			types := r.Perm(len(graph.RelTypes))
			m := 1
			if r.IntN(5) == 0 {
				m = 2
			}
			for _, ti := range types[:m] {
				t := graph.RelTypes[ti].Type
				nw.Edges = append(nw.Edges, graph.NetworkEdge{ID: graph.RelationshipID(t, a, b), Type: t, From: a, To: b, Strength: strength()})
			}
		}
	}
	return &nw
}

// randomQuery draws a valid query on nw.
func randomPathQuery(r *rand.Rand, nw *graph.Network) (PathQuery, bool) {
	var emps, stake []string
	for _, x := range nw.Nodes {
		if x.Kind == graph.KindEmployee {
			emps = append(emps, x.ID)
		} else {
			stake = append(stake, x.ID)
		}
	}
	if len(emps) == 0 || len(stake) == 0 {
		return PathQuery{}, false
	}
	q := PathQuery{To: stake[r.IntN(len(stake))], K: 1 + r.IntN(8), MaxHops: 1 + r.IntN(5)}
	if r.IntN(5) < 2 {
		for _, e := range emps {
			if r.IntN(2) == 0 {
				q.From = append(q.From, e)
			}
		}
	}
	taken := map[string]bool{q.To: true}
	for _, e := range q.From {
		taken[e] = true
	}
	for range r.IntN(3) {
		x := nw.Nodes[r.IntN(len(nw.Nodes))]
		if !taken[x.ID] {
			q.Exclude = append(q.Exclude, x.ID)
			taken[x.ID] = true
		}
	}
	if r.IntN(5) == 0 {
		x := nw.Nodes[r.IntN(len(nw.Nodes))]
		if !taken[x.ID] && !x.DoNotRoute && !(len(q.From) == 0 && x.Kind == graph.KindEmployee) {
			q.Via = x.ID
		}
	}
	if r.IntN(5) == 0 {
		for _, spec := range graph.RelTypes {
			if r.IntN(2) == 0 {
				q.AllowTypes = append(q.AllowTypes, spec.Type)
			}
		}
	}
	if r.IntN(6) == 0 {
		q.MaxDegree = 1 + r.IntN(4)
	}
	return q, true
}

// brutePath is a path found by enumeration.
type brutePath struct {
	nodes []string
	key   int64   // Σ round(−ln s · 2⁴⁰), the documented order's cost
	cost  float64 // Σ −ln s
}

// bruteForce enumerates every simple path the query admits, straight from
// the network (not the snapshot), and returns the best K in the documented
// order: cost, hops, ids.
func bruteForcePaths(nw *graph.Network, q PathQuery) []brutePath {
	out := enumeratePaths(nw, q)
	if K := cmp.Or(q.K, DefaultK); len(out) > K {
		out = out[:K]
	}
	return out
}

// enumerate returns every simple path q admits (ignoring K), in the
// documented order. It reads the rules from WarmPaths' documentation and
// implements them naively.
func enumeratePaths(nw *graph.Network, q PathQuery) []brutePath {
	node := map[string]graph.NetworkNode{}
	for _, x := range nw.Nodes {
		node[x.ID] = x
	}
	allowed := func(t graph.RelType) bool { return len(q.AllowTypes) == 0 || slices.Contains(q.AllowTypes, t) }
	type pair struct{ a, b string }
	best := map[pair]graph.NetworkEdge{}
	nbrs := map[string]map[string]bool{}
	for _, e := range nw.Edges {
		if e.From == e.To {
			continue
		}
		for _, x := range [][2]string{{e.From, e.To}, {e.To, e.From}} {
			if nbrs[x[0]] == nil {
				nbrs[x[0]] = map[string]bool{}
			}
			nbrs[x[0]][x[1]] = true
		}
		if !allowed(e.Type) {
			continue
		}
		k := pair{min(e.From, e.To), max(e.From, e.To)}
		if b, ok := best[k]; !ok || e.Strength > b.Strength || e.Strength == b.Strength && e.ID < b.ID {
			best[k] = e
		}
	}
	H := cmp.Or(q.MaxHops, DefaultMaxHops)
	from := map[string]bool{}
	for _, e := range q.From {
		from[e] = true
	}
	if len(q.From) == 0 {
		for _, x := range nw.Nodes {
			if x.Kind == graph.KindEmployee && !slices.Contains(q.Exclude, x.ID) {
				from[x.ID] = true
			}
		}
	}
	inter := func(id string) bool {
		x := node[id]
		switch {
		case id == q.To || from[id] || slices.Contains(q.Exclude, id) || x.DoNotRoute:
			return false
		case id == q.Via:
			return true
		case q.MaxDegree > 0 && len(nbrs[id]) > q.MaxDegree:
			return false
		}
		return true
	}
	var out []brutePath
	var walk func(p []string)
	walk = func(p []string) {
		last := p[len(p)-1]
		if last == q.To {
			if q.Via == "" || slices.Contains(p, q.Via) {
				bp := brutePath{nodes: slices.Clone(p)}
				for i := 1; i < len(p); i++ {
					s := best[pair{min(p[i-1], p[i]), max(p[i-1], p[i])}].Strength
					bp.key += int64(math.Round(-math.Log(s) * (1 << 40)))
					bp.cost += -math.Log(s)
				}
				out = append(out, bp)
			}
			return
		}
		if len(p)-1 == H {
			return
		}
		for _, x := range nw.Nodes {
			y := x.ID
			e, ok := best[pair{min(last, y), max(last, y)}]
			if !ok || !(e.Strength > 0) || slices.Contains(p, y) || y != q.To && !inter(y) {
				continue
			}
			walk(append(p, y))
		}
	}
	for _, x := range nw.Nodes {
		if from[x.ID] {
			walk([]string{x.ID})
		}
	}
	slices.SortFunc(out, func(a, b brutePath) int {
		return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(len(a.nodes), len(b.nodes)), slices.Compare(a.nodes, b.nodes))
	})
	return out
}

// TestWarmPathsMatchesBruteForce compares WarmPaths with the enumeration
// of every simple path within the hop cap on hundreds of random small
// networks and queries (every constraint drawn at random): the same paths
// in the same order, costs to 1e-12.
func TestWarmPathsMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(20260401, 4))
	graphs, queries, paths, multi, tied := 2500, 0, 0, 0, 0
	if testing.Short() {
		graphs = 100
	}
	for g := range graphs {
		nw := randomPathNetwork(r)
		s, err := NewSnapshot(nw)
		if err != nil {
			t.Fatal(err)
		}
		for range 6 {
			q, ok := randomPathQuery(r, nw)
			if !ok {
				continue
			}
			queries++
			want := bruteForcePaths(nw, q)
			got, err := WarmPaths(context.Background(), s, q)
			if err != nil {
				t.Fatalf("graph %d, query %+v: %v", g, q, err)
			}
			paths += len(got)
			if len(got) >= 2 {
				multi++
			}
			all := enumeratePaths(nw, q)
			for i := 1; i < len(all); i++ {
				if all[i].key == all[i-1].key {
					tied++
					break
				}
			}
			if len(got) != len(want) {
				t.Fatalf("graph %d %+v, query %+v:\n got %d paths %v\nwant %d %v", g, nw, q, len(got), pathsNodeIDs(got), len(want), want)
			}
			for i := range want {
				if !slices.Equal(pathNodeIDs(got[i]), want[i].nodes) || math.Abs(got[i].Cost-want[i].cost) > 1e-12 {
					t.Fatalf("graph %d %+v, query %+v: path %d\n got %v cost %.15g\nwant %v cost %.15g\nall got %v\nall want %v",
						g, nw, q, i, pathNodeIDs(got[i]), got[i].Cost, want[i].nodes, want[i].cost, pathsNodeIDs(got), want)
				}
				if math.Abs(got[i].Strength-math.Exp(-want[i].cost)) > 1e-12 || got[i].Hops != len(want[i].nodes)-1 || got[i].From != want[i].nodes[0] {
					t.Fatalf("graph %d query %+v: path %d = %+v, want strength %g", g, q, i, got[i], math.Exp(-want[i].cost))
				}
			}
		}
	}
	t.Logf("%d networks, %d queries, %d paths compared; %d queries with several paths, %d with paths of exactly equal cost", graphs, queries, paths, multi, tied)
}

func pathsNodeIDs(ps []Path) [][]string {
	out := make([][]string, len(ps))
	for i, p := range ps {
		out[i] = pathNodeIDs(p)
	}
	return out
}

// costGraph returns the snapshot as a gonum graph weighted by −ln strength.
func pathCostGraph(s *Snapshot) *simple.WeightedUndirectedGraph {
	g := simple.NewWeightedUndirectedGraph(0, math.Inf(1))
	for i := range s.Nodes {
		g.AddNode(simple.Node(i))
	}
	for _, t := range s.Ties {
		g.SetWeightedEdge(g.NewWeightedEdge(simple.Node(t.U), simple.Node(t.V), -math.Log(t.Strength)))
	}
	return g
}

// TestWarmPathsMatchesGonum checks WarmPaths against gonum's DijkstraFrom
// (k = 1) and YenKShortestPaths (k = 6) from one employee, on random
// networks of at most 9 nodes with continuous positive strengths, no
// objecting persons and a hop cap of 8, which cannot bind there. With one
// employee in From, other employees are ordinary intermediates, as in
// gonum.
func TestWarmPathsMatchesGonum(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	compared := 0
	for g := 0; g < 300; g++ {
		nw := randomPathNetwork(r)
		if len(nw.Nodes) > 9 {
			continue
		}
		for i := range nw.Nodes {
			nw.Nodes[i].DoNotRoute = false
		}
		for i := range nw.Edges {
			nw.Edges[i].Strength = 0.05 + 0.95*r.Float64()
		}
		s, err := NewSnapshot(nw)
		if err != nil {
			t.Fatal(err)
		}
		cg := pathCostGraph(s)
		var emp, tgt int32 = -1, -1
		for i, x := range s.Nodes {
			if x.Kind == graph.KindEmployee && emp < 0 {
				emp = int32(i)
			}
			if x.Kind.IsStakeholder() && (tgt < 0 || r.IntN(2) == 0) {
				tgt = int32(i)
			}
		}
		if emp < 0 || tgt < 0 {
			continue
		}
		q := PathQuery{From: []string{s.Nodes[emp].ID}, To: s.Nodes[tgt].ID, K: 1, MaxHops: HopLimit}

		// k = 1 against Dijkstra.
		got, err := WarmPaths(context.Background(), s, q)
		if err != nil {
			t.Fatal(err)
		}
		sp := path.DijkstraFrom(simple.Node(emp), cg)
		nodes, w := sp.To(int64(tgt))
		if math.IsInf(w, 1) {
			if len(got) != 0 {
				t.Fatalf("graph %d: gonum finds no path, WarmPaths %v", g, pathsNodeIDs(got))
			}
			continue
		}
		if len(got) != 1 || math.Abs(got[0].Cost-w) > 1e-9 || !slices.Equal(pathNodeIDs(got[0]), gonumPathIDs(s, nodes)) {
			t.Fatalf("graph %d: WarmPaths %v, gonum Dijkstra %v (%g)", g, pathsNodeIDs(got), gonumPathIDs(s, nodes), w)
		}

		// k = 6 against Yen.
		q.K = 6
		got, err = WarmPaths(context.Background(), s, q)
		if err != nil {
			t.Fatal(err)
		}
		yen := path.YenKShortestPaths(cg, q.K, math.Inf(1), simple.Node(emp), simple.Node(tgt))
		if len(got) != len(yen) {
			t.Fatalf("graph %d: WarmPaths %v, gonum Yen %v", g, pathsNodeIDs(got), yen)
		}
		for i, p := range yen {
			var c float64
			for j := 1; j < len(p); j++ {
				w, _ := cg.Weight(p[j-1].ID(), p[j].ID())
				c += w
			}
			if math.Abs(got[i].Cost-c) > 1e-9 || !slices.Equal(pathNodeIDs(got[i]), gonumPathIDs(s, p)) {
				t.Fatalf("graph %d: path %d: WarmPaths %v (%g), gonum Yen %v (%g)", g, i, pathNodeIDs(got[i]), got[i].Cost, gonumPathIDs(s, p), c)
			}
		}
		compared++
	}
	if compared < 100 {
		t.Fatalf("only %d networks compared", compared)
	}
	t.Logf("%d networks compared with gonum", compared)
}

func gonumPathIDs[N interface{ ID() int64 }](s *Snapshot, nodes []N) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = s.Nodes[n.ID()].ID
	}
	return out
}
