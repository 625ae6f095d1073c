package analysis

import (
	"math"
	"time"

	"github.com/relmap/relmap/graph"
)

// Evidence is a tie's strength corrected by the logged contacts between
// its two ends, with the components that make it explainable (see
// TieEvidence).
type Evidence struct {
	// Stated is the strength the relationship records, in [0,1].
	Stated float64 `json:"stated"`
	// Frequency is f = 1 − exp(−n/4) for the n contacts in the last twelve
	// months, in [0,1).
	Frequency float64 `json:"frequency"`
	// Recency is r = 2^(−a/365) for the age a in days of the latest
	// contact, in (0,1].
	Recency float64 `json:"recency"`
	// Strength is the evidence strength the analyses use, in [0,1].
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
// stakeholder whose stated strength is stated, given the dates of the
// contacts logged between the two, as measured at now.
//
// With n the number of contacts dated in the twelve months up to now
// (after now − 1 year, at most now) and a ≥ 0 the age in days of the
// latest contact dated no later than now,
//
//	f = 1 − exp(−n/4)                    frequency, saturating: 4 contacts ≈ 0.63, 8 ≈ 0.86
//	r = 2^(−a/365)                       recency, halving every year of silence
//	B = (s + f + r) / 3                  the blend of stated strength and evidence
//	S = max( s·(1 + r)/2 , B )           the evidence strength
//
// where s is the stated strength, clamped to [0,1]. The first term of S is
// the graded decay: a tie loses at most a quarter of its stated strength
// in a quiet year (r = ½) and never falls below s/2, so a long
// relationship is not zeroed by one quiet year; it also keeps a tie with a
// contact today at its stated strength at least (r = 1). The second term
// lets recent, frequent contact lift a tie above what was stated, up to 1
// (s = f = r = 1). S is in [s/2, 1] and non-decreasing in s, n and r.
//
// Edge cases. A tie without any contact dated no later than now (none
// logged, or only future ones) has no evidence either way: S = s, with
// f = 0, r = 0 and Last zero. Contacts older than twelve months count for
// recency only. A stated strength above 1, below 0 or NaN is clamped (NaN
// as 0); the stores never hold one.
//
// Example: s = 0.5 with 8 contacts this year, the last 10 days ago:
// f = 1 − e⁻² ≈ 0.8647, r = 2^(−10/365) ≈ 0.9812, B ≈ 0.7820 and
// s(1+r)/2 ≈ 0.4953, so S ≈ 0.782 — above a tie stated 0.9 whose last
// contact was two years ago (r = ¼: S = max(0.5625, 0.3833) = 0.5625).
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
	blend := (s + ev.Frequency + ev.Recency) / 3
	ev.Strength = min(max(s*(1+ev.Recency)/2, blend), 1)
	return ev
}

// tiePair is an unordered pair of domain ids, smaller first.
type tiePair struct{ a, b string }

func tiePairOf(u, v string) tiePair {
	if v < u {
		u, v = v, u
	}
	return tiePair{u, v}
}

// applyEvidence replaces, in n, the strength of every relationship between
// an employee and a stakeholder whose pair has contacts dated no later
// than now by TieEvidence of its stated strength, and returns the evidence
// per pair (for the pair's strongest stated relationship; TieEvidence is
// non-decreasing in the stated strength, so that is the collapsed tie's).
// Contacts between a pair without a relationship add no tie.
func applyEvidence(n *graph.Network, contacts []*graph.Contact, now time.Time) map[tiePair]Evidence {
	dates := make(map[tiePair][]time.Time)
	for _, c := range contacts {
		if c == nil || c.Date.After(now) {
			continue
		}
		k := tiePairOf(c.EmployeeID, c.StakeholderID)
		dates[k] = append(dates[k], c.Date)
	}
	if len(dates) == 0 {
		return nil
	}
	kind := make(map[string]graph.Kind, len(n.Nodes))
	for _, x := range n.Nodes {
		kind[x.ID] = x.Kind
	}
	out := make(map[tiePair]Evidence)
	for i := range n.Edges {
		e := &n.Edges[i]
		ku, kv := kind[e.From], kind[e.To]
		if !(ku == graph.KindEmployee && kv.IsStakeholder() || kv == graph.KindEmployee && ku.IsStakeholder()) {
			continue
		}
		k := tiePairOf(e.From, e.To)
		ds, ok := dates[k]
		if !ok {
			continue
		}
		ev := TieEvidence(e.Strength, ds, now)
		if old, seen := out[k]; !seen || ev.Stated > old.Stated {
			out[k] = ev
		}
		e.Strength = ev.Strength
	}
	return out
}

// Evidence returns the evidence behind the tie between nodes u and v (domain
// ids, either order) when the snapshot was built with contacts (Cache with
// Contacts) and the pair has logged contacts; ok is false otherwise, and
// the tie then carries its stated strength.
func (s *Snapshot) Evidence(u, v string) (ev Evidence, ok bool) {
	ev, ok = s.evidence[tiePairOf(u, v)]
	return ev, ok
}
