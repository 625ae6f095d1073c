package api

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
)

// trustRoutes registers who-am-I (any token), token management and the
// audit log (admin).
func (s *Server) trustRoutes(v1 *gin.RouterGroup) {
	admin := need(auth.Admin)
	v1.GET("/whoami", need(auth.Viewer), s.getWhoAmI)
	v1.GET("/tokens", admin, s.listTokens)
	v1.POST("/tokens", admin, s.postToken)
	v1.DELETE("/tokens/:id", admin, s.deleteToken)
	v1.GET("/audit", admin, s.listAudit)
}

// getWhoAmI answers the token of the request (never its secret or hash),
// so that the web page can show who is signed in and with which role.
func (s *Server) getWhoAmI(c *gin.Context) {
	c.JSON(http.StatusOK, principal(c))
}

func (s *Server) listTokens(c *gin.Context) {
	ts, err := s.tokens().FindTokens(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	if ts == nil {
		ts = []*auth.Token{}
	}
	c.JSON(http.StatusOK, ts)
}

// TokenRequest is the body of POST /api/v1/tokens.
type TokenRequest struct {
	Name string    `json:"name"`
	Role auth.Role `json:"role"`
	// Employee, when set, is the employee the token belongs to: it reads
	// that employee's calendar feed (calendar.go).
	Employee string `json:"employee,omitempty"`
}

// CheckTokenEmployee refuses a token's employee that is not a stored
// employee (EINVALID naming the field "employee"); "" passes.
func CheckTokenEmployee(ctx context.Context, r interface {
	FindEmployeeByID(ctx context.Context, id string) (*graph.Employee, error)
}, id string) error {
	if id == "" {
		return nil
	}
	if _, err := r.FindEmployeeByID(ctx, id); err != nil {
		if graph.ErrorCode(err) == graph.ENOTFOUND {
			return graph.Invalid("employee", "%q is not one of our employees", id)
		}
		return err
	}
	return nil
}

// NewTokenBody answers POST /api/v1/tokens: the token and, this once, its
// secret.
type NewTokenBody struct {
	Token  *auth.Token `json:"token"`
	Secret string      `json:"secret"`
}

func (s *Server) postToken(c *gin.Context) {
	data, err := readBody(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var req TokenRequest
	if err := graph.DecodeJSON(data, &req); err != nil {
		s.fail(c, err)
		return
	}
	if !req.Role.Valid() {
		s.fail(c, graph.Invalid("role", "%q: want viewer, editor or admin", req.Role))
		return
	}
	tok, secret, err := auth.NewToken(req.Name, req.Role, actor(c), s.now())
	if err != nil {
		s.fail(c, graph.Invalid("name", "%s", graph.ErrorMessage(err)))
		return
	}
	if err := CheckTokenEmployee(c.Request.Context(), s.Store, req.Employee); err != nil {
		s.fail(c, err)
		return
	}
	tok.Employee = req.Employee
	auditTarget(c, tok.ID)
	auditDetail(c, string(tok.Role)+" token "+tok.ID+" for "+tok.Name)
	if err := s.tokens().CreateToken(writing(c, http.StatusCreated), tok); err != nil {
		s.fail(c, err)
		return
	}
	s.hard().limiter.known.add(tok.Hash) // usable at once, even during a flood of guesses
	c.JSON(http.StatusCreated, NewTokenBody{Token: tok, Secret: secret})
}

func (s *Server) deleteToken(c *gin.Context) {
	if err := s.tokens().RevokeToken(writing(c, http.StatusNoContent), c.Param("id"), s.now().UTC()); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) listAudit(c *gin.Context) {
	page, err := queryPage(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	f := auth.AuditFilter{Actor: c.Query("actor"), Action: c.Query("action"), Target: c.Query("target"), Page: page}
	for _, q := range []struct {
		name string
		dst  *time.Time
	}{{"since", &f.Since}, {"until", &f.Until}} {
		if v := c.Query(q.name); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				s.fail(c, graph.Invalid(q.name, "%q is not an RFC 3339 time (2026-11-29T09:00:00Z)", v))
				return
			}
			*q.dst = t
		}
	}
	es, total, err := s.tokens().FindAudit(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	if es == nil {
		es = []*auth.AuditEntry{}
	}
	c.JSON(http.StatusOK, ListBody[*auth.AuditEntry]{Items: es, Total: total, Offset: page.Offset, Limit: page.Limit})
}
