package analysis

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// randomPolicyCase draws a small network with a matrix and a contact log
// for the properties of the holdings and policy analyses: 2–5 employees (a
// third of them left before now, a few leave after it), 1–4 organisations
// and 1–7 persons (some DoNotRoute); persons work at, sit on the board of
// or are members of organisations (a third of the works_at and board seats
// with a start day, a third with an end day, ended ones included),
// employees know persons or advise
// organisations (with or without a level), organisations fund each other;
// owners are employees (departed ones included) or nobody; each
// stakeholder is placed by two random scores or left unassessed; the log
// holds up to 25 contacts over the 400 days before now and a few after it.
func randomPolicyCase(r *rand.Rand, now time.Time) (*segment.Matrix, *Snapshot, []*graph.Contact, *graph.Network) {
	var nw graph.Network
	var emps, orgs, pers []string
	levels := []graph.ContactLevel{"", graph.LevelOperational, graph.LevelTactical, graph.LevelStrategic}
	for i := range 2 + r.IntN(4) {
		id := fmt.Sprintf("emp-%d", i)
		n := graph.NetworkNode{ID: id, Kind: graph.KindEmployee, Name: id}
		switch r.IntN(6) {
		case 0, 1:
			n.End = now.AddDate(0, 0, -1-r.IntN(200)).Truncate(24 * time.Hour)
		case 2:
			n.End = now.AddDate(0, 0, 1+r.IntN(30)).Truncate(24 * time.Hour)
		}
		nw.Nodes = append(nw.Nodes, n)
		emps = append(emps, id)
	}
	owner := func() string {
		if r.IntN(3) == 0 {
			return ""
		}
		return emps[r.IntN(len(emps))]
	}
	for i := range 1 + r.IntN(4) {
		id := fmt.Sprintf("org-%d", i)
		nw.Nodes = append(nw.Nodes, graph.NetworkNode{ID: id, Kind: graph.KindOrganisation, Name: id, OwnerID: owner()})
		orgs = append(orgs, id)
	}
	for i := range 1 + r.IntN(7) {
		id := fmt.Sprintf("per-%d", i)
		nw.Nodes = append(nw.Nodes, graph.NetworkNode{ID: id, Kind: graph.KindPerson, Name: id, OwnerID: owner(), DoNotRoute: r.IntN(6) == 0})
		pers = append(pers, id)
	}
	rel := func(t graph.RelType, from, to string, l graph.ContactLevel) {
		for _, e := range nw.Edges {
			if e.Type == t && e.From == from && e.To == to {
				return
			}
		}
		s := []float64{0, 0.3, 0.5, 0.8, 1}[r.IntN(5)]
		nw.Edges = append(nw.Edges, graph.NetworkEdge{ID: graph.RelationshipID(t, from, to), Type: t, From: from, To: to, Strength: s, Level: l})
	}
	for _, p := range pers {
		for _, o := range orgs {
			if r.IntN(2) == 0 {
				rel([]graph.RelType{graph.RelWorksAt, graph.RelBoardMemberOf, graph.RelMemberOf}[r.IntN(3)], p, o, "")
				if e := &nw.Edges[len(nw.Edges)-1]; e.Type.Affiliation() {
					if r.IntN(3) == 0 {
						e.Since = graph.Day(now.AddDate(0, 0, 30-r.IntN(430)))
					}
					if r.IntN(3) == 0 {
						e.Until = graph.Day(now.AddDate(0, 0, 30-r.IntN(430)))
						if e.Until.Before(e.Since) {
							e.Since, e.Until = e.Until, e.Since
						}
					}
				}
			}
		}
	}
	for _, e := range emps {
		for _, p := range pers {
			if r.IntN(3) == 0 {
				rel(graph.RelKnows, e, p, levels[r.IntN(len(levels))])
			}
		}
		for _, o := range orgs {
			if r.IntN(4) == 0 {
				rel(graph.RelAdvises, e, o, levels[r.IntN(len(levels))])
			}
		}
	}
	for i, a := range orgs {
		for _, b := range orgs[i+1:] {
			if r.IntN(3) == 0 {
				rel(graph.RelFunds, a, b, "")
			}
		}
	}
	s, err := NewSnapshot(&nw)
	if err != nil {
		panic(err)
	}
	var as []segment.Assessment
	for _, x := range append(slices.Clone(orgs), pers...) {
		if r.IntN(4) == 0 {
			continue // unassessed
		}
		as = append(as, twoScores(x, 1+r.IntN(5), 1+r.IntN(5))...)
	}
	m := segment.BuildMatrix(conformanceScheme(), segment.DefaultPolicies(), nw.Nodes, as, time.Time{})
	var cs []*graph.Contact
	for range r.IntN(26) {
		cs = append(cs, randomContact(r, now, emps, append(slices.Clone(orgs), pers...), len(cs)))
	}
	return m, s, cs, &nw
}

// randomContact draws a contact of one of emps with one of stakes, dated
// in the 400 days before now or, now and then, up to 20 days after it.
func randomContact(r *rand.Rand, now time.Time, emps, stakes []string, i int) *graph.Contact {
	d := now.AddDate(0, 0, -r.IntN(400)).Truncate(24 * time.Hour)
	if r.IntN(10) == 0 {
		d = now.AddDate(0, 0, 1+r.IntN(20))
	}
	levels := []graph.ContactLevel{"", graph.LevelOperational, graph.LevelTactical, graph.LevelStrategic}
	return &graph.Contact{ID: fmt.Sprintf("c%d", i), EmployeeID: emps[r.IntN(len(emps))], StakeholderID: stakes[r.IntN(len(stakes))],
		Date: d, Mode: graph.ModeMeeting, Level: levels[r.IntN(len(levels))]}
}

// holderSet returns the employees of hs.
// employeesAndStakeholders returns the ids of nw's employees and of the
// rest, in node order.
func employeesAndStakeholders(nw *graph.Network) (emps, stakes []string) {
	for _, n := range nw.Nodes {
		if n.Kind == graph.KindEmployee {
			emps = append(emps, n.ID)
		} else {
			stakes = append(stakes, n.ID)
		}
	}
	return emps, stakes
}

func holderSet(hs []Holding) map[string]bool {
	out := map[string]bool{}
	for _, h := range hs {
		out[h.Employee.ID] = true
	}
	return out
}

// TestAddingAContactNeverHurts: over random networks, matrices and contact
// logs, logging one more contact (by any employee, departed ones included,
// with any stakeholder, on any date) never
//   - lowers a stakeholder's contacts in the period, last contact or
//     highest level in Conformance, nor removes one of its holders;
//   - removes a holder, direct or one hop away, in Holders, nor a
//     stakeholder from an employee's Holdings;
//   - makes a stakeholder more overdue: Overdue lists no new stakeholder,
//     and no listed one by more days.
func TestAddingAContactNeverHurts(t *testing.T) {
	now := day("2024-06-30").Add(15 * time.Hour)
	for seed := range uint64(400) {
		r := rand.New(rand.NewPCG(seed, 12))
		m, s, cs, nw := randomPolicyCase(r, now)
		emps, stakes := employeesAndStakeholders(nw)
		more := append(slices.Clone(cs), randomContact(r, now, emps, stakes, len(cs)))
		added := more[len(more)-1]
		fail := func(format string, args ...any) {
			t.Helper()
			t.Errorf("seed %d, adding %s–%s on %s (%q): %s", seed, added.EmployeeID, added.StakeholderID,
				added.Date.Format(time.DateOnly), added.Level, fmt.Sprintf(format, args...))
		}

		before := map[string]Advice{}
		for _, a := range Conformance(m, s, cs, now, nil) {
			before[a.Stakeholder.ID] = a
		}
		after := Conformance(m, s, more, now, nil)
		if len(after) != len(before) {
			fail("conformance has %d rows, had %d", len(after), len(before))
		}
		for _, a := range after {
			b := before[a.Stakeholder.ID]
			if a.Contacts < b.Contacts || a.LastContact.Before(b.LastContact) || a.Level.Rank() < b.Level.Rank() || a.Holders < b.Holders {
				fail("%s: contacts %d → %d, last %v → %v, level %q → %q, holders %d → %d", a.Stakeholder.ID,
					b.Contacts, a.Contacts, b.LastContact, a.LastContact, b.Level, a.Level, b.Holders, a.Holders)
			}
			held := map[string]bool{}
			for _, h := range a.HeldBy {
				held[h.ID] = true
			}
			for _, h := range b.HeldBy {
				if !held[h.ID] {
					fail("%s: holder %s lost", a.Stakeholder.ID, h.ID)
				}
			}
		}

		for _, x := range stakes {
			hb, err := Holders(s, cs, x, now)
			if err != nil {
				t.Fatal(err)
			}
			ha, err := Holders(s, more, x, now)
			if err != nil {
				t.Fatal(err)
			}
			da, ia := holderSet(ha.Direct), holderSet(ha.Indirect)
			for e := range holderSet(hb.Direct) {
				if !da[e] {
					fail("holders of %s: direct holder %s lost", x, e)
				}
			}
			for e := range holderSet(hb.Indirect) {
				if !da[e] && !ia[e] {
					fail("holders of %s: indirect holder %s lost", x, e)
				}
			}
		}
		for _, e := range emps {
			hb, err := Holdings(s, cs, e, now)
			if err != nil {
				t.Fatal(err)
			}
			ha, err := Holdings(s, more, e, now)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range hb {
				if !slices.ContainsFunc(ha, func(g Holding) bool { return g.Stakeholder.ID == h.Stakeholder.ID }) {
					fail("holdings of %s: %s lost", e, h.Stakeholder.ID)
				}
			}
		}

		days := map[string]int{}
		for _, g := range Overdue(m, s, cs, now) {
			for _, it := range g.Items {
				days[it.Stakeholder.ID] = it.late()
			}
		}
		for _, g := range Overdue(m, s, more, now) {
			for _, it := range g.Items {
				d, ok := days[it.Stakeholder.ID]
				if !ok || it.late() > d {
					fail("overdue: %s %d days, was %d (listed %v)", it.Stakeholder.ID, it.late(), d, ok)
				}
			}
		}
	}
}

// TestHoldingStrengthNeverDrops: over the same random cases, with the
// snapshot built from the contact log as the server builds it (Options
// Contacts), logging one more contact never lowers the strength of any
// employee's best holding of any stakeholder in Holders — direct ones by a
// tie, by contacts alone, or through the people of an organisation, and
// those one hop away — the evidence rule ("evidence never hurts") carried
// to the holders' table.
func TestHoldingStrengthNeverDrops(t *testing.T) {
	now := day("2024-06-30").Add(15 * time.Hour)
	best := func(r *HoldersResult) map[string]float64 {
		out := map[string]float64{}
		for _, h := range append(r.Direct, r.Indirect...) {
			out[h.Employee.ID] = max(out[h.Employee.ID], h.Strength)
		}
		return out
	}
	for seed := range uint64(300) {
		r := rand.New(rand.NewPCG(seed, 31))
		_, _, cs, nw := randomPolicyCase(r, now)
		emps, stakes := employeesAndStakeholders(nw)
		more := append(slices.Clone(cs), randomContact(r, now, emps, stakes, len(cs)))
		sb, err := Build(nw, Options{Now: now, Contacts: cs})
		if err != nil {
			t.Fatal(err)
		}
		sa, err := Build(nw, Options{Now: now, Contacts: more})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range stakes {
			hb, err := Holders(sb, cs, x, now)
			if err != nil {
				t.Fatal(err)
			}
			ha, err := Holders(sa, more, x, now)
			if err != nil {
				t.Fatal(err)
			}
			after := best(ha)
			for e, v := range best(hb) {
				if after[e] < v-1e-12 {
					a := more[len(more)-1]
					t.Errorf("seed %d, adding %s–%s on %s: %s's hold on %s %.4f → %.4f", seed, a.EmployeeID, a.StakeholderID,
						a.Date.Format(time.DateOnly), e, x, v, after[e])
				}
			}
		}
	}
}
