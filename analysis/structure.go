package analysis

// Structural holes and brokerage: Burt's constraint and effective size, and
// Gould and Fernandez's brokerage roles. They describe a node's position
// among its own contacts, so they are local: O(Σ_v deg(v)²) over the
// network, O(n) memory per worker.

import (
	"math"
	"sync"

	"github.com/relmap/relmap/graph"
)

// Constraint returns Burt's constraint of every node that has ties,
// weighted by tie strength:
//
//	C(i) = Σ_{j ∈ N(i)} ( p_ij + Σ_{q ∈ N(i), q ≠ j} p_iq · p_qj )²,   p_ij = a_ij / Σ_{k ∈ N(i)} a_ik,
//
// where N(i) are i's contacts and a_ij the strength of the tie i–j (0 if
// none), so p_ij is the share of i's tie strength invested in j. C(i) is
// high (up to 1, and above 1 for a few very redundant small networks) when
// i's contacts are few or tied to each other — i is hemmed in; low when i
// spans structural holes between otherwise unconnected contacts. A node all
// of whose ties have strength 0 scores 0 (every p is 0). Nodes without ties
// are left out: their constraint is undefined (networkx gives NaN).
//
// On an undirected network Burt's mutual weight a_ij + a_ji is 2·a_ij and
// the factor 2 cancels; the values equal networkx's
// constraint(G, weight="strength") and igraph's constraint(weights=…).
//
// Reference: Burt R S (1992) Structural Holes: The Social Structure of
// Competition, Harvard University Press, ch. 2, doi:10.4159/9780674029095;
// Burt R S (2004) Structural holes and good ideas, American Journal of
// Sociology 110:349–399, doi:10.1086/421787.
//
// Cost: O(Σ_v deg(v)²) time, parallel over nodes.
func Constraint(s *Snapshot) map[string]float64 {
	c, _ := s.burt(nil)
	return s.byIDDefined(c)
}

// EffectiveSize returns Burt's effective size of every node that has ties,
// weighted by tie strength:
//
//	E(i) = Σ_{j ∈ N(i)} ( 1 − Σ_{q ∈ N(i), q ≠ j} p_iq · m_jq ),   m_jq = a_jq / max_{k ∈ N(j)} a_jk,
//
// symbols as for Constraint: the number of i's contacts less their
// redundancy, where j is redundant to the extent that i's other contacts q,
// weighted by i's investment p_iq, are also j's strongest contacts. With
// every strength 1 it reduces to Borgatti's E(i) = deg(i) − 2t(i)/deg(i),
// t(i) the number of ties among i's contacts. Nodes without ties are left
// out (undefined); a node all of whose ties have strength 0 has effective
// size deg(i). The values equal networkx's effective_size(G,
// weight="strength") (and, with every strength 1, effective_size(G)).
//
// Reference: Burt R S (1992) Structural Holes, ch. 2,
// doi:10.4159/9780674029095; Borgatti S P (1997) Structural holes:
// unpacking Burt's redundancy measures, Connections 20:35–38.
//
// Cost: O(Σ_v deg(v)²) time, parallel over nodes.
func EffectiveSize(s *Snapshot) map[string]float64 {
	_, e := s.burt(nil)
	return s.byIDDefined(e)
}

// Structure is a node's position among its own contacts: Burt's constraint
// and effective size (nil when the node has no ties: undefined) and its
// Gould–Fernandez brokerage roles.
type Structure struct {
	Constraint    *float64
	EffectiveSize *float64
	Roles         BrokerageRoles
}

// StructureOf returns the Structure of the nodes ids (unknown ids are left
// out), roles grouped by group as Brokerage groups them: the values of
// Constraint, EffectiveSize and Brokerage for those nodes, in
// O(Σ_{v ∈ ids} deg(v)² + n + m) rather than over the whole network, as
// the brokers' answer needs them for a page of brokers.
func StructureOf(s *Snapshot, ids []string, group func(graph.NetworkNode) string) map[string]Structure {
	nodes := make([]int32, 0, len(ids))
	for _, id := range ids {
		if i, ok := s.Index(id); ok {
			nodes = append(nodes, i)
		}
	}
	c, e := s.burt(nodes)
	roles := s.brokerage(group, nodes)
	out := make(map[string]Structure, len(nodes))
	for _, i := range nodes {
		st := Structure{Roles: roles[i]}
		if !math.IsNaN(c[i]) {
			st.Constraint, st.EffectiveSize = &c[i], &e[i]
		}
		out[s.Nodes[i].ID] = st
	}
	return out
}

// every returns nodes, or all of s's nodes when it is nil.
func (s *Snapshot) every(nodes []int32) []int32 {
	if nodes != nil {
		return nodes
	}
	nodes = make([]int32, len(s.Nodes))
	for i := range nodes {
		nodes[i] = int32(i)
	}
	return nodes
}

// byIDDefined is byID without the NaN (undefined) values.
func (s *Snapshot) byIDDefined(x []float64) map[string]float64 {
	m := make(map[string]float64, len(x))
	for i, v := range x {
		if !math.IsNaN(v) {
			m[s.Nodes[i].ID] = v
		}
	}
	return m
}

// strongestTies returns each node's strongest tie strength, built on
// first use and shared.
func (s *Snapshot) strongestTies() []float64 {
	s.lazy.strongestOnce.Do(func() {
		strongest := make([]float64, len(s.Nodes))
		for i := range strongest {
			for _, t := range s.TieOf[s.Off[i]:s.Off[i+1]] {
				strongest[i] = max(strongest[i], s.Ties[t].Strength)
			}
		}
		s.lazy.strongest = strongest
	})
	return s.lazy.strongest
}

// burt computes constraint and effective size together for nodes (nil:
// every node), indexed by node; NaN marks nodes without ties (and nodes
// not asked for).
func (s *Snapshot) burt(nodes []int32) (constraint, effective []float64) {
	nodes = s.every(nodes)
	n := len(s.Nodes)
	w, total := s.strengthsCSR()
	strongest := s.strongestTies()
	constraint, effective = make([]float64, n), make([]float64, n)
	for i := range n {
		constraint[i], effective[i] = math.NaN(), math.NaN()
	}
	workers := centralityWorkers(len(nodes) / 1024)
	var wg sync.WaitGroup
	for wk := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mark := make([]int32, n) // mark[j] == i+1: j is a contact of i
			acc := make([]float64, n)
			for x := wk; x < len(nodes); x += workers {
				i := nodes[x]
				lo, hi := s.Off[i], s.Off[i+1]
				if lo == hi {
					constraint[i], effective[i] = math.NaN(), math.NaN()
					continue
				}
				stamp := int32(i) + 1
				for k := lo; k < hi; k++ {
					j := s.Adj[k]
					mark[j] = stamp
					acc[j] = 0
					if total[i] > 0 {
						acc[j] = w[k] / total[i]
					}
				}
				var redundancy float64
				for k := lo; k < hi; k++ {
					q := s.Adj[k]
					if total[i] == 0 || w[k] == 0 {
						continue
					}
					piq := w[k] / total[i]
					var r float64
					for kq := s.Off[q]; kq < s.Off[q+1]; kq++ {
						j := s.Adj[kq]
						if mark[j] != stamp || w[kq] == 0 {
							continue
						}
						acc[j] += piq * w[kq] / total[q]
						r += w[kq] / strongest[j]
					}
					redundancy += piq * r
				}
				var c float64
				for _, j := range s.Adj[lo:hi] {
					c += acc[j] * acc[j]
				}
				constraint[i] = c
				effective[i] = float64(hi-lo) - redundancy
			}
		}()
	}
	wg.Wait()
	return constraint, effective
}

// BrokerageRoles counts the brokerage opportunities of one node by
// Gould and Fernandez's five roles. In a two-path a – b – c with a and c not
// tied, b (the broker) sits between a and c; the role depends on the groups:
//
//	Coordinator     a, b, c in one group                 (local broker)
//	Itinerant       a and c in one group, b in another   (consultant)
//	Representative  a in b's group, c in another         (b speaks for its group)
//	Gatekeeper      c in b's group, a in another         (b controls entry to its group)
//	Liaison         a, b and c in three groups
//
// Counts are of unordered open two-paths. Relationships carry introductions
// both ways, so the path a – b – c is also c – b – a: when exactly one end
// shares b's group, the path is half a representative and half a gatekeeper
// opportunity (the two directions), and both counts grow by 0.5. Every
// other path counts 1 in one role. The five counts add up to the number of
// pairs of b's contacts that are not tied to each other. On a directed
// reading with every tie mutual (statnet's brokerage() on a symmetric
// matrix) every count would be twice this.
type BrokerageRoles struct {
	Coordinator    float64 `json:"coordinator"`
	Itinerant      float64 `json:"itinerant"`
	Representative float64 `json:"representative"`
	Gatekeeper     float64 `json:"gatekeeper"`
	Liaison        float64 `json:"liaison"`
}

// Total returns the number of open two-paths through the node.
func (r BrokerageRoles) Total() float64 {
	return r.Coordinator + r.Itinerant + r.Representative + r.Gatekeeper + r.Liaison
}

// Brokerage returns the Gould–Fernandez brokerage roles of every node (see
// BrokerageRoles), with groups assigned by group: two nodes are in one group
// when group returns the same string for them. UsVersusParty gives relmap's
// default grouping (our employees against each party type); a caller may
// group stakeholders by organisation instead. group must not be nil; it is
// called once per node.
//
// A node with fewer than two contacts brokers nothing and has zero counts.
// Strengths are ignored: any tie, of any strength, closes a two-path.
//
// Reference: Gould R V, Fernandez R M (1989) Structures of mediation: a
// formal approach to brokerage in transaction networks, Sociological
// Methodology 19:89–126, doi:10.2307/270949.
//
// Cost: for each broker b and contact a, the contacts of a are checked
// against those of b: O(Σ_v deg(v)²) time, parallel over brokers.
func Brokerage(s *Snapshot, group func(graph.NetworkNode) string) map[string]BrokerageRoles {
	roles := s.brokerage(group, nil)
	out := make(map[string]BrokerageRoles, len(roles))
	for i, r := range roles {
		out[s.Nodes[i].ID] = r
	}
	return out
}

// brokerage computes the roles of nodes (nil: every node), indexed by
// node (zero for the others).
func (s *Snapshot) brokerage(group func(graph.NetworkNode) string, nodes []int32) []BrokerageRoles {
	nodes = s.every(nodes)
	n := len(s.Nodes)
	g := make([]int32, n)
	ids := map[string]int32{}
	for i, x := range s.Nodes {
		name := group(x)
		id, ok := ids[name]
		if !ok {
			id = int32(len(ids))
			ids[name] = id
		}
		g[i] = id
	}
	roles := make([]BrokerageRoles, n)
	workers := centralityWorkers(len(nodes) / 1024)
	var wg sync.WaitGroup
	for wk := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			inB := make([]int32, n)          // inB[x] == b+1: x is a contact of b
			count := make([]int32, len(ids)) // contacts of b per group
			for x := wk; x < len(nodes); x += workers {
				b := nodes[x]
				lo, hi := s.Off[b], s.Off[b+1]
				deg := hi - lo
				if deg < 2 {
					continue
				}
				stamp := int32(b) + 1
				for _, x := range s.Adj[lo:hi] {
					inB[x] = stamp
					count[g[x]]++
				}
				gb := g[b]
				var coord, itin, rep, gate, liaison int64
				for _, a := range s.Adj[lo:hi] {
					ga := g[a]
					// Contacts of b also tied to a close the path.
					var common, commonB, commonA int32
					for _, x := range s.Adj[s.Off[a]:s.Off[a+1]] {
						if inB[x] == stamp {
							common++
							if g[x] == gb {
								commonB++
							}
							if g[x] == ga {
								commonA++
							}
						}
					}
					open := deg - 1 - common // the c's: contacts of b, not a, not tied to a
					sameB := count[gb] - commonB
					if ga == gb {
						sameB-- // a itself
						coord += int64(sameB)
						rep += int64(open - sameB)
						continue
					}
					sameA := count[ga] - commonA - 1
					gate += int64(sameB)
					itin += int64(sameA)
					liaison += int64(open - sameB - sameA)
				}
				for _, x := range s.Adj[lo:hi] {
					count[g[x]] = 0
				}
				// Each unordered path was seen from both ends.
				roles[b] = BrokerageRoles{
					Coordinator:    float64(coord) / 2,
					Itinerant:      float64(itin) / 2,
					Representative: float64(rep) / 2,
					Gatekeeper:     float64(gate) / 2,
					Liaison:        float64(liaison) / 2,
				}
			}
		}()
	}
	wg.Wait()
	return roles
}

// UsVersusParty is the default brokerage grouping: "us" for our employees,
// and for stakeholders their party type ("input", "consumer",
// "intermediary"), or "unclassified" when it is not set.
func UsVersusParty(n graph.NetworkNode) string {
	switch {
	case n.Kind == graph.KindEmployee:
		return "us"
	case n.PartyType == "":
		return "unclassified"
	}
	return string(n.PartyType)
}
