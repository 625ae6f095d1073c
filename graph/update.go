package graph

import (
	"bytes"
	"encoding/json"
	"time"
)

// EmployeeUpdate changes an employee; nil fields are left as they are.
// Start and End pointing at the zero time clear the date; in JSON a date
// given as null does (as in a JSON merge patch, RFC 7396), so that
// {"end": null} takes back an end of employment, and a date may be a day
// ({"end": "2026-03-31"}).
type EmployeeUpdate struct {
	Name  *string       `json:"name,omitempty"`
	Email *string       `json:"email,omitempty"`
	Role  *EmployeeRole `json:"role,omitempty"`
	Team  *string       `json:"team,omitempty"`
	Start *time.Time    `json:"start,omitempty"`
	End   *time.Time    `json:"end,omitempty"`
}

// Apply sets the fields of u on e.
func (u EmployeeUpdate) Apply(e *Employee) {
	set(&e.Name, u.Name)
	set(&e.Email, u.Email)
	set(&e.Role, u.Role)
	set(&e.Team, u.Team)
	set(&e.Start, u.Start)
	set(&e.End, u.End)
}

// UnmarshalJSON decodes u strictly (unknown keys are errors, as
// DecodeJSON's), reads "start" and "end" as a day (YYYY-MM-DD) or an RFC
// 3339 time, and a date given as null as clearing it.
func (u *EmployeeUpdate) UnmarshalJSON(data []byte) error {
	type plain EmployeeUpdate
	var aux struct {
		*plain
		Start json.RawMessage `json:"start"`
		End   json.RawMessage `json:"end"`
	}
	aux.plain = (*plain)(u)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&aux); err != nil {
		return err
	}
	var err error
	if u.Start, err = optionalDay(aux.Start); err != nil {
		return err
	}
	u.End, err = optionalDay(aux.End)
	return err
}

// optionalDay reads a date of an update: absent is nil, null the zero time
// (clear it), a string a day (YYYY-MM-DD) or an RFC 3339 time. Other values
// return time.Time's own error, which DecodeJSON reports with the field.
func optionalDay(raw json.RawMessage) (*time.Time, error) {
	switch {
	case raw == nil:
		return nil, nil
	case string(raw) == "null":
		return new(time.Time), nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return &t, nil
		}
	}
	t := new(time.Time)
	return t, t.UnmarshalJSON(raw)
}

// OrganisationUpdate changes an organisation; nil fields are left as they
// are. Contribution, when set, replaces the whole contribution.
type OrganisationUpdate struct {
	Name         *string       `json:"name,omitempty"`
	Sector       *string       `json:"sector,omitempty"`
	City         *string       `json:"city,omitempty"`
	Website      *string       `json:"website,omitempty"`
	PartyType    *PartyType    `json:"party_type,omitempty"`
	Contribution *Contribution `json:"contribution,omitempty"`
	OwnerID      *string       `json:"owner_id,omitempty"`
}

// Apply sets the fields of u on o.
func (u OrganisationUpdate) Apply(o *Organisation) {
	set(&o.Name, u.Name)
	set(&o.Sector, u.Sector)
	set(&o.City, u.City)
	set(&o.Website, u.Website)
	set(&o.PartyType, u.PartyType)
	set(&o.Contribution, u.Contribution)
	set(&o.OwnerID, u.OwnerID)
}

// PersonUpdate changes a person; nil fields are left as they are.
type PersonUpdate struct {
	Name         *string       `json:"name,omitempty"`
	Email        *string       `json:"email,omitempty"`
	OtherEmails  *[]string     `json:"other_emails,omitempty"`
	Phone        *string       `json:"phone,omitempty"`
	Title        *string       `json:"title,omitempty"`
	LinkedInURL  *string       `json:"linkedin_url,omitempty"`
	PartyType    *PartyType    `json:"party_type,omitempty"`
	Contribution *Contribution `json:"contribution,omitempty"`
	OwnerID      *string       `json:"owner_id,omitempty"`
	DoNotRoute   *bool         `json:"do_not_route,omitempty"`
	Objects      *bool         `json:"objects,omitempty"`
	ObjectedAt   *time.Time    `json:"objected_at,omitempty"`
}

// Apply sets the fields of u on p.
func (u PersonUpdate) Apply(p *Person) {
	set(&p.Name, u.Name)
	set(&p.Email, u.Email)
	set(&p.OtherEmails, u.OtherEmails)
	set(&p.Phone, u.Phone)
	set(&p.Title, u.Title)
	set(&p.LinkedInURL, u.LinkedInURL)
	set(&p.PartyType, u.PartyType)
	set(&p.Contribution, u.Contribution)
	set(&p.OwnerID, u.OwnerID)
	set(&p.DoNotRoute, u.DoNotRoute)
	set(&p.Objects, u.Objects)
	set(&p.ObjectedAt, u.ObjectedAt)
}

// RelationshipUpdate changes a relationship. Its type and ends make its
// identity and cannot change: delete it and create another instead.
type RelationshipUpdate struct {
	Strength *float64      `json:"strength,omitempty"`
	Nature   *Nature       `json:"nature,omitempty"`
	Level    *ContactLevel `json:"level,omitempty"`
	Since    *time.Time    `json:"since,omitempty"`
	Until    *time.Time    `json:"until,omitempty"`
	Note     *string       `json:"note,omitempty"`
}

// Apply sets the fields of u on r.
func (u RelationshipUpdate) Apply(r *Relationship) {
	set(&r.Strength, u.Strength)
	set(&r.Nature, u.Nature)
	set(&r.Level, u.Level)
	set(&r.Since, u.Since)
	set(&r.Until, u.Until)
	set(&r.Note, u.Note)
}

// ContactUpdate changes a logged contact; nil fields are left as they are.
type ContactUpdate struct {
	Date          *time.Time    `json:"date,omitempty"`
	EmployeeID    *string       `json:"employee_id,omitempty"`
	StakeholderID *string       `json:"stakeholder_id,omitempty"`
	Mode          *ContactMode  `json:"mode,omitempty"`
	Level         *ContactLevel `json:"level,omitempty"`
	Note          *string       `json:"note,omitempty"`
}

// Apply sets the fields of u on c.
func (u ContactUpdate) Apply(c *Contact) {
	set(&c.Date, u.Date)
	set(&c.EmployeeID, u.EmployeeID)
	set(&c.StakeholderID, u.StakeholderID)
	set(&c.Mode, u.Mode)
	set(&c.Level, u.Level)
	set(&c.Note, u.Note)
}

func set[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}
