package api

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/exchange"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// contactFinder is what the conformance analyses need of a contact store.
type contactFinder interface {
	FindContacts(ctx context.Context, f graph.ContactFilter) ([]*graph.Contact, int, error)
}

// ConformanceBody is the answer of GET /api/v1/conformance and of
// "relmap conformance -json".
type ConformanceBody struct {
	// Now is the instant the policy periods end at.
	Now  time.Time `json:"now"`
	Lang string    `json:"lang"`
	// Counts is the number of stakeholders with each advice code.
	Counts       map[analysis.AdviceCode]int `json:"counts"`
	Stakeholders []ConformanceRow            `json:"stakeholders"`
	// Reason says, in English and Dutch, why Stakeholders is empty when no
	// stakeholder is placed in a segment (analysis.EmptySegmentReason);
	// absent otherwise.
	Reason *analysis.Text `json:"reason,omitempty"`
}

// ConformanceRow is one stakeholder's analysis.Advice with the segment's
// name, the level, the advice and the reasons in lang (the codes stay).
type ConformanceRow struct {
	analysis.Advice
	SegmentName string `json:"segment_name"`
	// LevelName is Level as a word in lang ("strategisch"); absent with no
	// level.
	LevelName string                `json:"level_name,omitempty"`
	Codes     []analysis.AdviceCode `json:"codes"`
	// AdviceNames are the codes as words in lang ("niveau verhogen"), in
	// the order of Codes.
	AdviceNames []string `json:"advice_names"`
	// Reasons are the items' reasons in lang, in the order of Codes.
	Reasons []string `json:"reasons"`
}

// OverdueBody is the answer of GET /api/v1/overdue and of "relmap overdue
// -json": the stakeholders whose next contact is due, grouped by owner
// (the unowned group last).
type OverdueBody struct {
	Now    time.Time               `json:"now"`
	Total  int                     `json:"total"`
	Groups []analysis.OverdueGroup `json:"groups"`
}

// LoadConformance checks every placed stakeholder against its segment's
// policy as of now (analysis.Conformance): the matrix by the latest
// assessments, the whole contact log, and for the develop stakeholders whom
// to ask on their best warm path (analysis.DevelopIntermediaries). When no
// stakeholder is placed the advice is empty and reason says why
// (analysis.EmptySegmentReason); reason is nil otherwise.
func LoadConformance(ctx context.Context, st SegmentStore, cs contactFinder, snap *analysis.Snapshot, now time.Time) (advice []analysis.Advice, reason *analysis.Text, err error) {
	m, contacts, brokers, err := conformanceInputs(ctx, st, cs, snap)
	if err != nil {
		return nil, nil, err
	}
	if !m.AnyPlaced() {
		reason = analysis.EmptySegmentReason(m, segment.Segments...)
	}
	return analysis.Conformance(m, snap, contacts, now, brokers), reason, nil
}

// loadFindings is LoadConformance in compact form (analysis.Findings),
// with the matrix the findings index.
func loadFindings(ctx context.Context, st SegmentStore, cs contactFinder, snap *analysis.Snapshot, now time.Time) (*segment.Matrix, []analysis.Finding, error) {
	m, contacts, brokers, err := conformanceInputs(ctx, st, cs, snap)
	if err != nil {
		return nil, nil, err
	}
	return m, analysis.Findings(m, snap, contacts, now, brokers), nil
}

// conformanceInputs reads what the conformance check reads: the matrix,
// the contact log and the develop stakeholders' intermediaries.
func conformanceInputs(ctx context.Context, st SegmentStore, cs contactFinder, snap *analysis.Snapshot) (*segment.Matrix, []*graph.Contact, map[string]analysis.PathNode, error) {
	m, contacts, err := loadPolicyInputs(ctx, st, cs)
	if err != nil {
		return nil, nil, nil, err
	}
	brokers, err := analysis.DevelopIntermediaries(ctx, snap, m)
	if err != nil {
		return nil, nil, nil, err
	}
	return m, contacts, brokers, nil
}

// LoadOverdue lists the stakeholders whose next contact is due by now
// (analysis.Overdue), from the matrix by the latest assessments and the
// whole contact log.
func LoadOverdue(ctx context.Context, st SegmentStore, cs contactFinder, snap *analysis.Snapshot, now time.Time) (OverdueBody, error) {
	m, contacts, err := loadPolicyInputs(ctx, st, cs)
	if err != nil {
		return OverdueBody{}, err
	}
	b := OverdueBody{Now: now, Groups: analysis.Overdue(m, snap, contacts, now)}
	for _, g := range b.Groups {
		b.Total += len(g.Items)
	}
	return b, nil
}

func loadPolicyInputs(ctx context.Context, st SegmentStore, cs contactFinder) (*segment.Matrix, []*graph.Contact, error) {
	m, err := LoadMatrix(ctx, st, time.Time{})
	if err != nil {
		return nil, nil, err
	}
	contacts, err := AllContacts(ctx, cs, graph.ContactFilter{})
	if err != nil {
		return nil, nil, err
	}
	return m, contacts, nil
}

// NewConformanceBody returns advice as the API shows it, with names and
// reasons in lang ("en" or "nl"), and the reason of an empty result.
func NewConformanceBody(advice []analysis.Advice, why *analysis.Text, now time.Time, lang string) ConformanceBody {
	b := ConformanceBody{Now: now, Lang: lang, Counts: map[analysis.AdviceCode]int{}, Stakeholders: make([]ConformanceRow, 0, len(advice)), Reason: why}
	for _, a := range advice {
		r := ConformanceRow{Advice: a, SegmentName: a.Segment.Name(lang), LevelName: analysis.LevelName(a.Level, lang), Codes: a.Codes()}
		for _, it := range a.Items {
			r.AdviceNames = append(r.AdviceNames, it.Code.Name(lang))
			r.Reasons = append(r.Reasons, reason(it.Reason, lang))
			b.Counts[it.Code]++
		}
		b.Stakeholders = append(b.Stakeholders, r)
	}
	return b
}

func reason(t analysis.Text, lang string) string {
	if lang == "nl" {
		return t.NL
	}
	return t.EN
}

// ConformanceCSVHeader is the header row of WriteConformanceCSV.
var ConformanceCSVHeader = []string{"stakeholder_id", "name", "kind", "segment", "segment_name",
	"contacts", "min_contacts", "period_months", "last_contact", "level", "expected_level",
	"owner_id", "owner_left", "holders", "intermediary_id", "code", "reason"}

// WriteConformanceCSV writes advice as CSV with a header
// (ConformanceCSVHeader): one row per advice item, so a stakeholder with
// two findings has two rows; reasons in lang. Cells that a spreadsheet
// would run as a formula are neutralised (exchange.CSVWriter).
func WriteConformanceCSV(w io.Writer, advice []analysis.Advice, lang string) error {
	cw := exchange.NewCSVWriter(w)
	_ = cw.Write(ConformanceCSVHeader)
	for _, a := range advice {
		last, owner, via := "", "", ""
		if !a.LastContact.IsZero() {
			last = a.LastContact.UTC().Format(time.DateOnly)
		}
		if a.Owner != nil {
			owner = a.Owner.ID
		}
		if a.Intermediary != nil {
			via = a.Intermediary.ID
		}
		for _, it := range a.Items {
			_ = cw.Write([]string{a.Stakeholder.ID, a.Stakeholder.Name, string(a.Stakeholder.Kind),
				string(a.Segment), a.Segment.Name(lang),
				strconv.Itoa(a.Contacts), strconv.Itoa(a.MinContacts), strconv.Itoa(a.PeriodMonths), last,
				string(a.Level), string(a.ExpectedLevel), owner, strconv.FormatBool(a.OwnerLeft), strconv.Itoa(a.Holders), via,
				string(it.Code), reason(it.Reason, lang)})
		}
	}
	cw.Flush()
	return cw.Error()
}

// policyInputs returns the segment store, the contact store and the
// snapshot, or answers 404 (a missing capability) or the error.
func (s *Server) policyInputs(c *gin.Context) (SegmentStore, ContactStore, *analysis.Snapshot, bool) {
	st, ok := s.segmentStore(c)
	if !ok {
		return nil, nil, nil, false
	}
	cs, ok := s.contactStore(c)
	if !ok {
		return nil, nil, nil, false
	}
	snap, ok := s.snapshot(c)
	if !ok {
		return nil, nil, nil, false
	}
	return st, cs, snap, true
}

// getConformance answers GET /conformance?lang=&format=: the advice per
// placed stakeholder as JSON, or as CSV with format=csv.
func (s *Server) getConformance(c *gin.Context) {
	lang, err := queryLang(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	format := strings.ToLower(c.Query("format"))
	if format != "" && format != "json" && format != "csv" {
		s.fail(c, graph.Invalid("format", "%q is not json or csv", c.Query("format")))
		return
	}
	st, cs, snap, ok := s.policyInputs(c)
	if !ok {
		return
	}
	now := s.now()
	advice, why, err := LoadConformance(c.Request.Context(), st, cs, snap, now)
	if err != nil {
		s.fail(c, err)
		return
	}
	if format == "csv" {
		s.csvAttachment(c, "conformance.csv", func(w io.Writer) error { return WriteConformanceCSV(w, advice, lang) })
		return
	}
	c.JSON(http.StatusOK, NewConformanceBody(advice, why, now, lang))
}

// csvAttachment answers 200 with the CSV that write writes, as a file
// named name; a failure half-way can only be logged.
func (s *Server) csvAttachment(c *gin.Context, name string, write func(io.Writer) error) {
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Status(http.StatusOK)
	if err := write(c.Writer); err != nil {
		s.logger().ErrorContext(c.Request.Context(), "write csv", "request_id", requestID(c), "err", err)
	}
}

// getOverdue answers GET /overdue: the stakeholders whose next contact is
// due under the policy, grouped by owner.
func (s *Server) getOverdue(c *gin.Context) {
	st, cs, snap, ok := s.policyInputs(c)
	if !ok {
		return
	}
	b, err := LoadOverdue(c.Request.Context(), st, cs, snap, s.now())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, b)
}
