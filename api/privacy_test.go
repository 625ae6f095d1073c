package api

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
)

// TestPersonPrivacy walks one person through the privacy routes on the
// segment test network (Anna —knows 0.6— Jan —works_at 0.8— Fonds):
// objection, export, erasure, and the refused re-creation.
func TestPersonPrivacy(t *testing.T) {
	h, st := segmentServer(t)
	viewer := namedSecret(t, st, "vera", auth.Viewer)
	editor := namedSecret(t, st, "eddy", auth.Editor)
	as := func(secret, method, path, body string, want int, out any) {
		t.Helper()
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+secret)
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != want {
			t.Fatalf("%s %s: %d, want %d\n%s", method, path, w.Code, want, w.Body)
		}
		if out != nil {
			if err := json.Unmarshal(w.Body.Bytes(), out); err != nil {
				t.Fatal(err)
			}
		}
	}

	// Anna reaches the fund only through Jan: 0.6 × 0.8 = 0.48.
	var paths PathsBody
	call(t, h, "GET", "/api/v1/paths?to=org-fund", "", 200, &paths)
	if len(paths.Paths) != 1 || paths.Paths[0].Strength < 0.48-1e-9 || paths.Paths[0].Strength > 0.48+1e-9 {
		t.Fatalf("before the objection: %+v, want one path of 0.48", paths.Paths)
	}
	// Jan objects (an editor records it): no path is left.
	var p graph.Person
	as(editor, "PATCH", "/api/v1/persons/per-jan", `{"objects":true,"objected_at":"2025-12-01T00:00:00Z"}`, 200, &p)
	if !p.Objects || p.ObjectedAt.Format("2006-01-02") != "2025-12-01" {
		t.Fatalf("after PATCH: %+v", p)
	}
	call(t, h, "GET", "/api/v1/paths?to=org-fund", "", 200, &paths)
	if len(paths.Paths) != 0 {
		t.Fatalf("after the objection: %d paths to org-fund, want none", len(paths.Paths))
	}

	// The export: admin only, audited; others by id, kind and name.
	as(viewer, "GET", "/api/v1/persons/per-jan/export", "", 403, nil)
	as(editor, "GET", "/api/v1/persons/per-jan/export", "", 403, nil)
	var x graph.PersonExport[json.RawMessage]
	call(t, h, "GET", "/api/v1/persons/per-jan/export", "", 200, &x)
	if x.Person == nil || x.Person.ID != "per-jan" || !x.Person.Objects || len(x.Relationships) != 2 {
		t.Fatalf("export: %+v", x)
	}
	want := []graph.NodeRef{{ID: "emp-anna", Kind: graph.KindEmployee, Name: "Anna Jansen"}, {ID: "org-fund", Kind: graph.KindOrganisation, Name: "Fonds Zorg en Welzijn"}}
	if len(x.Others) != 2 || x.Others[0] != want[0] || x.Others[1] != want[1] {
		t.Fatalf("others %+v, want %+v", x.Others, want)
	}
	call(t, h, "GET", "/api/v1/persons/org-fund/export", "", 404, nil)
	audit := func(action, target string) *auth.AuditEntry {
		t.Helper()
		es, _, err := st.FindAudit(t.Context(), auth.AuditFilter{Action: action, Target: target})
		if err != nil || len(es) == 0 {
			t.Fatalf("no audit entry %q: %v", action, err)
		}
		return es[0]
	}
	if e := audit("GET /api/v1/persons/:id/export", "per-jan"); e.Target != "per-jan" || e.Status != 200 {
		t.Errorf("export audit entry %+v", e)
	}

	// Erasure: admin only; the audit entry says what went.
	as(editor, "POST", "/api/v1/persons/per-jan/erasure", "", 403, nil)
	var e graph.Erasure
	call(t, h, "POST", "/api/v1/persons/per-jan/erasure", "", 200, &e)
	if e.Relationships != 2 || e.Contacts != 0 || e.Assessments != 0 || e.Suppressed != 1 {
		t.Fatalf("erasure %+v, want 2 relationships and 1 identifier", e)
	}
	// The audit log keeps the erasure and what went before it under the
	// pseudonym, and no longer names per-jan.
	pseudonym := graph.ErasedPseudonym("per-jan")
	if a := audit("POST /api/v1/persons/:id/erasure", pseudonym); a.Detail != e.Summary() || a.Status != 200 {
		t.Errorf("erasure audit entry %+v, want detail %q", a, e.Summary())
	}
	if a := audit("GET /api/v1/persons/:id/export", pseudonym); a.Status != 200 {
		t.Errorf("export audit entry after the erasure: %+v", a)
	}
	if es, n, err := st.FindAudit(t.Context(), auth.AuditFilter{Target: "per-jan"}); err != nil || n != 0 {
		t.Errorf("entries naming per-jan after its erasure: %d (%v): %+v", n, err, es)
	}
	var ae apiError
	as(editor, "POST", "/api/v1/persons", `{"id":"per-jan","name":"Jan de Vries"}`, 409, &ae)
	if !strings.Contains(ae.Error.Message+ae.problems(), "was erased on") {
		t.Errorf("re-creation refused with %+v, want the erasure named", ae)
	}
	call(t, h, "POST", "/api/v1/persons/per-jan/erasure", "", 404, nil)
}

func (e apiError) problems() string {
	var b strings.Builder
	for _, p := range e.Error.Problems {
		b.WriteString(p.Message)
	}
	return b.String()
}

// TestRetentionSetting: viewers read it, admins set it, bad values are 400
// naming days and store nothing.
func TestRetentionSetting(t *testing.T) {
	h, st := segmentServer(t)
	viewer := namedSecret(t, st, "vera", auth.Viewer)
	get := func() graph.Retention {
		t.Helper()
		req := httptest.NewRequest("GET", "/api/v1/settings/retention", nil)
		req.Header.Set("Authorization", "Bearer "+viewer)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		var r graph.Retention
		if w.Code != 200 || json.Unmarshal(w.Body.Bytes(), &r) != nil {
			t.Fatalf("GET retention: %d %s", w.Code, w.Body)
		}
		return r
	}
	if r := get(); r.Days != 0 {
		t.Fatalf("default %+v, want 0 days", r)
	}
	req := httptest.NewRequest("PUT", "/api/v1/settings/retention", strings.NewReader(`{"days":30}`))
	req.Header.Set("Authorization", "Bearer "+viewer)
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != 403 {
		t.Fatalf("viewer PUT: %d, want 403", w.Code)
	}
	call(t, h, "PUT", "/api/v1/settings/retention", `{"days":30}`, 200, nil)
	for _, body := range []string{`{"days":-3}`, `{"days":40000}`, `{"dayz":3}`, `{"days":"30"}`} {
		var e apiError
		call(t, h, "PUT", "/api/v1/settings/retention", body, 400, &e)
		if !e.has("days", "") && !e.has("dayz", "") {
			t.Errorf("%s: %+v, want the field named", body, e)
		}
	}
	if r := get(); r.Days != 30 {
		t.Fatalf("after bad PUTs: %+v, want 30 days kept", r)
	}
}

// TestContactBeforeStart: a contact dated before the employee's start is a
// 400 naming date, and nothing is stored.
func TestContactBeforeStart(t *testing.T) {
	h, st := segmentServer(t)
	call(t, h, "PATCH", "/api/v1/employees/emp-anna", `{"start":"2025-06-01T00:00:00Z"}`, 200, nil)
	before, _ := st.Version(t.Context())
	var e apiError
	call(t, h, "POST", "/api/v1/contacts", `{"date":"2025-05-31","employee_id":"emp-anna","stakeholder_id":"per-jan","mode":"phone"}`, 400, &e)
	if !e.has("date", "") {
		t.Fatalf("%+v, want field date", e)
	}
	if after, _ := st.Version(t.Context()); after != before {
		t.Fatal("the refused contact changed the store")
	}
	call(t, h, "POST", "/api/v1/contacts", `{"date":"2025-06-01","employee_id":"emp-anna","stakeholder_id":"per-jan","mode":"phone"}`, 201, nil)
}
