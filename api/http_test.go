package api

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
)

// The HTTP details of issue 13, item 11.

// TestNoRedirects: a path with a trailing slash too many (or one that
// differs only in case) is an unknown path — 401 without a token, the JSON
// 404 with one — never a 301 or 307 that skips authentication, the rate
// limit and the access log.
func TestNoRedirects(t *testing.T) {
	_, h, secrets := trustServer(t)
	for _, method := range []string{"GET", "POST"} {
		for _, path := range []string{"/api/v1/tokens/", "/api/v1/persons/", "/API/v1/tokens", "/api/v1//tokens"} {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, request(method, path, ""))
			if w.Code != 401 || w.Header().Get("Location") != "" {
				t.Errorf("%s %s without a token: %d (Location %q), want 401", method, path, w.Code, w.Header().Get("Location"))
			}
			w = httptest.NewRecorder()
			h.ServeHTTP(w, request(method, path, secrets[auth.Admin]))
			var e apiError
			if w.Code != 404 || json.Unmarshal(w.Body.Bytes(), &e) != nil || e.Error.Code != graph.ENOTFOUND {
				t.Errorf("%s %s with a token: %d %q %s, want the JSON 404", method, path, w.Code, w.Header().Get("Content-Type"), w.Body)
			}
		}
	}
}

// TestMethodNotAllowed: every documented path answers a method it does
// not have with the JSON 405 and Allow listing exactly the methods
// openapi.json documents for it (with a token), and 401 without one, with
// no Allow to tell the routes.
func TestMethodNotAllowed(t *testing.T) {
	_, h, secrets := trustServer(t)
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`\{\w+\}`)
	n := 0
	for path, ops := range doc.Paths {
		var allowed []string
		for m := range ops {
			if m != "parameters" {
				allowed = append(allowed, strings.ToUpper(m))
			}
		}
		slices.Sort(allowed)
		target := param.ReplaceAllString(path, "x")
		if strings.Contains(target, "*") {
			target = strings.ReplaceAll(target, "*filepath", "app.js")
		}
		for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
			if slices.Contains(allowed, m) {
				continue
			}
			n++
			w := httptest.NewRecorder()
			h.ServeHTTP(w, request(m, target, secrets[auth.Admin]))
			var e apiError
			got := strings.Split(w.Header().Get("Allow"), ", ")
			slices.Sort(got)
			if w.Code != 405 || json.Unmarshal(w.Body.Bytes(), &e) != nil || e.Error.Code != graph.EINVALID || !slices.Equal(got, allowed) {
				t.Errorf("%s %s: %d, Allow %v, body %s; want 405 JSON, Allow %v", m, target, w.Code, got, w.Body, allowed)
			}
			w = httptest.NewRecorder()
			h.ServeHTTP(w, request(m, target, ""))
			if w.Code != 401 || w.Header().Get("Allow") != "" {
				t.Errorf("%s %s without a token: %d, Allow %q; want 401 and no Allow", m, target, w.Code, w.Header().Get("Allow"))
			}
		}
	}
	if n < 50 {
		t.Errorf("only %d wrong methods tried", n)
	}
}

// TestHeadProbes: HEAD /healthz and /readyz answer 200 without a token and
// without a body, through a real HTTP server.
func TestHeadProbes(t *testing.T) {
	_, st := segmentServer(t)
	srv := &Server{Store: st, Limits: Limits{Rate: 1, Burst: 1}}
	h, err := srv.Handler()
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	defer ts.Close()
	for _, path := range []string{"/healthz", "/readyz"} {
		for range 3 { // never rate limited
			resp, err := http.Head(ts.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || len(b) != 0 {
				t.Errorf("HEAD %s: %d with %d bytes, want 200 and no body", path, resp.StatusCode, len(b))
			}
		}
	}
}

// TestSecurityHeaders: every answer — JSON, an error, the page, a picture —
// carries X-Content-Type-Options: nosniff, and the pictures a
// Content-Security-Policy that allows no script.
func TestSecurityHeaders(t *testing.T) {
	_, st := segmentServer(t)
	srv := &Server{Store: st, Segments: st, Snapshots: &analysis.Cache{Source: st}}
	h := serve(t, srv)
	for _, c := range []struct {
		path    string
		header  []string
		want    int
		picture bool
	}{
		{"/api/v1/persons", nil, 200, false},
		{"/api/v1/persons", noSecret, 401, false},
		{"/api/v1/persons/nobody", nil, 404, false},
		{"/api/v1/nothing", nil, 404, false},
		{"/healthz", nil, 200, false},
		{"/", nil, 200, false},
		{"/api/v1/export?format=csv&kind=persons", nil, 200, false},
		{"/api/v1/render/network?format=svg", nil, 200, true},
		{"/api/v1/render/matrix?format=svg", nil, 200, true},
		{"/api/v1/render/paths?from=emp-anna&to=org-fund&format=dot", nil, 200, true},
	} {
		w := send(h, "GET", c.path, "", c.header...)
		if w.Code != c.want {
			t.Errorf("GET %s: %d, want %d\n%s", c.path, w.Code, c.want, clip(w.Body.Bytes()))
			continue
		}
		if got := w.Header().Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options %q, want nosniff", c.path, got)
		}
		if csp := w.Header().Get("Content-Security-Policy"); c.picture && csp != pictureCSP {
			t.Errorf("GET %s: Content-Security-Policy %q, want %q", c.path, csp, pictureCSP)
		}
	}
	if !strings.Contains(pictureCSP, "default-src 'none'") || strings.Contains(pictureCSP, "script-src") {
		t.Errorf("pictureCSP %q must deny everything but inline styles", pictureCSP)
	}
}

// TestStrictJSONBodies: a body with a key given twice, keys that differ
// only in case, a key in another case than documented, or invalid UTF-8
// answers 400 naming the key, and nothing is stored; a body that is not
// application/json answers 415 (after 401 and 403), as does an import that
// is not a multipart form.
func TestStrictJSONBodies(t *testing.T) {
	_, h, secrets := trustServer(t)
	admin, viewer := secrets[auth.Admin], secrets[auth.Viewer]
	do := func(method, path, body, contentType, secret string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		if secret != "" {
			req.Header.Set("Authorization", "Bearer "+secret)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w
	}
	for _, c := range []struct{ name, body, field string }{
		{"a key twice", `{"id":"per-x","name":"Els","name":"Eva"}`, "name"},
		{"keys that differ in case", `{"id":"per-x","name":"Els","NAME":"Eva"}`, "NAME"},
		{"a key in another case", `{"ID":"per-x","name":"Els"}`, "ID"},
		{"invalid UTF-8", "{\"id\":\"per-x\",\"name\":\"El\xffs\"}", "name"},
	} {
		w := do("POST", "/api/v1/persons", c.body, "application/json", admin)
		var e apiError
		if err := json.Unmarshal(w.Body.Bytes(), &e); w.Code != 400 || err != nil || len(e.Error.Problems) != 1 || e.Error.Problems[0].Field != c.field {
			t.Errorf("%s: %d %s, want 400 naming %s", c.name, w.Code, w.Body, c.field)
		}
	}
	if w := do("GET", "/api/v1/persons/per-x", "", "", admin); w.Code != 404 {
		t.Errorf("after the refused bodies per-x is stored: %d", w.Code)
	}

	body := `{"id":"per-x","name":"Els"}`
	for _, c := range []struct {
		name, method, path, contentType, secret string
		want                                    int
	}{
		{"text/plain", "POST", "/api/v1/persons", "text/plain", admin, 415},
		{"form", "POST", "/api/v1/persons", "application/x-www-form-urlencoded", admin, 415},
		{"no Content-Type", "POST", "/api/v1/persons", "", admin, 415},
		{"another charset", "POST", "/api/v1/persons", "application/json; charset=latin1", admin, 415},
		{"a PATCH", "PATCH", "/api/v1/persons/per-jan", "text/plain", admin, 415},
		{"a PUT", "PUT", "/api/v1/segments/policies", "text/plain", admin, 415},
		{"no token first", "POST", "/api/v1/persons", "text/plain", "", 401},
		{"the role second", "POST", "/api/v1/persons", "text/plain", viewer, 403},
		{"an import as JSON", "POST", "/api/v1/import", "application/json", admin, 415},
		{"JSON with charset", "POST", "/api/v1/persons", "application/json; charset=UTF-8", admin, 201},
	} {
		w := do(c.method, c.path, body, c.contentType, c.secret)
		if w.Code != c.want {
			t.Errorf("%s: %d %s, want %d", c.name, w.Code, w.Body, c.want)
			continue
		}
		if c.want == 415 {
			var e apiError
			if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error.Code != graph.EINVALID || e.Error.Field != "Content-Type" {
				t.Errorf("%s: body %s, want the JSON error naming Content-Type", c.name, w.Body)
			}
		}
	}
}
