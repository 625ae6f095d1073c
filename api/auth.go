package api

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
)

// publicRoutes answer without a token: the probes, and the web page and its
// assets, which hold no data (the page asks for a token and sends it with
// every API call). auth_test walks every other route and expects 401.
var publicRoutes = map[string]bool{
	"/healthz":          true,
	"/readyz":           true,
	"/":                 true,
	"/assets/*filepath": true,
}

const principalKey = "relmap.principal"

// TokenTimeout bounds the token lookup of a request (and the limiter's
// reading of the active tokens). With the store's own deadline for the
// data call (relmap serve's -timeout, 2.5 s by default) a request meets a
// dead database for at most 4 s before it answers 503: within the 5 s a
// client may expect, with a second to spare on a busy machine. An indexed
// lookup of one token takes milliseconds when the database is up.
const TokenTimeout = 1500 * time.Millisecond

func (s *Server) tokens() auth.Store {
	if s.Tokens != nil {
		return s.Tokens
	}
	t, _ := s.Store.(auth.Store)
	return t
}

// authenticate admits public routes, and every other request only with an
// active token in "Authorization: Bearer <secret>" (or, on the calendar
// feed only, in ?token=: see calendar.go). An unknown path without
// a token answers 401 too, so that the routes cannot be probed.
func (s *Server) authenticate(c *gin.Context) {
	if publicRoutes[c.FullPath()] {
		c.Next()
		return
	}
	secret, ok := bearer(c.GetHeader("Authorization"))
	if !ok && c.FullPath() == calendarRoute {
		// Calendar programs subscribe to a URL and send no header.
		secret = c.Query("token")
		ok = secret != ""
	}
	// A refused request learns nothing of the routes, not even the methods
	// of a path: gin sets Allow before the middleware of a 405 runs.
	if !ok {
		c.Writer.Header().Del("Allow")
		c.Header("WWW-Authenticate", `Bearer realm="relmap"`)
		s.fail(c, graph.Errorf(graph.EUNAUTHORIZED, "this route needs a token: send \"Authorization: Bearer <token>\" (create one with: relmap token create)"))
		c.Abort()
		return
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), TokenTimeout)
	tok, err := auth.Authenticate(ctx, s.tokens(), secret)
	cancel()
	if err != nil {
		c.Writer.Header().Del("Allow")
		if graph.ErrorCode(err) == graph.EUNAUTHORIZED {
			c.Header("WWW-Authenticate", `Bearer realm="relmap", error="invalid_token"`)
		}
		s.fail(c, err)
		c.Abort()
		return
	}
	c.Set(principalKey, tok)
	// Every write of the request records the token's name (graph.Store);
	// so does its audit entry.
	c.Request = c.Request.WithContext(graph.WithActor(c.Request.Context(), tok.Name))
	if e := auditEntry(c); e != nil {
		e.Actor, e.TokenID = tok.Name, tok.ID
	}
	c.Next()
}

// bearer returns the secret of an "Authorization: Bearer <secret>" header.
func bearer(h string) (string, bool) {
	scheme, secret, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	secret = strings.TrimSpace(secret)
	return secret, secret != ""
}

// principal is the token of the request, or nil on a public route.
func principal(c *gin.Context) *auth.Token {
	t, _ := c.Get(principalKey)
	tok, _ := t.(*auth.Token)
	return tok
}

// need admits requests whose token's role allows role and answers 403
// otherwise. Every non-public route starts with one (server.routes).
func need(role auth.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		tok := principal(c)
		if tok == nil {
			abortJSON(c, http.StatusUnauthorized, ErrorDetail{Code: graph.EUNAUTHORIZED, Message: "this route needs a token", RequestID: requestID(c)})
			return
		}
		if !tok.Role.Allows(role) {
			abortJSON(c, http.StatusForbidden, ErrorDetail{
				Code:      graph.EFORBIDDEN,
				Message:   "this needs the " + string(role) + " role; the token has the " + string(tok.Role) + " role",
				RequestID: requestID(c),
			})
			return
		}
		c.Next()
	}
}

// actor names who makes a change, for the audit fields of records: the
// token's name.
func actor(c *gin.Context) string {
	if t := principal(c); t != nil {
		return t.Name
	}
	return "api"
}
