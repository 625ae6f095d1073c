package storetest

import (
	"reflect"
	"testing"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// testPathRules checks the path rules setting: the defaults until set,
// a saved value read back, a change moving the version (so that cached
// snapshots follow), saving the same value changing nothing, invalid
// values refused naming the field, and analysis.Cache routing by them.
func testPathRules(t *testing.T, s graph.Store) {
	rs, ok := s.(graph.PathRulesStore)
	if !ok {
		t.Fatal("the store keeps no path rules (graph.PathRulesStore)")
	}
	r, err := rs.PathRules(bg)
	Must(t, err)
	if r != graph.DefaultPathRules() {
		t.Fatalf("PathRules of a new store = %+v, want the defaults %+v", r, graph.DefaultPathRules())
	}
	// Anna knows Jan, who works at the fund with Dirk: Anna reaches Dirk
	// only through a colleague step (0.8 · 0.5 · min(0.9, 0.7) = 0.28).
	_, err = s.Upsert(bg, &graph.Batch{
		Employees:     []*graph.Employee{{ID: "emp-anna", Name: "Anna", Role: graph.RoleStaff}},
		Organisations: []*graph.Organisation{{ID: "org-fund", Name: "Fonds X"}},
		Persons:       []*graph.Person{{ID: "per-jan", Name: "Jan"}, {ID: "per-dirk", Name: "Dirk"}},
		Relationships: []*graph.Relationship{
			{Type: graph.RelKnows, From: "emp-anna", To: "per-jan", Strength: 0.8},
			{Type: graph.RelWorksAt, From: "per-jan", To: "org-fund", Strength: 0.9},
			{Type: graph.RelWorksAt, From: "per-dirk", To: "org-fund", Strength: 0.7},
		},
	}, graph.UpsertOptions{})
	Must(t, err)
	cache := &analysis.Cache{Source: s}
	paths := func() []analysis.Path {
		t.Helper()
		snap, err := cache.Snapshot(bg)
		Must(t, err)
		ps, err := analysis.WarmPaths(bg, snap, analysis.PathQuery{To: "per-dirk"})
		Must(t, err)
		return ps
	}
	if ps := paths(); len(ps) != 1 || !near(ps[0].Strength, 0.8*0.5*0.7) || ps[0].Steps[1].Type != analysis.RelColleague {
		t.Fatalf("paths under the default rules = %+v, want Anna–Jan–(colleague)–Dirk 0.28", ps)
	}

	v := version(t, s)
	off := graph.DefaultPathRules()
	off.ColleagueStrength, off.MinWarm = 0, 0.2
	Must(t, rs.SavePathRules(as("admin"), off))
	if r, err := rs.PathRules(bg); err != nil || r != off {
		t.Fatalf("PathRules after saving %+v = %+v, %v", off, r, err)
	}
	v2 := version(t, s)
	if v2 == v {
		t.Fatal("saving other path rules did not move the version")
	}
	if ps := paths(); len(ps) != 0 {
		t.Fatalf("paths with colleague steps off = %+v, want none", ps)
	}
	Must(t, rs.SavePathRules(as("admin"), off))
	if version(t, s) != v2 {
		t.Fatal("saving the same path rules moved the version")
	}
	for _, tc := range []struct {
		r     graph.PathRules
		field string
	}{
		{graph.PathRules{MinWarm: 0, ColleagueStrength: 0.5, ColleagueMaxPeople: 30}, "min_warm"},
		{graph.PathRules{MinWarm: 0.1, ColleagueStrength: 1.5, ColleagueMaxPeople: 30}, "colleague_strength"},
		{graph.PathRules{MinWarm: 0.1, ColleagueStrength: 0.5, ColleagueMaxPeople: 1}, "colleague_max_people"},
	} {
		WantErr(t, rs.SavePathRules(bg, tc.r), graph.EINVALID, "", tc.field)
	}
	if r, err := rs.PathRules(bg); err != nil || r != off || version(t, s) != v2 {
		t.Fatalf("refused rules changed the store: %+v, %v", r, err)
	}
}

// testLoadRules checks a second settings document through the shared
// graph.SettingStore (analysis.LoadRulesSetting): the defaults until set,
// a saved value read back exactly (a segment factor map is not merged
// with the defaults'), a change moving the version, the same value
// changing nothing, invalid values refused naming the field with the
// stored value untouched, and the path rules unaffected.
func testLoadRules(t *testing.T, s graph.Store) {
	ss, ok := s.(graph.SettingStore)
	if !ok {
		t.Fatal("the store keeps no settings documents (graph.SettingStore)")
	}
	d := analysis.LoadRulesSetting
	r, err := d.Get(bg, ss)
	Must(t, err)
	if !reflect.DeepEqual(r, analysis.DefaultLoadSettings()) {
		t.Fatalf("load rules of a new store = %+v, want the defaults", r)
	}
	v := version(t, s)
	set := analysis.DefaultLoadSettings()
	set.OpenFactor, set.NotBeforeDays = 0.5, 30
	set.SegmentFactors = map[segment.Segment]float64{segment.Ignore: 0.3}
	Must(t, d.Save(as("admin"), ss, set))
	if r, err := d.Get(bg, ss); err != nil || !reflect.DeepEqual(r, set) {
		t.Fatalf("load rules after saving %+v = %+v, %v", set, r, err)
	}
	v2 := version(t, s)
	if v2 == v {
		t.Fatal("saving other load rules did not move the version")
	}
	Must(t, d.Save(as("admin"), ss, set))
	if version(t, s) != v2 {
		t.Fatal("saving the same load rules moved the version")
	}
	for _, tc := range []struct {
		change func(*analysis.LoadSettings)
		field  string
	}{
		{func(l *analysis.LoadSettings) { l.OpenFactor = 0 }, "open_factor"},
		{func(l *analysis.LoadSettings) { l.NotBeforeDays = -1 }, "not_before_days"},
		{func(l *analysis.LoadSettings) { l.SegmentFactors = map[segment.Segment]float64{"gold": 0.5} }, "segment_factors"},
		{func(l *analysis.LoadSettings) { l.Candidates = 0 }, "candidates"},
	} {
		bad := set
		tc.change(&bad)
		WantErr(t, d.Save(bg, ss, bad), graph.EINVALID, "", tc.field)
	}
	if r, err := d.Get(bg, ss); err != nil || !reflect.DeepEqual(r, set) || version(t, s) != v2 {
		t.Fatalf("refused load rules changed the store: %+v, %v", r, err)
	}
	if rs, ok := s.(graph.PathRulesStore); ok {
		if p, err := rs.PathRules(bg); err != nil || p != graph.DefaultPathRules() {
			t.Fatalf("path rules after saving load rules: %+v, %v", p, err)
		}
	}
}
