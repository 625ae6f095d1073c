package capture_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/capture"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
)

// now is the import's now in every test: after every meeting of the
// example files but the one planned for December.
var now = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// openStore returns a real SQLite store in a file holding the examples'
// people: our employees Anna (anna.jansen@example.org) and Bart
// (bart.deboer@example.org), and the persons Jan de Vries
// (jan.devries@example.net), Femke Bos (femke.bos@gemeente-zuid.example,
// who works at Gemeente Zuid) and Kees Mulder (no address).
func openStore(t *testing.T) (*sqlitestore.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "relmap.db")
	s, err := sqlitestore.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	_, err = s.Upsert(context.Background(), &graph.Batch{
		Employees: []*graph.Employee{
			{ID: "emp-anna", Name: "Anna Jansen", Email: "anna.jansen@example.org", Role: graph.RoleAccountManager},
			{ID: "emp-bart", Name: "Bart de Boer", Email: "bart.deboer@example.org", Role: graph.RoleDirector},
		},
		Organisations: []*graph.Organisation{{ID: "org-zuid", Name: "Gemeente Zuid"}},
		Persons: []*graph.Person{
			{ID: "per-jan", Name: "Jan de Vries", Email: "jan.devries@example.net", Title: "Directeur"},
			{ID: "per-femke", Name: "Femke Bos", Email: "femke.bos@gemeente-zuid.example"},
			{ID: "per-kees", Name: "Kees Mulder"},
		},
		Relationships: []*graph.Relationship{{Type: graph.RelWorksAt, From: "per-femke", To: "org-zuid", Strength: 0.9}},
	}, graph.UpsertOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return s, path
}

func importFile(t *testing.T, s graph.Store, path string, k capture.Kind, opts capture.Options) *capture.Report {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	opts.Now = now
	rep, err := capture.Import(context.Background(), s, f, k, opts)
	if err != nil {
		t.Fatalf("import %s: %v", path, err)
	}
	return rep
}

// contactLines lists the stored contacts as "employee person date mode",
// sorted.
func contactLines(t *testing.T, s graph.Store) []string {
	t.Helper()
	cs, _, err := s.FindContacts(context.Background(), graph.ContactFilter{Page: graph.Page{Limit: graph.MaxLimit}})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range cs {
		out = append(out, fmt.Sprintf("%s %s %s %s", c.EmployeeID, c.StakeholderID, c.Date.UTC().Format(time.RFC3339), c.Mode))
	}
	slices.Sort(out)
	return out
}

// TestCalendars imports the Outlook- and Google-style examples and checks
// the contacts against these, computed by hand (times in UTC; Amsterdam
// is UTC+1 until 29 March 2026, UTC+2 after):
//
// calendar-outlook.ics (zone "W. Europe Standard Time", a VTIMEZONE):
//   - the weekly meeting of Anna with Jan, Tuesdays 10:00 from 3 March,
//     COUNT=6: 3, 10, [17 excluded by EXDATE], 24 moved to Wednesday 25
//     at 14:00 by its override, 31 March and 7 April (10:00 CEST = 08:00
//     UTC): 5 contacts Anna–Jan; the meeting room is no attendee;
//   - 12 February with Bart and Jan: cancelled, nothing;
//   - 8 April, organised by Petra Peeters (an unknown address) with Bart,
//     Jan declined: no contact, Petra listed as unknown once;
//   - 1 December: after now, nothing.
//
// calendar-google.ics (Bart's; TZID=Europe/Amsterdam):
//   - first Mondays 09:00 with Jan and Femke until 4 May 06:59:59 UTC:
//     5 January (Bart–Jan, Bart–Femke, 08:00 UTC), 2 February cancelled
//     by its override, 2 March moved to Tuesday 3 March 15:00 with Femke
//     declining (Bart–Jan, 14:00 UTC), 6 April (Bart–Jan, Bart–Femke,
//     07:00 UTC); 4 May 07:00 UTC is past UNTIL;
//   - the all-day visit of Anna with Femke on 15 April: one contact dated
//     2026-04-15 (UTC midnight).
func TestCalendars(t *testing.T) {
	s, _ := openStore(t)
	out := importFile(t, s, "../examples/calendar-outlook.ics", capture.ICS, capture.Options{})
	if out.Result.Contacts != (graph.Counts{Created: 5}) || out.Items != 5 || out.Occurrences != 7 ||
		out.Skipped != (capture.Skipped{Cancelled: 1, Declined: 1}) {
		t.Errorf("outlook: %+v %+v", out, out.Result)
	}
	wantUnknown := []capture.Unknown{{Address: "p.peeters@zorgbelang.example", Name: "Petra Peeters", Count: 1,
		First: time.Date(2026, 4, 8, 7, 0, 0, 0, time.UTC), Last: time.Date(2026, 4, 8, 7, 0, 0, 0, time.UTC)}}
	if !slices.Equal(out.Unknown, wantUnknown) {
		t.Errorf("unknown: %+v", out.Unknown)
	}
	goo := importFile(t, s, "../examples/calendar-google.ics", capture.ICS, capture.Options{})
	if goo.Result.Contacts != (graph.Counts{Created: 6}) || goo.Skipped != (capture.Skipped{Cancelled: 1, Declined: 1}) {
		t.Errorf("google: %+v %+v", goo, goo.Result)
	}
	want := []string{
		"emp-anna per-femke 2026-04-15T00:00:00Z meeting",
		"emp-anna per-jan 2026-03-03T09:00:00Z meeting",
		"emp-anna per-jan 2026-03-10T09:00:00Z meeting",
		"emp-anna per-jan 2026-03-25T13:00:00Z meeting",
		"emp-anna per-jan 2026-03-31T08:00:00Z meeting",
		"emp-anna per-jan 2026-04-07T08:00:00Z meeting",
		"emp-bart per-femke 2026-01-05T08:00:00Z meeting",
		"emp-bart per-femke 2026-04-06T07:00:00Z meeting",
		"emp-bart per-jan 2026-01-05T08:00:00Z meeting",
		"emp-bart per-jan 2026-03-03T14:00:00Z meeting",
		"emp-bart per-jan 2026-04-06T07:00:00Z meeting",
	}
	if got := contactLines(t, s); !slices.Equal(got, want) {
		t.Errorf("contacts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// A second import creates nothing.
	for _, f := range []string{"../examples/calendar-outlook.ics", "../examples/calendar-google.ics"} {
		again := importFile(t, s, f, capture.ICS, capture.Options{})
		if again.Result.Changed() {
			t.Errorf("%s again: %+v", f, again.Result)
		}
	}
}

// TestMail imports the example mbox and checks its contacts, computed by
// hand:
//   - 2 March: Anna writes Jan (Bart, ours, in Cc), and Jan answers:
//     one contact Anna–Jan that day (at most one per pair per day);
//   - 3 March: Petra Peeters (unknown) writes Bart: listed, no contact;
//   - 4 March: a newsletter (List-Id, Precedence: bulk): nothing;
//   - 5 March: Bart writes 40 people: more than 25, nothing;
//   - 10 March 23:30 in New York (11 March in UTC): Jan writes Bart and
//     Anna: contacts Bart–Jan and Anna–Jan on 10 March, the sender's day.
//
// With CreateUnknown, Petra becomes a person and her message a contact.
func TestMail(t *testing.T) {
	s, _ := openStore(t)
	rep := importFile(t, s, "../examples/mail.mbox", capture.MBox, capture.Options{})
	if rep.Result.Contacts != (graph.Counts{Created: 3}) || rep.Items != 6 ||
		rep.Skipped != (capture.Skipped{MailingList: 1, Large: 1}) || len(rep.Unknown) != 1 || rep.Unknown[0].Address != "p.peeters@zorgbelang.example" {
		t.Errorf("mbox: %+v %+v", rep, rep.Result)
	}
	want := []string{
		"emp-anna per-jan 2026-03-02T00:00:00Z email",
		"emp-anna per-jan 2026-03-10T00:00:00Z email",
		"emp-bart per-jan 2026-03-10T00:00:00Z email",
	}
	if got := contactLines(t, s); !slices.Equal(got, want) {
		t.Errorf("contacts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	rep = importFile(t, s, "../examples/mail.mbox", capture.MBox, capture.Options{CreateUnknown: true})
	if rep.Result.Contacts != (graph.Counts{Created: 1, Unchanged: 3}) || rep.Result.Persons != (graph.Counts{Created: 1}) ||
		rep.Unknown[0].Person != "cap-petra-peeters" {
		t.Errorf("create unknown: %+v %+v", rep.Result, rep.Unknown)
	}
	p, err := s.FindPersonByID(context.Background(), "cap-petra-peeters")
	if err != nil || p.Email != "p.peeters@zorgbelang.example" || p.Name != "Petra Peeters" || p.Source != graph.SourceCapture {
		t.Errorf("petra: %+v %v", p, err)
	}
	// One message of the mbox as .eml: the same contact, nothing new.
	eml := "Message-ID: <m1.20260302@mail.example.org>\r\nDate: Mon, 2 Mar 2026 18:00:00 +0100\r\n" +
		"From: Jan de Vries <jan.devries@example.net>\r\nTo: anna.jansen@example.org\r\nSubject: x\r\n\r\nbody\r\n"
	r, err := capture.Import(context.Background(), s, strings.NewReader(eml), capture.EML, capture.Options{Now: now})
	if err != nil || r.Result.Changed() || r.Result.Contacts.Unchanged != 1 {
		t.Errorf("eml: %+v %v", r, err)
	}
}

// TestCards imports the example address book (a vCard 3.0 and two 4.0
// cards of persons, and a group card): Jan is matched by his address and
// gets his private address, phone and profile; Petra is new; Kees, stored
// without an address, is matched by name and gets his; the two
// organisations are new, with a works_at tie each. Again: nothing.
func TestCards(t *testing.T) {
	s, _ := openStore(t)
	rep := importFile(t, s, "../examples/contacts.vcf", capture.VCard, capture.Options{})
	want := graph.UpsertResult{Persons: graph.Counts{Created: 1, Updated: 2}, Organisations: graph.Counts{Created: 2},
		Relationships: graph.Counts{Created: 2}}
	if *rep.Result != want || rep.Items != 3 {
		t.Errorf("cards: %+v", rep.Result)
	}
	jan, err := s.FindPersonByID(context.Background(), "per-jan")
	if err != nil || !slices.Equal(jan.OtherEmails, []string{"jan@prive.example"}) || jan.Phone != "+31 6 1111 2222" ||
		jan.LinkedInURL != "https://www.linkedin.com/in/jan-de-vries-fn" || jan.Name != "Jan de Vries" {
		t.Errorf("jan: %+v %v", jan, err)
	}
	kees, err := s.FindPersonByID(context.Background(), "per-kees")
	if err != nil || kees.Email != "k.mulder@huisarts.example" {
		t.Errorf("kees: %+v %v", kees, err)
	}
	if _, err := s.FindRelationshipByID(context.Background(), "works_at:cap-petra-peeters:cap-org-zorgbelang"); err != nil {
		t.Error(err)
	}
	again := importFile(t, s, "../examples/contacts.vcf", capture.VCard, capture.Options{})
	if again.Result.Changed() {
		t.Errorf("again: %+v", again.Result)
	}
}

// TestLargeEvent: a meeting of Anna with 200 external attendees is a
// conference: no contact, counted.
func TestLargeEvent(t *testing.T) {
	s, _ := openStore(t)
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:congres-1\r\nDTSTART:20260312T090000Z\r\n" +
		"ORGANIZER:mailto:anna.jansen@example.org\r\nATTENDEE:mailto:jan.devries@example.net\r\n")
	for i := 1; i < 200; i++ {
		fmt.Fprintf(&b, "ATTENDEE;PARTSTAT=ACCEPTED:mailto:deelnemer%d@congres.example\r\n", i)
	}
	b.WriteString("END:VEVENT\r\nEND:VCALENDAR\r\n")
	rep, err := capture.Import(context.Background(), s, strings.NewReader(b.String()), capture.ICS, capture.Options{Now: now})
	if err != nil || rep.Skipped.Large != 1 || rep.Result.Changed() || len(rep.Unknown) != 0 {
		t.Fatalf("%+v %v", rep, err)
	}
}

// TestObjecting: Femke objects. The Google calendar's three contacts with
// her (5 January and 6 April with Bart, 15 April with Anna) are skipped
// and counted, nothing about her is stored or changed, and Bart's three
// with Jan are captured.
func TestObjecting(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	objects := true
	before, err := s.UpdatePerson(ctx, "per-femke", graph.PersonUpdate{Objects: &objects})
	if err != nil {
		t.Fatal(err)
	}
	rep := importFile(t, s, "../examples/calendar-google.ics", capture.ICS, capture.Options{CreateUnknown: true})
	if rep.Skipped.Objecting != 3 || rep.Result.Contacts.Created != 3 || rep.Result.Persons.Created+rep.Result.Persons.Updated != 0 {
		t.Errorf("%+v %+v", rep.Skipped, rep.Result)
	}
	femke := "per-femke"
	if _, n, _ := s.FindContacts(ctx, graph.ContactFilter{StakeholderID: &femke}); n != 0 {
		t.Errorf("%d contacts with Femke stored", n)
	}
	after, _ := s.FindPersonByID(ctx, femke)
	if after.Hash() != before.Hash() || after.UpdatedAt != before.UpdatedAt {
		t.Errorf("Femke changed: %+v", after)
	}
	// An address card of her is skipped too.
	card := "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Femke Bos\r\nEMAIL:femke@thuis.example\r\nEND:VCARD\r\n"
	r, err := capture.Import(ctx, s, strings.NewReader(card), capture.VCard, capture.Options{Now: now})
	if err != nil || r.Skipped.Objecting != 1 || r.Result.Changed() {
		t.Errorf("card: %+v %v", r, err)
	}
}

// TestErasedPerson: after Jan's erasure his address is suppressed: the
// Outlook calendar gives no contact with him (his 5 meetings with Anna
// are counted as suppressed) and does not bring him back, even with
// CreateUnknown, which makes a person of Petra only (her meeting with
// Bart on 8 April: 1 contact).
func TestErasedPerson(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	importFile(t, s, "../examples/calendar-outlook.ics", capture.ICS, capture.Options{})
	e, err := s.ErasePerson(ctx, "per-jan")
	if err != nil || e.Contacts != 5 {
		t.Fatalf("erasure: %+v %v (want his 5 captured contacts removed)", e, err)
	}
	rep := importFile(t, s, "../examples/calendar-outlook.ics", capture.ICS, capture.Options{CreateUnknown: true})
	if rep.Skipped.Suppressed != 5 || rep.Result.Contacts.Created != 1 || rep.Result.Persons.Created != 1 || rep.Unknown[0].Person != "cap-petra-peeters" {
		t.Errorf("%+v %+v", rep.Skipped, rep.Result)
	}
	if ps, n, _ := s.FindPersons(ctx, graph.NodeFilter{Name: ptr("Vries")}); n != 0 {
		t.Errorf("Jan came back: %+v", ps[0])
	}
	if _, n, _ := s.FindContacts(ctx, graph.ContactFilter{EmployeeID: ptr("emp-anna")}); n != 0 {
		t.Errorf("contacts of Anna's with Jan came back: %d", n)
	}
}

func ptr[T any](v T) *T { return &v }

// TestPathThroughMeeting: Femke is met only in Bart's calendar. Before
// the import no warm path from Anna reaches Gemeente Zuid, where Femke
// works; after it Anna's own all-day visit with Femke on 15 April is a
// tie (evidence from contacts, analysis.TieEvidence: n = 1, a = 47 days at
// now, S = (1 − e^(−1/4) + 2^(−47/365))/3 ≈ (0.221 + 0.915)/3 ≈ 0.379)
// and the path Anna → Femke → Gemeente Zuid (0.379 · 0.9 ≈ 0.34) runs
// through her.
func TestPathThroughMeeting(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	paths := func() []analysis.Path {
		cache := &analysis.Cache{Source: s, Contacts: s, Now: func() time.Time { return now }}
		snap, err := cache.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ps, err := analysis.WarmPaths(ctx, snap, analysis.PathQuery{From: []string{"emp-anna"}, To: "org-zuid"})
		if err != nil {
			t.Fatal(err)
		}
		return ps
	}
	if ps := paths(); len(ps) != 0 {
		t.Fatalf("paths before the import: %+v", ps)
	}
	importFile(t, s, "../examples/calendar-google.ics", capture.ICS, capture.Options{})
	ps := paths()
	if len(ps) == 0 || len(ps[0].Steps) != 2 || ps[0].Steps[0].To != "per-femke" || math.Abs(ps[0].Strength-0.3409) > 0.001 {
		t.Fatalf("paths after the import: %+v", ps)
	}
}

// TestNoSubjectOrBody: after importing the mail and the calendars, the
// database files hold no subject, no body and no description.
func TestNoSubjectOrBody(t *testing.T) {
	s, path := openStore(t)
	importFile(t, s, "../examples/mail.mbox", capture.MBox, capture.Options{CreateUnknown: true})
	importFile(t, s, "../examples/calendar-outlook.ics", capture.ICS, capture.Options{CreateUnknown: true})
	importFile(t, s, "../examples/calendar-google.ics", capture.ICS, capture.Options{CreateUnknown: true})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(path + "*")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{"GEHEIM", "Overleg subsidieaanvraag", "voortgang subsidieaanvraag", "Bestuurlijk overleg", "Werkbezoek", "Kennismaking"} {
			if bytes.Contains(data, []byte(secret)) {
				t.Errorf("%s holds %q", filepath.Base(f), secret)
			}
		}
	}
}

// TestProblems: a broken file is refused whole with the line and the
// event's UID or the message's Message-ID, and nothing is stored.
func TestProblems(t *testing.T) {
	s, _ := openStore(t)
	for _, tc := range []struct {
		kind capture.Kind
		file string
		want string
	}{
		{capture.ICS, "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:ok-1\r\nDTSTART:20260301T090000Z\r\nORGANIZER:mailto:anna.jansen@example.org\r\nATTENDEE:mailto:jan.devries@example.net\r\nEND:VEVENT\r\n" +
			"BEGIN:VEVENT\r\nUID:bad-1\r\nDTSTART;TZID=Mars/Olympus:20260301T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
			`line 8 (event bad-1): DTSTART: time zone "Mars/Olympus" is neither in the IANA database nor defined by a VTIMEZONE of the file`},
		{capture.MBox, "From x Mon Mar  2 09:15:00 2026\nMessage-ID: <ok@x>\nDate: Mon, 2 Mar 2026 09:15:00 +0100\nFrom: anna.jansen@example.org\nTo: jan.devries@example.net\n\nhi\n\n" +
			"From x Mon Mar  2 09:15:00 2026\nMessage-ID: <bad@x>\nDate: gisteren\nFrom: anna.jansen@example.org\nTo: jan.devries@example.net\n\nhi\n",
			`line 10 (message bad@x): Date: "gisteren" is not an RFC 5322 date`},
		{capture.VCard, "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ok\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:4.0\r\nFN:Bad\r\nEMAIL:geen-adres\r\nEND:VCARD\r\n",
			`line 5: EMAIL: "geen-adres" is not an e-mail address`},
	} {
		_, err := capture.Import(context.Background(), s, strings.NewReader(tc.file), tc.kind, capture.Options{Now: now})
		es, ok := err.(graph.Errors)
		if !ok || len(es) != 1 || es[0].Item+": "+es[0].Field+": "+es[0].Message != tc.want {
			t.Errorf("%s: %v\nwant %s", tc.kind, err, tc.want)
		}
	}
	if got := contactLines(t, s); len(got) != 0 {
		t.Errorf("stored: %v", got)
	}
}

// TestCalendarReference reads the Outlook-, Google- and Apple-style files
// with capture and with Python's icalendar and recurring_ical_events
// (Debian's python3-icalendar 4.0 and python3-recurring-ical-events 2.0;
// testdata/occurrences.py) and compares the occurrences up to now: uid,
// start in UTC, all day or not, cancelled or not. The interpreter is
// $RELMAP_PYTHON, or python3; without those modules the test skips,
// unless RELMAP_REQUIRE_ICALENDAR=1 (CI), which fails it instead.
func TestCalendarReference(t *testing.T) {
	py := os.Getenv("RELMAP_PYTHON")
	if py == "" {
		py = "python3"
	}
	if exec.Command(py, "-c", "import icalendar, recurring_ical_events").Run() != nil {
		if os.Getenv("RELMAP_REQUIRE_ICALENDAR") == "1" {
			t.Fatalf("%s has no icalendar and recurring_ical_events, and RELMAP_REQUIRE_ICALENDAR=1", py)
		}
		t.Skipf("%s has no icalendar and recurring_ical_events (apt-get install python3-icalendar python3-recurring-ical-events)", py)
	}
	for _, file := range []string{"../examples/calendar-outlook.ics", "../examples/calendar-google.ics", "testdata/calendar-apple.ics"} {
		out, err := exec.Command(py, "testdata/occurrences.py", file, now.Format(time.RFC3339)).CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", file, err, out)
		}
		type occ struct {
			UID       string `json:"uid"`
			Start     string `json:"start"`
			AllDay    bool   `json:"all_day"`
			Cancelled bool   `json:"cancelled"`
		}
		var want []occ
		for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			var o occ
			if err := json.Unmarshal([]byte(l), &o); err != nil {
				t.Fatalf("%s: %v", l, err)
			}
			want = append(want, o)
		}
		f, _ := os.Open(file)
		os_, err := capture.ReadCalendar(f, now)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		var got []occ
		for _, o := range os_ {
			got = append(got, occ{o.UID, o.Start.Format(time.RFC3339), o.AllDay, o.Cancelled})
		}
		slices.SortFunc(got, func(a, b occ) int { return strings.Compare(a.UID+a.Start, b.UID+b.Start) })
		if !slices.Equal(got, want) {
			t.Errorf("%s:\ncapture %+v\npython  %+v", file, got, want)
		}
	}
}
