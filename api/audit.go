package api

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/auth"
)

// The audit log (auth.Store) gets one entry per audited request: every
// request to a route that writes (any method but GET, HEAD and OPTIONS) and
// every use of an audited read (auditedReads), allowed or refused — by the
// rate limit (429), for want of a valid token (401) or of a role (403), or
// by the handler. The entry of a request that writes is stored by the store
// in the write's own transaction (writing), so that no write is stored
// without its entry; every other entry is appended when the request ends.

// auditedReads are the read routes whose every use is audited: the exports
// of data (everything; one person's).
var auditedReads = map[string]bool{
	"/api/v1/export":             true,
	"/api/v1/persons/:id/export": true,
}

// auditAppendTimeout bounds the append of an entry that no write stored.
const auditAppendTimeout = time.Second

// Anonymous is the actor of an audited request without a valid token.
const Anonymous = "anonymous"

const auditKey = "relmap.audit"

// audited reports whether c's request goes to the audit log: a registered
// route that writes, or an audited read.
func audited(c *gin.Context) bool {
	if c.FullPath() == "" || publicRoutes[c.FullPath()] {
		return false
	}
	switch c.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return auditedReads[c.FullPath()]
	}
	return true
}

// auditEntry is the audit entry of c's request, or nil when it is not
// audited.
func auditEntry(c *gin.Context) *auth.AuditEntry {
	v, _ := c.Get(auditKey)
	e, _ := v.(*auth.AuditEntry)
	return e
}

// audit starts the entry of an audited request (as Anonymous until
// authenticate names the token), and appends it when the request ends
// unless the request's write stored it already (auth.AuditEntry.Seq). It
// runs before the rate limit and authentication, so that their refusals
// are logged too; of the rate limit's (429), only the first of a client in
// a minute (refusalLog), so that a flood does not become a flood of
// writes. The answer waits for that append, for at most
// auditAppendTimeout, so that a dead database adds little to the answer of
// a request it already failed; a failure to append is logged (relmap's
// log, with the request id and the action).
func (s *Server) audit(c *gin.Context) {
	if !audited(c) {
		c.Next()
		return
	}
	e := &auth.AuditEntry{
		At:              s.now().UTC(),
		Actor:           Anonymous,
		Action:          c.Request.Method + " " + c.FullPath(),
		Target:          pathTarget(c),
		Client:          c.ClientIP(),
		RequestID:       requestID(c),
		ClientRequestID: c.GetString(clientRequestIDKey),
	}
	c.Set(auditKey, e)
	c.Next()
	if e.Seq != 0 {
		return // stored with the write, in its transaction
	}
	e.Status = c.Writer.Status()
	if e.Status == http.StatusTooManyRequests {
		if !s.refusals.first(e.Client) {
			return
		}
		e.Detail = "rate limited; further refusals of this client within a minute are not logged"
	}
	// The entry is kept even when the client has gone.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.Request.Context()), auditAppendTimeout)
	defer cancel()
	if err := s.tokens().AppendAudit(ctx, e); err != nil {
		s.logger().ErrorContext(ctx, "audit log", "request_id", requestID(c), "action", e.Action, "err", err)
	}
}

// writing returns the context for the write a handler is about to make:
// the request's, carrying its audit entry with status as the outcome
// (auth.WithAudit), so that the store writes the entry in the write's own
// transaction. status is what the handler answers when the write succeeds;
// when it fails, audit stores the entry with the real status.
func writing(c *gin.Context, status int) context.Context {
	ctx := c.Request.Context()
	if e := auditEntry(c); e != nil {
		e.Status = status
		ctx = auth.WithAudit(ctx, e)
	}
	return ctx
}

// auditDetail sets a short summary of the request's audit entry (what a
// token or setting became). Call it before the write (writing).
func auditDetail(c *gin.Context, detail string) {
	if e := auditEntry(c); e != nil {
		e.Detail = detail
	}
}

// auditTarget sets the record the request acts on, when that is not its
// first path parameter (a created record's id). Call it before the write.
func auditTarget(c *gin.Context, id string) {
	if e := auditEntry(c); e != nil {
		e.Target = id
	}
}

// pathTarget is the record a request acts on by default: its first path
// parameter.
func pathTarget(c *gin.Context) string {
	if len(c.Params) > 0 {
		return c.Params[0].Value
	}
	return ""
}

// refusalLog remembers when it last let a client's refusal into the audit
// log, for at most maxRefusalClients clients.
type refusalLog struct {
	mu   sync.Mutex
	last map[string]time.Time
	// now is the clock; nil means time.Now (tests set it).
	now func() time.Time
}

const maxRefusalClients = 10000

// first reports whether client had no refusal logged in the minute before
// now, and if so records now.
func (r *refusalLog) first(client string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := time.Now()
	if r.now != nil {
		now = r.now()
	}
	if t, ok := r.last[client]; ok && now.Sub(t) < time.Minute {
		return false
	}
	if r.last == nil || len(r.last) >= maxRefusalClients {
		for k, t := range r.last {
			if now.Sub(t) >= time.Minute {
				delete(r.last, k)
			}
		}
		if r.last == nil || len(r.last) >= maxRefusalClients {
			r.last = map[string]time.Time{}
		}
	}
	r.last[client] = now
	return true
}
