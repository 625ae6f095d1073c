package analysis

import (
	"context"
	"strings"

	"github.com/relmap/relmap/graph"
)

// Metric names a per-node measure of the network, for the API and CLI.
type Metric string

// The metrics; see the function of the same name for the definition and
// normalisation of each.
const (
	MetricDegree              Metric = "degree"
	MetricBetweenness         Metric = "betweenness"
	MetricBetweennessWeighted Metric = "betweenness_weighted"
	MetricCloseness           Metric = "closeness"
	MetricHarmonic            Metric = "harmonic"
	MetricEigenvector         Metric = "eigenvector"
	MetricPageRank            Metric = "pagerank"
	MetricConstraint          Metric = "constraint"
	MetricEffectiveSize       Metric = "effective_size"
)

// Metrics lists every metric.
var Metrics = []Metric{MetricDegree, MetricBetweenness, MetricBetweennessWeighted, MetricCloseness,
	MetricHarmonic, MetricEigenvector, MetricPageRank, MetricConstraint, MetricEffectiveSize}

// ParseMetric returns the metric named s, or EINVALID on field "metric".
func ParseMetric(s string) (Metric, error) {
	for _, m := range Metrics {
		if string(m) == s {
			return m, nil
		}
	}
	names := make([]string, len(Metrics))
	for i, m := range Metrics {
		names[i] = string(m)
	}
	return "", graph.Invalid("metric", "%q is not one of %s", s, strings.Join(names, ", "))
}

// Measure computes metric m for every node of s (Constraint and
// EffectiveSize leave out nodes without ties, where they are undefined).
// The long ones honour ctx and report progress through WithProgress.
func Measure(ctx context.Context, s *Snapshot, m Metric) (map[string]float64, error) {
	switch m {
	case MetricDegree:
		return Degree(s), nil
	case MetricBetweenness:
		return Betweenness(ctx, s)
	case MetricBetweennessWeighted:
		return BetweennessWeighted(ctx, s)
	case MetricCloseness:
		return Closeness(ctx, s)
	case MetricHarmonic:
		return Harmonic(ctx, s)
	case MetricEigenvector:
		return Eigenvector(s)
	case MetricPageRank:
		return PageRank(s), nil
	case MetricConstraint:
		return Constraint(s), nil
	case MetricEffectiveSize:
		return EffectiveSize(s), nil
	}
	_, err := ParseMetric(string(m))
	return nil, err
}
