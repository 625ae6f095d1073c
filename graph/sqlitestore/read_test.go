package sqlitestore

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

func openInternal(t *testing.T) *Store {
	t.Helper()
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "relmap.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestObjectingUsesItsIndex: the objecting persons are read from the
// partial index made for them, not by decoding every person's JSON.
func TestObjectingUsesItsIndex(t *testing.T) {
	s := openInternal(t)
	rows, err := s.db.QueryContext(t.Context(), `EXPLAIN QUERY PLAN `+objectingQuery)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if p := strings.Join(plan, "; "); !strings.Contains(p, "USING INDEX nodes_objecting") {
		t.Errorf("plan %q, want the partial index nodes_objecting", p)
	}
}

// TestBulkReadCache: a bulk read runs with a small page cache and gives
// its connection the cache of dsn back.
func TestBulkReadCache(t *testing.T) {
	s := openInternal(t)
	s.db.SetMaxOpenConns(1) // the same connection before, during and after
	size := func(q interface {
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}) int {
		var kib int
		if err := q.QueryRowContext(t.Context(), `PRAGMA cache_size`).Scan(&kib); err != nil {
			t.Fatal(err)
		}
		return kib
	}
	if got := size(s.db); got != -cacheKiB {
		t.Fatalf("cache_size %d before, want %d (dsn)", got, -cacheKiB)
	}
	err := s.inBulkRead(t.Context(), "test", func(tx *sql.Tx) error {
		if got := size(tx); got != -bulkCacheKiB {
			t.Errorf("cache_size %d during a bulk read, want %d", got, -bulkCacheKiB)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := size(s.db); got != -cacheKiB {
		t.Errorf("cache_size %d after a bulk read, want %d back", got, -cacheKiB)
	}
}

// TestScoresReadTheIndexOnly: the scores of every assessment are read
// from the covering index (migration 009), never from the table.
func TestScoresReadTheIndexOnly(t *testing.T) {
	s := openInternal(t)
	rows, err := s.db.QueryContext(t.Context(), `EXPLAIN QUERY PLAN `+scoresQuery)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if p := strings.Join(plan, "; "); !strings.Contains(p, "COVERING INDEX assessments_stakeholder") {
		t.Errorf("plan %q, want the covering index assessments_stakeholder", p)
	}
}
