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
