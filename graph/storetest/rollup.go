package storetest

import (
	"testing"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
)

// testRollUpByContactDay checks that a contact with a person counts for
// the organisations she belonged to on the contact's day
// (graph.AffiliatedOn), from the Since and Until the store keeps: in the
// analyses (analysis.Holders on the Cache's snapshot) and in closing
// actions (graph.CloseByContacts, in the store's write). By hand, as of
// 2025-06-30:
//
//	Piet  works_at Gemeente until 2025-04-01, works_at Fonds since 2025-04-01
//	Lot   works_at Fonds since 2025-05-01
//	Anna–Piet  2024-09-10, 2025-02-15 (Gemeente); 2025-05-20, 2025-06-10 (Fonds)
//	Anna–Lot   2025-03-01 (before she joined: nothing), 2025-06-01 (Fonds)
//
//	Gemeente: Anna holds it with 2 contacts, through Piet
//	Fonds:    Anna holds it with 3 contacts (Piet 2, Lot 1)
//
// Then an open action of Anna's about Fonds (set on the store's day,
// 2026-01-02) stays open after a meeting with Mia on 2026-02-10, whose
// works_at Fonds starts on 2026-03-01, and is closed by one on 2026-03-02.
func testRollUpByContactDay(t *testing.T, s graph.Store) {
	d := func(day string) time.Time {
		t.Helper()
		x, err := time.Parse(time.DateOnly, day)
		Must(t, err)
		return x
	}
	contact := func(person, date string) *graph.Contact {
		return &graph.Contact{ID: "c-" + person + "-" + date, Date: d(date), EmployeeID: "emp-anna", StakeholderID: person, Mode: graph.ModeMeeting}
	}
	_, err := s.Upsert(bg, &graph.Batch{
		Employees:     []*graph.Employee{{ID: "emp-anna", Name: "Anna", Role: graph.RoleAccountManager}},
		Persons:       []*graph.Person{{ID: "per-piet", Name: "Piet"}, {ID: "per-lot", Name: "Lot"}, {ID: "per-mia", Name: "Mia"}},
		Organisations: []*graph.Organisation{{ID: "org-gem", Name: "Gemeente"}, {ID: "org-fonds", Name: "Fonds"}},
		Relationships: []*graph.Relationship{
			{Type: graph.RelWorksAt, From: "per-piet", To: "org-gem", Strength: 0.8, Until: d("2025-04-01")},
			{Type: graph.RelWorksAt, From: "per-piet", To: "org-fonds", Strength: 0.8, Since: d("2025-04-01")},
			{Type: graph.RelWorksAt, From: "per-lot", To: "org-fonds", Strength: 0.9, Since: d("2025-05-01")},
			{Type: graph.RelWorksAt, From: "per-mia", To: "org-fonds", Strength: 0.9, Since: d("2026-03-01")},
		},
		Contacts: []*graph.Contact{contact("per-piet", "2024-09-10"), contact("per-piet", "2025-02-15"),
			contact("per-piet", "2025-05-20"), contact("per-piet", "2025-06-10"),
			contact("per-lot", "2025-03-01"), contact("per-lot", "2025-06-01")},
	}, graph.UpsertOptions{})
	Must(t, err)
	now := d("2025-06-30")
	snap, err := (&analysis.Cache{Source: s, Contacts: s, Now: func() time.Time { return now }}).Snapshot(bg)
	Must(t, err)
	for _, w := range []struct {
		org      string
		contacts int
		through  map[string]int
	}{
		{"org-gem", 2, map[string]int{"per-piet": 2}},
		{"org-fonds", 3, map[string]int{"per-piet": 2, "per-lot": 1}},
	} {
		cs, _, err := s.FindContacts(bg, graph.ContactFilter{})
		Must(t, err)
		h, err := analysis.Holders(snap, cs, w.org, now)
		Must(t, err)
		if len(h.Direct) != 1 || h.Direct[0].Contacts != w.contacts || len(h.Direct[0].Through) != len(w.through) {
			t.Fatalf("holders of %s: %+v, want Anna with %d contacts through %v", w.org, h.Direct, w.contacts, w.through)
		}
		for _, th := range h.Direct[0].Through {
			if th.Contacts != w.through[th.Person.ID] {
				t.Fatalf("holders of %s: %d contacts through %s, want %d", w.org, th.Contacts, th.Person.ID, w.through[th.Person.ID])
			}
		}
	}

	ps := planStore(t, s)
	Must(t, ps.CreateActions(as("alice"), []*graph.Action{
		{ID: "act-fonds", Kind: graph.ActionIntensify, StakeholderID: "org-fonds", AssigneeID: "emp-anna", Due: d("2026-06-01")},
	}))
	log := func(c *graph.Contact) {
		t.Helper()
		_, err := s.Upsert(as("carol"), &graph.Batch{Contacts: []*graph.Contact{c}}, graph.UpsertOptions{})
		Must(t, err)
	}
	log(contact("per-mia", "2026-02-10"))
	a, err := ps.FindActionByID(bg, "act-fonds")
	Must(t, err)
	if a.State != graph.ActionOpen {
		t.Fatalf("a meeting with Mia before she joined Fonds closed the action about it: %+v", a.Closed)
	}
	log(contact("per-mia", "2026-03-02"))
	a, err = ps.FindActionByID(bg, "act-fonds")
	Must(t, err)
	if a.State != graph.ActionDone || a.Closed.ContactID != "c-per-mia-2026-03-02" {
		t.Fatalf("the action about Fonds after Anna met Mia there: %+v %+v", a, a.Closed)
	}
}
