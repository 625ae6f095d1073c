package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
)

// adminOnly lists the routes only admins may use, from the trust issue
// (#8): "admins import, erase, manage tokens and settings", plus the full
// export and the export of a person's data (bulk personal data) and the
// audit log. Of the rest, reads (GET) need a viewer and every other
// method an editor ("viewers read; editors change data and log contacts").
var adminOnly = map[string]bool{
	"POST /api/v1/import":              true,
	"GET /api/v1/export":               true,
	"PUT /api/v1/segments/scheme":      true,
	"PUT /api/v1/segments/policies":    true,
	"GET /api/v1/tokens":               true,
	"POST /api/v1/tokens":              true,
	"DELETE /api/v1/tokens/:id":        true,
	"GET /api/v1/audit":                true,
	"GET /api/v1/persons/:id/export":   true,
	"POST /api/v1/persons/:id/erasure": true,
	"PUT /api/v1/settings/retention":   true,
	"PUT /api/v1/settings/paths":       true,
	"PUT /api/v1/settings/load":        true,
	"PUT /api/v1/settings/capture":     true,
	"DELETE /api/v1/intros/:id":        true,
	"DELETE /api/v1/plans/:id":         true,
	"DELETE /api/v1/actions/:id":       true,
}

// wantRole is the least role a route needs, by the rule above.
func wantRole(method, path string) auth.Role {
	switch {
	case adminOnly[method+" "+path]:
		return auth.Admin
	case method == http.MethodGet:
		return auth.Viewer
	}
	return auth.Editor
}

// trustServer serves segmentServer's store and returns the router itself
// (to walk its routes), the wrapped handler (no automatic token) and a
// secret per role.
func trustServer(t *testing.T) (*gin.Engine, http.Handler, map[auth.Role]string) {
	t.Helper()
	_, st := segmentServer(t)
	srv := &Server{Store: st, Segments: st, Snapshots: &analysis.Cache{Source: st}}
	h, err := srv.Handler()
	if err != nil {
		t.Fatal(err)
	}
	secrets := map[auth.Role]string{}
	for _, r := range auth.Roles {
		secrets[r] = secretFor(t, srv, r)
	}
	return h.(*gin.Engine), validated(t, h), secrets
}

var pathParam = regexp.MustCompile(`[:*]\w+`)

// request builds a request for a route with every path parameter "x".
func request(method, path, secret string) *http.Request {
	req := httptest.NewRequest(method, pathParam.ReplaceAllString(path, "x"), strings.NewReader(""))
	if secret != "" {
		req.Header.Set("Authorization", "Bearer "+secret)
	}
	return req
}

// TestEveryRouteNeedsAToken walks every registered route: the public ones
// answer without a token; every other answers 401 with the coded error and
// a WWW-Authenticate challenge to no token, a malformed header, an unknown
// token and a revoked one.
func TestEveryRouteNeedsAToken(t *testing.T) {
	r, h, secrets := trustServer(t)
	// A revoked editor token.
	revoked := secrets[auth.Editor]
	var id string
	{
		w := httptest.NewRecorder()
		h.ServeHTTP(w, request("GET", "/api/v1/whoami", revoked))
		var tok auth.Token
		if err := json.Unmarshal(w.Body.Bytes(), &tok); err != nil || w.Code != 200 {
			t.Fatalf("whoami: %d %s", w.Code, w.Body)
		}
		id = tok.ID
		w = httptest.NewRecorder()
		h.ServeHTTP(w, request("DELETE", "/api/v1/tokens/"+id, secrets[auth.Admin]))
		if w.Code != 204 {
			t.Fatalf("revoke: %d %s", w.Code, w.Body)
		}
	}
	public := 0
	for _, rt := range r.Routes() {
		if publicRoutes[rt.Path] {
			public++
			w := httptest.NewRecorder()
			h.ServeHTTP(w, request(rt.Method, rt.Path, ""))
			if w.Code == 401 || w.Code == 403 {
				t.Errorf("%s %s is public but answers %d without a token", rt.Method, rt.Path, w.Code)
			}
			continue
		}
		for _, c := range []struct{ name, header string }{
			{"no token", ""},
			{"basic auth", "Basic YWRtaW46YWRtaW4="},
			{"empty bearer", "Bearer "},
			{"unknown token", "Bearer rm_" + strings.Repeat("a", 52)},
			{"a token's hash", "Bearer " + auth.Hash(secrets[auth.Admin])},
			{"revoked token", "Bearer " + revoked},
		} {
			req := request(rt.Method, rt.Path, "")
			if c.header != "" {
				req.Header.Set("Authorization", c.header)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			var e apiError
			_ = json.Unmarshal(w.Body.Bytes(), &e)
			if w.Code != 401 || e.Error.Code != graph.EUNAUTHORIZED || !strings.HasPrefix(w.Header().Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("%s %s with %s: %d %s (WWW-Authenticate %q), want 401 unauthorized with a Bearer challenge",
					rt.Method, rt.Path, c.name, w.Code, w.Body, w.Header().Get("WWW-Authenticate"))
			}
		}
	}
	if public < 3 {
		t.Errorf("%d public routes seen, want at least /, /healthz and /readyz", public)
	}
	// An unknown path without a token is 401 too: routes cannot be probed.
	w := httptest.NewRecorder()
	h.ServeHTTP(w, request("GET", "/api/v1/no-such-route", ""))
	if w.Code != 401 {
		t.Errorf("unknown path without a token: %d, want 401", w.Code)
	}
}

// TestPublicRoutesDocumented: the operations the OpenAPI document marks
// public (security []) are exactly publicRoutes, and every other operation
// documents the 401 and 403 answers.
func TestPublicRoutesDocumented(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]struct {
			Security  *[]any         `json:"security"`
			Responses map[string]any `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`\{(\w+)\}`)
	seen := map[string]bool{}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			route := param.ReplaceAllString(path, ":$1")
			public := op.Security != nil && len(*op.Security) == 0
			if public != publicRoutes[route] {
				t.Errorf("%s %s: public in the document %v, in publicRoutes %v", method, path, public, publicRoutes[route])
			}
			if public {
				seen[route] = true
				continue
			}
			if op.Responses["401"] == nil || op.Responses["403"] == nil {
				t.Errorf("%s %s documents no 401 or 403", method, path)
			}
		}
	}
	for route := range publicRoutes {
		if !seen[route] {
			t.Errorf("public route %s is not documented as public", route)
		}
	}
}

// TestRoleMatrix: every route × every role. A role below the route's least
// role (wantRole) answers 403 with the coded error; a role at or above it
// gets past authorisation (any status but 401 and 403: the empty request
// may well be a 400 or 404 of the handler).
func TestRoleMatrix(t *testing.T) {
	r, h, secrets := trustServer(t)
	for _, rt := range r.Routes() {
		if publicRoutes[rt.Path] {
			continue
		}
		need := wantRole(rt.Method, rt.Path)
		for _, role := range auth.Roles {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, request(rt.Method, rt.Path, secrets[role]))
			allowed := role.Allows(need)
			switch {
			case allowed && (w.Code == 401 || w.Code == 403):
				t.Errorf("%s %s as %s: %d, want it allowed (least role %s)\n%s", rt.Method, rt.Path, role, w.Code, need, w.Body)
			case !allowed && w.Code != 403:
				t.Errorf("%s %s as %s: %d, want 403 (least role %s)", rt.Method, rt.Path, role, w.Code, need)
			case !allowed:
				var e apiError
				if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error.Code != graph.EFORBIDDEN {
					t.Errorf("%s %s as %s: body %s, want the forbidden code", rt.Method, rt.Path, role, w.Body)
				}
			}
		}
	}
}

// TestAuditLog: a write, a refused write and an export are in the audit
// log with who, what, target, outcome and client; a plain read is not.
func TestAuditLog(t *testing.T) {
	_, st := segmentServer(t)
	srv := &Server{Store: st, Segments: st, Snapshots: &analysis.Cache{Source: st}}
	h := serve(t, srv)
	anna := namedSecret(t, st, "anna", auth.Editor)
	vera := namedSecret(t, st, "vera", auth.Viewer)
	send := func(method, path, secret, body string, want int) {
		t.Helper()
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+secret)
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = "192.0.2.7:4000"
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != want {
			t.Fatalf("%s %s: %d, want %d\n%s", method, path, w.Code, want, w.Body)
		}
	}
	send("PATCH", "/api/v1/persons/per-jan", anna, `{"title":"directeur"}`, 200)
	send("PATCH", "/api/v1/persons/per-jan", vera, `{"title":"stagiair"}`, 403)
	send("GET", "/api/v1/persons/per-jan", vera, "", 200)
	var list ListBody[*auth.AuditEntry]
	call(t, h, "GET", "/api/v1/audit", "", 200, &list)
	// Newest first: vera's refused PATCH, then anna's PATCH. The GET of
	// vera and the GET of the audit itself are reads: not logged.
	if list.Total != 2 || len(list.Items) != 2 {
		t.Fatalf("audit log: %+v, want 2 entries", list)
	}
	want := []struct {
		actor  string
		status int
	}{{"vera", 403}, {"anna", 200}}
	for i, e := range list.Items {
		if e.Actor != want[i].actor || e.Status != want[i].status || e.Action != "PATCH /api/v1/persons/:id" ||
			e.Target != "per-jan" || e.Client != "192.0.2.7" || e.TokenID == "" || e.RequestID == "" {
			t.Errorf("entry %d: %+v, want %s PATCH per-jan %d from 192.0.2.7", i, e, want[i].actor, want[i].status)
		}
	}
	// An export is audited although it is a GET.
	call(t, h, "GET", "/api/v1/export", "", 200, nil)
	call(t, h, "GET", "/api/v1/audit?action=GET+/api/v1/export", "", 200, &list)
	if list.Total != 1 || list.Items[0].Actor != "test admin" {
		t.Errorf("export in the audit log: %+v, want one entry by test admin", list.Items)
	}
}

// TestTokensAPI: an admin creates a token, its secret works at once and is
// never listed, and revoking it stops it at once.
func TestTokensAPI(t *testing.T) {
	_, st := segmentServer(t)
	h := serve(t, &Server{Store: st})
	var created NewTokenBody
	call(t, h, "POST", "/api/v1/tokens", `{"name":"Piet (account manager)","role":"editor"}`, 201, &created)
	if created.Token.Role != auth.Editor || created.Token.CreatedBy != "test admin" || !strings.HasPrefix(created.Secret, auth.SecretPrefix) {
		t.Fatalf("created: %+v", created)
	}
	who := func(secret string, want int) {
		t.Helper()
		req := request("GET", "/api/v1/whoami", secret)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != want {
			t.Fatalf("whoami: %d, want %d", w.Code, want)
		}
		if want == 200 && !strings.Contains(w.Body.String(), `"name":"Piet (account manager)"`) {
			t.Errorf("whoami: %s", w.Body)
		}
	}
	who(created.Secret, 200)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/api/v1/tokens", nil))
	if strings.Contains(w.Body.String(), created.Secret) || strings.Contains(w.Body.String(), auth.Hash(created.Secret)) {
		t.Errorf("the token list shows a secret or its hash: %s", w.Body)
	}
	var e apiError
	call(t, h, "POST", "/api/v1/tokens", `{"name":"x","role":"superuser"}`, 400, &e)
	if !e.has("role", "") {
		t.Errorf("unknown role: %+v", e)
	}
	call(t, h, "POST", "/api/v1/tokens", `{"name":" ","role":"viewer"}`, 400, &e)
	call(t, h, "DELETE", "/api/v1/tokens/"+created.Token.ID, "", 204, nil)
	who(created.Secret, 401)
	call(t, h, "DELETE", "/api/v1/tokens/tok-nonexistent", "", 404, &e)
}
