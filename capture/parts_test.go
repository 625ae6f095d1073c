package capture_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/relmap/relmap/capture"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
	"github.com/relmap/relmap/segment"
)

// partsStore is the real SQLite store that records the parts an import
// hands it: the contacts of each.
type partsStore struct {
	*sqlitestore.Store
	parts []int
}

func (s *partsStore) Import(ctx context.Context, next func() (*segment.Import, error), opts graph.UpsertOptions) (*segment.ImportResult, error) {
	return s.Store.Import(ctx, func() (*segment.Import, error) {
		in, err := next()
		if err == nil {
			s.parts = append(s.parts, len(in.Batch.Contacts))
		}
		return in, err
	}, opts)
}

// TestImportInParts imports the Google-style example and the mbox with
// parts of two contacts: the store gets its contacts in parts of at most
// two (so that memory holds a part, not the file), and the figures are
// those of TestCalendars and TestMail, which import them whole: 6
// contacts from the calendar; from the mbox 3, and with CreateUnknown
// Petra and her contact in the first part. A dry run counts the same and
// writes nothing; a second import changes nothing.
func TestImportInParts(t *testing.T) {
	sq, _ := openStore(t)
	s := &partsStore{Store: sq}

	dry := importFile(t, s, "../examples/calendar-google.ics", capture.ICS, capture.Options{DryRun: true, PartContacts: 2})
	if dry.Result.Contacts != (graph.Counts{Created: 6}) || len(s.parts) != 0 {
		t.Errorf("dry run: %+v, parts %v", dry.Result, s.parts)
	}
	if got := contactLines(t, s); len(got) != 0 {
		t.Errorf("dry run stored %v", got)
	}
	rep := importFile(t, s, "../examples/calendar-google.ics", capture.ICS, capture.Options{PartContacts: 2})
	if rep.Result.Contacts != (graph.Counts{Created: 6}) || !slices.Equal(s.parts, []int{2, 2, 2}) {
		t.Errorf("google: %+v, parts %v", rep.Result, s.parts)
	}
	if got := contactLines(t, s); len(got) != 6 {
		t.Errorf("stored %v", got)
	}
	s.parts = nil
	again := importFile(t, s, "../examples/calendar-google.ics", capture.ICS, capture.Options{PartContacts: 2})
	if again.Result.Changed() || again.Result.Contacts.Unchanged != 6 {
		t.Errorf("google again: %+v", again.Result)
	}

	s.parts = nil
	mail := importFile(t, s, "../examples/mail.mbox", capture.MBox, capture.Options{PartContacts: 2})
	if mail.Result.Contacts != (graph.Counts{Created: 3}) || !slices.Equal(s.parts, []int{2, 1}) {
		t.Errorf("mail: %+v, parts %v", mail.Result, s.parts)
	}
	s.parts = nil
	mail = importFile(t, s, "../examples/mail.mbox", capture.MBox, capture.Options{CreateUnknown: true, PartContacts: 2})
	if mail.Result.Contacts != (graph.Counts{Created: 1, Unchanged: 3}) || mail.Result.Persons != (graph.Counts{Created: 1}) ||
		!slices.Equal(s.parts, []int{1, 2, 1}) {
		t.Errorf("mail, create unknown: %+v, parts %v", mail.Result, s.parts)
	}
}

// ghostStore is the real SQLite store that lists a person it does not
// hold (as if erased meanwhile), so that contacts with that person are
// refused by the store when written: the failure capture itself cannot
// see.
type ghostStore struct{ *sqlitestore.Store }

func (s ghostStore) FindPersons(ctx context.Context, f graph.NodeFilter) ([]*graph.Person, int, error) {
	ps, n, err := s.Store.FindPersons(ctx, f)
	if err == nil && f.Offset == 0 {
		ps = append(ps, &graph.Person{ID: "per-ghost", Name: "Geest", Email: "geest@example.net"})
		n++
	}
	return ps, n, err
}

// collectingStore is a ghostStore that, as the Neo4j store does for an
// import that fits one transaction, takes every part before it writes
// the first.
type collectingStore struct{ ghostStore }

func (s collectingStore) Import(ctx context.Context, next func() (*segment.Import, error), opts graph.UpsertOptions) (*segment.ImportResult, error) {
	var parts []*segment.Import
	for {
		in, err := next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		parts = append(parts, in)
	}
	return s.Store.Import(ctx, segment.Parts(parts...), opts)
}

// TestProblemsInParts imports four events in parts of two contacts, the
// second and fourth with a person the store no longer holds: both
// problems are reported, the first from the part the import stopped at,
// the second from a dry run of the part after it, each with the event's
// line and UID; nothing is stored. The same when the store takes every
// part before it writes one.
func TestProblemsInParts(t *testing.T) {
	sq, _ := openStore(t)
	for _, s := range []graph.Store{ghostStore{sq}, collectingStore{ghostStore{sq}}} {
		problemsInParts(t, s, sq)
	}
}

func problemsInParts(t *testing.T, s graph.Store, sq *sqlitestore.Store) {
	t.Helper()
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\n") // line 1; event i starts at line 2+6i
	for i, who := range []string{"jan.devries", "geest", "jan.devries", "geest"} {
		fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:e%d\r\nDTSTART:2026030%dT090000Z\r\nORGANIZER:mailto:anna.jansen@example.org\r\nATTENDEE:mailto:%s@example.net\r\nEND:VEVENT\r\n", i, i+1, who)
	}
	b.WriteString("END:VCALENDAR\r\n")
	_, err := capture.Import(context.Background(), s, strings.NewReader(b.String()), capture.ICS, capture.Options{Now: now, PartContacts: 2})
	var got []string
	for _, e := range asErrors(err) {
		got = append(got, e.Item+": "+e.Field+": "+e.Message)
	}
	want := []string{
		`line 8 (event e1): stakeholder_id: stakeholder "per-ghost" does not exist`,
		`line 20 (event e3): stakeholder_id: stakeholder "per-ghost" does not exist`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("%T: problems:\n%s\nwant:\n%s", s, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := contactLines(t, sq); len(got) != 0 {
		t.Errorf("stored: %v", got)
	}
}

func asErrors(err error) graph.Errors {
	es, _ := err.(graph.Errors)
	return es
}

// TestImportWithoutImporter imports the Google-style example into a
// store that is no segment.Importer: one Store.Upsert, the same 6
// contacts as TestCalendars, and nothing new the second time.
func TestImportWithoutImporter(t *testing.T) {
	sq, _ := openStore(t)
	s := struct{ graph.Store }{sq}
	if _, ok := graph.Store(s).(segment.Importer); ok {
		t.Fatal("the wrapped store is still an Importer")
	}
	rep := importFile(t, s, "../examples/calendar-google.ics", capture.ICS, capture.Options{PartContacts: 2})
	if rep.Result.Contacts != (graph.Counts{Created: 6}) {
		t.Errorf("google: %+v", rep.Result)
	}
	again := importFile(t, s, "../examples/calendar-google.ics", capture.ICS, capture.Options{PartContacts: 2})
	if again.Result.Changed() || again.Result.Contacts.Unchanged != 6 {
		t.Errorf("google again: %+v", again.Result)
	}
}
