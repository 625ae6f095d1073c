package api

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// TestWebPage: the page and its assets answer without a token (they hold no
// data), every asset the page names is served with its content type and an
// ETag that revalidates, the page loads nothing from another origin, and
// paths outside the assets are not served.
func TestWebPage(t *testing.T) {
	h, _ := segmentServer(t)
	get := func(path string, header map[string]string, want int) *httptest.ResponseRecorder {
		t.Helper()
		r := httptest.NewRequest("GET", path, nil)
		r.Header.Set("Authorization", "Bearer not-a-token") // serve adds an admin token to requests without one
		for k, v := range header {
			r.Header.Set(k, v)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != want {
			t.Fatalf("GET %s: status %d, want %d\n%s", path, w.Code, want, clip(w.Body.Bytes()))
		}
		return w
	}
	page := get("/", nil, 200).Body.String()
	for _, s := range []string{`src="/assets/app.js"`, `href="/assets/app.css"`, `id="login-form"`, `id="matrix"`, `id="network"`, `id="pathfinder"`, `id="brokers"`} {
		if !strings.Contains(page, s) {
			t.Errorf("the page lacks %s", s)
		}
	}
	// No CDN: every src and href is this origin's, a data: URL, or a
	// place on the page itself (#plans).
	for _, attr := range []string{`src="`, `href="`} {
		for _, part := range strings.Split(page, attr)[1:] {
			if !strings.HasPrefix(part, "/") && !strings.HasPrefix(part, "data:") && !strings.HasPrefix(part, "#") {
				t.Errorf("the page loads %s%s", attr, part[:min(len(part), 40)])
			}
		}
	}
	for path, ct := range map[string]string{"/assets/app.js": "text/javascript", "/assets/app.css": "text/css",
		"/assets/plans.js": "text/javascript", "/assets/plans.css": "text/css"} {
		w := get(path, nil, 200)
		if !strings.HasPrefix(w.Header().Get("Content-Type"), ct) {
			t.Errorf("%s: content type %q, want %s", path, w.Header().Get("Content-Type"), ct)
		}
		if !strings.Contains(w.Header().Get("Content-Security-Policy"), "default-src 'self'") {
			t.Errorf("%s: no Content-Security-Policy", path)
		}
		etag := w.Header().Get("ETag")
		if etag == "" {
			t.Fatalf("%s: no ETag", path)
		}
		get(path, map[string]string{"If-None-Match": etag}, 304)
	}
	get("/assets/nothing.js", nil, 404)
	get("/assets/../web.go", nil, 404)
	get("/assets/", nil, 404)
}
