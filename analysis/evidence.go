package analysis

import (
	"math"
	"slices"
	"time"

	"github.com/relmap/relmap/graph"
)

// Evidence is what the logged contacts between one of our employees and a
// stakeholder say about the tie between them, with the components that
// make it explainable (see TieEvidence).
type Evidence struct {
	// Stated is the strength the relationship records, in [0,1]; 0 when
	// no relationship is stated between the two (Derived).
	Stated float64 `json:"stated"`
	// Derived is set when no relationship is stated between the two: the
	// contacts alone make the tie.
	Derived bool `json:"derived,omitempty"`
	// Frequency is f = 1 − exp(−n/4) for the n contacts in the last twelve
	// months, in [0,1).
	Frequency float64 `json:"frequency"`
	// Recency is r = 2^(−a/365) for the age a in days of the latest
	// contact, in (0,1].
	Recency float64 `json:"recency"`
	// Strength is the evidence strength the analyses use, in [Stated,1].
	Strength float64 `json:"strength"`
	// Contacts is n: the contacts dated in the twelve months up to now.
	Contacts int `json:"contacts"`
	// Last is the latest contact dated no later than now; zero when none.
	Last time.Time `json:"last,omitzero"`
}

// EvidenceWindow is the period whose contacts count towards a tie's
// frequency: twelve months up to now.
const EvidenceWindow = 12 // months

// TieEvidence returns the strength of a tie between an employee and a
// stakeholder whose stated strength is stated (0 when no relationship is
// stated), given the dates of the contacts logged between the two, as
// measured at now.
//
// With n the number of contacts dated in the twelve months up to now
// (after now − 1 year, at most now) and a ≥ 0 the age in days of the
// latest contact dated no later than now,
//
//	f = 1 − exp(−n/4)                    frequency, saturating: 4 contacts ≈ 0.63, 8 ≈ 0.86
//	r = 2^(−a/365)                       recency, halving every year of silence
//	S = max( s , (s + f + r) / 3 )       the evidence strength
//
// where s is the stated strength, clamped to [0,1]. Evidence never hurts:
// S ≥ s, and S is non-decreasing in s, n and r, so logging a contact (which
// raises n, or r, or both, and lowers neither) never lowers a tie, and a
// tie with no contacts keeps its stated strength exactly. Recent, frequent
// contact lifts a tie above what was stated, up to 1 (s = f = r = 1).
// Contacts with no stated tie make one of strength (f + r)/3 ≤ 2/3: three
// meetings last month give about 0.49. No decay applies, to stated ties or
// to evidence, for the passing of time alone beyond what r says of the
// contacts: a quiet year lowers the evidence term, never the stated
// strength.
//
// Edge cases. A tie without any contact dated no later than now (none
// logged, or only future ones) has no evidence either way: S = s, with
// f = 0, r = 0 and Last zero. Contacts older than twelve months count for
// recency only. A stated strength above 1, below 0 or NaN is clamped (NaN
// as 0); the stores never hold one.
//
// Example: s = 0.5 with 8 contacts this year, the last 10 days ago:
// f = 1 − e⁻² ≈ 0.8647, r = 2^(−10/365) ≈ 0.9812, (s+f+r)/3 ≈ 0.7820, so
// S ≈ 0.782. A tie stated 0.7 with one meeting 280 days ago: f ≈ 0.2212,
// r ≈ 0.5877, (s+f+r)/3 ≈ 0.5030, so S = 0.7 (the meeting does not lower it).
//
// Cost: O(len(contactDates)).
func TieEvidence(stated float64, contactDates []time.Time, now time.Time) Evidence {
	s := stated
	if !(s > 0) {
		s = 0
	}
	s = min(s, 1)
	ev := Evidence{Stated: s, Strength: s}
	since := now.AddDate(0, -EvidenceWindow, 0)
	for _, d := range contactDates {
		if d.After(now) {
			continue
		}
		if d.After(ev.Last) {
			ev.Last = d
		}
		if d.After(since) {
			ev.Contacts++
		}
	}
	if ev.Last.IsZero() {
		return ev
	}
	age := max(now.Sub(ev.Last).Hours()/24, 0)
	ev.Frequency = 1 - math.Exp(-float64(ev.Contacts)/4)
	ev.Recency = math.Exp2(-age / 365)
	ev.Strength = min(max(s, (s+ev.Frequency+ev.Recency)/3), 1)
	return ev
}

// nodePair is an unordered pair of node indexes: the smaller in the high
// half.
type nodePair uint64

func pairOf(a, b int32) nodePair {
	if b < a {
		a, b = b, a
	}
	return nodePair(uint64(uint32(a))<<32 | uint64(uint32(b)))
}

// nodes returns the pair's nodes, the smaller first.
func (k nodePair) nodes() (int32, int32) { return int32(uint32(k >> 32)), int32(uint32(k)) }

// contactRef is what a snapshot keeps of a logged contact that counts
// for its evidence: the pair it is logged between and its date.
type contactRef struct {
	pair nodePair
	date time.Time
}

// pairLog is the evidence of one employee–stakeholder pair with the dates
// of the contacts behind it.
type pairLog struct {
	ev    Evidence
	dates []time.Time
}

// contactPair returns the pair of nodes of s that c is logged between, and
// false when an end is not a node of s (an objecting person) or the ends
// are not an employee and a stakeholder (a contact the stores refuse).
func (s *Snapshot) contactPair(c *graph.Contact) (nodePair, bool) {
	a, okA := s.Index(c.EmployeeID)
	b, okB := s.Index(c.StakeholderID)
	if !okA || !okB {
		return 0, false
	}
	ka, kb := s.Nodes[a].Kind, s.Nodes[b].Kind
	if !(ka == graph.KindEmployee && kb.IsStakeholder() || kb == graph.KindEmployee && ka.IsStakeholder()) {
		return 0, false
	}
	return pairOf(a, b), true
}

// applyEvidence sets, in s (fresh from with, its Ties and strengths still
// shared with the network read), the strength of every relationship
// between an employee and a stakeholder whose pair has contacts dated no
// later than now to TieEvidence of its stated strength, copying what it
// changes, and keeps the evidence per pair: for the pair's strongest stated
// relationship (TieEvidence is strictly increasing in the stated strength,
// so the order of a tie's relationships and the tie's strongest stay as
// stated), or, for a pair with contacts and no relationship, the evidence
// of stated strength 0 marked Derived (the routing index makes it a tie).
// Contacts whose employee or stakeholder is not a node of s are skipped.
// It also keeps the contacts that count, by id, and the earliest date of
// those after now, so that a write of a few contacts can be applied to s
// (withContacts). It costs O(c + m) for c contacts: the copies, when any
// tie changes.
func (s *Snapshot) applyEvidence(contacts []*graph.Contact, now time.Time) {
	s.evNow, s.due = now, time.Time{}
	refs := make(map[string]contactRef)
	logs := make(map[nodePair]pairLog)
	for _, c := range contacts {
		if c == nil {
			continue
		}
		k, ok := s.contactPair(c)
		switch {
		case !ok:
			continue
		case c.Date.After(now):
			s.noteDue(c.Date)
			continue
		}
		refs[c.ID] = contactRef{k, c.Date}
		l := logs[k]
		l.dates = append(l.dates, c.Date)
		logs[k] = l
	}
	s.contacts, s.evidence = newLayered(refs), newLayered(logs)
	if len(logs) == 0 {
		return
	}
	copied := false
	for k, l := range logs {
		logs[k], _ = s.setEvidence(k, l.dates, &copied)
	}
}

// noteDue notes a contact dated d after the evidence's clock.
func (s *Snapshot) noteDue(d time.Time) {
	if s.due.IsZero() || d.Before(s.due) {
		s.due = d
	}
}

// setEvidence sets the strengths of the relationships of pair k from the
// contact dates as measured at s.evNow (no dates: their stated
// strengths), copying s.Ties and s.strength first unless *copied, and
// returns the pair's log (the zero log without dates) and the index of
// the pair's stated tie, -1 for none.
func (s *Snapshot) setEvidence(k nodePair, dates []time.Time, copied *bool) (pairLog, int32) {
	a, b := k.nodes()
	t := s.tieBetween(a, b)
	if t < 0 {
		if len(dates) == 0 {
			return pairLog{}, -1
		}
		ev := TieEvidence(0, dates, s.evNow)
		ev.Derived = true
		return pairLog{ev, dates}, -1
	}
	if !*copied {
		s.Ties, s.strength, *copied = slices.Clone(s.Ties), slices.Clone(s.strength), true
	}
	var out pairLog
	lo, hi := s.rel.off[t], s.rel.off[t+1]
	for r := lo; r < hi; r++ {
		if len(dates) == 0 {
			s.strength[r] = s.rel.stated[r]
			continue
		}
		ev := TieEvidence(s.rel.stated[r], dates, s.evNow)
		if r == lo {
			out = pairLog{ev, dates}
		}
		s.strength[r] = ev.Strength
	}
	s.Ties[t].Strength = s.strength[lo]
	return out, t
}

// tieBetween returns the index in Ties of the tie between nodes a and b, or
// -1.
func (s *Snapshot) tieBetween(a, b int32) int32 {
	if k := arcOf(s.Off, s.Adj, a, b); k >= 0 {
		return s.TieOf[k]
	}
	return -1
}

// arcOf returns the position of b among the neighbours of a in the CSR
// adjacency off, adj (each node's neighbours sorted), or -1: a binary
// search.
func arcOf(off, adj []int32, a, b int32) int32 {
	lo, hi := off[a], off[a+1]
	for lo < hi {
		m := int32(uint32(lo+hi) >> 1)
		switch x := adj[m]; {
		case x == b:
			return m
		case x < b:
			lo = m + 1
		default:
			hi = m
		}
	}
	return -1
}

// pairStrength is the strength between nodes a and b as the warm paths
// weigh it: their tie's (its stated strength with its contacts' evidence),
// or, for a pair with contacts and no tie, the evidence of stated strength
// 0; 0 for a pair with neither.
func (s *Snapshot) pairStrength(a, b int32) float64 {
	if t := s.tieBetween(a, b); t >= 0 {
		return s.Ties[t].Strength
	}
	if l, ok := s.evidence.get(pairOf(a, b)); ok {
		return l.ev.Strength
	}
	return 0
}

// Evidence returns the evidence behind the tie between nodes u and v (domain
// ids, either order) when the snapshot was built with contacts (Cache with
// Contacts) and the pair has logged contacts; ok is false otherwise, and
// the tie then carries its stated strength.
func (s *Snapshot) Evidence(u, v string) (ev Evidence, ok bool) {
	a, okA := s.Index(u)
	b, okB := s.Index(v)
	if !okA || !okB {
		return Evidence{}, false
	}
	l, ok := s.evidence.get(pairOf(a, b))
	return l.ev, ok
}
