package analysis

import (
	"cmp"
	"context"
	"math"
	"slices"
	"sync"

	"github.com/relmap/relmap/graph"
)

// This file holds the compact kernels behind WarmPaths and Brokers: arc
// costs over the snapshot's CSR adjacency, per-query node roles, the
// hop-layered search and the best-first enumeration of loopless paths.
// gonum's path package is their oracle in the tests; on the 100k-node demo
// network it is two to three orders of magnitude too slow for a query (see
// the analytics issue's measurements).

// costScale is the unit of a tie's cost: −ln(strength) is rounded to a
// multiple of 1/costScale (2⁻⁴⁰ ≈ 9.1·10⁻¹³). Integer costs make sums exact
// and independent of the order of addition, so paths whose ties have the
// same strengths tie exactly; the tie-break rule needs that.
const costScale = 1 << 40

// costInf marks an unusable arc or an unreached state.
const costInf = math.MaxInt64

// tieCost returns the integer cost of a tie of strength s: round(−ln s ·
// 2⁴⁰). Strength 0 (and anything not above 0, and NaN) gives costInf: −ln 0
// is infinite and such a tie cannot carry an introduction. Strengths above 1
// count as 1 (cost 0); the store never holds them.
func tieCost(s float64) int64 {
	switch {
	case !(s > 0):
		return costInf
	case s >= 1:
		return 0
	}
	return int64(math.Round(-math.Log(s) * costScale))
}

// Node roles in one query. A node may start a path (rStart), be an
// intermediate (rInter), or neither (an excluded node, a DoNotRoute person,
// a suppressed hub, an employee of the From set…). rNear marks routable
// neighbours of a start; rEmployee is the node kind; rExcluded marks the
// query's excluded nodes.
const (
	rStart uint8 = 1 << iota
	rInter
	rNear
	rEmployee
	rExcluded
)

// routeIndex is what warm paths and brokers derive from a snapshot once:
// the cost of every arc (aligned with Adj), base node roles, the employees,
// and the relationship types behind every tie.
type routeIndex struct {
	arcCost   []int64
	role      []uint8 // rEmployee for employees; rInter for every node but DoNotRoute persons
	employees []int32
	tieTypes  []uint16 // per tie: the type bits of all its relationships
	edgeType  []uint16 // per tie: the type bit of its Edge (the strongest)
}

// routeIndex returns the snapshot's route index, building it on first use.
func (s *Snapshot) routeIndex() *routeIndex {
	s.routesOnce.Do(func() {
		ix := &routeIndex{
			arcCost:  make([]int64, len(s.Adj)),
			role:     make([]uint8, len(s.Nodes)),
			tieTypes: make([]uint16, len(s.Ties)),
			edgeType: make([]uint16, len(s.Ties)),
		}
		for k, t := range s.TieOf {
			ix.arcCost[k] = tieCost(s.Ties[t].Strength)
		}
		for i, n := range s.Nodes {
			if n.Kind == graph.KindEmployee {
				ix.role[i] |= rEmployee
				ix.employees = append(ix.employees, int32(i))
			}
			if !(n.Kind == graph.KindPerson && n.DoNotRoute) {
				ix.role[i] |= rInter
			}
		}
		for i, t := range s.Ties {
			ix.edgeType[i] = typeBit(t.Edge.Type)
			for _, e := range s.TieEdges(int32(i)) {
				ix.tieTypes[i] |= typeBit(e.Type)
			}
		}
		s.routes = ix
	})
	return s.routes
}

// typeBit returns the bit of relationship type t: its position in
// graph.RelTypes, or bit 15 for a type outside the vocabulary (which no
// AllowTypes filter can name).
func typeBit(t graph.RelType) uint16 {
	for i, spec := range graph.RelTypes {
		if spec.Type == t {
			return 1 << i
		}
	}
	return 1 << 15
}

// routing is one validated query's view of the snapshot.
type routing struct {
	s     *Snapshot
	ix    *routeIndex
	hops  int    // the hop cap H
	allow uint16 // type bits that may carry a hop; 0 allows every type
	role  []uint8
	// starts are the employees paths may start from, ascending.
	starts []int32
}

// arc returns the cost of CSR slot k under the query's type filter: the
// cost of the strongest relationship of an allowed type behind the tie.
func (r *routing) arc(k int32) int64 {
	c := r.ix.arcCost[k]
	if r.allow == 0 || c == costInf {
		return c
	}
	t := r.s.TieOf[k]
	if r.ix.tieTypes[t]&r.allow == 0 {
		return costInf
	}
	if r.ix.edgeType[t]&r.allow != 0 {
		return c
	}
	return tieCost(r.edge(t).Strength)
}

// edge returns the relationship that carries tie t under the type filter:
// the strongest one of an allowed type (equal strengths by id).
func (r *routing) edge(t int32) graph.NetworkEdge {
	es := r.s.TieEdges(t)
	if r.allow == 0 {
		return es[0]
	}
	for _, e := range es {
		if typeBit(e.Type)&r.allow != 0 {
			return e
		}
	}
	panic("analysis: edge: tie has no relationship of an allowed type") // callers checked arc
}

// slot returns the CSR slot of the arc u→v, or -1.
func (r *routing) slot(u, v int32) int32 {
	lo, hi := r.s.Off[u], r.s.Off[u+1]
	for lo < hi {
		m := int32(uint32(lo+hi) >> 1)
		switch a := r.s.Adj[m]; {
		case a == v:
			return m
		case a < v:
			lo = m + 1
		default:
			hi = m
		}
	}
	return -1
}

// markNear sets rNear on every routable neighbour of a start reached by a
// usable arc.
func (r *routing) markNear() {
	for _, u := range r.starts {
		for k := r.s.Off[u]; k < r.s.Off[u+1]; k++ {
			y := r.s.Adj[k]
			if r.role[y]&rInter != 0 && r.arc(k) != costInf {
				r.role[y] |= rNear
			}
		}
	}
}

// layerTable holds, for each node x reached and each i up to a maximum,
// the best (cost, hops) over walks from a source to x with at most i hops:
// cost[i*n+x], hops[i*n+x]. Unreached entries are costInf; the table is
// kept all-costInf between uses (reset clears only what run touched).
type layerTable struct {
	n, layers int
	cost      []int64
	hops      []int8
	in        []bool
	touched   []int32
	front     []int32
	next      []int32
}

func (t *layerTable) prepare(n, layers int) {
	t.n, t.layers = n, layers
	if need := n * layers; len(t.cost) < need {
		t.cost = make([]int64, need)
		for i := range t.cost {
			t.cost[i] = costInf
		}
		t.hops = make([]int8, need)
	}
	if len(t.in) < n {
		t.in = make([]bool, n)
	}
}

func (t *layerTable) reset() {
	for _, x := range t.touched {
		for i := range t.layers {
			t.cost[i*t.n+int(x)] = costInf
		}
		t.in[x] = false
	}
	t.touched = t.touched[:0]
}

// get returns the best (cost, hops) of walks with at most i hops to x.
func (t *layerTable) get(i int, x int32) (int64, int) {
	j := i*t.n + int(x)
	return t.cost[j], int(t.hops[j])
}

// run fills the table from src up to maxLayer hops. A walk's
// intermediates must be routable (rInter); its last node may also be a
// start. src itself is expanded whatever its role; block is never entered
// (the target, when walking from a via node). To keep the search near the
// starts, layer H-1 (H = r.hops) enters only starts and their neighbours
// (rNear) and layer H only starts: walks that long are only ever asked
// about from there.
//
// A node is expanded at layer i only when its layer-i value is strictly
// better than its layer-(i-1) value ("tight"): otherwise its extensions are
// no better than ones found a layer earlier.
func (t *layerTable) run(ctx context.Context, r *routing, src, block int32, maxLayer int) error {
	s, n := r.s, t.n
	t.cost[src], t.hops[src] = 0, 0
	t.in[src] = true
	t.touched = append(t.touched, src)
	t.front = append(t.front[:0], src)
	for i := 1; i <= maxLayer; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		cur, prev := i*n, (i-1)*n
		for _, x := range t.touched {
			t.cost[cur+int(x)], t.hops[cur+int(x)] = t.cost[prev+int(x)], t.hops[prev+int(x)]
		}
		if len(t.front) == 0 {
			continue // later layers keep the values reached so far
		}
		need := rStart | rInter
		switch i {
		case r.hops:
			need = rStart
		case r.hops - 1:
			need = rStart | rNear
		}
		t.next = t.next[:0]
		for _, x := range t.front {
			if x != src && r.role[x]&rInter == 0 {
				continue // starts are where walks end
			}
			cx := t.cost[prev+int(x)]
			for k := s.Off[x]; k < s.Off[x+1]; k++ {
				y := s.Adj[k]
				if y == src || y == block || r.role[y]&need == 0 {
					continue
				}
				c := r.arc(k)
				if c == costInf {
					continue
				}
				if !t.in[y] {
					t.in[y] = true
					t.touched = append(t.touched, y)
				}
				nc, j := cx+c, cur+int(y)
				if nc < t.cost[j] {
					if t.cost[j] == t.cost[prev+int(y)] {
						t.next = append(t.next, y) // first improvement in this layer
					}
					t.cost[j], t.hops[j] = nc, int8(i)
				}
			}
		}
		t.front, t.next = t.next, t.front
	}
	return nil
}

// pnode is a partial path in the best-first enumeration: its last node,
// the partial path it extends, its cost and hops so far, and whether it has
// passed the via node.
type pnode struct {
	g      int64
	node   int32
	parent int32
	hops   int8
	passed bool
	goal   bool
}

// hitem is a heap entry: a partial path's estimated total (cost, hops) and
// its arena index (insertion order breaks remaining ties, so the search is
// deterministic).
type hitem struct {
	fc int64
	fh int32
	id int32
}

func (a hitem) less(b hitem) bool {
	if a.fc != b.fc {
		return a.fc < b.fc
	}
	if a.fh != b.fh {
		return a.fh < b.fh
	}
	return a.id < b.id
}

type pheap []hitem

func (h *pheap) push(x hitem) {
	*h = append(*h, x)
	q := *h
	i := len(q) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !q[i].less(q[p]) {
			break
		}
		q[i], q[p] = q[p], q[i]
		i = p
	}
}

func (h *pheap) pop() hitem {
	q := *h
	top := q[0]
	last := len(q) - 1
	q[0] = q[last]
	q = q[:last]
	i := 0
	for {
		l := 2*i + 1
		if l >= len(q) {
			break
		}
		m := l
		if r := l + 1; r < len(q) && q[r].less(q[l]) {
			m = r
		}
		if !q[m].less(q[i]) {
			break
		}
		q[i], q[m] = q[m], q[i]
		i = m
	}
	*h = q
	return top
}

// pathSearch holds the reusable buffers of one warm-path query.
type pathSearch struct {
	role  []uint8
	toT   layerTable // best walks from the target
	toVia layerTable // best walks from the via node
	arena []pnode
	heap  pheap
	goals []int32
	seq   []int32
}

var pathSearches = sync.Pool{New: func() any { return new(pathSearch) }}

// maxArena bounds the partial paths one query may hold (a variable for
// tests). With the exact lower bounds used below, a query only stores
// prefixes of paths at least as good as the k-th best (and prefixes that
// would loop), so the bound is reached only when a huge number of paths tie
// exactly, for example a million strength-1 paths.
var maxArena = 1 << 21

// keepArena is the largest arena a pooled search keeps between queries.
const keepArena = 1 << 16

// ksp enumerates the k best loopless paths from any start to t under the
// order (cost, hops, node sequence), with at most r.hops hops, through via
// when via >= 0. It returns them as node sequences from the start to t.
//
// The search is best-first over partial paths from the starts (A* as tree
// search), guided by exact lower bounds: the best walk from each node to t
// within the hops left (a hop-layered Bellman–Ford from t, toT), and with a
// via node, the best walk through it (toVia from via, combined with toT at
// via). A walk is never better than the best path it contains (cutting a
// cycle never adds cost and removes hops), so the bounds are admissible in
// the (cost, hops) order; complete paths therefore leave the queue in that
// order. The search stops once the queue's best estimate is worse than the
// k-th complete path, so every path tied with it has been seen; the tied
// paths are then ordered by node sequence.
func (ps *pathSearch) ksp(ctx context.Context, r *routing, t, via int32, k int) ([][]int32, error) {
	n, H := len(r.s.Nodes), r.hops
	ps.toT.prepare(n, H+1)
	defer ps.toT.reset()
	if err := ps.toT.run(ctx, r, t, -1, H); err != nil {
		return nil, err
	}
	var viaT []int64 // best cost from via to t within i hops, and its hops
	var viaH []int
	if via >= 0 {
		ps.toVia.prepare(n, H)
		defer ps.toVia.reset()
		if err := ps.toVia.run(ctx, r, via, t, H-1); err != nil {
			return nil, err
		}
		viaT, viaH = make([]int64, H+1), make([]int, H+1)
		for i := range H + 1 {
			viaT[i], viaH[i] = ps.toT.get(i, via)
		}
	}
	// bound returns the lower bound on the rest of a path from x with b
	// hops left.
	bound := func(x int32, b int, passed bool) (int64, int) {
		if via < 0 || passed {
			return ps.toT.get(b, x)
		}
		best, bh := int64(costInf), 0
		for b1 := 1; b1 < b; b1++ {
			c1, h1 := ps.toVia.get(b1, x)
			c2 := viaT[b-b1]
			if c1 == costInf || c2 == costInf {
				continue
			}
			c, h := c1+c2, h1+viaH[b-b1]
			if c < best || c == best && h < bh {
				best, bh = c, h
			}
		}
		return best, bh
	}

	ps.arena, ps.heap, ps.goals = ps.arena[:0], ps.heap[:0], ps.goals[:0]
	push := func(p pnode, fc int64, fh int) {
		ps.heap.push(hitem{fc: fc, fh: int32(fh), id: int32(len(ps.arena))})
		ps.arena = append(ps.arena, p)
	}
	for _, s := range r.starts {
		if c, h := bound(s, H, false); c != costInf {
			push(pnode{node: s, parent: -1}, c, h)
		}
	}
	var kc int64
	var kh int32
	for pops := 0; len(ps.heap) > 0; pops++ {
		if pops&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if top := ps.heap[0]; len(ps.goals) >= k && (top.fc > kc || top.fc == kc && top.fh > kh) {
			break
		}
		it := ps.heap.pop()
		p := ps.arena[it.id]
		if p.goal {
			ps.goals = append(ps.goals, it.id)
			if len(ps.goals) == k {
				kc, kh = it.fc, it.fh
			}
			continue
		}
		if len(ps.arena) > maxArena {
			return nil, graph.Invalid("to", "too many equally strong paths to rank; narrow the query")
		}
		x, j := p.node, int(p.hops)
		for a := r.s.Off[x]; a < r.s.Off[x+1]; a++ {
			y := r.s.Adj[a]
			if y != t && r.role[y]&rInter == 0 {
				continue
			}
			c := r.arc(a)
			if c == costInf {
				continue
			}
			g := p.g + c
			if y == t {
				if via < 0 || p.passed {
					push(pnode{g: g, node: y, parent: it.id, hops: int8(j + 1), passed: true, goal: true}, g, j+1)
				}
				continue
			}
			if j+1 >= H || ps.onPath(it.id, y) {
				continue
			}
			passed := p.passed || y == via
			hc, hh := bound(y, H-j-1, passed)
			if hc == costInf {
				continue
			}
			push(pnode{g: g, node: y, parent: it.id, hops: int8(j + 1), passed: passed}, g+hc, j+1+hh)
		}
	}

	out := make([][]int32, len(ps.goals))
	for i, id := range ps.goals {
		out[i] = ps.sequence(id)
	}
	sortPaths(out, func(i int) (int64, int) { g := ps.arena[ps.goals[i]]; return g.g, int(g.hops) })
	if len(out) > k {
		out = out[:k]
	}
	return out, nil
}

// onPath reports whether node y is on the partial path id.
func (ps *pathSearch) onPath(id int32, y int32) bool {
	for ; id >= 0; id = ps.arena[id].parent {
		if ps.arena[id].node == y {
			return true
		}
	}
	return false
}

// sequence returns the nodes of partial path id from its start.
func (ps *pathSearch) sequence(id int32) []int32 {
	seq := ps.seq[:0]
	for ; id >= 0; id = ps.arena[id].parent {
		seq = append(seq, ps.arena[id].node)
	}
	ps.seq = seq
	out := make([]int32, len(seq))
	for i, x := range seq {
		out[len(seq)-1-i] = x
	}
	return out
}

// sortPaths sorts node sequences by (cost, hops, sequence), key giving the
// cost and hops of the i-th sequence as first passed.
func sortPaths(seqs [][]int32, key func(i int) (int64, int)) {
	type keyed struct {
		c   int64
		h   int
		seq []int32
	}
	ks := make([]keyed, len(seqs))
	for i, s := range seqs {
		c, h := key(i)
		ks[i] = keyed{c, h, s}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		return cmp.Or(cmp.Compare(a.c, b.c), cmp.Compare(a.h, b.h), compareSeq(a.seq, b.seq))
	})
	for i := range ks {
		seqs[i] = ks[i].seq
	}
}

// compareSeq compares node sequences of equal length element by element.
// Internal indexes follow id order, so this is the lexicographic order of
// the sequences of node ids.
func compareSeq(a, b []int32) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return cmp.Compare(a[i], b[i])
		}
	}
	return cmp.Compare(len(a), len(b))
}
