package segmenttest

import (
	"maps"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/storetest"
	"github.com/relmap/relmap/segment"
)

// placed is the expected placement of one stakeholder: its segment and the
// means of both axes (NaN for an axis that is not complete).
type placed struct {
	segment   segment.Segment
	attr, acc float64
	missing   []string
}

var nan = math.NaN()

// testPlace is the end-to-end test: assessments written through the store
// and read back (whole, or cut off with Until), with the scheme read back
// from the store, give the segments computed by hand below.
//
// Under DefaultScheme (equal weights, thresholds 3.0) the means are those in
// Sample's doc comment. Under careScheme (yield weight 3, familiarity 0,
// thresholds 2.0 and 2.5):
//
//	org-fund  attr (3·5+4+4+3)/6 = 26/6 ≈ 4.333   acc (4+3+3)/3 = 10/3 ≈ 3.333   invest
//	org-city  attr (3·4+4+3+3)/6 = 22/6 ≈ 3.667   acc (2+3+2)/3 = 7/3 ≈ 2.333    develop (January)
//	                                               acc (2+4+2)/3 = 8/3 ≈ 2.667    invest (March)
//	per-dirk  attr (3·2+3+2+2)/6 = 13/6 ≈ 2.167   acc (4+4+5)/3 = 13/3 ≈ 4.333   invest (harvest by default)
//	org-kvk   attr (3·1+2+2+1)/6 = 8/6 ≈ 1.333    acc (1+2+2)/3 = 5/3 ≈ 1.667    ignore
//	per-eva   attr (3·4+4+4+4)/6 = 4.0            acc: image, relationship and openness missing
//	          (familiarity, weight 0, is not required)                            unassessed
func testPlace(t *testing.T, st stores) {
	loadAssessments(t, st)
	endJan := segment.EndOfDay(time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC))
	endMar := segment.EndOfDay(march)
	accMissing := []string{"familiarity", "image", "relationship", "openness"}
	byDefault := map[string]placed{
		"org-fund": {segment.Invest, 4.0, 3.5, nil},
		"org-city": {segment.Develop, 3.5, 2.25, nil},
		"per-dirk": {segment.Harvest, 2.25, 4.25, nil},
		"org-kvk":  {segment.Ignore, 1.5, 1.75, nil},
		"per-eva":  {segment.Unassessed, 4.0, nan, accMissing},
	}
	inMarch := maps.Clone(byDefault)
	inMarch["org-city"] = placed{segment.Invest, 3.5, 3.0, nil} // exactly on the threshold: high
	byCare := map[string]placed{
		"org-fund": {segment.Invest, 26.0 / 6, 10.0 / 3, nil},
		"org-city": {segment.Develop, 22.0 / 6, 7.0 / 3, nil},
		"per-dirk": {segment.Invest, 13.0 / 6, 13.0 / 3, nil},
		"org-kvk":  {segment.Ignore, 8.0 / 6, 5.0 / 3, nil},
		"per-eva":  {segment.Unassessed, 4.0, nan, []string{"image", "relationship", "openness"}},
	}
	careInMarch := maps.Clone(byCare)
	careInMarch["org-city"] = placed{segment.Invest, 22.0 / 6, 8.0 / 3, nil}

	check := func(t *testing.T, asOf time.Time, want map[string]placed) {
		t.Helper()
		sc, err := st.s.Scheme(bg)
		storetest.Must(t, err)
		f := segment.AssessmentFilter{}
		if !asOf.IsZero() {
			f.Until = &asOf
		}
		var scores []segment.Assessment
		for _, a := range all(t, st, f) {
			scores = append(scores, *a)
		}
		got := segment.Place(sc, scores, asOf)
		if len(got) != len(want) {
			t.Fatalf("placed %d stakeholders, want %d: %v", len(got), len(want), got)
		}
		for id, w := range want {
			p, ok := got[id]
			switch {
			case !ok:
				t.Fatalf("%s is not placed", id)
			case p.Segment != w.segment:
				t.Fatalf("%s is in %s, want %s (%+v)", id, p.Segment, w.segment, p)
			case !near(p.Attractiveness, w.attr) || !near(p.Accessibility, w.acc):
				t.Fatalf("%s has means %v | %v, want %v | %v", id, p.Attractiveness.Mean, p.Accessibility.Mean, w.attr, w.acc)
			case !slices.Equal(p.Missing(), w.missing):
				t.Fatalf("%s misses %v, want %v", id, p.Missing(), w.missing)
			}
		}
		// Reading everything and letting Place cut off gives the same.
		var every []segment.Assessment
		for _, a := range all(t, st, segment.AssessmentFilter{}) {
			every = append(every, *a)
		}
		same(t, "placement of everything as of the date", got, segment.Place(sc, every, asOf))
	}
	t.Run("default scheme, January", func(t *testing.T) { check(t, endJan, byDefault) })
	t.Run("default scheme, March", func(t *testing.T) { check(t, endMar, inMarch) })
	t.Run("default scheme, no cut-off", func(t *testing.T) { check(t, time.Time{}, inMarch) })
	t.Run("before any assessment", func(t *testing.T) {
		xs, total, err := st.s.FindAssessments(bg, segment.AssessmentFilter{Until: ptr(segment.EndOfDay(january.AddDate(0, 0, -1)))})
		wantIDs(t, "assessments before the first", xs, total, err, nil, 0)
	})

	// The matrix of the whole network: every stakeholder a row, the
	// unassessed ones too, with the stored policies.
	t.Run("matrix", func(t *testing.T) {
		net, err := graph.ReadNetwork(bg, st.g)
		storetest.Must(t, err)
		sc, err := st.s.Scheme(bg)
		storetest.Must(t, err)
		ps, err := st.s.Policies(bg)
		storetest.Must(t, err)
		var scores []segment.Assessment
		for _, a := range all(t, st, segment.AssessmentFilter{}) {
			scores = append(scores, *a)
		}
		m := segment.BuildMatrix(sc, ps, net.Nodes, scores, endJan)
		// storetest.Sample has 9 stakeholders; 4 placed, per-eva and the
		// four never assessed unassessed.
		same(t, "segments of the matrix", map[segment.Segment]int{
			segment.Invest: 1, segment.Develop: 1, segment.Harvest: 1, segment.Ignore: 1, segment.Unassessed: 5,
		}, m.Count())
		moved := segment.Moved(sc, scores, endJan, endMar)
		if len(moved) != 1 || moved[0].StakeholderID != "org-city" || moved[0].From.Segment != segment.Develop || moved[0].To.Segment != segment.Invest {
			t.Fatalf("moved between January and March: %+v, want org-city from develop to invest", moved)
		}
	})

	// Changed weights and thresholds, saved and read back.
	storetest.Must(t, st.s.SaveScheme(as("editor"), careScheme()))
	t.Run("care scheme, January", func(t *testing.T) { check(t, endJan, byCare) })
	t.Run("care scheme, March", func(t *testing.T) { check(t, endMar, careInMarch) })
}

// near reports whether an axis has the mean want (within 1e-9), or is not
// complete when want is NaN.
func near(a segment.AxisPlacement, want float64) bool {
	if math.IsNaN(want) {
		return !a.Complete
	}
	return a.Complete && math.Abs(a.Mean-want) <= 1e-9
}
