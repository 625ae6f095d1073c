package render_test

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/render"
	"github.com/relmap/relmap/segment"
)

// Draw the segment matrix of two stakeholders in Dutch: a fund we know well
// (Invest) and a ministry we cannot reach yet (Develop).
func ExampleMatrix() {
	scheme := segment.DefaultScheme()
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	nodes := []graph.NetworkNode{
		{ID: "org-fund", Kind: graph.KindOrganisation, Name: "Fonds Samen Sterk", PartyType: graph.PartyInput},
		{ID: "org-ministry", Kind: graph.KindOrganisation, Name: "Ministerie van VWS", PartyType: graph.PartyInput},
	}
	var as []segment.Assessment
	for _, c := range scheme.Criteria {
		fund, ministry := 4, 5
		if c.Axis == segment.Accessibility {
			ministry = 2
		}
		as = append(as,
			segment.Assessment{ID: "f-" + c.ID, StakeholderID: "org-fund", CriterionID: c.ID, Score: fund, Date: day},
			segment.Assessment{ID: "m-" + c.ID, StakeholderID: "org-ministry", CriterionID: c.ID, Score: ministry, Date: day})
	}
	m := segment.BuildMatrix(scheme, segment.DefaultPolicies(), nodes, as, day)

	svg, contentType, err := render.Matrix(context.Background(), m, render.MatrixOptions{Lang: "nl"}, render.FormatSVG)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(contentType)
	for _, s := range []string{"Ontwikkel", "Investeer", "Negeer", "Oogst", "Samenwerking", "Ministerie van VWS"} {
		fmt.Println(s, bytes.Contains(svg, []byte(">"+s+"</text>")))
	}
	// Output:
	// image/svg+xml
	// Ontwikkel true
	// Investeer true
	// Negeer true
	// Oogst true
	// Samenwerking true
	// Ministerie van VWS true
}
