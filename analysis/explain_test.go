package analysis

import (
	"context"
	"testing"

	"github.com/relmap/relmap/graph"
)

func TestFormatStrength(t *testing.T) {
	for _, c := range []struct {
		s      float64
		en, nl string
	}{
		{0.8, "0.8", "0,8"},
		{0.72, "0.72", "0,72"},
		{0.7200001, "0.72", "0,72"},
		{0.005, "0.01", "0,01"},
		{1, "1", "1"},
		{0, "0", "0"},
	} {
		if en, nl := FormatStrength(c.s, "en"), FormatStrength(c.s, "nl"); en != c.en || nl != c.nl {
			t.Errorf("FormatStrength(%v) = %q, %q; want %q, %q", c.s, en, nl, c.en, c.nl)
		}
	}
}

// TestClauses fixes how every relationship type reads, both ways, in a
// main clause and in a relative clause (golden strings).
func TestClauses(t *testing.T) {
	type golden struct {
		en, nlMain, nlRel string
	}
	cases := []struct {
		t                 graph.RelType
		forward, backward golden
	}{
		{graph.RelKnows,
			golden{"knows O", "kent O", "die O kent"},
			golden{"knows O", "kent O", "die O kent"}},
		{graph.RelWorksAt,
			golden{"works at O", "werkt bij O", "die werkt bij O"},
			golden{"employs O", "heeft O in dienst", "die O in dienst heeft"}},
		{graph.RelBoardMemberOf,
			golden{"is on the board of O", "zit in het bestuur van O", "die in het bestuur zit van O"},
			golden{"has O on its board", "heeft O in het bestuur", "die O in het bestuur heeft"}},
		{graph.RelMemberOf,
			golden{"is a member of O", "is lid van O", "die lid is van O"},
			golden{"has O as a member", "heeft O als lid", "die O als lid heeft"}},
		{graph.RelFunds,
			golden{"funds O", "financiert O", "die O financiert"},
			golden{"is funded by O", "wordt gefinancierd door O", "die wordt gefinancierd door O"}},
		{graph.RelRefersTo,
			golden{"refers to O", "verwijst naar O", "die verwijst naar O"},
			golden{"receives referrals from O", "krijgt verwijzingen van O", "die verwijzingen krijgt van O"}},
		{graph.RelPartnersWith,
			golden{"partners with O", "werkt samen met O", "die samenwerkt met O"},
			golden{"partners with O", "werkt samen met O", "die samenwerkt met O"}},
		{graph.RelAdvises,
			golden{"advises O", "adviseert O", "die O adviseert"},
			golden{"is advised by O", "wordt geadviseerd door O", "die wordt geadviseerd door O"}},
		{graph.RelReportsTo,
			golden{"reports to O", "rapporteert aan O", "die rapporteert aan O"},
			golden{"manages O", "is leidinggevende van O", "die leidinggevende is van O"}},
		{"likes",
			golden{"is connected to O", "is verbonden met O", "die verbonden is met O"},
			golden{"is connected to O", "is verbonden met O", "die verbonden is met O"}},
		{RelContacts,
			golden{"has been in contact with O", "heeft contact gehad met O", "die contact heeft gehad met O"},
			golden{"has been in contact with O", "heeft contact gehad met O", "die contact heeft gehad met O"}},
		{RelColleague,
			golden{"is a colleague of O", "is een collega van O", "die een collega is van O"},
			golden{"is a colleague of O", "is een collega van O", "die een collega is van O"}},
	}
	if len(cases) != len(graph.RelTypes)+3 {
		t.Fatalf("%d cases for %d types: a type without golden strings", len(cases), len(graph.RelTypes))
	}
	for _, c := range cases {
		for i, w := range []golden{c.forward, c.backward} {
			en, nm, nr := clauses(c.t, i == 1, "O")
			if (golden{en, nm, nr}) != w {
				t.Errorf("%s reverse=%v: %q / %q / %q, want %+v", c.t, i == 1, en, nm, nr, w)
			}
		}
	}
}

// TestWarmPathsExplanations checks whole sentences of paths found by
// WarmPaths (golden strings): hops between people, a colleague step
// (graph.PathRules: 0.5 · the weaker affiliation), an evidence tie from
// contacts, and the last hop into an organisation.
func TestWarmPathsExplanations(t *testing.T) {
	now := day("2025-06-01")
	n := new(pathNet).emp("emp-anna", "Anna").per("per-jan", "Jan de Vries").per("per-dirk", "Dirk Smit").per("per-piet", "Piet Bakker").
		per("per-ria", "Ria Kok").org("org-fx", "Fonds X").org("org-pz", "Platform Zorg").
		rel(graph.RelKnows, "emp-anna", "per-jan", 0.8).rel(graph.RelBoardMemberOf, "per-jan", "org-fx", 0.9).
		rel(graph.RelWorksAt, "per-dirk", "org-fx", 0.95).
		rel(graph.RelBoardMemberOf, "emp-anna", "org-pz", 0.6).rel(graph.RelWorksAt, "per-piet", "org-pz", 0.7).n
	var contacts []*graph.Contact
	for i := range 4 { // four meetings today: f = 1 − e⁻¹ = 0.632121, r = 1, S = 1.632121/3 = 0.544040
		contacts = append(contacts, &graph.Contact{ID: string(rune('a' + i)), EmployeeID: "emp-anna", StakeholderID: "per-ria", Date: now, Mode: graph.ModeMeeting})
	}
	s, err := Build(&n, Options{Now: now, Contacts: contacts})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		to   string
		want Text
		last graph.RelType
	}{
		{"org-fx", Text{
			EN: "Anna knows Jan de Vries (0.8), who is on the board of Fonds X (0.9)",
			NL: "Anna kent Jan de Vries (0,8), die in het bestuur zit van Fonds X (0,9)"}, graph.RelBoardMemberOf},
		// 0.5 · min(0.9, 0.95) = 0.45.
		{"per-dirk", Text{
			EN: "Anna knows Jan de Vries (0.8), who is a colleague of Dirk Smit at Fonds X (0.45)",
			NL: "Anna kent Jan de Vries (0,8), die een collega is van Dirk Smit bij Fonds X (0,45)"}, RelColleague},
		// Our own board member: 0.5 · min(0.6, 0.7) = 0.3.
		{"per-piet", Text{
			EN: "Anna is a colleague of Piet Bakker at Platform Zorg (0.3)",
			NL: "Anna is een collega van Piet Bakker bij Platform Zorg (0,3)"}, RelColleague},
		{"per-ria", Text{
			EN: "Anna has been in contact with Ria Kok (0.54)",
			NL: "Anna heeft contact gehad met Ria Kok (0,54)"}, RelContacts},
	} {
		got, err := WarmPaths(context.Background(), s, PathQuery{To: c.to, K: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Explanation != c.want {
			t.Errorf("to %s: %+v\nwant %+v", c.to, got, c.want)
			continue
		}
		last := got[0].Steps[len(got[0].Steps)-1]
		if last.Type != c.last || last.Derived != (c.last == RelColleague || c.last == RelContacts) || last.Relationship == "" && !last.Derived {
			t.Errorf("to %s: last step %+v, want type %s", c.to, last, c.last)
		}
		if c.last == RelColleague && (last.Organisation == nil || last.Evidence != nil) {
			t.Errorf("to %s: colleague step %+v names no organisation", c.to, last)
		}
		if c.last == RelContacts && (last.Evidence == nil || !last.Evidence.Derived || last.Evidence.Contacts != 4) {
			t.Errorf("to %s: evidence step %+v", c.to, last)
		}
	}
}
