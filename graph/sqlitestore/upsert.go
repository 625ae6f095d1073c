package sqlitestore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/relmap/relmap/graph"
)

// Upsert writes b all or nothing: graph.PlanUpsert validates it and decides
// what to create and update inside one write transaction, and only the
// records it returns are written. The version moves only when something
// changed. A dry run plans in a read transaction and writes nothing.
//
// Upsert normalizes the records of b and sets their audit fields, as
// graph.PlanUpsert does.
func (s *Store) Upsert(ctx context.Context, b *graph.Batch, opts graph.UpsertOptions) (*graph.UpsertResult, error) {
	if b == nil {
		b = &graph.Batch{}
	}
	now := s.now()
	var res *graph.UpsertResult
	plan := func(tx *sql.Tx) (*graph.Batch, error) {
		out, r, err := graph.PlanUpsert(ctx, b, lookup{tx: tx}, opts, now)
		res = r
		return out, err
	}
	var err error
	if opts.DryRun {
		err = s.inRead(ctx, "upsert", func(tx *sql.Tx) error {
			_, err := plan(tx)
			return err
		})
	} else {
		err = s.inWrite(ctx, "upsert", func(tx *sql.Tx) error {
			out, err := plan(tx)
			if err != nil || !res.Changed() {
				return err
			}
			if err := writeBatch(ctx, tx, nil, out); err != nil {
				return err
			}
			part, ids := graph.UpsertPart(res, out)
			return bumpVersionFor(ctx, tx, part, ids)
		})
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// writeBatch writes the records of b with multi-row statements (execEach):
// nodes first (employees before the organisations and persons they own),
// then the relationships and contacts that refer to them. Each kind is
// written in the order of its ids, so that the primary key index grows
// by neighbouring entries rather than at random places. Logged contacts
// close the open actions they answer (closeActions). conn, when not nil, is
// tx's connection (see execEach).
func writeBatch(ctx context.Context, tx *sql.Tx, conn *sql.Conn, b *graph.Batch) error {
	return rowsOf(b).write(ctx, tx, conn)
}

// batchRows are the records of a batch in the order writeBatch writes
// them, made ready (rowsOf) apart from writing them, so that an import
// makes them ready while it waits for the write of the part before (see
// writeBehind).
type batchRows struct {
	nodes       []nodeRow             // employees by id, then organisations and persons by id
	plain, full []*graph.Relationship // by id; plain: without optional values (see plainRelationship)
	contacts    []*graph.Contact      // by id
	logged      []*graph.Contact      // the batch's contacts as given, for closeActions
}

// rowsOf returns the rows of b. It only reads b.
func rowsOf(b *graph.Batch) *batchRows {
	r := &batchRows{logged: b.Contacts}
	if n := len(b.Employees) + len(b.Organisations) + len(b.Persons); n > 0 {
		rows := make([]nodeRow, 0, n)
		for _, e := range b.Employees {
			rows = append(rows, employeeRow(e))
		}
		byID(rows, func(r nodeRow) string { return r.id })
		owners := len(rows)
		for _, o := range b.Organisations {
			rows = append(rows, organisationRow(o))
		}
		for _, p := range b.Persons {
			rows = append(rows, personRow(p))
		}
		byID(rows[owners:], func(r nodeRow) string { return r.id })
		r.nodes = rows
	}
	// Relationships without optional values (most of a large import) go
	// in statements that bind fewer values.
	for _, x := range byID(slices.Clone(b.Relationships), func(r *graph.Relationship) string { return r.ID }) {
		if plainRelationship(x) {
			r.plain = append(r.plain, x)
		} else {
			r.full = append(r.full, x)
		}
	}
	r.contacts = byID(slices.Clone(b.Contacts), func(c *graph.Contact) string { return c.ID })
	return r
}

// write writes the rows in tx, as writeBatch says.
func (r *batchRows) write(ctx context.Context, tx *sql.Tx, conn *sql.Conn) error {
	if err := execEach(ctx, tx, conn, upsertNodeSQL, r.nodes, nodeRow.args); err != nil {
		return err
	}
	if err := execEach(ctx, tx, conn, upsertPlainRelationshipSQL, r.plain, plainRelationshipArgs); err != nil {
		return err
	}
	if err := execEach(ctx, tx, conn, upsertRelationshipSQL, r.full, relationshipArgs); err != nil {
		return err
	}
	if err := execEach(ctx, tx, conn, upsertContactSQL, r.contacts, contactArgs); err != nil {
		return err
	}
	return closeActions(ctx, tx, r.logged)
}

// byID sorts xs by id and returns it.
func byID[T any](xs []T, id func(T) string) []T {
	slices.SortFunc(xs, func(a, b T) int { return strings.Compare(id(a), id(b)) })
	return xs
}

// insertVars is about how many variables one statement of execEach binds:
// enough rows that the cost of a statement (database/sql, the driver's
// bind and step) is spread over many, and well under SQLite's limit
// (32766 since 3.32, 999 before).
const insertVars = 960

// execEach runs query, an INSERT of one row whose only parenthesised list
// of placeholders follows "VALUES ", for each x with the arguments args(x):
// as many rows per statement as fit insertVars, so a few hundred times
// fewer statements than rows. SQLite checks every row as the one-row
// statement would (the constraints, and the foreign keys at the end of
// each statement), and a failing statement changes nothing.
//
// The arguments of a statement (args may hash a record) are put together
// by another goroutine while SQLite runs the statement before, so that on
// two cores the two overlap. args must only read x.
//
// With conn, the connection tx runs on (an import's: see inWriteOn), the
// statements go to the driver's statement directly (sql.Conn.Raw), bound
// from one []driver.NamedValue that is used again for every statement,
// rather than through database/sql, which makes a new one for each: 0.3
// to 0.5 s less CPU for the 10^6 rows of bench/import (and 370 MB less
// garbage). They run in tx all the same: the transaction is the
// connection's.
func execEach[T any](ctx context.Context, tx *sql.Tx, conn *sql.Conn, query string, xs []T, args func(T) []any) error {
	if len(xs) == 0 {
		return nil
	}
	head, row, tail := splitValues(query)
	cols := strings.Count(row, "?")
	per := max(1, insertVars/cols)
	multi := func(n int) string {
		return head + row + strings.Repeat(", "+row, n-1) + tail
	}

	// One buffer is filled while one waits and one is bound.
	free, ready := make(chan []any, 3), make(chan []any, 1)
	for range 3 {
		free <- make([]any, 0, per*cols)
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(ready)
		for len(xs) > 0 {
			chunk := xs[:min(len(xs), per)]
			xs = xs[len(chunk):]
			var buf []any
			select {
			case buf = <-free:
			case <-done:
				return
			}
			for _, x := range chunk {
				buf = append(buf, args(x)...)
			}
			select {
			case ready <- buf:
			case <-done:
				return
			}
		}
	}()
	defer func() {
		close(done)
		wg.Wait()
	}()
	// each runs exec on every buffer of arguments (n rows) and hands the
	// buffer back.
	each := func(exec func(n int, buf []any) error) error {
		for buf := range ready {
			if err := exec(len(buf)/cols, buf); err != nil {
				return err
			}
			clear(buf) // let the records' values go
			free <- buf[:0]
		}
		return nil
	}
	if conn == nil {
		var full *sql.Stmt
		defer func() {
			if full != nil {
				full.Close()
			}
		}()
		return each(func(n int, buf []any) error {
			var err error
			if n != per {
				_, err = tx.ExecContext(ctx, multi(n), buf...)
				return err
			}
			if full == nil {
				if full, err = tx.PrepareContext(ctx, multi(per)); err != nil {
					return err
				}
			}
			_, err = full.ExecContext(ctx, buf...)
			return err
		})
	}
	return conn.Raw(func(dc any) error {
		prep, err := preparer(dc)
		if err != nil {
			return err
		}
		var full driver.Stmt
		defer func() {
			if full != nil {
				full.Close()
			}
		}()
		values := make([]driver.NamedValue, per*cols)
		return each(func(n int, buf []any) error {
			for i, v := range buf {
				if !driver.IsValue(v) { // as database/sql converts it
					var err error
					if v, err = driver.DefaultParameterConverter.ConvertValue(v); err != nil {
						return err
					}
				}
				values[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
			}
			defer clear(values)
			st := full
			if n != per || full == nil {
				var err error
				if st, err = prep.PrepareContext(ctx, multi(n)); err != nil {
					return err
				}
				if n == per {
					full = st
				} else {
					defer st.Close()
				}
			}
			exec, ok := st.(driver.StmtExecContext)
			if !ok {
				return fmt.Errorf("sqlitestore: driver statement %T cannot execute with a context", st)
			}
			_, err := exec.ExecContext(ctx, values[:len(buf)])
			return err
		})
	})
}

// splitValues splits a one-row INSERT at its row of placeholders: query is
// head + row + tail, row the parenthesised list that follows "VALUES ".
// The statements are this package's constants: a query without one is a
// programmer error.
func splitValues(query string) (head, row, tail string) {
	i := strings.Index(query, "VALUES (")
	if i < 0 {
		panic("sqlitestore: no VALUES list in " + query)
	}
	i += len("VALUES ")
	j := strings.IndexByte(query[i:], ')')
	if j < 0 || strings.Trim(query[i+1:i+j], "?, ") != "" {
		panic("sqlitestore: VALUES list of " + query + " is not all placeholders")
	}
	return query[:i], query[i : i+j+1], query[i+j+1:]
}

// lookup implements graph.StoredLookup and graph.KindLookup inside a
// transaction: tx, or an import's w, whose statements wait for the write
// under way (see writeBehind). kinds, when not nil, is the import's cache
// of node kinds; fresh, when not nil, the import's record of the tables it
// fills from empty (see Import). What they answer needs no statement, and
// so does not wait.
type lookup struct {
	tx    *sql.Tx
	w     *writeBehind
	kinds *graph.KindCache
	fresh *freshTables
}

// sql returns the transaction for a statement.
func (l lookup) sql() (*sql.Tx, error) {
	if l.w != nil {
		return l.w.ready()
	}
	return l.tx, nil
}

var _ graph.KindLookup = lookup{}

// maxVars is how many ids one IN (...) list holds, well under SQLite's
// limit on the variables of one statement (32766 since 3.32, 999 before).
const maxVars = 500

func (l lookup) StoredNodes(ctx context.Context, ids []string) (map[string]graph.Stored, error) {
	m, err := l.stored(ctx, "nodes", `SELECT id, kind, hash, `+auditCols+` FROM nodes WHERE id IN `, ids, true)
	l.kinds.AddStored(m)
	return m, err
}

// kindScan is the share of the nodes table from which NodeKinds reads the
// kind of every node instead of looking the ids up: one look-up by id
// costs about as much as reading ten rows in a row (measured with modernc
// SQLite 1.62: 4 µs against 0.4 µs).
const kindScan = 10

// NodeKinds reads only id and kind, and only of the ids the import's cache
// does not hold; when they are a tenth of the nodes or more (an import's
// first large part), it reads every node's, once, into the cache.
func (l lookup) NodeKinds(ctx context.Context, ids []string) ([]graph.Kind, error) {
	return l.kinds.NodeKinds(ctx, ids, func(ctx context.Context, ids []string) (map[string]graph.Kind, error) {
		out := make(map[string]graph.Kind, len(ids))
		scan := func(rows *sql.Rows) error {
			var id, kind string
			err := rows.Scan(&id, &kind)
			out[id] = graph.Kind(kind)
			return err
		}
		if l.kinds != nil {
			tx, err := l.sql()
			if err != nil {
				return nil, err
			}
			var n sql.NullInt64 // about how many nodes there are
			if err := tx.QueryRowContext(ctx, `SELECT max(rowid) FROM nodes`).Scan(&n); err != nil {
				return nil, err
			}
			if int64(len(ids))*kindScan >= n.Int64 {
				return out, l.all(ctx, `SELECT id, kind FROM nodes`, scan)
			}
		}
		return out, l.each(ctx, `SELECT id, kind FROM nodes WHERE id IN `, ids, scan)
	})
}

// all runs query and calls scan on every row.
func (l lookup) all(ctx context.Context, query string, scan func(*sql.Rows) error) error {
	tx, err := l.sql()
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (l lookup) StoredRelationships(ctx context.Context, ids []string) (map[string]graph.Stored, error) {
	return l.stored(ctx, "relationships", `SELECT id, hash, `+auditCols+` FROM relationships WHERE id IN `, ids, false)
}

func (l lookup) StoredContacts(ctx context.Context, ids []string) (map[string]graph.Stored, error) {
	return l.stored(ctx, "contacts", `SELECT id, hash, `+auditCols+` FROM contacts WHERE id IN `, ids, false)
}

// stored runs query, which reads table and ends in "IN ", for those of ids
// that table may hold (see freshTables; each) and reads id, kind when
// withKind, hash and the audit of each row.
func (l lookup) stored(ctx context.Context, table, query string, ids []string, withKind bool) (map[string]graph.Stored, error) {
	ids, err := l.fresh.mayHold(ctx, l.sql, table, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string]graph.Stored, len(ids))
	err = l.each(ctx, query, ids, func(rows *sql.Rows) error {
		var (
			id, kind string
			st       graph.Stored
			a        audit
		)
		dest := []any{&id}
		if withKind {
			dest = append(dest, &kind)
		}
		if err := rows.Scan(append(append(dest, &st.Hash), a.dest()...)...); err != nil {
			return err
		}
		st.Kind, st.Audit = graph.Kind(kind), a.audit()
		out[id] = st
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// freshTables spares an import the look-ups of ids that cannot be stored:
// of each table that held no rows when the import first looked ids up in
// it, it keeps the ids the import has looked up there since
// (graph.IDSet), because only those can be in it meanwhile: the import
// holds the write transaction and writes only records it has looked up
// (graph.PlanUpsert and segment.PlanAssessments plan nothing else). An id
// not among them is not stored and is not asked about; the others (an id
// repeated across parts, or one whose hash equals another's) are looked
// up as before. For 10^6 new relationships this saves about 0.6 s of CPU
// time (bench/import), for 12 bytes an id. A nil *freshTables lets every
// id through.
type freshTables struct {
	ids map[string]*graph.IDSet // nil for a table that held rows
}

// mayHold returns those of ids that table may hold. It asks the
// transaction (from sql) whether table holds rows the first time only.
func (f *freshTables) mayHold(ctx context.Context, sql func() (*sql.Tx, error), table string, ids []string) ([]string, error) {
	if f == nil || len(ids) == 0 {
		return ids, nil
	}
	set, seen := f.ids[table]
	if !seen {
		tx, err := sql()
		if err != nil {
			return nil, err
		}
		var held bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+table+`)`).Scan(&held); err != nil {
			return nil, err
		}
		if !held {
			set = &graph.IDSet{}
		}
		if f.ids == nil {
			f.ids = map[string]*graph.IDSet{}
		}
		f.ids[table] = set
	}
	if set == nil {
		return ids, nil
	}
	var maybe []string
	for i, v := range set.Add(ids, nil) {
		if v != 0 {
			maybe = append(maybe, ids[i])
		}
	}
	return maybe, nil
}
