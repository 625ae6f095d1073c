package analysis

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"gonum.org/v1/gonum/graph/simple"

	"github.com/relmap/relmap/graph"
)

// Snapshot is an immutable, undirected, weighted view of the network.
type Snapshot struct {
	// Version is the store's change version the snapshot was read at.
	Version int64
	// Nodes are the network's nodes sorted by id; a node's index here is
	// its internal id.
	Nodes []graph.NetworkNode
	// Ties are the collapsed undirected ties, sorted by (U, V) with U < V.
	Ties []Tie
	// Off and Adj are the CSR adjacency: the neighbours of node i are
	// Adj[Off[i]:Off[i+1]], sorted by index; TieOf[k] is the index in Ties
	// of the tie behind Adj[k].
	Off   []int32
	Adj   []int32
	TieOf []int32

	index map[string]int32

	// parallel holds, for each tie (index in Ties) that collapsed more
	// than one relationship, all of them; see TieEdges.
	parallel map[int32][]graph.NetworkEdge

	// Day is the day the snapshot answers for (UTC midnight): employees
	// whose employment ended before it have left (graph.NetworkNode.Left)
	// and start and carry no path.
	Day time.Time
	// Rules are the path rules the routing applies (graph.PathRules).
	Rules graph.PathRules

	// evidence holds the contact evidence per employee–stakeholder pair
	// with contacts (Options.Contacts): of their relationships, or of the
	// tie the contacts make when none is stated; see Evidence.
	evidence map[tiePair]Evidence

	gonumOnce sync.Once
	gonum     *simple.WeightedUndirectedGraph

	// routesOnce builds routes, the per-arc costs and node roles that warm
	// paths and brokers share (see paths_kernel.go).
	routesOnce sync.Once
	routes     *routeIndex
}

// Tie is an undirected tie between nodes U < V (internal indexes): the
// strongest of the relationships between them.
type Tie struct {
	U, V int32
	// Strength is in [0,1]; the strongest relationship's.
	Strength float64
	// Edge is that relationship (ties between equally strong parallel
	// relationships go to the smallest relationship id).
	Edge graph.NetworkEdge
	// Parallel counts the relationships collapsed into this tie.
	Parallel int
}

// Options are what a snapshot is built with besides the network.
type Options struct {
	// Now is the moment the snapshot answers for: the day of departures
	// and the clock of the contact evidence. Zero means time.Now().
	Now time.Time
	// Contacts, when not nil, is the contact log: every relationship
	// between an employee and a stakeholder whose pair has contacts dated
	// no later than Now carries its evidence strength (TieEvidence), and a
	// pair with contacts and no relationship gets an evidence tie for
	// routing (see graph.PathRules).
	Contacts []*graph.Contact
	// Rules are the path rules; nil means graph.DefaultPathRules.
	Rules *graph.PathRules
}

// NewSnapshot builds the snapshot of n with the default options: now,
// no contact log, the default path rules.
func NewSnapshot(n *graph.Network) (*Snapshot, error) { return Build(n, Options{}) }

// Build builds the snapshot of n with o. It does not modify n. Edges whose
// ends are not among n's nodes are reported as an EINTERNAL error: a
// store's Network never yields them; invalid rules are EINVALID.
func Build(n *graph.Network, o Options) (*Snapshot, error) {
	rules := graph.DefaultPathRules()
	if o.Rules != nil {
		rules = *o.Rules
	}
	if err := rules.Validate(); err != nil {
		return nil, err
	}
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	y, m, d := now.UTC().Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	var ev map[tiePair]Evidence
	if o.Contacts != nil {
		n = &graph.Network{Version: n.Version, Nodes: n.Nodes, Edges: slices.Clone(n.Edges)}
		ev = applyEvidence(n, o.Contacts, now)
	}
	s, err := newSnapshot(n)
	if err != nil {
		return nil, err
	}
	s.Day, s.Rules, s.evidence = day, rules, ev
	return s, nil
}

// newSnapshot builds the network part of a snapshot.
func newSnapshot(n *graph.Network) (*Snapshot, error) {
	s := &Snapshot{Version: n.Version, Nodes: slices.Clone(n.Nodes)}
	slices.SortFunc(s.Nodes, func(a, b graph.NetworkNode) int { return cmp.Compare(a.ID, b.ID) })
	s.index = make(map[string]int32, len(s.Nodes))
	for i, x := range s.Nodes {
		s.index[x.ID] = int32(i)
	}
	type key struct{ u, v int32 }
	at := make(map[key]int, len(n.Edges))
	var extra map[key][]graph.NetworkEdge // every relationship of parallel ties
	for _, e := range n.Edges {
		u, okU := s.index[e.From]
		v, okV := s.index[e.To]
		if !okU || !okV {
			return nil, graph.Errorf(graph.EINTERNAL, "relationship %q has an end that is not a node", e.ID)
		}
		if u == v {
			continue
		}
		if v < u {
			u, v = v, u
		}
		k := key{u, v}
		if i, ok := at[k]; ok {
			t := &s.Ties[i]
			if extra == nil {
				extra = make(map[key][]graph.NetworkEdge)
			}
			if t.Parallel == 1 {
				extra[k] = append(extra[k], t.Edge)
			}
			extra[k] = append(extra[k], e)
			t.Parallel++
			if e.Strength > t.Strength || e.Strength == t.Strength && e.ID < t.Edge.ID {
				t.Strength, t.Edge = e.Strength, e
			}
			continue
		}
		at[k] = len(s.Ties)
		s.Ties = append(s.Ties, Tie{U: u, V: v, Strength: e.Strength, Edge: e, Parallel: 1})
	}
	slices.SortFunc(s.Ties, func(a, b Tie) int { return cmp.Or(cmp.Compare(a.U, b.U), cmp.Compare(a.V, b.V)) })
	if len(extra) > 0 {
		s.parallel = make(map[int32][]graph.NetworkEdge, len(extra))
		for i, t := range s.Ties {
			if es, ok := extra[key{t.U, t.V}]; ok {
				slices.SortFunc(es, func(a, b graph.NetworkEdge) int {
					return cmp.Or(cmp.Compare(b.Strength, a.Strength), cmp.Compare(a.ID, b.ID))
				})
				s.parallel[int32(i)] = es
			}
		}
	}

	deg := make([]int32, len(s.Nodes)+1)
	for _, t := range s.Ties {
		deg[t.U+1]++
		deg[t.V+1]++
	}
	for i := 1; i < len(deg); i++ {
		deg[i] += deg[i-1]
	}
	s.Off = deg
	s.Adj = make([]int32, 2*len(s.Ties))
	s.TieOf = make([]int32, 2*len(s.Ties))
	fill := slices.Clone(s.Off[:len(s.Nodes)])
	// Ties are sorted by (U, V), so each node's neighbours arrive in
	// increasing order for the U side; the V side is sorted below.
	for i, t := range s.Ties {
		s.Adj[fill[t.U]], s.TieOf[fill[t.U]] = t.V, int32(i)
		fill[t.U]++
		s.Adj[fill[t.V]], s.TieOf[fill[t.V]] = t.U, int32(i)
		fill[t.V]++
	}
	for i := range s.Nodes {
		lo, hi := s.Off[i], s.Off[i+1]
		sortPairs(s.Adj[lo:hi], s.TieOf[lo:hi])
	}
	return s, nil
}

// sortPairs sorts adj ascending and permutes tie alongside.
func sortPairs(adj, tie []int32) {
	if slices.IsSorted(adj) {
		return
	}
	idx := make([]int, len(adj))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(adj[a], adj[b]) })
	a2, t2 := make([]int32, len(adj)), make([]int32, len(tie))
	for i, j := range idx {
		a2[i], t2[i] = adj[j], tie[j]
	}
	copy(adj, a2)
	copy(tie, t2)
}

// Index returns the internal index of the node with domain id, and whether
// it exists.
func (s *Snapshot) Index(id string) (int32, bool) {
	i, ok := s.index[id]
	return i, ok
}

// Degree returns the number of distinct neighbours of node i.
func (s *Snapshot) Degree(i int32) int { return int(s.Off[i+1] - s.Off[i]) }

// TieEdges returns every relationship collapsed into tie i (an index in
// Ties), strongest first (equal strengths by id), so that the first is the
// tie's Edge. Callers must not modify the result.
func (s *Snapshot) TieEdges(i int32) []graph.NetworkEdge {
	if es, ok := s.parallel[i]; ok {
		return es
	}
	return []graph.NetworkEdge{s.Ties[i].Edge}
}

// Gonum returns the snapshot as a gonum weighted undirected graph whose node
// ids are the internal indexes and whose edge weights are tie strengths.
// It is built on first use and shared; callers must not modify it.
func (s *Snapshot) Gonum() *simple.WeightedUndirectedGraph {
	s.gonumOnce.Do(func() {
		g := simple.NewWeightedUndirectedGraph(0, 0)
		for i := range s.Nodes {
			g.AddNode(simple.Node(i))
		}
		for _, t := range s.Ties {
			g.SetWeightedEdge(g.NewWeightedEdge(simple.Node(t.U), simple.Node(t.V), t.Strength))
		}
		s.gonum = g
	})
	return s.gonum
}

// NetworkSource is what Cache needs of a store. When it also implements
// graph.ObjectionSource (both graph stores do), the persons who object
// (graph.Person.Objects) are left out of the snapshot with their ties, so
// that no analysis — warm paths, brokers, what-if, holdings, centrality —
// reaches, passes or names them.
type NetworkSource interface {
	Network(ctx context.Context, v graph.NetworkVisitor) (int64, error)
	Version(ctx context.Context) (int64, error)
}

// ContactSource is what Cache needs of a store to weigh ties by their
// logged contacts (graph.Store implements it).
type ContactSource interface {
	FindContacts(ctx context.Context, f graph.ContactFilter) ([]*graph.Contact, int, error)
}

// Cache holds the snapshot of a store and rebuilds it when the store's
// change version moves, or the day of Now. It is safe for concurrent use;
// concurrent callers during a rebuild wait for the one rebuild.
//
// With Contacts set, the snapshot is built with the contact log
// (Options.Contacts): ties carry their evidence strength and contacts
// without a stated tie make evidence ties. When Source also implements
// graph.PathRulesStore, its rules are used (saving them moves the
// version); otherwise the default rules.
type Cache struct {
	Source NetworkSource
	// Contacts, when set, is read for the contact evidence of ties.
	Contacts ContactSource
	// Now is the clock of departures and of the evidence's recency; nil
	// means time.Now.
	Now func() time.Time

	mu   sync.Mutex
	snap *Snapshot
}

// Snapshot returns a snapshot at the store's current version and the
// current day, reading the network only when that differs from the cached
// one.
func (c *Cache) Snapshot(ctx context.Context) (*Snapshot, error) {
	v, err := c.Source.Version(ctx)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	if c.Now != nil {
		now = c.Now()
	}
	y, m, d := now.UTC().Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snap != nil && c.snap.Version == v && c.snap.Day.Equal(day) {
		return c.snap, nil
	}
	n, err := readRoutable(ctx, c.Source)
	if err != nil {
		return nil, err
	}
	o := Options{Now: now}
	if rs, ok := c.Source.(graph.PathRulesStore); ok {
		r, err := rs.PathRules(ctx)
		if err != nil {
			return nil, fmt.Errorf("read the path rules: %w", err)
		}
		o.Rules = &r
	}
	if c.Contacts != nil {
		if o.Contacts, err = allContacts(ctx, c.Contacts); err != nil {
			return nil, fmt.Errorf("read the contact log: %w", err)
		}
		if o.Contacts == nil {
			o.Contacts = []*graph.Contact{}
		}
	}
	s, err := Build(n, o)
	if err != nil {
		return nil, err
	}
	c.snap = s
	return s, nil
}

// allContacts reads every logged contact, page by page.
func allContacts(ctx context.Context, cs ContactSource) ([]*graph.Contact, error) {
	var out []*graph.Contact
	f := graph.ContactFilter{Page: graph.Page{Limit: graph.MaxLimit}}
	for {
		page, total, err := cs.FindContacts(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		f.Offset += len(page)
		if len(page) == 0 || f.Offset >= total {
			return out, nil
		}
	}
}
