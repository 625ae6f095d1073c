package segment

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// Segment is one of the four quadrants of the attractiveness × accessibility
// matrix (the seed's figure), or Unassessed for a stakeholder whose scores
// are incomplete. Place derives it from assessments; nobody sets it by hand.
type Segment string

// The segments. The four placed segments, as in the seed's figure:
//
//	                       accessibility low          accessibility high
//	attractiveness high    Develop  (Ontwikkel)       Invest  (Investeer)
//	attractiveness low     Ignore   (Negeer)          Harvest (Oogst)
const (
	// Invest ("Investeer"): attractive and accessible — our most important
	// relationships.
	Invest Segment = "invest"
	// Develop ("Ontwikkel"): attractive but hard to reach — we do not know
	// yet how to get in.
	Develop Segment = "develop"
	// Harvest ("Oogst"): accessible but less attractive — the strength is in
	// numbers.
	Harvest Segment = "harvest"
	// Ignore ("Negeer"): neither attractive nor accessible — little or no
	// action.
	Ignore Segment = "ignore"
	// Unassessed ("Niet beoordeeld"): a score is missing on at least one
	// axis, so the stakeholder is not placed in any quadrant.
	Unassessed Segment = "unassessed"
)

// Segments lists the four placed segments, most important first: Invest,
// Develop, Harvest, Ignore. It does not contain Unassessed.
var Segments = []Segment{Invest, Develop, Harvest, Ignore}

// Valid reports whether s is one of the four segments or Unassessed.
func (s Segment) Valid() bool { return s == Unassessed || s.Placed() }

// Placed reports whether s is one of the four quadrants (not Unassessed).
func (s Segment) Placed() bool { return slices.Contains(Segments, s) }

// Name returns the segment's name in lang: Investeer, Ontwikkel, Oogst,
// Negeer, Niet beoordeeld in Dutch (the seed's names); Invest, Develop,
// Harvest, Ignore, Unassessed in English. An unknown segment returns its own
// string.
func (s Segment) Name(lang string) string {
	switch s {
	case Invest:
		return pick(lang, "Invest", "Investeer")
	case Develop:
		return pick(lang, "Develop", "Ontwikkel")
	case Harvest:
		return pick(lang, "Harvest", "Oogst")
	case Ignore:
		return pick(lang, "Ignore", "Negeer")
	case Unassessed:
		return pick(lang, "Unassessed", "Niet beoordeeld")
	}
	return string(s)
}

// Quadrant returns the segment of the quadrant with high or low
// attractiveness and accessibility (see the figure at Segment).
func Quadrant(attractivenessHigh, accessibilityHigh bool) Segment {
	switch {
	case attractivenessHigh && accessibilityHigh:
		return Invest
	case attractivenessHigh:
		return Develop
	case accessibilityHigh:
		return Harvest
	}
	return Ignore
}

// Position is the inverse of Quadrant: it reports on which side of each
// threshold segment s lies, and ok false for Unassessed or an unknown
// segment. Renderers use it to put a quadrant (or a stakeholder exactly on a
// threshold) on the right side of the lines.
func (s Segment) Position() (attractivenessHigh, accessibilityHigh, ok bool) {
	switch s {
	case Invest:
		return true, true, true
	case Develop:
		return true, false, true
	case Harvest:
		return false, true, true
	case Ignore:
		return false, false, true
	}
	return false, false, false
}

// Tolerance is the absolute tolerance of the boundary rule: a weighted mean
// counts as high when mean ≥ threshold − Tolerance. It absorbs floating-point
// error (weights 0.1, 0.1, 0.1 and scores 1, 3, 5 give 2.9999999999999996
// for an exact 3)
// and is far below any real difference between means of whole-number scores.
const Tolerance = 1e-9

// IsHigh reports whether a weighted mean on axis a is high under s: at or
// above the axis's threshold, within Tolerance. A mean exactly on the
// threshold is high.
func (s *Scheme) IsHigh(a Axis, mean float64) bool {
	return mean >= s.Threshold(a)-Tolerance
}

// AxisPlacement is a stakeholder's result on one axis.
type AxisPlacement struct {
	// Mean is the weighted mean score Σ wᵢsᵢ / Σ wᵢ over the axis's criteria
	// with a positive weight, on the scheme's scale. It is set only when
	// Complete; otherwise it is 0.
	Mean float64 `json:"mean"`
	// Complete reports whether every criterion of the axis with a positive
	// weight had a score as of the date.
	Complete bool `json:"complete"`
	// High reports whether Mean is at or above the axis's threshold (see
	// Scheme.IsHigh); false when not Complete.
	High bool `json:"high"`
	// Missing lists, in scheme order, the ids of the axis's criteria with a
	// positive weight that had no usable score as of the date.
	Missing []string `json:"missing,omitempty"`
}

// Placement is where a stakeholder stands in the matrix on a date, and why.
type Placement struct {
	StakeholderID string `json:"stakeholder_id"`
	// Segment is the quadrant, or Unassessed when either axis is not
	// Complete.
	Segment        Segment       `json:"segment"`
	Attractiveness AxisPlacement `json:"attractiveness"`
	Accessibility  AxisPlacement `json:"accessibility"`
	// Used holds, in scheme order, the assessment used for each criterion
	// with a positive weight that had a score: the latest one as of the date.
	Used []Assessment `json:"used,omitempty"`
	// LatestDate is the latest Date among Used; zero when Used is empty.
	LatestDate time.Time `json:"latest_date,omitzero"`
}

// Axis returns the placement's result on axis a.
func (p Placement) Axis(a Axis) AxisPlacement {
	if a == Accessibility {
		return p.Accessibility
	}
	return p.Attractiveness
}

// Missing returns the ids of every criterion without a usable score:
// attractiveness first, then accessibility, each in scheme order. It is
// empty exactly when the stakeholder is placed.
func (p Placement) Missing() []string {
	return slices.Concat(p.Attractiveness.Missing, p.Accessibility.Missing)
}

// Place places every stakeholder that appears in assessments in a segment
// of scheme s, as the matrix stood at the instant asOf (a zero asOf means
// "no cut-off": every assessment counts). The result is keyed by stakeholder
// id. A stakeholder with no assessment at all does not appear; treat it as
// EmptyPlacement.
//
// The rules, in order:
//
// 1. As of. For each stakeholder and criterion, the score used is that of
// the latest assessment with Date ≤ asOf (compared as instants). Of two
// assessments with the same Date, the one with the greater ID wins, so the
// result does not depend on the order of assessments. An API that takes a
// calendar day should pass the day's last instant (see EndOfDay).
//
// 2. Usable scores. Assessments of criteria that are not in s or have weight
// 0 are ignored. When the assessment chosen by rule 1 has a score outside
// s.Scale, its criterion counts as missing; an older score is not used
// instead. So stored data that no longer fits an edited scheme shows up as
// missing, never as a wrong placement.
//
// 3. Weighted mean. For each axis, over the criteria i of that axis with a
// positive weight wᵢ and latest score sᵢ:
//
//	mean = Σ wᵢsᵢ / Σ wᵢ
//
// Only the ratios of the weights matter; weight 0 switches a criterion off.
//
// 4. Unassessed. An axis is Complete when every criterion of the axis with a
// positive weight has a usable score as of asOf. A stakeholder with an axis
// that is not Complete is Unassessed, whatever its other scores; the missing
// criteria are listed, and a Complete axis still reports its mean. A partial
// mean is never used to place anybody.
//
// 5. Boundary. An axis is high when its mean is at or above its threshold,
// within Tolerance:
//
//	high ⇔ mean ≥ threshold − 1e-9
//
// so a mean exactly on the threshold is high ("greater" in the seed's
// figure), and a mean like 2.9999999999999996 that floating-point arithmetic
// makes of an exact 3 does not flip a segment.
//
// 6. Quadrant. High attractiveness and high accessibility give Invest; high
// attractiveness and low accessibility Develop; low attractiveness and high
// accessibility Harvest; low and low Ignore (see Quadrant).
//
// Place expects a valid s (see Scheme.Validate). It does not panic on an
// invalid one: criteria with a negative or non-finite weight or an unknown
// axis are skipped, and an axis left without a positive weight is never
// Complete. It panics if s is nil. It runs in O(n + m·k) time for n
// assessments, m stakeholders and k criteria.
func Place(s *Scheme, assessments []Assessment, asOf time.Time) map[string]Placement {
	type key struct{ stakeholder, criterion string }
	weighted := s.weighted()
	latest := map[key]int{} // index into assessments
	var stakeholders []string
	seen := map[string]bool{}
	for i := range assessments {
		a := &assessments[i]
		if a.StakeholderID == "" {
			continue
		}
		if !seen[a.StakeholderID] {
			seen[a.StakeholderID] = true
			stakeholders = append(stakeholders, a.StakeholderID)
		}
		if (!asOf.IsZero() && a.Date.After(asOf)) || !weighted[a.CriterionID] {
			continue
		}
		k := key{a.StakeholderID, a.CriterionID}
		if j, ok := latest[k]; !ok || !supersedes(&assessments[j], a) {
			latest[k] = i
		}
	}

	out := make(map[string]Placement, len(stakeholders))
	for _, id := range stakeholders {
		out[id] = s.place(id, func(criterion string) (*Assessment, bool) {
			j, ok := latest[key{id, criterion}]
			if !ok {
				return nil, false
			}
			return &assessments[j], true
		}, true)
	}
	return out
}

// weighted returns the ids of the criteria that take part in placement.
func (s *Scheme) weighted() map[string]bool {
	out := map[string]bool{}
	for _, c := range s.Criteria {
		if usableWeight(c) {
			out[c.ID] = true
		}
	}
	return out
}

// place places stakeholder id from the latest assessment of each criterion
// as of the date (rules 2–6 of Place): latest returns it, or false when
// there is none. withUsed keeps the assessments used in Placement.Used.
func (s *Scheme) place(id string, latest func(criterion string) (*Assessment, bool), withUsed bool) Placement {
	p := Placement{StakeholderID: id}
	// One pass over the criteria in scheme order keeps Used and Missing
	// in scheme order.
	var sumW, sumWS [2]float64 // by axis: 0 attractiveness, 1 accessibility
	var missing [2][]string
	for _, c := range s.Criteria {
		if !usableWeight(c) {
			continue
		}
		ax := 0
		if c.Axis == Accessibility {
			ax = 1
		}
		a, ok := latest(c.ID)
		if !ok || !s.Scale.Contains(a.Score) {
			missing[ax] = append(missing[ax], c.ID)
			continue
		}
		sumW[ax] += c.Weight
		sumWS[ax] += c.Weight * float64(a.Score)
		if withUsed {
			p.Used = append(p.Used, *a)
		}
		if a.Date.After(p.LatestDate) {
			p.LatestDate = a.Date
		}
	}
	for ax, axis := range Axes {
		ap := AxisPlacement{Missing: missing[ax]}
		if len(ap.Missing) == 0 && sumW[ax] > 0 && !math.IsInf(sumW[ax], 0) {
			ap.Complete = true
			ap.Mean = sumWS[ax] / sumW[ax]
			ap.High = s.IsHigh(axis, ap.Mean)
		}
		if axis == Attractiveness {
			p.Attractiveness = ap
		} else {
			p.Accessibility = ap
		}
	}
	p.Segment = Unassessed
	if p.Attractiveness.Complete && p.Accessibility.Complete {
		p.Segment = Quadrant(p.Attractiveness.High, p.Accessibility.High)
	}
	return p
}

// Placer places stakeholders one at a time from a stream of their
// assessments ordered by stakeholder, with the rules of Place, in memory
// proportional to one stakeholder's assessments: what a store's ordered
// read (ScoreReader) feeds the matrix from without holding every
// assessment. Its placements leave Used empty (LatestDate is set).
type Placer struct {
	s    *Scheme
	asOf time.Time
	// pos numbers the criteria that take part in placement; latest and
	// has hold the current stakeholder's latest assessment of each.
	pos    map[string]int
	latest []Assessment
	has    []bool
	cur    string
	any    bool
}

// NewPlacer returns a Placer for scheme s as of asOf (zero: no cut-off).
func NewPlacer(s *Scheme, asOf time.Time) *Placer {
	p := &Placer{s: s, asOf: asOf, pos: map[string]int{}}
	for id := range s.weighted() {
		p.pos[id] = len(p.pos)
	}
	p.latest, p.has = make([]Assessment, len(p.pos)), make([]bool, len(p.pos))
	return p
}

// Add takes the next assessment of the stream. When it is the first of a
// new stakeholder, Add returns the placement of the one before (ok).
// Assessments of one stakeholder must come together; their order does not
// matter (rule 1 of Place picks the latest).
func (p *Placer) Add(a Assessment) (Placement, bool) {
	if a.StakeholderID == "" {
		return Placement{}, false
	}
	var done Placement
	ok := false
	if p.any && a.StakeholderID != p.cur {
		done, ok = p.Flush()
	}
	p.cur, p.any = a.StakeholderID, true
	i, weighted := p.pos[a.CriterionID]
	if (!p.asOf.IsZero() && a.Date.After(p.asOf)) || !weighted {
		return done, ok
	}
	if !p.has[i] || !supersedes(&p.latest[i], &a) {
		p.latest[i], p.has[i] = a, true
	}
	return done, ok
}

// Flush returns the placement of the last stakeholder added, if any, and
// starts afresh.
func (p *Placer) Flush() (Placement, bool) {
	if !p.any {
		return Placement{}, false
	}
	out := p.s.place(p.cur, func(criterion string) (*Assessment, bool) {
		i := p.pos[criterion]
		return &p.latest[i], p.has[i]
	}, false)
	clear(p.has)
	p.any = false
	return out, true
}

// usableWeight reports whether c takes part in placement: a known axis and a
// positive, finite weight.
func usableWeight(c Criterion) bool {
	return c.Axis.Valid() && c.Weight > 0 && !math.IsInf(c.Weight, 0)
}

// supersedes reports whether a, already chosen, stays ahead of b: a later
// Date, or the same Date and a greater ID. (Of two records with the same
// Date and ID, the later one in the input wins.)
func supersedes(a, b *Assessment) bool {
	if !a.Date.Equal(b.Date) {
		return a.Date.After(b.Date)
	}
	return a.ID > b.ID
}

// EmptyPlacement returns the placement of a stakeholder without any
// assessment under s: Unassessed, with every criterion of positive weight
// missing. Callers that list all stakeholders use it for those Place does
// not return.
func EmptyPlacement(s *Scheme, stakeholderID string) Placement {
	p := Placement{StakeholderID: stakeholderID, Segment: Unassessed}
	for _, c := range s.Criteria {
		if !usableWeight(c) {
			continue
		}
		if c.Axis == Attractiveness {
			p.Attractiveness.Missing = append(p.Attractiveness.Missing, c.ID)
		} else {
			p.Accessibility.Missing = append(p.Accessibility.Missing, c.ID)
		}
	}
	return p
}

// EndOfDay returns the last instant of t's calendar day in t's location, for
// use as Place's asOf when a user asks for the matrix "on" a day: every
// assessment dated that day then counts.
func EndOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, t.Location()).Add(-time.Nanosecond)
}

// Move is a stakeholder whose segment differs between two dates.
type Move struct {
	StakeholderID string    `json:"stakeholder_id"`
	From          Placement `json:"from"`
	To            Placement `json:"to"`
}

// Moved lists the stakeholders whose segment as of from differs from their
// segment as of to (both computed by Place with the same s), sorted by
// stakeholder id, with both placements. A stakeholder first assessed
// between the two dates moves from Unassessed; one whose scores change but
// whose segment does not is not listed. from may be after to.
func Moved(s *Scheme, assessments []Assessment, from, to time.Time) []Move {
	a, b := Place(s, assessments, from), Place(s, assessments, to)
	var out []Move
	for id, pa := range a {
		pb, ok := b[id]
		if !ok { // cannot happen: both maps hold every stakeholder in assessments
			pb = EmptyPlacement(s, id)
		}
		if pa.Segment != pb.Segment {
			out = append(out, Move{StakeholderID: id, From: pa, To: pb})
		}
	}
	slices.SortFunc(out, func(x, y Move) int { return cmp.Compare(x.StakeholderID, y.StakeholderID) })
	return out
}

// IsPlaced reports whether the segment named s is one of the four
// quadrants: the check the stores give graph.PlanPlan for a plan's aim.
func IsPlaced(s string) bool { return Segment(s).Placed() }
