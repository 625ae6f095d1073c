package sqlitestore

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

func openInternal(t *testing.T, opts ...Option) *Store {
	t.Helper()
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "relmap.db"), opts...)
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
// its connection the cache of dsn back: cacheKiB, or WithPageCache's.
func TestBulkReadCache(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []Option
		want int // KiB
	}{
		{"default", nil, cacheKiB},
		{"WithPageCache(2048)", []Option{WithPageCache(2048)}, 2048},
		{"WithPageCache(0) keeps the default", []Option{WithPageCache(0)}, cacheKiB},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openInternal(t, tc.opts...)
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
			if got := size(s.db); got != -tc.want {
				t.Fatalf("cache_size %d before, want %d (dsn)", got, -tc.want)
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
			if got := size(s.db); got != -tc.want {
				t.Errorf("cache_size %d after a bulk read, want %d back", got, -tc.want)
			}
		})
	}
}

// TestImportCache: an import's connection has at least importCacheKiB of
// page cache while it writes, also in a store whose pool gets less
// (relmap serve's 2 MiB), and its own cache and foreign key checks back
// afterwards.
func TestImportCache(t *testing.T) {
	for _, tc := range []struct {
		name         string
		opts         []Option
		pool, during int // KiB
	}{
		{"default", nil, cacheKiB, importCacheKiB},
		{"WithPageCache(2048)", []Option{WithPageCache(2048)}, 2048, importCacheKiB},
		{"WithPageCache(65536)", []Option{WithPageCache(65536)}, 65536, 65536},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openInternal(t, tc.opts...)
			s.db.SetMaxOpenConns(1) // the same connection before, during and after
			pragma := func(q interface {
				QueryRowContext(context.Context, string, ...any) *sql.Row
			}, name string) int {
				var v int
				if err := q.QueryRowContext(t.Context(), `PRAGMA `+name).Scan(&v); err != nil {
					t.Fatal(err)
				}
				return v
			}
			err := s.inWriteOn(t.Context(), "test", true, func(tx *sql.Tx, _ *sql.Conn) error {
				if got := pragma(tx, "cache_size"); got != -tc.during {
					t.Errorf("cache_size %d during an import, want %d", got, -tc.during)
				}
				if got := pragma(tx, "foreign_keys"); got != 0 {
					t.Errorf("foreign_keys %d during an import, want 0", got)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if got := pragma(s.db, "cache_size"); got != -tc.pool {
				t.Errorf("cache_size %d after an import, want %d back", got, -tc.pool)
			}
			if got := pragma(s.db, "foreign_keys"); got != 1 {
				t.Errorf("foreign_keys %d after an import, want 1 back", got)
			}
		})
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
