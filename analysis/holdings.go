package analysis

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// Holding is how one of our employees holds one stakeholder (the seed's
// step 5: "welke medewerkers contacten onderhouden met welke organisaties
// en personen, en wat is de aard van dat contact").
//
// A direct holding — one that makes the employee a holder — is a tie
// between the employee and the stakeholder in the network, logged contacts
// that count for the stakeholder (its own, and for an organisation those
// with its people, see Through and the roll-up rule of Holders), or both.
// An indirect holding is one hop away: the employee has a tie to a person
// (Via) who works at or sits on the board of the organisation, or who has
// a tie to the person (see Holders). An employee who has left
// (graph.NetworkNode.Left) holds nothing.
type Holding struct {
	Employee    PathNode `json:"employee"`
	Stakeholder PathNode `json:"stakeholder"`
	// Direct is true for a holding by a tie or by logged contacts, false
	// for a holding one hop away through Via.
	Direct bool `json:"direct"`
	// Strength is in [0,1]. For a direct holding it is the strongest of
	// the tie between the employee and the stakeholder and of the two-step
	// warm paths to it through a person: those in Through and those the
	// employee has a tie with (employee–person × person–stakeholder, the
	// second an affiliation for an organisation, as for indirect holders),
	// each employee tie weighed by its logged contacts as the warm paths
	// weigh it (TieEvidence; a pair with contacts and no stated tie has the
	// evidence of stated strength 0), so that logging a contact never
	// lowers a holding. For an indirect one it is the product
	// ViaStrength[0] × ViaStrength[1].
	Strength float64 `json:"strength"`
	// Relationship, Type and Nature are those of the strongest relationship
	// between the employee and the stakeholder (direct holdings with a tie).
	Relationship string        `json:"relationship,omitempty"`
	Type         graph.RelType `json:"type,omitempty"`
	Nature       graph.Nature  `json:"nature,omitempty"`
	// Level is the highest contact level of the ties between the two, or,
	// when no tie states one, of the logged contacts that count (Through's
	// included).
	Level graph.ContactLevel `json:"level,omitempty"`
	// Via is the intermediate person of an indirect holding, and of a
	// direct one whose two-step path through Via is stronger than its tie
	// (Strength is then that path's); ViaType is how that person is tied
	// to the stakeholder (works_at, board_member_of, knows, …) and
	// ViaStrength the strengths of the two ties, employee–Via and
	// Via–stakeholder.
	Via         *PathNode     `json:"via,omitempty"`
	ViaType     graph.RelType `json:"via_type,omitempty"`
	ViaStrength []float64     `json:"via_strength,omitempty"`
	// Contacts is the number of logged contacts dated no later than now
	// that count for the stakeholder: the employee's contacts with it and,
	// for an organisation, those with its people (Through); each contact
	// once. LastContact is the latest of them and DaysSinceContact its
	// whole days before now (nil when none).
	Contacts         int       `json:"contacts"`
	LastContact      time.Time `json:"last_contact,omitzero"`
	DaysSinceContact *int      `json:"days_since_contact,omitempty"`
	// Through are, for a holding of an organisation, the people affiliated
	// with it whose logged contacts with the employee count for it (the
	// roll-up rule of Holders), each with the number, last date and highest
	// level of those contacts; sorted by contacts ↓, last contact ↓, then
	// person id. Empty when every counted contact is with the stakeholder
	// itself.
	Through []ThroughContacts `json:"through,omitempty"`
	// Owner is set when the employee owns the stakeholder's relationship
	// (graph.Organisation.OwnerID, graph.Person.OwnerID).
	Owner bool `json:"owner"`
}

// ThroughContacts are the logged contacts of one employee with one person
// that count for an organisation the person is affiliated with (see
// Holding.Through).
type ThroughContacts struct {
	Person PathNode `json:"person"`
	// Type is how the person belongs to the organisation: works_at or
	// board_member_of (graph.RelType.Affiliation; the strongest such
	// relationship when there are both).
	Type        graph.RelType      `json:"type"`
	Contacts    int                `json:"contacts"`
	LastContact time.Time          `json:"last_contact"`
	Level       graph.ContactLevel `json:"level,omitempty"`
	// Until is set when the person no longer belongs to the organisation:
	// the day the affiliation ended. The contacts still count (they were
	// made while she belonged to it), but no route runs through her to it
	// any more, so the holding's strength through her is 0.
	Until time.Time `json:"until,omitzero"`
}

// HoldersResult is the answer to "who here knows X?" (see Holders).
type HoldersResult struct {
	Stakeholder PathNode `json:"stakeholder"`
	// Owner is the employee who owns the relationship, if any, whether or
	// not they hold it; OwnerLeft is set when that employee has left (the
	// relationship needs a new owner).
	Owner     *PathNode `json:"owner,omitempty"`
	OwnerLeft bool      `json:"owner_left,omitempty"`
	// Direct are the employees who hold the stakeholder (a tie, logged
	// contacts that count for it, or both); Indirect those one hop away.
	// Both ranked (see Holders).
	Direct   []Holding `json:"direct"`
	Indirect []Holding `json:"indirect"`
}

// affiliation is one organisation a person belongs to, how, and on which
// days: from since to until (zero: unknown and ongoing), as
// graph.AffiliatedOn reads them.
type affiliation struct {
	org          int32
	typ          graph.RelType
	since, until time.Time
}

// rollUp applies the roll-up rule (see Holders) to the contacts of a log:
// which stakeholders one contact counts for. It remembers each person's
// affiliations once looked up.
type rollUp struct {
	s   *Snapshot
	now time.Time
	aff map[int32][]affiliation
}

func newRollUp(s *Snapshot, now time.Time) *rollUp {
	return &rollUp{s: s, now: now, aff: map[int32][]affiliation{}}
}

// affiliations returns the affiliations of person p
// (graph.RelType.Affiliation) by index: for each organisation with an
// undated one in the snapshot, the strongest of those (held on every
// day), then the dated ones, ended ones included (relTable.dated).
func (r *rollUp) affiliations(p int32) []affiliation {
	if a, ok := r.aff[p]; ok {
		return a
	}
	out := r.s.affiliationsOf(p)
	r.aff[p] = out
	return out
}

// affiliationsOf returns the affiliations of person p as rollUp's
// affiliations does, without keeping them.
func (s *Snapshot) affiliationsOf(p int32) []affiliation {
	var out []affiliation
	for k := s.Off[p]; k < s.Off[p+1]; k++ {
		if s.Nodes[s.Adj[k]].Kind != graph.KindOrganisation {
			continue
		}
		t := s.TieOf[k]
		for rel := s.rel.off[t]; rel < s.rel.off[t+1]; rel++ { // strongest first
			if typ := s.rel.relType(rel); typ.Affiliation() && !s.rel.isDated(rel) {
				out = append(out, affiliation{org: s.Adj[k], typ: typ})
				break
			}
		}
	}
	return append(out, s.rel.dated[p]...)
}

// affiliationEnded returns the day person p's affiliation with
// organisation org ended (the latest end of their affiliations) when p
// belongs to it no longer on day, and the zero time when p still does (or
// never did).
func (s *Snapshot) affiliationEnded(p, org int32, day time.Time) time.Time {
	var until time.Time
	for _, a := range s.affiliationsOf(p) {
		if a.org != org {
			continue
		}
		if graph.AffiliatedOn(a.since, a.until, day) {
			return time.Time{}
		}
		if a.until.After(until) {
			until = a.until
		}
	}
	return until
}

// counts reports whether c counts at all: it is dated no later than now
// and its employee has not left by now.
func (r *rollUp) counts(c *graph.Contact) bool {
	if c == nil || c.Date.After(r.now) {
		return false
	}
	e, ok := r.s.Index(c.EmployeeID)
	return !ok || !r.s.Nodes[e].Left(r.now)
}

// each calls f once for every stakeholder c counts for: its own
// stakeholder (through −1), then, when that is a person of the snapshot,
// every organisation the person belonged to on the contact's day
// (graph.AffiliatedOn; through: the person's index; typ: how they belong
// to it), each once. It calls nothing when c does not count.
func (r *rollUp) each(c *graph.Contact, f func(stakeholder string, through int32, typ graph.RelType)) {
	if !r.counts(c) {
		return
	}
	f(c.StakeholderID, -1, "")
	p, ok := r.s.Index(c.StakeholderID)
	if !ok || r.s.Nodes[p].Kind != graph.KindPerson {
		return
	}
	day := graph.Day(c.Date)
	var buf [8]int32
	done := buf[:0]
	for _, a := range r.affiliations(p) {
		if !graph.AffiliatedOn(a.since, a.until, day) || slices.Contains(done, a.org) {
			continue
		}
		done = append(done, a.org)
		f(r.s.Nodes[a.org].ID, p, a.typ)
	}
}

// contactStat sums up the logged contacts that count for one stakeholder
// by one employee.
type contactStat struct {
	n     int
	last  time.Time
	level graph.ContactLevel
	// typ is, for the stat of one person in through, how that person
	// belongs to the organisation.
	typ graph.RelType
	// through holds the part of the contacts that were with a person
	// affiliated with the stakeholder, per person index; nil when none.
	through map[int32]*contactStat
}

func (st *contactStat) add(c *graph.Contact) {
	st.n++
	if c.Date.After(st.last) {
		st.last = c.Date
	}
	if c.Level.Rank() > st.level.Rank() {
		st.level = c.Level
	}
}

type pairKey struct{ employee, stakeholder string }

// contactStats counts the contacts that count (dated no later than now, by
// an employee who has not left) per (employee, stakeholder) pair, rolled
// up (see Holders); keep, when not nil, selects the pairs to count.
func contactStats(s *Snapshot, contacts []*graph.Contact, now time.Time, keep func(c *graph.Contact, stakeholder string) bool) map[pairKey]*contactStat {
	out := make(map[pairKey]*contactStat)
	r := newRollUp(s, now)
	for _, c := range contacts {
		r.each(c, func(x string, p int32, typ graph.RelType) {
			if keep != nil && !keep(c, x) {
				return
			}
			k := pairKey{c.EmployeeID, x}
			st := out[k]
			if st == nil {
				st = &contactStat{}
				out[k] = st
			}
			st.add(c)
			if p < 0 {
				return
			}
			if st.through == nil {
				st.through = map[int32]*contactStat{}
			}
			ts := st.through[p]
			if ts == nil {
				ts = &contactStat{typ: typ}
				st.through[p] = ts
			}
			ts.add(c)
		})
	}
	return out
}

// contactDates returns the dates of the contacts that count (see
// contactStats) per stakeholder id, rolled up: a contact with a person
// is a date of each of the person's organisations too.
func contactDates(s *Snapshot, contacts []*graph.Contact, now time.Time) map[string][]time.Time {
	out := map[string][]time.Time{}
	r := newRollUp(s, now)
	for _, c := range contacts {
		r.each(c, func(x string, _ int32, _ graph.RelType) { out[x] = append(out[x], c.Date) })
	}
	return out
}

// ContactSubjects returns the ids of the stakeholders whose logged
// contacts may count for the stakeholder with id (the roll-up rule of
// Holders): id itself and, for an organisation, every person of s
// affiliated with it now or on some day before (an affiliation that
// ended), in id order. A caller that reads the contact log by stakeholder
// reads these to answer Holders. An id not in s is returned alone.
func ContactSubjects(s *Snapshot, id string) []string {
	out := []string{id}
	x, ok := s.Index(id)
	if !ok || s.Nodes[x].Kind != graph.KindOrganisation {
		return out
	}
	var ps []int32
	for k := s.Off[x]; k < s.Off[x+1]; k++ {
		p := s.Adj[k]
		if s.Nodes[p].Kind != graph.KindPerson {
			continue
		}
		if _, ok := affiliationEdge(s, s.TieOf[k]); ok {
			ps = append(ps, p)
		}
	}
	for p, as := range s.rel.dated {
		if slices.ContainsFunc(as, func(a affiliation) bool { return a.org == x }) {
			ps = append(ps, p)
		}
	}
	slices.Sort(ps) // index order is id order
	for _, p := range slices.Compact(ps) {
		out = append(out, s.Nodes[p].ID)
	}
	return out
}

func pathNode(s *Snapshot, i int32) PathNode {
	n := s.Nodes[i]
	return PathNode{ID: n.ID, Name: n.Name, Kind: n.Kind}
}

// directHolding describes employee e's hold on stakeholder x: tie is the
// index of their tie in s.Ties or -1, st the contacts that count or nil.
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
		te := s.TieEdge(tie)
		h.Relationship, h.Type, h.Nature = te.ID, te.Type, te.Nature
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
		if tie < 0 {
			h.Strength = s.pairStrength(e, x)
		}
		for p, ts := range st.through {
			h.Through = append(h.Through, ThroughContacts{Person: pathNode(s, p), Type: ts.typ,
				Contacts: ts.n, LastContact: ts.last, Level: ts.level, Until: s.affiliationEnded(p, x, graph.Day(now))})
			twoStep(s, &h, e, p, x, s.pairStrength(e, p))
		}
		slices.SortFunc(h.Through, func(a, b ThroughContacts) int {
			return cmp.Or(cmp.Compare(b.Contacts, a.Contacts), b.LastContact.Compare(a.LastContact), cmp.Compare(a.Person.ID, b.Person.ID))
		})
	}
	// A direct holder is no weaker than she would be one hop away: the
	// two-hop warm paths through the people she has a tie with count too.
	for k := s.Off[e]; k < s.Off[e+1]; k++ {
		if p := s.Adj[k]; s.Nodes[p].Kind == graph.KindPerson && !s.Nodes[p].DoNotRoute {
			twoStep(s, &h, e, p, x, s.Ties[s.TieOf[k]].Strength)
		}
	}
	return h
}

// twoStep makes the two-step path from employee e through person p to
// stakeholder x, whose first step has strength first, h's strength and
// Via when it is stronger than what h holds (equal products: the smaller
// id of p). The second step is p's affiliation with x for an organisation,
// p's tie for a person (viaTie).
func twoStep(s *Snapshot, h *Holding, e, p, x int32, first float64) {
	t := s.tieBetween(p, x)
	if t < 0 || p == e {
		return
	}
	typ, second, ok := viaTie(s, t, s.Nodes[x].Kind)
	prod := first * second
	if !ok || prod < h.Strength || prod == h.Strength && (h.Via == nil || h.Via.ID < s.Nodes[p].ID) {
		return
	}
	via := pathNode(s, p)
	h.Strength, h.Via, h.ViaType, h.ViaStrength = prod, &via, typ, []float64{first, second}
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

// current reports whether node i is an employee who has not left by now.
func current(s *Snapshot, i int32, now time.Time) bool {
	return s.Nodes[i].Kind == graph.KindEmployee && !s.Nodes[i].Left(now)
}

// Holders answers "who here knows X?" for the stakeholder with id
// stakeholderID: every employee who holds it, and every employee one hop
// away, from the network in s and the contact log in contacts (the caller
// may pass the whole log or only the contacts with ContactSubjects(s, X)).
//
// Contacts roll up. A logged contact counts for its stakeholder and, when
// that is a person, for every organisation the person belonged to on the
// contact's day (works_at or board_member_of, graph.RelType.Affiliation;
// graph.AffiliatedOn: from the relationship's Since, when known, up to
// its Until), at the contact's own date and level, once per
// organisation: the account manager who meets a municipality's policy
// officer holds the municipality, through the officer. A person who
// changed jobs leaves her past contacts with the organisation she was at
// then: a meeting before she joined the new one does not count for it,
// and a meeting with someone who has since left still counts for her old
// organisation (within its policy period). Closing actions counts by the
// same rule (graph.CloseByContacts). Persons absent from s (they
// objected, see Cache) are affiliated with nothing; a DoNotRoute person's
// contacts roll up (a contact is no introduction). Member_of, funds and
// the other ties between organisations carry nothing over.
//
// Only current contacts count: dated no later than now, by an employee
// who has not left by now (graph.NetworkNode.Left). A departed employee's
// ties and contacts stay as history but make her no holder, direct or
// indirect: she answers for no relationship today.
//
// Direct holders are the current employees with a tie to X (any
// relationship type; the tie's strength, nature and level, see Holding)
// or contacts that count for X (count, last date, and the persons they
// were with in Through); both when both. They are ranked by
//
//	strength ↓, last contact ↓ (none last), number of contacts ↓, employee id ↑
//
// where a holding's strength counts the tie, the evidence of the contacts
// and the two-step paths through people (see Holding.Strength).
//
// Indirect holders are the current employees who are no direct holder and
// have a tie of positive strength to a person P (not a DoNotRoute person,
// as in WarmPaths) who
//   - works at or sits on the board of X, when X is an organisation
//     (graph.RelType.Affiliation; the strongest such relationship between
//     P and X counts);
//   - has any tie to X, when X is a person.
//
// Their strength is the product s(employee, P) · s(P, X): the strength of
// the two-hop warm path. Each employee is listed once, through their best
// P (equal products: the smaller id of P). They are ranked by strength ↓,
// then employee id ↑.
//
// Errors: an unknown stakeholderID is ENOTFOUND, an employee's id EINVALID,
// both on field "stakeholder". Complexity O(d_X · d_P + |contacts|·a) where
// d are degrees and a the most affiliations of a person. It panics if s is
// nil.
func Holders(s *Snapshot, contacts []*graph.Contact, stakeholderID string, now time.Time) (*HoldersResult, error) {
	x, err := lookupStakeholder(s, "stakeholder", stakeholderID)
	if err != nil {
		return nil, fmt.Errorf("holders: %w", err)
	}
	stats := contactStats(s, contacts, now, func(_ *graph.Contact, id string) bool { return id == stakeholderID })
	res := &HoldersResult{Stakeholder: pathNode(s, x), Direct: []Holding{}, Indirect: []Holding{}}
	if o, ok := s.Index(s.Nodes[x].OwnerID); ok {
		n := pathNode(s, o)
		res.Owner, res.OwnerLeft = &n, s.Nodes[o].Left(now)
	}
	direct := map[int32]bool{}
	for k := s.Off[x]; k < s.Off[x+1]; k++ {
		e := s.Adj[k]
		if !current(s, e, now) {
			continue
		}
		direct[e] = true
		res.Direct = append(res.Direct, directHolding(s, e, x, s.TieOf[k], stats[pairKey{s.Nodes[e].ID, stakeholderID}], now))
	}
	for k, st := range stats {
		e, ok := s.Index(k.employee)
		if !ok || !current(s, e, now) || direct[e] {
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
			if !current(s, e, now) || direct[e] {
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
// affiliation (graph.RelType.Affiliation), for a person the tie itself.
func viaTie(s *Snapshot, t int32, k graph.Kind) (graph.RelType, float64, bool) {
	if k == graph.KindPerson {
		return s.rel.relType(s.rel.off[t]), s.Ties[t].Strength, true
	}
	e, ok := affiliationEdge(s, t)
	return e.Type, e.Strength, ok
}

// affiliationEdge returns the strongest relationship of tie t through
// which a person belongs to an organisation (graph.RelType.Affiliation),
// and whether there is one.
func affiliationEdge(s *Snapshot, t int32) (graph.NetworkEdge, bool) {
	rt := s.rel
	for r := rt.off[t]; r < rt.off[t+1]; r++ { // strongest first
		if rt.relType(r).Affiliation() {
			return s.edge(t, r), true
		}
	}
	return graph.NetworkEdge{}, false
}

// Holdings is the reverse of Holders: every stakeholder that the employee
// with id employeeID holds directly (a tie, contacts that count for it —
// rolled up to the organisations of the persons met, see Holders — or
// both), ranked as Holders ranks direct holders (strength ↓, last contact
// ↓, contacts ↓, then stakeholder id). Contacts of other employees are
// skipped. An employee who has left by now holds nothing: the list is
// empty. An unknown id is ENOTFOUND, one that is not an employee EINVALID,
// both on field "employee". It panics if s is nil.
func Holdings(s *Snapshot, contacts []*graph.Contact, employeeID string, now time.Time) ([]Holding, error) {
	e, err := lookupNode(s, "employee", employeeID)
	if err != nil {
		return nil, fmt.Errorf("holdings: %w", err)
	}
	if s.Nodes[e].Kind != graph.KindEmployee {
		return nil, fmt.Errorf("holdings: %w", graph.Invalid("employee", "%q is not an employee", employeeID))
	}
	out := []Holding{}
	if s.Nodes[e].Left(now) {
		return out, nil
	}
	stats := contactStats(s, contacts, now, func(c *graph.Contact, _ string) bool { return c.EmployeeID == employeeID })
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

// directHolders returns, per stakeholder index, its direct holders (see
// Holders: current employees with a tie or contacts that count, rolled
// up), each ranked as in Holders.
func directHolders(s *Snapshot, contacts []*graph.Contact, now time.Time) map[int32][]Holding {
	stats := contactStats(s, contacts, now, nil)
	out := map[int32][]Holding{}
	seen := map[[2]int32]bool{}
	for i, n := range s.Nodes {
		e := int32(i)
		if !current(s, e, now) {
			continue
		}
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
		if !okE || !okX || !current(s, e, now) || !s.Nodes[x].Kind.IsStakeholder() || seen[[2]int32{e, x}] {
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

// DepartureSegments are the segments whose stakeholders Departure checks
// when the query names neither targets nor segments: the three the policy
// manages (invest, develop, harvest).
var DepartureSegments = []segment.Segment{segment.Invest, segment.Develop, segment.Harvest}

// DepartureQuery asks Departure what the network loses if one employee
// leaves.
type DepartureQuery struct {
	// Employee is the id of the employee who leaves.
	Employee string
	// Targets are the stakeholders to check. When empty, the stakeholders
	// of the matrix placed in Segments are checked.
	Targets []string
	// Segments are the segments whose stakeholders are checked when
	// Targets is empty; empty means DepartureSegments. Each must be one of
	// the four (not unassessed).
	Segments []segment.Segment
	// MaxHops is the hop cap of the warm paths (0: DefaultMaxHops); Share
	// the drop in [0,1] above which a target counts as weakened.
	MaxHops int
	Share   float64
	// Now is the instant holdings are measured at: contacts dated after it
	// do not count, and employees who have left by it hold nothing.
	Now time.Time
}

// DepartureImpact is what the network loses if one employee leaves.
type DepartureImpact struct {
	Employee PathNode `json:"employee"`
	// MaxHops and Share are the query's hop cap and share.
	MaxHops int     `json:"max_hops"`
	Share   float64 `json:"share"`
	// Segments are the segments whose stakeholders were checked; absent
	// when the query named its targets.
	Segments []segment.Segment `json:"segments,omitempty"`
	// Checked is the number of distinct targets looked at; NotChecked the
	// number of targets the analyses cannot see (not in the snapshot: a
	// person who objected, or an unknown id), skipped without naming them.
	Checked    int `json:"checked"`
	NotChecked int `json:"not_checked"`
	// Lost are the targets with a warm path today and none without the
	// employee; Weakened those whose best path strength falls by more than
	// Share. Both sorted by drop ↓, then target id.
	Lost     []TargetImpact `json:"lost"`
	Weakened []TargetImpact `json:"weakened"`
	// OnlyHolder are the checked targets that the employee alone holds
	// today (a tie or contacts that count, rolled up as in Holders): after
	// she leaves nobody here holds them. Her holdings, ranked as Holders
	// ranks direct holders.
	OnlyHolder []Holding `json:"only_holder"`
	// Owned are the stakeholders whose relationship she owns
	// (graph.Organisation.OwnerID, graph.Person.OwnerID), all segments,
	// to hand over before she leaves.
	Owned []OwnedRecord `json:"owned"`
	// Reason says, in English and Dutch, why nothing was checked when no
	// stakeholder is placed in Segments (see EmptySegmentReason); absent
	// otherwise.
	Reason *Text `json:"reason,omitempty"`
}

// OwnedRecord is a stakeholder an employee owns, with its segment.
type OwnedRecord struct {
	Stakeholder PathNode `json:"stakeholder"`
	// Segment is the stakeholder's segment in the matrix; unassessed when
	// it is not placed, "" when there is no matrix.
	Segment segment.Segment `json:"segment,omitempty"`
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

// Departure answers "what if employee Y leaves?" for the targets of q: the
// given ones, or the stakeholders of m placed in q.Segments (by default
// invest, develop and harvest, see DESIGN §3). For each target t,
//
//	Before(t) = strength of the best warm path from any employee
//	After(t)  = the same with Y removed from the network
//	Drop(t)   = (Before − After) / Before
//
// both by WarmPaths with K = 1 and the hop cap q.MaxHops (0:
// DefaultMaxHops). Removing Y (WarmPaths' Exclude) takes Y away as a start
// and as an intermediate: a colleague's introduction through Y is lost too.
// A target with Before > 0 is Lost when After = 0 and Weakened when Drop >
// q.Share; a target without a warm path today is neither. Repeated
// targets count once.
//
// Beside the paths, Departure lists the checked targets Y alone holds
// (OnlyHolder: her tie or her contacts, rolled up from the persons of an
// organisation as in Holders, measured at q.Now; contacts is the whole log,
// so that every other holder is seen) and every stakeholder of s she owns
// (Owned, with its segment in m; sorted by segment, unassessed last, then
// name and id).
//
// A target that is not in s — a person who objected is left out of the
// snapshot (see Cache), and so is an id the store does not know — is
// skipped without being named: it is counted in NotChecked. With no
// targets given and no stakeholder placed in q.Segments the answer is
// empty and Reason says why (EmptySegmentReason); that is no error.
//
// m may be nil when q.Targets is given (no segments are kept): Owned then
// carries no segments. Errors: q.Employee unknown (ENOTFOUND) or not an
// employee (EINVALID), field "employee"; Share outside [0,1] (EINVALID,
// "share"); segments given beside targets, a segment that is not one of
// the four, or no targets with a nil m (EINVALID, "segments"); a target
// that is an employee (EINVALID, "targets"); the hop-cap errors of
// WarmPaths. A cancelled ctx stops between targets. Cost: two WarmPaths
// queries per target, and O(|contacts|·a + E) for the holders. It panics
// if s is nil.
func Departure(ctx context.Context, s *Snapshot, m *segment.Matrix, contacts []*graph.Contact, q DepartureQuery) (*DepartureImpact, error) {
	e, err := lookupNode(s, "employee", q.Employee)
	if err != nil {
		return nil, fmt.Errorf("departure: %w", err)
	}
	if s.Nodes[e].Kind != graph.KindEmployee {
		return nil, fmt.Errorf("departure: %w", graph.Invalid("employee", "%q is not an employee", q.Employee))
	}
	if math.IsNaN(q.Share) || q.Share < 0 || q.Share > 1 {
		return nil, fmt.Errorf("departure: %w", graph.Invalid("share", "%v is outside [0,1]", q.Share))
	}
	if len(q.Targets) > 0 && len(q.Segments) > 0 {
		return nil, fmt.Errorf("departure: %w", graph.Invalid("segments", "give targets or segments, not both"))
	}
	for _, g := range q.Segments {
		if !g.Placed() {
			return nil, fmt.Errorf("departure: %w", graph.Invalid("segments", "%q is not invest, develop, harvest or ignore", g))
		}
	}
	maxHops := cmp.Or(q.MaxHops, DefaultMaxHops)
	res := &DepartureImpact{Employee: pathNode(s, e), MaxHops: maxHops, Share: q.Share,
		Lost: []TargetImpact{}, Weakened: []TargetImpact{}, OnlyHolder: []Holding{}, Owned: []OwnedRecord{}}
	targets := q.Targets
	if len(targets) == 0 {
		if m == nil {
			return nil, fmt.Errorf("departure: %w", graph.Invalid("segments", "no segments are kept: name the targets"))
		}
		res.Segments = q.Segments
		if len(res.Segments) == 0 {
			res.Segments = DepartureSegments
		}
		for _, r := range m.All() {
			if slices.Contains(res.Segments, r.Placement.Segment) {
				targets = append(targets, r.Stakeholder.ID)
			}
		}
		if len(targets) == 0 {
			res.Reason = EmptySegmentReason(m, res.Segments...)
		}
	}
	holders := directHolders(s, contacts, q.Now)
	seen := map[string]bool{}
	for _, id := range targets {
		if seen[id] {
			continue
		}
		seen[id] = true
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		t, ok := s.Index(id)
		if !ok {
			res.NotChecked++
			continue
		}
		if !s.Nodes[t].Kind.IsStakeholder() {
			return nil, fmt.Errorf("departure: %w", graph.Invalid("targets", "%q is not a person or organisation", id))
		}
		res.Checked++
		if hs := holders[t]; len(hs) == 1 && hs[0].Employee.ID == q.Employee {
			res.OnlyHolder = append(res.OnlyHolder, hs[0])
		}
		before, err := WarmPaths(ctx, s, PathQuery{To: id, K: 1, MaxHops: maxHops})
		if err != nil {
			return nil, fmt.Errorf("departure: %w", err)
		}
		if len(before) == 0 {
			continue
		}
		after, err := WarmPaths(ctx, s, PathQuery{To: id, K: 1, MaxHops: maxHops, Exclude: []string{q.Employee}})
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
		case ti.Drop > q.Share:
			res.Weakened = append(res.Weakened, ti)
		}
	}
	byDrop := func(a, b TargetImpact) int {
		return cmp.Or(cmp.Compare(b.Drop, a.Drop), cmp.Compare(a.Target.ID, b.Target.ID))
	}
	slices.SortFunc(res.Lost, byDrop)
	slices.SortFunc(res.Weakened, byDrop)
	slices.SortFunc(res.OnlyHolder, compareDirect)
	res.Owned = owned(s, m, q.Employee)
	return res, nil
}

// owned returns the stakeholders of s that the employee with id owns, with
// their segments in m (nil m: none), sorted by segment (the four, then
// unassessed), then name and id.
func owned(s *Snapshot, m *segment.Matrix, id string) []OwnedRecord {
	seg := map[string]segment.Segment{}
	if m != nil {
		for _, r := range m.All() {
			seg[r.Stakeholder.ID] = r.Placement.Segment
		}
	}
	out := []OwnedRecord{}
	for i, n := range s.Nodes {
		if n.OwnerID != id || !n.Kind.IsStakeholder() {
			continue
		}
		r := OwnedRecord{Stakeholder: pathNode(s, int32(i))}
		if m != nil {
			r.Segment = cmp.Or(seg[n.ID], segment.Unassessed)
		}
		out = append(out, r)
	}
	order := append(slices.Clone(segment.Segments), segment.Unassessed)
	slices.SortFunc(out, func(a, b OwnedRecord) int {
		return cmp.Or(cmp.Compare(slices.Index(order, a.Segment), slices.Index(order, b.Segment)),
			cmp.Compare(a.Stakeholder.Name, b.Stakeholder.Name), cmp.Compare(a.Stakeholder.ID, b.Stakeholder.ID))
	})
	return out
}
