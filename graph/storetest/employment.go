package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
)

// The employment rules of graph/employment.go: an employee's end of
// employment.

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
