package analysis

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// LoadSettings say how much the introduction load of an intermediary and
// the segment of their organisation weigh when paths are re-ranked
// (RankByLoad). A factor of 1 switches its term off; every factor is in
// (0,1] but the segment factors, which are in (0,1] too and compare the
// segments with one another.
type LoadSettings struct {
	// OpenFactor multiplies a path's strength once per open request
	// (requested, agreed or made) through the intermediary. Default 0.8:
	// three open requests give 0.8³ = 0.512.
	OpenFactor float64 `json:"open_factor"`
	// RecentFactor multiplies it once per request through the
	// intermediary that is no longer open but was made within WindowDays
	// of the day. Default 0.9.
	RecentFactor float64 `json:"recent_factor"`
	// WindowDays is the window of recent requests. Default 90.
	WindowDays int `json:"window_days"`
	// After a request through the intermediary was declined, paths through
	// them get DeclinedFactor until NotBeforeDays have passed since the
	// decline: the "not before" rule. Defaults 0.2 and 180 days.
	DeclinedFactor float64 `json:"declined_factor"`
	NotBeforeDays  int     `json:"not_before_days"`
	// SegmentFactors weigh the segment of the intermediary's
	// organisations (works_at, board_member_of; the best of them counts)
	// or, for a person without one, of the person: a path through our
	// invest relationships before one through an ignore-segment party.
	// Defaults invest 1, develop 1, harvest 0.9, ignore 0.6; an unassessed
	// or unplaced stakeholder counts 1.
	SegmentFactors map[segment.Segment]float64 `json:"segment_factors"`
	// Candidates is how many times K paths are fetched before the
	// re-ranking cuts back to K (at most MaxK). Default 4.
	Candidates int `json:"candidates"`
}

// DefaultLoadSettings returns the settings RankByLoad uses by default.
func DefaultLoadSettings() LoadSettings {
	return LoadSettings{
		OpenFactor: 0.8, RecentFactor: 0.9, WindowDays: 90, DeclinedFactor: 0.2, NotBeforeDays: 180,
		SegmentFactors: map[segment.Segment]float64{segment.Invest: 1, segment.Develop: 1, segment.Harvest: 0.9, segment.Ignore: 0.6},
		Candidates:     4,
	}
}

// LoadRulesSetting is the stored document of the load settings ("relmap
// load-rules", GET/PUT /api/v1/settings/load): DefaultLoadSettings until
// an admin saves others, kept in both stores beside the path rules.
var LoadRulesSetting = graph.Setting[LoadSettings]{Key: "load_rules", Name: "load rules", Default: DefaultLoadSettings}

// String describes the settings for the audit log, segment factors in the
// order of segment.Segments.
func (l LoadSettings) String() string {
	var segs []string
	for _, sg := range append(slices.Clone(segment.Segments), segment.Unassessed) {
		if f, ok := l.SegmentFactors[sg]; ok {
			segs = append(segs, fmt.Sprintf("%s %v", sg, f))
		}
	}
	return fmt.Sprintf("open_factor %v, recent_factor %v, window_days %d, declined_factor %v, not_before_days %d, segment_factors {%s}, candidates %d",
		l.OpenFactor, l.RecentFactor, l.WindowDays, l.DeclinedFactor, l.NotBeforeDays, strings.Join(segs, ", "), l.Candidates)
}

// Validate checks the settings and returns graph.Errors naming the field.
func (l LoadSettings) Validate() error {
	var errs graph.Errors
	for name, f := range map[string]float64{"open_factor": l.OpenFactor, "recent_factor": l.RecentFactor, "declined_factor": l.DeclinedFactor} {
		if !(f > 0 && f <= 1) {
			errs = append(errs, graph.Invalid(name, "%v is not in (0,1]", f))
		}
	}
	for sg, f := range l.SegmentFactors {
		if !slices.Contains(segment.Segments, sg) && sg != segment.Unassessed {
			errs = append(errs, graph.Invalid("segment_factors", "%q is not a segment", sg))
		} else if !(f > 0 && f <= 1) {
			errs = append(errs, graph.Invalid("segment_factors", "%s: %v is not in (0,1]", sg, f))
		}
	}
	if l.WindowDays < 0 {
		errs = append(errs, graph.Invalid("window_days", "%d is negative", l.WindowDays))
	}
	if l.NotBeforeDays < 0 {
		errs = append(errs, graph.Invalid("not_before_days", "%d is negative", l.NotBeforeDays))
	}
	if l.Candidates < 1 || l.Candidates > MaxK {
		errs = append(errs, graph.Invalid("candidates", "%d is not between 1 and %d", l.Candidates, MaxK))
	}
	return errs.Err()
}

// Load is what RankByLoad knows beside the network: the introduction
// requests (all of them; those that count are picked by the settings) and
// each stakeholder's segment (from the segment matrix: SegmentsOf; nil,
// absent or segment.Unassessed mean unplaced).
type Load struct {
	Intros   []*graph.IntroRequest
	Segments func(id string) (segment.Segment, bool)
}

// HopLoad is the load of one intermediary on a path and the factor it
// puts on the path's strength.
type HopLoad struct {
	Node PathNode `json:"node"`
	// Open and Recent count the requests through the intermediary (see
	// LoadSettings).
	Open   int `json:"open"`
	Recent int `json:"recent"`
	// NotBefore is set while the "not before" rule holds after a decline.
	NotBefore time.Time `json:"not_before,omitzero"`
	// Segment is the segment that weighed (empty when none), and
	// SegmentOf the organisation placed in it when that is not the person
	// themselves (the one they work at or sit on the board of).
	Segment   segment.Segment `json:"segment,omitempty"`
	SegmentOf *PathNode       `json:"segment_of,omitempty"`
	// Factor is the product of the terms, in (0,1].
	Factor float64 `json:"factor"`
	// Text explains the factor: "Jan de Vries: 3 open requests, ×0.51".
	Text Text `json:"text"`
}

// LoadedPath is a path with its load: Adjusted is Strength times the
// factors of its intermediaries; the plain Strength stays as it is.
type LoadedPath struct {
	Path
	// Adjusted and Load are absent when the load was switched off.
	Adjusted float64   `json:"adjusted_strength,omitempty"`
	Load     []HopLoad `json:"load,omitempty"`
}

// Unloaded wraps plain paths as LoadedPaths without a load: what a query
// that switched the load off answers.
func Unloaded(ps []Path) []LoadedPath {
	out := make([]LoadedPath, len(ps))
	for i, p := range ps {
		out[i] = LoadedPath{Path: p}
	}
	return out
}

// LoadResult is the answer of RankByLoad.
type LoadResult struct {
	Paths       []LoadedPath `json:"paths"`
	Cold        int          `json:"cold"`
	MinStrength float64      `json:"min_strength"`
}

// RankByLoad re-ranks the warm paths of q by the load of their
// intermediaries, so that the same broker is not asked twelve times. It
// fetches Candidates·K paths with FindPaths (at most MaxK), multiplies each
// path's strength by the factor of every person among its intermediates,
//
//	adjusted = strength · Π_i  open^o_i · recent^r_i · declined^[d_i] · seg(i)
//
// with o_i and r_i the open and recent requests through intermediary i,
// [d_i] 1 while the not-before rule holds for i, and seg(i) the segment
// factor, orders them by adjusted strength (ties: the plain order), and
// keeps the first K. Employees among the intermediates carry no load.
//
// The load only reorders: which paths are warm, and their Strength, are
// FindPaths', so a contact or a tie never makes a path weaker. Cold is the
// count FindPaths gives for K: the cold paths among the plain K best. Day
// is the snapshot's day. The settings are checked first (EINVALID).
func RankByLoad(ctx context.Context, s *Snapshot, q PathQuery, ld Load, set LoadSettings) (LoadResult, error) {
	if err := set.Validate(); err != nil {
		return LoadResult{}, fmt.Errorf("load-aware paths: %w", err)
	}
	k := cmp.Or(q.K, DefaultK)
	if k < 1 || k > MaxK {
		return LoadResult{}, fmt.Errorf("load-aware paths: %w", graph.Invalid("k", "must be between 1 and %d", MaxK))
	}
	wide := q
	wide.K = min(k*set.Candidates, MaxK)
	res, err := FindPaths(ctx, s, wide)
	if err != nil {
		return LoadResult{}, err
	}
	on := map[string]bool{} // the persons among the candidates' intermediates
	for _, p := range res.Paths {
		for _, n := range p.Nodes[1 : len(p.Nodes)-1] {
			if n.Kind == graph.KindPerson {
				on[n.ID] = true
			}
		}
	}
	loads := intermediaryLoads(s, ld, set, on)
	out := LoadResult{Paths: make([]LoadedPath, len(res.Paths)), MinStrength: res.MinStrength,
		// The candidates' first K are the plain K best, of which the warm
		// ones are a prefix: the rest of those K are cold.
		Cold: min(max(0, k-len(res.Paths)), res.Cold)}
	for i, p := range res.Paths {
		lp := LoadedPath{Path: p, Adjusted: p.Strength, Load: []HopLoad{}}
		for _, n := range p.Nodes[1 : len(p.Nodes)-1] {
			if n.Kind != graph.KindPerson {
				continue
			}
			h := loads.hop(s, n, ld, set)
			lp.Adjusted *= h.Factor
			lp.Load = append(lp.Load, h)
		}
		out.Paths[i] = lp
	}
	slices.SortStableFunc(out.Paths, func(a, b LoadedPath) int { return cmp.Compare(b.Adjusted, a.Adjusted) })
	if len(out.Paths) > k {
		out.Paths = out.Paths[:k]
	}
	return out, nil
}

// introLoad is one intermediary's requests as the settings count them.
type introLoad struct {
	open, recent int
	declined     time.Time // the latest decline, zero when none
}

type loadTable map[string]*introLoad

// intermediaryLoads counts the requests through the intermediaries in on
// as of s.Day.
func intermediaryLoads(s *Snapshot, ld Load, set LoadSettings, on map[string]bool) loadTable {
	since := s.Day.AddDate(0, 0, -set.WindowDays)
	t := loadTable{}
	for _, r := range ld.Intros {
		if !on[r.IntermediaryID] {
			continue
		}
		l := t[r.IntermediaryID]
		if l == nil {
			l = &introLoad{}
			t[r.IntermediaryID] = l
		}
		switch {
		case r.State.Open():
			l.open++
		case !r.Requested().Before(since):
			l.recent++
		}
		if r.State == graph.IntroDeclined && r.Since().After(l.declined) {
			l.declined = r.Since()
		}
	}
	return t
}

// hop returns the load of intermediary n.
func (t loadTable) hop(s *Snapshot, n PathNode, ld Load, set LoadSettings) HopLoad {
	h := HopLoad{Node: n, Factor: 1}
	var en, nl []string
	if l := t[n.ID]; l != nil {
		h.Open, h.Recent = l.open, l.recent
		if l.open > 0 {
			h.Factor *= math.Pow(set.OpenFactor, float64(l.open))
			en = append(en, count(l.open, "open request", "open requests"))
			nl = append(nl, count(l.open, "openstaand verzoek", "openstaande verzoeken"))
		}
		if l.recent > 0 {
			h.Factor *= math.Pow(set.RecentFactor, float64(l.recent))
			en = append(en, count(l.recent, "recent request", "recent requests"))
			nl = append(nl, count(l.recent, "recent verzoek", "recente verzoeken"))
		}
		if !l.declined.IsZero() {
			if nb := l.declined.AddDate(0, 0, set.NotBeforeDays); s.Day.Before(nb) {
				h.NotBefore = nb
				h.Factor *= set.DeclinedFactor
				en = append(en, "declined, not before "+nb.Format(time.DateOnly))
				nl = append(nl, "afgewezen, niet voor "+nb.Format(time.DateOnly))
			}
		}
	}
	if sg, of, f, ok := intermediarySegment(s, n.ID, ld.Segments, set); ok {
		h.Segment = sg
		if on := pathNode(s, of); on.ID != n.ID {
			h.SegmentOf = &on
		}
		if f != 1 {
			h.Factor *= f
			// Whose segment it is, since a person's organisation may be
			// placed elsewhere than the person: "Fonds Zorg in segment
			// Ignore", not "segment ignore" under the person's name.
			en = append(en, segmentOf(h.SegmentOf, sg, "en"))
			nl = append(nl, segmentOf(h.SegmentOf, sg, "nl"))
		}
	}
	if len(en) == 0 {
		en, nl = []string{"no load"}, []string{"geen belasting"}
	}
	x := "×" + strconv.FormatFloat(math.Round(h.Factor*1000)/1000, 'f', -1, 64) // three decimals at most
	h.Text = Text{EN: n.Name + ": " + strings.Join(en, ", ") + ", " + x, NL: n.Name + ": " + strings.Join(nl, ", ") + ", " + strings.ReplaceAll(x, ".", ",")}
	return h
}

// count returns "1 open request" or "3 open requests" (plural's words).
func count(n int, one, many string) string {
	return strconv.Itoa(n) + " " + plural(n, one, many)
}

// segmentOf words the segment sg that weighed in lang: "segment Ignore",
// or "Fonds Zorg in segment Ignore" when it is the segment of an
// organisation (of) rather than the person's own.
func segmentOf(of *PathNode, sg segment.Segment, lang string) string {
	w := "segment " + sg.Name(lang)
	if of != nil {
		return of.Name + " in " + w
	}
	return w
}

// intermediarySegment returns the segment that weighs for person id and
// the node index of the stakeholder placed in it: the best-weighing placed
// segment of the organisations they work at or sit on the board of, else
// their own; ok is false when none is placed.
func intermediarySegment(s *Snapshot, id string, segs func(string) (segment.Segment, bool), set LoadSettings) (segment.Segment, int32, float64, bool) {
	if segs == nil {
		return "", 0, 0, false
	}
	factor := func(sg segment.Segment) float64 {
		if f, ok := set.SegmentFactors[sg]; ok {
			return f
		}
		return 1
	}
	var best segment.Segment
	bestF, bestOf, found := 0.0, int32(0), false
	i, ok := s.Index(id)
	if ok {
		rt := s.rel
		for k := s.Off[i]; k < s.Off[i+1]; k++ {
			t := s.TieOf[k]
			for r := rt.off[t]; r < rt.off[t+1]; r++ {
				if typ := rt.relType(r); s.relFrom(t, r) != i || (typ != graph.RelWorksAt && typ != graph.RelBoardMemberOf) {
					continue
				}
				if sg, ok := segs(s.Nodes[s.Adj[k]].ID); ok && sg != segment.Unassessed {
					if f := factor(sg); !found || f > bestF || f == bestF && sg < best {
						best, bestOf, bestF, found = sg, s.Adj[k], f, true
					}
				}
			}
		}
	}
	if !found && ok {
		if sg, placed := segs(id); placed && sg != segment.Unassessed {
			return sg, i, factor(sg), true
		}
	}
	return best, bestOf, bestF, found
}

// SegmentsOf returns the segment of every stakeholder of m, for
// Load.Segments (segment.Matrix.SegmentOf, which indexes m once).
func SegmentsOf(m *segment.Matrix) func(id string) (segment.Segment, bool) {
	return m.SegmentOf
}
