package analysis

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
)

// topStrengths returns, per stakeholder of s, the strengths of its five
// best paths from every employee (cold ones too).
func topStrengths(t *testing.T, s *Snapshot) map[string][]float64 {
	t.Helper()
	out := map[string][]float64{}
	for _, x := range s.Nodes {
		if !x.Kind.IsStakeholder() {
			continue
		}
		ps, err := WarmPaths(context.Background(), s, PathQuery{To: x.ID, K: 5, MinStrength: -1})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			out[x.ID] = append(out[x.ID], p.Strength)
		}
	}
	return out
}

// TestEvidenceNeverHurts is the invariant as a property over
// random networks and contact logs: adding a contact, or a tie, never
// lowers any tie's strength (in the snapshot, or an evidence tie) nor the
// strength of any stakeholder's i-th best path, for i = 1…5. (Adding an
// affiliation that takes an organisation over graph.PathRules'
// ColleagueMaxPeople removes its colleague steps, the one exception; these
// networks have at most 11 nodes, far below the default 30.)
func TestEvidenceNeverHurts(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 2026))
	checked := 0
	for g := range 400 {
		nw := randomPathNetwork(r)
		h := randomHistory(r, nw)
		var emps, stake []string
		for _, x := range nw.Nodes {
			if x.Kind == graph.KindEmployee {
				emps = append(emps, x.ID)
			} else {
				stake = append(stake, x.ID)
			}
		}
		if len(emps) == 0 || len(stake) == 0 {
			continue
		}
		before, err := Build(nw, Options{Now: h.now, Contacts: h.contacts})
		if err != nil {
			t.Fatal(err)
		}
		var what string
		after := nw
		contacts := h.contacts
		if r.IntN(2) == 0 {
			c := &graph.Contact{ID: "new", EmployeeID: emps[r.IntN(len(emps))], StakeholderID: stake[r.IntN(len(stake))],
				Date: h.now.AddDate(0, 0, -r.IntN(700)), Mode: graph.ModePhone}
			contacts = append(append([]*graph.Contact(nil), contacts...), c)
			what = fmt.Sprintf("contact %s–%s on %s", c.EmployeeID, c.StakeholderID, c.Date.Format(time.DateOnly))
		} else {
			a, b := nw.Nodes[r.IntN(len(nw.Nodes))], nw.Nodes[r.IntN(len(nw.Nodes))]
			if a.ID == b.ID {
				continue
			}
			typ := graph.RelTypes[r.IntN(len(graph.RelTypes))].Type
			e := graph.NetworkEdge{ID: "new", Type: typ, From: a.ID, To: b.ID, Strength: r.Float64()}
			after = &graph.Network{Nodes: nw.Nodes, Edges: append(append([]graph.NetworkEdge(nil), nw.Edges...), e)}
			what = fmt.Sprintf("tie %s %s %s %.3f", a.ID, typ, b.ID, e.Strength)
		}
		next, err := Build(after, Options{Now: h.now, Contacts: contacts})
		if err != nil {
			t.Fatal(err)
		}
		// Every tie of before is in next, at least as strong.
		for _, tie := range before.Ties {
			u, v := before.Nodes[tie.U].ID, before.Nodes[tie.V].ID
			i, _ := next.Index(u)
			j, _ := next.Index(v)
			found := false
			for _, nt := range next.Ties {
				if nt.U == min(i, j) && nt.V == max(i, j) {
					found = true
					if nt.Strength < tie.Strength {
						t.Fatalf("graph %d: after the %s the tie %s–%s fell from %g to %g", g, what, u, v, tie.Strength, nt.Strength)
					}
				}
			}
			if !found {
				t.Fatalf("graph %d: after the %s the tie %s–%s is gone", g, what, u, v)
			}
		}
		nextEv := EvidenceOf(next)
		for k, ev := range EvidenceOf(before) {
			if nev, ok := nextEv[k]; !ok || nev.Strength < ev.Strength {
				t.Fatalf("graph %d: after the %s the evidence of %v fell from %+v to %+v", g, what, k, ev, nev)
			}
		}
		b, a := topStrengths(t, before), topStrengths(t, next)
		for id, ws := range b {
			for i, w := range ws {
				if i >= len(a[id]) || a[id][i] < w-1e-12 {
					t.Fatalf("graph %d: after the %s the paths to %s fell from %v to %v", g, what, id, ws, a[id])
				}
			}
		}
		checked++
	}
	if checked < 300 {
		t.Fatalf("only %d networks checked", checked)
	}
}
