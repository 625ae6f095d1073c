package segment

import (
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/relmap/relmap/graph"
)

// TestBuildMatrix: employees are no rows; a stakeholder without any
// assessment is a row, unassessed, without a policy and with every
// criterion missing; rows are ordered by segment, then name, then id; each
// placed row carries its segment's policy; Count counts every row.
func TestBuildMatrix(t *testing.T) {
	s := DefaultScheme()
	d := day("2024-03-01")
	var as []Assessment
	// all gives every default criterion the same score: mean = score.
	all := func(id string, attr, acc int) {
		for _, c := range s.Criteria {
			v := attr
			if c.Axis == Accessibility {
				v = acc
			}
			as = append(as, Assessment{ID: id + ":" + c.ID, StakeholderID: id, CriterionID: c.ID, Score: v, Date: d})
		}
	}
	all("org-b", 4, 4) // invest
	all("org-a", 4, 4) // invest, same name as org-b: id decides
	all("per-c", 2, 2) // ignore
	all("org-d", 4, 2) // develop
	nodes := []graph.NetworkNode{
		{ID: "emp-1", Kind: graph.KindEmployee, Name: "Anna"},
		{ID: "per-c", Kind: graph.KindPerson, Name: "Cees"},
		{ID: "org-b", Kind: graph.KindOrganisation, Name: "Fonds"},
		{ID: "org-a", Kind: graph.KindOrganisation, Name: "Fonds"},
		{ID: "org-d", Kind: graph.KindOrganisation, Name: "Dagblad"},
		{ID: "org-e", Kind: graph.KindOrganisation, Name: "Bakkerij"},
	}
	m := BuildMatrix(s, DefaultPolicies(), nodes, as, time.Time{})
	var got []string
	for _, r := range m.Rows() {
		got = append(got, r.Stakeholder.ID+":"+string(r.Placement.Segment))
	}
	want := []string{"org-a:invest", "org-b:invest", "org-d:develop", "per-c:ignore", "org-e:unassessed"}
	if len(got) != len(want) {
		t.Fatalf("rows %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("rows %v, want %v", got, want)
		}
	}
	for _, r := range m.Rows() {
		placed := r.Placement.Segment.Placed()
		if placed != (r.Policy != nil) || (placed && r.Policy.Segment != r.Placement.Segment) {
			t.Errorf("%s in %s has policy %+v", r.Stakeholder.ID, r.Placement.Segment, r.Policy)
		}
	}
	if e := m.Rows()[4].Placement; len(e.Missing()) != len(s.Criteria) || e.StakeholderID != "org-e" {
		t.Errorf("unassessed row %+v, want every criterion missing", e)
	}
	c := m.Count()
	if c[Invest] != 2 || c[Develop] != 1 || c[Harvest] != 0 || c[Ignore] != 1 || c[Unassessed] != 1 {
		t.Errorf("Count() = %v", c)
	}
}

// TestMatrixBuilderSharesIDs: a placement whose stakeholder id was read
// separately (a copy of the string) keeps the node's id, so that the
// matrix holds each id once.
func TestMatrixBuilderSharesIDs(t *testing.T) {
	nodes := []graph.NetworkNode{{ID: "org-1", Kind: graph.KindOrganisation, Name: "Fonds"}}
	b := NewMatrixBuilder(DefaultScheme(), DefaultPolicies(), nodes, time.Time{})
	p := EmptyPlacement(DefaultScheme(), strings.Clone("org-1"))
	b.Place(p)
	r := b.Matrix().Rows()[0]
	if r.Placement.StakeholderID != "org-1" || unsafe.StringData(r.Placement.StakeholderID) != unsafe.StringData(r.Stakeholder.ID) {
		t.Errorf("the placement's id %q is a copy of the node's", r.Placement.StakeholderID)
	}
}

// TestMatrixRowsRoundTrip: a matrix made of rows gives the same rows back
// (Row, All, Rows): placements with and without dates, missing lists nil
// and empty, the assessments used, policies and network accessibility.
func TestMatrixRowsRoundTrip(t *testing.T) {
	ps := DefaultPolicies()
	own := Policy{Segment: Develop, MinContacts: 9}
	reach := 0.25
	rows := []MatrixRow{
		{Stakeholder: graph.NetworkNode{ID: "org-a", Kind: graph.KindOrganisation, Name: "A", OwnerID: "emp-1"},
			Placement: Placement{StakeholderID: "org-a", Segment: Invest,
				Attractiveness: AxisPlacement{Mean: 4.333333333333333, Complete: true, High: true},
				Accessibility:  AxisPlacement{Mean: 2.9999999999999996, Complete: true, High: true},
				Used:           []Assessment{{ID: "x", StakeholderID: "org-a", CriterionID: "c", Score: 4, Date: day("2024-01-02")}},
				LatestDate:     time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC)},
			Policy: &ps[0], NetworkAccessibility: &reach},
		{Stakeholder: graph.NetworkNode{ID: "per-b", Kind: graph.KindPerson, Name: "B"},
			Placement: Placement{StakeholderID: "per-b", Segment: Unassessed,
				Attractiveness: AxisPlacement{Missing: []string{"c1", "c2"}}, Accessibility: AxisPlacement{Missing: []string{}}}},
		{Stakeholder: graph.NetworkNode{ID: "org-c", Kind: graph.KindOrganisation, Name: "C"},
			Placement: Placement{StakeholderID: "org-c", Segment: Develop, Attractiveness: AxisPlacement{Mean: 5, Complete: true, High: true},
				Accessibility: AxisPlacement{Mean: 1, Complete: true}}, Policy: &own},
	}
	m := NewMatrix(time.Time{}, DefaultScheme(), ps, rows)
	got := m.Rows()
	if !reflect.DeepEqual(got, rows) {
		t.Errorf("rows back\n%+v\nwant\n%+v", got, rows)
	}
	for i, r := range m.All() {
		if !reflect.DeepEqual(r, rows[i]) || !reflect.DeepEqual(m.Row(i), rows[i]) {
			t.Errorf("row %d: All %+v, Row %+v, want %+v", i, r, m.Row(i), rows[i])
		}
	}
	if got[0].Policy != &ps[0] || got[2].Policy != &own {
		t.Error("the rows' policies are not the pointers they were made with")
	}
	if lean := m.WithoutUsed(); lean.Row(0).Placement.Used != nil || m.Row(0).Placement.Used == nil {
		t.Error("WithoutUsed changed the matrix it was made from, or kept the assessments used")
	}
}

// TestMatrixMemoryPerRow keeps what the Matrix documentation states: a row
// costs its node (112 bytes, graph.NetworkNode) and 40 bytes of codes, the
// lists of missing criteria shared, and its index by id (SegmentOf) 9 to
// 13; at most 175 bytes a row with the allocator's rounding (a MatrixRow
// alone is 288, and a map from id to segment 60–80 a row).
func TestMatrixMemoryPerRow(t *testing.T) {
	const n = 20000
	s := DefaultScheme()
	nodes := make([]graph.NetworkNode, n)
	var as []Assessment
	for i := range nodes {
		id := fmt.Sprintf("org-%05d", i)
		nodes[i] = graph.NetworkNode{ID: id, Kind: graph.KindOrganisation, Name: "Organisation " + id}
		if i%4 != 0 { // a quarter unassessed
			for _, c := range s.Criteria {
				as = append(as, Assessment{ID: id + c.ID, StakeholderID: id, CriterionID: c.ID, Score: 1 + i%5, Date: day("2024-01-01")})
			}
		}
	}
	placed := Place(s, as, time.Time{})
	for id, p := range placed {
		p.Used = nil
		placed[id] = p
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	m := MatrixOf(s, DefaultPolicies(), nodes, placed, time.Time{})
	if sg, ok := m.SegmentOf("org-00001"); !ok || sg == "" {
		t.Fatalf("SegmentOf(org-00001) = %q %v", sg, ok)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(m)
	runtime.KeepAlive(placed) // the placements' lists, which the rows share
	runtime.KeepAlive(nodes)  // the strings, which the rows share
	perRow := (float64(after.HeapAlloc) - float64(before.HeapAlloc)) / n
	t.Logf("%.1f bytes a row", perRow)
	if perRow > 175 {
		t.Errorf("%.1f bytes a row, want at most 175", perRow)
	}
}

// TestMatrixSegmentOf: every row's segment by id, in a matrix made by the
// builder and in one derived by Placed; unknown ids and employees have
// none.
func TestMatrixSegmentOf(t *testing.T) {
	s := DefaultScheme()
	var as []Assessment
	for _, c := range s.Criteria {
		as = append(as, Assessment{ID: "a" + c.ID, StakeholderID: "org-a", CriterionID: c.ID, Score: 5, Date: day("2024-01-01")})
	}
	nodes := []graph.NetworkNode{{ID: "org-a", Kind: graph.KindOrganisation}, {ID: "per-b", Kind: graph.KindPerson}, {ID: "emp-c", Kind: graph.KindEmployee}}
	m := BuildMatrix(s, DefaultPolicies(), nodes, as, time.Time{})
	check := func(m *Matrix, want map[string]Segment) {
		t.Helper()
		for _, id := range []string{"org-a", "per-b", "emp-c", "org-x"} {
			sg, ok := m.SegmentOf(id)
			if w, has := want[id]; sg != w || ok != has {
				t.Errorf("SegmentOf(%s) = %q %v, want %q %v", id, sg, ok, w, has)
			}
		}
	}
	check(m, map[string]Segment{"org-a": Invest, "per-b": Unassessed})
	p := m.Placed([]Placement{EmptyPlacement(s, "org-a")})
	check(p, map[string]Segment{"org-a": Unassessed, "per-b": Unassessed})
	check(m, map[string]Segment{"org-a": Invest, "per-b": Unassessed}) // m itself unchanged
}

// TestMatrixBuilderOver: a stakeholder equal to a node of base is kept as
// that node (no copy), one that differs from base's or is not in it as
// read; rows, order and SegmentOf are those of NewMatrixBuilder.
func TestMatrixBuilderOver(t *testing.T) {
	base := []graph.NetworkNode{
		{ID: "emp-1", Kind: graph.KindEmployee, Name: "Anna"},
		{ID: "org-a", Kind: graph.KindOrganisation, Name: "Alpha"},
		{ID: "org-b", Kind: graph.KindOrganisation, Name: "Beta (old name)"},
	}
	index := func(id string) (int32, bool) {
		i := slices.IndexFunc(base, func(n graph.NetworkNode) bool { return n.ID == id })
		return int32(i), i >= 0
	}
	read := []graph.NetworkNode{
		{ID: "org-b", Kind: graph.KindOrganisation, Name: "Beta"},
		{ID: "per-c", Kind: graph.KindPerson, Name: "Cees"},
		{ID: "org-a", Kind: graph.KindOrganisation, Name: "Alpha"},
	}
	s := DefaultScheme()
	b := NewMatrixBuilderOver(s, DefaultPolicies(), base, index, read, time.Time{})
	m := b.Matrix()
	want := NewMatrixBuilder(s, DefaultPolicies(), read, time.Time{}).Matrix()
	if !reflect.DeepEqual(m.Rows(), want.Rows()) {
		t.Errorf("rows over base\n%+v\nwant\n%+v", m.Rows(), want.Rows())
	}
	for i := range m.Len() {
		n := m.Stakeholder(i)
		if shared := n == &base[1]; shared != (n.ID == "org-a") {
			t.Errorf("%s kept as base's node: %v, want only org-a (equal to base's)", n.ID, shared)
		}
		if sg, ok := m.SegmentOf(n.ID); !ok || sg != Unassessed {
			t.Errorf("SegmentOf(%s) = %q %v", n.ID, sg, ok)
		}
	}
}
