package sqlitestore_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
	"github.com/relmap/relmap/graph/storetest"
)

// open opens a store on a new database file in a temporary directory.
func open(t testing.TB, path string) *sqlitestore.Store {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "relmap.db")
	}
	s, err := sqlitestore.Open(context.Background(), path, sqlitestore.WithNow(new(storetest.Clock).Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) graph.Store { return open(t, "") })
}

func TestIdentical(t *testing.T) {
	storetest.RunIdentical(t, open(t, ""), open(t, ""), nil)
}

// TestReopen checks that data and version survive closing and reopening the
// file, and that opening again applies no migration twice.
func TestReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "relmap.db")
	s, err := sqlitestore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Upsert(ctx, storetest.Sample(), graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	want, err := graph.ReadNetwork(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	wantPersons, _, err := s.FindPersons(ctx, graph.NodeFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	for i := range 2 {
		s, err := sqlitestore.Open(ctx, path)
		if err != nil {
			t.Fatalf("reopen %d: %v", i, err)
		}
		got, err := graph.ReadNetwork(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != want.Version || len(got.Nodes) != len(want.Nodes) || len(got.Edges) != len(want.Edges) {
			t.Fatalf("reopen %d: version %d, %d nodes, %d edges; want %d, %d, %d", i,
				got.Version, len(got.Nodes), len(got.Edges), want.Version, len(want.Nodes), len(want.Edges))
		}
		for j := range want.Nodes {
			if got.Nodes[j] != want.Nodes[j] {
				t.Fatalf("reopen %d: node %+v, want %+v", i, got.Nodes[j], want.Nodes[j])
			}
		}
		persons, _, err := s.FindPersons(ctx, graph.NodeFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for j := range wantPersons {
			if !reflect.DeepEqual(persons[j], wantPersons[j]) {
				t.Fatalf("reopen %d: person %+v, want %+v", i, persons[j], wantPersons[j])
			}
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}

	db := rawDB(t, path)
	var n, distinct int
	if err := db.QueryRow(`SELECT count(*), count(DISTINCT version) FROM schema_migrations`).Scan(&n, &distinct); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join("migrations", "*.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if n != len(files) || distinct != len(files) {
		t.Fatalf("schema_migrations holds %d rows (%d versions), want one per migration (%d)", n, distinct, len(files))
	}
	var mode string
	if err := db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal mode %q (%v), want wal", mode, err)
	}
}

// TestMigrationEmploymentEnd checks that migration 005 fills the
// employment_end column from the end an employee's JSON already holds: the
// file is taken back to schema 4 (the column dropped, the migration
// forgotten) and opened again.
func TestMigrationEmploymentEnd(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "relmap.db")
	s := open(t, path)
	end := time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
	for _, e := range []*graph.Employee{
		{ID: "emp-left", Name: "Left", Role: graph.RoleStaff, End: end},
		{ID: "emp-stays", Name: "Stays", Role: graph.RoleStaff},
	} {
		if err := s.CreateEmployee(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	db := rawDB(t, path)
	for _, q := range []string{`ALTER TABLE nodes DROP COLUMN employment_end`, `DELETE FROM schema_migrations WHERE version = 5`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	net, err := graph.ReadNetwork(ctx, open(t, path))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]time.Time{}
	for _, n := range net.Nodes {
		got[n.ID] = n.End
	}
	if !got["emp-left"].Equal(end) || !got["emp-stays"].IsZero() {
		t.Fatalf("ends after the migration: %v, want emp-left 2026-03-31 and emp-stays none", got)
	}
}

// TestNewerSchema checks that a file migrated by a newer relmap is refused.
func TestNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "relmap.db")
	open(t, path).Close()
	db := rawDB(t, path)
	if _, err := db.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '999_future.sql', 0)`); err != nil {
		t.Fatal(err)
	}
	if s, err := sqlitestore.Open(context.Background(), path); err == nil {
		s.Close()
		t.Fatal("opened a database with a newer schema")
	}
}

func TestOpenRefusesMemory(t *testing.T) {
	for _, path := range []string{"", ":memory:", "file::memory:"} {
		if s, err := sqlitestore.Open(context.Background(), path); err == nil {
			s.Close()
			t.Errorf("Open(%q) succeeded", path)
		} else if graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("Open(%q): %v, want EINVALID", path, err)
		}
	}
}

// TestOddPath checks a file name with characters that mean something in a
// URI.
func TestOddPath(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "odd ?#%20 name.db")
	s := open(t, path)
	if err := s.CreateEmployee(ctx, &graph.Employee{ID: "emp-1", Name: "Anna", Role: graph.RoleStaff}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no database file at %q: %v", path, err)
	}
	if _, err := open(t, path).FindEmployeeByID(ctx, "emp-1"); err != nil {
		t.Fatalf("reopening %q: %v", path, err)
	}
}

// TestBusy checks that a write blocked by another process's lock gives up
// with EUNAVAILABLE when its context ends.
func TestBusy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "relmap.db")
	s := open(t, path)
	db := rawDB(t, path)
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(context.Background(), `ROLLBACK`)

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = s.CreateEmployee(ctx, &graph.Employee{ID: "emp-1", Name: "Anna", Role: graph.RoleStaff})
	if graph.ErrorCode(err) != graph.EUNAVAILABLE {
		t.Fatalf("write under another writer's lock: %v, want EUNAVAILABLE", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("gave up after %v, want about the context's 200ms", d)
	}
	// Reads go on.
	if _, err := s.Version(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestConcurrentWrites runs writers and readers at once: every write lands,
// the version counts them, and every Network read sees a consistent state.
func TestConcurrentWrites(t *testing.T) {
	ctx := context.Background()
	s := open(t, "")
	if err := s.CreateOrganisation(ctx, &graph.Organisation{ID: "org-1", Name: "Fonds"}); err != nil {
		t.Fatal(err)
	}
	v0, _ := s.Version(ctx)
	const writers, perWriter = 4, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers*perWriter+100)
	for w := range writers {
		wg.Go(func() {
			for i := range perWriter {
				id := fmt.Sprintf("per-%d-%d", w, i)
				b := &graph.Batch{
					Persons:       []*graph.Person{{ID: id, Name: id}},
					Relationships: []*graph.Relationship{{Type: graph.RelWorksAt, From: id, To: "org-1", Strength: 1}},
				}
				if _, err := s.Upsert(ctx, b, graph.UpsertOptions{}); err != nil {
					errs <- err
				}
			}
		})
	}
	stop := make(chan struct{})
	var readers sync.WaitGroup
	for range 2 {
		readers.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				net, err := graph.ReadNetwork(ctx, s)
				if err != nil {
					errs <- err
					return
				}
				// Every person comes with its relationship in one write.
				if len(net.Nodes)-1 != len(net.Edges) || net.Version-v0 != int64(len(net.Edges)) {
					errs <- fmt.Errorf("inconsistent snapshot: version %d, %d nodes, %d edges", net.Version, len(net.Nodes), len(net.Edges))
					return
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	readers.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	v, _ := s.Version(ctx)
	if v-v0 != writers*perWriter {
		t.Fatalf("version moved %d, want %d", v-v0, writers*perWriter)
	}
}

func TestClosed(t *testing.T) {
	s := open(t, "")
	s.Close()
	if _, err := s.Version(context.Background()); err == nil {
		t.Fatal("Version after Close succeeded")
	}
	err := s.CreateEmployee(context.Background(), &graph.Employee{ID: "emp-1", Name: "Anna", Role: graph.RoleStaff})
	if err == nil {
		t.Fatal("write after Close succeeded")
	}
}

// rawDB opens the file behind the store's back.
func rawDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestClosedStoreUnavailable: a store used after Close (a request still
// running at shutdown) answers EUNAVAILABLE, not an internal error.
func TestClosedStoreUnavailable(t *testing.T) {
	s, err := sqlitestore.Open(t.Context(), filepath.Join(t.TempDir(), "relmap.db"))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, _, err := s.FindPersons(t.Context(), graph.NodeFilter{}); graph.ErrorCode(err) != graph.EUNAVAILABLE {
		t.Errorf("FindPersons after Close: %v (code %s), want unavailable", err, graph.ErrorCode(err))
	}
	if err := s.Ping(t.Context()); graph.ErrorCode(err) != graph.EUNAVAILABLE {
		t.Errorf("Ping after Close: %v, want unavailable", err)
	}
}
