package analysis

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// TestConformanceCountsByTheContactsDay: a contact with a person counts
// for the organisations she belonged to on the contact's day
// (graph.AffiliatedOn), not for those of today. On 2024-06-30, with the
// default invest policy (4 contacts in 12 months, the period from
// 2023-06-30), Anna (account manager) and:
//
//	Piet  works_at Gemeente (start unknown) until 2024-04-01, then
//	      works_at Fonds since 2024-04-01
//	Lot   works_at Fonds since 2024-05-01
//
//	Anna–Piet  2023-09-10, 2024-02-15  (at Gemeente)
//	           2024-05-20, 2024-06-10  (at Fonds)
//	Anna–Lot   2024-03-01              (before she joined Fonds)
//	           2024-06-01
//
// By hand:
//
//	Gemeente  2023-09-10, 2024-02-15                → 2 contacts, last 2024-02-15,
//	          held by Anna alone (single_holder), intensify (2 < 4)
//	Fonds     2024-05-20, 2024-06-10, 2024-06-01   → 3 contacts, last 2024-06-10,
//	          held by Anna alone, intensify (3 < 4)
//
// By today's affiliations (the rule before) Gemeente had 0 contacts and no
// holder, and Fonds 6 (all of Piet's and Lot's), last 2024-06-10.
// Overdue by the same rule: Gemeente's next contact was due 2024-02-15 + 3
// months = 2024-05-15 (46 days: 16 in May + 30 in June); Fonds' is due
// 2024-09-10, not yet.
func TestConformanceCountsByTheContactsDay(t *testing.T) {
	now := day("2024-06-30")
	n := &graph.Network{Nodes: []graph.NetworkNode{
		{ID: "emp-anna", Kind: graph.KindEmployee, Name: "Anna"},
		{ID: "org-fonds", Kind: graph.KindOrganisation, Name: "Fonds", OwnerID: "emp-anna"},
		{ID: "org-gem", Kind: graph.KindOrganisation, Name: "Gemeente", OwnerID: "emp-anna"},
		{ID: "per-lot", Kind: graph.KindPerson, Name: "Lot"},
		{ID: "per-piet", Kind: graph.KindPerson, Name: "Piet"},
	}, Edges: []graph.NetworkEdge{
		{ID: "w1", Type: graph.RelWorksAt, From: "per-piet", To: "org-gem", Strength: 0.8, Until: day("2024-04-01")},
		{ID: "w2", Type: graph.RelWorksAt, From: "per-piet", To: "org-fonds", Strength: 0.8, Since: day("2024-04-01")},
		{ID: "w3", Type: graph.RelWorksAt, From: "per-lot", To: "org-fonds", Strength: 0.9, Since: day("2024-05-01")},
	}}
	s, err := Build(n, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	var as []segment.Assessment
	for _, id := range []string{"org-gem", "org-fonds"} {
		as = append(as, twoScores(id, 5, 5)...)
	}
	m := segment.BuildMatrix(conformanceScheme(), segment.DefaultPolicies(), n.Nodes, as, time.Time{})
	var cs []*graph.Contact
	for _, c := range [][2]string{{"per-piet", "2023-09-10"}, {"per-piet", "2024-02-15"}, {"per-piet", "2024-05-20"},
		{"per-piet", "2024-06-10"}, {"per-lot", "2024-03-01"}, {"per-lot", "2024-06-01"}} {
		cs = append(cs, &graph.Contact{ID: c[0] + c[1], EmployeeID: "emp-anna", StakeholderID: c[0], Date: day(c[1]), Mode: graph.ModeMeeting})
	}

	want := map[string]struct {
		contacts, holders int
		last              string
		codes             []AdviceCode
	}{
		"org-gem":   {2, 1, "2024-02-15", []AdviceCode{AdviceIntensify, AdviceSingleHolder}},
		"org-fonds": {3, 1, "2024-06-10", []AdviceCode{AdviceIntensify, AdviceSingleHolder}},
	}
	got := Conformance(m, s, cs, now, nil)
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d: %+v", len(got), len(want), got)
	}
	for _, a := range got {
		w := want[a.Stakeholder.ID]
		if a.Contacts != w.contacts || a.Holders != w.holders || a.LastContact.Format(time.DateOnly) != w.last || !slices.Equal(a.Codes(), w.codes) {
			t.Errorf("%s: %d contacts, %d holders, last %s, advice %v; want %d, %d, %s, %v", a.Stakeholder.ID,
				a.Contacts, a.Holders, a.LastContact.Format(time.DateOnly), a.Codes(), w.contacts, w.holders, w.last, w.codes)
		}
	}
	od := Overdue(m, s, cs, now)
	if len(od) != 1 || len(od[0].Items) != 1 || od[0].Items[0].Stakeholder.ID != "org-gem" || od[0].Items[0].DaysOverdue == nil || *od[0].Items[0].DaysOverdue != 46 {
		t.Errorf("overdue %+v, want Gemeente 46 days", od)
	}
	h, err := Holders(s, cs, "org-gem", now)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Direct) != 1 || h.Direct[0].Contacts != 2 || len(h.Direct[0].Through) != 1 || h.Direct[0].Through[0].Person.ID != "per-piet" {
		t.Errorf("holders of Gemeente %+v", h.Direct)
	}
	if got := ContactSubjects(s, "org-gem"); len(got) != 2 || got[1] != "per-piet" {
		t.Errorf("contact subjects of Gemeente %v, want it and Piet, who worked there", got)
	}
}

// TestRollUpAgreesWithClosing: over random networks with dated
// affiliations, the contacts Conformance counts for a stakeholder are
// exactly those with which graph.CloseByContacts would close an action of
// the contact's employee about it, given the network's affiliations:
// conformance and closing count a contact for the same organisations
// (one rule, graph.AffiliatedOn).
func TestRollUpAgreesWithClosing(t *testing.T) {
	now := day("2024-06-30").Add(15 * time.Hour)
	for seed := range uint64(300) {
		r := rand.New(rand.NewPCG(seed, 16))
		m, s, cs, nw := randomPolicyCase(r, now)
		var affs []graph.Affiliation
		kind := map[string]graph.Kind{}
		for _, n := range nw.Nodes {
			kind[n.ID] = n.Kind
		}
		for _, e := range nw.Edges {
			if e.Type.Affiliation() && kind[e.From] == graph.KindPerson && kind[e.To] == graph.KindOrganisation {
				affs = append(affs, graph.Affiliation{PersonID: e.From, OrgID: e.To, Since: e.Since, Until: e.Until})
			}
		}
		for _, a := range Conformance(m, s, cs, now, nil) {
			want := 0
			for _, c := range cs {
				e, _ := s.Index(c.EmployeeID)
				if c.Date.Before(a.PeriodStart) || c.Date.After(now) || s.Nodes[e].Left(now) {
					continue
				}
				act := &graph.Action{ID: "a", Kind: graph.ActionIntensify, State: graph.ActionOpen,
					StakeholderID: a.Stakeholder.ID, AssigneeID: c.EmployeeID, Audit: graph.Audit{CreatedAt: c.Date}}
				if len(graph.CloseByContacts([]*graph.Action{act}, []*graph.Contact{c}, affs, "t", now)) == 1 {
					want++
				}
			}
			if a.Contacts != want {
				t.Fatalf("seed %d: %s counts %d contacts, closing would count %d\nedges %+v\ncontacts %+v",
					seed, a.Stakeholder.ID, a.Contacts, want, nw.Edges, cs)
			}
		}
	}
}

// TestHoldersSayWhenThroughHasLeft: the holding of the same case names
// the persons it runs through, and says when one has left the
// organisation since: on 2024-06-30 Piet's contacts of 2023-09-10 and
// 2024-02-15 hold Gemeente for Anna, but Piet left it on 2024-04-01, so
// Through says so (Until 2024-04-01) and no route runs through him to
// it; he works at Fonds now, so Fonds' line through him has no Until.
// Before, Gemeente read "direct 0.00 through Piet (works_at, 2)", as if
// Piet were still there and the strength a mistake.
func TestHoldersSayWhenThroughHasLeft(t *testing.T) {
	now := day("2024-06-30")
	n := &graph.Network{Nodes: []graph.NetworkNode{
		{ID: "emp-anna", Kind: graph.KindEmployee, Name: "Anna"},
		{ID: "org-fonds", Kind: graph.KindOrganisation, Name: "Fonds"},
		{ID: "org-gem", Kind: graph.KindOrganisation, Name: "Gemeente"},
		{ID: "per-piet", Kind: graph.KindPerson, Name: "Piet"},
	}, Edges: []graph.NetworkEdge{
		{ID: "w1", Type: graph.RelWorksAt, From: "per-piet", To: "org-gem", Strength: 0.8, Until: day("2024-04-01")},
		{ID: "w2", Type: graph.RelWorksAt, From: "per-piet", To: "org-fonds", Strength: 0.8, Since: day("2024-04-01")},
	}}
	s, err := Build(n, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	var cs []*graph.Contact
	for _, d := range []string{"2023-09-10", "2024-02-15", "2024-05-20"} {
		cs = append(cs, &graph.Contact{ID: d, EmployeeID: "emp-anna", StakeholderID: "per-piet", Date: day(d), Mode: graph.ModeMeeting})
	}
	for _, c := range []struct {
		org      string
		contacts int
		until    time.Time
	}{
		{"org-gem", 2, day("2024-04-01")},
		{"org-fonds", 1, time.Time{}},
	} {
		r, err := Holders(s, cs, c.org, now)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Direct) != 1 || len(r.Direct[0].Through) != 1 {
			t.Fatalf("%s: holders %+v, want Anna through Piet", c.org, r.Direct)
		}
		th := r.Direct[0].Through[0]
		if th.Person.ID != "per-piet" || th.Contacts != c.contacts || !th.Until.Equal(c.until) {
			t.Errorf("%s: through %+v, want Piet with %d contacts, until %v", c.org, th, c.contacts, c.until)
		}
	}
}
