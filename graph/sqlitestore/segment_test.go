package sqlitestore_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/storetest"
	"github.com/relmap/relmap/segment"
	"github.com/relmap/relmap/segment/segmenttest"
)

func TestSegmentConformance(t *testing.T) {
	segmenttest.Run(t, func(t *testing.T) (graph.Store, segment.Store) {
		s := open(t, "")
		return s, s
	})
}

// TestSegmentReopen checks that the scheme, the policies and the
// assessments survive closing and reopening the file.
func TestSegmentReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "relmap.db")
	s := open(t, path)
	if _, err := s.Upsert(ctx, storetest.Sample(), graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpsertAssessments(ctx, segmenttest.Sample(), graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	sc := segment.DefaultScheme()
	sc.ThresholdAccessibility = 2.5
	if err := s.SaveScheme(ctx, sc); err != nil {
		t.Fatal(err)
	}
	ps := segment.DefaultPolicies()
	ps[0].MinContacts = 9
	if err := s.SavePolicies(ctx, ps); err != nil {
		t.Fatal(err)
	}
	want, total, err := s.FindAssessments(ctx, segment.AssessmentFilter{Page: graph.Page{Limit: graph.MaxLimit}})
	if err != nil || total != 38 {
		t.Fatalf("%d assessments (%v), want 38", total, err)
	}
	v, _ := s.Version(ctx)
	s.Close()

	s = open(t, path)
	got, _, err := s.FindAssessments(ctx, segment.AssessmentFilter{Page: graph.Page{Limit: graph.MaxLimit}})
	if err != nil || len(got) != len(want) {
		t.Fatalf("after reopening: %d assessments (%v), want %d", len(got), err, len(want))
	}
	for i := range want {
		if *got[i] != *want[i] {
			t.Fatalf("after reopening: %+v, want %+v", got[i], want[i])
		}
	}
	if gotSc, err := s.Scheme(ctx); err != nil || gotSc.ThresholdAccessibility != 2.5 {
		t.Fatalf("scheme after reopening: %+v, %v", gotSc, err)
	}
	if gotPs, err := s.Policies(ctx); err != nil || gotPs[0].MinContacts != 9 {
		t.Fatalf("policies after reopening: %+v, %v", gotPs, err)
	}
	if v2, _ := s.Version(ctx); v2 != v {
		t.Fatalf("version %d after reopening, want %d", v2, v)
	}
}
