package api

import (
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
	"github.com/relmap/relmap/graph/storetest"
	"github.com/relmap/relmap/segment"
)

// conformanceServer serves a fresh embedded store holding the network of
// analysis' conformance tests (see conformanceFixture there for the table
// and the hand-computed answers), with a scheme of one criterion per axis
// and the default policies. The clock is holdingsToday, 2024-06-30 12:00
// UTC: the policy periods start at 2023-06-30 00:00.
func conformanceServer(t *testing.T) (http.Handler, *sqlitestore.Store) {
	t.Helper()
	st, err := sqlitestore.Open(t.Context(), filepath.Join(t.TempDir(), "relmap.db"), sqlitestore.WithNow(new(storetest.Clock).Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	org := func(id, name, owner string) *graph.Organisation {
		return &graph.Organisation{ID: id, Name: name, OwnerID: owner}
	}
	rel := func(typ graph.RelType, from, to string, s float64, l graph.ContactLevel) *graph.Relationship {
		return &graph.Relationship{Type: typ, From: from, To: to, Strength: s, Level: l}
	}
	b := &graph.Batch{
		Employees: []*graph.Employee{
			{ID: "emp-anna", Name: "Anna", Role: graph.RoleAccountManager},
			{ID: "emp-bas", Name: "Bas", Role: graph.RoleDirector},
			{ID: "emp-cor", Name: "Cor", Role: graph.RoleStaff},
		},
		Organisations: []*graph.Organisation{
			org("org-inv-low", "Invest Low", "emp-anna"), org("org-inv-ok", "Invest OK", "emp-anna"),
			org("org-dev-new", "Develop New", "emp-anna"), org("org-dev-orphan", "Develop Orphan", ""),
			org("org-har-busy", "Harvest Busy", "emp-anna"), org("org-har-six", "Harvest Six", "emp-anna"),
			org("org-har-high", "Harvest High", "emp-bas"),
			org("org-ign-busy", "Ignore Busy", ""), org("org-ign-quiet", "Ignore Quiet", ""),
		},
		Persons: []*graph.Person{{ID: "per-jan", Name: "Jan"}, {ID: "per-inv-solo", Name: "Invest Solo"}},
		Relationships: []*graph.Relationship{
			rel(graph.RelAdvises, "emp-anna", "org-inv-low", 0.5, graph.LevelOperational),
			rel(graph.RelAdvises, "emp-cor", "org-inv-low", 0.4, graph.LevelOperational),
			rel(graph.RelAdvises, "emp-anna", "org-inv-ok", 0.6, graph.LevelTactical),
			rel(graph.RelBoardMemberOf, "emp-bas", "org-inv-ok", 0.7, graph.LevelStrategic),
			rel(graph.RelKnows, "emp-bas", "per-inv-solo", 0.9, graph.LevelStrategic),
			rel(graph.RelWorksAt, "per-jan", "org-dev-new", 0.9, ""),
			rel(graph.RelKnows, "emp-cor", "per-jan", 0.8, ""),
			rel(graph.RelAdvises, "emp-anna", "org-har-busy", 0.5, graph.LevelTactical),
			rel(graph.RelAdvises, "emp-cor", "org-har-busy", 0.3, ""),
			rel(graph.RelAdvises, "emp-anna", "org-har-six", 0.5, graph.LevelTactical),
			rel(graph.RelAdvises, "emp-cor", "org-har-six", 0.2, ""),
			rel(graph.RelBoardMemberOf, "emp-bas", "org-har-high", 0.6, graph.LevelStrategic),
		},
	}
	c := func(emp, st, date string, l graph.ContactLevel) {
		b.Contacts = append(b.Contacts, &graph.Contact{Date: day(date), EmployeeID: emp, StakeholderID: st, Mode: graph.ModeMeeting, Level: l})
	}
	c("emp-anna", "org-inv-low", "2023-06-29", graph.LevelOperational)
	c("emp-anna", "org-inv-low", "2024-02-15", graph.LevelOperational)
	for _, d := range []string{"2023-06-30", "2023-10-01", "2024-01-10", "2024-04-20"} {
		c("emp-anna", "org-inv-ok", d, graph.LevelTactical)
	}
	for _, d := range []string{"2023-08-01", "2023-11-01", "2024-02-01", "2024-03-30"} {
		c("emp-bas", "per-inv-solo", d, graph.LevelStrategic)
	}
	for _, d := range []string{"2023-12-01", "2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01", "2024-06-01"} {
		c("emp-anna", "org-har-busy", d, graph.LevelTactical)
		if d >= "2024" {
			c("emp-anna", "org-har-six", d, graph.LevelTactical)
		}
	}
	for _, d := range []string{"2023-09-01", "2023-12-01", "2024-02-01"} {
		c("emp-anna", "org-har-high", d, graph.LevelTactical)
	}
	c("emp-cor", "org-ign-busy", "2024-03-01", "")
	c("emp-cor", "org-ign-quiet", "2023-01-01", "")
	if _, err := st.Upsert(t.Context(), b, graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	placeByTwoScores(t, st, map[string][2]int{
		"org-inv-low": {5, 5}, "org-inv-ok": {5, 5}, "per-inv-solo": {4, 4},
		"org-dev-new": {5, 1}, "org-dev-orphan": {4, 2},
		"org-har-busy": {1, 5}, "org-har-six": {2, 4}, "org-har-high": {2, 5},
		"org-ign-busy": {1, 1}, "org-ign-quiet": {2, 2},
	})
	return serve(t, &Server{Store: st, Segments: st, Snapshots: &analysis.Cache{Source: st}, Now: func() time.Time { return holdingsToday }}), st
}

// placeByTwoScores saves a scheme of one criterion per axis (weight 1,
// threshold 3) in st and assesses each stakeholder of scores (its
// attractiveness and accessibility) on 2024-01-01.
func placeByTwoScores(t *testing.T, st *sqlitestore.Store, scores map[string][2]int) {
	t.Helper()
	if err := st.SaveScheme(t.Context(), &segment.Scheme{
		Scale: segment.DefaultScale, ThresholdAttractiveness: 3, ThresholdAccessibility: 3,
		Criteria: []segment.Criterion{
			{ID: "attr", Axis: segment.Attractiveness, NameEN: "Attractiveness", Weight: 1},
			{ID: "acc", Axis: segment.Accessibility, NameEN: "Accessibility", Weight: 1},
		},
	}); err != nil {
		t.Fatal(err)
	}
	date := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var as []*segment.Assessment
	for id, sc := range scores {
		as = append(as,
			&segment.Assessment{StakeholderID: id, CriterionID: "attr", Score: sc[0], Date: date},
			&segment.Assessment{StakeholderID: id, CriterionID: "acc", Score: sc[1], Date: date})
	}
	if _, err := st.UpsertAssessments(t.Context(), as, graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
}

// TestConformanceRoute: the hand-computed advice of analysis'
// TestConformanceHandComputed, through the router and the store.
func TestConformanceRoute(t *testing.T) {
	h, _ := conformanceServer(t)
	var b ConformanceBody
	call(t, h, "GET", "/api/v1/conformance", "", 200, &b)
	want := []struct {
		id    string
		codes []analysis.AdviceCode
	}{
		{"org-inv-low", []analysis.AdviceCode{analysis.AdviceIntensify, analysis.AdviceRaiseLevel}},
		{"org-inv-ok", []analysis.AdviceCode{analysis.AdviceOK}},
		{"per-inv-solo", []analysis.AdviceCode{analysis.AdviceAssignOwner, analysis.AdviceSingleHolder}},
		{"org-dev-new", []analysis.AdviceCode{analysis.AdviceDevelop}},
		{"org-dev-orphan", []analysis.AdviceCode{analysis.AdviceDevelop, analysis.AdviceAssignOwner}},
		{"org-har-busy", []analysis.AdviceCode{analysis.AdviceReduce}},
		{"org-har-high", []analysis.AdviceCode{analysis.AdviceLowerLevel}},
		{"org-har-six", []analysis.AdviceCode{analysis.AdviceOK}},
		{"org-ign-busy", []analysis.AdviceCode{analysis.AdviceReduce}},
		{"org-ign-quiet", []analysis.AdviceCode{analysis.AdviceOK}},
	}
	if len(b.Stakeholders) != len(want) {
		t.Fatalf("%d stakeholders, want %d: %+v", len(b.Stakeholders), len(want), b.Stakeholders)
	}
	for i, w := range want {
		r := b.Stakeholders[i]
		if r.Stakeholder.ID != w.id || !slices.Equal(r.Codes, w.codes) || len(r.Reasons) != len(w.codes) {
			t.Errorf("row %d: %s %v, want %s %v", i, r.Stakeholder.ID, r.Codes, w.id, w.codes)
		}
	}
	if dev := b.Stakeholders[3]; dev.Intermediary == nil || dev.Intermediary.ID != "per-jan" || dev.SegmentName != "Develop" {
		t.Errorf("Develop New: %+v", dev)
	}
	if b.Counts[analysis.AdviceOK] != 3 || b.Counts[analysis.AdviceReduce] != 2 || b.Counts[analysis.AdviceDevelop] != 2 || !b.Now.Equal(holdingsToday) || b.Lang != "en" {
		t.Errorf("counts %v, now %v, lang %q", b.Counts, b.Now, b.Lang)
	}

	call(t, h, "GET", "/api/v1/conformance?lang=nl", "", 200, &b)
	if r := b.Stakeholders[0]; r.Reasons[0] != "1 contact in de afgelopen 12 maanden; het beleid vraagt er minstens 4" || r.SegmentName != "Investeer" {
		t.Errorf("nl: %q, %q", r.Reasons, r.SegmentName)
	}
	// The codes stay; beside them the advice and the level in words.
	if r := b.Stakeholders[0]; !slices.Equal(r.Codes, want[0].codes) || !slices.Equal(r.AdviceNames, []string{"intensiveren", "niveau verhogen"}) ||
		r.LevelName != analysis.LevelName(r.Level, "nl") || r.LevelName == "" || r.LevelName == string(r.Level) {
		t.Errorf("nl words of %s: advice %q, level %q (%s)", r.Stakeholder.ID, r.AdviceNames, r.LevelName, r.Level)
	}

	req := httptest.NewRequest("GET", "/api/v1/conformance?format=csv", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", w.Code, w.Header().Get("Content-Type"))
	}
	rows, err := csv.NewReader(w.Body).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// One row per advice item: 2+1+2+1+2+1+1+1+1+1 = 13, and the header.
	if len(rows) != 14 || !slices.Equal(rows[0], ConformanceCSVHeader) {
		t.Fatalf("csv: %d rows, header %v", len(rows), rows[0])
	}
	if got := strings.Join(rows[1], "|"); got != "org-inv-low|Invest Low|organisation|invest|Invest|1|4|12|2024-02-15|operational|tactical|emp-anna|false|2|"+
		"|intensify|1 contact in the last 12 months; the policy asks at least 4" {
		t.Errorf("first csv row: %s", got)
	}

	var e apiError
	call(t, h, "GET", "/api/v1/conformance?format=xml", "", 400, &e)
	if !e.has("format", "") {
		t.Errorf("format=xml: %+v", e)
	}
	call(t, h, "GET", "/api/v1/conformance?lang=fr", "", 400, &e)
	if !e.has("lang", "") {
		t.Errorf("lang=fr: %+v", e)
	}
}

// TestOverdueRoute: the hand-computed overdue list of analysis'
// TestOverdueHandComputed; at noon the whole days are the same.
func TestOverdueRoute(t *testing.T) {
	h, _ := conformanceServer(t)
	var b OverdueBody
	call(t, h, "GET", "/api/v1/overdue", "", 200, &b)
	var got []string
	for _, g := range b.Groups {
		owner := "-"
		if g.Owner != nil {
			owner = g.Owner.Name
		}
		for _, it := range g.Items {
			when := "never"
			if !it.NeverContacted {
				when = it.Due.Format(time.DateOnly) + " " + strconv.Itoa(*it.DaysOverdue)
			}
			got = append(got, owner+" "+it.Stakeholder.ID+" "+when)
		}
	}
	want := []string{
		"Anna org-dev-new never", "Anna org-inv-low 2024-05-15 46",
		"Bas org-har-high 2024-06-01 29",
		"- org-dev-orphan never", "- per-inv-solo 2024-06-30 0",
	}
	if !slices.Equal(got, want) || b.Total != 5 || len(b.Groups) != 3 {
		t.Errorf("overdue:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestConformanceNeedsCapabilities: without segments or analyses the
// routes answer 404.
func TestConformanceNeedsCapabilities(t *testing.T) {
	_, st := holdingsServer(t)
	for _, srv := range []*Server{
		{Store: st, Snapshots: &analysis.Cache{Source: st}},
		{Store: st, Segments: st},
	} {
		h := serve(t, srv)
		var e apiError
		call(t, h, "GET", "/api/v1/conformance", "", 404, &e)
		call(t, h, "GET", "/api/v1/overdue", "", 404, &e)
	}
}

// TestConformanceCSVFormula: a stakeholder whose name a spreadsheet would
// run as a formula is written with a quote in front (issue 13, item 10;
// exchange.NeutraliseCell), while the counts stay numbers.
func TestConformanceCSVFormula(t *testing.T) {
	var buf strings.Builder
	advice := []analysis.Advice{{
		Stakeholder: analysis.PathNode{ID: "org-x", Name: `=HYPERLINK("https://evil.example","click")`, Kind: graph.KindOrganisation},
		Segment:     segment.Invest, Contacts: 2, MinContacts: 4, PeriodMonths: 12,
		Items: []analysis.AdviceItem{{Code: analysis.AdviceIntensify, Reason: analysis.Text{EN: "-2 contacts short", NL: "-2 contacten te weinig"}}},
	}}
	if err := WriteConformanceCSV(&buf, advice, "en"); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(buf.String())).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("%v: %q", err, buf.String())
	}
	row := map[string]string{}
	for i, h := range ConformanceCSVHeader {
		row[h] = rows[1][i]
	}
	for col, want := range map[string]string{
		"name":         `'=HYPERLINK("https://evil.example","click")`,
		"reason":       "'-2 contacts short",
		"contacts":     "2",
		"min_contacts": "4",
	} {
		if row[col] != want {
			t.Errorf("%s = %q, want %q", col, row[col], want)
		}
	}
}
