package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/relmap/relmap/graph"
)

const relCols = `id, type, from_id, to_id, strength, nature, level, since, until, source, note, ` + auditCols

func scanRelationship(sc interface{ Scan(...any) error }) (*graph.Relationship, error) {
	var (
		r                          graph.Relationship
		typ, nature, level, source string
		since, until               sql.NullInt64
		a                          audit
	)
	dest := append([]any{&r.ID, &typ, &r.From, &r.To, &r.Strength, &nature, &level, &since, &until, &source, &r.Note}, a.dest()...)
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	r.Type, r.Nature, r.Level, r.Source = graph.RelType(typ), graph.Nature(nature), graph.ContactLevel(level), graph.Source(source)
	r.Since, r.Until = fromOptMillis(since), fromOptMillis(until)
	r.Audit = a.audit()
	return &r, nil
}

const upsertRelationshipSQL = `INSERT INTO relationships (` + relCols + `, hash)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)` + relationshipConflict

// upsertPlainRelationshipSQL is upsertRelationshipSQL for a relationship
// whose optional columns (nature, level, since, until, source, note) are
// empty (plainRelationship): it leaves them out, so that the new row takes
// their defaults (empty text, NULL), and so does the excluded row that
// relationshipConflict copies into a stored one. Six fewer values a row to
// bind cut SQLite's share of bench/import's 10^6 knows ties by a quarter
// (see README, "Import beside sqlite3 .import").
const upsertPlainRelationshipSQL = `INSERT INTO relationships (id, type, from_id, to_id, strength, ` + auditCols + `, hash)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)` + relationshipConflict

// relationshipConflict replaces every column of a stored relationship, the
// id aside, by the one the upsert would have inserted.
const relationshipConflict = `
ON CONFLICT (id) DO UPDATE SET type = excluded.type, from_id = excluded.from_id, to_id = excluded.to_id,
	strength = excluded.strength, nature = excluded.nature, level = excluded.level, since = excluded.since,
	until = excluded.until, source = excluded.source, note = excluded.note, hash = excluded.hash,
	created_at = excluded.created_at, updated_at = excluded.updated_at,
	created_by = excluded.created_by, updated_by = excluded.updated_by`

// relationshipArgs returns the values of upsertRelationshipSQL.
func relationshipArgs(r *graph.Relationship) []any {
	return []any{r.ID, string(r.Type), r.From, r.To, r.Strength, string(r.Nature), string(r.Level),
		optMillis(r.Since), optMillis(r.Until), string(r.Source), r.Note,
		millis(r.CreatedAt), millis(r.UpdatedAt), r.CreatedBy, r.UpdatedBy, r.Hash()}
}

// plainRelationship reports whether r's optional columns are all empty, so
// that upsertPlainRelationshipSQL writes it.
func plainRelationship(r *graph.Relationship) bool {
	return r.Nature == "" && r.Level == "" && r.Since.IsZero() && r.Until.IsZero() && r.Source == "" && r.Note == ""
}

// plainRelationshipArgs returns the values of upsertPlainRelationshipSQL.
func plainRelationshipArgs(r *graph.Relationship) []any {
	return []any{r.ID, string(r.Type), r.From, r.To, r.Strength,
		millis(r.CreatedAt), millis(r.UpdatedAt), r.CreatedBy, r.UpdatedBy, r.Hash()}
}

// FindRelationshipByID returns the relationship with the given id, or
// ENOTFOUND.
func (s *Store) FindRelationshipByID(ctx context.Context, id string) (*graph.Relationship, error) {
	r, err := scanRelationship(s.db.QueryRowContext(ctx, `SELECT `+relCols+` FROM relationships WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, graph.NotFound("relationship", id)
	}
	if err != nil {
		return nil, s.fail(ctx, "find relationship", err)
	}
	return r, nil
}

// FindRelationships returns the relationships f selects, ordered by id, and
// how many there are before paging.
func (s *Store) FindRelationships(ctx context.Context, f graph.RelationshipFilter) ([]*graph.Relationship, int, error) {
	page, err := f.Page.Normalize()
	if err != nil {
		return nil, 0, err
	}
	var w where
	if f.NodeID != nil {
		w.add(`(from_id = ? OR to_id = ?)`, *f.NodeID, *f.NodeID)
	}
	if f.From != nil {
		w.add(`from_id = ?`, *f.From)
	}
	if f.To != nil {
		w.add(`to_id = ?`, *f.To)
	}
	if f.Type != nil {
		w.add(`type = ?`, string(*f.Type))
	}
	var (
		out   []*graph.Relationship
		total int
	)
	err = s.inRead(ctx, "find relationships", func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM relationships`+w.String(), w.args...).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+relCols+` FROM relationships`+w.String()+` ORDER BY id LIMIT ? OFFSET ?`,
			append(w.args, page.Limit, page.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanRelationship(rows)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// DeleteRelationship deletes a relationship, or returns ENOTFOUND.
func (s *Store) DeleteRelationship(ctx context.Context, id string) error {
	return s.deleteRecord(ctx, "relationship", `DELETE FROM relationships WHERE id = ?`, id)
}

const conCols = `id, date, employee_id, stakeholder_id, mode, level, note, ` + auditCols

func scanContact(sc interface{ Scan(...any) error }) (*graph.Contact, error) {
	var (
		c           graph.Contact
		date        int64
		mode, level string
		a           audit
	)
	dest := append([]any{&c.ID, &date, &c.EmployeeID, &c.StakeholderID, &mode, &level, &c.Note}, a.dest()...)
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	c.Date, c.Mode, c.Level = fromMillis(date), graph.ContactMode(mode), graph.ContactLevel(level)
	c.Audit = a.audit()
	return &c, nil
}

const upsertContactSQL = `INSERT INTO contacts (` + conCols + `, hash)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET date = excluded.date, employee_id = excluded.employee_id,
	stakeholder_id = excluded.stakeholder_id, mode = excluded.mode, level = excluded.level, note = excluded.note,
	hash = excluded.hash, created_at = excluded.created_at, updated_at = excluded.updated_at,
	created_by = excluded.created_by, updated_by = excluded.updated_by`

// contactArgs returns the values of upsertContactSQL.
func contactArgs(c *graph.Contact) []any {
	return []any{c.ID, millis(c.Date), c.EmployeeID, c.StakeholderID, string(c.Mode), string(c.Level), c.Note,
		millis(c.CreatedAt), millis(c.UpdatedAt), c.CreatedBy, c.UpdatedBy, c.Hash()}
}

// FindContactByID returns the contact with the given id, or ENOTFOUND.
func (s *Store) FindContactByID(ctx context.Context, id string) (*graph.Contact, error) {
	c, err := scanContact(s.db.QueryRowContext(ctx, `SELECT `+conCols+` FROM contacts WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, graph.NotFound("contact", id)
	}
	if err != nil {
		return nil, s.fail(ctx, "find contact", err)
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
	var w where
	if f.IDs != nil {
		ids, _ := json.Marshal(f.IDs)
		w.add(`id IN (SELECT value FROM json_each(?))`, string(ids))
	}
	if f.EmployeeID != nil {
		w.add(`employee_id = ?`, *f.EmployeeID)
	}
	if f.StakeholderID != nil {
		w.add(`stakeholder_id = ?`, *f.StakeholderID)
	}
	if f.Mode != nil {
		w.add(`mode = ?`, string(*f.Mode))
	}
	if f.Since != nil {
		w.add(`date >= ?`, ceilMillis(*f.Since))
	}
	if f.Until != nil {
		w.add(`date < ?`, ceilMillis(*f.Until))
	}
	var (
		out   []*graph.Contact
		total int
	)
	err = s.inRead(ctx, "find contacts", func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM contacts`+w.String(), w.args...).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+conCols+` FROM contacts`+w.String()+` ORDER BY date DESC, id LIMIT ? OFFSET ?`,
			append(w.args, page.Limit, page.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanContact(rows)
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// DeleteContact deletes a logged contact, or returns ENOTFOUND.
func (s *Store) DeleteContact(ctx context.Context, id string) error {
	return s.deleteRecord(ctx, "contact", `DELETE FROM contacts WHERE id = ?`, id)
}

// deleteRecord deletes one record; the change is logged as PartContacts
// naming the contact for a contact, PartSegments for an assessment, else
// PartAll.
func (s *Store) deleteRecord(ctx context.Context, what, query, id string) error {
	part, ids := graph.PartAll, []string(nil)
	switch what {
	case "contact":
		part, ids = graph.PartContacts, []string{id}
	case "assessment":
		part = graph.PartSegments
	}
	return s.inWrite(ctx, "delete "+what, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, query, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return graph.NotFound(what, id)
		}
		return bumpVersionFor(ctx, tx, part, ids)
	})
}
