package analysis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/relmap/relmap/graph"
)

// fixture is one data set of testdata/, written by
// scripts/fixtures/centrality.py from networkx and igraph (the versions are
// in each file's "tools"). Undefined values (constraint of an isolated node,
// igraph's closeness of one) are JSON null.
type fixture struct {
	Name       string                         `json:"name"`
	Provenance string                         `json:"provenance"`
	Tools      map[string]string              `json:"tools"`
	Nodes      []string                       `json:"nodes"`
	Edges      [][3]any                       `json:"edges"`
	NetworkX   map[string]map[string]*float64 `json:"networkx"`
	IGraph     map[string]map[string]*float64 `json:"igraph"`
	Agree      map[string]bool                `json:"tools_agree_to_1e-9"`
	NXLouvainQ float64                        `json:"networkx_louvain_modularity"`
	IGLouvainQ float64                        `json:"igraph_louvain_modularity"`
}

func loadFixtures(t testing.TB) []*fixture {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in testdata: %v", err)
	}
	var out []*fixture
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var fx fixture
		if err := json.Unmarshal(b, &fx); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if fx.NetworkX == nil {
			continue // not a centrality fixture
		}
		out = append(out, &fx)
	}
	return out
}

// snapshot builds the fixture's network: every node a person named by its
// id, every tie a "knows" relationship with the fixture's strength (1 in
// the unweighted data sets).
func (fx *fixture) snapshot(t testing.TB) *Snapshot {
	t.Helper()
	n := &graph.Network{}
	for _, id := range fx.Nodes {
		n.Nodes = append(n.Nodes, graph.NetworkNode{ID: id, Kind: graph.KindPerson, Name: id})
	}
	for i, e := range fx.Edges {
		n.Edges = append(n.Edges, graph.NetworkEdge{
			ID: fmt.Sprintf("e%d", i), Type: graph.RelKnows,
			From: e[0].(string), To: e[1].(string), Strength: e[2].(float64),
		})
	}
	s, err := NewSnapshot(n)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// expect converts a reference tool's values with f; null values are left out.
func expect(ref map[string]*float64, f func(id string, v float64) float64) map[string]float64 {
	out := map[string]float64{}
	for id, v := range ref {
		if v != nil {
			out[id] = f(id, *v)
		}
	}
	return out
}

func same(_ string, v float64) float64 { return v }

func compareValues(t *testing.T, what string, got, want map[string]float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d values, want %d", what, len(got), len(want))
	}
	worst, at := 0.0, ""
	for id, w := range want {
		g, ok := got[id]
		if !ok {
			t.Errorf("%s: no value for %q", what, id)
			continue
		}
		if d := math.Abs(g - w); d > worst || math.IsNaN(d) {
			worst, at = d, id
		}
	}
	if testing.Verbose() {
		t.Logf("%s: max |got − want| = %.2g", what, worst)
	}
	if worst > tol || math.IsNaN(worst) {
		t.Errorf("%s: |got − want| = %.3g at %q (got %.15g, want %.15g), tolerance %g", what, worst, at, got[at], want[at], tol)
	}
}

// TestCentralitiesMatchReferenceTools checks every measure on Zachary's
// karate club, Padgett's Florentine families (also with the isolated Pucci,
// and with made-up strengths), Zachary's karate club with its interaction
// counts as strengths, and Davis' Southern Women, against networkx and
// igraph (versions in each fixture) after the normalisation relmap states.
func TestCentralitiesMatchReferenceTools(t *testing.T) {
	const tol = 1e-9
	ctx := context.Background()
	for _, fx := range loadFixtures(t) {
		t.Run(fx.Name, func(t *testing.T) {
			s := fx.snapshot(t)
			n := float64(len(fx.Nodes))
			nx, ig := fx.NetworkX, fx.IGraph
			must := func(m map[string]float64, err error) map[string]float64 {
				t.Helper()
				if err != nil {
					t.Fatal(err)
				}
				return m
			}
			// igraph's undirected betweenness counts unordered pairs.
			igBetweenness := func(_ string, v float64) float64 { return 2 * v / ((n - 1) * (n - 2)) }
			// igraph's closeness covers reachable nodes only: apply the
			// Wasserman–Faust factor (r−1)/(n−1), r from networkx's
			// harmonic… simpler: from the component sizes of s.
			reach := componentSizes(s)
			igCloseness := func(id string, v float64) float64 {
				i, _ := s.Index(id)
				return v * float64(reach[i]-1) / (n - 1)
			}

			deg := Degree(s)
			compareValues(t, "degree vs networkx", deg, expect(nx["degree"], same), tol)
			compareValues(t, "degree vs igraph", deg, expect(ig["degree"], func(_ string, v float64) float64 { return v / (n - 1) }), tol)

			b := must(Betweenness(ctx, s))
			compareValues(t, "betweenness vs networkx", b, expect(nx["betweenness"], same), tol)
			compareValues(t, "betweenness vs igraph", b, expect(ig["betweenness"], igBetweenness), tol)

			bw := must(BetweennessWeighted(ctx, s))
			compareValues(t, "weighted betweenness vs igraph", bw, expect(ig["betweenness_weighted"], igBetweenness), tol)
			if fx.Agree["betweenness_weighted"] {
				compareValues(t, "weighted betweenness vs networkx", bw, expect(nx["betweenness_weighted"], same), tol)
			}

			c := must(Closeness(ctx, s))
			compareValues(t, "closeness vs networkx", c, expect(nx["closeness"], same), tol)
			igc := expect(ig["closeness"], igCloseness)
			for id, v := range c {
				if _, ok := igc[id]; !ok && v == 0 {
					igc[id] = 0 // igraph: NaN for a node that reaches no other
				}
			}
			compareValues(t, "closeness vs igraph", c, igc, tol)

			h := must(Harmonic(ctx, s))
			compareValues(t, "harmonic vs networkx", h, expect(nx["harmonic"], func(_ string, v float64) float64 { return v / (n - 1) }), tol)
			compareValues(t, "harmonic vs igraph", h, expect(ig["harmonic"], same), tol)

			e := must(Eigenvector(s))
			compareValues(t, "eigenvector vs networkx", e, expect(nx["eigenvector"], same), tol)
			var norm float64
			for _, v := range ig["eigenvector"] {
				norm += *v * *v
			}
			compareValues(t, "eigenvector vs igraph", e, expect(ig["eigenvector"], func(_ string, v float64) float64 { return v / math.Sqrt(norm) }), tol)

			pr := PageRank(s)
			compareValues(t, "pagerank vs networkx", pr, expect(nx["pagerank"], same), tol)
			compareValues(t, "pagerank vs igraph", pr, expect(ig["pagerank"], same), tol)

			con := Constraint(s)
			compareValues(t, "constraint vs networkx", con, expect(nx["constraint"], same), tol)
			compareValues(t, "constraint vs igraph", con, expect(ig["constraint"], same), tol)

			compareValues(t, "effective size vs networkx", EffectiveSize(s), expect(nx["effective_size"], same), tol)
		})
	}
}

// componentSizes returns, per node, the size of its connected component.
func componentSizes(s *Snapshot) []int {
	n := len(s.Nodes)
	comp := make([]int, n)
	for i := range comp {
		comp[i] = -1
	}
	var sizes []int
	for r := range n {
		if comp[r] >= 0 {
			continue
		}
		c := len(sizes)
		queue := []int32{int32(r)}
		comp[r] = c
		for h := 0; h < len(queue); h++ {
			for _, u := range s.Adj[s.Off[queue[h]]:s.Off[queue[h]+1]] {
				if comp[u] < 0 {
					comp[u] = c
					queue = append(queue, u)
				}
			}
		}
		sizes = append(sizes, len(queue))
	}
	out := make([]int, n)
	for i, c := range comp {
		out[i] = sizes[c]
	}
	return out
}

// randomSnapshot returns a random network of n nodes where each pair is tied
// with probability p, strengths drawn from strengths. Ids are "n000"… so
// that index order is id order.
func randomSnapshot(t testing.TB, rng *rand.Rand, n int, p float64, strengths []float64) *Snapshot {
	t.Helper()
	net := &graph.Network{}
	for i := range n {
		net.Nodes = append(net.Nodes, graph.NetworkNode{ID: fmt.Sprintf("n%03d", i), Kind: graph.KindPerson})
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			if rng.Float64() < p {
				net.Edges = append(net.Edges, graph.NetworkEdge{
					ID: fmt.Sprintf("e%d-%d", i, j), Type: graph.RelKnows,
					From: fmt.Sprintf("n%03d", i), To: fmt.Sprintf("n%03d", j),
					Strength: strengths[rng.IntN(len(strengths))],
				})
			}
		}
	}
	s, err := NewSnapshot(net)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// byIndex keys gonum's int64-keyed result by domain id.
func byIndex(s *Snapshot, m map[int64]float64) map[string]float64 {
	out := make(map[string]float64, len(s.Nodes))
	for i := range s.Nodes {
		out[s.Nodes[i].ID] = m[int64(i)]
	}
	return out
}

func scale(m map[string]float64, f float64) map[string]float64 {
	out := make(map[string]float64, len(m))
	for k, v := range m {
		out[k] = v * f
	}
	return out
}

// distanceGraph returns the snapshot as a gonum graph whose edge weights
// are distances: 1 per tie (hops) or 1/strength.
func distanceGraph(s *Snapshot, weighted bool) *simple.WeightedUndirectedGraph {
	g := simple.NewWeightedUndirectedGraph(0, math.Inf(1))
	for i := range s.Nodes {
		g.AddNode(simple.Node(i))
	}
	for _, t := range s.Ties {
		w := 1.0
		if weighted {
			if t.Strength == 0 {
				continue
			}
			w = 1 / t.Strength
		}
		g.SetWeightedEdge(g.NewWeightedEdge(simple.Node(t.U), simple.Node(t.V), w))
	}
	return g
}

// TestCSRKernelsEqualGonum checks the CSR kernels against gonum, the
// reference implementation, on random networks (some disconnected, some
// with isolated nodes), after the stated normalisations. Weighted cases use
// strengths 1, 0.5, 0.25 (and 0, a tie that cannot be walked), whose
// lengths 1, 2, 4 are exact, so ties between path lengths are unambiguous.
func TestCSRKernelsEqualGonum(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(4, 2))
	for trial := range 40 {
		n := 3 + rng.IntN(40)
		p := []float64{0.05, 0.1, 0.2, 0.5}[trial%4]
		s := randomSnapshot(t, rng, n, p, []float64{1, 0.5, 0.25, 0})
		pairs := float64(n-1) * float64(n-2)
		name := fmt.Sprintf("trial %d (n=%d, p=%g)", trial, n, p)

		b, err := Betweenness(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		compareValues(t, name+": betweenness vs gonum", scale(b, pairs), byIndex(s, network.Betweenness(s.Gonum())), 1e-9)

		dg := distanceGraph(s, true)
		bw, err := BetweennessWeighted(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		compareValues(t, name+": weighted betweenness vs gonum", scale(bw, pairs), byIndex(s, network.BetweennessWeighted(dg, path.DijkstraAllPaths(dg))), 1e-9)

		all := make([]string, n)
		for i := range s.Nodes {
			all[i] = s.Nodes[i].ID
		}
		from, err := BetweennessFrom(ctx, s, all)
		if err != nil {
			t.Fatal(err)
		}
		compareValues(t, name+": betweenness from every source vs gonum", from, byIndex(s, network.Betweenness(s.Gonum())), 1e-9)

		hg := distanceGraph(s, false)
		hp := path.DijkstraAllPaths(hg)
		h, err := Harmonic(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		compareValues(t, name+": harmonic vs gonum", scale(h, float64(n-1)), byIndex(s, network.Harmonic(hg, hp)), 1e-9)

		// gonum's Closeness is 1/Σd over reachable nodes; relmap's adds
		// the factors (r−1) and (r−1)/(n−1), which gonum lacks.
		c, err := Closeness(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		reach := componentSizes(s)
		gc := network.Closeness(hg, hp)
		want := map[string]float64{}
		for i := range s.Nodes {
			r := float64(reach[i])
			v := 0.0
			if r > 1 {
				v = gc[int64(i)] * (r - 1) * (r - 1) / float64(n-1)
			}
			want[s.Nodes[i].ID] = v
		}
		compareValues(t, name+": closeness vs gonum", c, want, 1e-9)
	}
}

// TestBetweennessHandCases checks small networks whose values follow from
// the definition by hand.
func TestBetweennessHandCases(t *testing.T) {
	ctx := context.Background()
	// Path a – b – c – d. Pairs through b: (a,c), (a,d); through c: (a,d),
	// (b,d). Normalised by (n−1)(n−2)/2 = 3 unordered pairs: 2/3 each.
	// From source a alone: b lies on a→c and a→d (2), c on a→d (1).
	path4 := netOf(t, "a-b:1 b-c:1 c-d:1")
	b, err := Betweenness(ctx, path4)
	if err != nil {
		t.Fatal(err)
	}
	compareValues(t, "path betweenness", b, map[string]float64{"a": 0, "b": 2.0 / 3, "c": 2.0 / 3, "d": 0}, 1e-15)
	from, err := BetweennessFrom(ctx, path4, []string{"a", "a"})
	if err != nil {
		t.Fatal(err)
	}
	compareValues(t, "path betweenness from a", from, map[string]float64{"a": 0, "b": 2, "c": 1, "d": 0}, 1e-15)
	if _, err := BetweennessFrom(ctx, path4, []string{"zz"}); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("unknown source: err = %v, want ENOTFOUND", err)
	}

	// Square a – b – c – d – a with a weak tie a–b (0.25, length 4): by
	// hops b and d share (a,c) and a and c share (b,d): 1/2 pair each of
	// 3, so 1/6. Weighted, the way a→b is a–d–c–b (3 < 4), so the pairs
	// (a,b) through d and c, (a,c) through d, (b,d) through c:
	// a: 0, b: 0, c: 2 pairs, d: 2 pairs → 2/3.
	sq := netOf(t, "a-b:0.25 b-c:1 c-d:1 d-a:1")
	b, _ = Betweenness(ctx, sq)
	compareValues(t, "square betweenness", b, map[string]float64{"a": 1.0 / 6, "b": 1.0 / 6, "c": 1.0 / 6, "d": 1.0 / 6}, 1e-15)
	bw, _ := BetweennessWeighted(ctx, sq)
	compareValues(t, "square weighted betweenness", bw, map[string]float64{"a": 0, "b": 0, "c": 2.0 / 3, "d": 2.0 / 3}, 1e-15)

	// A tie of strength 0 carries no weighted path: a –0– b – c leaves
	// only (b… ) pairs with a unreachable, so nobody lies between.
	z := netOf(t, "a-b:0 b-c:1")
	bw, _ = BetweennessWeighted(ctx, z)
	compareValues(t, "zero-strength tie", bw, map[string]float64{"a": 0, "b": 0, "c": 0}, 0)
	b, _ = Betweenness(ctx, z)
	compareValues(t, "zero-strength tie counts by hops", b, map[string]float64{"a": 0, "b": 1, "c": 0}, 0)

	// Fewer than three nodes: nothing lies between.
	for _, spec := range []string{"", "a-b:1"} {
		s := netOf(t, spec)
		b, err := Betweenness(ctx, s)
		if err != nil || len(b) != len(s.Nodes) {
			t.Errorf("%q: %v %v", spec, b, err)
		}
		for _, v := range b {
			if v != 0 {
				t.Errorf("%q: betweenness %v, want 0", spec, b)
			}
		}
	}
}

// netOf builds a snapshot from "a-b:0.5 b-c:1 …"; a lone "x" adds an
// isolated node.
func netOf(t testing.TB, spec string) *Snapshot {
	t.Helper()
	n := &graph.Network{}
	seen := map[string]bool{}
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			n.Nodes = append(n.Nodes, graph.NetworkNode{ID: id, Kind: graph.KindPerson, Name: id})
		}
	}
	for i, tok := range strings.Fields(spec) {
		var a, b string
		var st float64
		if _, err := fmt.Sscanf(strings.NewReplacer("-", " ", ":", " ").Replace(tok), "%s %s %g", &a, &b, &st); err != nil {
			add(tok)
			continue
		}
		add(a)
		add(b)
		n.Edges = append(n.Edges, graph.NetworkEdge{ID: fmt.Sprintf("e%d", i), Type: graph.RelKnows, From: a, To: b, Strength: st})
	}
	s, err := NewSnapshot(n)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestBetweennessApprox(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(7, 7))
	s := randomSnapshot(t, rng, 300, 0.02, []float64{1})
	exact, err := Betweenness(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	// Every node a source: exact, and the bound is 0.
	est, err := BetweennessApprox(ctx, s, 1000, 0.05, 1)
	if err != nil {
		t.Fatal(err)
	}
	if est.Sources != 300 || est.Epsilon != 0 {
		t.Errorf("k ≥ n: sources %d, ε %g; want 300 and 0", est.Sources, est.Epsilon)
	}
	compareValues(t, "approx with every source", est.Values, exact, 1e-12)

	est, err = BetweennessApprox(ctx, s, 60, 0.05, 1)
	if err != nil {
		t.Fatal(err)
	}
	// ε = n/(n−1)·√(ln(2n/δ)/(2k)) = 300/299·√(ln(12000)/120).
	if want := 300.0 / 299 * math.Sqrt(math.Log(12000)/120); math.Abs(est.Epsilon-want) > 1e-15 {
		t.Errorf("ε = %g, want %g", est.Epsilon, want)
	}
	compareValues(t, "approx within its bound", est.Values, exact, est.Epsilon)
	again, _ := BetweennessApprox(ctx, s, 60, 0.05, 1)
	compareValues(t, "approx is reproducible", again.Values, est.Values, 0)

	if k := BetweennessSampleSize(300, est.Epsilon, 0.05); k != 60 && k != 61 {
		t.Errorf("sample size for ε=%g: %d, want 60", est.Epsilon, k)
	}
	if k := BetweennessSampleSize(300, 0.001, 0.05); k != 300 {
		t.Errorf("sample size capped at n: %d", k)
	}
	for _, bad := range []struct {
		k     int
		delta float64
	}{{0, 0.1}, {10, 0}, {10, 1}} {
		if _, err := BetweennessApprox(ctx, s, bad.k, bad.delta, 1); graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("k=%d δ=%g: err %v, want EINVALID", bad.k, bad.delta, err)
		}
	}
}

func TestLongAnalysesHonourContextAndReportProgress(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	s := randomSnapshot(t, rng, 120, 0.05, []float64{1, 0.5})
	var calls, last atomic.Int64
	ctx := WithProgress(context.Background(), func(done, total int) {
		calls.Add(1)
		if int64(done) < last.Load() || total != 120 {
			t.Errorf("progress %d/%d after %d", done, total, last.Load())
		}
		last.Store(int64(done))
	})
	if _, err := Betweenness(ctx, s); err != nil {
		t.Fatal(err)
	}
	if last.Load() != 120 || calls.Load() == 0 {
		t.Errorf("progress ended at %d after %d calls, want 120", last.Load(), calls.Load())
	}

	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for name, f := range map[string]func(context.Context, *Snapshot) (map[string]float64, error){
		"Betweenness": Betweenness, "BetweennessWeighted": BetweennessWeighted,
		"Closeness": Closeness, "Harmonic": Harmonic,
	} {
		if _, err := f(cancelled, s); !errors.Is(err, context.Canceled) {
			t.Errorf("%s on a cancelled context: err = %v", name, err)
		}
	}
}

func TestSmallAndEmptyNetworks(t *testing.T) {
	ctx := context.Background()
	empty := netOf(t, "")
	one := netOf(t, "x")
	pair := netOf(t, "a-b:0.5 x")
	for _, s := range []*Snapshot{empty, one, pair} {
		n := len(s.Nodes)
		for name, m := range map[string]map[string]float64{
			"degree": Degree(s), "pagerank": PageRank(s),
		} {
			if len(m) != n {
				t.Errorf("%s on %d nodes: %v", name, n, m)
			}
		}
		for _, f := range []func(context.Context, *Snapshot) (map[string]float64, error){Betweenness, BetweennessWeighted, Closeness, Harmonic} {
			if m, err := f(ctx, s); err != nil || len(m) != n {
				t.Errorf("on %d nodes: %v %v", n, m, err)
			}
		}
		if m, err := Eigenvector(s); err != nil || len(m) != n {
			t.Errorf("eigenvector on %d nodes: %v %v", n, m, err)
		}
	}
	// networkx: a network of one node has degree centrality 1; PageRank 1.
	compareValues(t, "degree of one", Degree(one), map[string]float64{"x": 1}, 0)
	compareValues(t, "pagerank of one", PageRank(one), map[string]float64{"x": 1}, 1e-15)
	// a – b and isolated x: the PageRank of the dangling x is spread
	// evenly. Solving PR(x) = 0.05 + 0.85·PR(x)/3, PR(a) = PR(b):
	// PR(x) = 0.15/3 / (1 − 0.85/3) = 0.0697674…, PR(a) = (1 − PR(x))/2.
	px := 0.05 / (1 - 0.85/3)
	compareValues(t, "pagerank with a dangling node", PageRank(pair), map[string]float64{"a": (1 - px) / 2, "b": (1 - px) / 2, "x": px}, 1e-10)
	// Closeness with the Wasserman–Faust factor: a reaches 1 of 2 others
	// at distance 1: 1/1 · 1/2.
	c, _ := Closeness(ctx, pair)
	compareValues(t, "closeness a – b, x", c, map[string]float64{"a": 0.5, "b": 0.5, "x": 0}, 0)
	h, _ := Harmonic(ctx, pair)
	compareValues(t, "harmonic a – b, x", h, map[string]float64{"a": 0.5, "b": 0.5, "x": 0}, 0)
	// Eigenvector: all weight on a and b, 1/√2 each.
	e, _ := Eigenvector(pair)
	compareValues(t, "eigenvector a – b, x", e, map[string]float64{"a": math.Sqrt(0.5), "b": math.Sqrt(0.5), "x": 0}, 1e-12)
}

func TestRank(t *testing.T) {
	s := netOf(t, "a-b:1 b-c:1 x")
	got := Rank(s, map[string]float64{"a": 1, "b": 2, "c": 1, "x": 0, "nope": 9})
	ids := make([]string, len(got))
	for i, sc := range got {
		ids[i] = sc.ID
	}
	if want := []string{"b", "a", "c", "x"}; !slices.Equal(ids, want) {
		t.Errorf("rank order %v, want %v", ids, want)
	}
	if got[0].Name != "b" || got[0].Value != 2 {
		t.Errorf("first score %+v", got[0])
	}
}

// TestPageRankEqualsGonum compares with gonum's edge-weighted PageRank on
// the network as a directed graph with both arcs of every tie; gonum starts
// from a random vector and stops at its own tolerance, hence the looser
// comparison.
func TestPageRankEqualsGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for trial := range 5 {
		s := randomSnapshot(t, rng, 30+trial*10, 0.1, []float64{1, 0.5, 0.2})
		d := simple.NewWeightedDirectedGraph(0, 0)
		for i := range s.Nodes {
			d.AddNode(simple.Node(i))
		}
		for _, tie := range s.Ties {
			d.SetWeightedEdge(d.NewWeightedEdge(simple.Node(tie.U), simple.Node(tie.V), tie.Strength))
			d.SetWeightedEdge(d.NewWeightedEdge(simple.Node(tie.V), simple.Node(tie.U), tie.Strength))
		}
		want := network.PageRank(d, PageRankDamping, 1e-13)
		var sum float64
		for _, v := range want {
			sum += v
		}
		compareValues(t, fmt.Sprintf("trial %d: pagerank vs gonum", trial), PageRank(s), scale(byIndex(s, want), 1/sum), 1e-9)
	}
}

// TestBetweennessOnSmallWorldEqualsGonum checks the direction-optimising
// search where it matters: on a preferential-attachment network most levels
// are reached bottom-up. Also from a few sources only.
func TestBetweennessOnSmallWorldEqualsGonum(t *testing.T) {
	ctx := context.Background()
	s := paSnapshot(t, 400, 3)
	n := float64(len(s.Nodes))
	b, err := Betweenness(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	want := byIndex(s, network.Betweenness(s.Gonum()))
	compareValues(t, "betweenness vs gonum", scale(b, (n-1)*(n-2)), want, 1e-9)

	// From a few sources: the sum of their single-source dependencies,
	// each checked against gonum's weighted betweenness on unit lengths
	// restricted to the source (brute force over all targets).
	sources := []string{s.Nodes[0].ID, s.Nodes[17].ID, s.Nodes[399].ID}
	from, err := BetweennessFrom(ctx, s, sources)
	if err != nil {
		t.Fatal(err)
	}
	sum := map[string]float64{}
	for _, src := range sources {
		one, err := BetweennessFrom(ctx, s, []string{src})
		if err != nil {
			t.Fatal(err)
		}
		for id, v := range one {
			sum[id] += v
		}
	}
	compareValues(t, "from three sources vs the sum of each", from, sum, 1e-9)
	g := distanceGraph(s, false)
	paths := path.DijkstraAllFrom(simple.Node(17), g)
	dep := map[string]float64{}
	for ti := range s.Nodes {
		if ti == 17 {
			continue
		}
		all, _ := paths.AllTo(int64(ti))
		for _, p := range all {
			for _, v := range p[1 : len(p)-1] {
				dep[s.Nodes[v.ID()].ID] += 1 / float64(len(all))
			}
		}
	}
	one, _ := BetweennessFrom(ctx, s, []string{s.Nodes[17].ID})
	for id := range one {
		if _, ok := dep[id]; !ok {
			dep[id] = 0
		}
	}
	compareValues(t, "from one source vs enumerated shortest paths", one, dep, 1e-9)
}

// TestProgressNeverGoesBack: many workers counting units at once report
// to the ProgressFunc in increasing order only, ending at the total. The
// counting and the report are two steps, so without the check under the
// lock a worker that counted unit d could report it after another had
// reported d+1 (seen once in a -race run of the test above).
func TestProgressNeverGoesBack(t *testing.T) {
	// 1,000 units: every unit is reported (the step is 1), so adjacent
	// units race for the lock.
	const total, workers = 1000, 8
	for round := range 20 {
		var last, backwards int
		p := progressFrom(WithProgress(context.Background(), func(done, tot int) {
			if done < last {
				backwards++
			}
			last = done
		}), total)
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range total / workers {
					p.add()
					runtime.Gosched()
				}
			}()
		}
		wg.Wait()
		if backwards != 0 || last != total {
			t.Fatalf("round %d: %d reports went back; the last was %d, want %d", round, backwards, last, total)
		}
	}
}
