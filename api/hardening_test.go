package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/neo4jstore"
	"github.com/relmap/relmap/graph/sqlitestore"
	"github.com/relmap/relmap/internal/neo4jtest"
)

// t0 is the fixed clock of the rate-limit tests.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// limited returns srv with limits l on a clock the test moves by hand.
func limited(srv *Server, l Limits) *time.Time {
	now := t0
	srv.Limits = l
	srv.hard().limiter.now = func() time.Time { return now }
	return &now
}

// call sends method path (with body, when not empty) to h with the given
// headers and returns the recorded answer.
func send(h http.Handler, method, path, body string, header ...string) *httptest.ResponseRecorder {
	var req *http.Request
	if body == "" {
		req = httptest.NewRequest(method, path, nil)
	} else {
		req = httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func bearerOf(secret string) []string { return []string{"Authorization", "Bearer " + secret} }

// noSecret is an Authorization header that carries no bearer secret (the
// test helper serve adds an admin token only when the header is absent).
var noSecret = []string{"Authorization", "Basic Zm9vOmJhcg=="}

// TestRateLimitPerToken: each token has a bucket of its own.
func TestRateLimitPerToken(t *testing.T) {
	_, st := segmentServer(t)
	srv := &Server{Store: st}
	now := limited(srv, Limits{Rate: 0.5, Burst: 2})
	h := serve(t, srv)
	a := secretFor(t, srv, auth.Viewer)
	b := namedSecret(t, srv.tokens(), "second viewer", auth.Viewer)

	// Burst 2: a's first two requests pass, the third finds the bucket empty.
	for i, want := range []int{200, 200, 429} {
		if w := send(h, "GET", "/api/v1/employees", "", bearerOf(a)...); w.Code != want {
			t.Fatalf("a, request %d: status %d, want %d\n%s", i+1, w.Code, want, w.Body)
		}
	}
	w := send(h, "GET", "/api/v1/employees", "", bearerOf(a)...)
	// The bucket holds 0 requests and refills 0.5 a second: one whole
	// request in (1 − 0) / 0.5 = 2 s.
	if got := w.Header().Get("Retry-After"); got != "2" {
		t.Errorf("Retry-After = %q, want 2", got)
	}
	var e ErrorBody
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
		t.Errorf("429 body = %s, want the JSON error (%v)", w.Body, err)
	}
	// b has its own bucket; the probes are never limited.
	if w := send(h, "GET", "/api/v1/employees", "", bearerOf(b)...); w.Code != 200 {
		t.Errorf("b: status %d, want 200 (a bucket of its own)", w.Code)
	}
	for range 5 {
		if w := send(h, "GET", "/healthz", "", bearerOf(a)...); w.Code != 200 {
			t.Fatalf("/healthz: status %d, want 200 (never limited)", w.Code)
		}
	}
	// 2 s later the bucket holds exactly one request again.
	*now = now.Add(2 * time.Second)
	for i, want := range []int{200, 429} {
		if w := send(h, "GET", "/api/v1/employees", "", bearerOf(a)...); w.Code != want {
			t.Fatalf("a after 2 s, request %d: status %d, want %d", i+1, w.Code, want)
		}
	}
}

// TestRateLimitGuessedSecrets: wrong secrets cost their client IP; when its
// bucket is empty, unknown secrets and anonymous requests from it are
// refused before authentication, while tokens that work go on — the one
// used before and one never used (issue 13, item 7).
func TestRateLimitGuessedSecrets(t *testing.T) {
	_, st := segmentServer(t)
	srv := &Server{Store: st}
	limited(srv, Limits{Rate: 1, Burst: 3})
	h := serve(t, srv)
	good := secretFor(t, srv, auth.Viewer)
	fresh := namedSecret(t, srv.tokens(), "never used", auth.Viewer)

	if w := send(h, "GET", "/api/v1/employees", "", bearerOf(good)...); w.Code != 200 {
		t.Fatalf("good token: status %d", w.Code)
	}
	// The IP's bucket holds 3: three wrong secrets empty it.
	for i := range 3 {
		if w := send(h, "GET", "/api/v1/employees", "", bearerOf("rm_wrong"+strings.Repeat("x", i))...); w.Code != 401 {
			t.Fatalf("wrong secret %d: status %d, want 401", i, w.Code)
		}
	}
	for _, c := range []struct {
		name   string
		header []string
		want   int
	}{
		{"a fourth wrong secret", bearerOf("rm_wrong4"), 429},
		{"the same, behind a forged X-Forwarded-For", append(bearerOf("rm_wrong5"), "X-Forwarded-For", "203.0.113.9"), 429},
		{"no secret", noSecret, 429},
		{"a valid token never used before", bearerOf(fresh), 200},
		{"the token that works", bearerOf(good), 200},
	} {
		if w := send(h, "GET", "/api/v1/employees", "", c.header...); w.Code != c.want {
			t.Errorf("%s: status %d, want %d", c.name, w.Code, c.want)
		}
	}
}

// countingTokens is a real token store that counts its listings.
type countingTokens struct {
	auth.Store
	mu    sync.Mutex
	lists int
}

func (c *countingTokens) FindTokens(ctx context.Context) ([]*auth.Token, error) {
	c.mu.Lock()
	c.lists++
	c.mu.Unlock()
	return c.Store.FindTokens(ctx)
}

// TestValidTokenDuringGuessingFlood is issue 13's item 7: while bad
// secrets flood from one IP — or from a proxy's IP, which all its users
// share — a valid token that has not been used since the start is not
// refused, neither on a fresh server nor after a restart (a new Server on
// the same store, whose limiter knows nothing yet); a revoked token is
// refused and then limited like a guess; and the flood costs the store
// one token listing a second at most.
func TestValidTokenDuringGuessingFlood(t *testing.T) {
	_, st := segmentServer(t)
	tokens := &countingTokens{Store: st}
	// A proxy that is not trusted: every request comes from its address,
	// 192.0.2.1 (httptest's peer), whatever X-Forwarded-For says.
	behindProxy := func(n int) []string { return []string{"X-Forwarded-For", fmt.Sprintf("198.51.100.%d", n%250+1)} }
	usedBefore := namedSecret(t, st, "used before the restart", auth.Viewer)
	revoked := namedSecret(t, st, "revoked", auth.Viewer)
	for restart := range 2 {
		srv := &Server{Store: st, Tokens: tokens}
		now := limited(srv, Limits{Rate: 1, Burst: 5})
		h, err := srv.Handler()
		if err != nil {
			t.Fatal(err)
		}
		fresh := namedSecret(t, st, fmt.Sprintf("never used, start %d", restart), auth.Viewer)
		tokens.mu.Lock()
		listsBefore := tokens.lists
		tokens.mu.Unlock()
		if restart == 0 {
			if w := send(h, "GET", "/api/v1/employees", "", bearerOf(usedBefore)...); w.Code != 200 {
				t.Fatalf("first use: %d", w.Code)
			}
		}
		// 200 bad secrets at one instant: the first 5 (the IP's burst) are
		// refused by authentication, the rest by the limit.
		refused := map[int]int{}
		for i := range 200 {
			w := send(h, "GET", "/api/v1/persons", "", append(bearerOf(fmt.Sprintf("rm_guess%03d", i)), behindProxy(i)...)...)
			refused[w.Code]++
		}
		if refused[401] != 5 || refused[429] != 195 {
			t.Errorf("start %d: the flood was answered %v, want 5×401 and 195×429", restart, refused)
		}
		for _, c := range []struct {
			name   string
			secret string
		}{{"a token never used", fresh}, {"a token used before the restart", usedBefore}} {
			if w := send(h, "GET", "/api/v1/persons", "", append(bearerOf(c.secret), behindProxy(7)...)...); w.Code != 200 {
				t.Errorf("start %d, during the flood, %s: %d, want 200\n%s", restart, c.name, w.Code, w.Body)
			}
		}
		if w := send(h, "GET", "/api/v1/persons", "", bearerOf("rm_guess-more")...); w.Code != 429 {
			t.Errorf("start %d: another guess after the valid tokens: %d, want 429", restart, w.Code)
		}
		// The flood read the tokens once (the clock stood still).
		tokens.mu.Lock()
		if n := tokens.lists - listsBefore; n != 1 {
			t.Errorf("start %d: the flood listed the tokens %d times, want 1 (once a second at most)", restart, n)
		}
		tokens.mu.Unlock()
		if restart == 0 {
			// Revoked after the limiter listed it: refused (the IP's
			// bucket refills first), then limited like any guess.
			tok, err := auth.Authenticate(t.Context(), st, revoked)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.RevokeToken(t.Context(), tok.ID, t0); err != nil {
				t.Fatal(err)
			}
			*now = now.Add(time.Second) // one request back in the IP's bucket
			if w := send(h, "GET", "/api/v1/persons", "", bearerOf(revoked)...); w.Code != 401 {
				t.Errorf("revoked token: %d, want 401", w.Code)
			}
			if w := send(h, "GET", "/api/v1/persons", "", bearerOf(revoked)...); w.Code != 429 {
				t.Errorf("revoked token again: %d, want 429 (a guess like any other)", w.Code)
			}
		}
	}
}

// TestForwardedForFromUntrustedPeer: a forged X-Forwarded-For changes
// neither the audit log's client nor the rate-limit key, unless the peer
// is a trusted proxy (the control case).
func TestForwardedForFromUntrustedPeer(t *testing.T) {
	// httptest.NewRequest's peer is 192.0.2.1:1234.
	for _, c := range []struct {
		name       string
		proxies    []string
		wantClient string
		wantSecond int // an anonymous request with another X-Forwarded-For after one
	}{
		{"untrusted peer", nil, "192.0.2.1", 429},
		{"trusted proxy", []string{"192.0.2.1"}, "203.0.113.7", 401},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, st := segmentServer(t)
			srv := &Server{Store: st, TrustedProxies: c.proxies}
			limited(srv, Limits{Rate: 1, Burst: 1})
			h := serve(t, srv)
			w := send(h, "POST", "/api/v1/persons", `{"id":"per-new","name":"Nieuw"}`, "X-Forwarded-For", "203.0.113.7")
			if w.Code != 201 {
				t.Fatalf("create: status %d\n%s", w.Code, w.Body)
			}
			es, _, err := st.FindAudit(t.Context(), auth.AuditFilter{Action: "POST /api/v1/persons"})
			if err != nil || len(es) != 1 {
				t.Fatalf("audit: %v, %d entries, want 1", err, len(es))
			}
			if es[0].Client != c.wantClient {
				t.Errorf("audit client = %q, want %q", es[0].Client, c.wantClient)
			}
			// Burst 1: the first anonymous request takes the client's one
			// request (and fails authentication); the second, with another
			// forged address, is the same client unless the proxy is trusted.
			if w := send(h, "GET", "/api/v1/employees", "", append(noSecret, "X-Forwarded-For", "198.51.100.1")...); w.Code != 401 {
				t.Fatalf("first anonymous request: %d, want 401", w.Code)
			}
			if w := send(h, "GET", "/api/v1/employees", "", append(noSecret, "X-Forwarded-For", "198.51.100.2")...); w.Code != c.wantSecond {
				t.Errorf("second anonymous request: %d, want %d", w.Code, c.wantSecond)
			}
		})
	}
}

// TestLimiterBounded: the buckets never pass MaxKeys; refilled buckets go
// first, otherwise the one used least recently.
func TestLimiterBounded(t *testing.T) {
	l := Limits{Rate: 1, Burst: 2, MaxKeys: 3}
	now := t0
	lm := &limiter{now: func() time.Time { return now }}
	for _, k := range []string{"a", "b", "c", "d"} {
		lm.take(k, l)
		now = now.Add(100 * time.Millisecond)
	}
	// "d" came when a, b and c held 1 of 2 (a full bucket needs 2 s): none
	// had refilled, so the oldest, "a", made room.
	if len(lm.buckets) != 3 || lm.buckets["a"] != nil || lm.buckets["d"] == nil {
		t.Errorf("buckets %v, want b, c and d", keys(lm.buckets))
	}
	// 10 s on, b, c and d are full again: all three go for "e".
	now = now.Add(10 * time.Second)
	lm.take("e", l)
	if len(lm.buckets) != 1 || lm.buckets["e"] == nil {
		t.Errorf("buckets %v, want only e", keys(lm.buckets))
	}
}

func keys(m map[string]*bucket) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// scrape reads /metrics with secret and parses it.
func scrape(t *testing.T, h http.Handler, secret string) map[string]*dto.MetricFamily {
	t.Helper()
	w := send(h, "GET", "/metrics", "", bearerOf(secret)...)
	if w.Code != 200 {
		t.Fatalf("/metrics: status %d\n%s", w.Code, w.Body)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(w.Body)
	if err != nil {
		t.Fatalf("/metrics is not the Prometheus text format: %v", err)
	}
	return fams
}

// sample returns the counter or histogram count of fam's series with
// exactly labels, and whether there is one.
func sample(fams map[string]*dto.MetricFamily, fam string, labels map[string]string) (float64, bool) {
	f := fams[fam]
	if f == nil {
		return 0, false
	}
next:
	for _, m := range f.GetMetric() {
		if len(m.GetLabel()) != len(labels) {
			continue
		}
		for _, lp := range m.GetLabel() {
			if labels[lp.GetName()] != lp.GetValue() {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue(), true
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount()), true
		case m.Gauge != nil:
			return m.Gauge.GetValue(), true
		}
	}
	return 0, false
}

func route(method, route, class string) map[string]string {
	return map[string]string{"method": method, "route": route, "class": class}
}

// TestMetrics: /metrics counts requests by route pattern (never the raw
// path), times each snapshot rebuild and shows the Go runtime; a viewer
// token reads it, no token does not.
func TestMetrics(t *testing.T) {
	_, st := segmentServer(t)
	srv := &Server{Store: st, Segments: st, Snapshots: &analysis.Cache{Source: st}}
	h := serve(t, srv)
	viewer := secretFor(t, srv, auth.Viewer)
	for _, c := range []struct {
		path string
		want int
	}{
		{"/api/v1/employees", 200},
		{"/api/v1/employees", 200},
		{"/api/v1/employees/emp-anna", 200},
		{"/api/v1/employees/emp-nobody", 404},
		{"/no/such/path", 404},
		{"/api/v1/paths?to=org-fund", 200}, // builds the snapshot
		{"/api/v1/paths?to=org-fund", 200}, // from the cache
	} {
		if w := send(h, "GET", c.path, "", bearerOf(viewer)...); w.Code != c.want {
			t.Fatalf("GET %s: %d, want %d", c.path, w.Code, c.want)
		}
	}
	if w := send(h, "POST", "/api/v1/persons", `{"id":"per-new","name":"Nieuw"}`); w.Code != 201 {
		t.Fatalf("create: %d\n%s", w.Code, w.Body)
	}
	// The write moved the store's version: the next analysis rebuilds.
	if w := send(h, "GET", "/api/v1/paths?to=org-fund", "", bearerOf(viewer)...); w.Code != 200 {
		t.Fatalf("paths after the write: %d", w.Code)
	}
	// A contact alone is applied to the snapshot in hand (analysis.Cache,
	// Following writes): a derived refresh, counted apart from whole reads.
	if w := send(h, "POST", "/api/v1/contacts", `{"date":"2026-01-01","employee_id":"emp-anna","stakeholder_id":"per-jan","mode":"phone"}`); w.Code != 201 {
		t.Fatalf("contact: %d\n%s", w.Code, w.Body)
	}
	if w := send(h, "GET", "/api/v1/paths?to=org-fund", "", bearerOf(viewer)...); w.Code != 200 {
		t.Fatalf("paths after the contact: %d", w.Code)
	}
	fams := scrape(t, h, viewer)
	for _, c := range []struct {
		fam    string
		labels map[string]string
		want   float64
	}{
		{"relmap_http_requests_total", route("GET", "/api/v1/employees", "2xx"), 2},
		{"relmap_http_request_duration_seconds", route("GET", "/api/v1/employees", "2xx"), 2},
		{"relmap_http_requests_total", route("GET", "/api/v1/employees/:id", "2xx"), 1},
		{"relmap_http_requests_total", route("GET", "/api/v1/employees/:id", "4xx"), 1},
		{"relmap_http_requests_total", route("GET", "unmatched", "4xx"), 1},
		{"relmap_http_requests_total", route("GET", "/api/v1/paths", "2xx"), 4},
		{"relmap_http_requests_total", route("POST", "/api/v1/persons", "2xx"), 1},
		// Four analyses, three snapshots: the first and the one after the
		// new person read the network; the one after the contact is derived.
		{"relmap_snapshot_build_seconds", map[string]string{"read": "whole"}, 2},
		{"relmap_snapshot_build_seconds", map[string]string{"read": "derived"}, 1},
	} {
		got, ok := sample(fams, c.fam, c.labels)
		if !ok || got != c.want {
			t.Errorf("%s%v = %v (present %v), want %v", c.fam, c.labels, got, ok, c.want)
		}
	}
	for _, fam := range []string{"go_goroutines", "go_memstats_heap_alloc_bytes", "process_resident_memory_bytes", "relmap_http_rate_limited_total"} {
		if fams[fam] == nil {
			t.Errorf("%s is missing", fam)
		}
	}
	// No raw path becomes a label value.
	for _, f := range fams {
		for _, m := range f.GetMetric() {
			for _, lp := range m.GetLabel() {
				if strings.Contains(lp.GetValue(), "emp-anna") || strings.Contains(lp.GetValue(), "no/such") || strings.Contains(lp.GetValue(), "?") {
					t.Errorf("%s has the raw label %s=%q", f.GetName(), lp.GetName(), lp.GetValue())
				}
			}
		}
	}
	if w := send(h, "GET", "/metrics", "", noSecret...); w.Code != 401 {
		t.Errorf("/metrics without a token: %d, want 401", w.Code)
	}
}

// leaky matches what must never reach a client: driver, SQL, Cypher and
// Go runtime text.
var leaky = regexp.MustCompile(`(?i)sqlite|sql:|select |insert |database is closed|neo4j|bolt|cypher|match \(|dial tcp|connection refused|goroutine|runtime error|panic|\.go:\d+|secret-detail`)

// checkCoded fails t unless w's body is the JSON error with a code and a
// message, and nothing leaky.
func checkCoded(t *testing.T, what string, w *httptest.ResponseRecorder) {
	t.Helper()
	var e ErrorBody
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
		t.Errorf("%s: status %d, body %s: want the JSON error (%v)", what, w.Code, clip(w.Body.Bytes()), err)
	}
	if m := leaky.FindString(w.Body.String()); m != "" {
		t.Errorf("%s: the body leaks %q: %s", what, m, clip(w.Body.Bytes()))
	}
}

// notData are the routes that answer from neither the store nor the
// analyses: the OpenAPI document, /metrics, and the token store's routes
// (the test keeps tokens in a store of their own).
var notData = map[string]bool{
	"/api/openapi.json": true, "/metrics": true,
	"/api/v1/whoami": true, "/api/v1/tokens": true, "/api/v1/tokens/:id": true, "/api/v1/audit": true,
}

// dataRoutes lists every route but the public ones and notData, with each
// path parameter set to a plausible id.
func dataRoutes() []gin.RouteInfo {
	r := gin.New()
	(&Server{}).routes(r)
	param := regexp.MustCompile(`[:*]\w+`)
	var out []gin.RouteInfo
	for _, rt := range r.Routes() {
		if publicRoutes[rt.Path] || notData[rt.Path] {
			continue
		}
		rt.Path = param.ReplaceAllString(rt.Path, "x-1")
		out = append(out, rt)
	}
	return out
}

// routeQuery is the query that takes a route past its own input checks to
// the store.
var routeQuery = map[string]string{
	"/api/v1/paths":          "?to=x-1",
	"/api/v1/render/paths":   "?to=x-1",
	"/api/v1/segments/moved": "?from=2026-01-01&to=2026-02-01",
}

// TestErrorsDoNotLeak: with a store that fails (closed), every data route
// answers the coded JSON error and nothing of the driver; the store errors
// are counted in /metrics.
func TestErrorsDoNotLeak(t *testing.T) {
	dead, err := sqlitestore.Open(t.Context(), filepath.Join(t.TempDir(), "dead.db"))
	if err != nil {
		t.Fatal(err)
	}
	dead.Close()
	tokens, err := sqlitestore.Open(t.Context(), filepath.Join(t.TempDir(), "tokens.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tokens.Close() })
	srv := &Server{Store: dead, Segments: dead, Snapshots: &analysis.Cache{Source: dead, Contacts: dead}, Tokens: tokens}
	h := serve(t, srv)
	failed := walkDataRoutes(t, h)
	// The listings, the matrix and the analyses all reach the store.
	if failed < 20 {
		t.Errorf("only %d routes answered 5xx with a closed store", failed)
	}
	fams := scrape(t, h, secretFor(t, srv, auth.Viewer))
	in, _ := sample(fams, "relmap_store_errors_total", map[string]string{"code": graph.EINTERNAL})
	un, _ := sample(fams, "relmap_store_errors_total", map[string]string{"code": graph.EUNAVAILABLE})
	if int(in+un) != failed {
		t.Errorf("relmap_store_errors_total = %v internal + %v unavailable, want the %d 5xx answers", in, un, failed)
	}
}

// walkDataRoutes sends every data route to h at once (a dead store may
// take its timeout to answer), expects each to fail with the coded JSON
// error and nothing leaky, and returns how many answered 5xx.
func walkDataRoutes(t *testing.T, h http.Handler) int {
	t.Helper()
	routes := dataRoutes()
	if len(routes) < 40 {
		t.Fatalf("only %d data routes found", len(routes))
	}
	answers := make([]*httptest.ResponseRecorder, len(routes))
	var wg sync.WaitGroup
	for i, rt := range routes {
		body := ""
		switch rt.Method {
		case "POST", "PUT", "PATCH":
			body = "{}"
		}
		wg.Go(func() { answers[i] = send(h, rt.Method, rt.Path+routeQuery[rt.Path], body) })
	}
	wg.Wait()
	failed := 0
	for i, rt := range routes {
		w, what := answers[i], rt.Method+" "+rt.Path
		if w.Code < 400 {
			t.Errorf("%s: status %d with a failing store", what, w.Code)
			continue
		}
		checkCoded(t, what, w)
		if w.Code >= 500 {
			failed++
		}
	}
	return failed
}

// panicking is a store whose person listing panics with driver-like text:
// a failure injected where no real store would fail.
type panickingStore struct{ *sqlitestore.Store }

func (panickingStore) FindPersons(context.Context, graph.NodeFilter) ([]*graph.Person, int, error) {
	panic("secret-detail: SELECT * FROM persons at store.go:42")
}

// TestPanicAnswersJSON500: a panic in a handler answers the coded 500, with
// none of the panic's text, and is counted as 5xx.
func TestPanicAnswersJSON500(t *testing.T) {
	_, st := segmentServer(t)
	srv := &Server{Store: panickingStore{st}}
	h := serve(t, srv)
	w := send(h, "GET", "/api/v1/persons", "")
	if w.Code != 500 {
		t.Fatalf("status %d, want 500\n%s", w.Code, w.Body)
	}
	checkCoded(t, "GET /api/v1/persons", w)
	if w := send(h, "GET", "/api/v1/employees", ""); w.Code != 200 {
		t.Errorf("the next request: %d, want 200 (the server lives on)", w.Code)
	}
	fams := scrape(t, h, secretFor(t, srv, auth.Viewer))
	if n, _ := sample(fams, "relmap_http_requests_total", route("GET", "/api/v1/persons", "5xx")); n != 1 {
		t.Errorf("5xx count of /api/v1/persons = %v, want 1", n)
	}
}

// TestBodyLimit: a body over MaxBodyBytes answers 413 with the JSON error,
// whether its length is declared or it is cut off while read, and nothing
// is stored.
func TestBodyLimit(t *testing.T) {
	_, st := segmentServer(t)
	srv := &Server{Store: st, MaxBodyBytes: 1024}
	h := serve(t, srv)
	big := `{"id":"per-big","name":"` + strings.Repeat("x", 2000) + `"}` // 2,025 bytes > 1,024
	for _, declared := range []bool{true, false} {
		req := httptest.NewRequest("POST", "/api/v1/persons", strings.NewReader(big))
		req.Header.Set("Content-Type", "application/json")
		if !declared {
			req.ContentLength = -1 // sent chunked: the limit trips while reading
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("declared length %v: status %d, want 413\n%s", declared, w.Code, w.Body)
		}
		checkCoded(t, "413", w)
	}
	if _, err := st.FindPersonByID(t.Context(), "per-big"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("per-big: %v, want not found (nothing stored)", err)
	}
	// Under the limit the same route works (the control).
	if w := send(h, "POST", "/api/v1/persons", `{"id":"per-small","name":"Klein"}`); w.Code != 201 {
		t.Errorf("small body: %d, want 201\n%s", w.Code, w.Body)
	}
}

// forwarder relays TCP connections to a target until it is closed; then its
// address is a dead port.
type forwarder struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func forward(t *testing.T, target string) *forwarder {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &forwarder{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			f.mu.Lock()
			f.conns = append(f.conns, c, up)
			f.mu.Unlock()
			go func() { _, _ = io.Copy(up, c); up.Close() }()
			go func() { _, _ = io.Copy(c, up); c.Close() }()
		}
	}()
	t.Cleanup(f.close)
	return f
}

// close stops listening and cuts every relayed connection.
func (f *forwarder) close() {
	f.ln.Close()
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.conns {
		c.Close()
	}
	f.conns = nil
}

// TestErrorsDoNotLeakNeo4j: relmap opened on a real Neo4j whose port then
// goes dead (a relay in between is closed) answers every data route with
// the coded error, 503 for the reads, and nothing of the driver.
func TestErrorsDoNotLeakNeo4j(t *testing.T) {
	// A Neo4j of the test's own: the shared test database belongs to
	// graph/neo4jstore's tests, which wipe it and must not meet another
	// process's Open (schema statements, import recovery) halfway.
	neo := neo4jtest.Start(t)
	u, err := url.Parse(neo.URI)
	if err != nil {
		t.Fatal(err)
	}
	user, pw := "", ""
	relay := forward(t, u.Host)
	// Each call gives up after 1 s (the driver retries a dead connection
	// until then); opening, which creates the schema in that time too, is
	// tried again while a busy machine makes it slower (WaitReady).
	st := neo4jtest.WaitReady(t, "open neo4j", func() (*neo4jstore.Store, error) {
		return neo4jstore.Open(t.Context(), neo4jstore.Config{
			URI: "bolt://" + relay.ln.Addr().String(), Username: user, Password: pw,
			Timeout: time.Second, BulkTimeout: time.Minute,
		})
	})
	t.Cleanup(func() { st.Close() })
	relay.close()
	tokens, err := sqlitestore.Open(t.Context(), filepath.Join(t.TempDir(), "tokens.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tokens.Close() })
	srv := &Server{Store: st, Segments: st, Snapshots: &analysis.Cache{Source: st, Contacts: st}, Tokens: tokens}
	h := serve(t, srv)
	if failed := walkDataRoutes(t, h); failed < 20 {
		t.Errorf("only %d routes answered 5xx with Neo4j gone", failed)
	}
	w := send(h, "GET", "/api/v1/persons", "")
	if w.Code != http.StatusServiceUnavailable {
		t.Errorf("GET /api/v1/persons with Neo4j gone: %d, want 503\n%s", w.Code, w.Body)
	}
}
