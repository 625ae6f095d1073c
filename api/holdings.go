package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// HoldingsBody is the answer of GET /employees/{id}/holdings.
type HoldingsBody struct {
	Employee string `json:"employee"`
	// End is the employee's last day when she has left by now: she then
	// holds nothing, and Holdings is empty (her ties and contacts stay as
	// history).
	End      time.Time          `json:"end,omitzero"`
	Holdings []analysis.Holding `json:"holdings"`
}

// SingleHoldersBody is the answer of GET /single-holders.
type SingleHoldersBody struct {
	Stakeholders []analysis.SingleHolding `json:"stakeholders"`
}

// DefaultDepartureShare is the share of GET /departure when none is given:
// a best path that loses more than half its strength is reported.
const DefaultDepartureShare = 0.5

// maxSubjectReads is how many stakeholders HolderContacts reads the
// contact log for one by one; past it one read of the whole log is
// cheaper.
const maxSubjectReads = 32

// HolderContacts reads the logged contacts that count for the stakeholder
// with id (analysis.ContactSubjects: its own and, for an organisation,
// those with the persons affiliated with it), enough to answer
// analysis.Holders: one read per subject, or the whole log when there are
// more than maxSubjectReads of them.
func HolderContacts(ctx context.Context, cs contactFinder, snap *analysis.Snapshot, id string) ([]*graph.Contact, error) {
	subjects := analysis.ContactSubjects(snap, id)
	if len(subjects) > maxSubjectReads {
		return AllContacts(ctx, cs, graph.ContactFilter{})
	}
	var out []*graph.Contact
	for _, x := range subjects {
		part, err := AllContacts(ctx, cs, graph.ContactFilter{StakeholderID: &x})
		if err != nil {
			return nil, err
		}
		out = append(out, part...)
	}
	return out, nil
}

// HoldingsOf returns what the employee with id holds as of now
// (analysis.Holdings), with her last day when she has left.
func HoldingsOf(ctx context.Context, cs contactFinder, snap *analysis.Snapshot, id string, now time.Time) (HoldingsBody, error) {
	contacts, err := AllContacts(ctx, cs, graph.ContactFilter{EmployeeID: &id})
	if err != nil {
		return HoldingsBody{}, err
	}
	hs, err := analysis.Holdings(snap, contacts, id, now)
	if err != nil {
		return HoldingsBody{}, err
	}
	b := HoldingsBody{Employee: id, Holdings: hs}
	if i, ok := snap.Index(id); ok && snap.Nodes[i].Left(now) {
		b.End = snap.Nodes[i].End
	}
	return b, nil
}

// getHolders answers GET /holders/{id}: who here knows the stakeholder.
func (s *Server) getHolders(c *gin.Context) {
	cs, ok := s.contactStore(c)
	if !ok {
		return
	}
	snap, ok := s.snapshot(c)
	if !ok {
		return
	}
	id := c.Param("id")
	contacts, err := HolderContacts(c.Request.Context(), cs, snap, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	r, err := analysis.Holders(snap, contacts, id, s.now())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, r)
}

// getHoldings answers GET /employees/{id}/holdings: what one employee holds.
func (s *Server) getHoldings(c *gin.Context) {
	cs, ok := s.contactStore(c)
	if !ok {
		return
	}
	snap, ok := s.snapshot(c)
	if !ok {
		return
	}
	b, err := HoldingsOf(c.Request.Context(), cs, snap, c.Param("id"), s.now())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, b)
}

// getSingleHolders answers GET /single-holders: stakeholders held by one
// employee only.
func (s *Server) getSingleHolders(c *gin.Context) {
	cs, ok := s.contactStore(c)
	if !ok {
		return
	}
	snap, ok := s.snapshot(c)
	if !ok {
		return
	}
	contacts, err := AllContacts(c.Request.Context(), cs, graph.ContactFilter{})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, SingleHoldersBody{Stakeholders: analysis.SingleHolder(snap, contacts, s.now())})
}

// getDeparture answers GET
// /departure/{employee}?share=&max_hops=&target=&segments=: what the
// network loses if the employee leaves (analysis.Departure), for the given
// targets or the stakeholders of the given segments (default invest,
// develop and harvest).
func (s *Server) getDeparture(c *gin.Context) {
	q := analysis.DepartureQuery{Employee: c.Param("employee"), Share: DefaultDepartureShare, Now: s.now(), Targets: c.QueryArray("target")}
	if v := c.Query("share"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			s.fail(c, graph.Invalid("share", "%q is not a number", v))
			return
		}
		q.Share = f
	}
	var err error
	if q.MaxHops, err = queryInt(c, "max_hops"); err != nil {
		s.fail(c, err)
		return
	}
	for _, v := range splitList(c.QueryArray("segments")) {
		q.Segments = append(q.Segments, segment.Segment(v))
	}
	var st SegmentStore
	if len(q.Targets) == 0 {
		var ok bool
		if st, ok = s.segmentStore(c); !ok {
			return
		}
	} else if s.Segments != nil {
		st = s.Segments
	}
	cs, ok := s.contactStore(c)
	if !ok {
		return
	}
	snap, ok := s.snapshot(c)
	if !ok {
		return
	}
	d, err := LoadDeparture(c.Request.Context(), st, cs, snap, q)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, d)
}

// LoadDeparture answers q (analysis.Departure) from the matrix of st by
// the latest assessments (none when st is nil: q must then name its
// targets) and the whole contact log.
func LoadDeparture(ctx context.Context, st SegmentStore, cs contactFinder, snap *analysis.Snapshot, q analysis.DepartureQuery) (*analysis.DepartureImpact, error) {
	var m *segment.Matrix
	if st != nil {
		var err error
		if m, err = LoadMatrix(ctx, st, time.Time{}); err != nil {
			return nil, err
		}
	}
	contacts, err := AllContacts(ctx, cs, graph.ContactFilter{})
	if err != nil {
		return nil, err
	}
	return analysis.Departure(ctx, snap, m, contacts, q)
}
