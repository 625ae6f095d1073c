package sqlitestore

import (
	"context"
	"database/sql"
	"strings"

	"github.com/relmap/relmap/graph"
)

// Upsert writes b all or nothing: graph.PlanUpsert validates it and decides
// what to create and update inside one write transaction, and only the
// records it returns are written. The version moves only when something
// changed. A dry run plans in a read transaction and writes nothing.
//
// Upsert normalizes the records of b and sets their audit fields, as
// graph.PlanUpsert does.
func (s *Store) Upsert(ctx context.Context, b *graph.Batch, opts graph.UpsertOptions) (*graph.UpsertResult, error) {
	if b == nil {
		b = &graph.Batch{}
	}
	now := s.now()
	var res *graph.UpsertResult
	plan := func(tx *sql.Tx) (*graph.Batch, error) {
		out, r, err := graph.PlanUpsert(ctx, b, lookup{tx}, opts, now)
		res = r
		return out, err
	}
	var err error
	if opts.DryRun {
		err = s.inRead(ctx, "upsert", func(tx *sql.Tx) error {
			_, err := plan(tx)
			return err
		})
	} else {
		err = s.inWrite(ctx, "upsert", func(tx *sql.Tx) error {
			out, err := plan(tx)
			if err != nil || !res.Changed() {
				return err
			}
			if err := writeBatch(ctx, tx, out); err != nil {
				return err
			}
			return bumpVersionFor(ctx, tx, graph.UpsertPart(res), nil)
		})
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// writeBatch writes the records of b with one prepared statement per table:
// nodes first (employees before the organisations and persons they own),
// then the relationships and contacts that refer to them.
func writeBatch(ctx context.Context, tx *sql.Tx, b *graph.Batch) error {
	if n := len(b.Employees) + len(b.Organisations) + len(b.Persons); n > 0 {
		rows := make([]nodeRow, 0, n)
		for _, e := range b.Employees {
			rows = append(rows, employeeRow(e))
		}
		for _, o := range b.Organisations {
			rows = append(rows, organisationRow(o))
		}
		for _, p := range b.Persons {
			rows = append(rows, personRow(p))
		}
		if err := execEach(ctx, tx, upsertNodeSQL, rows, nodeRow.args); err != nil {
			return err
		}
	}
	if err := execEach(ctx, tx, upsertRelationshipSQL, b.Relationships, relationshipArgs); err != nil {
		return err
	}
	return execEach(ctx, tx, upsertContactSQL, b.Contacts, contactArgs)
}

// execEach runs query once for each x with the arguments args(x).
func execEach[T any](ctx context.Context, tx *sql.Tx, query string, xs []T, args func(T) []any) error {
	if len(xs) == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, x := range xs {
		if _, err := st.ExecContext(ctx, args(x)...); err != nil {
			return err
		}
	}
	return nil
}

// lookup implements graph.StoredLookup inside a transaction.
type lookup struct{ tx *sql.Tx }

// maxVars is how many ids one IN (...) list holds, well under SQLite's
// limit on the variables of one statement (32766 since 3.32, 999 before).
const maxVars = 500

func (l lookup) StoredNodes(ctx context.Context, ids []string) (map[string]graph.Stored, error) {
	return l.stored(ctx, `SELECT id, kind, hash, `+auditCols+` FROM nodes WHERE id IN `, ids, true)
}

func (l lookup) StoredRelationships(ctx context.Context, ids []string) (map[string]graph.Stored, error) {
	return l.stored(ctx, `SELECT id, hash, `+auditCols+` FROM relationships WHERE id IN `, ids, false)
}

func (l lookup) StoredContacts(ctx context.Context, ids []string) (map[string]graph.Stored, error) {
	return l.stored(ctx, `SELECT id, hash, `+auditCols+` FROM contacts WHERE id IN `, ids, false)
}

// stored runs query, which ends in "IN ", for ids in chunks of maxVars.
func (l lookup) stored(ctx context.Context, query string, ids []string, withKind bool) (map[string]graph.Stored, error) {
	out := make(map[string]graph.Stored, len(ids))
	var full *sql.Stmt // the statement for a whole chunk, prepared once
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), maxVars)]
		ids = ids[len(chunk):]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		q := query + "(?" + strings.Repeat(", ?", len(chunk)-1) + ")"
		var rows *sql.Rows
		var err error
		if len(chunk) == maxVars {
			if full == nil {
				if full, err = l.tx.PrepareContext(ctx, q); err != nil {
					return nil, err
				}
			}
			rows, err = full.QueryContext(ctx, args...)
		} else {
			rows, err = l.tx.QueryContext(ctx, q, args...)
		}
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var (
				id, kind string
				st       graph.Stored
				a        audit
			)
			dest := []any{&id}
			if withKind {
				dest = append(dest, &kind)
			}
			if err := rows.Scan(append(append(dest, &st.Hash), a.dest()...)...); err != nil {
				rows.Close()
				return nil, err
			}
			st.Kind, st.Audit = graph.Kind(kind), a.audit()
			out[id] = st
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
