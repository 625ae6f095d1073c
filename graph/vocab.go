package graph

import "slices"

// Kind is the kind of a node in the relationship network.
type Kind string

// The node kinds.
const (
	KindEmployee     Kind = "employee"     // one of our people
	KindOrganisation Kind = "organisation" // an external organisation
	KindPerson       Kind = "person"       // an external natural person
)

// Kinds lists every node kind.
var Kinds = []Kind{KindEmployee, KindOrganisation, KindPerson}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// IsStakeholder reports whether nodes of kind k are stakeholders (external
// parties that can be segmented), i.e. organisations and persons.
func (k Kind) IsStakeholder() bool { return k == KindOrganisation || k == KindPerson }

// PartyType is the method's "marktpartij" (step 1): what role an external
// party plays for our goals. The empty PartyType means "not classified".
type PartyType string

// The party types of the seed's step 1.
const (
	// PartyInput parties supply law, policy and money (government, funds).
	PartyInput PartyType = "input"
	// PartyConsumer parties are the target groups the offer exists for.
	PartyConsumer PartyType = "consumer"
	// PartyIntermediary parties give access to input or consumer parties
	// (a GP, a Chamber of Commerce, a board member).
	PartyIntermediary PartyType = "intermediary"
)

// PartyTypes lists every party type.
var PartyTypes = []PartyType{PartyInput, PartyConsumer, PartyIntermediary}

// Valid reports whether p is a known party type or empty.
func (p PartyType) Valid() bool { return p == "" || slices.Contains(PartyTypes, p) }

// EmployeeRole is an employee's position in our organisation.
type EmployeeRole string

// The employee roles.
const (
	RoleDirector       EmployeeRole = "director"
	RoleAccountManager EmployeeRole = "account_manager"
	RoleStaff          EmployeeRole = "staff"
	RoleBoardMember    EmployeeRole = "board_member"
)

// EmployeeRoles lists every employee role.
var EmployeeRoles = []EmployeeRole{RoleDirector, RoleAccountManager, RoleStaff, RoleBoardMember}

// Valid reports whether r is a known role.
func (r EmployeeRole) Valid() bool { return slices.Contains(EmployeeRoles, r) }

// Nature is the nature of a tie.
type Nature string

// The natures of a tie.
const (
	NaturePersonal     Nature = "personal"
	NatureProfessional Nature = "professional"
	NatureFormal       Nature = "formal"
)

// Natures lists every nature.
var Natures = []Nature{NaturePersonal, NatureProfessional, NatureFormal}

// Valid reports whether n is a known nature or empty (unknown).
func (n Nature) Valid() bool { return n == "" || slices.Contains(Natures, n) }

// ContactLevel is the level at which one of our employees holds a tie or had
// a contact (seed step 5: "lager of hoger contactniveau").
type ContactLevel string

// The contact levels, from highest to lowest.
const (
	LevelStrategic   ContactLevel = "strategic"   // director / board level
	LevelTactical    ContactLevel = "tactical"    // management level
	LevelOperational ContactLevel = "operational" // day-to-day work
)

// ContactLevels lists every contact level, highest first.
var ContactLevels = []ContactLevel{LevelStrategic, LevelTactical, LevelOperational}

// Valid reports whether l is a known level or empty (not stated).
func (l ContactLevel) Valid() bool { return l == "" || slices.Contains(ContactLevels, l) }

// Rank returns 3 for strategic, 2 for tactical, 1 for operational and 0 for
// an empty level, so that levels compare by height.
func (l ContactLevel) Rank() int {
	switch l {
	case LevelStrategic:
		return 3
	case LevelTactical:
		return 2
	case LevelOperational:
		return 1
	}
	return 0
}

// Source says where a record came from.
type Source string

// The sources.
const (
	SourceManual   Source = "manual"
	SourceImport   Source = "import"
	SourceLinkedIn Source = "linkedin"
	SourceDemo     Source = "demo"
	// SourceCapture marks persons and organisations made by capturing
	// contacts from address books, calendars and mail.
	SourceCapture Source = "capture"
)

// Sources lists every source.
var Sources = []Source{SourceManual, SourceImport, SourceLinkedIn, SourceDemo, SourceCapture}

// Valid reports whether s is a known source or empty (manual).
func (s Source) Valid() bool { return s == "" || slices.Contains(Sources, s) }

// ContactMode is how a logged contact took place.
type ContactMode string

// The contact modes.
const (
	ModeMeeting ContactMode = "meeting"
	ModePhone   ContactMode = "phone"
	ModeLetter  ContactMode = "letter"
	ModeEmail   ContactMode = "email"
	ModeEvent   ContactMode = "event"
)

// ContactModes lists every contact mode.
var ContactModes = []ContactMode{ModeMeeting, ModePhone, ModeLetter, ModeEmail, ModeEvent}

// Valid reports whether m is a known mode.
func (m ContactMode) Valid() bool { return slices.Contains(ContactModes, m) }

// RelType is the type of a relationship, from a fixed vocabulary.
type RelType string

// The relationship types.
const (
	RelKnows         RelType = "knows"           // person ↔ person, symmetric
	RelWorksAt       RelType = "works_at"        // person → organisation
	RelBoardMemberOf RelType = "board_member_of" // person → organisation
	RelMemberOf      RelType = "member_of"       // person or organisation → organisation
	RelFunds         RelType = "funds"           // organisation → organisation
	RelRefersTo      RelType = "refers_to"       // any → any: sends clients or contacts
	RelPartnersWith  RelType = "partners_with"   // organisation ↔ organisation, symmetric
	RelAdvises       RelType = "advises"         // person or organisation → any
	RelReportsTo     RelType = "reports_to"      // person → person, within one organisation
)

// RelTypeSpec describes a relationship type: whether it is symmetric, which
// node kinds it may start and end at, and how it reads in a sentence.
type RelTypeSpec struct {
	Type RelType
	// Symmetric types hold both ways: "A knows B" is "B knows A".
	Symmetric bool
	// From and To list the node kinds allowed at each end.
	From, To []Kind
	// Phrase is the verb phrase in English and Dutch, e.g. "works at" /
	// "werkt bij", used by explanations.
	PhraseEN, PhraseNL string
}

var people = []Kind{KindEmployee, KindPerson}
var orgs = []Kind{KindOrganisation}
var anyKind = Kinds

// RelTypes is the relationship vocabulary, in a fixed order.
var RelTypes = []RelTypeSpec{
	{RelKnows, true, people, people, "knows", "kent"},
	{RelWorksAt, false, people, orgs, "works at", "werkt bij"},
	{RelBoardMemberOf, false, people, orgs, "is on the board of", "zit in het bestuur van"},
	{RelMemberOf, false, anyKind, orgs, "is a member of", "is lid van"},
	{RelFunds, false, orgs, orgs, "funds", "financiert"},
	{RelRefersTo, false, anyKind, anyKind, "refers to", "verwijst naar"},
	{RelPartnersWith, true, orgs, orgs, "partners with", "werkt samen met"},
	{RelAdvises, false, []Kind{KindEmployee, KindPerson, KindOrganisation}, anyKind, "advises", "adviseert"},
	{RelReportsTo, false, people, people, "reports to", "rapporteert aan"},
}

// Spec returns the specification of t and whether t is in the vocabulary.
func (t RelType) Spec() (RelTypeSpec, bool) {
	for _, s := range RelTypes {
		if s.Type == t {
			return s, true
		}
	}
	return RelTypeSpec{}, false
}

// Valid reports whether t is in the vocabulary.
func (t RelType) Valid() bool { _, ok := t.Spec(); return ok }

func typeNames[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

func relTypeNames() []string {
	out := make([]string, len(RelTypes))
	for i, s := range RelTypes {
		out[i] = string(s.Type)
	}
	return out
}

// Affiliation reports whether t ties a person (or one of our employees) to
// an organisation as one of its people: works_at and board_member_of. A
// person affiliated with an organisation can introduce others to it, and a
// contact with them counts as a contact with it; member_of, funds,
// partners_with and the other types between organisations are context.
func (t RelType) Affiliation() bool { return t == RelWorksAt || t == RelBoardMemberOf }
