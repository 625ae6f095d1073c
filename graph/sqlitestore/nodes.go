package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
)

// nodeKind tells the generic node code how to reach the audit of a T.
type nodeKind[T any] struct {
	kind  graph.Kind
	audit func(*T) *graph.Audit
}

var (
	employees     = nodeKind[graph.Employee]{graph.KindEmployee, func(e *graph.Employee) *graph.Audit { return &e.Audit }}
	organisations = nodeKind[graph.Organisation]{graph.KindOrganisation, func(o *graph.Organisation) *graph.Audit { return &o.Audit }}
	persons       = nodeKind[graph.Person]{graph.KindPerson, func(p *graph.Person) *graph.Audit { return &p.Audit }}
)

const nodeCols = `data, ` + auditCols

// scanNode reads the columns of nodeCols into a new T.
func scanNode[T any](k nodeKind[T], sc interface{ Scan(...any) error }) (*T, error) {
	var data []byte
	var a audit
	if err := sc.Scan(append([]any{&data}, a.dest()...)...); err != nil {
		return nil, err
	}
	x := new(T)
	if err := json.Unmarshal(data, x); err != nil {
		return nil, fmt.Errorf("decode %s: %w", k.kind, err)
	}
	*k.audit(x) = a.audit()
	return x, nil
}

func findNodeByID[T any](ctx context.Context, s *Store, k nodeKind[T], id string) (*T, error) {
	row := s.db.QueryRowContext(ctx, `SELECT `+nodeCols+` FROM nodes WHERE id = ? AND kind = ?`, id, string(k.kind))
	x, err := scanNode(k, row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, graph.NotFound(string(k.kind), id)
	}
	if err != nil {
		return nil, s.fail(ctx, "find "+string(k.kind), err)
	}
	return x, nil
}

func findNodes[T any](ctx context.Context, s *Store, k nodeKind[T], f graph.NodeFilter) ([]*T, int, error) {
	page, err := f.Page.Normalize()
	if err != nil {
		return nil, 0, err
	}
	var w where
	w.add(`kind = ?`, string(k.kind))
	if f.IDs != nil {
		ids, _ := json.Marshal(f.IDs)
		w.add(`id IN (SELECT value FROM json_each(?))`, string(ids))
	}
	if f.Name != nil {
		// SQLite's lower() folds ASCII only, like asciiLower; instr has no
		// wildcards, unlike LIKE.
		w.add(`instr(lower(name), ?) > 0`, asciiLower(*f.Name))
	}
	if k.kind != graph.KindEmployee {
		if f.PartyType != nil {
			w.add(`party_type = ?`, string(*f.PartyType))
		}
		if f.OwnerID != nil {
			if *f.OwnerID == "" {
				w.add(`owner_id IS NULL`)
			} else {
				w.add(`owner_id = ?`, *f.OwnerID)
			}
		}
	}
	var (
		out   []*T
		total int
	)
	op := "find " + string(k.kind) + "s"
	err = s.inRead(ctx, op, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM nodes`+w.String(), w.args...).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+nodeCols+` FROM nodes`+w.String()+` ORDER BY name, id LIMIT ? OFFSET ?`,
			append(w.args, page.Limit, page.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			x, err := scanNode(k, rows)
			if err != nil {
				return err
			}
			out = append(out, x)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// FindEmployeeByID returns the employee with the given id, or ENOTFOUND.
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

// FindOrganisations returns the organisations f selects, ordered by name
// and id, and how many there are before paging.
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
	err := s.deleteNode(ctx, graph.KindEmployee, id, func(tx *sql.Tx) error {
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

// employeeHistory counts what deleting the employee id would take with
// them.
func employeeHistory(ctx context.Context, tx *sql.Tx, id string) (*graph.EmployeeDeletion, error) {
	d := &graph.EmployeeDeletion{ID: id}
	err := tx.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM contacts WHERE employee_id = ?1),
		(SELECT count(*) FROM relationships WHERE from_id = ?1 OR to_id = ?1),
		(SELECT count(*) FROM nodes WHERE owner_id = ?1 AND kind = 'organisation'),
		(SELECT count(*) FROM nodes WHERE owner_id = ?1 AND kind = 'person')`, id).
		Scan(&d.Contacts, &d.Relationships, &d.Organisations, &d.Persons)
	return d, err
}

// DeleteOrganisation deletes an organisation with its relationships and
// contacts.
func (s *Store) DeleteOrganisation(ctx context.Context, id string) error {
	return s.deleteNode(ctx, graph.KindOrganisation, id, nil)
}

// DeletePerson deletes a person with their relationships and contacts.
func (s *Store) DeletePerson(ctx context.Context, id string) error {
	return s.deleteNode(ctx, graph.KindPerson, id, nil)
}

// deleteNode deletes the node id of kind k in one transaction, after check
// (when not nil) allowed it. The nodes it owned lose their owner: that
// changes their content, so their data, hash and update audit are
// rewritten (a later upsert naming the owner again is then an update, not
// "unchanged"). The foreign keys delete the node's relationships and
// contacts.
func (s *Store) deleteNode(ctx context.Context, k graph.Kind, id string, check func(tx *sql.Tx) error) error {
	now := s.now().UTC().Truncate(time.Millisecond) // as graph.PlanUpsert does
	actor := graph.ActorFrom(ctx)
	return s.inWrite(ctx, "delete "+string(k), func(tx *sql.Tx) error {
		var kind string
		err := tx.QueryRowContext(ctx, `SELECT kind FROM nodes WHERE id = ?`, id).Scan(&kind)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && kind != string(k)) {
			return graph.NotFound(string(k), id)
		}
		if err != nil {
			return err
		}
		if check != nil {
			if err := check(tx); err != nil {
				return err
			}
		}
		if _, err := reassign(ctx, tx, id, "", now, actor); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM nodes WHERE id = ?`, id); err != nil {
			return err
		}
		return bumpVersion(ctx, tx)
	})
}

// Handover makes employee to the owner of everything employee from owns,
// in one transaction (see graph.Store). The pending audit entry of ctx
// gets what moved.
func (s *Store) Handover(ctx context.Context, from, to string) (*graph.Handover, error) {
	now := s.now().UTC().Truncate(time.Millisecond) // as graph.PlanUpsert does
	actor := graph.ActorFrom(ctx)
	var h *graph.Handover
	err := s.inWrite(ctx, "handover", func(tx *sql.Tx) error {
		if err := graph.CheckHandover(ctx, lookup{tx: tx}, from, to, now); err != nil {
			return err
		}
		var err error
		if h, err = reassign(ctx, tx, from, to, now, actor); err != nil {
			return err
		}
		auth.SetPendingDetail(ctx, h.Summary())
		if h.Moved() == 0 {
			return nil
		}
		return bumpVersion(ctx, tx)
	})
	if err != nil {
		return nil, err
	}
	return h, nil
}

// reassign makes to the owner of every node from owns ("" clears the
// owner), as a change at now by actor, and says which moved.
func reassign(ctx context.Context, tx *sql.Tx, from, to string, now time.Time, actor string) (*graph.Handover, error) {
	type owned struct {
		id, kind string
		data     []byte
	}
	var xs []owned
	rows, err := tx.QueryContext(ctx, `SELECT id, kind, data FROM nodes WHERE owner_id = ?`, from)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var x owned
		if err := rows.Scan(&x.id, &x.kind, &x.data); err != nil {
			rows.Close()
			return nil, err
		}
		xs = append(xs, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	h := &graph.Handover{From: from, To: to}
	for _, x := range xs {
		var r nodeRow
		switch graph.Kind(x.kind) {
		case graph.KindOrganisation:
			var o graph.Organisation
			if err := json.Unmarshal(x.data, &o); err != nil {
				return nil, err
			}
			o.OwnerID = to
			r = organisationRow(&o)
			h.Organisations = append(h.Organisations, x.id)
		case graph.KindPerson:
			var p graph.Person
			if err := json.Unmarshal(x.data, &p); err != nil {
				return nil, err
			}
			p.OwnerID = to
			r = personRow(&p)
			h.Persons = append(h.Persons, x.id)
		default:
			return nil, fmt.Errorf("node %q of kind %q has an owner", x.id, x.kind)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE nodes SET owner_id = ?, data = ?, hash = ?, updated_at = ?, updated_by = ? WHERE id = ?`,
			optString(to), r.data, r.hash, millis(now), actor, x.id); err != nil {
			return nil, err
		}
	}
	h.Sort()
	return h, nil
}

// nodeRow is a node as the nodes table holds it.
type nodeRow struct {
	id, kind, name, partyType, ownerID string
	doNotRoute                         bool
	employmentEnd                      time.Time // an employee's End
	data                               string    // JSON
	hash                               string
	audit                              graph.Audit
}

// marshal encodes a record without its audit (the audit has columns).
func marshal(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic("sqlitestore: encode: " + err.Error()) // plain structs always marshal
	}
	return string(b)
}

func employeeRow(e *graph.Employee) nodeRow {
	c := *e
	c.Audit = graph.Audit{}
	return nodeRow{id: e.ID, kind: string(graph.KindEmployee), name: e.Name, employmentEnd: e.End, data: marshal(c), hash: c.Hash(), audit: e.Audit}
}

func organisationRow(o *graph.Organisation) nodeRow {
	c := *o
	c.Audit = graph.Audit{}
	return nodeRow{id: o.ID, kind: string(graph.KindOrganisation), name: o.Name, partyType: string(o.PartyType), ownerID: o.OwnerID,
		data: marshal(c), hash: c.Hash(), audit: o.Audit}
}

func personRow(p *graph.Person) nodeRow {
	c := *p
	c.Audit = graph.Audit{}
	return nodeRow{id: p.ID, kind: string(graph.KindPerson), name: p.Name, partyType: string(p.PartyType), ownerID: p.OwnerID,
		doNotRoute: p.DoNotRoute, data: marshal(c), hash: c.Hash(), audit: p.Audit}
}

const upsertNodeSQL = `INSERT INTO nodes (id, kind, name, party_type, owner_id, do_not_route, employment_end, data, hash, ` + auditCols + `)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, party_type = excluded.party_type,
	owner_id = excluded.owner_id, do_not_route = excluded.do_not_route, employment_end = excluded.employment_end,
	data = excluded.data, hash = excluded.hash,
	created_at = excluded.created_at, updated_at = excluded.updated_at,
	created_by = excluded.created_by, updated_by = excluded.updated_by`

func (r nodeRow) args() []any {
	return []any{r.id, r.kind, r.name, r.partyType, optString(r.ownerID), boolInt(r.doNotRoute), optMillis(r.employmentEnd), r.data, r.hash,
		millis(r.audit.CreatedAt), millis(r.audit.UpdatedAt), r.audit.CreatedBy, r.audit.UpdatedBy}
}
