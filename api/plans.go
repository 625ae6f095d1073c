package api

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// PlanInput is a new access plan as POST /api/v1/plans takes it; a fresh
// id is made when ID is empty (graph.NewPlanID). The baseline strength is
// not given: it is measured when the plan is made.
type PlanInput struct {
	ID       string          `json:"id,omitempty"`
	TargetID string          `json:"target_id"`
	OwnerID  string          `json:"owner_id"`
	Aim      AimInput        `json:"aim"`
	Route    graph.PlanRoute `json:"route,omitzero"`
	Note     string          `json:"note,omitempty"`
}

// AimInput is graph.PlanAim with the day as text (YYYY-MM-DD or RFC 3339).
type AimInput struct {
	Segment       string  `json:"segment,omitempty"`
	Accessibility float64 `json:"accessibility,omitempty"`
	By            string  `json:"by"`
}

// PlanPatch is PATCH /api/v1/plans/{id}'s body: absent fields stay.
type PlanPatch struct {
	OwnerID *string          `json:"owner_id,omitempty"`
	Aim     *AimInput        `json:"aim,omitempty"`
	Route   *graph.PlanRoute `json:"route,omitempty"`
	Note    *string          `json:"note,omitempty"`
	State   *graph.PlanState `json:"state,omitempty"`
	// CloseNote says why the plan is closed; it goes with a state of
	// achieved or dropped (graph.PlanClose).
	CloseNote string `json:"close_note,omitempty"`
}

// ActionInput is a new action as POST /api/v1/actions takes it; a fresh id
// is made when ID is empty (graph.NewActionID).
type ActionInput struct {
	ID            string             `json:"id,omitempty"`
	PlanID        string             `json:"plan_id,omitempty"`
	Kind          graph.ActionKind   `json:"kind"`
	StakeholderID string             `json:"stakeholder_id"`
	AssigneeID    string             `json:"assignee_id"`
	Title         string             `json:"title,omitempty"`
	Due           string             `json:"due"`
	Level         graph.ContactLevel `json:"level,omitempty"`
}

// ActionPatch is PATCH /api/v1/actions/{id}'s body: absent fields stay; a
// state closes an open action (done or dropped) with the note.
type ActionPatch struct {
	AssigneeID *string            `json:"assignee_id,omitempty"`
	Due        *string            `json:"due,omitempty"`
	Title      *string            `json:"title,omitempty"`
	State      *graph.ActionState `json:"state,omitempty"`
	Note       string             `json:"note,omitempty"`
}

func parseDay(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := ParseDate(s)
	if err != nil {
		return t, graph.Invalid(field, "%s", err)
	}
	return t, nil
}

func (in AimInput) aim() (graph.PlanAim, error) {
	by, err := parseDay("aim.by", in.By)
	return graph.PlanAim{Segment: in.Segment, Accessibility: in.Accessibility, By: by}, err
}

// NewPlan turns input into a plan for graph.PlanStore.CreatePlan, with the
// target's best warm-path strength in snap as its baseline (0 without a
// snapshot or a path).
func NewPlan(ctx context.Context, in PlanInput, snap *analysis.Snapshot) (*graph.Plan, error) {
	if in.ID == "" {
		in.ID = graph.NewPlanID()
	}
	aim, err := in.Aim.aim()
	if err != nil {
		return nil, err
	}
	p := &graph.Plan{ID: in.ID, TargetID: in.TargetID, OwnerID: in.OwnerID, Aim: aim, Route: in.Route, Note: in.Note}
	if snap != nil {
		r, err := analysis.NetworkAccessibility(ctx, snap, []string{in.TargetID}, 0)
		if err != nil {
			return nil, err
		}
		p.BaselineStrength = r[in.TargetID].Strength
	}
	return p, nil
}

// NewPlanUpdate turns a patch into a graph.PlanUpdate.
func NewPlanUpdate(in PlanPatch) (graph.PlanUpdate, error) {
	u := graph.PlanUpdate{OwnerID: in.OwnerID, Route: in.Route, Note: in.Note, State: in.State, CloseNote: in.CloseNote}
	if in.Aim != nil {
		aim, err := in.Aim.aim()
		if err != nil {
			return u, err
		}
		u.Aim = &aim
	}
	return u, nil
}

// NewAction turns input into an action for graph.PlanStore.CreateActions.
func NewAction(in ActionInput) (*graph.Action, error) {
	if in.ID == "" {
		in.ID = graph.NewActionID()
	}
	due, err := parseDay("due", in.Due)
	if err != nil {
		return nil, err
	}
	return &graph.Action{ID: in.ID, PlanID: in.PlanID, Kind: in.Kind, StakeholderID: in.StakeholderID, AssigneeID: in.AssigneeID,
		Title: in.Title, Due: due, Level: in.Level}, nil
}

// NewActionUpdate turns a patch into a graph.ActionUpdate.
func NewActionUpdate(in ActionPatch) (graph.ActionUpdate, error) {
	u := graph.ActionUpdate{AssigneeID: in.AssigneeID, Title: in.Title, State: in.State, Note: in.Note}
	if in.Due != nil {
		d, err := parseDay("due", *in.Due)
		if err != nil {
			return u, err
		}
		if d.IsZero() {
			return u, graph.Invalid("due", "must not be empty")
		}
		u.Due = &d
	}
	return u, nil
}

// PlanListBody is the director's list: GET /api/v1/plans and "relmap plan
// list -json".
type PlanListBody struct {
	Now    time.Time               `json:"now"`
	Total  int                     `json:"total"`
	Offset int                     `json:"offset"`
	Limit  int                     `json:"limit"`
	Plans  []analysis.PlanProgress `json:"plans"`
}

// PlanBody is one plan with its progress and its actions: GET
// /api/v1/plans/{id} and "relmap plan show -json".
type PlanBody struct {
	analysis.PlanProgress
	ActionList []*graph.Action `json:"action_list"`
	// StrengthHistory is the target's best warm-path strength from the
	// plan's start to now (analysis.StrengthHistory), on the network the
	// "what changed" report winds back; its last point is Strength. Empty
	// unless asked for (PlanSources.History nil: GET without history=1,
	// "relmap plan show" without -history): it builds a snapshot per
	// point, seconds on a network of 10^5 nodes.
	StrengthHistory []analysis.StrengthPoint `json:"strength_history"`
}

// PlanSources are the stores MeasurePlans reads from.
type PlanSources struct {
	Plans    graph.PlanStore
	Intros   graph.IntroStore // nil: no introduction requests
	Segments SegmentStore     // nil: no assessed accessibility
	Contacts contactFinder
	// History, when not nil, is read for a single plan's strength over
	// time (ReadHistory).
	History ChangeSource
}

// PlanInputs are what plans are measured from that changes only when the
// store's version moves: the scheme, the assessments by stakeholder, the
// contact log and the introduction requests by target. The server keeps
// them until the version moves (planCache); the CLI reads them once.
type PlanInputs struct {
	version  int64
	scheme   *segment.Scheme
	assessed map[string][]segment.Assessment
	contacts []*graph.Contact
	intros   map[string][]*graph.IntroRequest
	// reach keeps the best path to each target of the snapshot last
	// asked (analysis.ReachCache).
	reach *analysis.ReachCache
}

// ReadPlanInputs reads the PlanInputs of src.
func ReadPlanInputs(ctx context.Context, src PlanSources) (*PlanInputs, error) {
	in := &PlanInputs{assessed: map[string][]segment.Assessment{}, intros: map[string][]*graph.IntroRequest{}, reach: &analysis.ReachCache{}}
	if src.Intros != nil {
		intros, err := allPages(func(p graph.Page) ([]*graph.IntroRequest, int, error) {
			return src.Intros.FindIntros(ctx, graph.IntroFilter{Page: p})
		})
		if err != nil {
			return nil, err
		}
		for _, r := range intros {
			in.intros[r.TargetID] = append(in.intros[r.TargetID], r)
		}
	}
	if src.Segments != nil {
		seg, err := src.Segments.ReadSegmentation(ctx)
		if err != nil {
			return nil, err
		}
		in.scheme = seg.Scheme
		for _, a := range seg.Assessments {
			in.assessed[a.StakeholderID] = append(in.assessed[a.StakeholderID], a)
		}
	}
	var err error
	in.contacts, err = AllContacts(ctx, src.Contacts, graph.ContactFilter{})
	if err != nil {
		return nil, err
	}
	return in, nil
}

// planCache keeps the PlanInputs of the store's current version.
type planCache struct {
	mu sync.Mutex
	in *PlanInputs
}

// planInputs returns the PlanInputs of the store as it is now, read again
// when its version has moved (or always, for a store without a version).
func (s *Server) planInputs(ctx context.Context, src PlanSources) (*PlanInputs, error) {
	vs, versioned := s.Store.(versioner)
	if !versioned {
		return ReadPlanInputs(ctx, src)
	}
	v, err := vs.Version(ctx)
	if err != nil {
		return nil, err
	}
	c := &s.plans
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.in != nil && c.in.version == v {
		return c.in, nil
	}
	in, err := ReadPlanInputs(ctx, src)
	if err != nil {
		return nil, err
	}
	in.version = v
	c.in = in
	return in, nil
}

// LoadPlanProgress measures plans (analysis.MeasurePlans) as of now from
// in and their actions, read now (actions move no version).
func LoadPlanProgress(ctx context.Context, src PlanSources, in *PlanInputs, snap *analysis.Snapshot, plans []*graph.Plan, now time.Time) ([]analysis.PlanProgress, error) {
	actions, err := allPages(func(p graph.Page) ([]*graph.Action, int, error) {
		return src.Plans.FindActions(ctx, graph.ActionFilter{Page: p})
	})
	if err != nil {
		return nil, err
	}
	byPlan := map[string][]*graph.Action{}
	for _, a := range actions {
		if a.PlanID != "" {
			byPlan[a.PlanID] = append(byPlan[a.PlanID], a)
		}
	}
	xs := make([]analysis.PlanInput, len(plans))
	for i, p := range plans {
		xs[i] = analysis.PlanInput{Plan: p, Actions: byPlan[p.ID], Intros: in.intros[p.TargetID], Assessments: in.assessed[p.TargetID]}
	}
	return analysis.MeasurePlans(ctx, snap, in.reach, in.scheme, in.contacts, xs, now)
}

// AllPlans returns every plan f selects (its Page is ignored).
func AllPlans(ctx context.Context, ps graph.PlanStore, f graph.PlanFilter) ([]*graph.Plan, error) {
	return allPages(func(p graph.Page) ([]*graph.Plan, int, error) {
		f.Page = p
		return ps.FindPlans(ctx, f)
	})
}

// LoadPlanList is the director's list: the plans f selects (paging
// aside), measured and ordered by what needs attention
// (analysis.SortByAttention), then paged by f.Page.
func LoadPlanList(ctx context.Context, src PlanSources, in *PlanInputs, snap *analysis.Snapshot, f graph.PlanFilter, now time.Time) (PlanListBody, error) {
	page, err := f.Page.Normalize()
	if err != nil {
		return PlanListBody{}, err
	}
	plans, err := AllPlans(ctx, src.Plans, f)
	if err != nil {
		return PlanListBody{}, err
	}
	pp, err := LoadPlanProgress(ctx, src, in, snap, plans, now)
	if err != nil {
		return PlanListBody{}, err
	}
	analysis.SortByAttention(pp)
	b := PlanListBody{Now: now, Total: len(pp), Offset: page.Offset, Limit: page.Limit, Plans: []analysis.PlanProgress{}}
	if page.Offset < len(pp) {
		b.Plans = pp[page.Offset:min(len(pp), page.Offset+page.Limit)]
	}
	return b, nil
}

// LoadPlan is one plan measured, with its actions.
func LoadPlan(ctx context.Context, src PlanSources, in *PlanInputs, snap *analysis.Snapshot, id string, now time.Time) (PlanBody, error) {
	p, err := src.Plans.FindPlanByID(ctx, id)
	if err != nil {
		return PlanBody{}, err
	}
	pp, err := LoadPlanProgress(ctx, src, in, snap, []*graph.Plan{p}, now)
	if err != nil {
		return PlanBody{}, err
	}
	actions, err := allPages(func(pg graph.Page) ([]*graph.Action, int, error) {
		return src.Plans.FindActions(ctx, graph.ActionFilter{PlanID: &id, Page: pg})
	})
	if err != nil {
		return PlanBody{}, err
	}
	if actions == nil {
		actions = []*graph.Action{}
	}
	b := PlanBody{PlanProgress: pp[0], ActionList: actions, StrengthHistory: []analysis.StrengthPoint{}}
	if src.History != nil {
		h, err := ReadHistory(ctx, src.History, in.contacts)
		if err != nil {
			return PlanBody{}, err
		}
		if b.StrengthHistory, err = analysis.StrengthHistory(ctx, h, p.TargetID, p.CreatedAt, now); err != nil {
			return PlanBody{}, err
		}
	}
	return b, nil
}

// AdviceInput is POST /api/v1/conformance/actions's body: which advice and
// overdue contacts become actions.
type AdviceInput struct {
	// Codes are the advice codes to act on; empty means every code an
	// action can be made from (AdviceActionCodes).
	Codes []analysis.AdviceCode `json:"codes,omitempty"`
	// Overdue also turns the overdue contacts (analysis.Overdue) into
	// contact actions.
	Overdue bool `json:"overdue,omitempty"`
	// StakeholderIDs, when not empty, are the only stakeholders acted on.
	StakeholderIDs []string `json:"stakeholder_ids,omitempty"`
	// AssigneeID is whom the actions go to; empty means each
	// stakeholder's owner (an owner who left counts as none).
	AssigneeID string `json:"assignee_id,omitempty"`
	// PlanID puts the actions in that plan.
	PlanID string `json:"plan_id,omitempty"`
	// DryRun says what would be made and stores nothing.
	DryRun bool `json:"dry_run,omitempty"`
}

// AdviceResult is what from-advice made and what it passed over.
type AdviceResult struct {
	Created []*graph.Action `json:"created"`
	Skipped []AdviceSkip    `json:"skipped"`
}

// AdviceSkip is one advice item or overdue contact that made no action.
type AdviceSkip struct {
	StakeholderID string           `json:"stakeholder_id"`
	Kind          graph.ActionKind `json:"kind"`
	Reason        analysis.Text    `json:"reason"`
}

// AdviceActionCodes are the advice codes an action can be made from.
var AdviceActionCodes = []analysis.AdviceCode{analysis.AdviceIntensify, analysis.AdviceRaiseLevel,
	analysis.AdviceAssignOwner, analysis.AdviceDevelop, analysis.AdviceSingleHolder}

// ActionsFromAdvice turns advice items and overdue contacts into actions
// (not stored), as of now:
//
//   - kind: the advice code (intensify, raise_level, assign_owner,
//     develop, single_holder); an overdue contact becomes contact;
//   - assignee: in.AssigneeID, else the stakeholder's owner; with neither
//     (no owner, or she left) the item is skipped with a reason;
//   - due day, from the segment's policy: for advice, one contact
//     interval from today (analysis.NextContactDue from today: with the
//     default policies 3 months for invest, 6 for develop, 4 for harvest),
//     or the policy period when it asks no minimum; for an overdue
//     contact, today (it is due already), titled "contact due since
//     <day> …", or "first contact: never contacted …" for a stakeholder
//     nobody has had contact with (analysis.OverdueItem.NeverContacted);
//   - raise_level asks for the policy's expected level (Advice.ExpectedLevel);
//   - Title: the advice's reason in English;
//   - an item for which an open action of the same kind for the same
//     stakeholder exists (open) is skipped: running from-advice twice makes
//     no duplicates.
func ActionsFromAdvice(advice []analysis.Advice, overdue []analysis.OverdueGroup, open []*graph.Action, in AdviceInput, now time.Time) (AdviceResult, error) {
	codes := in.Codes
	if len(codes) == 0 {
		codes = AdviceActionCodes
	}
	for _, c := range codes {
		if !slices.Contains(AdviceActionCodes, c) {
			return AdviceResult{}, graph.Invalid("codes", "%q is not one of %s", c, joinCodes(AdviceActionCodes))
		}
	}
	want := func(id string) bool { return len(in.StakeholderIDs) == 0 || slices.Contains(in.StakeholderIDs, id) }
	type key struct {
		kind graph.ActionKind
		id   string
	}
	have := map[key]bool{}
	for _, a := range open {
		if a.State == graph.ActionOpen {
			have[key{a.Kind, a.StakeholderID}] = true
		}
	}
	today := graph.Day(now)
	res := AdviceResult{Created: []*graph.Action{}, Skipped: []AdviceSkip{}}
	add := func(kind graph.ActionKind, st analysis.PathNode, owner *analysis.PathNode, ownerLeft bool, due time.Time, level graph.ContactLevel, title string) {
		assignee := in.AssigneeID
		if assignee == "" && owner != nil && !ownerLeft {
			assignee = owner.ID
		}
		name := st.Name
		switch {
		case have[key{kind, st.ID}]:
			res.Skipped = append(res.Skipped, AdviceSkip{st.ID, kind, analysis.Text{
				EN: fmt.Sprintf("%s has an open %s action already", name, kind),
				NL: fmt.Sprintf("%s heeft al een open actie %s", name, kind)}})
		case assignee == "":
			res.Skipped = append(res.Skipped, AdviceSkip{st.ID, kind, analysis.Text{
				EN: fmt.Sprintf("%s has no owner to assign the action to: give an assignee", name),
				NL: fmt.Sprintf("%s heeft geen eigenaar om de actie aan toe te wijzen: geef een uitvoerder op", name)}})
		default:
			have[key{kind, st.ID}] = true
			res.Created = append(res.Created, &graph.Action{ID: graph.NewActionID(), PlanID: in.PlanID, Kind: kind, StakeholderID: st.ID,
				AssigneeID: assignee, Title: title, Due: due, Level: level, State: graph.ActionOpen})
		}
	}
	for _, a := range advice {
		if !want(a.Stakeholder.ID) {
			continue
		}
		due, ok := analysis.NextContactDue(today, today, a.MinContacts, a.PeriodMonths)
		if !ok {
			due = today.AddDate(0, max(a.PeriodMonths, 1), 0)
		}
		for _, it := range a.Items {
			if !slices.Contains(codes, it.Code) {
				continue
			}
			var level graph.ContactLevel
			if it.Code == analysis.AdviceRaiseLevel {
				level = a.ExpectedLevel
			}
			add(graph.ActionKind(it.Code), a.Stakeholder, a.Owner, a.OwnerLeft, due, level, it.Reason.EN)
		}
	}
	if in.Overdue {
		for _, g := range overdue {
			for _, it := range g.Items {
				if !want(it.Stakeholder.ID) {
					continue
				}
				title := fmt.Sprintf("contact due since %s (policy: %d per %d months)", it.Due.Format(time.DateOnly), it.MinContacts, it.PeriodMonths)
				if it.NeverContacted {
					title = fmt.Sprintf("first contact: never contacted (policy: %d per %d months)", it.MinContacts, it.PeriodMonths)
				}
				add(graph.ActionContact, it.Stakeholder, g.Owner, false, today, "", title)
			}
		}
	}
	return res, nil
}

func joinCodes(cs []analysis.AdviceCode) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = string(c)
	}
	return strings.Join(s, ", ")
}

// planRoutes registers the access plans and actions: viewers read,
// editors create, change and close, admins delete.
func (s *Server) planRoutes(v1 *gin.RouterGroup, view, edit, admin gin.HandlerFunc) {
	v1.GET("/plans", view, s.listPlans)
	v1.POST("/plans", edit, s.postPlan)
	v1.GET("/plans/:id", view, s.getPlan)
	v1.PATCH("/plans/:id", edit, s.patchPlan)
	v1.DELETE("/plans/:id", admin, s.deletePlan)
	v1.GET("/actions", view, s.listActions)
	v1.POST("/actions", edit, s.postAction)
	v1.POST("/conformance/actions", edit, s.postActionsFromAdvice)
	v1.GET("/actions/:id", view, s.getAction)
	v1.PATCH("/actions/:id", edit, s.patchAction)
	v1.DELETE("/actions/:id", admin, s.deleteAction)
}

// planStore returns the store as a graph.PlanStore, or answers 404.
func (s *Server) planStore(c *gin.Context) (graph.PlanStore, bool) {
	ps, ok := s.Store.(graph.PlanStore)
	if !ok {
		s.fail(c, graph.Errorf(graph.ENOTFOUND, "the store in use keeps no plans"))
		return nil, false
	}
	return ps, true
}

// PlanSources returns what plans are measured from, or answers 404.
func (s *Server) planSources(c *gin.Context) (PlanSources, *analysis.Snapshot, bool) {
	ps, ok := s.planStore(c)
	if !ok {
		return PlanSources{}, nil, false
	}
	cs, ok := s.contactStore(c)
	if !ok {
		return PlanSources{}, nil, false
	}
	snap, ok := s.snapshot(c)
	if !ok {
		return PlanSources{}, nil, false
	}
	src := PlanSources{Plans: ps, Segments: s.Segments, Contacts: cs}
	if is, ok := s.Store.(graph.IntroStore); ok {
		src.Intros = is
	}
	if h, ok := s.Store.(ChangeSource); ok {
		src.History = h
	}
	return src, snap, true
}

func planFilter(c *gin.Context) (graph.PlanFilter, error) {
	var f graph.PlanFilter
	var err error
	if f.Page, err = queryPage(c); err != nil {
		return f, err
	}
	f.OwnerID = queryString(c, "owner_id")
	f.TargetID = queryString(c, "target_id")
	f.State, err = queryEnum(c, "state", graph.PlanState.Valid)
	return f, err
}

// listPlans answers GET /plans?owner_id=&target_id=&state=&offset=&limit=:
// the director's list, what needs attention first.
func (s *Server) listPlans(c *gin.Context) {
	f, err := planFilter(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	src, snap, ok := s.planSources(c)
	if !ok {
		return
	}
	in, err := s.planInputs(c.Request.Context(), src)
	if err != nil {
		s.fail(c, err)
		return
	}
	b, err := LoadPlanList(c.Request.Context(), src, in, snap, f, s.now())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, b)
}

func (s *Server) getPlan(c *gin.Context) {
	src, snap, ok := s.planSources(c)
	if !ok {
		return
	}
	history, err := queryBool(c, "history")
	if err != nil {
		s.fail(c, err)
		return
	}
	if !history {
		src.History = nil
	}
	in, err := s.planInputs(c.Request.Context(), src)
	if err != nil {
		s.fail(c, err)
		return
	}
	b, err := LoadPlan(c.Request.Context(), src, in, snap, c.Param("id"), s.now())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, b)
}

// postPlan stores a new plan with its baseline measured now, and answers
// 201 with it as stored.
func (s *Server) postPlan(c *gin.Context) {
	ps, ok := s.planStore(c)
	if !ok {
		return
	}
	var in PlanInput
	if err := decodeBody(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	snap, ok := s.snapshot(c)
	if !ok {
		return
	}
	p, err := NewPlan(c.Request.Context(), in, snap)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := ps.CreatePlan(graph.WithActor(c.Request.Context(), actor(c)), p); err != nil {
		s.fail(c, err)
		return
	}
	auditDetail(c, PlanDetail(p))
	c.JSON(http.StatusCreated, p)
}

// PlanDetail describes a plan for the audit log (a plan not yet stored
// is open).
func PlanDetail(p *graph.Plan) string {
	return fmt.Sprintf("plan %s: %s for %s (%s)", p.ID, p.OwnerID, p.TargetID, cmp.Or(p.State, graph.PlanOpen))
}

func (s *Server) patchPlan(c *gin.Context) {
	if ps, ok := s.planStore(c); ok {
		patchRecord(s, c, NewPlanUpdate, ps.UpdatePlan, PlanDetail)
	}
}

func (s *Server) deletePlan(c *gin.Context) {
	if ps, ok := s.planStore(c); ok {
		deleteRecord(s, c, ps.DeletePlan)
	}
}

// patchRecord answers a PATCH of the record :id: it decodes the body (In),
// turns it into an update (U), applies it by the request's actor, writes
// the record's detail to the audit entry and answers 200 with it.
func patchRecord[In, U any, R any](s *Server, c *gin.Context, convert func(In) (U, error),
	update func(ctx context.Context, id string, u U) (R, error), detail func(R) string) {
	var in In
	if err := decodeBody(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	u, err := convert(in)
	if err != nil {
		s.fail(c, err)
		return
	}
	r, err := update(graph.WithActor(c.Request.Context(), actor(c)), c.Param("id"), u)
	if err != nil {
		s.fail(c, err)
		return
	}
	auditDetail(c, detail(r))
	c.JSON(http.StatusOK, r)
}

// deleteRecord answers a DELETE of the record :id with 204.
func deleteRecord(s *Server, c *gin.Context, del func(ctx context.Context, id string) error) {
	if err := del(graph.WithActor(c.Request.Context(), actor(c)), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func actionFilter(c *gin.Context) (graph.ActionFilter, error) {
	var f graph.ActionFilter
	var err error
	if f.Page, err = queryPage(c); err != nil {
		return f, err
	}
	f.PlanID = queryString(c, "plan_id")
	f.AssigneeID = queryString(c, "assignee_id")
	f.StakeholderID = queryString(c, "stakeholder_id")
	if f.State, err = queryEnum(c, "state", graph.ActionState.Valid); err != nil {
		return f, err
	}
	if v, ok := c.GetQuery("due_before"); ok {
		d, err := parseDay("due_before", v)
		if err != nil {
			return f, err
		}
		f.DueBefore = &d
	}
	return f, nil
}

// listActions answers GET /actions?plan_id=&assignee_id=&stakeholder_id=&state=&due_before=&offset=&limit=.
func (s *Server) listActions(c *gin.Context) {
	if ps, ok := s.planStore(c); ok {
		list(s, c, actionFilter, func(f graph.ActionFilter) graph.Page { return f.Page }, ps.FindActions)
	}
}

func (s *Server) getAction(c *gin.Context) {
	if ps, ok := s.planStore(c); ok {
		get(s, c, ps.FindActionByID)
	}
}

// ActionDetail describes an action for the audit log (an action not yet
// stored is open).
func ActionDetail(a *graph.Action) string {
	d := fmt.Sprintf("action %s: %s for %s, %s, due %s", a.ID, a.Kind, a.StakeholderID, cmp.Or(a.State, graph.ActionOpen), a.Due.Format(time.DateOnly))
	if a.Closed != nil && a.Closed.ContactID != "" {
		d += "; contact " + a.Closed.ContactID
	}
	return d
}

func (s *Server) postAction(c *gin.Context) {
	ps, ok := s.planStore(c)
	if !ok {
		return
	}
	var in ActionInput
	if err := decodeBody(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	a, err := NewAction(in)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := ps.CreateActions(graph.WithActor(c.Request.Context(), actor(c)), []*graph.Action{a}); err != nil {
		s.fail(c, err)
		return
	}
	auditDetail(c, ActionDetail(a))
	c.JSON(http.StatusCreated, a)
}

func (s *Server) patchAction(c *gin.Context) {
	if ps, ok := s.planStore(c); ok {
		patchRecord(s, c, NewActionUpdate, ps.UpdateAction, ActionDetail)
	}
}

func (s *Server) deleteAction(c *gin.Context) {
	if ps, ok := s.planStore(c); ok {
		deleteRecord(s, c, ps.DeleteAction)
	}
}

// MakeAdviceActions runs ActionsFromAdvice on the conformance advice and
// the overdue contacts as of now and, unless in.DryRun, stores what it
// made in one write (all or none).
func MakeAdviceActions(ctx context.Context, ps graph.PlanStore, st SegmentStore, cs contactFinder, snap *analysis.Snapshot, in AdviceInput, now time.Time) (AdviceResult, error) {
	advice, _, err := LoadConformance(ctx, st, cs, snap, now)
	if err != nil {
		return AdviceResult{}, err
	}
	var overdue []analysis.OverdueGroup
	if in.Overdue {
		b, err := LoadOverdue(ctx, st, cs, snap, now)
		if err != nil {
			return AdviceResult{}, err
		}
		overdue = b.Groups
	}
	open := graph.ActionOpen
	existing, err := allPages(func(p graph.Page) ([]*graph.Action, int, error) {
		return ps.FindActions(ctx, graph.ActionFilter{State: &open, Page: p})
	})
	if err != nil {
		return AdviceResult{}, err
	}
	res, err := ActionsFromAdvice(advice, overdue, existing, in, now)
	if err != nil || in.DryRun || len(res.Created) == 0 {
		return res, err
	}
	return res, ps.CreateActions(ctx, res.Created)
}

// postActionsFromAdvice answers POST /conformance/actions: 201 with the
// actions made (200 for a dry run) and the items passed over.
func (s *Server) postActionsFromAdvice(c *gin.Context) {
	ps, ok := s.planStore(c)
	if !ok {
		return
	}
	var in AdviceInput
	if err := decodeBody(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	st, cs, snap, ok := s.policyInputs(c)
	if !ok {
		return
	}
	res, err := MakeAdviceActions(graph.WithActor(c.Request.Context(), actor(c)), ps, st, cs, snap, in, s.now())
	if err != nil {
		s.fail(c, err)
		return
	}
	status := http.StatusCreated
	if in.DryRun {
		status = http.StatusOK
	} else {
		auditDetail(c, fmt.Sprintf("actions from advice: %d made, %d skipped", len(res.Created), len(res.Skipped)))
	}
	c.JSON(status, res)
}
