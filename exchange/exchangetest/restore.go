package exchangetest

import (
	"bytes"
	"strings"
	"testing"

	"github.com/relmap/relmap/exchange"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/storetest"
	"github.com/relmap/relmap/segment"
	"github.com/relmap/relmap/segment/segmenttest"
)

// records is every record a store holds, with its audit fields.
type records struct {
	Employees     []*graph.Employee
	Organisations []*graph.Organisation
	Persons       []*graph.Person
	Relationships []*graph.Relationship
	Contacts      []*graph.Contact
	Assessments   []*segment.Assessment
	Suppressions  []graph.Suppression
}

func all(t *testing.T, s Store) records {
	t.Helper()
	var r records
	var err error
	all := graph.NodeFilter{Page: graph.Page{Limit: graph.MaxLimit}}
	r.Employees, _, err = s.FindEmployees(ctx, all)
	storetest.Must(t, err)
	r.Organisations, _, err = s.FindOrganisations(ctx, all)
	storetest.Must(t, err)
	r.Persons, _, err = s.FindPersons(ctx, all)
	storetest.Must(t, err)
	r.Relationships, _, err = s.FindRelationships(ctx, graph.RelationshipFilter{Page: all.Page})
	storetest.Must(t, err)
	r.Contacts, _, err = s.FindContacts(ctx, graph.ContactFilter{Page: all.Page})
	storetest.Must(t, err)
	r.Assessments, _, err = s.FindAssessments(ctx, segment.AssessmentFilter{Page: all.Page})
	storetest.Must(t, err)
	r.Suppressions, err = s.Suppressions(ctx)
	storetest.Must(t, err)
	return r
}

// testRestore: a JSON backup (exchange.WriteJSON) restored into an empty
// store (exchange.Import) holds every record with the stamps it had —
// created and updated at the first store's times, by its actors, not by
// the restore — and the suppression list, so that the erased person is
// refused again, in the backup itself or in a later import.
func testRestore(t *testing.T, s Store, open func(t *testing.T) Store) {
	_, err := s.Upsert(graph.WithActor(ctx, "anna"), storetest.Sample(), graph.UpsertOptions{})
	storetest.Must(t, err)
	_, err = s.UpsertAssessments(graph.WithActor(ctx, "anna"), segmenttest.Sample(), graph.UpsertOptions{})
	storetest.Must(t, err)
	title := "Huisarts"
	_, err = s.UpdatePerson(graph.WithActor(ctx, "bert"), "per-eva", graph.PersonUpdate{Title: &title})
	storetest.Must(t, err)
	_, err = s.ErasePerson(graph.WithActor(ctx, "dpo"), "per-dirk")
	storetest.Must(t, err)
	want := all(t, s)
	if len(want.Suppressions) != 3 {
		t.Fatalf("%d suppressions after erasing per-dirk, want 3 (id, e-mail, profile)", len(want.Suppressions))
	}
	var buf bytes.Buffer
	storetest.Must(t, exchange.WriteJSON(ctx, &buf, s))
	backup := buf.Bytes()
	if bytes.Contains(backup, []byte("per-dirk")) || !bytes.Contains(backup, []byte(`"suppressions"`)) {
		t.Fatalf("the backup names the erased person or lacks the suppression list:\n%s", backup)
	}

	r := open(t) // empty; for Neo4j the same database, wiped
	doc, err := exchange.ReadJSON(bytes.NewReader(backup))
	storetest.Must(t, err)
	res, err := exchange.Import(graph.WithActor(ctx, "restore"), r, doc, graph.UpsertOptions{})
	storetest.Must(t, err)
	if res.Suppressions.Created != 3 {
		t.Errorf("restore: %+v suppressions, want 3 created", res.Suppressions)
	}
	if d := storetest.Diff(want, all(t, r)); d != "" {
		t.Fatalf("restored store differs from the one backed up:\n%s", d)
	}

	// A record the import changes is stamped by the import, as any change.
	doc, err = exchange.ReadJSON(bytes.NewReader(backup))
	storetest.Must(t, err)
	doc.Persons[0].Title = "Arts"
	_, err = exchange.Import(graph.WithActor(ctx, "editor"), r, doc, graph.UpsertOptions{})
	storetest.Must(t, err)
	p, err := r.FindPersonByID(ctx, doc.Persons[0].ID)
	storetest.Must(t, err)
	if p.UpdatedBy != "editor" || p.CreatedBy != "anna" {
		t.Errorf("changed by a later import: created by %q, updated by %q; want anna, editor", p.CreatedBy, p.UpdatedBy)
	}

	// The erased person, under the id or the e-mail address, is refused
	// by a later import, and by a backup that carries them.
	dirk := storetest.Sample().Persons[0]
	_, err = r.Upsert(ctx, &graph.Batch{Persons: []*graph.Person{{ID: "per-new", Name: "Nieuw"}, {ID: "per-x", Name: "D. Smit", Email: dirk.Email}}}, graph.UpsertOptions{})
	storetest.WantErr(t, err, graph.ECONFLICT, "persons[1]", "email")
	doc, err = exchange.ReadJSON(bytes.NewReader(backup))
	storetest.Must(t, err)
	doc.Persons = append(doc.Persons, dirk)
	e := open(t) // for Neo4j, r is wiped from here on
	_, err = exchange.Import(ctx, e, doc, graph.UpsertOptions{})
	storetest.WantErr(t, err, graph.ECONFLICT, "persons[3]", "id")
	if got := all(t, e); len(got.Persons)+len(got.Suppressions) != 0 {
		t.Errorf("a refused backup left %d persons and %d suppressions", len(got.Persons), len(got.Suppressions))
	}

	// A suppression entry that is no digest is refused, naming it.
	doc, err = exchange.ReadJSON(strings.NewReader(`{"suppressions": [{"hash": "per-dirk", "erased_at": "2026-01-02T00:00:00Z"}]}`))
	storetest.Must(t, err)
	_, err = exchange.Import(ctx, e, doc, graph.UpsertOptions{})
	storetest.WantErr(t, err, graph.EINVALID, "suppressions[0]", "hash")
}
