package exchange_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/relmap/relmap/exchange"
	"github.com/relmap/relmap/graph"
)

func importCSV(t *testing.T, st graph.Store, data []byte, opts exchange.ImportOptions) (*graph.UpsertResult, error) {
	t.Helper()
	_, res, err := exchange.ImportCSV(testContext(t), st, data, opts)
	return res, err
}

// TestExamples imports the example files of examples/ (detecting their
// kind; organisations.csv and relationships.csv are Dutch Excel files with
// ';', a BOM and decimal commas), then again: nothing changes.
func TestExamples(t *testing.T) {
	st := openStore(t)
	want := map[exchange.Kind]int{exchange.Employees: 3, exchange.Organisations: 3, exchange.Persons: 3, exchange.Relationships: 5, exchange.Contacts: 3}
	for _, k := range exchange.CSVKinds {
		data, err := os.ReadFile(filepath.Join("..", "examples", string(k)+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := exchange.DetectKind(data); err != nil || got != k {
			t.Errorf("%s: detected %q, %v", k, got, err)
		}
		dry, err := importCSV(t, st, data, exchange.ImportOptions{DryRun: true})
		if err != nil {
			t.Fatalf("%s: dry run: %v", k, err)
		}
		res, err := importCSV(t, st, data, exchange.ImportOptions{})
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		if *res != *dry {
			t.Errorf("%s: import %+v, dry run %+v", k, res, dry)
		}
		c := counts(res, k)
		if c.Created != want[k] || c.Updated+c.Unchanged != 0 {
			t.Errorf("%s: %+v, want %d created", k, c, want[k])
		}
	}
	for _, k := range exchange.CSVKinds {
		data, _ := os.ReadFile(filepath.Join("..", "examples", string(k)+".csv"))
		res, err := importCSV(t, st, data, exchange.ImportOptions{Kind: k})
		if err != nil || res.Changed() {
			t.Errorf("%s: re-import: %+v %v, want nothing changed", k, res, err)
		}
	}
	r, err := st.FindRelationshipByID(t.Context(), "works_at:per-jan:org-fonds")
	if err != nil || r.Strength != 0.9 || r.Since.Format("2006-01-02") != "2019-03-01" {
		t.Errorf("works_at: %+v %v, want strength 0.9 (from 0,9) since 2019-03-01 (from 01-03-2019)", r, err)
	}
	o, err := st.FindOrganisationByID(t.Context(), "org-fonds")
	if err != nil || o.Contribution.Want != "Meefinancieren van de pilot; twee jaar" || o.Source != "" {
		t.Errorf("org-fonds: %+v %v", o, err)
	}
	g, _ := st.FindOrganisationByID(t.Context(), "org-gemeente")
	if g == nil || !g.Contribution.InterestsUnknown {
		t.Errorf("org-gemeente: %+v, want interests unknown (ja)", g)
	}
}

func counts(r *graph.UpsertResult, k exchange.Kind) graph.Counts {
	return map[exchange.Kind]graph.Counts{
		exchange.Employees: r.Employees, exchange.Organisations: r.Organisations, exchange.Persons: r.Persons,
		exchange.Relationships: r.Relationships, exchange.Contacts: r.Contacts,
	}[k]
}

// problems formats errors one a line, as the command line prints them.
func problems(err error) string {
	var es graph.Errors
	switch e := err.(type) {
	case graph.Errors:
		es = e
	case *graph.Error:
		es = graph.Errors{e}
	default:
		return fmt.Sprintf("not input errors: %v", err)
	}
	var b strings.Builder
	for _, e := range es {
		fmt.Fprintf(&b, "%s | %s | %s\n", e.Item, e.Field, e.Message)
	}
	return b.String()
}

// TestCSVErrors plants the bad input of issue 7 in a relationships file:
// every problem is reported with its line, column and value, and nothing
// is stored. The column is the file's also where relmap stores a symmetric
// tie's ends the other way round (lines 11 and 12: knows ties are stored
// with the smaller id first).
func TestCSVErrors(t *testing.T) {
	st := openStore(t)
	if _, err := importCSV(t, st, []byte("id,name,role\nemp-anna,Anna,staff\n"), exchange.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := importCSV(t, st, []byte("id,name,email\nper-jan,Jan,\nper-kees,Kees,\n"), exchange.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	before := network(t, st)

	file := "type;from;to;strength;note\n" + // 1
		"knows;emp-anna;per-jan;0,8;fine\n" + // 2
		"knows;emp-anna;per-kees;1,5;too strong\n" + // 3
		"knows;emp-anna;per-kees;abc;not a number\n" + // 4
		"knows;emp-anna;per-nobody;0.5;unknown end\n" + // 5
		"knows;per-jan;emp-anna;0.5;the tie of line 2 again\n" + // 6
		"knows;per-jan;per-kees\n" + // 7
		"likes;per-jan;per-kees;0.5;\n" + // 8
		"knows;per-kees;per-kees;0.5;\n" + // 9
		"works_at;per-kees;per-jan;;\n" + // 10
		"knows;per-nobody;per-jan;0.5;unknown start\n" + // 11
		"knows;per-kees;;0.5;no end\n" + // 12
		"knows;per-jan;per-kees;0.5;\"never closed\n" + // 13
		"knows;per-jan;per-kees;0.5;x\n"
	_, err := importCSV(t, st, []byte(file), exchange.ImportOptions{})
	want := `line 3 | strength | 1.5 is outside [0,1]
line 4 | strength | "abc" is not a number
line 5 | to | node "per-nobody" does not exist
line 6 | id | "knows:emp-anna:per-jan" is also the id of line 2
line 7 |  | has 3 fields, the header 5
line 8 | type | "likes" is not one of knows, works_at, board_member_of, member_of, funds, refers_to, partners_with, advises, reports_to
line 9 | to | a relationship cannot connect "per-kees" to itself
line 10 | strength | is required
line 11 | from | node "per-nobody" does not exist
line 12 | to | is required
line 13 |  | the quote opened in column 28 is never closed
`
	if got := problems(err); got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
	if graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("code %q, want invalid", graph.ErrorCode(err))
	}
	if after := network(t, st); !reflect.DeepEqual(before, after) {
		t.Error("a file with problems changed the store")
	}
}

func TestCSVFileProblems(t *testing.T) {
	st := openStore(t)
	// The persons columns, as the message lists them (Columns is their
	// documentation; the list grows with the record).
	var personCols []string
	for _, c := range exchange.Columns(exchange.Persons) {
		personCols = append(personCols, c.Name)
	}
	for _, tc := range []struct {
		name string
		data string
		kind exchange.Kind
		want string
	}{
		{"empty", "", exchange.Persons, " |  | the file is empty; it needs a header row naming its columns, e.g. id,name\n"},
		{"empty detected", "\uFEFF\n", "", " |  | the file is empty; it needs a header row naming its columns, e.g. \n"},
		{"binary", "id,name\n\x00\x01\x02", exchange.Persons, "line 2 |  | the file holds binary data (a NUL byte); give a CSV text file\n"},
		{"latin-1", "id,name\nper-1,Jos\xe9\n", exchange.Persons, "line 2 |  | the file is not UTF-8 (byte 0xe9); save it as \"CSV UTF-8\"\n"},
		{"header", "ID,Nom,Email,email\n", exchange.Persons, "line 1 | nom | is not a known column (the columns are " + strings.Join(personCols, ", ") + ")\n" +
			"line 1 | email | is a column twice\n" +
			"line 1 | name | the column is missing\n"},
		{"no rows", "id,name\n", exchange.Persons, " |  | the file has a header but no rows\n"},
		{"unknown kind", "id,name\nx,y\n", "", " | kind | cannot tell from the header (id,name) what the file holds; name the kind (employees, organisations, persons, relationships, contacts)\n"},
		{"bad bool and field", "Id;Name;Do Not Route;Email\nper-1;Jo;misschien;jo@\n", "", "line 2 | do_not_route | \"misschien\" is not true or false (yes/no, ja/nee, 1/0)\n"},
		{"store checks", "id;name;email;contribution_know\nper-1;Jo;jo@;" + strings.Repeat("x", 4001) + "\n", "", "line 2 | contribution_know | is longer than 4000 bytes\nline 2 | email | \"jo@\" is not an e-mail address\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := importCSV(t, st, []byte(tc.data), exchange.ImportOptions{Kind: tc.kind})
			if got := problems(err); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// TestCSVProblemCap: a file with 150 bad rows reports the first 100 and
// how many more there were.
func TestCSVProblemCap(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("type,from,to,strength\n")
	for i := range 150 {
		fmt.Fprintf(&b, "knows,per-%d,per-x,abc\n", i)
	}
	_, err := importCSV(t, openStore(t), b.Bytes(), exchange.ImportOptions{})
	var es graph.Errors
	if e, ok := err.(graph.Errors); ok {
		es = e
	}
	if len(es) != exchange.MaxProblems+1 || es[0].Item != "line 2" || es[99].Item != "line 101" ||
		es[100].Message != "… and 50 more problems (only the first 100 are shown)" {
		t.Errorf("%d problems, last %v", len(es), es[len(es)-1])
	}
}

// TestCSVRoundTrip: every kind exported as CSV and imported, in
// exchange.CSVKinds order, into an empty store gives the same network and
// the same records.
func TestCSVRoundTrip(t *testing.T) {
	a := demoStore(t)
	b := openStore(t)
	for _, k := range exchange.CSVKinds {
		var buf bytes.Buffer
		if err := exchange.WriteCSV(testContext(t), &buf, a, k); err != nil {
			t.Fatal(err)
		}
		if _, err := importCSV(t, b, buf.Bytes(), exchange.ImportOptions{Kind: k}); err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		var again bytes.Buffer
		if err := exchange.WriteCSV(testContext(t), &again, b, k); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), again.Bytes()) {
			t.Errorf("%s: the re-export differs:\n%s", k, firstDiff(buf.String(), again.String()))
		}
	}
	if !reflect.DeepEqual(network(t, a), network(t, b)) {
		t.Error("the network differs after a CSV round trip")
	}
}

// TestEmployeeEndCSV: the end column of employees is read, checked
// against the start and the contacts (line and column named, nothing
// stored), and written back.
func TestEmployeeEndCSV(t *testing.T) {
	st := openStore(t)
	for _, f := range []string{
		"id,name,role,start,end\nemp-anna,Anna,staff,2024-01-01,31-03-2026\nemp-bob,Bob,staff,,\n",
		"id,name,title\nper-jan,Jan,wethouder\n",
		"date,employee_id,stakeholder_id,mode\n2026-03-31,emp-anna,per-jan,meeting\n",
	} {
		if _, err := importCSV(t, st, []byte(f), exchange.ImportOptions{}); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	before := network(t, st)
	for _, c := range []struct{ file, want string }{
		{"date,employee_id,stakeholder_id,mode\n2026-03-30,emp-anna,per-jan,phone\n2026-04-01,emp-anna,per-jan,phone\n",
			"line 3 | date | 2026-04-01 is after employee \"emp-anna\" left on 2026-03-31\n"},
		{"id,name,role,start,end\nemp-bob,Bob,staff,2025-06-01,2025-05-31\nemp-anna,Anna,staff,2024-01-01,2026-03-30\n",
			"line 2 | end | 2025-05-31 is before the start of employment (2025-06-01)\n" +
				"line 3 | end | 2026-03-30 is before the contact of 2026-03-31 already logged for employee \"emp-anna\"\n"},
		{"id,name,role,end\nemp-bob,Bob,staff,soon\n", "line 2 | end | \"soon\" is not a date (YYYY-MM-DD or DD-MM-YYYY)\n"},
	} {
		_, err := importCSV(t, st, []byte(c.file), exchange.ImportOptions{})
		if got := problems(err); got != c.want {
			t.Errorf("%s: got\n%s\nwant\n%s", c.file, got, c.want)
		}
	}
	if after := network(t, st); !reflect.DeepEqual(before, after) {
		t.Error("a file with problems changed the store")
	}
	var buf bytes.Buffer
	if err := exchange.WriteCSV(testContext(t), &buf, st, exchange.Employees); err != nil {
		t.Fatal(err)
	}
	want := "id,name,role,email,team,start,end,source\nemp-anna,Anna,staff,,,2024-01-01,2026-03-31,\nemp-bob,Bob,staff,,,,,\n"
	if buf.String() != want {
		t.Errorf("export:\n%s\nwant\n%s", buf.String(), want)
	}
	// The JSON export carries it too, with her contacts.
	data := export(t, st)
	if !bytes.Contains(data, []byte(`"end": "2026-03-31T00:00:00Z"`)) {
		t.Errorf("the JSON export holds no end of employment:\n%s", data)
	}
	b := openStore(t)
	importJSON(t, b, data, false)
	if !reflect.DeepEqual(network(t, st), network(t, b)) {
		t.Error("the network differs after a JSON round trip")
	}
	anna := "emp-anna"
	if _, n, err := b.FindContacts(t.Context(), graph.ContactFilter{EmployeeID: &anna}); err != nil || n != 1 {
		t.Errorf("%d contacts of emp-anna after the round trip (%v), want 1", n, err)
	}
}

func TestParseKind(t *testing.T) {
	for in, want := range map[string]exchange.Kind{"organisation": exchange.Organisations, "Persons": exchange.Persons, "JSON": exchange.JSON, "contact": exchange.Contacts} {
		if got, err := exchange.ParseKind(in); err != nil || got != want {
			t.Errorf("ParseKind(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := exchange.ParseKind("assessments"); err == nil {
		t.Error("ParseKind(assessments) did not fail")
	}
	if k, err := exchange.DetectKind([]byte("  {\"persons\": []}")); err != nil || k != exchange.JSON {
		t.Errorf("DetectKind(json) = %q, %v", k, err)
	}
}
