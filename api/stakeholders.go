package api

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// The stakeholder table: GET /api/v1/stakeholders answers one sorted page
// of one segment's stakeholders with what the page's quadrant tables show
// — scores, owner, holders, policy advice, the best warm path's strength
// and whom to ask — in both languages at once, so that switching the
// page's language fetches nothing. It joins what the matrix
// (LoadMatrix), conformance (LoadConformance) and the warm paths
// (analysis.NetworkAccessibility) compute; the join is kept until the
// store's version or the day moves, and the best paths are found only for
// the rows a page shows, unless the table is sorted by them.

// DefaultTableLimit is the number of rows GET /stakeholders answers when
// ?limit= is not given.
const DefaultTableLimit = 25

// TableSorts are the columns GET /stakeholders sorts by.
var TableSorts = []string{"attractiveness", "accessibility", "name", "strength", "holders", "owner", "advice"}

// StakeholdersBody is the answer of GET /api/v1/stakeholders.
type StakeholdersBody struct {
	// Segment is the segment listed; empty when rows were asked for by id.
	Segment segment.Segment `json:"segment,omitempty"`
	Sort    string          `json:"sort"`
	Desc    bool            `json:"desc"`
	// Segments are the four segments and the unassessed, with their names,
	// number of stakeholders and policy in both languages: the quadrants'
	// tabs and the stakeholder page's policy.
	Segments []TableSegment `json:"segments"`
	Total    int            `json:"total"`
	Offset   int            `json:"offset"`
	Limit    int            `json:"limit"`
	Rows     []TableRow     `json:"rows"`
}

// TableSegment is one segment of the table: its name and policy summary
// in both languages, and the policy's contact minimum (none for the
// unassessed).
type TableSegment struct {
	Segment      segment.Segment `json:"segment"`
	Name         analysis.Text   `json:"name"`
	Count        int             `json:"count"`
	Policy       *analysis.Text  `json:"policy,omitempty"`
	MinContacts  int             `json:"min_contacts,omitempty"`
	PeriodMonths int             `json:"period_months,omitempty"`
}

// TableRow is one stakeholder of the table.
type TableRow struct {
	Stakeholder graph.NetworkNode `json:"stakeholder"`
	Segment     segment.Segment   `json:"segment"`
	// Attractiveness and Accessibility are the axis means; absent when an
	// axis is not complete.
	Attractiveness *float64 `json:"attractiveness,omitempty"`
	Accessibility  *float64 `json:"accessibility,omitempty"`
	// Owner, Holders and Advice are conformance's (absent for the
	// unassessed, which have no policy).
	Owner   *analysis.PathNode `json:"owner,omitempty"`
	Holders int                `json:"holders"`
	Advice  []TableAdvice      `json:"advice"`
	// Reach is the best warm path from any employee: its strength (0: none
	// within the hop cap) and whom to ask (its Introducer; absent for a
	// direct tie or none) — the same person the stakeholder page, the
	// brokers and conformance name.
	Reach *TableReach `json:"reach,omitempty"`
}

// TableAdvice is one advice item in both languages.
type TableAdvice struct {
	Code   analysis.AdviceCode `json:"code"`
	Name   analysis.Text       `json:"name"`
	Reason analysis.Text       `json:"reason"`
}

// TableReach is a row's best warm path.
type TableReach struct {
	Strength float64            `json:"strength"`
	Hops     int                `json:"hops"`
	Ask      *analysis.PathNode `json:"ask,omitempty"`
}

// stakeholderTable is the join of one store version and day, kept
// compact: the matrix and the snapshot's nodes it was made from, and per
// matrix row its conformance finding. Rows are made on the way out (row),
// their advice worded only for the rows a page shows, so that the table
// costs tens of bytes a stakeholder beside the matrix and the snapshot
// rather than the kilobyte of rows with their reasons in two languages.
type stakeholderTable struct {
	version  int64
	day      time.Time
	now      time.Time // the instant conformance was checked at
	m        *segment.Matrix
	nodes    []graph.NetworkNode // the snapshot's, which the findings index
	findings []analysis.Finding
	finding  []int32 // per row of m: its index in findings, -1 for none
	segments []TableSegment

	mu    sync.Mutex // guards reach
	reach map[string]*TableReach
}

// tableCache keeps the stakeholder table of one store version and day.
type tableCache struct {
	mu sync.Mutex
	t  *stakeholderTable
}

// stakeholderTable returns the table as of now, built when the store's
// version or the day has moved since the last one. Builds run one at a
// time.
func (s *Server) stakeholderTable(ctx context.Context, st SegmentStore, cs contactFinder, snap *analysis.Snapshot) (*stakeholderTable, error) {
	now := s.now()
	day := now.UTC().Truncate(24 * time.Hour)
	var version int64
	vs, versioned := s.Store.(versioner)
	if versioned {
		v, err := vs.Version(ctx)
		if err != nil {
			return nil, err
		}
		version = v
	}
	c := &s.table
	c.mu.Lock()
	defer c.mu.Unlock()
	if versioned && c.t != nil && c.t.version == version && c.t.day.Equal(day) {
		return c.t, nil
	}
	m, findings, err := loadFindings(ctx, st, cs, snap, now)
	if err != nil {
		return nil, err
	}
	t := &stakeholderTable{version: version, day: day, now: now, m: m, nodes: snap.Nodes, findings: findings,
		finding: make([]int32, m.Len()), segments: tableSegments(m), reach: map[string]*TableReach{}}
	for i := range t.finding {
		t.finding[i] = -1
	}
	for k, f := range findings {
		t.finding[f.Row] = int32(k)
	}
	c.t = t
	return t, nil
}

// row returns row i of the table (in matrix order) without its reach;
// its advice items have their reasons when words is set, only their
// codes and names otherwise (enough to filter and sort by).
func (t *stakeholderTable) row(i int, words bool) TableRow {
	r := t.m.Row(i)
	row := TableRow{Stakeholder: r.Stakeholder, Segment: r.Placement.Segment, Advice: []TableAdvice{}}
	row.Attractiveness, row.Accessibility = axisMeans(r.Placement)
	k := t.finding[i]
	if k < 0 {
		return row
	}
	f := t.findings[k]
	row.Owner, row.Holders = f.Owner(t.m, t.nodes, t.now), int(f.Holders)
	if !words {
		for _, c := range f.Codes() {
			row.Advice = append(row.Advice, TableAdvice{Code: c, Name: adviceName(c)})
		}
		return row
	}
	for _, it := range f.Items(t.m, t.nodes, t.now) {
		row.Advice = append(row.Advice, TableAdvice{Code: it.Code, Name: adviceName(it.Code), Reason: it.Reason})
	}
	return row
}

// adviceName is an advice code as words in both languages.
func adviceName(c analysis.AdviceCode) analysis.Text {
	return analysis.Text{EN: c.Name("en"), NL: c.Name("nl")}
}

// tableSegments returns the four segments of m and the unassessed, in
// that order, with their names, counts over the whole matrix and policies
// in both languages.
func tableSegments(m *segment.Matrix) []TableSegment {
	counts := m.Count()
	var out []TableSegment
	for _, sg := range append(slices.Clone(segment.Segments), segment.Unassessed) {
		ts := TableSegment{Segment: sg, Name: analysis.Text{EN: sg.Name("en"), NL: sg.Name("nl")}, Count: counts[sg]}
		if p, ok := m.Policies.For(sg); ok {
			ts.Policy = &analysis.Text{EN: p.Summary("en"), NL: p.Summary("nl")}
			ts.MinContacts, ts.PeriodMonths = p.MinContacts, p.PeriodMonths
		}
		out = append(out, ts)
	}
	return out
}

// axisMeans returns a placement's two axis means, each nil when its axis
// is not complete.
func axisMeans(p segment.Placement) (attractiveness, accessibility *float64) {
	if a := p.Attractiveness; a.Complete {
		attractiveness = &a.Mean
	}
	if a := p.Accessibility; a.Complete {
		accessibility = &a.Mean
	}
	return attractiveness, accessibility
}

// reachOf returns the best warm paths of ids (finding those not yet known).
func (t *stakeholderTable) reachOf(ctx context.Context, snap *analysis.Snapshot, ids []string) (map[string]*TableReach, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var missing []string
	for _, id := range ids {
		if _, ok := t.reach[id]; !ok {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		rs, err := analysis.NetworkAccessibility(ctx, snap, missing, 0)
		if err != nil {
			return nil, err
		}
		for _, id := range missing {
			r, ok := rs[id]
			if !ok {
				t.reach[id] = nil // not in the analyses (a person who objected)
				continue
			}
			tr := &TableReach{Strength: r.Strength, Hops: r.Hops}
			if via := r.Via(); via.ID != "" {
				tr.Ask = &via
			}
			t.reach[id] = tr
		}
	}
	out := make(map[string]*TableReach, len(ids))
	for _, id := range ids {
		out[id] = t.reach[id]
	}
	return out, nil
}

// getStakeholders answers GET /stakeholders?segment=&id=&party_type=&sort=&desc=&offset=&limit=:
// one segment's rows (develop by default), or the rows of the ids asked
// for, whatever their segment.
func (s *Server) getStakeholders(c *gin.Context) {
	ids := splitList(c.QueryArray("id"))
	seg := segment.Segment(c.DefaultQuery("segment", string(segment.Develop)))
	if len(ids) > 0 && c.Query("segment") == "" {
		seg = ""
	} else if !seg.Valid() {
		s.fail(c, graph.Invalid("segment", "%q is not invest, develop, harvest, ignore or unassessed", seg))
		return
	}
	sort := c.DefaultQuery("sort", "attractiveness")
	if !slices.Contains(TableSorts, sort) {
		s.fail(c, graph.Invalid("sort", "%q is not one of %s", sort, strings.Join(TableSorts, ", ")))
		return
	}
	desc := c.DefaultQuery("desc", "1") == "1"
	parties, err := queryPartyTypes(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	page, err := queryPage(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if _, given := c.GetQuery("limit"); !given {
		page.Limit = DefaultTableLimit
	}
	st, cs, snap, ok := s.policyInputs(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	t, err := s.stakeholderTable(ctx, st, cs, snap)
	if err != nil {
		s.fail(c, err)
		return
	}
	var at []int // the rows asked for, as indexes in the table
	var rows []TableRow
	for i := range t.m.Len() {
		n := t.m.Stakeholder(i)
		if (seg == "" || t.m.Segment(i) == seg) && (len(ids) == 0 || slices.Contains(ids, n.ID)) &&
			(len(parties) == 0 || slices.Contains(parties, n.PartyType)) {
			at = append(at, i)
			rows = append(rows, t.row(i, false))
		}
	}
	if sort == "strength" { // every row's best path is needed to sort by it
		ids := make([]string, len(rows))
		for i, r := range rows {
			ids[i] = r.Stakeholder.ID
		}
		reach, err := t.reachOf(ctx, snap, ids)
		if err != nil {
			s.fail(c, err)
			return
		}
		for i := range rows {
			rows[i].Reach = reach[rows[i].Stakeholder.ID]
		}
	}
	order := make([]int, len(rows))
	for i := range order {
		order[i] = i
	}
	less := tableOrder(sort, desc)
	slices.SortStableFunc(order, func(a, b int) int { return less(rows[a], rows[b]) })
	body := StakeholdersBody{Segment: seg, Sort: sort, Desc: desc, Segments: t.segments, Total: len(rows), Offset: page.Offset, Limit: page.Limit,
		Rows: []TableRow{}}
	for _, k := range graph.PageOf(order, page) {
		body.Rows = append(body.Rows, t.row(at[k], true))
	}
	shown := make([]string, len(body.Rows))
	for i, r := range body.Rows {
		shown[i] = r.Stakeholder.ID
	}
	reach, err := t.reachOf(ctx, snap, shown)
	if err != nil {
		s.fail(c, err)
		return
	}
	for i := range body.Rows {
		body.Rows[i].Reach = reach[body.Rows[i].Stakeholder.ID]
	}
	s.writeJSONETag(c, body)
}

// tableOrder orders rows by the column sort, descending when desc; rows
// without a value come last either way; ties by name, then id.
func tableOrder(sort string, desc bool) func(a, b TableRow) int {
	dir := func(c int) int {
		if desc {
			return -c
		}
		return c
	}
	// value returns the row's value and whether it has one.
	num := func(r TableRow) (float64, bool) {
		switch sort {
		case "attractiveness":
			if r.Attractiveness != nil {
				return *r.Attractiveness, true
			}
		case "accessibility":
			if r.Accessibility != nil {
				return *r.Accessibility, true
			}
		case "strength":
			if r.Reach != nil {
				return r.Reach.Strength, true
			}
		case "holders":
			return float64(r.Holders), true
		}
		return 0, false
	}
	text := func(r TableRow) (string, bool) {
		switch sort {
		case "name":
			return strings.ToLower(r.Stakeholder.Name), true
		case "owner":
			if r.Owner != nil {
				return strings.ToLower(r.Owner.Name), true
			}
		case "advice":
			if len(r.Advice) > 0 {
				return string(r.Advice[0].Code), true
			}
		}
		return "", false
	}
	return func(a, b TableRow) int {
		tie := cmp.Or(cmp.Compare(a.Stakeholder.Name, b.Stakeholder.Name), cmp.Compare(a.Stakeholder.ID, b.Stakeholder.ID))
		var c int
		var okA, okB bool
		switch sort {
		case "name", "owner", "advice":
			var va, vb string
			va, okA = text(a)
			vb, okB = text(b)
			c = cmp.Compare(va, vb)
		default:
			var va, vb float64
			va, okA = num(a)
			vb, okB = num(b)
			c = cmp.Compare(va, vb)
		}
		switch {
		case okA != okB && okA:
			return -1
		case okA != okB:
			return 1
		}
		return cmp.Or(dir(c), tie)
	}
}
