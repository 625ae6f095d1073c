package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/exchange"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// SegmentStore is what the segment and assessment endpoints need of a
// store: the segmentation (segment.Store's methods) and the stakeholders of
// the network, which the matrix lists whether assessed or not. Both graph
// stores that keep segments implement it.
type SegmentStore interface {
	segment.Store
	// Network streams the nodes (and edges) of the network; the matrix
	// passes a nil edge visitor, which the stores take as "nodes only".
	Network(ctx context.Context, v graph.NetworkVisitor) (int64, error)
}

// LoadMatrix builds the segment matrix of st as of asOf (zero: every
// assessment counts): the stored scheme and policies, every organisation and
// person of the network, and all their assessments, placed by
// segment.BuildMatrix. It reads the network's nodes, then the segmentation
// in one read (segment.Store.ReadSegmentation); a write between the two
// may show in one and not the other.
//
// A MatrixCache answers from the matrix it keeps, which is shared (callers
// must not modify it) and lean: its placements leave Used empty. Use
// LoadFullMatrix for the assessments behind each placement.
func LoadMatrix(ctx context.Context, st SegmentStore, asOf time.Time) (*segment.Matrix, error) {
	if mc, ok := st.(*MatrixCache); ok {
		return mc.Matrix(ctx, asOf)
	}
	return buildMatrix(ctx, st, asOf)
}

// LoadFullMatrix is LoadMatrix with Placement.Used, built anew on every
// call (the full form of GET /segments/matrix).
func LoadFullMatrix(ctx context.Context, st SegmentStore, asOf time.Time) (*segment.Matrix, error) {
	if mc, ok := st.(*MatrixCache); ok {
		st = mc.SegmentStore
	}
	return buildMatrix(ctx, st, asOf)
}

// buildMatrix is LoadMatrix without a cache.
func buildMatrix(ctx context.Context, st SegmentStore, asOf time.Time) (*segment.Matrix, error) {
	scheme, policies, nodes, as, err := loadSegmentation(ctx, st)
	if err != nil {
		return nil, err
	}
	return segment.BuildMatrix(scheme, policies, nodes, as, asOf), nil
}

// loadSegmentation reads what the matrix and the moves are computed from:
// the stakeholders of the network, and the scheme, policies and
// assessments in one read (segment.Store.ReadSegmentation).
func loadSegmentation(ctx context.Context, st SegmentStore) (*segment.Scheme, segment.Policies, []graph.NetworkNode, []segment.Assessment, error) {
	nodes, err := stakeholders(ctx, st)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	seg, err := st.ReadSegmentation(ctx)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	return seg.Scheme, seg.Policies, nodes, seg.Assessments, nil
}

// stakeholders reads the organisations and persons of the network.
func stakeholders(ctx context.Context, st SegmentStore) ([]graph.NetworkNode, error) {
	var nodes []graph.NetworkNode
	_, err := st.Network(ctx, graph.NetworkVisitor{
		Size: func(n, _ int) { nodes = slices.Grow(nodes, n) },
		Node: func(n graph.NetworkNode) error {
			if n.Kind.IsStakeholder() {
				nodes = append(nodes, n)
			}
			return nil
		},
	})
	return nodes, err
}

// MatrixBody is the segment matrix as GET /api/v1/segments/matrix and
// "relmap segments -json" show it.
type MatrixBody struct {
	// AsOf is the instant the matrix is drawn at: the last instant of the
	// day asked for (UTC); absent when every assessment counts.
	AsOf time.Time `json:"as_of,omitzero"`
	Lang string    `json:"lang"`
	// Segments are the four quadrants in the order of segment.Segments,
	// then Unassessed: name, number of rows and policy.
	Segments []SegmentBody   `json:"segments"`
	Scheme   *segment.Scheme `json:"scheme"`
	Rows     []MatrixRowBody `json:"rows"`
	// TotalRows is the number of rows that match (GET ?segment=), before
	// paging; Offset and Limit are set when the rows are paged.
	TotalRows int  `json:"total_rows"`
	Offset    *int `json:"offset,omitempty"`
	Limit     *int `json:"limit,omitempty"`
}

// SegmentBody is one segment of the matrix with its policy in full.
type SegmentBody struct {
	Segment segment.Segment `json:"segment"`
	Name    string          `json:"name"`
	Count   int             `json:"count"`
	// Policy is nil for Unassessed.
	Policy *segment.Policy `json:"policy,omitempty"`
	// PolicySummary is the policy's two lines of the seed's figure, in
	// lang.
	PolicySummary string `json:"policy_summary,omitempty"`
}

// MatrixRowBody is one stakeholder in the matrix.
type MatrixRowBody struct {
	Stakeholder graph.NetworkNode `json:"stakeholder"`
	Placement   segment.Placement `json:"placement"`
	// SegmentName is Placement.Segment's name in lang.
	SegmentName string `json:"segment_name"`
	// Policy is the segment's policy without its long descriptions (those
	// are in MatrixBody.Segments); nil when unassessed.
	Policy               *PolicyBrief `json:"policy,omitempty"`
	NetworkAccessibility *float64     `json:"network_accessibility,omitempty"`
	// Network is the network's view of the stakeholder's accessibility
	// (GET /segments/matrix?network=1), with a note where it disagrees.
	Network *ReachBody `json:"network,omitempty"`
}

// PolicyBrief is what a matrix row repeats of its segment's policy.
type PolicyBrief struct {
	Intensity    segment.Intensity    `json:"intensity"`
	ContactModes []graph.ContactMode  `json:"contact_modes"`
	MinContacts  int                  `json:"min_contacts"`
	PeriodMonths int                  `json:"period_months"`
	Responsible  []graph.EmployeeRole `json:"responsible"`
	// Summary is the policy's summary in lang, e.g. "Intensief
	// relatiemanagement — Samenwerking".
	Summary string `json:"summary"`
}

// NewMatrixBody returns m as the API shows it, with names and summaries in
// lang ("nl" or "en").
func NewMatrixBody(m *segment.Matrix, lang string) MatrixBody {
	b := MatrixBody{AsOf: m.AsOf, Lang: lang, Scheme: m.Scheme, Rows: make([]MatrixRowBody, 0, m.Len())}
	counts := m.Count()
	for _, s := range append(slices.Clone(segment.Segments), segment.Unassessed) {
		sb := SegmentBody{Segment: s, Name: s.Name(lang), Count: counts[s]}
		if p, ok := m.Policies.For(s); ok {
			sb.Policy = &p
			sb.PolicySummary = p.Summary(lang)
		}
		b.Segments = append(b.Segments, sb)
	}
	for _, r := range m.All() {
		// The assessments used are shown by id, criterion, score, date,
		// assessor and comment; their audit fields (who typed them in,
		// when) are GET /api/v1/assessments' business and would more than
		// double the matrix's size.
		pl := r.Placement
		pl.Used = slices.Clone(pl.Used)
		for i := range pl.Used {
			pl.Used[i].Audit = graph.Audit{}
		}
		rb := MatrixRowBody{
			Stakeholder:          r.Stakeholder,
			Placement:            pl,
			SegmentName:          r.Placement.Segment.Name(lang),
			NetworkAccessibility: r.NetworkAccessibility,
		}
		if p := r.Policy; p != nil {
			rb.Policy = &PolicyBrief{
				Intensity: p.Intensity, ContactModes: p.ContactModes, MinContacts: p.MinContacts,
				PeriodMonths: p.PeriodMonths, Responsible: p.Responsible, Summary: p.Summary(lang),
			}
		}
		b.Rows = append(b.Rows, rb)
	}
	b.TotalRows = len(b.Rows)
	return b
}

// MovedBody lists the stakeholders whose segment differs between two
// instants (the last instants of the days asked for).
type MovedBody struct {
	From  time.Time  `json:"from"`
	To    time.Time  `json:"to"`
	Lang  string     `json:"lang"`
	Moves []MoveBody `json:"moves"`
}

// MoveBody is one stakeholder that moved, with both placements.
type MoveBody struct {
	Stakeholder graph.NetworkNode `json:"stakeholder"`
	From        segment.Placement `json:"from"`
	To          segment.Placement `json:"to"`
	// FromName and ToName are the two segments' names in lang.
	FromName string `json:"from_name"`
	ToName   string `json:"to_name"`
}

// AssessmentInput is one assessment as POST /api/v1/assessments takes it.
// Date is a calendar day (YYYY-MM-DD, midnight UTC) or an RFC 3339
// instant; ID is derived from stakeholder, criterion and date when empty.
type AssessmentInput struct {
	ID            string `json:"id,omitempty"`
	StakeholderID string `json:"stakeholder_id"`
	CriterionID   string `json:"criterion_id"`
	Score         int    `json:"score"`
	Date          string `json:"date"`
	Assessor      string `json:"assessor,omitempty"`
	Comment       string `json:"comment,omitempty"`
}

// AssessmentsResult is the answer to POST /api/v1/assessments: what the
// upsert did, and the ids of the assessments in input order.
type AssessmentsResult struct {
	graph.Counts
	IDs []string `json:"ids"`
}

// segmentStore returns s.Segments, or answers 404 when the store in use
// keeps no segments.
func (s *Server) segmentStore(c *gin.Context) (SegmentStore, bool) {
	if s.Segments == nil {
		s.fail(c, graph.Errorf(graph.ENOTFOUND, "the store in use does not keep segments"))
		return nil, false
	}
	return s.Segments, true
}

// getMatrix answers GET /segments/matrix?as_of=&lang=.
func (s *Server) getMatrix(c *gin.Context) {
	st, ok := s.segmentStore(c)
	if !ok {
		return
	}
	lang, err := queryLang(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	asOf, _, err := queryTime(c, "as_of")
	if err != nil {
		s.fail(c, err)
		return
	}
	m, err := LoadFullMatrix(c.Request.Context(), st, asOf)
	if err != nil {
		s.fail(c, err)
		return
	}
	var reach map[string]ReachBody
	if c.Query("network") == "1" {
		if reach, err = s.addNetwork(c.Request.Context(), m, lang); err != nil {
			s.fail(c, err)
			return
		}
	}
	body := NewMatrixBody(m, lang)
	for i := range body.Rows {
		if b, ok := reach[body.Rows[i].Stakeholder.ID]; ok {
			body.Rows[i].Network = &b
		}
	}
	if err := selectRows(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, body)
}

// getMoved answers GET /segments/moved?from=&to=&lang=.
func (s *Server) getMoved(c *gin.Context) {
	st, ok := s.segmentStore(c)
	if !ok {
		return
	}
	lang, err := queryLang(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	dates, err := querySpan(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	body, err := moved(c.Request.Context(), st, dates[0], dates[1], lang)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, body)
}

// moved computes the moves between two instants with the stored scheme.
func moved(ctx context.Context, st SegmentStore, from, to time.Time, lang string) (MovedBody, error) {
	scheme, _, nodes, as, err := loadSegmentation(ctx, st)
	if err != nil {
		return MovedBody{}, err
	}
	byID := make(map[string]graph.NetworkNode, len(nodes))
	for _, n := range nodes {
		byID[n.ID] = n
	}
	b := MovedBody{From: from, To: to, Lang: lang, Moves: []MoveBody{}}
	for _, m := range segment.Moved(scheme, as, from, to) {
		n, ok := byID[m.StakeholderID]
		if !ok {
			n = graph.NetworkNode{ID: m.StakeholderID}
		}
		b.Moves = append(b.Moves, MoveBody{
			Stakeholder: n, From: m.From, To: m.To,
			FromName: m.From.Segment.Name(lang), ToName: m.To.Segment.Name(lang),
		})
	}
	return b, nil
}

// listAssessments answers GET /assessments?stakeholder_id=&criterion_id=&until=.
func (s *Server) listAssessments(c *gin.Context) {
	st, ok := s.segmentStore(c)
	if !ok {
		return
	}
	list(s, c, assessmentFilter, func(f segment.AssessmentFilter) graph.Page { return f.Page }, st.FindAssessments)
}

func assessmentFilter(c *gin.Context) (segment.AssessmentFilter, error) {
	var f segment.AssessmentFilter
	var err error
	if f.Page, err = queryPage(c); err != nil {
		return f, err
	}
	f.StakeholderID = queryString(c, "stakeholder_id")
	f.CriterionID = queryString(c, "criterion_id")
	until, given, err := queryTime(c, "until")
	if given {
		f.Until = &until
	}
	return f, err
}

// postAssessments records one assessment (a JSON object) or several (an
// array), all or nothing, and answers 201 with the counts.
func (s *Server) postAssessments(c *gin.Context) {
	st, ok := s.segmentStore(c)
	if !ok {
		return
	}
	data, err := readBody(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	as, err := decodeAssessments(data)
	if err != nil {
		s.fail(c, err)
		return
	}
	if len(as) == 1 {
		as[0].Normalize() // its id, derived as the store would, for the audit entry
		auditTarget(c, as[0].ID)
	} else {
		auditDetail(c, strconv.Itoa(len(as))+" assessments")
	}
	counts, err := st.UpsertAssessments(writing(c, http.StatusCreated), as, graph.UpsertOptions{})
	if err != nil {
		s.fail(c, err)
		return
	}
	res := AssessmentsResult{Counts: counts, IDs: make([]string, len(as))}
	for i, a := range as {
		res.IDs[i] = a.ID
	}
	c.JSON(http.StatusCreated, res)
}

func (s *Server) deleteAssessment(c *gin.Context) {
	st, ok := s.segmentStore(c)
	if !ok {
		return
	}
	if err := st.DeleteAssessment(writing(c, http.StatusNoContent), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// decodeAssessments reads one AssessmentInput object or an array of them.
// Binding errors (JSON syntax, wrong types, unknown keys, dates that are
// not dates) of every item are returned together as graph.Errors, items
// named "assessments[i]" when the body is an array.
func decodeAssessments(data []byte) ([]*segment.Assessment, error) {
	var in []AssessmentInput
	many := bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n"), []byte("["))
	if many {
		if err := graph.DecodeJSON(data, &in); err != nil {
			return nil, err
		}
	} else {
		var one AssessmentInput
		if err := graph.DecodeJSON(data, &one); err != nil {
			return nil, err
		}
		in = []AssessmentInput{one}
	}
	if len(in) == 0 {
		return nil, graph.Errors{graph.Invalid("", "the list of assessments is empty")}
	}
	var errs graph.Errors
	out := make([]*segment.Assessment, len(in))
	for i, x := range in {
		a := &segment.Assessment{
			ID: x.ID, StakeholderID: x.StakeholderID, CriterionID: x.CriterionID,
			Score: x.Score, Assessor: x.Assessor, Comment: x.Comment,
		}
		if x.Date != "" {
			t, err := ParseDate(x.Date)
			if err != nil {
				e := graph.Invalid("date", "%s", err)
				if many {
					e.Item = fmt.Sprintf("assessments[%d]", i)
				}
				errs = append(errs, e)
			}
			// To the millisecond, as stores keep it (segment.PlanAssessments),
			// so that an id derived here is the one the store derives.
			a.Date = t.UTC().Truncate(time.Millisecond)
		}
		out[i] = a
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

// ParseDate reads a calendar day (YYYY-MM-DD, midnight UTC) or an RFC 3339
// instant.
func ParseDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is not a date (YYYY-MM-DD) or an RFC 3339 time", s)
}

// parseAsOf turns a day or instant given by a user into the instant a matrix is
// drawn at: the end of a calendar day (segment.EndOfDay, UTC), so that
// every assessment dated that day counts, or the instant itself.
func parseAsOf(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return segment.EndOfDay(t), nil
	}
	return ParseDate(s)
}

// queryTime reads a day or instant from the query string (see parseAsOf) and
// reports whether it was given; an empty value counts as not given.
func queryTime(c *gin.Context, name string) (time.Time, bool, error) {
	v := c.Query(name)
	if v == "" {
		return time.Time{}, false, nil
	}
	t, err := parseAsOf(v)
	if err != nil {
		return time.Time{}, true, graph.Invalid(name, "%s", err)
	}
	return t, true, nil
}

// querySpan reads the required ?from= and ?to= (see queryTime).
func querySpan(c *gin.Context) ([2]time.Time, error) {
	var dates [2]time.Time
	for i, name := range []string{"from", "to"} {
		t, given, err := queryTime(c, name)
		if err == nil && !given {
			err = graph.Invalid(name, "is required (YYYY-MM-DD)")
		}
		if err != nil {
			return dates, err
		}
		dates[i] = t
	}
	return dates, nil
}

// queryLang reads ?lang=, "en" (the default) or "nl".
func queryLang(c *gin.Context) (string, error) {
	v := strings.ToLower(c.Query("lang"))
	switch v {
	case "":
		return "en", nil
	case "en", "nl":
		return v, nil
	}
	return "", graph.Invalid("lang", "%q is not nl or en", c.Query("lang"))
}

// readBody reads the JSON request body of a route; a body over the
// server's limit is an input error, not an internal one, and a body that is
// not application/json a *mediaTypeError (415).
func readBody(c *gin.Context) ([]byte, error) {
	if err := checkMediaType(c, "application/json"); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(c.Request.Body)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, graph.Invalid("", "the request body is larger than %d bytes", tooBig.Limit)
	}
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	return data, nil
}

// selectRows keeps the rows of ?segment= and, when ?offset= or ?limit= is
// given, one page of them: a large organisation's matrix has tens of
// thousands of rows. The segment counts stay those of the whole matrix.
func selectRows(c *gin.Context, b *MatrixBody) error {
	if v, ok := c.GetQuery("segment"); ok {
		seg, valid := exchange.ParseSegment(v)
		if !valid {
			return graph.Invalid("segment", "%q: want invest, develop, harvest, ignore or unassessed", v)
		}
		b.Rows = slices.DeleteFunc(b.Rows, func(r MatrixRowBody) bool { return r.Placement.Segment != seg })
	}
	b.TotalRows = len(b.Rows)
	_, hasOffset := c.GetQuery("offset")
	_, hasLimit := c.GetQuery("limit")
	if !hasOffset && !hasLimit {
		return nil
	}
	page, err := queryPage(c)
	if err != nil {
		return err
	}
	b.Rows = graph.PageOf(b.Rows, page)
	b.Offset, b.Limit = &page.Offset, &page.Limit
	return nil
}
