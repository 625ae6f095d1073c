package neo4jstore

import (
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relmap/relmap/graph"
)

// Records become flat Neo4j property maps ([]map[string]any: the v5 driver
// cannot send structs):
//
//   - every field is a property named as its JSON field; a Contribution
//     becomes contribution_know … contribution_interests_unknown;
//   - empty strings and false are no property at all (a missing property
//     reads as the zero value): every property costs the server memory in
//     a write transaction, and imports leave most optional fields empty;
//   - times are Neo4j DATETIME values in UTC (audit times, contact dates),
//     whole milliseconds as graph normalizes them; relationship Since and
//     Until are DATE values (graph keeps only the day); the zero time is no
//     property at all;
//   - hash is the record's content hash (graph's Hash), so an upsert can
//     tell changed records from unchanged ones without reading them whole;
//   - nodes also carry kind (their graph.Kind, beside the kind label) and
//     name_fold, the name with ASCII letters lower-cased, which the name
//     filter searches (as SQLite's lower() folds, so both stores match alike).
//
// A relationship's type is its Neo4j type and its ends are its nodes: they
// are not properties.

// Property keys shared by several records.
const (
	keyID        = "id"
	keyKind      = "kind"
	keyName      = "name"
	keyNameFold  = "name_fold"
	keyHash      = "hash"
	keyCreatedAt = "created_at"
	keyCreatedBy = "created_by"
	keyUpdatedAt = "updated_at"
	keyUpdatedBy = "updated_by"
	keyOwnerID   = "owner_id"
)

// putText sets the string properties of kv (key, value pairs) that are not
// empty: a missing property reads as "".
func putText(m map[string]any, kv ...string) {
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			m[kv[i]] = kv[i+1]
		}
	}
}

// putFlag sets key when b is true: a missing property reads as false.
func putFlag(m map[string]any, key string, b bool) {
	if b {
		m[key] = true
	}
}

func putAudit(m map[string]any, a graph.Audit) {
	m[keyCreatedAt] = dateTime(a.CreatedAt)
	m[keyCreatedBy] = a.CreatedBy
	m[keyUpdatedAt] = dateTime(a.UpdatedAt)
	m[keyUpdatedBy] = a.UpdatedBy
}

func putContribution(m map[string]any, c graph.Contribution) {
	putText(m, "contribution_know", c.Know, "contribution_able", c.Able, "contribution_want", c.Want,
		"contribution_do", c.Do, "contribution_exchange_means", c.ExchangeMeans,
		"contribution_benefits", c.Benefits, "contribution_interests", c.Interests)
	putFlag(m, "contribution_interests_unknown", c.InterestsUnknown)
}

// dateTime is t as a DATETIME parameter: UTC (the driver sends the zone by
// name, and names such as "CEST" are no zone ids to Neo4j), or nil for the
// zero time, which removes the property.
func dateTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// date is the day of t as a DATE parameter, or nil for the zero time.
func date(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return neo4j.DateOf(t.UTC())
}

// asciiLower lowers ASCII letters only (as the SQLite store's lower()).
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func nodeProps(id string, k graph.Kind, name, hash string, a graph.Audit) map[string]any {
	m := map[string]any{
		keyID: id, keyKind: string(k), keyName: name, keyNameFold: asciiLower(name), keyHash: hash,
	}
	putAudit(m, a)
	return m
}

func employeeProps(e *graph.Employee) map[string]any {
	m := nodeProps(e.ID, graph.KindEmployee, e.Name, e.Hash(), e.Audit)
	putText(m, "email", e.Email, "role", string(e.Role), "team", e.Team, "source", string(e.Source))
	if !e.Start.IsZero() {
		m["start"] = date(e.Start)
	}
	if !e.End.IsZero() {
		m["end"] = date(e.End)
	}
	return m
}

func organisationProps(o *graph.Organisation) map[string]any {
	m := nodeProps(o.ID, graph.KindOrganisation, o.Name, o.Hash(), o.Audit)
	putText(m, "sector", o.Sector, "city", o.City, "website", o.Website, "party_type", string(o.PartyType),
		keyOwnerID, o.OwnerID, "source", string(o.Source))
	putContribution(m, o.Contribution)
	return m
}

func personProps(p *graph.Person) map[string]any {
	m := nodeProps(p.ID, graph.KindPerson, p.Name, p.Hash(), p.Audit)
	putText(m, "email", p.Email, "phone", p.Phone, "title", p.Title, "linkedin_url", p.LinkedInURL, "party_type", string(p.PartyType),
		keyOwnerID, p.OwnerID, "source", string(p.Source))
	if len(p.OtherEmails) > 0 {
		m["other_emails"] = p.OtherEmails
	}
	putContribution(m, p.Contribution)
	putFlag(m, "do_not_route", p.DoNotRoute)
	putFlag(m, "objects", p.Objects)
	if !p.ObjectedAt.IsZero() {
		m["objected_at"] = date(p.ObjectedAt)
	}
	return m
}

// relationshipRow is the row of create_relationships.cypher and
// update_relationships.cypher: the ends and the properties.
func relationshipRow(r *graph.Relationship) map[string]any {
	m := map[string]any{keyID: r.ID, "strength": r.Strength, keyHash: r.Hash()}
	putText(m, "nature", string(r.Nature), "level", string(r.Level), "source", string(r.Source), "note", r.Note)
	if !r.Since.IsZero() {
		m["since"] = date(r.Since)
	}
	if !r.Until.IsZero() {
		m["until"] = date(r.Until)
	}
	putAudit(m, r.Audit)
	return map[string]any{keyID: r.ID, "from": r.From, "to": r.To, "props": m}
}

func contactProps(c *graph.Contact) map[string]any {
	m := map[string]any{keyID: c.ID, "date": dateTime(c.Date), keyHash: c.Hash()}
	putText(m, "employee_id", c.EmployeeID, "stakeholder_id", c.StakeholderID, "mode", string(c.Mode),
		"level", string(c.Level), "note", c.Note)
	putAudit(m, c.Audit)
	return m
}

// props reads typed values from a property map. A missing or null property
// reads as the zero value; a value of the wrong type is an error, kept until
// the end of the record (see err).
type props struct {
	what string
	m    map[string]any
	err  error
}

func get[T any](p *props, key string) T {
	var zero T
	v, ok := p.m[key]
	if !ok || v == nil {
		return zero
	}
	x, ok := v.(T)
	if !ok && p.err == nil {
		p.err = fmt.Errorf("decode %s: property %s is a %T, want a %T", p.what, key, v, zero)
	}
	return x
}

func (p *props) str(key string) string { return get[string](p, key) }

// strs reads a list of strings (nil when absent).
func (p *props) strs(key string) []string {
	var out []string
	for _, v := range get[[]any](p, key) {
		s, ok := v.(string)
		if !ok && p.err == nil {
			p.err = fmt.Errorf("decode %s: property %s holds a %T, want strings", p.what, key, v)
		}
		out = append(out, s)
	}
	return out
}
func (p *props) boolean(key string) bool { return get[bool](p, key) }

func (p *props) float(key string) float64 {
	if i, ok := p.m[key].(int64); ok { // written by hand as an integer
		return float64(i)
	}
	return get[float64](p, key)
}

// time reads a DATETIME as a UTC time.
func (p *props) time(key string) time.Time {
	t := get[time.Time](p, key)
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}

// date reads a DATE as UTC midnight of its day.
func (p *props) date(key string) time.Time {
	d := get[neo4j.Date](p, key)
	t := time.Time(d)
	if t.IsZero() {
		return time.Time{}
	}
	y, m, day := t.Date()
	return time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
}

func (p *props) audit() graph.Audit {
	return graph.Audit{
		CreatedAt: p.time(keyCreatedAt), CreatedBy: p.str(keyCreatedBy),
		UpdatedAt: p.time(keyUpdatedAt), UpdatedBy: p.str(keyUpdatedBy),
	}
}

func (p *props) contribution() graph.Contribution {
	return graph.Contribution{
		Know:             p.str("contribution_know"),
		Able:             p.str("contribution_able"),
		Want:             p.str("contribution_want"),
		Do:               p.str("contribution_do"),
		ExchangeMeans:    p.str("contribution_exchange_means"),
		Benefits:         p.str("contribution_benefits"),
		Interests:        p.str("contribution_interests"),
		InterestsUnknown: p.boolean("contribution_interests_unknown"),
	}
}

func decodeEmployee(m map[string]any) (*graph.Employee, error) {
	p := &props{what: "employee", m: m}
	e := &graph.Employee{
		ID:     p.str(keyID),
		Name:   p.str(keyName),
		Email:  p.str("email"),
		Role:   graph.EmployeeRole(p.str("role")),
		Team:   p.str("team"),
		Start:  p.date("start"),
		End:    p.date("end"),
		Source: graph.Source(p.str("source")),
		Audit:  p.audit(),
	}
	return e, p.err
}

func decodeOrganisation(m map[string]any) (*graph.Organisation, error) {
	p := &props{what: "organisation", m: m}
	o := &graph.Organisation{
		ID:           p.str(keyID),
		Name:         p.str(keyName),
		Sector:       p.str("sector"),
		City:         p.str("city"),
		Website:      p.str("website"),
		PartyType:    graph.PartyType(p.str("party_type")),
		Contribution: p.contribution(),
		OwnerID:      p.str(keyOwnerID),
		Source:       graph.Source(p.str("source")),
		Audit:        p.audit(),
	}
	return o, p.err
}

func decodePerson(m map[string]any) (*graph.Person, error) {
	p := &props{what: "person", m: m}
	x := &graph.Person{
		ID:           p.str(keyID),
		Name:         p.str(keyName),
		Email:        p.str("email"),
		OtherEmails:  p.strs("other_emails"),
		Phone:        p.str("phone"),
		Title:        p.str("title"),
		LinkedInURL:  p.str("linkedin_url"),
		PartyType:    graph.PartyType(p.str("party_type")),
		Contribution: p.contribution(),
		OwnerID:      p.str(keyOwnerID),
		DoNotRoute:   p.boolean("do_not_route"),
		Objects:      p.boolean("objects"),
		ObjectedAt:   p.date("objected_at"),
		Source:       graph.Source(p.str("source")),
		Audit:        p.audit(),
	}
	return x, p.err
}

// decodeRelationship reads a relationship from its properties, its Neo4j
// type and the ids of its ends.
func decodeRelationship(m map[string]any, neoType, from, to string) (*graph.Relationship, error) {
	t, ok := relTypeOf[neoType]
	if !ok {
		return nil, fmt.Errorf("decode relationship: unknown type %q", neoType)
	}
	p := &props{what: "relationship", m: m}
	r := &graph.Relationship{
		ID:       p.str(keyID),
		Type:     t,
		From:     from,
		To:       to,
		Strength: p.float("strength"),
		Nature:   graph.Nature(p.str("nature")),
		Level:    graph.ContactLevel(p.str("level")),
		Since:    p.date("since"),
		Until:    p.date("until"),
		Source:   graph.Source(p.str("source")),
		Note:     p.str("note"),
		Audit:    p.audit(),
	}
	return r, p.err
}

func decodeContact(m map[string]any) (*graph.Contact, error) {
	p := &props{what: "contact", m: m}
	c := &graph.Contact{
		ID:            p.str(keyID),
		Date:          p.time("date"),
		EmployeeID:    p.str("employee_id"),
		StakeholderID: p.str("stakeholder_id"),
		Mode:          graph.ContactMode(p.str("mode")),
		Level:         graph.ContactLevel(p.str("level")),
		Note:          p.str("note"),
		Audit:         p.audit(),
	}
	return c, p.err
}
