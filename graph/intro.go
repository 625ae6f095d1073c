package graph

import (
	"cmp"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
)

// IntroState is where an introduction request stands.
//
//	requested → agreed → made → met
//	    ↓          ↓       ↓
//	 declined / stalled (from any open state)
//
// A stalled request can be picked up again (agreed or made) or declined;
// met and declined are final.
type IntroState string

// The states of an introduction request.
const (
	IntroRequested IntroState = "requested" // our employee asked the intermediary
	IntroAgreed    IntroState = "agreed"    // the intermediary agreed to introduce
	IntroMade      IntroState = "made"      // the introduction was made (a mail, a call)
	IntroMet       IntroState = "met"       // our employee met the target: a contact is logged
	IntroDeclined  IntroState = "declined"  // the intermediary or the target declined
	IntroStalled   IntroState = "stalled"   // nothing moves; may be picked up again
)

// IntroStates lists the states in the order of a request's life.
var IntroStates = []IntroState{IntroRequested, IntroAgreed, IntroMade, IntroMet, IntroDeclined, IntroStalled}

// introNext is the transition table of IntroState.
var introNext = map[IntroState][]IntroState{
	IntroRequested: {IntroAgreed, IntroDeclined, IntroStalled},
	IntroAgreed:    {IntroMade, IntroDeclined, IntroStalled},
	IntroMade:      {IntroMet, IntroDeclined, IntroStalled},
	IntroStalled:   {IntroAgreed, IntroMade, IntroDeclined},
	IntroMet:       nil,
	IntroDeclined:  nil,
}

// Valid reports whether s is one of IntroStates.
func (s IntroState) Valid() bool { return slices.Contains(IntroStates, s) }

// Open reports whether a request in state s still asks something of its
// intermediary: requested, agreed or made. A stalled request does not
// count as open (nothing is being asked), nor do the final states.
func (s IntroState) Open() bool {
	return s == IntroRequested || s == IntroAgreed || s == IntroMade
}

// Next returns the states a request in state s may move to.
func (s IntroState) Next() []IntroState { return slices.Clone(introNext[s]) }

// IntroTransition is one step in the life of an introduction request: the
// state entered, on which day, who recorded it, and an optional note.
type IntroTransition struct {
	State IntroState `json:"state"`
	At    time.Time  `json:"at"`
	By    string     `json:"by"`
	Note  string     `json:"note,omitempty"`
}

// IntroRequest is one of our employees asking an intermediary (an external
// person) to introduce them to a target (a person, or an organisation). Its
// History holds every transition, the first one "requested"; State is the
// state of the last one. When it moves to met, a contact of the employee
// with the target is logged in the same write, and ContactID names it, so
// the meeting counts as evidence like any other contact.
type IntroRequest struct {
	ID             string `json:"id"`
	EmployeeID     string `json:"employee_id"`
	IntermediaryID string `json:"intermediary_id"`
	TargetID       string `json:"target_id"`
	// Path is the path the request came from, node ids from the employee
	// to the target (as analysis.FindPaths gives it); empty when the
	// request was made without one.
	Path      []string          `json:"path,omitempty"`
	Note      string            `json:"note,omitempty"`
	State     IntroState        `json:"state"`
	ContactID string            `json:"contact_id,omitempty"`
	History   []IntroTransition `json:"history"`
	Audit
}

// Pseudonymise replaces the id of an erased person where r mentions it
// without naming it as its employee, intermediary or target (a request
// naming them goes with them): in its path, its note and the notes of its
// history (see Pseudonymise), and reports whether it changed r. Stores
// call it in the erasure's transaction.
func (r *IntroRequest) Pseudonymise(id string) bool {
	changed := false
	for i, p := range r.Path {
		if p == id {
			r.Path[i] = ErasedPseudonym(id)
			changed = true
		}
	}
	notes := []*string{&r.Note}
	for i := range r.History {
		notes = append(notes, &r.History[i].Note)
	}
	for _, n := range notes {
		var c bool
		*n, c = Pseudonymise(*n, id)
		changed = changed || c
	}
	return changed
}

// Mentions reports whether r names the node id (as employee,
// intermediary or target) or mentions it in its path or a note, as
// Pseudonymise finds it: the requests a person's export lists.
func (r *IntroRequest) Mentions(id string) bool {
	if id == r.EmployeeID || id == r.IntermediaryID || id == r.TargetID || slices.Contains(r.Path, id) {
		return true
	}
	if _, ok := Pseudonymise(r.Note, id); ok {
		return true
	}
	return slices.ContainsFunc(r.History, func(h IntroTransition) bool { _, ok := Pseudonymise(h.Note, id); return ok })
}

// Since returns when the request entered its current state.
func (r *IntroRequest) Since() time.Time {
	if len(r.History) == 0 {
		return r.CreatedAt
	}
	return r.History[len(r.History)-1].At
}

// Requested returns the day the request was made.
func (r *IntroRequest) Requested() time.Time {
	if len(r.History) == 0 {
		return r.CreatedAt
	}
	return r.History[0].At
}

// IntroFilter selects introduction requests, newest first (by the day they
// were requested), then by id. Nil fields do not filter.
type IntroFilter struct {
	EmployeeID     *string
	IntermediaryID *string
	TargetID       *string
	State          *IntroState
	Page
}

// Match reports whether r passes the filter (paging aside).
func (f IntroFilter) Match(r *IntroRequest) bool {
	return (f.EmployeeID == nil || *f.EmployeeID == r.EmployeeID) &&
		(f.IntermediaryID == nil || *f.IntermediaryID == r.IntermediaryID) &&
		(f.TargetID == nil || *f.TargetID == r.TargetID) &&
		(f.State == nil || *f.State == r.State)
}

// IntroMove asks to move a request to State on day At (zero: the store's
// now). Mode and Level describe the meeting when State is met (default
// meeting, no level); Note goes with the transition and, for met, with the
// contact.
type IntroMove struct {
	State IntroState   `json:"state"`
	At    time.Time    `json:"at,omitzero"`
	Note  string       `json:"note,omitempty"`
	Mode  ContactMode  `json:"mode,omitempty"`
	Level ContactLevel `json:"level,omitempty"`
}

// IntroStore keeps introduction requests. Both graph stores implement it;
// deleting a node deletes the requests naming it.
type IntroStore interface {
	// CreateIntro stores a new request in state requested (PlanIntro says
	// what is checked) and sets its State, History and audit fields.
	CreateIntro(ctx context.Context, r *IntroRequest) error
	FindIntroByID(ctx context.Context, id string) (*IntroRequest, error)
	FindIntros(ctx context.Context, f IntroFilter) ([]*IntroRequest, int, error)
	// MoveIntro applies m (see MoveIntro) and returns the request as
	// stored; moving to met logs the contact in the same transaction.
	MoveIntro(ctx context.Context, id string, m IntroMove) (*IntroRequest, error)
	DeleteIntro(ctx context.Context, id string) error
}

// introKinds says which kinds of node each reference of a request may name.
var introKinds = []struct {
	field string
	kinds []Kind
	id    func(*IntroRequest) string
}{
	{"employee_id", []Kind{KindEmployee}, func(r *IntroRequest) string { return r.EmployeeID }},
	{"intermediary_id", []Kind{KindPerson}, func(r *IntroRequest) string { return r.IntermediaryID }},
	{"target_id", []Kind{KindPerson, KindOrganisation}, func(r *IntroRequest) string { return r.TargetID }},
}

// PlanIntro is the store-independent half of CreateIntro: it validates r,
// checks through look that the employee is an employee, the intermediary a
// person and the target a person or organisation (and that the three
// differ), and sets r's State to requested, its History to that one
// transition by the context's actor at now, and its audit fields. It
// returns Errors naming every field that is wrong.
func PlanIntro(ctx context.Context, r *IntroRequest, look StoredLookup, now time.Time) error {
	var v validator
	v.introFields(r)
	if r.State != "" && r.State != IntroRequested {
		v.add("state", "a new request starts as %s; move it afterwards", IntroRequested)
	}
	if r.ContactID != "" || len(r.History) > 0 {
		v.add("history", "is kept by the store; a new request has none")
	}
	if err := v.errs.Err(); err != nil {
		return err
	}
	ids := []string{r.EmployeeID, r.IntermediaryID, r.TargetID}
	stored, err := look.StoredNodes(ctx, ids)
	if err != nil {
		return err
	}
	v.introKinds(r, stored)
	if err := v.errs.Err(); err != nil {
		return err
	}
	now = now.UTC().Truncate(time.Millisecond)
	actor := ActorFrom(ctx)
	r.State = IntroRequested
	r.History = []IntroTransition{{State: IntroRequested, At: now, By: actor, Note: r.Note}}
	r.Audit = Audit{CreatedAt: now, UpdatedAt: now, CreatedBy: actor, UpdatedBy: actor}
	return nil
}

// introKinds checks that the nodes r names are stored with the kinds
// introKinds allows (an empty id is introFields' problem).
func (v *validator) introKinds(r *IntroRequest, stored map[string]Stored) {
	for _, k := range introKinds {
		st, ok := stored[k.id(r)]
		switch {
		case k.id(r) == "":
		case !ok:
			v.add(k.field, "%q is not stored", k.id(r))
		case !slices.Contains(k.kinds, st.Kind):
			v.add(k.field, "%q is a %s, not %s", k.id(r), st.Kind, kindList(k.kinds))
		}
	}
}

// introFields checks the fields of r that a new and a restored request
// share: the ids, the note, and the path from the employee to the target.
func (v *validator) introFields(r *IntroRequest) {
	v.id("id", r.ID, true)
	for _, k := range introKinds {
		v.id(k.field, k.id(r), true)
	}
	v.text("note", r.Note)
	for i, id := range r.Path {
		v.id(fmt.Sprintf("path[%d]", i), id, true)
	}
	if len(r.Path) > 0 && (r.Path[0] != r.EmployeeID || r.Path[len(r.Path)-1] != r.TargetID) {
		v.add("path", "must run from employee_id to target_id")
	}
	if r.IntermediaryID != "" && (r.IntermediaryID == r.EmployeeID || r.IntermediaryID == r.TargetID) {
		v.add("intermediary_id", "must differ from employee_id and target_id")
	}
}

func kindList(ks []Kind) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = "a " + string(k)
	}
	return strings.Join(s, " or ")
}

// MoveIntro is the store-independent half of IntroStore.MoveIntro. It
// refuses a move the transition table does not allow with ECONFLICT naming
// both states and the allowed ones, and a day before the last transition or
// after now with EINVALID; r is then unchanged. Otherwise it appends the
// transition (by the context's actor) and sets State and the update audit.
// For met it returns the contact to log — the employee with the target, on
// the day of the move, id from ContactID — and sets r.ContactID; the store
// writes both in one transaction.
func MoveIntro(ctx context.Context, r *IntroRequest, m IntroMove, now time.Time) (*Contact, error) {
	now = now.UTC().Truncate(time.Millisecond)
	if !m.State.Valid() {
		return nil, Invalid("state", "%q is not one of %s", m.State, joinStates(IntroStates))
	}
	if !slices.Contains(introNext[r.State], m.State) {
		next := "none: it is final"
		if n := introNext[r.State]; len(n) > 0 {
			next = joinStates(n)
		}
		return nil, Errorf(ECONFLICT, "introduction request %s cannot move from %s to %s (from %s: %s)",
			r.ID, r.State, m.State, r.State, next)
	}
	at := m.At
	if at.IsZero() {
		at = now
	}
	at = at.UTC().Truncate(time.Millisecond)
	var v validator
	v.text("note", m.Note)
	if at.After(now) {
		v.add("at", "%s lies in the future", at.Format(time.RFC3339))
	}
	if at.Before(r.Since()) {
		v.add("at", "%s is before the request became %s (%s)", at.Format(time.RFC3339), r.State, r.Since().Format(time.RFC3339))
	}
	if m.State != IntroMet && (m.Mode != "" || m.Level != "") {
		v.add("mode", "only a move to %s logs a contact", IntroMet)
	}
	if err := v.errs.Err(); err != nil {
		return nil, err
	}
	actor := ActorFrom(ctx)
	var c *Contact
	if m.State == IntroMet {
		mode := m.Mode
		if mode == "" {
			mode = ModeMeeting
		}
		c = &Contact{ID: ContactID(r.EmployeeID, r.TargetID, at, mode), Date: at, EmployeeID: r.EmployeeID,
			StakeholderID: r.TargetID, Mode: mode, Level: m.Level, Note: m.Note}
		r.ContactID = c.ID
	}
	r.State = m.State
	r.History = append(r.History, IntroTransition{State: m.State, At: at, By: actor, Note: m.Note})
	r.UpdatedAt, r.UpdatedBy = now, actor
	return c, nil
}

// CheckOpenTwin refuses to let r be open beside another open request of
// the same employee through the same intermediary to the same target
// (same: the stored requests with those three ids; r itself, by id, is
// left out). Asking one person twice for one introduction is a slip: the
// intermediary would be counted as twice as loaded, and the two requests
// would have to be moved through their states side by side. The error
// names the open request to go on with (ECONFLICT). A request that is not
// open (stalled, declined, met) is no twin: asking again after a decline
// or a stall is a new question.
func CheckOpenTwin(r *IntroRequest, same []*IntroRequest) error {
	if !r.State.Open() {
		return nil
	}
	for _, o := range same {
		if o.ID != r.ID && o.State.Open() && o.EmployeeID == r.EmployeeID && o.IntermediaryID == r.IntermediaryID && o.TargetID == r.TargetID {
			return Errorf(ECONFLICT, "%s has already asked %s for an introduction to %s: request %s is %s since %s",
				r.EmployeeID, r.IntermediaryID, r.TargetID, o.ID, o.State, o.Since().Format(time.DateOnly))
		}
	}
	return nil
}

func joinStates(ss []IntroState) string {
	s := make([]string, len(ss))
	for i, x := range ss {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}

// SortIntros orders requests as IntroFilter says: newest request first,
// then by id.
func SortIntros(rs []*IntroRequest) {
	slices.SortFunc(rs, func(a, b *IntroRequest) int {
		if c := b.Requested().Compare(a.Requested()); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// NewIntroID returns a fresh id for a request made without one:
// "intro-" and 26 random base32 characters (crypto/rand.Text).
func NewIntroID() string { return "intro-" + strings.ToLower(rand.Text()) }

// CheckStoredIntro validates a request as a backup holds it, with its
// state, history and stamps (a restore writes it as it is): the fields
// CreateIntro checks, a history that starts with requested and follows the
// transition table at days that do not go back, a State that is the last
// transition's, and a ContactID exactly when the request was met. It
// returns Errors naming the fields; the nodes it names are PlanIntroImport's.
func CheckStoredIntro(r *IntroRequest) error {
	var v validator
	v.introFields(r)
	switch {
	case len(r.History) == 0:
		v.add("history", "is empty: a request starts as %s", IntroRequested)
	case r.History[0].State != IntroRequested:
		v.add("history[0].state", "is %q: a request starts as %s", r.History[0].State, IntroRequested)
	}
	for i, h := range r.History {
		v.text(fmt.Sprintf("history[%d].note", i), h.Note)
		if h.At.IsZero() {
			v.add(fmt.Sprintf("history[%d].at", i), "is required")
		}
		if i == 0 {
			continue
		}
		prev := r.History[i-1]
		if !slices.Contains(introNext[prev.State], h.State) {
			v.add(fmt.Sprintf("history[%d].state", i), "cannot follow %s (from %s: %s)", prev.State, prev.State, joinStates(introNext[prev.State]))
		}
		if h.At.Before(prev.At) {
			v.add(fmt.Sprintf("history[%d].at", i), "%s is before the transition before it (%s)", h.At.Format(time.RFC3339), prev.At.Format(time.RFC3339))
		}
	}
	if n := len(r.History); n > 0 && r.State != r.History[n-1].State {
		v.add("state", "is %q, not the last transition's %q", r.State, r.History[n-1].State)
	}
	if (r.ContactID != "") != (r.State == IntroMet) {
		v.add("contact_id", "names the logged contact of a met request, and only of one")
	}
	return v.errs.Err()
}

// PlanIntroImport is the store-independent half of restoring introduction
// requests from a backup, all or nothing: it checks every request
// (CheckStoredIntro), that the nodes they name are stored with the right
// kinds (look sees what the import wrote before), and that a request
// already stored under the same id names the same employee, intermediary
// and target (a restore may move a request on, never to other people).
// Problems are Errors with items "intros[i]". It returns the requests to
// write — new ones, and stored ones whose content differs; stamps missing
// from a hand-written request are taken from its history — and the
// counts; a request equal to the stored one is unchanged, so restoring
// the same backup again writes nothing. stored holds the stored requests
// under the ids of rs.
func PlanIntroImport(ctx context.Context, rs []*IntroRequest, look StoredLookup, stored map[string]*IntroRequest) ([]*IntroRequest, Counts, error) {
	return planRestore(ctx, rs, look, stored, restoring[IntroRequest]{
		section: "intros",
		id:      func(r *IntroRequest) string { return r.ID },
		nodes: func(r *IntroRequest) []string {
			var ids []string
			for _, k := range introKinds {
				ids = append(ids, k.id(r))
			}
			return ids
		},
		check: func(r, old *IntroRequest, kinds map[string]Stored, dup int) error {
			var v validator
			if err := CheckStoredIntro(r); err != nil {
				v.errs = within("", err)
			}
			v.dupID("intros", r.ID, dup)
			v.introKinds(r, kinds)
			if old != nil && (old.EmployeeID != r.EmployeeID || old.IntermediaryID != r.IntermediaryID || old.TargetID != r.TargetID) {
				v.add("id", "%q is stored with other people (%s via %s to %s)", r.ID, old.EmployeeID, old.IntermediaryID, old.TargetID)
			}
			return v.errs.Err()
		},
		restore: func(r *IntroRequest) *IntroRequest {
			if r.CreatedAt.IsZero() || r.UpdatedAt.IsZero() || r.CreatedBy == "" || r.UpdatedBy == "" {
				x := *r // a hand-written request: stamps from its history
				last := x.History[len(x.History)-1]
				x.CreatedAt = cmp.Or(x.CreatedAt, x.History[0].At)
				x.UpdatedAt = cmp.Or(x.UpdatedAt, last.At)
				x.CreatedBy = cmp.Or(x.CreatedBy, x.History[0].By, ActorFrom(ctx))
				x.UpdatedBy = cmp.Or(x.UpdatedBy, last.By, ActorFrom(ctx))
				return &x
			}
			return r
		},
		same: SameIntro,
	})
}

// SameIntro reports whether a and b hold the same request, field by
// field, times by the millisecond the stores keep.
func SameIntro(a, b *IntroRequest) bool {
	x, y := *a, *b
	norm := func(r *IntroRequest) {
		r.Audit = Audit{CreatedAt: r.CreatedAt.UTC().Truncate(time.Millisecond), UpdatedAt: r.UpdatedAt.UTC().Truncate(time.Millisecond), CreatedBy: r.CreatedBy, UpdatedBy: r.UpdatedBy}
		h := make([]IntroTransition, len(r.History))
		for i, t := range r.History {
			t.At = t.At.UTC().Truncate(time.Millisecond)
			h[i] = t
		}
		r.History = h
	}
	norm(&x)
	norm(&y)
	return reflect.DeepEqual(x.History, y.History) && slices.Equal(x.Path, y.Path) && x.Audit == y.Audit &&
		x.ID == y.ID && x.EmployeeID == y.EmployeeID && x.IntermediaryID == y.IntermediaryID && x.TargetID == y.TargetID &&
		x.Note == y.Note && x.State == y.State && x.ContactID == y.ContactID
}

// within returns the Errors of err with Item set to item.
func within(item string, err error) Errors {
	var es Errors
	var e *Error
	switch {
	case errors.As(err, &es):
	case errors.As(err, &e):
		es = Errors{e}
	default:
		return Errors{&Error{Code: EINVALID, Item: item, Message: err.Error()}}
	}
	out := make(Errors, len(es))
	for i, x := range es {
		y := *x
		y.Item = item
		out[i] = &y
	}
	return out
}
