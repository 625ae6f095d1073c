package exchange_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/relmap/relmap/exchange"
	"github.com/relmap/relmap/graph"
)

// bigPersons returns a persons file of n rows: line 1 the header, person i
// (per-0, per-1, …) on line i+2; edit may change a row's cells.
func bigPersons(n int, edit func(i int, id, owner *string)) []byte {
	var b strings.Builder
	b.WriteString("id,name,owner_id\n")
	for i := range n {
		id, owner := fmt.Sprintf("per-%d", i), ""
		if edit != nil {
			edit(i, &id, &owner)
		}
		fmt.Fprintf(&b, "%s,Person %d,%s\n", id, i, owner)
	}
	return []byte(b.String())
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
