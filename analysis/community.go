package analysis

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// CommunitiesSeed seeds the Louvain search's random node order, so that
// Communities is deterministic: the same snapshot gives the same partition.
const CommunitiesSeed = 1

// Partition is a division of the network into communities.
type Partition struct {
	// Community maps every node id to its community: 0 is the largest
	// community, then by size, equal sizes by their smallest member id.
	Community map[string]int `json:"community"`
	// Members lists each community's node ids, sorted.
	Members [][]string `json:"members"`
	// Modularity is Q of this partition (see Communities).
	Modularity float64 `json:"modularity"`
}

// Communities divides the network into communities of densely tied nodes
// with the Louvain method, weighted by tie strength, maximising the
// modularity
//
//	Q = 1/(2m) · Σ_{i,j} [ A_ij − k_i k_j / (2m) ] · δ(c_i, c_j),
//
// where A_ij is the strength of the tie i–j (0 if none), k_i = Σ_j A_ij,
// 2m = Σ_i k_i and δ(c_i, c_j) is 1 when i and j are in one community (the
// resolution γ is 1). The result is the top level of the Louvain hierarchy.
//
// Louvain is a heuristic whose answer depends on the order in which it
// visits nodes. Communities follows gonum's community.Modularize step for
// step — the same node order (a Fisher–Yates shuffle per sweep drawn from
// rand.NewPCG(CommunitiesSeed, CommunitiesSeed)), the same candidate order
// and gain formula, the same renumbering between levels — so the partition
// is reproducible and equals gonum's (with integer strengths exactly;
// with fractional strengths sums are added in another order, so a move
// whose gain ties another to the last bit may go the other way). It keeps
// each community's total degree up to date instead of summing over the
// members at every step, as gonum does, which made gonum take more than
// ten minutes on a 100k-node network. Other tools (networkx's
// louvain_communities, igraph's community_multilevel) visit nodes in other
// orders and may find a different partition of similar Q. Nodes without
// ties of positive strength are communities of their own; when no tie has
// positive strength Q is 0.
//
// Reference: Blondel V D, Guillaume J-L, Lambiotte R, Lefebvre E (2008) Fast
// unfolding of communities in large networks, J. Stat. Mech. P10008,
// doi:10.1088/1742-5468/2008/10/P10008; Newman M E J, Girvan M (2004)
// Finding and evaluating community structure in networks, Phys. Rev. E
// 69:026113, doi:10.1103/PhysRevE.69.026113.
//
// Cost: O(m) per sweep over the nodes plus O(m log m) per level; a few
// sweeps per level and a few levels in practice. Memory O(n + m).
func Communities(s *Snapshot) *Partition {
	n := len(s.Nodes)
	p := &Partition{Community: make(map[string]int, n)}
	if n == 0 {
		return p
	}
	top := louvain(s, rand.New(rand.NewPCG(CommunitiesSeed, CommunitiesSeed)).IntN)
	return s.partition(top)
}

// partition turns a community number per node into a Partition: members
// sorted, communities by size, then by smallest member.
func (s *Snapshot) partition(of []int32) *Partition {
	n := len(s.Nodes)
	p := &Partition{Community: make(map[string]int, n)}
	byComm := map[int32][]int32{}
	for i, c := range of {
		byComm[c] = append(byComm[c], int32(i)) // in index order, so sorted
	}
	groups := make([][]int32, 0, len(byComm))
	for _, g := range byComm {
		groups = append(groups, g)
	}
	// Node indexes follow id order, so the smallest index is the smallest id.
	slices.SortFunc(groups, func(a, b []int32) int {
		return cmp.Or(cmp.Compare(len(b), len(a)), cmp.Compare(a[0], b[0]))
	})
	renum := make([]int32, n)
	p.Members = make([][]string, len(groups))
	for c, g := range groups {
		p.Members[c] = make([]string, len(g))
		for i, v := range g {
			renum[v] = int32(c)
			p.Community[s.Nodes[v].ID] = c
			p.Members[c][i] = s.Nodes[v].ID
		}
	}
	p.Modularity = s.modularity(renum)
	return p
}

// louvainGraph is one level of the Louvain hierarchy: nodes 0…n−1 (the
// communities of the level below), the ties between them (u < v, summed
// strengths) and their CSR adjacency, and each node's self weight
// Σ_{i,j inside} A_ij (each inside tie counted twice, as gonum does).
type louvainGraph struct {
	n        int
	ties     []louvainTie
	off, adj []int32
	w        []float64
	self     []float64
}

type louvainTie struct {
	u, v int32
	w    float64
}

func newLouvainGraph(n int, ties []louvainTie, self []float64) *louvainGraph {
	g := &louvainGraph{n: n, ties: ties, self: self, off: make([]int32, n+1)}
	for _, t := range ties {
		g.off[t.u+1]++
		g.off[t.v+1]++
	}
	for i := range n {
		g.off[i+1] += g.off[i]
	}
	g.adj = make([]int32, 2*len(ties))
	g.w = make([]float64, 2*len(ties))
	fill := slices.Clone(g.off[:n])
	for _, t := range ties {
		g.adj[fill[t.u]], g.w[fill[t.u]] = t.v, t.w
		fill[t.u]++
		g.adj[fill[t.v]], g.w[fill[t.v]] = t.u, t.w
		fill[t.v]++
	}
	return g
}

// louvain returns the community of every node of s at the top of the
// hierarchy, mirroring gonum's louvainUndirected with the generator rnd.
func louvain(s *Snapshot, rnd func(int) int) []int32 {
	n := len(s.Nodes)
	ties := make([]louvainTie, len(s.Ties))
	for i, t := range s.Ties {
		ties[i] = louvainTie{t.U, t.V, t.Strength}
	}
	g := newLouvainGraph(n, ties, make([]float64, n))
	top := make([]int32, n)
	for i := range top {
		top[i] = int32(i)
	}
	for {
		comm, changed := g.localMoving(rnd)
		if !changed {
			return top
		}
		var index []int32
		g, index = g.reduce(comm)
		for i, v := range top {
			top[i] = index[comm[v]]
		}
	}
}

// localMoving is gonum's localMovingHeuristic: sweeps over the nodes in a
// freshly shuffled order, moving each to the neighbouring community of
// largest modularity gain if that gain exceeds 1e-15, until a sweep moves
// nothing. It returns every node's community (numbered by the node that
// started it) and whether anything moved; nothing moves when no tie has
// positive strength.
func (g *louvainGraph) localMoving(rnd func(int) int) (comm []int32, changed bool) {
	const gamma, tol = 1.0, 1e-15 // resolution; gonum's deltaQtol
	n := g.n
	k := make([]float64, n) // weighted degree, self weight included
	var m2 float64
	for u := range n {
		w := g.self[u]
		for _, x := range g.w[g.off[u]:g.off[u+1]] {
			w += x
		}
		k[u] = w
		m2 += w
	}
	if m2 == 0 {
		return nil, false
	}
	comm = make([]int32, n)
	sigma := make([]float64, n) // Σ k over each community's members
	nodes := make([]int32, n)
	for i := range n {
		comm[i], sigma[i], nodes[i] = int32(i), k[i], int32(i)
	}
	kaC := make([]float64, n) // Σ weight from u to each community
	mark := make([]uint64, n) // mark[c] == visit: kaC[c] belongs to this visit
	var cands []int32         // the communities next to u, and u's own
	var visit uint64
	for {
		moved := false
		for i := range nodes[:n-1] {
			j := i + rnd(n-i)
			nodes[i], nodes[j] = nodes[j], nodes[i]
		}
		for _, u := range nodes {
			visit++
			cands = cands[:0]
			for e := g.off[u]; e < g.off[u+1]; e++ {
				c := comm[g.adj[e]]
				if mark[c] != visit {
					mark[c], kaC[c] = visit, 0
					cands = append(cands, c)
				}
				kaC[c] += g.w[e]
			}
			own := comm[u]
			if mark[own] != visit {
				mark[own], kaC[own] = visit, 0
				cands = append(cands, own)
			}
			kaC[own] += g.self[u]
			slices.Sort(cands)
			ka := k[u]
			var dQremove float64
			dQadd, dst := math.Inf(-1), int32(-1)
			for _, c := range cands {
				if c == own {
					dQremove = kaC[c] - g.self[u] - gamma*ka*(sigma[c]-ka)/m2
					continue
				}
				if dQ := kaC[c] - gamma*ka*sigma[c]/m2; dQ > dQadd {
					dQadd, dst = dQ, c
				}
			}
			if 2*(dQadd-dQremove)/m2 <= tol {
				continue
			}
			sigma[own] -= ka
			sigma[dst] += ka
			comm[u] = dst
			moved, changed = true, true
		}
		if !moved {
			return comm, changed
		}
	}
}

// reduce returns the next level: one node per non-empty community, numbered
// as gonum's reduceUndirected does (an empty community's slot is filled by
// the last one), and index[c], the new node of community c (−1 if empty).
func (g *louvainGraph) reduce(comm []int32) (*louvainGraph, []int32) {
	n := g.n
	size := make([]int32, n)
	for _, c := range comm {
		size[c]++
	}
	slots := make([]int32, n)
	for i := range slots {
		slots[i] = int32(i)
	}
	for i := 0; i < len(slots); {
		if size[slots[i]] == 0 {
			slots[i] = slots[len(slots)-1]
			slots = slots[:len(slots)-1]
			continue
		}
		i++
	}
	index := make([]int32, n)
	for i := range index {
		index[i] = -1
	}
	for i, c := range slots {
		index[c] = int32(i)
	}
	k := len(slots)
	self := make([]float64, k)
	for u := range n {
		self[index[comm[u]]] += g.self[u]
	}
	var ties []louvainTie
	for _, t := range g.ties {
		a, b := index[comm[t.u]], index[comm[t.v]]
		switch {
		case a == b:
			self[a] += 2 * t.w
		case a < b:
			ties = append(ties, louvainTie{a, b, t.w})
		default:
			ties = append(ties, louvainTie{b, a, t.w})
		}
	}
	slices.SortStableFunc(ties, func(x, y louvainTie) int {
		return cmp.Or(cmp.Compare(x.u, y.u), cmp.Compare(x.v, y.v))
	})
	merged := ties[:0]
	for _, t := range ties {
		if l := len(merged) - 1; l >= 0 && merged[l].u == t.u && merged[l].v == t.v {
			merged[l].w += t.w
			continue
		}
		merged = append(merged, t)
	}
	return newLouvainGraph(k, merged, self), index
}

// modularity returns Q (resolution 1, strength-weighted) of the partition
// that puts node i in community of[i] (0…k−1), in O(n + m).
func (s *Snapshot) modularity(of []int32) float64 {
	k := slices.Max(append([]int32{-1}, of...)) + 1
	deg := make([]float64, k) // Σ k_i per community
	in := make([]float64, k)  // Σ A_ij over ordered pairs inside a community
	var m2 float64
	for _, t := range s.Ties {
		m2 += 2 * t.Strength
		deg[of[t.U]] += t.Strength
		deg[of[t.V]] += t.Strength
		if of[t.U] == of[t.V] {
			in[of[t.U]] += 2 * t.Strength
		}
	}
	if m2 == 0 {
		return 0
	}
	var q float64
	for c := range k {
		q += in[c]/m2 - (deg[c]/m2)*(deg[c]/m2)
	}
	return q
}
