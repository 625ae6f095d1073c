package analysis

import (
	"context"
	"testing"

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
	if tie := s.Ties[0]; tie.U != 0 || tie.V != 2 || tie.Strength != 0.9 || tie.Edge.ID != "e2" || tie.Parallel != 2 {
		t.Errorf("tie a–c = %+v, want 0.9 via e2 of 2 parallel", tie)
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
