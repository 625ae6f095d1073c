package storetest

import (
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
)

func testEmpty(t *testing.T, s graph.Store) {
	st := capture(t, s)
	same(t, "empty store", state{Version: st.Version, Network: &graph.Network{Version: st.Version}}, st)
	if st.Version < 0 {
		t.Fatalf("version %d is negative", st.Version)
	}
	_, err := s.FindEmployeeByID(bg, "emp-anna")
	WantErr(t, err, graph.ENOTFOUND, "", "")
	es, total, err := s.FindEmployees(bg, graph.NodeFilter{})
	wantPage(t, "employees", es, total, err, []string{}, 0)
	if p, ok := s.(graph.Pinger); ok {
		Must(t, p.Ping(bg))
	}
}

// Each lifecycle test creates a record, finds it, updates it (for real and
// without a change), deletes it and checks the version and audit at every
// step.

func testEmployeeLifecycle(t *testing.T, s graph.Store) {
	v0 := version(t, s)
	e := &graph.Employee{ID: "emp-1", Name: "Anna Jansen", Email: "anna@example.org", Role: graph.RoleDirector, Team: "Directie"}
	Must(t, s.CreateEmployee(as("alice"), e))
	wantCreated(t, e.Audit, "alice")
	v1 := wantMoved(t, s, v0, "create")

	got, err := s.FindEmployeeByID(bg, "emp-1")
	Must(t, err)
	same(t, "found", e, got)
	list, total, err := s.FindEmployees(bg, graph.NodeFilter{})
	Must(t, err)
	same(t, "listing", []*graph.Employee{e}, list)
	if total != 1 {
		t.Fatalf("total %d, want 1", total)
	}

	u, err := s.UpdateEmployee(as("bob"), "emp-1", graph.EmployeeUpdate{
		Name: ptr("Anna de Jong"), Email: ptr(""), Role: ptr(graph.RoleBoardMember), Team: ptr("Bestuur")})
	Must(t, err)
	wantUpdated(t, e.Audit, u.Audit, "bob")
	want := *e
	want.Name, want.Email, want.Role, want.Team = "Anna de Jong", "", graph.RoleBoardMember, "Bestuur"
	want.Audit = u.Audit
	same(t, "updated", &want, u)
	got, err = s.FindEmployeeByID(bg, "emp-1")
	Must(t, err)
	same(t, "found after update", u, got)
	v2 := wantMoved(t, s, v1, "update")

	noop, err := s.UpdateEmployee(as("carol"), "emp-1", graph.EmployeeUpdate{Name: ptr("Anna de Jong")})
	Must(t, err)
	same(t, "update without change", u, noop)
	wantSameVersion(t, s, v2, "an update without change")
	got, err = s.FindEmployeeByID(bg, "emp-1")
	Must(t, err)
	same(t, "found after update without change", u, got)

	// Without contacts or owned records the delete needs no force.
	d, err := s.DeleteEmployee(as("dave"), "emp-1", graph.DeleteOptions{})
	Must(t, err)
	same(t, "deletion", &graph.EmployeeDeletion{ID: "emp-1"}, d)
	v3 := wantMoved(t, s, v2, "delete")
	_, err = s.FindEmployeeByID(bg, "emp-1")
	WantErr(t, err, graph.ENOTFOUND, "", "")
	_, err = s.DeleteEmployee(bg, "emp-1", graph.DeleteOptions{Force: true})
	WantErr(t, err, graph.ENOTFOUND, "", "")
	_, err = s.UpdateEmployee(bg, "emp-1", graph.EmployeeUpdate{Name: ptr("X")})
	WantErr(t, err, graph.ENOTFOUND, "", "")
	wantSameVersion(t, s, v3, "failed writes")
	list, total, err = s.FindEmployees(bg, graph.NodeFilter{})
	wantPage(t, "employees after delete", list, total, err, []string{}, 0)
}

func testOrganisationLifecycle(t *testing.T, s graph.Store) {
	for _, e := range []*graph.Employee{
		{ID: "emp-1", Name: "Anna", Role: graph.RoleAccountManager},
		{ID: "emp-2", Name: "Bram", Role: graph.RoleAccountManager},
	} {
		Must(t, s.CreateEmployee(bg, e))
	}
	v0 := version(t, s)
	o := &graph.Organisation{ID: "org-1", Name: "Fonds Noord", Sector: "fund", City: "Groningen", Website: "https://fonds.example",
		PartyType: graph.PartyInput, OwnerID: "emp-1", Source: graph.SourceImport,
		Contribution: graph.Contribution{Know: "k", Able: "a", Want: "w", Do: "d", ExchangeMeans: "e", Benefits: "b", Interests: "i"}}
	Must(t, s.CreateOrganisation(as("alice"), o))
	wantCreated(t, o.Audit, "alice")
	v1 := wantMoved(t, s, v0, "create")
	got, err := s.FindOrganisationByID(bg, "org-1")
	Must(t, err)
	same(t, "found", o, got)

	contribution := graph.Contribution{InterestsUnknown: true, Do: "fund the pilot"}
	u, err := s.UpdateOrganisation(as("bob"), "org-1", graph.OrganisationUpdate{
		Name: ptr("Fonds Noord-Nederland"), Sector: ptr("foundation"), City: ptr(""), Website: ptr("https://fnn.example"),
		PartyType: ptr(graph.PartyIntermediary), Contribution: &contribution, OwnerID: ptr("emp-2")})
	Must(t, err)
	wantUpdated(t, o.Audit, u.Audit, "bob")
	want := *o
	want.Name, want.Sector, want.City, want.Website = "Fonds Noord-Nederland", "foundation", "", "https://fnn.example"
	want.PartyType, want.Contribution, want.OwnerID, want.Audit = graph.PartyIntermediary, contribution, "emp-2", u.Audit
	same(t, "updated", &want, u)
	got, err = s.FindOrganisationByID(bg, "org-1")
	Must(t, err)
	same(t, "found after update", u, got)
	v2 := wantMoved(t, s, v1, "update")

	// Clearing the owner is an update like any other.
	cleared, err := s.UpdateOrganisation(as("bob"), "org-1", graph.OrganisationUpdate{OwnerID: ptr("")})
	Must(t, err)
	if cleared.OwnerID != "" {
		t.Fatalf("owner %q after clearing it", cleared.OwnerID)
	}
	v3 := wantMoved(t, s, v2, "clearing the owner")
	noop, err := s.UpdateOrganisation(as("carol"), "org-1", graph.OrganisationUpdate{OwnerID: ptr(""), City: ptr("")})
	Must(t, err)
	same(t, "update without change", cleared, noop)
	wantSameVersion(t, s, v3, "an update without change")

	Must(t, s.DeleteOrganisation(bg, "org-1"))
	v4 := wantMoved(t, s, v3, "delete")
	_, err = s.FindOrganisationByID(bg, "org-1")
	WantErr(t, err, graph.ENOTFOUND, "", "")
	WantErr(t, s.DeleteOrganisation(bg, "org-1"), graph.ENOTFOUND, "", "")
	wantSameVersion(t, s, v4, "a failed delete")
}

func testPersonLifecycle(t *testing.T, s graph.Store) {
	Must(t, s.CreateEmployee(bg, &graph.Employee{ID: "emp-1", Name: "Anna", Role: graph.RoleStaff}))
	v0 := version(t, s)
	p := &graph.Person{ID: "per-1", Name: "Dirk Smit", Email: "dirk@example.org", Title: "Director",
		LinkedInURL: "https://www.linkedin.com/in/dirk", PartyType: graph.PartyInput, OwnerID: "emp-1",
		Contribution: graph.Contribution{Want: "w"}, Source: graph.SourceLinkedIn}
	Must(t, s.CreatePerson(as("alice"), p))
	wantCreated(t, p.Audit, "alice")
	v1 := wantMoved(t, s, v0, "create")
	got, err := s.FindPersonByID(bg, "per-1")
	Must(t, err)
	same(t, "found", p, got)

	u, err := s.UpdatePerson(as("bob"), "per-1", graph.PersonUpdate{
		Name: ptr("Dirk P. Smit"), Email: ptr("d.smit@example.org"), Title: ptr("Chair"), LinkedInURL: ptr(""),
		PartyType: ptr(graph.PartyIntermediary), Contribution: &graph.Contribution{}, OwnerID: ptr(""), DoNotRoute: ptr(true)})
	Must(t, err)
	wantUpdated(t, p.Audit, u.Audit, "bob")
	want := *p
	want.Name, want.Email, want.Title, want.LinkedInURL = "Dirk P. Smit", "d.smit@example.org", "Chair", ""
	want.PartyType, want.Contribution, want.OwnerID, want.DoNotRoute = graph.PartyIntermediary, graph.Contribution{}, "", true
	want.Audit = u.Audit
	same(t, "updated", &want, u)
	got, err = s.FindPersonByID(bg, "per-1")
	Must(t, err)
	same(t, "found after update", u, got)
	v2 := wantMoved(t, s, v1, "update")

	noop, err := s.UpdatePerson(as("carol"), "per-1", graph.PersonUpdate{DoNotRoute: ptr(true)})
	Must(t, err)
	same(t, "update without change", u, noop)
	wantSameVersion(t, s, v2, "an update without change")

	Must(t, s.DeletePerson(bg, "per-1"))
	v3 := wantMoved(t, s, v2, "delete")
	_, err = s.FindPersonByID(bg, "per-1")
	WantErr(t, err, graph.ENOTFOUND, "", "")
	WantErr(t, s.DeletePerson(bg, "per-1"), graph.ENOTFOUND, "", "")
	wantSameVersion(t, s, v3, "a failed delete")
}

func testRelationshipLifecycle(t *testing.T, s graph.Store) {
	Must(t, s.CreateEmployee(bg, &graph.Employee{ID: "emp-1", Name: "Anna", Role: graph.RoleStaff}))
	Must(t, s.CreatePerson(bg, &graph.Person{ID: "per-1", Name: "Dirk"}))
	Must(t, s.CreateOrganisation(bg, &graph.Organisation{ID: "org-1", Name: "Fonds"}))
	v0 := version(t, s)

	// Without an id, the id comes from the type and the ends.
	r := &graph.Relationship{Type: graph.RelKnows, From: "emp-1", To: "per-1", Strength: 0.5, Nature: graph.NaturePersonal,
		Level: graph.LevelTactical, Since: time.Date(2020, 3, 1, 0, 0, 0, 0, time.UTC), Source: graph.SourceManual, Note: "met at a congress"}
	Must(t, s.CreateRelationship(as("alice"), r))
	if want := graph.RelationshipID(graph.RelKnows, "emp-1", "per-1"); r.ID != want {
		t.Fatalf("derived id %q, want %q", r.ID, want)
	}
	wantCreated(t, r.Audit, "alice")
	v1 := wantMoved(t, s, v0, "create")
	got, err := s.FindRelationshipByID(bg, r.ID)
	Must(t, err)
	same(t, "found", r, got)

	// With an id, it is kept.
	w := &graph.Relationship{ID: "rel-works", Type: graph.RelWorksAt, From: "per-1", To: "org-1", Strength: 1}
	Must(t, s.CreateRelationship(bg, w))
	got, err = s.FindRelationshipByID(bg, "rel-works")
	Must(t, err)
	same(t, "found with its own id", w, got)
	v2 := wantMoved(t, s, v1, "create")

	until := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	u, err := s.UpdateRelationship(as("bob"), r.ID, graph.RelationshipUpdate{
		Strength: ptr(0.9), Nature: ptr(graph.NatureProfessional), Level: ptr(graph.LevelStrategic),
		Since: ptr(time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)), Until: &until, Note: ptr("")})
	Must(t, err)
	wantUpdated(t, r.Audit, u.Audit, "bob")
	want := *r
	want.Strength, want.Nature, want.Level = 0.9, graph.NatureProfessional, graph.LevelStrategic
	want.Since, want.Until, want.Note, want.Audit = time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), until, "", u.Audit
	same(t, "updated", &want, u)
	got, err = s.FindRelationshipByID(bg, r.ID)
	Must(t, err)
	same(t, "found after update", u, got)
	v3 := wantMoved(t, s, v2, "update")

	noop, err := s.UpdateRelationship(as("carol"), r.ID, graph.RelationshipUpdate{Strength: ptr(0.9)})
	Must(t, err)
	same(t, "update without change", u, noop)
	wantSameVersion(t, s, v3, "an update without change")

	// An upsert without the optional values clears them: a store may write
	// such a relationship with fewer columns, and the stored values of the
	// others must not stay.
	bare := &graph.Relationship{ID: r.ID, Type: r.Type, From: r.From, To: r.To, Strength: 0.9}
	_, err = s.Upsert(as("dave"), &graph.Batch{Relationships: []*graph.Relationship{bare}}, graph.UpsertOptions{})
	Must(t, err)
	wantUpdated(t, u.Audit, bare.Audit, "dave")
	got, err = s.FindRelationshipByID(bg, r.ID)
	Must(t, err)
	same(t, "found after an upsert without optional values", bare, got)
	v3 = wantMoved(t, s, v3, "an upsert that clears optional values")

	Must(t, s.DeleteRelationship(bg, r.ID))
	v4 := wantMoved(t, s, v3, "delete")
	_, err = s.FindRelationshipByID(bg, r.ID)
	WantErr(t, err, graph.ENOTFOUND, "", "")
	WantErr(t, s.DeleteRelationship(bg, r.ID), graph.ENOTFOUND, "", "")
	wantSameVersion(t, s, v4, "a failed delete")
	// Its ends and the other relationship stay.
	rels, total, err := s.FindRelationships(bg, graph.RelationshipFilter{})
	wantPage(t, "relationships after delete", rels, total, err, []string{"rel-works"}, 1)
	if _, err := s.FindPersonByID(bg, "per-1"); err != nil {
		t.Fatalf("an end of the deleted relationship: %v", err)
	}
}

func testContactLifecycle(t *testing.T, s graph.Store) {
	Must(t, s.CreateEmployee(bg, &graph.Employee{ID: "emp-1", Name: "Anna", Role: graph.RoleStaff}))
	Must(t, s.CreatePerson(bg, &graph.Person{ID: "per-1", Name: "Dirk"}))
	Must(t, s.CreateOrganisation(bg, &graph.Organisation{ID: "org-1", Name: "Fonds"}))
	v0 := version(t, s)
	c := &graph.Contact{ID: "con-1", Date: time.Date(2026, 2, 3, 10, 0, 0, 0, time.UTC), EmployeeID: "emp-1",
		StakeholderID: "per-1", Mode: graph.ModeMeeting, Level: graph.LevelTactical, Note: "coffee"}
	Must(t, s.CreateContact(as("alice"), c))
	wantCreated(t, c.Audit, "alice")
	v1 := wantMoved(t, s, v0, "create")
	got, err := s.FindContactByID(bg, "con-1")
	Must(t, err)
	same(t, "found", c, got)

	date := time.Date(2026, 2, 4, 15, 30, 0, 0, time.UTC)
	u, err := s.UpdateContact(as("bob"), "con-1", graph.ContactUpdate{Date: &date, StakeholderID: ptr("org-1"),
		Mode: ptr(graph.ModePhone), Level: ptr(graph.ContactLevel("")), Note: ptr("follow-up call")})
	Must(t, err)
	wantUpdated(t, c.Audit, u.Audit, "bob")
	want := *c
	want.Date, want.StakeholderID, want.Mode, want.Level, want.Note = date, "org-1", graph.ModePhone, "", "follow-up call"
	want.Audit = u.Audit
	same(t, "updated", &want, u)
	got, err = s.FindContactByID(bg, "con-1")
	Must(t, err)
	same(t, "found after update", u, got)
	v2 := wantMoved(t, s, v1, "update")

	noop, err := s.UpdateContact(as("carol"), "con-1", graph.ContactUpdate{Mode: ptr(graph.ModePhone)})
	Must(t, err)
	same(t, "update without change", u, noop)
	wantSameVersion(t, s, v2, "an update without change")

	Must(t, s.DeleteContact(bg, "con-1"))
	v3 := wantMoved(t, s, v2, "delete")
	_, err = s.FindContactByID(bg, "con-1")
	WantErr(t, err, graph.ENOTFOUND, "", "")
	WantErr(t, s.DeleteContact(bg, "con-1"), graph.ENOTFOUND, "", "")
	wantSameVersion(t, s, v3, "a failed delete")
	if _, err := s.FindEmployeeByID(bg, "emp-1"); err != nil {
		t.Fatalf("the employee of the deleted contact: %v", err)
	}
}

// testNormalization checks that records are stored as graph normalizes
// them, and that Create reports the normalized record.
func testNormalization(t *testing.T, s graph.Store) {
	e := &graph.Employee{ID: "  emp-1\t", Name: "  Anna Jansen ", Email: " anna@example.org ", Role: graph.RoleStaff, Team: " Fondsen "}
	Must(t, s.CreateEmployee(bg, e))
	if e.ID != "emp-1" || e.Name != "Anna Jansen" || e.Email != "anna@example.org" || e.Team != "Fondsen" {
		t.Fatalf("created employee %+v is not trimmed", e)
	}
	got, err := s.FindEmployeeByID(bg, "emp-1")
	Must(t, err)
	same(t, "found", e, got)

	o := &graph.Organisation{ID: " org-1 ", Name: " Fonds ", OwnerID: " emp-1 "}
	Must(t, s.CreateOrganisation(bg, o))
	if o.ID != "org-1" || o.OwnerID != "emp-1" {
		t.Fatalf("created organisation %+v is not trimmed", o)
	}
	gotO, err := s.FindOrganisationByID(bg, "org-1")
	Must(t, err)
	same(t, "found", o, gotO)

	r := &graph.Relationship{Type: graph.RelAdvises, From: " emp-1 ", To: "org-1", Strength: 0.25, Note: " note "}
	Must(t, s.CreateRelationship(bg, r))
	if r.ID != "advises:emp-1:org-1" || r.From != "emp-1" || r.Note != "note" {
		t.Fatalf("created relationship %+v is not normalized", r)
	}
	gotR, err := s.FindRelationshipByID(bg, "advises:emp-1:org-1")
	Must(t, err)
	same(t, "found", r, gotR)

	// A contact without an id gets one from who met whom, when and how.
	date := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	c := &graph.Contact{Date: date, EmployeeID: "emp-1", StakeholderID: "org-1", Mode: graph.ModeEvent}
	Must(t, s.CreateContact(bg, c))
	if want := graph.ContactID("emp-1", "org-1", date, graph.ModeEvent); c.ID != want {
		t.Fatalf("derived contact id %q, want %q", c.ID, want)
	}
	gotC, err := s.FindContactByID(bg, c.ID)
	Must(t, err)
	same(t, "found", c, gotC)
}

// testTimes checks that times come back in UTC and equal (==, DeepEqual) to
// what graph made of them: contact dates to the millisecond, relationship
// dates to the day.
func testTimes(t *testing.T, s graph.Store) {
	Must(t, s.CreateEmployee(bg, &graph.Employee{ID: "emp-1", Name: "Anna", Role: graph.RoleStaff}))
	Must(t, s.CreatePerson(bg, &graph.Person{ID: "per-1", Name: "Dirk"}))
	amsterdam := time.FixedZone("CEST", 2*60*60)

	in := time.Date(2026, 4, 5, 6, 7, 8, 123456789, amsterdam)
	c := &graph.Contact{ID: "con-1", Date: in, EmployeeID: "emp-1", StakeholderID: "per-1", Mode: graph.ModePhone}
	Must(t, s.CreateContact(bg, c))
	if want := time.Date(2026, 4, 5, 4, 7, 8, 123000000, time.UTC); c.Date != want {
		t.Fatalf("normalized date %v, want %v", c.Date, want)
	}
	got, err := s.FindContactByID(bg, "con-1")
	Must(t, err)
	same(t, "found contact", c, got)
	if got.Date != c.Date || got.Date.Location() != time.UTC {
		t.Fatalf("found date %v (%v), want %v in UTC", got.Date, got.Date.Location(), c.Date)
	}

	r := &graph.Relationship{Type: graph.RelKnows, From: "emp-1", To: "per-1", Strength: 0.5,
		Since: time.Date(2019, 5, 1, 13, 30, 0, 5, amsterdam)}
	Must(t, s.CreateRelationship(bg, r))
	if r.Since.Location() != time.UTC || r.Since.Hour() != 0 || r.Since.Nanosecond() != 0 || !r.Until.IsZero() {
		t.Fatalf("normalized since %v, until %v: want a UTC day and zero", r.Since, r.Until)
	}
	gotR, err := s.FindRelationshipByID(bg, r.ID)
	Must(t, err)
	same(t, "found relationship", r, gotR)
	if gotR.Since != r.Since || !gotR.Until.IsZero() {
		t.Fatalf("found since %v until %v, want %v and zero", gotR.Since, gotR.Until, r.Since)
	}

	// Times before 1970 and far ahead survive too.
	old := &graph.Relationship{ID: "rel-old", Type: graph.RelReportsTo, From: "per-1", To: "emp-1", Strength: 1,
		Since: time.Date(1931, 1, 2, 0, 0, 0, 0, time.UTC), Until: time.Date(2999, 12, 31, 0, 0, 0, 0, time.UTC)}
	Must(t, s.CreateRelationship(bg, old))
	gotOld, err := s.FindRelationshipByID(bg, "rel-old")
	Must(t, err)
	same(t, "found old relationship", old, gotOld)
}

// testAudit checks who and when records are changed by.
func testAudit(t *testing.T, s graph.Store) {
	e := &graph.Employee{ID: "emp-1", Name: "Anna", Role: graph.RoleStaff}
	Must(t, s.CreateEmployee(bg, e)) // no actor in the context
	wantCreated(t, e.Audit, graph.SystemActor)
	e2 := &graph.Employee{ID: "emp-2", Name: "Bram", Role: graph.RoleStaff}
	Must(t, s.CreateEmployee(as(""), e2))
	wantCreated(t, e2.Audit, graph.SystemActor)
	if !e2.CreatedAt.After(e.CreatedAt) {
		t.Fatalf("second create at %v, first at %v: want later", e2.CreatedAt, e.CreatedAt)
	}

	u, err := s.UpdateEmployee(as("alice"), "emp-1", graph.EmployeeUpdate{Team: ptr("A")})
	Must(t, err)
	wantUpdated(t, e.Audit, u.Audit, "alice")
	u2, err := s.UpdateEmployee(as("bob"), "emp-1", graph.EmployeeUpdate{Team: ptr("B")})
	Must(t, err)
	wantUpdated(t, u.Audit, u2.Audit, "bob")
	got, err := s.FindEmployeeByID(bg, "emp-1")
	Must(t, err)
	same(t, "audit as stored", u2.Audit, got.Audit)

	// Audit fields given by callers are ignored.
	forged := graph.Audit{CreatedAt: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), CreatedBy: "mallory",
		UpdatedAt: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), UpdatedBy: "mallory"}
	e3 := &graph.Employee{ID: "emp-3", Name: "Cees", Role: graph.RoleStaff, Audit: forged}
	Must(t, s.CreateEmployee(as("carol"), e3))
	wantCreated(t, e3.Audit, "carol")
	got, err = s.FindEmployeeByID(bg, "emp-3")
	Must(t, err)
	same(t, "audit as stored", e3.Audit, got.Audit)
}
