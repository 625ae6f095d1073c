package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/graph"
)

// ListBody is the JSON shape of every listing: one page of items and the
// total number of matches.
type ListBody[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
}

// queryPage reads offset and limit from the query string.
func queryPage(c *gin.Context) (graph.Page, error) {
	var p graph.Page
	for _, q := range []struct {
		name string
		dst  *int
	}{{"offset", &p.Offset}, {"limit", &p.Limit}} {
		if v := c.Query(q.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return p, graph.Invalid(q.name, "%q is not a whole number", v)
			}
			*q.dst = n
		}
	}
	return p.Normalize()
}

// queryString returns a pointer to the query parameter, or nil when absent.
func queryString(c *gin.Context, name string) *string {
	if v, ok := c.GetQuery(name); ok {
		return &v
	}
	return nil
}

// queryBool reads a yes/no query parameter ("true", "1", "false", "0", as
// strconv.ParseBool); absent or empty is false.
func queryBool(c *gin.Context, name string) (bool, error) {
	v := c.Query(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, graph.Invalid(name, "%q is not true or false", v)
	}
	return b, nil
}

func queryEnum[T ~string](c *gin.Context, name string, valid func(T) bool) (*T, error) {
	v, ok := c.GetQuery(name)
	if !ok {
		return nil, nil
	}
	t := T(v)
	if !valid(t) {
		return nil, graph.Invalid(name, "%q is not a known value", v)
	}
	return &t, nil
}

// nodeFilter reads ?q=, ?party_type=, ?owner_id=, ?id= (repeatable) and paging.
func nodeFilter(c *gin.Context) (graph.NodeFilter, error) {
	var f graph.NodeFilter
	var err error
	if f.Page, err = queryPage(c); err != nil {
		return f, err
	}
	f.Name = queryString(c, "q")
	f.OwnerID = queryString(c, "owner_id")
	f.IDs = c.QueryArray("id")
	f.PartyType, err = queryEnum(c, "party_type", func(p graph.PartyType) bool { return p != "" && p.Valid() })
	return f, err
}

func relationshipFilter(c *gin.Context) (graph.RelationshipFilter, error) {
	var f graph.RelationshipFilter
	var err error
	if f.Page, err = queryPage(c); err != nil {
		return f, err
	}
	f.NodeID = queryString(c, "node")
	f.From = queryString(c, "from")
	f.To = queryString(c, "to")
	f.Type, err = queryEnum(c, "type", graph.RelType.Valid)
	return f, err
}

// list answers a listing: it reads the filter, runs find and writes a ListBody.
func list[F, T any](s *Server, c *gin.Context, filter func(*gin.Context) (F, error), page func(F) graph.Page,
	find func(context.Context, F) ([]T, int, error)) {
	f, err := filter(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	items, total, err := find(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	if items == nil {
		items = []T{}
	}
	p := page(f)
	c.JSON(http.StatusOK, ListBody[T]{Items: items, Total: total, Offset: p.Offset, Limit: p.Limit})
}

// get answers a read of one record by the :id path parameter.
func get[T any](s *Server, c *gin.Context, find func(context.Context, string) (T, error)) {
	x, err := find(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, x)
}

func nodePage(f graph.NodeFilter) graph.Page        { return f.Page }
func relPage(f graph.RelationshipFilter) graph.Page { return f.Page }

func (s *Server) listEmployees(c *gin.Context) {
	list(s, c, nodeFilter, nodePage, s.Store.FindEmployees)
}
func (s *Server) getEmployee(c *gin.Context) { get(s, c, s.Store.FindEmployeeByID) }
func (s *Server) listOrganisations(c *gin.Context) {
	list(s, c, nodeFilter, nodePage, s.Store.FindOrganisations)
}
func (s *Server) getOrganisation(c *gin.Context) { get(s, c, s.Store.FindOrganisationByID) }
func (s *Server) listPersons(c *gin.Context)     { list(s, c, nodeFilter, nodePage, s.Store.FindPersons) }
func (s *Server) getPerson(c *gin.Context)       { get(s, c, s.Store.FindPersonByID) }
func (s *Server) listRelationships(c *gin.Context) {
	list(s, c, relationshipFilter, relPage, s.Store.FindRelationships)
}
func (s *Server) getRelationship(c *gin.Context) { get(s, c, s.Store.FindRelationshipByID) }
