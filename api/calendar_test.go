package api

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph/sqlitestore"
	"github.com/relmap/relmap/graph/storetest"
)

// employeeSecret creates a token of role for employee and returns its
// secret.
func employeeSecret(t *testing.T, st auth.Store, name, employee string, role auth.Role) string {
	t.Helper()
	tok, secret, err := auth.NewToken(name, role, "test", planNow)
	if err != nil {
		t.Fatal(err)
	}
	tok.Employee = employee
	if err := st.CreateToken(t.Context(), tok); err != nil {
		t.Fatal(err)
	}
	return secret
}

// TestCalendarFeed serves Anna's feed: her two open actions (one due on
// 2026-03-20, one overdue since 2026-02-01) and the overdue contact of
// Fonds, which she owns (invest asks 4 contacts a year and none is
// logged: a first contact, never contacted — not "overdue since" a
// stand-in day). It answers 401
// without a token, 403 to Bob's viewer token, 200 to Anna's (as ?token=,
// as a calendar program sends it) and to an admin's; two fetches give the
// same UIDs (the same bytes); Go's go-ical and Python's icalendar read it
// back. ?token= works on the feed only.
func TestCalendarFeed(t *testing.T) {
	st, err := sqlitestore.Open(t.Context(), filepath.Join(t.TempDir(), "relmap.db"), sqlitestore.WithNow(new(storetest.Clock).Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	clock := func() time.Time { return planNow }
	srv := &Server{Store: st, Segments: st, Snapshots: &analysis.Cache{Source: st, Contacts: st, Now: clock}, Now: clock}
	h0, err := srv.Handler()
	if err != nil {
		t.Fatal(err)
	}
	h := validated(t, h0)
	admin := employeeSecret(t, st, "root", "", auth.Admin)
	anna := employeeSecret(t, st, "anna", "emp-anna", auth.Viewer)
	bob := employeeSecret(t, st, "bob", "emp-bob", auth.Viewer)
	get := func(path, secret string, want int) []byte {
		t.Helper()
		req := httptest.NewRequest("GET", path, nil)
		if secret != "" {
			req.Header.Set("Authorization", "Bearer "+secret)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != want {
			t.Fatalf("GET %s: %d, want %d\n%s", path, w.Code, want, w.Body)
		}
		return w.Body.Bytes()
	}
	send := func(method, path, body string, want int) {
		t.Helper()
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+admin)
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != want {
			t.Fatalf("%s %s: %d, want %d\n%s", method, path, w.Code, want, w.Body)
		}
	}
	send("POST", "/api/v1/employees", `{"id":"emp-anna","name":"Anna","role":"director"}`, 201)
	send("POST", "/api/v1/employees", `{"id":"emp-bob","name":"Bob","role":"account_manager"}`, 201)
	send("POST", "/api/v1/organisations", `{"id":"org-fonds","name":"Fonds","owner_id":"emp-anna"}`, 201)
	send("POST", "/api/v1/assessments", scores("org-fonds", "2026-01-01", "yield", 5, "fit", 4, "interests", 4, "core_task", 3,
		"familiarity", 4, "image", 4, "relationship", 4, "openness", 4), 201)
	send("POST", "/api/v1/actions", `{"id":"act-soon","kind":"intensify","stakeholder_id":"org-fonds","assignee_id":"emp-anna","due":"2026-03-20","title":"plan the annual talk"}`, 201)
	send("POST", "/api/v1/actions", `{"id":"act-late","kind":"contact","stakeholder_id":"org-fonds","assignee_id":"emp-anna","due":"2026-02-01"}`, 201)
	send("POST", "/api/v1/actions", `{"id":"act-bob","kind":"contact","stakeholder_id":"org-fonds","assignee_id":"emp-bob","due":"2026-02-01"}`, 201)

	feed := "/api/v1/calendar/emp-anna.ics"
	get(feed, "", 401)
	get(feed, bob, 403)
	get("/api/v1/calendar/emp-bob.ics", bob, 200)
	first := get(feed+"?token="+anna, "", 200)
	second := get(feed, admin, 200)
	if !bytes.Equal(first, second) {
		t.Fatalf("two fetches differ:\n%s\n---\n%s", first, second)
	}
	get("/api/v1/calendar/emp-nobody.ics", admin, 404)
	get("/api/v1/plans?token="+admin, "", 401) // ?token= is for the feed only

	cal, err := ical.NewDecoder(bytes.NewReader(first)).Decode()
	if err != nil {
		t.Fatalf("go-ical cannot read the feed: %v\n%s", err, first)
	}
	type item struct{ UID, Start, Summary string }
	var got []item
	for _, ev := range cal.Events() {
		uid, _ := ev.Props.Text(ical.PropUID)
		sum, _ := ev.Props.Text(ical.PropSummary)
		got = append(got, item{uid, ev.Props.Get(ical.PropDateTimeStart).Value, sum})
	}
	slices.SortFunc(got, func(a, b item) int { return strings.Compare(a.UID, b.UID) })
	want := []item{
		{"action-act-late@relmap", "20260301", "Contact: Fonds (overdue since 2026-02-01)"},
		{"action-act-soon@relmap", "20260320", "More contact: Fonds"},
		{"overdue-org-fonds@relmap", "20260301", "First contact: Fonds (never contacted)"},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("feed items %+v, want %+v", got, want)
	}
	if nl := get(feed+"?lang=nl", admin, 200); !bytes.Contains(nl, []byte("Meer contact: Fonds")) || !bytes.Contains(nl, []byte("Eerste contact: Fonds (nooit contact gehad)")) {
		t.Fatalf("the Dutch feed:\n%s", nl)
	}

	py := os.Getenv("RELMAP_PYTHON")
	if py == "" {
		py = "python3"
	}
	if exec.Command(py, "-c", "import icalendar").Run() != nil {
		if os.Getenv("RELMAP_REQUIRE_ICALENDAR") == "1" {
			t.Fatalf("%s has no icalendar, and RELMAP_REQUIRE_ICALENDAR=1", py)
		}
		t.Skipf("%s has no icalendar (apt-get install python3-icalendar)", py)
	}
	var uids [2][]string
	for i, body := range [][]byte{first, get(feed, anna, 200)} {
		cmd := exec.Command(py, "-c", `import sys, json, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
print(json.dumps(sorted(str(c["UID"]) for c in cal.walk("VEVENT"))))`)
		cmd.Stdin = bytes.NewReader(body)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("icalendar: %v\n%s", err, out)
		}
		if err := json.Unmarshal(out, &uids[i]); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
	}
	if !slices.Equal(uids[0], []string{"action-act-late@relmap", "action-act-soon@relmap", "overdue-org-fonds@relmap"}) || !slices.Equal(uids[0], uids[1]) {
		t.Fatalf("UIDs by icalendar: %v then %v", uids[0], uids[1])
	}
}
