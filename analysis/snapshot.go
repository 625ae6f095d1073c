package analysis

import (
	"cmp"
	"slices"
	"sync"
	"sync/atomic"
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
	// The relationships behind tie i are TieEdges(i).
	Ties []Tie
	// stated are the ties with their stated strengths (Ties without
	// evidence), shared by every version derived from one network read.
	stated []Tie
	// Off and Adj are the CSR adjacency: the neighbours of node i are
	// Adj[Off[i]:Off[i+1]], sorted by index; TieOf[k] is the index in Ties
	// of the tie behind Adj[k].
	Off   []int32
	Adj   []int32
	TieOf []int32

	index *idIndex

	// rel are the relationships behind the ties, shared by every version
	// derived from the same network read; strength is their strength with
	// the contact evidence applied (rel.stated when there is none).
	rel      *relTable
	strength []float64

	// Day is the day the snapshot answers for (UTC midnight): employees
	// whose employment ended before it have left (graph.NetworkNode.Left)
	// and start and carry no path.
	Day time.Time
	// live is the span of days the relationships read hold for: the
	// network leaves out a relationship from its Until on, so a snapshot
	// read on one day answers for another only when no relationship
	// ended or ends in between (see liveSpan).
	live liveSpan
	// Rules are the path rules the routing applies (graph.PathRules).
	Rules graph.PathRules

	// evidence holds the contact evidence per employee–stakeholder pair
	// with contacts (Options.Contacts): of their relationships, or of the
	// tie the contacts make when none is stated (see Evidence), with the
	// dates behind it; contacts are the contacts that count, by id (nil
	// when the snapshot was built without the contact log). evNow is the
	// clock the evidence is measured at, due the earliest date after it
	// of a contact left out for that reason (zero: none). A version
	// derived by contact writes (withContacts) shares what they leave.
	evidence   *layered[nodePair, pairLog]
	contacts   *layered[string, contactRef]
	evNow, due time.Time

	// lazy holds what is derived from the snapshot on first use.
	lazy *lazyParts
}

// lazyParts are the parts of a snapshot built on first use and shared.
type lazyParts struct {
	gonumOnce sync.Once
	gonum     *simple.WeightedUndirectedGraph

	// routesOnce builds routes, the per-arc costs and node roles that warm
	// paths and brokers share (see paths_kernel.go).
	routesOnce sync.Once
	routes     *routeIndex
	// built is routes once built: what a version derived by contact
	// writes updates (withContacts) instead of building its own.
	built atomic.Pointer[routeIndex]

	// hops memoises the brokers' hop distances to our employees for the
	// default query, one per hop cap (routing.hopsToStarts).
	hopsOnce [HopLimit + 1]sync.Once
	hops     [HopLimit + 1][]uint8
	// hopsKept are the hops once found, for a version derived by writes
	// that change no arc's usability (keepHops).
	hopsKept [HopLimit + 1]atomic.Pointer[[]uint8]

	// totalOnce and strongestOnce build each node's total tie strength
	// and its strongest (strengthsCSR, strongestTies).
	totalOnce, strongestOnce sync.Once
	total, strongest         []float64
}

// keepHops gives l the brokers' hop distances found in from: for a
// version whose arcs are usable where from's were.
func (l *lazyParts) keepHops(from *lazyParts) {
	for h := range from.hopsKept {
		if p := from.hopsKept[h].Load(); p != nil {
			l.hopsOnce[h].Do(func() { l.hops[h] = *p })
			l.hopsKept[h].Store(p)
		}
	}
}

// Tie is an undirected tie between nodes U < V (internal indexes): the
// strongest of the relationships between them. Snapshot.TieEdge returns
// that relationship, TieEdges all of them.
type Tie struct {
	U, V int32
	// Strength is in [0,1]; the strongest relationship's.
	Strength float64
}

// relTable holds the relationships behind a snapshot's ties, column by
// column, in tie order: the relationships of tie t are off[t]:off[t+1],
// strongest stored strength first, equal strengths by id.
type relTable struct {
	off []int32
	// code packs a relationship's type, nature and level codes and its
	// direction: see relCode.
	code   []uint32
	stated []float64
	// A relationship's id is graph.RelationshipID of its type and ends
	// unless it is one of other: the relationships (in increasing order)
	// stored under an id of their own, whose ids are
	// otherIDs[otherOff[k]:otherOff[k+1]].
	other    []int32
	otherOff []uint32
	otherIDs string

	types   []graph.RelType
	bits    []uint16 // typeBit of types[code]
	natures []graph.Nature
	levels  []graph.ContactLevel

	// dated are the affiliations (graph.RelType.Affiliation) that have a
	// start or an end day, ended ones included, per person index: the
	// roll-up of contacts counts them by the contact's day
	// (graph.AffiliatedOn). Those not ended are rows too, marked dated.
	dated map[int32][]affiliation
}

// relCode packs the codes of a relationship's type, nature and level (at
// most 256 values each) and whether it runs from the tie's V to its U.
func relCode(typ, nature, level uint8, back bool) uint32 {
	c := uint32(typ) | uint32(nature)<<8 | uint32(level)<<16
	if back {
		c |= 1 << 24
	}
	return c
}

// relDated marks the code of an affiliation with a start or an end day
// (see relTable.dated).
const relDated = 1 << 25

// codeBack reports whether a relationship of code c (relCode) runs from
// its tie's V to its U.
func codeBack(c uint32) bool { return c&(1<<24) != 0 }

// ownID returns the id relationship r is stored under when it is not the
// one derived from its type and ends, and whether it is.
func (rt *relTable) ownID(r int32) (string, bool) {
	k, ok := slices.BinarySearch(rt.other, r)
	if !ok {
		return "", false
	}
	return rt.otherIDs[rt.otherOff[k]:rt.otherOff[k+1]], true
}

// typ, bit, back and type return a relationship's type code, its type bit
// (typeBit), its direction (runs from the tie's V to its U) and its type.
func (rt *relTable) typ(r int32) uint8  { return uint8(rt.code[r]) }
func (rt *relTable) bit(r int32) uint16 { return rt.bits[uint8(rt.code[r])] }
func (rt *relTable) back(r int32) bool  { return codeBack(rt.code[r]) }

func (rt *relTable) relType(r int32) graph.RelType { return rt.types[uint8(rt.code[r])] }

// isDated reports whether relationship r is an affiliation with a start or
// an end day (relDated).
func (rt *relTable) isDated(r int32) bool { return rt.code[r]&relDated != 0 }

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

// Build builds the snapshot of n with o. It does not modify n. A
// relationship that ended by o.Now's day (graph.NetworkEdge.Until on or
// before it) is left out: it carries no path, no roll-up of contacts and
// no centrality, as if it had been deleted that day. Edges whose
// ends are not among n's nodes are reported as an EINTERNAL error: a
// store's Network never yields them; invalid rules are EINVALID.
func Build(n *graph.Network, o Options) (*Snapshot, error) {
	b := newBuilder()
	b.on(cmp.Or(o.Now, time.Now()))
	defer b.stop()
	b.size(len(n.Nodes), len(n.Edges))
	for _, x := range n.Nodes {
		if err := b.node(x); err != nil {
			return nil, err
		}
	}
	for _, e := range n.Edges {
		if err := b.edge(e); err != nil {
			return nil, err
		}
	}
	s, err := b.finish(n.Version, nil)
	if err != nil {
		return nil, err
	}
	return s.with(o)
}

// with returns the snapshot of the same network read as s with the
// options o: the day, the rules and the evidence of o.Contacts. It shares
// everything but the strengths with s, so it costs O(m) and the contacts,
// not a read of the network.
func (s *Snapshot) with(o Options) (*Snapshot, error) {
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
	out := &Snapshot{
		Version: s.Version, Nodes: s.Nodes, Ties: s.stated, stated: s.stated, Off: s.Off, Adj: s.Adj, TieOf: s.TieOf,
		index: s.index, rel: s.rel, strength: s.rel.stated,
		Day: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), Rules: rules, live: s.live,
		lazy: &lazyParts{},
	}
	if o.Contacts != nil {
		out.applyEvidence(o.Contacts, now)
	}
	return out, nil
}

// at returns s labelled with version v: the same data, and the same lazily
// built parts (for a write that changed nothing s is built from).
func (s *Snapshot) at(v int64) *Snapshot {
	out := *s
	out.Version = v
	return &out
}

// Index returns the internal index of the node with domain id, and whether
// it exists.
func (s *Snapshot) Index(id string) (int32, bool) {
	return s.index.lookup(id)
}

// Degree returns the number of distinct neighbours of node i.
func (s *Snapshot) Degree(i int32) int { return int(s.Off[i+1] - s.Off[i]) }

// Parallel returns the number of relationships collapsed into tie i (an
// index in Ties).
func (s *Snapshot) Parallel(i int32) int { return int(s.rel.off[i+1] - s.rel.off[i]) }

// TieEdge returns the strongest relationship of tie i (an index in Ties),
// the one whose strength the tie carries (equal strengths: the smallest
// id), with the evidence strength when the snapshot has one for it.
func (s *Snapshot) TieEdge(i int32) graph.NetworkEdge { return s.edge(i, s.rel.off[i]) }

// TieEdges returns every relationship collapsed into tie i (an index in
// Ties), strongest first (equal strengths by id), so that the first is
// TieEdge(i). It allocates the slice it returns.
func (s *Snapshot) TieEdges(i int32) []graph.NetworkEdge {
	lo, hi := s.rel.off[i], s.rel.off[i+1]
	out := make([]graph.NetworkEdge, 0, hi-lo)
	for r := lo; r < hi; r++ {
		out = append(out, s.edge(i, r))
	}
	return out
}

// edge returns relationship r of tie t as a graph.NetworkEdge. Its
// strings are the snapshot's own but for the id, which is made from the
// type and ends (graph.RelationshipID) unless the relationship is stored
// under an id of its own.
func (s *Snapshot) edge(t, r int32) graph.NetworkEdge {
	rt := s.rel
	from, to := s.Ties[t].U, s.Ties[t].V
	if rt.back(r) {
		from, to = to, from
	}
	c := rt.code[r]
	e := graph.NetworkEdge{
		Type: rt.types[uint8(c)], From: s.Nodes[from].ID, To: s.Nodes[to].ID,
		Strength: s.strength[r], Nature: rt.natures[uint8(c>>8)], Level: rt.levels[uint8(c>>16)],
	}
	id, own := rt.ownID(r)
	if !own {
		id = graph.RelationshipID(e.Type, e.From, e.To)
	}
	e.ID = id
	return e
}

// relFrom returns the node relationship r of tie t runs from.
func (s *Snapshot) relFrom(t, r int32) int32 {
	if s.rel.back(r) {
		return s.Ties[t].V
	}
	return s.Ties[t].U
}

// Gonum returns the snapshot as a gonum weighted undirected graph whose node
// ids are the internal indexes and whose edge weights are tie strengths.
// It is built on first use and shared; callers must not modify it.
func (s *Snapshot) Gonum() *simple.WeightedUndirectedGraph {
	s.lazy.gonumOnce.Do(func() {
		g := simple.NewWeightedUndirectedGraph(0, 0)
		for i := range s.Nodes {
			g.AddNode(simple.Node(i))
		}
		for _, t := range s.Ties {
			g.SetWeightedEdge(g.NewWeightedEdge(simple.Node(t.U), simple.Node(t.V), t.Strength))
		}
		s.lazy.gonum = g
	})
	return s.lazy.gonum
}
