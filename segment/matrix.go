package segment

import (
	"cmp"
	"encoding/json"
	"hash/maphash"
	"iter"
	"maps"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/relmap/relmap/graph"
)

// Matrix is the segment matrix as of a date (the seed's figure): every
// stakeholder with its axis scores, its segment and the policy of that
// segment. The API serves it, the renderer draws it and the analyses add
// the network-measured accessibility to its rows.
//
// A matrix is read row by row (Len, Row, All) and, once built, not
// changed, except through SetNetworkAccessibility on a Clone. It keeps
// its rows compactly: the stakeholder's node once (or none, when it is the
// node the process keeps anyway: NewMatrixBuilderOver), and per row the node's
// index, the two means, the date of the latest assessment used and one
// word of codes (segment, completeness, policy and the lists of missing
// criteria, which rows share) — 40 bytes a row beside the node's 112 and
// its strings, against the 288 of a MatrixRow, and 9 to 13 bytes for the
// index SegmentOf builds on first use. Row makes the MatrixRow.
type Matrix struct {
	AsOf     time.Time
	Scheme   *Scheme
	Policies Policies

	// A row's node k is base[k], or nodes[k-len(base)]: base are nodes
	// the process keeps already (NewMatrixBuilderOver), nodes the matrix's
	// own copies. rows are the rows in order.
	base  []graph.NetworkNode
	nodes []graph.NetworkNode
	rows  []rowCode
	// The tables a row's code points into; shared between matrices
	// derived from one another, so only ever appended to after a clip.
	segs      []Segment
	pols      []*Policy
	missing   []missingLists
	missingAt map[string]uint32 // the index in missing of each missingKey
	// used holds Placement.Used by node (the full form only); reach the
	// network-measured accessibility by node (SetNetworkAccessibility).
	used  map[int32][]Assessment
	reach map[int32]float64

	// byID finds a stakeholder's segment by id (SegmentOf), built on
	// first use; every change of the rows gets a new one.
	byID *segmentIndex
}

// segmentIndex maps stakeholder ids to their segments: an open-addressing
// table of node index + 1 (0: empty) at most half full, hashed by id, and
// the code of each node's segment: 9 to 13 bytes a stakeholder, against
// the 60–80 of a map from id to segment.
type segmentIndex struct {
	once  sync.Once
	built atomic.Bool // once has run: Placed may derive from it
	seed  maphash.Seed
	slots []uint32
	seg   []uint8 // index in Matrix.segs, by node
}

// SegmentOf returns the segment of the stakeholder with id, and whether it
// is in the matrix. It is safe for concurrent use; the first call indexes
// the matrix in O(Len).
func (m *Matrix) SegmentOf(id string) (Segment, bool) {
	x := m.byID
	if x == nil { // a matrix made without a constructor: no index to share
		x = &segmentIndex{}
	}
	x.once.Do(func() {
		x.seed = maphash.MakeSeed()
		x.slots = make([]uint32, 1<<bits.Len(uint(2*len(m.rows))))
		x.seg = make([]uint8, len(m.base)+len(m.nodes))
		mask := uint64(len(x.slots) - 1)
		for _, rc := range m.rows {
			x.seg[rc.node] = uint8(rc.code & 7)
			j := maphash.String(x.seed, m.node(rc.node).ID) & mask
			for x.slots[j] != 0 {
				j = (j + 1) & mask
			}
			x.slots[j] = uint32(rc.node) + 1
		}
		x.built.Store(true)
	})
	if len(x.slots) == 0 {
		return "", false
	}
	mask := uint64(len(x.slots) - 1)
	for j := maphash.String(x.seed, id) & mask; x.slots[j] != 0; j = (j + 1) & mask {
		if n := int32(x.slots[j] - 1); m.node(n).ID == id {
			return m.segs[x.seg[n]], true
		}
	}
	return "", false
}

// rowCode is a row as a Matrix keeps it. code packs the index of the
// segment in segs (bits 0–2), the axes' Complete and High (3–6) and the
// index + 1 of the policy in pols (7–31; 0: none); missing is the index
// of the row's lists of missing criteria in Matrix.missing.
type rowCode struct {
	node      int32
	code      uint32
	missing   uint32
	nsec      int32 // of the latest date, with sec (no date: sec = noDate)
	attr, acc float64
	sec       int64
}

const (
	attrComplete = 1 << (3 + iota)
	attrHigh
	accComplete
	accHigh
	polShift = 7
	// noDate marks a row whose LatestDate is zero.
	noDate = math.MinInt64
)

// missingLists are the criteria missing on each axis.
type missingLists struct{ attr, acc []string }

// MatrixRow is one stakeholder in the matrix.
type MatrixRow struct {
	// Stakeholder is the organisation or person, as the network sees it.
	Stakeholder graph.NetworkNode `json:"stakeholder"`
	Placement   Placement         `json:"placement"`
	// Policy is the policy of the row's segment; nil when unassessed.
	Policy *Policy `json:"policy,omitempty"`
	// NetworkAccessibility is the best warm-path strength in [0,1] from any
	// of our employees to the stakeholder, set by the analyses; nil when not
	// computed. It sits beside the judged accessibility, never replaces it.
	NetworkAccessibility *float64 `json:"network_accessibility,omitempty"`
}

// NewMatrix returns the matrix of rows, in their order (callers that want
// the matrix's order sort them with CompareRows first).
func NewMatrix(asOf time.Time, s *Scheme, ps Policies, rows []MatrixRow) *Matrix {
	m := &Matrix{AsOf: asOf, Scheme: s, Policies: ps, nodes: make([]graph.NetworkNode, len(rows)), rows: make([]rowCode, len(rows)), byID: &segmentIndex{}}
	for i, r := range rows {
		m.nodes[i] = r.Stakeholder
		m.rows[i] = m.encode(int32(i), r.Placement, r.Policy)
		if r.NetworkAccessibility != nil {
			m.SetNetworkAccessibility(i, *r.NetworkAccessibility)
		}
	}
	return m
}

// Len returns the number of rows.
func (m *Matrix) Len() int { return len(m.rows) }

// Row returns row i (0 ≤ i < Len): a value of its own, whose strings and
// lists are the matrix's (callers must not modify the lists).
func (m *Matrix) Row(i int) MatrixRow { return m.decode(m.rows[i]) }

// All yields every row with its index, in order.
func (m *Matrix) All() iter.Seq2[int, MatrixRow] {
	return func(yield func(int, MatrixRow) bool) {
		for i, rc := range m.rows {
			if !yield(i, m.decode(rc)) {
				return
			}
		}
	}
}

// Rows returns every row, in order, in a slice of the caller's.
func (m *Matrix) Rows() []MatrixRow {
	out := make([]MatrixRow, len(m.rows))
	for i, rc := range m.rows {
		out[i] = m.decode(rc)
	}
	return out
}

// Stakeholder returns the stakeholder of row i without the rest of the
// row.
func (m *Matrix) Stakeholder(i int) *graph.NetworkNode { return m.node(m.rows[i].node) }

// node returns node k (see Matrix.base).
func (m *Matrix) node(k int32) *graph.NetworkNode {
	if int(k) < len(m.base) {
		return &m.base[k]
	}
	return &m.nodes[int(k)-len(m.base)]
}

// AnyPlaced reports whether a row is placed in one of the four segments.
func (m *Matrix) AnyPlaced() bool {
	for i := range m.rows {
		if m.Segment(i).Placed() {
			return true
		}
	}
	return false
}

// Means returns the attractiveness and accessibility means of row i
// without the rest of the row.
func (m *Matrix) Means(i int) (attractiveness, accessibility float64) {
	return m.rows[i].attr, m.rows[i].acc
}

// Segment returns the segment of row i without the rest of the row.
func (m *Matrix) Segment(i int) Segment { return m.segs[m.rows[i].code&7] }

// Clone returns a copy of m whose rows SetNetworkAccessibility may set;
// the stakeholders and placements are shared.
func (m *Matrix) Clone() *Matrix {
	cp := *m
	cp.rows = slices.Clip(m.rows)
	cp.segs, cp.pols, cp.missing = slices.Clip(m.segs), slices.Clip(m.pols), slices.Clip(m.missing)
	cp.missingAt, cp.used, cp.reach = maps.Clone(m.missingAt), maps.Clone(m.used), maps.Clone(m.reach)
	cp.byID = &segmentIndex{}
	return &cp
}

// SetNetworkAccessibility sets the NetworkAccessibility of row i to v.
// The matrix must be the caller's own (a Clone of a shared one).
func (m *Matrix) SetNetworkAccessibility(i int, v float64) {
	if m.reach == nil {
		m.reach = map[int32]float64{}
	}
	m.reach[m.rows[i].node] = v
}

// MarshalJSON writes the matrix as {"as_of", "scheme", "policies", "rows"}.
func (m *Matrix) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		AsOf     time.Time   `json:"as_of,omitzero"`
		Scheme   *Scheme     `json:"scheme"`
		Policies Policies    `json:"policies"`
		Rows     []MatrixRow `json:"rows"`
	}{m.AsOf, m.Scheme, m.Policies, m.Rows()})
}

// intern returns the index of v in *table, appending it when absent.
func intern[T comparable](table *[]T, v T) uint32 {
	if i := slices.Index(*table, v); i >= 0 {
		return uint32(i)
	}
	*table = append(*table, v)
	return uint32(len(*table) - 1)
}

// encode packs the placement p and policy pol of node into a row code.
func (m *Matrix) encode(node int32, p Placement, pol *Policy) rowCode {
	rc := rowCode{node: node, attr: p.Attractiveness.Mean, acc: p.Accessibility.Mean, sec: noDate}
	seg := intern(&m.segs, p.Segment)
	if seg > 7 {
		panic("segment: more than 8 distinct segments in one matrix")
	}
	rc.code = seg
	for _, f := range []struct {
		on  bool
		bit uint32
	}{{p.Attractiveness.Complete, attrComplete}, {p.Attractiveness.High, attrHigh}, {p.Accessibility.Complete, accComplete}, {p.Accessibility.High, accHigh}} {
		if f.on {
			rc.code |= f.bit
		}
	}
	if pol != nil {
		k := intern(&m.pols, pol) + 1
		if k >= 1<<(32-polShift) {
			panic("segment: too many distinct policies in one matrix")
		}
		rc.code |= k << polShift
	}
	key := missingKey(p.Attractiveness.Missing) + "\x1e" + missingKey(p.Accessibility.Missing)
	k, ok := m.missingAt[key]
	if !ok {
		k = uint32(len(m.missing))
		m.missing = append(m.missing, missingLists{slices.Clip(p.Attractiveness.Missing), slices.Clip(p.Accessibility.Missing)})
		if m.missingAt == nil {
			m.missingAt = map[string]uint32{}
		}
		m.missingAt[key] = k
	}
	rc.missing = k
	if !p.LatestDate.IsZero() {
		rc.sec, rc.nsec = p.LatestDate.Unix(), int32(p.LatestDate.Nanosecond())
	}
	if len(p.Used) > 0 {
		if m.used == nil {
			m.used = map[int32][]Assessment{}
		}
		m.used[node] = p.Used
	} else if m.used != nil {
		delete(m.used, node)
	}
	return rc
}

// missingKey is a list of criterion ids as a map key that tells nil
// from empty.
func missingKey(ids []string) string {
	if ids == nil {
		return "-"
	}
	return "+" + strings.Join(ids, "\x1f")
}

// decode makes the MatrixRow of a row code.
func (m *Matrix) decode(rc rowCode) MatrixRow {
	n := *m.node(rc.node)
	ml := m.missing[rc.missing]
	r := MatrixRow{Stakeholder: n, Placement: Placement{
		StakeholderID: n.ID, Segment: m.segs[rc.code&7],
		Attractiveness: AxisPlacement{Mean: rc.attr, Complete: rc.code&attrComplete != 0, High: rc.code&attrHigh != 0, Missing: ml.attr},
		Accessibility:  AxisPlacement{Mean: rc.acc, Complete: rc.code&accComplete != 0, High: rc.code&accHigh != 0, Missing: ml.acc},
		Used:           m.used[rc.node],
	}}
	if rc.sec != noDate {
		r.Placement.LatestDate = time.Unix(rc.sec, int64(rc.nsec)).UTC()
	}
	if k := rc.code >> polShift; k > 0 {
		r.Policy = m.pols[k-1]
	}
	if v, ok := m.reach[rc.node]; ok {
		r.NetworkAccessibility = &v
	}
	return r
}

// policyOf returns the policy of segment sg in m.Policies (nil: none), which
// the rows of a segment share (so they must not modify it).
func (m *Matrix) policyOf(sg Segment) *Policy {
	for i := range m.Policies {
		if m.Policies[i].Segment == sg {
			return &m.Policies[i]
		}
	}
	return nil
}

// BuildMatrix places every stakeholder of nodes (employees are skipped) as
// of asOf (zero: no cut-off) and attaches its segment's policy. Stakeholders
// without assessments are rows too, unassessed. Rows are ordered by segment
// (invest, develop, harvest, ignore, unassessed), then name, then id (see
// CompareRows).
func BuildMatrix(s *Scheme, ps Policies, nodes []graph.NetworkNode, as []Assessment, asOf time.Time) *Matrix {
	return MatrixOf(s, ps, nodes, Place(s, as, asOf), asOf)
}

// MatrixOf is BuildMatrix from placements made already (Place, Placer).
func MatrixOf(s *Scheme, ps Policies, nodes []graph.NetworkNode, placed map[string]Placement, asOf time.Time) *Matrix {
	b := NewMatrixBuilder(s, ps, nodes, asOf)
	for _, p := range placed {
		b.Place(p)
	}
	return b.Matrix()
}

// MatrixBuilder builds a matrix from placements that arrive one at a time
// (a Placer's), holding nothing but the rows: one per stakeholder of the
// nodes it starts from, unassessed until placed.
type MatrixBuilder struct {
	m  *Matrix
	at map[string]int32 // row of each stakeholder id
}

// NewMatrixBuilder starts the matrix of the stakeholders of nodes
// (employees are skipped), every row unassessed (EmptyPlacement; the rows
// share its lists of missing criteria).
func NewMatrixBuilder(s *Scheme, ps Policies, nodes []graph.NetworkNode, asOf time.Time) *MatrixBuilder {
	return NewMatrixBuilderOver(s, ps, nil, nil, nodes, asOf)
}

// NewMatrixBuilderOver is NewMatrixBuilder over nodes the process keeps
// already (base, such as the analyses' snapshot's, which must not change
// while the matrix lives): a stakeholder x of nodes with a node of base
// equal to it (index(x.ID) = k and base[k] == x) is kept as base[k], so
// that its row costs the matrix 40 bytes and no copy of the node; the
// others are copied. index may be nil (then every node is copied).
func NewMatrixBuilderOver(s *Scheme, ps Policies, base []graph.NetworkNode, index func(id string) (int32, bool), nodes []graph.NetworkNode, asOf time.Time) *MatrixBuilder {
	b := &MatrixBuilder{m: &Matrix{AsOf: asOf, Scheme: s, Policies: ps, byID: &segmentIndex{}}}
	in := make([]int32, len(nodes)) // base index of each node, or -1
	n, own := 0, 0
	for i, x := range nodes {
		in[i] = -1
		if !x.Kind.IsStakeholder() {
			continue
		}
		n++
		if index != nil {
			if k, ok := index(x.ID); ok && int(k) < len(base) && base[k] == x {
				in[i] = k
				continue
			}
		}
		own++
	}
	if own < n {
		b.m.base = base
	}
	b.at = make(map[string]int32, n)
	b.m.nodes, b.m.rows = make([]graph.NetworkNode, 0, own), make([]rowCode, 0, n)
	empty := b.m.encode(0, EmptyPlacement(s, ""), b.m.policyOf(Unassessed))
	for i, x := range nodes {
		if !x.Kind.IsStakeholder() {
			continue
		}
		b.at[x.ID] = int32(len(b.m.rows))
		empty.node = in[i]
		if in[i] < 0 {
			empty.node = int32(len(b.m.base) + len(b.m.nodes))
			b.m.nodes = append(b.m.nodes, x)
		}
		b.m.rows = append(b.m.rows, empty)
	}
	return b
}

// Place sets the placement of its stakeholder's row; a placement of no
// stakeholder of the nodes is ignored.
func (b *MatrixBuilder) Place(p Placement) {
	if i, ok := b.at[p.StakeholderID]; ok {
		b.m.rows[i] = b.m.encode(b.m.rows[i].node, p, b.m.policyOf(p.Segment))
	}
}

// Matrix orders the rows (CompareRows) and returns the matrix.
func (b *MatrixBuilder) Matrix() *Matrix {
	slices.SortFunc(b.m.rows, b.m.compare)
	b.at = nil
	return b.m
}

// Placed returns a matrix with the stakeholders' rows of m placed at ps
// instead (placements of stakeholders not in m are ignored) and moved to
// their place in the order; m is not changed, and the two share their
// stakeholders. It costs O(Len + |ps| log Len).
func (m *Matrix) Placed(ps []Placement) *Matrix {
	cp := m.Clone()
	if len(ps) == 0 {
		return cp
	}
	at := make(map[string]Placement, len(ps))
	for _, p := range ps {
		at[p.StakeholderID] = p
	}
	rows := make([]rowCode, 0, len(m.rows))
	var moved []rowCode
	for _, rc := range m.rows {
		p, ok := at[m.node(rc.node).ID]
		if !ok {
			rows = append(rows, rc)
			continue
		}
		p.StakeholderID = m.node(rc.node).ID
		moved = append(moved, cp.encode(rc.node, p, cp.policyOf(p.Segment)))
	}
	for _, rc := range moved {
		i, _ := slices.BinarySearchFunc(rows, rc, cp.compare)
		rows = slices.Insert(rows, i, rc)
	}
	cp.rows = rows
	if x := m.byID; x != nil && x.built.Load() {
		// The same nodes: share m's table, with the moved rows' segments
		// (O(n) bytes copied, nothing hashed again).
		nx := &segmentIndex{seed: x.seed, slots: x.slots, seg: slices.Clone(x.seg)}
		for _, rc := range moved {
			nx.seg[rc.node] = uint8(rc.code & 7)
		}
		nx.once.Do(func() {})
		nx.built.Store(true)
		cp.byID = nx
	}
	return cp
}

// WithoutUsed returns m without the assessments behind its placements
// (Placement.Used), the lean form that caches keep; m is not changed.
func (m *Matrix) WithoutUsed() *Matrix {
	cp := m.Clone()
	cp.used = nil
	return cp
}

// NewRow returns the row of stakeholder n placed at p, with its segment's
// policy from m: a pointer into m.Policies, which the rows of a segment
// share (so they must not modify it).
func (m *Matrix) NewRow(n graph.NetworkNode, p Placement) MatrixRow {
	return MatrixRow{Stakeholder: n, Placement: p, Policy: m.policyOf(p.Segment)}
}

// rowOrder is the order of the segments in a matrix.
var rowOrder = append(slices.Clone(Segments), Unassessed)

// CompareRows orders matrix rows: by segment (invest, develop, harvest,
// ignore, unassessed), then name, then id.
func CompareRows(a, b MatrixRow) int {
	return compareRows(a.Placement.Segment, b.Placement.Segment, &a.Stakeholder, &b.Stakeholder)
}

func compareRows(sa, sb Segment, a, b *graph.NetworkNode) int {
	if sa != sb {
		return cmp.Compare(slices.Index(rowOrder, sa), slices.Index(rowOrder, sb))
	}
	return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
}

// compare is CompareRows on row codes.
func (m *Matrix) compare(x, y rowCode) int {
	return compareRows(m.segs[x.code&7], m.segs[y.code&7], m.node(x.node), m.node(y.node))
}

// Count returns the number of rows in each segment, Unassessed included.
func (m *Matrix) Count() map[Segment]int {
	out := map[Segment]int{}
	for i := range m.rows {
		out[m.Segment(i)]++
	}
	return out
}

// DefaultDisagreement is how many scale points the judged and the
// network-measured accessibility may differ before a row is flagged: on the
// 1–5 scale, 1.5 points is more than a whole step of judgement.
const DefaultDisagreement = 1.5

// OnScale maps a network-measured strength v in [0,1] onto the scheme's
// scale, min + v·(max − min), so that it can be drawn and compared beside
// judged scores (clamped to [0,1] first).
func (s *Scheme) OnScale(v float64) float64 {
	v = min(max(v, 0), 1)
	lo, hi := float64(s.Scale.Min), float64(s.Scale.Max)
	return lo + v*(hi-lo)
}

// Disagrees reports whether the row's network-measured accessibility,
// mapped onto the scale, differs from its judged accessibility mean by more
// than tol points. It is false when either is missing.
func (r MatrixRow) Disagrees(s *Scheme, tol float64) bool {
	if r.NetworkAccessibility == nil || !r.Placement.Accessibility.Complete {
		return false
	}
	d := s.OnScale(*r.NetworkAccessibility) - r.Placement.Accessibility.Mean
	return d > tol || d < -tol
}
