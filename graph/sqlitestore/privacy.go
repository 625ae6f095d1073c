package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// The privacy of persons (graph.PrivacyStore): the suppression list is the
// suppressions table (migrations/004_privacy.sql), the retention setting a
// document in the settings table, objections fields of the nodes' JSON
// data. The employment rules (graph.EmploymentLookup) read the employees'
// start from their JSON data and their end from its column.

var (
	_ graph.PrivacyStore[*segment.Assessment] = (*Store)(nil)
	_ graph.SuppressionLookup                 = lookup{}
	_ graph.EmploymentLookup                  = lookup{}
)

// retentionKey is the settings key of the retention (a graph.Retention).
const retentionKey = "retention"

// erasureFault, when set (by tests only), is called after each step of an
// erasure inside its transaction; an error it returns fails the erasure
// there, so that a test can check that nothing of it remains.
var erasureFault func(step string) error

func fault(step string) error {
	if erasureFault == nil {
		return nil
	}
	return erasureFault(step)
}

// Suppressed implements graph.SuppressionLookup inside a transaction.
func (l lookup) Suppressed(ctx context.Context, hashes []string) (map[string]time.Time, error) {
	out := map[string]time.Time{}
	err := l.each(ctx, `SELECT hash, erased_at FROM suppressions WHERE hash IN `, hashes, func(rows *sql.Rows) error {
		var h string
		var at int64
		if err := rows.Scan(&h, &at); err != nil {
			return err
		}
		out[h] = fromMillis(at)
		return nil
	})
	return out, err
}

// Employments implements graph.EmploymentLookup inside a transaction: the
// start from the JSON data, the end from its column.
func (l lookup) Employments(ctx context.Context, ids []string) (map[string]graph.Employment, error) {
	out := map[string]graph.Employment{}
	err := l.each(ctx, `SELECT id, json_extract(data, '$.start'), employment_end FROM nodes
		WHERE kind = 'employee' AND (json_extract(data, '$.start') IS NOT NULL OR employment_end IS NOT NULL) AND id IN `, ids, func(rows *sql.Rows) error {
		var (
			id    string
			start sql.NullString
			end   sql.NullInt64
			e     graph.Employment
		)
		if err := rows.Scan(&id, &start, &end); err != nil {
			return err
		}
		if start.Valid {
			t, err := time.Parse(time.RFC3339Nano, start.String)
			if err != nil {
				return err
			}
			e.Start = t.UTC()
		}
		if end.Valid {
			e.End = fromMillis(end.Int64)
		}
		out[id] = e
		return nil
	})
	return out, err
}

// ContactSpans implements graph.EmploymentLookup inside a transaction: the
// first and last contact of each of the employees ids that has one (the
// contacts_employee index orders them).
func (l lookup) ContactSpans(ctx context.Context, ids []string) (map[string]graph.ContactSpan, error) {
	out := map[string]graph.ContactSpan{}
	err := l.each(ctx, `SELECT n.id,
			(SELECT min(date) FROM contacts WHERE employee_id = n.id), (SELECT max(date) FROM contacts WHERE employee_id = n.id)
		FROM nodes n WHERE n.kind = 'employee' AND EXISTS (SELECT 1 FROM contacts WHERE employee_id = n.id) AND n.id IN `, ids, func(rows *sql.Rows) error {
		var id string
		var first, last int64
		if err := rows.Scan(&id, &first, &last); err != nil {
			return err
		}
		out[id] = graph.ContactSpan{First: fromMillis(first), Last: fromMillis(last)}
		return nil
	})
	return out, err
}

// each runs query, which ends in "IN ", for keys in chunks of maxVars and
// calls scan on every row. The statement for a whole chunk is prepared
// once. No keys, no statement.
func (l lookup) each(ctx context.Context, query string, keys []string, scan func(*sql.Rows) error) error {
	if len(keys) == 0 {
		return nil
	}
	tx, err := l.sql()
	if err != nil {
		return err
	}
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	for len(keys) > 0 {
		chunk := keys[:min(len(keys), maxVars)]
		keys = keys[len(chunk):]
		args := make([]any, len(chunk))
		for i, k := range chunk {
			args[i] = k
		}
		q := query + "(?" + strings.Repeat(", ?", len(chunk)-1) + ")"
		var rows *sql.Rows
		if len(chunk) == maxVars {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, q); err != nil {
					return err
				}
			}
			rows, err = full.QueryContext(ctx, args...)
		} else {
			rows, err = tx.QueryContext(ctx, q, args...)
		}
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := scan(rows); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// ExportPerson returns everything stored about the person id, read in one
// read transaction: the record, the relationships at either end (by id),
// the contacts logged with them (newest first), their assessments (by
// criterion, date) and the other nodes by id, kind and name.
func (s *Store) ExportPerson(ctx context.Context, id string) (*graph.PersonExport[*segment.Assessment], error) {
	x := &graph.PersonExport[*segment.Assessment]{
		Format: graph.PersonExportFormat, ExportedAt: s.now().UTC().Truncate(time.Millisecond),
		Relationships: []*graph.Relationship{}, Contacts: []*graph.Contact{},
		Assessments: []*segment.Assessment{}, Intros: []*graph.IntroRequest{}, Plans: []*graph.Plan{}, Actions: []*graph.Action{},
		Others: []graph.NodeRef{},
	}
	err := s.inRead(ctx, "export person", func(tx *sql.Tx) error {
		p, err := scanNode(persons, tx.QueryRowContext(ctx, `SELECT `+nodeCols+` FROM nodes WHERE id = ? AND kind = 'person'`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return graph.NotFound("person", id)
		}
		if err != nil {
			return err
		}
		x.Person = p
		if err := scanAll(ctx, tx, &x.Relationships, scanRelationship,
			`SELECT `+relCols+` FROM relationships WHERE from_id = ? OR to_id = ? ORDER BY id`, id, id); err != nil {
			return err
		}
		if err := scanAll(ctx, tx, &x.Contacts, scanContact,
			`SELECT `+conCols+` FROM contacts WHERE stakeholder_id = ? ORDER BY date DESC, id`, id); err != nil {
			return err
		}
		if err := scanAll(ctx, tx, &x.Assessments, scanAssessment,
			`SELECT `+assessmentCols+` FROM assessments WHERE stakeholder_id = ? ORDER BY criterion_id, date, id`, id); err != nil {
			return err
		}
		intros, err := listJSON[graph.IntroRequest](ctx, tx, `SELECT data FROM intro_requests WHERE instr(data, ?) > 0`, id)
		if err != nil {
			return err
		}
		x.AddIntros(intros)
		plans, err := listJSON[graph.Plan](ctx, tx, `SELECT data FROM plans WHERE instr(data, ?) > 0`, id)
		if err != nil {
			return err
		}
		actions, err := listJSON[graph.Action](ctx, tx, `SELECT data FROM actions WHERE instr(data, ?) > 0`, id)
		if err != nil {
			return err
		}
		x.AddPlans(plans, actions)
		return lookup{tx: tx}.each(ctx, `SELECT id, kind, name FROM nodes WHERE id IN `, x.OtherIDs(), func(rows *sql.Rows) error {
			var r graph.NodeRef
			var kind string
			if err := rows.Scan(&r.ID, &kind, &r.Name); err != nil {
				return err
			}
			r.Kind = graph.Kind(kind)
			x.Others = append(x.Others, r)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	x.SortOthers()
	return x, nil
}

// scanAll appends every row of query to out.
func scanAll[T any](ctx context.Context, tx *sql.Tx, out *[]*T, scan func(interface{ Scan(...any) error }) (*T, error), query string, args ...any) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		x, err := scan(rows)
		if err != nil {
			return err
		}
		*out = append(*out, x)
	}
	return rows.Err()
}

// ErasePerson deletes the person id with their relationships, contacts and
// assessments (the foreign keys cascade) and puts the digests of their
// identifiers on the suppression list, in one write transaction that also
// moves the version. A digest already on the list keeps its first day. In
// the same transaction the person's id is replaced by its pseudonym in the
// audit log (graph.ErasedPseudonym), and the pending audit entry of ctx
// gets the pseudonym and the erasure's summary. Deleted content is zeroed
// (secure_delete, see dsn) and the write-ahead log is checkpointed and
// truncated after the commit, so that the person's data does not stay in
// the database's files.
func (s *Store) ErasePerson(ctx context.Context, id string) (*graph.Erasure, error) {
	now := s.now().UTC().Truncate(time.Millisecond)
	e := &graph.Erasure{ID: id, ErasedAt: now}
	err := s.inWrite(ctx, "erase person", func(tx *sql.Tx) error {
		p, err := scanNode(persons, tx.QueryRowContext(ctx, `SELECT `+nodeCols+` FROM nodes WHERE id = ? AND kind = 'person'`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return graph.NotFound("person", id)
		}
		if err != nil {
			return err
		}
		for _, c := range []struct {
			n     *int
			query string
		}{
			{&e.Relationships, `SELECT count(*) FROM relationships WHERE from_id = ?1 OR to_id = ?1`},
			{&e.Contacts, `SELECT count(*) FROM contacts WHERE stakeholder_id = ?1`},
			{&e.Assessments, `SELECT count(*) FROM assessments WHERE stakeholder_id = ?1`},
		} {
			if err := tx.QueryRowContext(ctx, c.query, id).Scan(c.n); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM nodes WHERE id = ?`, id); err != nil {
			return err
		}
		if err := fault("delete"); err != nil {
			return err
		}
		for _, k := range graph.SuppressionKeys(p) {
			if _, err := tx.ExecContext(ctx, `INSERT INTO suppressions (hash, erased_at) VALUES (?, ?)
				ON CONFLICT (hash) DO NOTHING`, k.Hash, millis(now)); err != nil {
				return err
			}
			e.Suppressed++
		}
		if err := fault("suppress"); err != nil {
			return err
		}
		if err := pseudonymiseAudit(ctx, tx, id); err != nil {
			return err
		}
		if err := pseudonymisePlans(ctx, tx, id); err != nil {
			return err
		}
		if err := pseudonymiseMentions(ctx, tx, id); err != nil {
			return err
		}
		if a := auth.PendingAudit(ctx); a != nil {
			a.Pseudonymise(id)
			a.Detail = e.Summary()
		}
		return bumpVersion(ctx, tx)
	})
	if err != nil {
		return nil, err
	}
	// The write-ahead log still holds the pages as they were before the
	// erasure: copy it into the file (where secure_delete has zeroed what
	// was deleted) and truncate it. This waits for readers up to the busy
	// timeout; when one holds on longer, the log is left for a later
	// checkpoint (SQLite's automatic ones, or the next erasure).
	_, _ = s.db.ExecContext(context.WithoutCancel(ctx), `PRAGMA wal_checkpoint(TRUNCATE)`)
	return e, nil
}

// pseudonymiseMentions replaces the id of the erased person where other
// records still mention it, inside the erasure's transaction: the paths
// and notes of introduction requests between others
// (graph.IntroRequest.Pseudonymise), and the change log (its segment
// changes name stakeholders).
func pseudonymiseMentions(ctx context.Context, tx *sql.Tx, id string) error {
	type row struct{ key, text string }
	read := func(query string) ([]row, error) {
		rows, err := tx.QueryContext(ctx, query, id)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.key, &r.text); err != nil {
				return nil, err
			}
			out = append(out, r)
		}
		return out, rows.Err()
	}
	intros, err := read(`SELECT id, data FROM intro_requests WHERE instr(data, ?) > 0`)
	if err != nil {
		return err
	}
	for _, x := range intros {
		r, err := decodeJSON[graph.IntroRequest](x.text)
		if err != nil {
			return err
		}
		if !r.Pseudonymise(id) {
			continue
		}
		data, err := json.Marshal(r)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE intro_requests SET data = ? WHERE id = ?`, string(data), x.key); err != nil {
			return err
		}
	}
	changes, err := read(`SELECT version, change FROM changes WHERE instr(change, ?) > 0`)
	if err != nil {
		return err
	}
	for _, x := range changes {
		if c, ok := graph.Pseudonymise(x.text, id); ok {
			if _, err := tx.ExecContext(ctx, `UPDATE changes SET change = ? WHERE version = ?`, c, x.key); err != nil {
				return err
			}
		}
	}
	return nil
}

// pseudonymiseAudit replaces the id of the erased person in the audit log
// by its pseudonym (auth.AuditEntry.Pseudonymise), inside the erasure's
// transaction.
func pseudonymiseAudit(ctx context.Context, tx *sql.Tx, id string) error {
	var es []*auth.AuditEntry
	rows, err := tx.QueryContext(ctx, `SELECT seq, target, detail, client_request_id FROM audit_log
		WHERE instr(target, ?1) > 0 OR instr(detail, ?1) > 0 OR instr(client_request_id, ?1) > 0`, id)
	if err != nil {
		return err
	}
	for rows.Next() {
		var e auth.AuditEntry
		if err := rows.Scan(&e.Seq, &e.Target, &e.Detail, &e.ClientRequestID); err != nil {
			rows.Close()
			return err
		}
		es = append(es, &e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, e := range es {
		if !e.Pseudonymise(id) {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE audit_log SET target = ?, detail = ?, client_request_id = ? WHERE seq = ?`,
			e.Target, e.Detail, e.ClientRequestID, e.Seq); err != nil {
			return err
		}
	}
	return nil
}

// Suppressions returns the suppression list, by digest.
func (s *Store) Suppressions(ctx context.Context) ([]graph.Suppression, error) {
	out := []graph.Suppression{}
	err := s.inRead(ctx, "suppressions", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT hash, erased_at FROM suppressions ORDER BY hash`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var x graph.Suppression
			var at int64
			if err := rows.Scan(&x.Hash, &at); err != nil {
				return err
			}
			x.ErasedAt = fromMillis(at)
			out = append(out, x)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Retention returns the stored retention; zero Days (keep notes) when none
// was saved.
func (s *Store) Retention(ctx context.Context) (graph.Retention, error) {
	var r graph.Retention
	err := s.inRead(ctx, "retention", func(tx *sql.Tx) error {
		_, err := setting(ctx, tx, retentionKey, &r)
		return err
	})
	return r, err
}

// SaveRetention validates r and stores it.
func (s *Store) SaveRetention(ctx context.Context, r graph.Retention) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return s.saveSetting(ctx, "save retention", retentionKey, r)
}

// ApplyRetention clears the notes of the contacts dated before the
// retention's cutoff at the store's clock, in one write transaction, and
// moves the version when it cleared any.
func (s *Store) ApplyRetention(ctx context.Context) (int, error) {
	now := s.now()
	n := 0
	err := s.inWrite(ctx, "apply retention", func(tx *sql.Tx) error {
		var r graph.Retention
		if _, err := setting(ctx, tx, retentionKey, &r); err != nil {
			return err
		}
		cutoff := r.Cutoff(now)
		if cutoff.IsZero() {
			return nil
		}
		var old []*graph.Contact
		if err := scanAll(ctx, tx, &old, scanContact,
			`SELECT `+conCols+` FROM contacts WHERE date < ? AND note != '' ORDER BY id`, millis(cutoff)); err != nil {
			return err
		}
		if len(old) == 0 {
			return nil
		}
		cleared := make([]*graph.Contact, len(old))
		for i, c := range old {
			cleared[i] = graph.ClearNote(c, now, graph.RetentionActor)
		}
		if err := execEach(ctx, tx, nil, upsertContactSQL, cleared, contactArgs); err != nil {
			return err
		}
		n = len(cleared)
		return bumpVersion(ctx, tx)
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// objectingQuery reads the partial index of migration 004, named, because
// SQLite's planner prefers nodes_kind_name and then decodes every person's
// JSON (0.3 s at 100k persons, against microseconds).
const objectingQuery = `SELECT id FROM nodes INDEXED BY nodes_objecting WHERE kind = 'person' AND json_extract(data, '$.objects') = 1 ORDER BY id`

// Objecting returns the ids of the persons who object and the version they
// were read at, in one read transaction.
func (s *Store) Objecting(ctx context.Context) ([]string, int64, error) {
	var (
		ids []string
		v   int64
	)
	err := s.inRead(ctx, "objecting persons", func(tx *sql.Tx) error {
		var err error
		if v, err = version(ctx, tx); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, objectingQuery)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, err
	}
	return ids, v, nil
}
