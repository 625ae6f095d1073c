package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
)

// testUpsertSample loads Sample into an empty store, checks that the store
// then holds exactly the batch, and that loading it again changes nothing.
func testUpsertSample(t *testing.T, s graph.Store) {
	v0 := version(t, s)
	b := Sample()
	res, err := s.Upsert(as("importer"), b, graph.UpsertOptions{})
	Must(t, err)
	same(t, "result", counts(b, false), res)
	v1 := wantMoved(t, s, v0, "upsert")

	// One write, one time, one actor for every record.
	wantCreated(t, b.Employees[0].Audit, "importer")
	audit := b.Employees[0].Audit
	for _, a := range audits(b) {
		same(t, "audit", audit, a)
	}
	st := capture(t, s)
	same(t, "stored", stateOf(b, v1), st)

	// The same batch again: nothing changes, not even the version or the
	// audit, and the records of the batch get the stored audit.
	b2 := Sample()
	res, err = s.Upsert(as("someone-else"), b2, graph.UpsertOptions{})
	Must(t, err)
	same(t, "result of the second upsert", counts(b2, true), res)
	unchanged(t, s, st)
	same(t, "batch after the second upsert", b, b2)

	// A symmetric tie given with its ends the other way round is the same
	// tie: it is stored with From < To whichever way it came.
	swapped := Sample().Relationships[1] // per-eva knows emp-cees
	swapped.From, swapped.To = swapped.To, swapped.From
	res, err = s.Upsert(as("someone-else"), &graph.Batch{Relationships: []*graph.Relationship{swapped}}, graph.UpsertOptions{})
	Must(t, err)
	same(t, "result of re-importing a symmetric tie the other way round", &graph.UpsertResult{Relationships: graph.Counts{Unchanged: 1}}, res)
	knows, err := s.FindRelationshipByID(bg, "knows:emp-cees:per-eva")
	Must(t, err)
	if knows.From != "emp-cees" || knows.To != "per-eva" {
		t.Fatalf("symmetric tie stored from %s to %s, want from emp-cees to per-eva", knows.From, knows.To)
	}
	unchanged(t, s, st)

	// A batch that refers to stored nodes.
	more := &graph.Batch{
		Relationships: []*graph.Relationship{{Type: graph.RelKnows, From: "emp-cees", To: "per-gert", Strength: 0.2}},
		Contacts: []*graph.Contact{{ID: "con-6", Date: time.Date(2026, 1, 15, 8, 0, 0, 0, time.UTC),
			EmployeeID: "emp-cees", StakeholderID: "per-gert", Mode: graph.ModePhone}},
	}
	res, err = s.Upsert(as("importer"), more, graph.UpsertOptions{})
	Must(t, err)
	same(t, "result of a batch referring to stored nodes", counts(more, false), res)
	v2 := wantMoved(t, s, v1, "upsert of new records")
	b.Relationships = append(b.Relationships, more.Relationships...)
	b.Contacts = append(b.Contacts, more.Contacts...)
	same(t, "stored", stateOf(b, v2), capture(t, s))
}

func audits(b *graph.Batch) []graph.Audit {
	var out []graph.Audit
	for _, e := range b.Employees {
		out = append(out, e.Audit)
	}
	for _, o := range b.Organisations {
		out = append(out, o.Audit)
	}
	for _, p := range b.Persons {
		out = append(out, p.Audit)
	}
	for _, r := range b.Relationships {
		out = append(out, r.Audit)
	}
	for _, c := range b.Contacts {
		out = append(out, c.Audit)
	}
	return out
}

// testUpsertChanges re-loads Sample with a few records changed: only those
// are updated.
func testUpsertChanges(t *testing.T, s graph.Store) {
	_, err := s.Upsert(as("importer"), Sample(), graph.UpsertOptions{})
	Must(t, err)
	before := capture(t, s)

	b := Sample()
	b.Persons[0].Title = "Chief Executive"                        // per-dirk
	b.Relationships[3].Strength = 0.95                            // works_at:per-dirk:org-fund
	b.Contacts[0].Note = "dinner"                                 // con-1
	b.Organisations[3].Contribution.Interests = "digital economy" // org-kvk
	res, err := s.Upsert(as("editor"), b, graph.UpsertOptions{})
	Must(t, err)
	want := &graph.UpsertResult{
		Employees:     graph.Counts{Unchanged: 3},
		Organisations: graph.Counts{Updated: 1, Unchanged: 4},
		Persons:       graph.Counts{Updated: 1, Unchanged: 3},
		Relationships: graph.Counts{Updated: 1, Unchanged: 12},
		Contacts:      graph.Counts{Updated: 1, Unchanged: 4},
	}
	same(t, "result", want, res)
	v := wantMoved(t, s, before.Version, "an upsert with changes")

	for _, a := range []struct {
		id            string
		before, after graph.Audit
	}{
		{"per-dirk", byID(before.Persons, "per-dirk").Audit, b.Persons[0].Audit},
		{"works_at:per-dirk:org-fund", byID(before.Relationships, "works_at:per-dirk:org-fund").Audit, b.Relationships[3].Audit},
		{"con-1", byID(before.Contacts, "con-1").Audit, b.Contacts[0].Audit},
		{"org-kvk", byID(before.Organisations, "org-kvk").Audit, b.Organisations[3].Audit},
	} {
		t.Run(a.id, func(t *testing.T) { wantUpdated(t, a.before, a.after, "editor") })
	}
	// The unchanged records of b carry their stored audit, so b is what the
	// store holds now.
	same(t, "stored", stateOf(b, v), capture(t, s))
}

// testUpsertAllOrNothing sends a batch with good and bad records: every
// problem is reported, with the record it is in, and nothing is written.
func testUpsertAllOrNothing(t *testing.T, s graph.Store) {
	_, err := s.Upsert(as("importer"), Sample(), graph.UpsertOptions{})
	Must(t, err)
	before := capture(t, s)
	date := time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)
	b := &graph.Batch{
		Employees:     []*graph.Employee{{ID: "emp-new", Name: "New Employee", Role: graph.RoleStaff}},
		Organisations: []*graph.Organisation{{ID: "org-nameless", Name: " "}},
		Persons:       []*graph.Person{{ID: "per-new", Name: "New Person", OwnerID: "emp-new"}},
		Relationships: []*graph.Relationship{
			{Type: graph.RelKnows, From: "emp-new", To: "per-new", Strength: 0.5},
			{Type: graph.RelWorksAt, From: "per-new", To: "org-fund", Strength: 1},
			{Type: graph.RelKnows, From: "emp-anna", To: "per-dirk", Strength: 0.1}, // an update of a stored one
			{Type: graph.RelWorksAt, From: "per-new", To: "org-missing", Strength: 0.5},
			{Type: graph.RelKnows, From: "emp-new", To: "per-dirk", Strength: 1.5},
		},
		Contacts: []*graph.Contact{
			{ID: "con-new", Date: date, EmployeeID: "emp-new", StakeholderID: "per-new", Mode: graph.ModeMeeting},
			{ID: "con-bad", Date: date, EmployeeID: "per-dirk", StakeholderID: "org-fund", Mode: graph.ModeMeeting},
		},
	}
	_, err = s.Upsert(as("importer"), b, graph.UpsertOptions{})
	WantErr(t, err, graph.EINVALID, "", "")
	type problem struct{ code, item, field string }
	var got []problem
	for _, e := range ErrorList(err) {
		got = append(got, problem{e.Code, e.Item, e.Field})
	}
	want := []problem{
		{graph.EINVALID, "organisations[0]", "name"},
		{graph.EINVALID, "relationships[3]", "to"},
		{graph.EINVALID, "relationships[4]", "strength"},
		{graph.EINVALID, "contacts[1]", "employee_id"},
	}
	key := func(p problem) string { return p.item + " " + p.field + " " + p.code }
	sortProblems := func(ps []problem) []problem {
		return slices.SortedFunc(slices.Values(ps), func(a, b problem) int { return strings.Compare(key(a), key(b)) })
	}
	same(t, fmt.Sprintf("problems reported in %v", err), sortProblems(want), sortProblems(got))
	unchanged(t, s, before)

	// The dry run of the same batch reports the same and writes nothing.
	_, err = s.Upsert(as("importer"), b, graph.UpsertOptions{DryRun: true})
	WantErr(t, err, graph.EINVALID, "relationships[3]", "to")
	unchanged(t, s, before)
}

// testUpsertConflicts checks ids that clash with stored ones or within the
// batch, and the CreateOnly and UpdateOnly options.
func testUpsertConflicts(t *testing.T, s graph.Store) {
	_, err := s.Upsert(as("importer"), Sample(), graph.UpsertOptions{})
	Must(t, err)
	before := capture(t, s)
	check := func(name string, b *graph.Batch, opts graph.UpsertOptions, code, item, field string) {
		t.Run(name, func(t *testing.T) {
			_, err := s.Upsert(as("mallory"), b, opts)
			WantErr(t, err, code, item, field)
			unchanged(t, s, before)
		})
	}
	check("person with an employee's id", &graph.Batch{
		Organisations: []*graph.Organisation{{ID: "org-new", Name: "New"}},
		Persons:       []*graph.Person{{ID: "emp-anna", Name: "Anna"}},
	}, graph.UpsertOptions{}, graph.ECONFLICT, "persons[0]", "id")
	check("one id twice in the batch", &graph.Batch{
		Employees:     []*graph.Employee{{ID: "emp-new", Name: "New", Role: graph.RoleStaff}},
		Organisations: []*graph.Organisation{{ID: "emp-new", Name: "New"}},
	}, graph.UpsertOptions{}, graph.EINVALID, "organisations[0]", "id")
	check("one tie twice in the batch, ends swapped", &graph.Batch{
		Relationships: []*graph.Relationship{
			{Type: graph.RelKnows, From: "emp-cees", To: "per-gert", Strength: 0.5},
			{Type: graph.RelKnows, From: "per-gert", To: "emp-cees", Strength: 0.5},
		},
	}, graph.UpsertOptions{}, graph.EINVALID, "relationships[1]", "id")
	check("one contact id twice in the batch", &graph.Batch{
		Contacts: []*graph.Contact{
			{ID: "con-9", Date: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), EmployeeID: "emp-anna", StakeholderID: "org-fund", Mode: graph.ModePhone},
			{ID: "con-9", Date: time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC), EmployeeID: "emp-anna", StakeholderID: "org-fund", Mode: graph.ModePhone},
		},
	}, graph.UpsertOptions{}, graph.EINVALID, "contacts[1]", "id")
	check("create only, stored records", Sample(), graph.UpsertOptions{CreateOnly: true}, graph.ECONFLICT, "employees[0]", "id")
	check("update only, a new record", &graph.Batch{
		Employees: []*graph.Employee{{ID: "emp-new", Name: "New", Role: graph.RoleStaff}},
	}, graph.UpsertOptions{UpdateOnly: true}, graph.ENOTFOUND, "", "")
}

// testUpsertDryRun checks that a dry run counts as a real upsert would and
// writes nothing.
func testUpsertDryRun(t *testing.T, s graph.Store) {
	before := capture(t, s)
	b := Sample()
	res, err := s.Upsert(as("importer"), b, graph.UpsertOptions{DryRun: true})
	Must(t, err)
	same(t, "dry-run result on an empty store", counts(b, false), res)
	unchanged(t, s, before)

	_, err = s.Upsert(as("importer"), Sample(), graph.UpsertOptions{})
	Must(t, err)
	loaded := capture(t, s)
	b = Sample()
	b.Employees[2].Team = "Zorg"
	b.Relationships = append(b.Relationships, &graph.Relationship{Type: graph.RelKnows, From: "emp-cees", To: "per-gert", Strength: 0.2})
	res, err = s.Upsert(as("importer"), b, graph.UpsertOptions{DryRun: true})
	Must(t, err)
	want := counts(Sample(), true)
	want.Employees = graph.Counts{Updated: 1, Unchanged: 2}
	want.Relationships.Created = 1
	same(t, "dry-run result", want, res)
	unchanged(t, s, loaded)
}
