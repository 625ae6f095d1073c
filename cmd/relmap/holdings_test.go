package main

import (
	"encoding/json"
	"errors"
	"io"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/api"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
	"github.com/relmap/relmap/segment"
)

// holdingsDB writes a small network to a fresh embedded store:
//
//	emp-anna knows per-jan 0.8 and advises org-fund 0.4; owns org-fund;
//	         met org-fund on 2024-05-01
//	emp-cor  knows per-jan 0.6 and per-mia 0.5
//	per-jan  works at org-fund 0.9
func holdingsDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "relmap.db")
	st, err := sqlitestore.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b := &graph.Batch{
		Employees: []*graph.Employee{
			{ID: "emp-anna", Name: "Anna", Role: graph.RoleAccountManager},
			{ID: "emp-cor", Name: "Cor", Role: graph.RoleStaff},
		},
		Organisations: []*graph.Organisation{{ID: "org-fund", Name: "Fonds X", OwnerID: "emp-anna"}},
		Persons:       []*graph.Person{{ID: "per-jan", Name: "Jan"}, {ID: "per-mia", Name: "Mia"}},
		Relationships: []*graph.Relationship{
			{Type: graph.RelWorksAt, From: "per-jan", To: "org-fund", Strength: 0.9},
			{Type: graph.RelAdvises, From: "emp-anna", To: "org-fund", Strength: 0.4},
			{Type: graph.RelKnows, From: "emp-anna", To: "per-jan", Strength: 0.8},
			{Type: graph.RelKnows, From: "emp-cor", To: "per-jan", Strength: 0.6},
			{Type: graph.RelKnows, From: "emp-cor", To: "per-mia", Strength: 0.5},
		},
		Contacts: []*graph.Contact{
			{Date: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), EmployeeID: "emp-anna", StakeholderID: "org-fund", Mode: graph.ModeMeeting},
		},
	}
	if _, err := st.Upsert(t.Context(), b, graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestHoldersAndDepartureCommands: the fund is held by Anna (0.4, owner,
// one contact) and, one hop away, by Cor through Jan (0.6 × 0.9 = 0.54).
// If Cor leaves, Mia loses her only warm path.
func TestHoldersAndDepartureCommands(t *testing.T) {
	ctx := t.Context()
	db := holdingsDB(t)
	var out strings.Builder
	if err := run(ctx, []string{"holders", "-db", db, "-of", "org-fund", "-json"}, env(nil), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var r analysis.HoldersResult
	if err := json.Unmarshal([]byte(out.String()), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Direct) != 1 || r.Direct[0].Employee.ID != "emp-anna" || !r.Direct[0].Owner || r.Direct[0].Contacts != 1 ||
		len(r.Indirect) != 1 || r.Indirect[0].Employee.ID != "emp-cor" || math.Abs(r.Indirect[0].Strength-0.54) > 1e-12 {
		t.Fatalf("holders of the fund: %+v", r)
	}

	out.Reset()
	if err := run(ctx, []string{"holders", "-db", db, "-of", "org-fund"}, env(nil), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "Anna") || !strings.Contains(lines[1], "2024-05-01") || !strings.Contains(lines[2], "Jan (works_at)") {
		t.Errorf("holders table:\n%s", out.String())
	}

	out.Reset()
	if err := run(ctx, []string{"holders", "-db", db, "-employee", "emp-cor", "-json"}, env(nil), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var hb api.HoldingsBody
	if err := json.Unmarshal([]byte(out.String()), &hb); err != nil {
		t.Fatal(err)
	}
	if len(hb.Holdings) != 2 || hb.Holdings[0].Stakeholder.ID != "per-jan" || hb.Holdings[1].Stakeholder.ID != "per-mia" {
		t.Errorf("Cor's holdings: %+v, want Jan (0.6) then Mia (0.5)", hb.Holdings)
	}

	out.Reset()
	if err := run(ctx, []string{"departure", "-db", db, "-employee", "emp-cor", "-target", "per-mia,org-fund"}, env(nil), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	lines = strings.Split(strings.TrimSpace(out.String()), "\n")
	// Cor alone holds Mia (Jan is Anna's too), and owns nothing.
	if len(lines) != 4 || !strings.Contains(lines[0], "2 targets checked") || !strings.HasPrefix(lines[2], "Mia") || !strings.Contains(lines[2], "lost") ||
		lines[3] != "held by Cor alone: Mia" {
		t.Errorf("departure table:\n%s", out.String())
	}
	if strings.Contains(out.String(), "Fonds X") {
		t.Errorf("the fund keeps Anna's paths and should not be listed:\n%s", out.String())
	}

	// -now measures at another day: on 2024-04-01 Anna's meeting of
	// 2024-05-01 has not happened yet (0 contacts); on 2024-05-31 it is 30
	// days old.
	for _, c := range []struct {
		now      string
		contacts int
		days     int
	}{{"2024-04-01", 0, -1}, {"2024-05-31", 1, 30}} {
		out.Reset()
		if err := run(ctx, []string{"holders", "-db", db, "-of", "org-fund", "-now", c.now, "-json"}, env(nil), &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		var r analysis.HoldersResult
		if err := json.Unmarshal([]byte(out.String()), &r); err != nil || len(r.Direct) != 1 {
			t.Fatalf("holders -now %s: %v %s", c.now, err, out.String())
		}
		h := r.Direct[0]
		if h.Contacts != c.contacts || (c.days < 0) != (h.DaysSinceContact == nil) || (h.DaysSinceContact != nil && *h.DaysSinceContact != c.days) {
			t.Errorf("holders -now %s: %d contacts, %v days since, want %d and %d", c.now, h.Contacts, h.DaysSinceContact, c.contacts, c.days)
		}
	}

	for _, args := range [][]string{
		{"holders", "-db", db, "-of", "org-fund", "-now", "yesterday"},
		{"holders", "-db", db},
		{"holders", "-db", db, "-of", "org-fund", "-employee", "emp-cor"},
		{"departure", "-db", db},
	} {
		if err := run(ctx, args, env(nil), io.Discard, io.Discard); err == nil {
			t.Errorf("%v: no error", args)
		} else if !errors.As(err, new(usageError)) {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
	if err := run(ctx, []string{"holders", "-db", db, "-of", "emp-cor"}, env(nil), io.Discard, io.Discard); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("holders of an employee: %v, want invalid", err)
	}
}

// TestHoldersThroughCommand: once Cor has met Jan, who works at the fund,
// Cor holds the fund through Jan (no longer one hop away), and the table
// says so.
func TestHoldersThroughCommand(t *testing.T) {
	ctx := t.Context()
	db := holdingsDB(t)
	st, err := sqlitestore.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.Upsert(ctx, &graph.Batch{Contacts: []*graph.Contact{
		{Date: time.Date(2024, 5, 20, 0, 0, 0, 0, time.UTC), EmployeeID: "emp-cor", StakeholderID: "per-jan", Mode: graph.ModeMeeting, Level: graph.LevelTactical},
	}}, graph.UpsertOptions{})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := run(ctx, []string{"holders", "-db", db, "-of", "org-fund", "-now", "2024-06-30"}, env(nil), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	// Anna first: she advises the fund (0.4; one meeting 60 days before
	// lifts it to (0.4 + 0.2212 + 2^(−60/365))/3 = 0.5045) and knows Jan
	// 0.8, who works there 0.9: 0.72 via Jan. Then Cor: knows Jan 0.6, met
	// him once 41 days before (f = 1 − e^(−1/4) = 0.2212, r =
	// 2^(−41/365) = 0.9251, (0.6 + f + r)/3 = 0.5821 < 0.6, so 0.6),
	// × 0.9 = 0.54, his contacts counting through Jan.
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "Anna") || !strings.Contains(lines[1], "0.72") ||
		!strings.Contains(lines[1], "via Jan (works_at, 0.80 × 0.90)") ||
		!strings.HasPrefix(lines[2], "Cor") || !strings.Contains(lines[2], "direct") || !strings.Contains(lines[2], "0.54") ||
		!strings.Contains(lines[2], "through Jan (works_at, 1)") || !strings.Contains(lines[2], "2024-05-20") {
		t.Errorf("holders table:\n%s", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"holders", "-db", db, "-employee", "emp-cor", "-now", "2024-06-30"}, env(nil), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Fonds X") || !strings.Contains(out.String(), "through Jan (works_at, 1)") {
		t.Errorf("Cor's holdings:\n%s", out.String())
	}
}

// TestHoldersNamesAnOwnerWhoHoldsNothing: Anna owns Mia's relationship
// but has no tie or contact with her (only Cor knows her): the table says
// who owns it all the same, in both languages.
func TestHoldersNamesAnOwnerWhoHoldsNothing(t *testing.T) {
	ctx := t.Context()
	db := holdingsDB(t)
	st, err := sqlitestore.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.Upsert(ctx, &graph.Batch{Persons: []*graph.Person{{ID: "per-mia", Name: "Mia", OwnerID: "emp-anna"}}}, graph.UpsertOptions{})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string]string{"en": "owner: Anna, who has no tie or contact with it", "nl": "eigenaar: Anna, zonder band of contact ermee"} {
		var out strings.Builder
		if err := run(ctx, []string{"holders", "-db", db, "-of", "per-mia", "-lang", lang}, env(nil), &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "Cor") || !strings.Contains(out.String(), want) {
			t.Errorf("holders of Mia (%s):\n%s", lang, out.String())
		}
	}
}

// TestDepartureCommandObjectorAndSegments: issue 13 item 3 through the
// CLI: a develop-segment person who objected made "relmap departure" fail
// naming her id. Now she is counted as not checked and named nowhere;
// -segments chooses the segments.
func TestDepartureCommandObjectorAndSegments(t *testing.T) {
	ctx := t.Context()
	db := conformanceDB(t)
	st, err := sqlitestore.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	_, err = st.Upsert(ctx, &graph.Batch{Persons: []*graph.Person{{ID: "per-olga", Name: "Olga", Objects: true, ObjectedAt: day}}}, graph.UpsertOptions{})
	if err == nil {
		_, err = st.UpsertAssessments(ctx, []*segment.Assessment{
			{StakeholderID: "per-olga", CriterionID: "attr", Score: 5, Date: day},
			{StakeholderID: "per-olga", CriterionID: "acc", Score: 1, Date: day},
		}, graph.UpsertOptions{})
	}
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := run(ctx, []string{"departure", "-db", db, "-employee", "emp-anna", "-now", "2024-06-30", "-json"}, env(nil), &out, io.Discard); err != nil {
		t.Fatalf("departure with an objector in the develop segment: %v", err)
	}
	if strings.Contains(out.String(), "per-olga") || strings.Contains(out.String(), "Olga") {
		t.Errorf("departure names the objector:\n%s", out.String())
	}
	var d analysis.DepartureImpact
	if err := json.Unmarshal([]byte(out.String()), &d); err != nil {
		t.Fatal(err)
	}
	// Invest, develop, harvest: Fonds X, Old Friend, Far Away, GP, and Olga
	// unseen. Anna alone holds Fonds X; she owns it and Old Friend.
	if d.Checked != 4 || d.NotChecked != 1 || len(d.OnlyHolder) != 1 || d.OnlyHolder[0].Stakeholder.ID != "org-fund" || len(d.Owned) != 2 {
		t.Errorf("departure of Anna: %+v", d)
	}

	out.Reset()
	if err := run(ctx, []string{"departure", "-db", db, "-employee", "emp-bas", "-segments", "develop", "-now", "2024-06-30"}, env(nil), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(out.String()), "\n"); len(lines) != 3 || !strings.Contains(lines[0], "1 target checked, 1 not checked") ||
		lines[2] != "owned by Bas, to hand over: Far Away (develop)" {
		t.Errorf("departure of Bas, develop only:\n%s", out.String())
	}

	err = run(ctx, []string{"departure", "-db", db, "-employee", "emp-bas", "-segments", "ignore,unassessed"}, env(nil), io.Discard, io.Discard)
	if graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("-segments unassessed: %v, want invalid", err)
	}
	err = run(ctx, []string{"departure", "-db", db, "-employee", "emp-bas", "-segments", "develop", "-target", "org-far"}, env(nil), io.Discard, io.Discard)
	if _, ok := err.(usageError); !ok {
		t.Errorf("-segments with -target: %v, want a usage error", err)
	}
}

// TestConformanceCommandEmpty: in a store whose three stakeholders are
// unassessed under the default scheme, conformance prints why its table is
// empty, in the language asked for (issue 12: it printed an empty table).
func TestConformanceCommandEmpty(t *testing.T) {
	ctx := t.Context()
	db := holdingsDB(t)
	for lang, want := range map[string]string{
		"en": "no stakeholder is placed in the Invest, Develop, Harvest or Ignore segment; 3 of 3 are unassessed (score them on every weighted criterion of the scheme)\n",
		"nl": "geen enkele stakeholder staat in het segment Investeer, Ontwikkel, Oogst of Negeer; 3 van de 3 zijn nog niet beoordeeld (scoor ze op elk gewogen criterium van het schema)\n",
	} {
		var out strings.Builder
		if err := run(ctx, []string{"conformance", "-db", db, "-lang", lang}, env(nil), &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		if out.String() != want {
			t.Errorf("-lang %s:\n%s\nwant\n%s", lang, out.String(), want)
		}
	}
}

// TestHoldingTypeSaysWhenThroughHasLeft: a person the holding runs
// through who has left the organisation is named with the day it ended,
// in both languages; one who is still there is not.
func TestHoldingTypeSaysWhenThroughHasLeft(t *testing.T) {
	h := analysis.Holding{Through: []analysis.ThroughContacts{
		{Person: analysis.PathNode{Name: "Jan Vries"}, Type: graph.RelBoardMemberOf, Contacts: 2, Until: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)},
		{Person: analysis.PathNode{Name: "Piet"}, Type: graph.RelWorksAt, Contacts: 6},
	}}
	for lang, want := range map[string]string{
		"en": "through Jan Vries (" + relTypeWord(graph.RelBoardMemberOf, "en") + ", until 2026-06-01, 2); through Piet (" + relTypeWord(graph.RelWorksAt, "en") + ", 6)",
		"nl": "via Jan Vries (" + relTypeWord(graph.RelBoardMemberOf, "nl") + ", tot 2026-06-01, 2); via Piet (" + relTypeWord(graph.RelWorksAt, "nl") + ", 6)",
	} {
		if got := holdingType(h, lang); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}
