package segmenttest

import (
	"errors"
	"testing"

	"github.com/relmap/relmap/graph/storetest"
	"github.com/relmap/relmap/segment"
)

// testReadSegmentation: ReadSegmentation answers the defaults on an empty
// store, and after saving a scheme, a policy table and the sample
// assessments exactly what Scheme, Policies and paging through
// FindAssessments answer, in the same order.
func testReadSegmentation(t *testing.T, st stores) {
	got, err := st.s.ReadSegmentation(bg)
	storetest.Must(t, err)
	same(t, "an empty store", &segment.Segmentation{Scheme: segment.DefaultScheme(), Policies: segment.DefaultPolicies()}, got)

	stored := loadAssessments(t, st)
	storetest.Must(t, st.s.SavePolicies(as("editor"), customPolicies()))
	got, err = st.s.ReadSegmentation(bg)
	storetest.Must(t, err)
	want := &segment.Segmentation{Scheme: segment.DefaultScheme(), Policies: customPolicies()}
	for _, a := range all(t, st, segment.AssessmentFilter{}) {
		want.Assessments = append(want.Assessments, *a)
	}
	if len(want.Assessments) != len(stored) {
		t.Fatalf("%d assessments listed, %d stored", len(want.Assessments), len(stored))
	}
	same(t, "the sample with custom policies", want, got)
}

// testReadScores: ReadScores (segment.ScoreReader) gives the scheme, the
// policy table and every assessment in ReadSegmentation's order with the
// fields placement reads, and stops at an error of its visitor, returning
// it unchanged.
func testReadScores(t *testing.T, st stores) {
	sr, ok := st.s.(segment.ScoreReader)
	if !ok {
		t.Fatal("the store cannot stream scores (segment.ScoreReader)")
	}
	loadAssessments(t, st)
	storetest.Must(t, st.s.SavePolicies(as("editor"), customPolicies()))
	full, err := st.s.ReadSegmentation(bg)
	storetest.Must(t, err)
	var got []segment.Assessment
	var sc *segment.Scheme
	var ps segment.Policies
	start := func(s *segment.Scheme, p segment.Policies) { sc, ps = s, p }
	storetest.Must(t, sr.ReadScores(bg, start, func(a segment.Assessment) error { got = append(got, a); return nil }))
	want := &segment.Segmentation{Scheme: full.Scheme, Policies: full.Policies}
	for _, a := range full.Assessments {
		want.Assessments = append(want.Assessments, segment.Assessment{ID: a.ID, StakeholderID: a.StakeholderID, CriterionID: a.CriterionID, Score: a.Score, Date: a.Date})
	}
	same(t, "the scores", want, &segment.Segmentation{Scheme: sc, Policies: ps, Assessments: got})
	stop := errors.New("enough")
	n := 0
	err = sr.ReadScores(bg, start, func(segment.Assessment) error { n++; return stop })
	if err != stop || n != 1 {
		t.Errorf("a visitor's error: %v after %d assessments, want it unchanged after 1", err, n)
	}
}
