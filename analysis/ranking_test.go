package analysis

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/relmap/relmap/graph"
)

// TestRankBy: exact measures are Measure ranked by Rank; a betweenness
// estimated by sampling ranks want nodes, each with an interval that holds
// its exact betweenness (Betweenness, checked against networkx and the
// published values) and an estimate that says how many ranks are settled
// — those equal the exact ranking's first ranks. On a small network
// EstimateAuto is exact.
func TestRankBy(t *testing.T) {
	ctx := context.Background()
	s := randomSnapshot(t, rand.New(rand.NewPCG(3, 9)), 120, 0.05, []float64{1})
	exact, err := Betweenness(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	want := Rank(s, exact)

	auto, err := RankBy(ctx, s, MetricBetweenness, 5, EstimateAuto)
	if err != nil {
		t.Fatal(err)
	}
	if auto.Estimate != nil || auto.Total != len(want) || len(auto.Scores) != len(want) || auto.Note("en") != "" {
		t.Fatalf("auto on 120 nodes: estimate %v, %d of %d scores, want the exact ranking", auto.Estimate, len(auto.Scores), auto.Total)
	}
	for i := range want {
		if auto.Scores[i] != want[i] {
			t.Fatalf("rank %d: %+v, want %+v", i+1, auto.Scores[i], want[i])
		}
	}

	est, err := RankBy(ctx, s, MetricBetweenness, 10, EstimateAlways)
	if err != nil {
		t.Fatal(err)
	}
	if est.Estimate == nil || len(est.Scores) != 10 || est.Total != 120 {
		t.Fatalf("estimate: %+v, want 10 ranked of 120 with an estimate", est)
	}
	for i, sc := range est.Scores {
		if sc.Interval == nil {
			t.Fatalf("rank %d has no interval", i+1)
		}
		if e := exact[sc.ID]; e < sc.Interval[0]-1e-12 || e > sc.Interval[1]+1e-12 {
			t.Errorf("rank %d %s: exact %.5f outside [%.5f, %.5f]", i+1, sc.ID, e, sc.Interval[0], sc.Interval[1])
		}
	}
	for i := range est.Estimate.Settled {
		if est.Scores[i].ID != want[i].ID {
			t.Errorf("settled rank %d is %s, the exact ranking's is %s", i+1, est.Scores[i].ID, want[i].ID)
		}
	}
	if est.Note("en") == "" || est.Note("nl") == est.Note("en") {
		t.Errorf("notes %q / %q, want one in each language", est.Note("en"), est.Note("nl"))
	}

	if _, err := RankBy(ctx, s, MetricBetweenness, MaxEstimatedRanks+1, EstimateAlways); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("%d ranks estimated: %v, want EINVALID", MaxEstimatedRanks+1, err)
	}
	if _, err := ParseEstimation("sometimes"); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("estimate=sometimes: %v, want EINVALID", err)
	}
	// Other measures ignore the estimation.
	pr, err := RankBy(ctx, s, MetricPageRank, 3, EstimateAlways)
	if err != nil || pr.Estimate != nil || len(pr.Scores) != len(want) {
		t.Errorf("pagerank: %+v, %v, want every node exact", pr, err)
	}
}
