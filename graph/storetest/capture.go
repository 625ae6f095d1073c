package storetest

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	capturepkg "github.com/relmap/relmap/capture"
	"github.com/relmap/relmap/graph"
)

// testCaptureSettings checks the capture settings: the defaults until
// set, a saved value read back normalized, saving the same value changing
// nothing, and invalid values refused naming the field, leaving the store
// as it was.
func testCaptureSettings(t *testing.T, s graph.Store) {
	cs, ok := s.(graph.CaptureSettingsStore)
	if !ok {
		t.Fatal("the store keeps no capture settings (graph.CaptureSettingsStore)")
	}
	c, err := cs.CaptureSettings(bg)
	Must(t, err)
	if !reflect.DeepEqual(c, graph.DefaultCaptureSettings()) {
		t.Fatalf("CaptureSettings of a new store = %+v, want the defaults %+v", c, graph.DefaultCaptureSettings())
	}
	Must(t, cs.SaveCaptureSettings(as("admin"), graph.CaptureSettings{
		InternalDomains: []string{" Example.NL", "@zorg.example", "example.nl"}, MaxParticipants: 12}))
	want := graph.CaptureSettings{InternalDomains: []string{"example.nl", "zorg.example"}, MaxParticipants: 12}
	if c, err := cs.CaptureSettings(bg); err != nil || !reflect.DeepEqual(c, want) {
		t.Fatalf("CaptureSettings after saving = %+v, %v; want %+v", c, err, want)
	}
	v := version(t, s)
	Must(t, cs.SaveCaptureSettings(as("admin"), want))
	if version(t, s) != v {
		t.Fatal("saving the same capture settings moved the version")
	}
	for _, tc := range []struct {
		c     graph.CaptureSettings
		field string
	}{
		{graph.CaptureSettings{MaxParticipants: 0}, "max_participants"},
		{graph.CaptureSettings{MaxParticipants: graph.MaxCaptureParticipants + 1}, "max_participants"},
		{graph.CaptureSettings{InternalDomains: []string{"jan@example.nl"}, MaxParticipants: 5}, "internal_domains"},
		{graph.CaptureSettings{InternalDomains: []string{"localhost"}, MaxParticipants: 5}, "internal_domains"},
	} {
		WantErr(t, cs.SaveCaptureSettings(bg, tc.c), graph.EINVALID, "", tc.field)
	}
	if c, err := cs.CaptureSettings(bg); err != nil || !reflect.DeepEqual(c, want) || version(t, s) != v {
		t.Fatalf("refused settings changed the store: %+v, %v", c, err)
	}
}

// testCaptureImport captures a small calendar into the store (see
// package capture): Anna meets Jan weekly on Mondays 10:00 Amsterdam time
// from 23 March 2026, four times; the second occurrence (30 March, the
// first in summer time) moved to 11:00 by an override; and Jan, who
// objects, never appears. By hand: 23 March 09:00, 30 March 09:00 (11:00
// CEST), 6 and 13 April 08:00 UTC — 4 contacts; the same file again
// changes nothing, and Jan's other address (OtherEmails) finds him too.
// The first import goes to the store in parts of one contact (as 10^5
// events go in parts of capture.PartContacts), after a dry run in parts
// that counts the same and changes nothing.
func testCaptureImport(t *testing.T, s graph.Store) {
	_, err := s.Upsert(bg, &graph.Batch{
		Employees: []*graph.Employee{{ID: "emp-anna", Name: "Anna", Email: "anna@example.org", Role: graph.RoleStaff}},
		Persons: []*graph.Person{
			{ID: "per-jan", Name: "Jan", Email: "jan@example.net", OtherEmails: []string{"jan@prive.example"}},
			{ID: "per-piet", Name: "Piet", Email: "piet@example.net", Objects: true},
		},
	}, graph.UpsertOptions{})
	Must(t, err)
	ics := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:weekly-1\r\nDTSTART;TZID=Europe/Amsterdam:20260323T100000\r\n" +
		"RRULE:FREQ=WEEKLY;COUNT=4\r\nORGANIZER:mailto:anna@example.org\r\nATTENDEE:mailto:jan@prive.example\r\n" +
		"ATTENDEE:mailto:piet@example.net\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:weekly-1\r\n" +
		"RECURRENCE-ID;TZID=Europe/Amsterdam:20260330T100000\r\nDTSTART;TZID=Europe/Amsterdam:20260330T110000\r\n" +
		"ORGANIZER:mailto:anna@example.org\r\nATTENDEE:mailto:jan@prive.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	v := version(t, s)
	rep, err := capturepkg.Import(as("capture"), s, strings.NewReader(ics), capturepkg.ICS, capturepkg.Options{Now: now, DryRun: true, PartContacts: 1})
	Must(t, err)
	if rep.Result.Contacts != (graph.Counts{Created: 4}) || version(t, s) != v {
		t.Fatalf("dry run: %+v", rep.Result)
	}
	rep, err = capturepkg.Import(as("capture"), s, strings.NewReader(ics), capturepkg.ICS, capturepkg.Options{Now: now, PartContacts: 1})
	Must(t, err)
	if rep.Result.Contacts != (graph.Counts{Created: 4}) || rep.Skipped.Objecting != 3 {
		t.Fatalf("capture: %+v %+v", rep.Result, rep.Skipped)
	}
	jan := "per-jan"
	cs, _, err := s.FindContacts(bg, graph.ContactFilter{StakeholderID: &jan})
	Must(t, err)
	var got []string
	for _, c := range cs {
		got = append(got, c.Date.UTC().Format(time.RFC3339))
	}
	slices.Sort(got)
	want := []string{"2026-03-23T09:00:00Z", "2026-03-30T09:00:00Z", "2026-04-06T08:00:00Z", "2026-04-13T08:00:00Z"}
	if !slices.Equal(got, want) {
		t.Fatalf("contacts %v, want %v", got, want)
	}
	piet := "per-piet"
	if _, n, _ := s.FindContacts(bg, graph.ContactFilter{StakeholderID: &piet}); n != 0 {
		t.Fatalf("%d contacts with the objecting person", n)
	}
	v = version(t, s)
	rep, err = capturepkg.Import(as("capture"), s, strings.NewReader(ics), capturepkg.ICS, capturepkg.Options{Now: now})
	Must(t, err)
	if rep.Result.Changed() || rep.Result.Contacts.Unchanged != 4 || version(t, s) != v {
		t.Fatalf("again: %+v", rep.Result)
	}
}
