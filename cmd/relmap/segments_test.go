package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
	"github.com/relmap/relmap/segment"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/relmap -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// segmentDB creates a database file holding a small network:
//
//	emp-anna   our account manager
//	org-fund   Fonds Zorg en Welzijn, input
//	org-gp     Huisartsenpraktijk De Linde, intermediary
//	org-none   Gemeente Zwolle, input (never assessed)
//	per-jan    Jan de Vries, works at org-fund
func segmentDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "relmap.db")
	st, err := sqlitestore.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b := &graph.Batch{
		Employees: []*graph.Employee{{ID: "emp-anna", Name: "Anna Jansen", Role: graph.RoleAccountManager}},
		Organisations: []*graph.Organisation{
			{ID: "org-fund", Name: "Fonds Zorg en Welzijn", PartyType: graph.PartyInput, OwnerID: "emp-anna"},
			{ID: "org-gp", Name: "Huisartsenpraktijk De Linde", PartyType: graph.PartyIntermediary},
			{ID: "org-none", Name: "Gemeente Zwolle", PartyType: graph.PartyInput},
		},
		Persons: []*graph.Person{{ID: "per-jan", Name: "Jan de Vries"}},
		Relationships: []*graph.Relationship{
			{Type: graph.RelWorksAt, From: "per-jan", To: "org-fund", Strength: 0.8},
		},
	}
	if _, err := st.Upsert(t.Context(), b, graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	return db
}

// relmap runs the command line in-process and returns stdout, stderr and
// the error.
func relmap(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(t.Context(), args, env(nil), &out, &errOut)
	return out.String(), errOut.String(), err
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// assessmentsCSV is a spreadsheet export: a byte order mark, ';' as the
// delimiter, columns in their own order, Dutch and ISO dates, a quoted
// comment holding the delimiter. The scores are those of api's tests:
// org-fund attractiveness 4.0, accessibility 2.5 → Develop; org-gp 2.5 and
// 4.0 → Harvest; per-jan 3s on the threshold → Invest, except that
// openness is missing → Unassessed.
const assessmentsCSV = "\uFEFFStakeholder_ID;criterion_id;date;score;assessor;comment\r\n" +
	"org-fund;yield;15-1-2024;5;emp-anna;\"Grote financier; meerjarig\"\r\n" +
	"org-fund;fit;15-01-2024;4;emp-anna;\r\n" +
	"org-fund;interests;2024-01-15;4;emp-anna;\r\n" +
	"org-fund;core_task;2024-01-15;3;emp-anna;\r\n" +
	"org-fund;familiarity;2024-01-15;2;emp-anna;Nog geen ingang\r\n" +
	"org-fund;image;2024-01-15;3;emp-anna;\r\n" +
	"org-fund;relationship;2024-01-15;2;emp-anna;\r\n" +
	"org-fund;openness;2024-01-15;3;emp-anna;\r\n" +
	"\r\n" +
	"org-gp;yield;2024-01-20;2;;\r\n" +
	"org-gp;fit;2024-01-20;3;;\r\n" +
	"org-gp;interests;2024-01-20;2;;\r\n" +
	"org-gp;core_task;2024-01-20;3;;\r\n" +
	"org-gp;familiarity;2024-01-20;4;;\r\n" +
	"org-gp;image;2024-01-20;4;;\r\n" +
	"org-gp;relationship;2024-01-20;5;;\r\n" +
	"org-gp;openness;2024-01-20;3;;\r\n" +
	"per-jan;yield;2024-01-20;3;;\r\n" +
	"per-jan;fit;2024-01-20;3;;\r\n" +
	"per-jan;interests;2024-01-20;3;;\r\n" +
	"per-jan;core_task;2024-01-20;3;;\r\n" +
	"per-jan;familiarity;2024-01-20;3;;\r\n" +
	"per-jan;image;2024-01-20;3;;\r\n" +
	"per-jan;relationship;2024-01-20;3;;\r\n"

func TestSegmentsCommands(t *testing.T) {
	db := segmentDB(t)
	file := writeFile(t, "scores.csv", assessmentsCSV)

	out, errOut, err := relmap(t, "assess", "-db", db, "-csv", file, "-dry-run")
	if err != nil || out != "dry run: 23 created, 0 updated, 0 unchanged\n" {
		t.Fatalf("dry run: %q %q %v", out, errOut, err)
	}
	out, _, err = relmap(t, "assess", "-db", db, "-csv", file)
	if err != nil || out != "assessments: 23 created, 0 updated, 0 unchanged\n" {
		t.Fatalf("first import: %q %v", out, err)
	}
	out, _, err = relmap(t, "assess", "-db", db, "-csv", file)
	if err != nil || out != "assessments: 0 created, 0 updated, 23 unchanged\n" {
		t.Fatalf("re-import: %q %v, want all unchanged", out, err)
	}
	// A re-assessment in June: familiarity 4, relationship 3 → accessibility
	// (4+3+3+3)/4 = 3.25 → Invest.
	for _, a := range [][]string{
		{"-criterion", "familiarity", "-score", "4", "-comment", "Na introductie door Jan de Vries"},
		{"-criterion", "relationship", "-score", "3"},
	} {
		args := append([]string{"assess", "-db", db, "-stakeholder", "org-fund", "-date", "2024-06-01", "-assessor", "emp-anna"}, a...)
		if out, errOut, err := relmap(t, args...); err != nil || out != "assessments: 1 created, 0 updated, 0 unchanged\n" {
			t.Fatalf("assess %v: %q %q %v", a, out, errOut, err)
		}
	}

	out, _, err = relmap(t, "segments", "-db", db)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "segments.golden", out)
	out, _, err = relmap(t, "segments", "-db", db, "-lang", "nl", "-as-of", "2024-05-31")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "segments-nl-2024-05-31.golden", out)
	out, _, err = relmap(t, "segments", "-db", db, "-csv")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "segments.csv.golden", out)

	out, _, err = relmap(t, "segments", "-db", db, "-json", "-lang", "nl")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Segments []struct {
			Segment string
			Count   int
		}
		Rows []struct {
			Stakeholder graph.NetworkNode
			Placement   segment.Placement
			SegmentName string `json:"segment_name"`
		}
	}
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Rows) != 4 || m.Rows[0].Stakeholder.ID != "org-fund" || m.Rows[0].SegmentName != "Investeer" || m.Rows[0].Placement.Accessibility.Mean != 3.25 {
		t.Errorf("-json: first row %+v, want org-fund Investeer 3.25", m.Rows[0])
	}
}

// TestAssessCSVErrors: a file with mistakes is reported whole, each problem
// with its line and column, and nothing of it is stored.
func TestAssessCSVErrors(t *testing.T) {
	db := segmentDB(t)
	file := writeFile(t, "bad.csv", "stakeholder_id,criterion_id,score,date,comment\n"+
		"org-fund,yield,6,2024-01-15,\n"+ // score off the scale
		"org-fund,referrals,3,2024-01-15,\n"+ // not a criterion
		"org-nobody,yield,3,2024-01-15,\n"+ // no such stakeholder
		"emp-anna,yield,3,2024-01-15,\n"+ // an employee
		"org-gp,yield,vier,2024-01-15,\n"+ // not a number
		"org-gp,fit,3,15 januari,\n"+ // not a date
		"org-gp,image,3,2024-01-15\n"+ // a field short
		"org-gp,openness,3,2024-01-15,eerste\n"+
		"org-gp,openness,4,2024-01-15,dubbel\n"+ // the same id again
		"org-gp,familiarity,4,2024-01-15,goed\n") // fine, but not stored
	out, errOut, err := relmap(t, "assess", "-db", db, "-csv", file)
	if err == nil || errors.As(err, new(usageError)) {
		t.Fatalf("err = %v, want a data error", err)
	}
	if out != "" {
		t.Errorf("stdout %q, want nothing", out)
	}
	golden(t, "assess-errors.golden", strings.ReplaceAll(errOut, file, "bad.csv")+"relmap: "+strings.ReplaceAll(err.Error(), file, "bad.csv")+"\n")

	// A header that is not an assessment file.
	hdr := writeFile(t, "hdr.csv", "stakeholder;criterion_id;score\norg-fund;yield;3\n")
	_, errOut, err = relmap(t, "assess", "-db", db, "-csv", hdr)
	if err == nil || !strings.Contains(errOut, "line 1: stakeholder: is not a known column") ||
		!strings.Contains(errOut, "line 1: stakeholder_id: the column is missing") || !strings.Contains(errOut, "line 1: date: the column is missing") {
		t.Errorf("bad header: %v\n%s", err, errOut)
	}

	st, err := sqlitestore.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, n, err := st.FindAssessments(t.Context(), segment.AssessmentFilter{}); err != nil || n != 0 {
		t.Errorf("%d assessments stored (%v), want none", n, err)
	}
}

func TestAssessUsage(t *testing.T) {
	db := segmentDB(t)
	for _, args := range [][]string{
		{"assess", "-db", db},
		{"assess", "-db", db, "-stakeholder", "org-fund", "-criterion", "yield"},
		{"assess", "-db", db, "-stakeholder", "org-fund", "-criterion", "yield", "-score", "drie"},
		{"assess", "-db", db, "-stakeholder", "org-fund", "-criterion", "yield", "-score", "3", "-date", "gisteren"},
		{"assess", "-db", db, "-csv", "x.csv", "-score", "3"},
		{"segments", "-db", db, "-lang", "de"},
		{"segments", "-db", db, "-json", "-csv"},
		{"segments", "-db", db, "-as-of", "31-12-2024"},
		{"scheme", "-db", db, "extra"},
	} {
		_, _, err := relmap(t, args...)
		if !errors.As(err, new(usageError)) {
			t.Errorf("%v: err = %v, want a usage error (exit 2)", args[1:], err)
		}
	}
	// A score off the scale is bad data, not a bad command line.
	_, errOut, err := relmap(t, "assess", "-db", db, "-stakeholder", "org-fund", "-criterion", "yield", "-score", "6", "-date", "2024-01-15")
	if err == nil || errors.As(err, new(usageError)) || errOut != "score: 6 is outside 1–5\n" {
		t.Errorf("score 6: %v %q", err, errOut)
	}
}

func TestSchemeCommand(t *testing.T) {
	db := segmentDB(t)
	out, _, err := relmap(t, "scheme", "-db", db)
	if err != nil {
		t.Fatal(err)
	}
	s, err := segment.ParseScheme([]byte(out))
	if err != nil || s.Name != "default" || len(s.Criteria) != 8 {
		t.Fatalf("the printed scheme is not the default scheme file: %v\n%s", err, out)
	}

	// Edit the printed file: weigh familiarity 3 times, switch openness
	// off, lower the accessibility threshold.
	s.Name = "care"
	s.Criteria[4].Weight = 3
	s.Criteria[7].Weight = 0
	s.ThresholdAccessibility = 2.5
	edited, _ := json.MarshalIndent(s, "", "  ")
	file := writeFile(t, "care.json", string(edited))
	out, _, err = relmap(t, "scheme", "-db", db, "-set", file)
	if want := "scheme \"care\" saved: criteria 4 attractiveness (threshold 3), 3 accessibility (threshold 2.5), scale 1–5\n" +
		"unassessed stakeholders: 4 → 4 of 4\n" +
		"no stakeholder has a score yet on yield, fit, interests, core_task, familiarity, image, relationship: record them with relmap assess\n"; err != nil || out != want {
		t.Errorf("-set: %q %v, want %q", out, err, want)
	}
	out, _, _ = relmap(t, "scheme", "-db", db)
	if got, err := segment.ParseScheme([]byte(out)); err != nil || got.Name != "care" || got.Criteria[4].Weight != 3 {
		t.Errorf("after -set: %v %+v", err, got)
	}

	// Bad files: every problem with its line; the stored scheme stays.
	bad := writeFile(t, "bad.json", `{
  "name": "bad",
  "threshold_attractiveness": 7,
  "criteria": [
    {"id": "yield", "axis": "attractiveness", "name_en": "Yield", "weight": 0},
    {"id": "familiarity", "axis": "accessibility", "name_en": "Familiarity", "weight": -1}
  ]
}`)
	_, errOut, err := relmap(t, "scheme", "-db", db, "-set", bad)
	want := "line 3: threshold_attractiveness: 7 is outside the scale [1,5]\n" +
		"line 6: criteria[1].weight: -1 is negative\n" +
		"line 4: criteria: axis attractiveness has no criterion with a positive weight\n" +
		"line 4: criteria: axis accessibility has no criterion with a positive weight\n"
	if err == nil || errOut != want || !strings.HasSuffix(err.Error(), "4 problems; nothing was stored") {
		t.Errorf("bad scheme: %v\n%s\nwant\n%s", err, errOut, want)
	}
	out, _, _ = relmap(t, "scheme", "-db", db)
	if got, _ := segment.ParseScheme([]byte(out)); got == nil || got.Name != "care" {
		t.Errorf("a bad file changed the stored scheme")
	}

	// The fund scored on the care scheme's seven criteria is placed; a
	// scheme with a new criterion nobody has a score on would leave it
	// unassessed too: refused, naming the numbers, until -confirm.
	var rows []string
	for _, c := range s.Criteria {
		rows = append(rows, "org-fund,"+c.ID+",3,2024-01-15")
	}
	if _, errOut, err := relmap(t, "assess", "-db", db, "-csv", writeFile(t, "fund.csv", "stakeholder_id,criterion_id,score,date\n"+strings.Join(rows, "\n")+"\n")); err != nil {
		t.Fatalf("assess the fund: %v %s", err, errOut)
	}
	s.Criteria = append(s.Criteria, segment.Criterion{ID: "reach", Axis: segment.Accessibility, NameEN: "Reach", Weight: 1})
	edited, _ = json.MarshalIndent(s, "", "  ")
	file = writeFile(t, "reach.json", string(edited))
	_, _, err = relmap(t, "scheme", "-db", db, "-set", file)
	if err == nil || errors.As(err, new(usageError)) || err.Error() != "scheme: the new scheme would leave 4 of 4 stakeholders unassessed (now 3); "+
		"no stakeholder has a score yet on reach. Record those scores first, or confirm the change to save it anyway: give -confirm; nothing was stored" {
		t.Fatalf("a scheme that empties the matrix: %v", err)
	}
	if _, _, err := relmap(t, "scheme", "-db", db, "-confirm"); !errors.As(err, new(usageError)) {
		t.Fatalf("-confirm without -set: %v, want a usage error", err)
	}
	out, _, err = relmap(t, "scheme", "-db", db, "-set", file, "-confirm")
	if want := "scheme \"care\" saved: criteria 4 attractiveness (threshold 3), 4 accessibility (threshold 2.5), scale 1–5\n" +
		"unassessed stakeholders: 3 → 4 of 4\nno stakeholder has a score yet on reach: record them with relmap assess\n"; err != nil || out != want {
		t.Errorf("-set -confirm: %q %v, want %q", out, err, want)
	}
}

func TestPoliciesCommand(t *testing.T) {
	db := segmentDB(t)
	out, _, err := relmap(t, "policies", "-db", db)
	if err != nil {
		t.Fatal(err)
	}
	var ps segment.Policies
	if err := json.Unmarshal([]byte(out), &ps); err != nil || len(ps) != 4 {
		t.Fatalf("printed policies: %v\n%s", err, out)
	}
	ps[2].MinContacts = 6
	edited, _ := json.MarshalIndent(ps, "", "  ")
	out, _, err = relmap(t, "policies", "-db", db, "-set", writeFile(t, "p.json", string(edited)))
	if want := "policies saved: invest 4 per 12 months, develop 2 per 12 months, harvest 6 per 12 months, ignore 0 per 12 months\n"; err != nil || out != want {
		t.Errorf("-set: %q %v", out, err)
	}

	ps[0].PeriodMonths = 0
	ps = ps[:3]
	edited, _ = json.MarshalIndent(ps, "", "  ")
	_, errOut, err := relmap(t, "policies", "-db", db, "-set", writeFile(t, "bad.json", string(edited)))
	if want := "policies[0]: period_months: 0 is outside 1–120\npolicies: no policy for segment ignore\n"; err == nil || errOut != want {
		t.Errorf("bad table: %v %q, want %q", err, errOut, want)
	}
	_, errOut, err = relmap(t, "policies", "-db", db, "-set", writeFile(t, "typo.json", "[\n {\"segment\": \"invest\",\n  \"min_contact\": 3}\n]"))
	if err == nil || errOut != "line 3: [0].min_contact: is not a known key\n" {
		t.Errorf("unknown key: %v %q", err, errOut)
	}
	out, _, _ = relmap(t, "policies", "-db", db)
	if err := json.Unmarshal([]byte(out), &ps); err != nil || len(ps) != 4 || ps[2].MinContacts != 6 {
		t.Errorf("a bad file changed the stored table: %v %+v", err, ps)
	}
}

// TestDemoSegments runs the first README command and checks that the
// matrix it serves is populated: every segment holds stakeholders, and
// the re-assessments of the last months moved some. Then "relmap segments"
// on the same file prints the matrix.
func TestDemoSegments(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	d := startDemo(t, "-db", db)
	getJSON := func(path string, v any) {
		t.Helper()
		d.get(t, path, true, 200, v)
	}
	var m struct {
		Segments []struct {
			Segment string
			Count   int
		}
		Rows []json.RawMessage
	}
	getJSON("/api/v1/segments/matrix?lang=nl", &m)
	for _, s := range m.Segments {
		if s.Count == 0 && s.Segment != "unassessed" {
			t.Errorf("segment %s is empty in the demo matrix", s.Segment)
		}
	}
	t.Logf("demo matrix: %d rows, %+v", len(m.Rows), m.Segments)
	today := time.Now().UTC()
	var mv struct{ Moves []json.RawMessage }
	getJSON(fmt.Sprintf("/api/v1/segments/moved?from=%s&to=%s", today.AddDate(0, -10, 0).Format(time.DateOnly), today.Format(time.DateOnly)), &mv)
	if len(mv.Moves) == 0 {
		t.Error("no stakeholder moved in the last ten months of the demo")
	}
	d.stop()

	out, _, err := relmap(t, "segments", "-db", db)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Invest ", "Develop ", "Harvest ", "Ignore ", "Unassessed "} {
		if !strings.Contains(out, s) {
			t.Errorf("relmap segments on the demo shows no %q", s)
		}
	}
}

// TestMatrixCSVFormula: "segments -csv" writes a name a spreadsheet would
// run as a formula with a quote in front (issue 13, item 10), and the
// means as numbers.
func TestMatrixCSVFormula(t *testing.T) {
	m := segment.NewMatrix(time.Time{}, nil, nil, []segment.MatrixRow{{
		Stakeholder: graph.NetworkNode{ID: "org-x", Name: "@SUM(1+1)*cmd|' /C calc'!A0", Kind: graph.KindOrganisation},
		Placement: segment.Placement{StakeholderID: "org-x", Segment: segment.Invest,
			Attractiveness: segment.AxisPlacement{Mean: 4.5, Complete: true},
			Accessibility:  segment.AxisPlacement{Mean: 3.25, Complete: true}},
	}})
	var buf bytes.Buffer
	if err := writeMatrixCSV(&buf, m, "en"); err != nil {
		t.Fatal(err)
	}
	// The row by hand: id, the name behind one single quote (it holds no
	// comma or double quote, so encoding/csv writes it bare), kind, no
	// party type, the two means, the segment and its name, no policy,
	// nothing missing, no date.
	want := "org-x,'@SUM(1+1)*cmd|' /C calc'!A0,organisation,,4.5,3.25,invest,Invest,,,\n"
	if _, row, _ := strings.Cut(buf.String(), "\n"); row != want {
		t.Errorf("row %q, want %q", row, want)
	}
}

// TestAssessDutch: an assessment file with Dutch headers (see the README's
// table) is read like an English one; "opmerking" is the comment here.
func TestAssessDutch(t *testing.T) {
	db := segmentDB(t)
	file := writeFile(t, "scores.csv", "belanghebbende;criterium;score;datum;beoordelaar;opmerking\norg-fund;yield;4;15-01-2024;emp-anna;sterk fonds\n")
	out, errOut, err := relmap(t, "assess", "-db", db, "-csv", file)
	if err != nil || out != "assessments: 1 created, 0 updated, 0 unchanged\n" {
		t.Fatalf("assess: %v %q %q", err, out, errOut)
	}
	out, _, err = relmap(t, "export", "-db", db)
	if err != nil || !strings.Contains(out, `"comment": "sterk fonds"`) || !strings.Contains(out, `"assessor": "emp-anna"`) {
		t.Errorf("the Dutch columns were not read: %v\n%s", err, out)
	}
}
