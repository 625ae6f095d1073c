package analysis

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/relmap/relmap/graph"
)

// WhatIfLimit is the number of suggestions WhatIf returns at most.
const WhatIfLimit = 10

// Kinds of Suggestion.
const (
	// SuggestNewTie: an employee without a tie to the person should meet
	// them.
	SuggestNewTie = "new_tie"
	// SuggestStrengthen: an employee who already has a tie to the person
	// should strengthen it.
	SuggestStrengthen = "strengthen"
)

// Suggestion is one way to lift a target's network accessibility to a
// threshold: a new or stronger tie between one of our employees and one
// person (see WhatIf).
type Suggestion struct {
	// Kind is SuggestNewTie or SuggestStrengthen.
	Kind string `json:"kind"`
	// Employee is who should act: for a stronger tie the employee who
	// holds the strongest tie to Person; for a new tie the employee who
	// reaches Person best already (Known); nil when no employee reaches
	// Person within the hop cap (anyone of us may meet them).
	Employee *PathNode `json:"employee,omitempty"`
	// Person is whom to meet: a person, or the target itself.
	Person PathNode `json:"person"`
	// Required is the least strength in (0,1] the tie Employee–Person must
	// have: threshold / Onward.
	Required float64 `json:"required"`
	// Current is the strength of the existing tie (SuggestStrengthen).
	Current float64 `json:"current,omitempty"`
	// Onward is the best path strength from Person to the target within
	// the hop cap less one, not through any employee (1 when Person is the
	// target); OnwardHops its ties.
	Onward     float64 `json:"onward"`
	OnwardHops int     `json:"onward_hops"`
	// Known is how well Employee knows Person already: the tie's strength
	// for SuggestStrengthen, the best warm path's for SuggestNewTie (0
	// when no employee reaches Person); KnownPath is that path.
	Known     float64 `json:"known"`
	KnownPath *Path   `json:"known_path,omitempty"`
	// Explanation says what to do and why.
	Explanation Text `json:"explanation"`
}

// WhatIf returns the cheapest new or strengthened ties — which employee
// should meet which person — that would lift the best warm-path strength
// from any employee to target, within maxHops ties (0: DefaultMaxHops),
// to at least threshold, cheapest first, at most WhatIfLimit of them.
//
// A tie of strength σ between an employee e and a person p opens the path
// e → p ⇝ T, so with
//
//	b(p) = max over paths P from p to T with ≤ H−1 ties of Π_{ties of P} s
//	σ(p) = θ / b(p)                      feasible when σ(p) ≤ 1
//
// (θ the threshold, H the hop cap, s the tie strengths) the tie must have
// strength at least σ(p); b(T) = 1, a direct tie. b comes from one
// hop-layered search from the target (the one WarmPaths uses), under the
// warm-path rules: no employee and no person who objected to being routed
// through (DoNotRoute) is an intermediate, so such a person is never p
// unless they are the target. Candidates are the persons of the network
// and the target.
//
// When an employee already has a tie to p (of strength c < σ(p), or the
// target would already be reached), the suggestion is to strengthen the
// strongest such tie from c to σ(p); otherwise it is a new tie, made by
// the employee with the best warm path to p (K = 1, the hop cap H), who
// can ask for an introduction. Suggestions are ordered by σ (lowest first,
// compared as costs −ln b as in WarmPaths), then by how well the employee
// knows p already (Known, highest first), then by the person's id.
//
// Choosing θ: the segment matrix's accessibility threshold t on a scale
// [lo, hi] corresponds to the network strength (t − lo)/(hi − lo), the
// inverse of segment.Scheme.OnScale.
//
// The result is empty when the target's best warm path already reaches θ,
// or when no single tie can (every σ > 1). Errors: target unknown
// (ENOTFOUND) or not a person or organisation (EINVALID), field "target";
// θ outside (0,1] (EINVALID, "threshold"); maxHops out of range (EINVALID,
// "max_hops"). Cost: one hop-layered search, O(H·E), and one WarmPaths
// query per suggestion considered (at most 10·WhatIfLimit). It panics if s
// is nil.
func WhatIf(ctx context.Context, s *Snapshot, target string, threshold float64, maxHops int) ([]Suggestion, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	t, err := lookupStakeholder(s, "target", target)
	if err != nil {
		return nil, fmt.Errorf("what-if: %w", err)
	}
	if math.IsNaN(threshold) || !(threshold > 0) || threshold > 1 {
		return nil, fmt.Errorf("what-if: %w", graph.Invalid("threshold", "%v is outside (0,1]", threshold))
	}
	var buf []uint8
	r, err := newRouting(s, routeQuery{maxHops: maxHops}, &buf)
	if err != nil {
		return nil, fmt.Errorf("what-if: %w", err)
	}
	H := r.hops
	best, err := WarmPaths(ctx, s, PathQuery{To: target, K: 1, MaxHops: H})
	if err != nil {
		return nil, fmt.Errorf("what-if: %w", err)
	}
	if len(best) > 0 && best[0].Strength >= threshold {
		return []Suggestion{}, nil
	}

	// b(p) for every p within H−1 ties of t: the layered search with every
	// layer unrestricted (the last-two-layer restrictions of warm paths
	// apply to layers H and H+1, which are not run).
	r.role[t] &^= rInter
	r.setTarget(t)
	r.hops = H + 1
	var tab layerTable
	tab.prepare(len(s.Nodes), H)
	if err := tab.run(ctx, r, t, -1, H-1); err != nil {
		return nil, err
	}
	type cand struct {
		p    int32
		cost int64
		hops int
	}
	var cands []cand
	limit := tieCost(threshold) // σ ≤ 1 ⇔ −ln b ≤ −ln θ
	for _, x := range tab.touched {
		if x != t && (s.Nodes[x].Kind != graph.KindPerson || r.role[x]&rInter == 0) {
			continue
		}
		c, h := tab.get(H-1, x)
		if c == costInf || c > limit {
			continue
		}
		cands = append(cands, cand{x, c, h})
	}
	slices.SortFunc(cands, func(a, b cand) int { return cmp.Or(cmp.Compare(a.cost, b.cost), cmp.Compare(a.p, b.p)) })
	// Consider every candidate as cheap as the WhatIfLimit-th, so that the
	// second key can order the tied ones, up to 10·WhatIfLimit.
	if len(cands) > WhatIfLimit {
		last := cands[WhatIfLimit-1].cost
		n := WhatIfLimit
		for n < len(cands) && n < 10*WhatIfLimit && cands[n].cost == last {
			n++
		}
		cands = cands[:n]
	}

	type ranked struct {
		Suggestion
		cost int64
	}
	var out []ranked
	for _, c := range cands {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		onward := math.Exp(-float64(c.cost) / costScale)
		sg := Suggestion{
			Person:     pathNode(s, c.p),
			Required:   min(threshold/onward, 1),
			Onward:     onward,
			OnwardHops: c.hops,
		}
		// The strongest existing tie to p of an employee who has not left:
		// a stated tie or an evidence tie; a colleague step is no tie one
		// strengthens.
		holder, held := int32(-1), 0.0
		for k := r.ix.off[c.p]; k < r.ix.off[c.p+1]; k++ {
			y := r.ix.adj[k]
			if r.ix.role[y]&(rEmployee|rInter) != rEmployee|rInter {
				continue
			}
			if st, _ := r.ix.carry(s, r.ix.tieOf[k], ^bitColleague, -1); st > 0 && (holder < 0 || st > held) {
				holder, held = y, st
			}
		}
		if holder >= 0 && held > 0 {
			if held >= sg.Required {
				continue // rounding: this tie already carries the threshold
			}
			e := pathNode(s, holder)
			sg.Kind, sg.Employee, sg.Current, sg.Known = SuggestStrengthen, &e, held, held
		} else {
			sg.Kind = SuggestNewTie
			ps, err := WarmPaths(ctx, s, PathQuery{To: s.Nodes[c.p].ID, K: 1, MaxHops: H})
			if err != nil {
				return nil, fmt.Errorf("what-if: %w", err)
			}
			if len(ps) > 0 {
				p := ps[0]
				e := p.Nodes[0]
				sg.Employee, sg.Known, sg.KnownPath = &e, p.Strength, &p
			}
		}
		sg.Explanation = whatIfText(sg, s.Nodes[t].Name, threshold)
		out = append(out, ranked{sg, c.cost})
	}
	slices.SortFunc(out, func(a, b ranked) int {
		return cmp.Or(cmp.Compare(a.cost, b.cost), cmp.Compare(b.Known, a.Known), cmp.Compare(a.Person.ID, b.Person.ID))
	})
	res := make([]Suggestion, 0, min(len(out), WhatIfLimit))
	for i := range min(len(out), WhatIfLimit) {
		res = append(res, out[i].Suggestion)
	}
	return res, nil
}

// whatIfText explains a suggestion in English and Dutch.
func whatIfText(sg Suggestion, target string, threshold float64) Text {
	f := FormatStrength
	p := sg.Person.Name
	var en, nl string
	switch {
	case sg.Kind == SuggestStrengthen:
		en = fmt.Sprintf("%s should strengthen the tie with %s from %s to at least %s", sg.Employee.Name, p, f(sg.Current, "en"), f(sg.Required, "en"))
		nl = fmt.Sprintf("%s zou de band met %s moeten versterken van %s naar minstens %s", sg.Employee.Name, p, f(sg.Current, "nl"), f(sg.Required, "nl"))
	case sg.Employee != nil:
		en = fmt.Sprintf("%s, who already reaches %s through a warm path of %s, should meet %s and build a tie of at least %s", sg.Employee.Name, p, f(sg.Known, "en"), p, f(sg.Required, "en"))
		nl = fmt.Sprintf("%s, die %s al bereikt via een warm pad van %s, zou %s moeten ontmoeten en een band van minstens %s opbouwen", sg.Employee.Name, p, f(sg.Known, "nl"), p, f(sg.Required, "nl"))
	default:
		en = fmt.Sprintf("One of us should meet %s, whom no one of us reaches yet, and build a tie of at least %s", p, f(sg.Required, "en"))
		nl = fmt.Sprintf("Iemand van ons zou %s moeten ontmoeten, die nog niemand van ons bereikt, en een band van minstens %s opbouwen", p, f(sg.Required, "nl"))
	}
	if sg.OnwardHops == 0 {
		en += fmt.Sprintf("; that direct tie brings %s to %s.", target, f(threshold, "en"))
		nl += fmt.Sprintf("; die directe band brengt %s op %s.", target, f(threshold, "nl"))
		return Text{EN: en, NL: nl}
	}
	steps, stappen := "steps", "stappen"
	if sg.OnwardHops == 1 {
		steps, stappen = "step", "stap"
	}
	en += fmt.Sprintf("; %s reaches %s with %s in %d %s, so the best path to %s rises to %s.", p, target, f(sg.Onward, "en"), sg.OnwardHops, steps, target, f(threshold, "en"))
	nl += fmt.Sprintf("; %s bereikt %s met %s in %d %s, dus het beste pad naar %s stijgt naar %s.", p, target, f(sg.Onward, "nl"), sg.OnwardHops, stappen, target, f(threshold, "nl"))
	return Text{EN: en, NL: nl}
}
