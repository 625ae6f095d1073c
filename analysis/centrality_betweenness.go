package analysis

import (
	"context"
	"math"
	"math/rand/v2"
	"sync"

	"github.com/relmap/relmap/graph"
)

// Betweenness returns the betweenness centrality of every node, counting
// hops (strengths are ignored), normalised as networkx's
// betweenness_centrality(normalized=True) on an undirected graph:
//
//	C_B(v) = 1/((n − 1)(n − 2)) · Σ_{s ≠ v ≠ t} σ_st(v) / σ_st,
//
// where σ_st is the number of shortest paths between s and t, σ_st(v) the
// number of those through v, n the number of nodes, and the sum runs over
// ordered pairs (s, t). Each unordered pair is counted twice, so this equals
// the unordered sum divided by (n − 1)(n − 2)/2, the number of pairs v could
// lie between: C_B(v) is the share of the shortest-path traffic between
// other nodes that passes v, in [0,1]. gonum's network.Betweenness returns
// the ordered sum without the factor (the middle of an undirected 3-path
// scores 2 there, 1 here); igraph's betweenness the unordered sum. Networks
// of fewer than three nodes score 0.
//
// Reference: Freeman L C (1977) A set of measures of centrality based on
// betweenness, Sociometry 40:35–41, doi:10.2307/3033543; computed with
// Brandes U (2001) A faster algorithm for betweenness centrality, Journal of
// Mathematical Sociology 25:163–177, doi:10.1080/0022250X.2001.9990249.
//
// It runs Brandes' algorithm from every source over a copy of the CSR
// adjacency renumbered for locality, with a direction-optimising
// breadth-first search (see brandesBuf.bfs), in parallel over
// runtime.GOMAXPROCS goroutines with reused buffers: O(n·m) time, O(n + m)
// memory per worker. Values equal gonum's up to the normalisation and
// floating-point summation order. It checks ctx between sources and reports
// progress to a ProgressFunc in ctx (see WithProgress).
func Betweenness(ctx context.Context, s *Snapshot) (map[string]float64, error) {
	cb, err := s.brandes(ctx, nil, false)
	if err != nil {
		return nil, err
	}
	return s.byID(s.normaliseBetweenness(cb, 1)), nil
}

// BetweennessWeighted returns the betweenness centrality of every node
// along strength-weighted shortest paths, normalised as Betweenness:
//
//	C_B(v) = 1/((n − 1)(n − 2)) · Σ_{s ≠ v ≠ t} σ_st(v) / σ_st,
//
// where shortest now means least total distance, the distance of a tie of
// strength s being 1/s. A tie of strength 1 is one hop, a tie of strength
// 0.5 counts as two hops, and a tie of strength 0 cannot be used.
//
// Why 1/s and not −ln s (the cost warm paths minimise): −ln 1 = 0, so
// with −ln s every path of ties of strength 1 — the common case in imported
// data — would have length 0, shortest paths would not be finite in number
// (zero-length cycles), and betweenness would be undefined. With 1/s every
// tie has a length ≥ 1, a network whose ties are all equally strong gives
// exactly Betweenness, and weak ties lengthen a path in proportion to their
// weakness, the usual reading of tie strength as inverse distance (Brandes
// 2001; Opsahl T, Agneessens F, Skvoretz J (2010) Node centrality in weighted
// networks, Social Networks 32:245–251, doi:10.1016/j.socnet.2010.03.006).
// For brokerage along the strongest warm paths see Brokers.
//
// Path lengths within a relative 1e-10 of each other count as equal, as in
// igraph: sums of 1/s along different paths that are equal in exact
// arithmetic may differ in the last bit, and networkx, which compares
// exactly, then splits a tie (see testdata/karate_weighted.json).
//
// It runs Brandes' algorithm with Dijkstra's search (a binary heap) from
// every source in parallel: O(n·m·log n) time, O(n + m) memory per worker;
// cancellation and progress as for Betweenness.
func BetweennessWeighted(ctx context.Context, s *Snapshot) (map[string]float64, error) {
	cb, err := s.brandes(ctx, nil, true)
	if err != nil {
		return nil, err
	}
	return s.byID(s.normaliseBetweenness(cb, 1)), nil
}

// BetweennessFrom returns every node's dependency on the given sources,
// counting hops:
//
//	B_S(v) = Σ_{s ∈ S} Σ_{t ≠ s, v} σ_st(v) / σ_st,
//
// symbols as for Betweenness, S the set of sources (duplicates count once).
// It is not normalised: with S = every node it is gonum's
// network.Betweenness, (n − 1)(n − 2) times Betweenness, and twice igraph's
// subset betweenness (igraph_betweenness_subset with targets = every node),
// which halves undirected pairs. It is the building block of restricted and
// sampled betweenness: O(|S|·m) time, parallel over sources. An unknown
// source id is an ENOTFOUND error.
func BetweennessFrom(ctx context.Context, s *Snapshot, sources []string) (map[string]float64, error) {
	src, err := s.sourceIndexes(sources)
	if err != nil {
		return nil, err
	}
	cb, err := s.brandes(ctx, src, false)
	if err != nil {
		return nil, err
	}
	return s.byID(cb), nil
}

// BetweennessWeightedFrom is BetweennessFrom along strength-weighted
// shortest paths (tie length 1/strength, as in BetweennessWeighted).
func BetweennessWeightedFrom(ctx context.Context, s *Snapshot, sources []string) (map[string]float64, error) {
	src, err := s.sourceIndexes(sources)
	if err != nil {
		return nil, err
	}
	cb, err := s.brandes(ctx, src, true)
	if err != nil {
		return nil, err
	}
	return s.byID(cb), nil
}

// BetweennessEstimate is a sampled estimate of Betweenness.
type BetweennessEstimate struct {
	// Values estimate Betweenness (same normalisation) for every node.
	Values map[string]float64 `json:"values"`
	// Sources is the number of sampled sources.
	Sources int `json:"sources"`
	// Epsilon and Delta state the guarantee: with probability at least
	// 1 − Delta, every |Values[v] − Betweenness(v)| ≤ Epsilon at once.
	// Epsilon is 0 when every node was a source (the value is exact).
	Epsilon float64 `json:"epsilon"`
	Delta   float64 `json:"delta"`
}

// BetweennessApprox estimates Betweenness (counting hops) from k sources
// drawn uniformly without replacement (a seeded, reproducible draw):
//
//	Ĉ_B(v) = n/k · Σ_{s ∈ S} δ_s(v) / ((n − 1)(n − 2)),   δ_s(v) = Σ_{t ≠ s, v} σ_st(v) / σ_st,
//
// symbols as for Betweenness, S the sample, |S| = k. Since
// 0 ≤ δ_s(v) ≤ n − 2, Hoeffding's inequality (which holds for sampling
// without replacement) and a union bound over the n nodes give, with
// probability at least 1 − delta, for every node at once
//
//	|Ĉ_B(v) − C_B(v)| ≤ ε = n/(n − 1) · √( ln(2n/δ) / (2k) ).
//
// So k = ln(2n/δ)/(2ε²) sources suffice for error ε (see
// BetweennessSampleSize); the bound holds for every network, and is
// conservative: the observed error is usually far smaller (see
// bench/centrality). It is also useless for ranking large networks: at
// k = 2000 on 100,000 nodes ε = 0.062 is above the largest betweenness
// (0.053). BetweennessRanked samples adaptively until a bound that shrinks
// with the value is small beside the values it ranks. When k ≥ n every node is a source and the result is
// exact. k must be positive and delta in (0,1), or it is an EINVALID error.
//
// Reference: Brandes U, Pich C (2007) Centrality estimation in large
// networks, International Journal of Bifurcation and Chaos 17:2303–2318,
// doi:10.1142/S0218127407018403 (uniform source sampling); Hoeffding W
// (1963) Probability inequalities for sums of bounded random variables,
// JASA 58:13–30, doi:10.1080/01621459.1963.10500830 (the bound, §6 for
// sampling without replacement).
//
// Cost: O(k·m) time, parallel over sources; cancellation and progress as for
// Betweenness.
func BetweennessApprox(ctx context.Context, s *Snapshot, k int, delta float64, seed uint64) (*BetweennessEstimate, error) {
	n := len(s.Nodes)
	switch {
	case k <= 0:
		return nil, graph.Invalid("k", "must be positive")
	case !(delta > 0 && delta < 1):
		return nil, graph.Invalid("delta", "must be in (0,1)")
	}
	k = min(k, n)
	src := make([]int32, n)
	for i := range src {
		src[i] = int32(i)
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	for i := range k { // partial Fisher–Yates: src[:k] is a uniform sample
		j := i + rng.IntN(n-i)
		src[i], src[j] = src[j], src[i]
	}
	src = src[:k]
	cb, err := s.brandes(ctx, src, false)
	if err != nil {
		return nil, err
	}
	est := &BetweennessEstimate{Sources: k, Delta: delta}
	if k < n {
		est.Epsilon = float64(n) / float64(n-1) * math.Sqrt(math.Log(2*float64(n)/delta)/(2*float64(k)))
	}
	est.Values = s.byID(s.normaliseBetweenness(cb, float64(n)/float64(k)))
	return est, nil
}

// BetweennessSampleSize returns the number of sources BetweennessApprox
// needs on a network of n nodes for its error bound to be at most eps with
// probability at least 1 − delta: ⌈ln(2n/δ) · (n/(n−1))² / (2ε²)⌉, at most n.
func BetweennessSampleSize(n int, eps, delta float64) int {
	if n < 3 {
		return n
	}
	r := float64(n) / float64(n-1)
	k := math.Ceil(math.Log(2*float64(n)/delta) * r * r / (2 * eps * eps))
	if k >= float64(n) {
		return n
	}
	return int(k)
}

// normaliseBetweenness scales ordered-pair sums to networkx's normalised
// betweenness, multiplied by scale.
func (s *Snapshot) normaliseBetweenness(cb []float64, scale float64) []float64 {
	n := len(s.Nodes)
	if n < 3 {
		clear(cb)
		return cb
	}
	f := scale / (float64(n-1) * float64(n-2))
	for i := range cb {
		cb[i] *= f
	}
	return cb
}

// sourceIndexes maps source ids to indexes, dropping duplicates.
func (s *Snapshot) sourceIndexes(ids []string) ([]int32, error) {
	seen := make(map[int32]bool, len(ids))
	out := make([]int32, 0, len(ids))
	for _, id := range ids {
		i, ok := s.Index(id)
		if !ok {
			return nil, graph.NotFound("node", id)
		}
		if !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	return out, nil
}

// brandes returns Σ_{s ∈ sources} δ_s(v) for every node v (all nodes when
// sources is nil), by hops or by distance 1/strength. Sources are dealt to
// the workers round-robin and the workers' sums are added in worker order,
// so the result is reproducible for a given GOMAXPROCS.
func (s *Snapshot) brandes(ctx context.Context, sources []int32, weighted bool) ([]float64, error) {
	n := len(s.Nodes)
	total := n
	if sources != nil {
		total = len(sources)
	}
	cb := make([]float64, n)
	if total == 0 {
		return cb, nil
	}
	g := s.relabelled(weighted)
	prog := progressFrom(ctx, total)
	workers := centralityWorkers(total)
	parts := make([][]float64, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := newBrandesBuf(n, len(g.adj), weighted)
			part := make([]float64, n)
			parts[w] = part
			for i := w; i < total; i += workers {
				if err := ctx.Err(); err != nil {
					errs[w] = err
					return
				}
				src := int32(i)
				if sources != nil {
					src = sources[i]
				}
				if weighted {
					b.dijkstra(g, g.perm[src], part)
				} else {
					b.bfs(g, g.perm[src], part)
				}
				prog.add()
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	for i := range cb {
		var sum float64
		for _, part := range parts {
			sum += part[g.perm[i]]
		}
		cb[i] = sum
	}
	return cb, nil
}

// csrRelabelled is the snapshot's CSR adjacency with the nodes renumbered
// in breadth-first order from the node of highest degree (then from each
// unreached node in index order), so that nodes a search meets together
// sit together in memory: on a 100k-node network this makes a Brandes
// source about a quarter faster than the id order. Values do not depend
// on the numbering (beyond floating-point summation order).
type csrRelabelled struct {
	off, adj []int32
	length   []float64 // 1/strength per entry of adj (+Inf for strength 0); weighted only
	perm     []int32   // perm[i] is the new number of node i
}

func (s *Snapshot) relabelled(weighted bool) *csrRelabelled {
	n := len(s.Nodes)
	perm := make([]int32, n)
	for i := range perm {
		perm[i] = -1
	}
	inv := make([]int32, 0, n)
	start := int32(0)
	for i := range n {
		if s.Degree(int32(i)) > s.Degree(start) {
			start = int32(i)
		}
	}
	for r := -1; r < n; r++ {
		root := start
		if r >= 0 {
			root = int32(r)
		}
		if n == 0 || perm[root] >= 0 {
			continue
		}
		perm[root] = int32(len(inv))
		inv = append(inv, root)
		for h := len(inv) - 1; h < len(inv); h++ {
			for _, w := range s.Adj[s.Off[inv[h]]:s.Off[inv[h]+1]] {
				if perm[w] < 0 {
					perm[w] = int32(len(inv))
					inv = append(inv, w)
				}
			}
		}
	}
	g := &csrRelabelled{off: make([]int32, n+1), adj: make([]int32, len(s.Adj)), perm: perm}
	var length []float64
	if weighted {
		length = s.tieLengths()
		g.length = make([]float64, len(s.Adj))
	}
	for v, old := range inv {
		lo, hi := s.Off[old], s.Off[old+1]
		g.off[v+1] = g.off[v] + (hi - lo)
		for k := lo; k < hi; k++ {
			at := g.off[v] + (k - lo)
			g.adj[at] = perm[s.Adj[k]]
			if weighted {
				g.length[at] = length[k]
			}
		}
	}
	return g
}

// tieLengths returns the length 1/strength of the tie behind every entry
// of s.Adj, +Inf for ties of strength 0.
func (s *Snapshot) tieLengths() []float64 {
	length := make([]float64, len(s.Adj))
	for k, t := range s.TieOf {
		if st := s.Ties[t].Strength; st > 0 {
			length[k] = 1 / st
		} else {
			length[k] = math.Inf(1)
		}
	}
	return length
}

// brandesBuf holds one worker's per-source state, reused across sources;
// only the entries of the nodes reached are reset. Its memory is O(n + m):
// the successor lists hold at most one entry per arc.
type brandesBuf struct {
	state []bfsState // BFS: distance and σ, then (1 + δ)/σ
	order []int32    // nodes in order of discovery (BFS) or settling (Dijkstra)
	// BFS: shortest-path arcs. After a top-down step the successors of
	// order[i] are succ[start[i]:start[i+1]]; after a bottom-up step the
	// predecessors of order[j] are succ[pstart[j]:pstart[j+1]].
	succ          []int32
	start, pstart []int32
	acc           []float64 // BFS: Σ (1 + δ)/σ over a node's successors
	levels        []int32   // BFS: level L is order[levels[L]:levels[L+1]]
	bottomUp      []bool    // BFS: how each level was reached
	unreached     []int32   // BFS: nodes not reached yet, once a step went bottom-up

	dist  []float64   // Dijkstra distance, +Inf when not reached
	sigma []float64   // Dijkstra: number of shortest paths from the source
	delta []float64   // Dijkstra: dependency of the source on the node
	done  []bool      // Dijkstra: settled
	heap  brandesHeap // Dijkstra
}

// bfsState is a node's BFS distance from the source (−1 when not reached)
// and σ, replaced by (1 + δ)/σ once the accumulation has passed the node,
// so that each pass reads one 16-byte record per neighbour.
type bfsState struct {
	hops int32
	val  float64
}

func newBrandesBuf(n, arcs int, weighted bool) *brandesBuf {
	b := &brandesBuf{order: make([]int32, 0, n)}
	if !weighted {
		b.state = make([]bfsState, n)
		for i := range b.state {
			b.state[i].hops = -1
		}
		b.succ = make([]int32, arcs)
		b.start = make([]int32, n+1)
		b.pstart = make([]int32, n+1)
		b.acc = make([]float64, n)
		return b
	}
	b.dist = make([]float64, n)
	b.sigma = make([]float64, n)
	b.delta = make([]float64, n)
	b.done = make([]bool, n)
	for i := range b.dist {
		b.dist[i] = math.Inf(1)
	}
	return b
}

// bfs adds δ_src(v) to cb[v] for every v ≠ src: Brandes 2001, Algorithm 1,
// with a direction-optimising search (Beamer S, Asanović K, Patterson D
// (2012) Direction-optimizing breadth-first search, SC '12,
// doi:10.1109/SC.2012.50). Level by level it either expands the frontier
// (top-down: the arcs of the frontier's nodes) or lets every unreached node
// look for parents in the frontier (bottom-up: the arcs of the unreached
// nodes), whichever has fewer arcs. Unlike a plain BFS the bottom-up step
// cannot stop at the first parent, since σ(u) sums over all of them; on a
// small-world network it still reads about 40% of the arcs a top-down
// search reads. Each step records the shortest-path arcs it finds: top-down
// as each node's successors, bottom-up as each node's predecessors, and
// the accumulation uses whichever a level has,
//
//	δ(w) = σ(w) · Σ_{x ∈ succ(w)} (1 + δ(x)) / σ(x).
func (b *brandesBuf) bfs(g *csrRelabelled, src int32, cb []float64) {
	off, adj, st, arcs, acc := g.off, g.adj, b.state, b.succ, b.acc
	order := append(b.order[:0], src)
	levels := append(b.levels[:0], 0, 1) // level L is order[levels[L]:levels[L+1]]
	bottomUp := b.bottomUp[:0]           // whether the step to level L+1 went bottom-up
	st[src] = bfsState{hops: 0, val: 1}
	na := int32(0)
	// Work of each kind of step: the frontier's arcs; the unreached nodes
	// and their arcs (so that isolated nodes count too).
	frontierArcs := int64(off[src+1] - off[src])
	unreachedArcs := int64(len(adj)) - frontierArcs
	unreachedNodes := int64(len(st) - 1)
	unreached := b.unreached[:0]
	haveUnreached := false
	for level := int32(0); ; level++ {
		lo, hi := levels[level], levels[level+1]
		if lo == hi {
			break
		}
		next := level + 1
		var nextArcs int64
		if frontierArcs <= unreachedArcs+unreachedNodes {
			bottomUp = append(bottomUp, false)
			for i := lo; i < hi; i++ {
				v := order[i]
				b.start[i] = na
				sv := st[v].val
				for _, w := range adj[off[v]:off[v+1]] {
					x := &st[w]
					if x.hops < 0 {
						x.hops, x.val = next, sv
						order = append(order, w)
						nextArcs += int64(off[w+1] - off[w])
						arcs[na] = w
						na++
					} else if x.hops == next {
						x.val += sv
						arcs[na] = w
						na++
					}
				}
			}
			b.start[hi] = na
		} else {
			bottomUp = append(bottomUp, true)
			if !haveUnreached {
				for u := range int32(len(st)) {
					if st[u].hops < 0 {
						unreached = append(unreached, u)
					}
				}
				haveUnreached = true
			}
			kept := unreached[:0]
			for _, u := range unreached {
				if st[u].hops >= 0 { // reached by a top-down step since
					continue
				}
				mark := na
				var sigma float64
				for _, x := range adj[off[u]:off[u+1]] {
					if y := &st[x]; y.hops == level {
						sigma += y.val
						arcs[na] = x
						na++
					}
				}
				if na == mark {
					kept = append(kept, u)
					continue
				}
				b.pstart[len(order)] = mark
				st[u] = bfsState{hops: next, val: sigma}
				order = append(order, u)
				nextArcs += int64(off[u+1] - off[u])
			}
			unreached = kept
			b.pstart[len(order)] = na
		}
		levels = append(levels, int32(len(order)))
		frontierArcs, unreachedArcs = nextArcs, unreachedArcs-nextArcs
		unreachedNodes -= int64(levels[level+2] - levels[level+1])
	}
	// Accumulate level by level, deepest first. acc(w) collects
	// Σ (1 + δ(x))/σ(x) over w's successors x.
	for level := len(levels) - 2; level > 0; level-- {
		lo, hi := levels[level], levels[level+1]
		if level+1 < len(levels)-1 {
			nlo, nhi := levels[level+1], levels[level+2]
			if bottomUp[level] { // push from the next level's predecessors
				for j := nlo; j < nhi; j++ {
					c := st[order[j]].val
					for _, w := range arcs[b.pstart[j]:b.pstart[j+1]] {
						acc[w] += c
					}
				}
			} else { // pull from this level's successors
				for i := lo; i < hi; i++ {
					var sum float64
					for _, x := range arcs[b.start[i]:b.start[i+1]] {
						sum += st[x].val
					}
					acc[order[i]] = sum
				}
			}
		}
		for i := lo; i < hi; i++ {
			w := order[i]
			sigma := st[w].val
			delta := sigma * acc[w]
			cb[w] += delta
			st[w].val = (1 + delta) / sigma
			acc[w] = 0
		}
	}
	for _, v := range order {
		st[v].hops = -1
	}
	b.order, b.levels, b.bottomUp, b.unreached = order, levels, bottomUp, unreached
}

// pathLenEqual reports whether two path lengths are equal up to a relative
// 1e-10, igraph's IGRAPH_SHORTEST_PATH_EPSILON.
func pathLenEqual(a, b float64) bool {
	return a == b || math.Abs(a-b) < 1e-10*(math.Abs(a)+math.Abs(b))
}

// dijkstra is bfs along tie lengths: Brandes 2001, Algorithm 1 with
// Dijkstra's search. A tentative distance may still fall after an arc was
// seen, so the predecessors are found again in the accumulation (the
// neighbours v of w with d(v) + l(v,w) = d(w)) rather than recorded. Every
// finite length is ≥ 1; +Inf lengths are skipped.
func (b *brandesBuf) dijkstra(g *csrRelabelled, src int32, cb []float64) {
	off, adj, length := g.off, g.adj, g.length
	dist, sigma, delta, done := b.dist, b.sigma, b.delta, b.done
	order := b.order[:0]
	h := &b.heap
	h.items = h.items[:0]
	dist[src], sigma[src] = 0, 1
	h.push(0, src)
	for len(h.items) > 0 {
		dv, v := h.pop()
		if done[v] || dv > dist[v] {
			continue
		}
		done[v] = true
		order = append(order, v)
		sv := sigma[v]
		for k := off[v]; k < off[v+1]; k++ {
			l := length[k]
			if math.IsInf(l, 1) {
				continue
			}
			w, alt := adj[k], dv+l
			if done[w] {
				continue
			}
			switch dw := dist[w]; {
			case math.IsInf(dw, 1):
				dist[w], sigma[w] = alt, sv
				h.push(alt, w)
			case pathLenEqual(alt, dw):
				sigma[w] += sv
			case alt < dw:
				dist[w], sigma[w] = alt, sv
				h.push(alt, w)
			}
		}
	}
	for i := len(order) - 1; i > 0; i-- {
		w := order[i]
		dw, coef := dist[w], (1+delta[w])/sigma[w]
		for k := off[w]; k < off[w+1]; k++ {
			v := adj[k]
			if pathLenEqual(dist[v]+length[k], dw) {
				delta[v] += sigma[v] * coef
			}
		}
		cb[w] += delta[w]
	}
	for _, v := range order {
		dist[v], sigma[v], delta[v], done[v] = math.Inf(1), 0, 0, false
	}
	b.order = order
}

// brandesHeap is a binary min-heap of (distance, node) with lazy deletion.
type brandesHeap struct {
	items []brandesItem
}

type brandesItem struct {
	d float64
	v int32
}

func (h *brandesHeap) push(d float64, v int32) {
	h.items = append(h.items, brandesItem{d, v})
	i := len(h.items) - 1
	for i > 0 {
		p := (i - 1) / 2
		if h.items[p].d <= d {
			break
		}
		h.items[i] = h.items[p]
		i = p
	}
	h.items[i] = brandesItem{d, v}
}

func (h *brandesHeap) pop() (float64, int32) {
	top := h.items[0]
	last := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	n := len(h.items)
	if n == 0 {
		return top.d, top.v
	}
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && h.items[c+1].d < h.items[c].d {
			c++
		}
		if h.items[c].d >= last.d {
			break
		}
		h.items[i] = h.items[c]
		i = c
	}
	h.items[i] = last
	return top.d, top.v
}
