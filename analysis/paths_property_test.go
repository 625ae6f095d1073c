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
	"time"

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
		if !taken[x.ID] && !x.DoNotRoute && x.Kind != graph.KindOrganisation && !(len(q.From) == 0 && x.Kind == graph.KindEmployee) {
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
	switch r.IntN(4) {
	case 0: // the rules' default threshold
	case 1:
		q.MinStrength = 0.05 + 0.5*r.Float64()
	default:
		q.MinStrength = -1 // cold paths too: compares the whole order
	}
	return q, true
}

// history is a contact log and the moment it is read at.
type history struct {
	contacts []*graph.Contact
	now      time.Time
}

// randomHistory gives some employees of nw an end of employment (before or
// after now) and draws contacts between employees and stakeholders over
// the two years before now (some after it, which count for nothing).
func randomHistory(r *rand.Rand, nw *graph.Network) *history {
	h := &history{now: time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)}
	var emps, stake []string
	for i, x := range nw.Nodes {
		if x.Kind == graph.KindEmployee {
			emps = append(emps, x.ID)
			if r.IntN(5) == 0 {
				nw.Nodes[i].End = h.now.AddDate(0, 0, r.IntN(60)-40).Truncate(24 * time.Hour)
			}
		} else {
			stake = append(stake, x.ID)
		}
	}
	if len(emps) == 0 || len(stake) == 0 || r.IntN(3) == 0 {
		return h
	}
	for i := range r.IntN(12) {
		h.contacts = append(h.contacts, &graph.Contact{
			ID: fmt.Sprintf("c%d", i), EmployeeID: emps[r.IntN(len(emps))], StakeholderID: stake[r.IntN(len(stake))],
			Date: h.now.AddDate(0, 0, 30-r.IntN(760)), Mode: graph.ModeMeeting,
		})
	}
	return h
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
func bruteForcePaths(nw *graph.Network, q PathQuery, h *history) []brutePath {
	out := enumeratePaths(nw, q, h)
	if K := cmp.Or(q.K, DefaultK); len(out) > K {
		out = out[:K]
	}
	least := q.MinStrength
	if least == 0 {
		least = graph.DefaultMinWarm
	}
	for i, p := range out {
		if least > 0 && p.key > int64(math.Round(-math.Log(least)*(1<<40))) {
			return out[:i] // the first cold path and all after it
		}
	}
	return out
}

// enumerate returns every simple path q admits (ignoring K and the
// threshold), in the documented order. It reads the rules from WarmPaths'
// and graph.PathRules' documentation (default rules) and implements them
// naively: a relationship between two organisations carries nothing, one
// between a person and an organisation only when it is an affiliation,
// every other one between people or from one of our employees; two
// people affiliated with one organisation of at most 30 affiliated people
// (persons, and employees) have a colleague step of 0.5 · the weaker of
// their strongest affiliations, except at the target; intermediates are
// people.
func enumeratePaths(nw *graph.Network, q PathQuery, h *history) []brutePath {
	now := time.Now()
	if h != nil {
		now = h.now
	}
	node := map[string]graph.NetworkNode{}
	gone := map[string]bool{} // employees who have left: neither start, step nor colleague
	for _, x := range nw.Nodes {
		node[x.ID] = x
		gone[x.ID] = !x.End.IsZero() && x.End.Before(now.Truncate(24*time.Hour))
	}
	// Contacts: every relationship between the pair carries its evidence
	// strength; a pair without one gets an evidence tie (TieEvidence, whose
	// formula TestTieEvidenceHandComputed checks by hand).
	dates := map[[2]string][]time.Time{}
	if h != nil {
		for _, c := range h.contacts {
			k := [2]string{min(c.EmployeeID, c.StakeholderID), max(c.EmployeeID, c.StakeholderID)}
			dates[k] = append(dates[k], c.Date)
		}
		edges := slices.Clone(nw.Edges)
		stated := map[[2]string]bool{}
		for i, e := range edges {
			k := [2]string{min(e.From, e.To), max(e.From, e.To)}
			emp := node[e.From].Kind == graph.KindEmployee || node[e.To].Kind == graph.KindEmployee
			if ds, ok := dates[k]; ok && emp && node[e.From].Kind != node[e.To].Kind {
				edges[i].Strength = TieEvidence(e.Strength, ds, now).Strength
				stated[k] = true
			}
		}
		for k, ds := range dates {
			if !stated[k] {
				edges = append(edges, graph.NetworkEdge{ID: "contacts", Type: RelContacts, From: k[0], To: k[1], Strength: TieEvidence(0, ds, now).Strength})
			}
		}
		nw = &graph.Network{Nodes: nw.Nodes, Edges: edges}
	}
	kind := func(id string) graph.Kind { return node[id].Kind }
	allowed := func(t graph.RelType) bool { return len(q.AllowTypes) == 0 || slices.Contains(q.AllowTypes, t) }
	usable := func(e graph.NetworkEdge) bool {
		kf, kt := kind(e.From), kind(e.To)
		switch {
		case kf == graph.KindOrganisation && kt == graph.KindOrganisation:
			return false
		case kf == graph.KindPerson && kt == graph.KindOrganisation, kf == graph.KindOrganisation && kt == graph.KindPerson:
			return e.Type.Affiliation()
		}
		return true
	}
	type pair struct{ a, b string }
	best := map[pair]graph.NetworkEdge{}
	nbrs := map[string]map[string]bool{}
	affil := map[pair]float64{} // (person, organisation) → strongest affiliation
	for _, e := range nw.Edges {
		if e.From == e.To {
			continue
		}
		for _, x := range [][2]string{{e.From, e.To}, {e.To, e.From}} {
			if e.Type == RelContacts {
				break // MaxDegree counts the neighbours in the stated network
			}
			if nbrs[x[0]] == nil {
				nbrs[x[0]] = map[string]bool{}
			}
			nbrs[x[0]][x[1]] = true
		}
		if e.Type.Affiliation() && kind(e.To) == graph.KindOrganisation && kind(e.From) != graph.KindOrganisation && !gone[e.From] {
			k := pair{e.From, e.To}
			affil[k] = max(affil[k], e.Strength)
		}
		if !allowed(e.Type) || !usable(e) {
			continue
		}
		k := pair{min(e.From, e.To), max(e.From, e.To)}
		if b, ok := best[k]; !ok || e.Strength > b.Strength || e.Strength == b.Strength && e.ID < b.ID {
			best[k] = e
		}
	}
	if allowed(RelColleague) {
		for _, o := range nw.Nodes {
			if o.Kind != graph.KindOrganisation || o.ID == q.To {
				continue
			}
			var members []string
			for _, x := range nw.Nodes {
				if affil[pair{x.ID, o.ID}] > 0 {
					members = append(members, x.ID)
				}
			}
			if len(members) < 2 || len(members) > graph.DefaultColleagueMaxPeople {
				continue
			}
			for i, a := range members {
				for _, b := range members[i+1:] {
					c := graph.DefaultColleagueStrength * min(affil[pair{a, o.ID}], affil[pair{b, o.ID}])
					k := pair{min(a, b), max(a, b)}
					if e, ok := best[k]; !ok || c > e.Strength {
						best[k] = graph.NetworkEdge{Type: RelColleague, Strength: c}
					}
				}
			}
		}
	}
	H := cmp.Or(q.MaxHops, DefaultMaxHops)
	from := map[string]bool{}
	for _, e := range q.From {
		from[e] = true
	}
	if len(q.From) == 0 {
		for _, x := range nw.Nodes {
			if x.Kind == graph.KindEmployee && !slices.Contains(q.Exclude, x.ID) && !gone[x.ID] {
				from[x.ID] = true
			}
		}
	}
	inter := func(id string) bool {
		x := node[id]
		switch {
		case id == q.To || from[id] || slices.Contains(q.Exclude, id) || x.DoNotRoute || x.Kind == graph.KindOrganisation || gone[id]:
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
		h := randomHistory(r, nw)
		s, err := Build(nw, Options{Now: h.now, Contacts: h.contacts})
		if err != nil {
			t.Fatal(err)
		}
		for range 6 {
			q, ok := randomPathQuery(r, nw)
			if !ok {
				continue
			}
			if slices.ContainsFunc(append(q.From, q.Via), func(id string) bool { i, ok := s.Index(id); return ok && s.Nodes[i].Left(s.Day) }) {
				continue // EINVALID, checked in TestWarmPathsConstraints
			}
			queries++
			want := bruteForcePaths(nw, q, h)
			got, err := WarmPaths(context.Background(), s, q)
			if err != nil {
				t.Fatalf("graph %d, query %+v: %v", g, q, err)
			}
			paths += len(got)
			if len(got) >= 2 {
				multi++
			}
			all := enumeratePaths(nw, q, h)
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

// pathCostGraph returns the routing graph of s towards target as a gonum
// graph weighted by −ln strength: the route index's ties (whose rules
// TestWarmPathsMatchesBruteForce checks against the network) without the
// ties of organisations other than the target and of persons who object
// to being routed through, which are never intermediates.
func pathCostGraph(s *Snapshot, target int32) *simple.WeightedUndirectedGraph {
	g := simple.NewWeightedUndirectedGraph(0, math.Inf(1))
	for i := range s.Nodes {
		g.AddNode(simple.Node(i))
	}
	tgt := int32(-1)
	if s.Nodes[target].Kind == graph.KindOrganisation {
		tgt = target
	}
	ix := s.routeIndex()
	for u := range int32(len(s.Nodes)) {
		for k := ix.off[u]; k < ix.off[u+1]; k++ {
			v := ix.adj[k]
			if no := func(x int32) bool {
				return x != target && (s.Nodes[x].Kind == graph.KindOrganisation || s.Nodes[x].DoNotRoute || s.Nodes[x].Left(s.Day))
			}; u > v || no(u) || no(v) { // each tie once, from its lower end
				continue
			}
			if st, _ := ix.carry(s, ix.tieOf[k], 0, tgt); st > 0 {
				g.SetWeightedEdge(g.NewWeightedEdge(simple.Node(u), simple.Node(v), -math.Log(st)))
			}
		}
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
		cg := pathCostGraph(s, tgt)
		q := PathQuery{From: []string{s.Nodes[emp].ID}, To: s.Nodes[tgt].ID, K: 1, MaxHops: HopLimit, MinStrength: -1}

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
