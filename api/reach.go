package api

import (
	"context"
	"fmt"
	"strings"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/segment"
)

// ReachBody is the network's view of one stakeholder's accessibility,
// shown beside the judged score.
type ReachBody struct {
	// Strength is the best warm-path strength from any employee (0: none
	// within the hop cap); OnScale is the same mapped onto the scale.
	Strength float64 `json:"strength"`
	OnScale  float64 `json:"on_scale"`
	Hops     int     `json:"hops"`
	// From is the employee the best path starts at; Via who opens the door.
	From string             `json:"from,omitempty"`
	Via  *analysis.PathNode `json:"via,omitempty"`
	// Disagreement, when set, says in lang how the judged accessibility
	// and the network's differ by more than segment.DefaultDisagreement.
	Disagreement string `json:"disagreement,omitempty"`
}

// addNetwork measures the network-measured accessibility of every row of m
// (analysis.NetworkAccessibility on the cached snapshot), stores it in the
// rows and returns the per-row bodies by stakeholder id.
func (s *Server) addNetwork(ctx context.Context, m *segment.Matrix, lang string) (map[string]ReachBody, error) {
	if s.Snapshots == nil {
		return nil, nil
	}
	snap, err := s.Snapshots.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]string, m.Len())
	for i, r := range m.All() {
		ids[i] = r.Stakeholder.ID
	}
	reach, err := analysis.NetworkAccessibility(ctx, snap, ids, 0)
	if err != nil {
		return nil, err
	}
	out := make(map[string]ReachBody, len(reach))
	for i := range m.Len() {
		r := m.Row(i)
		x, ok := reach[r.Stakeholder.ID]
		if !ok {
			continue
		}
		v := x.Strength
		r.NetworkAccessibility = &v
		m.SetNetworkAccessibility(i, v)
		b := ReachBody{Strength: v, OnScale: m.Scheme.OnScale(v), Hops: x.Hops}
		if x.Path != nil {
			b.From = x.Path.From
		}
		if via := x.Via(); via.ID != "" {
			b.Via = &via
		}
		if r.Disagrees(m.Scheme, segment.DefaultDisagreement) {
			b.Disagreement = disagreement(r, b, lang)
		}
		out[r.Stakeholder.ID] = b
	}
	return out, nil
}

// disagreement explains, in lang, a row whose judged and measured
// accessibility differ: "scored hard to reach (2.0), but reachable at 0.72
// through Jan de Vries".
func disagreement(r segment.MatrixRow, b ReachBody, lang string) string {
	judged := r.Placement.Accessibility.Mean
	num := func(v float64) string {
		s := fmt.Sprintf("%.2g", v)
		if lang == "nl" {
			s = strings.ReplaceAll(s, ".", ",")
		}
		return s
	}
	score := fmt.Sprintf("%.1f", judged)
	if lang == "nl" {
		score = strings.ReplaceAll(score, ".", ",")
	}
	through := ""
	if b.Via != nil {
		through = b.Via.Name
	}
	switch {
	case b.OnScale > judged && lang == "nl" && through != "":
		return fmt.Sprintf("beoordeeld als moeilijk bereikbaar (%s), maar bereikbaar met %s via %s", score, num(b.Strength), through)
	case b.OnScale > judged && lang == "nl":
		return fmt.Sprintf("beoordeeld als moeilijk bereikbaar (%s), maar een medewerker heeft een directe band (%s)", score, num(b.Strength))
	case b.OnScale > judged && through != "":
		return fmt.Sprintf("scored hard to reach (%s), but reachable at %s through %s", score, num(b.Strength), through)
	case b.OnScale > judged:
		return fmt.Sprintf("scored hard to reach (%s), but an employee has a direct tie (%s)", score, num(b.Strength))
	case b.Hops == 0 && lang == "nl":
		return fmt.Sprintf("beoordeeld als goed bereikbaar (%s), maar geen medewerker bereikt hem binnen het maximum aantal stappen", score)
	case b.Hops == 0:
		return fmt.Sprintf("scored easy to reach (%s), but no employee reaches it within the hop cap", score)
	case lang == "nl":
		return fmt.Sprintf("beoordeeld als goed bereikbaar (%s), maar het beste warme pad is maar %s", score, num(b.Strength))
	}
	return fmt.Sprintf("scored easy to reach (%s), but the best warm path is only %s", score, num(b.Strength))
}
