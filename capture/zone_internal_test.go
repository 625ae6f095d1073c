package capture

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestZoneOfCached checks that a calendar resolves each TZID once: a
// second look-up of the same zone allocates nothing, where
// time.LoadLocation reads and parses the zone's file (some 2 kB for
// Europe/Amsterdam) on every call. The bench of 10^5 events spent a
// seventh of its CPU time there (README, Benchmarks).
func TestZoneOfCached(t *testing.T) {
	cal := &calendar{zones: map[string]*vtimezone{}}
	want := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC) // 09:00 CET is 08:00 UTC
	for _, tzid := range []string{"Europe/Amsterdam", "/mozilla.org/20050126_1/Europe/Amsterdam"} {
		z, err := cal.zoneOf(tzid)
		if err != nil {
			t.Fatal(err)
		}
		if got := z.instant(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)); !got.Equal(want) {
			t.Errorf("%s: 2 March 09:00 is %v, want %v", tzid, got, want)
		}
		if n := testing.AllocsPerRun(20, func() { _, _ = cal.zoneOf(tzid) }); n != 0 {
			t.Errorf("%s: a second look-up allocates %v times, want 0", tzid, n)
		}
	}
	if _, err := cal.zoneOf("Mars/Olympus"); err == nil {
		t.Error("Mars/Olympus: no error")
	}
	if _, err := cal.zoneOf("Mars/Olympus"); err == nil {
		t.Error("Mars/Olympus, again: no error")
	}
}

// TestComponentsOneDecoder reads, with the one decoder that reads every
// component, an event longer than the decoder's 4 kB buffer, two events
// that do not parse (parameters without the colon, on which go-ical
// panics, and a property without one) and two events after them: each is
// read whole and alone, and the bad ones are problems at their lines.
func TestComponentsOneDecoder(t *testing.T) {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\n")
	b.WriteString("BEGIN:VEVENT\r\nUID:long\r\nDTSTART:20260301T090000Z\r\n")
	for i := range 100 { // 100 attendees of some 50 bytes
		fmt.Fprintf(&b, "ATTENDEE;CN=Persoon %03d:mailto:persoon%03d@example.net\r\n", i, i)
	}
	b.WriteString("END:VEVENT\r\n")
	b.WriteString("BEGIN:VEVENT\r\nUID:bad-1\r\nDTSTART:20260302T090000Z\r\nATTENDEE;CN=Geen dubbele punt\r\nEND:VEVENT\r\n")
	b.WriteString("BEGIN:VEVENT\r\nUID:bad-2\r\nDTSTART 20260302T090000Z\r\nEND:VEVENT\r\n")
	for _, uid := range []string{"after-1", "after-2"} {
		fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:%s\r\nDTSTART:20260303T090000Z\r\nORGANIZER:mailto:anna@example.org\r\nEND:VEVENT\r\n", uid)
	}
	b.WriteString("END:VCALENDAR\r\n")
	cal, err := readCalendar(strings.NewReader(b.String()), nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range cal.events {
		got = append(got, fmt.Sprintf("%s %s %d", e.uid, e.start.value, len(e.participants)))
	}
	want := []string{"long 20260301T090000Z 100", "after-1 20260303T090000Z 1", "after-2 20260303T090000Z 1"}
	if !slices.Equal(got, want) {
		t.Errorf("events %q, want %q", got, want)
	}
	// The long event takes lines 2 to 105 (4 + 100), the first bad one
	// 106 to 110.
	var problems []string
	for _, p := range cal.problems {
		problems = append(problems, p.Item+": "+p.Message)
	}
	wantProblems := []string{"line 106: the VEVENT: a content line ends before its colon and value",
		"line 111: the VEVENT: malformed content line: missing colon"}
	if !slices.Equal(problems, wantProblems) {
		t.Errorf("problems %q, want %q", problems, wantProblems)
	}
}
