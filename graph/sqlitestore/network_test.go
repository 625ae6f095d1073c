package sqlitestore_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
	"github.com/relmap/relmap/graph/storetest"
)

// TestNetworkRows checks the one-column rows Network reads (see sep in
// network.go) against the listings, which read the columns one by one: the
// same values field by field, a name holding the separator (as a name
// written before names refused control characters may) intact as the
// row's last field, enum values that are relmap's constants, and Size told
// the exact counts.
func TestNetworkRows(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "relmap.db")
	s, err := sqlitestore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Upsert(ctx, storetest.Sample(), graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	persons, _, err := s.FindPersons(ctx, graph.NodeFilter{})
	if err != nil {
		t.Fatal(err)
	}
	odd := persons[0].ID
	if _, err := rawDB(t, path).Exec(`UPDATE nodes SET name = 'Jan' || char(31) || 'de Vries' WHERE id = ?`, odd); err != nil {
		t.Fatal(err)
	}
	rels, _, err := s.FindRelationships(ctx, graph.RelationshipFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]graph.NetworkEdge{}
	for _, r := range rels {
		want[r.ID] = graph.EdgeOf(r)
	}

	var nodes, edges []string
	sized := [2]int{-1, -1}
	_, err = s.Network(ctx, graph.NetworkVisitor{
		Size: func(n, e int) { sized = [2]int{n, e} },
		Node: func(n graph.NetworkNode) error {
			nodes = append(nodes, n.ID)
			if !n.Kind.Valid() || !n.PartyType.Valid() {
				t.Errorf("node %+v: kind or party type not of the vocabulary", n)
			}
			if n.ID == odd && n.Name != "Jan\x1fde Vries" {
				t.Errorf("name of %s = %q, want it whole", odd, n.Name)
			}
			return nil
		},
		Edge: func(e graph.NetworkEdge) error {
			edges = append(edges, e.ID)
			if w := want[e.ID]; e != w {
				t.Errorf("edge %+v, want %+v", e, w)
			}
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if sized != [2]int{len(nodes), len(edges)} || len(edges) != len(rels) {
		t.Errorf("Size told %v; streamed %d nodes and %d edges of %d relationships", sized, len(nodes), len(edges), len(rels))
	}
}

// TestNetworkStopsWhenCanceled: a context canceled while the network
// streams stops the stream within 256 rows (driverRows checks it; the
// driver itself watches it only until the first row) with the context's
// error.
func TestNetworkStopsWhenCanceled(t *testing.T) {
	s, err := sqlitestore.Open(t.Context(), filepath.Join(t.TempDir(), "relmap.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const persons, ties = 300, 900
	var b graph.Batch
	for i := range persons {
		b.Persons = append(b.Persons, &graph.Person{ID: fmt.Sprintf("per-%d", i), Name: fmt.Sprintf("Person %d", i)})
	}
	for i := range ties {
		b.Relationships = append(b.Relationships, &graph.Relationship{
			Type: graph.RelKnows, From: fmt.Sprintf("per-%d", i%persons), To: fmt.Sprintf("per-%d", (i%persons+1+i/persons)%persons), Strength: 0.5,
		})
	}
	if _, err := s.Upsert(t.Context(), &b, graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	edges := 0
	_, err = s.Network(ctx, graph.NetworkVisitor{Edge: func(graph.NetworkEdge) error {
		edges++
		cancel()
		return nil
	}})
	if !errors.Is(err, context.Canceled) || edges > 256 {
		t.Errorf("Network canceled at the first of %d edges: %d edges streamed, error %v; want at most 256 and context.Canceled", ties, edges, err)
	}
}
