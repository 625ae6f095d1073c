// Package authtest is the conformance suite of auth.Store: both relmap
// stores run it against a real database (graph/sqlitestore and
// graph/neo4jstore tests).
package authtest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/storetest"
)

// Store is what the suite needs: the token and audit store, and the data
// version, which tokens and audit entries must not move.
type Store interface {
	auth.Store
	Version(ctx context.Context) (int64, error)
}

// Run runs every test on a new empty store from open.
func Run(t *testing.T, open func(t *testing.T) Store) {
	t.Run("Tokens", func(t *testing.T) { testTokens(t, open(t)) })
	t.Run("Audit", func(t *testing.T) { testAudit(t, open(t)) })
	t.Run("ConcurrentAudit", func(t *testing.T) { testConcurrentAudit(t, open(t)) })
}

var day = time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)

func testTokens(t *testing.T, s Store) {
	ctx := context.Background()
	v0, err := s.Version(ctx)
	storetest.Must(t, err)

	anna, annaSecret, err := auth.NewToken("Anna Jansen", auth.Editor, "cli:root", day)
	storetest.Must(t, err)
	anna.Employee = "emp-anna" // her calendar feed: kept and read back
	bot, _, err := auth.NewToken("prometheus", auth.Viewer, "cli:root", day.Add(time.Minute))
	storetest.Must(t, err)
	storetest.Must(t, s.CreateToken(ctx, anna))
	storetest.Must(t, s.CreateToken(ctx, bot))

	// The same token again: its id and hash are taken.
	if err := s.CreateToken(ctx, anna); graph.ErrorCode(err) != graph.ECONFLICT {
		t.Errorf("create the same token twice: %v, want conflict", err)
	}

	got, err := s.FindTokenByHash(ctx, auth.Hash(annaSecret))
	storetest.Must(t, err)
	if d := storetest.Diff(anna, got); d != "" {
		t.Errorf("token by hash: %s", d)
	}
	if _, err := s.FindTokenByHash(ctx, auth.Hash("rm_unknown")); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("unknown hash: %v, want not_found", err)
	}
	list, err := s.FindTokens(ctx)
	storetest.Must(t, err)
	if d := storetest.Diff([]*auth.Token{anna, bot}, list); d != "" {
		t.Errorf("tokens, oldest first: %s", d)
	}

	// Authenticate admits the secret, not its hash or a near miss.
	if tok, err := auth.Authenticate(ctx, s, annaSecret); err != nil || tok.ID != anna.ID {
		t.Errorf("authenticate the secret: %v, %v", tok, err)
	}
	for _, bad := range []string{anna.Hash, annaSecret + "x", annaSecret[:len(annaSecret)-1], ""} {
		if _, err := auth.Authenticate(ctx, s, bad); graph.ErrorCode(err) != graph.EUNAUTHORIZED {
			t.Errorf("authenticate %q: %v, want unauthorized", bad, err)
		}
	}

	// Revoke: the first time counts; the token no longer authenticates.
	revoked := day.Add(time.Hour)
	storetest.Must(t, s.RevokeToken(ctx, anna.ID, revoked))
	storetest.Must(t, s.RevokeToken(ctx, anna.ID, revoked.Add(time.Hour)))
	got, err = s.FindTokenByHash(ctx, anna.Hash)
	storetest.Must(t, err)
	if got.RevokedAt == nil || !got.RevokedAt.Equal(revoked) {
		t.Errorf("revoked at %v, want %v (the first revocation)", got.RevokedAt, revoked)
	}
	if _, err := auth.Authenticate(ctx, s, annaSecret); graph.ErrorCode(err) != graph.EUNAUTHORIZED {
		t.Errorf("authenticate a revoked token: %v, want unauthorized", err)
	}
	if err := s.RevokeToken(ctx, "tok-nosuchtoken", revoked); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("revoke an unknown token: %v, want not_found", err)
	}

	if v, err := s.Version(ctx); err != nil || v != v0 {
		t.Errorf("version %d (%v) after token writes, want %d: tokens are no data", v, err, v0)
	}
}

func testAudit(t *testing.T, s Store) {
	ctx := context.Background()
	v0, err := s.Version(ctx)
	storetest.Must(t, err)
	in := []*auth.AuditEntry{
		{At: day, Actor: "Anna", TokenID: "tok-a", Action: "POST /api/v1/persons", Target: "", Status: 201, Client: "10.0.0.7", RequestID: "r1"},
		{At: day.Add(time.Minute), Actor: "Anna", TokenID: "tok-a", Action: "PATCH /api/v1/persons/:id", Target: "per-jan", Status: 200, Client: "10.0.0.7", RequestID: "r2", Detail: "name"},
		{At: day.Add(2 * time.Minute), Actor: "admin", TokenID: "tok-b", Action: "GET /api/v1/export", Status: 200, Client: "10.0.0.8", RequestID: "r3"},
		{At: day.Add(3 * time.Minute), Actor: "admin", TokenID: "tok-b", Action: "POST /api/v1/persons/:id/erasure", Target: "per-jan", Status: 200, Detail: "erased per-jan with 2 ties"},
	}
	var prev int64
	for i, e := range in {
		storetest.Must(t, s.AppendAudit(ctx, e))
		if e.Seq <= prev {
			t.Fatalf("entry %d: seq %d after %d, want increasing", i, e.Seq, prev)
		}
		prev = e.Seq
	}
	// Newest first: 3, 2, 1, 0.
	all, total, err := s.FindAudit(ctx, auth.AuditFilter{})
	storetest.Must(t, err)
	if d := storetest.Diff([]*auth.AuditEntry{in[3], in[2], in[1], in[0]}, all); d != "" || total != 4 {
		t.Errorf("all entries (total %d, want 4): %s", total, d)
	}
	// Target per-jan: entries 3 and 1.
	es, total, err := s.FindAudit(ctx, auth.AuditFilter{Target: "per-jan"})
	storetest.Must(t, err)
	if d := storetest.Diff([]*auth.AuditEntry{in[3], in[1]}, es); d != "" || total != 2 {
		t.Errorf("target per-jan (total %d, want 2): %s", total, d)
	}
	// Actor Anna since day+1m: entry 1 only.
	es, total, err = s.FindAudit(ctx, auth.AuditFilter{Actor: "Anna", Since: day.Add(time.Minute)})
	storetest.Must(t, err)
	if d := storetest.Diff([]*auth.AuditEntry{in[1]}, es); d != "" || total != 1 {
		t.Errorf("Anna since +1m (total %d, want 1): %s", total, d)
	}
	// Page 2 of 2 per page: entries 1 and 0; the total counts all 4.
	es, total, err = s.FindAudit(ctx, auth.AuditFilter{Page: graph.Page{Offset: 2, Limit: 2}})
	storetest.Must(t, err)
	if d := storetest.Diff([]*auth.AuditEntry{in[1], in[0]}, es); d != "" || total != 4 {
		t.Errorf("second page (total %d, want 4): %s", total, d)
	}
	if _, _, err := s.FindAudit(ctx, auth.AuditFilter{Page: graph.Page{Limit: -1}}); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("negative limit: %v, want invalid", err)
	}
	if v, err := s.Version(ctx); err != nil || v != v0 {
		t.Errorf("version %d (%v) after audit appends, want %d", v, err, v0)
	}
}

// testConcurrentAudit: 8 writers × 5 entries get 40 distinct sequence
// numbers.
func testConcurrentAudit(t *testing.T, s Store) {
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for w := range 8 {
		wg.Go(func() {
			for i := range 5 {
				errs <- s.AppendAudit(ctx, &auth.AuditEntry{At: day, Actor: fmt.Sprintf("w%d", w), Action: "POST /x", Status: 200, Detail: fmt.Sprint(i)})
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		storetest.Must(t, err)
	}
	es, total, err := s.FindAudit(ctx, auth.AuditFilter{Page: graph.Page{Limit: 100}})
	storetest.Must(t, err)
	seen := map[int64]bool{}
	for _, e := range es {
		seen[e.Seq] = true
	}
	if total != 40 || len(seen) != 40 {
		t.Errorf("%d entries with %d distinct seq, want 40 and 40", total, len(seen))
	}
}
