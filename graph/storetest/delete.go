package storetest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
)

// afterNodeDelete returns the state that before turns into when the node id
// is deleted by actor: the node, its relationships and its contacts are
// gone, and the nodes it owned have no owner, an UpdatedAt later than
// before (taken from after, once checked) and UpdatedBy actor.
func afterNodeDelete(t *testing.T, before, after state, id, actor string) state {
	t.Helper()
	want := before
	want.Version, want.Network = after.Version, &graph.Network{Version: after.Network.Version}
	clearOwner := func(what, id string, ownerID *string, a *graph.Audit, got graph.Audit) {
		*ownerID = ""
		t.Run("owner cleared on "+what+" "+id, func(t *testing.T) { wantUpdated(t, *a, got, actor) })
		*a = got
	}
	want.Employees = without(before.Employees, id)
	want.Organisations = nil
	for _, o := range before.Organisations {
		if o.ID == id {
			continue
		}
		if o.OwnerID == id {
			c := *o
			got := byID(after.Organisations, o.ID)
			if got == nil {
				t.Fatalf("organisation %s is gone", o.ID)
			}
			clearOwner("organisation", o.ID, &c.OwnerID, &c.Audit, got.Audit)
			o = &c
		}
		want.Organisations = append(want.Organisations, o)
	}
	want.Persons = nil
	for _, p := range before.Persons {
		if p.ID == id {
			continue
		}
		if p.OwnerID == id {
			c := *p
			got := byID(after.Persons, p.ID)
			if got == nil {
				t.Fatalf("person %s is gone", p.ID)
			}
			clearOwner("person", p.ID, &c.OwnerID, &c.Audit, got.Audit)
			p = &c
		}
		want.Persons = append(want.Persons, p)
	}
	want.Relationships = slices.DeleteFunc(slices.Clone(before.Relationships), func(r *graph.Relationship) bool {
		return r.From == id || r.To == id
	})
	want.Contacts = slices.DeleteFunc(slices.Clone(before.Contacts), func(c *graph.Contact) bool {
		return c.EmployeeID == id || c.StakeholderID == id
	})
	for _, n := range before.Network.Nodes {
		if n.ID == id {
			continue
		}
		if n.OwnerID == id {
			n.OwnerID = ""
		}
		want.Network.Nodes = append(want.Network.Nodes, n)
	}
	for _, e := range before.Network.Edges {
		if e.From != id && e.To != id {
			want.Network.Edges = append(want.Network.Edges, e)
		}
	}
	return want
}

// deleteCascades deletes node id of a store holding Sample and compares the
// result with afterNodeDelete; lost counts what must have gone.
func deleteCascades(t *testing.T, s graph.Store, id string, del func(graph.Store) error, lostRels, lostContacts, owned int) state {
	t.Helper()
	_, err := s.Upsert(as("importer"), Sample(), graph.UpsertOptions{})
	Must(t, err)
	before := capture(t, s)
	Must(t, del(s))
	after := capture(t, s)
	if after.Version <= before.Version {
		t.Fatalf("version %d after the delete, want more than %d", after.Version, before.Version)
	}
	want := afterNodeDelete(t, before, after, id, "deleter")
	// The expectations above follow from before; check they are not empty.
	if got := len(before.Relationships) - len(want.Relationships); got != lostRels {
		t.Fatalf("the sample has %d relationships at %s, the test expects %d", got, id, lostRels)
	}
	if got := len(before.Contacts) - len(want.Contacts); got != lostContacts {
		t.Fatalf("the sample has %d contacts with %s, the test expects %d", got, id, lostContacts)
	}
	n := 0
	for _, nd := range before.Network.Nodes {
		if nd.OwnerID == id {
			n++
		}
	}
	if n != owned {
		t.Fatalf("the sample has %d nodes owned by %s, the test expects %d", n, id, owned)
	}
	same(t, "after the delete", want, after)
	return after
}

func testDeleteEmployeeCascades(t *testing.T, s graph.Store) {
	// emp-bram: advises org-city; con-2, con-3; owns org-fund and per-dirk.
	// Only a forced delete takes that history (testDeleteEmployeeRefused
	// checks the refusal).
	var d *graph.EmployeeDeletion
	deleteCascades(t, s, "emp-bram", func(s graph.Store) error {
		var err error
		d, err = s.DeleteEmployee(as("deleter"), "emp-bram", graph.DeleteOptions{Force: true})
		return err
	}, 1, 2, 2)
	same(t, "what the delete took", &graph.EmployeeDeletion{ID: "emp-bram", Contacts: 2, Relationships: 1,
		Organisations: 1, Persons: 1, Forced: true}, d)

	// What emp-bram owned changed: naming them again as owner is an update,
	// even though the records now equal what was first stored.
	v := version(t, s)
	b := Sample()
	res, err := s.Upsert(as("importer"), b, graph.UpsertOptions{})
	Must(t, err)
	same(t, "result of re-loading the sample", &graph.UpsertResult{
		Employees:     graph.Counts{Created: 1, Unchanged: 2},
		Organisations: graph.Counts{Updated: 1, Unchanged: 4},
		Persons:       graph.Counts{Updated: 1, Unchanged: 3},
		Relationships: graph.Counts{Created: 1, Unchanged: 12},
		Contacts:      graph.Counts{Created: 2, Unchanged: 3},
	}, res)
	v2 := wantMoved(t, s, v, "re-loading the sample")
	o, err := s.FindOrganisationByID(bg, "org-fund")
	Must(t, err)
	if o.OwnerID != "emp-bram" {
		t.Fatalf("org-fund owner %q, want emp-bram", o.OwnerID)
	}
	same(t, "stored", stateOf(b, v2).Network, capture(t, s).Network)
}

func testDeleteOrganisationCascades(t *testing.T, s graph.Store) {
	// org-fund: works_at per-dirk, funds org-council; con-2, con-3.
	deleteCascades(t, s, "org-fund", func(s graph.Store) error { return s.DeleteOrganisation(as("deleter"), "org-fund") }, 2, 2, 0)
}

func testDeletePersonCascades(t *testing.T, s graph.Store) {
	// per-dirk: knows emp-anna and per-eva, works_at org-fund, reports_to
	// from per-gert; con-1.
	deleteCascades(t, s, "per-dirk", func(s graph.Store) error { return s.DeletePerson(as("deleter"), "per-dirk") }, 4, 1, 0)
}

// testVersion walks through writes that change data and writes that do not.
func testVersion(t *testing.T, s graph.Store) {
	v := version(t, s)
	step := func(what string, changes bool, err error) {
		t.Helper()
		if changes {
			Must(t, err)
			v = wantMoved(t, s, v, what)
		} else {
			wantSameVersion(t, s, v, what)
		}
	}
	step("create", true, s.CreateEmployee(bg, &graph.Employee{ID: "emp-1", Name: "Anna", Role: graph.RoleStaff}))
	step("create", true, s.CreatePerson(bg, &graph.Person{ID: "per-1", Name: "Dirk"}))
	step("failed create", false, s.CreatePerson(bg, &graph.Person{ID: "per-1", Name: "Dirk"}))
	_, err := s.UpdatePerson(bg, "per-1", graph.PersonUpdate{Name: ptr("Dirk")})
	step("update without change", false, err)
	_, err = s.UpdatePerson(bg, "per-1", graph.PersonUpdate{Title: ptr("Director")})
	step("update", true, err)
	_, _, err = s.FindPersons(bg, graph.NodeFilter{})
	step("find", false, err)
	_, err = graph.ReadNetwork(bg, s)
	step("network", false, err)
	b := &graph.Batch{Relationships: []*graph.Relationship{{Type: graph.RelKnows, From: "emp-1", To: "per-1", Strength: 0.5}}}
	_, err = s.Upsert(bg, b, graph.UpsertOptions{DryRun: true})
	step("dry run", false, err)
	_, err = s.Upsert(bg, b, graph.UpsertOptions{})
	step("upsert", true, err)
	_, err = s.Upsert(bg, b, graph.UpsertOptions{})
	step("upsert without change", false, err)
	_, err = s.Upsert(bg, &graph.Batch{}, graph.UpsertOptions{})
	step("empty upsert", false, err)
	step("failed delete", false, s.DeleteRelationship(bg, "rel-none"))
	step("delete", true, s.DeleteRelationship(bg, b.Relationships[0].ID))
	_, err = s.DeleteEmployee(bg, "emp-1", graph.DeleteOptions{})
	step("delete", true, err)
}

// testNetwork checks the snapshot of Sample.
func testNetwork(t *testing.T, s graph.Store) {
	b := Sample()
	_, err := s.Upsert(bg, b, graph.UpsertOptions{})
	Must(t, err)
	net, err := graph.ReadNetwork(bg, s)
	Must(t, err)
	v := version(t, s)
	same(t, "network", stateOf(b, v).Network, net)
	if len(net.Nodes) != 12 || len(net.Edges) != 13 {
		t.Fatalf("%d nodes and %d edges, want 12 and 13", len(net.Nodes), len(net.Edges))
	}
	// Spot checks by hand, in case Sample and graph.NodeOf change together.
	node := func(id string) graph.NetworkNode {
		for _, n := range net.Nodes {
			if n.ID == id {
				return n
			}
		}
		t.Fatalf("no node %s", id)
		return graph.NetworkNode{}
	}
	same(t, "per-eva", graph.NetworkNode{ID: "per-eva", Kind: graph.KindPerson, Name: "Eva de Wit",
		PartyType: graph.PartyIntermediary, OwnerID: "emp-cees", DoNotRoute: true}, node("per-eva"))
	same(t, "org-fund", graph.NetworkNode{ID: "org-fund", Kind: graph.KindOrganisation, Name: "Fonds Noord",
		PartyType: graph.PartyInput, OwnerID: "emp-bram"}, node("org-fund"))
	same(t, "emp-anna", graph.NetworkNode{ID: "emp-anna", Kind: graph.KindEmployee, Name: "Anna Jansen"}, node("emp-anna"))
	var advises graph.NetworkEdge
	for _, e := range net.Edges {
		if e.Type == graph.RelAdvises {
			advises = e
		}
	}
	same(t, "advises", graph.NetworkEdge{ID: "advises:emp-bram:org-city", Type: graph.RelAdvises, From: "emp-bram", To: "org-city",
		Strength: 0.5, Nature: graph.NatureProfessional, Level: graph.LevelTactical}, advises)
	// Gert worked at the city from 2010 until 30 June 2025: the network
	// says so, and the analyses leave the tie out from that day
	// (analysis.Build) and count his contacts for the city by those days.
	var gert graph.NetworkEdge
	for _, e := range net.Edges {
		if e.ID == "works_at:per-gert:org-city" {
			gert = e
		}
	}
	same(t, "gert", graph.NetworkEdge{ID: "works_at:per-gert:org-city", Type: graph.RelWorksAt, From: "per-gert", To: "org-city",
		Strength: 0.9, Nature: graph.NatureFormal, Since: time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC),
		Until: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)}, gert)
}

// testNetworkVisitorError checks that an error of the visitor stops the
// stream and comes back.
func testNetworkVisitorError(t *testing.T, s graph.Store) {
	_, err := s.Upsert(bg, Sample(), graph.UpsertOptions{})
	Must(t, err)
	stop := errors.New("stop")
	var nodes, edges int
	_, err = s.Network(bg, graph.NetworkVisitor{
		Node: func(graph.NetworkNode) error { nodes++; return stop },
		Edge: func(graph.NetworkEdge) error { edges++; return nil },
	})
	if !errors.Is(err, stop) {
		t.Fatalf("error %v, want the visitor's", err)
	}
	if nodes != 1 || edges != 0 {
		t.Fatalf("visited %d nodes and %d edges after the first node failed, want 1 and 0", nodes, edges)
	}
	nodes, edges = 0, 0
	_, err = s.Network(bg, graph.NetworkVisitor{
		Node: func(graph.NetworkNode) error { nodes++; return nil },
		Edge: func(graph.NetworkEdge) error { edges++; return stop },
	})
	if !errors.Is(err, stop) {
		t.Fatalf("error %v, want the visitor's", err)
	}
	if nodes != 12 || edges != 1 {
		t.Fatalf("visited %d nodes and %d edges, want 12 and 1", nodes, edges)
	}
}

// testNetworkParts checks a stream to a visitor that takes parts at once
// (graph.NetworkVisitor.Parts): every node before the first edge, the
// same nodes and edges as a plain stream, each once, each part asked for
// once, and a visitor's error stopping it. The 5,000 relationships are
// enough for sqlitestore to read them in two parts (its own tests read
// the nodes in two parts too).
func testNetworkParts(t *testing.T, s graph.Store) {
	var b graph.Batch
	const persons, ties = 150, 5000
	for i := range persons {
		b.Persons = append(b.Persons, &graph.Person{ID: fmt.Sprintf("per-%03d", i), Name: fmt.Sprintf("Person %d", i)})
	}
	for i := 0; len(b.Relationships) < ties; i++ {
		for j := i + 1; j < persons && len(b.Relationships) < ties; j++ {
			b.Relationships = append(b.Relationships, &graph.Relationship{
				ID: fmt.Sprintf("rel-%04d", len(b.Relationships)), Type: graph.RelKnows,
				From: fmt.Sprintf("per-%03d", i), To: fmt.Sprintf("per-%03d", j), Strength: float64(1+j%10) / 10,
			})
		}
	}
	_, err := s.Upsert(bg, &b, graph.UpsertOptions{})
	Must(t, err)
	plain, err := graph.ReadNetwork(bg, s)
	Must(t, err)

	var (
		mu           sync.Mutex
		nodes, edges []string
		got          []graph.NetworkEdge
		parts        []int
	)
	v := graph.NetworkVisitor{
		Node: func(n graph.NetworkNode) error {
			mu.Lock()
			defer mu.Unlock()
			if len(edges) > 0 {
				t.Errorf("node %s after %d edges", n.ID, len(edges))
			}
			nodes = append(nodes, n.ID)
			return nil
		},
		Edge: func(e graph.NetworkEdge) error {
			mu.Lock()
			defer mu.Unlock()
			edges = append(edges, e.ID)
			got = append(got, e)
			return nil
		},
	}
	v.Parts = func(k int) graph.NetworkVisitor {
		mu.Lock()
		defer mu.Unlock()
		if slices.Contains(parts, k) {
			t.Errorf("part %d asked for again", k)
		}
		parts = append(parts, k)
		return graph.NetworkVisitor{Node: v.Node, Edge: v.Edge}
	}
	_, err = s.Network(bg, v)
	Must(t, err)
	slices.SortFunc(got, func(x, y graph.NetworkEdge) int { return strings.Compare(x.ID, y.ID) })
	slices.Sort(nodes)
	if !slices.EqualFunc(nodes, plain.Nodes, func(id string, n graph.NetworkNode) bool { return id == n.ID }) || !slices.Equal(got, plain.Edges) {
		t.Fatalf("%d nodes and %d edges streamed in %d parts, want the plain stream's %d and %d, the same", len(nodes), len(got), len(parts), len(plain.Nodes), len(plain.Edges))
	}

	stop := errors.New("stop")
	fail := func(graph.NetworkEdge) error { return stop }
	_, err = s.Network(bg, graph.NetworkVisitor{Edge: fail, Parts: func(int) graph.NetworkVisitor { return graph.NetworkVisitor{Edge: fail} }})
	if !errors.Is(err, stop) {
		t.Fatalf("error %v, want the visitor's", err)
	}
}
