package graph

import (
	"cmp"
	"context"
	"crypto/rand"
	"fmt"
	"slices"
	"strings"
	"time"
)

// ActionKind says what an action asks. The advice kinds are the codes of
// the conformance advice an action may be made from (analysis.AdviceCode);
// contact is also what an overdue contact becomes.
type ActionKind string

// The kinds of action.
const (
	ActionContact      ActionKind = "contact"       // make contact with the stakeholder
	ActionIntensify    ActionKind = "intensify"     // more contacts than the policy period saw
	ActionRaiseLevel   ActionKind = "raise_level"   // a contact at Level or higher
	ActionDevelop      ActionKind = "develop"       // a first contact with a develop stakeholder
	ActionAssignOwner  ActionKind = "assign_owner"  // name an owner for the relationship
	ActionSingleHolder ActionKind = "single_holder" // introduce a second colleague
	ActionIntroduction ActionKind = "introduction"  // ask for (or follow up) an introduction
	ActionOther        ActionKind = "other"         // anything else; Title says what
)

// ActionKinds lists the kinds of action.
var ActionKinds = []ActionKind{ActionContact, ActionIntensify, ActionRaiseLevel, ActionDevelop,
	ActionAssignOwner, ActionSingleHolder, ActionIntroduction, ActionOther}

// Valid reports whether k is one of ActionKinds.
func (k ActionKind) Valid() bool { return slices.Contains(ActionKinds, k) }

// ClosedByContact reports whether an action of kind k is closed by a
// logged contact (see CloseByContacts): contact, intensify, develop and
// raise_level ask for a contact, and a contact answers them. The other
// kinds ask for something a contact does not show (an owner named, a
// colleague introduced, an introduction asked) and are closed by hand.
func (k ActionKind) ClosedByContact() bool {
	return k == ActionContact || k == ActionIntensify || k == ActionDevelop || k == ActionRaiseLevel
}

// ActionState is where an action stands: open, then done or dropped (both
// final).
type ActionState string

// The states of an action.
const (
	ActionOpen    ActionState = "open"
	ActionDone    ActionState = "done"
	ActionDropped ActionState = "dropped"
)

// ActionStates lists the states of an action.
var ActionStates = []ActionState{ActionOpen, ActionDone, ActionDropped}

// Valid reports whether s is one of ActionStates.
func (s ActionState) Valid() bool { return slices.Contains(ActionStates, s) }

// Action is a follow-up someone has to do: an assignee (one of our
// employees), a stakeholder it is about, a due day, and a state. It may
// belong to an access plan (PlanID) or stand alone (made from conformance
// advice or an overdue contact). When it is closed, Closed says when, by
// whom and, when a logged contact closed it, which.
type Action struct {
	ID            string     `json:"id"`
	PlanID        string     `json:"plan_id,omitempty"`
	Kind          ActionKind `json:"kind"`
	StakeholderID string     `json:"stakeholder_id"`
	AssigneeID    string     `json:"assignee_id"`
	Title         string     `json:"title,omitempty"`
	// Due is the day the action is due (midnight UTC).
	Due time.Time `json:"due"`
	// Level is, for raise_level, the least level of the contact that
	// closes the action; "" for the other kinds.
	Level  ContactLevel `json:"level,omitempty"`
	State  ActionState  `json:"state"`
	Closed *ActionClose `json:"closed,omitempty"`
	Audit
}

// ActionClose records how an action was closed.
type ActionClose struct {
	At time.Time `json:"at"`
	By string    `json:"by"`
	// ContactID is the contact that closed the action (CloseByContacts);
	// empty when it was closed by hand.
	ContactID string `json:"contact_id,omitempty"`
	Note      string `json:"note,omitempty"`
}

// Overdue reports whether a is open and its due day lies before the day
// of now (an action due today is not overdue yet).
func (a *Action) Overdue(now time.Time) bool {
	return a.State == ActionOpen && a.Due.Before(Day(now))
}

// Day returns midnight UTC of t's day.
func Day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ActionUpdate changes an action; nil fields stay as they are. State may
// only move an open action to done or dropped (Note goes with the close).
type ActionUpdate struct {
	AssigneeID *string      `json:"assignee_id,omitempty"`
	Due        *time.Time   `json:"due,omitempty"`
	Title      *string      `json:"title,omitempty"`
	State      *ActionState `json:"state,omitempty"`
	Note       string       `json:"note,omitempty"`
}

// ActionFilter selects actions, ordered by due day, then id. Nil fields do
// not filter. DueBefore keeps the actions due before that instant.
type ActionFilter struct {
	PlanID        *string
	AssigneeID    *string
	StakeholderID *string
	State         *ActionState
	DueBefore     *time.Time
	Page
}

// Match reports whether a passes the filter (paging aside).
func (f ActionFilter) Match(a *Action) bool {
	return (f.PlanID == nil || *f.PlanID == a.PlanID) &&
		(f.AssigneeID == nil || *f.AssigneeID == a.AssigneeID) &&
		(f.StakeholderID == nil || *f.StakeholderID == a.StakeholderID) &&
		(f.State == nil || *f.State == a.State) &&
		(f.DueBefore == nil || a.Due.Before(*f.DueBefore))
}

// SortActions orders actions as ActionFilter says: due day, then id.
func SortActions(as []*Action) {
	slices.SortFunc(as, func(a, b *Action) int {
		return cmp.Or(a.Due.Compare(b.Due), strings.Compare(a.ID, b.ID))
	})
}

// PlanActions is the store-independent half of CreateActions: it checks
// every action (checkAction), that no two share an id, and through look
// the kinds of the nodes they name; it sets State to open, Due to its day
// and the audit fields. plans says which plan ids are stored. Errors name
// the action by its place in the list ("actions[2].due").
func PlanActions(ctx context.Context, as []*Action, look StoredLookup, plans map[string]bool, now time.Time) error {
	var errs Errors
	seen := map[string]bool{}
	var ids []string
	for i, a := range as {
		var v validator
		v.id("id", a.ID, true)
		if seen[a.ID] {
			v.add("id", "%q is given twice", a.ID)
		}
		seen[a.ID] = true
		if a.State != "" && a.State != ActionOpen {
			v.add("state", "a new action starts as %s", ActionOpen)
		}
		if a.Closed != nil {
			v.add("closed", "is kept by the store; a new action is open")
		}
		checkAction(&v, a)
		if a.PlanID != "" && !plans[a.PlanID] {
			v.add("plan_id", "%q is not stored", a.PlanID)
		}
		errs = append(errs, within(fmt.Sprintf("actions[%d]", i), v.errs)...)
		ids = append(ids, a.StakeholderID, a.AssigneeID)
	}
	if err := errs.Err(); err != nil {
		return err
	}
	stored, err := look.StoredNodes(ctx, ids)
	if err != nil {
		return err
	}
	for i, a := range as {
		var v validator
		checkActionNodes(&v, a, stored)
		errs = append(errs, within(fmt.Sprintf("actions[%d]", i), v.errs)...)
	}
	if err := errs.Err(); err != nil {
		return err
	}
	now = now.UTC().Truncate(time.Millisecond)
	actor := ActorFrom(ctx)
	for _, a := range as {
		a.State = ActionOpen
		a.Due = Day(a.Due)
		a.Audit = Audit{CreatedAt: now, UpdatedAt: now, CreatedBy: actor, UpdatedBy: actor}
	}
	return nil
}

// checkAction checks the fields of a that need no store.
func checkAction(v *validator, a *Action) {
	v.id("plan_id", a.PlanID, false)
	v.id("stakeholder_id", a.StakeholderID, true)
	v.id("assignee_id", a.AssigneeID, true)
	v.text("title", a.Title)
	if !a.Kind.Valid() {
		v.add("kind", "%q is not one of %s", a.Kind, joinKinds(ActionKinds))
	}
	if a.Kind == ActionOther && strings.TrimSpace(a.Title) == "" {
		v.add("title", "an action of kind other needs a title that says what to do")
	}
	if a.Due.IsZero() {
		v.add("due", "is required: the day the action is due")
	}
	switch {
	case !a.Level.Valid():
		v.add("level", "%q is not strategic, tactical or operational", a.Level)
	case a.Level != "" && a.Kind != ActionRaiseLevel:
		v.add("level", "only a raise_level action has a level")
	}
}

// checkActionNodes checks that a's stakeholder is a person or organisation
// and its assignee an employee.
func checkActionNodes(v *validator, a *Action, stored map[string]Stored) {
	for _, r := range []struct {
		field, id string
		kinds     []Kind
	}{
		{"stakeholder_id", a.StakeholderID, []Kind{KindPerson, KindOrganisation}},
		{"assignee_id", a.AssigneeID, []Kind{KindEmployee}},
	} {
		st, ok := stored[r.id]
		switch {
		case !ok:
			v.add(r.field, "%q is not stored", r.id)
		case !slices.Contains(r.kinds, st.Kind):
			v.add(r.field, "%q is a %s, not %s", r.id, st.Kind, kindList(r.kinds))
		}
	}
}

func joinKinds(ks []ActionKind) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// ApplyActionUpdate is the store-independent half of UpdateAction: it
// applies u to a and checks the result. A change of state must move an
// open action to done or dropped (ECONFLICT otherwise: done and dropped
// are final) and records Closed by the context's actor at now with u.Note;
// the state it already has changes nothing. On an error a is unchanged.
func ApplyActionUpdate(ctx context.Context, a *Action, u ActionUpdate, look StoredLookup, now time.Time) error {
	next := *a
	now = now.UTC().Truncate(time.Millisecond)
	actor := ActorFrom(ctx)
	if u.AssigneeID != nil {
		next.AssigneeID = *u.AssigneeID
	}
	if u.Due != nil {
		next.Due = Day(*u.Due)
	}
	if u.Title != nil {
		next.Title = *u.Title
	}
	var v validator
	v.text("note", u.Note)
	if u.State != nil && *u.State != a.State {
		switch {
		case !u.State.Valid():
			v.add("state", "%q is not one of open, done, dropped", *u.State)
		case a.State != ActionOpen:
			return Errorf(ECONFLICT, "action %s is %s, which is final: it cannot become %s", a.ID, a.State, *u.State)
		default:
			next.State = *u.State
			next.Closed = &ActionClose{At: now, By: actor, Note: u.Note}
		}
	} else if u.Note != "" {
		v.add("note", "goes with a change of state")
	}
	checkAction(&v, &next)
	if err := v.errs.Err(); err != nil {
		return err
	}
	stored, err := look.StoredNodes(ctx, []string{next.StakeholderID, next.AssigneeID})
	if err != nil {
		return err
	}
	checkActionNodes(&v, &next, stored)
	if err := v.errs.Err(); err != nil {
		return err
	}
	next.UpdatedAt, next.UpdatedBy = now, actor
	*a = next
	return nil
}

// Affiliation is a person's works_at or board_member_of relationship
// with an organisation (RelType.Affiliation), as the roll-up of contacts
// needs it: the person, the organisation, and the days it held — from
// Since (zero: unknown, taken as always) up to Until, the day it ended
// (zero: ongoing).
type Affiliation struct {
	PersonID, OrgID string
	Since, Until    time.Time
}

// HeldOn reports whether the affiliation held on day (a UTC midnight,
// Day): AffiliatedOn of its Since and Until.
func (a Affiliation) HeldOn(day time.Time) bool { return AffiliatedOn(a.Since, a.Until, day) }

// AffiliatedOn is the rule by which a contact with a person counts for an
// organisation the person belongs to (works at, sits on the board of;
// RelType.Affiliation): the contact counts when the affiliation held on the
// contact's day,
//
//	(since zero or since ≤ day) and (until zero or day < until)
//
// with day = Day(contact.Date) and since, until the relationship's Since
// and Until (days; the day it ended itself no longer counts, as the
// analyses leave a relationship out from its Until on). A meeting with
// someone who has since left an organisation counts for it in the days
// before she left; a meeting before she joined does not. Closing actions
// (CloseByContacts) and the analyses' roll-up (conformance, holders,
// overdue, single holders, departure) all count by it.
func AffiliatedOn(since, until, day time.Time) bool {
	return (since.IsZero() || !day.Before(since)) && (until.IsZero() || until.After(day))
}

// CloseByContacts closes the open actions of as that the contacts answer,
// and returns them (changed in place), in the order of as. An action is
// answered by a contact c when
//
//	action.State = open and action.Kind.ClosedByContact()
//	c.EmployeeID   = action.AssigneeID      (the assignee made the contact)
//	c counts for action.StakeholderID       (see below)
//	Day(c.Date)    ≥ Day(action.CreatedAt)  (on or after the day it was set)
//	raise_level:   c.Level.Rank() ≥ action.Level.Rank()
//
// A contact counts for its own stakeholder and, when that is a person,
// for every organisation of affs the person belonged to on the contact's
// day (Affiliation.HeldOn): the roll-up by which conformance counts
// the contacts of an organisation, so "intensify the municipality" is
// answered by a meeting with its alderman, as the advice counted it. A
// contact with an organisation closes no action about one of its people.
// Of several answering contacts the earliest (by date, then id) closes it:
// Closed = {At: c.Date, By: actor, ContactID: c.ID}, State done, and the
// update audit at now. Closing is a write like any other: a contact
// deleted later does not open the action again. Both stores call it in
// the transaction that logs contacts, with every open action of the
// contacts' employees (ContactEmployees) and the affiliations with those
// actions' stakeholders (ClosableStakeholders) of the contacts' persons.
func CloseByContacts(as []*Action, contacts []*Contact, affs []Affiliation, actor string, now time.Time) []*Action {
	type pair struct{ e, s string }
	orgs := map[string][]Affiliation{}
	for _, a := range affs {
		orgs[a.PersonID] = append(orgs[a.PersonID], a)
	}
	by := map[pair][]*Contact{}
	for _, c := range contacts {
		k := pair{c.EmployeeID, c.StakeholderID}
		by[k] = append(by[k], c)
		for _, a := range orgs[c.StakeholderID] {
			if a.HeldOn(Day(c.Date)) {
				k := pair{c.EmployeeID, a.OrgID}
				by[k] = append(by[k], c)
			}
		}
	}
	now = now.UTC().Truncate(time.Millisecond)
	var out []*Action
	for _, a := range as {
		if a.State != ActionOpen || !a.Kind.ClosedByContact() {
			continue
		}
		var best *Contact
		for _, c := range by[pair{a.AssigneeID, a.StakeholderID}] {
			if Day(c.Date).Before(Day(a.CreatedAt)) || (a.Kind == ActionRaiseLevel && c.Level.Rank() < a.Level.Rank()) {
				continue
			}
			if best == nil || c.Date.Before(best.Date) || (c.Date.Equal(best.Date) && c.ID < best.ID) {
				best = c
			}
		}
		if best == nil {
			continue
		}
		a.State = ActionDone
		a.Closed = &ActionClose{At: best.Date.UTC(), By: actor, ContactID: best.ID}
		a.UpdatedAt, a.UpdatedBy = now, actor
		out = append(out, a)
	}
	return out
}

// ContactEmployees returns the employees of contacts, each once, in order
// of first appearance: whose open actions the contacts may close.
func ContactEmployees(contacts []*Contact) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range contacts {
		if !seen[c.EmployeeID] {
			seen[c.EmployeeID] = true
			out = append(out, c.EmployeeID)
		}
	}
	return out
}

// ClosableStakeholders returns the stakeholders of the open actions of as
// that a contact can close, each once, sorted: those whose affiliations
// with the contacts' persons CloseByContacts needs.
func ClosableStakeholders(as []*Action) []string {
	var out []string
	for _, a := range as {
		if a.State == ActionOpen && a.Kind.ClosedByContact() {
			out = append(out, a.StakeholderID)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// NewActionID returns a fresh id for an action made without one:
// "act-" and 26 random base32 characters (crypto/rand.Text).
func NewActionID() string { return "act-" + strings.ToLower(rand.Text()) }

// Mentions reports whether a names the node id (as stakeholder or
// assignee) or mentions it in its title or closing note (as Pseudonymise
// would replace it).
func (a *Action) Mentions(id string) bool {
	if id == "" {
		return false
	}
	if a.StakeholderID == id || a.AssigneeID == id {
		return true
	}
	_, inTitle := Pseudonymise(a.Title, id)
	inNote := false
	if a.Closed != nil {
		_, inNote = Pseudonymise(a.Closed.Note, id)
	}
	return inTitle || inNote
}

// Pseudonymise replaces the id of an erased person in the free text of a
// (its title and the note it was closed with; an action naming them as
// stakeholder or assignee goes with them) by the pseudonym, and reports
// whether a changed. Stores call it in the erasure's transaction.
func (a *Action) Pseudonymise(id string) bool {
	var c1, c2 bool
	a.Title, c1 = Pseudonymise(a.Title, id)
	if a.Closed != nil {
		a.Closed.Note, c2 = Pseudonymise(a.Closed.Note, id)
	}
	return c1 || c2
}
