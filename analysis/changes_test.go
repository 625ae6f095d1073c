package analysis

import (
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

func march(d int) time.Time { return time.Date(2026, 3, d, 12, 0, 0, 0, time.UTC) }

// TestIntrosMade: a request counts once, at its furthest move to made or
// met within (from, to]; moves on from itself are before the span.
func TestIntrosMade(t *testing.T) {
	req := func(id string, h ...graph.IntroTransition) *graph.IntroRequest {
		return &graph.IntroRequest{ID: id, History: append([]graph.IntroTransition{{State: graph.IntroRequested, At: march(1)}}, h...)}
	}
	rs := []*graph.IntroRequest{
		req("both", graph.IntroTransition{State: graph.IntroMade, At: march(5)}, graph.IntroTransition{State: graph.IntroMet, At: march(7)}),
		req("made-before", graph.IntroTransition{State: graph.IntroMade, At: march(2)}, graph.IntroTransition{State: graph.IntroMet, At: march(4)}),
		req("on-from", graph.IntroTransition{State: graph.IntroMade, At: march(3)}),
		req("after", graph.IntroTransition{State: graph.IntroMade, At: march(11)}),
		req("declined", graph.IntroTransition{State: graph.IntroDeclined, At: march(5)}),
	}
	got := IntrosMade(rs, march(3), march(10))
	want := []struct {
		id    string
		state graph.IntroState
		at    time.Time
	}{{"made-before", graph.IntroMet, march(4)}, {"both", graph.IntroMet, march(7)}}
	if len(got) != len(want) {
		t.Fatalf("IntrosMade = %+v, want %v", got, want)
	}
	for i, w := range want {
		if got[i].Request.ID != w.id || got[i].State != w.state || !got[i].At.Equal(w.at) {
			t.Errorf("[%d] = %s %s %v, want %+v", i, got[i].Request.ID, got[i].State, got[i].At, w)
		}
	}
}

// TestConformanceShares: single_holder alone is on policy, any policy
// code is not; shares by hand: invest 2 of 3, harvest 0 of 1.
func TestConformanceShares(t *testing.T) {
	adv := func(sg segment.Segment, codes ...AdviceCode) Advice {
		a := Advice{Segment: sg}
		for _, c := range codes {
			a.Items = append(a.Items, AdviceItem{Code: c})
		}
		return a
	}
	got := ConformanceShares([]Advice{
		adv(segment.Invest, AdviceOK),
		adv(segment.Invest, AdviceSingleHolder),
		adv(segment.Invest, AdviceIntensify, AdviceSingleHolder),
		adv(segment.Harvest, AdviceAssignOwner),
	})
	want := map[segment.Segment]SegmentShare{
		segment.Invest: {3, 2, 2.0 / 3}, segment.Harvest: {1, 0, 0}, segment.Develop: {}, segment.Ignore: {},
	}
	if len(got) != len(want) {
		t.Fatalf("ConformanceShares = %+v", got)
	}
	for sg, w := range want {
		if got[sg] != w {
			t.Errorf("%s: %+v, want %+v", sg, got[sg], w)
		}
	}
}

// TestNetworkAsOf: a tie counts from its since when known, else from its
// created_at; an edge not in begun counts always.
func TestNetworkAsOf(t *testing.T) {
	rels := []*graph.Relationship{
		{ID: "since", Since: march(2), Audit: graph.Audit{CreatedAt: march(9)}},
		{ID: "created", Audit: graph.Audit{CreatedAt: march(6)}},
	}
	begun := map[string]time.Time{}
	for _, r := range rels {
		begun[r.ID] = RelationshipBegun(r)
	}
	n := &graph.Network{Edges: []graph.NetworkEdge{{ID: "created"}, {ID: "since"}, {ID: "unknown"}}}
	for _, tc := range []struct {
		at   time.Time
		want []string
	}{
		{march(1), []string{"unknown"}},
		{march(2), []string{"since", "unknown"}},
		{march(6), []string{"created", "since", "unknown"}},
	} {
		var got []string
		for _, e := range NetworkAsOf(n, begun, tc.at).Edges {
			got = append(got, e.ID)
		}
		if len(got) != len(tc.want) {
			t.Errorf("at %v: %v, want %v", tc.at, got, tc.want)
			continue
		}
		for _, id := range tc.want {
			found := false
			for _, g := range got {
				found = found || g == id
			}
			if !found {
				t.Errorf("at %v: %v, want %v", tc.at, got, tc.want)
			}
		}
	}
}
