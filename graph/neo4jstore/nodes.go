package neo4jstore

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/queries"
)

// nodeKind tells the generic node code how to decode a T.
type nodeKind[T any] struct {
	kind   graph.Kind
	decode func(map[string]any) (*T, error)
}

var (
	employees     = nodeKind[graph.Employee]{graph.KindEmployee, decodeEmployee}
	organisations = nodeKind[graph.Organisation]{graph.KindOrganisation, decodeOrganisation}
	persons       = nodeKind[graph.Person]{graph.KindPerson, decodePerson}
)

// nodeValue returns the properties of the node in column key of rec.
func nodeValue(rec *neo4j.Record, key string) (map[string]any, error) {
	n, isNil, err := neo4j.GetRecordValue[neo4j.Node](rec, key)
	if err != nil {
		return nil, err
	}
	if isNil {
		return nil, fmt.Errorf("neo4jstore: column %s is null", key)
	}
	return n.Props, nil
}

func findNodeByID[T any](ctx context.Context, s *Store, k nodeKind[T], id string) (*T, error) {
	x, err := inTx(ctx, s, "find "+string(k.kind), neo4j.AccessModeRead, s.timeout,
		func(ctx context.Context, tx neo4j.ManagedTransaction) (*T, error) {
			var x *T
			err := each(ctx, tx, queries.FindNode, map[string]any{"id": id}, func(rec *neo4j.Record) error {
				m, err := nodeValue(rec, "n")
				if err != nil {
					return err
				}
				if graph.Kind((&props{m: m}).str(keyKind)) != k.kind {
					return nil // a node of another kind: not found
				}
				x, err = k.decode(m)
				return err
			})
			return x, err
		})
	if err != nil {
		return nil, err
	}
	if x == nil {
		return nil, graph.NotFound(string(k.kind), id)
	}
	return x, nil
}

func findNodes[T any](ctx context.Context, s *Store, k nodeKind[T], f graph.NodeFilter) ([]*T, int, error) {
	page, err := f.Page.Normalize()
	if err != nil {
		return nil, 0, err
	}
	l := labels[k.kind]
	params := map[string]any{"ids": nil, "party_type": nil, "owner_id": nil, "offset": page.Offset, "limit": page.Limit}
	find, count := cypher.findNodes[l], cypher.countNodes[l]
	if f.IDs != nil {
		params["ids"] = f.IDs // an empty list selects nothing
	}
	if f.Name != nil && *f.Name != "" { // every name contains ""
		params["name"] = asciiLower(*f.Name)
		find, count = cypher.findNodesNamed[l], cypher.countNodesNamed[l]
	}
	// PartyType and OwnerID do not apply to employees.
	if k.kind != graph.KindEmployee {
		if f.PartyType != nil {
			params["party_type"] = string(*f.PartyType)
		}
		if f.OwnerID != nil {
			params["owner_id"] = *f.OwnerID // "" selects nodes without an owner
		}
	}
	return findPage(ctx, s, "find "+string(k.kind)+"s", count, find, params, func(rec *neo4j.Record) (*T, error) {
		m, err := nodeValue(rec, "n")
		if err != nil {
			return nil, err
		}
		return k.decode(m)
	})
}

// FindEmployeeByID returns the employee with the given id, or ENOTFOUND
// (also when the id is another kind of node's).
func (s *Store) FindEmployeeByID(ctx context.Context, id string) (*graph.Employee, error) {
	return findNodeByID(ctx, s, employees, id)
}

// FindEmployees returns the employees f selects, ordered by name and id, and
// how many there are before paging.
func (s *Store) FindEmployees(ctx context.Context, f graph.NodeFilter) ([]*graph.Employee, int, error) {
	return findNodes(ctx, s, employees, f)
}

// FindOrganisationByID returns the organisation with the given id, or
// ENOTFOUND.
func (s *Store) FindOrganisationByID(ctx context.Context, id string) (*graph.Organisation, error) {
	return findNodeByID(ctx, s, organisations, id)
}

// FindOrganisations returns the organisations f selects, ordered by name and
// id, and how many there are before paging.
func (s *Store) FindOrganisations(ctx context.Context, f graph.NodeFilter) ([]*graph.Organisation, int, error) {
	return findNodes(ctx, s, organisations, f)
}

// FindPersonByID returns the person with the given id, or ENOTFOUND.
func (s *Store) FindPersonByID(ctx context.Context, id string) (*graph.Person, error) {
	return findNodeByID(ctx, s, persons, id)
}

// FindPersons returns the persons f selects, ordered by name and id, and how
// many there are before paging.
func (s *Store) FindPersons(ctx context.Context, f graph.NodeFilter) ([]*graph.Person, int, error) {
	return findNodes(ctx, s, persons, f)
}

// DeleteEmployee deletes an employee with their relationships and contacts,
// and clears them as the owner of organisations and persons; an employee
// with logged contacts or owned records only when opts.Force (see
// graph.Store). The pending audit entry of ctx gets what it took.
func (s *Store) DeleteEmployee(ctx context.Context, id string, opts graph.DeleteOptions) (*graph.EmployeeDeletion, error) {
	var d *graph.EmployeeDeletion
	err := s.deleteNode(ctx, graph.KindEmployee, id, func(ctx context.Context, tx neo4j.ManagedTransaction) error {
		var err error
		if d, err = employeeHistory(ctx, tx, id); err != nil {
			return err
		}
		if err := d.Allow(opts); err != nil {
			return err
		}
		auth.SetPendingDetail(ctx, d.Summary())
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// DeleteOrganisation deletes an organisation with its relationships,
// contacts and assessments.
func (s *Store) DeleteOrganisation(ctx context.Context, id string) error {
	return s.deleteNode(ctx, graph.KindOrganisation, id, nil)
}

// DeletePerson deletes a person with their relationships, contacts and
// assessments.
func (s *Store) DeletePerson(ctx context.Context, id string) error {
	return s.deleteNode(ctx, graph.KindPerson, id, nil)
}

// deleteNode deletes the node id of kind k in one write transaction, after
// check (when not nil) allowed it: its contacts, assessments and
// introduction requests, then the node with its relationships (DETACH
// DELETE). The nodes it owned lose their owner; that changes their
// content, so their owner_id, hash and update audit are rewritten (a later
// upsert naming the owner again is an update, not "unchanged"). check may
// run more than once (the driver retries the transaction), and so has no
// effect outside it.
func (s *Store) deleteNode(ctx context.Context, k graph.Kind, id string, check func(context.Context, neo4j.ManagedTransaction) error) error {
	now := clock(s.now) // as graph.PlanUpsert does
	actor := graph.ActorFrom(ctx)
	_, err := write(ctx, s, "delete "+string(k), s.timeout, func(ctx context.Context, tx neo4j.ManagedTransaction) (struct{}, error) {
		stored, err := newLookup(tx).StoredNodes(ctx, []string{id})
		if err != nil {
			return struct{}{}, err
		}
		if st, ok := stored[id]; !ok || st.Kind != k {
			return struct{}{}, graph.NotFound(string(k), id)
		}
		if check != nil {
			if err := check(ctx, tx); err != nil {
				return struct{}{}, err
			}
		}
		if _, err := reassign(ctx, tx, id, "", graph.Audit{UpdatedAt: now, UpdatedBy: actor}); err != nil {
			return struct{}{}, err
		}
		if _, err := single[int64](ctx, tx, queries.DeleteNodeContacts, map[string]any{"id": id}, "n"); err != nil {
			return struct{}{}, err
		}
		if _, err := single[int64](ctx, tx, queries.DeleteNodeAssessments, map[string]any{"id": id}, "n"); err != nil {
			return struct{}{}, err
		}
		if _, err := single[int64](ctx, tx, queries.DeleteNodeIntros, map[string]any{"id": id}, "n"); err != nil {
			return struct{}{}, err
		}
		if _, err := single[int64](ctx, tx, queries.DeleteNodePlans, map[string]any{"id": id}, "n"); err != nil {
			return struct{}{}, err
		}
		if _, err := single[int64](ctx, tx, queries.DeleteNode, map[string]any{"id": id}, "n"); err != nil {
			return struct{}{}, err
		}
		return struct{}{}, bumpVersion(ctx, tx)
	})
	return err
}

// reassign makes to the owner of every node from owns ("" clears the
// owner), setting their update audit from a, and says which moved.
func reassign(ctx context.Context, tx neo4j.ManagedTransaction, from, to string, a graph.Audit) (*graph.Handover, error) {
	h := &graph.Handover{From: from, To: to}
	var rows []map[string]any
	err := each(ctx, tx, queries.OwnedNodes, map[string]any{"id": from}, func(rec *neo4j.Record) error {
		m, err := nodeValue(rec, "n")
		if err != nil {
			return err
		}
		switch kind := graph.Kind((&props{m: m}).str(keyKind)); kind {
		case graph.KindOrganisation:
			o, err := decodeOrganisation(m)
			if err != nil {
				return err
			}
			o.OwnerID, o.UpdatedAt, o.UpdatedBy = to, a.UpdatedAt, a.UpdatedBy
			rows = append(rows, organisationProps(o))
			h.Organisations = append(h.Organisations, o.ID)
		case graph.KindPerson:
			p, err := decodePerson(m)
			if err != nil {
				return err
			}
			p.OwnerID, p.UpdatedAt, p.UpdatedBy = to, a.UpdatedAt, a.UpdatedBy
			rows = append(rows, personProps(p))
			h.Persons = append(h.Persons, p.ID)
		default:
			return fmt.Errorf("neo4jstore: node of kind %q has an owner", kind)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	h.Sort()
	return h, unwind(ctx, tx, queries.UpdateNodes, rows)
}
