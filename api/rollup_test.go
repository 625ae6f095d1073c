package api

import (
	"math"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
	"github.com/relmap/relmap/graph/storetest"
)

// rollupServer serves a fresh embedded store with the municipality of
// issue 12 (the clock is holdingsToday, 2024-06-30 12:00 UTC; default
// policies; one criterion per axis, threshold 3):
//
//	emp-anouk  account manager, owns org-gem and per-olga
//	emp-sam    staff
//	org-gem    Gemeente Doetinchem, invest (5, 5)
//	per-piet   its policy officer: works at org-gem 0.8 (unassessed)
//	per-olga   Olga, develop (5, 1); Sam knows her 0.6
//
// Anouk met Piet six times (tactical): 2023-08-15, 10-15, 12-15,
// 2024-02-15, 04-15, 06-15. Nobody has a tie to or a contact with the
// municipality itself.
func rollupServer(t *testing.T) http.Handler {
	t.Helper()
	st, err := sqlitestore.Open(t.Context(), filepath.Join(t.TempDir(), "relmap.db"), sqlitestore.WithNow(new(storetest.Clock).Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	b := &graph.Batch{
		Employees: []*graph.Employee{
			{ID: "emp-anouk", Name: "Anouk", Role: graph.RoleAccountManager},
			{ID: "emp-sam", Name: "Sam", Role: graph.RoleStaff},
		},
		Organisations: []*graph.Organisation{{ID: "org-gem", Name: "Gemeente Doetinchem", OwnerID: "emp-anouk"}},
		Persons:       []*graph.Person{{ID: "per-piet", Name: "Piet"}, {ID: "per-olga", Name: "Olga", OwnerID: "emp-anouk"}},
		Relationships: []*graph.Relationship{
			{Type: graph.RelWorksAt, From: "per-piet", To: "org-gem", Strength: 0.8},
			{Type: graph.RelKnows, From: "emp-sam", To: "per-olga", Strength: 0.6},
		},
	}
	for _, d := range []string{"2023-08-15", "2023-10-15", "2023-12-15", "2024-02-15", "2024-04-15", "2024-06-15"} {
		b.Contacts = append(b.Contacts, &graph.Contact{Date: day(d), EmployeeID: "emp-anouk", StakeholderID: "per-piet", Mode: graph.ModeMeeting, Level: graph.LevelTactical})
	}
	if _, err := st.Upsert(t.Context(), b, graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	placeByTwoScores(t, st, map[string][2]int{"org-gem": {5, 5}, "per-olga": {5, 1}})
	return serve(t, &Server{Store: st, Segments: st, Snapshots: &analysis.Cache{Source: st, Contacts: st, Now: func() time.Time { return holdingsToday }},
		Now: func() time.Time { return holdingsToday }})
}

// TestContactsRollUpRoutes: the account manager who met the municipality's
// policy officer six times holds the municipality, through him, on every
// route (issue 12, "contacts with a person don't count for their
// organisation"). By hand:
//
//   - holders: Anouk, 6 contacts, the last 2024-06-15, through Piet
//     (works_at), strength 0.4661 (below).
//   - conformance (invest: 4 a year, account managers and directors): 6
//     contacts ≥ 4, tactical, owned by Anouk, held by her alone →
//     single_holder only.
//   - overdue: the next contact is due 2024-06-15 + 3 months = 2024-09-15:
//     not overdue. (Without the roll-up it was 366 days overdue.)
//   - single holders: the municipality and Piet, both Anouk; Olga, Sam.
//   - departure of Anouk: she alone holds the municipality (checked:
//     the municipality and Olga) and owns both.
func TestContactsRollUpRoutes(t *testing.T) {
	h := rollupServer(t)
	var r analysis.HoldersResult
	call(t, h, "GET", "/api/v1/holders/org-gem", "", 200, &r)
	if len(r.Direct) != 1 || r.Direct[0].Employee.ID != "emp-anouk" || r.Direct[0].Contacts != 6 ||
		!r.Direct[0].LastContact.Equal(time.Date(2024, 6, 15, 0, 0, 0, 0, time.UTC)) || len(r.Direct[0].Through) != 1 ||
		r.Direct[0].Through[0].Person.ID != "per-piet" || r.Direct[0].Through[0].Type != graph.RelWorksAt || r.Direct[0].Through[0].Contacts != 6 {
		t.Errorf("holders of the municipality: %+v", r.Direct)
	}

	var hb HoldingsBody
	call(t, h, "GET", "/api/v1/employees/emp-anouk/holdings", "", 200, &hb)
	var held []string
	for _, x := range hb.Holdings {
		held = append(held, x.Stakeholder.ID)
	}
	// Strongest first. Piet: no stated tie, six contacts in the year, the
	// last 15.5 days before now: f = 1 − e^(−6/4) = 0.7769, r =
	// 2^(−15.5/365) = 0.9710, S = (0 + f + r)/3 = 0.5826. The municipality
	// through him: 0.5826 × works_at 0.8 = 0.4661 (it showed 0 before: a
	// holding by contacts alone had no strength).
	if !slices.Equal(held, []string{"per-piet", "org-gem"}) || !hb.End.IsZero() {
		t.Errorf("Anouk holds %v (end %v), want Piet, then the municipality", held, hb.End)
	} else if math.Abs(hb.Holdings[0].Strength-0.5826) > 1e-4 || math.Abs(hb.Holdings[1].Strength-0.4661) > 1e-4 {
		t.Errorf("strengths %.4f, %.4f, want 0.5826 and 0.4661", hb.Holdings[0].Strength, hb.Holdings[1].Strength)
	}

	var cb ConformanceBody
	call(t, h, "GET", "/api/v1/conformance", "", 200, &cb)
	if len(cb.Stakeholders) != 2 || cb.Reason != nil {
		t.Fatalf("conformance %+v", cb)
	}
	gem := cb.Stakeholders[0]
	if gem.Stakeholder.ID != "org-gem" || gem.Contacts != 6 || gem.Holders != 1 || len(gem.HeldBy) != 1 || gem.HeldBy[0].ID != "emp-anouk" ||
		!slices.Equal(gem.Codes, []analysis.AdviceCode{analysis.AdviceSingleHolder}) || gem.Level != graph.LevelTactical || gem.OwnerLeft {
		t.Errorf("the municipality's conformance: %+v", gem)
	}

	var ob OverdueBody
	call(t, h, "GET", "/api/v1/overdue", "", 200, &ob)
	for _, g := range ob.Groups {
		for _, it := range g.Items {
			if it.Stakeholder.ID == "org-gem" {
				t.Errorf("the municipality is overdue: %+v", it)
			}
		}
	}

	var sb SingleHoldersBody
	call(t, h, "GET", "/api/v1/single-holders", "", 200, &sb)
	var singles []string
	for _, x := range sb.Stakeholders {
		singles = append(singles, x.Stakeholder.ID+":"+x.Holder.Employee.ID)
	}
	if !slices.Equal(singles, []string{"org-gem:emp-anouk", "per-olga:emp-sam", "per-piet:emp-anouk"}) {
		t.Errorf("single holders %v", singles)
	}

	var d analysis.DepartureImpact
	call(t, h, "GET", "/api/v1/departure/emp-anouk", "", 200, &d)
	var owned []string
	for _, o := range d.Owned {
		owned = append(owned, o.Stakeholder.ID+":"+string(o.Segment))
	}
	if d.Checked != 2 || len(d.OnlyHolder) != 1 || d.OnlyHolder[0].Stakeholder.ID != "org-gem" ||
		!slices.Equal(owned, []string{"org-gem:invest", "per-olga:develop"}) || !slices.Equal(d.Segments, analysis.DepartureSegments) {
		t.Errorf("departure of Anouk: checked %d, only holder %+v, owned %v, segments %v", d.Checked, d.OnlyHolder, owned, d.Segments)
	}
}

// TestDepartureAfterObjection is issue 13 item 3: after a develop-segment
// person objects, GET /departure answered 404 naming her id to any viewer.
// Now it answers 200, counts her as not checked and names her nowhere.
func TestDepartureAfterObjection(t *testing.T) {
	h := rollupServer(t)
	call(t, h, "PATCH", "/api/v1/persons/per-olga", `{"objects":true}`, 200, nil)
	for _, q := range []string{"", "?segments=develop", "?segments=invest,develop&share=0.2"} {
		body := rawBody(t, h, "GET", "/api/v1/departure/emp-sam"+q, 200)
		if strings.Contains(body, "per-olga") || strings.Contains(body, "Olga") {
			t.Errorf("departure%s names the objector: %s", q, body)
		}
		var d analysis.DepartureImpact
		call(t, h, "GET", "/api/v1/departure/emp-sam"+q, "", 200, &d)
		if d.NotChecked != 1 {
			t.Errorf("departure%s: not checked %d, want 1 (Olga)", q, d.NotChecked)
		}
	}
	// Nor does the conformance list her any longer.
	if body := rawBody(t, h, "GET", "/api/v1/conformance", 200); strings.Contains(body, "per-olga") {
		t.Errorf("conformance names the objector: %s", body)
	}
}

// TestEmptySegmentsAnswerWithReason: analyses over segments nobody is
// placed in answer an empty result and say why, in English and Dutch,
// instead of an error (issue 12: "a scheme change silently empties the
// matrix"). In rollupServer Piet alone is unassessed.
func TestEmptySegmentsAnswerWithReason(t *testing.T) {
	h := rollupServer(t)
	var d analysis.DepartureImpact
	call(t, h, "GET", "/api/v1/departure/emp-anouk?segments=harvest", "", 200, &d)
	if d.Checked != 0 || d.Reason == nil ||
		d.Reason.EN != "no stakeholder is placed in the Harvest segment; 1 of 3 is unassessed (score them on every weighted criterion of the scheme)" ||
		!strings.HasPrefix(d.Reason.NL, "geen enkele stakeholder staat in het segment Oogst; 1 van de 3 is nog niet beoordeeld") {
		t.Errorf("departure over an empty harvest segment: %+v (reason %+v)", d, d.Reason)
	}
	var e apiError
	call(t, h, "GET", "/api/v1/departure/emp-anouk?segments=unassessed", "", 400, &e)
	if !e.has("segments", "") {
		t.Errorf("segments=unassessed: %+v", e)
	}
	call(t, h, "GET", "/api/v1/departure/emp-anouk?segments=develop&target=org-gem", "", 400, &e)
	if !e.has("segments", "") {
		t.Errorf("segments with target: %+v", e)
	}

	// The holdings store has no scheme of its own: under the default
	// scheme all of its four stakeholders are unassessed.
	hh, _ := holdingsServer(t)
	var cb ConformanceBody
	call(t, hh, "GET", "/api/v1/conformance?lang=nl", "", 200, &cb)
	if len(cb.Stakeholders) != 0 || cb.Reason == nil || !strings.HasPrefix(cb.Reason.NL, "geen enkele stakeholder staat in het segment Investeer, Ontwikkel, Oogst of Negeer; 4 van de 4 zijn nog niet beoordeeld") {
		t.Errorf("conformance over an unassessed store: %+v (reason %+v)", cb, cb.Reason)
	}
	call(t, hh, "GET", "/api/v1/departure/emp-cor", "", 200, &d)
	if d.Checked != 0 || d.Reason == nil || !strings.Contains(d.Reason.EN, "4 of 4 are unassessed") {
		t.Errorf("departure over an unassessed store: %+v", d)
	}
}

// rawBody sends a GET-like request without a body to h and returns the
// answer's body, failing unless the status is want.
func rawBody(t *testing.T, h http.Handler, method, path string, want int) string {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(method, path, nil))
	if w.Code != want {
		t.Fatalf("%s %s: status %d, want %d\n%s", method, path, w.Code, want, w.Body)
	}
	return w.Body.String()
}
