package analysis

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/relmap/relmap/graph"
)

// Holding is how one of our employees holds one stakeholder (the seed's
// step 5: "welke medewerkers contacten onderhouden met welke organisaties
// en personen, en wat is de aard van dat contact").
//
// A direct holding is a tie between the employee and the stakeholder in the
// network, a logged contact between them, or both. An indirect holding is
// one hop away: the employee has a tie to a person (Via) who works at or
// sits on the board of the organisation, or who has a tie to the person
// (see Holders).
type Holding struct {
	Employee    PathNode `json:"employee"`
	Stakeholder PathNode `json:"stakeholder"`
	// Direct is true for a tie or a logged contact, false for a holding
	// one hop away through Via.
	Direct bool `json:"direct"`
	// Strength is in [0,1]: for a direct holding the tie's strength (0 when
	// the holding is logged contacts only); for an indirect one the product
	// ViaStrength[0] × ViaStrength[1].
	Strength float64 `json:"strength"`
	// Relationship, Type and Nature are those of the strongest relationship
	// between the employee and the stakeholder (direct holdings with a tie).
	Relationship string        `json:"relationship,omitempty"`
	Type         graph.RelType `json:"type,omitempty"`
	Nature       graph.Nature  `json:"nature,omitempty"`
	// Level is the highest contact level of the ties between the two, or
	// of the logged contacts when no tie states one.
	Level graph.ContactLevel `json:"level,omitempty"`
	// Via is the intermediate person of an indirect holding; ViaType is
	// how that person is tied to the stakeholder (works_at,
	// board_member_of, knows, …) and ViaStrength the strengths of the two
	// ties, employee–Via and Via–stakeholder.
	Via         *PathNode     `json:"via,omitempty"`
	ViaType     graph.RelType `json:"via_type,omitempty"`
	ViaStrength []float64     `json:"via_strength,omitempty"`
	// Contacts is the number of logged contacts between the employee and
	// the stakeholder dated no later than now; LastContact the latest of
	// them and DaysSinceContact its whole days before now (nil when none).
	Contacts         int       `json:"contacts"`
	LastContact      time.Time `json:"last_contact,omitzero"`
	DaysSinceContact *int      `json:"days_since_contact,omitempty"`
	// Owner is set when the employee owns the stakeholder's relationship
	// (graph.Organisation.OwnerID, graph.Person.OwnerID).
	Owner bool `json:"owner"`
}

// HoldersResult is the answer to "who here knows X?" (see Holders).
type HoldersResult struct {
	Stakeholder PathNode `json:"stakeholder"`
	// Owner is the employee who owns the relationship, if any, whether or
	// not they hold it.
	Owner *PathNode `json:"owner,omitempty"`
	// Direct are the employees with a tie to or a logged contact with the
	// stakeholder; Indirect those one hop away. Both ranked (see Holders).
	Direct   []Holding `json:"direct"`
	Indirect []Holding `json:"indirect"`
}

// contactStat sums up the logged contacts of one employee with one
// stakeholder.
type contactStat struct {
	n     int
	last  time.Time
	level graph.ContactLevel
}

type pairKey struct{ employee, stakeholder string }

// contactStats counts the contacts dated no later than now per (employee,
// stakeholder) pair; keep, when not nil, selects the contacts to count.
func contactStats(contacts []*graph.Contact, now time.Time, keep func(*graph.Contact) bool) map[pairKey]*contactStat {
	out := make(map[pairKey]*contactStat)
	for _, c := range contacts {
		if c == nil || c.Date.After(now) || keep != nil && !keep(c) {
			continue
		}
		k := pairKey{c.EmployeeID, c.StakeholderID}
		st := out[k]
		if st == nil {
			st = &contactStat{}
			out[k] = st
		}
		st.n++
		if c.Date.After(st.last) {
			st.last = c.Date
		}
		if c.Level.Rank() > st.level.Rank() {
			st.level = c.Level
		}
	}
	return out
}

func pathNode(s *Snapshot, i int32) PathNode {
	n := s.Nodes[i]
	return PathNode{ID: n.ID, Name: n.Name, Kind: n.Kind}
}

// directHolding describes employee e's hold on stakeholder x: tie is the
// index of their tie in s.Ties or -1, st their contacts or nil.
func directHolding(s *Snapshot, e, x, tie int32, st *contactStat, now time.Time) Holding {
	h := Holding{
		Employee:    pathNode(s, e),
		Stakeholder: pathNode(s, x),
		Direct:      true,
		Owner:       s.Nodes[x].OwnerID != "" && s.Nodes[x].OwnerID == s.Nodes[e].ID,
	}
	if tie >= 0 {
		t := s.Ties[tie]
		h.Strength = t.Strength
		h.Relationship, h.Type, h.Nature = t.Edge.ID, t.Edge.Type, t.Edge.Nature
		for _, ed := range s.TieEdges(tie) {
			if ed.Level.Rank() > h.Level.Rank() {
				h.Level = ed.Level
			}
		}
	}
	if st != nil {
		setContacts(&h, st, now)
		if h.Level == "" {
			h.Level = st.level
		}
	}
	return h
}

func setContacts(h *Holding, st *contactStat, now time.Time) {
	h.Contacts = st.n
	h.LastContact = st.last
	d := int(now.Sub(st.last) / (24 * time.Hour))
	h.DaysSinceContact = &d
}

// compareDirect ranks direct holdings: stronger tie first, then the more
// recent last contact (none last), then more contacts, then by employee
// and stakeholder id.
func compareDirect(a, b Holding) int {
	return cmp.Or(
		cmp.Compare(b.Strength, a.Strength),
		b.LastContact.Compare(a.LastContact),
		cmp.Compare(b.Contacts, a.Contacts),
		cmp.Compare(a.Employee.ID, b.Employee.ID),
		cmp.Compare(a.Stakeholder.ID, b.Stakeholder.ID))
}

// Holders answers "who here knows X?" for the stakeholder with id
// stakeholderID: every employee who holds it directly and every employee
// one hop away, from the network in s and the contact log in contacts
// (contacts dated after now are ignored; contacts with other stakeholders
// are skipped, so the caller may pass the whole log or only X's).
//
// Direct holders are the employees with a tie to X (any relationship type;
// the tie's strength, nature and level, see Holding) or a logged contact
// with X (count, last date); both when both. They are ranked by
//
//	strength ↓, last contact ↓ (none last), number of contacts ↓, employee id ↑
//
// so that a holder with only logged contacts (strength 0) comes after every
// holder with a tie of positive strength.
//
// Indirect holders are the employees who are no direct holder and have a
// tie of positive strength to a person P (not a DoNotRoute person, as in
// WarmPaths) who
//   - works at or sits on the board of X, when X is an organisation
//     (relationship types works_at and board_member_of; the strongest
//     such relationship between P and X counts);
//   - has any tie to X, when X is a person.
//
// Their strength is the product s(employee, P) · s(P, X): the strength of
// the two-hop warm path. Each employee is listed once, through their best
// P (equal products: the smaller id of P). They are ranked by strength ↓,
// then employee id ↑.
//
// Errors: an unknown stakeholderID is ENOTFOUND, an employee's id EINVALID,
// both on field "stakeholder". Complexity O(d_X · d_P + |contacts|) where
// d are degrees. It panics if s is nil.
func Holders(s *Snapshot, contacts []*graph.Contact, stakeholderID string, now time.Time) (*HoldersResult, error) {
	x, err := lookupStakeholder(s, "stakeholder", stakeholderID)
	if err != nil {
		return nil, fmt.Errorf("holders: %w", err)
	}
	stats := contactStats(contacts, now, func(c *graph.Contact) bool { return c.StakeholderID == stakeholderID })
	res := &HoldersResult{Stakeholder: pathNode(s, x), Direct: []Holding{}, Indirect: []Holding{}}
	if o, ok := s.Index(s.Nodes[x].OwnerID); ok {
		n := pathNode(s, o)
		res.Owner = &n
	}
	direct := map[int32]bool{}
	for k := s.Off[x]; k < s.Off[x+1]; k++ {
		e := s.Adj[k]
		if s.Nodes[e].Kind != graph.KindEmployee {
			continue
		}
		direct[e] = true
		res.Direct = append(res.Direct, directHolding(s, e, x, s.TieOf[k], stats[pairKey{s.Nodes[e].ID, stakeholderID}], now))
	}
	for k, st := range stats {
		e, ok := s.Index(k.employee)
		if !ok || s.Nodes[e].Kind != graph.KindEmployee || direct[e] {
			continue
		}
		direct[e] = true
		res.Direct = append(res.Direct, directHolding(s, e, x, -1, st, now))
	}
	slices.SortFunc(res.Direct, compareDirect)

	best := map[int32]Holding{}
	for k := s.Off[x]; k < s.Off[x+1]; k++ {
		p := s.Adj[k]
		if s.Nodes[p].Kind != graph.KindPerson || s.Nodes[p].DoNotRoute {
			continue
		}
		viaType, viaStrength, ok := viaTie(s, s.TieOf[k], s.Nodes[x].Kind)
		if !ok || viaStrength <= 0 {
			continue
		}
		for j := s.Off[p]; j < s.Off[p+1]; j++ {
			e := s.Adj[j]
			if s.Nodes[e].Kind != graph.KindEmployee || direct[e] {
				continue
			}
			first := s.Ties[s.TieOf[j]].Strength
			if first <= 0 {
				continue
			}
			prod := first * viaStrength
			if old, seen := best[e]; seen && (old.Strength > prod || old.Strength == prod && old.Via.ID < s.Nodes[p].ID) {
				continue
			}
			via := pathNode(s, p)
			best[e] = Holding{
				Employee: pathNode(s, e), Stakeholder: res.Stakeholder,
				Strength: prod, Via: &via, ViaType: viaType, ViaStrength: []float64{first, viaStrength},
				Owner: s.Nodes[x].OwnerID == s.Nodes[e].ID,
			}
		}
	}
	for _, h := range best {
		res.Indirect = append(res.Indirect, h)
	}
	slices.SortFunc(res.Indirect, func(a, b Holding) int {
		return cmp.Or(cmp.Compare(b.Strength, a.Strength), cmp.Compare(a.Employee.ID, b.Employee.ID))
	})
	return res, nil
}

// viaTie returns how the person at one end of tie t is tied to the
// stakeholder at the other, of kind k: for an organisation the strongest
// works_at or board_member_of relationship, for a person the tie itself.
func viaTie(s *Snapshot, t int32, k graph.Kind) (graph.RelType, float64, bool) {
	if k == graph.KindPerson {
		return s.Ties[t].Edge.Type, s.Ties[t].Strength, true
	}
	for _, e := range s.TieEdges(t) { // strongest first
		if e.Type == graph.RelWorksAt || e.Type == graph.RelBoardMemberOf {
			return e.Type, e.Strength, true
		}
	}
	return "", 0, false
}

// Holdings is the reverse of Holders: every stakeholder that the employee
// with id employeeID holds directly (a tie, a logged contact dated no later
// than now, or both), ranked as Holders ranks direct holders (strength ↓,
// last contact ↓, contacts ↓, then stakeholder id). Contacts of other
// employees are skipped. An unknown id is ENOTFOUND, one that is not an
// employee EINVALID, both on field "employee". It panics if s is nil.
func Holdings(s *Snapshot, contacts []*graph.Contact, employeeID string, now time.Time) ([]Holding, error) {
	e, err := lookupNode(s, "employee", employeeID)
	if err != nil {
		return nil, fmt.Errorf("holdings: %w", err)
	}
	if s.Nodes[e].Kind != graph.KindEmployee {
		return nil, fmt.Errorf("holdings: %w", graph.Invalid("employee", "%q is not an employee", employeeID))
	}
	stats := contactStats(contacts, now, func(c *graph.Contact) bool { return c.EmployeeID == employeeID })
	out := []Holding{}
	held := map[int32]bool{}
	for k := s.Off[e]; k < s.Off[e+1]; k++ {
		x := s.Adj[k]
		if !s.Nodes[x].Kind.IsStakeholder() {
			continue
		}
		held[x] = true
		out = append(out, directHolding(s, e, x, s.TieOf[k], stats[pairKey{employeeID, s.Nodes[x].ID}], now))
	}
	for k, st := range stats {
		x, ok := s.Index(k.stakeholder)
		if !ok || !s.Nodes[x].Kind.IsStakeholder() || held[x] {
			continue
		}
		held[x] = true
		out = append(out, directHolding(s, e, x, -1, st, now))
	}
	slices.SortFunc(out, compareDirect)
	return out, nil
}

// directHolders returns, per stakeholder index, its direct holders (tie or
// contact dated no later than now), each ranked as in Holders.
func directHolders(s *Snapshot, contacts []*graph.Contact, now time.Time) map[int32][]Holding {
	stats := contactStats(contacts, now, nil)
	out := map[int32][]Holding{}
	seen := map[[2]int32]bool{}
	for i, n := range s.Nodes {
		if n.Kind != graph.KindEmployee {
			continue
		}
		e := int32(i)
		for k := s.Off[e]; k < s.Off[e+1]; k++ {
			x := s.Adj[k]
			if !s.Nodes[x].Kind.IsStakeholder() {
				continue
			}
			seen[[2]int32{e, x}] = true
			out[x] = append(out[x], directHolding(s, e, x, s.TieOf[k], stats[pairKey{n.ID, s.Nodes[x].ID}], now))
		}
	}
	for k, st := range stats {
		e, okE := s.Index(k.employee)
		x, okX := s.Index(k.stakeholder)
		if !okE || !okX || s.Nodes[e].Kind != graph.KindEmployee || !s.Nodes[x].Kind.IsStakeholder() || seen[[2]int32{e, x}] {
			continue
		}
		out[x] = append(out[x], directHolding(s, e, x, -1, st, now))
	}
	for _, hs := range out {
		slices.SortFunc(hs, compareDirect)
	}
	return out
}

// SingleHolding is a stakeholder held by exactly one employee.
type SingleHolding struct {
	Stakeholder PathNode `json:"stakeholder"`
	// Holder is the one direct holding.
	Holder Holding `json:"holder"`
}

// SingleHolder returns the stakeholders that exactly one employee holds
// directly (a tie or a logged contact dated no later than now; see
// Holders): the key-person risk of DESIGN §3. Stakeholders nobody holds are
// not listed. Sorted by stakeholder id. It panics if s is nil.
func SingleHolder(s *Snapshot, contacts []*graph.Contact, now time.Time) []SingleHolding {
	out := []SingleHolding{}
	for x, hs := range directHolders(s, contacts, now) {
		if len(hs) == 1 {
			out = append(out, SingleHolding{Stakeholder: pathNode(s, x), Holder: hs[0]})
		}
	}
	slices.SortFunc(out, func(a, b SingleHolding) int { return cmp.Compare(a.Stakeholder.ID, b.Stakeholder.ID) })
	return out
}

// DepartureImpact is what the network loses if one employee leaves.
type DepartureImpact struct {
	Employee PathNode `json:"employee"`
	// MaxHops and Share are the query's hop cap and share.
	MaxHops int     `json:"max_hops"`
	Share   float64 `json:"share"`
	// Checked is the number of distinct targets looked at.
	Checked int `json:"checked"`
	// Lost are the targets with a warm path today and none without the
	// employee; Weakened those whose best path strength falls by more than
	// Share. Both sorted by drop ↓, then target id.
	Lost     []TargetImpact `json:"lost"`
	Weakened []TargetImpact `json:"weakened"`
}

// TargetImpact is one target's best warm path with and without the
// employee.
type TargetImpact struct {
	Target PathNode `json:"target"`
	// Before and After are the best path strengths in [0,1] (0: no path).
	Before float64 `json:"before"`
	After  float64 `json:"after"`
	// Drop is (Before − After) / Before, in [0,1].
	Drop float64 `json:"drop"`
	// BestBefore is the best path today; BestAfter the best one without
	// the employee (nil when lost).
	BestBefore *Path `json:"best_before"`
	BestAfter  *Path `json:"best_after,omitempty"`
}

// Departure answers "what if employee Y leaves?" for the given targets
// (the caller passes the invest and develop stakeholders, see DESIGN §3).
// For each target t,
//
//	Before(t) = strength of the best warm path from any employee
//	After(t)  = the same with Y removed from the network
//	Drop(t)   = (Before − After) / Before
//
// both by WarmPaths with K = 1 and the hop cap maxHops (0: DefaultMaxHops).
// Removing Y (WarmPaths' Exclude) takes Y away as a start and as an
// intermediate: a colleague's introduction through Y is lost too. A target
// with Before > 0 is Lost when After = 0 and Weakened when Drop > share; a
// target without a warm path today is neither. Repeated targets count once.
//
// Errors: employeeID unknown (ENOTFOUND) or not an employee (EINVALID),
// field "employee"; share outside [0,1] (EINVALID, "share"); the target and
// hop-cap errors of WarmPaths ("to" is reported as "targets"). A cancelled
// ctx stops between targets. Cost: two WarmPaths queries per target. It
// panics if s is nil.
func Departure(ctx context.Context, s *Snapshot, employeeID string, targets []string, maxHops int, share float64) (*DepartureImpact, error) {
	e, err := lookupNode(s, "employee", employeeID)
	if err != nil {
		return nil, fmt.Errorf("departure: %w", err)
	}
	if s.Nodes[e].Kind != graph.KindEmployee {
		return nil, fmt.Errorf("departure: %w", graph.Invalid("employee", "%q is not an employee", employeeID))
	}
	if math.IsNaN(share) || share < 0 || share > 1 {
		return nil, fmt.Errorf("departure: %w", graph.Invalid("share", "%v is outside [0,1]", share))
	}
	if maxHops == 0 {
		maxHops = DefaultMaxHops
	}
	res := &DepartureImpact{Employee: pathNode(s, e), MaxHops: maxHops, Share: share, Lost: []TargetImpact{}, Weakened: []TargetImpact{}}
	seen := map[string]bool{}
	for _, id := range targets {
		if seen[id] {
			continue
		}
		seen[id] = true
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		t, err := lookupStakeholder(s, "targets", id)
		if err != nil {
			return nil, fmt.Errorf("departure: %w", err)
		}
		res.Checked++
		before, err := WarmPaths(ctx, s, PathQuery{To: id, K: 1, MaxHops: maxHops})
		if err != nil {
			return nil, fmt.Errorf("departure: %w", err)
		}
		if len(before) == 0 {
			continue
		}
		after, err := WarmPaths(ctx, s, PathQuery{To: id, K: 1, MaxHops: maxHops, Exclude: []string{employeeID}})
		if err != nil {
			return nil, fmt.Errorf("departure: %w", err)
		}
		ti := TargetImpact{Target: pathNode(s, t), Before: before[0].Strength, BestBefore: &before[0], Drop: 1}
		if len(after) > 0 {
			ti.After, ti.BestAfter = after[0].Strength, &after[0]
			ti.Drop = 0
			if ti.Before > 0 {
				ti.Drop = max(0, (ti.Before-ti.After)/ti.Before)
			}
		}
		switch {
		case ti.BestAfter == nil:
			res.Lost = append(res.Lost, ti)
		case ti.Drop > share:
			res.Weakened = append(res.Weakened, ti)
		}
	}
	byDrop := func(a, b TargetImpact) int {
		return cmp.Or(cmp.Compare(b.Drop, a.Drop), cmp.Compare(a.Target.ID, b.Target.ID))
	}
	slices.SortFunc(res.Lost, byDrop)
	slices.SortFunc(res.Weakened, byDrop)
	return res, nil
}
