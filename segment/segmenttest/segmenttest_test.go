package segmenttest

import (
	"context"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/storetest"
	"github.com/relmap/relmap/segment"
)

// sampleLookup reports the nodes of storetest.Sample and no assessments.
type sampleLookup map[string]graph.Stored

func (l sampleLookup) StoredNodes(_ context.Context, ids []string) (map[string]graph.Stored, error) {
	out := map[string]graph.Stored{}
	for _, id := range ids {
		if s, ok := l[id]; ok {
			out[id] = s
		}
	}
	return out, nil
}

func (sampleLookup) StoredAssessments(context.Context, []string) (map[string]graph.Stored, error) {
	return nil, nil
}

func newSampleLookup() sampleLookup {
	l := sampleLookup{}
	b := storetest.Sample()
	for _, e := range b.Employees {
		l[e.ID] = graph.Stored{Kind: graph.KindEmployee}
	}
	for _, o := range b.Organisations {
		l[o.ID] = graph.Stored{Kind: graph.KindOrganisation}
	}
	for _, p := range b.Persons {
		l[p.ID] = graph.Stored{Kind: graph.KindPerson}
	}
	return l
}

// TestSample checks that Sample is valid against storetest.Sample on its
// own, so that a store failing on it is the store's fault, and that the
// fixtures' schemes and policies are valid.
func TestSample(t *testing.T) {
	xs := Sample()
	out, c, err := segment.PlanAssessments(bg, xs, segment.DefaultScheme(), newSampleLookup(), graph.UpsertOptions{}, storetest.ClockStart)
	storetest.Must(t, err)
	if c != (graph.Counts{Created: 38}) || len(out) != 38 {
		t.Fatalf("plan of Sample: %d to write, counts %+v; want 38 created", len(out), c)
	}
	seen := map[string]bool{}
	for _, x := range xs {
		if seen[x.ID] {
			t.Fatalf("Sample holds %s twice", x.ID)
		}
		seen[x.ID] = true
	}
	for _, s := range []*segment.Scheme{careScheme(), wideScheme()} {
		if err := s.Validate(); err != nil {
			t.Errorf("scheme %s: %v", s.Name, err)
		}
	}
	if err := customPolicies().Validate(); err != nil {
		t.Errorf("custom policies: %v", err)
	}
}

// TestSamplePlacement checks the table of Sample's doc comment without a
// store.
func TestSamplePlacement(t *testing.T) {
	var as []segment.Assessment
	for _, x := range Sample() {
		x.Normalize()
		as = append(as, *x)
	}
	for _, tc := range []struct {
		name string
		asOf string
		want map[string]segment.Segment
	}{
		{"January", "2026-01-31", map[string]segment.Segment{
			"org-fund": segment.Invest, "org-city": segment.Develop, "per-dirk": segment.Harvest,
			"org-kvk": segment.Ignore, "per-eva": segment.Unassessed,
		}},
		{"March", "2026-03-01", map[string]segment.Segment{
			"org-fund": segment.Invest, "org-city": segment.Invest, "per-dirk": segment.Harvest,
			"org-kvk": segment.Ignore, "per-eva": segment.Unassessed,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := time.Parse(time.DateOnly, tc.asOf)
			storetest.Must(t, err)
			got := map[string]segment.Segment{}
			for id, p := range segment.Place(segment.DefaultScheme(), as, segment.EndOfDay(d)) {
				got[id] = p.Segment
			}
			same(t, "segments", tc.want, got)
		})
	}
}
