package demo

import (
	"context"
	"time"

	"github.com/relmap/relmap/graph"
)

// PlanSeed is one demo access plan and its actions.
type PlanSeed struct {
	Plan    *graph.Plan
	Actions []*graph.Action
}

// Plans returns the demo's two access plans, made from the first and the
// last of the introduction requests intros (Intros): for each, the
// request's target, owned by its employee, with the request's
// intermediary and path as the route.
//
//   - plan-demo-a aims at the invest segment within six months of now; it
//     has an introduction action overdue by two weeks (so the director's
//     list puts it first) and a contact action due in a month;
//   - plan-demo-b aims at an assessed accessibility of 3.5 within nine
//     months; it has a contact action due in two weeks.
//
// Fewer plans come back when intros has fewer than two requests.
func Plans(intros []IntroPlan, now time.Time) []PlanSeed {
	if len(intros) < 2 {
		return nil
	}
	today := graph.Day(now)
	seed := func(id string, x IntroPlan, aim graph.PlanAim, actions ...*graph.Action) PlanSeed {
		r := x.Request
		p := &graph.Plan{ID: id, TargetID: r.TargetID, OwnerID: r.EmployeeID, Aim: aim,
			Route: graph.PlanRoute{IntermediaryID: r.IntermediaryID, Path: r.Path},
			Note:  "reach " + x.TargetName + " through " + x.IntermediaryName}
		for _, a := range actions {
			a.PlanID, a.StakeholderID, a.AssigneeID = id, r.TargetID, r.EmployeeID
		}
		return PlanSeed{Plan: p, Actions: actions}
	}
	a, b := intros[0], intros[len(intros)-1]
	return []PlanSeed{
		seed("plan-demo-a", a, graph.PlanAim{Segment: "invest", By: today.AddDate(0, 6, 0)},
			&graph.Action{ID: "act-demo-a1", Kind: graph.ActionIntroduction, Due: today.AddDate(0, 0, -14), Title: "ask " + a.IntermediaryName + " for the introduction"},
			&graph.Action{ID: "act-demo-a2", Kind: graph.ActionContact, Due: today.AddDate(0, 1, 0), Title: "first meeting"}),
		seed("plan-demo-b", b, graph.PlanAim{Accessibility: 3.5, By: today.AddDate(0, 9, 0)},
			&graph.Action{ID: "act-demo-b1", Kind: graph.ActionContact, Due: today.AddDate(0, 0, 14), Title: "follow up the introduction"}),
	}
}

// LoadPlans stores the seeds in ps, each plan with baseline(its target)
// as its baseline strength, then its actions. A plan already stored (a
// second demo load) is left as it is, with its actions.
func LoadPlans(ctx context.Context, ps graph.PlanStore, seeds []PlanSeed, baseline func(target string) float64) (int, error) {
	n := 0
	for _, s := range seeds {
		if _, err := ps.FindPlanByID(ctx, s.Plan.ID); err == nil {
			continue
		} else if graph.ErrorCode(err) != graph.ENOTFOUND {
			return n, err
		}
		s.Plan.BaselineStrength = baseline(s.Plan.TargetID)
		if err := ps.CreatePlan(ctx, s.Plan); err != nil {
			return n, err
		}
		if err := ps.CreateActions(ctx, s.Actions); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
