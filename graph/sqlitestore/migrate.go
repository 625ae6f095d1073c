package sqlitestore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"
)

// migrationFiles holds the schema, one migrations/NNN_name.sql file per
// step; NNN orders them.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations in order. A badly named file is
// a bug of ours, caught by every test, so it panics.
func migrations() []migration {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		panic("sqlitestore: " + err.Error())
	}
	var ms []migration
	for _, e := range entries { // sorted by name
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 || (len(ms) > 0 && v <= ms[len(ms)-1].version) {
			panic(fmt.Sprintf("sqlitestore: migration %q is not named NNN_name.sql in order", e.Name()))
		}
		b, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			panic("sqlitestore: " + err.Error())
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	return ms
}

// migrate applies the migrations the database has not seen, each in its own
// write transaction together with its schema_migrations row, so that a
// failed step leaves the database at the previous one and two processes
// opening a new file at once apply each step once.
func (s *Store) migrate(ctx context.Context) error {
	err := s.inWrite(ctx, "migrate", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    INTEGER PRIMARY KEY,
			name       TEXT NOT NULL,
			applied_at INTEGER NOT NULL
		) STRICT`)
		return err
	})
	if err != nil {
		return err
	}
	ms := migrations()
	for _, m := range ms {
		err := s.inWrite(ctx, "migrate "+m.name, func(tx *sql.Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&n); err != nil || n > 0 {
				return err
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				m.version, m.name, millis(time.Now())) // wall time: not data, and keeps a test clock untouched
			return err
		})
		if err != nil {
			return err
		}
	}
	var latest sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&latest); err != nil {
		return s.fail(ctx, "migrate", err)
	}
	if known := ms[len(ms)-1].version; latest.Int64 > int64(known) {
		return fmt.Errorf("migrate: the database schema is at version %d, newer than this relmap knows (%d)", latest.Int64, known)
	}
	return nil
}
