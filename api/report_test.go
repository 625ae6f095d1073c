package api

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

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

// TestChangesReportPlans: three plans made one after another on 2 January
// 2026 (the store's clock): plan-a stays open, plan-b is achieved with a
// note, plan-c is dropped and opened again (so it has no closing). Over 1
// to 2 January all three were opened and plan-b closed. From the instant
// plan-b was created, plan-b's opening is not in the span (after From),
// plan-a's neither (before it): plan-c opened and plan-b closed.
func TestChangesReportPlans(t *testing.T) {
	h, _ := segmentServer(t)
	for _, id := range []string{"plan-a", "plan-b", "plan-c"} {
		call(t, h, "POST", "/api/v1/plans", `{"id":"`+id+`","target_id":"org-fund","owner_id":"emp-anna","aim":{"segment":"invest","by":"2026-06-30"}}`, 201, nil)
	}
	var b graph.Plan
	call(t, h, "PATCH", "/api/v1/plans/plan-b", `{"state":"achieved","close_note":"on the board"}`, 200, &b)
	if b.Closed == nil || b.Closed.Note != "on the board" || !b.Closed.At.Equal(b.UpdatedAt) {
		t.Fatalf("plan-b achieved: closed %+v", b.Closed)
	}
	call(t, h, "PATCH", "/api/v1/plans/plan-c", `{"state":"dropped"}`, 200, nil)
	call(t, h, "PATCH", "/api/v1/plans/plan-c", `{"state":"open"}`, 200, nil)
	var e apiError
	call(t, h, "PATCH", "/api/v1/plans/plan-a", `{"close_note":"no state"}`, 400, &e)
	if !e.has("close_note", "") {
		t.Errorf("a closing note without a closing: %+v", e)
	}

	var r ChangesBody
	call(t, h, "GET", "/api/v1/reports/changes?from=2026-01-01&to=2026-01-02&lang=nl", "", 200, &r)
	got := []string{}
	for _, p := range r.Plans {
		got = append(got, p.ID+" "+string(p.Change)+" "+string(p.State)+" "+p.Target.Name+" "+p.Owner.Name+" "+p.Note)
	}
	want := []string{
		"plan-a opened open Fonds Zorg en Welzijn Anna Jansen ",
		"plan-b opened achieved Fonds Zorg en Welzijn Anna Jansen ",
		"plan-c opened open Fonds Zorg en Welzijn Anna Jansen ",
		"plan-b closed achieved Fonds Zorg en Welzijn Anna Jansen on the board",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("plans over 1–2 January:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	from := b.CreatedAt.Format(time.RFC3339Nano)
	call(t, h, "GET", "/api/v1/reports/changes?from="+url.QueryEscape(from)+"&to=2026-01-02", "", 200, &r)
	got = got[:0]
	for _, p := range r.Plans {
		got = append(got, p.ID+" "+string(p.Change))
	}
	if strings.Join(got, ",") != "plan-c opened,plan-b closed" {
		t.Errorf("plans from plan-b's creation: %v", got)
	}
	call(t, h, "GET", "/api/v1/reports/changes?from=2025-12-01&to=2026-01-01", "", 200, &r)
	if len(r.Plans) != 0 {
		t.Errorf("plans in December: %+v", r.Plans)
	}

	req := httptest.NewRequest("GET", "/api/v1/reports/changes?from=2026-01-01&to=2026-01-02&format=csv", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if !strings.Contains(w.Body.String(), "plan_opened,plan-a,Fonds Zorg en Welzijn,Anna Jansen,open,2026-01-02\n") ||
		!strings.Contains(w.Body.String(), "plan_closed,plan-b,Fonds Zorg en Welzijn,Anna Jansen,achieved,2026-01-02 on the board\n") {
		t.Errorf("csv:\n%s", w.Body)
	}
}
