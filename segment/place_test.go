package segment

import (
	"fmt"
	"math"
	"slices"
	"testing"
	"time"
)

// testScheme builds a scheme with attractiveness criteria a1, a2, … and
// accessibility criteria b1, b2, … with the given weights, thresholds of 3.0
// and the 1–5 scale.
func testScheme(wa, wb []float64) *Scheme {
	s := &Scheme{Scale: DefaultScale, ThresholdAttractiveness: 3, ThresholdAccessibility: 3}
	for i, w := range wa {
		id := fmt.Sprintf("a%d", i+1)
		s.Criteria = append(s.Criteria, Criterion{ID: id, Axis: Attractiveness, NameEN: id, Weight: w})
	}
	for i, w := range wb {
		id := fmt.Sprintf("b%d", i+1)
		s.Criteria = append(s.Criteria, Criterion{ID: id, Axis: Accessibility, NameEN: id, Weight: w})
	}
	return s
}

var equal4 = []float64{1, 1, 1, 1}

// day returns midnight UTC of an ISO date.
func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// scored returns assessments of stakeholder on date for a1…an (sa) and
// b1…bm (sb); a score of 0 means "not scored".
func scored(stakeholder, date string, sa, sb []int) []Assessment {
	var out []Assessment
	add := func(prefix string, ss []int) {
		for i, v := range ss {
			if v == 0 {
				continue
			}
			a := Assessment{StakeholderID: stakeholder, CriterionID: fmt.Sprintf("%s%d", prefix, i+1), Score: v, Date: day(date)}
			a.Normalize()
			out = append(out, a)
		}
	}
	add("a", sa)
	add("b", sb)
	return out
}

func TestPlace(t *testing.T) {
	const tol = 1e-12
	cases := []struct {
		name       string
		wa, wb     []float64
		thA, thB   float64 // 0: the default 3.0
		sa, sb     []int
		wantA      float64 // mean; ignored when the axis is incomplete
		wantB      float64
		want       Segment
		wantMissed []string
	}{
		{
			// (4+4+3+5)/4 = 4.0 ≥ 3; (4+3+4+5)/4 = 4.0 ≥ 3 → high, high.
			name: "equal weights invest",
			wa:   equal4, wb: equal4,
			sa: []int{4, 4, 3, 5}, sb: []int{4, 3, 4, 5},
			wantA: 4, wantB: 4, want: Invest,
		},
		{
			// (5+4+4+5)/4 = 4.5 high; (2+1+2+3)/4 = 2.0 low → Develop.
			name: "equal weights develop",
			wa:   equal4, wb: equal4,
			sa: []int{5, 4, 4, 5}, sb: []int{2, 1, 2, 3},
			wantA: 4.5, wantB: 2, want: Develop,
		},
		{
			// (2+2+3+1)/4 = 2.0 low; (4+4+4+4)/4 = 4.0 high → Harvest.
			name: "equal weights harvest",
			wa:   equal4, wb: equal4,
			sa: []int{2, 2, 3, 1}, sb: []int{4, 4, 4, 4},
			wantA: 2, wantB: 4, want: Harvest,
		},
		{
			// (1+2+1+2)/4 = 1.5 low; (3+2+2+2)/4 = 2.25 low → Ignore.
			name: "equal weights ignore",
			wa:   equal4, wb: equal4,
			sa: []int{1, 2, 1, 2}, sb: []int{3, 2, 2, 2},
			wantA: 1.5, wantB: 2.25, want: Ignore,
		},
		{
			// (3+3+3+3)/4 = 3.0 and (2+4+3+3)/4 = 3.0: both exactly on the
			// threshold, which counts as high → Invest.
			name: "both means exactly on the threshold",
			wa:   equal4, wb: equal4,
			sa: []int{3, 3, 3, 3}, sb: []int{2, 4, 3, 3},
			wantA: 3, wantB: 3, want: Invest,
		},
		{
			// (3+3+3+2)/4 = 2.75 < 3 low; (3+3+3+3)/4 = 3.0 on it, high →
			// Harvest.
			name: "attractiveness just below, accessibility on the threshold",
			wa:   equal4, wb: equal4,
			sa: []int{3, 3, 3, 2}, sb: []int{3, 3, 3, 3},
			wantA: 2.75, wantB: 3, want: Harvest,
		},
		{
			// (5+3+1+3)/4 = 3.0 on it, high; (3+2+3+3)/4 = 2.75 low →
			// Develop.
			name: "attractiveness on, accessibility just below the threshold",
			wa:   equal4, wb: equal4,
			sa: []int{5, 3, 1, 3}, sb: []int{3, 2, 3, 3},
			wantA: 3, wantB: 2.75, want: Develop,
		},
		{
			// Unequal weights 3,1,1,1: (3·5 + 1 + 1 + 1)/6 = 18/6 = 3.0, high
			// (equal weights would give (5+1+1+1)/4 = 2.0, low).
			// Accessibility weights 1,2: (1·4 + 2·2)/3 = 8/3 ≈ 2.667 low →
			// Develop.
			name: "unequal weights",
			wa:   []float64{3, 1, 1, 1}, wb: []float64{1, 2},
			sa: []int{5, 1, 1, 1}, sb: []int{4, 2},
			wantA: 3, wantB: 8.0 / 3, want: Develop,
		},
		{
			// The same scores with the weight moved to a4: (5+1+1+3·1)/6 =
			// 10/6 ≈ 1.667, low; accessibility weights 2,1: (2·4 + 2)/3 =
			// 10/3 ≈ 3.333, high → Harvest. Changed weights flip Develop to
			// Harvest.
			name: "changed weights flip the segment",
			wa:   []float64{1, 1, 1, 3}, wb: []float64{2, 1},
			sa: []int{5, 1, 1, 1}, sb: []int{4, 2},
			wantA: 10.0 / 6, wantB: 10.0 / 3, want: Harvest,
		},
		{
			// Only weight ratios matter: weights 30,10,10,10 give the same
			// 18/6 = 3.0 as 3,1,1,1.
			name: "scaled weights",
			wa:   []float64{30, 10, 10, 10}, wb: []float64{0.5, 0.5},
			sa: []int{5, 1, 1, 1}, sb: []int{3, 3},
			wantA: 3, wantB: 3, want: Invest,
		},
		{
			// Weights 0.1 each, scores 1, 3, 5: exactly 3, but in float64
			// (0.1+0.3+0.5)/(0.1+0.1+0.1) = 2.9999999999999996. The
			// tolerance keeps it on the threshold → high on both → Invest.
			name: "floating-point mean just under an exact threshold",
			wa:   []float64{0.1, 0.1, 0.1}, wb: []float64{0.1, 0.1, 0.1},
			sa: []int{1, 3, 5}, sb: []int{5, 3, 1},
			wantA: 3, wantB: 3, want: Invest,
		},
		{
			// Threshold 3.5 on attractiveness: (3+4+3+3)/4 = 3.25 < 3.5 low;
			// threshold 2 on accessibility: (2+2+2+2)/4 = 2.0 on it, high →
			// Harvest.
			name: "configured thresholds",
			wa:   equal4, wb: equal4, thA: 3.5, thB: 2,
			sa: []int{3, 4, 3, 3}, sb: []int{2, 2, 2, 2},
			wantA: 3.25, wantB: 2, want: Harvest,
		},
		{
			// a4 has weight 0: switched off, not required. (4+4+4)/3 = 4.0;
			// (4+4+4+4)/4 = 4.0 → Invest.
			name: "zero weight criterion is not required",
			wa:   []float64{1, 1, 1, 0}, wb: equal4,
			sa: []int{4, 4, 4, 0}, sb: []int{4, 4, 4, 4},
			wantA: 4, wantB: 4, want: Invest,
		},
		{
			// A score for a zero-weight criterion is not counted: (4+4+4)/3 =
			// 4.0, not (4+4+4+1)/4.
			name: "zero weight criterion is not counted",
			wa:   []float64{1, 1, 1, 0}, wb: equal4,
			sa: []int{4, 4, 4, 1}, sb: []int{4, 4, 4, 4},
			wantA: 4, wantB: 4, want: Invest,
		},
		{
			// a4 is missing: the attractiveness axis is incomplete, so the
			// stakeholder is Unassessed although (5+5+5)/3 would be high.
			// Accessibility is complete: (4+4+4+4)/4 = 4.0.
			name: "missing score is unassessed",
			wa:   equal4, wb: equal4,
			sa: []int{5, 5, 5, 0}, sb: []int{4, 4, 4, 4},
			wantB: 4, want: Unassessed, wantMissed: []string{"a4"},
		},
		{
			// Missing on both axes: all missing criteria listed, a first.
			name: "missing scores on both axes",
			wa:   equal4, wb: equal4,
			sa: []int{5, 0, 5, 5}, sb: []int{0, 4, 0, 4},
			want: Unassessed, wantMissed: []string{"a2", "b1", "b3"},
		},
		{
			// A score of 7 is outside 1–5 and ignored: b2 counts as missing.
			name: "score outside the scale is ignored",
			wa:   equal4, wb: equal4,
			sa: []int{3, 3, 3, 3}, sb: []int{3, 7, 3, 3},
			wantA: 3, want: Unassessed, wantMissed: []string{"b2"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := testScheme(tc.wa, tc.wb)
			if tc.thA != 0 {
				s.ThresholdAttractiveness = tc.thA
			}
			if tc.thB != 0 {
				s.ThresholdAccessibility = tc.thB
			}
			if err := s.Validate(); err != nil {
				t.Fatalf("scheme: %v", err)
			}
			got := Place(s, scored("x", "2024-03-01", tc.sa, tc.sb), time.Time{})
			p, ok := got["x"]
			if !ok || len(got) != 1 {
				t.Fatalf("Place returned %v, want one placement of x", got)
			}
			if p.Segment != tc.want {
				t.Errorf("segment = %s, want %s (attractiveness %+v, accessibility %+v)", p.Segment, tc.want, p.Attractiveness, p.Accessibility)
			}
			if p.Attractiveness.Complete && math.Abs(p.Attractiveness.Mean-tc.wantA) > tol {
				t.Errorf("attractiveness = %v, want %v", p.Attractiveness.Mean, tc.wantA)
			}
			if p.Accessibility.Complete && math.Abs(p.Accessibility.Mean-tc.wantB) > tol {
				t.Errorf("accessibility = %v, want %v", p.Accessibility.Mean, tc.wantB)
			}
			for _, ap := range []AxisPlacement{p.Attractiveness, p.Accessibility} {
				if !ap.Complete && (ap.Mean != 0 || ap.High) {
					t.Errorf("incomplete axis %+v: want mean 0 and not high", ap)
				}
				if ap.Complete != (len(ap.Missing) == 0) {
					t.Errorf("axis %+v: Complete disagrees with Missing", ap)
				}
			}
			if m := p.Missing(); !slices.Equal(m, tc.wantMissed) {
				t.Errorf("missing = %q, want %q", m, tc.wantMissed)
			}
			if p.LatestDate != day("2024-03-01") {
				t.Errorf("latest date = %v", p.LatestDate)
			}
		})
	}
}

// TestPlaceToleranceIsNeeded checks that the floating-point case above
// really lands below 3 without the tolerance, so that the test proves
// something.
func TestPlaceToleranceIsNeeded(t *testing.T) {
	w := 0.1
	raw := (w*1 + w*3 + w*5) / (w + w + w)
	if raw >= 3 {
		t.Skipf("float64 gives %v, not below 3, on this platform", raw)
	}
	if raw < 3-Tolerance {
		t.Errorf("raw mean %v is further than Tolerance below 3", raw)
	}
}

func TestPlaceUnknownCriterionIgnored(t *testing.T) {
	s := testScheme(equal4, equal4)
	as := scored("x", "2024-03-01", []int{4, 4, 4, 4}, []int{4, 4, 4, 4})
	// A score of 1 for a criterion the scheme no longer has changes nothing.
	as = append(as, Assessment{ID: "old", StakeholderID: "x", CriterionID: "removed", Score: 1, Date: day("2024-04-01")})
	p := Place(s, as, time.Time{})["x"]
	if p.Segment != Invest || p.Attractiveness.Mean != 4 || len(p.Used) != 8 || p.LatestDate != day("2024-03-01") {
		t.Errorf("got %s %v, %d used, latest %v; want invest 4, 8 used, latest 2024-03-01", p.Segment, p.Attractiveness.Mean, len(p.Used), p.LatestDate)
	}
	var order []string
	for _, a := range p.Used {
		order = append(order, a.CriterionID)
	}
	if want := []string{"a1", "a2", "a3", "a4", "b1", "b2", "b3", "b4"}; !slices.Equal(order, want) {
		t.Errorf("used %q, want scheme order %q", order, want)
	}
	// A stakeholder with only unusable assessments still appears, unassessed.
	p2, ok := Place(s, []Assessment{{ID: "z", StakeholderID: "y", CriterionID: "removed", Score: 3, Date: day("2024-01-01")}}, time.Time{})["y"]
	if !ok || p2.Segment != Unassessed || len(p2.Missing()) != 8 {
		t.Errorf("y: got %+v, want unassessed with 8 missing", p2)
	}
}

// history is one stakeholder's assessments over a year, under
// testScheme(equal4, equal4):
//
//	2024-01-15  a: 2 2 2 2 (2.0)  b: 2 2 2 2 (2.0)  → Ignore
//	2024-06-01  a: 5 5 4 4 (4.5)                    → Develop
//	2024-09-01                    b: 4 4 3 3 (3.5)  → Invest
//
// plus a second stakeholder "stable" that is re-scored without moving and a
// third "late" first assessed on 2024-09-01.
func history() []Assessment {
	var as []Assessment
	as = append(as, scored("mover", "2024-01-15", []int{2, 2, 2, 2}, []int{2, 2, 2, 2})...)
	as = append(as, scored("mover", "2024-06-01", []int{5, 5, 4, 4}, nil)...)
	as = append(as, scored("mover", "2024-09-01", nil, []int{4, 4, 3, 3})...)
	// stable: (4+4+4+4)/4 = 4 / 4 → Invest; re-scored 5 5 3 3 = 4 / 4 → Invest.
	as = append(as, scored("stable", "2024-01-15", []int{4, 4, 4, 4}, []int{4, 4, 4, 4})...)
	as = append(as, scored("stable", "2024-09-01", []int{5, 5, 3, 3}, nil)...)
	// late: a 2.0, b 4.0 → Harvest from 2024-09-01 on.
	as = append(as, scored("late", "2024-09-01", []int{2, 2, 2, 2}, []int{4, 4, 4, 4})...)
	return as
}

func TestPlaceAsOf(t *testing.T) {
	s := testScheme(equal4, equal4)
	as := history()
	// Reverse the input: the as-of rule must not depend on order.
	rev := slices.Clone(as)
	slices.Reverse(rev)
	cases := []struct {
		name       string
		asOf       time.Time
		want       Segment
		wantA      float64
		wantB      float64
		wantLatest time.Time
	}{
		// Before the first assessment: every criterion missing.
		{"before any assessment", day("2024-01-01"), Unassessed, 0, 0, time.Time{}},
		// Only the January scores: 2.0 / 2.0.
		{"first assessment", day("2024-03-01"), Ignore, 2, 2, day("2024-01-15")},
		// Date ≤ asOf is inclusive: the June re-assessment of a counts on
		// its own date: a (5+5+4+4)/4 = 4.5, b still 2.0.
		{"on the re-assessment date", day("2024-06-01"), Develop, 4.5, 2, day("2024-06-01")},
		// The day before September, to its last instant: still Develop.
		{"end of the day before", EndOfDay(day("2024-08-31")), Develop, 4.5, 2, day("2024-06-01")},
		// After September: b (4+4+3+3)/4 = 3.5 → Invest.
		{"after the second re-assessment", day("2024-12-31"), Invest, 4.5, 3.5, day("2024-09-01")},
		// A zero asOf uses everything.
		{"no cut-off", time.Time{}, Invest, 4.5, 3.5, day("2024-09-01")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, in := range [][]Assessment{as, rev} {
				got := Place(s, in, tc.asOf)
				if len(got) != 3 {
					t.Fatalf("placed %d stakeholders, want 3 (mover, stable, late)", len(got))
				}
				p := got["mover"]
				if p.Segment != tc.want || p.Attractiveness.Mean != tc.wantA || p.Accessibility.Mean != tc.wantB || !p.LatestDate.Equal(tc.wantLatest) {
					t.Errorf("got %s %v/%v latest %v, want %s %v/%v latest %v",
						p.Segment, p.Attractiveness.Mean, p.Accessibility.Mean, p.LatestDate,
						tc.want, tc.wantA, tc.wantB, tc.wantLatest)
				}
			}
		})
	}
}

func TestPlaceLatestScoreOutsideScale(t *testing.T) {
	// January: b2 = 4, valid. June: b2 = 7, outside 1–5 (say the scale was
	// 1–10 when it was stored). The latest score is unusable, so b2 counts as
	// missing; the older 4 is not used instead.
	s := testScheme(equal4, equal4)
	as := scored("x", "2024-01-15", []int{3, 3, 3, 3}, []int{3, 4, 3, 3})
	as = append(as, Assessment{ID: "late", StakeholderID: "x", CriterionID: "b2", Score: 7, Date: day("2024-06-01")})
	if p := Place(s, as, day("2024-12-31"))["x"]; p.Segment != Unassessed || !slices.Equal(p.Missing(), []string{"b2"}) {
		t.Errorf("after June: %s missing %q, want unassessed missing b2", p.Segment, p.Missing())
	}
	// Before June the January 4 counts: (3+4+3+3)/4 = 3.25 → Invest.
	if p := Place(s, as, day("2024-03-01"))["x"]; p.Segment != Invest || p.Accessibility.Mean != 3.25 {
		t.Errorf("before June: %s %v, want invest 3.25", p.Segment, p.Accessibility.Mean)
	}
}

func TestPlaceSameDateTie(t *testing.T) {
	s := testScheme([]float64{1}, []float64{1})
	d := day("2024-03-01")
	as := []Assessment{
		{ID: "x-b", StakeholderID: "x", CriterionID: "a1", Score: 4, Date: d},
		{ID: "x-a", StakeholderID: "x", CriterionID: "a1", Score: 2, Date: d},
		{ID: "x-c", StakeholderID: "x", CriterionID: "b1", Score: 3, Date: d},
	}
	// Same date: the greater ID ("x-b", score 4) wins in either order.
	for _, in := range [][]Assessment{as, {as[1], as[0], as[2]}} {
		if p := Place(s, in, time.Time{})["x"]; p.Attractiveness.Mean != 4 || p.Used[0].ID != "x-b" {
			t.Errorf("got %v from %s, want 4 from x-b", p.Attractiveness.Mean, p.Used[0].ID)
		}
	}
}

func TestMoved(t *testing.T) {
	s := testScheme(equal4, equal4)
	got := Moved(s, history(), day("2024-03-01"), day("2024-12-31"))
	// mover: Ignore (2.0/2.0) → Invest (4.5/3.5); late: Unassessed → Harvest;
	// stable stays Invest (4.0/4.0 both times) and is not listed.
	want := []struct {
		id       string
		from, to Segment
	}{{"late", Unassessed, Harvest}, {"mover", Ignore, Invest}}
	if len(got) != len(want) {
		t.Fatalf("got %d moves %+v, want %d", len(got), got, len(want))
	}
	for i, w := range want {
		m := got[i]
		if m.StakeholderID != w.id || m.From.Segment != w.from || m.To.Segment != w.to {
			t.Errorf("move %d = %s %s→%s, want %s %s→%s", i, m.StakeholderID, m.From.Segment, m.To.Segment, w.id, w.from, w.to)
		}
		if m.From.StakeholderID != w.id || m.To.StakeholderID != w.id {
			t.Errorf("move %d carries placements of %s/%s", i, m.From.StakeholderID, m.To.StakeholderID)
		}
	}
	// Between March and June's end mover goes Ignore → Develop.
	got = Moved(s, history(), day("2024-03-01"), day("2024-06-30"))
	if len(got) != 1 || got[0].StakeholderID != "mover" || got[0].To.Segment != Develop {
		t.Errorf("March→June: got %+v, want mover → develop", got)
	}
	// The same date twice: nothing moved.
	if got := Moved(s, history(), day("2024-07-01"), day("2024-07-01")); len(got) != 0 {
		t.Errorf("same date: got %+v, want none", got)
	}
}

func TestEmptyPlacement(t *testing.T) {
	s := testScheme([]float64{1, 0}, []float64{2})
	p := EmptyPlacement(s, "nobody")
	if p.Segment != Unassessed || p.StakeholderID != "nobody" || !slices.Equal(p.Missing(), []string{"a1", "b1"}) {
		t.Errorf("got %+v", p)
	}
}

func TestQuadrantAndPosition(t *testing.T) {
	// The seed's figure: attractiveness greater/smaller × accessibility
	// greater/smaller.
	for _, tc := range []struct {
		attr, acc bool
		want      Segment
	}{
		{true, true, Invest}, {true, false, Develop}, {false, true, Harvest}, {false, false, Ignore},
	} {
		if got := Quadrant(tc.attr, tc.acc); got != tc.want {
			t.Errorf("Quadrant(%v, %v) = %s, want %s", tc.attr, tc.acc, got, tc.want)
		}
		a, b, ok := tc.want.Position()
		if !ok || a != tc.attr || b != tc.acc {
			t.Errorf("%s.Position() = %v, %v, %v", tc.want, a, b, ok)
		}
	}
	if _, _, ok := Unassessed.Position(); ok {
		t.Error("Unassessed has a position")
	}
}

func TestSegmentNames(t *testing.T) {
	for _, tc := range []struct {
		s      Segment
		en, nl string
	}{
		{Invest, "Invest", "Investeer"},
		{Develop, "Develop", "Ontwikkel"},
		{Harvest, "Harvest", "Oogst"},
		{Ignore, "Ignore", "Negeer"},
		{Unassessed, "Unassessed", "Niet beoordeeld"},
	} {
		if got := tc.s.Name("en"); got != tc.en {
			t.Errorf("%s en = %q", tc.s, got)
		}
		for _, lang := range []string{"nl", "nl-NL", "NL_be"} {
			if got := tc.s.Name(lang); got != tc.nl {
				t.Errorf("%s %s = %q", tc.s, lang, got)
			}
		}
		if !tc.s.Valid() || tc.s.Placed() == (tc.s == Unassessed) {
			t.Errorf("%s: Valid %v Placed %v", tc.s, tc.s.Valid(), tc.s.Placed())
		}
	}
	if Segment("vip").Valid() {
		t.Error(`"vip" is valid`)
	}
	if Attractiveness.Name("nl") != "Aantrekkelijkheid" || Accessibility.Name("nl") != "Toegankelijkheid" {
		t.Error("axis names do not match the seed's figure")
	}
}

func TestEndOfDay(t *testing.T) {
	ams := time.FixedZone("CET", 3600)
	got := EndOfDay(time.Date(2024, 2, 29, 13, 5, 0, 0, ams))
	want := time.Date(2024, 3, 1, 0, 0, 0, 0, ams).Add(-time.Nanosecond)
	if !got.Equal(want) {
		t.Errorf("EndOfDay = %v, want %v", got, want)
	}
}
