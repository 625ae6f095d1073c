package api

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
)

// TestIntroLifecycle takes a request through its whole life by the API as
// an editor: requested → agreed → made → met. An illegal move answers 409
// naming both states and changes nothing; met adds exactly one contact
// (Anna with the fund); a viewer reads but cannot write, an editor cannot
// delete, an admin can; every write is in the audit log.
func TestIntroLifecycle(t *testing.T) {
	h, st := segmentServer(t)
	editor := namedSecret(t, st, "eddie", auth.Editor)
	viewer := namedSecret(t, st, "vera", auth.Viewer)
	send := func(secret, method, path, body string, want int, out any) {
		t.Helper()
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+secret)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
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
	countContacts := func() int {
		_, n, err := st.FindContacts(t.Context(), graph.ContactFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	var r graph.IntroRequest
	send(viewer, "POST", "/api/v1/intros", `{"employee_id":"emp-anna","intermediary_id":"per-jan","target_id":"org-fund"}`, 403, nil)
	send(editor, "POST", "/api/v1/intros", `{"employee_id":"emp-anna","intermediary_id":"per-jan","target_id":"org-fund","path":["emp-anna","per-jan","org-fund"],"note":"board seat"}`, 201, &r)
	if !strings.HasPrefix(r.ID, "intro-") || r.State != graph.IntroRequested || r.CreatedBy != "eddie" {
		t.Fatalf("created: %+v", r)
	}
	var e ErrorBody
	send(editor, "POST", "/api/v1/intros", `{"employee_id":"emp-anna","intermediary_id":"org-gp","target_id":"org-fund"}`, 400, &e)
	if !strings.Contains(w2s(e), "intermediary_id") {
		t.Fatalf("a bad intermediary: %+v", e)
	}
	send(editor, "POST", "/api/v1/intros", "{\n\"employee_id\":\"emp-anna\",\n\"bogus\":1}", 400, nil)

	path := "/api/v1/intros/" + r.ID
	v0, _ := st.Version(t.Context())
	send(editor, "POST", path+"/move", `{"state":"met"}`, 409, &e)
	if !strings.Contains(e.Error.Message, "from requested to met") {
		t.Fatalf("the refusal does not name the states: %+v", e)
	}
	if v, _ := st.Version(t.Context()); v != v0 {
		t.Fatal("a refused move changed the store")
	}
	send(editor, "POST", path+"/move", `{"state":"agreed","note":"Jan will ask"}`, 200, &r)
	send(editor, "POST", path+"/move", `{"state":"made"}`, 200, &r)
	before := countContacts()
	send(editor, "POST", path+"/move", `{"state":"met","mode":"phone","level":"strategic"}`, 200, &r)
	if got := countContacts(); got != before+1 {
		t.Fatalf("met logged %d contacts, want 1", got-before)
	}
	var c graph.Contact
	send(viewer, "GET", "/api/v1/contacts/"+r.ContactID, "", 200, &c)
	if c.EmployeeID != "emp-anna" || c.StakeholderID != "org-fund" || c.Mode != graph.ModePhone || c.Level != graph.LevelStrategic {
		t.Fatalf("the contact of met: %+v", c)
	}
	send(editor, "POST", path+"/move", `{"state":"stalled"}`, 409, nil)

	var page struct {
		Items []graph.IntroRequest `json:"items"`
		Total int                  `json:"total"`
	}
	send(viewer, "GET", "/api/v1/intros?intermediary_id=per-jan&state=met", "", 200, &page)
	if page.Total != 1 || len(page.Items[0].History) != 4 {
		t.Fatalf("listing: %+v", page)
	}
	send(viewer, "GET", "/api/v1/intros?state=lost", "", 400, nil)
	send(viewer, "GET", path, "", 200, nil)

	send(editor, "DELETE", path, "", 403, nil)
	send(namedSecret(t, st, "ada", auth.Admin), "DELETE", path, "", 204, nil)
	send(viewer, "GET", path, "", 404, nil)

	es, _, err := st.FindAudit(t.Context(), auth.AuditFilter{Target: r.ID})
	if err != nil {
		t.Fatal(err)
	}
	var details []string
	for _, e := range es {
		details = append(details, e.Actor+" "+e.Action+" "+e.Detail)
	}
	joined := strings.Join(details, "\n")
	for _, want := range []string{"eddie POST /api/v1/intros/:id/move intro " + r.ID + " → met; contact " + r.ContactID, "ada DELETE /api/v1/intros/:id"} {
		if !strings.Contains(joined, want) {
			t.Errorf("the audit log lacks %q:\n%s", want, joined)
		}
	}
}

func w2s(e ErrorBody) string { b, _ := json.Marshal(e); return string(b) }
