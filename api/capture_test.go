package api

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
)

// TestCaptureImport: an admin uploads a calendar (kind=ics): one meeting
// of Anna with Jan gives one contact, a dry run writes nothing, the audit
// entry (stored with the import) names the file's digest and its items,
// and the capture settings are read and set through /settings/capture.
func TestCaptureImport(t *testing.T) {
	h, st := segmentServer(t)
	admin := namedSecret(t, st, "ada", auth.Admin)
	ctx := t.Context()
	anna, jan := "anna@example.org", "jan@example.net"
	if _, err := st.UpdateEmployee(ctx, "emp-anna", graph.EmployeeUpdate{Email: &anna}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.UpdatePerson(ctx, "per-jan", graph.PersonUpdate{Email: &jan}); err != nil {
		t.Fatal(err)
	}
	send := func(method, path, file, body string) *httptest.ResponseRecorder {
		t.Helper()
		var req = httptest.NewRequest(method, path, strings.NewReader(body))
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		if file != "" {
			var b bytes.Buffer
			mw := multipart.NewWriter(&b)
			fw, _ := mw.CreateFormFile("file", "agenda.ics")
			fw.Write([]byte(file))
			mw.Close()
			req = httptest.NewRequest(method, path, &b)
			req.Header.Set("Content-Type", mw.FormDataContentType())
		}
		req.Header.Set("Authorization", "Bearer "+admin)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w
	}
	ics := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:overleg-1\r\nDTSTART:20260302T090000Z\r\nSUMMARY:Geheim overleg\r\n" +
		"ORGANIZER:mailto:anna@example.org\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:jan@example.net\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	v0, _ := st.Version(ctx)
	w := send("POST", "/api/v1/import?kind=ics&dry_run=1", ics, "")
	if v, _ := st.Version(ctx); w.Code != 200 || v != v0 || !strings.Contains(w.Body.String(), `"contacts":{"created":1`) {
		t.Fatalf("dry run: %d %s", w.Code, w.Body)
	}
	w = send("POST", "/api/v1/import?kind=ics", ics, "")
	var body ImportBody
	if w.Code != 200 || json.Unmarshal(w.Body.Bytes(), &body) != nil || body.Kind != "ics" || body.Capture == nil || body.Capture.Result.Contacts.Created != 1 {
		t.Fatalf("import: %d %s", w.Code, w.Body)
	}
	es, _, err := st.FindAudit(ctx, auth.AuditFilter{Action: "POST /api/v1/import"})
	if err != nil || len(es) == 0 || !strings.Contains(es[0].Detail, "ics "+body.Capture.Digest+": 1 items") || es[0].Actor != "ada" {
		t.Fatalf("audit: %+v %v", es, err)
	}
	// A bad file: 400 with the line and the event.
	w = send("POST", "/api/v1/import?kind=ics", strings.Replace(ics, "DTSTART:20260302T090000Z", "DTSTART;TZID=Nergens:20260302T090000", 1), "")
	if w.Code != 400 || !strings.Contains(w.Body.String(), `line 3 (event overleg-1)`) {
		t.Fatalf("bad file: %d %s", w.Code, w.Body)
	}

	w = send("GET", "/api/v1/settings/capture", "", "")
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"max_participants":25`) {
		t.Fatalf("settings: %d %s", w.Code, w.Body)
	}
	w = send("PUT", "/api/v1/settings/capture", "", `{"internal_domains":["Example.NET"],"max_participants":10}`)
	if w.Code != 200 {
		t.Fatalf("put settings: %d %s", w.Code, w.Body)
	}
	w = send("PUT", "/api/v1/settings/capture", "", `{"internal_domains":[],"max_participants":0}`)
	if w.Code != 400 || !strings.Contains(w.Body.String(), `"field":"max_participants"`) {
		t.Fatalf("bad settings: %d %s", w.Code, w.Body)
	}
	// jan's domain is ours now: the meeting has no external person left.
	w = send("POST", "/api/v1/import?kind=ics", ics, "")
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"no_pair":1`) {
		t.Fatalf("after the settings: %d %s", w.Code, w.Body)
	}
}
