package analysis

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// NetworkAsOf returns the network n as it stood at instant at, for the
// "what changed" report: every node of n, and the relationships that had
// begun by at, begun[id] being the first instant relationship id counts
// (its since when known, else the day it was recorded, its created_at;
// see RelationshipBegun). An edge missing from begun counts always.
//
// It is the network as the store knows it, wound back by dates: a
// relationship deleted since, or a strength changed since, is not
// restored (the store keeps no history of them). A relationship that
// ended by at (its until) is left out by Build, as on any day.
// Departures and contact evidence follow the snapshot's day
// (Options.Now): build the snapshot with Now at.
func NetworkAsOf(n *graph.Network, begun map[string]time.Time, at time.Time) *graph.Network {
	out := &graph.Network{Version: n.Version, Nodes: n.Nodes, Edges: make([]graph.NetworkEdge, 0, len(n.Edges))}
	for _, e := range n.Edges {
		if b, ok := begun[e.ID]; !ok || !b.After(at) {
			out.Edges = append(out.Edges, e)
		}
	}
	return out
}

// RelationshipBegun returns the first instant r counts in NetworkAsOf:
// its since, the day the tie began, when it is known; else its
// created_at, the day relmap learnt of it. A tie recorded today with a
// since of years ago so counts in a report of last quarter: the report
// shows the network as it was, as far as the store knows.
func RelationshipBegun(r *graph.Relationship) time.Time {
	if !r.Since.IsZero() {
		return r.Since
	}
	return r.CreatedAt
}

// WarmChange is one target's best warm path at two dates.
type WarmChange struct {
	Target PathNode `json:"target"`
	// From and To are the best warm path strengths at the two dates (0:
	// no warm path); Via is whom to ask on the path that counts (the one
	// at To for a gained path, at From for a lost one), absent for a
	// direct tie.
	From float64   `json:"from_strength"`
	To   float64   `json:"to_strength"`
	Via  *PathNode `json:"via,omitempty"`
}

// WarmPathChanges compares, for each of targets, the best warm path from
// any employee in the snapshots a (the earlier date) and b: gained are
// the targets with a warm path in b and none in a, lost the reverse, each
// sorted by target id. Targets that are not stakeholders of a snapshot
// have no path there.
func WarmPathChanges(ctx context.Context, a, b *Snapshot, targets []string) (gained, lost []WarmChange, err error) {
	ra, err := NetworkAccessibility(ctx, a, targets, 0)
	if err != nil {
		return nil, nil, err
	}
	rb, err := NetworkAccessibility(ctx, b, targets, 0)
	if err != nil {
		return nil, nil, err
	}
	gained, lost = []WarmChange{}, []WarmChange{}
	for _, id := range targets {
		x, y := ra[id], rb[id]
		switch {
		case x.Path == nil && y.Path != nil:
			gained = append(gained, WarmChange{Target: y.Path.Nodes[len(y.Path.Nodes)-1], From: 0, To: y.Strength, Via: via(y)})
		case x.Path != nil && y.Path == nil:
			lost = append(lost, WarmChange{Target: x.Path.Nodes[len(x.Path.Nodes)-1], From: x.Strength, To: 0, Via: via(x)})
		}
	}
	byID := func(p, q WarmChange) int { return cmp.Compare(p.Target.ID, q.Target.ID) }
	slices.SortFunc(gained, byID)
	slices.SortFunc(lost, byID)
	return gained, lost, nil
}

func via(r Reach) *PathNode {
	if n := r.Via(); n.ID != "" {
		return &n
	}
	return nil
}

// PolicyCodes are the advice codes that take a stakeholder off its
// segment's policy: everything but ok and single_holder. Being held by
// one employee only is a key-person risk (coverage), not a mismatch with
// the policy's intensity, level or ownership.
var PolicyCodes = []AdviceCode{AdviceDevelop, AdviceIntensify, AdviceReduce, AdviceRaiseLevel, AdviceLowerLevel, AdviceAssignOwner}

// OnPolicy reports whether a has none of PolicyCodes.
func (a Advice) OnPolicy() bool {
	return !slices.ContainsFunc(a.Items, func(it AdviceItem) bool { return slices.Contains(PolicyCodes, it.Code) })
}

// SegmentShare is how many stakeholders of a segment are on its policy.
type SegmentShare struct {
	Stakeholders int `json:"stakeholders"`
	OnPolicy     int `json:"on_policy"`
	// Share is OnPolicy / Stakeholders, in [0,1]; 0 with no stakeholders.
	Share float64 `json:"share"`
}

// ConformanceShares counts advice (Conformance's) per placed segment, in
// the order of segment.Segments; every segment is present.
func ConformanceShares(advice []Advice) map[segment.Segment]SegmentShare {
	out := make(map[segment.Segment]SegmentShare, len(segment.Segments))
	for _, sg := range segment.Segments {
		out[sg] = SegmentShare{}
	}
	for _, a := range advice {
		s, ok := out[a.Segment]
		if !ok {
			continue
		}
		s.Stakeholders++
		if a.OnPolicy() {
			s.OnPolicy++
		}
		out[a.Segment] = s
	}
	for sg, s := range out {
		if s.Stakeholders > 0 {
			s.Share = float64(s.OnPolicy) / float64(s.Stakeholders)
			out[sg] = s
		}
	}
	return out
}

// IntroMade is an introduction request that was made (or met) in a span.
type IntroMade struct {
	Request *graph.IntroRequest `json:"request"`
	// State is the furthest of made and met the request reached in the
	// span, At the day it did.
	State graph.IntroState `json:"state"`
	At    time.Time        `json:"at"`
}

// IntrosMade returns the requests of rs with a move to made or met after
// from and no later than to, each once (at its furthest such move),
// ordered by that move's day, then by id: the introductions made.
func IntrosMade(rs []*graph.IntroRequest, from, to time.Time) []IntroMade {
	out := []IntroMade{}
	for _, r := range rs {
		var m *IntroMade
		for _, h := range r.History {
			if (h.State == graph.IntroMade || h.State == graph.IntroMet) && h.At.After(from) && !h.At.After(to) {
				m = &IntroMade{Request: r, State: h.State, At: h.At}
			}
		}
		if m != nil {
			out = append(out, *m)
		}
	}
	slices.SortFunc(out, func(a, b IntroMade) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return cmp.Compare(a.Request.ID, b.Request.ID)
	})
	return out
}

// PlanChangeKind says whether a plan was opened or closed in a span.
type PlanChangeKind string

// The kinds of PlanChange.
const (
	PlanOpened PlanChangeKind = "opened"
	PlanClosed PlanChangeKind = "closed"
)

// PlanChange is an access plan opened or closed in a span.
type PlanChange struct {
	Plan *graph.Plan
	Kind PlanChangeKind
	// At is when the plan was opened (created_at) or closed (Closed.At).
	At time.Time
}

// PlansChanged returns the plans of ps opened (created after from and no
// later than to) and those closed in that span (Closed.At in it; the
// plan's state says as what), ordered by that instant, then opened before
// closed, then by id. A plan opened and closed in the span is listed
// twice; a plan closed and opened again since has no Closed and is not
// listed as closed (the store keeps its last closing only).
func PlansChanged(ps []*graph.Plan, from, to time.Time) []PlanChange {
	in := func(t time.Time) bool { return t.After(from) && !t.After(to) }
	out := []PlanChange{}
	for _, p := range ps {
		if in(p.CreatedAt) {
			out = append(out, PlanChange{Plan: p, Kind: PlanOpened, At: p.CreatedAt})
		}
		if p.Closed != nil && p.State != graph.PlanOpen && in(p.Closed.At) {
			out = append(out, PlanChange{Plan: p, Kind: PlanClosed, At: p.Closed.At})
		}
	}
	rank := map[PlanChangeKind]int{PlanOpened: 0, PlanClosed: 1}
	slices.SortFunc(out, func(a, b PlanChange) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(rank[a.Kind], rank[b.Kind]), cmp.Compare(a.Plan.ID, b.Plan.ID))
	})
	return out
}
