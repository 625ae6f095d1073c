package api

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/graph"
)

// IntroInput is a new introduction request as POST /api/v1/intros takes
// it; a fresh id is made when ID is empty (graph.NewIntroID).
type IntroInput struct {
	ID             string   `json:"id,omitempty"`
	EmployeeID     string   `json:"employee_id"`
	IntermediaryID string   `json:"intermediary_id"`
	TargetID       string   `json:"target_id"`
	Path           []string `json:"path,omitempty"`
	Note           string   `json:"note,omitempty"`
}

// IntroMoveInput is POST /api/v1/intros/{id}/move's body: graph.IntroMove
// with the day as text (a calendar day or an RFC 3339 instant; empty:
// now).
type IntroMoveInput struct {
	State graph.IntroState   `json:"state"`
	At    string             `json:"at,omitempty"`
	Note  string             `json:"note,omitempty"`
	Mode  graph.ContactMode  `json:"mode,omitempty"`
	Level graph.ContactLevel `json:"level,omitempty"`
}

// NewIntro turns input into a request for graph.IntroStore.CreateIntro.
func NewIntro(in IntroInput) *graph.IntroRequest {
	if in.ID == "" {
		in.ID = graph.NewIntroID()
	}
	return &graph.IntroRequest{ID: in.ID, EmployeeID: in.EmployeeID, IntermediaryID: in.IntermediaryID,
		TargetID: in.TargetID, Path: in.Path, Note: in.Note}
}

// NewIntroMove turns input into a move; the store refuses a day after
// its now.
func NewIntroMove(in IntroMoveInput) (graph.IntroMove, error) {
	m := graph.IntroMove{State: in.State, Note: in.Note, Mode: in.Mode, Level: in.Level}
	if in.At != "" {
		t, err := ParseDate(in.At)
		if err != nil {
			return m, graph.Invalid("at", "%s", err)
		}
		m.At = t
	}
	return m, nil
}

// introRoutes registers the introduction requests: viewers read, editors
// create and move, admins delete.
func (s *Server) introRoutes(v1 *gin.RouterGroup, view, edit, admin gin.HandlerFunc) {
	v1.GET("/intros", view, s.listIntros)
	v1.POST("/intros", edit, s.postIntro)
	v1.GET("/intros/:id", view, s.getIntro)
	v1.POST("/intros/:id/move", edit, s.moveIntro)
	v1.DELETE("/intros/:id", admin, s.deleteIntro)
}

// introStore returns the store as a graph.IntroStore, or answers 404.
func (s *Server) introStore(c *gin.Context) (graph.IntroStore, bool) {
	is, ok := s.Store.(graph.IntroStore)
	if !ok {
		s.fail(c, graph.Errorf(graph.ENOTFOUND, "the store in use keeps no introduction requests"))
		return nil, false
	}
	return is, true
}

func introFilter(c *gin.Context) (graph.IntroFilter, error) {
	var f graph.IntroFilter
	var err error
	if f.Page, err = queryPage(c); err != nil {
		return f, err
	}
	f.EmployeeID = queryString(c, "employee_id")
	f.IntermediaryID = queryString(c, "intermediary_id")
	f.TargetID = queryString(c, "target_id")
	f.State, err = queryEnum(c, "state", graph.IntroState.Valid)
	return f, err
}

// listIntros answers GET /intros?employee_id=&intermediary_id=&target_id=&state=&offset=&limit=.
func (s *Server) listIntros(c *gin.Context) {
	if is, ok := s.introStore(c); ok {
		list(s, c, introFilter, func(f graph.IntroFilter) graph.Page { return f.Page }, is.FindIntros)
	}
}

func (s *Server) getIntro(c *gin.Context) {
	if is, ok := s.introStore(c); ok {
		get(s, c, is.FindIntroByID)
	}
}

// postIntro stores a new request and answers 201 with it as stored.
func (s *Server) postIntro(c *gin.Context) {
	is, ok := s.introStore(c)
	if !ok {
		return
	}
	var in IntroInput
	if err := decodeBody(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	r := NewIntro(in)
	if err := is.CreateIntro(graph.WithActor(c.Request.Context(), actor(c)), r); err != nil {
		s.fail(c, err)
		return
	}
	auditDetail(c, fmt.Sprintf("intro %s: %s asks %s for %s", r.ID, r.EmployeeID, r.IntermediaryID, r.TargetID))
	c.JSON(http.StatusCreated, r)
}

// moveIntro moves a request to the state the body names; an illegal move
// answers 409 naming both states and changes nothing.
func (s *Server) moveIntro(c *gin.Context) {
	is, ok := s.introStore(c)
	if !ok {
		return
	}
	var in IntroMoveInput
	if err := decodeBody(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	m, err := NewIntroMove(in)
	if err != nil {
		s.fail(c, err)
		return
	}
	r, err := is.MoveIntro(graph.WithActor(c.Request.Context(), actor(c)), c.Param("id"), m)
	if err != nil {
		s.fail(c, err)
		return
	}
	auditDetail(c, IntroDetail(r))
	c.JSON(http.StatusOK, r)
}

// IntroDetail describes a request's last transition for the audit log.
func IntroDetail(r *graph.IntroRequest) string {
	d := fmt.Sprintf("intro %s → %s", r.ID, r.State)
	if r.State == graph.IntroMet {
		d += "; contact " + r.ContactID
	}
	return d
}

func (s *Server) deleteIntro(c *gin.Context) {
	is, ok := s.introStore(c)
	if !ok {
		return
	}
	if err := is.DeleteIntro(graph.WithActor(c.Request.Context(), actor(c)), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
