package api

import (
	"strings"
	"testing"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
)

// TestEmployeeLeaves walks an employee's departure through the router: a
// delete refused while she has a history (409, naming it, changing
// nothing), an end date set (her contacts stay and are still listed), her
// ownership handed over, the end taken back with null, and a forced delete
// written to the audit log with what it took.
func TestEmployeeLeaves(t *testing.T) {
	h, st := segmentServer(t)
	ctx := t.Context()
	// segmentServer: emp-anna owns org-fund and knows per-jan.
	call(t, h, "POST", "/api/v1/employees", `{"id":"emp-bob","name":"Bob Smit","role":"staff"}`, 201, nil)
	call(t, h, "POST", "/api/v1/contacts", `{"date":"2025-02-10","employee_id":"emp-anna","stakeholder_id":"per-jan","mode":"meeting"}`, 201, nil)

	before, _ := st.Version(ctx)
	var e apiError
	call(t, h, "DELETE", "/api/v1/employees/emp-anna", "", 409, &e)
	if e.Error.Code != graph.ECONFLICT || !strings.Contains(e.Error.Message, "has 1 logged contact and 1 relationship, and owns 1 organisation") {
		t.Fatalf("refused delete: %+v, want a conflict naming 1 contact, 1 relationship and 1 organisation", e)
	}
	call(t, h, "DELETE", "/api/v1/employees/emp-anna?force=perhaps", "", 400, &e)
	if !e.has("force", "") {
		t.Fatalf("force=perhaps: %+v, want field force", e)
	}
	if after, _ := st.Version(ctx); after != before {
		t.Fatalf("a refused delete changed the store: version %d → %d", before, after)
	}

	// She leaves on 31 March: the day is kept, and her contact stays.
	var emp graph.Employee
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

	// Her ownership goes to Bob; nobody hands over to her now.
	var ho graph.Handover
	call(t, h, "POST", "/api/v1/employees/emp-anna/handover", `{"to":"emp-bob"}`, 200, &ho)
	if strings.Join(ho.Organisations, ",") != "org-fund" || len(ho.Persons) != 0 || ho.From != "emp-anna" || ho.To != "emp-bob" {
		t.Fatalf("hand-over %+v, want org-fund from emp-anna to emp-bob", ho)
	}
	if o, _ := st.FindOrganisationByID(ctx, "org-fund"); o.OwnerID != "emp-bob" {
		t.Fatalf("org-fund owned by %q after the hand-over, want emp-bob", o.OwnerID)
	}
	call(t, h, "POST", "/api/v1/employees/emp-bob/handover", `{"to":"emp-anna"}`, 400, &e)
	if !e.has("to", "") {
		t.Fatalf("hand-over to someone who left: %+v, want field to", e)
	}
	call(t, h, "POST", "/api/v1/employees/emp-bob/handover", `{"to":"emp-nobody"}`, 404, nil)
	call(t, h, "POST", "/api/v1/employees/emp-bob/handover", `{"too":"emp-anna"}`, 400, &e)
	if !e.has("too", "") {
		t.Fatalf("misspelt key: %+v, want field too", e)
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

	// Forced, she goes with her history, and the audit log says what went.
	call(t, h, "DELETE", "/api/v1/employees/emp-anna?force=true", "", 204, nil)
	if _, err := st.FindEmployeeByID(ctx, "emp-anna"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Fatalf("emp-anna after a forced delete: %v", err)
	}
	es, _, err := st.FindAudit(ctx, auth.AuditFilter{Target: "emp-anna", Action: "DELETE /api/v1/employees/:id"})
	if err != nil {
		t.Fatal(err)
	}
	// Newest first: the forced delete, then the refused ones (409, 400).
	if len(es) != 3 || es[0].Status != 204 || es[1].Status != 400 || es[2].Status != 409 ||
		es[0].Detail != "deleted employee with 1 logged contact and 1 relationship, and owns no records (forced)" {
		for _, x := range es {
			t.Logf("%+v", *x)
		}
		t.Fatal("audit of the deletes: want the forced one with what it took, and the two refused")
	}
	hs, _, err := st.FindAudit(ctx, auth.AuditFilter{Target: "emp-anna", Action: "POST /api/v1/employees/:id/handover"})
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 1 || hs[0].Detail != "handed over 1 organisation and 0 persons from emp-anna to emp-bob" {
		t.Fatalf("audit of the hand-over: %+v", hs)
	}
	// An employee without a history goes without force.
	call(t, h, "DELETE", "/api/v1/employees/emp-bob?force=false", "", 409, nil) // owns org-fund now
	call(t, h, "POST", "/api/v1/employees", `{"id":"emp-new","name":"Nieuw","role":"staff"}`, 201, nil)
	call(t, h, "DELETE", "/api/v1/employees/emp-new", "", 204, nil)
}
