// Package auth holds relmap's access control: API tokens with a role
// (viewer, editor, admin), stored only as a SHA-256 hash of the secret, and
// the audit log of every write, export and erasure. The stores implement
// Store; the HTTP layer authenticates a bearer secret with Authenticate and
// checks the route's role with Role.Allows.
//
// A secret is 32 random bytes (256 bits) in base32 behind the prefix "rm_";
// with that much entropy a fast hash is the right one (a slow password hash
// such as bcrypt protects low-entropy secrets and would only add latency to
// every request). The secret is shown once, at creation, and never stored.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"strings"
	"time"

	"github.com/relmap/relmap/graph"
)

// Role is what a token may do. Each role includes the ones below it.
type Role string

const (
	// Viewer reads the network, the matrix and the analyses.
	Viewer Role = "viewer"
	// Editor also changes data and logs contacts.
	Editor Role = "editor"
	// Admin also imports, exports everything, erases persons, manages
	// tokens and settings, and reads the audit log.
	Admin Role = "admin"
)

// Roles lists the roles from least to most powerful.
var Roles = []Role{Viewer, Editor, Admin}

func (r Role) rank() int {
	for i, x := range Roles {
		if x == r {
			return i + 1
		}
	}
	return 0
}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool { return r.rank() > 0 }

// Allows reports whether a token of role r may use a route that needs role
// need. An unknown role allows nothing.
func (r Role) Allows(need Role) bool { return r.rank() > 0 && r.rank() >= need.rank() }

// ParseRole returns the role named s, or an EINVALID error.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if !r.Valid() {
		return "", graph.Errorf(graph.EINVALID, "role %q: want viewer, editor or admin", s)
	}
	return r, nil
}

// Token is a stored API token. The secret itself is never stored: Hash is
// its SHA-256.
type Token struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Role Role   `json:"role"`
	// Employee is the employee the token belongs to, when it was made for
	// one (relmap token create -employee): it reads that employee's
	// calendar feed. Empty for a token of a person or program that is not
	// one of our employees.
	Employee  string     `json:"employee,omitempty"`
	Hash      string     `json:"-"`
	CreatedAt time.Time  `json:"created_at"`
	CreatedBy string     `json:"created_by"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

// Active reports whether the token has not been revoked.
func (t *Token) Active() bool { return t.RevokedAt == nil }

// SecretPrefix starts every secret, so that a leaked one is recognisable
// (secret scanners) and a pasted password is told apart.
const SecretPrefix = "rm_"

// NewToken makes a token of role for name and returns it with its secret,
// which the caller shows once. The token's ID is the first 12 characters of
// the hash: enough to name it in "token revoke", useless for guessing.
func NewToken(name string, role Role, createdBy string, now time.Time) (*Token, string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, "", graph.Errorf(graph.EINVALID, "a token needs a name (who or what uses it)")
	}
	if len(name) > 200 {
		return nil, "", graph.Errorf(graph.EINVALID, "token name: longer than 200 characters")
	}
	if !role.Valid() {
		return nil, "", graph.Errorf(graph.EINVALID, "role %q: want viewer, editor or admin", role)
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, "", err
	}
	secret := SecretPrefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
	h := Hash(secret)
	return &Token{ID: "tok-" + h[:12], Name: name, Role: role, Hash: h, CreatedAt: now.UTC(), CreatedBy: createdBy}, secret, nil
}

// Hash is the stored form of a secret: hex SHA-256.
func Hash(secret string) string {
	s := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(s[:])
}

// Store keeps tokens and the audit log. Both relmap stores implement it.
type Store interface {
	// CreateToken stores t; EEXISTS if its ID is taken.
	CreateToken(ctx context.Context, t *Token) error
	// FindTokens lists every token, revoked ones included, oldest first.
	FindTokens(ctx context.Context) ([]*Token, error)
	// FindTokenByHash returns the token with hash h, revoked or not, or
	// ENOTFOUND.
	FindTokenByHash(ctx context.Context, h string) (*Token, error)
	// RevokeToken marks token id revoked at at; ENOTFOUND if there is none.
	// Revoking a revoked token changes nothing.
	RevokeToken(ctx context.Context, id string, at time.Time) error
	// AppendAudit adds e to the audit log; the store assigns e.Seq.
	//
	// Every write of the store (of records, segmentation, privacy,
	// tokens) whose context carries a pending entry (WithAudit) appends
	// that entry in the write's own transaction, before it commits, and
	// sets its Seq once the write committed: a write and the entry that
	// describes it are stored together or not at all, and a failed append
	// fails the write. Only the first write of a context appends its
	// entry. AppendAudit itself is such a write, of nothing but e.
	AppendAudit(ctx context.Context, e *AuditEntry) error
	// FindAudit lists audit entries, newest first, and their total count.
	FindAudit(ctx context.Context, f AuditFilter) ([]*AuditEntry, int, error)
}

// Authenticate returns the active token whose secret is secret, or an
// EUNAUTHORIZED error that says nothing about which part was wrong.
func Authenticate(ctx context.Context, s Store, secret string) (*Token, error) {
	if !strings.HasPrefix(secret, SecretPrefix) || len(secret) > 200 {
		return nil, graph.Errorf(graph.EUNAUTHORIZED, "invalid or revoked token")
	}
	t, err := s.FindTokenByHash(ctx, Hash(secret))
	if graph.ErrorCode(err) == graph.ENOTFOUND || (err == nil && !t.Active()) {
		return nil, graph.Errorf(graph.EUNAUTHORIZED, "invalid or revoked token")
	}
	if err != nil {
		return nil, err
	}
	return t, nil
}

// AuditEntry is one line of the audit log: who did what, when, from where,
// and how it ended.
type AuditEntry struct {
	// Seq orders the log; assigned by the store.
	Seq int64     `json:"seq"`
	At  time.Time `json:"at"`
	// Actor names who acted: a token's name, or "cli:<user>" for the
	// command line.
	Actor string `json:"actor"`
	// TokenID is the token used, for API actions.
	TokenID string `json:"token_id,omitempty"`
	// Action is what was done: an HTTP method and route ("POST
	// /api/v1/import") or a CLI verb ("cli import").
	Action string `json:"action"`
	// Target is the record acted on, when there is one.
	Target string `json:"target,omitempty"`
	// Status is the HTTP status (or 0/1 for CLI success/failure).
	Status int `json:"status"`
	// Client is the remote address (the proxy-resolved client IP).
	Client string `json:"client,omitempty"`
	// RequestID ties the entry to the access log: relmap's own id of the
	// request, never one a client chose.
	RequestID string `json:"request_id,omitempty"`
	// ClientRequestID is the X-Request-ID the client sent, if any (at most
	// 64 printable ASCII characters), kept apart from RequestID.
	ClientRequestID string `json:"client_request_id,omitempty"`
	// Detail is a short summary (counts of an import, the erased person).
	Detail string `json:"detail,omitempty"`
}

// Pseudonymise replaces the id of an erased person in the fields of e that
// may carry it — Target, Detail, ClientRequestID — by its pseudonym
// (graph.Pseudonymise), and reports whether it changed e. Stores call it on
// every entry that mentions the id, in the erasure's transaction.
func (e *AuditEntry) Pseudonymise(id string) bool {
	changed := false
	for _, f := range []*string{&e.Target, &e.Detail, &e.ClientRequestID} {
		var c bool
		*f, c = graph.Pseudonymise(*f, id)
		changed = changed || c
	}
	return changed
}

type pendingKey struct{}

// WithAudit returns a context that carries e as the pending audit entry of
// the write it is passed to. A store that keeps the audit log appends e in
// the transaction of its first write under this context and then sets
// e.Seq (see Store.AppendAudit). Fill in e, and its Status as the outcome
// on success, before the write; when e.Seq is still 0 afterwards, nothing
// committed it (the write failed, was a dry run or wrote nothing), and the
// caller appends e with the real outcome. A nil e removes the pending
// entry of ctx.
func WithAudit(ctx context.Context, e *AuditEntry) context.Context {
	return context.WithValue(ctx, pendingKey{}, e)
}

// PendingAudit returns the pending audit entry of ctx that no write has
// stored yet (Seq 0), or nil. Stores call it in their write transactions.
func PendingAudit(ctx context.Context) *AuditEntry {
	if e, _ := ctx.Value(pendingKey{}).(*AuditEntry); e != nil && e.Seq == 0 {
		return e
	}
	return nil
}

// SetPendingDetail sets the Detail of the pending audit entry of ctx, if
// there is one. A store calls it inside a write whose summary only the
// write knows (a delete, a hand-over, an erasure), so that the entry
// stored with the write says it.
func SetPendingDetail(ctx context.Context, detail string) {
	if e := PendingAudit(ctx); e != nil {
		e.Detail = detail
	}
}

// AuditFilter selects audit entries.
type AuditFilter struct {
	// Actor, Action and Target match exactly when not empty.
	Actor, Action, Target string
	// Since and Until bound At (inclusive, exclusive) when not zero.
	Since, Until time.Time
	graph.Page
}
