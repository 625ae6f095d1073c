package analysis

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/relmap/relmap/graph"
)

// TestConstraintAndEffectiveSizeByHand: values worked out from Burt's
// formulas (the fixtures cover networkx and igraph on real data).
func TestConstraintAndEffectiveSizeByHand(t *testing.T) {
	cases := []struct {
		name      string
		net       string
		want      map[string]float64 // constraint
		effective map[string]float64
	}{{
		// Star c with leaves a, b, d: p = 1/3 per contact, no ties among
		// them: C(c) = 3·(1/3)² = 1/3, E(c) = 3. A leaf has one contact:
		// C = 1² = 1, E = 1.
		name:      "star",
		net:       "c-a:1 c-b:1 c-d:1",
		want:      map[string]float64{"c": 1.0 / 3, "a": 1, "b": 1, "d": 1},
		effective: map[string]float64{"c": 3, "a": 1, "b": 1, "d": 1},
	}, {
		// Triangle: p = 1/2, indirect 1/2·1/2: C = 2·(3/4)² = 9/8;
		// E = 2 − 2·1/2 = 1 (Borgatti: n − 2t/n).
		name:      "triangle",
		net:       "a-b:1 b-c:1 a-c:1",
		want:      map[string]float64{"a": 9.0 / 8, "b": 9.0 / 8, "c": 9.0 / 8},
		effective: map[string]float64{"a": 1, "b": 1, "c": 1},
	}, {
		// Weighted triangle i–j 1, i–k 0.5, j–k 0.5:
		// p_ij = 2/3, p_ik = 1/3, p_jk = 0.5/1.5 = 1/3, p_kj = 1/2,
		// C(i) = (2/3 + 1/3·1/2)² + (1/3 + 2/3·1/3)² = 25/36 + 25/81 = 325/324.
		// m_jk = 0.5/1 = 1/2, m_kj = 0.5/0.5 = 1:
		// E(i) = (1 − 1/3·1/2) + (1 − 2/3·1) = 5/6 + 1/3 = 7/6.
		// j: p_ji = 2/3, p_jk = 1/3, p_ik = 1/3, p_ki = 1/2:
		// C(j) = (2/3 + 1/3·1/2)² + (1/3 + 2/3·1/3)² = 325/324,
		// E(j) = (1 − p_jk·m_ik) + (1 − p_ji·m_ki) = (1 − 1/3·1/2) + (1 − 2/3) = 7/6.
		// k: p_ki = p_kj = 1/2, p_ij = 2/3, p_ji = 2/3:
		// C(k) = 2·(1/2 + 1/2·2/3)² = 2·25/36 = 25/18,
		// E(k) = 2 − (1/2·m_ij + 1/2·m_ji) = 2 − 1 = 1.
		name:      "weighted triangle",
		net:       "i-j:1 i-k:0.5 j-k:0.5",
		want:      map[string]float64{"i": 325.0 / 324, "j": 325.0 / 324, "k": 25.0 / 18},
		effective: map[string]float64{"i": 7.0 / 6, "j": 7.0 / 6, "k": 1},
	}, {
		// An isolated node is left out (undefined); a node whose ties all
		// have strength 0 has constraint 0 and effective size deg.
		name:      "isolated and zero strength",
		net:       "a-b:0 x",
		want:      map[string]float64{"a": 0, "b": 0},
		effective: map[string]float64{"a": 1, "b": 1},
	}}
	for _, c := range cases {
		s := netOf(t, c.net)
		compareValues(t, c.name+": constraint", Constraint(s), c.want, 1e-15)
		compareValues(t, c.name+": effective size", EffectiveSize(s), c.effective, 1e-15)
	}
}

// brokerageTestNet: groups U (u1, u2, u3), P (p1, p2, p3), Q (q1, q2).
//
//	u1 – u2, u1 – p1, u1 – p2, u1 – q1, p1 – p2, p2 – p3, q1 – u3, q1 – q2
//
// Worked out by hand, pair by pair of each broker's contacts:
//
//	u1 (U): contacts u2, p1, p2, q1.
//	  u2,p1 open, u2 in U = u1's group, p1 not: ½ representative, ½ gatekeeper
//	  u2,p2 open, likewise; u2,q1 open, likewise       → rep 1.5, gate 1.5
//	  p1,p2 tied: closed
//	  p1,q1 open, P, U, Q all different: liaison; p2,q1 likewise → liaison 2
//	p2 (P): contacts u1, p1, p3.
//	  u1,p1 tied: closed
//	  u1,p3 open, p3 in P = p2's group, u1 not: ½ rep, ½ gate
//	  p1,p3 open, all in P: coordinator                 → coord 1, rep .5, gate .5
//	q1 (Q): contacts u1, u3, q2.
//	  u1,u3 open, both U, q1 in Q: itinerant
//	  u1,q2 open, q2 in Q, u1 not: ½ rep, ½ gate; u3,q2 likewise
//	                                                    → itin 1, rep 1, gate 1
//	p1 (P): contacts u1, p2, tied: nothing. Every other node has one contact.
func brokerageTestNet(t *testing.T) (*Snapshot, func(graph.NetworkNode) string) {
	s := netOf(t, "u1-u2:1 u1-p1:1 u1-p2:0.2 u1-q1:1 p1-p2:1 p2-p3:1 q1-u3:1 q1-q2:1")
	return s, func(n graph.NetworkNode) string { return n.ID[:1] }
}

func TestBrokerageByHand(t *testing.T) {
	s, group := brokerageTestNet(t)
	got := Brokerage(s, group)
	want := map[string]BrokerageRoles{
		"u1": {Representative: 1.5, Gatekeeper: 1.5, Liaison: 2},
		"p2": {Coordinator: 1, Representative: 0.5, Gatekeeper: 0.5},
		"q1": {Itinerant: 1, Representative: 1, Gatekeeper: 1},
	}
	if len(got) != len(s.Nodes) {
		t.Errorf("%d results for %d nodes", len(got), len(s.Nodes))
	}
	for id, r := range got {
		if r != want[id] {
			t.Errorf("%s: %+v, want %+v", id, r, want[id])
		}
	}
	if tot := got["u1"].Total(); tot != 5 {
		t.Errorf("u1 total %g, want 5 open pairs", tot)
	}
}

// TestBrokerageEqualsDefinition compares the counting kernel with a direct
// enumeration of every broker's pairs of contacts on random networks.
func TestBrokerageEqualsDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 89))
	for trial := range 30 {
		s := randomSnapshot(t, rng, 5+rng.IntN(40), 0.05+0.3*rng.Float64(), []float64{1, 0.3})
		groups := 1 + rng.IntN(4)
		of := map[string]string{}
		for _, x := range s.Nodes {
			of[x.ID] = fmt.Sprint(rng.IntN(groups))
		}
		group := func(n graph.NetworkNode) string { return of[n.ID] }
		got := Brokerage(s, group)
		for b := range s.Nodes {
			var want BrokerageRoles
			nb := s.Adj[s.Off[b]:s.Off[b+1]]
			gb := of[s.Nodes[b].ID]
			for i, a := range nb {
				for _, c := range nb[i+1:] {
					if s.tieBetween(a, c) >= 0 {
						continue
					}
					ga, gc := of[s.Nodes[a].ID], of[s.Nodes[c].ID]
					switch {
					case ga == gb && gc == gb:
						want.Coordinator++
					case ga == gc:
						want.Itinerant++
					case ga == gb || gc == gb:
						want.Representative += 0.5
						want.Gatekeeper += 0.5
					default:
						want.Liaison++
					}
				}
			}
			if g := got[s.Nodes[b].ID]; g != want {
				t.Fatalf("trial %d, broker %s: %+v, want %+v", trial, s.Nodes[b].ID, g, want)
			}
		}
	}
}

func TestUsVersusParty(t *testing.T) {
	for _, c := range []struct {
		n    graph.NetworkNode
		want string
	}{
		{graph.NetworkNode{Kind: graph.KindEmployee}, "us"},
		{graph.NetworkNode{Kind: graph.KindOrganisation, PartyType: graph.PartyInput}, "input"},
		{graph.NetworkNode{Kind: graph.KindPerson, PartyType: graph.PartyIntermediary}, "intermediary"},
		{graph.NetworkNode{Kind: graph.KindPerson}, "unclassified"},
	} {
		if got := UsVersusParty(c.n); got != c.want {
			t.Errorf("%+v: %q, want %q", c.n, got, c.want)
		}
	}
}

// TestStructureOf: the measures of a few nodes equal those the whole
// network's Constraint, EffectiveSize and Brokerage give them.
func TestStructureOf(t *testing.T) {
	s := paSnapshot(t, 2000, 3)
	con, eff, roles := Constraint(s), EffectiveSize(s), Brokerage(s, UsVersusParty)
	ids := []string{s.Nodes[0].ID, s.Nodes[7].ID, s.Nodes[1999].ID, "no such node"}
	got := StructureOf(s, ids, UsVersusParty)
	if len(got) != 3 {
		t.Fatalf("%d nodes, want 3 (an unknown id is left out)", len(got))
	}
	for _, id := range ids[:3] {
		g := got[id]
		if g.Constraint == nil || *g.Constraint != con[id] || *g.EffectiveSize != eff[id] || g.Roles != roles[id] {
			t.Errorf("%s: %+v, want constraint %v, effective size %v, roles %+v", id, g, con[id], eff[id], roles[id])
		}
	}
}
