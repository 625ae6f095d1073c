package api

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"

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
// of the matrix (LoadMatrix) in list form, with the advice codes of its
// rows (analysis.Conformance against the whole contact log), taken from
// the stakeholder table that GET /stakeholders pages (stakeholderTable).
// The answer carries an ETag (Server.writeJSONETag), so that a page that did not
// change is not sent again.
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
	t, err := s.stakeholderTable(c.Request.Context(), st, cs, snap)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeJSONETag(c, t.list(lang, seg, page))
}

// writeJSONETag answers 200 with body as JSON and an ETag, a digest of the
// JSON, with Cache-Control: no-cache so that a browser asks again each
// time; a request whose If-None-Match names the ETag gets 304 and no body.
func (s *Server) writeJSONETag(c *gin.Context, body any) {
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

// list returns a page of the table in list form: the rows of seg (nil:
// every row) in matrix order, with the segments' names and policies in
// lang.
func (t *stakeholderTable) list(lang string, seg *segment.Segment, page graph.Page) StakeholderList {
	b := StakeholderList{Lang: lang, Offset: page.Offset, Limit: page.Limit, Rows: []StakeholderListRow{}}
	for _, ts := range t.segments {
		ls := StakeholderListSegment{Segment: ts.Segment, Name: ts.Name.In(lang), Count: ts.Count}
		if ts.Policy != nil {
			ls.PolicySummary = ts.Policy.In(lang)
		}
		b.Segments = append(b.Segments, ls)
	}
	var at []int // the rows of seg, as indexes in the table
	for i := range t.m.Len() {
		if seg == nil || t.m.Segment(i) == *seg {
			at = append(at, i)
		}
	}
	b.Total = len(at)
	for _, i := range graph.PageOf(at, page) {
		r := t.m.Row(i)
		lr := StakeholderListRow{ID: r.Stakeholder.ID, Name: r.Stakeholder.Name, Kind: r.Stakeholder.Kind,
			Segment: r.Placement.Segment, Owner: r.Stakeholder.OwnerID}
		lr.Attractiveness, lr.Accessibility = axisMeans(r.Placement)
		if k := t.finding[i]; k >= 0 {
			lr.Advice = t.findings[k].Codes()
		}
		b.Rows = append(b.Rows, lr)
	}
	return b
}
