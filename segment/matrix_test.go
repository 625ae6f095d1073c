package segment

import (
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
	for _, r := range m.Rows {
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
	for _, r := range m.Rows {
		placed := r.Placement.Segment.Placed()
		if placed != (r.Policy != nil) || (placed && r.Policy.Segment != r.Placement.Segment) {
			t.Errorf("%s in %s has policy %+v", r.Stakeholder.ID, r.Placement.Segment, r.Policy)
		}
	}
	if e := m.Rows[4].Placement; len(e.Missing()) != len(s.Criteria) || e.StakeholderID != "org-e" {
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
	r := b.Matrix().Rows[0]
	if r.Placement.StakeholderID != "org-1" || unsafe.StringData(r.Placement.StakeholderID) != unsafe.StringData(r.Stakeholder.ID) {
		t.Errorf("the placement's id %q is a copy of the node's", r.Placement.StakeholderID)
	}
}
