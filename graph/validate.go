package graph

import (
	"math"
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits on field sizes, so that one bad import row cannot bloat the store.
const (
	MaxIDLen   = 200
	MaxNameLen = 300
	MaxTextLen = 4000
)

// validator collects field errors for one record.
type validator struct{ errs Errors }

func (v *validator) add(field, format string, args ...any) {
	v.errs = append(v.errs, Invalid(field, format, args...))
}

func (v *validator) id(field, id string, required bool) {
	switch {
	case id == "":
		if required {
			v.add(field, "is required")
		}
	case len(id) > MaxIDLen:
		v.add(field, "is longer than %d bytes", MaxIDLen)
	case !utf8.ValidString(id):
		v.add(field, "is not valid UTF-8")
	case strings.IndexFunc(id, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		v.add(field, "%q contains white space or control characters", id)
	}
}

func (v *validator) name(name string) {
	switch {
	case strings.TrimSpace(name) == "":
		v.add("name", "is required")
	case len(name) > MaxNameLen:
		v.add("name", "is longer than %d bytes", MaxNameLen)
	case !utf8.ValidString(name):
		v.add("name", "is not valid UTF-8")
	default:
		if i := strings.IndexFunc(name, unicode.IsControl); i >= 0 {
			r, _ := utf8.DecodeRuneInString(name[i:])
			v.add("name", "contains a control character (%U); a name is one line of text", r)
		}
	}
}

// ValidateName checks a name as every write path does (employees,
// organisations, persons, through the API, the CLI and every import):
// required, at most MaxNameLen bytes of UTF-8, one line with no control
// character (NUL, tab, line breaks, escape …). It returns nil or Errors
// with field "name".
func ValidateName(name string) error {
	var v validator
	v.name(name)
	return v.errs.Err()
}

func (v *validator) text(field, s string) {
	if len(s) > MaxTextLen {
		v.add(field, "is longer than %d bytes", MaxTextLen)
	} else if !utf8.ValidString(s) {
		v.add(field, "is not valid UTF-8")
	}
}

func (v *validator) email(s string) {
	if s == "" {
		return
	}
	if a, err := mail.ParseAddress(s); err != nil || a.Address != s {
		v.add("email", "%q is not an e-mail address", s)
	}
}

func (v *validator) contribution(c Contribution) {
	for f, s := range map[string]string{
		"contribution.know": c.Know, "contribution.able": c.Able, "contribution.want": c.Want,
		"contribution.do": c.Do, "contribution.exchange_means": c.ExchangeMeans,
		"contribution.benefits": c.Benefits, "contribution.interests": c.Interests,
	} {
		v.text(f, s)
	}
}

func enum[T interface {
	~string
	Valid() bool
}](v *validator, field string, val T, allowed func() []string) {
	if !val.Valid() {
		v.add(field, "%q is not one of %s", val, strings.Join(allowed(), ", "))
	}
}

// namesOf returns a function listing vs, for enum: the list is made only
// for the message of a value that is not allowed (validating a record of
// a large import makes none).
func namesOf[T ~string](vs []T) func() []string { return func() []string { return typeNames(vs) } }

func (v *validator) sorted() Errors {
	// Map iteration above is random; keep messages stable for users and tests.
	slicesSortStable(v.errs)
	return v.errs
}

// trim removes surrounding white space from the fields users type.
func trim(ss ...*string) {
	for _, s := range ss {
		*s = strings.TrimSpace(*s)
	}
}

// Normalize trims the employee's text fields and keeps the days of Start
// and End.
func (e *Employee) Normalize() {
	trim(&e.ID, &e.Name, &e.Email, &e.Team)
	e.Start, e.End = day(e.Start), day(e.End)
}

// Validate checks the employee's own fields (not its references) and returns
// every problem found, or nil.
func (e *Employee) Validate() error {
	var v validator
	v.id("id", e.ID, true)
	v.name(e.Name)
	v.email(e.Email)
	enum(&v, "role", e.Role, namesOf(EmployeeRoles))
	v.text("team", e.Team)
	e.validateEmployment(&v)
	enum(&v, "source", e.Source, namesOf(Sources))
	return v.sorted().Err()
}

// Normalize trims the organisation's text fields.
func (o *Organisation) Normalize() {
	trim(&o.ID, &o.Name, &o.Sector, &o.City, &o.Website, &o.OwnerID)
}

// Validate checks the organisation's own fields.
func (o *Organisation) Validate() error {
	var v validator
	v.id("id", o.ID, true)
	v.name(o.Name)
	v.text("sector", o.Sector)
	v.text("city", o.City)
	v.text("website", o.Website)
	enum(&v, "party_type", o.PartyType, namesOf(PartyTypes))
	v.contribution(o.Contribution)
	v.id("owner_id", o.OwnerID, false)
	enum(&v, "source", o.Source, namesOf(Sources))
	return v.sorted().Err()
}

// Normalize trims the person's text fields, keeps the day of ObjectedAt and
// clears it when the person does not object (any more).
func (p *Person) Normalize() {
	trim(&p.ID, &p.Name, &p.Email, &p.Phone, &p.Title, &p.LinkedInURL, &p.OwnerID)
	p.OtherEmails = otherEmails(p.Email, p.OtherEmails)
	p.ObjectedAt = day(p.ObjectedAt)
	if !p.Objects {
		p.ObjectedAt = time.Time{}
	}
}

// Validate checks the person's own fields.
func (p *Person) Validate() error {
	var v validator
	v.id("id", p.ID, true)
	v.name(p.Name)
	v.email(p.Email)
	if len(p.OtherEmails) > MaxOtherEmails {
		v.add("other_emails", "has %d addresses, more than %d", len(p.OtherEmails), MaxOtherEmails)
	}
	for _, e := range p.OtherEmails {
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
			v.add("other_emails", "%q is not an e-mail address", e)
		}
	}
	v.text("phone", p.Phone)
	v.text("title", p.Title)
	v.text("linkedin_url", p.LinkedInURL)
	enum(&v, "party_type", p.PartyType, namesOf(PartyTypes))
	v.contribution(p.Contribution)
	v.id("owner_id", p.OwnerID, false)
	enum(&v, "source", p.Source, namesOf(Sources))
	return v.sorted().Err()
}

// MaxOtherEmails bounds Person.OtherEmails.
const MaxOtherEmails = 20

// otherEmails trims the addresses, and leaves out empty ones, primary
// and repeats (case-insensitively), keeping the order; nil when none
// remain.
func otherEmails(primary string, es []string) []string {
	var out []string
	seen := map[string]bool{strings.ToLower(primary): true, "": true}
	for _, e := range es {
		e = strings.TrimSpace(e)
		if k := strings.ToLower(e); !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	return out
}

// Normalize trims the relationship's ids, orders the ends of a symmetric
// relationship (From < To, so "B knows A" is stored as "A knows B" and
// re-importing either changes nothing) and fills in a missing ID from its
// type and ends.
func (r *Relationship) Normalize() {
	trim(&r.ID, &r.From, &r.To, &r.Note)
	if s, ok := r.Type.Spec(); ok && s.Symmetric && r.To < r.From {
		r.From, r.To = r.To, r.From
	}
	if r.ID == "" && r.Type != "" && r.From != "" && r.To != "" {
		r.ID = RelationshipID(r.Type, r.From, r.To)
	}
}

// Validate checks the relationship's own fields; CheckRefs checks its ends.
func (r *Relationship) Validate() error {
	var v validator
	// A missing id is derived from type and ends (Normalize): when one of
	// those is missing, that is the problem to name, not the id.
	v.id("id", r.ID, r.Type != "" && r.From != "" && r.To != "")
	if r.Type == "" {
		v.add("type", "is required")
	} else {
		enum(&v, "type", r.Type, relTypeNames)
	}
	v.id("from", r.From, true)
	v.id("to", r.To, true)
	if r.From != "" && r.From == r.To {
		v.add("to", "a relationship cannot connect %q to itself", r.From)
	}
	if math.IsNaN(r.Strength) || r.Strength < 0 || r.Strength > 1 {
		v.add("strength", "%v is outside [0,1]", r.Strength)
	}
	enum(&v, "nature", r.Nature, namesOf(Natures))
	enum(&v, "level", r.Level, namesOf(ContactLevels))
	if !r.Since.IsZero() && !r.Until.IsZero() && r.Until.Before(r.Since) {
		v.add("until", "is before since")
	}
	enum(&v, "source", r.Source, namesOf(Sources))
	v.text("note", r.Note)
	return v.sorted().Err()
}

// Normalize trims the contact's ids and note and fills in a missing ID from
// employee, stakeholder, date and mode (see ContactID), so that a contact log
// imported without ids can be re-imported without duplicates.
func (c *Contact) Normalize() {
	trim(&c.ID, &c.EmployeeID, &c.StakeholderID, &c.Note)
	if c.ID == "" && c.EmployeeID != "" && c.StakeholderID != "" && !c.Date.IsZero() && c.Mode != "" {
		c.ID = ContactID(c.EmployeeID, c.StakeholderID, c.Date, c.Mode)
	}
}

// Validate checks the contact's own fields; CheckRefs checks its references.
func (c *Contact) Validate() error {
	var v validator
	v.id("id", c.ID, true)
	if c.Date.IsZero() {
		v.add("date", "is required")
	}
	v.id("employee_id", c.EmployeeID, true)
	v.id("stakeholder_id", c.StakeholderID, true)
	enum(&v, "mode", c.Mode, namesOf(ContactModes))
	enum(&v, "level", c.Level, namesOf(ContactLevels))
	v.text("note", c.Note)
	return v.sorted().Err()
}
