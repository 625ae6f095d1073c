package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
)

// Writer is what the create, update and delete endpoints of the network
// need of a store; both graph stores implement it (found by a type
// assertion on Store, like ContactStore).
type Writer interface {
	CreateEmployee(ctx context.Context, e *graph.Employee) error
	UpdateEmployee(ctx context.Context, id string, u graph.EmployeeUpdate) (*graph.Employee, error)
	DeleteEmployee(ctx context.Context, id string, opts graph.DeleteOptions) (*graph.EmployeeDeletion, error)
	Handover(ctx context.Context, from, to string) (*graph.Handover, error)
	CreateOrganisation(ctx context.Context, o *graph.Organisation) error
	UpdateOrganisation(ctx context.Context, id string, u graph.OrganisationUpdate) (*graph.Organisation, error)
	DeleteOrganisation(ctx context.Context, id string) error
	CreatePerson(ctx context.Context, p *graph.Person) error
	UpdatePerson(ctx context.Context, id string, u graph.PersonUpdate) (*graph.Person, error)
	DeletePerson(ctx context.Context, id string) error
	CreateRelationship(ctx context.Context, r *graph.Relationship) error
	UpdateRelationship(ctx context.Context, id string, u graph.RelationshipUpdate) (*graph.Relationship, error)
	DeleteRelationship(ctx context.Context, id string) error
}

func (s *Server) writer(c *gin.Context) (Writer, bool) {
	w, ok := s.Store.(Writer)
	if !ok {
		s.fail(c, graph.Errorf(graph.ENOTFOUND, "the store in use is read-only"))
	}
	return w, ok
}

// decodeBody reads the request body into v strictly (graph.DecodeJSON).
func decodeBody(c *gin.Context, v any) error {
	data, err := readBody(c)
	if err != nil {
		return err
	}
	return graph.DecodeJSON(data, v)
}

// create answers a POST: it decodes the body strictly into a new T, stores
// it and answers 201 with the record as stored (id, audit).
func create[T any](s *Server, c *gin.Context, store func(Writer, context.Context, *T) error) {
	w, ok := s.writer(c)
	if !ok {
		return
	}
	x := new(T)
	if err := decodeBody(c, x); err != nil {
		s.fail(c, err)
		return
	}
	// The audit entry names the new record: its id, derived now when the
	// body gives none (as the store would derive it).
	if n, ok := any(x).(interface{ Normalize() }); ok {
		n.Normalize()
	}
	auditTarget(c, recordID(x))
	if err := store(w, writing(c, http.StatusCreated), x); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, x)
}

// patch answers a PATCH: the body is an update whose absent keys leave the
// fields alone.
func patch[U, T any](s *Server, c *gin.Context, update func(Writer, context.Context, string, U) (T, error)) {
	w, ok := s.writer(c)
	if !ok {
		return
	}
	var u U
	if err := decodeBody(c, &u); err != nil {
		s.fail(c, err)
		return
	}
	x, err := update(w, writing(c, http.StatusOK), c.Param("id"), u)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, x)
}

// remove answers a DELETE with 204; deleting a node also deletes its
// relationships, contacts and assessments (graph.Store). Employees have
// their own (deleteEmployee).
func remove(s *Server, c *gin.Context, del func(Writer, context.Context, string) error) {
	w, ok := s.writer(c)
	if !ok {
		return
	}
	if err := del(w, writing(c, http.StatusNoContent), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// recordID returns the id of a record of the network, "" for anything else.
func recordID(x any) string {
	switch r := x.(type) {
	case *graph.Employee:
		return r.ID
	case *graph.Organisation:
		return r.ID
	case *graph.Person:
		return r.ID
	case *graph.Relationship:
		return r.ID
	case *graph.Contact:
		return r.ID
	}
	return ""
}

// writeRoutes registers POST path, PATCH path/:id and DELETE path/:id on
// the Writer methods given as method expressions; a nil deleteF leaves
// DELETE to the caller.
func writeRoutes[T, U any](s *Server, g *gin.RouterGroup, path string,
	createF func(Writer, context.Context, *T) error,
	updateF func(Writer, context.Context, string, U) (*T, error),
	deleteF func(Writer, context.Context, string) error) {
	edit := need(auth.Editor)
	g.POST(path, edit, func(c *gin.Context) { create(s, c, createF) })
	g.PATCH(path+"/:id", edit, func(c *gin.Context) { patch(s, c, updateF) })
	if deleteF != nil {
		g.DELETE(path+"/:id", edit, func(c *gin.Context) { remove(s, c, deleteF) })
	}
}

// deleteEmployee answers DELETE /employees/{id}?force=: 204 when the
// employee is gone; 409 naming what would be lost when they have logged
// contacts or own records and force is not true (give them an end date
// instead, or hand over what they own). What a delete took goes into its
// audit entry.
func (s *Server) deleteEmployee(c *gin.Context) {
	w, ok := s.writer(c)
	if !ok {
		return
	}
	force, err := queryBool(c, "force")
	if err != nil {
		s.fail(c, err)
		return
	}
	// The store gives the audit entry what the delete took.
	if _, err := w.DeleteEmployee(writing(c, http.StatusNoContent), c.Param("id"), graph.DeleteOptions{Force: force}); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// HandoverRequest is the body of POST /employees/{id}/handover.
type HandoverRequest struct {
	// To is the employee who becomes the owner.
	To string `json:"to"`
}

// postHandover answers POST /employees/{id}/handover {"to": …}: every
// organisation and person the employee owns moves to To in one
// transaction; the answer (and the audit entry) says what moved.
func (s *Server) postHandover(c *gin.Context) {
	w, ok := s.writer(c)
	if !ok {
		return
	}
	var req HandoverRequest
	if err := decodeBody(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	// The store gives the audit entry what moved.
	h, err := w.Handover(writing(c, http.StatusOK), c.Param("id"), req.To)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, h)
}
