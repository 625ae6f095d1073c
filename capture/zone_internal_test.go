package capture

import (
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
