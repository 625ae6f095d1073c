package analysis

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/relmap/relmap/graph"
)

// Limits and defaults of warm-path and broker queries.
const (
	// DefaultK is the number of paths WarmPaths returns when K is 0.
	DefaultK = 5
	// MaxK is the largest K a query may ask for.
	MaxK = 100
	// DefaultMaxHops is the hop cap when MaxHops is 0: an introduction
	// through more than three intermediaries is not warm (DESIGN §3).
	DefaultMaxHops = 4
	// HopLimit is the largest MaxHops a query may ask for.
	HopLimit = 8
)

// PathQuery asks WarmPaths for introduction paths. Only To is required.
type PathQuery struct {
	// From are the employees paths may start from; empty means every
	// employee.
	From []string `json:"from,omitempty"`
	// To is the target: a person, or an organisation (see WarmPaths).
	To string `json:"to"`
	// K is the number of paths wanted, 1…MaxK; 0 means DefaultK.
	K int `json:"k,omitempty"`
	// MaxHops caps the ties on a path, 1…HopLimit; 0 means
	// DefaultMaxHops.
	MaxHops int `json:"max_hops,omitempty"`
	// Exclude are nodes no path may contain.
	Exclude []string `json:"exclude,omitempty"`
	// Via, when set, is a node every path must pass through as an
	// intermediate.
	Via string `json:"via,omitempty"`
	// AllowTypes, when not empty, are the only relationship types a hop
	// may use (see WarmPaths).
	AllowTypes []graph.RelType `json:"allow_types,omitempty"`
	// MaxDegree, when above 0, suppresses hubs: a node with more distinct
	// neighbours than MaxDegree is never an intermediate (it may still be
	// the start, the target or the Via node). 0 switches this off.
	MaxDegree int `json:"max_degree,omitempty"`
	// MinStrength is the least strength of a warm path: weaker paths are
	// cold, counted in PathResult.Cold and never returned as warm. 0 means
	// the snapshot's rules (graph.PathRules.MinWarm); a negative value
	// returns cold paths too.
	MinStrength float64 `json:"min_strength,omitempty"`
}

// PathResult is the answer of FindPaths.
type PathResult struct {
	// Paths are the warm paths among the K best, best first.
	Paths []Path `json:"paths"`
	// Cold counts the paths among the K best that are weaker than
	// MinStrength: they exist but are not warm.
	Cold int `json:"cold"`
	// MinStrength is the threshold applied (0 when none).
	MinStrength float64 `json:"min_strength"`
}

// Path is one warm introduction path, from an employee to the target.
type Path struct {
	// From is the employee the path starts at; To is the target.
	From string `json:"from"`
	To   string `json:"to"`
	// Nodes are the path's nodes from From to To.
	Nodes []PathNode `json:"nodes"`
	// Steps are its hops, Steps[i] from Nodes[i] to Nodes[i+1].
	Steps []Step `json:"steps"`
	// Hops is the number of ties, len(Steps).
	Hops int `json:"hops"`
	// Strength is the product of the hops' strengths, in [0,1].
	Strength float64 `json:"strength"`
	// Cost is Σ −ln(strength) over the hops: −ln Strength.
	Cost float64 `json:"cost"`
	// Explanation is the path as one sentence: "Anna knows Jan de Vries
	// (0.8), who is on the board of Fonds X (0.9)".
	Explanation Text `json:"explanation"`
}

// Introducer returns whom our employee asks for the introduction the path
// describes: its first intermediate, the person (or colleague) next to the
// employee. ok is false for a direct tie. Every advice that names an
// intermediary for a target — the stakeholder page, conformance's develop
// advice, the brokers' introductions — names the Introducer of the
// target's best warm path.
func (p Path) Introducer() (n PathNode, ok bool) {
	if len(p.Nodes) < 3 {
		return PathNode{}, false
	}
	return p.Nodes[1], true
}

// PathNode is a node on a path.
type PathNode struct {
	ID   string     `json:"id"`
	Name string     `json:"name"`
	Kind graph.Kind `json:"kind"`
}

// Step is one hop of a path: the relationship it travels and how it reads.
type Step struct {
	From string `json:"from"`
	To   string `json:"to"`
	// Relationship is the id of the relationship the hop uses: of the
	// relationships between From and To, the strongest whose type the
	// query allows; empty for a derived tie.
	Relationship string `json:"relationship,omitempty"`
	// Type is the relationship's type, or a derived type: RelContacts (an
	// evidence tie) or RelColleague (a colleague step).
	Type graph.RelType `json:"type"`
	// Derived is set when no relationship carries the hop: the contacts
	// (Evidence) or a shared organisation (Organisation) make the tie.
	Derived bool `json:"derived,omitempty"`
	// Organisation is the organisation a colleague step shares.
	Organisation *PathNode `json:"organisation,omitempty"`
	// Reverse is set when the hop walks a directed relationship against
	// its direction (from an organisation to the person who works there).
	Reverse  bool    `json:"reverse,omitempty"`
	Strength float64 `json:"strength"`
	// Evidence, when set, is how the logged contacts between the hop's
	// employee and stakeholder turned the stated strength into Strength
	// (see TieEvidence and Cache.Contacts).
	Evidence *Evidence `json:"evidence,omitempty"`
	// Text is the hop as a sentence: "Jan de Vries works at Fonds X (0.9)".
	Text Text `json:"text"`
}

// WarmPaths returns the K best loopless introduction paths from the
// employees in q.From (all employees who have not left when empty) to
// q.To, each with at most q.MaxHops ties, best first, that are warm: of
// strength at least q.MinStrength (default: the snapshot's
// graph.PathRules.MinWarm). FindPaths also counts the cold ones.
//
// An introduction travels between people (graph.PathRules has the rules
// and their defaults): every intermediate step is one of our employees or
// a person, over a stated tie between people, an evidence tie (logged
// contacts with no stated tie: Step.Type RelContacts) or a colleague step
// (two people affiliated with one organisation: RelColleague). An
// organisation is never an intermediate step, and ties between
// organisations carry nothing.
//
// The routing graph is undirected (an introduction can travel a tie
// either way) with the cost of a tie of strength s
//
//	c(s) = −ln s,  so that  Σ c = −ln Π s
//
// and a path is better when its cost is lower, i.e. its product of
// strengths higher. Ties of strength 0 cannot carry an introduction.
//
// Order. Paths are ordered by cost, then by fewer hops, then by the
// lexicographic order of their sequences of node ids from the employee to
// the target (ids compared bytewise, as Go compares strings). Costs are
// compared after rounding each tie's cost to a multiple of 2⁻⁴⁰
// (≈ 9.1·10⁻¹³), so that paths whose ties have the same strengths in
// another order tie exactly; Path.Cost reports the unrounded sum. The
// result is the first K paths of this order among all qualifying paths —
// what Yen's k shortest loopless paths give, with the hop cap and this tie
// rule: distinct node sequences, each without a repeated node, so that an
// alternative always differs in at least one node (parallel relationships
// between two nodes are one tie and never make two paths) — then cut at
// the first cold one.
//
// What may be on a path:
//   - It starts at one employee of the From set and contains no other
//     employee of that set: a path through a colleague of the set is
//     reported from that colleague, who is nearer the target. Employees
//     outside the set may be intermediates (a colleague's introduction).
//     An employee who has left (graph.NetworkNode.Left on Snapshot.Day)
//     neither starts nor carries a path; naming one in From is EINVALID.
//   - Its intermediates are people: employees and persons, never an
//     organisation, and never a person who objected to being routed
//     through (graph.Person.DoNotRoute); such a person may be the target.
//   - No node of Exclude; every path contains Via as an intermediate when
//     it is set.
//   - With MaxDegree > 0, no intermediate has more than MaxDegree distinct
//     neighbours in the whole network (Snapshot.Degree), except Via.
//   - With AllowTypes, each hop uses the strongest relationship between
//     its two nodes whose type is allowed (derived ties are the types
//     RelContacts and RelColleague); hops without one are not possible.
//
// Organisation targets. A path to an organisation ends at the organisation
// node, with the tie into it as its last hop: one of its people's
// works_at or board_member_of relationship ("…, who works at Fonds X"),
// or any relationship of one of our employees with it (she holds it
// herself). A member organisation, a funder or a partner organisation is
// no way in. A colleague step at the target organisation is never used:
// its people reach it directly.
//
// Errors. Input is checked before any search: an unknown id in To, From,
// Exclude or Via is ENOTFOUND, and a wrong kind (To must be a person or
// organisation, From employees), a K or MaxHops out of range, an unknown
// type, a negative MaxDegree or a contradiction (To or Via excluded, Via
// equal to To, in From or a DoNotRoute person, an excluded employee named
// in From) is EINVALID; Error.Field names the field. No path is not an
// error: the result is empty. A cancelled ctx stops the search with its
// error. If more paths tie exactly than the search may hold (about two
// million partial paths, e.g. a million strength-1 paths), the result is
// EINVALID on To: the query must be narrowed.
//
// Algorithm and complexity. gonum's YenKShortestPaths has no hop cap and
// takes about half a minute per pair on 100k nodes, so WarmPaths runs a
// kernel over the snapshot's CSR adjacency, with gonum as its oracle in
// the tests. A hop-layered Bellman–Ford from the target (a node is
// expanded at layer i only when it improved there; the last two layers
// only enter the starts and their neighbours) gives, for every node x and
// budget b, the best (cost, hops) of walks from x to the target with at
// most b ties; with Via, a second one from Via bounds the walks through
// it. A best-first search (A*, Hart, Nilsson and Raphael 1968,
// doi:10.1109/TSSC.1968.300136) over loopless partial paths from the
// starts, guided by these exact lower bounds, then pops complete paths in
// (cost, hops) order; it stops once its best estimate is worse than the
// K-th complete path, and orders the tied paths by their ids. This
// enumerates the same paths as Yen's algorithm (Yen 1971,
// doi:10.1287/mnsc.17.11.712) with hop-bounded spur searches. The first
// part is O(H·E_b), E_b counting the arcs of the nodes within H−2 ties of
// the target; the second expands only prefixes of paths at least as good
// as the K-th, and prefixes whose best continuation would loop. On the
// demo network of 100k persons (137k nodes, 519k ties, 50 employees) a
// default query takes about 0.06 ms at the median and 0.3 ms at p99 on two
// cores (bench/paths). WarmPaths is safe for concurrent use; it reuses
// buffers through a sync.Pool. It panics if s is nil.
func WarmPaths(ctx context.Context, s *Snapshot, q PathQuery) ([]Path, error) {
	res, err := FindPaths(ctx, s, q)
	return res.Paths, err
}

// FindPaths is WarmPaths with the count of the cold paths among the K
// best: the K best paths are found as WarmPaths documents, without a
// threshold; those of strength below the threshold (q.MinStrength, or the
// rules' MinWarm) are counted as Cold and left out. Since paths come best
// first, the warm ones are a prefix.
func FindPaths(ctx context.Context, s *Snapshot, q PathQuery) (PathResult, error) {
	bound, err := coldCost(s, q.MinStrength)
	if err != nil {
		return PathResult{}, fmt.Errorf("warm paths: %w", err)
	}
	paths, err := kBestPaths(ctx, s, q)
	if err != nil {
		return PathResult{}, err
	}
	res := PathResult{Paths: paths}
	if bound != costInf {
		res.MinStrength = cmp.Or(q.MinStrength, s.Rules.MinWarm)
		for i, p := range paths { // compared as the search orders: on rounded costs
			if pathCost(p) > bound {
				res.Paths, res.Cold = paths[:i], len(paths)-i
				break
			}
		}
	}
	return res, nil
}

// pathCost is the rounded cost of p, Σ tieCost over its steps, the cost
// the search orders by.
func pathCost(p Path) int64 {
	var c int64
	for _, st := range p.Steps {
		c += tieCost(st.Strength)
	}
	return c
}

// kBestPaths is WarmPaths without the threshold.
func kBestPaths(ctx context.Context, s *Snapshot, q PathQuery) ([]Path, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	t, err := lookupStakeholder(s, "to", q.To)
	if err != nil {
		return nil, fmt.Errorf("warm paths: %w", err)
	}
	k := q.K
	if k == 0 {
		k = DefaultK
	}
	if k < 1 || k > MaxK {
		return nil, fmt.Errorf("warm paths: %w", graph.Invalid("k", "must be between 1 and %d", MaxK))
	}
	ps := pathSearches.Get().(*pathSearch)
	defer func() {
		if cap(ps.arena) > keepArena {
			ps.arena, ps.heap = nil, nil // after a query with many tied paths
		}
		pathSearches.Put(ps)
	}()
	r, err := newRouting(s, routeQuery{from: q.From, maxHops: q.MaxHops, exclude: q.Exclude, allow: q.AllowTypes, maxDegree: q.MaxDegree}, &ps.role)
	if err != nil {
		return nil, fmt.Errorf("warm paths: %w", err)
	}
	if r.role[t]&rExcluded != 0 {
		return nil, fmt.Errorf("warm paths: %w", graph.Invalid("exclude", "excludes the target %q", q.To))
	}
	via := int32(-1)
	if q.Via != "" {
		if via, err = lookupNode(s, "via", q.Via); err != nil {
			return nil, fmt.Errorf("warm paths: %w", err)
		}
		n := s.Nodes[via]
		switch {
		case via == t:
			err = graph.Invalid("via", "is the target")
		case r.role[via]&rExcluded != 0:
			err = graph.Invalid("via", "%q is excluded", q.Via)
		case r.role[via]&rStart != 0:
			err = graph.Invalid("via", "%q is one of the employees paths start from", q.Via)
		case n.Kind == graph.KindPerson && n.DoNotRoute:
			err = graph.Invalid("via", "%q does not want to be routed through", q.Via)
		case n.Kind == graph.KindOrganisation:
			err = graph.Invalid("via", "%q is an organisation: an introduction goes through people", q.Via)
		case n.Left(s.Day):
			err = graph.Invalid("via", "%q has left", q.Via)
		}
		if err != nil {
			return nil, fmt.Errorf("warm paths: %w", err)
		}
		r.role[via] |= rInter
	}
	r.role[t] &^= rInter
	r.setTarget(t)
	r.markNear()
	seqs, err := ps.ksp(ctx, r, t, via, k)
	if err != nil {
		return nil, err
	}
	out := make([]Path, len(seqs))
	for i, seq := range seqs {
		out[i] = r.path(seq)
	}
	return out, nil
}

// routeQuery is what warm paths and brokers share of their queries.
type routeQuery struct {
	from      []string
	maxHops   int
	exclude   []string
	allow     []graph.RelType
	maxDegree int
}

// newRouting validates q against s and sets up node roles in *buf (grown
// as needed): starts, routable intermediates, excluded nodes.
func newRouting(s *Snapshot, q routeQuery, buf *[]uint8) (*routing, error) {
	var starts []int32
	for _, id := range q.from {
		x, err := lookupNode(s, "from", id)
		if err != nil {
			return nil, err
		}
		if s.Nodes[x].Kind != graph.KindEmployee {
			return nil, graph.Invalid("from", "%q is not an employee", id)
		}
		if s.Nodes[x].Left(s.Day) {
			return nil, graph.Invalid("from", "%q has left (employment ended %s)", id, s.Nodes[x].End.Format(time.DateOnly))
		}
		starts = append(starts, x)
	}
	slices.Sort(starts)
	starts = slices.Compact(starts)

	hops := q.maxHops
	if hops == 0 {
		hops = DefaultMaxHops
	}
	if hops < 1 || hops > HopLimit {
		return nil, graph.Invalid("max_hops", "must be between 1 and %d", HopLimit)
	}
	var excluded []int32
	for _, id := range q.exclude {
		x, err := lookupNode(s, "exclude", id)
		if err != nil {
			return nil, err
		}
		excluded = append(excluded, x)
	}
	var allow uint16
	for _, t := range q.allow {
		if !HopType(t) {
			return nil, graph.Invalid("allow_types", "unknown relationship type %q", t)
		}
		allow |= typeBit(t)
	}
	if q.maxDegree < 0 {
		return nil, graph.Invalid("max_degree", "must not be negative")
	}

	ix := s.routeIndex()
	n := len(s.Nodes)
	if cap(*buf) < n {
		*buf = make([]uint8, n)
	}
	role := (*buf)[:n]
	copy(role, ix.role)
	if q.maxDegree > 0 {
		for i := range role {
			if int(s.Off[i+1]-s.Off[i]) > q.maxDegree {
				role[i] &^= rInter
			}
		}
	}
	for _, x := range excluded {
		if slices.Contains(starts, x) {
			return nil, graph.Invalid("exclude", "excludes %q, which from names", s.Nodes[x].ID)
		}
		role[x] = role[x]&rEmployee | rExcluded
	}
	if len(q.from) == 0 {
		for _, x := range ix.employees {
			if role[x]&rExcluded == 0 {
				starts = append(starts, x)
			}
		}
	}
	for _, x := range starts {
		role[x] = role[x]&^rInter | rStart
	}
	return &routing{s: s, ix: ix, hops: hops, allow: allow, role: role, starts: starts, target: -1}, nil
}

// lookupNode returns the index of node id, or ENOTFOUND naming field.
func lookupNode(s *Snapshot, field, id string) (int32, error) {
	if id == "" {
		return -1, graph.Invalid(field, "must not be empty")
	}
	x, ok := s.Index(id)
	if !ok {
		return -1, &graph.Error{Code: graph.ENOTFOUND, Field: field, Message: fmt.Sprintf("node %q not found", id)}
	}
	return x, nil
}

// lookupStakeholder is lookupNode for a person or organisation.
func lookupStakeholder(s *Snapshot, field, id string) (int32, error) {
	x, err := lookupNode(s, field, id)
	if err != nil {
		return -1, err
	}
	if !s.Nodes[x].Kind.IsStakeholder() {
		return -1, graph.Invalid(field, "%q is not a person or organisation", id)
	}
	return x, nil
}

// path turns a node sequence into a Path with its steps and explanation.
func (r *routing) path(seq []int32) Path {
	s := r.s
	p := Path{
		From:     s.Nodes[seq[0]].ID,
		To:       s.Nodes[seq[len(seq)-1]].ID,
		Nodes:    make([]PathNode, len(seq)),
		Steps:    make([]Step, len(seq)-1),
		Hops:     len(seq) - 1,
		Strength: 1,
	}
	hops := make([]hopText, len(seq)-1)
	for i, x := range seq {
		n := s.Nodes[x]
		p.Nodes[i] = PathNode{ID: n.ID, Name: n.Name, Kind: n.Kind}
		if i == 0 {
			continue
		}
		u := s.Nodes[seq[i-1]]
		e, d := r.carrier(r.ix.tieOf[r.slot(seq[i-1], x)])
		st := Step{From: u.ID, To: n.ID}
		h := hopText{from: u, to: n}
		if d != nil {
			st.Type, st.Strength, st.Derived = d.typ, d.strength, true
			if d.typ == RelColleague {
				org := pathNode(s, d.org)
				st.Organisation, h.org = &org, org.Name
			}
		} else {
			spec, _ := e.Type.Spec()
			st.Relationship, st.Type, st.Strength = e.ID, e.Type, e.Strength
			st.Reverse = e.From != u.ID && !spec.Symmetric
		}
		if ev, ok := s.Evidence(u.ID, n.ID); ok && st.Type != RelColleague {
			st.Evidence = &ev
		}
		h.typ, h.reverse, h.strength = st.Type, st.Reverse, st.Strength
		st.Text = stepText(h)
		hops[i-1], p.Steps[i-1] = h, st
		p.Strength *= st.Strength
		p.Cost -= math.Log(min(st.Strength, 1))
	}
	p.Explanation = explainPath(hops)
	return p
}
