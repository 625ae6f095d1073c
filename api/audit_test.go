package api

import (
	"database/sql"
	"encoding/json"
	"net/http"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
	"github.com/relmap/relmap/segment"
)

// auditOf returns the audit entries of action, newest first.
func auditOf(t *testing.T, st auth.Store, action string) []*auth.AuditEntry {
	t.Helper()
	es, _, err := st.FindAudit(t.Context(), auth.AuditFilter{Action: action, Page: graph.Page{Limit: graph.MaxLimit}})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// TestAuditRefusals: refused requests to write and erasure routes and to
// the exports are in the audit log — without a token (401, anonymous),
// with too small a role (403), and rate limited (429: the first of a
// client within a minute) — and refused plain reads are not.
func TestAuditRefusals(t *testing.T) {
	_, st := segmentServer(t)
	srv := &Server{Store: st, Segments: st}
	now := limited(srv, Limits{Rate: 1, Burst: 2})
	srv.refusals.now = func() time.Time { return *now }
	h := serve(t, srv)
	vera := namedSecret(t, st, "vera", auth.Viewer)

	for _, r := range []struct{ method, path string }{
		{"POST", "/api/v1/persons"},
		{"POST", "/api/v1/persons/per-jan/erasure"},
	} {
		if w := send(h, r.method, r.path, `{}`, noSecret...); w.Code != 401 {
			t.Fatalf("%s %s without a token: %d, want 401", r.method, r.path, w.Code)
		}
		*now = now.Add(10 * time.Second) // a full bucket again
	}
	for _, path := range []string{"/api/v1/export", "/api/v1/persons/per-jan/export"} {
		if w := send(h, "GET", path, "", bearerOf(vera)...); w.Code != 403 {
			t.Fatalf("GET %s as a viewer: %d, want 403", path, w.Code)
		}
	}
	if w := send(h, "GET", "/api/v1/persons", "", noSecret...); w.Code != 401 {
		t.Fatalf("GET /persons without a token: %d, want 401", w.Code)
	}
	// Burst 2 and no time passing: the third erasure without a token is
	// rate limited, and so are the fourth and fifth; one entry says so.
	*now = now.Add(10 * time.Second)
	for i, want := range []int{401, 401, 429, 429, 429} {
		if w := send(h, "POST", "/api/v1/persons/per-jan/erasure", "", noSecret...); w.Code != want {
			t.Fatalf("erasure %d without a token: %d, want %d", i, w.Code, want)
		}
	}

	// A minute later, the client's refusals are logged again: burst 2
	// again, so 401, 401, 429 (logged), 429 (not).
	*now = now.Add(time.Minute)
	for i, want := range []int{401, 401, 429, 429} {
		if w := send(h, "POST", "/api/v1/persons/per-jan/erasure", "", noSecret...); w.Code != want {
			t.Fatalf("erasure %d a minute later: %d, want %d", i, w.Code, want)
		}
	}

	for _, c := range []struct {
		action, target, actor string
		statuses              []int // newest first
	}{
		{"POST /api/v1/persons", "", Anonymous, []int{401}},
		{"POST /api/v1/persons/:id/erasure", "per-jan", Anonymous, []int{429, 401, 401, 429, 401, 401, 401}},
		{"GET /api/v1/export", "", "vera", []int{403}},
		{"GET /api/v1/persons/:id/export", "per-jan", "vera", []int{403}},
		{"GET /api/v1/persons", "", "", nil},
	} {
		es := auditOf(t, st, c.action)
		var got []int
		for _, e := range es {
			got = append(got, e.Status)
			if e.Actor != c.actor || e.Target != c.target || e.Client != "192.0.2.1" || e.RequestID == "" {
				t.Errorf("%s: entry %+v, want actor %q, target %q, client 192.0.2.1, a request id", c.action, e, c.actor, c.target)
			}
			if e.Status == 429 && e.Detail == "" {
				t.Errorf("%s: the rate-limit entry does not say that later refusals are left out: %+v", c.action, e)
			}
		}
		if !slices.Equal(c.statuses, got) {
			t.Errorf("%s: statuses %v, want %v", c.action, got, c.statuses)
		}
	}
}

// TestAuditCreates: a POST that creates a record names it as the audit
// entry's target — its id as given, or as derived (a relationship's, a
// contact's, an assessment's) — and a contact or assessment created through
// the API is stamped with the token's name, not "system".
func TestAuditCreates(t *testing.T) {
	_, st := segmentServer(t)
	h := serve(t, &Server{Store: st, Segments: st})
	anna := namedSecret(t, st, "Anna Jansen", auth.Editor)
	for _, c := range []struct {
		path, body, action, target string
	}{
		{"/api/v1/persons", `{"id":"per-piet","name":"Piet"}`, "POST /api/v1/persons", "per-piet"},
		// graph.RelationshipID: "type:from:to", ends sorted for knows.
		{"/api/v1/relationships", `{"type":"knows","from":"per-piet","to":"emp-anna","strength":0.5}`,
			"POST /api/v1/relationships", "knows:emp-anna:per-piet"},
		// graph.ContactID: "contact:employee:stakeholder:date:mode".
		{"/api/v1/contacts", `{"date":"2026-01-01","employee_id":"emp-anna","stakeholder_id":"per-jan","mode":"phone"}`,
			"POST /api/v1/contacts", "contact:emp-anna:per-jan:2026-01-01T00:00:00.000Z:phone"},
		// segment.AssessmentID: "stakeholder:criterion:day".
		{"/api/v1/assessments", `{"stakeholder_id":"per-jan","criterion_id":"relationship","score":4,"date":"2026-01-01"}`,
			"POST /api/v1/assessments", "per-jan:relationship:2026-01-01"},
	} {
		w := send(h, "POST", c.path, c.body, bearerOf(anna)...)
		if w.Code != http.StatusCreated {
			t.Fatalf("POST %s: %d\n%s", c.path, w.Code, w.Body)
		}
		es := auditOf(t, st, c.action)
		if len(es) != 1 || es[0].Target != c.target || es[0].Status != 201 || es[0].Actor != "Anna Jansen" {
			t.Errorf("%s: entries %+v, want one by Anna Jansen with target %q and status 201", c.action, es, c.target)
		}
	}
	con, err := st.FindContactByID(t.Context(), "contact:emp-anna:per-jan:2026-01-01T00:00:00.000Z:phone")
	if err != nil {
		t.Fatal(err)
	}
	if con.CreatedBy != "Anna Jansen" || con.UpdatedBy != "Anna Jansen" {
		t.Errorf("contact stamped %q/%q, want the token's name", con.CreatedBy, con.UpdatedBy)
	}
	jan := "per-jan"
	as, _, err := st.FindAssessments(t.Context(), segment.AssessmentFilter{StakeholderID: &jan})
	if err != nil || len(as) != 1 || as[0].CreatedBy != "Anna Jansen" {
		t.Errorf("assessments %+v (%v), want one stamped by Anna Jansen", as, err)
	}
}

// TestAuditRequestIDs: the request id in the audit log, the answer's
// X-Request-ID and its error body is relmap's own; what the client sent
// as X-Request-ID is kept as client_request_id (and dropped when it is
// too long or not printable).
func TestAuditRequestIDs(t *testing.T) {
	_, st := segmentServer(t)
	h := serve(t, &Server{Store: st, Segments: st})
	w := send(h, "PATCH", "/api/v1/persons/per-jan", `{"title":"directeur"}`, "X-Request-ID", "per-dirk")
	if w.Code != 200 {
		t.Fatalf("PATCH: %d\n%s", w.Code, w.Body)
	}
	ours := w.Header().Get("X-Request-ID")
	if ours == "" || ours == "per-dirk" {
		t.Errorf("answered X-Request-ID %q, want relmap's own", ours)
	}
	w = send(h, "PATCH", "/api/v1/persons/per-nobody", `{"title":"x"}`, "X-Request-ID", "bad\x01id")
	var e ErrorBody
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || w.Code != 404 || e.Error.RequestID != w.Header().Get("X-Request-ID") {
		t.Errorf("error body %s (%d), want 404 with the answered request id", w.Body, w.Code)
	}
	es := auditOf(t, st, "PATCH /api/v1/persons/:id")
	if len(es) != 2 {
		t.Fatalf("%d entries, want 2", len(es))
	}
	if es[1].RequestID != ours || es[1].ClientRequestID != "per-dirk" {
		t.Errorf("entry of the PATCH: request_id %q, client_request_id %q; want %q and per-dirk", es[1].RequestID, es[1].ClientRequestID, ours)
	}
	if es[0].ClientRequestID != "" || es[0].Status != 404 {
		t.Errorf("entry of the failed PATCH: %+v, want status 404 and no client_request_id (not printable)", es[0])
	}
}

// TestAuditFailedAppendUndoesTheWrite: when the audit log cannot take the
// entry of a write (a trigger makes SQLite refuse it), the write is not
// stored either and the request fails; nothing of it remains.
func TestAuditFailedAppendUndoesTheWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "relmap.db")
	st, err := sqlitestore.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	h := serve(t, &Server{Store: st, Segments: st})
	anna := namedSecret(t, st, "Anna Jansen", auth.Editor)
	for _, r := range []struct{ path, body string }{
		{"/api/v1/employees", `{"id":"emp-anna","name":"Anna","role":"staff"}`},
		{"/api/v1/persons", `{"id":"per-jan","name":"Jan"}`},
	} {
		if w := send(h, "POST", r.path, r.body, bearerOf(anna)...); w.Code != 201 {
			t.Fatalf("create: %d\n%s", w.Code, w.Body)
		}
	}
	if _, err := rawSQLite(t, path).Exec(`CREATE TRIGGER audit_broken BEFORE INSERT ON audit_log
		WHEN NEW.actor = 'Anna Jansen' BEGIN SELECT RAISE(ABORT, 'audit log broken'); END`); err != nil {
		t.Fatal(err)
	}
	v0, err := st.Version(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []struct{ method, path, body string }{
		{"POST", "/api/v1/persons", `{"id":"per-piet","name":"Piet"}`},
		{"PATCH", "/api/v1/employees/emp-anna", `{"name":"Anna Jansen"}`},
		{"POST", "/api/v1/contacts", `{"date":"2026-01-01","employee_id":"emp-anna","stakeholder_id":"per-jan","mode":"phone"}`},
		{"DELETE", "/api/v1/employees/emp-anna", ""},
	} {
		if w := send(h, r.method, r.path, r.body, bearerOf(anna)...); w.Code != 500 {
			t.Errorf("%s %s with the audit log broken: %d, want 500\n%s", r.method, r.path, w.Code, w.Body)
		}
	}
	if v, err := st.Version(t.Context()); err != nil || v != v0 {
		t.Errorf("version %d (%v), want %d: something was written", v, err, v0)
	}
	if e, err := st.FindEmployeeByID(t.Context(), "emp-anna"); err != nil || e.Name != "Anna" {
		t.Errorf("emp-anna: %+v, %v; want it unchanged", e, err)
	}
}

// rawSQLite opens the database file at path beside the store, for a
// test's own statements.
func rawSQLite(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
