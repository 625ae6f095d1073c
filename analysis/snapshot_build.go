package analysis

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/relmap/relmap/graph"
)

// builder builds a snapshot from a streamed network (graph.NetworkVisitor:
// every node, then every edge) without holding the stream's values: a
// node is kept as given, an edge becomes a row of columns — its ends'
// indexes, codes for its type, nature and level, its strength, and its id
// appended to one byte arena — so the strings a store allocated for it
// can be collected at once.
//
// Edges are turned into rows in batches by rowWorkers goroutines of their
// own, so that sorting the nodes and looking up the edges' ends overlap
// the store's reading of the next edges. The stream may come in parts at
// once (graph.NetworkVisitor.Parts: visitor): node may then be called from
// several goroutines at once, and each part's edge from its own. The rows
// of a batch join the columns in one step, so the columns' order is not
// the stream's; finish's is (it sorts the nodes by id and the rows by
// ends, strength and id). Callers must call stop when they do not call
// finish.
type builder struct {
	nodes []graph.NetworkNode
	index *idIndex
	// sorted is set once the nodes are in id order and indexed; the first
	// edge does that.
	sorted bool
	// edges is the expected number of edges (graph.NetworkVisitor.Size).
	edges int

	// One row per relationship, in stream order: u < v are its ends, code
	// its codes and direction (relCode), with rowOwnID when the row is
	// stored under an id of its own (not graph.RelationshipID of its type
	// and ends); only those ids are kept: row i's is ids[idEnd[i-1]:idEnd[i]]
	// (0 for i = 0), empty for a derived id.
	u, v   []int32
	code   []uint32
	stated []float64
	idEnd  []uint32
	ids    []byte
	// owned counts the rows with an id of their own.
	owned int

	// day is the day the network is read for (zero: every relationship is
	// kept); live the span of days what is kept holds for (the parts'
	// merged once stopped).
	day  time.Time
	live liveSpan

	types   codes[graph.RelType]
	natures codes[graph.Nature]
	levels  codes[graph.ContactLevel]

	// dated are the affiliations with a start or an end day, ended ones
	// included (relTable.dated), until finish resolves their ends (the
	// parts' gathered once stopped).
	dated []graph.NetworkEdge

	// The edge pipeline: each part of the stream (edgePart; main for a
	// stream in one part) fills a batch and hands it to the row workers
	// through work; free returns emptied batches. mu guards nodes, parts
	// and batches; rowMu the row columns, the codes, owned and err.
	mu         sync.Mutex
	main       *edgePart
	parts      []*edgePart
	batches    int // made so far
	work, free chan []graph.NetworkEdge
	done       chan struct{}
	startOnce  sync.Once
	stopOnce   sync.Once
	rowMu      sync.Mutex
	failed     atomic.Bool
	err        error // the row workers' first error; read once failed is set or done closed
}

// edgePart is the stream's side of the edge pipeline for one part of the
// stream (graph.NetworkVisitor.Parts), used from one goroutine at a time,
// so that the parts share no lock per edge: its batch, and the dated
// affiliations and live span of its edges.
type edgePart struct {
	b     *builder
	batch []graph.NetworkEdge
	dated []graph.NetworkEdge
	live  liveSpan
}

// edgeBatch is the number of edges handed to a row worker at once; at
// most edgeBatches batches exist, which bounds the edges in flight (about
// 20 MB of graph.NetworkEdge values at 152 bytes each, reached while the
// first worker sorts the nodes; afterwards they keep up). rowWorkers is
// the number of row workers: two, so that the rows keep up with a store
// that streams the edges in two parts (sqlitestore's), on a machine of
// two cores.
const (
	edgeBatch   = 2048
	edgeBatches = 64
	rowWorkers  = 2
)

// codes numbers the distinct values of one column (at most 256).
type codes[T ~string] struct {
	vals []T
}

func (c *codes[T]) code(v T) (uint8, error) {
	for i, x := range c.vals { // a handful of values: faster than a map
		if x == v {
			return uint8(i), nil
		}
	}
	if len(c.vals) == 256 {
		return 0, graph.Errorf(graph.EINTERNAL, "more than 256 distinct values of %T in the network", v)
	}
	c.vals = append(c.vals, T(strings.Clone(string(v))))
	return uint8(len(c.vals) - 1), nil
}

// newBuilder returns an empty builder.
func newBuilder() *builder {
	b := &builder{}
	b.main = b.part()
	// The vocabulary first, so that its codes are stable.
	for _, spec := range graph.RelTypes {
		_, _ = b.types.code(spec.Type)
	}
	_, _ = b.natures.code("")
	_, _ = b.levels.code("")
	return b
}

// on sets the day the network is read for: relationships ended by then
// are left out (liveSpan.keep).
func (b *builder) on(now time.Time) { b.day = dayOf(now) }

// liveSpan is the span of days [from, to) for which the relationships
// kept on one day are the ones to keep (zero to: no end in sight): from
// is the latest Until of those left out, to the earliest Until of those
// kept.
type liveSpan struct{ from, to time.Time }

// keep reports whether a relationship that ends on until (zero: ongoing)
// still holds on day, and widens or narrows the span by it. A zero day
// keeps everything.
func (l *liveSpan) keep(day, until time.Time) bool {
	switch {
	case until.IsZero() || day.IsZero():
		return true
	case until.After(day):
		if l.to.IsZero() || until.Before(l.to) {
			l.to = until
		}
		return true
	default:
		if until.After(l.from) {
			l.from = until
		}
		return false
	}
}

// merge widens or narrows l by the span o of another part of the same
// stream read for the same day: the latest from, the earliest to.
func (l *liveSpan) merge(o liveSpan) {
	if o.from.After(l.from) {
		l.from = o.from
	}
	if !o.to.IsZero() && (l.to.IsZero() || o.to.Before(l.to)) {
		l.to = o.to
	}
}

// holds reports whether what was kept for one day is what is to be kept
// on day.
func (l liveSpan) holds(day time.Time) bool {
	return !day.Before(l.from) && (l.to.IsZero() || day.Before(l.to))
}

// size takes the stream's expected counts (graph.NetworkVisitor.Size).
func (b *builder) size(nodes, edges int) {
	if b.nodes == nil && nodes > 0 {
		b.nodes = make([]graph.NetworkNode, 0, nodes)
	}
	b.edges = max(edges, 0)
}

// node adds a node; nodes must come before edges. It may be called from
// several goroutines at once.
func (b *builder) node(x graph.NetworkNode) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.sorted {
		return graph.Errorf(graph.EINTERNAL, "the network streamed node %q after its edges", x.ID)
	}
	b.nodes = append(b.nodes, x)
	return nil
}

// sortNodes puts the nodes in id order and indexes them: O(n log n) string
// comparisons, through a permutation so that no node value moves twice.
func (b *builder) sortNodes() {
	b.nodes = slices.Clip(b.nodes)
	if !slices.IsSortedFunc(b.nodes, func(x, y graph.NetworkNode) int { return cmp.Compare(x.ID, y.ID) }) {
		perm := make([]int32, len(b.nodes))
		for i := range perm {
			perm[i] = int32(i)
		}
		slices.SortFunc(perm, func(i, j int32) int { return cmp.Compare(b.nodes[i].ID, b.nodes[j].ID) })
		sorted := make([]graph.NetworkNode, len(b.nodes))
		for i, p := range perm {
			sorted[i] = b.nodes[p]
		}
		b.nodes = sorted
	}
	b.index = newIDIndex(func(i int) string { return b.nodes[i].ID }, len(b.nodes))
}

// edge adds a relationship of a stream in one part (see edgePart.edge).
func (b *builder) edge(e graph.NetworkEdge) error { return b.main.edge(e) }

// part returns a new part of the stream.
func (b *builder) part() *edgePart {
	b.mu.Lock()
	defer b.mu.Unlock()
	p := &edgePart{b: b}
	b.parts = append(b.parts, p)
	return p
}

// visitor is the visitor of a part of the stream
// (graph.NetworkVisitor.Parts): the nodes' node and a new part's edge.
func (b *builder) visitor(int) graph.NetworkVisitor {
	return graph.NetworkVisitor{Node: b.node, Edge: b.part().edge}
}

// edge adds a relationship: it queues it for the row workers (see rows),
// starting them on the first edge of any part. It returns the row workers'
// error, if any, so that the stream stops. Each part's edge is called
// from one goroutine at a time, after the last node of every part.
func (p *edgePart) edge(e graph.NetworkEdge) error {
	b := p.b
	if isDated(e) {
		p.dated = append(p.dated, graph.NetworkEdge{Type: e.Type, From: e.From, To: e.To, Since: e.Since, Until: e.Until})
	}
	if !p.live.keep(b.day, e.Until) {
		return nil
	}
	b.startOnce.Do(b.start)
	if b.failed.Load() {
		return b.firstErr()
	}
	if p.batch == nil {
		p.batch = b.emptyBatch()
	}
	p.batch = append(p.batch, e)
	if len(p.batch) == edgeBatch {
		b.work <- p.batch
		p.batch = b.emptyBatch()
	}
	return nil
}

// emptyBatch returns an emptied batch, or a new one while there are fewer
// than edgeBatches, or waits for one to be emptied.
func (b *builder) emptyBatch() []graph.NetworkEdge {
	select {
	case batch := <-b.free:
		return batch
	default:
	}
	b.mu.Lock()
	grow := b.batches < edgeBatches
	if grow {
		b.batches++
	}
	b.mu.Unlock()
	if grow {
		return make([]graph.NetworkEdge, 0, edgeBatch)
	}
	return <-b.free
}

// start starts the row workers; the first sorts the nodes and sizes the
// rows while the others wait for it.
func (b *builder) start() {
	b.mu.Lock()
	b.sorted = true // no more nodes
	b.mu.Unlock()
	b.work = make(chan []graph.NetworkEdge, edgeBatches)
	b.free = make(chan []graph.NetworkEdge, edgeBatches)
	b.done = make(chan struct{})
	ready := make(chan struct{})
	var wg sync.WaitGroup
	for w := range rowWorkers {
		wg.Go(func() {
			if w == 0 {
				b.sortNodes()
				b.sizeRows()
				close(ready)
			}
			<-ready
			var p pending
			for batch := range b.work {
				if !b.failed.Load() {
					if err := b.rows(batch, &p); err != nil {
						b.fail(err)
					}
				}
				clear(batch) // let the stream's strings go
				b.free <- batch[:0]
			}
		})
	}
	go func() {
		wg.Wait()
		close(b.done)
	}()
}

// fail records err as the row workers' error unless there is one.
func (b *builder) fail(err error) {
	b.rowMu.Lock()
	defer b.rowMu.Unlock()
	if b.err == nil {
		b.err = err
	}
	b.failed.Store(true)
}

// firstErr returns the row workers' first error.
func (b *builder) firstErr() error {
	b.rowMu.Lock()
	defer b.rowMu.Unlock()
	return b.err
}

// sizeRows allocates the row columns for the expected number of edges.
func (b *builder) sizeRows() {
	m := b.edges
	b.u, b.v, b.code = make([]int32, 0, m), make([]int32, 0, m), make([]uint32, 0, m)
	b.stated = make([]float64, 0, m)
	b.idEnd = make([]uint32, 0, m)
}

// stop ends the row workers and waits for them, and gathers the parts'
// dated affiliations and live spans; it returns the workers' error. The
// stream must have ended.
func (b *builder) stop() error {
	b.stopOnce.Do(func() {
		for _, p := range b.parts {
			b.dated = append(b.dated, p.dated...)
			b.live.merge(p.live)
			if len(p.batch) > 0 && !b.failed.Load() {
				b.work <- p.batch
			}
			p.batch, p.dated = nil, nil
		}
		if b.work != nil {
			close(b.work)
			<-b.done
		}
	})
	return b.err
}

// pending holds a batch's rows as a row worker makes them, before they
// join the builder's columns (rows): the ends' lookups, the costly part,
// run on every worker at once, and the rest under rowMu.
type pending struct {
	rows []pendingRow
	ids  []byte // the ids of their own, one after another
	// ends are the batch's ends (From, To of each edge), their indexes
	// and hashes (idIndex.lookupAll).
	ends  []string
	index []int32
	hash  []uint64
}

// pendingRow is a row before its codes: u < v, flags the direction,
// relDated and rowOwnID (with the id's length).
type pendingRow struct {
	u, v   int32
	flags  uint32
	idLen  uint32
	stated float64
	typ    graph.RelType
	nature graph.Nature
	level  graph.ContactLevel
}

// rows turns the edges of a batch into rows (p is the worker's, reused)
// and adds them to the columns. An end that is not a node is an EINTERNAL
// error; a relationship of a node with itself is no tie and is left out.
func (b *builder) rows(batch []graph.NetworkEdge, p *pending) error {
	p.rows, p.ids, p.ends = p.rows[:0], p.ids[:0], p.ends[:0]
	for _, e := range batch {
		p.ends = append(p.ends, e.From, e.To)
	}
	if n := len(p.ends); cap(p.index) < n {
		p.index, p.hash = make([]int32, n), make([]uint64, n)
	}
	p.index, p.hash = p.index[:len(p.ends)], p.hash[:len(p.ends)]
	b.index.lookupAll(p.ends, p.index, p.hash)
	clear(p.ends) // let the stream's strings go
	for k, e := range batch {
		u, v := p.index[2*k], p.index[2*k+1]
		if u < 0 || v < 0 {
			return graph.Errorf(graph.EINTERNAL, "relationship %q has an end that is not a node", e.ID)
		}
		if u == v {
			continue
		}
		r := pendingRow{u: min(u, v), v: max(u, v), flags: relCode(0, 0, 0, v < u), stated: e.Strength, typ: e.Type, nature: e.Nature, level: e.Level}
		if isDated(e) {
			r.flags |= relDated
		}
		if !derivedID(e.ID, e.Type, b.nodes[u].ID, b.nodes[v].ID) {
			r.flags |= rowOwnID
			r.idLen = uint32(len(e.ID))
			p.ids = append(p.ids, e.ID...)
		}
		p.rows = append(p.rows, r)
	}
	b.rowMu.Lock()
	defer b.rowMu.Unlock()
	if uint64(len(b.ids))+uint64(len(p.ids)) > math.MaxUint32 {
		return graph.Errorf(graph.EINTERNAL, "the relationship ids of the network exceed 4 GiB")
	}
	ids := p.ids
	for _, r := range p.rows {
		t, err := b.types.code(r.typ)
		if err != nil {
			return err
		}
		na, err := b.natures.code(r.nature)
		if err != nil {
			return err
		}
		le, err := b.levels.code(r.level)
		if err != nil {
			return err
		}
		if r.flags&rowOwnID != 0 {
			b.ids = append(b.ids, ids[:r.idLen]...)
			ids = ids[r.idLen:]
			b.owned++
		}
		b.u, b.v, b.code = append(b.u, r.u), append(b.v, r.v), append(b.code, relCode(t, na, le, false)|r.flags)
		b.stated = append(b.stated, r.stated)
		b.idEnd = append(b.idEnd, uint32(len(b.ids)))
	}
	return nil
}

// rowOwnID marks the code of a row stored under an id of its own (see
// builder.ids); the snapshot's codes do not carry it.
const rowOwnID = 1 << 31

// rowID returns the id of row i: its own, or the one derived from its
// type and ends, which it builds.
func (b *builder) rowID(i int32) string {
	if b.code[i]&rowOwnID != 0 {
		lo := uint32(0)
		if i > 0 {
			lo = b.idEnd[i-1]
		}
		return string(b.ids[lo:b.idEnd[i]])
	}
	from, to := b.nodes[b.u[i]].ID, b.nodes[b.v[i]].ID
	if codeBack(b.code[i]) {
		from, to = to, from
	}
	return graph.RelationshipID(b.types.vals[uint8(b.code[i])], from, to)
}

// derivedID reports whether id is the one graph.RelationshipID derives
// from type t and the ends from and to, so that the snapshot need not keep
// it; it compares in place, building no string, and looks at the ends
// only when id starts with the type.
func derivedID(id string, t graph.RelType, from, to string) bool {
	n := len(t)
	if len(id) <= n || id[:n] != string(t) || id[n] != ':' {
		return false
	}
	from, to = graph.RelationshipIDEnds(t, from, to)
	f := len(from)
	return len(id) == n+f+len(to)+2 && id[n+1:n+1+f] == from && id[n+1+f] == ':' && id[n+2+f:] == to
}

// without leaves the nodes drop out, with every row at them: the nodes
// after them and the rows' ends move down, in O(n + m).
func (b *builder) without(drop map[string]bool) {
	remap := make([]int32, len(b.nodes))
	kept := b.nodes[:0]
	for i, x := range b.nodes {
		remap[i] = -1
		if !drop[x.ID] {
			remap[i] = int32(len(kept))
			kept = append(kept, x)
		}
	}
	if len(kept) == len(b.nodes) {
		return
	}
	clear(b.nodes[len(kept):])
	b.nodes = kept
	b.index = newIDIndex(func(i int) string { return b.nodes[i].ID }, len(b.nodes))
	w, lo, end := 0, uint32(0), uint32(0)
	b.owned = 0
	for i := range b.u {
		hi := b.idEnd[i]
		if u, v := remap[b.u[i]], remap[b.v[i]]; u >= 0 && v >= 0 {
			b.u[w], b.v[w], b.code[w], b.stated[w] = u, v, b.code[i], b.stated[i]
			end += uint32(copy(b.ids[end:], b.ids[lo:hi]))
			b.idEnd[w] = end
			if b.code[i]&rowOwnID != 0 {
				b.owned++
			}
			w++
		}
		lo = hi
	}
	b.u, b.v, b.code, b.stated, b.idEnd, b.ids = b.u[:w], b.v[:w], b.code[:w], b.stated[:w], b.idEnd[:w], b.ids[:end]
}

// finish builds the snapshot at version without the nodes drop (and their
// rows; see without): the ties grouped from the rows by
// two stable counting sorts (by larger end, then by smaller end), so that
// they come out sorted by (U, V) in O(n + m); each tie's relationships
// ordered strongest first (equal strengths by id); the ids of their own
// gathered in that order; the row columns put into it in place (permute),
// so that they become the relationship table's and the builder's
// columns are never copied while the snapshot's are made; the CSR
// adjacency filled in tie order, which leaves every node's neighbours
// sorted. The snapshot has no evidence and the default day and rules; see
// Snapshot.with.
func (b *builder) finish(version int64, drop map[string]bool) (*Snapshot, error) {
	if err := b.stop(); err != nil {
		return nil, err
	}
	if b.index == nil {
		b.sorted = true
		b.sortNodes()
	}
	if len(drop) > 0 {
		b.without(drop)
	}
	n, rows := len(b.nodes), len(b.u)
	order := countingSort(b.v, n, nil)
	order = countingSort(b.u, n, order)
	same := func(i, j int32) bool { return b.u[i] == b.u[j] && b.v[i] == b.v[j] }
	rt := &relTable{types: b.types.vals, natures: b.natures.vals, levels: b.levels.vals}
	rt.bits = make([]uint16, len(rt.types))
	for i, t := range rt.types {
		rt.bits[i] = typeBit(t)
	}
	// Each tie's rows strongest first (equal strengths by id), and the ids
	// of their own gathered in that order at their size: no slice grows by
	// appending and the string is not copied again.
	var ids strings.Builder
	ids.Grow(len(b.ids))
	rt.other, rt.otherOff = make([]int32, 0, b.owned), make([]uint32, 1, b.owned+1)
	ties := 0
	for k := 0; k < rows; {
		j := k + 1
		for j < rows && same(order[k], order[j]) {
			j++
		}
		if group := order[k:j]; len(group) > 1 {
			slices.SortStableFunc(group, func(x, y int32) int {
				if c := cmp.Compare(b.stated[y], b.stated[x]); c != 0 {
					return c
				}
				return strings.Compare(b.rowID(x), b.rowID(y))
			})
		}
		for r := k; r < j; r++ {
			if i := order[r]; b.code[i]&rowOwnID != 0 {
				lo := uint32(0)
				if i > 0 {
					lo = b.idEnd[i-1]
				}
				ids.Write(b.ids[lo:b.idEnd[i]])
				rt.other, rt.otherOff = append(rt.other, int32(r)), append(rt.otherOff, uint32(ids.Len()))
			}
		}
		ties++
		k = j
	}
	rt.otherIDs = ids.String()
	b.ids, b.idEnd = nil, nil
	// The rows take that order in place, and become the relationship
	// table's columns; the ties are read off the sorted ends.
	b.permute(order)
	order = nil
	rt.off = make([]int32, 0, ties+1)
	s := &Snapshot{Version: version, Nodes: b.nodes, index: b.index, rel: rt, Ties: make([]Tie, 0, ties), lazy: &lazyParts{}, live: b.live}
	for r := range rows {
		if r == 0 || b.u[r] != b.u[r-1] || b.v[r] != b.v[r-1] {
			rt.off = append(rt.off, int32(r))
			s.Ties = append(s.Ties, Tie{U: b.u[r], V: b.v[r], Strength: b.stated[r]})
		}
		b.code[r] &^= rowOwnID
	}
	rt.off = append(rt.off, int32(rows))
	rt.code, rt.stated = atSize(b.code), atSize(b.stated)
	b.u, b.v, b.code, b.stated = nil, nil, nil, nil
	rt.dated = b.datedAffiliations()
	s.stated = s.Ties
	s.strength = rt.stated

	s.Off = make([]int32, n+1)
	for _, t := range s.Ties {
		s.Off[t.U+1]++
		s.Off[t.V+1]++
	}
	for i := 1; i <= n; i++ {
		s.Off[i] += s.Off[i-1]
	}
	s.Adj = make([]int32, 2*len(s.Ties))
	s.TieOf = make([]int32, 2*len(s.Ties))
	fill := slices.Clone(s.Off[:n])
	// Ties arrive sorted by (U, V): node x first gets its neighbours below
	// it (as V, in increasing U), then those above it (as U, in increasing
	// V), so every list is sorted.
	for i, t := range s.Ties {
		s.Adj[fill[t.U]], s.TieOf[fill[t.U]] = t.V, int32(i)
		fill[t.U]++
		s.Adj[fill[t.V]], s.TieOf[fill[t.V]] = t.U, int32(i)
		fill[t.V]++
	}
	return s, nil
}

// permute puts the rows in order in place: row r becomes the row that was
// order[r] (a permutation of the rows). The ends on one goroutine and the
// codes and strengths on another follow the permutation's cycles, each
// marking the rows done in a bitset: O(m) moves and 2m bits, where
// gathering the columns into new ones would take 24 bytes a row at the
// moment the snapshot's other columns are made. A cycle is a chain of
// dependent cache misses, so the two halves run at once.
func (b *builder) permute(order []int32) {
	var wg sync.WaitGroup
	wg.Go(func() { permuteInPlace(order, b.u, b.v) })
	permuteInPlace(order, b.code, b.stated)
	wg.Wait()
}

// permuteInPlace makes x[r], y[r] the x[order[r]], y[order[r]] of before.
func permuteInPlace[X, Y any](order []int32, x []X, y []Y) {
	done := make([]uint64, (len(order)+63)/64)
	for start := range order {
		if done[start/64]&(1<<(start%64)) != 0 {
			continue
		}
		x0, y0 := x[start], y[start]
		for j := start; ; {
			done[j/64] |= 1 << (j % 64)
			k := int(order[j])
			if k == start {
				x[j], y[j] = x0, y0
				break
			}
			x[j], y[j] = x[k], y[k]
			j = k
		}
	}
}

// atSize returns x, or a copy at its length when x holds more than an
// eighth of it unused (the stream's count was larger than what was kept:
// ended relationships, a node's ties with itself).
func atSize[T any](x []T) []T {
	if cap(x)-len(x) > len(x)/8 {
		return slices.Clone(x)
	}
	return x
}

// isDated reports whether e is an affiliation with a start or an end day
// (relTable.dated).
func isDated(e graph.NetworkEdge) bool {
	return e.Type.Affiliation() && (!e.Since.IsZero() || !e.Until.IsZero())
}

// datedAffiliations resolves the ends of the dated affiliations (after
// without): those of a person with an organisation, both in the snapshot,
// per person index, each person's ordered by organisation, start day,
// type and end day, whatever order the stream gave them in; nil when
// there are none.
func (b *builder) datedAffiliations() map[int32][]affiliation {
	if len(b.dated) == 0 {
		return nil
	}
	out := map[int32][]affiliation{}
	for _, e := range b.dated {
		p, okP := b.index.lookup(e.From)
		o, okO := b.index.lookup(e.To)
		if !okP || !okO || b.nodes[p].Kind != graph.KindPerson || b.nodes[o].Kind != graph.KindOrganisation {
			continue
		}
		out[p] = append(out[p], affiliation{org: o, typ: e.Type, since: e.Since, until: e.Until})
	}
	for _, as := range out {
		slices.SortFunc(as, func(x, y affiliation) int {
			return cmp.Or(cmp.Compare(x.org, y.org), x.since.Compare(y.since), cmp.Compare(x.typ, y.typ), x.until.Compare(y.until))
		})
	}
	b.dated = nil
	return out
}

// countingSort returns the indexes 0…len(key)-1 (or those of order, in
// its order, when order is not nil) stably sorted by key, whose values are
// in [0, n): O(n + len(key)).
func countingSort(key []int32, n int, order []int32) []int32 {
	count := make([]int32, n+1)
	for _, k := range key {
		count[k+1]++
	}
	for i := 1; i <= n; i++ {
		count[i] += count[i-1]
	}
	out := make([]int32, len(key))
	if order == nil {
		for i, k := range key {
			out[count[k]] = int32(i)
			count[k]++
		}
		return out
	}
	for _, i := range order {
		k := key[i]
		out[count[k]] = i
		count[k]++
	}
	return out
}
