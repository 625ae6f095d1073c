package storetest

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
)

// Payloads are texts full of Cypher and SQL metacharacters: quotes,
// backticks, parameters, comments, a closing of a pattern followed by a
// DETACH DELETE, an SQL statement break with a DROP TABLE, relmap's own
// query placeholders, LIKE wildcards and escapes, and non-ASCII text. A
// store that assembled a statement from any of them would fail, or delete
// or change data; a store that treats them as values stores and returns
// them byte for byte. None has white space at its ends (graph trims names
// and notes) or a NUL.
var Payloads = []string{
	`O'Brien & "Sons"`,
	"`Backtick` Label`) MATCH (m) RETURN m",
	`$x $id {id: $name} $$`,
	`// the rest is a comment`,
	`/* an open comment`,
	`}) DETACH DELETE n //`,
	`'); DROP TABLE nodes; --`,
	`" OR "1"="1" --`,
	`' OR '1'='1`,
	`{{LABEL}} {{TYPE}} {{TYPES}}`,
	`100% _match_ \back\slash \' \"`,
	`MATCH (n) DETACH DELETE n; MATCH (m) RETURN m`,
	`]->(:Employee) SET n.name = 'x' WITH n MATCH (o) DELETE o //`,
	`Zoë Ünal — 東京 🚀 עברית`,
	"line one\u2028line two\u00a0no-break\u2029line three", // separators that are not control characters: every payload is also a name, and names refuse those (graph.ValidateName)
}

// payloadIDs are ids made of the same metacharacters (ids cannot hold
// white space).
var payloadIDs = []string{
	`inj-o'brien`,
	`inj-"q"`,
	"inj-`b`",
	`inj-$x`,
	`inj-//c`,
	`inj-/*c`,
	`inj-})DETACH_DELETE_n//`,
	`inj-');DROP_TABLE_nodes;--`,
	`inj-{{LABEL}}`,
	`inj-100%_\`,
	`inj-zoë-東京`,
}

// payload returns the i-th payload, cycling.
func payload(i int) string { return Payloads[i%len(Payloads)] }

// injectionBatch returns records whose ids and text fields are Payloads
// and payloadIDs, new on every call, tied to each other and to Sample's
// org-fund and emp-anna (so that the store must look those up by id).
func injectionBatch() *graph.Batch {
	id := func(i int) string { return payloadIDs[i%len(payloadIDs)] }
	b := &graph.Batch{
		Employees: []*graph.Employee{
			{ID: id(0), Name: payload(0), Email: "o'brien+$x@example.org", Role: graph.RoleStaff, Team: payload(1)},
		},
	}
	// One organisation and one person per payload, so each payload is a
	// name once and fills every other text field somewhere.
	n := 0
	next := func() string { n++; return payload(n) }
	for i := range Payloads {
		b.Organisations = append(b.Organisations, &graph.Organisation{
			ID: "inj-org-" + id(i+1) + "-" + strconv.Itoa(i), Name: payload(i), Sector: next(), City: next(), Website: next(),
			PartyType: graph.PartyIntermediary, OwnerID: id(0),
			Contribution: graph.Contribution{Know: next(), Able: next(), Want: next(), Do: next(),
				ExchangeMeans: next(), Benefits: next(), Interests: next()},
		})
		b.Persons = append(b.Persons, &graph.Person{
			ID: "inj-per-" + id(i+2) + "-" + strconv.Itoa(i), Name: payload(i + 3), Email: "o'brien+$x@example.org", Title: next(),
			LinkedInURL: next(), OwnerID: id(0), Contribution: graph.Contribution{Interests: next()},
		})
	}
	day := time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC)
	for i, p := range b.Persons {
		o := b.Organisations[(i+1)%len(b.Organisations)]
		b.Relationships = append(b.Relationships,
			&graph.Relationship{ID: "inj-rel-" + id(i) + "-" + strconv.Itoa(i), Type: graph.RelWorksAt, From: p.ID, To: o.ID,
				Strength: 0.5, Note: payload(i + 5)},
			&graph.Relationship{Type: graph.RelKnows, From: id(0), To: p.ID, Strength: 0.25, Note: payload(i + 6)})
		b.Contacts = append(b.Contacts, &graph.Contact{ID: "inj-con-" + id(i) + "-" + strconv.Itoa(i),
			Date: day.Add(time.Duration(i) * time.Hour), EmployeeID: id(0), StakeholderID: p.ID,
			Mode: graph.ModeMeeting, Note: payload(i + 7)})
	}
	b.Relationships = append(b.Relationships,
		&graph.Relationship{Type: graph.RelFunds, From: "org-fund", To: b.Organisations[0].ID, Strength: 0.75, Note: payload(5)},
		&graph.Relationship{Type: graph.RelKnows, From: "emp-anna", To: b.Persons[5].ID, Strength: 0.5, Note: payload(6)})
	b.Contacts = append(b.Contacts, &graph.Contact{ID: "inj-con-anna", Date: day, EmployeeID: "emp-anna",
		StakeholderID: b.Organisations[5].ID, Mode: graph.ModeLetter, Note: payload(5)})
	return b
}

// RunInjection checks that texts and ids full of query metacharacters
// (Payloads) are values to the store: stored and read back byte for byte,
// found by the filters literally, and without effect on any other record.
// open returns an empty store, as for Run.
//
// It loads Sample, then upserts injectionBatch (records whose every text
// field and id is a payload) and checks that the store shows exactly
// Sample plus that batch (listings, snapshot and the records by id, every
// field equal to what was given); that a name filter of each payload
// finds exactly the names that contain it (computed here with
// strings.Contains on ASCII-folded text); that relationship and contact
// filters by a payload id find that node's records; that updates and
// deletes addressed by payload ids touch only those records; and that once
// the injected nodes are deleted, the store shows Sample as before but for
// the version.
func RunInjection(t *testing.T, open func(t *testing.T) graph.Store) {
	s := open(t)
	ctx := as("injector")
	_, err := s.Upsert(ctx, Sample(), graph.UpsertOptions{})
	Must(t, err)
	before := capture(t, s)

	b := injectionBatch()
	res, err := s.Upsert(ctx, b, graph.UpsertOptions{})
	Must(t, err)
	same(t, "result", counts(b, false), res)

	// Normalization (trimming) must have left every payload as given:
	// compare the upserted records with a fresh copy, audit aside.
	given := injectionBatch()
	copyAudit(b, given)
	same(t, "the batch after upsert (normalization changed a payload)", given, b)

	// The store shows Sample (as read before) plus the batch, verbatim.
	v := wantMoved(t, s, before.Version, "the injection upsert")
	merged := &graph.Batch{
		Employees:     append(slices.Clone(before.Employees), b.Employees...),
		Organisations: append(slices.Clone(before.Organisations), b.Organisations...),
		Persons:       append(slices.Clone(before.Persons), b.Persons...),
		Relationships: append(slices.Clone(before.Relationships), b.Relationships...),
		Contacts:      append(slices.Clone(before.Contacts), b.Contacts...),
	}
	after := capture(t, s)
	same(t, "stored state", stateOf(merged, v), after)
	for _, o := range b.Organisations {
		got, err := s.FindOrganisationByID(bg, o.ID)
		Must(t, err)
		same(t, "organisation "+o.ID, o, got)
	}
	for _, p := range b.Persons {
		got, err := s.FindPersonByID(bg, p.ID)
		Must(t, err)
		same(t, "person "+p.ID, p, got)
	}
	for _, r := range b.Relationships {
		got, err := s.FindRelationshipByID(bg, r.ID)
		Must(t, err)
		same(t, "relationship "+r.ID, r, got)
	}
	for _, c := range b.Contacts {
		got, err := s.FindContactByID(bg, c.ID)
		Must(t, err)
		same(t, "contact "+c.ID, c, got)
	}

	// Lookups of ids that are payloads but not stored: not found, nothing
	// else (a store that ran them as statements would error or find more).
	for _, q := range Payloads {
		if _, err := s.FindOrganisationByID(bg, q); graph.ErrorCode(err) != graph.ENOTFOUND {
			t.Errorf("FindOrganisationByID(%q): %v, want %s", q, err, graph.ENOTFOUND)
		}
		if _, err := s.FindRelationshipByID(bg, q); graph.ErrorCode(err) != graph.ENOTFOUND {
			t.Errorf("FindRelationshipByID(%q): %v, want %s", q, err, graph.ENOTFOUND)
		}
	}

	// Name filters match payloads literally (ASCII case folding only).
	for _, q := range Payloads {
		wantNamed(t, "organisations", q, sortedOrganisations(merged.Organisations),
			func(o *graph.Organisation) string { return o.Name }, s.FindOrganisations)
		wantNamed(t, "persons", q, sortedPersons(merged.Persons),
			func(p *graph.Person) string { return p.Name }, s.FindPersons)
	}
	// Filters by a payload id.
	for _, p := range b.Persons[:4] {
		var want []string
		for _, r := range sortedRelationships(merged.Relationships) {
			if r.From == p.ID || r.To == p.ID {
				want = append(want, r.ID)
			}
		}
		got, total, err := s.FindRelationships(bg, graph.RelationshipFilter{NodeID: ptr(p.ID)})
		wantPage(t, "relationships of "+p.ID, got, total, err, want, len(want))
		want = nil
		for _, c := range sortedContacts(merged.Contacts) {
			if c.StakeholderID == p.ID {
				want = append(want, c.ID)
			}
		}
		gotC, total, err := s.FindContacts(bg, graph.ContactFilter{StakeholderID: ptr(p.ID)})
		wantPage(t, "contacts with "+p.ID, gotC, total, err, want, len(want))
	}

	// A relationship type is the one thing a store cannot pass as a value
	// (Neo4j types are part of the statement): one outside the vocabulary
	// selects nothing and is refused on write, and nothing changes.
	for _, q := range append(slices.Clone(Payloads), "KNOWS", "knows|works_at", "knows`]->() DETACH DELETE n //") {
		typ := graph.RelType(q)
		got, total, err := s.FindRelationships(bg, graph.RelationshipFilter{Type: &typ})
		wantPage(t, "relationships of type "+q, got, total, err, nil, 0)
		_, err = s.Upsert(ctx, &graph.Batch{Relationships: []*graph.Relationship{
			{ID: "inj-rel-type", Type: typ, From: "emp-anna", To: "org-fund", Strength: 0.5}}}, graph.UpsertOptions{})
		WantErr(t, err, graph.EINVALID, "", "type")
	}
	unchanged(t, s, after)

	// Updates through the Update* methods, by payload ids, with payloads.
	o := b.Organisations[6]
	newName, newCity := payload(5), payload(8)
	got, err := s.UpdateOrganisation(ctx, o.ID, graph.OrganisationUpdate{Name: &newName, City: &newCity})
	Must(t, err)
	if got.Name != newName || got.City != newCity {
		t.Fatalf("updated organisation %q: name %q city %q, want %q and %q", o.ID, got.Name, got.City, newName, newCity)
	}
	o.Name, o.City, o.Audit = newName, newCity, got.Audit
	note := payload(12)
	c := b.Contacts[3]
	gotC, err := s.UpdateContact(ctx, c.ID, graph.ContactUpdate{Note: &note})
	Must(t, err)
	c.Note, c.Audit = note, gotC.Audit
	v = wantMoved(t, s, v, "the updates")
	same(t, "state after the updates", stateOf(merged, v), capture(t, s))

	// Delete the injected nodes one by one, by their payload ids: their
	// relationships and contacts go with them, nothing else does.
	for _, p := range b.Persons {
		Must(t, s.DeletePerson(ctx, p.ID))
	}
	for _, o := range b.Organisations {
		Must(t, s.DeleteOrganisation(ctx, o.ID))
	}
	_, err = s.DeleteEmployee(ctx, b.Employees[0].ID, graph.DeleteOptions{Force: true})
	Must(t, err)
	end := capture(t, s)
	if end.Version <= v {
		t.Fatalf("version %d after the deletes, want more than %d", end.Version, v)
	}
	before.Version, before.Network.Version = end.Version, end.Version
	same(t, "Sample after the injected records were deleted", before, end)
}

// wantNamed checks that the name filter q finds, in a store holding
// stored (in listing order), those whose names contain q, compared with
// strings.Contains on ASCII-folded text.
func wantNamed[T any](t *testing.T, what, q string, stored []*T, name func(*T) string,
	find func(context.Context, graph.NodeFilter) ([]*T, int, error)) {
	t.Helper()
	var want []string
	for _, x := range stored {
		if strings.Contains(asciiFold(name(x)), asciiFold(q)) {
			want = append(want, idOf(x))
		}
	}
	got, total, err := find(bg, graph.NodeFilter{Name: ptr(q), Page: graph.Page{Limit: graph.MaxLimit}})
	wantPage(t, what+" named "+q, got, total, err, want, len(want))
}

// copyAudit sets the audit of every record of dst to that of the record at
// the same place in src.
func copyAudit(src, dst *graph.Batch) {
	for i := range dst.Employees {
		dst.Employees[i].Audit = src.Employees[i].Audit
	}
	for i := range dst.Organisations {
		dst.Organisations[i].Audit = src.Organisations[i].Audit
	}
	for i := range dst.Persons {
		dst.Persons[i].Audit = src.Persons[i].Audit
	}
	for i := range dst.Relationships {
		dst.Relationships[i].Audit = src.Relationships[i].Audit
		if r := dst.Relationships[i]; r.ID == "" { // derived by normalization (no end order swaps here)
			r.ID = graph.RelationshipID(r.Type, r.From, r.To)
		}
	}
	for i := range dst.Contacts {
		dst.Contacts[i].Audit = src.Contacts[i].Audit
	}
}

// asciiFold lowers ASCII letters only, as graph.NodeFilter.Name compares.
func asciiFold(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
