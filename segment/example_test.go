package segment_test

import (
	"fmt"
	"time"

	"github.com/relmap/relmap/segment"
)

// Place a fund in the matrix with the default scheme: every criterion scored
// in January, the accessibility criteria re-assessed in June after a board
// member introduced us to the fund's director.
func ExamplePlace() {
	scheme := segment.DefaultScheme()
	jan := time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC)
	jun := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)

	var as []segment.Assessment
	score := func(criterion string, v int, date time.Time) {
		a := segment.Assessment{StakeholderID: "fund-x", CriterionID: criterion, Score: v, Date: date, Assessor: "emp-anna"}
		a.Normalize() // derives the id "fund-x:<criterion>:<date>"
		as = append(as, a)
	}
	// Attractiveness (5+4+4+3)/4 = 4.0; accessibility (2+3+2+3)/4 = 2.5.
	for id, v := range map[string]int{"yield": 5, "fit": 4, "interests": 4, "core_task": 3,
		"familiarity": 2, "image": 3, "relationship": 2, "openness": 3} {
		score(id, v, jan)
	}
	// June: familiarity 4, relationship 3 → (4+3+3+3)/4 = 3.25.
	score("familiarity", 4, jun)
	score("relationship", 3, jun)

	for _, asOf := range []time.Time{jan, jun} {
		p := segment.Place(scheme, as, asOf)["fund-x"]
		fmt.Printf("%s: %s / %s (attractiveness %.2f, accessibility %.2f)\n",
			asOf.Format(time.DateOnly), p.Segment.Name("en"), p.Segment.Name("nl"),
			p.Attractiveness.Mean, p.Accessibility.Mean)
	}
	for _, m := range segment.Moved(scheme, as, jan, jun) {
		policy, _ := segment.DefaultPolicies().For(m.To.Segment)
		fmt.Printf("%s moved %s → %s: %s\n", m.StakeholderID, m.From.Segment, m.To.Segment, policy.Summary("nl"))
	}
	// Output:
	// 2024-01-15: Develop / Ontwikkel (attractiveness 4.00, accessibility 2.50)
	// 2024-06-01: Invest / Investeer (attractiveness 4.00, accessibility 3.25)
	// fund-x moved develop → invest: Intensief relatiemanagement — Samenwerking
}

// A stakeholder with a criterion not yet scored is never placed.
func ExamplePlace_unassessed() {
	scheme := segment.DefaultScheme()
	d := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	var as []segment.Assessment
	for _, c := range scheme.Criteria {
		if c.ID != "openness" {
			as = append(as, segment.Assessment{ID: c.ID, StakeholderID: "gp-de-vries", CriterionID: c.ID, Score: 4, Date: d})
		}
	}
	p := segment.Place(scheme, as, d)["gp-de-vries"]
	fmt.Println(p.Segment.Name("nl"), p.Missing())
	// Output:
	// Niet beoordeeld [openness]
}
