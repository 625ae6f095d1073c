package demo

import (
	"context"
	"slices"

	"github.com/relmap/relmap/graph"
)

// IntroPlan is one demo introduction request and the moves that bring it
// to its state, in order.
type IntroPlan struct {
	Request *graph.IntroRequest
	Moves   []graph.IntroState
	// IntermediaryName and TargetName name the request's people, for the
	// texts made from it (Plans).
	IntermediaryName, TargetName string
}

// introMoves brings a request to each state, so that the demo shows
// requests in every state (and one picked up again after stalling).
var introMoves = [][]graph.IntroState{
	{},
	{graph.IntroAgreed},
	{graph.IntroAgreed, graph.IntroMade},
	{graph.IntroAgreed, graph.IntroMade, graph.IntroMet},
	{graph.IntroDeclined},
	{graph.IntroAgreed, graph.IntroStalled},
	{graph.IntroStalled, graph.IntroAgreed},
}

// Intros returns the demo's introduction requests for the network b, one
// per entry of introMoves: an employee who knows a person (a stated knows
// tie, strongest first) asks them to introduce her to an organisation the
// person works at, the path employee → person → organisation. Each
// person and organisation is used once. Fewer plans come back when b has
// fewer such pairs.
func Intros(b *graph.Batch) []IntroPlan {
	kind := map[string]graph.Kind{}
	name := map[string]string{}
	for _, o := range b.Organisations {
		name[o.ID] = o.Name
	}
	for _, p := range b.Persons {
		name[p.ID] = p.Name
	}
	for _, e := range b.Employees {
		if e.End.IsZero() {
			kind[e.ID] = graph.KindEmployee
		}
	}
	for _, p := range b.Persons {
		if !p.DoNotRoute && !p.Objects {
			kind[p.ID] = graph.KindPerson
		}
	}
	worksAt := map[string][]string{}
	var knows []*graph.Relationship
	for _, r := range b.Relationships {
		switch {
		case r.Type == graph.RelWorksAt && kind[r.From] == graph.KindPerson:
			worksAt[r.From] = append(worksAt[r.From], r.To)
		case r.Type == graph.RelKnows && kind[r.From] == graph.KindEmployee && kind[r.To] == graph.KindPerson:
			knows = append(knows, r)
		}
	}
	slices.SortStableFunc(knows, func(a, b *graph.Relationship) int {
		if a.Strength != b.Strength {
			if a.Strength > b.Strength {
				return -1
			}
			return 1
		}
		return 0
	})
	used := map[string]bool{}
	var out []IntroPlan
	for _, r := range knows {
		if len(out) == len(introMoves) {
			break
		}
		orgs := worksAt[r.To]
		if len(orgs) == 0 || used[r.To] || used[orgs[0]] {
			continue
		}
		used[r.To], used[orgs[0]] = true, true
		moves := introMoves[len(out)]
		out = append(out, IntroPlan{
			Request: &graph.IntroRequest{ID: "intro-demo-" + string(rune('a'+len(out))), EmployeeID: r.From, IntermediaryID: r.To,
				TargetID: orgs[0], Path: []string{r.From, r.To, orgs[0]}},
			Moves: moves, IntermediaryName: name[r.To], TargetName: name[orgs[0]],
		})
	}
	return out
}

// LoadIntros stores the plans in is: each request is created and moved
// through its states. A request already stored (a second demo load) is
// left as it is.
func LoadIntros(ctx context.Context, is graph.IntroStore, plans []IntroPlan) (int, error) {
	n := 0
	for _, p := range plans {
		if _, err := is.FindIntroByID(ctx, p.Request.ID); err == nil {
			continue
		} else if graph.ErrorCode(err) != graph.ENOTFOUND {
			return n, err
		}
		if err := is.CreateIntro(ctx, p.Request); err != nil {
			return n, err
		}
		for _, st := range p.Moves {
			if _, err := is.MoveIntro(ctx, p.Request.ID, graph.IntroMove{State: st}); err != nil {
				return n, err
			}
		}
		n++
	}
	return n, nil
}
