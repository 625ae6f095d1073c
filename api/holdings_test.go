package api

import (
	"math"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
	"github.com/relmap/relmap/graph/storetest"
)

// holdingsToday is the server's clock in these tests.
var holdingsToday = time.Date(2024, 6, 30, 12, 0, 0, 0, time.UTC)

// holdingsServer serves a fresh embedded store holding (a part of the
// network of analysis' holdings tests):
//
//	emp-anna  account manager, owns org-fund; advises org-fund 0.4, knows per-jan 0.8
//	emp-bas   director; on the board of org-fund 0.7 (strategic)
//	emp-cor   staff; knows per-jan 0.6, per-kim 0.9, per-mia 0.5
//	emp-dirk  staff; no ties
//	per-jan   works at org-fund 0.9
//	per-kim   on the board of org-fund 0.5
//	per-mia   known to Cor only
//
// and a contact log: Anna–fund on 2024-02-01 (meeting) and 2024-05-01
// (phone), Dirk–fund on 2024-03-01 (e-mail). The clock is holdingsToday.
func holdingsServer(t *testing.T) (http.Handler, *sqlitestore.Store) {
	t.Helper()
	st, err := sqlitestore.Open(t.Context(), filepath.Join(t.TempDir(), "relmap.db"), sqlitestore.WithNow(new(storetest.Clock).Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	b := &graph.Batch{
		Employees: []*graph.Employee{
			{ID: "emp-anna", Name: "Anna", Role: graph.RoleAccountManager},
			{ID: "emp-bas", Name: "Bas", Role: graph.RoleDirector},
			{ID: "emp-cor", Name: "Cor", Role: graph.RoleStaff},
			{ID: "emp-dirk", Name: "Dirk", Role: graph.RoleStaff},
		},
		Organisations: []*graph.Organisation{{ID: "org-fund", Name: "Fonds X", PartyType: graph.PartyInput, OwnerID: "emp-anna"}},
		Persons: []*graph.Person{
			{ID: "per-jan", Name: "Jan"}, {ID: "per-kim", Name: "Kim"}, {ID: "per-mia", Name: "Mia"},
		},
		Relationships: []*graph.Relationship{
			{Type: graph.RelWorksAt, From: "per-jan", To: "org-fund", Strength: 0.9},
			{Type: graph.RelBoardMemberOf, From: "per-kim", To: "org-fund", Strength: 0.5},
			{Type: graph.RelBoardMemberOf, From: "emp-bas", To: "org-fund", Strength: 0.7, Nature: graph.NatureFormal, Level: graph.LevelStrategic},
			{Type: graph.RelAdvises, From: "emp-anna", To: "org-fund", Strength: 0.4, Level: graph.LevelOperational},
			{Type: graph.RelKnows, From: "emp-anna", To: "per-jan", Strength: 0.8},
			{Type: graph.RelKnows, From: "emp-cor", To: "per-jan", Strength: 0.6},
			{Type: graph.RelKnows, From: "emp-cor", To: "per-kim", Strength: 0.9},
			{Type: graph.RelKnows, From: "emp-cor", To: "per-mia", Strength: 0.5},
		},
		Contacts: []*graph.Contact{
			{Date: day("2024-02-01"), EmployeeID: "emp-anna", StakeholderID: "org-fund", Mode: graph.ModeMeeting},
			{Date: day("2024-05-01"), EmployeeID: "emp-anna", StakeholderID: "org-fund", Mode: graph.ModePhone},
			{Date: day("2024-03-01"), EmployeeID: "emp-dirk", StakeholderID: "org-fund", Mode: graph.ModeEmail},
		},
	}
	if _, err := st.Upsert(t.Context(), b, graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	srv := &Server{Store: st, Segments: st, Snapshots: &analysis.Cache{Source: st}, Now: func() time.Time { return holdingsToday }}
	return serve(t, srv), st
}

// TestContactsCRUD logs, lists, reads, edits and deletes a contact.
func TestContactsCRUD(t *testing.T) {
	h, _ := holdingsServer(t)
	var created graph.Contact
	call(t, h, "POST", "/api/v1/contacts",
		`{"date":"2024-06-01","employee_id":"emp-cor","stakeholder_id":"per-kim","mode":"meeting","level":"tactical","note":"lunch"}`, 201, &created)
	wantID := graph.ContactID("emp-cor", "per-kim", time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC), graph.ModeMeeting)
	if created.ID != wantID || created.CreatedAt.IsZero() {
		t.Fatalf("created %+v, want id %s with audit", created, wantID)
	}

	var list ListBody[graph.Contact]
	call(t, h, "GET", "/api/v1/contacts", "", 200, &list)
	if list.Total != 4 || list.Items[0].ID != wantID {
		t.Errorf("all contacts: total %d, first %s; want 4, newest first", list.Total, list.Items[0].ID)
	}
	for _, q := range []struct {
		query string
		total int
	}{
		{"employee_id=emp-anna", 2},
		{"stakeholder_id=org-fund", 3},
		{"mode=email", 1},
		{"since=2024-03-01", 3},                  // inclusive
		{"until=2024-03-01", 1},                  // exclusive
		{"since=2024-02-01&until=2024-05-02", 3}, // Anna twice and Dirk
		{"employee_id=emp-anna&limit=1&offset=1", 2},
	} {
		call(t, h, "GET", "/api/v1/contacts?"+q.query, "", 200, &list)
		if list.Total != q.total {
			t.Errorf("?%s: total %d, want %d", q.query, list.Total, q.total)
		}
	}
	if len(list.Items) != 1 || list.Items[0].Mode != graph.ModeMeeting {
		t.Errorf("page 2 of Anna's contacts: %+v, want her February meeting", list.Items)
	}

	var got graph.Contact
	call(t, h, "GET", "/api/v1/contacts/"+wantID, "", 200, &got)
	if got.Note != "lunch" {
		t.Errorf("got %+v", got)
	}
	call(t, h, "PATCH", "/api/v1/contacts/"+wantID, `{"note":"lunch and a walk","date":"2024-06-02"}`, 200, &got)
	if got.Note != "lunch and a walk" || !got.Date.Equal(time.Date(2024, 6, 2, 0, 0, 0, 0, time.UTC)) || got.ID != wantID {
		t.Errorf("patched %+v", got)
	}
	call(t, h, "DELETE", "/api/v1/contacts/"+wantID, "", 204, nil)
	var e apiError
	call(t, h, "GET", "/api/v1/contacts/"+wantID, "", 404, &e)
	call(t, h, "DELETE", "/api/v1/contacts/"+wantID, "", 404, &e)
	call(t, h, "PATCH", "/api/v1/contacts/"+wantID, `{"note":"x"}`, 404, &e)
}

// TestContactsBadInput: every bad contact is a 400 naming the field, and
// nothing is stored.
func TestContactsBadInput(t *testing.T) {
	h, st := holdingsServer(t)
	version := func() int64 {
		v, err := st.Version(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	before := version()
	var list ListBody[graph.Contact]
	call(t, h, "GET", "/api/v1/contacts?employee_id=emp-dirk", "", 200, &list)
	dirk := list.Items[0].ID
	ok := `"employee_id":"emp-cor","stakeholder_id":"per-kim","mode":"phone"`
	for _, c := range []struct {
		name, method, path, body, field string
	}{
		{"unknown employee", "POST", "/api/v1/contacts", `{"date":"2024-06-01","employee_id":"emp-nobody","stakeholder_id":"per-kim","mode":"phone"}`, "employee_id"},
		{"employee is no employee", "POST", "/api/v1/contacts", `{"date":"2024-06-01","employee_id":"per-jan","stakeholder_id":"per-kim","mode":"phone"}`, "employee_id"},
		{"unknown stakeholder", "POST", "/api/v1/contacts", `{"date":"2024-06-01","employee_id":"emp-cor","stakeholder_id":"org-nobody","mode":"phone"}`, "stakeholder_id"},
		{"unknown mode", "POST", "/api/v1/contacts", `{"date":"2024-06-01","employee_id":"emp-cor","stakeholder_id":"per-kim","mode":"fax"}`, "mode"},
		{"unknown level", "POST", "/api/v1/contacts", `{"date":"2024-06-01",` + ok + `,"level":"cosmic"}`, "level"},
		{"future date", "POST", "/api/v1/contacts", `{"date":"2024-07-01",` + ok + `}`, "date"},
		{"future instant", "POST", "/api/v1/contacts", `{"date":"2024-06-30T12:00:01Z",` + ok + `}`, "date"},
		{"no date", "POST", "/api/v1/contacts", `{` + ok + `}`, "date"},
		{"not a date", "POST", "/api/v1/contacts", `{"date":"yesterday",` + ok + `}`, "date"},
		{"unknown key", "POST", "/api/v1/contacts", `{"date":"2024-06-01",` + ok + `,"mood":"good"}`, "mood"},
		{"patch into the future", "PATCH", "/api/v1/contacts/" + dirk, `{"date":"2025-01-01"}`, "date"},
		{"patch unknown mode", "PATCH", "/api/v1/contacts/" + dirk, `{"mode":"telepathy"}`, "mode"},
		{"patch unknown stakeholder", "PATCH", "/api/v1/contacts/" + dirk, `{"stakeholder_id":"org-nobody"}`, "stakeholder_id"},
		{"list: unknown mode", "GET", "/api/v1/contacts?mode=fax", "", "mode"},
		{"list: bad since", "GET", "/api/v1/contacts?since=soon", "", "since"},
		{"list: bad limit", "GET", "/api/v1/contacts?limit=5000", "", "limit"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var e apiError
			call(t, h, c.method, c.path, c.body, 400, &e)
			if e.Error.Code != graph.EINVALID || !e.has(c.field, "") {
				t.Errorf("error %+v, want invalid naming field %q", e.Error, c.field)
			}
		})
	}
	if v := version(); v != before {
		t.Errorf("version moved from %d to %d: bad input stored something", before, v)
	}
	// Now itself is not the future.
	call(t, h, "POST", "/api/v1/contacts", `{"date":"2024-06-30T12:00:00Z",`+ok+`}`, 201, nil)
}

// TestHoldersRoutes: the answers of analysis' hand-computed holdings tests,
// through the router and the store.
func TestHoldersRoutes(t *testing.T) {
	h, _ := holdingsServer(t)
	var r analysis.HoldersResult
	call(t, h, "GET", "/api/v1/holders/org-fund", "", 200, &r)
	// Direct: Anna via Jan 0.8 × 0.9 = 0.72 (she advises the fund, and her
	// two logged contacts with it, the last 2024-05-01, 60 days before the
	// clock, lift that tie to at most (0.4 + f + r)/3 < 0.72; owner), Bas
	// 0.7, Dirk (1 contact). Indirect: Cor via Jan 0.6 × 0.9 = 0.54.
	var ids []string
	for _, x := range r.Direct {
		ids = append(ids, x.Employee.ID)
	}
	if !equalIDs(ids, "emp-anna", "emp-bas", "emp-dirk") {
		t.Fatalf("direct holders %v, want Anna, Bas, Dirk", ids)
	}
	if a := r.Direct[0]; !a.Owner || a.Contacts != 2 || a.DaysSinceContact == nil || *a.DaysSinceContact != 60 ||
		a.Via == nil || a.Via.ID != "per-jan" || math.Abs(a.Strength-0.72) > 1e-12 {
		t.Errorf("Anna %+v", a)
	}
	if len(r.Indirect) != 1 || r.Indirect[0].Employee.ID != "emp-cor" || r.Indirect[0].Via.ID != "per-jan" || math.Abs(r.Indirect[0].Strength-0.54) > 1e-12 {
		t.Errorf("indirect %+v, want Cor via Jan 0.54", r.Indirect)
	}
	var e apiError
	call(t, h, "GET", "/api/v1/holders/org-nobody", "", 404, &e)
	call(t, h, "GET", "/api/v1/holders/emp-anna", "", 400, &e)

	var hb HoldingsBody
	call(t, h, "GET", "/api/v1/employees/emp-anna/holdings", "", 200, &hb)
	if len(hb.Holdings) != 2 || hb.Holdings[0].Stakeholder.ID != "per-jan" || hb.Holdings[1].Stakeholder.ID != "org-fund" {
		t.Errorf("Anna's holdings %+v, want Jan (0.8), then the fund (0.4)", hb.Holdings)
	}
	call(t, h, "GET", "/api/v1/employees/per-jan/holdings", "", 400, &e)

	// Kim and Mia are held by Cor alone.
	var sb SingleHoldersBody
	call(t, h, "GET", "/api/v1/single-holders", "", 200, &sb)
	if len(sb.Stakeholders) != 2 || sb.Stakeholders[0].Stakeholder.ID != "per-kim" || sb.Stakeholders[1].Stakeholder.ID != "per-mia" {
		t.Errorf("single holders %+v, want Kim and Mia", sb.Stakeholders)
	}

	// If Cor leaves: Mia is lost; Kim falls from 0.9 (Cor–Kim) to 0.36
	// (Anna–Jan–fund–Kim, 0.8 × 0.9 × 0.5), a drop of 0.6 > 0.5.
	var d analysis.DepartureImpact
	call(t, h, "GET", "/api/v1/departure/emp-cor?target=per-mia&target=per-kim&target=org-fund", "", 200, &d)
	if len(d.Lost) != 1 || d.Lost[0].Target.ID != "per-mia" || len(d.Weakened) != 1 || d.Weakened[0].Target.ID != "per-kim" {
		t.Errorf("departure of Cor: lost %+v, weakened %+v", d.Lost, d.Weakened)
	}
	call(t, h, "GET", "/api/v1/departure/emp-cor?target=per-kim&share=0.75", "", 200, &d)
	if len(d.Weakened) != 0 || d.Share != 0.75 {
		t.Errorf("share 0.75: %+v", d)
	}
	// Without targets: the invest and develop stakeholders; none is
	// assessed here, so nothing is checked.
	call(t, h, "GET", "/api/v1/departure/emp-cor", "", 200, &d)
	if d.Checked != 0 {
		t.Errorf("checked %d without assessments, want 0", d.Checked)
	}
	call(t, h, "GET", "/api/v1/departure/emp-cor?share=lots", "", 400, &e)
	if !e.has("share", "") {
		t.Errorf("share=lots: %+v", e)
	}
	call(t, h, "GET", "/api/v1/departure/emp-cor?share=2&target=per-kim", "", 400, &e)
	call(t, h, "GET", "/api/v1/departure/emp-nobody?target=per-kim", "", 404, &e)
}

func equalIDs(got []string, want ...string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}
