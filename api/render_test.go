package api

import (
	"bytes"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestRenderMatrix: the matrix picture through the real router and store,
// in each format; the quadrant names follow the language.
func TestRenderMatrix(t *testing.T) {
	h, _ := segmentServer(t)
	call(t, h, "POST", "/api/v1/assessments", fundJanuary, 201, nil)
	get := func(path string, want int) *httptest.ResponseRecorder {
		t.Helper()
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.Code != want {
			t.Fatalf("GET %s: status %d, want %d\n%s", path, w.Code, want, w.Body)
		}
		return w
	}
	nl := get("/api/v1/render/matrix?lang=nl", 200)
	if ct := nl.Header().Get("Content-Type"); ct != "image/svg+xml" {
		t.Errorf("content type %q", ct)
	}
	for _, q := range []string{"Ontwikkel", "Investeer", "Negeer", "Oogst"} {
		if !strings.Contains(nl.Body.String(), q) {
			t.Errorf("nl SVG lacks quadrant %q", q)
		}
	}
	en := get("/api/v1/render/matrix?lang=en&format=dot", 200)
	for _, q := range []string{"Develop", "Invest", "Ignore", "Harvest"} {
		if !strings.Contains(en.Body.String(), q) {
			t.Errorf("en DOT lacks quadrant %q", q)
		}
	}
	png := get("/api/v1/render/matrix?format=png", 200)
	if !bytes.HasPrefix(png.Body.Bytes(), []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("format=png did not return a PNG")
	}
	var e apiError
	call(t, h, "GET", "/api/v1/render/matrix?format=gif", "", 400, &e)
	if !e.has("format", "") {
		t.Errorf("bad format: %+v, want invalid on field format", e)
	}
}

// TestRenderNetworkAndPaths: the network, ego and path pictures through the
// router. segmentServer's network: Anna – Jan – Fund, plus two unconnected
// organisations.
func TestRenderNetworkAndPaths(t *testing.T) {
	h, _ := segmentServer(t)
	get := func(path string, want int) string {
		t.Helper()
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.Code != want {
			t.Fatalf("GET %s: status %d, want %d\n%s", path, w.Code, want, w.Body)
		}
		return w.Body.String()
	}
	dot := get("/api/v1/render/network?format=dot&size=pagerank", 200)
	for _, name := range []string{"Anna Jansen", "Jan de Vries", "Fonds Zorg en Welzijn", "Gemeente Zwolle"} {
		if !strings.Contains(dot, name) {
			t.Errorf("network DOT lacks %q", name)
		}
	}
	// Depth 1 around Anna: Anna and Jan only.
	ego := get("/api/v1/render/ego/emp-anna?format=dot&depth=1", 200)
	if !strings.Contains(ego, "Jan de Vries") || strings.Contains(ego, "Fonds Zorg en Welzijn") {
		t.Errorf("ego picture of Anna at depth 1 should hold Jan and not the fund:\n%s", ego)
	}
	svg := get("/api/v1/render/paths?to=org-fund&lang=nl", 200)
	if !strings.Contains(svg, "<svg") || !strings.Contains(svg, "0,6") {
		t.Errorf("paths SVG should show Anna's 0,6 tie in Dutch")
	}
	get("/api/v1/render/ego/no-such-node?format=dot", 404)
	get("/api/v1/render/network?segment=purple", 400)
	get("/api/v1/render/network?size=fame", 400)
}
