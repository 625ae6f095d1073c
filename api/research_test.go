package api

import (
	"testing"

	"github.com/relmap/relmap/graph"
)

// TestResearchList: only the stakeholders flagged interests_unknown are
// listed, organisations before persons.
func TestResearchList(t *testing.T) {
	h, st := segmentServer(t)
	yes := graph.Contribution{InterestsUnknown: true}
	if _, err := st.UpdateOrganisation(t.Context(), "org-gp", graph.OrganisationUpdate{Contribution: &yes}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.UpdatePerson(t.Context(), "per-jan", graph.PersonUpdate{Contribution: &yes}); err != nil {
		t.Fatal(err)
	}
	var body struct {
		Items []ResearchItem `json:"items"`
		Total int            `json:"total"`
	}
	call(t, h, "GET", "/api/v1/research", "", 200, &body)
	if body.Total != 2 || len(body.Items) != 2 || body.Items[0].ID != "org-gp" || body.Items[1].ID != "per-jan" {
		t.Errorf("research list = %+v, want org-gp then per-jan", body.Items)
	}
}
