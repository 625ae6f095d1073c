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

	"github.com/relmap/relmap/graph"
)

func TestNewSnapshotCollapsesParallelTies(t *testing.T) {
	n := &graph.Network{
		Version: 7,
		Nodes: []graph.NetworkNode{
			{ID: "c", Kind: graph.KindPerson}, {ID: "a", Kind: graph.KindEmployee}, {ID: "b", Kind: graph.KindOrganisation},
		},
		Edges: []graph.NetworkEdge{
			{ID: "e1", Type: graph.RelKnows, From: "a", To: "c", Strength: 0.4},
			{ID: "e2", Type: graph.RelAdvises, From: "c", To: "a", Strength: 0.9}, // parallel, stronger
			{ID: "e3", Type: graph.RelWorksAt, From: "c", To: "b", Strength: 0.7},
		},
	}
	s, err := NewSnapshot(n)
	if err != nil {
		t.Fatal(err)
	}
	// Sorted ids: a=0, b=1, c=2. Ties: (0,2) strongest 0.9 via e2, (1,2) 0.7.
	if len(s.Ties) != 2 {
		t.Fatalf("ties = %+v, want 2", s.Ties)
	}
	if tie := s.Ties[0]; tie.U != 0 || tie.V != 2 || tie.Strength != 0.9 || s.TieEdge(0).ID != "e2" || s.Parallel(0) != 2 {
		t.Errorf("tie a–c = %+v via %+v of %d, want 0.9 via e2 of 2 parallel", tie, s.TieEdge(0), s.Parallel(0))
	}
	if es := s.TieEdges(0); len(es) != 2 || es[0].ID != "e2" || es[0].From != "c" || es[0].To != "a" || es[1].ID != "e1" || es[1].From != "a" {
		t.Errorf("relationships of a–c = %+v, want e2 (c→a) then e1 (a→c)", es)
	}
	if got := s.Adj[s.Off[2]:s.Off[3]]; len(got) != 2 || got[0] != 0 || got[1] != 1 {
		t.Errorf("neighbours of c = %v, want [0 1]", got)
	}
	if s.Degree(1) != 1 || s.Degree(2) != 2 {
		t.Errorf("degrees b=%d c=%d, want 1 and 2", s.Degree(1), s.Degree(2))
	}
	g := s.Gonum()
	if w, ok := g.Weight(0, 2); !ok || w != 0.9 {
		t.Errorf("gonum weight a–c = %v %v", w, ok)
	}
}

// TestSnapshotRelationshipIDs checks that a snapshot answers every
// relationship's stored id, whether it is the one graph.RelationshipID
// derives from type and ends (which the snapshot does not keep) or one of
// its own, in either direction and for symmetric types stored either way
// round.
func TestSnapshotRelationshipIDs(t *testing.T) {
	n := &graph.Network{
		Nodes: []graph.NetworkNode{
			{ID: "a", Kind: graph.KindEmployee}, {ID: "b", Kind: graph.KindPerson},
			{ID: "c", Kind: graph.KindOrganisation}, {ID: "cc", Kind: graph.KindOrganisation},
		},
		Edges: []graph.NetworkEdge{
			// derived, running from the tie's V to its U (b → a)
			{ID: "advises:b:a", Type: graph.RelAdvises, From: "b", To: "a", Strength: 0.9},
			// derived, symmetric, stored with its ends the wrong way round:
			// graph.RelationshipID sorts them
			{ID: "knows:a:b", Type: graph.RelKnows, From: "b", To: "a", Strength: 0.5},
			// own ids, one a prefix of the derived one, one longer
			{ID: "works_at:b:c", Type: graph.RelWorksAt, From: "b", To: "cc", Strength: 0.4},
			{ID: "works_at:b:cc ", Type: graph.RelWorksAt, From: "b", To: "cc", Strength: 0.3},
			{ID: "rel-1", Type: graph.RelWorksAt, From: "a", To: "c", Strength: 0.8},
			// derived again, after the own ids
			{ID: "board_member_of:b:c", Type: graph.RelBoardMemberOf, From: "b", To: "c", Strength: 0.6},
		},
	}
	s, err := NewSnapshot(n)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := range s.Ties {
		for _, e := range s.TieEdges(int32(i)) {
			got = append(got, e.ID+" "+e.From+"→"+e.To)
		}
	}
	want := []string{"advises:b:a b→a", "knows:a:b b→a", "rel-1 a→c", "board_member_of:b:c b→c", "works_at:b:c b→cc", "works_at:b:cc  b→cc"}
	if !slices.Equal(got, want) {
		t.Errorf("relationships = %q, want %q", got, want)
	}
	if len(s.rel.other) != 3 {
		t.Errorf("%d relationships kept with an id of their own, want 3 (works_at:b:c, works_at:b:cc , rel-1)", len(s.rel.other))
	}
}

type countingSource struct {
	version int64
	reads   int
}

func (c *countingSource) Version(context.Context) (int64, error) { return c.version, nil }
func (c *countingSource) Network(_ context.Context, v graph.NetworkVisitor) (int64, error) {
	c.reads++
	if err := v.Node(graph.NetworkNode{ID: "a", Kind: graph.KindEmployee}); err != nil {
		return 0, err
	}
	return c.version, nil
}

func TestCacheRebuildsOnlyWhenVersionMoves(t *testing.T) {
	src := &countingSource{version: 1}
	c := &Cache{Source: src}
	for range 3 {
		if _, err := c.Snapshot(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if src.reads != 1 {
		t.Errorf("network read %d times at one version, want 1", src.reads)
	}
	src.version = 2
	s, err := c.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if src.reads != 2 || s.Version != 2 {
		t.Errorf("after a write: reads %d, version %d; want 2 and 2", src.reads, s.Version)
	}
}

// TestSnapshotMatchesNaive builds random networks with parallel
// relationships in both directions, equal strengths and self-ties (more
// edges than one batch of the builder's pipeline) and checks the compact
// snapshot against the definition computed naively: one tie per unordered
// pair of distinct nodes, carrying the strongest relationship (equal
// strengths: the smallest id), its relationships strongest first, every
// field of every relationship as given, and sorted CSR lists that name
// each tie from both ends.
func TestSnapshotMatchesNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 14))
	types := []graph.RelType{graph.RelKnows, graph.RelWorksAt, graph.RelAdvises}
	natures := []graph.Nature{"", graph.NaturePersonal, graph.NatureFormal}
	for trial := range 20 {
		n := 2 + r.IntN(300)
		net := &graph.Network{Version: int64(trial)}
		for _, i := range r.Perm(n) { // in no order
			net.Nodes = append(net.Nodes, graph.NetworkNode{ID: fmt.Sprintf("n%03d", i), Kind: graph.KindPerson})
		}
		for i := range r.IntN(3 * edgeBatch) {
			e := graph.NetworkEdge{
				ID: fmt.Sprintf("e%05d", r.IntN(100000)) + fmt.Sprint(i), Type: types[r.IntN(len(types))],
				From: fmt.Sprintf("n%03d", r.IntN(n)), To: fmt.Sprintf("n%03d", r.IntN(n)),
				Strength: float64(r.IntN(5)) / 4, Nature: natures[r.IntN(len(natures))], Level: graph.LevelTactical,
			}
			net.Edges = append(net.Edges, e)
		}
		s, err := NewSnapshot(net)
		if err != nil {
			t.Fatal(err)
		}
		// The naive snapshot: edges per unordered pair of ids.
		want := map[[2]string][]graph.NetworkEdge{}
		for _, e := range net.Edges {
			if e.From == e.To {
				continue
			}
			k := [2]string{min(e.From, e.To), max(e.From, e.To)}
			want[k] = append(want[k], e)
		}
		if len(s.Ties) != len(want) {
			t.Fatalf("trial %d: %d ties, want %d", trial, len(s.Ties), len(want))
		}
		for i, tie := range s.Ties {
			u, v := s.Nodes[tie.U].ID, s.Nodes[tie.V].ID
			if i > 0 && (s.Ties[i-1].U > tie.U || s.Ties[i-1].U == tie.U && s.Ties[i-1].V >= tie.V) || u >= v {
				t.Fatalf("trial %d: ties not sorted by (U, V) at %d", trial, i)
			}
			es := slices.Clone(want[[2]string{u, v}])
			slices.SortFunc(es, func(a, b graph.NetworkEdge) int {
				return cmp.Or(cmp.Compare(b.Strength, a.Strength), cmp.Compare(a.ID, b.ID))
			})
			if got := s.TieEdges(int32(i)); !slices.Equal(got, es) {
				t.Fatalf("trial %d: tie %s–%s has %+v, want %+v", trial, u, v, got, es)
			}
			if tie.Strength != es[0].Strength || s.TieEdge(int32(i)) != es[0] || s.Parallel(int32(i)) != len(es) {
				t.Fatalf("trial %d: tie %s–%s = %+v via %+v", trial, u, v, tie, s.TieEdge(int32(i)))
			}
		}
		for x := range s.Nodes {
			adj := s.Adj[s.Off[x]:s.Off[x+1]]
			if !slices.IsSorted(adj) {
				t.Fatalf("trial %d: neighbours of %d not sorted: %v", trial, x, adj)
			}
			for k := s.Off[x]; k < s.Off[x+1]; k++ {
				tie := s.Ties[s.TieOf[k]]
				if !(tie.U == int32(x) && tie.V == s.Adj[k] || tie.V == int32(x) && tie.U == s.Adj[k]) {
					t.Fatalf("trial %d: arc %d→%d names tie %+v", trial, x, s.Adj[k], tie)
				}
			}
			if i, ok := s.Index(s.Nodes[x].ID); !ok || i != int32(x) {
				t.Fatalf("trial %d: Index(%s) = %d %v", trial, s.Nodes[x].ID, i, ok)
			}
		}
		if _, ok := s.Index("nobody"); ok {
			t.Fatal("Index found an id that is no node")
		}
	}
}

// TestBuildRefusesDanglingEdges: an edge whose end is not a node is an
// internal error (a store's Network never yields one), also when it comes
// after more than a batch of good edges.
func TestBuildRefusesDanglingEdges(t *testing.T) {
	net := &graph.Network{Nodes: []graph.NetworkNode{{ID: "a"}, {ID: "b"}}}
	for i := range 2*edgeBatch + 3 {
		net.Edges = append(net.Edges, graph.NetworkEdge{ID: fmt.Sprint(i), From: "a", To: "b", Type: graph.RelKnows})
	}
	net.Edges = append(net.Edges, graph.NetworkEdge{ID: "bad", From: "a", To: "ghost", Type: graph.RelKnows})
	if _, err := NewSnapshot(net); graph.ErrorCode(err) != graph.EINTERNAL || !strings.Contains(err.Error(), `"bad"`) {
		t.Fatalf("err = %v, want EINTERNAL naming the relationship", err)
	}
}

// objectingSource is a network with one objecting person, p2.
type objectingSource struct{ countingSource }

func (*objectingSource) Objecting(context.Context) ([]string, int64, error) {
	return []string{"p2"}, 1, nil
}

func (*objectingSource) Network(_ context.Context, v graph.NetworkVisitor) (int64, error) {
	for _, id := range []string{"e1", "p1", "p2"} {
		k := graph.KindPerson
		if id == "e1" {
			k = graph.KindEmployee
		}
		if err := v.Node(graph.NetworkNode{ID: id, Kind: k}); err != nil {
			return 0, err
		}
	}
	for _, e := range []graph.NetworkEdge{{ID: "r1", From: "e1", To: "p1"}, {ID: "r2", From: "p1", To: "p2"}} {
		e.Type, e.Strength = graph.RelKnows, 0.5
		if err := v.Edge(e); err != nil {
			return 0, err
		}
	}
	return 1, nil
}

// TestSnapshotLeavesOutObjecting: the persons who object are not read into
// the snapshot, nor are their ties.
func TestSnapshotLeavesOutObjecting(t *testing.T) {
	s, err := (&Cache{Source: &objectingSource{countingSource{version: 1}}}).Snapshot(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Nodes) != 2 || len(s.Ties) != 1 || s.TieEdge(0).ID != "r1" {
		t.Fatalf("nodes %+v, ties %+v; want e1, p1 and r1 only", s.Nodes, s.Ties)
	}
	if _, ok := s.Index("p2"); ok {
		t.Error("the objecting person is in the index")
	}
}

// TestEndedTiesCarryNothing: Jan sat on the board of the fund until 1
// March 2026 and Anna knows him (0.6; the board seat 0.8). On 28 February
// the fund is reached through Jan (0.6 × 0.8 = 0.48); from 1 March it is
// not: an ended tie introduces nobody. Anna's meeting with Jan on 10
// February counts for the fund on every day (the roll-up of Holders counts
// by the affiliation on the contact's day, graph.AffiliatedOn): Jan sat on
// its board then, so Anna held the fund through him and still does.
func TestEndedTiesCarryNothing(t *testing.T) {
	end := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	n := &graph.Network{
		Nodes: []graph.NetworkNode{
			{ID: "emp-anna", Kind: graph.KindEmployee, Name: "Anna"},
			{ID: "per-jan", Kind: graph.KindPerson, Name: "Jan"},
			{ID: "org-fund", Kind: graph.KindOrganisation, Name: "Fund"},
		},
		Edges: []graph.NetworkEdge{
			{ID: "k", Type: graph.RelKnows, From: "emp-anna", To: "per-jan", Strength: 0.6},
			{ID: "b", Type: graph.RelBoardMemberOf, From: "per-jan", To: "org-fund", Strength: 0.8, Until: end},
		},
	}
	met := []*graph.Contact{{ID: "c1", EmployeeID: "emp-anna", StakeholderID: "per-jan", Date: time.Date(2026, 2, 10, 0, 0, 0, 0, time.UTC), Mode: graph.ModeMeeting}}
	for _, tc := range []struct {
		now      time.Time
		strength float64 // of the best path to the fund, 0: none
		holders  int     // Anna holding the fund directly
	}{
		{time.Date(2026, 2, 28, 12, 0, 0, 0, time.UTC), 0.48, 1},
		{end, 0, 1},
		{end.AddDate(0, 1, 0), 0, 1},
	} {
		s, err := Build(n, Options{Now: tc.now})
		if err != nil {
			t.Fatal(err)
		}
		res, err := FindPaths(t.Context(), s, PathQuery{To: "org-fund"})
		if err != nil {
			t.Fatal(err)
		}
		got := 0.0
		if len(res.Paths) > 0 {
			got = res.Paths[0].Strength
		}
		if math.Abs(got-tc.strength) > 1e-12 {
			t.Errorf("on %s: best path %v, want %v", tc.now.Format(time.DateOnly), got, tc.strength)
		}
		h, err := Holders(s, met, "org-fund", tc.now)
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Direct) != tc.holders {
			t.Errorf("on %s: %d direct holders of the fund, want %d: %+v", tc.now.Format(time.DateOnly), len(h.Direct), tc.holders, h.Direct)
		}
	}
}
