package graph

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// TestCloseByContactsProperties checks the rules of CloseByContacts on
// random actions and contacts:
//
//   - only open actions of a kind ClosedByContact are closed, and every
//     such action answered by some contact is closed (nothing missed);
//   - the closing contact is by the assignee, with the stakeholder or a
//     person who belonged to it on the contact's day (an affiliation not
//     ended by then), on or after the day the action was set, at the level
//     asked, and it is the earliest such contact;
//   - closing again with the same contacts changes nothing (idempotent).
func TestCloseByContactsProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 4))
	emps, stks := []string{"e1", "e2"}, []string{"s1", "s2", "s3", "o1", "o2"}
	day0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	levels := append([]ContactLevel{""}, ContactLevels...)
	now := day0.AddDate(0, 1, 0)
	for round := range 300 {
		var as []*Action
		for i := range 1 + r.IntN(6) {
			a := &Action{ID: fmt.Sprintf("a%d", i), Kind: ActionKinds[r.IntN(len(ActionKinds))],
				AssigneeID: emps[r.IntN(2)], StakeholderID: stks[r.IntN(len(stks))], State: ActionStates[r.IntN(3)],
				Audit: Audit{CreatedAt: day0.Add(time.Duration(r.IntN(10*24)) * time.Hour)}}
			if a.Kind == ActionRaiseLevel {
				a.Level = ContactLevels[r.IntN(3)]
			}
			as = append(as, a)
		}
		var cs []*Contact
		for i := range r.IntN(8) {
			cs = append(cs, &Contact{ID: fmt.Sprintf("c%d", i), EmployeeID: emps[r.IntN(2)], StakeholderID: stks[r.IntN(len(stks))],
				Date: day0.Add(time.Duration(r.IntN(12*24)) * time.Hour), Level: levels[r.IntN(4)]})
		}
		// Persons s1–s3 belong to organisations o1, o2 (or not), some
		// until a day within the contacts' span.
		var affs []Affiliation
		for _, p := range stks[:3] {
			for _, o := range stks[3:] {
				if r.IntN(2) == 0 {
					a := Affiliation{PersonID: p, OrgID: o}
					if r.IntN(2) == 0 {
						a.Until = Day(day0.AddDate(0, 0, r.IntN(12)))
					}
					affs = append(affs, a)
				}
			}
		}
		countsFor := func(c *Contact, s string) bool {
			if c.StakeholderID == s {
				return true
			}
			for _, a := range affs {
				if a.PersonID == c.StakeholderID && a.OrgID == s && (a.Until.IsZero() || Day(c.Date).Before(a.Until)) {
					return true
				}
			}
			return false
		}
		before := make([]Action, len(as))
		for i, a := range as {
			before[i] = *a
		}
		answers := func(a Action, c *Contact) bool {
			return c.EmployeeID == a.AssigneeID && countsFor(c, a.StakeholderID) && !Day(c.Date).Before(Day(a.CreatedAt)) &&
				(a.Kind != ActionRaiseLevel || c.Level.Rank() >= a.Level.Rank())
		}
		closed := CloseByContacts(as, cs, affs, "x", now)
		in := map[*Action]bool{}
		for _, a := range closed {
			in[a] = true
		}
		for i, a := range as {
			b := before[i]
			var best *Contact
			for _, c := range cs {
				if answers(b, c) && (best == nil || c.Date.Before(best.Date) || (c.Date.Equal(best.Date) && c.ID < best.ID)) {
					best = c
				}
			}
			should := b.State == ActionOpen && b.Kind.ClosedByContact() && best != nil
			if should != in[a] {
				t.Fatalf("round %d: action %+v with contacts %v: closed %v, want %v", round, b, cs, in[a], should)
			}
			if !should {
				if a.State != b.State || a.Closed != b.Closed {
					t.Fatalf("round %d: action %s changed without being closed", round, a.ID)
				}
				continue
			}
			if a.State != ActionDone || a.Closed.ContactID != best.ID || !a.Closed.At.Equal(best.Date) {
				t.Fatalf("round %d: action %s closed by %+v, want %s", round, a.ID, a.Closed, best.ID)
			}
		}
		if again := CloseByContacts(as, cs, affs, "x", now); len(again) != 0 {
			t.Fatalf("round %d: closing again closed %d more", round, len(again))
		}
	}
}
