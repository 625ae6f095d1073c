package neo4jstore

import (
	"context"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/queries"
)

// Tokens and the audit log (auth.Store):
//
//	(:Token {id, name, role, hash, created_at, created_by, revoked_at})
//	(:AuditEntry {seq, at, actor, token_id, action, target, status, client, request_id, client_request_id, detail})
//	(:Meta {id: "audit", seq})   the audit counter
//
// Neither carries the :Node label, so the network never sees them, and
// writing them neither takes relmap's write lock nor moves the data
// version: a token or an audit entry does not change the network, and an
// audit append of a request that wrote nothing (a refusal, an export) must
// not wait behind a long import. The entry of a write is appended in the
// write's own transaction (inTx), under the write lock the write holds.

var _ auth.Store = (*Store)(nil)

// CreateToken stores t; ECONFLICT if its ID or hash is taken.
func (s *Store) CreateToken(ctx context.Context, t *auth.Token) error {
	if t == nil || t.ID == "" || t.Hash == "" || !t.Role.Valid() {
		return graph.Errorf(graph.EINVALID, "a token needs an id, a hash and a valid role")
	}
	var revoked any
	if t.RevokedAt != nil {
		revoked = dateTime(*t.RevokedAt)
	}
	_, err := inTx(ctx, s, "create token", neo4j.AccessModeWrite, s.timeout,
		func(ctx context.Context, tx neo4j.ManagedTransaction) (string, error) {
			return single[string](ctx, tx, queries.CreateToken, map[string]any{
				"id": t.ID, "name": t.Name, "role": string(t.Role), "hash": t.Hash,
				"created_at": dateTime(t.CreatedAt), "created_by": t.CreatedBy, "revoked_at": revoked, "employee_id": t.Employee,
			}, "id")
		})
	return err
}

func tokenOf(m map[string]any) (*auth.Token, error) {
	p := &props{what: "token", m: m}
	t := &auth.Token{
		ID: p.str("id"), Name: p.str("name"), Role: auth.Role(p.str("role")), Hash: p.str("hash"),
		CreatedAt: p.time("created_at"), CreatedBy: p.str("created_by"), Employee: p.str("employee_id"),
	}
	if r := p.time("revoked_at"); !r.IsZero() {
		t.RevokedAt = &r
	}
	return t, p.err
}

// FindTokens lists every token, oldest first.
func (s *Store) FindTokens(ctx context.Context) ([]*auth.Token, error) {
	return inTx(ctx, s, "find tokens", neo4j.AccessModeRead, s.timeout,
		func(ctx context.Context, tx neo4j.ManagedTransaction) ([]*auth.Token, error) {
			var ts []*auth.Token
			err := each(ctx, tx, queries.FindTokens, nil, func(r *neo4j.Record) error {
				m, _, err := neo4j.GetRecordValue[map[string]any](r, "token")
				if err != nil {
					return err
				}
				t, err := tokenOf(m)
				ts = append(ts, t)
				return err
			})
			return ts, err
		})
}

// FindTokenByHash returns the token with hash h, or ENOTFOUND.
func (s *Store) FindTokenByHash(ctx context.Context, h string) (*auth.Token, error) {
	t, err := inTx(ctx, s, "find token", neo4j.AccessModeRead, s.timeout,
		func(ctx context.Context, tx neo4j.ManagedTransaction) (*auth.Token, error) {
			var t *auth.Token
			err := each(ctx, tx, queries.FindTokenByHash, map[string]any{"hash": h}, func(r *neo4j.Record) error {
				m, _, err := neo4j.GetRecordValue[map[string]any](r, "token")
				if err != nil {
					return err
				}
				t, err = tokenOf(m)
				return err
			})
			return t, err
		})
	if err != nil {
		return nil, err
	}
	if t == nil {
		return nil, graph.Errorf(graph.ENOTFOUND, "no such token")
	}
	return t, nil
}

// RevokeToken marks token id revoked, keeping the first revocation time.
func (s *Store) RevokeToken(ctx context.Context, id string, at time.Time) error {
	found, err := inTx(ctx, s, "revoke token", neo4j.AccessModeWrite, s.timeout,
		func(ctx context.Context, tx neo4j.ManagedTransaction) (bool, error) {
			n := 0
			err := each(ctx, tx, queries.RevokeToken, map[string]any{"id": id, "at": dateTime(at)}, func(*neo4j.Record) error {
				n++
				return nil
			})
			return n > 0, err
		})
	if err != nil {
		return err
	}
	if !found {
		return graph.Errorf(graph.ENOTFOUND, "token %q not found", id)
	}
	return nil
}

// AppendAudit adds e to the audit log and sets e.Seq: a write of e alone
// (see inSession).
func (s *Store) AppendAudit(ctx context.Context, e *auth.AuditEntry) error {
	e.Seq = 0
	_, err := inTx(auth.WithAudit(ctx, e), s, "append audit", neo4j.AccessModeWrite, s.timeout,
		func(context.Context, neo4j.ManagedTransaction) (struct{}, error) { return struct{}{}, nil })
	return err
}

// appendAudit creates e inside tx and returns its seq.
func appendAudit(ctx context.Context, tx neo4j.ManagedTransaction, e *auth.AuditEntry) (int64, error) {
	return single[int64](ctx, tx, queries.AppendAudit, map[string]any{
		"at": dateTime(e.At), "actor": e.Actor, "token_id": e.TokenID, "action": e.Action,
		"target": e.Target, "status": int64(e.Status), "client": e.Client,
		"request_id": e.RequestID, "client_request_id": e.ClientRequestID, "detail": e.Detail,
	}, "seq")
}

// FindAudit lists audit entries, newest first, and their total count.
func (s *Store) FindAudit(ctx context.Context, f auth.AuditFilter) ([]*auth.AuditEntry, int, error) {
	page, err := f.Page.Normalize()
	if err != nil {
		return nil, 0, err
	}
	opt := func(v string) any {
		if v == "" {
			return nil
		}
		return v
	}
	params := map[string]any{
		"actor": opt(f.Actor), "action": opt(f.Action), "target": opt(f.Target),
		"since": dateTime(f.Since), "until": dateTime(f.Until),
		"offset": int64(page.Offset), "limit": int64(page.Limit),
	}
	type result struct {
		es    []*auth.AuditEntry
		total int64
	}
	r, err := inTx(ctx, s, "find audit", neo4j.AccessModeRead, s.timeout,
		func(ctx context.Context, tx neo4j.ManagedTransaction) (result, error) {
			var r result
			var err error
			if r.total, err = single[int64](ctx, tx, queries.CountAudit, params, "n"); err != nil {
				return r, err
			}
			err = each(ctx, tx, queries.FindAudit, params, func(rec *neo4j.Record) error {
				m, _, err := neo4j.GetRecordValue[map[string]any](rec, "entry")
				if err != nil {
					return err
				}
				p := &props{what: "audit entry", m: m}
				r.es = append(r.es, &auth.AuditEntry{
					Seq: get[int64](p, "seq"), At: p.time("at"), Actor: p.str("actor"), TokenID: p.str("token_id"),
					Action: p.str("action"), Target: p.str("target"), Status: int(get[int64](p, "status")),
					Client: p.str("client"), RequestID: p.str("request_id"), ClientRequestID: p.str("client_request_id"),
					Detail: p.str("detail"),
				})
				return p.err
			})
			return r, err
		})
	if err != nil {
		return nil, 0, err
	}
	return r.es, int(r.total), nil
}
