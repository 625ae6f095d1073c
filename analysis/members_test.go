package analysis

import (
	"fmt"
	"slices"
	"testing"

	"github.com/relmap/relmap/graph"
)

// TestMembers: who belongs to an organisation, by the same rule as the
// colleague steps.
//
//	per-a ─works_at .9─ org-x      per-b ─board_member_of .5─ org-x
//	per-b ─works_at .7─ org-y      per-c ─knows .8─ org-x (not an affiliation)
//	emp-e ─works_at .6─ org-x (our employee: not a member)
//	org-y ─partners_with .4─ org-x (not a person)
func TestMembers(t *testing.T) {
	s := (&pathNet{}).emp("emp-e", "Eva").per("per-a", "Ada").per("per-b", "Bas").per("per-c", "Cor").
		org("org-x", "X").org("org-y", "Y").
		rel(graph.RelWorksAt, "per-a", "org-x", 0.9).rel(graph.RelBoardMemberOf, "per-b", "org-x", 0.5).
		rel(graph.RelWorksAt, "per-b", "org-y", 0.7).rel(graph.RelKnows, "per-c", "org-x", 0.8).
		rel(graph.RelWorksAt, "emp-e", "org-x", 0.6).rel(graph.RelPartnersWith, "org-y", "org-x", 0.4).snap(t)
	ms, err := Members(s, "org-x")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range ms {
		got = append(got, fmt.Sprintf("%s %s %v", m.Person.ID, m.Type, m.Strength))
	}
	if want := []string{"per-a works_at 0.9", "per-b board_member_of 0.5"}; !slices.Equal(got, want) {
		t.Errorf("members of org-x: %v, want %v", got, want)
	}
	aff := Affiliations(s)
	var bas []string
	for _, o := range aff["per-b"] {
		bas = append(bas, o.ID)
	}
	if !slices.Equal(bas, []string{"org-y", "org-x"}) || len(aff["per-c"]) != 0 || len(aff) != 2 {
		t.Errorf("affiliations: %v, want per-a at org-x and per-b at org-y (0.7) then org-x (0.5)", aff)
	}
	_, err = Members(s, "org-nobody")
	wantPathError(t, err, graph.ENOTFOUND, "organisation")
	_, err = Members(s, "per-a")
	wantPathError(t, err, graph.EINVALID, "organisation")
}
