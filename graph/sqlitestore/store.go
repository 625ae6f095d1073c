// Package sqlitestore is relmap's embedded default graph.Store: one SQLite
// database file (modernc.org/sqlite, pure Go, no cgo), so that relmap runs on
// a fresh machine with nothing else installed.
//
// The schema lives in migrations/NNN_*.sql, embedded in the binary and
// applied in order by Open; schema_migrations records which ran, so opening a
// database again applies nothing twice. Nodes (employees, organisations and
// persons) share one table keyed by their external id; relationships and
// contacts have their own, with foreign keys that delete them with their
// nodes. Times are stored as UTC milliseconds, the precision graph keeps.
//
// # Concurrency
//
// A Store is safe for concurrent use. It holds one *sql.DB in WAL mode:
// readers never block the writer nor each other, and each read (a listing
// with its total, or a whole Network stream) runs in one read transaction, so
// it sees one consistent state. A Network stream for a visitor that takes
// parts at once reads each table in two parts on two connections whose
// read transactions saw the same version, which every write moves (see
// Network). SQLite allows one writer at a time; the Store
// lets one of its goroutines write at a time (the others wait, or give up
// when their context ends) and begins every write transaction with BEGIN
// IMMEDIATE, so a write takes the database's write lock before it reads and
// never fails half-way with SQLITE_BUSY. Another process writing the same
// file is waited for up to the busy timeout (5 s); after that the write fails
// with graph.EUNAVAILABLE.
//
// Validation and the create/update decision are graph's (graph.PlanUpsert and
// graph.RecordWriter); this package only reads and writes rows.
//
// # Large imports
//
// Rows are written with multi-row statements (60 relationships each, or
// 96 of those without optional values, which a statement of fewer columns
// writes), sorted by id, their arguments put together on another
// goroutine. An
// import (segment.Importer) keeps the kinds of the nodes it read or wrote
// for its later parts (graph.KindCache), looks up in a table that was empty
// when it began only the ids it has looked up there before (freshTables),
// runs on a connection that does not check foreign keys (graph.PlanUpsert
// has checked every reference in the same transaction), and sets aside the
// secondary indexes of a table it fills, building them once at the end
// (deferredIndexes). It writes each part on a goroutine of its own while
// the next part is planned (writeBehind), so that on two cores SQLite's
// writing has a core to itself; the planner's statements wait for the
// write, so they see it. See Import.
package sqlitestore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Store is the SQLite implementation of graph.Store.
type Store struct {
	// RecordWriter provides the Create* and Update* methods on top of Upsert
	// and the Find*ByID methods.
	graph.RecordWriter

	db       *sql.DB
	now      func() time.Time
	write    chan struct{} // a one-slot semaphore: the in-process writer lock
	cacheKiB int           // the page cache of a connection (WithPageCache)

	// partsFrom is the span of a table's rowids from which Network
	// streams it in two parts (minPartsSpan; tests lower it);
	// betweenParts, when set (by tests), runs on the second part's
	// connection before its read begins.
	partsFrom    int64
	betweenParts func()
}

var (
	_ graph.Store     = (*Store)(nil)
	_ graph.Pinger    = (*Store)(nil)
	_ graph.ChangeLog = (*Store)(nil)
)

// Option configures a Store in Open.
type Option func(*Store)

// WithNow makes the store take the time of its writes from now instead of
// time.Now; tests use a fixed clock (see storetest.Clock). The store calls it
// once per write.
func WithNow(now func() time.Time) Option {
	return func(s *Store) { s.now = now }
}

// WithPageCache gives each connection of the pool a page cache of kib KiB
// instead of cacheKiB's 32 MiB, which a large import wants; kib ≤ 0 keeps
// the default. It takes about twice its size in memory when full (see
// cacheKiB), for each of the pool's connections that has read that much:
// relmap serve, whose reads of the whole network go through bulk reads
// anyway and whose other reads and writes are small, keeps 2 MiB, about
// SQLite's own default of 2,000 KiB (README, Benchmarks: servemem). A
// write then spills its changed pages to the write-ahead log sooner; it
// stays one transaction. An import (POST /import too) gets at least
// importCacheKiB while it runs, whatever kib is.
func WithPageCache(kib int) Option {
	return func(s *Store) {
		if kib > 0 {
			s.cacheKiB = kib
		}
	}
}

// Open opens the SQLite database file at path, creating it when it does not
// exist, and brings its schema up to date. The file is shared with nothing
// but other relmap processes; ":memory:" is refused because each connection
// of the pool would get its own empty database.
//
// The file holds personal data: Open creates it readable and writable by
// its owner only (0600, whatever the umask), and SQLite gives the -wal and
// -shm files it creates beside it the mode of the database file. An
// existing file keeps its mode.
func Open(ctx context.Context, path string, opts ...Option) (*Store, error) {
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") {
		return nil, fmt.Errorf("open sqlite: %w", graph.Invalid("path", "must be the path of a database file"))
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	if err := createPrivate(abs); err != nil {
		// As SQLite's SQLITE_CANTOPEN would be (translate).
		return nil, fmt.Errorf("open sqlite: %w: %w", &graph.Error{Code: graph.EUNAVAILABLE, Message: "the database cannot be used now"}, err)
	}
	s := &Store{now: time.Now, write: make(chan struct{}, 1), cacheKiB: cacheKiB, partsFrom: minPartsSpan}
	s.RecordWriter = graph.RecordWriter{Backend: s}
	for _, o := range opts {
		o(s)
	}
	db, err := sql.Open("sqlite", dsn(abs, s.cacheKiB))
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	// Opening a connection runs the pragmas and maps the file: keep a few
	// idle ones instead of database/sql's default of two.
	db.SetMaxIdleConns(runtime.GOMAXPROCS(0) + 1)
	s.db = db
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// createPrivate creates an empty file at path with mode 0600 unless a file
// is there already (SQLite takes an empty file for a new database). SQLite
// itself would create it 0644 less the umask.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return f.Close()
}

// dsn returns the data source name of the database file at path: a "file:"
// URI with the connection pragmas that every connection of the pool runs,
// among them a page cache of cacheKiB KiB.
// _txlock=immediate makes database/sql's BEGIN a BEGIN IMMEDIATE for every
// transaction not marked read-only.
func dsn(path string, cacheKiB int) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)") // first: the others may wait for a lock
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// A large import touches many pages in one transaction: a page cache
	// of cacheKiB (used only as needed; 32 MiB by default) and statement journals in memory
	// keep it from spilling to disk on every row.
	q.Add("_pragma", fmt.Sprintf("cache_size(-%d)", cacheKiB)) // inBulkRead restores this value
	q.Add("_pragma", "temp_store(MEMORY)")
	// Deleted and overwritten content is overwritten with zeros, so that
	// an erased person (graph.PrivacyStore.ErasePerson) does not live on
	// in free pages of the file (cost: see README, "Benchmarks").
	q.Add("_pragma", "secure_delete(1)")
	q.Set("_txlock", "immediate")
	// In a URI path '%', '?' and '#' must be escaped; '/' must not be.
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(filepath.ToSlash(path))
	return "file:" + esc + "?" + q.Encode()
}

// Close closes the database. Calls after Close fail.
func (s *Store) Close() error {
	return s.db.Close()
}

// Ping checks that the database answers a query.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return s.fail(ctx, "ping", err)
	}
	return nil
}

// Version returns the change version of the stored data.
func (s *Store) Version(ctx context.Context) (int64, error) {
	v, err := version(ctx, s.db)
	if err != nil {
		return 0, s.fail(ctx, "version", err)
	}
	return v, nil
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func version(ctx context.Context, q queryer) (int64, error) {
	var v int64
	err := q.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'version'`).Scan(&v)
	return v, err
}

// bumpVersion moves the version for a write that may have changed
// anything (graph.PartAll).
func bumpVersion(ctx context.Context, tx *sql.Tx) error {
	return bumpVersionFor(ctx, tx, graph.PartAll, nil)
}

// bumpVersionFor moves the version and logs the write as changing part
// (naming ids, see graph.EncodeChange) in the change log, which keeps
// the last graph.MaxChanges writes.
func bumpVersionFor(ctx context.Context, tx *sql.Tx, part graph.Part, ids []string) error {
	var v int64
	if err := tx.QueryRowContext(ctx, `UPDATE meta SET value = value + 1 WHERE key = 'version' RETURNING value`).Scan(&v); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO changes (version, change) VALUES (?, ?)`, v, graph.EncodeChange(part, ids)); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM changes WHERE version <= ?`, v-graph.MaxChanges)
	return err
}

// Changes implements graph.ChangeLog: the logged writes above since, read
// with the version in one read transaction.
func (s *Store) Changes(ctx context.Context, since int64) ([]graph.Change, bool, error) {
	var (
		out []graph.Change
		v   int64
	)
	err := s.inRead(ctx, "changes", func(tx *sql.Tx) error {
		var err error
		if v, err = version(ctx, tx); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT version, change FROM changes WHERE version > ? ORDER BY version`, since)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var cv int64
			var c string
			if err := rows.Scan(&cv, &c); err != nil {
				return err
			}
			out = append(out, graph.DecodeChange(cv, c))
		}
		return rows.Err()
	})
	if err != nil {
		return nil, false, err
	}
	return out, graph.CompleteChanges(out, since, v), nil
}

// inWrite runs fn in a write transaction and commits it when fn returns
// nil. Writers of this Store run one at a time. The pending audit entry of
// ctx (auth.WithAudit), if any, is appended in the same transaction after
// fn, and its Seq set once the transaction committed.
func (s *Store) inWrite(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
	return s.inWriteOn(ctx, op, false, func(tx *sql.Tx, _ *sql.Conn) error { return fn(tx) })
}

// inWriteOn is inWrite, and with unchecked set runs fn on a connection
// whose foreign keys SQLite does not check: for an import, whose every
// reference graph.PlanUpsert has checked in the same transaction (SQLite
// can turn the checks off only between transactions), and whose page
// cache is at least importCacheKiB. The connection gets its checks and
// its cache back afterwards, or is closed. fn gets that connection too
// (nil without unchecked), to write rows through the driver (execEach).
func (s *Store) inWriteOn(ctx context.Context, op string, unchecked bool, fn func(tx *sql.Tx, conn *sql.Conn) error) error {
	select {
	case s.write <- struct{}{}:
	case <-ctx.Done():
		return s.fail(ctx, op, ctx.Err())
	}
	defer func() { <-s.write }()

	begin := s.db.BeginTx
	var conn *sql.Conn
	if unchecked {
		var err error
		conn, err = s.db.Conn(ctx)
		if err != nil {
			return s.fail(ctx, op, err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA foreign_keys = OFF; PRAGMA cache_size = -%d`, max(s.cacheKiB, importCacheKiB))); err != nil {
			return s.fail(ctx, op, err)
		}
		defer func() {
			if _, err := conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA foreign_keys = ON; PRAGMA cache_size = -%d`, s.cacheKiB)); err != nil {
				_ = conn.Raw(func(any) error { return driver.ErrBadConn }) // discards it
			}
		}()
		begin = conn.BeginTx
	}
	tx, err := begin(ctx, nil) // BEGIN IMMEDIATE, see dsn
	if err != nil {
		return s.fail(ctx, op, err)
	}
	pending := auth.PendingAudit(ctx)
	var seq int64
	if err := fn(tx, conn); err == nil && pending != nil {
		seq, err = appendAudit(ctx, tx, pending)
		if err != nil {
			_ = tx.Rollback()
			return s.failAudit(ctx, op, err)
		}
	} else if err != nil {
		_ = tx.Rollback()
		return s.fail(ctx, op, err)
	}
	if err := tx.Commit(); err != nil {
		return s.fail(ctx, op, err)
	}
	if pending != nil {
		pending.Seq = seq
	}
	return nil
}

// failAudit is fail for an audit entry that could not be appended: a
// constraint of the log itself failing is relmap's fault (EINTERNAL), not
// a conflict of the caller's write.
func (s *Store) failAudit(ctx context.Context, op string, err error) error {
	err = s.fail(ctx, op+": audit log", err)
	if graph.ErrorCode(err) == graph.ECONFLICT {
		return fmt.Errorf("%w: %w", &graph.Error{Code: graph.EINTERNAL, Message: "internal error"}, err)
	}
	return err
}

// inRead runs fn in a read transaction: everything fn reads comes from one
// state of the database.
func (s *Store) inRead(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true}) // a plain BEGIN
	if err != nil {
		return s.fail(ctx, op, err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return s.fail(ctx, op, err)
	}
	return nil
}

// cacheKiB is the page cache of a connection by default (a negative
// cache_size, in KiB; see dsn and WithPageCache). It takes twice its size in memory when full: modernc's
// allocator gives each 4 KiB page, with SQLite's header, an 8 KiB slot.
// 64 MiB (128 in memory) put the capture of 10^5 events at 294–308 MiB
// of peak RSS, over the 300 MB of its goal; 32 MiB puts it at 239–250,
// and the CSV import of 10^6 relationships was as fast within the noise
// of the shared machine (README, Benchmarks).
const cacheKiB = 32768

// importCacheKiB is the least page cache of a connection while it
// imports (inWriteOn), whatever WithPageCache gave the pool: relmap serve
// gives its connections 2 MiB, and an import that changed 10^6 stored
// relationships took 19-22 s with that against 16-17 s with 32 MiB (the
// B-tree pages it updates fall out of a small cache and are read again
// from the operating system: 6-7 s of system CPU against 2 s), measured
// twice each at load 1.1-1.3. Imports into empty tables and imports that
// change nothing took the same time with either.
const importCacheKiB = cacheKiB

// bulkCacheKiB is the page cache of a connection while it streams a whole
// table (a negative cache_size, in KiB): a scan reads every page once, so
// a large cache only holds what will not be read again, and each pooled
// connection would keep up to the cacheKiB of dsn after such a read.
const bulkCacheKiB = 2048

// inBulkRead is inRead on a connection whose page cache is bulkCacheKiB
// while fn runs; afterwards the connection gets the cache of dsn back (or
// is closed), so that streaming the network or every assessment leaves no
// more than that behind.
func (s *Store) inBulkRead(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
	return s.inBulkReadOn(ctx, op, func(tx *sql.Tx, _ *sql.Conn) error { return fn(tx) })
}

// inBulkReadOn is inBulkRead, and gives fn the connection the transaction
// runs on too, to read rows through the driver (driverRows).
func (s *Store) inBulkReadOn(ctx context.Context, op string, fn func(tx *sql.Tx, conn *sql.Conn) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return s.fail(ctx, op, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = -%d`, bulkCacheKiB)); err != nil {
		return s.fail(ctx, op, err)
	}
	defer func() {
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA cache_size = -%d`, s.cacheKiB)); err != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn }) // discards it
		}
	}()
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true}) // a plain BEGIN
	if err != nil {
		return s.fail(ctx, op, err)
	}
	defer tx.Rollback()
	if err := fn(tx, conn); err != nil {
		return s.fail(ctx, op, err)
	}
	return nil
}

// fail turns err into the error an operation returns. relmap's own errors
// (*graph.Error, graph.Errors) pass unchanged; database errors get a code,
// once, here, and the operation's name.
func (s *Store) fail(ctx context.Context, op string, err error) error {
	if err == nil {
		return nil
	}
	var ge *graph.Error
	var ges graph.Errors
	if errors.As(err, &ge) || errors.As(err, &ges) {
		return err
	}
	return fmt.Errorf("%s: %w", op, translate(ctx, err))
}

// translate gives a database error its graph code. Errors without an
// obvious code stay as they are: graph.ErrorCode reports them as EINTERNAL.
func translate(ctx context.Context, err error) error {
	coded := func(code, msg string) error {
		return fmt.Errorf("%w: %w", &graph.Error{Code: code, Message: msg}, err)
	}
	if cerr := ctx.Err(); cerr != nil || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		if errors.Is(cerr, context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
			return coded(graph.EUNAVAILABLE, "the database did not answer in time")
		}
		if cerr != nil && !errors.Is(err, cerr) {
			return fmt.Errorf("%w: %w", cerr, err) // keep errors.Is(err, context.Canceled)
		}
		return err
	}
	// database/sql does not export its "database is closed" error: a store
	// used after Close (a request still running at shutdown) is gone for
	// now, not broken.
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) || err.Error() == "sql: database is closed" {
		return coded(graph.EUNAVAILABLE, "the database connection failed")
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff { // the primary result code
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return coded(graph.EUNAVAILABLE, "the database is busy")
		case sqlite3.SQLITE_CONSTRAINT:
			return coded(graph.ECONFLICT, "the write conflicts with stored data")
		case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL,
			sqlite3.SQLITE_READONLY, sqlite3.SQLITE_NOMEM, sqlite3.SQLITE_PROTOCOL:
			return coded(graph.EUNAVAILABLE, "the database cannot be used now")
		}
	}
	return err
}

// millis and fromMillis convert between times and stored milliseconds.
func millis(t time.Time) int64 { return t.UnixMilli() }

func fromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// optMillis stores the zero time as NULL.
func optMillis(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

func fromOptMillis(ms sql.NullInt64) time.Time {
	if !ms.Valid {
		return time.Time{}
	}
	return fromMillis(ms.Int64)
}

// ceilMillis returns the first stored millisecond at or after t, so that
// "date >= t" and "date < t" hold for stored dates exactly as for t.
func ceilMillis(t time.Time) int64 {
	ms := t.UnixMilli()
	if t.Nanosecond()%int(time.Millisecond) != 0 {
		ms++
	}
	return ms
}

// optString stores the empty string as NULL (for optional ids).
func optString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// audit is the scan target of the four audit columns.
type audit struct {
	createdAt, updatedAt int64
	createdBy, updatedBy string
}

func (a *audit) dest() []any { return []any{&a.createdAt, &a.updatedAt, &a.createdBy, &a.updatedBy} }

func (a *audit) audit() graph.Audit {
	return graph.Audit{CreatedAt: fromMillis(a.createdAt), UpdatedAt: fromMillis(a.updatedAt), CreatedBy: a.createdBy, UpdatedBy: a.updatedBy}
}

const auditCols = `created_at, updated_at, created_by, updated_by`

// where builds a WHERE clause.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// asciiLower lowers ASCII letters only, as SQLite's lower() does.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
