package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/storetest"
	"github.com/relmap/relmap/segment"
)

var importCtx = graph.WithActor(context.Background(), "test")

// people returns n persons per-<from> … and, when knows, a knows tie
// from each to the next.
func people(from, n int, knows bool) *graph.Batch {
	b := &graph.Batch{}
	for i := from; i < from+n; i++ {
		b.Persons = append(b.Persons, &graph.Person{ID: fmt.Sprintf("per-%d", i), Name: fmt.Sprintf("Person %d", i)})
		if knows && i > from {
			b.Relationships = append(b.Relationships, &graph.Relationship{Type: graph.RelKnows,
				From: fmt.Sprintf("per-%d", i-1), To: fmt.Sprintf("per-%d", i), Strength: 0.5})
		}
	}
	return b
}

// inTx runs fn in a transaction of s that it rolls back.
func inTx(t *testing.T, s *Store, fn func(tx *sql.Tx)) {
	t.Helper()
	tx, err := s.db.BeginTx(importCtx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	fn(tx)
}

// TestNodeKinds: NodeKinds returns the stored nodes among the ids asked,
// looking a few up by id and reading all nodes, into the import's cache,
// when the ids are a tenth of them or more; without a cache (an upsert) it
// always looks them up.
func TestNodeKinds(t *testing.T) {
	s := openPrivacy(t)
	_, err := s.Upsert(importCtx, people(0, 100, false), graph.UpsertOptions{})
	storetest.Must(t, err)
	inTx(t, s, func(tx *sql.Tx) {
		fail := func(context.Context, []string) (map[string]graph.Kind, error) {
			return nil, errors.New("read although remembered")
		}
		// 3 ids × 10 < 100 nodes: looked up.
		few := lookup{tx: tx, kinds: &graph.KindCache{}}
		got, err := few.NodeKinds(importCtx, []string{"per-1", "per-50", "nobody"})
		storetest.Must(t, err)
		if !slices.Equal(got, []graph.Kind{graph.KindPerson, graph.KindPerson, ""}) {
			t.Errorf("few: %v", got)
		}
		if _, err := few.kinds.NodeKinds(importCtx, []string{"per-2"}, fail); err == nil {
			t.Error("few: per-2 remembered, want only what was looked up")
		}
		// 10 ids × 10 ≥ 100 nodes: every node read into the cache.
		many := lookup{tx: tx, kinds: &graph.KindCache{}}
		ids := []string{"nobody"}
		for i := range 9 {
			ids = append(ids, fmt.Sprintf("per-%d", i))
		}
		got, err = many.NodeKinds(importCtx, ids)
		storetest.Must(t, err)
		want := append([]graph.Kind{""}, slices.Repeat([]graph.Kind{graph.KindPerson}, 9)...)
		if !slices.Equal(got, want) {
			t.Errorf("many: %v, want nobody not stored, per-0 … per-8 persons", got)
		}
		if got, err := many.kinds.NodeKinds(importCtx, []string{"per-99"}, fail); err != nil || !slices.Equal(got, []graph.Kind{graph.KindPerson}) {
			t.Errorf("many: per-99 %v %v, want remembered", got, err)
		}
		plain := lookup{tx: tx}
		got, err = plain.NodeKinds(importCtx, ids)
		storetest.Must(t, err)
		if !slices.Equal(got, want) {
			t.Errorf("without a cache: %v, want per-0 … per-8", got)
		}
	})
}

// TestSplitValues: every statement execEach runs splits into head, one row
// of placeholders and tail that put it together again, the row holding as
// many placeholders as the statement (so a statement of n rows binds n
// times the arguments of one).
func TestSplitValues(t *testing.T) {
	for name, q := range map[string]string{
		"nodes": upsertNodeSQL, "relationships": upsertRelationshipSQL,
		"contacts": upsertContactSQL, "assessments": upsertAssessmentSQL,
	} {
		head, row, tail := splitValues(q)
		if head+row+tail != q || row[0] != '(' || row[len(row)-1] != ')' || strings.Count(row, "?") != strings.Count(q, "?") {
			t.Errorf("%s: split into %q | %q | %q", name, head, row, tail)
		}
	}
}

// schema returns the database's schema: every table, index and trigger
// with its SQL.
func schema(t *testing.T, s *Store) string {
	t.Helper()
	rows, err := s.db.QueryContext(importCtx, `SELECT type, name, coalesce(sql, '') FROM sqlite_schema ORDER BY type, name`)
	storetest.Must(t, err)
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var typ, name, def string
		storetest.Must(t, rows.Scan(&typ, &name, &def))
		fmt.Fprintf(&b, "%s %s: %s\n", typ, name, def)
	}
	storetest.Must(t, rows.Err())
	return b.String()
}

// indexes returns the names of the indexes of table that CREATE INDEX made.
func indexes(t *testing.T, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, table string) []string {
	t.Helper()
	rows, err := q.QueryContext(importCtx, `SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name`, table)
	storetest.Must(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		storetest.Must(t, rows.Scan(&name))
		out = append(out, name)
	}
	return out
}

// TestDeferredIndexes: a table's secondary indexes are set aside once an
// import has written deferRows rows to it and at least as many as it held;
// restore creates them again as they were.
func TestDeferredIndexes(t *testing.T) {
	defer func(n int) { deferRows = n }(deferRows)
	deferRows = 100
	s := openPrivacy(t)
	_, err := s.Upsert(importCtx, people(0, 300, false), graph.UpsertOptions{})
	storetest.Must(t, err)
	want := indexes(t, s.db, "nodes")
	if len(want) < 2 {
		t.Fatalf("nodes has the indexes %v; the test needs some", want)
	}
	inTx(t, s, func(tx *sql.Tx) {
		var d deferredIndexes
		// 60 + 60 rows: fewer than deferRows, and than the 300 stored.
		for range 2 {
			storetest.Must(t, d.writing(importCtx, tx, "nodes", 60))
		}
		if got := indexes(t, tx, "nodes"); len(got) != len(want) {
			t.Fatalf("after 120 rows into 300: indexes %v, want %v", got, want)
		}
		// 120 + 200 ≥ 300 rows: set aside.
		storetest.Must(t, d.writing(importCtx, tx, "nodes", 200))
		if got := indexes(t, tx, "nodes"); len(got) != 0 {
			t.Fatalf("after 320 rows into 300: indexes %v, want none", got)
		}
		storetest.Must(t, d.writing(importCtx, tx, "nodes", 1000)) // once only
		storetest.Must(t, d.restore(importCtx, tx))
		if got := indexes(t, tx, "nodes"); !equal(got, want) {
			t.Fatalf("restored: %v, want %v", got, want)
		}
	})
}

func equal(a, b []string) bool { return strings.Join(a, ",") == strings.Join(b, ",") }

// TestImportLarge: an import large enough to set the indexes of nodes and
// relationships aside leaves the schema as it was and the indexes whole
// (integrity_check), and so does one that fails in a part after the
// indexes were set aside, which stores nothing. The connection it ran on
// checks foreign keys again afterwards.
func TestImportLarge(t *testing.T) {
	defer func(n int) { deferRows = n }(deferRows)
	deferRows = 100
	s := openPrivacy(t)
	s.db.SetMaxOpenConns(1) // every statement below on the import's connection
	before := schema(t, s)

	bad := people(400, 150, true)
	bad.Relationships[70].To = "per-nobody"
	_, err := s.Import(importCtx, segment.Parts(&segment.Import{Batch: people(0, 150, true)}, &segment.Import{Batch: bad}), graph.UpsertOptions{})
	storetest.WantErr(t, err, graph.EINVALID, "relationships[70]", "to")
	var n int
	storetest.Must(t, s.db.QueryRowContext(importCtx, `SELECT count(*) FROM nodes`).Scan(&n))
	if got := schema(t, s); got != before || n != 0 {
		t.Fatalf("after a failed import: %d nodes, schema\n%s\nwant none and\n%s", n, got, before)
	}

	res, err := s.Import(importCtx, segment.Parts(&segment.Import{Batch: people(0, 150, true)}, &segment.Import{Batch: people(150, 150, true)}), graph.UpsertOptions{})
	storetest.Must(t, err)
	if res.Persons.Created != 300 || res.Relationships.Created != 298 {
		t.Fatalf("import: %+v, want 300 persons and 298 ties created", res)
	}
	if got := schema(t, s); got != before {
		t.Fatalf("after an import: schema\n%s\nwant\n%s", got, before)
	}
	var check string
	storetest.Must(t, s.db.QueryRowContext(importCtx, `PRAGMA integrity_check`).Scan(&check))
	var fk int
	storetest.Must(t, s.db.QueryRowContext(importCtx, `PRAGMA foreign_keys`).Scan(&fk))
	if check != "ok" || fk != 1 {
		t.Errorf("integrity_check %q, foreign_keys %d; want ok and 1", check, fk)
	}
	// The foreign keys act again: deleting a person deletes its ties.
	storetest.Must(t, s.DeletePerson(importCtx, "per-1"))
	storetest.Must(t, s.db.QueryRowContext(importCtx, `SELECT count(*) FROM relationships WHERE from_id = 'per-1' OR to_id = 'per-1'`).Scan(&n))
	if n != 0 {
		t.Errorf("%d ties of a deleted person left", n)
	}
}

// TestExecEachFails: a row SQLite refuses fails its statement, which
// changes nothing, and execEach returns at once (its goroutine stops). A
// statement of c columns holds insertVars/c rows (80 for 12 columns): the
// statements before the one holding row 300 are written, that one not.
// The same through database/sql and through the driver's statements on the
// transaction's connection (an import's way).
func TestExecEachFails(t *testing.T) {
	s := openPrivacy(t)
	for _, raw := range []bool{false, true} {
		conn, err := s.db.Conn(importCtx)
		storetest.Must(t, err)
		tx, err := conn.BeginTx(importCtx, nil)
		storetest.Must(t, err)
		var rows []nodeRow
		for _, p := range people(0, 500, false).Persons {
			rows = append(rows, personRow(p))
		}
		rows[300].kind = "bogus"
		via := conn
		if !raw {
			via = nil
		}
		err = execEach(importCtx, tx, via, upsertNodeSQL, rows, nodeRow.args)
		if err == nil || !strings.Contains(err.Error(), "CHECK") {
			t.Fatalf("raw %v: err = %v, want a CHECK constraint failure", raw, err)
		}
		_, row, _ := splitValues(upsertNodeSQL)
		per := insertVars / strings.Count(row, "?")
		var n int
		storetest.Must(t, tx.QueryRowContext(importCtx, `SELECT count(*) FROM nodes`).Scan(&n))
		if want := 300 / per * per; n != want {
			t.Errorf("raw %v: %d rows written, want the %d of the statements of %d rows before the failing one", raw, n, want, per)
		}
		storetest.Must(t, tx.Rollback())
		storetest.Must(t, conn.Close())
	}
}

// TestImportWriteFailsFirst: a part is written behind the planning of the
// next one (writeBehind). When SQLite refuses a row of part 0 (a trigger
// here; the planner has accepted it) and part 1 has a problem of its own
// that the planner finds without a statement (a strength of 2 on a tie
// between part 0's persons, whose kinds the import remembers, in a table
// it fills from empty), the import returns the write's error, which came
// first, as it did when each part was planned after the write before it;
// and nothing is stored.
func TestImportWriteFailsFirst(t *testing.T) {
	s := openPrivacy(t)
	_, err := s.db.ExecContext(importCtx, `CREATE TRIGGER refuse BEFORE INSERT ON nodes WHEN NEW.id = 'per-3'
		BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`)
	storetest.Must(t, err)
	later := &graph.Batch{Relationships: []*graph.Relationship{
		{Type: graph.RelKnows, From: "per-1", To: "per-5", Strength: 0.5},
		{Type: graph.RelKnows, From: "per-2", To: "per-6", Strength: 2},
	}}
	_, err = s.Import(importCtx, segment.Parts(&segment.Import{Batch: people(0, 10, true)}, &segment.Import{Batch: later}), graph.UpsertOptions{})
	var pe *segment.PartError
	if err == nil || errors.As(err, &pe) || !strings.Contains(err.Error(), "refused by the test") {
		t.Fatalf("err = %v, want the write's error of part 0, not part 1's problem", err)
	}
	var n int
	storetest.Must(t, s.db.QueryRowContext(importCtx, `SELECT (SELECT count(*) FROM nodes) + (SELECT count(*) FROM relationships)`).Scan(&n))
	if n != 0 {
		t.Errorf("%d rows stored after a failed import, want none", n)
	}
}

// TestWriteBehindPanic: a write that panics on its goroutine panics again
// where the import next waits for it (ready), with the write's error kept,
// so that the transaction is rolled back as for a panic of the import
// itself; settle, which the import defers, waits for a write still under
// way and raises nothing, so that no write runs on the connection while
// the transaction is rolled back.
func TestWriteBehindPanic(t *testing.T) {
	s := openInternal(t)
	tx, err := s.db.BeginTx(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	w := &writeBehind{tx: tx}
	if err := w.behind(func(*sql.Tx, *sql.Conn) error { panic("boom") }); err != nil {
		t.Fatal(err)
	}
	func() {
		defer func() {
			if p := recover(); p != "boom" {
				t.Errorf("ready recovered %v, want the write's panic", p)
			}
		}()
		w.ready()
		t.Error("ready returned after a write panicked")
	}()
	if _, err := w.ready(); err == nil || !strings.Contains(err.Error(), "panicked: boom") {
		t.Errorf("after the panic ready returns %v, want the write's error", err)
	}

	w = &writeBehind{tx: tx}
	release, finished := make(chan struct{}), false
	if err := w.behind(func(*sql.Tx, *sql.Conn) error {
		<-release
		finished = true
		panic("late")
	}); err != nil {
		t.Fatal(err)
	}
	close(release)
	w.settle() // must wait for the write, and not panic
	if !finished {
		t.Error("settle returned while the write was under way")
	}
}
