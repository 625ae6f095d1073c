package analysis

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// PlanInput is one access plan with what its progress is measured from:
// its actions, the introduction requests to its target, and the target's
// assessments (any order).
type PlanInput struct {
	Plan        *graph.Plan
	Actions     []*graph.Action
	Intros      []*graph.IntroRequest
	Assessments []segment.Assessment
}

// AccessPoint is the target's assessed accessibility as of one day: the
// placement by its assessments up to the end of that day.
type AccessPoint struct {
	Date    time.Time       `json:"date"`
	Segment segment.Segment `json:"segment"`
	// Accessibility is the weighted mean on the scheme's scale; 0 while
	// the axis is not complete.
	Accessibility float64 `json:"accessibility"`
}

// IntroStatus is one introduction request to a plan's target, as the plan
// shows it.
type IntroStatus struct {
	ID             string           `json:"id"`
	EmployeeID     string           `json:"employee_id"`
	IntermediaryID string           `json:"intermediary_id"`
	State          graph.IntroState `json:"state"`
	Since          time.Time        `json:"since"`
}

// ActionCounts counts a plan's actions by state; Overdue counts the open
// ones due before today (graph.Action.Overdue), NextDue is the earliest due
// day of the open ones (zero: none).
type ActionCounts struct {
	Open    int       `json:"open"`
	Overdue int       `json:"overdue"`
	Done    int       `json:"done"`
	Dropped int       `json:"dropped"`
	NextDue time.Time `json:"next_due,omitzero"`
	// OldestOverdue is the earliest due day of the overdue actions.
	OldestOverdue time.Time `json:"oldest_overdue,omitzero"`
}

// AttentionCode names why a plan needs a director's attention.
type AttentionCode string

// The attention codes, in the order PlanAttention ranks them.
const (
	// AttentionOverdue: an open action of the plan is overdue, or the
	// plan's aim day has passed while it is open and not reached.
	AttentionOverdue AttentionCode = "overdue"
	// AttentionNoProgress: nothing measured moved since the plan started
	// (see PlanProgress.Progress).
	AttentionNoProgress AttentionCode = "no_progress"
	// AttentionOwnerLeft: the plan's owner has left.
	AttentionOwnerLeft AttentionCode = "owner_left"
)

// Attention is one reason a plan needs attention.
type Attention struct {
	Code   AttentionCode `json:"code"`
	Reason Text          `json:"reason"`
}

// PlanProgress is an access plan measured from the data (MeasurePlans).
type PlanProgress struct {
	Plan      *graph.Plan `json:"plan"`
	Target    PathNode    `json:"target"`
	Owner     PathNode    `json:"owner"`
	OwnerLeft bool        `json:"owner_left"`
	// Strength is the target's best warm-path strength now (WarmPaths,
	// k = 1, every current employee); Path is that path, nil when none.
	// Gain is Strength − Plan.BaselineStrength.
	Strength float64 `json:"strength"`
	Gain     float64 `json:"gain"`
	Path     *Path   `json:"path,omitempty"`
	// Contacts counts the contacts that count for the target (the
	// roll-up of Holders: by current employees, dated no later than now,
	// a person's for her organisations) dated on or after the day the plan
	// was made; LastContact is the latest of them.
	Contacts    int       `json:"contacts"`
	LastContact time.Time `json:"last_contact,omitzero"`
	// Accessibility is the target's assessed accessibility at the plan's
	// start (the placement by the assessments up to then; omitted when
	// there were none) and at each day after it on which the target was
	// assessed, oldest first. Segment is the segment now.
	Accessibility []AccessPoint   `json:"accessibility"`
	Segment       segment.Segment `json:"segment"`
	// AimReached: the target is in the aim's segment (when it names one)
	// and its assessed accessibility is at least the aim's (when it names
	// one).
	AimReached bool          `json:"aim_reached"`
	Intros     []IntroStatus `json:"intros"`
	Actions    ActionCounts  `json:"actions"`
	// Progress is set when anything measured moved since the plan was
	// made: Gain > 0; a contact that counts (Contacts > 0); the assessed
	// accessibility above the one at the start; an introduction request to
	// the target that moved to agreed, made or met on or after the start;
	// an action of the plan done; or the aim reached.
	Progress bool `json:"progress"`
	// Attention lists why the plan needs attention, in the order of the
	// codes; empty for a healthy plan and for a plan that is not open.
	Attention []Attention `json:"attention"`
}

// gainEpsilon is the least rise of a path strength that counts as
// progress: strengths are products of floats, and a rise below 10⁻⁹ is
// rounding, not a better tie.
const gainEpsilon = 1e-9

// MeasurePlans measures each plan from the data as of now: the network
// and contacts in s (and contacts, the log, for the roll-up of Conformance),
// the scheme for the assessed accessibility. The result is in the order of
// in; SortByAttention orders it for a director. It costs one WarmPaths
// (k = 1) per distinct target not in reach (nil: a new ReachCache) and one
// placement per assessment day of each target; it honours ctx between
// plans.
func MeasurePlans(ctx context.Context, s *Snapshot, reach *ReachCache, scheme *segment.Scheme, contacts []*graph.Contact, in []PlanInput, now time.Time) ([]PlanProgress, error) {
	dates := contactDates(s, contacts, now)
	if reach == nil {
		reach = &ReachCache{}
	}
	today := graph.Day(now)
	out := make([]PlanProgress, 0, len(in))
	for _, x := range in {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p := x.Plan
		start := graph.Day(p.CreatedAt)
		pp := PlanProgress{Plan: p, Target: PathNode{ID: p.TargetID}, Owner: PathNode{ID: p.OwnerID, Kind: graph.KindEmployee},
			Accessibility: []AccessPoint{}, Intros: []IntroStatus{}, Attention: []Attention{}, Segment: segment.Unassessed}
		if i, ok := s.Index(p.TargetID); ok {
			pp.Target = pathNode(s, i)
		}
		o := ownerOf(s, p.OwnerID, now)
		pp.Owner, pp.OwnerLeft = *o.node, !o.end.IsZero()

		path, err := reach.Best(ctx, s, p.TargetID)
		if err != nil {
			return nil, fmt.Errorf("plan %s: %w", p.ID, err)
		}
		if path != nil {
			pp.Path, pp.Strength = path, path.Strength
		}
		pp.Gain = pp.Strength - p.BaselineStrength

		for _, d := range dates[p.TargetID] {
			if !d.Before(start) {
				pp.Contacts++
				if d.After(pp.LastContact) {
					pp.LastContact = d
				}
			}
		}

		accessRose, current := false, AccessPoint{Segment: segment.Unassessed}
		if scheme != nil {
			var startAcc float64
			pp.Accessibility, startAcc, current = accessibilitySeries(scheme, p.TargetID, x.Assessments, p.CreatedAt)
			if n := len(pp.Accessibility); n > 0 && pp.Accessibility[n-1].Date.After(p.CreatedAt) {
				accessRose = pp.Accessibility[n-1].Accessibility > startAcc
			}
		}
		pp.Segment = current.Segment
		pp.AimReached = (p.Aim.Segment == "" || string(current.Segment) == p.Aim.Segment) &&
			(p.Aim.Accessibility == 0 || current.Accessibility >= p.Aim.Accessibility)

		introMoved := false
		for _, r := range x.Intros {
			pp.Intros = append(pp.Intros, IntroStatus{ID: r.ID, EmployeeID: r.EmployeeID, IntermediaryID: r.IntermediaryID, State: r.State, Since: r.Since()})
			for _, h := range r.History {
				if (h.State == graph.IntroAgreed || h.State == graph.IntroMade || h.State == graph.IntroMet) && !h.At.Before(start) {
					introMoved = true
				}
			}
		}
		slices.SortFunc(pp.Intros, func(a, b IntroStatus) int { return cmp.Or(b.Since.Compare(a.Since), cmp.Compare(a.ID, b.ID)) })

		for _, a := range x.Actions {
			switch a.State {
			case graph.ActionOpen:
				pp.Actions.Open++
				if pp.Actions.NextDue.IsZero() || a.Due.Before(pp.Actions.NextDue) {
					pp.Actions.NextDue = a.Due
				}
				if a.Overdue(now) {
					pp.Actions.Overdue++
					if pp.Actions.OldestOverdue.IsZero() || a.Due.Before(pp.Actions.OldestOverdue) {
						pp.Actions.OldestOverdue = a.Due
					}
				}
			case graph.ActionDone:
				pp.Actions.Done++
			case graph.ActionDropped:
				pp.Actions.Dropped++
			}
		}
		pp.Progress = pp.Gain > gainEpsilon || pp.Contacts > 0 || accessRose || introMoved || pp.Actions.Done > 0 || pp.AimReached

		if p.State == graph.PlanOpen {
			pp.Attention = planAttention(&pp, today)
		}
		out = append(out, pp)
	}
	return out, nil
}

// ReachCache keeps the best warm path to each target asked of one
// snapshot (WarmPaths, k = 1, every current employee), so that the plans
// of a director's list cost one search per target per snapshot rather than
// per request. Asked with another snapshot it starts afresh. Safe for
// concurrent use; the zero value is ready.
type ReachCache struct {
	mu   sync.Mutex
	snap *Snapshot
	best map[string]*Path
}

// Best returns the best warm path to target in s, nil when there is none
// or target is not a stakeholder of s.
func (c *ReachCache) Best(ctx context.Context, s *Snapshot, target string) (*Path, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snap != s {
		c.snap, c.best = s, map[string]*Path{}
	}
	if p, ok := c.best[target]; ok {
		return p, nil
	}
	var path *Path
	if i, ok := s.Index(target); ok && s.Nodes[i].Kind.IsStakeholder() {
		ps, err := WarmPaths(ctx, s, PathQuery{To: target, K: 1})
		if err != nil {
			return nil, err
		}
		if len(ps) == 1 {
			path = &ps[0]
		}
	}
	c.best[target] = path
	return path, nil
}

// accessibilitySeries returns the target's assessed accessibility at start
// (when it was placed or scored by then) and on every later day it was
// assessed, oldest first; the accessibility at start (0: none); and its
// placement by all its assessments.
func accessibilitySeries(scheme *segment.Scheme, id string, as []segment.Assessment, start time.Time) (pts []AccessPoint, startAcc float64, current AccessPoint) {
	at := func(t time.Time) AccessPoint {
		pl, ok := segment.Place(scheme, as, t)[id]
		if !ok {
			return AccessPoint{Date: t, Segment: segment.Unassessed}
		}
		return AccessPoint{Date: t, Segment: pl.Segment, Accessibility: pl.Accessibility.Mean}
	}
	pts = []AccessPoint{}
	if first := at(start); first.Accessibility > 0 || first.Segment.Placed() {
		pts = append(pts, first)
		startAcc = first.Accessibility
	}
	var days []time.Time
	for _, a := range as {
		if a.StakeholderID == id && a.Date.After(start) {
			days = append(days, graph.Day(a.Date))
		}
	}
	slices.SortFunc(days, time.Time.Compare)
	for _, d := range slices.Compact(days) {
		pt := at(segment.EndOfDay(d))
		pt.Date = d
		pts = append(pts, pt)
	}
	return pts, startAcc, at(time.Time{})
}

// planAttention says why an open plan needs attention, in the order of the
// attention codes.
func planAttention(pp *PlanProgress, today time.Time) []Attention {
	out := []Attention{}
	p := pp.Plan
	if pp.Actions.Overdue > 0 {
		d := pp.Actions.OldestOverdue.Format(time.DateOnly)
		out = append(out, Attention{AttentionOverdue, Text{
			EN: fmt.Sprintf("%d overdue %s, the oldest due %s", pp.Actions.Overdue, plural(pp.Actions.Overdue, "action", "actions"), d),
			NL: fmt.Sprintf("%d %s over tijd, de oudste sinds %s", pp.Actions.Overdue, plural(pp.Actions.Overdue, "actie", "acties"), d)}})
	} else if p.Aim.By.Before(today) && !pp.AimReached {
		d := p.Aim.By.Format(time.DateOnly)
		out = append(out, Attention{AttentionOverdue, Text{
			EN: fmt.Sprintf("the aim was due %s and is not reached", d),
			NL: fmt.Sprintf("het doel moest %s bereikt zijn en is het niet", d)}})
	}
	if !pp.Progress {
		d := p.CreatedAt.Format(time.DateOnly)
		out = append(out, Attention{AttentionNoProgress, Text{
			EN: fmt.Sprintf("no progress since %s: no stronger path, contact, better assessment, introduction or action done", d),
			NL: fmt.Sprintf("geen voortgang sinds %s: geen sterker pad, contact, betere beoordeling, introductie of afgeronde actie", d)}})
	}
	if pp.OwnerLeft {
		name := cmp.Or(pp.Owner.Name, pp.Owner.ID)
		out = append(out, Attention{AttentionOwnerLeft, Text{
			EN: fmt.Sprintf("owner %s has left: hand the plan to a colleague", name),
			NL: fmt.Sprintf("eigenaar %s is vertrokken: draag het plan over aan een collega", name)}})
	}
	return out
}

// has reports whether pp carries attention code c.
func (pp PlanProgress) has(c AttentionCode) bool {
	return slices.ContainsFunc(pp.Attention, func(a Attention) bool { return a.Code == c })
}

// SortByAttention orders plans for a director, what needs attention first:
//
//  1. open plans before achieved and dropped ones;
//  2. overdue (an overdue action, or the aim day passed unreached) first;
//  3. then no progress;
//  4. then owner left;
//  5. then the oldest overdue action, the earliest aim day, and the id.
//
// Rules 2–4 compare lexicographically: a plan with overdue actions comes
// before any plan without, whatever else holds for either.
func SortByAttention(ps []PlanProgress) {
	flag := func(b bool) int {
		if b {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(ps, func(a, b PlanProgress) int {
		return cmp.Or(
			cmp.Compare(flag(a.Plan.State == graph.PlanOpen), flag(b.Plan.State == graph.PlanOpen)),
			cmp.Compare(flag(a.has(AttentionOverdue)), flag(b.has(AttentionOverdue))),
			cmp.Compare(flag(a.has(AttentionNoProgress)), flag(b.has(AttentionNoProgress))),
			cmp.Compare(flag(a.has(AttentionOwnerLeft)), flag(b.has(AttentionOwnerLeft))),
			compareDay(a.Actions.OldestOverdue, b.Actions.OldestOverdue),
			a.Plan.Aim.By.Compare(b.Plan.Aim.By),
			cmp.Compare(a.Plan.ID, b.Plan.ID))
	})
}

// compareDay orders days with the zero day last.
func compareDay(a, b time.Time) int {
	switch {
	case a.IsZero() && b.IsZero():
		return 0
	case a.IsZero():
		return 1
	case b.IsZero():
		return -1
	}
	return a.Compare(b)
}
