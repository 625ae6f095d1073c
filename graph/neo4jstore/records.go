package neo4jstore

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/queries"
)

// scanRelationship reads the columns r, from and to, and the Neo4j type
// from the column type, or when typ is not "" from typ.
func scanRelationship(rec *neo4j.Record, typ string) (*graph.Relationship, error) {
	r, isNil, err := neo4j.GetRecordValue[neo4j.Relationship](rec, "r")
	if err != nil {
		return nil, err
	}
	if isNil {
		return nil, fmt.Errorf("neo4jstore: column r is null")
	}
	var (
		from, to string
		errs     [3]error
	)
	if typ == "" {
		typ, _, errs[0] = neo4j.GetRecordValue[string](rec, "type")
	}
	from, _, errs[1] = neo4j.GetRecordValue[string](rec, "from")
	to, _, errs[2] = neo4j.GetRecordValue[string](rec, "to")
	if err := firstErr(errs[:]...); err != nil {
		return nil, err
	}
	return decodeRelationship(r.Props, typ, from, to)
}

// FindRelationshipByID returns the relationship with the given id, or
// ENOTFOUND.
func (s *Store) FindRelationshipByID(ctx context.Context, id string) (*graph.Relationship, error) {
	r, err := inTx(ctx, s, "find relationship", neo4j.AccessModeRead, s.timeout,
		func(ctx context.Context, tx neo4j.ManagedTransaction) (*graph.Relationship, error) {
			// Under each type in turn (see find_relationship.cypher).
			var r *graph.Relationship
			for _, t := range relTypeList {
				err := each(ctx, tx, cypher.findRelationship[t], map[string]any{"id": id}, func(rec *neo4j.Record) error {
					var err error
					r, err = scanRelationship(rec, t)
					return err
				})
				if err != nil || r != nil {
					return r, err
				}
			}
			return nil, nil
		})
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, graph.NotFound("relationship", id)
	}
	return r, nil
}

// FindRelationships returns the relationships f selects, ordered by id, and
// how many there are before paging. With an end given (NodeID, From or To)
// the query starts at that node; otherwise it reads every relationship.
func (s *Store) FindRelationships(ctx context.Context, f graph.RelationshipFilter) ([]*graph.Relationship, int, error) {
	page, err := f.Page.Normalize()
	if err != nil {
		return nil, 0, err
	}
	params := map[string]any{"node": nil, "from": nil, "to": nil, "type": nil, "offset": page.Offset, "limit": page.Limit}
	find, count := cypher.findRelationships, cypher.countRelationships
	for _, x := range []struct {
		key string
		v   *string
	}{{"to", f.To}, {"from", f.From}, {"node", f.NodeID}} {
		if x.v != nil {
			params[x.key] = *x.v
			params["anchor"] = *x.v
			find, count = cypher.findNodeRelationships, cypher.countNodeRelationships
		}
	}
	if f.Type != nil {
		t, ok := relTypes[*f.Type]
		if !ok {
			return []*graph.Relationship{}, 0, nil // no relationship has a type outside the vocabulary
		}
		params["type"] = t
	}
	return findPage(ctx, s, "find relationships", count, find, params, func(rec *neo4j.Record) (*graph.Relationship, error) {
		return scanRelationship(rec, "")
	})
}

// DeleteRelationship deletes a relationship, or returns ENOTFOUND.
func (s *Store) DeleteRelationship(ctx context.Context, id string) error {
	_, err := write(ctx, s, "delete relationship", s.timeout, func(ctx context.Context, tx neo4j.ManagedTransaction) (struct{}, error) {
		// Under each type in turn (see delete_relationships.cypher).
		for _, t := range relTypeList {
			n, err := single[int64](ctx, tx, cypher.deleteRelationships[t], map[string]any{"ids": []string{id}}, "n")
			if err != nil {
				return struct{}{}, err
			}
			if n > 0 {
				return struct{}{}, bumpVersion(ctx, tx)
			}
		}
		return struct{}{}, graph.NotFound("relationship", id)
	})
	return err
}

// FindContactByID returns the contact with the given id, or ENOTFOUND.
func (s *Store) FindContactByID(ctx context.Context, id string) (*graph.Contact, error) {
	c, err := inTx(ctx, s, "find contact", neo4j.AccessModeRead, s.timeout,
		func(ctx context.Context, tx neo4j.ManagedTransaction) (*graph.Contact, error) {
			var c *graph.Contact
			err := each(ctx, tx, queries.FindContact, map[string]any{"id": id}, func(rec *neo4j.Record) error {
				m, err := nodeValue(rec, "c")
				if err != nil {
					return err
				}
				c, err = decodeContact(m)
				return err
			})
			return c, err
		})
	if err != nil {
		return nil, err
	}
	if c == nil {
		return nil, graph.NotFound("contact", id)
	}
	return c, nil
}

// FindContacts returns the contacts f selects, newest first and then by id,
// and how many there are before paging.
func (s *Store) FindContacts(ctx context.Context, f graph.ContactFilter) ([]*graph.Contact, int, error) {
	page, err := f.Page.Normalize()
	if err != nil {
		return nil, 0, err
	}
	params := map[string]any{"employee_id": nil, "stakeholder_id": nil, "mode": nil, "since": nil, "until": nil,
		"offset": page.Offset, "limit": page.Limit}
	find, count := queries.FindContacts, queries.CountContacts
	// With an employee or stakeholder given, start at that node.
	for _, x := range []struct {
		key string
		v   *string
	}{{"employee_id", f.EmployeeID}, {"stakeholder_id", f.StakeholderID}} {
		if x.v != nil {
			params[x.key] = *x.v
			params["anchor"] = *x.v
			find, count = queries.FindNodeContacts, queries.CountNodeContacts
		}
	}
	// With ids given, seek them in the index of contact ids.
	if f.IDs != nil {
		params["ids"] = f.IDs // an empty list selects nothing
		find, count = queries.FindContactsByID, queries.CountContactsByID
	}
	if f.Mode != nil {
		params["mode"] = string(*f.Mode)
	}
	// Stored dates are whole milliseconds, so comparing them with the exact
	// bounds selects what comparing with the bounds rounded up would.
	if f.Since != nil {
		params["since"] = f.Since.UTC()
	}
	if f.Until != nil {
		params["until"] = f.Until.UTC()
	}
	return findPage(ctx, s, "find contacts", count, find, params, func(rec *neo4j.Record) (*graph.Contact, error) {
		m, err := nodeValue(rec, "c")
		if err != nil {
			return nil, err
		}
		return decodeContact(m)
	})
}

// DeleteContact deletes a logged contact, or returns ENOTFOUND.
func (s *Store) DeleteContact(ctx context.Context, id string) error {
	return s.deleteRecord(ctx, "contact", queries.DeleteContact, map[string]any{"id": id}, id)
}

// deleteRecord runs q, which deletes the record id and returns the count n
// of records deleted, in a write transaction. The change is logged as
// PartContacts naming the contact for a contact, PartSegments for an
// assessment, else PartAll.
func (s *Store) deleteRecord(ctx context.Context, what, q string, params map[string]any, id string) error {
	part, ids := graph.PartAll, []string(nil)
	switch what {
	case "contact":
		part, ids = graph.PartContacts, []string{id}
	case "assessment":
		part = graph.PartSegments
	}
	_, err := write(ctx, s, "delete "+what, s.timeout, func(ctx context.Context, tx neo4j.ManagedTransaction) (struct{}, error) {
		n, err := single[int64](ctx, tx, q, params, "n")
		if err != nil {
			return struct{}{}, err
		}
		if n == 0 {
			return struct{}{}, graph.NotFound(what, id)
		}
		return struct{}{}, bumpVersionFor(ctx, tx, part, ids)
	})
	return err
}

// findPage runs a listing in one read transaction: the count query for the
// total before paging, then the page query, scanning each record with scan.
func findPage[T any](ctx context.Context, s *Store, op, count, find string, params map[string]any,
	scan func(*neo4j.Record) (T, error)) ([]T, int, error) {
	type page struct {
		xs    []T
		total int
	}
	res, err := inTx(ctx, s, op, neo4j.AccessModeRead, s.timeout,
		func(ctx context.Context, tx neo4j.ManagedTransaction) (page, error) {
			var p page
			total, err := single[int64](ctx, tx, count, params, "total")
			if err != nil {
				return p, err
			}
			p.total = int(total)
			err = each(ctx, tx, find, params, func(rec *neo4j.Record) error {
				x, err := scan(rec)
				p.xs = append(p.xs, x)
				return err
			})
			return p, err
		})
	if err != nil {
		return nil, 0, err
	}
	return res.xs, res.total, nil
}
