package graph

import (
	"context"
	"crypto/rand"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// PlanState is where an access plan stands: open while it is worked on,
// achieved when its aim is reached, dropped when it is given up. Any
// state may move to any other (a plan dropped too early is opened again);
// Plan.Closed records the last move to achieved or dropped.
type PlanState string

// The states of an access plan.
const (
	PlanOpen     PlanState = "open"
	PlanAchieved PlanState = "achieved"
	PlanDropped  PlanState = "dropped"
)

// PlanStates lists the states of a plan.
var PlanStates = []PlanState{PlanOpen, PlanAchieved, PlanDropped}

// Valid reports whether s is one of PlanStates.
func (s PlanState) Valid() bool { return slices.Contains(PlanStates, s) }

// PlanAim is what an access plan wants to reach, and by when: a segment
// (the target placed there by its assessments, typically invest for a
// develop target), an accessibility score (the target's assessed
// accessibility, the weighted mean on the scheme's scale, at least this),
// or both. By is the day the aim should be reached.
type PlanAim struct {
	Segment       string    `json:"segment,omitempty"`
	Accessibility float64   `json:"accessibility,omitempty"`
	By            time.Time `json:"by"`
}

// PlanRoute is the way a plan means to reach its target: an intermediary
// (a person to ask for an introduction) or a stored path (node ids from
// one of our employees to the target, as analysis.FindPaths gives it), or
// both; a plan may start with no route chosen.
type PlanRoute struct {
	IntermediaryID string   `json:"intermediary_id,omitempty"`
	Path           []string `json:"path,omitempty"`
}

// Plan is an access plan (the directors' "plan access strategies"): for a
// target stakeholder (any organisation or person, typically one in the
// develop segment) an owner who answers for it (one of our employees), an
// aim, the chosen route, and actions (Actions whose PlanID names the
// plan). Its progress is not kept in the plan: it is measured from the data
// (analysis.MeasurePlan).
type Plan struct {
	ID       string    `json:"id"`
	TargetID string    `json:"target_id"`
	OwnerID  string    `json:"owner_id"`
	Aim      PlanAim   `json:"aim"`
	Route    PlanRoute `json:"route"`
	Note     string    `json:"note,omitempty"`
	State    PlanState `json:"state"`
	// BaselineStrength is the target's best warm-path strength in [0,1]
	// when the plan was made, measured by whoever made it (the API and the
	// CLI take it from the snapshot); progress is measured against it.
	BaselineStrength float64 `json:"baseline_strength"`
	// Closed records when, by whom and why the plan was closed: set when
	// its state moves to achieved or dropped (again when it moves from one
	// to the other), cleared when it is opened again; nil while it is
	// open.
	Closed *PlanClose `json:"closed,omitempty"`
	Audit
}

// PlanClose records how a plan was closed (its state says as what).
type PlanClose struct {
	At   time.Time `json:"at"`
	By   string    `json:"by"`
	Note string    `json:"note,omitempty"`
}

// PlanUpdate changes a plan; nil fields stay as they are.
type PlanUpdate struct {
	OwnerID *string    `json:"owner_id,omitempty"`
	Aim     *PlanAim   `json:"aim,omitempty"`
	Route   *PlanRoute `json:"route,omitempty"`
	Note    *string    `json:"note,omitempty"`
	State   *PlanState `json:"state,omitempty"`
	// CloseNote says why the plan is closed; it goes with a change of
	// State to achieved or dropped (PlanClose.Note).
	CloseNote string `json:"close_note,omitempty"`
}

// PlanFilter selects plans, ordered by id. Nil fields do not filter.
type PlanFilter struct {
	OwnerID  *string
	TargetID *string
	State    *PlanState
	Page
}

// Match reports whether p passes the filter (paging aside).
func (f PlanFilter) Match(p *Plan) bool {
	return (f.OwnerID == nil || *f.OwnerID == p.OwnerID) &&
		(f.TargetID == nil || *f.TargetID == p.TargetID) &&
		(f.State == nil || *f.State == p.State)
}

// PlanStore keeps access plans and actions. Both graph stores implement
// it. Deleting a node deletes the plans and actions naming it (as target,
// owner or assignee); deleting a plan deletes its actions.
type PlanStore interface {
	// CreatePlan stores a new open plan (PlanPlan says what is checked)
	// and sets its State and audit fields.
	CreatePlan(ctx context.Context, p *Plan) error
	FindPlanByID(ctx context.Context, id string) (*Plan, error)
	FindPlans(ctx context.Context, f PlanFilter) ([]*Plan, int, error)
	// UpdatePlan applies u (checked as CreatePlan checks) and returns the
	// plan as stored.
	UpdatePlan(ctx context.Context, id string, u PlanUpdate) (*Plan, error)
	// DeletePlan deletes a plan and its actions.
	DeletePlan(ctx context.Context, id string) error

	// CreateActions stores new open actions, all or none (PlanAction says
	// what is checked of each).
	CreateActions(ctx context.Context, as []*Action) error
	FindActionByID(ctx context.Context, id string) (*Action, error)
	FindActions(ctx context.Context, f ActionFilter) ([]*Action, int, error)
	// UpdateAction applies u (see UpdateAction) and returns the action as
	// stored.
	UpdateAction(ctx context.Context, id string, u ActionUpdate) (*Action, error)
	DeleteAction(ctx context.Context, id string) error
}

// planKinds says which kinds of node each reference of a plan may name.
var planKinds = []struct {
	field string
	kinds []Kind
	id    func(*Plan) string
}{
	{"target_id", []Kind{KindPerson, KindOrganisation}, func(p *Plan) string { return p.TargetID }},
	{"owner_id", []Kind{KindEmployee}, func(p *Plan) string { return p.OwnerID }},
	{"route.intermediary_id", []Kind{KindPerson}, func(p *Plan) string { return p.Route.IntermediaryID }},
}

// PlanPlan is the store-independent half of CreatePlan: it validates p
// (checkPlan), sets its State to open when empty and its audit fields by
// the context's actor at now. validSegment says which aim segments exist
// (the stores pass segment.IsPlaced). It returns Errors naming every field
// that is wrong.
func PlanPlan(ctx context.Context, p *Plan, look StoredLookup, now time.Time, validSegment func(string) bool) error {
	var v validator
	v.id("id", p.ID, true)
	if p.State == "" {
		p.State = PlanOpen
	}
	if p.State != PlanOpen {
		v.add("state", "a new plan starts as %s", PlanOpen)
	}
	if p.Closed != nil {
		v.add("closed", "is kept by the store; a new plan is open")
	}
	if err := checkPlan(ctx, &v, p, look, validSegment); err != nil {
		return err
	}
	now = now.UTC().Truncate(time.Millisecond)
	actor := ActorFrom(ctx)
	p.Aim.By = p.Aim.By.UTC()
	p.Audit = Audit{CreatedAt: now, UpdatedAt: now, CreatedBy: actor, UpdatedBy: actor}
	return nil
}

// ApplyPlanUpdate is the store-independent half of UpdatePlan: it applies u
// to p, checks the result as PlanPlan does, and sets the update audit. A
// change of state to achieved or dropped sets Closed (at now, by the
// context's actor, with u.CloseNote), a change to open clears it; a
// CloseNote without such a change is an error. On an error p is
// unchanged.
func ApplyPlanUpdate(ctx context.Context, p *Plan, u PlanUpdate, look StoredLookup, now time.Time, validSegment func(string) bool) error {
	now = now.UTC().Truncate(time.Millisecond)
	next := *p
	next.Route.Path = slices.Clone(p.Route.Path)
	if u.OwnerID != nil {
		next.OwnerID = *u.OwnerID
	}
	if u.Aim != nil {
		next.Aim = *u.Aim
	}
	if u.Route != nil {
		next.Route = *u.Route
	}
	if u.Note != nil {
		next.Note = *u.Note
	}
	var v validator
	v.text("close_note", u.CloseNote)
	switch {
	case u.State != nil && *u.State != p.State && *u.State == PlanOpen:
		next.State, next.Closed = PlanOpen, nil
		if u.CloseNote != "" {
			v.add("close_note", "goes with closing the plan (state achieved or dropped), not with opening it")
		}
	case u.State != nil && *u.State != p.State:
		next.State = *u.State
		next.Closed = &PlanClose{At: now, By: ActorFrom(ctx), Note: u.CloseNote}
	case u.CloseNote != "":
		v.add("close_note", "goes with a change of state to achieved or dropped")
	}
	if err := checkPlan(ctx, &v, &next, look, validSegment); err != nil {
		return err
	}
	next.Aim.By = next.Aim.By.UTC()
	next.UpdatedAt, next.UpdatedBy = now, ActorFrom(ctx)
	*p = next
	return nil
}

// checkPlan checks the fields of p and, through look, the kinds of the
// nodes it names: the target a person or organisation, the owner an
// employee, the intermediary a person other than the target; a path must
// run from an employee to the target. An aim names a placed segment, an
// accessibility above 0, or both, and a day.
func checkPlan(ctx context.Context, v *validator, p *Plan, look StoredLookup, validSegment func(string) bool) error {
	checkPlanFields(v, p, validSegment)
	if err := v.errs.Err(); err != nil {
		return err
	}
	stored, err := look.StoredNodes(ctx, planNodes(p))
	if err != nil {
		return err
	}
	checkPlanNodes(v, p, stored)
	return v.errs.Err()
}

// checkPlanFields checks the fields of p that need no store.
func checkPlanFields(v *validator, p *Plan, validSegment func(string) bool) {
	v.id("target_id", p.TargetID, true)
	v.id("owner_id", p.OwnerID, true)
	v.id("route.intermediary_id", p.Route.IntermediaryID, false)
	v.text("note", p.Note)
	for i, id := range p.Route.Path {
		v.id(fmt.Sprintf("route.path[%d]", i), id, true)
	}
	if n := len(p.Route.Path); n == 1 || (n > 0 && p.Route.Path[n-1] != p.TargetID) {
		v.add("route.path", "must run from one of our employees to target_id")
	}
	if p.Route.IntermediaryID != "" && p.Route.IntermediaryID == p.TargetID {
		v.add("route.intermediary_id", "must differ from target_id")
	}
	switch {
	case p.Aim.Segment == "" && p.Aim.Accessibility == 0:
		v.add("aim", "give a segment to reach, an accessibility score to reach, or both")
	case p.Aim.Segment != "" && !validSegment(p.Aim.Segment):
		v.add("aim.segment", "%q is not invest, develop, harvest or ignore", p.Aim.Segment)
	}
	if a := p.Aim.Accessibility; a < 0 || math.IsNaN(a) || math.IsInf(a, 0) || a > 100 {
		v.add("aim.accessibility", "must be a score above 0 on the scheme's scale")
	}
	if p.Aim.By.IsZero() {
		v.add("aim.by", "is required: the day the aim should be reached")
	}
	if !p.State.Valid() {
		v.add("state", "%q is not one of open, achieved, dropped", p.State)
	}
	if math.IsNaN(p.BaselineStrength) || p.BaselineStrength < 0 || p.BaselineStrength > 1 {
		v.add("baseline_strength", "must be in [0,1]")
	}
}

// planNodes returns the ids of the nodes checkPlanNodes looks up.
func planNodes(p *Plan) []string {
	ids := []string{p.TargetID, p.OwnerID}
	if p.Route.IntermediaryID != "" {
		ids = append(ids, p.Route.IntermediaryID)
	}
	if len(p.Route.Path) > 0 {
		ids = append(ids, p.Route.Path[0])
	}
	return ids
}

// checkPlanNodes checks the kinds of the nodes p names (planKinds, the
// first step of the path an employee) against stored.
func checkPlanNodes(v *validator, p *Plan, stored map[string]Stored) {
	for _, k := range planKinds {
		id := k.id(p)
		if id == "" {
			continue
		}
		st, ok := stored[id]
		switch {
		case !ok:
			v.add(k.field, "%q is not stored", id)
		case !slices.Contains(k.kinds, st.Kind):
			v.add(k.field, "%q is a %s, not %s", id, st.Kind, kindList(k.kinds))
		}
	}
	if len(p.Route.Path) > 0 {
		if st, ok := stored[p.Route.Path[0]]; !ok || st.Kind != KindEmployee {
			v.add("route.path[0]", "%q is not one of our employees", p.Route.Path[0])
		}
	}
}

// NewPlanID returns a fresh id for a plan made without one: "plan-" and
// 26 random base32 characters (crypto/rand.Text).
func NewPlanID() string { return "plan-" + strings.ToLower(rand.Text()) }

// Mentions reports whether p names the node id (as target, owner or
// intermediary, or in the route's path) or mentions it in its note or
// closing note (as Pseudonymise would replace it).
func (p *Plan) Mentions(id string) bool {
	if id == "" {
		return false
	}
	if p.TargetID == id || p.OwnerID == id || p.Route.IntermediaryID == id || slices.Contains(p.Route.Path, id) {
		return true
	}
	_, inNote := Pseudonymise(p.Note, id)
	_, inClose := Pseudonymise(closeNote(p.Closed), id)
	return inNote || inClose
}

// Pseudonymise removes the id of an erased person from p where p mentions
// it without naming it as its target or owner (a plan naming them goes
// with them): a route through them loses its intermediary (no plan routes
// through an erased person), their place in the route's path and in the
// note and closing note takes the pseudonym (see Pseudonymise). It
// reports whether p changed. Stores call it in the erasure's transaction.
func (p *Plan) Pseudonymise(id string) bool {
	changed := false
	if p.Route.IntermediaryID == id {
		p.Route.IntermediaryID = ""
		changed = true
	}
	for i, x := range p.Route.Path {
		if x == id {
			p.Route.Path[i] = ErasedPseudonym(id)
			changed = true
		}
	}
	var c bool
	p.Note, c = Pseudonymise(p.Note, id)
	changed = changed || c
	if p.Closed != nil {
		p.Closed.Note, c = Pseudonymise(p.Closed.Note, id)
		changed = changed || c
	}
	return changed
}
