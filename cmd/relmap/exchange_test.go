package main

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
)

// The commands are tested through runImport and runExport until main
// dispatches them.
func importCmd(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := runImport(t.Context(), args, env(nil), &out, &errOut)
	return out.String(), errOut.String(), err
}

func exportCmd(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := runExport(t.Context(), args, env(nil), &out, &errOut)
	return out.String(), errOut.String(), err
}

func readNetwork(t *testing.T, db string) *graph.Network {
	t.Helper()
	st, err := sqlitestore.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	n, err := graph.ReadNetwork(t.Context(), st)
	if err != nil {
		t.Fatal(err)
	}
	n.Version = 0
	return n
}

// TestImportExamples imports examples/*.csv (dry run, then for real, then
// again), exports everything as JSON, imports that into a fresh store and
// compares the networks; then exports GraphML and GEXF.
func TestImportExamples(t *testing.T) {
	db := filepath.Join(t.TempDir(), "relmap.db")
	want := map[string]string{"employees": "3", "organisations": "3", "persons": "3", "relationships": "5", "contacts": "3"}
	for _, k := range []string{"employees", "organisations", "persons", "relationships", "contacts"} {
		file := filepath.Join("..", "..", "examples", k+".csv")
		out, errOut, err := importCmd(t, "-db", db, "-dry-run", file)
		if err != nil || out != "dry run: "+k+": "+want[k]+" created, 0 updated, 0 unchanged\n" {
			t.Fatalf("dry run %s: %q %q %v", k, out, errOut, err)
		}
		// Flags after the file work too.
		out, errOut, err = importCmd(t, file, "-db", db, "-kind", k)
		if err != nil || out != k+": "+want[k]+" created, 0 updated, 0 unchanged\n" {
			t.Fatalf("import %s: %q %q %v", k, out, errOut, err)
		}
	}
	out, _, err := importCmd(t, "-db", db, filepath.Join("..", "..", "examples", "relationships.csv"))
	if err != nil || out != "relationships: 0 created, 0 updated, 5 unchanged\n" {
		t.Errorf("re-import: %q %v", out, err)
	}

	dump := filepath.Join(t.TempDir(), "dump.json")
	if out, errOut, err := exportCmd(t, "-db", db, "-o", dump); err != nil || out != "" {
		t.Fatalf("export: %q %q %v", out, errOut, err)
	}
	db2 := filepath.Join(t.TempDir(), "copy.db")
	out, errOut, err := importCmd(t, "-db", db2, dump)
	if err != nil || !strings.Contains(out, "persons: 3 created, 0 updated, 0 unchanged\n") || !strings.Contains(out, "assessments: 0 created, 0 updated, 0 unchanged; scheme unchanged; policies unchanged\n") {
		t.Fatalf("import json: %q %q %v", out, errOut, err)
	}
	if !reflect.DeepEqual(readNetwork(t, db), readNetwork(t, db2)) {
		t.Error("the network differs after export and import")
	}
	out, _, err = importCmd(t, "-db", db2, "-kind", "json", dump)
	if err != nil || strings.Contains(out, " 1 created") || !strings.Contains(out, "scheme unchanged; policies unchanged") {
		t.Errorf("re-import json: %q %v", out, err)
	}

	for _, format := range []string{"graphml", "gexf"} {
		out, _, err := exportCmd(t, "-db", db, "-format", format)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct{ XMLName xml.Name }
		if err := xml.Unmarshal([]byte(out), &doc); err != nil || !strings.Contains(out, "Fonds Zorg en Welzijn") {
			t.Errorf("%s: %v\n%s", format, err, out)
		}
	}
	out, _, err = exportCmd(t, "-db", db, "-format", "csv", "-kind", "organisations")
	if err != nil || !strings.HasPrefix(out, "id,name,sector,city,website,party_type,owner_id,source,") || strings.Count(out, "\n") != 4 {
		t.Errorf("csv: %q %v", out, err)
	}
}

// TestImportProblems: every problem on stderr with its line and column,
// nothing stored.
func TestImportProblems(t *testing.T) {
	db := segmentDB(t)
	before := readNetwork(t, db)
	file := writeFile(t, "ties.csv", "\uFEFFtype;from;to;strength\nknows;emp-anna;per-jan;0,8\nknows;emp-anna;per-nobody;0,5\nworks_at;per-jan;org-gp;1,5\n")
	out, errOut, err := importCmd(t, "-db", db, file)
	if err == nil || errors.As(err, new(usageError)) || out != "" {
		t.Fatalf("err = %v, out %q; want a data error", err, out)
	}
	want := "line 3: to: node \"per-nobody\" does not exist\nline 4: strength: 1.5 is outside [0,1]\n"
	if errOut != want || err.Error() != file+": 2 problems; nothing was stored" {
		t.Errorf("stderr %q, err %v", errOut, err)
	}
	if !reflect.DeepEqual(before, readNetwork(t, db)) {
		t.Error("the store changed")
	}
}

// TestImportLinkedIn imports a LinkedIn Connections.csv (notes before the
// header on line 4) for emp-anna into segmentDB's store: Jan de Vries is
// stored (merged by name, with Gemeente Zwolle); Johan de Vries resembles
// him (near-miss, created); the fund is new. Then again: nothing changes.
func TestImportLinkedIn(t *testing.T) {
	db := segmentDB(t)
	file := writeFile(t, "Connections.csv", "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\n"+
		"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"+
		"Jan,de Vries,,,Gemeente Zwolle,Wethouder,12 Mar 2021\n"+
		"Johan,de Vries,https://www.linkedin.com/in/johandevries,,Fonds Zorg & Welzijn,Directeur,03 Feb 2020\n")
	out, errOut, err := importCmd(t, "-db", db, "-kind", "linkedin", "-employee", "emp-anna", "-strength", "0,4", file)
	if err == nil || !errors.As(err, new(usageError)) {
		t.Errorf("-strength 0,4: %v, want a usage error (flags take a decimal point)", err)
	}
	out, errOut, err = importCmd(t, "-db", db, "-kind", "LinkedIn", "-employee", "emp-anna", "-strength", "0.4", file)
	want := `near-miss: line 6: person "Johan de Vries" → li-johandevries, new; resembles per-jan (same surname and first initial, or a name within 2 edits): confirm
merged: line 5: person "Jan de Vries" → per-jan (by name)
merged: line 5: organisation "Gemeente Zwolle" → org-none (by name)
new: line 6: organisation "Fonds Zorg & Welzijn" → li-org-fonds-zorg-welzijn
linkedin: 2 merged, 1 near-misses to confirm, 1 new, 0 skipped
employees: 0 created, 0 updated, 0 unchanged
organisations: 1 created, 0 updated, 0 unchanged
persons: 1 created, 1 updated, 0 unchanged
relationships: 4 created, 0 updated, 0 unchanged
contacts: 0 created, 0 updated, 0 unchanged
`
	if err != nil || out != want {
		t.Fatalf("import: %v %s\n%s\nwant\n%s", err, errOut, out, want)
	}
	st, err := sqlitestore.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	r, err := st.FindRelationshipByID(t.Context(), "knows:emp-anna:per-jan")
	st.Close()
	if err != nil || r.Strength != 0.4 || r.Source != graph.SourceLinkedIn || r.Since.Format("2006-01-02") != "2021-03-12" {
		t.Errorf("knows tie: %+v %v", r, err)
	}
	out, _, err = importCmd(t, "-db", db, "-kind", "linkedin", "-employee", "emp-anna", "-strength", "0.4", "-dry-run", file)
	if err != nil || !strings.Contains(out, "dry run: persons: 0 created, 0 updated, 2 unchanged\n") || !strings.Contains(out, "dry run: relationships: 0 created, 0 updated, 4 unchanged\n") {
		t.Errorf("re-import: %v\n%s", err, out)
	}
	_, errOut, err = importCmd(t, "-db", db, "-kind", "linkedin", "-employee", "emp-nobody", file)
	if err == nil || errors.As(err, new(usageError)) || errOut != "employee: employee \"emp-nobody\" does not exist\n" {
		t.Errorf("unknown employee: %v %q", err, errOut)
	}
}

func TestExchangeUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "relmap.db")
	for _, args := range [][]string{
		{"-db", db},
		{"-db", db, "a.csv", "b.csv"},
		{"-db", db, "-kind", "assessments", "a.csv"},
		{"-db", db, "-kind", "linkedin", "a.csv"},
		{"-db", db, "-kind", "linkedin", "-employee", "emp-anna", "-strength", "1.5", "a.csv"},
		{"-db", db, "-employee", "emp-anna", "a.csv"},
		{"-db", db, "-kind", "persons", "-strength", "0.5", "a.csv"},
	} {
		if _, _, err := importCmd(t, args...); !errors.As(err, new(usageError)) {
			t.Errorf("import %v: %v, want a usage error", args, err)
		}
	}
	for _, args := range [][]string{
		{"-db", db, "-format", "dot"},
		{"-db", db, "-format", "csv"},
		{"-db", db, "-format", "json", "-kind", "persons"},
	} {
		if _, _, err := exportCmd(t, args...); !errors.As(err, new(usageError)) {
			t.Errorf("export %v: %v, want a usage error", args, err)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a usage error opened the store")
	}
}

// TestImportProgress drives the progress of a 50,000-row file (50,001
// lines with the header) as exchange.ImportCSV does, every 10,000 rows, on
// a fake writer and a clock that advances 2 s over the import.
func TestImportProgress(t *testing.T) {
	start := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	clock := start
	now := func() time.Time { return clock }
	run := func(terminal bool) string {
		var w bytes.Buffer
		clock = start
		p := newImportProgress(&w, 50001, terminal, now)
		for rows := 10000; rows <= 50000; rows += 10000 {
			p.update("importing", rows)
		}
		clock = start.Add(2 * time.Second)
		p.finish(50000, true)
		return w.String()
	}
	// Plain lines at each new tenth: 10,000 rows are 10,000·10/50,001 = 1
	// tenth (19%), 20,000 are 3 (39%), then 5, 7 and 9 tenths; 50,000 rows
	// in 2 s are 25,000 rows/s.
	want := "import: 10000 of about 50000 rows (19%)\n" +
		"import: 20000 of about 50000 rows (39%)\n" +
		"import: 30000 of about 50000 rows (59%)\n" +
		"import: 40000 of about 50000 rows (79%)\n" +
		"import: 50000 of about 50000 rows (99%)\n" +
		"import: done: 50000 rows read in 2s, 25000 rows/s\n"
	if got := run(false); got != want {
		t.Errorf("plain progress:\n%s\nwant\n%s", got, want)
	}
	// On a terminal: progressbar's bar redrawn in place, 25 wide (19% is
	// int(10000/50001·25) = 4 blocks), with the count, ending at 100% with
	// a newline, then the summary.
	got := run(true)
	if !strings.HasPrefix(got, "\rimport  19% |████                     | (10000/50001) \r") ||
		!strings.Contains(got, "\rimport 100% |█████████████████████████| (50001/50001) \nimport: done: 50000 rows read in 2s, 25000 rows/s\n") {
		t.Errorf("terminal progress: %q", got)
	}
	if isTerminal(&bytes.Buffer{}) {
		t.Error("a buffer is taken for a terminal")
	}
}

// TestImportLargeFile: a CSV file is streamed, so a file larger than the
// 64 MiB that standard input, JSON and LinkedIn files are limited to is
// imported. The file is two persons with 65 MiB of blank lines (which a
// CSV reader skips) between them: the second is on line 3 + 65·2²⁰.
func TestImportLargeFile(t *testing.T) {
	large := func(last string) string {
		path := filepath.Join(t.TempDir(), "large.csv")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString("id,name\nper-first,First\n")
		blank := bytes.Repeat([]byte("\n"), 1<<20)
		for range 65 {
			f.Write(blank)
		}
		f.WriteString(last + "\n")
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		if fi, _ := os.Stat(path); fi.Size() <= maxAssessFileSize {
			t.Fatalf("the file has %d bytes, not more than %d", fi.Size(), maxAssessFileSize)
		}
		return path
	}
	db := filepath.Join(t.TempDir(), "relmap.db")
	// A problem on the last line is reported on its line, after the
	// progress summary.
	_, errOut, err := importCmd(t, "-db", db, "-kind", "persons", large("per-last"))
	if want := fmt.Sprintf("line %d: has 1 fields, the header 2\n", 3+65<<20); err == nil || !strings.HasSuffix(errOut, want) {
		t.Errorf("problem: %v %q, want %q", err, errOut, want)
	}
	out, errOut, err := importCmd(t, "-db", db, "-kind", "persons", large("per-last,Last"))
	if err != nil || out != "persons: 2 created, 0 updated, 0 unchanged\n" || !strings.Contains(errOut, "\nimport: done: 2 rows read in ") {
		t.Fatalf("import: %v\n%q\n%q", err, out, errOut)
	}
}
