package analysis

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// conformanceNow is "today" in the conformance tests; with the default
// 12-month policies the current period starts on 2023-06-30.
var conformanceNow = day("2024-06-30")

// conformanceScheme has one criterion per axis, weight 1, threshold 3: a
// stakeholder's segment is set by two scores.
func conformanceScheme() *segment.Scheme {
	return &segment.Scheme{
		Scale: segment.DefaultScale, ThresholdAttractiveness: 3, ThresholdAccessibility: 3,
		Criteria: []segment.Criterion{
			{ID: "attr", Axis: segment.Attractiveness, NameEN: "Attractiveness", Weight: 1},
			{ID: "acc", Axis: segment.Accessibility, NameEN: "Accessibility", Weight: 1},
		},
	}
}

// twoScores assesses stakeholder id on both criteria of
// conformanceScheme, on 2024-01-01.
func twoScores(id string, attr, acc int) []segment.Assessment {
	var as []segment.Assessment
	for crit, score := range map[string]int{"attr": attr, "acc": acc} {
		as = append(as, segment.Assessment{ID: id + crit, StakeholderID: id, CriterionID: crit, Score: score, Date: day("2024-01-01")})
	}
	return as
}

// conformanceFixture is the hand-built network of the conformance tests,
// with the default policies (invest 4, develop 2, harvest 3, ignore 0
// contacts per 12 months; invest and develop by account managers or
// directors, i.e. levels tactical–strategic; harvest by account managers,
// i.e. tactical only). Employees Anna, Bas, Cor; person Jan (unassessed).
//
//	stakeholder      segment  owner  ties (employee, level)                 contacts (date, by)
//	Invest Low       invest   Anna   Anna operational, Cor operational      2023-06-29 A (before the period), 2024-02-15 A, 2024-07-15 A (future)
//	Invest OK        invest   Anna   Anna tactical, Bas strategic           2023-06-30 A (period start), 2023-10-01 A, 2024-01-10 A, 2024-04-20 A
//	Invest Solo (p)  invest   —      Bas strategic                          2023-08-01, 2023-11-01, 2024-02-01, 2024-03-30, all Bas
//	Develop New      develop  Anna   — (Jan works there 0.9; Cor knows Jan 0.8)
//	Develop Orphan   develop  —      —
//	Harvest Busy     harvest  Anna   Anna tactical, Cor (no level)          monthly 2023-12-01 … 2024-06-01 by Anna: 7
//	Harvest Six      harvest  Anna   Anna tactical, Cor (no level)          monthly 2024-01-01 … 2024-06-01 by Anna: 6
//	Harvest High     harvest  Bas    Bas strategic                          2023-09-01, 2023-12-01, 2024-02-01 by Anna (tactical)
//	Ignore Busy      ignore   —      —                                      2024-03-01 Cor
//	Ignore Quiet     ignore   —      —                                      2023-01-01 Cor (before the period)
func conformanceFixture(t testing.TB) (*segment.Matrix, *Snapshot, []*graph.Contact) {
	t.Helper()
	n := graph.Network{Nodes: []graph.NetworkNode{
		{ID: "emp-anna", Kind: graph.KindEmployee, Name: "Anna"},
		{ID: "emp-bas", Kind: graph.KindEmployee, Name: "Bas"},
		{ID: "emp-cor", Kind: graph.KindEmployee, Name: "Cor"},
		{ID: "per-jan", Kind: graph.KindPerson, Name: "Jan"},
		{ID: "org-inv-low", Kind: graph.KindOrganisation, Name: "Invest Low", OwnerID: "emp-anna"},
		{ID: "org-inv-ok", Kind: graph.KindOrganisation, Name: "Invest OK", OwnerID: "emp-anna"},
		{ID: "per-inv-solo", Kind: graph.KindPerson, Name: "Invest Solo"},
		{ID: "org-dev-new", Kind: graph.KindOrganisation, Name: "Develop New", OwnerID: "emp-anna"},
		{ID: "org-dev-orphan", Kind: graph.KindOrganisation, Name: "Develop Orphan"},
		{ID: "org-har-busy", Kind: graph.KindOrganisation, Name: "Harvest Busy", OwnerID: "emp-anna"},
		{ID: "org-har-six", Kind: graph.KindOrganisation, Name: "Harvest Six", OwnerID: "emp-anna"},
		{ID: "org-har-high", Kind: graph.KindOrganisation, Name: "Harvest High", OwnerID: "emp-bas"},
		{ID: "org-ign-busy", Kind: graph.KindOrganisation, Name: "Ignore Busy"},
		{ID: "org-ign-quiet", Kind: graph.KindOrganisation, Name: "Ignore Quiet"},
	}}
	rel := func(typ graph.RelType, from, to string, s float64, lvl graph.ContactLevel) {
		n.Edges = append(n.Edges, graph.NetworkEdge{ID: graph.RelationshipID(typ, from, to), Type: typ, From: from, To: to, Strength: s, Level: lvl})
	}
	rel(graph.RelAdvises, "emp-anna", "org-inv-low", 0.5, graph.LevelOperational)
	rel(graph.RelAdvises, "emp-cor", "org-inv-low", 0.4, graph.LevelOperational)
	rel(graph.RelAdvises, "emp-anna", "org-inv-ok", 0.6, graph.LevelTactical)
	rel(graph.RelBoardMemberOf, "emp-bas", "org-inv-ok", 0.7, graph.LevelStrategic)
	rel(graph.RelKnows, "emp-bas", "per-inv-solo", 0.9, graph.LevelStrategic)
	rel(graph.RelWorksAt, "per-jan", "org-dev-new", 0.9, "")
	rel(graph.RelKnows, "emp-cor", "per-jan", 0.8, "")
	rel(graph.RelAdvises, "emp-anna", "org-har-busy", 0.5, graph.LevelTactical)
	rel(graph.RelAdvises, "emp-cor", "org-har-busy", 0.3, "")
	rel(graph.RelAdvises, "emp-anna", "org-har-six", 0.5, graph.LevelTactical)
	rel(graph.RelAdvises, "emp-cor", "org-har-six", 0.2, "")
	rel(graph.RelBoardMemberOf, "emp-bas", "org-har-high", 0.6, graph.LevelStrategic)
	s, err := NewSnapshot(&n)
	if err != nil {
		t.Fatal(err)
	}

	var as []segment.Assessment
	place := func(id string, attr, acc int) { as = append(as, twoScores(id, attr, acc)...) }
	place("org-inv-low", 5, 5)
	place("org-inv-ok", 5, 5)
	place("per-inv-solo", 4, 4)
	place("org-dev-new", 5, 1)
	place("org-dev-orphan", 4, 2)
	place("org-har-busy", 1, 5)
	place("org-har-six", 2, 4)
	place("org-har-high", 2, 5)
	place("org-ign-busy", 1, 1)
	place("org-ign-quiet", 2, 2)
	m := segment.BuildMatrix(conformanceScheme(), segment.DefaultPolicies(), n.Nodes, as, time.Time{})

	var cs []*graph.Contact
	c := func(emp, st, date string, l graph.ContactLevel) {
		cs = append(cs, &graph.Contact{ID: emp + st + date, EmployeeID: emp, StakeholderID: st, Date: day(date), Mode: graph.ModeMeeting, Level: l})
	}
	c("emp-anna", "org-inv-low", "2023-06-29", graph.LevelOperational)
	c("emp-anna", "org-inv-low", "2024-02-15", graph.LevelOperational)
	c("emp-anna", "org-inv-low", "2024-07-15", graph.LevelStrategic)
	for _, d := range []string{"2023-06-30", "2023-10-01", "2024-01-10", "2024-04-20"} {
		c("emp-anna", "org-inv-ok", d, graph.LevelTactical)
	}
	for _, d := range []string{"2023-08-01", "2023-11-01", "2024-02-01", "2024-03-30"} {
		c("emp-bas", "per-inv-solo", d, graph.LevelStrategic)
	}
	for mo := time.December; ; mo++ {
		d := time.Date(2023, mo, 1, 0, 0, 0, 0, time.UTC) // normalised into 2024
		if d.After(day("2024-06-01")) {
			break
		}
		c("emp-anna", "org-har-busy", d.Format(time.DateOnly), graph.LevelTactical)
		if d.Year() == 2024 {
			c("emp-anna", "org-har-six", d.Format(time.DateOnly), graph.LevelTactical)
		}
	}
	for _, d := range []string{"2023-09-01", "2023-12-01", "2024-02-01"} {
		c("emp-anna", "org-har-high", d, graph.LevelTactical)
	}
	c("emp-cor", "org-ign-busy", "2024-03-01", "")
	c("emp-cor", "org-ign-quiet", "2023-01-01", "")
	return m, s, cs
}

// TestConformanceHandComputed checks every advice code against the
// fixture's answers, worked out by hand from the rules of Conformance:
//
//   - Invest Low: 1 contact in the period (2023-06-29 is a day before its
//     start, 2024-07-15 after now) < 4 → intensify; highest level
//     operational < tactical (account manager) → raise_level. Owned, two
//     holders.
//   - Invest OK: 4 contacts (2023-06-30 is the first day of the period) ≥
//     4; strategic is within tactical–strategic; owned; two holders → ok.
//   - Invest Solo: 4 contacts, strategic; no owner → assign_owner; Bas
//     alone → single_holder.
//   - Develop New: no holder → develop, through Jan (Cor–Jan–Develop New is
//     the only path); owned. No intensify beside develop.
//   - Develop Orphan: no holder and no path → develop without an
//     intermediary; no owner → assign_owner.
//   - Harvest Busy: 7 contacts > 2 × 3 → reduce. Harvest Six: 6 = 2 × 3
//     is not above → ok.
//   - Harvest High: 3 contacts; Bas's strategic tie is above the tactical
//     of harvest's account managers → lower_level.
//   - Ignore Busy: a contact in the period → reduce; no owner or holder
//     advice in the ignore segment. Ignore Quiet: its contact lies before
//     the period → ok.
func TestConformanceHandComputed(t *testing.T) {
	m, s, cs := conformanceFixture(t)
	brokers, err := DevelopIntermediaries(t.Context(), s, m)
	if err != nil {
		t.Fatal(err)
	}
	if len(brokers) != 1 || brokers["org-dev-new"].ID != "per-jan" {
		t.Fatalf("intermediaries %v, want Jan for Develop New only", brokers)
	}
	got := Conformance(m, s, cs, conformanceNow, brokers)
	want := []struct {
		id       string
		codes    []AdviceCode
		contacts int
		holders  int
		level    graph.ContactLevel
	}{
		{"org-inv-low", []AdviceCode{AdviceIntensify, AdviceRaiseLevel}, 1, 2, graph.LevelOperational},
		{"org-inv-ok", []AdviceCode{AdviceOK}, 4, 2, graph.LevelStrategic},
		{"per-inv-solo", []AdviceCode{AdviceAssignOwner, AdviceSingleHolder}, 4, 1, graph.LevelStrategic},
		{"org-dev-new", []AdviceCode{AdviceDevelop}, 0, 0, ""},
		{"org-dev-orphan", []AdviceCode{AdviceDevelop, AdviceAssignOwner}, 0, 0, ""},
		{"org-har-busy", []AdviceCode{AdviceReduce}, 7, 2, graph.LevelTactical},
		{"org-har-high", []AdviceCode{AdviceLowerLevel}, 3, 2, graph.LevelStrategic},
		{"org-har-six", []AdviceCode{AdviceOK}, 6, 2, graph.LevelTactical},
		{"org-ign-busy", []AdviceCode{AdviceReduce}, 1, 1, ""},
		{"org-ign-quiet", []AdviceCode{AdviceOK}, 0, 1, ""},
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		a := got[i]
		if a.Stakeholder.ID != w.id {
			t.Errorf("row %d is %s, want %s (sorted by segment, then name)", i, a.Stakeholder.ID, w.id)
			continue
		}
		if !slices.Equal(a.Codes(), w.codes) {
			t.Errorf("%s: codes %v, want %v", w.id, a.Codes(), w.codes)
		}
		if a.Contacts != w.contacts || a.Holders != w.holders || a.Level != w.level {
			t.Errorf("%s: contacts %d, holders %d, level %q; want %d, %d, %q", w.id, a.Contacts, a.Holders, a.Level, w.contacts, w.holders, w.level)
		}
		if !a.PeriodStart.Equal(day("2023-06-30")) {
			t.Errorf("%s: period start %v", w.id, a.PeriodStart)
		}
		for _, it := range a.Items {
			if it.Reason.EN == "" || it.Reason.NL == "" || it.Reason.EN == it.Reason.NL {
				t.Errorf("%s %s: reason %+v, want English and Dutch", w.id, it.Code, it.Reason)
			}
		}
	}
	// The details behind the codes.
	byID := map[string]Advice{}
	for _, a := range got {
		byID[a.Stakeholder.ID] = a
	}
	if a := byID["org-dev-new"]; a.Intermediary == nil || a.Intermediary.ID != "per-jan" ||
		a.Items[0].Reason.EN != "nobody here holds Develop New yet: ask Jan for an introduction" {
		t.Errorf("Develop New: %+v", a)
	}
	if a := byID["org-dev-orphan"]; a.Intermediary != nil || a.Owner != nil {
		t.Errorf("Develop Orphan: %+v", a)
	}
	if a := byID["org-inv-low"]; a.Items[0].Reason.EN != "1 contact in the last 12 months; the policy asks at least 4" ||
		a.Items[0].Reason.NL != "1 contact in de afgelopen 12 maanden; het beleid vraagt er minstens 4" ||
		!a.LastContact.Equal(day("2024-02-15")) || a.ExpectedLevel != graph.LevelTactical || a.MaxLevel != graph.LevelStrategic {
		t.Errorf("Invest Low: %+v", a)
	}
	if a := byID["per-inv-solo"]; a.Items[1].Reason.EN != "only Bas holds this relationship: introduce a second colleague" {
		t.Errorf("Invest Solo: %+v", a.Items)
	}
	if a := byID["org-har-high"]; a.Owner == nil || a.Owner.Name != "Bas" || a.ExpectedLevel != graph.LevelTactical || a.MaxLevel != graph.LevelTactical {
		t.Errorf("Harvest High: %+v", a)
	}

	// Without brokers the develop advice names no intermediary.
	for _, a := range Conformance(m, s, cs, conformanceNow, nil) {
		if a.Intermediary != nil {
			t.Errorf("%s: intermediary %v without brokers", a.Stakeholder.ID, a.Intermediary)
		}
	}
}

// TestConformanceSkipsUnassessed: only placed stakeholders are checked;
// Jan, who is never assessed, is not a row.
func TestConformanceSkipsUnassessed(t *testing.T) {
	m, s, cs := conformanceFixture(t)
	for _, a := range Conformance(m, s, cs, conformanceNow, nil) {
		if a.Stakeholder.ID == "per-jan" {
			t.Errorf("unassessed Jan has advice %+v", a)
		}
	}
	empty := segment.BuildMatrix(conformanceScheme(), segment.DefaultPolicies(), nil, nil, time.Time{})
	if got := Conformance(empty, s, cs, conformanceNow, nil); got == nil || len(got) != 0 {
		t.Errorf("empty matrix: %v, want an empty list", got)
	}
	if got, err := DevelopIntermediaries(t.Context(), s, empty); err != nil || len(got) != 0 {
		t.Errorf("no develop targets: %v, %v", got, err)
	}
}

// TestOverdueHandComputed: the next contact is due one period/minimum
// after the last (invest 3 months, develop 6, harvest 4); a stakeholder
// without any contact is never contacted, with no due day and no days. On
// 2024-06-30:
//
//	Invest Low      last 2024-02-15 → due 2024-05-15: 46 days (16 in May + 30)
//	Invest OK       last 2024-04-20 → due 2024-07-20: not yet
//	Invest Solo     last 2024-03-30 → due 2024-06-30: 0 days (due today)
//	Develop New     none → never contacted
//	Develop Orphan  none → never contacted
//	Harvest Busy    last 2024-06-01 → due 2024-10-01: not yet
//	Harvest Six     the same
//	Harvest High    last 2024-02-01 → due 2024-06-01: 29 days
//	Ignore *        no minimum: never due
//
// Groups: Anna (Develop New never, Invest Low 46), Bas (Harvest High 29),
// then the unowned (Develop Orphan never, Invest Solo 0): within a group
// the never-contacted first. (Before, a never-contacted stakeholder was
// "due since the period's start", 2023-06-30: 366 days late.)
func TestOverdueHandComputed(t *testing.T) {
	m, s, cs := conformanceFixture(t)
	got := Overdue(m, s, cs, conformanceNow)
	const never = -1
	type item struct {
		id   string
		days int // never: never contacted
		due  string
	}
	want := []struct {
		owner string
		items []item
	}{
		{"emp-anna", []item{{"org-dev-new", never, ""}, {"org-inv-low", 46, "2024-05-15"}}},
		{"emp-bas", []item{{"org-har-high", 29, "2024-06-01"}}},
		{"", []item{{"org-dev-orphan", never, ""}, {"per-inv-solo", 0, "2024-06-30"}}},
	}
	if len(got) != len(want) {
		t.Fatalf("%d groups, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		owner := ""
		if g.Owner != nil {
			owner = g.Owner.ID
		}
		if owner != w.owner || len(g.Items) != len(w.items) {
			t.Errorf("group %d: owner %q with %d items, want %q with %d", i, owner, len(g.Items), w.owner, len(w.items))
			continue
		}
		for j, wi := range w.items {
			it := g.Items[j]
			days, due := never, it.Due.Format(time.DateOnly)
			if it.DaysOverdue != nil {
				days = *it.DaysOverdue
			}
			if it.Due.IsZero() {
				due = ""
			}
			if it.Stakeholder.ID != wi.id || days != wi.days || due != wi.due || it.NeverContacted != (wi.days == never) {
				t.Errorf("group %q item %d: %s %d days, due %q, never %v; want %s %d, due %q", w.owner, j,
					it.Stakeholder.ID, days, due, it.NeverContacted, wi.id, wi.days, wi.due)
			}
		}
	}
	if g := got[0]; g.Owner.Name != "Anna" || !g.Items[0].LastContact.IsZero() || !g.Items[1].LastContact.Equal(day("2024-02-15")) {
		t.Errorf("Anna's group %+v", g)
	}
	// Half a day later nothing changes but the time of day.
	if got := Overdue(m, s, cs, conformanceNow.Add(12*time.Hour)); *got[0].Items[1].DaysOverdue != 46 || !got[0].Items[0].NeverContacted {
		t.Errorf("at noon: %+v", got[0].Items)
	}
	// The JSON says so in words a client reads: never_contacted, and
	// neither a due day nor days.
	b, err := json.Marshal(got[0].Items[0])
	if err != nil {
		t.Fatal(err)
	}
	if js := string(b); !strings.Contains(js, `"never_contacted":true`) || strings.Contains(js, `"due"`) ||
		strings.Contains(js, `"days_overdue"`) || strings.Contains(js, `"last_contact"`) {
		t.Errorf("never contacted as JSON: %s", js)
	}
	if b, _ := json.Marshal(got[2].Items[1]); !strings.Contains(string(b), `"days_overdue":0`) || !strings.Contains(string(b), `"never_contacted":false`) {
		t.Errorf("due today as JSON: %s", b)
	}
}

// TestNextContactDue: whole-month spacings use calendar months; the rest
// of a month is spread in days of the mean month (30.436875 days).
func TestNextContactDue(t *testing.T) {
	start := day("2023-06-30")
	for _, c := range []struct {
		name        string
		last        string
		min, months int
		want        string
		wantOK      bool
	}{
		{"invest: 3 months", "2024-02-15", 4, 12, "2024-05-15", true},
		{"harvest: 4 months", "2024-02-01", 3, 12, "2024-06-01", true},
		// 12/5 = 2 months + 2/5 · 30.436875 = 12.17 → 12 days.
		{"5 a year: 2 months and 12 days", "2024-03-01", 5, 12, "2024-05-13", true},
		// 1/2 month = 15.22 → 15 days.
		{"twice a month", "2024-03-01", 2, 1, "2024-03-16", true},
		{"no contact: since the period start", "", 4, 12, "2023-06-30", true},
		{"no minimum", "2024-03-01", 0, 12, "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			var last time.Time
			if c.last != "" {
				last = day(c.last)
			}
			due, ok := NextContactDue(last, start, c.min, c.months)
			if ok != c.wantOK || ok && !due.Equal(day(c.want)) {
				t.Errorf("due %v, %v; want %s, %v", due, ok, c.want, c.wantOK)
			}
		})
	}
}

// TestRoleLevel: the documented mapping of roles to levels.
func TestRoleLevel(t *testing.T) {
	for r, want := range map[graph.EmployeeRole]graph.ContactLevel{
		graph.RoleDirector: graph.LevelStrategic, graph.RoleBoardMember: graph.LevelStrategic,
		graph.RoleAccountManager: graph.LevelTactical, graph.RoleStaff: graph.LevelOperational, "janitor": "",
	} {
		if got := RoleLevel(r); got != want {
			t.Errorf("RoleLevel(%s) = %q, want %q", r, got, want)
		}
	}
}

// TestConformanceNeverLowersIntensive: with an invest policy run by
// account managers only (tactical), Bas's strategic tie to Invest OK is
// still welcome: lower_level is for extensive segments alone.
func TestConformanceNeverLowersIntensive(t *testing.T) {
	m, s, cs := conformanceFixture(t)
	ps := segment.DefaultPolicies()
	ps[0].Responsible = []graph.EmployeeRole{graph.RoleAccountManager}
	rows := m.Rows()
	for i, r := range rows {
		if p, ok := ps.For(r.Placement.Segment); ok {
			rows[i].Policy = &p
		}
	}
	m = segment.NewMatrix(m.AsOf, m.Scheme, m.Policies, rows)
	for _, a := range Conformance(m, s, cs, conformanceNow, nil) {
		if a.Stakeholder.ID == "org-inv-ok" && (!slices.Equal(a.Codes(), []AdviceCode{AdviceOK}) || a.MaxLevel != graph.LevelTactical) {
			t.Errorf("Invest OK under a tactical-only policy: %v (max level %q), want ok", a.Codes(), a.MaxLevel)
		}
	}
}

// TestFindingsAnswerAsConformance checks that the compact form words the
// same advice as Conformance on the two hand-computed fixtures, which
// between them give every advice code and both wordings of develop,
// reduce and assign_owner: the same stakeholders in the same order, with
// the same codes, reasons, owner, holders, contacts and level.
func TestFindingsAnswerAsConformance(t *testing.T) {
	for _, tc := range []struct {
		name    string
		fixture func(testing.TB) (*segment.Matrix, *Snapshot, []*graph.Contact)
		now     time.Time
	}{{"conformance", conformanceFixture, conformanceNow}, {"rollup", rollupFixture, rollupNow}} {
		t.Run(tc.name, func(t *testing.T) {
			m, s, cs := tc.fixture(t)
			brokers, err := DevelopIntermediaries(t.Context(), s, m)
			if err != nil {
				t.Fatal(err)
			}
			want := Conformance(m, s, cs, tc.now, brokers)
			got := Findings(m, s, cs, tc.now, brokers)
			if len(got) != len(want) {
				t.Fatalf("%d findings, want %d", len(got), len(want))
			}
			for i, f := range got {
				w := want[i]
				if id := m.Rows()[f.Row].Stakeholder.ID; id != w.Stakeholder.ID {
					t.Fatalf("finding %d is of %s, want %s", i, id, w.Stakeholder.ID)
				}
				if !reflect.DeepEqual(f.Codes(), w.Codes()) || !reflect.DeepEqual(f.Items(m, s.Nodes, tc.now), w.Items) ||
					!reflect.DeepEqual(f.Owner(m, s.Nodes, tc.now), w.Owner) || int(f.Holders) != w.Holders ||
					int(f.Contacts) != w.Contacts || f.Level() != w.Level {
					t.Errorf("%s: finding %+v words %+v, owner %+v; want %+v", w.Stakeholder.ID, f, f.Items(m, s.Nodes, tc.now), f.Owner(m, s.Nodes, tc.now), w)
				}
			}
		})
	}
}

// TestFindingSize: a Finding takes 28 bytes (its documentation), and its
// level is every level an Advice can have.
func TestFindingSize(t *testing.T) {
	if got := unsafe.Sizeof(Finding{}); got != 28 {
		t.Errorf("a Finding takes %d bytes, want 28", got)
	}
	for _, l := range append([]graph.ContactLevel{""}, graph.ContactLevels...) {
		if got := (Finding{level: uint8(l.Rank())}).Level(); got != l {
			t.Errorf("level %q comes back as %q", l, got)
		}
	}
}
