package segmenttest

import (
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
