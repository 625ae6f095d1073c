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
	Employee string             `json:"employee"`
	Holdings []analysis.Holding `json:"holdings"`
}

// SingleHoldersBody is the answer of GET /single-holders.
type SingleHoldersBody struct {
	Stakeholders []analysis.SingleHolding `json:"stakeholders"`
}

// DefaultDepartureShare is the share of GET /departure when none is given:
// a best path that loses more than half its strength is reported.
const DefaultDepartureShare = 0.5

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
	contacts, err := AllContacts(c.Request.Context(), cs, graph.ContactFilter{StakeholderID: &id})
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
	id := c.Param("id")
	contacts, err := AllContacts(c.Request.Context(), cs, graph.ContactFilter{EmployeeID: &id})
	if err != nil {
		s.fail(c, err)
		return
	}
	hs, err := analysis.Holdings(snap, contacts, id, s.now())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, HoldingsBody{Employee: id, Holdings: hs})
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

// getDeparture answers GET /departure/{employee}?share=&max_hops=&target=:
// the invest and develop stakeholders (or the given targets) that lose
// every warm path, or more than share of their best path's strength, if
// the employee leaves.
func (s *Server) getDeparture(c *gin.Context) {
	share := DefaultDepartureShare
	if v := c.Query("share"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			s.fail(c, graph.Invalid("share", "%q is not a number", v))
			return
		}
		share = f
	}
	maxHops, err := queryInt(c, "max_hops")
	if err != nil {
		s.fail(c, err)
		return
	}
	targets := c.QueryArray("target")
	if len(targets) == 0 {
		st, ok := s.segmentStore(c)
		if !ok {
			return
		}
		if targets, err = DepartureTargets(c.Request.Context(), st); err != nil {
			s.fail(c, err)
			return
		}
	}
	snap, ok := s.snapshot(c)
	if !ok {
		return
	}
	d, err := analysis.Departure(c.Request.Context(), snap, c.Param("employee"), targets, maxHops, share)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, d)
}

// DepartureTargets returns the ids of the invest and develop stakeholders
// by their latest assessments: the ones whose loss of access matters.
func DepartureTargets(ctx context.Context, st SegmentStore) ([]string, error) {
	m, err := LoadMatrix(ctx, st, time.Time{})
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, r := range m.Rows {
		if r.Placement.Segment == segment.Invest || r.Placement.Segment == segment.Develop {
			ids = append(ids, r.Stakeholder.ID)
		}
	}
	return ids, nil
}
