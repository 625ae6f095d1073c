package analysis

import "time"

// SetClock makes c measure ages with clock (tests of the staleness bound).
func SetClock(c *Cache, clock func() time.Time) { c.clock = clock }

// EvidenceOf returns the evidence the snapshot holds, by pair of ids.
func EvidenceOf(s *Snapshot) map[[2]string]Evidence {
	out := map[[2]string]Evidence{}
	s.evidence.all(func(k nodePair, l pairLog) bool {
		a, b := k.nodes()
		out[[2]string{s.Nodes[a].ID, s.Nodes[b].ID}] = l.ev
		return true
	})
	return out
}
