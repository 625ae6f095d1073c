package segment_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// TestCompareSchemes counts by hand: org-a has a score on each of the
// default scheme's eight criteria (placed), org-b on the four of
// attractiveness only and per-c on none (both unassessed): 2 of 3 now.
// Adding the criterion "reach" leaves org-a without a score on it: 3 of 3,
// "reach" unscored. A new threshold places the same stakeholders: 2 of 3,
// not growing, nothing unscored.
func TestCompareSchemes(t *testing.T) {
	day := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	nodes := []graph.NetworkNode{
		{ID: "emp-x", Kind: graph.KindEmployee},
		{ID: "org-a", Kind: graph.KindOrganisation}, {ID: "org-b", Kind: graph.KindOrganisation}, {ID: "per-c", Kind: graph.KindPerson},
	}
	var as []segment.Assessment
	for i, c := range segment.DefaultScheme().Criteria {
		as = append(as, segment.Assessment{StakeholderID: "org-a", CriterionID: c.ID, Score: 4, Date: day})
		if c.Axis == segment.Attractiveness {
			as = append(as, segment.Assessment{StakeholderID: "org-b", CriterionID: c.ID, Score: 2 + i%2, Date: day})
		}
	}
	cur := segment.DefaultScheme()

	added := segment.DefaultScheme()
	added.Criteria = append(added.Criteria, segment.Criterion{ID: "reach", Axis: segment.Accessibility, NameEN: "Reach", Weight: 1})
	c := segment.CompareSchemes(cur, added, nodes, as)
	want := segment.SchemeChange{Stakeholders: 3, UnassessedBefore: 2, UnassessedAfter: 3, Unscored: []string{"reach"}}
	if !reflect.DeepEqual(c, want) || !c.Grows() {
		t.Fatalf("adding reach: %+v, want %+v (grows)", c, want)
	}
	e := c.Refusal()
	if e.Code != graph.ECONFLICT || e.Field != "confirm" || e.Message !=
		"the new scheme would leave 3 of 3 stakeholders unassessed (now 2); no stakeholder has a score yet on reach. Record those scores first, or confirm the change to save it anyway" {
		t.Fatalf("refusal: %+v", e)
	}
	if s := c.Summary(); s != "unassessed stakeholders: 2 → 3 of 3" {
		t.Fatalf("summary %q", s)
	}

	same := segment.DefaultScheme()
	same.ThresholdAttractiveness = 2.5
	c = segment.CompareSchemes(cur, same, nodes, as)
	if want := (segment.SchemeChange{Stakeholders: 3, UnassessedBefore: 2, UnassessedAfter: 2}); !reflect.DeepEqual(c, want) || c.Grows() {
		t.Fatalf("a new threshold: %+v, want %+v (not growing)", c, want)
	}
}
