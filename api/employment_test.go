package api

import (
	"strings"
	"testing"

	"github.com/relmap/relmap/graph"
)

// TestEmployeeEnd sets, checks and takes back an employee's end of
// employment through the router: the day is kept, her contacts stay, none
// may be dated after it nor it before them, and null takes it back.
func TestEmployeeEnd(t *testing.T) {
	h, _ := segmentServer(t)
	call(t, h, "POST", "/api/v1/contacts", `{"date":"2025-02-10","employee_id":"emp-anna","stakeholder_id":"per-jan","mode":"meeting"}`, 201, nil)

	// She leaves on 31 March: the day is kept, and her contact stays.
	var emp graph.Employee
	var e apiError
	call(t, h, "PATCH", "/api/v1/employees/emp-anna", `{"end":"2025-03-31"}`, 200, &emp)
	if got := emp.End.Format("2006-01-02T15:04:05Z07:00"); got != "2025-03-31T00:00:00Z" {
		t.Fatalf("end %s, want 2025-03-31T00:00:00Z", got)
	}
	call(t, h, "PATCH", "/api/v1/employees/emp-anna", `{"end":"2025-02-01T12:00:00Z"}`, 400, &e)
	if !e.has("end", "") || !strings.Contains(e.Error.Problems[0].Message, "before the contact of 2025-02-10") {
		t.Fatalf("end before her contact: %+v, want field end naming the contact", e)
	}
	var contacts ListBody[graph.Contact]
	call(t, h, "GET", "/api/v1/contacts?employee_id=emp-anna", "", 200, &contacts)
	if contacts.Total != 1 {
		t.Fatalf("%d contacts of emp-anna after her end date, want 1 (history stays)", contacts.Total)
	}
	call(t, h, "POST", "/api/v1/contacts", `{"date":"2025-04-01","employee_id":"emp-anna","stakeholder_id":"per-jan","mode":"phone"}`, 400, &e)
	if !e.has("date", "") {
		t.Fatalf("a contact after she left: %+v, want field date", e)
	}

	// null takes the end back; an absent key leaves it alone.
	call(t, h, "PATCH", "/api/v1/employees/emp-anna", `{"end":"31-03-2025"}`, 400, &e)
	if !e.has("end", "line 1") {
		t.Fatalf("a day in another order: %+v, want field end", e)
	}
	call(t, h, "PATCH", "/api/v1/employees/emp-anna", `{"ned":null}`, 400, &e)
	if !e.has("ned", "line 1") {
		t.Fatalf("a misspelt key: %+v, want field ned", e)
	}
	call(t, h, "PATCH", "/api/v1/employees/emp-anna", `{"team":"Fondsen"}`, 200, &emp)
	if emp.End.IsZero() {
		t.Fatal("a PATCH without end cleared it")
	}
	emp = graph.Employee{}
	call(t, h, "PATCH", "/api/v1/employees/emp-anna", `{"end":null}`, 200, &emp)
	if !emp.End.IsZero() || emp.Team != "Fondsen" {
		t.Fatalf("after end null: %+v, want no end and the team kept", emp)
	}
	call(t, h, "POST", "/api/v1/contacts", `{"date":"2025-04-01","employee_id":"emp-anna","stakeholder_id":"per-jan","mode":"phone"}`, 201, nil)
}
