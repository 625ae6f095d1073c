package graph

import "context"

// RecordBackend is the part of a Store that a backend writes itself: the one
// write path (Upsert) and the finders. RecordWriter builds the Create* and
// Update* methods on it, so that no backend repeats them.
type RecordBackend interface {
	Upsert(ctx context.Context, b *Batch, opts UpsertOptions) (*UpsertResult, error)
	FindEmployeeByID(ctx context.Context, id string) (*Employee, error)
	FindOrganisationByID(ctx context.Context, id string) (*Organisation, error)
	FindPersonByID(ctx context.Context, id string) (*Person, error)
	FindRelationshipByID(ctx context.Context, id string) (*Relationship, error)
	FindContactByID(ctx context.Context, id string) (*Contact, error)
}

// RecordWriter implements Store's Create* and Update* methods on top of a
// RecordBackend. A backend embeds it and sets Backend to itself.
//
// Create* upsert one record with CreateOnly and fill in its audit fields (and
// a derived relationship id). Update* read the record, apply the update and
// upsert it with UpdateOnly; an update that changes nothing writes nothing.
type RecordWriter struct {
	Backend RecordBackend
}

func (w RecordWriter) create(ctx context.Context, b *Batch) error {
	_, err := w.Backend.Upsert(ctx, b, UpsertOptions{CreateOnly: true})
	return err
}

// CreateEmployee stores a new employee.
func (w RecordWriter) CreateEmployee(ctx context.Context, e *Employee) error {
	return w.create(ctx, &Batch{Employees: []*Employee{e}})
}

// CreateOrganisation stores a new organisation.
func (w RecordWriter) CreateOrganisation(ctx context.Context, o *Organisation) error {
	return w.create(ctx, &Batch{Organisations: []*Organisation{o}})
}

// CreatePerson stores a new person.
func (w RecordWriter) CreatePerson(ctx context.Context, p *Person) error {
	return w.create(ctx, &Batch{Persons: []*Person{p}})
}

// CreateRelationship stores a new relationship.
func (w RecordWriter) CreateRelationship(ctx context.Context, r *Relationship) error {
	return w.create(ctx, &Batch{Relationships: []*Relationship{r}})
}

// CreateContact stores a new logged contact.
func (w RecordWriter) CreateContact(ctx context.Context, c *Contact) error {
	return w.create(ctx, &Batch{Contacts: []*Contact{c}})
}

// update reads the record, applies u and writes it back only if nobody
// changed it in between (IfHash); on such a conflict it reads again, up to
// three times, so concurrent updates of different fields both land.
func update[T interface{ Hash() string }](ctx context.Context, w RecordWriter, id string,
	find func(context.Context, string) (*T, error), apply func(*T), batch func(*T) *Batch) (*T, error) {
	var err error
	for range 3 {
		var x *T
		if x, err = find(ctx, id); err != nil {
			return nil, err
		}
		read := (*x).Hash()
		apply(x)
		if _, err = w.Backend.Upsert(ctx, batch(x), UpsertOptions{UpdateOnly: true, IfHash: read}); ErrorCode(err) != ECONFLICT {
			if err != nil {
				return nil, err
			}
			return x, nil
		}
	}
	return nil, err
}

// UpdateEmployee changes an employee and returns it as stored.
func (w RecordWriter) UpdateEmployee(ctx context.Context, id string, u EmployeeUpdate) (*Employee, error) {
	return update(ctx, w, id, w.Backend.FindEmployeeByID, u.Apply, func(e *Employee) *Batch { return &Batch{Employees: []*Employee{e}} })
}

// UpdateOrganisation changes an organisation and returns it as stored.
func (w RecordWriter) UpdateOrganisation(ctx context.Context, id string, u OrganisationUpdate) (*Organisation, error) {
	return update(ctx, w, id, w.Backend.FindOrganisationByID, u.Apply, func(o *Organisation) *Batch { return &Batch{Organisations: []*Organisation{o}} })
}

// UpdatePerson changes a person and returns it as stored.
func (w RecordWriter) UpdatePerson(ctx context.Context, id string, u PersonUpdate) (*Person, error) {
	return update(ctx, w, id, w.Backend.FindPersonByID, u.Apply, func(p *Person) *Batch { return &Batch{Persons: []*Person{p}} })
}

// UpdateRelationship changes a relationship and returns it as stored.
func (w RecordWriter) UpdateRelationship(ctx context.Context, id string, u RelationshipUpdate) (*Relationship, error) {
	return update(ctx, w, id, w.Backend.FindRelationshipByID, u.Apply, func(r *Relationship) *Batch { return &Batch{Relationships: []*Relationship{r}} })
}

// UpdateContact changes a logged contact and returns it as stored.
func (w RecordWriter) UpdateContact(ctx context.Context, id string, u ContactUpdate) (*Contact, error) {
	return update(ctx, w, id, w.Backend.FindContactByID, u.Apply, func(c *Contact) *Batch { return &Batch{Contacts: []*Contact{c}} })
}
