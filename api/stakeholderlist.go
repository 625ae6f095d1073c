package api

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// StakeholderList is the answer of GET /api/v1/segments/list: the matrix in list
// form, one page of rows a few hundred bytes each — what a page that lists
// the stakeholders needs, where GET /segments/matrix gives every row with
// its placement in full (2–3 KB a stakeholder).
type StakeholderList struct {
	Lang string `json:"lang"`
	// Segments are the four quadrants in the order of segment.Segments,
	// then Unassessed, with their names in lang, counts over the whole
	// matrix and policy summaries.
	Segments []StakeholderListSegment `json:"segments"`
	// Total is the number of rows that match (?segment=) before paging.
	Total  int                  `json:"total"`
	Offset int                  `json:"offset"`
	Limit  int                  `json:"limit"`
	Rows   []StakeholderListRow `json:"rows"`
}

// StakeholderListSegment is one segment in a StakeholderList.
type StakeholderListSegment struct {
	Segment segment.Segment `json:"segment"`
	Name    string          `json:"name"`
	Count   int             `json:"count"`
	// PolicySummary is the segment's policy in two lines of the seed's
	// figure, in lang; absent for Unassessed.
	PolicySummary string `json:"policy_summary,omitempty"`
}

// StakeholderListRow is one stakeholder of the list: the fields of the matrix a list
// shows.
type StakeholderListRow struct {
	ID   string     `json:"id"`
	Name string     `json:"name"`
	Kind graph.Kind `json:"kind"`
	// Segment is the stakeholder's segment (StakeholderListSegment has its name).
	Segment segment.Segment `json:"segment"`
	// Attractiveness and Accessibility are the weighted means of the two
	// axes; absent when the axis is not complete.
	Attractiveness *float64 `json:"attractiveness,omitempty"`
	Accessibility  *float64 `json:"accessibility,omitempty"`
	// Owner is the owning employee's id; absent when none.
	Owner string `json:"owner,omitempty"`
	// Advice are the codes of the stakeholder's policy conformance
	// (analysis.Conformance: why is GET /conformance's business); absent
	// for an unassessed stakeholder.
	Advice []analysis.AdviceCode `json:"advice,omitempty"`
}

// DefaultListLimit is the page size of the list when ?limit= is not given.
const DefaultListLimit = 500

// getList answers GET /segments/list?segment=&offset=&limit=&lang=: a page
// of the matrix (LoadMatrix) in list form, with the advice codes of its rows
// (conformance of that page against the whole contact log). The answer
// carries an ETag, a digest of the body: a request whose If-None-Match
// names it gets 304 and no body, so that a page that did not change is not
// sent again.
func (s *Server) getList(c *gin.Context) {
	lang, err := queryLang(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	page, err := queryPage(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if c.Query("limit") == "" {
		page.Limit = DefaultListLimit
	}
	var seg *segment.Segment
	if v, ok := c.GetQuery("segment"); ok {
		sg := segment.Segment(v)
		if !sg.Valid() {
			s.fail(c, graph.Invalid("segment", "%q: want invest, develop, harvest, ignore or unassessed", v))
			return
		}
		seg = &sg
	}
	st, cs, snap, ok := s.policyInputs(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	m, err := LoadMatrix(ctx, st, time.Time{})
	if err != nil {
		s.fail(c, err)
		return
	}
	contacts, err := AllContacts(ctx, cs, graph.ContactFilter{})
	if err != nil {
		s.fail(c, err)
		return
	}
	body := NewStakeholderList(m, snap, contacts, s.now(), lang, seg, page)
	data, err := json.Marshal(body)
	if err != nil {
		s.fail(c, err)
		return
	}
	sum := sha256.Sum256(data)
	etag := `"` + hex.EncodeToString(sum[:12]) + `"`
	c.Header("ETag", etag)
	c.Header("Cache-Control", "no-cache")
	if matchesETag(c.GetHeader("If-None-Match"), etag) {
		c.Status(http.StatusNotModified)
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", data)
}

// matchesETag reports whether an If-None-Match header names etag (or is
// "*"): RFC 9110 §13.1.2, weak comparison.
func matchesETag(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

// NewStakeholderList returns a page of m in list form: the rows of seg (nil:
// every row), from page.Offset, at most page.Limit, with the advice codes
// of analysis.Conformance for those rows as of now.
func NewStakeholderList(m *segment.Matrix, snap *analysis.Snapshot, contacts []*graph.Contact, now time.Time, lang string, seg *segment.Segment, page graph.Page) StakeholderList {
	b := StakeholderList{Lang: lang, Offset: page.Offset, Limit: page.Limit, Rows: []StakeholderListRow{}}
	counts := m.Count()
	for _, sg := range append(segment.Segments[:len(segment.Segments):len(segment.Segments)], segment.Unassessed) {
		ls := StakeholderListSegment{Segment: sg, Name: sg.Name(lang), Count: counts[sg]}
		if p, ok := m.Policies.For(sg); ok {
			ls.PolicySummary = p.Summary(lang)
		}
		b.Segments = append(b.Segments, ls)
	}
	rows := m.Rows
	if seg != nil {
		// Rows are ordered by segment: the segment's rows are one run.
		lo, hi := 0, 0
		for lo < len(rows) && rows[lo].Placement.Segment != *seg {
			lo++
		}
		for hi = lo; hi < len(rows) && rows[hi].Placement.Segment == *seg; hi++ {
		}
		rows = rows[lo:hi]
	}
	b.Total = len(rows)
	rows = rows[min(page.Offset, len(rows)):min(page.Offset+page.Limit, len(rows))]
	codes := map[string][]analysis.AdviceCode{}
	pageMatrix := &segment.Matrix{AsOf: m.AsOf, Scheme: m.Scheme, Policies: m.Policies, Rows: rows}
	for _, a := range analysis.Conformance(pageMatrix, snap, contacts, now, nil) {
		codes[a.Stakeholder.ID] = a.Codes()
	}
	for _, r := range rows {
		lr := StakeholderListRow{ID: r.Stakeholder.ID, Name: r.Stakeholder.Name, Kind: r.Stakeholder.Kind,
			Segment: r.Placement.Segment, Owner: r.Stakeholder.OwnerID, Advice: codes[r.Stakeholder.ID]}
		if p := r.Placement.Attractiveness; p.Complete {
			lr.Attractiveness = &p.Mean
		}
		if p := r.Placement.Accessibility; p.Complete {
			lr.Accessibility = &p.Mean
		}
		b.Rows = append(b.Rows, lr)
	}
	return b
}
