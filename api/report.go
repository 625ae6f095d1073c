package api

import (
	"context"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/exchange"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// ChangesBody is the "what changed" report between two instants (the
// director's quarterly report; GET /api/v1/reports/changes and "relmap
// report changes -json"). A day given as YYYY-MM-DD stands for its end, as
// in "relmap segments -as-of", so the report of two days compares the two
// matrices that command draws.
//
// The network at an instant is the network as the store knows it, wound
// back by dates (analysis.NetworkAsOf): the relationships begun by then
// (their since when known, else created_at), the contacts dated by then
// as evidence, and the employees who had not left by then. A
// relationship deleted since, or a strength changed since, is not
// restored: the store keeps no history of them.
type ChangesBody struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
	Lang string    `json:"lang"`
	// Moves are the stakeholders whose segment differs between the two
	// matrices (segment.Moved; as GET /segments/moved).
	Moves []MoveBody `json:"moves"`
	// Targets counts the develop and invest stakeholders (at either
	// instant) whose best warm path was compared; Gained are those with a
	// warm path at To and none at From, Lost the reverse.
	Targets int                   `json:"targets"`
	Gained  []analysis.WarmChange `json:"gained"`
	Lost    []analysis.WarmChange `json:"lost"`
	// Conformance is the share of each segment's stakeholders on policy
	// (analysis.Advice.OnPolicy) at both instants, in the order of
	// segment.Segments.
	Conformance []SegmentConformance `json:"conformance"`
	// Intros are the introductions made: requests that moved to made or
	// met after From and no later than To (analysis.IntrosMade).
	Intros []IntroMadeBody `json:"intros"`
	// Plans are the access plans opened (created after From, no later
	// than To) and closed in that span (analysis.PlansChanged), when the
	// store keeps plans.
	Plans []PlanChangeBody `json:"plans"`
}

// PlanChangeBody is one access plan opened or closed, with the names of
// its target and owner. State is the plan's state now; for a closed plan
// it says as what it was closed (achieved or dropped), and Note is the
// closing note.
type PlanChangeBody struct {
	ID     string                  `json:"id"`
	Change analysis.PlanChangeKind `json:"change"`
	At     time.Time               `json:"at"`
	State  graph.PlanState         `json:"state"`
	Target graph.NetworkNode       `json:"target"`
	Owner  graph.NetworkNode       `json:"owner"`
	Note   string                  `json:"note,omitempty"`
}

// SegmentConformance is one segment's share on policy at both instants.
type SegmentConformance struct {
	Segment segment.Segment       `json:"segment"`
	Name    string                `json:"name"`
	From    analysis.SegmentShare `json:"from"`
	To      analysis.SegmentShare `json:"to"`
}

// IntroMadeBody is one introduction made, with the names of the people.
type IntroMadeBody struct {
	ID           string            `json:"id"`
	State        graph.IntroState  `json:"state"`
	At           time.Time         `json:"at"`
	Employee     graph.NetworkNode `json:"employee"`
	Intermediary graph.NetworkNode `json:"intermediary"`
	Target       graph.NetworkNode `json:"target"`
}

// ChangeSource is what the "what changed" report reads besides the
// segmentation; both graph stores implement it. When it also keeps
// introduction requests (graph.IntroStore), plans (graph.PlanStore) and
// path rules (graph.PathRulesStore), the report uses them.
type ChangeSource interface {
	Network(ctx context.Context, v graph.NetworkVisitor) (int64, error)
	FindRelationships(ctx context.Context, f graph.RelationshipFilter) ([]*graph.Relationship, int, error)
	FindContacts(ctx context.Context, f graph.ContactFilter) ([]*graph.Contact, int, error)
}

// LoadChanges computes the "what changed" report of st between from and
// to (instants; from must not be after to), with the segmentation of seg
// (st's, or a MatrixCache over it). It reads the network, every
// relationship and contact, the introduction requests and plans (when st
// keeps them) and the path rules once, and builds a snapshot of the network at
// each instant (see ChangesBody).
func LoadChanges(ctx context.Context, st ChangeSource, seg SegmentStore, from, to time.Time, lang string) (ChangesBody, error) {
	if from.After(to) {
		return ChangesBody{}, graph.Invalid("to", "%s is before from (%s)", to.Format(time.RFC3339), from.Format(time.RFC3339))
	}
	b := ChangesBody{From: from, To: to, Lang: lang}
	mv, err := moved(ctx, seg, from, to, lang)
	if err != nil {
		return ChangesBody{}, err
	}
	b.Moves = mv.Moves
	h, err := ReadHistory(ctx, st, nil)
	if err != nil {
		return ChangesBody{}, err
	}
	net, contacts := h.Network, h.Contacts
	var snaps [2]*analysis.Snapshot
	var mats [2]*segment.Matrix
	for i, at := range []time.Time{from, to} {
		if snaps[i], err = analysis.Build(analysis.NetworkAsOf(net, h.Begun, at), analysis.Options{Now: at, Contacts: contacts, Rules: h.Rules}); err != nil {
			return ChangesBody{}, err
		}
		if mats[i], err = LoadMatrix(ctx, seg, at); err != nil {
			return ChangesBody{}, err
		}
	}
	var targets []string
	for _, m := range mats {
		for _, r := range m.All() {
			if sg := r.Placement.Segment; (sg == segment.Develop || sg == segment.Invest) && !slices.Contains(targets, r.Stakeholder.ID) {
				targets = append(targets, r.Stakeholder.ID)
			}
		}
	}
	slices.Sort(targets)
	b.Targets = len(targets)
	if b.Gained, b.Lost, err = analysis.WarmPathChanges(ctx, snaps[0], snaps[1], targets); err != nil {
		return ChangesBody{}, err
	}
	shares := [2]map[segment.Segment]analysis.SegmentShare{}
	for i, at := range []time.Time{from, to} {
		shares[i] = analysis.ConformanceShares(analysis.Conformance(mats[i], snaps[i], contacts, at, nil))
	}
	for _, sg := range segment.Segments {
		b.Conformance = append(b.Conformance, SegmentConformance{Segment: sg, Name: sg.Name(lang), From: shares[0][sg], To: shares[1][sg]})
	}
	byID := make(map[string]graph.NetworkNode, len(net.Nodes))
	for _, n := range net.Nodes {
		byID[n.ID] = n
	}
	node := func(id string) graph.NetworkNode {
		if n, ok := byID[id]; ok {
			return n
		}
		return graph.NetworkNode{ID: id}
	}
	b.Intros = []IntroMadeBody{}
	if is, ok := st.(graph.IntroStore); ok {
		rs, err := AllIntros(ctx, is, graph.IntroFilter{})
		if err != nil {
			return ChangesBody{}, err
		}
		for _, m := range analysis.IntrosMade(rs, from, to) {
			r := m.Request
			b.Intros = append(b.Intros, IntroMadeBody{ID: r.ID, State: m.State, At: m.At,
				Employee: node(r.EmployeeID), Intermediary: node(r.IntermediaryID), Target: node(r.TargetID)})
		}
	}
	b.Plans = []PlanChangeBody{}
	if ps, ok := st.(graph.PlanStore); ok {
		plans, err := AllPlans(ctx, ps, graph.PlanFilter{})
		if err != nil {
			return ChangesBody{}, err
		}
		for _, m := range analysis.PlansChanged(plans, from, to) {
			p := m.Plan
			pb := PlanChangeBody{ID: p.ID, Change: m.Kind, At: m.At, State: p.State, Target: node(p.TargetID), Owner: node(p.OwnerID)}
			if m.Kind == analysis.PlanClosed {
				pb.Note = p.Closed.Note
			}
			b.Plans = append(b.Plans, pb)
		}
	}
	return b, nil
}

// ReadHistory reads what the network is wound back from by dates
// (analysis.History): the network, when each relationship began, the
// contact log (contacts, when not nil, is it already read) and the path
// rules (the defaults when st keeps none). The "what changed" report and a
// plan's strength over time read it alike.
func ReadHistory(ctx context.Context, st ChangeSource, contacts []*graph.Contact) (analysis.History, error) {
	net, err := graph.ReadNetwork(ctx, st)
	if err != nil {
		return analysis.History{}, err
	}
	rels, err := allPages(func(p graph.Page) ([]*graph.Relationship, int, error) {
		return st.FindRelationships(ctx, graph.RelationshipFilter{Page: p})
	})
	if err != nil {
		return analysis.History{}, err
	}
	begun := make(map[string]time.Time, len(rels))
	for _, r := range rels {
		begun[r.ID] = analysis.RelationshipBegun(r)
	}
	if contacts == nil {
		if contacts, err = AllContacts(ctx, st, graph.ContactFilter{}); err != nil {
			return analysis.History{}, err
		}
	}
	rules := graph.DefaultPathRules()
	if rs, ok := st.(graph.PathRulesStore); ok {
		if rules, err = rs.PathRules(ctx); err != nil {
			return analysis.History{}, err
		}
	}
	return analysis.History{Network: net, Begun: begun, Contacts: contacts, Rules: &rules}, nil
}

// ChangesCSVHeader is the header row of WriteChangesCSV.
var ChangesCSVHeader = []string{"section", "id", "name", "from", "to", "detail"}

// WriteChangesCSV writes the report as one CSV table with a header
// (ChangesCSVHeader), a row per item, the section first:
//
//	moved        stakeholder  name  segment at from  segment at to  (names in lang)
//	path_gained  target       name  0               strength        whom to ask
//	path_lost    target       name  strength        0               whom to ask
//	conformance  segment      name  share at from   share at to     on policy "a/b → c/d"
//	                                (empty without stakeholders)
//	intro        request      target name  employee  intermediary  "made|met YYYY-MM-DD"
//	plan_opened  plan         target name  owner name  state now   "YYYY-MM-DD"
//	plan_closed  plan         target name  owner name  achieved|dropped  "YYYY-MM-DD[ note]"
//
// Strengths and shares have two decimals and a point; cells that a
// spreadsheet would run as a formula are neutralised.
func WriteChangesCSV(w io.Writer, b ChangesBody) error {
	cw := exchange.NewCSVWriter(w)
	_ = cw.Write(ChangesCSVHeader)
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }
	for _, m := range b.Moves {
		_ = cw.Write([]string{"moved", m.Stakeholder.ID, m.Stakeholder.Name, m.FromName, m.ToName, ""})
	}
	for _, sec := range []struct {
		name string
		list []analysis.WarmChange
	}{{"path_gained", b.Gained}, {"path_lost", b.Lost}} {
		for _, c := range sec.list {
			via := ""
			if c.Via != nil {
				via = c.Via.Name
			}
			_ = cw.Write([]string{sec.name, c.Target.ID, c.Target.Name, num(c.From), num(c.To), via})
		}
	}
	share := func(s analysis.SegmentShare) string {
		if s.Stakeholders == 0 {
			return ""
		}
		return num(s.Share)
	}
	for _, c := range b.Conformance {
		_ = cw.Write([]string{"conformance", string(c.Segment), c.Name, share(c.From), share(c.To),
			strconv.Itoa(c.From.OnPolicy) + "/" + strconv.Itoa(c.From.Stakeholders) + " → " + strconv.Itoa(c.To.OnPolicy) + "/" + strconv.Itoa(c.To.Stakeholders)})
	}
	for _, in := range b.Intros {
		_ = cw.Write([]string{"intro", in.ID, in.Target.Name, in.Employee.Name, in.Intermediary.Name,
			strings.TrimSpace(string(in.State) + " " + in.At.UTC().Format(time.DateOnly))})
	}
	for _, p := range b.Plans {
		_ = cw.Write([]string{"plan_" + string(p.Change), p.ID, p.Target.Name, p.Owner.Name, string(p.State),
			strings.TrimSpace(p.At.UTC().Format(time.DateOnly) + " " + p.Note)})
	}
	cw.Flush()
	return cw.Error()
}

// getChanges answers GET /reports/changes?from=&to=&lang=&format=: the
// "what changed" report as JSON, or as CSV with format=csv.
func (s *Server) getChanges(c *gin.Context) {
	st, ok := s.segmentStore(c)
	if !ok {
		return
	}
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
	dates, err := querySpan(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	src, ok := s.Store.(ChangeSource)
	if !ok {
		s.fail(c, graph.Errorf(graph.ENOTFOUND, "the store in use keeps no contacts"))
		return
	}
	b, err := LoadChanges(c.Request.Context(), src, st, dates[0], dates[1], lang)
	if err != nil {
		s.fail(c, err)
		return
	}
	if format == "csv" {
		s.csvAttachment(c, "changes.csv", func(w io.Writer) error { return WriteChangesCSV(w, b) })
		return
	}
	c.JSON(http.StatusOK, b)
}
