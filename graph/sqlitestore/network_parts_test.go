package sqlitestore

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/relmap/relmap/graph"
)

// partsStore returns a store of 60 persons and 120 knows ties that Network
// reads in two parts (partsFrom lowered from minPartsSpan), and their ids,
// sorted.
func partsStore(t *testing.T) (*Store, []string, []string) {
	t.Helper()
	s := openInternal(t)
	s.partsFrom = 10
	var b graph.Batch
	var nodes, ids []string
	for i := range 60 {
		nodes = append(nodes, fmt.Sprintf("per-%02d", i))
		b.Persons = append(b.Persons, &graph.Person{ID: nodes[i], Name: fmt.Sprintf("Person %d", i)})
	}
	for i := range 120 {
		id := fmt.Sprintf("rel-%03d", i)
		ids = append(ids, id)
		b.Relationships = append(b.Relationships, &graph.Relationship{
			ID: id, Type: graph.RelKnows, From: fmt.Sprintf("per-%02d", i%60), To: fmt.Sprintf("per-%02d", (i%60+1+i/60)%60), Strength: 0.5,
		})
	}
	if _, err := s.Upsert(t.Context(), &b, graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	return s, nodes, ids
}

// concurrentRead reads s's network with graph.NetworkVisitor.Parts and
// returns the version and the nodes' and edges' ids, sorted.
func concurrentRead(t *testing.T, s *Store) (int64, []string, []string) {
	t.Helper()
	var (
		mu         sync.Mutex
		nodes, ids []string
	)
	v := graph.NetworkVisitor{
		Node: func(n graph.NetworkNode) error {
			mu.Lock()
			defer mu.Unlock()
			nodes = append(nodes, n.ID)
			return nil
		},
		Edge: func(e graph.NetworkEdge) error {
			mu.Lock()
			defer mu.Unlock()
			ids = append(ids, e.ID)
			return nil
		},
	}
	v.Parts = func(int) graph.NetworkVisitor { return graph.NetworkVisitor{Node: v.Node, Edge: v.Edge} }
	ver, err := s.Network(t.Context(), v)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(nodes)
	slices.Sort(ids)
	return ver, nodes, ids
}

// TestNetworkPartsSeeOneVersion: the nodes and relationships read in two
// parts on two connections are those of the version Network returns, even
// when a write lands after the first connection's read began and before
// the second's (betweenParts): the versions differ and the first
// connection reads them all. Without the check the second parts would see
// the node and the relationship written in between.
func TestNetworkPartsSeeOneVersion(t *testing.T) {
	s, nodes, ids := partsStore(t)
	before, err := s.Version(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	parts := 0
	s.betweenParts = func() { parts++ }
	v, gotNodes, got := concurrentRead(t, s)
	if parts != 1 || v != before || !slices.Equal(gotNodes, nodes) || !slices.Equal(got, ids) {
		t.Fatalf("without writes: %d second parts, version %d (want %d), nodes %v, edges %v, want %v and %v", parts, v, before, gotNodes, got, nodes, ids)
	}

	s.betweenParts = func() {
		b := &graph.Batch{
			Persons:       []*graph.Person{{ID: "per-new", Name: "New"}},
			Relationships: []*graph.Relationship{{ID: "rel-new", Type: graph.RelKnows, From: "per-00", To: "per-new", Strength: 1}},
		}
		if _, err := s.Upsert(t.Context(), b, graph.UpsertOptions{}); err != nil {
			t.Error(err)
		}
	}
	v, gotNodes, got = concurrentRead(t, s)
	if v != before || !slices.Equal(gotNodes, nodes) || !slices.Equal(got, ids) {
		t.Errorf("a write between the parts' reads: version %d (want %d), nodes %v, edges %v, want %v and %v (the version's)", v, before, gotNodes, got, nodes, ids)
	}
	s.betweenParts = nil
	v, gotNodes, got = concurrentRead(t, s)
	if wantNodes, want := append(slices.Clone(nodes), "per-new"), append(slices.Clone(ids), "rel-new"); v != before+1 || !slices.Equal(gotNodes, wantNodes) || !slices.Equal(got, want) {
		t.Errorf("after the write: version %d (want %d), nodes %v, edges %v, want %v and %v", v, before+1, gotNodes, got, wantNodes, want)
	}
}
