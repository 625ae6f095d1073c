package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
)

// The employment rules of graph/employment.go: an employee's end of
// employment, the refused delete of an employee with a history, and the
// hand-over of what they own.

func dayOf(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// networkNode returns the node id of s's network.
func networkNode(t *testing.T, s graph.Store, id string) graph.NetworkNode {
	t.Helper()
	net, err := graph.ReadNetwork(bg, s)
	Must(t, err)
	for _, n := range net.Nodes {
		if n.ID == id {
			return n
		}
	}
	t.Fatalf("no node %s in the network", id)
	return graph.NetworkNode{}
}

// wantMessage fails t unless the message of err holds every one of parts.
func wantMessage(t *testing.T, err error, parts ...string) {
	t.Helper()
	msg := graph.ErrorMessage(err)
	if es := ErrorList(err); len(es) > 0 {
		msg = es[0].Message
	}
	for _, p := range parts {
		if !strings.Contains(msg, p) {
			t.Fatalf("message %q does not say %q", msg, p)
		}
	}
}

// testEmployeeEnd checks the last day of employment: kept as a day, shown
// in the network, not before the start, and no contact of the employee
// after it, whichever of the two is written last.
func testEmployeeEnd(t *testing.T, s graph.Store) {
	e := &graph.Employee{ID: "emp-lies", Name: "Lies Vertrek", Role: graph.RoleAccountManager,
		Start: dayOf(2024, 1, 1), End: time.Date(2026, 3, 31, 17, 30, 0, 0, time.UTC)}
	Must(t, s.CreateEmployee(as("hr"), e))
	Must(t, s.CreatePerson(bg, &graph.Person{ID: "per-x", Name: "Xander"}))
	got, err := s.FindEmployeeByID(bg, "emp-lies")
	Must(t, err)
	if !got.End.Equal(dayOf(2026, 3, 31)) {
		t.Fatalf("end %v, want 2026-03-31 (its day)", got.End)
	}
	n := networkNode(t, s, "emp-lies")
	same(t, "network node", graph.NetworkNode{ID: "emp-lies", Kind: graph.KindEmployee, Name: "Lies Vertrek", End: dayOf(2026, 3, 31)}, n)
	if n.Left(time.Date(2026, 3, 31, 23, 0, 0, 0, time.UTC)) || !n.Left(dayOf(2026, 4, 1)) {
		t.Fatal("Left: employed on her last day, gone the day after")
	}

	// A contact on the last day goes; the day after is refused, through a
	// create, a batch and an update.
	contact := func(id string, at time.Time) *graph.Contact {
		return &graph.Contact{ID: id, Date: at, EmployeeID: "emp-lies", StakeholderID: "per-x", Mode: graph.ModeMeeting}
	}
	Must(t, s.CreateContact(bg, contact("con-last", time.Date(2026, 3, 31, 16, 0, 0, 0, time.UTC))))
	v := version(t, s)
	err = s.CreateContact(bg, contact("con-after", dayOf(2026, 4, 1)))
	WantErr(t, err, graph.EINVALID, "", "date")
	wantMessage(t, err, "2026-04-01 is after employee \"emp-lies\" left on 2026-03-31")
	_, err = s.Upsert(bg, &graph.Batch{Contacts: []*graph.Contact{
		contact("con-ok", dayOf(2026, 3, 1)), contact("con-late", time.Date(2026, 4, 2, 9, 0, 0, 0, time.UTC)),
	}}, graph.UpsertOptions{})
	WantErr(t, err, graph.EINVALID, "contacts[1]", "date")
	_, err = s.UpdateContact(bg, "con-last", graph.ContactUpdate{Date: ptr(dayOf(2026, 4, 2))})
	WantErr(t, err, graph.EINVALID, "", "date")

	// Nor can the end move before the contact of 2026-03-31 already
	// logged, through an update or a batch; nor before the start.
	_, err = s.UpdateEmployee(bg, "emp-lies", graph.EmployeeUpdate{End: ptr(dayOf(2026, 3, 30))})
	WantErr(t, err, graph.EINVALID, "", "end")
	wantMessage(t, err, "2026-03-30 is before the contact of 2026-03-31 already logged")
	_, err = s.Upsert(bg, &graph.Batch{Employees: []*graph.Employee{
		{ID: "emp-other", Name: "Olga Ander", Role: graph.RoleStaff, End: dayOf(2026, 3, 30)},
		{ID: "emp-lies", Name: "Lies Vertrek", Role: graph.RoleAccountManager, Start: dayOf(2024, 1, 1), End: dayOf(2026, 3, 30)},
	}}, graph.UpsertOptions{})
	WantErr(t, err, graph.EINVALID, "employees[1]", "end")
	err = s.CreateEmployee(bg, &graph.Employee{ID: "emp-short", Name: "Kort", Role: graph.RoleStaff,
		Start: dayOf(2025, 1, 1), End: dayOf(2024, 12, 31)})
	WantErr(t, err, graph.EINVALID, "", "end")
	wantMessage(t, err, "2024-12-31 is before the start of employment (2025-01-01)")
	// An employee and their contact in one batch: the batch's end counts.
	_, err = s.Upsert(bg, &graph.Batch{
		Employees: []*graph.Employee{{ID: "emp-gone", Name: "Gone", Role: graph.RoleStaff, End: dayOf(2026, 2, 1)}},
		Contacts: []*graph.Contact{{ID: "con-gone", Date: dayOf(2026, 2, 2), EmployeeID: "emp-gone",
			StakeholderID: "per-x", Mode: graph.ModePhone}},
	}, graph.UpsertOptions{})
	WantErr(t, err, graph.EINVALID, "contacts[0]", "date")
	wantSameVersion(t, s, v, "refused writes")

	// The end moves later, and is taken back by the zero time: employed
	// again, a later contact goes.
	u, err := s.UpdateEmployee(as("hr"), "emp-lies", graph.EmployeeUpdate{End: ptr(dayOf(2026, 4, 30))})
	Must(t, err)
	if !u.End.Equal(dayOf(2026, 4, 30)) {
		t.Fatalf("end %v after the update, want 2026-04-30", u.End)
	}
	u, err = s.UpdateEmployee(as("hr"), "emp-lies", graph.EmployeeUpdate{End: ptr(time.Time{})})
	Must(t, err)
	if !u.End.IsZero() || !u.Start.Equal(dayOf(2024, 1, 1)) {
		t.Fatalf("start %v and end %v after taking the end back, want 2024-01-01 and none", u.Start, u.End)
	}
	same(t, "network node employed again", graph.NetworkNode{ID: "emp-lies", Kind: graph.KindEmployee, Name: "Lies Vertrek"},
		networkNode(t, s, "emp-lies"))
	Must(t, s.CreateContact(bg, contact("con-after", dayOf(2026, 5, 1))))
}

// testDeleteEmployeeRefused checks that an employee with logged contacts or
// owned records is not deleted without force, and that the refusal names
// what would be lost and changes nothing.
func testDeleteEmployeeRefused(t *testing.T, s graph.Store) {
	_, err := s.Upsert(as("importer"), Sample(), graph.UpsertOptions{})
	Must(t, err)
	before := capture(t, s)
	// emp-bram: con-2 and con-3, advises org-city, owns org-fund and
	// per-dirk (Sample).
	d, err := s.DeleteEmployee(as("deleter"), "emp-bram", graph.DeleteOptions{})
	WantErr(t, err, graph.ECONFLICT, "", "")
	wantMessage(t, err, `employee "emp-bram" has 2 logged contacts and 1 relationship, and owns 1 organisation and 1 person`)
	if d != nil {
		t.Fatalf("a refused delete reports %+v", d)
	}
	unchanged(t, s, before)

	// Owning records alone is a history: a new employee who owns org-kvk.
	Must(t, s.CreateEmployee(bg, &graph.Employee{ID: "emp-dana", Name: "Dana", Role: graph.RoleStaff}))
	_, err = s.UpdateOrganisation(bg, "org-kvk", graph.OrganisationUpdate{OwnerID: ptr("emp-dana")})
	Must(t, err)
	before = capture(t, s)
	_, err = s.DeleteEmployee(bg, "emp-dana", graph.DeleteOptions{})
	WantErr(t, err, graph.ECONFLICT, "", "")
	wantMessage(t, err, "0 logged contacts and 0 relationships, and owns 1 organisation")
	unchanged(t, s, before)

	// Ties alone are not: an employee who only knows someone goes, with
	// the tie.
	Must(t, s.CreateEmployee(bg, &graph.Employee{ID: "emp-eef", Name: "Eef", Role: graph.RoleStaff}))
	Must(t, s.CreateRelationship(bg, &graph.Relationship{Type: graph.RelKnows, From: "emp-eef", To: "per-gert", Strength: 0.4}))
	d, err = s.DeleteEmployee(bg, "emp-eef", graph.DeleteOptions{})
	Must(t, err)
	same(t, "deletion of a tie holder", &graph.EmployeeDeletion{ID: "emp-eef", Relationships: 1}, d)
}

// testHandover checks the hand-over of ownership: every record moves in one
// write, audited as a change; nothing owned, nothing changes; and the
// refusals change nothing.
func testHandover(t *testing.T, s graph.Store) {
	_, err := s.Upsert(as("importer"), Sample(), graph.UpsertOptions{})
	Must(t, err)
	before := capture(t, s)

	h, err := s.Handover(as("hr"), "emp-bram", "emp-anna")
	Must(t, err)
	// emp-bram owns org-fund and per-dirk (Sample).
	same(t, "hand-over", &graph.Handover{From: "emp-bram", To: "emp-anna", Organisations: []string{"org-fund"}, Persons: []string{"per-dirk"}}, h)
	after := capture(t, s)
	if after.Version <= before.Version {
		t.Fatalf("version %d after the hand-over, want more than %d", after.Version, before.Version)
	}
	want := before
	want.Version, want.Network = after.Version, &graph.Network{Version: after.Version}
	want.Organisations, want.Persons = nil, nil
	for _, o := range before.Organisations {
		if o.ID == "org-fund" {
			c := *o
			got := byID(after.Organisations, o.ID)
			wantUpdated(t, o.Audit, got.Audit, "hr")
			c.OwnerID, c.Audit = "emp-anna", got.Audit
			o = &c
		}
		want.Organisations = append(want.Organisations, o)
	}
	for _, p := range before.Persons {
		if p.ID == "per-dirk" {
			c := *p
			got := byID(after.Persons, p.ID)
			wantUpdated(t, p.Audit, got.Audit, "hr")
			c.OwnerID, c.Audit = "emp-anna", got.Audit
			p = &c
		}
		want.Persons = append(want.Persons, p)
	}
	for _, n := range before.Network.Nodes {
		if n.OwnerID == "emp-bram" {
			n.OwnerID = "emp-anna"
		}
		want.Network.Nodes = append(want.Network.Nodes, n)
	}
	want.Network.Edges = before.Network.Edges
	same(t, "after the hand-over", want, after)

	// Nothing left to hand over: nothing changes, not even the version.
	h, err = s.Handover(as("hr"), "emp-bram", "emp-anna")
	Must(t, err)
	same(t, "empty hand-over", &graph.Handover{From: "emp-bram", To: "emp-anna", Organisations: []string{}, Persons: []string{}}, h)
	unchanged(t, s, after)

	// Refused, changing nothing: to oneself, to nobody, from or to an id
	// that is no employee, and to someone who has left (by the store's
	// clock, which starts at 2026-01-02).
	_, err = s.UpdateEmployee(bg, "emp-cees", graph.EmployeeUpdate{End: ptr(dayOf(2025, 12, 31))})
	Must(t, err)
	after = capture(t, s)
	for _, c := range []struct {
		from, to, code, field string
	}{
		{"emp-anna", "emp-anna", graph.EINVALID, "to"},
		{"emp-anna", "", graph.EINVALID, "to"},
		{"emp-anna", "emp-none", graph.ENOTFOUND, ""},
		{"emp-none", "emp-anna", graph.ENOTFOUND, ""},
		{"emp-anna", "org-fund", graph.ENOTFOUND, ""},
		{"emp-anna", "emp-cees", graph.EINVALID, "to"},
	} {
		_, err := s.Handover(bg, c.from, c.to)
		WantErr(t, err, c.code, "", c.field)
	}
	_, err = s.Handover(bg, "emp-anna", "emp-cees")
	wantMessage(t, err, `employee "emp-cees" left on 2025-12-31`)
	unchanged(t, s, after)

	// From someone who has left: what emp-cees owned moves.
	h, err = s.Handover(as("hr"), "emp-cees", "emp-bram")
	Must(t, err)
	same(t, "hand-over from a departed employee", &graph.Handover{From: "emp-cees", To: "emp-bram",
		Organisations: []string{"org-gp"}, Persons: []string{"per-eva"}}, h)
}
