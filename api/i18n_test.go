package api

import (
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
)

// TestErrorsInDutch: error answers follow ?lang= or, without it, the
// preferred of Dutch and English in Accept-Language, through the router
// and the real store.
func TestErrorsInDutch(t *testing.T) {
	h, st := segmentServer(t)
	viewer := secretFor(t, &Server{Store: st}, auth.Viewer)
	for _, tc := range []struct {
		method, path, lang, token string
		status                    int
		want                      string
	}{
		{"GET", "/api/v1/search?q=-&lang=nl", "", "", 400, "typ minstens één letter of cijfer"},
		{"GET", "/api/v1/search?q=-", "nl-NL,nl;q=0.9,en;q=0.8", "", 400, "typ minstens één letter of cijfer"},
		{"GET", "/api/v1/search?q=-", "en;q=0.9,nl;q=0.5", "", 400, "type at least one letter or digit"},
		{"GET", "/api/v1/search?q=-&lang=en", "nl", "", 400, "type at least one letter or digit"}, // ?lang= wins
		{"GET", "/api/v1/organisations/org-nobody?lang=nl", "", "", 404, `organisatie "org-nobody" niet gevonden`},
		{"GET", "/api/v1/persons?limit=x&lang=nl", "", "", 400, `"x" is geen geheel getal`},
		{"GET", "/api/v1/persons?limit=5000&lang=nl", "", "", 400, "moet tussen 0 en 1000 liggen"},
		{"POST", "/api/v1/persons?lang=nl", "", viewer, 403, "hiervoor is de rol editor nodig; het token heeft de rol viewer"},
		{"GET", "/api/v1/persons", "nl", "not-a-token", 401, "het token is onbekend, verlopen of ingetrokken"},
	} {
		r := httptest.NewRequest(tc.method, tc.path, nil)
		if tc.lang != "" {
			r.Header.Set("Accept-Language", tc.lang)
		}
		if tc.token != "" {
			r.Header.Set("Authorization", "Bearer "+tc.token)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		var b ErrorBody
		if err := json.Unmarshal(w.Body.Bytes(), &b); err != nil || w.Code != tc.status || b.Error.Message != tc.want {
			t.Errorf("%s %s (Accept-Language %q): %d %q, want %d %q", tc.method, tc.path, tc.lang, w.Code, b.Error.Message, tc.status, tc.want)
		}
	}
}

// TestDutchFallback: a message the catalogue does not know gets the
// code's Dutch sentence and its field, then the English detail.
func TestDutchFallback(t *testing.T) {
	if got := dutch(graph.EINVALID, "score", "6 is above the scale of 1–5"); got != "ongeldige invoer (veld score): 6 is above the scale of 1–5" {
		t.Errorf("got %q", got)
	}
	if got := dutch(graph.EINVALID, "score", "6 is outside 1–5"); got != "6 ligt buiten 1–5" {
		t.Errorf("got %q", got)
	}
	if got := dutch(graph.EINTERNAL, "", "internal error"); got != "interne fout" {
		t.Errorf("got %q", got)
	}
}
