package analysis

import (
	"cmp"
	"slices"
	"time"

	"github.com/relmap/relmap/graph"
)

// This file applies contact writes to a snapshot: the next version's tie
// evidence and route index are derived from the previous version's and
// the contacts written, without reading the contact log again or building
// the route index anew.

// withContacts returns the snapshot of the network of s with the contact
// log as it is after writes that created, changed or deleted the contacts
// ids; stored are those of ids still stored, as they are now (a contact
// named twice counts once). The
// evidence is measured at the clock of s's (s.evNow), so the result is
// the snapshot a build with the whole contact log at that clock gives
// (Options.Contacts).
//
// Only the pairs those contacts are, and were, logged between get new
// evidence (s keeps, per pair, the dates behind it and, per contact, its
// pair and date); which ties of the route index that changes — the pair's
// own, and for an employee's affiliation with an organisation, the
// colleague steps at that organisation — is routeIndex.withChanges's
// business. Everything else is shared with s, which stays as it was.
//
// ok is false when it cannot: s was built without the contact log, or a
// contact dated after s's clock, of s or of the writes, is due by now
// (its evidence then counts, which only a build at a later clock gives).
// It costs O(c log c) in the c contacts written, plus copies of the tie
// strengths and of what of the route index changes (see withChanges).
func (s *Snapshot) withContacts(ids []string, stored []*graph.Contact, now time.Time) (out *Snapshot, ok bool) {
	if s.contacts == nil || !s.due.IsZero() && !now.Before(s.due) {
		return nil, false
	}
	next := *s
	out = &next
	out.lazy = &lazyParts{}
	out.evidence, out.contacts = s.evidence.derive(), s.contacts.derive()
	dates := make(map[nodePair][]time.Time) // the pairs written, with their new dates
	datesOf := func(k nodePair) []time.Time {
		if d, ok := dates[k]; ok {
			return d
		}
		l, _ := s.evidence.get(k)
		return l.dates
	}
	for _, id := range ids {
		if ref, ok := out.contacts.get(id); ok {
			dates[ref.pair] = withoutDate(datesOf(ref.pair), ref.date)
			out.contacts.del(id)
		}
	}
	for _, c := range stored {
		if c == nil {
			continue
		}
		if _, twice := out.contacts.get(c.ID); twice {
			continue // the same contact again
		}
		k, ok := out.contactPair(c)
		switch {
		case !ok:
			continue
		case c.Date.After(out.evNow):
			if !c.Date.After(now) {
				return nil, false // due already
			}
			out.noteDue(c.Date)
			continue
		}
		out.contacts.set(c.ID, contactRef{k, c.Date})
		dates[k] = append(slices.Clip(datesOf(k)), c.Date)
	}
	pairs := make([]nodePair, 0, len(dates))
	for k := range dates {
		pairs = append(pairs, k)
	}
	slices.Sort(pairs)
	var ties []int32       // stated ties whose strengths changed
	var derived []nodePair // pairs without a stated tie whose evidence changed
	copied := false
	for _, k := range pairs {
		l, t := out.setEvidence(k, dates[k], &copied)
		if len(l.dates) == 0 {
			out.evidence.del(k)
		} else {
			out.evidence.set(k, l)
		}
		if t >= 0 {
			ties = append(ties, t)
		} else {
			derived = append(derived, k)
		}
	}
	if ix := s.lazy.built.Load(); ix != nil {
		nix, moved := ix.withChanges(s, out, ties, derived)
		out.lazy.routesOnce.Do(func() {
			out.lazy.routes = nix
			out.lazy.built.Store(nix)
		})
		if !moved {
			out.lazy.keepHops(s.lazy)
		}
	}
	return out, true
}

// withoutDate returns ds without one occurrence of d, in a new slice.
func withoutDate(ds []time.Time, d time.Time) []time.Time {
	i := slices.IndexFunc(ds, d.Equal)
	if i < 0 {
		return ds
	}
	return slices.Concat(ds[:i], ds[i+1:])
}

// derivedBetween returns the derived ties on the pair of nodes a < b of
// s, as buildRouteIndex finds them: the evidence tie of a pair with
// contacts and no stated tie, and the colleague steps (see colleagues) at
// the organisations both are people of, in organisation order; has is
// false when there are none.
func derivedBetween(s *Snapshot, a, b int32) (d derivedTies, has bool) {
	if l, ok := s.evidence.get(pairOf(a, b)); ok && l.ev.Derived && l.ev.Strength > 0 {
		d.contact, has = l.ev.Strength, true
	}
	c := s.Rules.ColleagueStrength
	if !(c > 0) {
		return d, has
	}
	var buf []member
	for k := s.Off[a]; k < s.Off[a+1]; k++ { // organisations in index order
		o := s.Adj[k]
		if s.Nodes[o].Kind != graph.KindOrganisation {
			continue
		}
		ma := s.membership(a, s.TieOf[k])
		if ma == 0 {
			continue
		}
		tb := s.tieBetween(b, o)
		if tb < 0 {
			continue
		}
		mb := s.membership(b, tb)
		if mb == 0 {
			continue
		}
		buf = s.members(o, buf[:0], s.Rules.ColleagueMaxPeople+1)
		if len(buf) < 2 || len(buf) > s.Rules.ColleagueMaxPeople {
			continue
		}
		d.addColleague(colleagueStep{strength: c * min(ma, mb), org: o})
		has = true
	}
	return d, has
}

// colleaguePairs adds to set every pair of people of organisation o in s
// that has a colleague step there (two to ColleagueMaxPeople people).
func colleaguePairs(s *Snapshot, o int32, set map[nodePair]bool) {
	if !(s.Rules.ColleagueStrength > 0) {
		return
	}
	ms := s.members(o, nil, s.Rules.ColleagueMaxPeople+1)
	if len(ms) < 2 || len(ms) > s.Rules.ColleagueMaxPeople {
		return
	}
	for i, a := range ms {
		for _, b := range ms[i+1:] {
			set[pairOf(a.x, b.x)] = true
		}
	}
}

// find returns the index in ix.ties of the route tie between nodes a and
// b, or -1.
func (ix *routeIndex) find(a, b int32) int32 {
	if k := ix.arcAt(a, b); k >= 0 {
		return ix.tieOf[k]
	}
	return -1
}

// arcAt returns the arc a→b, or -1.
func (ix *routeIndex) arcAt(a, b int32) int32 { return arcOf(ix.off, ix.adj, a, b) }

// withChanges returns the route index of s, a snapshot derived from prev
// (whose index ix is) by contact writes: ties are the stated ties whose
// strengths changed, pairs the pairs without a stated tie whose evidence
// changed. The route ties affected are those of ties and pairs and, when a
// tie is an affiliation with an organisation whose strength for colleague
// steps changed (membership), every pair of people with a colleague step
// at that organisation before or after. Each is made again as
// buildRouteIndex makes it (statedRoute, derivedBetween) and its arcs
// costed again; a pair that gains its first route tie is added, one that
// loses all it carried keeps a tie no arc of which is usable (as a tie of
// strength 0 is). What changes is copied: the route ties, the derived
// ties, the arc costs, and the adjacency only when ties are added (O(n +
// m) then, copies without any sorting); ix stays as it was for readers
// that hold prev.
//
// moved reports whether some arc was added or became usable or unusable:
// the brokers' hop distances, which depend on nothing else, are then
// found again.
func (ix *routeIndex) withChanges(prev, s *Snapshot, ties []int32, pairs []nodePair) (out *routeIndex, moved bool) {
	affected := make(map[nodePair]bool, len(ties)+len(pairs))
	for _, t := range ties {
		u, v := s.Ties[t].U, s.Ties[t].V
		affected[pairOf(u, v)] = true
		for _, e := range [2][2]int32{{u, v}, {v, u}} {
			if x, o := e[0], e[1]; s.Nodes[o].Kind == graph.KindOrganisation && prev.membership(x, t) != s.membership(x, t) {
				colleaguePairs(prev, o, affected)
				colleaguePairs(s, o, affected)
			}
		}
	}
	for _, k := range pairs {
		affected[k] = true
	}
	keys := make([]nodePair, 0, len(affected))
	for k := range affected {
		keys = append(keys, k)
	}
	slices.Sort(keys)

	next := *ix
	out = &next
	var copiedTies, copiedDerived, copiedCost bool
	ownTies := func() {
		if !copiedTies {
			out.ties, copiedTies = slices.Clone(ix.ties), true
		}
	}
	setDerived := func(r *routeTie, d derivedTies, has bool) {
		switch {
		case !has:
			r.derived = -1
			return
		case !copiedDerived:
			out.derived, copiedDerived = slices.Clone(ix.derived), true
		}
		if r.derived < 0 {
			r.derived = int32(len(out.derived))
			out.derived = append(out.derived, d)
			return
		}
		out.derived[r.derived] = d
	}
	var added []int32        // new route ties, indexes in out.ties
	var addedEnds []nodePair // their ends
	for _, k := range keys {
		a, b := k.nodes()
		r := routeTie{tie: -1, derived: -1}
		if t := s.tieBetween(a, b); t >= 0 {
			r = statedRoute(s, t)
		}
		d, has := derivedBetween(s, a, b)
		i := ix.find(a, b)
		if i < 0 {
			if r.mask == 0 && !has {
				continue
			}
			ownTies()
			setDerived(&r, d, has)
			added, addedEnds = append(added, int32(len(out.ties))), append(addedEnds, k)
			out.ties = append(out.ties, r)
			moved = true
			continue
		}
		ownTies()
		r.derived = out.ties[i].derived
		setDerived(&r, d, has)
		out.ties[i] = r
		v, _ := out.carry(s, i, 0, -1)
		c := tieCost(v)
		ka, kb := out.arcAt(a, b), out.arcAt(b, a)
		if old := out.arcCost[ka]; old != c {
			if (old == costInf) != (c == costInf) {
				moved = true
			}
			if !copiedCost {
				out.arcCost, copiedCost = slices.Clone(ix.arcCost), true
			}
			out.arcCost[ka], out.arcCost[kb] = c, c
		}
	}
	if len(added) > 0 {
		out.addArcs(s, added, addedEnds)
	}
	return out, moved
}

// addArcs adds to the adjacency of ix the arcs of the route ties added
// (indexes in ix.ties, which have none yet) between the pairs ends,
// keeping every node's neighbours sorted: new arrays, merged node by node
// in O(n + m).
func (ix *routeIndex) addArcs(s *Snapshot, added []int32, ends []nodePair) {
	type arc struct {
		from, to, tie int32
		cost          int64
	}
	arcs := make([]arc, 0, 2*len(added))
	for j, i := range added {
		u, v := ends[j].nodes()
		st, _ := ix.carry(s, i, 0, -1)
		c := tieCost(st)
		arcs = append(arcs, arc{u, v, i, c}, arc{v, u, i, c})
	}
	slices.SortFunc(arcs, func(x, y arc) int { return cmp.Or(cmp.Compare(x.from, y.from), cmp.Compare(x.to, y.to)) })
	n := len(ix.off) - 1
	m := len(ix.adj) + len(arcs)
	off := make([]int32, n+1)
	adj, tieOf, cost := make([]int32, 0, m), make([]int32, 0, m), make([]int64, 0, m)
	j := 0
	for x := range int32(n) {
		off[x] = int32(len(adj))
		k, end := ix.off[x], ix.off[x+1]
		for ; j < len(arcs) && arcs[j].from == x; j++ {
			at := k
			for at < end && ix.adj[at] < arcs[j].to {
				at++
			}
			adj, tieOf, cost = append(adj, ix.adj[k:at]...), append(tieOf, ix.tieOf[k:at]...), append(cost, ix.arcCost[k:at]...)
			adj, tieOf, cost = append(adj, arcs[j].to), append(tieOf, arcs[j].tie), append(cost, arcs[j].cost)
			k = at
		}
		adj, tieOf, cost = append(adj, ix.adj[k:end]...), append(tieOf, ix.tieOf[k:end]...), append(cost, ix.arcCost[k:end]...)
	}
	off[n] = int32(len(adj))
	ix.off, ix.adj, ix.tieOf, ix.arcCost = off, adj, tieOf, cost
}
