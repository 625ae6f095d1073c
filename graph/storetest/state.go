package storetest

import (
	"cmp"
	"slices"
	"testing"

	"github.com/relmap/relmap/graph"
)

// state is everything a store shows: its network, its version and the full
// listing of every kind of record.
type state struct {
	Version       int64
	Network       *graph.Network
	Employees     []*graph.Employee
	Organisations []*graph.Organisation
	Persons       []*graph.Person
	Relationships []*graph.Relationship
	Contacts      []*graph.Contact
	Intros        []*graph.IntroRequest
}

// capture reads the state of s.
func capture(t *testing.T, s graph.Store) state {
	t.Helper()
	net, err := graph.ReadNetwork(bg, s)
	Must(t, err)
	return state{
		Version: version(t, s),
		Network: net,
		Employees: all(t, "employees", func(p graph.Page) ([]*graph.Employee, int, error) {
			return s.FindEmployees(bg, graph.NodeFilter{Page: p})
		}),
		Organisations: all(t, "organisations", func(p graph.Page) ([]*graph.Organisation, int, error) {
			return s.FindOrganisations(bg, graph.NodeFilter{Page: p})
		}),
		Persons: all(t, "persons", func(p graph.Page) ([]*graph.Person, int, error) {
			return s.FindPersons(bg, graph.NodeFilter{Page: p})
		}),
		Relationships: all(t, "relationships", func(p graph.Page) ([]*graph.Relationship, int, error) {
			return s.FindRelationships(bg, graph.RelationshipFilter{Page: p})
		}),
		Contacts: all(t, "contacts", func(p graph.Page) ([]*graph.Contact, int, error) {
			return s.FindContacts(bg, graph.ContactFilter{Page: p})
		}),
		Intros: all(t, "introduction requests", func(p graph.Page) ([]*graph.IntroRequest, int, error) {
			is, ok := s.(graph.IntroStore)
			if !ok {
				t.Fatal("the store keeps no introduction requests (graph.IntroStore)")
			}
			return is.FindIntros(bg, graph.IntroFilter{Page: p})
		}),
	}
}

// all pages through a listing with the largest pages allowed.
func all[T any](t *testing.T, what string, find func(graph.Page) ([]*T, int, error)) []*T {
	t.Helper()
	var out []*T
	for {
		xs, total, err := find(graph.Page{Offset: len(out), Limit: graph.MaxLimit})
		if err != nil {
			t.Fatalf("list %s: %v", what, err)
		}
		out = append(out, xs...)
		if len(xs) == 0 || len(out) >= total {
			if len(out) != total {
				t.Fatalf("list %s: got %d records, total says %d", what, len(out), total)
			}
			return out
		}
	}
}

// unchanged fails t when s no longer shows the state before.
func unchanged(t *testing.T, s graph.Store, before state) {
	t.Helper()
	if d := Diff(before, capture(t, s)); d != "" {
		t.Fatalf("the store changed: %s", d)
	}
}

// The orders of the listings, as graph.Store documents them.

func nodeOrder[T any](name func(*T) string) func(a, b *T) int {
	return func(a, b *T) int {
		return cmp.Or(cmp.Compare(name(a), name(b)), cmp.Compare(idOf(a), idOf(b)))
	}
}

func sortedEmployees(xs []*graph.Employee) []*graph.Employee {
	return slices.SortedFunc(slices.Values(xs), nodeOrder(func(e *graph.Employee) string { return e.Name }))
}

func sortedOrganisations(xs []*graph.Organisation) []*graph.Organisation {
	return slices.SortedFunc(slices.Values(xs), nodeOrder(func(o *graph.Organisation) string { return o.Name }))
}

func sortedPersons(xs []*graph.Person) []*graph.Person {
	return slices.SortedFunc(slices.Values(xs), nodeOrder(func(p *graph.Person) string { return p.Name }))
}

func sortedRelationships(xs []*graph.Relationship) []*graph.Relationship {
	return slices.SortedFunc(slices.Values(xs), func(a, b *graph.Relationship) int { return cmp.Compare(a.ID, b.ID) })
}

func sortedContacts(xs []*graph.Contact) []*graph.Contact {
	return slices.SortedFunc(slices.Values(xs), func(a, b *graph.Contact) int {
		return cmp.Or(b.Date.Compare(a.Date), cmp.Compare(a.ID, b.ID))
	})
}

// stateOf returns the state a store holding exactly the (normalized,
// audited) records of b shows, at version v.
func stateOf(b *graph.Batch, v int64) state {
	net := &graph.Network{Version: v}
	for _, e := range b.Employees {
		net.Nodes = append(net.Nodes, graph.NodeOf(e))
	}
	for _, o := range b.Organisations {
		net.Nodes = append(net.Nodes, graph.NodeOf(o))
	}
	for _, p := range b.Persons {
		net.Nodes = append(net.Nodes, graph.NodeOf(p))
	}
	for _, r := range b.Relationships {
		net.Edges = append(net.Edges, graph.EdgeOf(r))
	}
	slices.SortFunc(net.Nodes, func(a, b graph.NetworkNode) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(net.Edges, func(a, b graph.NetworkEdge) int { return cmp.Compare(a.ID, b.ID) })
	return state{
		Version:       v,
		Network:       net,
		Employees:     sortedEmployees(b.Employees),
		Organisations: sortedOrganisations(b.Organisations),
		Persons:       sortedPersons(b.Persons),
		Relationships: sortedRelationships(b.Relationships),
		Contacts:      sortedContacts(b.Contacts),
	}
}
