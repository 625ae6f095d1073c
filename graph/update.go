package graph

import "time"

// EmployeeUpdate changes an employee; nil fields are left as they are.
type EmployeeUpdate struct {
	Name  *string       `json:"name,omitempty"`
	Email *string       `json:"email,omitempty"`
	Role  *EmployeeRole `json:"role,omitempty"`
	Team  *string       `json:"team,omitempty"`
	Start *time.Time    `json:"start,omitempty"`
}

// Apply sets the fields of u on e.
func (u EmployeeUpdate) Apply(e *Employee) {
	set(&e.Name, u.Name)
	set(&e.Email, u.Email)
	set(&e.Role, u.Role)
	set(&e.Team, u.Team)
	set(&e.Start, u.Start)
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
