// Package api is relmap's HTTP interface: a gin router with JSON endpoints
// under /api/v1, health and readiness probes, the web page at / (web.go,
// assets embedded), /metrics, and the OpenAPI document at
// /api/openapi.json (merged from the parts under openapi/). Every route but
// the probes and the page needs a bearer token whose role allows it
// (auth.go: authenticate, need); writes and exports are written to the
// audit log (audit.go), each write's entry in the write's own transaction.
// Requests pass, in order: secure headers, panic recovery, request id,
// metrics, access log, the audit, body limit, rate limit (ratelimit.go),
// authentication, and the notice of imports underway (imports.go). The
// HTTP details are in http.go: every answer
// carries X-Content-Type-Options: nosniff, pictures a
// Content-Security-Policy of their own; a path the router does not know
// answers 404 and a method a path does not have 405 with Allow, both JSON
// and both only after authentication (401 without a token); there are no
// redirects; a request body that is not the route's JSON (or multipart
// form) answers 415. JSON bodies are decoded strictly (graph.DecodeJSON:
// unknown, repeated and case-variant keys and invalid UTF-8 are 400 naming
// the key). Handlers bind input, call one domain function and respond;
// graph error codes become statuses in one table (errors.go).
package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// Reader is what the read-only listing endpoints need of a store.
type Reader interface {
	FindEmployeeByID(ctx context.Context, id string) (*graph.Employee, error)
	FindEmployees(ctx context.Context, f graph.NodeFilter) ([]*graph.Employee, int, error)
	FindOrganisationByID(ctx context.Context, id string) (*graph.Organisation, error)
	FindOrganisations(ctx context.Context, f graph.NodeFilter) ([]*graph.Organisation, int, error)
	FindPersonByID(ctx context.Context, id string) (*graph.Person, error)
	FindPersons(ctx context.Context, f graph.NodeFilter) ([]*graph.Person, int, error)
	FindRelationshipByID(ctx context.Context, id string) (*graph.Relationship, error)
	FindRelationships(ctx context.Context, f graph.RelationshipFilter) ([]*graph.Relationship, int, error)
}

// Server holds the dependencies of the HTTP handlers.
type Server struct {
	// Store answers the listings. If it implements graph.Pinger, /readyz
	// pings it; otherwise /readyz is always ready.
	Store Reader
	// Segments answers the segment matrix, the scheme, the policies and
	// the assessments; when nil (a store that keeps no segments) those
	// routes answer 404.
	Segments SegmentStore
	// Snapshots serves the analyses (warm paths, brokers) from a snapshot
	// cached until the store changes; when nil those routes answer 404.
	Snapshots Snapshotter
	// MatrixStaleness is the MaxStaleness of the MatrixCache Handler wraps
	// Segments in: how old the matrix the analyses read may be while the
	// next is made after a write (zero: always current).
	MatrixStaleness time.Duration
	// Tokens authenticates the bearer tokens and keeps the audit log; nil
	// means Store, which must then implement auth.Store.
	Tokens auth.Store
	// Logger receives the access log and internal errors; nil discards.
	Logger *slog.Logger
	// Version is reported by /healthz.
	Version string
	// TrustedProxies are the proxies whose X-Forwarded-For is believed;
	// none by default.
	TrustedProxies []string
	// ReadyTimeout bounds the store ping of /readyz (default 2s), so that a
	// dead database answers 503 well within 5 s.
	ReadyTimeout time.Duration
	// MaxBodyBytes limits request bodies (default 10 MiB).
	MaxBodyBytes int64
	// RenderTimeout bounds the drawing of one picture; a picture that takes
	// longer answers 504 (default 30s).
	RenderTimeout time.Duration
	// Limits are the rate limits per token (per client IP without one); the
	// zero value is no limit (relmap serve sets one by default).
	Limits Limits
	// Now is the clock that contact dates are checked against and that the
	// holdings analyses measure "days since" from; nil means time.Now.
	Now func() time.Time

	// search keeps the search index, table the stakeholder table, until
	// the store's version moves.
	search searchCache
	table  tableCache
	// plans keeps what the plans are measured from until the version
	// moves (plans.go).
	plans planCache

	// hardState holds the metrics registry and the rate limiter's
	// buckets, made on first use (hard).
	hardOnce  sync.Once
	hardState *hardening
	// refusals thins out the rate limit's refusals in the audit log.
	refusals refusalLog
	// imports caches the imports underway (imports.go).
	imports importWatch
	// introCache holds the introduction requests the path ranking reads
	// (set by Handler when the store keeps them).
	introCache *IntroCache
}

// knownNodes returns the nodes of the analyses' snapshot and their index
// (MatrixCache.Known); none when there is no snapshot to be had.
func (s *Server) knownNodes(ctx context.Context) ([]graph.NetworkNode, func(id string) (int32, bool)) {
	snap, err := s.Snapshots.Snapshot(ctx)
	if err != nil || snap == nil {
		return nil, nil
	}
	return snap.Nodes, snap.Index
}

func (s *Server) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Logger
}

// Handler returns the router with every route and middleware. Every route
// but the public ones (publicRoutes) needs a bearer token, so Handler fails
// when the store keeps no tokens (auth.Store) and Tokens is not set.
func (s *Server) Handler() (http.Handler, error) {
	if s.tokens() == nil {
		return nil, errors.New("api: the store keeps no tokens (auth.Store) and Server.Tokens is not set: every route needs a token")
	}
	if vs, ok := s.Store.(interface {
		Version(context.Context) (int64, error)
	}); ok && s.Segments != nil {
		if _, cached := s.Segments.(*MatrixCache); !cached {
			mc := &MatrixCache{SegmentStore: s.Segments, Version: vs.Version, MaxStaleness: s.MatrixStaleness}
			if s.Snapshots != nil {
				mc.Known = s.knownNodes
			}
			s.Segments = mc
		}
	}
	if is, ok := s.Store.(interface {
		graph.IntroStore
		Version(context.Context) (int64, error)
	}); ok {
		s.introCache = &IntroCache{Store: is}
	}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	// No redirects: gin would answer a path with a trailing slash too many
	// or too few (/api/v1/tokens/) with 301 or 307 before any middleware,
	// skipping the rate limit, authentication and the access log. Such a
	// path is unknown like any other: 401 without a token, 404 with one.
	r.RedirectTrailingSlash = false
	r.RedirectFixedPath = false
	// A method a path does not have answers 405 with Allow (noMethod), after
	// the middleware, so without a token it is 401 like an unknown path.
	r.HandleMethodNotAllowed = true
	r.NoRoute(s.noRoute)
	r.NoMethod(s.noMethod)
	// Ids may hold any character but white space, '/' and '%' included:
	// route on the escaped path, and unescape the parameters, so that
	// /persons/a%2Fb names the person "a/b".
	r.UseRawPath = true
	r.UnescapePathValues = true
	if err := r.SetTrustedProxies(s.TrustedProxies); err != nil {
		return nil, err
	}
	r.Use(secureHeaders, s.recovery, s.requestID, s.metrics, s.accessLog, s.audit, s.bodyLimit, s.rateLimit, s.authenticate, s.importNotice)
	s.routes(r)
	return r, nil
}

// routes registers every route with the least role that may use it (need);
// openapi_test checks the routes against the OpenAPI document and
// auth_test checks every route against a role table of its own.
func (s *Server) routes(r *gin.Engine) {
	r.GET("/healthz", s.healthz)
	r.HEAD("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
	r.HEAD("/readyz", s.readyz)
	s.webRoutes(r)
	s.metricsRoutes(r)
	r.GET("/api/openapi.json", need(auth.Viewer), s.openAPI)
	v1 := r.Group("/api/v1")
	view, edit, admin := need(auth.Viewer), need(auth.Editor), need(auth.Admin)
	v1.GET("/employees", view, s.listEmployees)
	v1.GET("/employees/:id", view, s.getEmployee)
	writeRoutes(s, v1, "/employees", Writer.CreateEmployee, Writer.UpdateEmployee, nil)
	v1.DELETE("/employees/:id", edit, s.deleteEmployee)
	v1.POST("/employees/:id/handover", edit, s.postHandover)
	v1.GET("/organisations", view, s.listOrganisations)
	v1.GET("/organisations/:id", view, s.getOrganisation)
	writeRoutes(s, v1, "/organisations", Writer.CreateOrganisation, Writer.UpdateOrganisation, Writer.DeleteOrganisation)
	v1.GET("/persons", view, s.listPersons)
	v1.GET("/persons/:id", view, s.getPerson)
	writeRoutes(s, v1, "/persons", Writer.CreatePerson, Writer.UpdatePerson, Writer.DeletePerson)
	v1.GET("/relationships", view, s.listRelationships)
	v1.GET("/relationships/:id", view, s.getRelationship)
	writeRoutes(s, v1, "/relationships", Writer.CreateRelationship, Writer.UpdateRelationship, Writer.DeleteRelationship)
	v1.GET("/segments/matrix", view, s.getMatrix)
	v1.GET("/segments/list", view, s.getList)
	v1.GET("/segments/moved", view, s.getMoved)
	v1.GET("/reports/changes", view, s.getChanges)
	// The scheme file is read by segment.LoadScheme, so that its errors
	// name the field and the line; the policy table is a JSON array with
	// one policy for each of the four segments.
	v1.GET("/segments/scheme", view, getSetting(s, s.segmentStore, SegmentStore.Scheme))
	v1.PUT("/segments/scheme", admin, s.putScheme)
	v1.GET("/segments/policies", view, getSetting(s, s.segmentStore, SegmentStore.Policies))
	v1.PUT("/segments/policies", admin, putSetting(s, s.segmentStore, decodeJSON[segment.Policies], SegmentStore.SavePolicies))
	v1.GET("/assessments", view, s.listAssessments)
	v1.POST("/assessments", edit, s.postAssessments)
	v1.DELETE("/assessments/:id", edit, s.deleteAssessment)
	v1.POST("/import", admin, s.postImport)
	v1.GET("/export", admin, s.getExport)
	v1.GET("/render/matrix", view, s.getMatrixPicture)
	v1.GET("/render/network", view, s.getNetworkPicture)
	v1.GET("/render/ego/:id", view, s.getEgoPicture)
	v1.GET("/render/paths", view, s.getPathsPicture)
	v1.GET("/render/reach", view, s.getReachPicture)
	v1.GET("/research", view, s.listResearch)
	v1.GET("/paths", view, s.getPaths)
	v1.GET("/brokers", view, s.getBrokers)
	v1.GET("/centrality", view, s.getCentrality)
	v1.GET("/communities", view, s.getCommunities)
	v1.GET("/contacts", view, s.listContacts)
	v1.POST("/contacts", edit, s.postContact)
	v1.GET("/contacts/:id", view, s.getContact)
	v1.PATCH("/contacts/:id", edit, s.patchContact)
	v1.DELETE("/contacts/:id", edit, s.deleteContact)
	v1.GET("/holders/:id", view, s.getHolders)
	v1.GET("/employees/:id/holdings", view, s.getHoldings)
	v1.GET("/single-holders", view, s.getSingleHolders)
	v1.GET("/departure/:employee", view, s.getDeparture)
	v1.GET("/conformance", view, s.getConformance)
	v1.GET("/overdue", view, s.getOverdue)
	v1.GET("/whatif/:target", view, s.getWhatIf)
	s.introRoutes(v1, view, edit, admin)
	s.planRoutes(v1, view, edit, admin)
	s.calendarRoutes(v1, view)
	v1.GET("/search", view, s.getSearch)
	v1.GET("/stakeholders", view, s.getStakeholders)
	v1.GET("/organisations/:id/people", view, s.getPeople)
	s.trustRoutes(v1)
	s.privacyRoutes(v1)
	s.captureRoutes(v1)
}

const (
	requestIDHeader    = "X-Request-ID"
	clientRequestIDKey = "relmap.client-request-id"
)

// requestID gives every request an id of relmap's own (16 hex digits from
// crypto/rand), answered in X-Request-ID and used in the error bodies, the
// access log and the audit log. An X-Request-ID the client sent is kept
// apart (clientRequestID): a client must not choose the id that ties its
// request to the logs.
func (s *Server) requestID(c *gin.Context) {
	var b [8]byte
	_, _ = rand.Read(b[:])
	id := hex.EncodeToString(b[:])
	c.Set(requestIDHeader, id)
	c.Header(requestIDHeader, id)
	if cid := clientRequestID(c.GetHeader(requestIDHeader)); cid != "" {
		c.Set(clientRequestIDKey, cid)
	}
	c.Next()
}

func requestID(c *gin.Context) string { return c.GetString(requestIDHeader) }

// clientRequestID returns a client's X-Request-ID when it is at most 64
// printable ASCII characters, and "" otherwise (it is dropped, not cut).
func clientRequestID(h string) string {
	if len(h) > 64 {
		return ""
	}
	for i := 0; i < len(h); i++ {
		if h[i] < 0x20 || h[i] > 0x7e {
			return ""
		}
	}
	return h
}

func (s *Server) accessLog(c *gin.Context) {
	start := time.Now()
	c.Next()
	s.logger().LogAttrs(c.Request.Context(), slog.LevelInfo, "http",
		slog.String("method", c.Request.Method),
		slog.String("path", c.Request.URL.Path),
		slog.Int("status", c.Writer.Status()),
		slog.Duration("took", time.Since(start)),
		slog.String("request_id", requestID(c)),
		slog.String("client_request_id", c.GetString(clientRequestIDKey)),
		slog.String("client", c.ClientIP()))
}

func (s *Server) bodyLimit(c *gin.Context) {
	limit := s.MaxBodyBytes
	if limit <= 0 {
		limit = 10 << 20
	}
	if c.FullPath() == "/api/v1/import" {
		limit = ImportMaxBytes + 1<<20 // the file plus its multipart framing
	}
	s.limitBody(c, limit) // 413 with the JSON error, declared or read past the limit
	c.Next()
}

func (s *Server) recovery(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.logger().ErrorContext(c.Request.Context(), "panic", "request_id", requestID(c), "panic", v)
			s.fail(c, graph.Errorf(graph.EINTERNAL, "internal error"))
		}
	}()
	c.Next()
}

func (s *Server) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok", "version": s.Version})
}

// readyz answers 200 when the store answers a ping within ReadyTimeout and
// 503 otherwise. A store that can show an import half done
// (graph.ImportWatcher) adds the imports underway ("imports"), read anew.
func (s *Server) readyz(c *gin.Context) {
	p, ok := s.Store.(graph.Pinger)
	if !ok {
		c.JSON(http.StatusOK, gin.H{"status": "ready"})
		return
	}
	timeout := s.ReadyTimeout
	if timeout <= 0 {
		timeout = 2 * time.Second
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), timeout)
	defer cancel()
	if err := p.Ping(ctx); err != nil {
		if graph.ErrorCode(err) != graph.EUNAVAILABLE {
			err = &graph.Error{Code: graph.EUNAVAILABLE, Message: "the database is not reachable"}
		}
		s.fail(c, err)
		return
	}
	body := gin.H{"status": "ready"}
	if w, ok := s.Store.(graph.ImportWatcher); ok {
		if list, _ := w.ImportsUnderway(ctx); len(list) > 0 {
			body["imports"] = list
		}
	}
	c.JSON(http.StatusOK, body)
}
