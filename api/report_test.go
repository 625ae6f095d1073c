package api

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/relmap/relmap/graph"
)

// TestChangesReport: segmentServer's ties are recorded on 2 January 2026
// (the store's clock; no since), so on 1 January the network has none and
// on 2 January Anna → Jan → Fonds is 0.6 · 0.8 = 0.48. The fund is the one
// develop target (fundJanuary: 4.0 / 2.5) and gains that path, via Jan. Of
// three requests through Jan, one was made and one met on 2 January; the
// third is only requested: two introductions made, the met one as met.
// The moves are those of GET /segments/moved: none, as the 2024 scores
// place the same segments on both days.
func TestChangesReport(t *testing.T) {
	h, st := segmentServer(t)
	ctx := t.Context()
	call(t, h, "POST", "/api/v1/assessments", fundJanuary, 201, nil)
	call(t, h, "POST", "/api/v1/assessments", gpJanuary, 201, nil)
	for _, r := range []struct {
		id, target string
		moves      []graph.IntroState
	}{
		{"intro-a", "org-fund", []graph.IntroState{graph.IntroAgreed, graph.IntroMade}},
		{"intro-c", "org-gp", []graph.IntroState{graph.IntroAgreed, graph.IntroMade, graph.IntroMet}},
		{"intro-b", "org-gp", nil}, // asked again after the meeting (one open request at a time)
	} {
		if err := st.CreateIntro(ctx, &graph.IntroRequest{ID: r.id, EmployeeID: "emp-anna", IntermediaryID: "per-jan", TargetID: r.target}); err != nil {
			t.Fatal(err)
		}
		for _, s := range r.moves {
			if _, err := st.MoveIntro(ctx, r.id, graph.IntroMove{State: s}); err != nil {
				t.Fatal(err)
			}
		}
	}

	var b ChangesBody
	call(t, h, "GET", "/api/v1/reports/changes?from=2026-01-01&to=2026-01-02&lang=nl", "", 200, &b)
	var mv MovedBody
	call(t, h, "GET", "/api/v1/segments/moved?from=2026-01-01&to=2026-01-02", "", 200, &mv)
	if len(b.Moves) != len(mv.Moves) || len(b.Moves) != 0 {
		t.Errorf("moves %+v, want those of /segments/moved (%+v): none", b.Moves, mv.Moves)
	}
	if b.Targets != 1 || len(b.Gained) != 1 || b.Gained[0].Target.ID != "org-fund" || !near(b.Gained[0].To, 0.48) ||
		b.Gained[0].Via == nil || b.Gained[0].Via.ID != "per-jan" || len(b.Lost) != 0 {
		t.Errorf("warm paths: %d targets, gained %+v, lost %+v", b.Targets, b.Gained, b.Lost)
	}
	if len(b.Intros) != 2 || b.Intros[0].ID != "intro-a" || b.Intros[0].State != graph.IntroMade ||
		b.Intros[1].ID != "intro-c" || b.Intros[1].State != graph.IntroMet || b.Intros[1].Intermediary.Name != "Jan de Vries" {
		t.Errorf("introductions made: %+v", b.Intros)
	}
	if len(b.Conformance) != 4 || b.Conformance[1].Name != "Ontwikkel" || b.Conformance[1].From.Stakeholders != 1 || b.Conformance[1].To.Stakeholders != 1 {
		t.Errorf("conformance: %+v", b.Conformance)
	}
	// Over 1 January alone nothing was made and no path gained.
	call(t, h, "GET", "/api/v1/reports/changes?from=2025-12-31&to=2026-01-01", "", 200, &b)
	if len(b.Intros) != 0 || len(b.Gained) != 0 {
		t.Errorf("31 December to 1 January: %+v", b)
	}

	req := httptest.NewRequest("GET", "/api/v1/reports/changes?from=2026-01-01&to=2026-01-02&format=csv", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != 200 || !strings.HasPrefix(w.Body.String(), "section,id,name,from,to,detail\n") ||
		!strings.Contains(w.Body.String(), "path_gained,org-fund,Fonds Zorg en Welzijn,0.00,0.48,Jan de Vries\n") ||
		!strings.Contains(w.Body.String(), "intro,intro-c,Huisartsenpraktijk De Linde,Anna Jansen,Jan de Vries,met 2026-01-02\n") {
		t.Errorf("csv: %d\n%s", w.Code, w.Body)
	}
	var e apiError
	call(t, h, "GET", "/api/v1/reports/changes?from=2026-01-02&to=2026-01-01", "", 400, &e)
	if !e.has("to", "") {
		t.Errorf("to before from: %+v", e)
	}
	call(t, h, "GET", "/api/v1/reports/changes?to=2026-01-01", "", 400, &e)
	if !e.has("from", "") {
		t.Errorf("no from: %+v", e)
	}
}
