package exchange_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/relmap/relmap/exchange"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
	"github.com/relmap/relmap/graph/storetest"
)

// fuzzKinds are the kinds a fuzzed CSV file is imported as: detected from
// the header (""), or named.
var fuzzKinds = append([]exchange.Kind{""}, exchange.CSVKinds...)

// fuzzStore opens a store for a fuzz run, loaded with the example files
// (so that fuzzed relationships and contacts find their ends, and fuzzed
// nodes meet stored ids). The fuzz functions only dry-run into it, so it
// stays as loaded; one store per fuzzing process keeps each run fast.
func fuzzStore(f *testing.F) *sqlitestore.Store {
	f.Helper()
	ctx := graph.WithActor(context.Background(), "fuzz")
	st, err := sqlitestore.Open(ctx, filepath.Join(f.TempDir(), "relmap.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	for _, k := range exchange.CSVKinds {
		if _, _, err := exchange.ImportCSV(ctx, st, exampleFile(f, k), exchange.ImportOptions{Kind: k}); err != nil {
			f.Fatalf("load examples/%s.csv: %v", k, err)
		}
	}
	return st
}

func exampleFile(f *testing.F, k exchange.Kind) []byte {
	f.Helper()
	data, err := os.ReadFile(filepath.Join("..", "examples", string(k)+".csv"))
	if err != nil {
		f.Fatal(err)
	}
	return data
}

// FuzzImportCSV imports arbitrary bytes as a CSV file of each kind, as a
// dry run into a store holding the examples. Properties:
//
//   - it never panics;
//   - an accepted file validates: the dry run counts every record read,
//     and the batch holds one file line per record;
//   - a rejected file gets only input problems (EINVALID, or ECONFLICT and
//     ENOTFOUND for clashes with stored data), each naming a line of the
//     file ("line N"), or a column, or being about the file as a whole —
//     never a store failure.
//
// The seeds are the example files (each as its own kind and detected) and
// the problem cases of csv_test.go.
func FuzzImportCSV(f *testing.F) {
	for _, k := range exchange.CSVKinds {
		data := exampleFile(f, k)
		f.Add(uint8(0), data)
		for i, fk := range fuzzKinds {
			if fk == k {
				f.Add(uint8(i), data)
			}
		}
	}
	for _, s := range []string{
		"id,name,role\nemp-x,X,staff\nemp-y,,staff\n",
		"id;name;sector\norg-x;X;\"unclosed\n",
		"id,name,role,role\n",
		"\uFEFFtype;from;to;strength\nknows;emp-anna;per-jan;0,8\nknows;emp-anna;per-nobody;2\n",
		"date,employee_id,stakeholder_id,mode\n31-12-2025,emp-anna,org-fonds,pigeon\n",
		"id,name,email\nper-x,X,not-an-email\nper-y,Y\n",
		"",
		"\x00\x01",
		"id,name,role\nemp-\xff,X,staff\n",
	} {
		f.Add(uint8(0), []byte(s))
	}
	st := fuzzStore(f)
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		k := fuzzKinds[int(kind)%len(fuzzKinds)]
		ctx := graph.WithActor(t.Context(), "fuzz")
		cb, res, err := exchange.ImportCSV(ctx, st, data, exchange.ImportOptions{Kind: k, DryRun: true})
		if err != nil {
			checkProblems(t, data, err)
			return
		}
		if n := cb.Batch.Len(); n == 0 || n != len(cb.Lines) {
			t.Fatalf("accepted %q: %d records, %d lines", data, n, len(cb.Lines))
		}
		if got := countsSum(res); got != cb.Batch.Len() {
			t.Fatalf("accepted %q: the dry run counted %d records of %d", data, got, cb.Batch.Len())
		}
	})
}

// FuzzImportLinkedIn imports arbitrary bytes as a LinkedIn Connections.csv
// of emp-anna, as a dry run into a store holding the examples, with the
// properties of FuzzImportCSV. Seeds: testdata/linkedin_*.csv.
func FuzzImportLinkedIn(f *testing.F) {
	for _, name := range []string{"linkedin_connections.csv", "linkedin_problems.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("First Name,Last Name,URL,Email Address,Company,Position,Connected On\nJan,de Vries,,,Fonds Zorg en Welzijn,Directeur,01 Mar 2024\n"))
	f.Add([]byte("Notes:\n\"When exporting your connection data…\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n,,,,,,\n"))
	st := fuzzStore(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx := graph.WithActor(t.Context(), "fuzz")
		_, res, err := exchange.ImportLinkedIn(ctx, st, data, "emp-anna", exchange.LinkedInOptions{DryRun: true})
		if err != nil {
			checkProblems(t, data, err)
			return
		}
		if countsSum(res) == 0 {
			t.Fatalf("accepted %q but the dry run counted no records", data)
		}
	})
}

func countsSum(r *graph.UpsertResult) int {
	n := 0
	for _, c := range []graph.Counts{r.Employees, r.Organisations, r.Persons, r.Relationships, r.Contacts} {
		n += c.Created + c.Updated + c.Unchanged
	}
	return n
}

var lineItem = regexp.MustCompile(`^line ([0-9]+)$`)

// fileProblems start the messages of problems about a file as a whole.
var fileProblems = []string{
	"the file is empty",
	"the file has a header but no",
	"no header row with LinkedIn's columns",
	"… and ",
}

// checkProblems checks a rejection of data (see FuzzImportCSV).
func checkProblems(t *testing.T, data []byte, err error) {
	t.Helper()
	es := storetest.ErrorList(err)
	if es == nil {
		t.Fatalf("%q: error %v is no graph.Error", data, err)
	}
	if len(es) == 0 || len(es) > exchange.MaxProblems+1 {
		t.Fatalf("%q: %d problems", data, len(es))
	}
	lines := 1 + bytes.Count(data, []byte{'\n'})
	for _, e := range es {
		switch e.Code {
		case graph.EINVALID, graph.ECONFLICT, graph.ENOTFOUND:
		default:
			t.Fatalf("%q: problem %v has code %s, want an input problem", data, e, e.Code)
		}
		if e.Message == "" {
			t.Fatalf("%q: problem %#v has no message", data, e)
		}
		if m := lineItem.FindStringSubmatch(e.Item); m != nil {
			if n, _ := strconv.Atoi(m[1]); n < 1 || n > lines {
				t.Fatalf("%q: problem %v names line %d of %d", data, e, n, lines)
			}
			continue
		}
		if e.Item != "" {
			t.Fatalf("%q: problem %v has item %q, want \"line N\"", data, e, e.Item)
		}
		if e.Field != "" {
			continue
		}
		whole := false
		for _, p := range fileProblems {
			whole = whole || strings.HasPrefix(e.Message, p)
		}
		if !whole {
			t.Fatalf("%q: problem %q names neither a line nor a column", data, e.Message)
		}
	}
}
