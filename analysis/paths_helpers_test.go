package analysis

import (
	"errors"
	"testing"

	"github.com/relmap/relmap/graph"
)

// pathNet builds a small network for tests.
type pathNet struct{ n graph.Network }

func (b *pathNet) emp(id, name string) *pathNet {
	b.n.Nodes = append(b.n.Nodes, graph.NetworkNode{ID: id, Kind: graph.KindEmployee, Name: name})
	return b
}

func (b *pathNet) per(id, name string) *pathNet {
	b.n.Nodes = append(b.n.Nodes, graph.NetworkNode{ID: id, Kind: graph.KindPerson, Name: name})
	return b
}

// dnr adds a person who objected to being routed through.
func (b *pathNet) dnr(id, name string) *pathNet {
	b.n.Nodes = append(b.n.Nodes, graph.NetworkNode{ID: id, Kind: graph.KindPerson, Name: name, DoNotRoute: true})
	return b
}

func (b *pathNet) org(id, name string) *pathNet {
	b.n.Nodes = append(b.n.Nodes, graph.NetworkNode{ID: id, Kind: graph.KindOrganisation, Name: name})
	return b
}

// rel adds a relationship with its derived id.
func (b *pathNet) rel(t graph.RelType, from, to string, s float64) *pathNet {
	b.n.Edges = append(b.n.Edges, graph.NetworkEdge{ID: graph.RelationshipID(t, from, to), Type: t, From: from, To: to, Strength: s})
	return b
}

func (b *pathNet) snap(t testing.TB) *Snapshot {
	t.Helper()
	s, err := NewSnapshot(&b.n)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// ids returns the node ids of a path.
func pathNodeIDs(p Path) []string {
	out := make([]string, len(p.Nodes))
	for i, n := range p.Nodes {
		out[i] = n.ID
	}
	return out
}

// wantError checks that err is a *graph.Error with code and field.
func wantPathError(t *testing.T, err error, code, field string) {
	t.Helper()
	var e *graph.Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v, want a *graph.Error %s on %q", err, code, field)
	}
	if e.Code != code || e.Field != field {
		t.Fatalf("error = %v (code %s, field %q), want code %s on %q", err, e.Code, e.Field, code, field)
	}
}
