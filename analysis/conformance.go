package analysis

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// AdviceCode names one finding of the policy conformance check (the seed's
// step 5: "in welke gevallen bijstelling nodig is").
type AdviceCode string

// The advice codes, in the order Conformance lists them.
const (
	// AdviceDevelop: a develop stakeholder nobody here holds yet.
	AdviceDevelop AdviceCode = "develop"
	// AdviceIntensify: fewer contacts in the policy period than the minimum.
	AdviceIntensify AdviceCode = "intensify"
	// AdviceReduce: effort on an ignore stakeholder, or far more contacts
	// than an extensive policy asks.
	AdviceReduce AdviceCode = "reduce"
	// AdviceRaiseLevel: our highest contact is below the level the policy's
	// responsible roles work at.
	AdviceRaiseLevel AdviceCode = "raise_level"
	// AdviceLowerLevel: our highest contact on an extensive segment is above
	// the level its policy needs.
	AdviceLowerLevel AdviceCode = "lower_level"
	// AdviceAssignOwner: an invest, develop or harvest stakeholder without
	// an owner.
	AdviceAssignOwner AdviceCode = "assign_owner"
	// AdviceSingleHolder: held by exactly one employee.
	AdviceSingleHolder AdviceCode = "single_holder"
	// AdviceOK: none of the above applies.
	AdviceOK AdviceCode = "ok"
)

// AdviceCodes lists every advice code in the order Conformance gives them.
var AdviceCodes = []AdviceCode{AdviceDevelop, AdviceIntensify, AdviceReduce, AdviceRaiseLevel,
	AdviceLowerLevel, AdviceAssignOwner, AdviceSingleHolder, AdviceOK}

// ExcessFactor is how far above the minimum the contacts with a stakeholder
// of an extensive segment may go before Conformance advises to reduce: more
// than ExcessFactor × MinContacts in one policy period is effort that
// extensive management ("low effort per relationship") does not ask for.
const ExcessFactor = 2

// RoleLevel is the contact level an employee role works at, the mapping
// Conformance compares contact levels with:
//
//	director, board_member  → strategic
//	account_manager         → tactical
//	staff                   → operational
//
// An unknown role has no level ("").
func RoleLevel(r graph.EmployeeRole) graph.ContactLevel {
	switch r {
	case graph.RoleDirector, graph.RoleBoardMember:
		return graph.LevelStrategic
	case graph.RoleAccountManager:
		return graph.LevelTactical
	case graph.RoleStaff:
		return graph.LevelOperational
	}
	return ""
}

// levelRange returns the lowest and the highest RoleLevel of the roles
// (both "" when no role has a level).
func levelRange(roles []graph.EmployeeRole) (lo, hi graph.ContactLevel) {
	for _, r := range roles {
		l := RoleLevel(r)
		if l == "" {
			continue
		}
		if lo == "" || l.Rank() < lo.Rank() {
			lo = l
		}
		if l.Rank() > hi.Rank() {
			hi = l
		}
	}
	return lo, hi
}

// AdviceItem is one finding with its reason.
type AdviceItem struct {
	Code   AdviceCode `json:"code"`
	Reason Text       `json:"reason"`
}

// Advice is the conformance of one stakeholder with its segment's policy
// (see Conformance).
type Advice struct {
	Stakeholder PathNode          `json:"stakeholder"`
	Segment     segment.Segment   `json:"segment"`
	Intensity   segment.Intensity `json:"intensity"`
	// PeriodStart is the start of the current policy period (midnight UTC,
	// PeriodMonths before now); Contacts counts the logged contacts that
	// count for the stakeholder (its own and, for an organisation, those
	// with its people: the roll-up rule of Holders) from PeriodStart to
	// now, by any employee who has not left, against the policy's
	// MinContacts.
	PeriodStart  time.Time `json:"period_start"`
	PeriodMonths int       `json:"period_months"`
	MinContacts  int       `json:"min_contacts"`
	Contacts     int       `json:"contacts"`
	// LastContact is the latest of those contacts dated no later than now,
	// in or before the period; zero when none.
	LastContact time.Time `json:"last_contact,omitzero"`
	// Level is the highest level at which any employee holds the
	// stakeholder (Holding.Level); "" when no tie or contact states one.
	Level graph.ContactLevel `json:"level,omitempty"`
	// ExpectedLevel and MaxLevel are the lowest and highest RoleLevel of
	// the policy's responsible roles; "" when it names none.
	ExpectedLevel graph.ContactLevel `json:"expected_level,omitempty"`
	MaxLevel      graph.ContactLevel `json:"max_level,omitempty"`
	// Owner is the employee who owns the relationship; nil when none.
	// OwnerLeft is set when that employee has left by now: the record
	// still names her, but nobody answers for it (see assign_owner).
	Owner     *PathNode `json:"owner,omitempty"`
	OwnerLeft bool      `json:"owner_left"`
	// Holders is the number of employees who hold the stakeholder directly
	// (a tie, or contacts that count, dated no later than now; see
	// Holders), HeldBy those employees in Holders' order.
	Holders int        `json:"holders"`
	HeldBy  []PathNode `json:"held_by"`
	// Intermediary is the best broker to a develop stakeholder nobody
	// holds (see DevelopIntermediaries); nil otherwise.
	Intermediary *PathNode `json:"intermediary,omitempty"`
	// Items are the findings in the order of AdviceCodes; exactly one
	// item with code ok when nothing else applies.
	Items []AdviceItem `json:"advice"`
}

// Codes returns the codes of a's items in order.
func (a Advice) Codes() []AdviceCode {
	out := make([]AdviceCode, len(a.Items))
	for i, it := range a.Items {
		out[i] = it.Code
	}
	return out
}

// Conformance checks every placed stakeholder of m (the four segments;
// unassessed rows and rows without a policy are skipped) against its
// segment's policy, from the network in s and the contact log in contacts:
// the seed's step 5, "bepaal in hoeverre deze contacten aansluiten op het
// ontwikkelde beleid".
//
// Contacts count as in Holders: dated no later than now, by an employee
// who has not left by now, and rolled up — a contact with a person counts
// for every organisation the person worked at or sat on the board of on
// the contact's day (graph.RelType.Affiliation, graph.AffiliatedOn: the
// rule closing actions counts by too), at its own date and level. A
// departed employee's contacts stay in the log as history but count here
// no more: the policy asks whether we keep the relationship now, and she
// no longer keeps it.
//
// For a stakeholder X with policy P:
//
//	start    = midnight UTC of the day now − P.PeriodMonths calendar months
//	contacts = |{contacts that count for X : start ≤ date ≤ now}|
//	holders  = current employees with a tie to X or contacts that count for X
//	level    = max over the holders of Holding.Level (tie level, else
//	           the highest level of the contacts that count)
//	[lo, hi] = the lowest and highest RoleLevel of P.Responsible
//
// The advice, in this order (several may apply):
//
//   - develop: X is in the develop segment and has no holder. The reason
//     names brokers[X], the best intermediary (see DevelopIntermediaries),
//     or, when brokers has none, says that no warm path is within reach and
//     suggests visibility (the seed: events, publications, board seats).
//     Since X has no holder it has no contacts either: develop replaces
//     intensify, and no level advice is given.
//   - intensify: P.MinContacts > 0 and contacts < P.MinContacts (and not
//     develop).
//   - reduce: X is in the ignore segment and contacts > 0 ("weinig tot geen
//     actie"); or P is extensive, P.MinContacts > 0 and
//     contacts > ExcessFactor × P.MinContacts.
//   - raise_level: lo is set, level is known and level < lo: nobody holds X
//     at the level of any role the policy makes responsible.
//   - lower_level: P is extensive, hi is set and level > hi: effort at a
//     higher level than the policy needs. (Intensive segments are never
//     told to lower: a higher contact is welcome there.)
//   - assign_owner: X is in invest, develop or harvest and has no owner
//     (graph.NetworkNode.OwnerID empty), or its owner has left by now
//     (OwnerLeft; the reason names her and her last day).
//   - single_holder: X is in invest, develop or harvest and exactly one
//     employee holds it (the key-person risk of SingleHolder).
//   - ok: none of the above.
//
// A stakeholder whose level is unknown (no tie or contact states one) gets
// no level advice. Levels compare by graph.ContactLevel.Rank.
//
// Rows whose stakeholder is not in s are left out: the snapshot leaves out
// the persons who object (see Cache), and so does every analysis.
//
// brokers maps develop stakeholder ids to their best intermediary; it may
// be nil. The result is sorted by segment (invest, develop, harvest,
// ignore), then name, then id; it is empty (not nil) when m places nobody,
// and EmptySegmentReason says why. Cost O(|contacts|·a + E + rows), a the
// most affiliations of a person. It panics if m or s is nil.
func Conformance(m *segment.Matrix, s *Snapshot, contacts []*graph.Contact, now time.Time, brokers map[string]PathNode) []Advice {
	out := []Advice{}
	conform(m, s, contacts, now, brokers, func(a Advice, f Finding, w adviceWords) {
		a.Items = f.words(w)
		out = append(out, a)
	})
	order := segment.Segments
	slices.SortStableFunc(out, func(a, b Advice) int {
		return cmp.Or(
			cmp.Compare(slices.Index(order, a.Segment), slices.Index(order, b.Segment)),
			cmp.Compare(a.Stakeholder.Name, b.Stakeholder.Name),
			cmp.Compare(a.Stakeholder.ID, b.Stakeholder.ID))
	})
	return out
}

// Finding is one stakeholder's Advice in compact form, for a caller that
// keeps the advice of every stakeholder and shows a few at a time (the
// API's stakeholder table): the codes and the figures of the advice, and
// whom its reasons name as indexes in the snapshot, without the worded
// reasons, the period and the list of holders; it holds no strings of its
// own. Items words its reasons and Owner names its owner, exactly as
// Conformance does, from the matrix and the snapshot's nodes it was found
// with.
//
// A Finding takes 28 bytes (was 48, with the level as a string), and
// Findings returns them without spare capacity.
type Finding struct {
	// Row is the stakeholder's index in the matrix's rows.
	Row int32
	// Holders and Contacts are Advice's.
	Holders, Contacts int32
	// owner, intermediary and holder are the snapshot indexes of the
	// stakeholder's owner, the develop advice's intermediary and the single
	// holder; -1 for none (an owner the snapshot does not know: her id).
	owner, intermediary, holder int32
	// codes holds the advice codes, bit i for AdviceCodes[i].
	codes uint16
	// level is Advice's Level as its Rank: Advice's Level is "" or a
	// level of graph.ContactLevels, the highest of the holders'.
	level uint8
}

// levelOfRank is the contact level of each graph.ContactLevel.Rank.
var levelOfRank = [...]graph.ContactLevel{"", graph.LevelOperational, graph.LevelTactical, graph.LevelStrategic}

// Level is Advice's Level: the highest level at which any employee holds
// the stakeholder; "" when no tie or contact states one.
func (f Finding) Level() graph.ContactLevel { return levelOfRank[f.level] }

// Findings is Conformance in compact form: the Finding of every
// stakeholder Conformance checks, in the order of m's rows (by segment,
// then name, then id: Conformance's order). The intermediaries of brokers
// must be nodes of s. Cost as Conformance's, without wording a reason.
func Findings(m *segment.Matrix, s *Snapshot, contacts []*graph.Contact, now time.Time, brokers map[string]PathNode) []Finding {
	var out []Finding
	conform(m, s, contacts, now, brokers, func(_ Advice, f Finding, _ adviceWords) { out = append(out, f) })
	return slices.Clone(out) // without the capacity that append grew

}

// Codes returns the finding's advice codes in the order of AdviceCodes.
func (f Finding) Codes() []AdviceCode {
	out := make([]AdviceCode, 0, 2)
	for i, c := range AdviceCodes {
		if f.codes&(1<<i) != 0 {
			out = append(out, c)
		}
	}
	return out
}

// Owner returns the owner of f's stakeholder as Advice.Owner names it;
// m, nodes (the snapshot's Nodes) and now must be those f was found with.
func (f Finding) Owner(m *segment.Matrix, nodes []graph.NetworkNode, now time.Time) *PathNode {
	return ownerAt(nodes, m.Row(int(f.Row)).Stakeholder.OwnerID, f.owner, now).node
}

// Items returns f's advice items with their reasons, as Advice.Items; m,
// nodes (the snapshot's Nodes) and now must be those f was found with.
func (f Finding) Items(m *segment.Matrix, nodes []graph.NetworkNode, now time.Time) []AdviceItem {
	r := m.Row(int(f.Row))
	w := adviceWords{name: r.Stakeholder.Name, segment: r.Placement.Segment, policy: r.Policy,
		owner: ownerAt(nodes, r.Stakeholder.OwnerID, f.owner, now)}
	if f.intermediary >= 0 {
		w.intermediary = nodes[f.intermediary].Name
	}
	if f.holder >= 0 {
		w.holder = nodes[f.holder].Name
	}
	return f.words(w)
}

// adviceWords are the names a finding's reasons hold besides its figures.
type adviceWords struct {
	name         string // the stakeholder's
	segment      segment.Segment
	policy       *segment.Policy
	owner        owner
	intermediary string // the develop advice's, "" for none
	holder       string // the single holder's
}

// conform checks every row of m that Conformance checks, in m's order,
// and calls keep with its advice (without Items), its finding and the
// names the reasons are worded with.
func conform(m *segment.Matrix, s *Snapshot, contacts []*graph.Contact, now time.Time, brokers map[string]PathNode, keep func(Advice, Finding, adviceWords)) {
	holders := directHolders(s, contacts, now)
	dates := contactDates(s, contacts, now)
	for ri, r := range m.All() {
		seg := r.Placement.Segment
		if !seg.Placed() || r.Policy == nil {
			continue
		}
		x, ok := s.Index(r.Stakeholder.ID)
		if !ok {
			continue
		}
		p := *r.Policy
		o := ownerOf(s, r.Stakeholder.OwnerID, now)
		a := Advice{
			Stakeholder:  PathNode{ID: r.Stakeholder.ID, Name: r.Stakeholder.Name, Kind: r.Stakeholder.Kind},
			Segment:      seg,
			Intensity:    p.Intensity,
			PeriodStart:  periodStart(now, p.PeriodMonths),
			PeriodMonths: p.PeriodMonths,
			MinContacts:  p.MinContacts,
			Owner:        o.node,
			OwnerLeft:    !o.end.IsZero(),
		}
		a.ExpectedLevel, a.MaxLevel = levelRange(p.Responsible)
		for _, d := range dates[r.Stakeholder.ID] {
			if !d.Before(a.PeriodStart) {
				a.Contacts++
			}
			if d.After(a.LastContact) {
				a.LastContact = d
			}
		}
		hs := holders[x]
		a.Holders = len(hs)
		a.HeldBy = make([]PathNode, len(hs))
		for i, h := range hs {
			a.HeldBy[i] = h.Employee
			if h.Level.Rank() > a.Level.Rank() {
				a.Level = h.Level
			}
		}
		f := Finding{Row: int32(ri), Holders: int32(a.Holders), Contacts: int32(a.Contacts), level: uint8(a.Level.Rank()), owner: -1, intermediary: -1, holder: -1}
		if i, ok := s.Index(r.Stakeholder.OwnerID); ok && r.Stakeholder.OwnerID != "" {
			f.owner = i
		}
		w := adviceWords{name: a.Stakeholder.Name, segment: seg, policy: r.Policy, owner: o}
		add := func(c AdviceCode) { f.codes |= 1 << slices.Index(AdviceCodes, c) }
		managed := seg == segment.Invest || seg == segment.Develop || seg == segment.Harvest
		develop := seg == segment.Develop && a.Holders == 0
		if develop {
			add(AdviceDevelop)
			if b, ok := brokers[a.Stakeholder.ID]; ok {
				n := b
				a.Intermediary = &n
				w.intermediary = b.Name
				if i, ok := s.Index(b.ID); ok {
					f.intermediary = i
				}
			}
		}
		if !develop && p.MinContacts > 0 && a.Contacts < p.MinContacts {
			add(AdviceIntensify)
		}
		if seg == segment.Ignore && a.Contacts > 0 ||
			p.Intensity == segment.Extensive && p.MinContacts > 0 && a.Contacts > ExcessFactor*p.MinContacts {
			add(AdviceReduce)
		}
		if a.ExpectedLevel != "" && a.Level != "" && a.Level.Rank() < a.ExpectedLevel.Rank() {
			add(AdviceRaiseLevel)
		}
		if p.Intensity == segment.Extensive && a.MaxLevel != "" && a.Level.Rank() > a.MaxLevel.Rank() {
			add(AdviceLowerLevel)
		}
		if managed && (a.Owner == nil || a.OwnerLeft) {
			add(AdviceAssignOwner)
		}
		if managed && a.Holders == 1 {
			add(AdviceSingleHolder)
			w.holder = hs[0].Employee.Name
			if i, ok := s.Index(hs[0].Employee.ID); ok {
				f.holder = i
			}
		}
		if f.codes == 0 {
			add(AdviceOK)
		}
		keep(a, f, w)
	}
}

// words returns f's items with their reasons worded with w.
func (f Finding) words(w adviceWords) []AdviceItem {
	p := w.policy
	contacts, name := int(f.Contacts), w.name
	var items []AdviceItem
	add := func(c AdviceCode, en, nl string) {
		items = append(items, AdviceItem{Code: c, Reason: Text{EN: en, NL: nl}})
	}
	for _, c := range f.Codes() {
		switch c {
		case AdviceDevelop:
			if w.intermediary != "" {
				add(c,
					fmt.Sprintf("nobody here holds %s yet: ask %s for an introduction", name, w.intermediary),
					fmt.Sprintf("nog niemand van ons heeft contact met %s: vraag %s om een introductie", name, w.intermediary))
			} else {
				add(c,
					fmt.Sprintf("nobody here holds %s yet and no intermediary is within reach: raise our visibility (events, publications, board seats)", name),
					fmt.Sprintf("nog niemand van ons heeft contact met %s en er is geen intermediair binnen bereik: vergroot onze zichtbaarheid (evenementen, publicaties, bestuursfuncties)", name))
			}
		case AdviceIntensify:
			add(c,
				fmt.Sprintf("%s in the last %s; the policy asks at least %d", contactsEN(contacts), monthsEN(p.PeriodMonths), p.MinContacts),
				fmt.Sprintf("%s in de afgelopen %s; het beleid vraagt er minstens %d", contactsNL(contacts), monthsNL(p.PeriodMonths), p.MinContacts))
		case AdviceReduce:
			if w.segment == segment.Ignore {
				add(c,
					fmt.Sprintf("%s in the last %s with a stakeholder in the ignore segment, where the policy is little or no action", contactsEN(contacts), monthsEN(p.PeriodMonths)),
					fmt.Sprintf("%s in de afgelopen %s met een belanghebbende in het segment negeer, waar het beleid weinig tot geen actie is", contactsNL(contacts), monthsNL(p.PeriodMonths)))
			} else {
				add(c,
					fmt.Sprintf("%s in the last %s, more than %d times the minimum of %d for extensive relationship management", contactsEN(contacts), monthsEN(p.PeriodMonths), ExcessFactor, p.MinContacts),
					fmt.Sprintf("%s in de afgelopen %s, meer dan %d keer het minimum van %d bij extensief relatiemanagement", contactsNL(contacts), monthsNL(p.PeriodMonths), ExcessFactor, p.MinContacts))
			}
		case AdviceRaiseLevel:
			expected, _ := levelRange(p.Responsible)
			add(c,
				fmt.Sprintf("our highest contact is %s; the responsible roles (%s) work at %s level or higher", f.Level(), rolesEN(p.Responsible), expected),
				fmt.Sprintf("ons hoogste contact is %s; de verantwoordelijke rollen (%s) werken op %s niveau of hoger", levelNL(f.Level()), rolesNL(p.Responsible), levelNL(expected)))
		case AdviceLowerLevel:
			_, most := levelRange(p.Responsible)
			add(c,
				fmt.Sprintf("our highest contact is %s, above the %s level that extensive management by %s needs", f.Level(), most, rolesEN(p.Responsible)),
				fmt.Sprintf("ons hoogste contact is %s, hoger dan het niveau (%s) dat extensief relatiemanagement door %s vraagt", levelNL(f.Level()), levelNL(most), rolesNL(p.Responsible)))
		case AdviceAssignOwner:
			if w.owner.node == nil {
				add(c,
					"no owner: assign an account manager who is accountable for this relationship",
					"geen eigenaar: wijs een accountmanager aan die verantwoordelijk is voor deze relatie")
			} else {
				t := w.owner.leftText()
				add(c,
					t.EN+": assign an account manager who is accountable for this relationship",
					t.NL+": wijs een accountmanager aan die verantwoordelijk is voor deze relatie")
			}
		case AdviceSingleHolder:
			add(c,
				fmt.Sprintf("only %s holds this relationship: introduce a second colleague", w.holder),
				fmt.Sprintf("alleen %s onderhoudt deze relatie: introduceer een tweede collega", w.holder))
		case AdviceOK:
			add(c, "conforms to the policy", "voldoet aan het beleid")
		}
	}
	return items
}

// DevelopIntermediaries finds, for the develop stakeholders of m, whom to
// ask for an introduction: the Introducer of each one's best warm path
// (WarmPaths with K = 1, every employee who has not left, DefaultMaxHops),
// the same path the stakeholder page and the brokers' introductions show.
// Targets without a warm path, or reached by a direct tie, are absent from
// the map; develop rows whose stakeholder is not in s (a person who
// objected) are skipped. Errors are WarmPaths' (a cancelled ctx among
// them).
func DevelopIntermediaries(ctx context.Context, s *Snapshot, m *segment.Matrix) (map[string]PathNode, error) {
	out := map[string]PathNode{}
	for _, r := range m.All() {
		if r.Placement.Segment != segment.Develop {
			continue
		}
		if x, ok := s.Index(r.Stakeholder.ID); !ok || !s.Nodes[x].Kind.IsStakeholder() {
			continue
		}
		ps, err := WarmPaths(ctx, s, PathQuery{To: r.Stakeholder.ID, K: 1})
		if err != nil {
			return nil, fmt.Errorf("develop intermediaries: %w", err)
		}
		if len(ps) == 1 {
			if n, ok := ps[0].Introducer(); ok {
				out[r.Stakeholder.ID] = n
			}
		}
	}
	return out, nil
}

// OverdueItem is one stakeholder whose next contact is due (see Overdue).
type OverdueItem struct {
	Stakeholder  PathNode        `json:"stakeholder"`
	Segment      segment.Segment `json:"segment"`
	MinContacts  int             `json:"min_contacts"`
	PeriodMonths int             `json:"period_months"`
	// LastContact is the latest contact that counts, dated no later than
	// now; zero (absent) when there is none, and NeverContacted is set.
	LastContact time.Time `json:"last_contact,omitzero"`
	// NeverContacted is set when no contact counts for the stakeholder at
	// all: its first contact is due now. Due and DaysOverdue are then
	// absent: there is no day from which it is late, and a stand-in (the
	// period's start) would read "a year late" where the truth is "never
	// met".
	NeverContacted bool `json:"never_contacted"`
	// Due is when the next contact was due; DaysOverdue the whole days
	// from Due to now (0: due today). Both absent when NeverContacted.
	Due         time.Time `json:"due,omitzero"`
	DaysOverdue *int      `json:"days_overdue,omitempty"`
	// FormerOwner is the owner who has left by now; the item then sits in
	// the group without an owner and Note says so. Both absent otherwise.
	FormerOwner *PathNode `json:"former_owner,omitempty"`
	Note        *Text     `json:"note,omitempty"`
}

// late orders the items of a group: a never-contacted stakeholder before
// any that is late by days (see Overdue).
func (it OverdueItem) late() int {
	if it.DaysOverdue == nil {
		return math.MaxInt
	}
	return *it.DaysOverdue
}

// OverdueGroup is the overdue stakeholders of one owner.
type OverdueGroup struct {
	// Owner is nil for the group of stakeholders without an owner (or
	// whose owner has left).
	Owner *PathNode     `json:"owner"`
	Items []OverdueItem `json:"items"`
}

// avgMonth is the mean length of a Gregorian month, 365.2425 / 12 days.
const avgMonth = 365.2425 / 12 * 24 * float64(time.Hour)

// NextContactDue returns when the next contact with a stakeholder is due
// under a policy of minContacts per periodMonths, after the last contact
// on last (zero: none). The policy's contacts are spread evenly over the
// period, one every periodMonths / minContacts months:
//
//	q, r = periodMonths div minContacts, periodMonths mod minContacts
//	due  = last + q calendar months + round(r / minContacts · 30.436875) days
//
// (calendar months as time.AddDate counts them; 30.436875 days is the mean
// Gregorian month). With the default policies the spacing is whole months:
// invest 3, develop 6, harvest 4. Without any contact the next one is due
// since the start of the current period, periodStart. ok is false when the
// policy has no minimum (minContacts ≤ 0) or no period.
func NextContactDue(last, periodStart time.Time, minContacts, periodMonths int) (due time.Time, ok bool) {
	if minContacts <= 0 || periodMonths <= 0 {
		return time.Time{}, false
	}
	if last.IsZero() {
		return periodStart, true
	}
	q, r := periodMonths/minContacts, periodMonths%minContacts
	days := math.Round(float64(r) / float64(minContacts) * avgMonth / float64(24*time.Hour))
	return last.AddDate(0, q, int(days)), true
}

// Overdue lists the stakeholders of m whose next contact is due by now
// under their segment's policy (the seed's step 6, acting on the policy):
// for every placed row whose policy has MinContacts > 0 (by default invest,
// develop and harvest), the due date of NextContactDue after the latest
// contact that counts for the stakeholder (as in Conformance: dated no
// later than now, by an employee who has not left, rolled up from the
// persons affiliated with an organisation; ties are no contacts). A
// stakeholder is listed when due ≤ now, with
//
//	DaysOverdue = ⌊(now − due) / 24 h⌋
//
// A stakeholder with no contact that counts at all is listed as never
// contacted (NeverContacted; no Due, no DaysOverdue): its first contact
// is due now. It is not given a number of days late: "never met" asks for
// another action than "a year late" — a first contact, which usually
// needs an introduction or an occasion (see the develop advice), not a
// call by someone who already knows them.
//
// Items are grouped by owner: groups ordered by owner name, then id, the
// group without an owner last. A stakeholder whose owner has left by now
// is in the group without an owner, with FormerOwner and a Note naming
// her. Within a group the never-contacted come first, then the others by
// DaysOverdue ↓; ties by stakeholder name and id. Never contacted goes
// first because a director planning contact effort reads it as the widest
// gap with the policy (no relationship at all with a stakeholder it wants
// one with) and the one with the longest lead time. Groups without items
// are not returned. Rows whose stakeholder is not in s (persons who
// object, see Cache) are left out. It panics if m or s is nil.
func Overdue(m *segment.Matrix, s *Snapshot, contacts []*graph.Contact, now time.Time) []OverdueGroup {
	dates := contactDates(s, contacts, now)
	groups := map[string]*OverdueGroup{}
	for _, r := range m.All() {
		if !r.Placement.Segment.Placed() || r.Policy == nil {
			continue
		}
		if _, ok := s.Index(r.Stakeholder.ID); !ok {
			continue
		}
		p := r.Policy
		var last time.Time
		for _, d := range dates[r.Stakeholder.ID] {
			if d.After(last) {
				last = d
			}
		}
		due, ok := NextContactDue(last, periodStart(now, p.PeriodMonths), p.MinContacts, p.PeriodMonths)
		if !ok || due.After(now) {
			continue
		}
		it := OverdueItem{
			Stakeholder:  PathNode{ID: r.Stakeholder.ID, Name: r.Stakeholder.Name, Kind: r.Stakeholder.Kind},
			Segment:      r.Placement.Segment,
			MinContacts:  p.MinContacts,
			PeriodMonths: p.PeriodMonths,
			LastContact:  last,
		}
		if last.IsZero() {
			it.NeverContacted = true
		} else {
			days := int(now.Sub(due) / (24 * time.Hour))
			it.Due, it.DaysOverdue = due, &days
		}
		o := ownerOf(s, r.Stakeholder.OwnerID, now)
		owner := o.node
		if !o.end.IsZero() {
			t := o.leftText()
			t.EN += ": the contact is due, but nobody owns this relationship now"
			t.NL += ": het contact is nodig, maar niemand is nu eigenaar van deze relatie"
			it.FormerOwner, it.Note, owner = o.node, &t, nil
		}
		key := ""
		if owner != nil {
			key = owner.ID
		}
		g := groups[key]
		if g == nil {
			g = &OverdueGroup{Owner: owner}
			groups[key] = g
		}
		g.Items = append(g.Items, it)
	}
	out := make([]OverdueGroup, 0, len(groups))
	for _, g := range groups {
		slices.SortFunc(g.Items, func(a, b OverdueItem) int {
			return cmp.Or(cmp.Compare(b.late(), a.late()),
				cmp.Compare(a.Stakeholder.Name, b.Stakeholder.Name), cmp.Compare(a.Stakeholder.ID, b.Stakeholder.ID))
		})
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b OverdueGroup) int {
		switch {
		case a.Owner == nil && b.Owner == nil:
			return 0
		case a.Owner == nil:
			return 1
		case b.Owner == nil:
			return -1
		}
		return cmp.Or(cmp.Compare(a.Owner.Name, b.Owner.Name), cmp.Compare(a.Owner.ID, b.Owner.ID))
	})
	return out
}

// periodStart is midnight UTC of the day months calendar months before now.
func periodStart(now time.Time, months int) time.Time {
	y, mo, d := now.UTC().AddDate(0, -months, 0).Date()
	return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
}

// owner is a record's owner as the policy analyses see it.
type owner struct {
	// node is the owner; nil when the record has none.
	node *PathNode
	// end is the owner's last day of employment when she has left by the
	// analysis' now; zero otherwise.
	end time.Time
}

// ownerOf returns the owner with id: named from s when s knows it (and
// then whether she has left by now), the id alone otherwise; no node for
// "".
func ownerOf(s *Snapshot, id string, now time.Time) owner {
	i := int32(-1)
	if x, ok := s.Index(id); ok && id != "" {
		i = x
	}
	return ownerAt(s.Nodes, id, i, now)
}

// ownerAt is ownerOf for the owner with id at index i of nodes (a
// snapshot's Nodes), -1 when the snapshot does not know her.
func ownerAt(nodes []graph.NetworkNode, id string, i int32, now time.Time) owner {
	if id == "" {
		return owner{}
	}
	if i < 0 {
		return owner{node: &PathNode{ID: id, Kind: graph.KindEmployee}}
	}
	n := nodes[i]
	o := owner{node: &PathNode{ID: n.ID, Name: n.Name, Kind: n.Kind}}
	if n.Left(now) {
		o.end = n.End
	}
	return o
}

// leftText says that the owner left: "owner Anna left (last day
// 2024-03-31)".
func (o owner) leftText() Text {
	name, day := cmp.Or(o.node.Name, o.node.ID), o.end.UTC().Format(time.DateOnly)
	return Text{
		EN: fmt.Sprintf("owner %s left (last day %s)", name, day),
		NL: fmt.Sprintf("eigenaar %s is vertrokken (laatste werkdag %s)", name, day),
	}
}

func contactsEN(n int) string {
	if n == 1 {
		return "1 contact"
	}
	return fmt.Sprintf("%d contacts", n)
}

func contactsNL(n int) string {
	if n == 1 {
		return "1 contact"
	}
	return fmt.Sprintf("%d contacten", n)
}

func monthsEN(n int) string {
	if n == 1 {
		return "month"
	}
	return fmt.Sprintf("%d months", n)
}

func monthsNL(n int) string {
	if n == 1 {
		return "maand"
	}
	return fmt.Sprintf("%d maanden", n)
}

var levelsNL = map[graph.ContactLevel]string{
	graph.LevelStrategic: "strategisch", graph.LevelTactical: "tactisch", graph.LevelOperational: "operationeel",
}

func levelNL(l graph.ContactLevel) string {
	if s, ok := levelsNL[l]; ok {
		return s
	}
	return string(l)
}

var rolesNLNames = map[graph.EmployeeRole]string{
	graph.RoleDirector: "directie", graph.RoleAccountManager: "accountmanager",
	graph.RoleStaff: "medewerker", graph.RoleBoardMember: "bestuurslid",
}

func rolesEN(rs []graph.EmployeeRole) string {
	ss := make([]string, len(rs))
	for i, r := range rs {
		ss[i] = strings.ReplaceAll(string(r), "_", " ")
	}
	return strings.Join(ss, ", ")
}

func rolesNL(rs []graph.EmployeeRole) string {
	ss := make([]string, len(rs))
	for i, r := range rs {
		ss[i] = cmp.Or(rolesNLNames[r], string(r))
	}
	return strings.Join(ss, ", ")
}
