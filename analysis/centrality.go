package analysis

// Centralities on the snapshot: degree, closeness, harmonic, eigenvector and
// PageRank here; betweenness in centrality_betweenness.go. Every measure is
// one function returning values keyed by domain id, for every node of the
// snapshot unless its documentation says otherwise; Rank turns such a map
// into a sorted table. The normalisations follow networkx's defaults, except
// Harmonic (divided by n − 1, as igraph's normalized=True), so the values on
// the classic data sets equal the published ones (see testdata/ and
// scripts/fixtures/centrality.py); README.md's "Centralities" table lists
// them all.
//
// Unweighted measures (degree, betweenness, closeness, harmonic) count every
// tie, whatever its strength. Weighted measures read the strength s ∈ [0,1]
// of a tie as a weight (eigenvector, PageRank, constraint, effective size,
// communities) or as a distance 1/s (BetweennessWeighted); a tie of strength
// 0 then carries nothing.

import (
	"cmp"
	"context"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/relmap/relmap/graph"
)

// Score is one node's value of a measure, for tables and pictures.
type Score struct {
	ID    string  `json:"id"`
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	// Interval holds the value with the ranking's confidence when it is
	// an estimate (Ranking.Estimate); absent when the value is exact.
	Interval *[2]float64 `json:"interval,omitempty"`
}

// Rank returns values as Scores sorted by value, highest first, ties by id.
// Ids that are not nodes of s are left out.
func Rank(s *Snapshot, values map[string]float64) []Score {
	out := make([]Score, 0, len(values))
	for id, v := range values {
		i, ok := s.Index(id)
		if !ok {
			continue
		}
		out = append(out, Score{ID: id, Name: s.Nodes[i].Name, Value: v})
	}
	slices.SortFunc(out, func(a, b Score) int {
		return cmp.Or(cmp.Compare(b.Value, a.Value), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// byID keys per-node values (indexed like s.Nodes) by domain id.
func (s *Snapshot) byID(x []float64) map[string]float64 {
	m := make(map[string]float64, len(x))
	for i, v := range x {
		m[s.Nodes[i].ID] = v
	}
	return m
}

// ProgressFunc is told, during a long analysis, that done of total units of
// work (for the centralities: sources) are finished. Calls are serialised
// and done never decreases; the last call has done == total.
type ProgressFunc func(done, total int)

type progressKey struct{}

// WithProgress returns a context that carries f to the long analyses run
// with it (Betweenness and its variants, Closeness, Harmonic), so a CLI can
// draw a progress bar without every signature growing a callback.
func WithProgress(ctx context.Context, f ProgressFunc) context.Context {
	return context.WithValue(ctx, progressKey{}, f)
}

// progress reports finished units to the context's ProgressFunc at most
// about a thousand times per run, and always at the end, one call at a
// time and never going back: a worker that counted unit d may reach the
// lock after one that counted d+1, and then says nothing.
type progress struct {
	f        ProgressFunc
	total    int
	step     int
	done     atomic.Int64
	mu       sync.Mutex
	reported int // under mu
}

func progressFrom(ctx context.Context, total int) *progress {
	f, _ := ctx.Value(progressKey{}).(ProgressFunc)
	return &progress{f: f, total: total, step: max(1, total/1000)}
}

func (p *progress) add() {
	if p.f == nil {
		return
	}
	d := int(p.done.Add(1))
	if d%p.step == 0 || d == p.total {
		p.mu.Lock()
		if d > p.reported {
			p.reported = d
			p.f(d, p.total)
		}
		p.mu.Unlock()
	}
}

// centralityWorkers is the number of goroutines the per-source kernels use.
func centralityWorkers(units int) int {
	return max(1, min(runtime.GOMAXPROCS(0), units))
}

// Degree returns the degree centrality of every node,
//
//	C_D(v) = deg(v) / (n − 1),
//
// where deg(v) is the number of distinct nodes v has a tie with (parallel
// relationships count once, strengths are ignored) and n the number of
// nodes: the share of the others that v knows directly. This is networkx's
// degree_centrality; as there, every node of a network of one node scores 1
// and an empty network gives an empty map. Snapshot.Degree gives the raw
// count. It takes O(n).
func Degree(s *Snapshot) map[string]float64 {
	n := len(s.Nodes)
	x := make([]float64, n)
	for i := range x {
		if n == 1 {
			x[i] = 1
			continue
		}
		x[i] = float64(s.Off[i+1]-s.Off[i]) / float64(n-1)
	}
	return s.byID(x)
}

// Closeness returns the closeness centrality of every node, with
// Wasserman and Faust's correction for disconnected networks:
//
//	C(v) = (r(v) − 1) / Σ_{u reachable from v} d(v,u) · (r(v) − 1) / (n − 1),
//
// where d is the hop distance (strengths are ignored), r(v) the number of
// nodes reachable from v including v, and n the number of nodes. On a
// connected network the second factor is 1 and C(v) is the reciprocal of the
// mean distance from v to the others; the factor scales down nodes that
// reach only a small part of the network. A node that reaches no other
// scores 0. This is networkx's closeness_centrality (wf_improved=True);
// gonum's network.Closeness is 1/Σd over reachable nodes only, without the
// factors.
//
// Reference: Wasserman S, Faust K (1994) Social Network Analysis: Methods
// and Applications, p. 201, doi:10.1017/CBO9780511815478.
//
// It runs a breadth-first search from every node, O(n·m) time for m ties and
// O(n) memory per worker, in parallel over runtime.GOMAXPROCS goroutines;
// it checks ctx between sources and reports progress to a ProgressFunc in
// ctx (see WithProgress).
func Closeness(ctx context.Context, s *Snapshot) (map[string]float64, error) {
	c, _, err := s.distanceSums(ctx)
	if err != nil {
		return nil, err
	}
	return s.byID(c), nil
}

// Harmonic returns the harmonic centrality of every node, normalised by the
// n − 1 others:
//
//	H(v) = 1/(n − 1) · Σ_{u ≠ v} 1 / d(v,u),
//
// where d is the hop distance (strengths are ignored) and 1/d(v,u) = 0 when
// u cannot be reached from v, so unlike closeness it needs no correction for
// disconnected networks. The normalisation is igraph's default
// (harmonic_centrality(normalized=True)); networkx's harmonic_centrality and
// gonum's network.Harmonic return the sum without the factor 1/(n − 1).
// A network of one node scores 0.
//
// Reference: Marchiori M, Latora V (2000) Harmony in the small-world,
// Physica A 285:539–546, doi:10.1016/S0378-4371(00)00311-3; Boldi P, Vigna S
// (2014) Axioms for centrality, Internet Mathematics 10:222–262,
// doi:10.1080/15427951.2013.865686.
//
// Complexity, parallelism, cancellation and progress are as for Closeness.
func Harmonic(ctx context.Context, s *Snapshot) (map[string]float64, error) {
	_, h, err := s.distanceSums(ctx)
	if err != nil {
		return nil, err
	}
	return s.byID(h), nil
}

// distanceSums runs a BFS from every node and returns the corrected
// closeness and the normalised harmonic centrality.
func (s *Snapshot) distanceSums(ctx context.Context) (closeness, harmonic []float64, err error) {
	n := len(s.Nodes)
	closeness, harmonic = make([]float64, n), make([]float64, n)
	if n <= 1 {
		return closeness, harmonic, nil
	}
	g := s.relabelled(false)
	prog := progressFrom(ctx, n)
	workers := centralityWorkers(n)
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dist := make([]int32, n)
			for i := range dist {
				dist[i] = -1
			}
			queue := make([]int32, 0, n)
			for i := w; i < n; i += workers {
				if err := ctx.Err(); err != nil {
					errs[w] = err
					return
				}
				src := g.perm[i]
				queue = append(queue[:0], src)
				dist[src] = 0
				var sum int64
				var inv float64
				for head := 0; head < len(queue); head++ {
					v := queue[head]
					dv := dist[v] + 1
					for _, u := range g.adj[g.off[v]:g.off[v+1]] {
						if dist[u] < 0 {
							dist[u] = dv
							queue = append(queue, u)
							sum += int64(dv)
							inv += 1 / float64(dv)
						}
					}
				}
				if r := len(queue); r > 1 {
					closeness[i] = float64(r-1) / float64(sum) * float64(r-1) / float64(n-1)
				}
				harmonic[i] = inv / float64(n-1)
				for _, v := range queue {
					dist[v] = -1
				}
				prog.add()
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, nil, err
		}
	}
	return closeness, harmonic, nil
}

// strengthsCSR returns the strength of the tie behind every entry of s.Adj,
// made for this call (the caller owns it: 8 bytes an arc, made again in
// O(m) rather than kept beside the snapshot, which PageRank's 150 steps
// of O(m) do not notice), and each node's total strength, built on first
// use and shared (callers must not modify it).
func (s *Snapshot) strengthsCSR() (w []float64, total []float64) {
	w = make([]float64, len(s.Adj))
	for k, t := range s.TieOf {
		w[k] = s.Ties[t].Strength
	}
	s.lazy.totalOnce.Do(func() {
		total := make([]float64, len(s.Nodes))
		for i := range s.Nodes {
			var sum float64
			for _, x := range w[s.Off[i]:s.Off[i+1]] {
				sum += x
			}
			total[i] = sum
		}
		s.lazy.total = total
	})
	return w, s.lazy.total
}

// Eigenvector settings: the iteration stops when the L1 change of the unit
// vector falls below n·EigenvectorTolerance, or fails after
// EigenvectorMaxIterations.
const (
	EigenvectorTolerance     = 1e-14
	EigenvectorMaxIterations = 10000
)

// Eigenvector returns the eigenvector centrality of every node, weighted by
// tie strength: the principal eigenvector x of the strength matrix A,
//
//	λ x(v) = Σ_u A(v,u) x(u),   A(v,u) = strength of the tie v–u (0 if none),
//
// scaled to unit Euclidean norm (Σ x(v)² = 1), as networkx's
// eigenvector_centrality does (igraph's scales the largest value to 1).
// A node is central when its strong ties lead to central nodes. With every
// strength 1 this is the classic unweighted measure.
//
// It is found by power iteration on A + I from the uniform vector, as in
// networkx: the shift by I makes the iteration converge on bipartite
// networks too (whose spectrum is symmetric), and does not change the
// eigenvector. The iteration stops when the L1 change of the unit vector is
// below n·EigenvectorTolerance; each step is O(m). On a disconnected
// network the result concentrates on the component with the largest
// eigenvalue (the others tend to 0); components with equal largest
// eigenvalues share the vector as the uniform start divides it. Nodes
// without ties keep only what is left of their start value, which the
// normalisation shrinks every step, so they score about 0 (below the
// tolerance); a network without ties of positive strength gives every node
// 1/√n.
//
// Reference: Bonacich P (1987) Power and centrality: a family of measures,
// American Journal of Sociology 92:1170–1182, doi:10.1086/228631.
//
// It returns an EINTERNAL error if the iteration has not converged after
// EigenvectorMaxIterations steps (which the shift rules out in exact
// arithmetic).
func Eigenvector(s *Snapshot) (map[string]float64, error) {
	n := len(s.Nodes)
	if n == 0 {
		return map[string]float64{}, nil
	}
	w, _ := s.strengthsCSR()
	x := make([]float64, n)
	next := make([]float64, n)
	for i := range x {
		x[i] = 1 / float64(n)
	}
	tol := float64(n) * EigenvectorTolerance
	for range EigenvectorMaxIterations {
		var norm float64
		for v := range n {
			sum := x[v]
			for k := s.Off[v]; k < s.Off[v+1]; k++ {
				sum += w[k] * x[s.Adj[k]]
			}
			next[v] = sum
			norm += sum * sum
		}
		norm = math.Sqrt(norm)
		var change float64
		for v := range next {
			next[v] /= norm
			change += math.Abs(next[v] - x[v])
		}
		x, next = next, x
		if change < tol {
			return s.byID(x), nil
		}
	}
	return nil, graph.Errorf(graph.EINTERNAL, "eigenvector centrality did not converge in %d iterations", EigenvectorMaxIterations)
}

// PageRank settings.
const (
	// PageRankDamping is the probability that the random surfer follows a
	// tie rather than jumping to a random node.
	PageRankDamping = 0.85
	// PageRankTolerance bounds the L1 change between iterations at which
	// the iteration stops; the distance to the fixed point is then at most
	// PageRankTolerance·d/(1 − d) < 6e-11 in L1.
	PageRankTolerance = 1e-11
	// PageRankMaxIterations caps the iteration; since the error shrinks by
	// the factor d each step, 0.85^300 < 1e-21, it is never reached.
	PageRankMaxIterations = 300
)

// PageRank returns the PageRank of every node on the network seen as a
// random walk along ties, weighted by tie strength:
//
//	PR(v) = (1 − d)/n + d · ( Σ_u PR(u) · A(u,v) / W(u) + Σ_{W(u)=0} PR(u) / n ),
//
// where A(u,v) is the strength of the tie u–v (0 if none), W(u) = Σ_v A(u,v)
// u's total strength, n the number of nodes and d = PageRankDamping (0.85).
// Each tie is walked both ways. Nodes whose total strength is 0 (no ties, or
// only ties of strength 0) are dangling: their rank is spread evenly over all
// nodes, as networkx and igraph do. The values sum to 1. With every strength
// 1 this is networkx's pagerank(G, alpha=0.85) on the undirected graph;
// gonum's network.PageRank needs a directed graph and starts from a random
// vector.
//
// Reference: Brin S, Page L (1998) The anatomy of a large-scale hypertextual
// Web search engine, Computer Networks and ISDN Systems 30:107–117,
// doi:10.1016/S0169-7552(98)00110-X.
//
// It is computed by Jacobi power iteration over the CSR adjacency, in
// parallel over node ranges, until the L1 change is below
// PageRankTolerance (about 150 steps of O(m) each); memory is O(n + m).
func PageRank(s *Snapshot) map[string]float64 {
	return s.byID(s.pageRank(PageRankDamping, PageRankTolerance))
}

func (s *Snapshot) pageRank(damp, tol float64) []float64 {
	n := len(s.Nodes)
	if n == 0 {
		return nil
	}
	w, total := s.strengthsCSR()
	x := make([]float64, n)
	y := make([]float64, n) // x(u)/W(u)
	next := make([]float64, n)
	for i := range x {
		x[i] = 1 / float64(n)
	}
	workers := centralityWorkers(n / 4096)
	chunk := (n + workers - 1) / workers
	changes := make([]float64, workers)
	for range PageRankMaxIterations {
		var dangling float64
		for u, t := range total {
			if t > 0 {
				y[u] = x[u] / t
			} else {
				y[u] = 0
				dangling += x[u]
			}
		}
		base := (1-damp)/float64(n) + damp*dangling/float64(n)
		iterate := func(wk int) {
			lo, hi := wk*chunk, min(n, (wk+1)*chunk)
			var change float64
			for v := lo; v < hi; v++ {
				var sum float64
				for k := s.Off[v]; k < s.Off[v+1]; k++ {
					sum += w[k] * y[s.Adj[k]]
				}
				nv := base + damp*sum
				change += math.Abs(nv - x[v])
				next[v] = nv
			}
			changes[wk] = change
		}
		if workers == 1 {
			iterate(0)
		} else {
			var wg sync.WaitGroup
			for wk := range workers {
				wg.Add(1)
				go func() { defer wg.Done(); iterate(wk) }()
			}
			wg.Wait()
		}
		x, next = next, x
		var change float64
		for _, c := range changes {
			change += c
		}
		if change < tol {
			break
		}
	}
	return x
}
