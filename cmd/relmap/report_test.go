package main

import (
	"encoding/json"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/api"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
)

// TestReportChanges is the check of issue 16 item 6: the report's segment
// moves between two days are exactly the stakeholders whose segment
// differs between "relmap segments -as-of" of those days.
//
// The data (segmentDB and assessmentsCSV): on 2024-01-16 org-fund is
// Develop (scored 15 January), org-gp and per-jan unassessed; on
// 2024-03-31 org-fund is Invest (accessibility rescored 10 March: four
// 5s → 5.0), org-gp Harvest (scored 20 January), per-jan still
// unassessed (openness missing). So by hand: org-fund develop → invest,
// org-gp unassessed → harvest. Jan has worked at the fund since 2020 and
// Anna's tie to Jan began on 1 February 2024 (both recorded today), so
// the fund — a develop target on the first day, invest on the second,
// the one such target — gains a warm path Anna → Jan → Fonds of
// 0.9 · 0.8 = 0.72, via Jan.
func TestReportChanges(t *testing.T) {
	db := segmentDB(t)
	file := writeFile(t, "scores.csv", assessmentsCSV+
		"org-fund;familiarity;2024-03-10;5;;\r\norg-fund;image;2024-03-10;5;;\r\n"+
		"org-fund;relationship;2024-03-10;5;;\r\norg-fund;openness;2024-03-10;5;;\r\n")
	if out, errOut, err := relmap(t, "assess", "-db", db, "-csv", file); err != nil {
		t.Fatalf("assess: %v %s %s", err, out, errOut)
	}
	st, err := sqlitestore.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.Upsert(t.Context(), &graph.Batch{Relationships: []*graph.Relationship{
		{Type: graph.RelKnows, From: "emp-anna", To: "per-jan", Strength: 0.9, Since: time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)},
		{Type: graph.RelWorksAt, From: "per-jan", To: "org-fund", Strength: 0.8, Since: time.Date(2020, 9, 1, 0, 0, 0, 0, time.UTC)},
	}}, graph.UpsertOptions{})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}

	segmentsAsOf := func(day string) map[string]string {
		t.Helper()
		out, errOut, err := relmap(t, "segments", "-db", db, "-as-of", day, "-json")
		if err != nil {
			t.Fatalf("segments -as-of %s: %v %s", day, err, errOut)
		}
		var m api.MatrixBody
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			t.Fatal(err)
		}
		segs := map[string]string{}
		for _, r := range m.Rows {
			segs[r.Stakeholder.ID] = string(r.Placement.Segment)
		}
		return segs
	}
	from, to := "2024-01-16", "2024-03-31"
	a, b := segmentsAsOf(from), segmentsAsOf(to)
	want := map[string]string{} // id → "from → to", from the two matrices
	for id, sa := range a {
		if sb := b[id]; sa != sb {
			want[id] = sa + " → " + sb
		}
	}
	if !maps.Equal(want, map[string]string{"org-fund": "develop → invest", "org-gp": "unassessed → harvest"}) {
		t.Fatalf("the two matrices differ in %v; the data is not what the comment says", want)
	}

	out, errOut, err := relmap(t, "report", "changes", "-db", db, "-from", from, "-to", to, "-json")
	if err != nil {
		t.Fatalf("report changes: %v %s", err, errOut)
	}
	var rep api.ChangesBody
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, m := range rep.Moves {
		got[m.Stakeholder.ID] = string(m.From.Segment) + " → " + string(m.To.Segment)
	}
	if !maps.Equal(got, want) {
		t.Errorf("report moves %v, want those of segments -as-of: %v", got, want)
	}
	if rep.Targets != 1 || len(rep.Gained) != 1 || rep.Gained[0].Target.ID != "org-fund" || rep.Gained[0].From != 0 ||
		math.Abs(rep.Gained[0].To-0.72) > 1e-12 || rep.Gained[0].Via == nil || rep.Gained[0].Via.ID != "per-jan" || len(rep.Lost) != 0 {
		t.Errorf("warm paths: %d targets, gained %+v, lost %+v; want the fund gained at 0.72 via Jan", rep.Targets, rep.Gained, rep.Lost)
	}
	if segs := slices.Collect(func(yield func(string) bool) {
		for _, c := range rep.Conformance {
			if !yield(string(c.Segment)) {
				return
			}
		}
	}); !slices.Equal(segs, []string{"invest", "develop", "harvest", "ignore"}) {
		t.Errorf("conformance segments %v", segs)
	}

	// The text and CSV forms say the same, in Dutch when asked.
	out, _, err = relmap(t, "report", "changes", "-db", db, "-from", from, "-to", to, "-lang", "nl")
	if err != nil || !strings.Contains(out, "Ontwikkel → Investeer") || !strings.Contains(out, "0 → 0,72  via Jan de Vries") {
		t.Errorf("text report (nl): %v\n%s", err, out)
	}
	out, _, err = relmap(t, "report", "changes", "-db", db, "-from", from, "-to", to, "-csv")
	if err != nil || !strings.Contains(out, "moved,org-fund,Fonds Zorg en Welzijn,Develop,Invest,") ||
		!strings.Contains(out, "path_gained,org-fund,Fonds Zorg en Welzijn,0.00,0.72,Jan de Vries") {
		t.Errorf("csv report: %v\n%s", err, out)
	}
	if _, _, err := relmap(t, "report", "changes", "-db", db, "-from", to, "-to", from); err == nil {
		t.Error("a report with from after to was made")
	}
}
