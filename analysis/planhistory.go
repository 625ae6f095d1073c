package analysis

import (
	"context"
	"slices"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// MaxStrengthPoints is the most points StrengthHistory returns: the
// plan's start, now, and the latest MaxStrengthPoints − 2 days between
// on which something happened that could change the strength.
const MaxStrengthPoints = 24

// StrengthPoint is a target's best warm-path strength at one instant.
type StrengthPoint struct {
	At time.Time `json:"at"`
	// Strength is in [0,1]; 0: no warm path.
	Strength float64 `json:"strength"`
}

// History is what StrengthHistory winds the network back from: the network
// as stored, when each relationship began (RelationshipBegun, by id), the
// contact log and the path rules (nil: the defaults) — what the "what
// changed" report reads, so that both see the same network on a day.
type History struct {
	Network  *graph.Network
	Begun    map[string]time.Time
	Contacts []*graph.Contact
	Rules    *graph.PathRules
}

// StrengthHistory returns the best warm-path strength from any employee to
// target (WarmPaths, k = 1, as PlanProgress.Strength) over time, oldest
// first: at start (the plan's created_at), at the end of each day after
// start and before now's day on which something happened that could change
// it (start's own day too, for what happened after start), and at now.
// Such a day is one on which
//
//   - a contact was logged (dated) between an employee and a stakeholder
//     near the target,
//   - a relationship near the target began (RelationshipBegun) or ended
//     (its until: the snapshot leaves it out from that day on), or
//   - an employee near the target left (her last day),
//
// where near means within 2 · DefaultMaxHops steps of the target over the
// relationships and the contact pairs, undirected (a path step through an
// organisation, a colleague step, takes two such steps). The network at an
// instant t before now is NetworkAsOf(h.Network, h.Begun, t) built with
// Options{Now: t} and the contacts (contacts dated after t give no
// evidence, employees gone by t carry no path); at now it is the network
// as stored, built as the snapshot every analysis uses, so the last point
// is PlanProgress.Strength. At most MaxStrengthPoints points: the start,
// now and the latest days between. Each point costs one snapshot build and
// one WarmPaths; ctx is honoured between points. A start after now gives
// the point at now only.
func StrengthHistory(ctx context.Context, h History, target string, start, now time.Time) ([]StrengthPoint, error) {
	var instants []time.Time
	if start.Before(now) {
		instants = append(instants, start)
		days := changeDays(h, target, start, now)
		if n := MaxStrengthPoints - 2; len(days) > n {
			days = days[len(days)-n:]
		}
		for _, d := range days {
			instants = append(instants, segment.EndOfDay(d))
		}
	}
	instants = append(instants, now)
	out := make([]StrengthPoint, 0, len(instants))
	for i, at := range instants {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		net := h.Network
		if i < len(instants)-1 {
			net = NetworkAsOf(h.Network, h.Begun, at)
		}
		s, err := Build(net, Options{Now: at, Contacts: h.Contacts, Rules: h.Rules})
		if err != nil {
			return nil, err
		}
		p, err := (&ReachCache{}).Best(ctx, s, target)
		if err != nil {
			return nil, err
		}
		pt := StrengthPoint{At: at}
		if p != nil {
			pt.Strength = p.Strength
		}
		out = append(out, pt)
	}
	return out, nil
}

// changeDays returns the days (midnight UTC) from start's day (an event
// after start) to the day before now's on which a contact, a relationship's beginning or a departure
// near target happened (see StrengthHistory), in order.
func changeDays(h History, target string, start, now time.Time) []time.Time {
	adj := map[string][]string{}
	link := func(a, b string) {
		adj[a] = append(adj[a], b)
		adj[b] = append(adj[b], a)
	}
	for _, e := range h.Network.Edges {
		link(e.From, e.To)
	}
	for _, c := range h.Contacts {
		link(c.EmployeeID, c.StakeholderID)
	}
	near := map[string]bool{target: true}
	frontier := []string{target}
	for range 2 * DefaultMaxHops {
		var next []string
		for _, id := range frontier {
			for _, o := range adj[id] {
				if !near[o] {
					near[o] = true
					next = append(next, o)
				}
			}
		}
		frontier = next
	}
	first, today := graph.Day(start), graph.Day(now)
	seen := map[time.Time]bool{}
	var days []time.Time
	add := func(t time.Time) {
		d := graph.Day(t)
		if (d.After(first) || d.Equal(first) && t.After(start)) && d.Before(today) && !seen[d] {
			seen[d] = true
			days = append(days, d)
		}
	}
	for _, c := range h.Contacts {
		if near[c.StakeholderID] {
			add(c.Date)
		}
	}
	for _, e := range h.Network.Edges {
		if !near[e.From] || !near[e.To] {
			continue
		}
		if b, ok := h.Begun[e.ID]; ok {
			add(b)
		}
		if !e.Until.IsZero() {
			add(e.Until)
		}
	}
	for _, n := range h.Network.Nodes {
		if n.Kind == graph.KindEmployee && !n.End.IsZero() && near[n.ID] {
			add(n.End.AddDate(0, 0, 1)) // gone from the day after her last
		}
	}
	slices.SortFunc(days, func(a, b time.Time) int { return a.Compare(b) })
	return days
}
