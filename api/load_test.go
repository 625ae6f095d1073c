package api

import (
	"math"
	"net/http/httptest"
	"reflect"
	"regexp"
	"testing"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// TestPathsLoad: Anna reaches the fund through Jan de Vries (0.6 · 0.8 =
// 0.48) or through Kees (0.55 · 0.8 = 0.44). With three open requests
// through Jan his path weighs 0.48 · 0.8³ = 0.24576, so Kees's ranks
// first and Jan's names the load; no_load=1 gives the plain order back.
func TestPathsLoad(t *testing.T) {
	h, st := segmentServer(t)
	ctx := t.Context()
	_, err := st.Upsert(ctx, &graph.Batch{
		Persons: []*graph.Person{{ID: "per-kees", Name: "Kees Mulder"}},
		Relationships: []*graph.Relationship{
			{Type: graph.RelKnows, From: "emp-anna", To: "per-kees", Strength: 0.55},
			{Type: graph.RelWorksAt, From: "per-kees", To: "org-fund", Strength: 0.8},
		},
	}, graph.UpsertOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var body PathsBody
	call(t, h, "GET", "/api/v1/paths?to=org-fund", "", 200, &body)
	if len(body.Paths) != 2 || body.Paths[0].Nodes[1].ID != "per-jan" {
		t.Fatalf("without requests: %+v", body.Paths)
	}
	for i, target := range []string{"org-fund", "org-gp", "org-none"} {
		r := &graph.IntroRequest{ID: "intro-" + string(rune('a'+i)), EmployeeID: "emp-anna", IntermediaryID: "per-jan", TargetID: target}
		if err := st.CreateIntro(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	call(t, h, "GET", "/api/v1/paths?to=org-fund", "", 200, &body)
	if len(body.Paths) != 2 || body.Paths[0].Nodes[1].ID != "per-kees" {
		t.Fatalf("with three requests through Jan: %+v", body.Paths)
	}
	jan := body.Paths[1]
	if len(jan.Load) != 1 || jan.Load[0].Text.EN != "Jan de Vries: 3 open requests, ×0.512" || !near(jan.Adjusted, 0.48*0.512) || !near(jan.Strength, 0.48) {
		t.Fatalf("Jan's path: adjusted %v, load %+v", jan.Adjusted, jan.Load)
	}
	body = PathsBody{}
	call(t, h, "GET", "/api/v1/paths?to=org-fund&no_load=1", "", 200, &body)
	if len(body.Paths) != 2 || body.Paths[0].Nodes[1].ID != "per-jan" || body.Paths[0].Load != nil {
		t.Fatalf("no_load=1: %+v", body.Paths)
	}
	// The picture numbers the paths as the list does (the page shows the
	// two together): Kees's path is path 1 with the load, Jan's without.
	for query, first := range map[string]string{"": "per-kees", "&no_load=1": "per-jan"} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/api/v1/render/paths?format=dot&to=org-fund"+query, nil))
		if w.Code != 200 {
			t.Fatalf("render/paths%s: %d %s", query, w.Code, w.Body)
		}
		hop := regexp.MustCompile(`"` + first + `" -> "org-fund" \[class="hop path-1"`)
		if !hop.Match(w.Body.Bytes()) {
			t.Errorf("render/paths%s: path 1 is not the one through %s:\n%s", query, first, w.Body)
		}
	}

	// Stored load rules rank the next query. With open_factor 0.98 Jan's
	// path weighs 0.48 · 0.98³ = 0.45177216 > Kees's 0.44: Jan first again.
	var e apiError
	call(t, h, "PUT", "/api/v1/settings/load", `{"open_factor": 1.5, "recent_factor": 0.9, "window_days": 90, "declined_factor": 0.2, "not_before_days": 180, "segment_factors": null, "candidates": 4}`, 400, &e)
	if !e.has("open_factor", "") {
		t.Fatalf("a bad open_factor: %+v", e)
	}
	var rules analysis.LoadSettings
	call(t, h, "GET", "/api/v1/settings/load", "", 200, &rules)
	if !reflect.DeepEqual(rules, analysis.DefaultLoadSettings()) {
		t.Fatalf("after a refused PUT: %+v, want the defaults", rules)
	}
	call(t, h, "PUT", "/api/v1/settings/load", `{"open_factor": 0.98, "recent_factor": 0.9, "window_days": 90, "declined_factor": 0.2, "not_before_days": 180, "segment_factors": null, "candidates": 4}`, 200, &rules)
	body = PathsBody{}
	call(t, h, "GET", "/api/v1/paths?to=org-fund", "", 200, &body)
	if len(body.Paths) != 2 || body.Paths[0].Nodes[1].ID != "per-jan" || !near(body.Paths[0].Adjusted, 0.48*0.98*0.98*0.98) {
		t.Fatalf("under open_factor 0.98: %+v", body.Paths)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 }

// TestIntroCache: the cache answers the same requests while the version
// stands, and reads again when a request is written.
func TestIntroCache(t *testing.T) {
	_, st := segmentServer(t)
	ctx := t.Context()
	c := &IntroCache{Store: st}
	rs, err := c.Intros(ctx)
	if err != nil || len(rs) != 0 {
		t.Fatalf("empty store: %v %v", rs, err)
	}
	if err := st.CreateIntro(ctx, &graph.IntroRequest{ID: "intro-a", EmployeeID: "emp-anna", IntermediaryID: "per-jan", TargetID: "org-fund"}); err != nil {
		t.Fatal(err)
	}
	rs, err = c.Intros(ctx)
	if err != nil || len(rs) != 1 {
		t.Fatalf("after a create: %v %v", rs, err)
	}
	again, _ := c.Intros(ctx)
	if &again[0] != &rs[0] {
		t.Fatal("read again although nothing changed")
	}
	// A contact and an assessment move the version but change no request
	// (the change log says so): nothing is read again.
	if err := st.CreateContact(ctx, &graph.Contact{ID: "c-1", EmployeeID: "emp-anna", StakeholderID: "org-fund",
		Date: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), Mode: graph.ModePhone}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.UpsertAssessments(ctx, []*segment.Assessment{{StakeholderID: "org-fund", CriterionID: "yield", Score: 3,
		Date: time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)}}, graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	if again, _ := c.Intros(ctx); &again[0] != &rs[0] {
		t.Error("read again after a contact and an assessment")
	}
	if err := st.CreateIntro(ctx, &graph.IntroRequest{ID: "intro-b", EmployeeID: "emp-anna", IntermediaryID: "per-jan", TargetID: "org-gp"}); err != nil {
		t.Fatal(err)
	}
	if rs, err := c.Intros(ctx); err != nil || len(rs) != 2 {
		t.Errorf("after a second request: %v %v", rs, err)
	}
}
