package storetest

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
)

// testBadInput runs every kind of bad call against a store holding Sample
// and checks the error code and field, and that the store did not change.
func testBadInput(t *testing.T, s graph.Store) {
	_, err := s.Upsert(as("importer"), Sample(), graph.UpsertOptions{})
	Must(t, err)
	date := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	type call = func(ctx context.Context, s graph.Store) error
	cases := []struct {
		name        string
		call        call
		code, field string
	}{
		// Not found, also when the id belongs to another kind of node.
		{"find missing employee", func(ctx context.Context, s graph.Store) error {
			_, err := s.FindEmployeeByID(ctx, "emp-nobody")
			return err
		}, graph.ENOTFOUND, ""},
		{"find organisation as employee", func(ctx context.Context, s graph.Store) error {
			_, err := s.FindEmployeeByID(ctx, "org-fund")
			return err
		}, graph.ENOTFOUND, ""},
		{"find employee as organisation", func(ctx context.Context, s graph.Store) error {
			_, err := s.FindOrganisationByID(ctx, "emp-anna")
			return err
		}, graph.ENOTFOUND, ""},
		{"find organisation as person", func(ctx context.Context, s graph.Store) error {
			_, err := s.FindPersonByID(ctx, "org-fund")
			return err
		}, graph.ENOTFOUND, ""},
		{"find missing relationship", func(ctx context.Context, s graph.Store) error {
			_, err := s.FindRelationshipByID(ctx, "rel-none")
			return err
		}, graph.ENOTFOUND, ""},
		{"find missing contact", func(ctx context.Context, s graph.Store) error {
			_, err := s.FindContactByID(ctx, "con-none")
			return err
		}, graph.ENOTFOUND, ""},
		{"update missing employee", func(ctx context.Context, s graph.Store) error {
			_, err := s.UpdateEmployee(ctx, "emp-nobody", graph.EmployeeUpdate{Name: ptr("X")})
			return err
		}, graph.ENOTFOUND, ""},
		{"update person as organisation", func(ctx context.Context, s graph.Store) error {
			_, err := s.UpdateOrganisation(ctx, "per-dirk", graph.OrganisationUpdate{Name: ptr("X")})
			return err
		}, graph.ENOTFOUND, ""},
		{"update organisation as person", func(ctx context.Context, s graph.Store) error {
			_, err := s.UpdatePerson(ctx, "org-fund", graph.PersonUpdate{Name: ptr("X")})
			return err
		}, graph.ENOTFOUND, ""},
		{"update missing relationship", func(ctx context.Context, s graph.Store) error {
			_, err := s.UpdateRelationship(ctx, "rel-none", graph.RelationshipUpdate{Strength: ptr(0.5)})
			return err
		}, graph.ENOTFOUND, ""},
		{"update missing contact", func(ctx context.Context, s graph.Store) error {
			_, err := s.UpdateContact(ctx, "con-none", graph.ContactUpdate{Note: ptr("x")})
			return err
		}, graph.ENOTFOUND, ""},
		{"delete organisation as employee", func(ctx context.Context, s graph.Store) error {
			_, err := s.DeleteEmployee(ctx, "org-fund", graph.DeleteOptions{Force: true})
			return err
		}, graph.ENOTFOUND, ""},
		{"delete missing organisation", func(ctx context.Context, s graph.Store) error { return s.DeleteOrganisation(ctx, "org-none") }, graph.ENOTFOUND, ""},
		{"delete employee as organisation", func(ctx context.Context, s graph.Store) error { return s.DeleteOrganisation(ctx, "emp-anna") }, graph.ENOTFOUND, ""},
		{"delete employee as person", func(ctx context.Context, s graph.Store) error { return s.DeletePerson(ctx, "emp-anna") }, graph.ENOTFOUND, ""},
		{"delete missing relationship", func(ctx context.Context, s graph.Store) error { return s.DeleteRelationship(ctx, "rel-none") }, graph.ENOTFOUND, ""},
		{"delete missing contact", func(ctx context.Context, s graph.Store) error { return s.DeleteContact(ctx, "con-none") }, graph.ENOTFOUND, ""},

		// Duplicate ids, also across the kinds of node.
		{"create employee twice", func(ctx context.Context, s graph.Store) error {
			return s.CreateEmployee(ctx, &graph.Employee{ID: "emp-anna", Name: "Another Anna", Role: graph.RoleStaff})
		}, graph.ECONFLICT, "id"},
		{"create organisation with an employee's id", func(ctx context.Context, s graph.Store) error {
			return s.CreateOrganisation(ctx, &graph.Organisation{ID: "emp-anna", Name: "Anna BV"})
		}, graph.ECONFLICT, "id"},
		{"create person with an organisation's id", func(ctx context.Context, s graph.Store) error {
			return s.CreatePerson(ctx, &graph.Person{ID: "org-fund", Name: "Fund"})
		}, graph.ECONFLICT, "id"},
		{"create employee with a person's id", func(ctx context.Context, s graph.Store) error {
			return s.CreateEmployee(ctx, &graph.Employee{ID: "per-dirk", Name: "Dirk", Role: graph.RoleStaff})
		}, graph.ECONFLICT, "id"},
		{"create relationship twice", func(ctx context.Context, s graph.Store) error {
			return s.CreateRelationship(ctx, &graph.Relationship{Type: graph.RelWorksAt, From: "per-dirk", To: "org-fund", Strength: 0.2})
		}, graph.ECONFLICT, "id"},
		{"create symmetric relationship twice, ends swapped", func(ctx context.Context, s graph.Store) error {
			return s.CreateRelationship(ctx, &graph.Relationship{Type: graph.RelKnows, From: "per-dirk", To: "emp-anna", Strength: 0.8})
		}, graph.ECONFLICT, "id"},
		{"create contact twice", func(ctx context.Context, s graph.Store) error {
			return s.CreateContact(ctx, &graph.Contact{ID: "con-1", Date: date, EmployeeID: "emp-anna", StakeholderID: "per-dirk", Mode: graph.ModeEmail})
		}, graph.ECONFLICT, "id"},

		// Invalid records.
		{"employee without name", func(ctx context.Context, s graph.Store) error {
			return s.CreateEmployee(ctx, &graph.Employee{ID: "emp-new", Name: "  ", Role: graph.RoleStaff})
		}, graph.EINVALID, "name"},
		{"employee without id", func(ctx context.Context, s graph.Store) error {
			return s.CreateEmployee(ctx, &graph.Employee{Name: "New", Role: graph.RoleStaff})
		}, graph.EINVALID, "id"},
		{"employee with unknown role", func(ctx context.Context, s graph.Store) error {
			return s.CreateEmployee(ctx, &graph.Employee{ID: "emp-new", Name: "New", Role: "intern"})
		}, graph.EINVALID, "role"},
		{"organisation without name", func(ctx context.Context, s graph.Store) error {
			return s.CreateOrganisation(ctx, &graph.Organisation{ID: "org-new"})
		}, graph.EINVALID, "name"},
		{"organisation owned by a person", func(ctx context.Context, s graph.Store) error {
			return s.CreateOrganisation(ctx, &graph.Organisation{ID: "org-new", Name: "New", OwnerID: "per-dirk"})
		}, graph.EINVALID, "owner_id"},
		{"person without name", func(ctx context.Context, s graph.Store) error {
			return s.CreatePerson(ctx, &graph.Person{ID: "per-new", Name: ""})
		}, graph.EINVALID, "name"},
		{"person whose name holds NUL", func(ctx context.Context, s graph.Store) error {
			return s.CreatePerson(ctx, &graph.Person{ID: "per-new", Name: "Nul\x00Person"})
		}, graph.EINVALID, "name"},
		{"organisation whose name holds a line break", func(ctx context.Context, s graph.Store) error {
			return s.CreateOrganisation(ctx, &graph.Organisation{ID: "org-new", Name: "Two\nLines"})
		}, graph.EINVALID, "name"},
		{"employee whose name holds an escape", func(ctx context.Context, s graph.Store) error {
			return s.CreateEmployee(ctx, &graph.Employee{ID: "emp-new", Name: "Esc\x1b[31m", Role: graph.RoleStaff})
		}, graph.EINVALID, "name"},
		{"person owned by nobody known", func(ctx context.Context, s graph.Store) error {
			return s.CreatePerson(ctx, &graph.Person{ID: "per-new", Name: "New", OwnerID: "emp-nobody"})
		}, graph.EINVALID, "owner_id"},
		{"relationship to a missing node", func(ctx context.Context, s graph.Store) error {
			return s.CreateRelationship(ctx, &graph.Relationship{Type: graph.RelWorksAt, From: "per-gert", To: "org-nobody", Strength: 0.5})
		}, graph.EINVALID, "to"},
		{"relationship from a missing node", func(ctx context.Context, s graph.Store) error {
			return s.CreateRelationship(ctx, &graph.Relationship{Type: graph.RelWorksAt, From: "per-nobody", To: "org-fund", Strength: 0.5})
		}, graph.EINVALID, "from"},
		{"strength above 1", func(ctx context.Context, s graph.Store) error {
			return s.CreateRelationship(ctx, &graph.Relationship{Type: graph.RelKnows, From: "emp-cees", To: "per-dirk", Strength: 1.5})
		}, graph.EINVALID, "strength"},
		{"strength below 0", func(ctx context.Context, s graph.Store) error {
			return s.CreateRelationship(ctx, &graph.Relationship{Type: graph.RelKnows, From: "emp-cees", To: "per-dirk", Strength: -0.1})
		}, graph.EINVALID, "strength"},
		{"strength NaN", func(ctx context.Context, s graph.Store) error {
			return s.CreateRelationship(ctx, &graph.Relationship{Type: graph.RelKnows, From: "emp-cees", To: "per-dirk", Strength: math.NaN()})
		}, graph.EINVALID, "strength"},
		{"unknown relationship type", func(ctx context.Context, s graph.Store) error {
			return s.CreateRelationship(ctx, &graph.Relationship{ID: "rel-likes", Type: "likes", From: "emp-cees", To: "per-dirk", Strength: 0.5})
		}, graph.EINVALID, "type"},
		{"works_at ending at a person", func(ctx context.Context, s graph.Store) error {
			return s.CreateRelationship(ctx, &graph.Relationship{Type: graph.RelWorksAt, From: "per-gert", To: "per-dirk", Strength: 0.5})
		}, graph.EINVALID, "to"},
		{"reports_to starting at an organisation", func(ctx context.Context, s graph.Store) error {
			return s.CreateRelationship(ctx, &graph.Relationship{Type: graph.RelReportsTo, From: "org-fund", To: "per-dirk", Strength: 0.5})
		}, graph.EINVALID, "from"},
		{"relationship to itself", func(ctx context.Context, s graph.Store) error {
			return s.CreateRelationship(ctx, &graph.Relationship{Type: graph.RelRefersTo, From: "org-gp", To: "org-gp", Strength: 0.5})
		}, graph.EINVALID, "to"},
		{"contact level on a tie without an employee", func(ctx context.Context, s graph.Store) error {
			return s.CreateRelationship(ctx, &graph.Relationship{Type: graph.RelWorksAt, From: "per-gert", To: "org-fund", Strength: 0.5, Level: graph.LevelStrategic})
		}, graph.EINVALID, "level"},
		{"contact whose employee is a person", func(ctx context.Context, s graph.Store) error {
			return s.CreateContact(ctx, &graph.Contact{ID: "con-new", Date: date, EmployeeID: "per-dirk", StakeholderID: "org-fund", Mode: graph.ModePhone})
		}, graph.EINVALID, "employee_id"},
		{"contact whose stakeholder is an employee", func(ctx context.Context, s graph.Store) error {
			return s.CreateContact(ctx, &graph.Contact{ID: "con-new", Date: date, EmployeeID: "emp-anna", StakeholderID: "emp-bram", Mode: graph.ModePhone})
		}, graph.EINVALID, "stakeholder_id"},
		{"contact with a missing stakeholder", func(ctx context.Context, s graph.Store) error {
			return s.CreateContact(ctx, &graph.Contact{ID: "con-new", Date: date, EmployeeID: "emp-anna", StakeholderID: "org-none", Mode: graph.ModePhone})
		}, graph.EINVALID, "stakeholder_id"},
		{"contact without date", func(ctx context.Context, s graph.Store) error {
			return s.CreateContact(ctx, &graph.Contact{ID: "con-new", EmployeeID: "emp-anna", StakeholderID: "org-fund", Mode: graph.ModePhone})
		}, graph.EINVALID, "date"},
		{"contact with unknown mode", func(ctx context.Context, s graph.Store) error {
			return s.CreateContact(ctx, &graph.Contact{ID: "con-new", Date: date, EmployeeID: "emp-anna", StakeholderID: "org-fund", Mode: "pigeon"})
		}, graph.EINVALID, "mode"},

		// Invalid updates.
		{"update employee to an empty name", func(ctx context.Context, s graph.Store) error {
			_, err := s.UpdateEmployee(ctx, "emp-anna", graph.EmployeeUpdate{Name: ptr("")})
			return err
		}, graph.EINVALID, "name"},
		{"update organisation owner to an organisation", func(ctx context.Context, s graph.Store) error {
			_, err := s.UpdateOrganisation(ctx, "org-fund", graph.OrganisationUpdate{OwnerID: ptr("org-city")})
			return err
		}, graph.EINVALID, "owner_id"},
		{"update person to an empty name", func(ctx context.Context, s graph.Store) error {
			_, err := s.UpdatePerson(ctx, "per-dirk", graph.PersonUpdate{Name: ptr(" ")})
			return err
		}, graph.EINVALID, "name"},
		{"update strength above 1", func(ctx context.Context, s graph.Store) error {
			_, err := s.UpdateRelationship(ctx, "rel-city-kvk", graph.RelationshipUpdate{Strength: ptr(2.0)})
			return err
		}, graph.EINVALID, "strength"},
		{"update contact employee to a person", func(ctx context.Context, s graph.Store) error {
			_, err := s.UpdateContact(ctx, "con-1", graph.ContactUpdate{EmployeeID: ptr("per-eva")})
			return err
		}, graph.EINVALID, "employee_id"},

		// Invalid pages.
		{"negative offset", func(ctx context.Context, s graph.Store) error {
			_, _, err := s.FindEmployees(ctx, graph.NodeFilter{Page: graph.Page{Offset: -1}})
			return err
		}, graph.EINVALID, "offset"},
		{"limit above the maximum", func(ctx context.Context, s graph.Store) error {
			_, _, err := s.FindRelationships(ctx, graph.RelationshipFilter{Page: graph.Page{Limit: graph.MaxLimit + 1}})
			return err
		}, graph.EINVALID, "limit"},
		{"negative limit", func(ctx context.Context, s graph.Store) error {
			_, _, err := s.FindContacts(ctx, graph.ContactFilter{Page: graph.Page{Limit: -1}})
			return err
		}, graph.EINVALID, "limit"},
		{"negative offset of persons", func(ctx context.Context, s graph.Store) error {
			_, _, err := s.FindPersons(ctx, graph.NodeFilter{Page: graph.Page{Offset: -5}})
			return err
		}, graph.EINVALID, "offset"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := capture(t, s)
			err := tc.call(as("mallory"), s)
			WantErr(t, err, tc.code, "", tc.field)
			unchanged(t, s, before)
		})
	}
}
