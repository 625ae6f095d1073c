package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

var _ segment.Importer = (*Store)(nil)

// errDryRun rolls back the transaction of a dry-run import.
var errDryRun = errors.New("dry run")

// Import writes an import (network records, scheme, policies and
// assessments, in one or more parts) in one write transaction, all or
// nothing: segment.RunImport plans and writes each part as it comes, so
// that memory holds one part at a time while SQLite keeps the rest of the
// transaction on disk. The version moves once, when anything changed. A
// dry run does the whole import and rolls it back, so its counts are those
// of the real import.
//
// The transaction runs on a connection whose foreign keys SQLite does not
// check (two index look-ups a relationship or contact: about 3 of 15 CPU
// seconds of bench/import's 10^6 relationships): graph.PlanUpsert has checked every reference against the same
// transaction, which no other writer can change meanwhile, and an import
// deletes nothing, so no ON DELETE action is skipped. A large import also
// sets indexes aside (deferredIndexes).
//
// Each part is written behind the planning of the next one (writeBehind):
// the write of a part runs on a goroutine of its own while RunImport reads
// and plans the next part, which waits for that write only when it must
// read the transaction.
func (s *Store) Import(ctx context.Context, next func() (*segment.Import, error), opts graph.UpsertOptions) (*segment.ImportResult, error) {
	now := s.now()
	var res *segment.ImportResult
	err := s.inWriteOn(ctx, "import", true, func(tx *sql.Tx, conn *sql.Conn) error {
		w := &writeBehind{tx: tx, conn: conn}
		defer w.settle()
		t := importTx{w: w, kinds: &graph.KindCache{}, fresh: &freshTables{}, indexes: &deferredIndexes{}}
		var err error
		res, err = segment.RunImport(ctx, t, next, opts, now)
		// A write that failed happened before the problem of a later part
		// that RunImport may return (it planned that part meanwhile): the
		// import stops at the first.
		if _, werr := t.w.ready(); werr != nil {
			return werr
		}
		if err != nil {
			return err
		}
		if opts.DryRun {
			return errDryRun
		}
		indexes := t.indexes
		t = importTx{} // the import's caches are garbage from here on
		if err := indexes.restore(ctx, tx); err != nil {
			return err
		}
		if res.Changed() {
			return bumpVersion(ctx, tx)
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		return res, nil
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// importTx implements segment.ImportTx in a write transaction, w, whose
// batches are written behind the planning of the next part (see
// writeBehind): every other method waits for that write first. kinds
// remembers the kinds of the nodes the import read or wrote, so that each
// part reads only the referenced nodes no part before it did; fresh keeps
// the ids looked up in tables the import fills from empty, so that the
// others are not looked up (see freshTables); indexes are the secondary
// indexes set aside while the import writes (see deferredIndexes). kinds
// and fresh are used by the planning goroutine only, indexes by the
// writes.
type importTx struct {
	w       *writeBehind
	kinds   *graph.KindCache
	fresh   *freshTables
	indexes *deferredIndexes
}

func (t importTx) Lookup() segment.ImportLookup {
	return lookup{w: t.w, kinds: t.kinds, fresh: t.fresh}
}

func (t importTx) Scheme(ctx context.Context) (*segment.Scheme, error) {
	tx, err := t.w.ready()
	if err != nil {
		return nil, err
	}
	return storedScheme(ctx, tx)
}

func (t importTx) SaveScheme(ctx context.Context, sc *segment.Scheme) (bool, error) {
	tx, err := t.w.ready()
	if err != nil {
		return false, err
	}
	return putSetting(ctx, tx, schemeKey, sc, segment.DefaultScheme())
}

func (t importTx) SavePolicies(ctx context.Context, ps segment.Policies) (bool, error) {
	tx, err := t.w.ready()
	if err != nil {
		return false, err
	}
	return putSetting(ctx, tx, policiesKey, ps, segment.DefaultPolicies())
}

// WriteBatch makes b's rows ready, starts their write behind the planning
// of the next part and returns; the write's error comes from the next use
// of the transaction (or from Import, at the end). The kinds of b's nodes
// are remembered at once: the next part may refer to them, and if the
// write fails, the import fails with it.
func (t importTx) WriteBatch(ctx context.Context, _ segment.ImportLookup, b *graph.Batch) error {
	t.kinds.AddBatch(b)
	rows := rowsOf(b)
	return t.w.behind(func(tx *sql.Tx, conn *sql.Conn) error {
		for _, w := range []struct {
			table string
			rows  int
		}{
			{"nodes", len(b.Employees) + len(b.Organisations) + len(b.Persons)},
			{"relationships", len(b.Relationships)},
			{"contacts", len(b.Contacts)},
		} {
			if err := t.indexes.writing(ctx, tx, w.table, w.rows); err != nil {
				return err
			}
		}
		return rows.write(ctx, tx, conn)
	})
}

func (t importTx) WriteAssessments(ctx context.Context, _ segment.ImportLookup, as []*segment.Assessment) error {
	tx, err := t.w.ready()
	if err != nil {
		return err
	}
	if err := t.indexes.writing(ctx, tx, "assessments", len(as)); err != nil {
		return err
	}
	return execEach(ctx, tx, t.w.conn, upsertAssessmentSQL, as, assessmentArgs)
}

func (t importTx) Suppress(ctx context.Context, ss []graph.Suppression) (int, error) {
	tx, err := t.w.ready()
	if err != nil {
		return 0, err
	}
	added := 0
	for _, x := range ss {
		res, err := tx.ExecContext(ctx, `INSERT INTO suppressions (hash, erased_at) VALUES (?, ?)
			ON CONFLICT (hash) DO NOTHING`, x.Hash, millis(x.ErasedAt))
		if err != nil {
			return 0, err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return 0, err
		}
		added += int(n)
	}
	return added, nil
}

// writeBehind is an import's write transaction (tx, on its connection
// conn, to which execEach binds rows directly), in which the write of one
// part's batch runs on a goroutine of its own while segment.RunImport
// reads and plans the next part on the caller's: on two cores the
// planning (validation, references, change detection; about a fifth of
// the CPU time of bench/import's 10^6 relationships) leaves SQLite's
// writing alone on its core, instead of taking turns with it.
//
// The transaction is used by one goroutine at a time: behind starts a
// write once the one before has ended, and ready, which every other use of
// the transaction goes through, waits for it. So a statement of the
// planner sees every write of the parts before, as without the goroutine;
// what the planner answers from memory (graph.KindCache, freshTables) is
// kept true for the writes under way (WriteBatch remembers a part's
// nodes when it hands the part over). The first failed write stops the
// transaction: ready returns its error from then on. A panic of a write
// is raised again by ready, on the caller's goroutine. ready and behind
// are for one goroutine, RunImport's.
type writeBehind struct {
	tx       *sql.Tx
	conn     *sql.Conn
	done     chan struct{} // closed when the write under way has ended; nil when none is
	err      error         // the error of the write that failed
	panicked any           // what a write panicked with, until ready raises it
}

// ready waits for the write under way, if any, and returns the transaction,
// or the error of a write that failed.
// A write that panicked panics here again.
func (w *writeBehind) ready() (*sql.Tx, error) {
	if p := w.wait(); p != nil {
		panic(p)
	}
	return w.tx, w.err
}

// settle waits for the write under way, if any, and ignores how it ended:
// a panic of the planner must not leave a write running on the
// connection while the transaction is rolled back.
func (w *writeBehind) settle() { w.wait() }

// wait waits for the write under way, if any, and returns what it
// panicked with (nil when it did not).
func (w *writeBehind) wait() (panicked any) {
	if w.done == nil {
		return nil
	}
	<-w.done
	w.done = nil
	panicked, w.panicked = w.panicked, nil
	return panicked
}

// behind waits for the write under way, then starts write on a goroutine
// of its own and returns. Its error is that of a write before.
func (w *writeBehind) behind(write func(tx *sql.Tx, conn *sql.Conn) error) error {
	if _, err := w.ready(); err != nil {
		return err
	}
	done := make(chan struct{})
	w.done = done
	go func() {
		defer close(done)
		defer func() {
			if p := recover(); p != nil {
				w.panicked, w.err = p, fmt.Errorf("sqlitestore: import write panicked: %v", p)
			}
		}()
		w.err = write(w.tx, w.conn)
	}()
	return nil
}

// deferRows is how many rows an import must write to a table, at the
// least, before deferredIndexes sets the table's secondary indexes aside
// (a variable for tests).
var deferRows = 50000

// deferredIndexes sets aside the secondary indexes of a table that an
// import fills with at least as many rows as the table held before (and
// at least deferRows): it drops them before the import writes more, and
// creates them again when the import is done, in the same transaction.
// SQLite builds an index from the sorted table several times faster than
// it inserts as many entries one at a time at random places, so a large
// import into a small table costs less; a small import into a large
// table keeps its indexes, as rebuilding them would cost more. Readers
// see nothing of it (they read the state before the transaction), and a
// failed or dry-run import rolls the drop back with everything else.
//
// Only indexes created by CREATE INDEX are set aside: the indexes of
// PRIMARY KEY and UNIQUE constraints, and CREATE UNIQUE INDEX, keep
// checking every row. While an index is set aside, statements of the same
// transaction that would use it scan the table instead; an import's
// look-ups go by primary key.
type deferredIndexes struct {
	before  map[string]int64 // rows (the largest rowid) of each table when the import first wrote to it
	written map[string]int   // rows the import wrote to each table
	dropped []string         // the CREATE INDEX statements of the indexes set aside, in order
	done    map[string]bool  // the tables whose indexes are set aside
}

// writing is told that the import is about to write rows rows to table,
// and sets the table's indexes aside when the import has become large
// enough.
func (d *deferredIndexes) writing(ctx context.Context, tx *sql.Tx, table string, rows int) error {
	if rows == 0 || d.done[table] {
		return nil
	}
	if d.before == nil {
		d.before, d.written, d.done = map[string]int64{}, map[string]int{}, map[string]bool{}
	}
	if _, ok := d.before[table]; !ok {
		var n sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT max(rowid) FROM `+table).Scan(&n); err != nil {
			return err
		}
		d.before[table] = n.Int64
	}
	d.written[table] += rows
	if w := d.written[table]; w < deferRows || int64(w) < d.before[table] {
		return nil
	}
	rs, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_schema
		WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name`, table)
	if err != nil {
		return err
	}
	var names, defs []string
	for rs.Next() {
		var name, def string
		if err := rs.Scan(&name, &def); err != nil {
			rs.Close()
			return err
		}
		names, defs = append(names, name), append(defs, def)
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return err
	}
	for i, name := range names {
		if _, err := tx.ExecContext(ctx, `DROP INDEX `+quoteIdent(name)); err != nil {
			return err
		}
		d.dropped = append(d.dropped, defs[i])
	}
	d.done[table] = true
	return nil
}

// restore creates the indexes set aside again. Before it does, it hands
// the memory the import's parts and caches left free back to the system
// (debug.FreeOSMemory: a collection, at the end of an import of at
// least deferRows rows): SQLite's sorter builds each index in memory of
// its own (some 60 MiB for bench/import's 10^6 ties), which would
// otherwise come on top of the Go heap's high-water mark: that was the
// peak of the whole import (380-430 MiB); now the peak, 330 MiB, is
// reached while the parts stream. The collection costs about 0.05 s.
func (d *deferredIndexes) restore(ctx context.Context, tx *sql.Tx) error {
	if len(d.dropped) > 0 {
		debug.FreeOSMemory()
	}
	for _, def := range d.dropped {
		if _, err := tx.ExecContext(ctx, def); err != nil {
			return err
		}
	}
	d.dropped = nil
	return nil
}

// quoteIdent quotes an SQL identifier.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// putSetting stores v under key inside tx unless the same document is
// stored already, or none is and v is the default def, and reports
// whether it wrote. It does not move the version.
func putSetting(ctx context.Context, tx *sql.Tx, key string, v, def any) (bool, error) {
	data := marshal(v)
	var old string
	err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&old)
	if errors.Is(err, sql.ErrNoRows) {
		old, err = marshal(def), nil
	}
	if err != nil || old == data {
		return false, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, data)
	return err == nil, err
}
