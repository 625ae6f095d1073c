package analysis

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// loadNet: Anna reaches Piet through Jan de Vries (0.9 · 0.9 = 0.81) or
// through Kees Mulder (0.85 · 0.9 = 0.765), so the plain order is Jan,
// then Kees. Kees works at Fonds (a stakeholder the tests place in a
// segment).
func loadNet(t *testing.T, day time.Time) *Snapshot {
	t.Helper()
	b := new(pathNet).emp("emp-anna", "Anna").per("per-jan", "Jan de Vries").per("per-kees", "Kees Mulder").
		per("per-piet", "Piet").org("org-fonds", "Fonds").
		rel(graph.RelKnows, "emp-anna", "per-jan", 0.9).rel(graph.RelKnows, "per-jan", "per-piet", 0.9).
		rel(graph.RelKnows, "emp-anna", "per-kees", 0.85).rel(graph.RelKnows, "per-kees", "per-piet", 0.9).
		rel(graph.RelWorksAt, "per-kees", "org-fonds", 0.7)
	s, err := Build(&b.n, Options{Now: day})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func intro(id, via string, st graph.IntroState, requested, since time.Time) *graph.IntroRequest {
	h := []graph.IntroTransition{{State: graph.IntroRequested, At: requested}}
	if st != graph.IntroRequested {
		h = append(h, graph.IntroTransition{State: st, At: since})
	}
	return &graph.IntroRequest{ID: id, EmployeeID: "emp-anna", IntermediaryID: via, TargetID: "per-x", State: st, History: h}
}

func introducers(ps []LoadedPath) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Nodes[1].ID)
	}
	return out
}

// TestRankByLoad: by hand, with the defaults. Three open requests through
// Jan give 0.8³ = 0.512, so his path weighs 0.81 · 0.512 = 0.41472 and
// Kees's unloaded 0.765 ranks first; the explanation names the load. A
// decline 30 days ago of a request made 40 days ago puts Kees under the
// not-before rule (×0.2 until 180 days after it) and counts as recent
// (×0.9): 0.765 · 0.2 · 0.9 = 0.1377, so Jan's path (one recent request,
// met: ×0.9, 0.729) comes first again. Fonds
// in the ignore segment: Kees ×0.6 = 0.459 < 0.81. The plain strengths
// never change.
func TestRankByLoad(t *testing.T) {
	day := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	s := loadNet(t, day)
	q := PathQuery{To: "per-piet"}
	set := DefaultLoadSettings()
	ago := func(d int) time.Time { return day.AddDate(0, 0, -d) }

	plain, err := RankByLoad(t.Context(), s, q, Load{}, set)
	if err != nil {
		t.Fatal(err)
	}
	if got := introducers(plain.Paths); !slices.Equal(got, []string{"per-jan", "per-kees"}) {
		t.Fatalf("without load: %v, want Jan, then Kees", got)
	}

	for _, tc := range []struct {
		name      string
		load      Load
		want      []string
		adjusted  []float64
		firstText string
	}{
		{"three open requests through Jan", Load{Intros: []*graph.IntroRequest{
			intro("i1", "per-jan", graph.IntroRequested, ago(5), ago(5)),
			intro("i2", "per-jan", graph.IntroAgreed, ago(50), ago(40)),
			intro("i3", "per-jan", graph.IntroMade, ago(200), ago(100)),
			intro("i4", "per-jan", graph.IntroMet, ago(400), ago(300)), // neither open nor recent
		}}, []string{"per-kees", "per-jan"}, []float64{0.765, 0.81 * 0.512}, ""},
		{"Kees declined, Jan asked lately", Load{Intros: []*graph.IntroRequest{
			intro("i1", "per-kees", graph.IntroDeclined, ago(40), ago(30)),
			intro("i2", "per-jan", graph.IntroMet, ago(10), ago(2)),
		}}, []string{"per-jan", "per-kees"}, []float64{0.81 * 0.9, 0.765 * 0.2 * 0.9}, ""},
		{"Kees's organisation in the ignore segment", Load{Segments: func(id string) (segment.Segment, bool) { return segment.Ignore, id == "org-fonds" }},
			[]string{"per-jan", "per-kees"}, []float64{0.81, 0.765 * 0.6}, "Kees Mulder: Fonds in segment Ignore, ×0.6"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := RankByLoad(t.Context(), s, q, tc.load, set)
			if err != nil {
				t.Fatal(err)
			}
			if got := introducers(res.Paths); !slices.Equal(got, tc.want) {
				t.Fatalf("order %v, want %v", got, tc.want)
			}
			for i, p := range res.Paths {
				if !near(p.Adjusted, tc.adjusted[i]) {
					t.Errorf("path %d: adjusted %v, want %v", i, p.Adjusted, tc.adjusted[i])
				}
				plainStrength := map[string]float64{"per-jan": 0.81, "per-kees": 0.765}[p.Nodes[1].ID]
				if !near(p.Strength, plainStrength) {
					t.Errorf("path %d: the load changed the strength to %v", i, p.Strength)
				}
			}
			if tc.firstText != "" && res.Paths[1].Load[0].Text.EN != tc.firstText {
				t.Errorf("explanation %q, want %q", res.Paths[1].Load[0].Text.EN, tc.firstText)
			}
		})
	}

	// Whose segment weighed is named: Kees's organisation when it is
	// placed, Kees himself only when it is not (the walkthrough read
	// "Piet Koepel: segment harvest" for a person the matrix put in Ignore,
	// whose organisation was in Harvest).
	for _, c := range []struct {
		name       string
		placed     map[string]segment.Segment
		of, en, nl string
	}{
		{"the organisation's", map[string]segment.Segment{"org-fonds": segment.Ignore, "per-kees": segment.Harvest}, "org-fonds",
			"Kees Mulder: Fonds in segment Ignore, ×0.6", "Kees Mulder: Fonds in segment Negeer, ×0,6"},
		{"his own", map[string]segment.Segment{"per-kees": segment.Harvest}, "",
			"Kees Mulder: segment Harvest, ×0.9", "Kees Mulder: segment Oogst, ×0,9"},
	} {
		res, err := RankByLoad(t.Context(), s, q, Load{Segments: func(id string) (segment.Segment, bool) {
			sg, ok := c.placed[id]
			return sg, ok
		}}, set)
		if err != nil {
			t.Fatal(err)
		}
		var kees *HopLoad
		for _, p := range res.Paths {
			if p.Nodes[1].ID == "per-kees" {
				kees = &p.Load[0]
			}
		}
		if kees == nil {
			t.Fatalf("%s: no path through Kees", c.name)
		}
		var of string
		if kees.SegmentOf != nil {
			of = kees.SegmentOf.ID
		}
		if of != c.of || kees.Text.EN != c.en || kees.Text.NL != c.nl {
			t.Errorf("%s: segment of %q, %q / %q; want %q, %q / %q", c.name, of, kees.Text.EN, kees.Text.NL, c.of, c.en, c.nl)
		}
	}

	res, err := RankByLoad(t.Context(), s, q, Load{Intros: []*graph.IntroRequest{
		intro("i1", "per-jan", graph.IntroRequested, ago(5), ago(5)),
		intro("i2", "per-jan", graph.IntroAgreed, ago(50), ago(40)),
		intro("i3", "per-jan", graph.IntroMade, ago(60), ago(40)),
		intro("i4", "per-kees", graph.IntroDeclined, ago(400), ago(300)), // past the not-before window
	}}, set)
	if err != nil {
		t.Fatal(err)
	}
	jan := res.Paths[1].Load[0]
	if jan.Open != 3 || jan.Text.EN != "Jan de Vries: 3 open requests, ×0.512" || jan.Text.NL != "Jan de Vries: 3 openstaande verzoeken, ×0,512" {
		t.Fatalf("Jan's load: %+v", jan)
	}
	if kees := res.Paths[0].Load[0]; kees.Factor != 1 || !kees.NotBefore.IsZero() || kees.Text.EN != "Kees Mulder: no load, ×1" {
		t.Fatalf("Kees's load: %+v", kees)
	}

	q.K = 1
	res, err = RankByLoad(t.Context(), s, q, Load{Intros: []*graph.IntroRequest{intro("i1", "per-jan", graph.IntroRequested, ago(5), ago(5))}},
		LoadSettings{OpenFactor: 0.5, RecentFactor: 1, DeclinedFactor: 1, Candidates: 4})
	if err != nil || len(res.Paths) != 1 || res.Paths[0].Nodes[1].ID != "per-kees" {
		t.Fatalf("k=1 fetches more candidates and cuts back: %+v %v", res.Paths, err)
	}
	_, err = RankByLoad(t.Context(), s, q, Load{}, LoadSettings{OpenFactor: 1.5, RecentFactor: 1, DeclinedFactor: 1, Candidates: 4})
	if graph.ErrorCode(err) != graph.EINVALID || !strings.Contains(err.Error(), "open_factor") {
		t.Fatalf("a factor above 1: %v", err)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 }

// TestSegmentsOf checks Load.Segments from a matrix: a placed stakeholder
// has its segment, an unassessed one segment.Unassessed (which the
// ranking reads as unplaced), and an employee or an unknown id none.
func TestSegmentsOf(t *testing.T) {
	nodes := []graph.NetworkNode{
		{ID: "org-a", Kind: graph.KindOrganisation}, {ID: "per-b", Kind: graph.KindPerson}, {ID: "emp-c", Kind: graph.KindEmployee},
	}
	m := segment.BuildMatrix(conformanceScheme(), segment.DefaultPolicies(), nodes, twoScores("org-a", 5, 1), time.Time{})
	segs := SegmentsOf(m)
	for _, c := range []struct {
		id   string
		want segment.Segment
		ok   bool
	}{{"org-a", segment.Develop, true}, {"per-b", segment.Unassessed, true}, {"emp-c", "", false}, {"org-x", "", false}} {
		if got, ok := segs(c.id); got != c.want || ok != c.ok {
			t.Errorf("segment of %s = %q %v, want %q %v", c.id, got, ok, c.want, c.ok)
		}
	}
}
