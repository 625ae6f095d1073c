package analysis

import (
	"context"
	"testing"

	"github.com/relmap/relmap/graph"
)

// TestMeasureDispatch: every metric name reaches its function. On the path
// a–b–c (hand computation): degree of b is 2/(n−1) = 1, betweenness of b
// (networkx normalisation, 1 ordered pair each way over (n−1)(n−2) = 2) is 1.
func TestMeasureDispatch(t *testing.T) {
	s, err := NewSnapshot(&graph.Network{
		Nodes: []graph.NetworkNode{{ID: "a", Kind: graph.KindPerson}, {ID: "b", Kind: graph.KindPerson}, {ID: "c", Kind: graph.KindPerson}},
		Edges: []graph.NetworkEdge{{ID: "1", From: "a", To: "b", Strength: 1}, {ID: "2", From: "b", To: "c", Strength: 1}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range Metrics {
		v, err := Measure(context.Background(), s, m)
		if err != nil || len(v) == 0 {
			t.Errorf("%s: %v, %d values", m, err, len(v))
		}
	}
	if v, _ := Measure(context.Background(), s, MetricDegree); v["b"] != 1 {
		t.Errorf("degree of b = %v, want 1", v["b"])
	}
	if v, _ := Measure(context.Background(), s, MetricBetweenness); v["b"] != 1 {
		t.Errorf("betweenness of b = %v, want 1", v["b"])
	}
	if _, err := ParseMetric("fame"); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("unknown metric: %v", err)
	}
}
