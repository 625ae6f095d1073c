package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
)

// Tokens and the audit log (auth.Store) live in their own tables
// (migrations/003_trust.sql); writing them does not move the data version.

var _ auth.Store = (*Store)(nil)

// CreateToken stores t; ECONFLICT if its ID or hash is taken.
func (s *Store) CreateToken(ctx context.Context, t *auth.Token) error {
	if t == nil || t.ID == "" || t.Hash == "" || !t.Role.Valid() {
		return graph.Errorf(graph.EINVALID, "a token needs an id, a hash and a valid role")
	}
	return s.inWrite(ctx, "create token", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO tokens (id, name, role, hash, created_at, created_by, revoked_at, employee_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			t.ID, t.Name, string(t.Role), t.Hash, millis(t.CreatedAt), t.CreatedBy, optTime(t.RevokedAt), t.Employee)
		return err
	})
}

func optTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return millis(*t)
}

const tokenColumns = `id, name, role, hash, created_at, created_by, revoked_at, employee_id`

func scanToken(sc interface{ Scan(...any) error }) (*auth.Token, error) {
	var t auth.Token
	var role string
	var created int64
	var revoked sql.NullInt64
	if err := sc.Scan(&t.ID, &t.Name, &role, &t.Hash, &created, &t.CreatedBy, &revoked, &t.Employee); err != nil {
		return nil, err
	}
	t.Role = auth.Role(role)
	t.CreatedAt = fromMillis(created)
	if revoked.Valid {
		r := fromMillis(revoked.Int64)
		t.RevokedAt = &r
	}
	return &t, nil
}

// FindTokens lists every token, oldest first.
func (s *Store) FindTokens(ctx context.Context) ([]*auth.Token, error) {
	var ts []*auth.Token
	err := s.inRead(ctx, "find tokens", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+tokenColumns+` FROM tokens ORDER BY created_at, id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			t, err := scanToken(rows)
			if err != nil {
				return err
			}
			ts = append(ts, t)
		}
		return rows.Err()
	})
	return ts, err
}

// FindTokenByHash returns the token with hash h, or ENOTFOUND.
func (s *Store) FindTokenByHash(ctx context.Context, h string) (*auth.Token, error) {
	t, err := scanToken(s.db.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM tokens WHERE hash = ?`, h))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, graph.Errorf(graph.ENOTFOUND, "no such token")
	}
	if err != nil {
		return nil, s.fail(ctx, "find token", err)
	}
	return t, nil
}

// RevokeToken marks token id revoked; a revoked token stays revoked at its
// first revocation time.
func (s *Store) RevokeToken(ctx context.Context, id string, at time.Time) error {
	return s.inWrite(ctx, "revoke token", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?`, millis(at), id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = graph.Errorf(graph.ENOTFOUND, "token %q not found", id)
			}
			return err
		}
		return nil
	})
}

// AppendAudit adds e to the audit log and sets e.Seq: a write of e alone
// (see inWrite).
func (s *Store) AppendAudit(ctx context.Context, e *auth.AuditEntry) error {
	e.Seq = 0
	return s.inWrite(auth.WithAudit(ctx, e), "append audit", func(*sql.Tx) error { return nil })
}

// appendAudit inserts e inside tx and returns its seq.
func appendAudit(ctx context.Context, tx *sql.Tx, e *auth.AuditEntry) (int64, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO audit_log (at, actor, token_id, action, target, status, client, request_id, client_request_id, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		millis(e.At), e.Actor, e.TokenID, e.Action, e.Target, e.Status, e.Client, e.RequestID, e.ClientRequestID, e.Detail)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// FindAudit lists audit entries, newest first.
func (s *Store) FindAudit(ctx context.Context, f auth.AuditFilter) ([]*auth.AuditEntry, int, error) {
	var w where
	if f.Actor != "" {
		w.add("actor = ?", f.Actor)
	}
	if f.Action != "" {
		w.add("action = ?", f.Action)
	}
	if f.Target != "" {
		w.add("target = ?", f.Target)
	}
	if !f.Since.IsZero() {
		w.add("at >= ?", millis(f.Since))
	}
	if !f.Until.IsZero() {
		w.add("at < ?", millis(f.Until))
	}
	page, err := f.Page.Normalize()
	if err != nil {
		return nil, 0, err
	}
	var es []*auth.AuditEntry
	var total int
	err = s.inRead(ctx, "find audit", func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM audit_log`+w.String(), w.args...).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT seq, at, actor, token_id, action, target, status, client, request_id, client_request_id, detail FROM audit_log`+
			w.String()+` ORDER BY seq DESC LIMIT ? OFFSET ?`, append(w.args, page.Limit, page.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e auth.AuditEntry
			var at int64
			if err := rows.Scan(&e.Seq, &at, &e.Actor, &e.TokenID, &e.Action, &e.Target, &e.Status, &e.Client, &e.RequestID, &e.ClientRequestID, &e.Detail); err != nil {
				return err
			}
			e.At = fromMillis(at)
			es = append(es, &e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, err
	}
	return es, total, nil
}
