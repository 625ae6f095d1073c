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

// The derived tie types: ties the routing makes that no relationship
// states. They appear as Step.Type and may be named in AllowTypes; the
// stores never hold them.
const (
	// RelContacts is an evidence tie: logged contacts between one of our
	// employees and a stakeholder with no relationship stated between
	// them (Step.Evidence holds the evidence).
	RelContacts graph.RelType = "contacts"
	// RelColleague is a colleague step: two people affiliated with one
	// organisation (Step.Organisation names it; see graph.PathRules).
	RelColleague graph.RelType = "colleague"
)

// HopType reports whether t may be named in PathQuery.AllowTypes: a type of
// the vocabulary (graph.RelTypes) or a derived one.
func HopType(t graph.RelType) bool { return t.Valid() || t == RelContacts || t == RelColleague }

// Type bits of the derived ties (the vocabulary uses the low bits, an
// unknown type bit 15; see typeBit).
const (
	bitContacts  uint16 = 1 << 13
	bitColleague uint16 = 1 << 14
)

// routeTie is a tie the routing may travel between two nodes: a stated tie
// of the snapshot (tie ≥ 0, an index in Snapshot.Ties) whose relationships
// of the usable types (mask) can carry an introduction, derived ties (an
// evidence tie, colleague steps: routeIndex.derived), or both. Its ends are
// not kept: its two arcs name them (routeIndex.tieOf). It holds no string
// or pointer (24 bytes).
type routeTie struct {
	best    float64 // the strength of the strongest usable stated relationship
	tie     int32   // index in Snapshot.Ties, or -1
	derived int32   // index in routeIndex.derived, or -1
	mask    uint16  // usable type bits of the stated relationships
	bestBit uint16  // the type bit of the strongest usable stated relationship
}

// derivedTies are the derived ties on one pair: kept beside the route
// ties, since most pairs have none (32 bytes).
type derivedTies struct {
	contact float64 // the evidence tie's strength; 0 when none
	// collStrength and collOrg are the two strongest colleague steps at
	// different organisations, strongest first (strength 0: none; see
	// coll). Two, because a colleague step at the target organisation is
	// not used. Kept as two arrays, not as two colleagueSteps, which
	// padding would make 8 bytes longer.
	collStrength [2]float64
	collOrg      [2]int32
}

// coll returns colleague step i (0 or 1) of the pair.
func (t *derivedTies) coll(i int) colleagueStep {
	return colleagueStep{strength: t.collStrength[i], org: t.collOrg[i]}
}

// setColl sets colleague step i (0 or 1) of the pair.
func (t *derivedTies) setColl(i int, c colleagueStep) {
	t.collStrength[i], t.collOrg[i] = c.strength, c.org
}

// colleagueStep is a colleague step at organisation org (an index).
type colleagueStep struct {
	strength float64
	org      int32
}

// derived is a derived tie: evidence (RelContacts) or a colleague step.
type derived struct {
	typ      graph.RelType
	strength float64
	org      int32 // the shared organisation of a colleague step
}

// Carriers of a route tie, as carry reports them.
const (
	carryNone int8 = iota - 1
	carryStated
	carryContact
	carryColleague0
	carryColleague1
)

// carry returns the strength of route tie i's best carrier whose type bit
// is in allow (0 allows every type) and which is no colleague step at the
// organisation target (-1: none), and which carrier that is (carryStated
// when a stated relationship ties with a derived tie; carryNone and 0 when
// nothing may carry the hop). s is the index's snapshot.
func (ix *routeIndex) carry(s *Snapshot, i int32, allow uint16, target int32) (float64, int8) {
	t := &ix.ties[i]
	v, which := 0.0, carryNone
	switch {
	case t.mask == 0:
	case allow == 0 || t.bestBit&allow != 0:
		v, which = t.best, carryStated
	case t.mask&allow != 0:
		if r := s.usableRel(t.tie, t.mask&allow); r >= 0 {
			v, which = s.strength[r], carryStated
		}
	}
	if t.derived < 0 {
		return v, which
	}
	d := &ix.derived[t.derived]
	if d.contact > v && (allow == 0 || allow&bitContacts != 0) {
		v, which = d.contact, carryContact
	}
	if allow == 0 || allow&bitColleague != 0 {
		for i := range len(d.collStrength) {
			if c := d.coll(i); c.strength > 0 && c.org != target {
				if c.strength > v {
					v, which = c.strength, carryColleague0+int8(i)
				}
				break
			}
		}
	}
	return v, which
}

// usableRel returns the strongest relationship of tie t whose type bit is
// in bits, or -1.
func (s *Snapshot) usableRel(t int32, bits uint16) int32 {
	rt := s.rel
	for r := rt.off[t]; r < rt.off[t+1]; r++ { // strongest first
		if rt.bit(r)&bits != 0 {
			return r
		}
	}
	return -1
}

// addColleague keeps d among the pair's two strongest colleague steps at
// different organisations.
func (t *derivedTies) addColleague(d colleagueStep) {
	switch {
	case d.strength <= t.collStrength[0]:
		if d.strength > t.collStrength[1] {
			t.setColl(1, d)
		}
	default:
		t.setColl(1, t.coll(0))
		t.setColl(0, d)
	}
}

// routeIndex is what warm paths and brokers derive from a snapshot once:
// the ties an introduction may travel with their CSR adjacency, the cost
// of every arc, base node roles and the employees who may start a path.
//
// The routing graph is the snapshot's with the rules of graph.PathRules
// applied: ties between two organisations are left out; a tie between a
// person and an organisation keeps only its affiliation relationships
// (graph.RelType.Affiliation); a tie between one of our employees and an
// organisation, and ties between people, keep every relationship; evidence
// ties and colleague steps are added. Organisations are never
// intermediates (they are not rInter), so a tie at an organisation is only
// ever travelled into or out of the target.
//
// Memory: a routeTie (24 bytes) per tie kept, per arc its neighbour, tie
// and cost (16 bytes): 56 bytes per tie, and 32 per pair with derived
// ties; about 66 bytes per route tie in all on the demo networks
// (BenchmarkRouteIndex, TestRouteIndexBytes). The cost stays per arc, beside
// the neighbour the kernels read with it: kept once per tie and read
// through tieOf it would save 8 bytes a tie more, but the fastest of
// eleven interleaved runs of the warm-path and broker benchmarks was 8 and
// 25% slower with it (medians alike, load average 3–7).
// It is built in O(n + m + d) for d derived ties (evidence ties and
// colleague steps): the stated ties come in order from the snapshot and
// the derived ones are grouped by two counting sorts.
type routeIndex struct {
	ties      []routeTie
	derived   []derivedTies
	off       []int32 // CSR over ties: the neighbours of i are adj[off[i]:off[i+1]], ascending
	adj       []int32
	tieOf     []int32 // per arc: index in ties
	arcCost   []int64 // per arc: the cost of the tie's best carrier
	role      []uint8 // rEmployee for employees; rInter for people who may introduce
	employees []int32 // who may start a path: employees who have not left
}

// routeIndex returns the snapshot's route index, building it on first use.
func (s *Snapshot) routeIndex() *routeIndex {
	s.lazy.routesOnce.Do(func() {
		s.lazy.routes = buildRouteIndex(s)
		s.lazy.built.Store(s.lazy.routes)
	})
	return s.lazy.routes
}

func buildRouteIndex(s *Snapshot) *routeIndex {
	ix := &routeIndex{role: make([]uint8, len(s.Nodes))}
	for i, n := range s.Nodes {
		switch n.Kind {
		case graph.KindEmployee:
			ix.role[i] |= rEmployee
			if !n.Left(s.Day) {
				ix.role[i] |= rInter
				ix.employees = append(ix.employees, int32(i))
			}
		case graph.KindPerson:
			if !n.DoNotRoute {
				ix.role[i] |= rInter
			}
		}
	}
	// The derived ties, in the order they are found (evidence, then
	// colleague steps by organisation), stably sorted by pair, then merged
	// with the stated ties, which come in pair order from the snapshot.
	var du, dv, dorg []int32
	var dstrength []float64
	derive := func(a, b, org int32, strength float64) {
		du, dv = append(du, min(a, b)), append(dv, max(a, b))
		dorg, dstrength = append(dorg, org), append(dstrength, strength)
	}
	s.evidence.all(func(k nodePair, l pairLog) bool {
		if l.ev.Derived && l.ev.Strength > 0 {
			u, v := k.nodes()
			derive(u, v, -1, l.ev.Strength) // org -1: the evidence tie
		}
		return true
	})
	colleagues(s, derive)
	var order []int32
	if len(du) > 0 {
		order = countingSort(du, len(s.Nodes), countingSort(dv, len(s.Nodes), nil))
	}
	ix.ties = make([]routeTie, 0, len(s.Ties)+len(order))
	// ends are the ties' ends (u < v) while the adjacency is made.
	ends := make([]nodePair, 0, cap(ix.ties))
	// derivedOn applies the derived ties on pair (u, v), from order[j] on,
	// to t and returns where the next pair starts.
	derivedOn := func(t *routeTie, u, v int32, j int) int {
		if j == len(order) || du[order[j]] != u || dv[order[j]] != v {
			return j
		}
		t.derived = int32(len(ix.derived))
		ix.derived = append(ix.derived, derivedTies{})
		d := &ix.derived[t.derived]
		for ; j < len(order) && du[order[j]] == u && dv[order[j]] == v; j++ {
			if k := order[j]; dorg[k] < 0 {
				d.contact = dstrength[k]
			} else {
				d.addColleague(colleagueStep{strength: dstrength[k], org: dorg[k]})
			}
		}
		return j
	}
	// only adds the route ties of the derived pairs before (u, v) that have
	// no stated tie.
	j := 0
	only := func(u, v int32) {
		for j < len(order) && (du[order[j]] < u || du[order[j]] == u && dv[order[j]] < v) {
			a, b := du[order[j]], dv[order[j]]
			ix.ties, ends = append(ix.ties, routeTie{tie: -1, derived: -1}), append(ends, pairOf(a, b))
			j = derivedOn(&ix.ties[len(ix.ties)-1], a, b, j)
		}
	}
	for i, t := range s.Ties {
		r := statedRoute(s, int32(i))
		if r.mask == 0 {
			continue
		}
		only(t.U, t.V)
		ix.ties, ends = append(ix.ties, r), append(ends, pairOf(t.U, t.V))
		j = derivedOn(&ix.ties[len(ix.ties)-1], t.U, t.V, j)
	}
	only(int32(len(s.Nodes)), 0)
	ix.ties = slices.Clip(ix.ties)

	n := len(s.Nodes)
	ix.off = make([]int32, n+1)
	for _, e := range ends {
		u, v := e.nodes()
		ix.off[u+1]++
		ix.off[v+1]++
	}
	for i := 1; i <= n; i++ {
		ix.off[i] += ix.off[i-1]
	}
	ix.adj = make([]int32, 2*len(ix.ties))
	ix.tieOf = make([]int32, 2*len(ix.ties))
	ix.arcCost = make([]int64, 2*len(ix.ties))
	fill := slices.Clone(ix.off[:n])
	// Ties in (u, v) order leave every node's neighbours sorted (as in
	// the snapshot's CSR).
	for i, e := range ends {
		u, v := e.nodes()
		st, _ := ix.carry(s, int32(i), 0, -1)
		c := tieCost(st)
		ix.adj[fill[u]], ix.tieOf[fill[u]], ix.arcCost[fill[u]] = v, int32(i), c
		fill[u]++
		ix.adj[fill[v]], ix.tieOf[fill[v]], ix.arcCost[fill[v]] = u, int32(i), c
		fill[v]++
	}
	return ix
}

// affiliationBits are the type bits of the affiliations.
var affiliationBits = typeBit(graph.RelWorksAt) | typeBit(graph.RelBoardMemberOf)

// statedRoute returns the route tie of tie i of s, without derived ties:
// its relationships that may carry a hop (all of them, but only the
// affiliations of a person's tie to an organisation, none of a tie between
// two organisations, which is context, never a step) and the strongest of
// them; mask 0 when none may.
func statedRoute(s *Snapshot, i int32) routeTie {
	t := s.Ties[i]
	r := routeTie{tie: i, derived: -1}
	ku, kv := s.Nodes[t.U].Kind, s.Nodes[t.V].Kind
	mask := ^uint16(0)
	switch {
	case ku == graph.KindOrganisation && kv == graph.KindOrganisation:
		return r
	case ku == graph.KindPerson && kv == graph.KindOrganisation, ku == graph.KindOrganisation && kv == graph.KindPerson:
		mask = affiliationBits
	}
	rt := s.rel
	for k := rt.off[i]; k < rt.off[i+1]; k++ { // strongest first
		if b := rt.bit(k); b&mask != 0 {
			if r.mask == 0 {
				r.best, r.bestBit = s.strength[k], b
			}
			r.mask |= b
		}
	}
	return r
}

// member is one of an organisation's people and the strength of her
// affiliation with it (membership).
type member struct {
	x int32
	s float64
}

// membership returns the strength with which node x, at an end of tie t
// whose other end is an organisation, counts as one of its people for
// colleague steps: that of x's strongest affiliation relationship on t
// running from x, when x is a person or an employee who has not left and
// that strength is above 0; else 0.
func (s *Snapshot) membership(x, t int32) float64 {
	nx := s.Nodes[x]
	if !(nx.Kind == graph.KindPerson || nx.Kind == graph.KindEmployee && !nx.Left(s.Day)) {
		return 0
	}
	rt := s.rel
	for r := rt.off[t]; r < rt.off[t+1]; r++ { // strongest first
		if rt.relType(r).Affiliation() && s.relFrom(t, r) == x {
			if v := s.strength[r]; v > 0 {
				return v
			}
			return 0
		}
	}
	return 0
}

// members appends to buf the people of organisation o (membership), in
// index order, stopping after limit of them.
func (s *Snapshot) members(o int32, buf []member, limit int) []member {
	for k := s.Off[o]; k < s.Off[o+1] && len(buf) < limit; k++ {
		x := s.Adj[k]
		if m := s.membership(x, s.TieOf[k]); m > 0 {
			buf = append(buf, member{x, m})
		}
	}
	return buf
}

// colleagues calls add for every colleague step of the rules of s: each
// pair of people (employees who have not left, and persons) affiliated with
// one organisation that has at most ColleagueMaxPeople affiliated people,
// with strength ColleagueStrength · min of their two affiliation strengths
// (each the strongest affiliation relationship of the person with the
// organisation). A pair that shares several organisations is called once
// per organisation; the routing keeps the strongest. Nothing when
// ColleagueStrength is 0.
func colleagues(s *Snapshot, add func(a, b, org int32, strength float64)) {
	c := s.Rules.ColleagueStrength
	if !(c > 0) {
		return
	}
	var members []member
	for o := range s.Nodes {
		if s.Nodes[o].Kind != graph.KindOrganisation {
			continue
		}
		members = s.members(int32(o), members[:0], s.Rules.ColleagueMaxPeople+1)
		if len(members) < 2 || len(members) > s.Rules.ColleagueMaxPeople {
			continue
		}
		for i, a := range members {
			for _, b := range members[i+1:] {
				add(a.x, b.x, int32(o), c*min(a.s, b.s))
			}
		}
	}
}

// typeBit returns the bit of relationship type t: its position in
// graph.RelTypes, the derived types' bits, or bit 15 for a type outside
// both (which no AllowTypes filter can name).
func typeBit(t graph.RelType) uint16 {
	for i, spec := range graph.RelTypes {
		if spec.Type == t {
			return 1 << i
		}
	}
	switch t {
	case RelContacts:
		return bitContacts
	case RelColleague:
		return bitColleague
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
	// target is the organisation paths lead to, or -1: a colleague step at
	// it is no step towards it (its people reach it directly), so arcs
	// ignore colleague steps at target (see setTarget).
	target int32
	// coldCost is the largest cost of a warm path (Brokers); costInf
	// counts every path.
	coldCost int64
}

// coldCost returns the largest rounded cost of a warm path under the
// threshold minStrength (PathQuery.MinStrength: 0 for the rules' MinWarm,
// negative for none).
func coldCost(s *Snapshot, minStrength float64) (int64, error) {
	switch {
	case minStrength == 0:
		return tieCost(s.Rules.MinWarm), nil
	case minStrength < 0:
		return costInf, nil
	case math.IsNaN(minStrength) || minStrength > 1:
		return 0, graph.Invalid("min_strength", "%v is above 1", minStrength)
	}
	return tieCost(minStrength), nil
}

// setTarget sets the target of the queries that follow: x when it is an
// organisation, else none.
func (r *routing) setTarget(x int32) {
	r.target = -1
	if r.s.Nodes[x].Kind == graph.KindOrganisation {
		r.target = x
	}
}

// arc returns the cost of arc k of the route index under the query's
// type filter: the cost of the tie's best carrier of an allowed type.
func (r *routing) arc(k int32) int64 {
	if r.allow == 0 && r.target < 0 {
		return r.ix.arcCost[k]
	}
	v, _ := r.ix.carry(r.s, r.ix.tieOf[k], r.allow, r.target)
	return tieCost(v)
}

// carrier returns what carries route tie t under the query: the
// strongest stated relationship of a usable, allowed type, or the derived
// tie when that is stronger.
func (r *routing) carrier(t int32) (graph.NetworkEdge, *derived) {
	rt := &r.ix.ties[t]
	_, which := r.ix.carry(r.s, t, r.allow, r.target)
	switch which {
	case carryStated:
		bits := rt.mask
		if r.allow != 0 {
			bits &= r.allow
		}
		return r.s.edge(rt.tie, r.s.usableRel(rt.tie, bits)), nil
	case carryContact:
		return graph.NetworkEdge{}, &derived{typ: RelContacts, strength: r.ix.derived[rt.derived].contact}
	case carryColleague0, carryColleague1:
		c := r.ix.derived[rt.derived].coll(int(which - carryColleague0))
		return graph.NetworkEdge{}, &derived{typ: RelColleague, strength: c.strength, org: c.org}
	}
	panic("analysis: carrier: tie has no relationship of an allowed type") // callers checked arc
}

// slot returns the arc u→v of the route index, or -1.
func (r *routing) slot(u, v int32) int32 { return r.ix.arcAt(u, v) }

// markNear sets rNear on every routable neighbour of a start reached by a
// usable arc.
func (r *routing) markNear() {
	for _, u := range r.starts {
		for k := r.ix.off[u]; k < r.ix.off[u+1]; k++ {
			y := r.ix.adj[k]
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
	n := t.n
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
			for k := r.ix.off[x]; k < r.ix.off[x+1]; k++ {
				y := r.ix.adj[k]
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
		for a := r.ix.off[x]; a < r.ix.off[x+1]; a++ {
			y := r.ix.adj[a]
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
