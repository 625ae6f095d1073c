package analysis

import (
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// TestEmptySegmentReasonObjectors: a develop segment whose one stakeholder
// objected is not empty, but nothing in it can be analysed: the reason says
// so with the number, never the name.
func TestEmptySegmentReasonObjectors(t *testing.T) {
	m := segment.NewMatrix(time.Time{}, nil, nil, []segment.MatrixRow{
		{Stakeholder: graph.NetworkNode{ID: "per-objector", Name: "Olga Objector"}, Placement: segment.Placement{Segment: segment.Develop}},
		{Stakeholder: graph.NetworkNode{ID: "org-x", Name: "X"}, Placement: segment.Placement{Segment: segment.Invest}},
	})
	s, err := NewSnapshot(&graph.Network{Nodes: []graph.NetworkNode{{ID: "org-x", Kind: graph.KindOrganisation, Name: "X"}}})
	if err != nil {
		t.Fatal(err)
	}
	if ids := RoutableTargets(s, m, segment.Develop); len(ids) != 0 {
		t.Fatalf("routable develop targets %v, want none", ids)
	}
	r := EmptySegmentReason(m, segment.Develop)
	if r.EN != "none of the 1 stakeholder placed in the Develop segment can be analysed: they objected to it" ||
		r.NL != "geen van de 1 stakeholder in het segment Ontwikkel kan worden geanalyseerd: die heeft daartegen bezwaar gemaakt" {
		t.Errorf("reason %+v", r)
	}
}
