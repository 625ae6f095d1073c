package exchange_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/relmap/relmap/exchange"
	"github.com/relmap/relmap/graph"
)

// bigPersons returns a persons file of n rows: line 1 the header, person i
// (per-0, per-1, …) on line i+2; edit may change a row's cells.
func bigPersons(n int, edit func(i int, id, owner *string)) []byte {
	return personRows(n, func(i int) string {
		id, owner := fmt.Sprintf("per-%d", i), ""
		if edit != nil {
			edit(i, &id, &owner)
		}
		return fmt.Sprintf("%s,Person %d,%s", id, i, owner)
	})
}

// personRows returns a persons file of columns id, name and owner_id with
// n rows: row i, as row(i) writes it, on line i+2.
func personRows(n int, row func(i int) string) []byte {
	var b strings.Builder
	b.WriteString("id,name,owner_id\n")
	for i := range n {
		b.WriteString(row(i))
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// unchanged fails the test when st holds a person or its version is not v.
func unchanged(t *testing.T, st graph.Store, v int64) {
	t.Helper()
	if got, _ := st.Version(t.Context()); got != v {
		t.Errorf("version %d after a refused import, want %d", got, v)
	}
	if _, total, err := st.FindPersons(t.Context(), graph.NodeFilter{}); err != nil || total != 0 {
		t.Errorf("%d persons stored after a refused import (%v), want 0", total, err)
	}
}

// TestImportInParts: a file of more than ImportOptions.PartRows rows goes
// to the store in parts, in one transaction. With parts of 1,000 rows and
// n = 6,000 there are six parts; row 5,500 (line 5,502) is in the sixth.
func TestImportInParts(t *testing.T) {
	const n = 6000
	opts := exchange.ImportOptions{Kind: exchange.Persons, PartRows: 1000}
	st := openStore(t)
	v0, _ := st.Version(t.Context())

	// A stored-data problem in the last part: an owner that does not exist.
	// Nothing of the first five parts stays.
	bad := bigPersons(n, func(i int, _, owner *string) {
		if i == 5500 {
			*owner = "emp-nobody"
		}
	})
	_, err := importCSV(t, st, bad, opts)
	if got := problems(err); !strings.HasPrefix(got, "line 5502 | owner_id |") || strings.Count(got, "\n") != 1 {
		t.Errorf("problems:\n%s\nwant one, on line 5502, column owner_id", got)
	}
	// An id of the first part again in the last: row 5,500 takes the id of
	// row 10 (line 12).
	dup := bigPersons(n, func(i int, id, _ *string) {
		if i == 5500 {
			*id = "per-10"
		}
	})
	_, err = importCSV(t, st, dup, opts)
	if got, want := problems(err), "line 5502 | id | \"per-10\" is also the id on line 12\n"; got != want {
		t.Errorf("problems:\n%s\nwant\n%s", got, want)
	}
	if v, _ := st.Version(t.Context()); v != v0 {
		t.Fatalf("version %d after refused imports, want %d", v, v0)
	}
	_, total, err := st.FindPersons(t.Context(), graph.NodeFilter{})
	if err != nil || total != 0 {
		t.Fatalf("%d persons stored after refused imports (%v), want 0", total, err)
	}

	good := bigPersons(n, nil)
	dryOpts := opts
	dryOpts.DryRun = true
	dry, err := importCSV(t, st, good, dryOpts)
	if err != nil || dry.Persons.Created != n {
		t.Fatalf("dry run: %+v %v, want %d created", dry, err, n)
	}
	res, err := importCSV(t, st, good, opts)
	if err != nil || res.Persons.Created != n {
		t.Fatalf("import: %+v %v, want %d created", res, err, n)
	}
	if v, _ := st.Version(t.Context()); v != v0+1 {
		t.Errorf("version %d, want %d: one transaction", v, v0+1)
	}
	res, err = importCSV(t, st, good, opts)
	if err != nil || res.Changed() || res.Persons.Unchanged != n {
		t.Fatalf("re-import: %+v %v, want %d unchanged", res, err, n)
	}
}

// TestImportPartsProblems: every problem of a file of several parts is
// reported, whichever part it is in and whether the store or the reading
// finds it, and nothing is stored. With parts of 1,000 rows, n = 6,000
// rows make six parts; row i is on line i+2, so part p holds lines
// 1000p+2 … 1000p+1001.
func TestImportPartsProblems(t *testing.T) {
	const n = 6000
	opts := exchange.ImportOptions{Kind: exchange.Persons, PartRows: 1000}
	st := openStore(t)
	v0, _ := st.Version(t.Context())
	row := func(i int) string { return fmt.Sprintf("per-%d,Person %d,", i, i) }

	// The first problem is one of reading (part 1), which stops the
	// transaction; the store finds those of parts 3 and 5, the reading
	// those of parts 4 (an id of part 0) and 5 (a duplicate inside the
	// part, which the store reports as "of line", the reading across
	// parts as "on line").
	_, err := importCSV(t, st, personRows(n, func(i int) string {
		switch i {
		case 1500:
			return "per-1500,Person 1500"
		case 3200:
			return "per-3200,Person 3200,emp-nobody"
		case 4100:
			return "per-0,Person 4100,"
		case 5500:
			return "per-5400,Person 5500,"
		case 5999:
			return "per-5999,Person 5999,emp-last"
		}
		return row(i)
	}), opts)
	want := `line 1502 |  | has 2 fields, the header 3
line 3202 | owner_id | employee "emp-nobody" does not exist
line 4102 | id | "per-0" is also the id on line 2
line 5502 | id | "per-5400" is also the id of line 5402
line 6001 | owner_id | employee "emp-last" does not exist
`
	if got := problems(err); got != want {
		t.Errorf("reading first: problems\n%s\nwant\n%s", got, want)
	}
	unchanged(t, st, v0)

	// The first problem is the store's (part 2, inside the transaction,
	// while part 3 is read ahead: its problem is reported too); a reading
	// problem follows in the last part.
	_, err = importCSV(t, st, personRows(n, func(i int) string {
		switch i {
		case 2500:
			return "per-2500,Person 2500,emp-nobody"
		case 3500:
			return "per-3500,Person 3500,emp-nobody"
		case 5500:
			return "per-5500"
		}
		return row(i)
	}), opts)
	want = `line 2502 | owner_id | employee "emp-nobody" does not exist
line 3502 | owner_id | employee "emp-nobody" does not exist
line 5502 |  | has 1 fields, the header 3
`
	if got := problems(err); got != want {
		t.Errorf("store first: problems\n%s\nwant\n%s", got, want)
	}
	unchanged(t, st, v0)

	// Every 40th row is short: rows 0, 40, …, 5960 are 150 problems in
	// all six parts. The first 100 are rows 0 … 3960 (lines 2 … 3962).
	_, err = importCSV(t, st, personRows(n, func(i int) string {
		if i%40 == 0 {
			return fmt.Sprintf("per-%d", i)
		}
		return row(i)
	}), opts)
	var es graph.Errors
	if !errors.As(err, &es) || len(es) != exchange.MaxProblems+1 || es[0].Item != "line 2" || es[99].Item != "line 3962" ||
		es[100].Message != "… and 50 more problems (only the first 100 are shown)" {
		t.Errorf("capped: %d problems (%v), want %d ending with 50 more", len(es), err, exchange.MaxProblems+1)
	}
	unchanged(t, st, v0)
}

// TestImportCSVFrom streams a file of several parts from readers that are
// no byte slice: one that hands out a byte at a time, and one that fails
// half way (the reader's error, not a problem of the file; nothing
// stored).
func TestImportCSVFrom(t *testing.T) {
	const n = 6000
	opts := exchange.ImportOptions{Kind: exchange.Persons, PartRows: 1000}
	st := openStore(t)
	v0, _ := st.Version(t.Context())
	data := bigPersons(n, nil)

	broken := errors.New("disk on fire")
	r := io.MultiReader(bytes.NewReader(data[:len(data)/2]), iotest.ErrReader(broken))
	if _, _, err := exchange.ImportCSVFrom(testContext(t), st, r, opts); !errors.Is(err, broken) || graph.ErrorCode(err) == graph.EINVALID {
		t.Errorf("a failing reader: %v, want %v", err, broken)
	}
	unchanged(t, st, v0)

	cb, res, err := exchange.ImportCSVFrom(testContext(t), st, iotest.OneByteReader(bytes.NewReader(data)), opts)
	if err != nil || cb.Kind != exchange.Persons || res.Persons.Created != n {
		t.Fatalf("one byte at a time: %+v %v, want %d persons created", res, err, n)
	}
}

// TestImportRelationshipsInParts: a relationships file of several parts
// among stored persons (the stores write a part with statements of many
// rows each, and remember the persons' kinds from part to part). A bad
// reference in the middle of the middle part is reported on its line and
// nothing is stored; the good file is stored in one transaction, and again
// changes nothing. With parts of 1,000 rows, n = 6,000 rows make six
// parts; row 2,500 is on line 2,502, in part 2.
func TestImportRelationshipsInParts(t *testing.T) {
	const n, persons = 6000, 300
	opts := exchange.ImportOptions{Kind: exchange.Relationships, PartRows: 1000}
	st := openStore(t)
	if _, err := importCSV(t, st, bigPersons(persons, nil), exchange.ImportOptions{Kind: exchange.Persons}); err != nil {
		t.Fatal(err)
	}
	v0, _ := st.Version(t.Context())
	file := func(bad int) []byte {
		var b strings.Builder
		b.WriteString("id,type,from,to,strength\n")
		for i := range n {
			to := fmt.Sprintf("per-%d", (i*7+1)%persons)
			if i == bad {
				to = "per-nobody"
			}
			fmt.Fprintf(&b, "rel-%d,knows,per-%d,%s,0.5\n", i, i%persons, to)
		}
		return []byte(b.String())
	}
	// Row i ties per-(i mod 300) to per-((7i+1) mod 300), never to itself:
	// that would need 6i+1 ≡ 0 (mod 300), but 6i+1 is odd and every
	// multiple of 300 even.
	_, err := importCSV(t, st, file(2500), opts)
	if got, want := problems(err), "line 2502 | to | node \"per-nobody\" does not exist\n"; got != want {
		t.Errorf("problems:\n%s\nwant\n%s", got, want)
	}
	if v, _ := st.Version(t.Context()); v != v0 {
		t.Errorf("version %d after a refused import, want %d", v, v0)
	}
	if _, total, err := st.FindRelationships(t.Context(), graph.RelationshipFilter{}); err != nil || total != 0 {
		t.Fatalf("%d relationships stored after a refused import (%v), want 0", total, err)
	}
	res, err := importCSV(t, st, file(-1), opts)
	if err != nil || res.Relationships.Created != n {
		t.Fatalf("import: %+v %v, want %d created", res, err, n)
	}
	if v, _ := st.Version(t.Context()); v != v0+1 {
		t.Errorf("version %d, want %d: one transaction", v, v0+1)
	}
	res, err = importCSV(t, st, file(-1), opts)
	if err != nil || res.Changed() || res.Relationships.Unchanged != n {
		t.Fatalf("re-import: %+v %v, want %d unchanged", res, err, n)
	}
}
