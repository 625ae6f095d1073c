package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/api"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
	"github.com/relmap/relmap/segment"
)

// conformanceDB writes a small network with a contact history to a fresh
// embedded store (default policies; one criterion per axis, threshold 3):
//
//	stakeholder  segment  owner  ties (level)                  contacts
//	Fonds X      invest   Anna   Anna tactical                 2024-05-01 Anna
//	Old Friend   invest   Anna   Anna tactical, Bas strategic  2024-01-15 Anna
//	Far Away     develop  Bas    —                             —
//	GP           harvest  —      Bas strategic                 2024-01-10, 03-10, 05-10 Anna
//	Spam BV      ignore   —      —                             2024-06-01 Anna
//
// Anna is an account manager, Bas a director.
func conformanceDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "relmap.db")
	st, err := sqlitestore.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	b := &graph.Batch{
		Employees: []*graph.Employee{
			{ID: "emp-anna", Name: "Anna", Role: graph.RoleAccountManager},
			{ID: "emp-bas", Name: "Bas", Role: graph.RoleDirector},
		},
		Organisations: []*graph.Organisation{
			{ID: "org-fund", Name: "Fonds X", OwnerID: "emp-anna"},
			{ID: "org-old", Name: "Old Friend", OwnerID: "emp-anna"},
			{ID: "org-far", Name: "Far Away", OwnerID: "emp-bas"},
			{ID: "org-gp", Name: "GP"},
			{ID: "org-spam", Name: "Spam BV"},
		},
		Relationships: []*graph.Relationship{
			{Type: graph.RelAdvises, From: "emp-anna", To: "org-fund", Strength: 0.5, Level: graph.LevelTactical},
			{Type: graph.RelAdvises, From: "emp-anna", To: "org-old", Strength: 0.5, Level: graph.LevelTactical},
			{Type: graph.RelBoardMemberOf, From: "emp-bas", To: "org-old", Strength: 0.7, Level: graph.LevelStrategic},
			{Type: graph.RelBoardMemberOf, From: "emp-bas", To: "org-gp", Strength: 0.6, Level: graph.LevelStrategic},
		},
	}
	for _, c := range []struct{ st, date string }{
		{"org-fund", "2024-05-01"}, {"org-old", "2024-01-15"},
		{"org-gp", "2024-01-10"}, {"org-gp", "2024-03-10"}, {"org-gp", "2024-05-10"}, {"org-spam", "2024-06-01"},
	} {
		b.Contacts = append(b.Contacts, &graph.Contact{Date: day(c.date), EmployeeID: "emp-anna", StakeholderID: c.st, Mode: graph.ModePhone})
	}
	if _, err := st.Upsert(t.Context(), b, graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveScheme(t.Context(), &segment.Scheme{
		Scale: segment.DefaultScale, ThresholdAttractiveness: 3, ThresholdAccessibility: 3,
		Criteria: []segment.Criterion{
			{ID: "attr", Axis: segment.Attractiveness, NameEN: "Attractiveness", Weight: 1},
			{ID: "acc", Axis: segment.Accessibility, NameEN: "Accessibility", Weight: 1},
		},
	}); err != nil {
		t.Fatal(err)
	}
	var as []*segment.Assessment
	for id, sc := range map[string][2]int{"org-fund": {5, 5}, "org-old": {4, 4}, "org-far": {5, 1}, "org-gp": {1, 5}, "org-spam": {1, 1}} {
		as = append(as,
			&segment.Assessment{StakeholderID: id, CriterionID: "attr", Score: sc[0], Date: day("2024-01-01")},
			&segment.Assessment{StakeholderID: id, CriterionID: "acc", Score: sc[1], Date: day("2024-01-01")})
	}
	if _, err := st.UpsertAssessments(t.Context(), as, graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestConformanceCommand: on 2024-06-30 (period from 2023-06-30):
//
//   - Fonds X: 1 contact < 4 → intensify; Anna alone → single_holder.
//   - Old Friend: 1 contact < 4 → intensify; two holders, strategic.
//   - Far Away: develop, nobody holds it and no path leads there.
//   - GP: 3 contacts (enough); Bas's strategic tie is above harvest's
//     tactical → lower_level; no owner → assign_owner.
//   - Spam BV: a contact with an ignore stakeholder → reduce.
func TestConformanceCommand(t *testing.T) {
	ctx := t.Context()
	db := conformanceDB(t)
	var out strings.Builder
	if err := run(ctx, []string{"conformance", "-db", db, "-now", "2024-06-30", "-json"}, env(nil), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var b api.ConformanceBody
	if err := json.Unmarshal([]byte(out.String()), &b); err != nil {
		t.Fatal(err)
	}
	want := map[string][]analysis.AdviceCode{
		"org-fund": {analysis.AdviceIntensify, analysis.AdviceSingleHolder},
		"org-old":  {analysis.AdviceIntensify},
		"org-far":  {analysis.AdviceDevelop},
		"org-gp":   {analysis.AdviceLowerLevel, analysis.AdviceAssignOwner},
		"org-spam": {analysis.AdviceReduce},
	}
	var order []string
	for _, r := range b.Stakeholders {
		order = append(order, r.Stakeholder.ID)
		if !slices.Equal(r.Codes, want[r.Stakeholder.ID]) {
			t.Errorf("%s: %v, want %v", r.Stakeholder.ID, r.Codes, want[r.Stakeholder.ID])
		}
	}
	if !slices.Equal(order, []string{"org-fund", "org-old", "org-far", "org-gp", "org-spam"}) {
		t.Errorf("order %v, want by segment, then name", order)
	}

	out.Reset()
	if err := run(ctx, []string{"conformance", "-db", db, "-now", "2024-06-30"}, env(nil), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	// A header and one line per advice item: 2 + 1 + 1 + 2 + 1.
	if len(lines) != 8 || !strings.HasPrefix(lines[0], "SEGMENT") || !strings.HasPrefix(lines[1], "Invest") ||
		!strings.Contains(lines[1], "Fonds X") || !strings.Contains(lines[1], "1/4") {
		t.Fatalf("table:\n%s", out.String())
	}
	col := strings.Index(lines[0], "ADVICE")
	for _, l := range lines[1:] {
		if len(l) <= col || l[col] == ' ' {
			t.Errorf("advice column not aligned at %d:\n%s", col, out.String())
			break
		}
	}
	if !strings.HasPrefix(lines[2][col:], "single holder") {
		t.Errorf("second item of Fonds X: %q", lines[2])
	}

	out.Reset()
	if err := run(ctx, []string{"conformance", "-db", db, "-now", "2024-06-30", "-lang", "nl"}, env(nil), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "BELANGHEBBENDE") || !strings.Contains(out.String(), "Investeer") ||
		!strings.Contains(out.String(), "het beleid vraagt er minstens 4") {
		t.Errorf("nl table:\n%s", out.String())
	}

	out.Reset()
	if err := run(ctx, []string{"conformance", "-db", db, "-now", "2024-06-30", "-csv"}, env(nil), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(out.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 8 || !slices.Equal(rows[0], api.ConformanceCSVHeader) || rows[7][0] != "org-spam" || rows[7][15] != "reduce" {
		t.Errorf("csv:\n%s", out.String())
	}

	for _, args := range [][]string{
		{"conformance", "-db", db, "-json", "-csv"},
		{"conformance", "-db", db, "-lang", "fr"},
		{"conformance", "-db", db, "-now", "soon"},
		{"overdue", "-db", db, "-now", "30-06-2024"},
	} {
		if err := run(ctx, args, env(nil), io.Discard, io.Discard); err == nil {
			t.Errorf("%v: no error", args)
		} else if !errors.As(err, new(usageError)) {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
}

// TestOverdueCommand: on 2024-06-30 Old Friend was due on 2024-04-15
// (2024-01-15 + 3 months: 15 + 31 + 30 = 76 days ago) and Far Away was
// never contacted: its first contact is due now, with no days overdue
// (before, it read 366 days since the period start 2023-06-30).
// Fonds X is due 2024-08-01 and GP 2024-09-10; Spam BV has no minimum.
// Groups: Anna, then Bas.
func TestOverdueCommand(t *testing.T) {
	ctx := t.Context()
	db := conformanceDB(t)
	var out strings.Builder
	if err := run(ctx, []string{"overdue", "-db", db, "-now", "2024-06-30", "-json"}, env(nil), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var b api.OverdueBody
	if err := json.Unmarshal([]byte(out.String()), &b); err != nil {
		t.Fatal(err)
	}
	if b.Total != 2 || len(b.Groups) != 2 || b.Groups[0].Owner.ID != "emp-anna" || b.Groups[0].Items[0].Stakeholder.ID != "org-old" ||
		*b.Groups[0].Items[0].DaysOverdue != 76 || b.Groups[1].Owner.ID != "emp-bas" || !b.Groups[1].Items[0].NeverContacted ||
		b.Groups[1].Items[0].DaysOverdue != nil {
		t.Fatalf("overdue %+v", b)
	}

	out.Reset()
	if err := run(ctx, []string{"overdue", "-db", db, "-now", "2024-06-30"}, env(nil), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "Anna") || !strings.Contains(lines[1], "2024-04-15") || !strings.HasSuffix(lines[1], "76") ||
		!strings.HasPrefix(lines[2], "Bas") || !strings.Contains(lines[2], "Far Away") || !strings.Contains(lines[2], "never contacted") ||
		!strings.HasSuffix(lines[2], "-") || strings.Contains(lines[2], "366") {
		t.Errorf("overdue table:\n%s", out.String())
	}

	out.Reset()
	if err := run(ctx, []string{"overdue", "-db", db, "-now", "2024-02-01"}, env(nil), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	// On 2024-02-01 Far Away is still never contacted; Old
	// Friend's contact was two weeks ago; GP's 2024-01-10 contact makes
	// it due 2024-05-10.
	if !strings.Contains(out.String(), "Far Away") || strings.Contains(out.String(), "Old Friend") {
		t.Errorf("overdue on 2024-02-01:\n%s", out.String())
	}
}
