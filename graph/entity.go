package graph

import "time"

// Audit records when a record was created and last changed, and by whom.
// Stores set it; values given by callers are ignored, but for the records
// an upsert with UpsertOptions.KeepAudit creates (a backup restored).
type Audit struct {
	CreatedAt time.Time `json:"created_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
	CreatedBy string    `json:"created_by,omitzero"`
	UpdatedBy string    `json:"updated_by,omitzero"`
}

// Contribution is what we expect of a stakeholder and what we offer in
// return (the seed's step 2, "verwachte bijdragen").
type Contribution struct {
	// Know, Able, Want and Do are what the stakeholder must know, be able to
	// do, want and do for us ("kennen, kunnen, willen, doen").
	Know string `json:"know,omitempty"`
	Able string `json:"able,omitempty"`
	Want string `json:"want,omitempty"`
	Do   string `json:"do,omitempty"`
	// ExchangeMeans is what we offer in exchange ("ruilmiddelen").
	ExchangeMeans string `json:"exchange_means,omitempty"`
	// Benefits are the advantages our offer brings them ("voordelen").
	Benefits string `json:"benefits,omitempty"`
	// Interests are their interests as far as we know them ("belangen").
	Interests string `json:"interests,omitempty"`
	// InterestsUnknown flags a stakeholder whose interests we still have to
	// research: the seed's "geen idee van de belangen? onderzoek dit".
	InterestsUnknown bool `json:"interests_unknown,omitempty"`
}

// Employee is one of our own people: staff, account manager, director or
// board member. Employees hold relationships and log contacts; warm
// introduction paths start at them.
type Employee struct {
	// ID is the stable external id, unique across all nodes (employees,
	// organisations and persons), e.g. "emp-anna-jansen".
	ID    string       `json:"id"`
	Name  string       `json:"name"`
	Email string       `json:"email,omitempty"`
	Role  EmployeeRole `json:"role"`
	Team  string       `json:"team,omitempty"`
	// Start is the first day of their employment (UTC midnight; the zero
	// time when unknown). No contact of theirs may be dated before it.
	Start time.Time `json:"start,omitzero"`
	// End is the last day of their employment (UTC midnight; the zero time
	// while they are employed). From the day after it the employee has
	// left: their ties and contacts stay as history, but they start no
	// warm path, hold no relationship and count in no conformance; the
	// records they own show "owner left". No contact of theirs may be
	// dated after it.
	End time.Time `json:"end,omitzero"`
	// Source says where the record came from.
	Source Source `json:"source,omitempty"`
	Audit
}

// Left reports whether the employee has left by day (a date; only its
// day counts): End is set and before day.
func (e *Employee) Left(day time.Time) bool { return left(e.End, day) }

// left reports whether an employment that ended on end (zero: not ended)
// is over on day.
func left(end, day time.Time) bool {
	if end.IsZero() {
		return false
	}
	y, m, d := day.Date()
	return end.Before(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// Organisation is an external organisation: a ministry, fund, municipality,
// GP practice, company… It is a stakeholder with a party type, an expected
// contribution and an owner among our employees.
type Organisation struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Sector is a free label such as "fund" or "municipality".
	Sector       string       `json:"sector,omitempty"`
	City         string       `json:"city,omitempty"`
	Website      string       `json:"website,omitempty"`
	PartyType    PartyType    `json:"party_type,omitempty"`
	Contribution Contribution `json:"contribution,omitzero"`
	// OwnerID is the employee who owns the relationship (account manager);
	// empty when nobody does.
	OwnerID string `json:"owner_id,omitempty"`
	Source  Source `json:"source,omitempty"`
	Audit
}

// Person is an external natural person. Persons usually work at or sit on
// the board of organisations (see RelWorksAt, RelBoardMemberOf) and may carry
// a party type, contribution and owner of their own.
type Person struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
	// OtherEmails are further e-mail addresses of the person (an address
	// book often holds several): they match captured mail and calendars
	// as Email does. Email is not repeated here.
	OtherEmails []string `json:"other_emails,omitempty"`
	// Phone is a telephone number as written.
	Phone        string       `json:"phone,omitempty"`
	Title        string       `json:"title,omitempty"`
	LinkedInURL  string       `json:"linkedin_url,omitempty"`
	PartyType    PartyType    `json:"party_type,omitempty"`
	Contribution Contribution `json:"contribution,omitzero"`
	OwnerID      string       `json:"owner_id,omitempty"`
	// DoNotRoute records that the person objected to being used as an
	// intermediary: warm introduction paths never pass through them.
	DoNotRoute bool `json:"do_not_route,omitempty"`
	// Objects records that the person objected to our processing of their
	// data (GDPR Art. 21): the analyses leave them out altogether — no warm
	// path reaches or passes them, no broker ranking names them — while
	// the record itself stays (see ErasePerson for removing it).
	Objects bool `json:"objects,omitempty"`
	// ObjectedAt is the day the objection was received (UTC midnight); the
	// zero time when unknown. It is cleared when Objects is false.
	ObjectedAt time.Time `json:"objected_at,omitzero"`
	Source     Source    `json:"source,omitempty"`
	Audit
}

// Relationship is a typed tie between two nodes. Symmetric types (see
// RelTypeSpec) hold both ways; for them From and To are just the two ends.
type Relationship struct {
	// ID is the stable external id. When empty on create or upsert it is
	// derived from type and ends (see RelationshipID), so that re-importing
	// the same tie matches it.
	ID   string  `json:"id"`
	Type RelType `json:"type"`
	From string  `json:"from"`
	To   string  `json:"to"`
	// Strength is the tie strength in [0,1]: 1 is a close, trusted tie.
	Strength float64 `json:"strength"`
	Nature   Nature  `json:"nature,omitempty"`
	// Level is the contact level; only ties with one of our employees at an
	// end carry one.
	Level ContactLevel `json:"level,omitempty"`
	// Since and Until bound the tie in time; zero means unknown / ongoing.
	Since  time.Time `json:"since,omitzero"`
	Until  time.Time `json:"until,omitzero"`
	Source Source    `json:"source,omitempty"`
	Note   string    `json:"note,omitempty"`
	Audit
}

// Contact is one logged interaction between one of our employees and a
// stakeholder (seed step 6: the shared contact log).
type Contact struct {
	ID            string       `json:"id"`
	Date          time.Time    `json:"date"`
	EmployeeID    string       `json:"employee_id"`
	StakeholderID string       `json:"stakeholder_id"`
	Mode          ContactMode  `json:"mode"`
	Level         ContactLevel `json:"level,omitempty"`
	Note          string       `json:"note,omitempty"`
	Audit
}

// RelationshipID derives the id of a relationship from its type and ends:
// "type:from:to", with the ends sorted for symmetric types so that "A knows
// B" and "B knows A" get one id.
func RelationshipID(t RelType, from, to string) string {
	from, to = RelationshipIDEnds(t, from, to)
	return string(t) + ":" + from + ":" + to
}

// RelationshipIDEnds returns the ends in the order RelationshipID writes
// them: sorted for symmetric types, as given otherwise. With it a reader
// can tell whether an id is the derived one without building it.
func RelationshipIDEnds(t RelType, from, to string) (string, string) {
	if s, ok := t.Spec(); ok && s.Symmetric && to < from {
		return to, from
	}
	return from, to
}

// ContactID derives the id of a contact from who met whom, when and how:
// "contact:employee:stakeholder:date:mode", the date in RFC 3339 UTC to the
// millisecond (the precision stores keep).
func ContactID(employee, stakeholder string, date time.Time, mode ContactMode) string {
	return "contact:" + employee + ":" + stakeholder + ":" + date.UTC().Format("2006-01-02T15:04:05.000Z07:00") + ":" + string(mode)
}

// Other returns the end of r that is not id (From when id is To).
func (r *Relationship) Other(id string) string {
	if r.From == id {
		return r.To
	}
	return r.From
}
