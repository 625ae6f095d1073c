package analysis

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
)

// TestStrengthHistoryProperties checks StrengthHistory on random networks
// (three employees, one of whom may leave, eight persons, two
// organisations, ties begun and contacts dated anywhere in 2025–2026, a
// plan started on a random day): the points run from the plan's start to
// now in time order, there are at most MaxStrengthPoints of them, every
// strength is in [0,1], and the last point is the strength MeasurePlans
// gives the plan now (PlanProgress.Strength) on the snapshot every
// analysis uses.
func TestStrengthHistoryProperties(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(16, 3))
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	first := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	someDay := func() time.Time { return first.Add(time.Duration(r.Int64N(int64(now.Sub(first))))) }
	long := 0
	for round := range 60 {
		net := &graph.Network{}
		var emps, pers []string
		for i := range 3 {
			n := graph.NetworkNode{ID: fmt.Sprintf("emp-%d", i), Kind: graph.KindEmployee, Name: "E"}
			if i == 2 && r.IntN(2) == 0 {
				n.End = graph.Day(someDay())
			}
			net.Nodes = append(net.Nodes, n)
			emps = append(emps, n.ID)
		}
		for i := range 8 {
			id := fmt.Sprintf("per-%d", i)
			net.Nodes = append(net.Nodes, graph.NetworkNode{ID: id, Kind: graph.KindPerson, Name: "P"})
			pers = append(pers, id)
		}
		for i := range 2 {
			net.Nodes = append(net.Nodes, graph.NetworkNode{ID: fmt.Sprintf("org-%d", i), Kind: graph.KindOrganisation, Name: "O"})
		}
		begun := map[string]time.Time{}
		edge := func(typ graph.RelType, from, to string) {
			id := fmt.Sprintf("rel-%d", len(net.Edges))
			net.Edges = append(net.Edges, graph.NetworkEdge{ID: id, Type: typ, From: from, To: to, Strength: 0.1 + 0.9*r.Float64()})
			begun[id] = someDay()
		}
		for range 4 + r.IntN(8) {
			edge(graph.RelKnows, emps[r.IntN(3)], pers[r.IntN(8)])
		}
		for range 4 + r.IntN(8) {
			a, b := r.IntN(8), r.IntN(8)
			if a != b {
				edge(graph.RelKnows, pers[a], pers[b])
			}
		}
		for _, p := range pers {
			if r.IntN(3) == 0 {
				edge(graph.RelWorksAt, p, fmt.Sprintf("org-%d", r.IntN(2)))
			}
		}
		var contacts []*graph.Contact
		for i := range r.IntN(60) {
			contacts = append(contacts, &graph.Contact{ID: fmt.Sprintf("con-%d", i), Date: someDay(), EmployeeID: emps[r.IntN(3)],
				StakeholderID: pers[r.IntN(8)], Mode: graph.ModePhone})
		}
		target := "org-0"
		if r.IntN(2) == 0 {
			target = pers[r.IntN(8)]
		}
		start := someDay()
		plan := &graph.Plan{ID: "plan", TargetID: target, OwnerID: emps[0], State: graph.PlanOpen, Audit: graph.Audit{CreatedAt: start}}

		snap, err := Build(net, Options{Now: now, Contacts: contacts})
		if err != nil {
			t.Fatal(err)
		}
		pp, err := MeasurePlans(ctx, snap, nil, nil, contacts, []PlanInput{{Plan: plan}}, now)
		if err != nil {
			t.Fatal(err)
		}
		h, err := StrengthHistory(ctx, History{Network: net, Begun: begun, Contacts: contacts}, target, start, now)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case len(h) < 2 || len(h) > MaxStrengthPoints:
			t.Fatalf("round %d: %d points", round, len(h))
		case !h[0].At.Equal(start) || !h[len(h)-1].At.Equal(now):
			t.Fatalf("round %d: points from %v to %v, want %v to %v", round, h[0].At, h[len(h)-1].At, start, now)
		case h[len(h)-1].Strength != pp[0].Strength:
			t.Fatalf("round %d: the last point %v, PlanProgress.Strength %v", round, h[len(h)-1].Strength, pp[0].Strength)
		}
		for i, p := range h {
			if p.Strength < 0 || p.Strength > 1 || i > 0 && !p.At.After(h[i-1].At) {
				t.Fatalf("round %d: point %d %+v after %+v", round, i, p, h[max(i-1, 0)])
			}
		}
		if len(h) == MaxStrengthPoints {
			long++
		}
	}
	if long == 0 {
		t.Error("no round reached MaxStrengthPoints: the bound is not exercised")
	}
}
