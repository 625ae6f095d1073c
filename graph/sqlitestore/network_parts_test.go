package sqlitestore

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/relmap/relmap/graph"
)

// partsStore returns a store of 60 persons and 120 knows ties that Network
// reads in two parts (partsFrom lowered from minPartsSpan), with every
// relationship id in rowid order.
func partsStore(t *testing.T) (*Store, []string) {
	t.Helper()
	s := openInternal(t)
	s.partsFrom = 10
	var b graph.Batch
	for i := range 60 {
		b.Persons = append(b.Persons, &graph.Person{ID: fmt.Sprintf("per-%02d", i), Name: fmt.Sprintf("Person %d", i)})
	}
	var ids []string
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
	return s, ids
}

// concurrentEdges reads s's network with graph.NetworkVisitor.ConcurrentEdges
// and returns the version and the edges' ids, sorted.
func concurrentEdges(t *testing.T, s *Store) (int64, []string) {
	t.Helper()
	var (
		mu  sync.Mutex
		ids []string
	)
	v, err := s.Network(t.Context(), graph.NetworkVisitor{ConcurrentEdges: true, Edge: func(e graph.NetworkEdge) error {
		mu.Lock()
		defer mu.Unlock()
		ids = append(ids, e.ID)
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(ids)
	return v, ids
}

// TestNetworkPartsSeeOneVersion: the relationships read in two parts on
// two connections are those of the version Network returns, even when a
// write lands after the first connection's read began and before the
// second's (betweenParts): the versions differ and the first connection
// reads them all. Without the check the second part would see the
// relationship written in between.
func TestNetworkPartsSeeOneVersion(t *testing.T) {
	s, ids := partsStore(t)
	before, err := s.Version(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	parts := 0
	s.betweenParts = func() { parts++ }
	v, got := concurrentEdges(t, s)
	if parts != 1 || v != before || !slices.Equal(got, ids) {
		t.Fatalf("without writes: %d second parts, version %d (want %d), edges %v, want %v", parts, v, before, got, ids)
	}

	s.betweenParts = func() {
		b := &graph.Batch{Relationships: []*graph.Relationship{{ID: "rel-new", Type: graph.RelKnows, From: "per-00", To: "per-30", Strength: 1}}}
		if _, err := s.Upsert(t.Context(), b, graph.UpsertOptions{}); err != nil {
			t.Error(err)
		}
	}
	v, got = concurrentEdges(t, s)
	if v != before || !slices.Equal(got, ids) {
		t.Errorf("a write between the parts' reads: version %d (want %d), edges %v, want %v (the version's)", v, before, got, ids)
	}
	s.betweenParts = nil
	v, got = concurrentEdges(t, s)
	if want := append(slices.Clone(ids), "rel-new"); v != before+1 || !slices.Equal(got, want) {
		t.Errorf("after the write: version %d (want %d), edges %v, want %v", v, before+1, got, want)
	}
}
