package segment

import (
	"cmp"
	"slices"
	"time"

	"github.com/relmap/relmap/graph"
)

// Matrix is the segment matrix as of a date (the seed's figure): every
// stakeholder with its axis scores, its segment and the policy of that
// segment. The API serves it, the renderer draws it and the analyses add
// the network-measured accessibility to its rows.
type Matrix struct {
	AsOf     time.Time   `json:"as_of,omitzero"`
	Scheme   *Scheme     `json:"scheme"`
	Policies Policies    `json:"policies"`
	Rows     []MatrixRow `json:"rows"`
}

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
	b := &MatrixBuilder{m: &Matrix{AsOf: asOf, Scheme: s, Policies: ps}, at: make(map[string]int32, len(nodes))}
	empty := EmptyPlacement(s, "")
	empty.Attractiveness.Missing = slices.Clip(empty.Attractiveness.Missing)
	empty.Accessibility.Missing = slices.Clip(empty.Accessibility.Missing)
	b.m.Rows = make([]MatrixRow, 0, len(nodes))
	for _, n := range nodes {
		if !n.Kind.IsStakeholder() {
			continue
		}
		p := empty
		p.StakeholderID = n.ID
		b.at[n.ID] = int32(len(b.m.Rows))
		b.m.Rows = append(b.m.Rows, b.m.Row(n, p))
	}
	return b
}

// Place sets the placement of its stakeholder's row; a placement of no
// stakeholder of the nodes is ignored. The row keeps the node's id as the
// placement's StakeholderID, so that the matrix holds one copy of each id
// however the placement's was read.
func (b *MatrixBuilder) Place(p Placement) {
	if i, ok := b.at[p.StakeholderID]; ok {
		n := b.m.Rows[i].Stakeholder
		p.StakeholderID = n.ID
		b.m.Rows[i] = b.m.Row(n, p)
	}
}

// Matrix orders the rows (CompareRows) and returns the matrix. The rows
// are sorted through their indexes and then moved once each, in place: a
// row is some 300 bytes.
func (b *MatrixBuilder) Matrix() *Matrix {
	rows := b.m.Rows
	order := make([]int32, len(rows))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int { return CompareRows(rows[x], rows[y]) })
	for start := range order { // row r takes the row at order[r], cycle by cycle
		if order[start] < 0 {
			continue
		}
		tmp := rows[start]
		r := int32(start)
		for {
			from := order[r]
			order[r] = ^from
			if int(from) == start {
				rows[r] = tmp
				break
			}
			rows[r] = rows[from]
			r = from
		}
	}
	b.at = nil
	return b.m
}

// Row returns the row of stakeholder n placed at p, with its segment's
// policy from m: a pointer into m.Policies, which the rows of a segment
// share (so they must not modify it).
func (m *Matrix) Row(n graph.NetworkNode, p Placement) MatrixRow {
	row := MatrixRow{Stakeholder: n, Placement: p}
	for i := range m.Policies {
		if m.Policies[i].Segment == p.Segment {
			row.Policy = &m.Policies[i]
			break
		}
	}
	return row
}

// rowOrder is the order of the segments in a matrix.
var rowOrder = append(slices.Clone(Segments), Unassessed)

// CompareRows orders matrix rows: by segment (invest, develop, harvest,
// ignore, unassessed), then name, then id.
func CompareRows(a, b MatrixRow) int {
	if a.Placement.Segment != b.Placement.Segment {
		return cmp.Compare(slices.Index(rowOrder, a.Placement.Segment), slices.Index(rowOrder, b.Placement.Segment))
	}
	return cmp.Or(cmp.Compare(a.Stakeholder.Name, b.Stakeholder.Name), cmp.Compare(a.Stakeholder.ID, b.Stakeholder.ID))
}

// Count returns the number of rows in each segment, Unassessed included.
func (m *Matrix) Count() map[Segment]int {
	out := map[Segment]int{}
	for _, r := range m.Rows {
		out[r.Placement.Segment]++
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
