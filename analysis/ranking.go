package analysis

import (
	"context"
	"fmt"
	"math"

	"github.com/relmap/relmap/graph"
)

// ExactBetweennessNodes is the largest network whose betweenness RankBy
// computes exactly unless told otherwise. Exact betweenness costs one
// breadth-first search per node, O(n·m): about 4 s of CPU at 10,000 nodes
// and growing with the square beyond (bench/centrality), so a network of
// 100,000 nodes would hold a request for many minutes. Above this size the
// ranking comes from BetweennessRanked, with intervals.
const ExactBetweennessNodes = 20_000

// MaxEstimatedRanks is the deepest rank an estimated betweenness ranks:
// the samples needed grow with the depth (the last value sets the
// precision), and a ranking is read from the top.
const MaxEstimatedRanks = 1000

// Estimation says when RankBy estimates betweenness by sampling.
type Estimation string

const (
	// EstimateAuto estimates above ExactBetweennessNodes nodes.
	EstimateAuto Estimation = "auto"
	// EstimateAlways and EstimateNever estimate, or compute exactly,
	// whatever the size.
	EstimateAlways Estimation = "always"
	EstimateNever  Estimation = "never"
)

// ParseEstimation returns the Estimation named s ("" is EstimateAuto), or
// EINVALID on field "estimate".
func ParseEstimation(s string) (Estimation, error) {
	switch e := Estimation(s); e {
	case "":
		return EstimateAuto, nil
	case EstimateAuto, EstimateAlways, EstimateNever:
		return e, nil
	}
	return "", graph.Invalid("estimate", "%q is not one of auto, always, never", s)
}

// Ranking is the nodes of a snapshot ranked by one measure, highest first.
type Ranking struct {
	Metric Metric `json:"metric"`
	// Total is the number of nodes the measure ranks.
	Total int `json:"total"`
	// Scores are the ranked nodes: every one for an exact measure, the
	// leading ones asked for when Estimate is set.
	Scores []Score `json:"scores"`
	// Estimate is set when the values are a betweenness estimated by
	// sampling (BetweennessRanked): each score then has its interval.
	Estimate *RankingEstimate `json:"estimate,omitempty"`
}

// RankingEstimate says how far an estimated ranking can be trusted: with
// probability at least 1 − Delta every node's betweenness lies in its
// interval, and the first Settled ranks are the network's first Settled,
// in this order.
type RankingEstimate struct {
	Samples  int     `json:"samples"`
	Delta    float64 `json:"delta"`
	MaxError float64 `json:"max_error"`
	// Relative is MaxError divided by the last ranked value; absent when
	// that value is 0.
	Relative *float64 `json:"relative,omitempty"`
	Settled  int      `json:"settled"`
}

// RankBy ranks the nodes of s by m. want is the number of leading ranks the
// caller shows (0: all); it bounds only an estimated betweenness, which
// ranks want nodes (20 when 0). est says when betweenness is estimated.
func RankBy(ctx context.Context, s *Snapshot, m Metric, want int, est Estimation) (*Ranking, error) {
	if want < 0 {
		return nil, graph.Invalid("limit", "must not be negative")
	}
	if m == MetricBetweenness && (est == EstimateAlways || est == EstimateAuto && len(s.Nodes) > ExactBetweennessNodes) {
		if want > MaxEstimatedRanks {
			return nil, graph.Invalid("limit", "an estimated betweenness ranks at most the first %d nodes (offset + limit); estimate=never computes every value exactly", MaxEstimatedRanks)
		}
		r, err := BetweennessRanked(ctx, s, BetweennessSampling{Top: want})
		if err != nil {
			return nil, err
		}
		out := &Ranking{Metric: m, Total: len(s.Nodes), Scores: make([]Score, len(r.Top)),
			Estimate: &RankingEstimate{Samples: r.Samples, Delta: r.Delta, MaxError: r.MaxError, Settled: r.Settled}}
		if !math.IsInf(r.Relative, 0) {
			out.Estimate.Relative = &r.Relative
		}
		for i, b := range r.Top {
			out.Scores[i] = Score{ID: b.ID, Name: b.Name, Value: b.Value, Interval: &[2]float64{b.Lower, b.Upper}}
		}
		return out, nil
	}
	values, err := Measure(ctx, s, m)
	if err != nil {
		return nil, err
	}
	scores := Rank(s, values)
	return &Ranking{Metric: m, Total: len(scores), Scores: scores}, nil
}

// Note is a line that says how far an estimated ranking can be trusted, in
// lang ("nl" or anything else for English); "" for an exact one.
func (r *Ranking) Note(lang string) string {
	e := r.Estimate
	if e == nil {
		return ""
	}
	conf := 100 * (1 - e.Delta)
	if lang == "nl" {
		off := fmt.Sprintf("hoogstens %.4g ernaast", e.MaxError)
		if e.Relative != nil {
			off = fmt.Sprintf("hoogstens %.0f%% van de laatste waarde ernaast", 100**e.Relative)
		}
		return fmt.Sprintf("Geschat uit %d steekproefparen: met %.0f%% zekerheid ligt elke waarde in haar interval (%s) en staan de eerste %d plaatsen vast.",
			e.Samples, conf, off, e.Settled)
	}
	off := fmt.Sprintf("at most %.4g off", e.MaxError)
	if e.Relative != nil {
		off = fmt.Sprintf("at most %.0f%% of the last value off", 100**e.Relative)
	}
	return fmt.Sprintf("Estimated from %d sampled pairs: with %.0f%% confidence every value lies in its interval (%s) and the first %d ranks are settled.",
		e.Samples, conf, off, e.Settled)
}
