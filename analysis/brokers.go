package analysis

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/relmap/relmap/graph"
)

// Limits of broker queries.
const (
	// DefaultBrokerLimit is the number of brokers returned when Limit is 0.
	DefaultBrokerLimit = 50
	// MaxBrokerLimit is the largest Limit a query may ask for.
	MaxBrokerLimit = 10000
)

// BrokerQuery asks Brokers who opens doors to a set of targets. Only
// Targets is required; the routing fields mean what they mean in
// PathQuery.
type BrokerQuery struct {
	// Targets are the persons and organisations to reach, e.g. the
	// develop-segment stakeholders (the caller selects them).
	Targets []string `json:"targets"`
	// From are the employees paths start from; empty means every employee.
	From []string `json:"from,omitempty"`
	// MaxHops caps the ties on a path, 1…HopLimit; 0 means
	// DefaultMaxHops.
	MaxHops    int             `json:"max_hops,omitempty"`
	Exclude    []string        `json:"exclude,omitempty"`
	AllowTypes []graph.RelType `json:"allow_types,omitempty"`
	MaxDegree  int             `json:"max_degree,omitempty"`
	// Limit is the number of brokers returned, 1…MaxBrokerLimit; 0 means
	// DefaultBrokerLimit.
	Limit int `json:"limit,omitempty"`
	// Noun names the targets in the advice sentences; zero means
	// "target(s)" / "doel(en)". See DevelopTargets.
	Noun Noun `json:"noun,omitzero"`
	// PartyTypes, when not empty, lists only brokers of these party types
	// ("" selects the unclassified). The ranking is computed over every
	// broker; the filter only leaves some out.
	PartyTypes []graph.PartyType `json:"party_types,omitempty"`
	// MinStrength is the least strength of a warm path, as in PathQuery:
	// only warm best paths count. 0 means the snapshot's rules; negative
	// counts every best path.
	MinStrength float64 `json:"min_strength,omitempty"`
}

// Noun is a noun in both languages, singular and plural.
type Noun struct {
	EN       string `json:"en"`
	ENPlural string `json:"en_plural"`
	NL       string `json:"nl"`
	NLPlural string `json:"nl_plural"`
}

// DevelopTargets names the develop-segment stakeholders in advice.
var DevelopTargets = Noun{EN: "develop target", ENPlural: "develop targets", NL: "ontwikkeldoel", NLPlural: "ontwikkeldoelen"}

var defaultNoun = Noun{EN: "target", ENPlural: "targets", NL: "doel", NLPlural: "doelen"}

// Broker is a node that carries best paths from our employees to targets.
type Broker struct {
	Node      PathNode        `json:"node"`
	PartyType graph.PartyType `json:"party_type,omitempty"`
	// Score is the strength-weighted best-path traffic through the node
	// (see Brokers).
	Score float64 `json:"score"`
	// Share is Score divided by the total strength of all best paths, in
	// [0,1]: the share of the traffic that passes the node.
	Share float64 `json:"share"`
	// Opens is the number of targets for which the node lies on a best
	// path from at least one employee; Targets lists them.
	Opens   int      `json:"opens"`
	Targets []string `json:"targets"`
	// OnlyWay is the number of targets no employee can reach within the
	// hop cap without the node; OnlyThrough lists them.
	OnlyWay     int      `json:"only_way"`
	OnlyThrough []string `json:"only_through,omitempty"`
	// Advice is the finding as a sentence: "ask Jan de Vries: opens 7
	// develop targets, 3 of them only through Jan de Vries".
	Advice Text `json:"advice"`
}

// Brokers ranks the persons who carry the best warm paths from our
// employees (q.From, all who have not left when empty) to q.Targets: a
// betweenness restricted to the targets' best paths and weighted by their
// strength, so that "ask X" names someone on the best way in. A broker is
// never one of our employees, never one of the targets (a target on the
// best path to another is not the one to ask), and never an organisation
// (organisations are no intermediate steps, see WarmPaths).
//
// Best paths follow WarmPaths' rules (the same constraints, loopless, at
// most MaxHops ties, no employee of the From set as an intermediate). The
// best paths to a target t are those of least cost −ln Π s from any
// employee within the hop cap, and among those the fewest hops (costs
// compared as in WarmPaths): the first path WarmPaths returns and any
// that tie with it exactly. Only warm ones count: a target whose best
// paths are weaker than MinStrength adds nothing. Then
//
//	Score(v) = Σ_t S(t) · σ_t(v) / σ_t
//
// where S(t) is the strength (product) of t's best paths, σ_t their number
// and σ_t(v) the number passing through v as an intermediate: a target's
// credit is its strength, split equally over its tied best paths. S is
// computed from the rounded cost WarmPaths orders by, so it is within
// about 10⁻¹² of the exact product. Targets with no warm path within the
// cap add nothing; a direct tie (one hop) adds to the total traffic but
// credits no one. Beside it:
//
//	Opens(v)   = |{t : σ_t(v) > 0}|
//	OnlyWay(v) = |{t : some employee reaches t within the cap, none does once v is removed}|
//
// Example (hand-computed, TestBrokersHandComputed): employees A and B,
// targets T1 and T2, ties A–X 0.8, X–T1 0.5, B–X 0.5, B–Y 0.5, Y–T1 0.8,
// X–T2 0.9. T1: A–X–T1 and B–Y–T1 both 0.4 with two hops, two best paths
// of 0.2 credit each (A–X–B–Y–T1 passes employee B). T2: A–X–T2 0.72. So
// Score(X) = 0.2 + 0.72 = 0.92, Score(Y) = 0.2; X opens 2 targets and is
// the only way to T2 (T1 stays reachable through Y), Y opens 1 and is the
// only way to none.
//
// The result holds the Limit best, by Score (equal to about nine decimals
// counts as equal; see rankKey), then Opens, OnlyWay, then nearer to our
// employees (hops), then id: on one target's best path the person our
// employee asks comes first. Nodes on no best path are left out.
//
// Errors are those of WarmPaths for the shared fields; Targets must be
// non-empty, every one a person or organisation (EINVALID, ENOTFOUND on
// field "targets") and not excluded; Limit must be in range (EINVALID on
// "limit"). Repeated targets count once. A cancelled ctx stops the ranking
// with its error.
//
// Algorithm and complexity. One hop-bounded breadth-first search from the
// employees gives every node's hop distance to them (h; for the default
// query found once per snapshot and kept with it). Then, per target
// t and in parallel over GOMAXPROCS workers, a hop-layered search from t
// over the states (node, hops), expanding only states strictly better than
// the same node with fewer hops and pruning states with hops + h > H,
// computes each employee's best cost and the number of best paths into
// every state (σ); the employees with the least (cost, hops) hold t's best
// paths, and a backward pass over the same layers sums their credit per
// path (S/σ_t) down to the intermediates. Walks of least (cost,
// hops) are loopless, so the counts are of paths. OnlyWay is checked per
// target for the ≤ H−1 intermediates of one best path only (a node on
// every path is on that one), each by a pruned breadth-first search from t
// without it. Per target this is O(H·E_t) where E_t counts the arcs of the
// nodes within the cap of both t and an employee. Results are merged in
// target order, so they do not depend on the scheduling. The counting
// and the backward accumulation are Brandes' (2001,
// doi:10.1080/0022250X.2001.9990249) on the layered states; restricting
// betweenness to sets of sources and targets is one of the variants in
// Brandes (2008, doi:10.1016/j.socnet.2007.11.001). On the demo network of
// 100k persons (137k nodes, 519k ties, 50 employees) 1,000 targets take
// about 15–20 ms on two cores (bench/paths). Brokers is safe for
// concurrent use; it panics if s is nil.
func Brokers(ctx context.Context, s *Snapshot, q BrokerQuery) ([]Broker, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(q.Targets) == 0 {
		return nil, fmt.Errorf("brokers: %w", graph.Invalid("targets", "must name at least one person or organisation"))
	}
	targets := make([]int32, 0, len(q.Targets))
	seen := make(map[int32]bool, len(q.Targets))
	for _, id := range q.Targets {
		t, err := lookupStakeholder(s, "targets", id)
		if err != nil {
			return nil, fmt.Errorf("brokers: %w", err)
		}
		if !seen[t] {
			seen[t] = true
			targets = append(targets, t)
		}
	}
	limit := q.Limit
	if limit == 0 {
		limit = DefaultBrokerLimit
	}
	if limit < 1 || limit > MaxBrokerLimit {
		return nil, fmt.Errorf("brokers: %w", graph.Invalid("limit", "must be between 1 and %d", MaxBrokerLimit))
	}
	var role []uint8
	r, err := newRouting(s, routeQuery{from: q.From, maxHops: q.MaxHops, exclude: q.Exclude, allow: q.AllowTypes, maxDegree: q.MaxDegree}, &role)
	if err != nil {
		return nil, fmt.Errorf("brokers: %w", err)
	}
	for _, t := range targets {
		if r.role[t]&rExcluded != 0 {
			return nil, fmt.Errorf("brokers: %w", graph.Invalid("exclude", "excludes the target %q", s.Nodes[t].ID))
		}
	}
	for _, p := range q.PartyTypes {
		if !p.Valid() {
			return nil, fmt.Errorf("brokers: %w", graph.Invalid("party_types", "%q is not a party type", p))
		}
	}
	if r.coldCost, err = coldCost(s, q.MinStrength); err != nil {
		return nil, fmt.Errorf("brokers: %w", err)
	}
	noun := q.Noun
	if noun == (Noun{}) {
		noun = defaultNoun
	}

	var h []uint8
	if len(q.From) == 0 && len(q.Exclude) == 0 && len(q.AllowTypes) == 0 && q.MaxDegree == 0 {
		// The default query's distances depend on the snapshot and the hop
		// cap only: found once per snapshot.
		s.lazy.hopsOnce[r.hops].Do(func() {
			h := r.hopsToStarts()
			s.lazy.hops[r.hops] = h
			s.lazy.hopsKept[r.hops].Store(&h)
		})
		h = s.lazy.hops[r.hops]
	} else {
		h = r.hopsToStarts()
	}
	results := make([]targetResult, len(targets))
	workers := min(runtime.GOMAXPROCS(0), len(targets))
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			bw := brokerWorks.Get().(*brokerWork)
			defer brokerWorks.Put(bw)
			bw.prepare(len(s.Nodes), r.hops)
			for {
				i := int(next.Add(1)) - 1
				if i >= len(targets) {
					return
				}
				if err := ctx.Err(); err != nil {
					errs[w] = err
					return
				}
				rt := *r
				rt.setTarget(targets[i])
				results[i] = bw.target(&rt, h, targets[i])
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return rankBrokers(s, r, h, targets, results, limit, noun, q.PartyTypes), nil
}

// targetResult is what one target contributes.
type targetResult struct {
	traffic float64      // S(t), 0 without a warm path
	credits []nodeCredit // per intermediate on a best path, ascending node
	onlyWay []int32      // intermediates without which t is out of reach
}

type nodeCredit struct {
	node   int32
	credit float64
}

// rankBrokers merges the per-target results in target order and ranks.
func rankBrokers(s *Snapshot, r *routing, h []uint8, targets []int32, results []targetResult, limit int, noun Noun, parties []graph.PartyType) []Broker {
	n := len(s.Nodes)
	score := make([]float64, n)
	opens := make([]int32, n)
	only := make([]int32, n)
	var traffic float64
	for _, res := range results {
		traffic += res.traffic
		for _, c := range res.credits {
			score[c.node] += c.credit
			opens[c.node]++
		}
		for _, x := range res.onlyWay {
			only[x]++
		}
	}
	isTarget := make(map[int32]bool, len(targets))
	for _, t := range targets {
		isTarget[t] = true
	}
	var cand []int32
	for x := range n {
		if opens[x] > 0 && r.role[x]&rEmployee == 0 && !isTarget[int32(x)] &&
			(len(parties) == 0 || slices.Contains(parties, s.Nodes[x].PartyType)) {
			cand = append(cand, int32(x))
		}
	}
	slices.SortFunc(cand, func(a, b int32) int {
		return cmp.Or(cmp.Compare(rankKey(score[b]), rankKey(score[a])), cmp.Compare(opens[b], opens[a]), cmp.Compare(only[b], only[a]),
			cmp.Compare(h[a], h[b]), cmp.Compare(a, b))
	})
	if len(cand) > limit {
		cand = cand[:limit]
	}
	at := make(map[int32]int, len(cand))
	out := make([]Broker, len(cand))
	for i, x := range cand {
		at[x] = i
		nd := s.Nodes[x]
		out[i] = Broker{
			Node:      PathNode{ID: nd.ID, Name: nd.Name, Kind: nd.Kind},
			PartyType: nd.PartyType,
			Score:     score[x],
			Opens:     int(opens[x]),
			OnlyWay:   int(only[x]),
			Targets:   make([]string, 0, opens[x]),
		}
		if traffic > 0 {
			out[i].Share = score[x] / traffic
		}
		out[i].Advice = brokerAdvice(nd.Name, out[i].Opens, out[i].OnlyWay, noun)
	}
	for ti, res := range results {
		id := s.Nodes[targets[ti]].ID
		for _, c := range res.credits {
			if i, ok := at[c.node]; ok {
				out[i].Targets = append(out[i].Targets, id)
			}
		}
		for _, x := range res.onlyWay {
			if i, ok := at[x]; ok {
				out[i].OnlyThrough = append(out[i].OnlyThrough, id)
			}
		}
	}
	for i := range out {
		slices.Sort(out[i].Targets)
		slices.Sort(out[i].OnlyThrough)
	}
	return out
}

// rankKey is the score brokers are ranked by: Score rounded to a multiple
// of 2⁻³⁰ (≈ 9.3·10⁻¹⁰). Scores are floating-point sums whose last digits
// depend on the order of addition and on the rounding of tie costs
// (costScale); scores equal to nine decimals rank as equal, and Opens,
// OnlyWay and the id decide. A dyadic grid keeps the rounding boundaries
// away from the short decimal values that products of strengths such as
// 0.8 and 0.25 take.
func rankKey(score float64) float64 { return math.Round(score * (1 << 30)) }

// brokerAdvice words a broker's finding: "ask Jan de Vries: opens 7 develop
// targets, 3 of them only through Jan de Vries" / "vraag Jan de Vries:
// opent 7 ontwikkeldoelen, 3 daarvan alleen via Jan de Vries".
func brokerAdvice(name string, opens, only int, noun Noun) Text {
	en, nl := noun.ENPlural, noun.NLPlural
	if opens == 1 {
		en, nl = noun.EN, noun.NL
	}
	t := Text{
		EN: fmt.Sprintf("ask %s: opens %d %s", name, opens, en),
		NL: fmt.Sprintf("vraag %s: opent %d %s", name, opens, nl),
	}
	switch {
	case only == 0:
	case opens == 1:
		t.EN += ", only through " + name
		t.NL += ", alleen via " + name
	case only == opens:
		t.EN += ", all of them only through " + name
		t.NL += ", allemaal alleen via " + name
	default:
		t.EN += fmt.Sprintf(", %d of them only through %s", only, name)
		t.NL += fmt.Sprintf(", %d daarvan alleen via %s", only, name)
	}
	return t
}

// hopsToStarts returns every node's hop distance to the nearest start over
// routable intermediates, for distances below the hop cap; 255 elsewhere.
// A node that cannot be an intermediate gets a distance only if it is a
// start (0). Brokers keeps the distances of the default query (every
// current employee, nothing excluded, every type, no degree cap) with the
// snapshot, so that a request pays for them once per version; callers
// must not modify the result.
func (r *routing) hopsToStarts() []uint8 {
	s := r.s
	h := make([]uint8, len(s.Nodes))
	for i := range h {
		h[i] = 255
	}
	front := make([]int32, 0, len(r.starts))
	for _, x := range r.starts {
		h[x] = 0
		front = append(front, x)
	}
	var next []int32
	for d := 1; d < r.hops && len(front) > 0; d++ {
		next = next[:0]
		for _, u := range front {
			for k := r.ix.off[u]; k < r.ix.off[u+1]; k++ {
				y := r.ix.adj[k]
				if h[y] != 255 || r.role[y]&rInter == 0 || r.arc(k) == costInf {
					continue
				}
				h[y] = uint8(d)
				next = append(next, y)
			}
		}
		front, next = next, front
	}
	return h
}

// bstate is a state (node, hops) of the layered search from a target.
type bstate struct {
	node  int32
	cost  int64   // best cost with exactly this many hops
	sigma float64 // number of best walks into the state
	tau   float64 // Σ over pairs whose best paths continue from here of S/σ, times the ways on
	tight bool    // strictly better than the node with fewer hops
	on    bool    // on some pair's best path
}

// brokerWork holds one worker's reusable buffers.
type brokerWork struct {
	n, layers int
	pos       []int32 // layers×n: index in states, or -1
	states    []bstate
	start     []int   // states of layer i are states[start[i]:start[i+1]]
	best      []int64 // per node: best cost over the layers so far
	last      []int8  // per start: its last tight layer
	touched   []int32
	slot      []int32 // per node: index in acc, or -1
	acc       []nodeCredit
	dist      []int8 // breadth-first search
	queue     []int32
}

var brokerWorks = sync.Pool{New: func() any { return new(brokerWork) }}

func (bw *brokerWork) prepare(n, hops int) {
	bw.n, bw.layers = n, hops+1
	if need := n * bw.layers; len(bw.pos) < need {
		bw.pos = make([]int32, need)
		for i := range bw.pos {
			bw.pos[i] = -1
		}
	}
	if len(bw.best) < n {
		bw.best = make([]int64, n)
		for i := range bw.best {
			bw.best[i] = costInf
		}
		bw.last = make([]int8, n)
		bw.slot = make([]int32, n)
		bw.dist = make([]int8, n)
		for i := range n {
			bw.slot[i], bw.last[i], bw.dist[i] = -1, -1, -1
		}
	}
}

// target runs the layered search from t and returns its contribution.
func (bw *brokerWork) target(r *routing, h []uint8, t int32) targetResult {
	n, H := bw.n, r.hops
	bw.states = append(bw.states[:0], bstate{node: t, sigma: 1, tight: true})
	bw.start = append(bw.start[:0], 0, 1)
	bw.pos[t] = 0
	bw.best[t] = 0
	bw.touched = append(bw.touched[:0], t)
	var ends []int32 // starts reached
	for i := 1; i <= H; i++ {
		lo, hi := bw.start[i-1], bw.start[i]
		base := i * n
		for p := lo; p < hi; p++ {
			st := bw.states[p]
			if !st.tight || i > 1 && r.role[st.node]&rInter == 0 {
				continue
			}
			for k := r.ix.off[st.node]; k < r.ix.off[st.node+1]; k++ {
				y := r.ix.adj[k]
				if y == t || r.role[y]&(rStart|rInter) == 0 || i+int(h[y]) > H {
					continue
				}
				c := r.arc(k)
				if c == costInf {
					continue
				}
				nc := st.cost + c
				j := bw.pos[base+int(y)]
				switch {
				case j < 0:
					bw.pos[base+int(y)] = int32(len(bw.states))
					bw.states = append(bw.states, bstate{node: y, cost: nc, sigma: st.sigma})
				case nc < bw.states[j].cost:
					bw.states[j].cost, bw.states[j].sigma = nc, st.sigma
				case nc == bw.states[j].cost:
					bw.states[j].sigma += st.sigma
				}
			}
		}
		bw.start = append(bw.start, len(bw.states))
		for p := hi; p < len(bw.states); p++ {
			st := &bw.states[p]
			if st.cost >= bw.best[st.node] {
				continue
			}
			if bw.best[st.node] == costInf {
				bw.touched = append(bw.touched, st.node)
			}
			st.tight = true
			bw.best[st.node] = st.cost
			if r.role[st.node]&rStart != 0 {
				if bw.last[st.node] < 0 {
					ends = append(ends, st.node)
				}
				bw.last[st.node] = int8(i)
			}
		}
	}

	// The target's best paths: those of the employees whose best (cost,
	// hops) is the least; a cold best counts for nothing.
	var res targetResult
	bestEnd, bestCost, bestHops, sigma := int32(-1), int64(costInf), int8(0), 0.0
	for _, e := range ends {
		st := &bw.states[bw.pos[int(bw.last[e])*n+int(e)]]
		switch l := bw.last[e]; {
		case st.cost > r.coldCost:
		case st.cost < bestCost || st.cost == bestCost && l < bestHops:
			bestEnd, bestCost, bestHops, sigma = e, st.cost, l, st.sigma
		case st.cost == bestCost && l == bestHops:
			sigma += st.sigma
			bestEnd = min(bestEnd, e)
		}
	}
	if bestEnd >= 0 {
		S := strengthOf(bestCost)
		res.traffic = S
		for _, e := range ends {
			if st := &bw.states[bw.pos[int(bw.last[e])*n+int(e)]]; st.cost == bestCost && bw.last[e] == bestHops {
				st.tau, st.on = S/sigma, true
			}
		}
	}
	for i := H - 1; i >= 1; i-- {
		base := (i + 1) * n
		for p := bw.start[i]; p < bw.start[i+1]; p++ {
			st := &bw.states[p]
			if !st.tight || r.role[st.node]&rInter == 0 {
				continue
			}
			for k := r.ix.off[st.node]; k < r.ix.off[st.node+1]; k++ {
				y := r.ix.adj[k]
				j := bw.pos[base+int(y)]
				if j < 0 || y == t {
					continue
				}
				nx := &bw.states[j]
				if !nx.tight || !nx.on {
					continue
				}
				if c := r.arc(k); c != costInf && st.cost+c == nx.cost {
					st.tau += nx.tau
					st.on = true
				}
			}
			if st.on {
				x := st.node
				if bw.slot[x] < 0 {
					bw.slot[x] = int32(len(bw.acc))
					bw.acc = append(bw.acc, nodeCredit{node: x})
				}
				bw.acc[bw.slot[x]].credit += st.sigma * st.tau
			}
		}
	}
	if len(bw.acc) > 0 {
		res.credits = slices.Clone(bw.acc)
		slices.SortFunc(res.credits, func(a, b nodeCredit) int { return cmp.Compare(a.node, b.node) })
	}
	if bestEnd >= 0 {
		for _, x := range bw.bestPath(r, bestEnd) {
			if !bw.reachableWithout(r, h, t, x) {
				res.onlyWay = append(res.onlyWay, x)
			}
		}
		slices.Sort(res.onlyWay)
	}

	// Reset for the next target.
	for _, a := range bw.acc {
		bw.slot[a.node] = -1
	}
	bw.acc = bw.acc[:0]
	for i := 0; i+1 < len(bw.start); i++ {
		for p := bw.start[i]; p < bw.start[i+1]; p++ {
			bw.pos[i*n+int(bw.states[p].node)] = -1
		}
	}
	for _, x := range bw.touched {
		bw.best[x] = costInf
	}
	for _, e := range ends {
		bw.last[e] = -1
	}
	return res
}

// strengthOf turns an integer cost back into a strength: e^(−cost/2⁴⁰).
func strengthOf(c int64) float64 { return math.Exp(-float64(c) / costScale) }

// bestPath returns the intermediates of one best path from start e back to
// the target, following tight states whose costs add up.
func (bw *brokerWork) bestPath(r *routing, e int32) []int32 {
	n := bw.n
	var out []int32
	y, i := e, int(bw.last[e])
	for i > 1 {
		cy := bw.states[bw.pos[i*n+int(y)]].cost
		found := false
		for k := r.ix.off[y]; k < r.ix.off[y+1] && !found; k++ {
			x := r.ix.adj[k]
			j := bw.pos[(i-1)*n+int(x)]
			if j < 0 || r.role[x]&rInter == 0 {
				continue
			}
			st := bw.states[j]
			if c := r.arc(k); st.tight && c != costInf && st.cost+c == cy {
				out = append(out, x)
				y, found = x, true
			}
		}
		if !found {
			panic("analysis: brokers: best path has no predecessor") // the layers guarantee one
		}
		i--
	}
	return out
}

// reachableWithout reports whether some start is within the hop cap of t
// when node x is removed (a breadth-first search pruned by h, which is a
// lower bound on the distance without x too).
func (bw *brokerWork) reachableWithout(r *routing, h []uint8, t, x int32) bool {
	H := r.hops
	bw.queue = append(bw.queue[:0], t)
	bw.dist[t] = 0
	found := false
	for q := 0; q < len(bw.queue) && !found; q++ {
		u := bw.queue[q]
		du := int(bw.dist[u])
		if du == H || u != t && r.role[u]&rInter == 0 {
			continue
		}
		for k := r.ix.off[u]; k < r.ix.off[u+1]; k++ {
			y := r.ix.adj[k]
			if y == x || bw.dist[y] >= 0 || r.role[y]&(rStart|rInter) == 0 || du+1+int(h[y]) > H || r.arc(k) == costInf {
				continue
			}
			if r.role[y]&rStart != 0 {
				found = true
				break
			}
			bw.dist[y] = int8(du + 1)
			bw.queue = append(bw.queue, y)
		}
	}
	for _, u := range bw.queue {
		bw.dist[u] = -1
	}
	return found
}
