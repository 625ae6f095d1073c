package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
)

// filterBatch is the network of the filter tests. Names mix upper and lower
// case and repeat, and the batch lists records out of order, so that the
// expected orders below come from the sorting alone.
func filterBatch() *graph.Batch {
	at := func(mo time.Month, d, h int) time.Time { return time.Date(2026, mo, d, h, 0, 0, 0, time.UTC) }
	return &graph.Batch{
		Employees: []*graph.Employee{
			{ID: "emp-2", Name: "bram de Boer", Role: graph.RoleAccountManager},
			{ID: "emp-1", Name: "Anna Jansen", Role: graph.RoleDirector},
			{ID: "emp-3", Name: "Cees Visser", Role: graph.RoleStaff},
		},
		Organisations: []*graph.Organisation{
			{ID: "org-z", Name: "Fonds Noord", PartyType: graph.PartyConsumer, OwnerID: "emp-1"},
			{ID: "org-e", Name: "KvK Noord", PartyType: graph.PartyIntermediary, OwnerID: "emp-2"},
			{ID: "org-c", Name: "Huisarts_Oost", PartyType: graph.PartyIntermediary},
			{ID: "org-b", Name: "Gemeente Zuid", PartyType: graph.PartyInput, OwnerID: "emp-2"},
			{ID: "org-a", Name: "Fonds Noord", PartyType: graph.PartyInput, OwnerID: "emp-1"},
		},
		Persons: []*graph.Person{
			{ID: "per-3", Name: "Fatima El Amrani"},
			{ID: "per-2", Name: "eva de Wit", PartyType: graph.PartyIntermediary, DoNotRoute: true},
			{ID: "per-1", Name: "Dirk Smit", PartyType: graph.PartyInput, OwnerID: "emp-1"},
		},
		Relationships: []*graph.Relationship{
			{Type: graph.RelWorksAt, From: "per-2", To: "org-c", Strength: 1},
			{Type: graph.RelWorksAt, From: "per-1", To: "org-a", Strength: 1},
			{Type: graph.RelKnows, From: "emp-1", To: "per-1", Strength: 0.7},
			{Type: graph.RelKnows, From: "emp-2", To: "per-2", Strength: 0.4},
			{Type: graph.RelMemberOf, From: "org-c", To: "org-e", Strength: 0.5},
			{ID: "adv-1", Type: graph.RelAdvises, From: "emp-1", To: "org-b", Strength: 0.5},
		},
		Contacts: []*graph.Contact{
			{ID: "c-5", Date: at(1, 20, 12), EmployeeID: "emp-1", StakeholderID: "org-a", Mode: graph.ModeLetter},
			{ID: "c-3", Date: at(3, 2, 9), EmployeeID: "emp-2", StakeholderID: "org-a", Mode: graph.ModeEmail},
			{ID: "c-1", Date: at(3, 1, 10), EmployeeID: "emp-1", StakeholderID: "org-a", Mode: graph.ModeMeeting},
			{ID: "c-4", Date: at(2, 15, 0), EmployeeID: "emp-2", StakeholderID: "per-2", Mode: graph.ModeEvent},
			{ID: "c-2", Date: at(3, 2, 9), EmployeeID: "emp-1", StakeholderID: "per-1", Mode: graph.ModePhone},
		},
	}
}

func loadFilterBatch(t *testing.T, s graph.Store) {
	t.Helper()
	_, err := s.Upsert(bg, filterBatch(), graph.UpsertOptions{})
	Must(t, err)
}

func testNodeFilters(t *testing.T, s graph.Store) {
	loadFilterBatch(t, s)
	intermediary, input := graph.PartyIntermediary, graph.PartyInput
	for _, tc := range []struct {
		name  string
		f     graph.NodeFilter
		want  []string
		total int // -1: len(want)
	}{
		// By name in byte order, then by id: the two "Fonds Noord" by id.
		{"all", graph.NodeFilter{}, []string{"org-a", "org-z", "org-b", "org-c", "org-e"}, -1},
		{"ids", graph.NodeFilter{IDs: []string{"org-e", "org-a", "emp-1", "org-missing"}}, []string{"org-a", "org-e"}, -1},
		{"name, other case", graph.NodeFilter{Name: ptr("NOORD")}, []string{"org-a", "org-z", "org-e"}, -1},
		{"name inside a word", graph.NodeFilter{Name: ptr("meente z")}, []string{"org-b"}, -1},
		{"name with an underscore", graph.NodeFilter{Name: ptr("_")}, []string{"org-c"}, -1},
		{"name with a percent sign", graph.NodeFilter{Name: ptr("%")}, []string{}, -1},
		{"name matching nothing", graph.NodeFilter{Name: ptr("Zuidoost")}, []string{}, -1},
		{"party type", graph.NodeFilter{PartyType: &intermediary}, []string{"org-c", "org-e"}, -1},
		{"owner", graph.NodeFilter{OwnerID: ptr("emp-1")}, []string{"org-a", "org-z"}, -1},
		{"no owner", graph.NodeFilter{OwnerID: ptr("")}, []string{"org-c"}, -1},
		{"all filters", graph.NodeFilter{IDs: []string{"org-a", "org-b", "org-z"}, Name: ptr("noord"), PartyType: &input, OwnerID: ptr("emp-1")}, []string{"org-a"}, -1},
		{"page", graph.NodeFilter{Page: graph.Page{Offset: 1, Limit: 2}}, []string{"org-z", "org-b"}, 5},
		{"last page", graph.NodeFilter{Page: graph.Page{Offset: 4, Limit: 2}}, []string{"org-e"}, 5},
		{"past the end", graph.NodeFilter{Page: graph.Page{Offset: 10}}, []string{}, 5},
		{"filtered page", graph.NodeFilter{Name: ptr("noord"), Page: graph.Page{Offset: 1, Limit: 1}}, []string{"org-z"}, 3},
	} {
		t.Run("organisations/"+tc.name, func(t *testing.T) {
			xs, total, err := s.FindOrganisations(bg, tc.f)
			if tc.total < 0 {
				tc.total = len(tc.want)
			}
			wantPage(t, "organisations", xs, total, err, tc.want, tc.total)
		})
	}

	xs, total, err := s.FindEmployees(bg, graph.NodeFilter{})
	wantPage(t, "employees in byte order of name", xs, total, err, []string{"emp-1", "emp-3", "emp-2"}, 3)
	xs, total, err = s.FindEmployees(bg, graph.NodeFilter{Name: ptr("B")})
	wantPage(t, "employees by name", xs, total, err, []string{"emp-2"}, 1)
	xs, total, err = s.FindEmployees(bg, graph.NodeFilter{IDs: []string{"emp-3", "org-a"}})
	wantPage(t, "employees by id", xs, total, err, []string{"emp-3"}, 1)

	ps, total, err := s.FindPersons(bg, graph.NodeFilter{})
	wantPage(t, "persons", ps, total, err, []string{"per-1", "per-3", "per-2"}, 3)
	ps, total, err = s.FindPersons(bg, graph.NodeFilter{Name: ptr("DE W")})
	wantPage(t, "persons by name", ps, total, err, []string{"per-2"}, 1)
	ps, total, err = s.FindPersons(bg, graph.NodeFilter{PartyType: &intermediary})
	wantPage(t, "persons by party type", ps, total, err, []string{"per-2"}, 1)
	ps, total, err = s.FindPersons(bg, graph.NodeFilter{OwnerID: ptr("emp-1")})
	wantPage(t, "persons by owner", ps, total, err, []string{"per-1"}, 1)
	ps, total, err = s.FindPersons(bg, graph.NodeFilter{OwnerID: ptr("")})
	wantPage(t, "persons without owner", ps, total, err, []string{"per-3", "per-2"}, 2)
	ps, total, err = s.FindPersons(bg, graph.NodeFilter{Page: graph.Page{Offset: 2, Limit: 5}})
	wantPage(t, "persons paged", ps, total, err, []string{"per-2"}, 3)

	// A listing holds whole records, as the finders return them.
	o, err := s.FindOrganisationByID(bg, "org-z")
	Must(t, err)
	os, _, err := s.FindOrganisations(bg, graph.NodeFilter{IDs: []string{"org-z"}})
	Must(t, err)
	same(t, "listed organisation", []*graph.Organisation{o}, os)
}

func testDefaultLimit(t *testing.T, s graph.Store) {
	var b graph.Batch
	n := graph.DefaultLimit + 1
	for i := range n {
		b.Employees = append(b.Employees, &graph.Employee{ID: fmt.Sprintf("emp-%03d", i), Name: "Employee", Role: graph.RoleStaff})
	}
	_, err := s.Upsert(bg, &b, graph.UpsertOptions{})
	Must(t, err)
	var want []string
	for i := range graph.DefaultLimit {
		want = append(want, fmt.Sprintf("emp-%03d", i))
	}
	xs, total, err := s.FindEmployees(bg, graph.NodeFilter{})
	wantPage(t, "default page", xs, total, err, want, n)
	xs, total, err = s.FindEmployees(bg, graph.NodeFilter{Page: graph.Page{Offset: graph.DefaultLimit}})
	wantPage(t, "second default page", xs, total, err, []string{fmt.Sprintf("emp-%03d", graph.DefaultLimit)}, n)
	xs, total, err = s.FindEmployees(bg, graph.NodeFilter{Page: graph.Page{Limit: graph.MaxLimit}})
	Must(t, err)
	if len(xs) != n || total != n {
		t.Fatalf("with the largest limit: %d of %d, want %d of %d", len(xs), total, n, n)
	}
}

func testRelationshipFilters(t *testing.T, s graph.Store) {
	loadFilterBatch(t, s)
	knows, worksAt := graph.RelKnows, graph.RelWorksAt
	for _, tc := range []struct {
		name  string
		f     graph.RelationshipFilter
		want  []string
		total int // -1: len(want)
	}{
		{"all, by id", graph.RelationshipFilter{}, []string{"adv-1", "knows:emp-1:per-1", "knows:emp-2:per-2", "member_of:org-c:org-e", "works_at:per-1:org-a", "works_at:per-2:org-c"}, -1},
		{"node at either end", graph.RelationshipFilter{NodeID: ptr("org-c")}, []string{"member_of:org-c:org-e", "works_at:per-2:org-c"}, -1},
		{"node at the start", graph.RelationshipFilter{NodeID: ptr("emp-1")}, []string{"adv-1", "knows:emp-1:per-1"}, -1},
		{"node without ties", graph.RelationshipFilter{NodeID: ptr("emp-3")}, []string{}, -1},
		{"from", graph.RelationshipFilter{From: ptr("per-1")}, []string{"works_at:per-1:org-a"}, -1},
		{"to", graph.RelationshipFilter{To: ptr("org-c")}, []string{"works_at:per-2:org-c"}, -1},
		{"to a node that is only a start", graph.RelationshipFilter{To: ptr("per-2"), Type: &worksAt}, []string{}, -1},
		{"type", graph.RelationshipFilter{Type: &worksAt}, []string{"works_at:per-1:org-a", "works_at:per-2:org-c"}, -1},
		{"type and node", graph.RelationshipFilter{Type: &knows, NodeID: ptr("per-1")}, []string{"knows:emp-1:per-1"}, -1},
		{"from and to", graph.RelationshipFilter{From: ptr("org-c"), To: ptr("org-e")}, []string{"member_of:org-c:org-e"}, -1},
		{"page", graph.RelationshipFilter{Page: graph.Page{Offset: 2, Limit: 2}}, []string{"knows:emp-2:per-2", "member_of:org-c:org-e"}, 6},
		{"filtered page", graph.RelationshipFilter{Type: &knows, Page: graph.Page{Offset: 1, Limit: 10}}, []string{"knows:emp-2:per-2"}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			xs, total, err := s.FindRelationships(bg, tc.f)
			if tc.total < 0 {
				tc.total = len(tc.want)
			}
			wantPage(t, "relationships", xs, total, err, tc.want, tc.total)
		})
	}
}

func testContactFilters(t *testing.T, s graph.Store) {
	loadFilterBatch(t, s)
	at := func(mo time.Month, d, h int) *time.Time {
		x := time.Date(2026, mo, d, h, 0, 0, 0, time.UTC)
		return &x
	}
	cet := time.FixedZone("CET", 60*60)
	sameInstantCET := time.Date(2026, 3, 1, 11, 0, 0, 0, cet) // 10:00 UTC, the date of c-1
	justAfter := time.Date(2026, 3, 1, 10, 0, 0, 500_000, time.UTC)
	email := graph.ModeEmail
	for _, tc := range []struct {
		name  string
		f     graph.ContactFilter
		want  []string
		total int // -1: len(want)
	}{
		// Newest first; c-2 and c-3 share a date and go by id.
		{"all", graph.ContactFilter{}, []string{"c-2", "c-3", "c-1", "c-4", "c-5"}, -1},
		{"employee", graph.ContactFilter{EmployeeID: ptr("emp-1")}, []string{"c-2", "c-1", "c-5"}, -1},
		{"stakeholder", graph.ContactFilter{StakeholderID: ptr("org-a")}, []string{"c-3", "c-1", "c-5"}, -1},
		{"employee and stakeholder", graph.ContactFilter{EmployeeID: ptr("emp-1"), StakeholderID: ptr("org-a")}, []string{"c-1", "c-5"}, -1},
		{"ids", graph.ContactFilter{IDs: []string{"c-5", "c-missing", "c-2"}}, []string{"c-2", "c-5"}, -1},
		{"ids and employee", graph.ContactFilter{IDs: []string{"c-1", "c-4"}, EmployeeID: ptr("emp-2")}, []string{"c-4"}, -1},
		{"no ids", graph.ContactFilter{IDs: []string{}}, []string{}, -1},
		{"mode", graph.ContactFilter{Mode: &email}, []string{"c-3"}, -1},
		{"since is inclusive", graph.ContactFilter{Since: at(3, 1, 10)}, []string{"c-2", "c-3", "c-1"}, -1},
		{"until is exclusive", graph.ContactFilter{Until: at(3, 1, 10)}, []string{"c-4", "c-5"}, -1},
		{"since and until", graph.ContactFilter{Since: at(2, 15, 0), Until: at(3, 2, 9)}, []string{"c-1", "c-4"}, -1},
		{"since in another zone", graph.ContactFilter{Since: &sameInstantCET}, []string{"c-2", "c-3", "c-1"}, -1},
		{"until in another zone", graph.ContactFilter{Until: &sameInstantCET}, []string{"c-4", "c-5"}, -1},
		{"since half a millisecond later", graph.ContactFilter{Since: &justAfter}, []string{"c-2", "c-3"}, -1},
		{"until half a millisecond later", graph.ContactFilter{Until: &justAfter}, []string{"c-1", "c-4", "c-5"}, -1},
		{"empty window", graph.ContactFilter{Since: at(3, 2, 9), Until: at(3, 2, 9)}, []string{}, -1},
		{"page", graph.ContactFilter{Page: graph.Page{Offset: 1, Limit: 2}}, []string{"c-3", "c-1"}, 5},
		{"filtered page", graph.ContactFilter{EmployeeID: ptr("emp-2"), Page: graph.Page{Offset: 1, Limit: 1}}, []string{"c-4"}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			xs, total, err := s.FindContacts(bg, tc.f)
			if tc.total < 0 {
				tc.total = len(tc.want)
			}
			wantPage(t, "contacts", xs, total, err, tc.want, tc.total)
		})
	}
}
