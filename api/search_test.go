package api

import (
	"strings"
	"testing"

	"github.com/relmap/relmap/search"
)

type searchResult struct {
	Total int          `json:"total"`
	Hits  []search.Hit `json:"hits"`
}

func (r searchResult) ids() string {
	var ids []string
	for _, h := range r.Hits {
		ids = append(ids, h.ID)
	}
	return strings.Join(ids, " ")
}

// TestSearch finds segmentServer's records through the router and the
// real store, as the page's type-ahead asks: by part of a name, accents
// and case aside, by e-mail and title, a person with their organisation;
// and again after a rename, which moves the store's version.
func TestSearch(t *testing.T) {
	h, _ := segmentServer(t)
	call(t, h, "POST", "/api/v1/assessments", fundJanuary, 201, nil)
	call(t, h, "POST", "/api/v1/persons", `{"id":"per-jose","name":"José Núñez","title":"Directeur","email":"j.nunez@fonds.example"}`, 201, nil)
	var r searchResult
	// "jan": Jan de Vries (a whole word of the name that starts it) before
	// Anna Jansen (the start of a word).
	call(t, h, "GET", "/api/v1/search?q=jan", "", 200, &r)
	if r.ids() != "per-jan emp-anna" || r.Total != 2 {
		t.Errorf("q=jan: %q (total %d), want per-jan emp-anna", r.ids(), r.Total)
	}
	if r.Hits[0].Detail != "Fonds Zorg en Welzijn" {
		t.Errorf("Jan's detail %q, want the organisation he works at", r.Hits[0].Detail)
	}
	call(t, h, "GET", "/api/v1/search?q=JOSE", "", 200, &r)
	if r.ids() != "per-jose" {
		t.Errorf("q=JOSE: %q, want José", r.ids())
	}
	call(t, h, "GET", "/api/v1/search?q=fonds.example", "", 200, &r)
	if r.ids() != "per-jose" || r.Hits[0].Matched != "email" {
		t.Errorf("q=fonds.example: %q, want José by e-mail", r.ids())
	}
	call(t, h, "GET", "/api/v1/search?q=fonds%20zorg", "", 200, &r)
	if r.ids() != "org-fund" || r.Hits[0].Segment != "develop" {
		t.Errorf("q=fonds zorg: %+v, want the fund, develop", r.Hits)
	}
	call(t, h, "GET", "/api/v1/search?q=directeur&kind=person", "", 200, &r)
	if r.ids() != "per-jose" {
		t.Errorf("q=directeur: %q, want José by title", r.ids())
	}
	call(t, h, "GET", "/api/v1/search?q=e&kind=organisation&limit=1&offset=1", "", 200, &r)
	if r.Total != 3 || len(r.Hits) != 1 {
		t.Errorf("the second of the three organisations with an e: %+v", r)
	}
	// A rename moves the version: the index is rebuilt.
	call(t, h, "PATCH", "/api/v1/organisations/org-none", `{"name":"Gemeente Doetinchem"}`, 200, nil)
	call(t, h, "GET", "/api/v1/search?q=doetinchem", "", 200, &r)
	if r.ids() != "org-none" {
		t.Errorf("after the rename: %q, want org-none", r.ids())
	}
	var e apiError
	call(t, h, "GET", "/api/v1/search?q=%20-%20", "", 400, &e)
	if !e.has("q", "") {
		t.Errorf("q without letters: %+v, want invalid on field q", e)
	}
	call(t, h, "GET", "/api/v1/search?q=a&kind=relationship", "", 400, &e)
}

// TestPeople: the fund's people — Jan, who works there (0.8) and whom Anna
// knows (0.6) — and errors.
func TestPeople(t *testing.T) {
	h, _ := segmentServer(t)
	var r PeopleBody
	call(t, h, "GET", "/api/v1/organisations/org-fund/people", "", 200, &r)
	if r.Total != 1 || len(r.People) != 1 {
		t.Fatalf("people of the fund: %+v", r)
	}
	p := r.People[0]
	if p.Person.ID != "per-jan" || p.Type != "works_at" || p.Strength != 0.8 || len(p.KnownBy) != 1 ||
		p.KnownBy[0].Employee.ID != "emp-anna" || p.KnownBy[0].Strength != 0.6 {
		t.Errorf("Jan at the fund: %+v, want works_at 0.8, known by Anna at 0.6", p)
	}
	call(t, h, "GET", "/api/v1/organisations/org-gp/people", "", 200, &r)
	if r.Total != 0 || r.People == nil {
		t.Errorf("the GP has nobody: %+v", r)
	}
	call(t, h, "GET", "/api/v1/organisations/per-jan/people", "", 400, nil)
	call(t, h, "GET", "/api/v1/organisations/org-nobody/people", "", 404, nil)
}
