package segmenttest

import (
	"fmt"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/storetest"
	"github.com/relmap/relmap/segment"
)

// testFindAssessments checks the filters, the order, paging and totals of
// FindAssessments on Sample plus 24 assessments chosen to tell the orders
// apart: five scores of org-fund on yield whose id order differs from
// their date order (one of them given in another time zone), and twenty
// daily scores of per-fatima, which take the total above graph.DefaultLimit.
func testFindAssessments(t *testing.T, st stores) {
	stored := loadAssessments(t, st)
	at := func(h, m int) time.Time { return time.Date(2026, 2, 1, h, m, 0, 0, time.UTC) }
	plus5 := time.FixedZone("UTC+5", 5*3600)
	extra := []*segment.Assessment{
		{ID: "a-late", StakeholderID: "org-fund", CriterionID: "yield", Score: 4, Date: at(10, 0)},
		{ID: "Z-late", StakeholderID: "org-fund", CriterionID: "yield", Score: 4, Date: at(10, 0)}, // "Z" < "a" in byte order
		{ID: "zz-early", StakeholderID: "org-fund", CriterionID: "yield", Score: 3, Date: at(9, 0)},
		// 14:30 at UTC+5 is 09:30 UTC: between zz-early and the late ones.
		{ID: "tz", StakeholderID: "org-fund", CriterionID: "yield", Score: 3, Date: time.Date(2026, 2, 1, 14, 30, 0, 0, plus5)},
	}
	for d := range 20 {
		extra = append(extra, &segment.Assessment{StakeholderID: "per-fatima", CriterionID: "openness", Score: 1 + d%5,
			Date: time.Date(2026, 2, 1+d, 0, 0, 0, 0, time.UTC)})
	}
	_, err := st.s.UpsertAssessments(as("assessor"), extra, graph.UpsertOptions{})
	storetest.Must(t, err)
	everything := sorted(append(stored, extra...))
	same(t, "everything, in order", everything, all(t, st, segment.AssessmentFilter{}))
	if n := len(everything); n != 62 {
		t.Fatalf("%d assessments stored, want 62", n)
	}

	// org-fund's yield: the January score, then 09:00, 09:30 (tz), and the
	// two at 10:00 by id.
	fundYield := []string{"org-fund:yield:2026-01-15", "zz-early", "tz", "Z-late", "a-late"}
	fatima := func(from, to int) []string {
		var out []string
		for d := from; d <= to; d++ {
			out = append(out, fmt.Sprintf("per-fatima:openness:2026-02-%02d", d))
		}
		return out
	}
	var fundAll []string
	for _, c := range []string{"core_task", "familiarity", "fit", "image", "interests", "openness", "relationship"} {
		fundAll = append(fundAll, "org-fund:"+c+":2026-01-15")
	}
	fundAll = append(fundAll, fundYield...)

	for _, tc := range []struct {
		name  string
		f     segment.AssessmentFilter
		want  []string
		total int
	}{
		{"stakeholder", segment.AssessmentFilter{StakeholderID: ptr("org-fund")}, fundAll, 12},
		{"stakeholder and criterion", segment.AssessmentFilter{StakeholderID: ptr("org-fund"), CriterionID: ptr("yield")}, fundYield, 5},
		{"criterion", segment.AssessmentFilter{CriterionID: ptr("yield")}, []string{
			"org-city:yield:2026-01-15", "org-fund:yield:2026-01-15", "zz-early", "tz", "Z-late", "a-late",
			"org-kvk:yield:2026-01-15", "per-dirk:yield:2026-01-15", "per-eva:yield:2026-01-15"}, 9},
		{"criterion of the re-assessment", segment.AssessmentFilter{CriterionID: ptr("familiarity")}, []string{
			"org-city:familiarity:2026-01-15", "org-city:familiarity:2026-03-01", "org-fund:familiarity:2026-01-15",
			"org-kvk:familiarity:2026-01-15", "per-dirk:familiarity:2026-01-15"}, 5},
		{"until an instant, inclusive", segment.AssessmentFilter{StakeholderID: ptr("org-fund"), CriterionID: ptr("yield"),
			Until: ptr(at(9, 30))}, fundYield[:3], 3},
		{"until the same instant in another zone", segment.AssessmentFilter{StakeholderID: ptr("org-fund"), CriterionID: ptr("yield"),
			Until: ptr(time.Date(2026, 2, 1, 10, 30, 0, 0, time.FixedZone("CET", 3600)))}, fundYield[:3], 3},
		{"until a nanosecond before", segment.AssessmentFilter{StakeholderID: ptr("org-fund"), CriterionID: ptr("yield"),
			Until: ptr(at(9, 30).Add(-time.Nanosecond))}, fundYield[:2], 2},
		{"until a nanosecond after", segment.AssessmentFilter{StakeholderID: ptr("org-fund"), CriterionID: ptr("yield"),
			Until: ptr(at(9, 30).Add(time.Nanosecond))}, fundYield[:3], 3},
		{"until the end of a day", segment.AssessmentFilter{StakeholderID: ptr("per-fatima"), Until: ptr(segment.EndOfDay(time.Date(2026, 2, 5, 12, 0, 0, 0, time.UTC)))},
			fatima(1, 5), 5},
		{"until before everything", segment.AssessmentFilter{Until: ptr(january.Add(-time.Millisecond))}, nil, 0},
		{"until the zero time: no filter", segment.AssessmentFilter{StakeholderID: ptr("org-fund"), CriterionID: ptr("yield"), Until: &time.Time{}},
			fundYield, 5},
		{"stakeholder without assessments", segment.AssessmentFilter{StakeholderID: ptr("org-council")}, nil, 0},
		{"unknown stakeholder", segment.AssessmentFilter{StakeholderID: ptr("org-nobody")}, nil, 0},
		{"unknown criterion", segment.AssessmentFilter{CriterionID: ptr("charm")}, nil, 0},
		{"ids match exactly", segment.AssessmentFilter{StakeholderID: ptr("ORG-FUND")}, nil, 0},

		// Paging.
		{"default limit", segment.AssessmentFilter{}, ids(everything[:graph.DefaultLimit]), 62},
		{"second page", segment.AssessmentFilter{Page: graph.Page{Offset: 50, Limit: 50}}, ids(everything[50:]), 62},
		{"a page in the middle", segment.AssessmentFilter{Page: graph.Page{Offset: 10, Limit: 3}}, ids(everything[10:13]), 62},
		{"a filtered page", segment.AssessmentFilter{StakeholderID: ptr("per-fatima"), Page: graph.Page{Offset: 18, Limit: 5}}, fatima(19, 20), 20},
		{"past the end", segment.AssessmentFilter{Page: graph.Page{Offset: 62}}, nil, 62},
		{"far past the end", segment.AssessmentFilter{CriterionID: ptr("yield"), Page: graph.Page{Offset: 1000, Limit: 1}}, nil, 9},
	} {
		t.Run(tc.name, func(t *testing.T) {
			xs, total, err := st.s.FindAssessments(bg, tc.f)
			wantIDs(t, "listing", xs, total, err, tc.want, tc.total)
		})
	}

	// What a filter returns is the records as stored.
	xs, _, err := st.s.FindAssessments(bg, segment.AssessmentFilter{StakeholderID: ptr("org-fund"), CriterionID: ptr("yield")})
	storetest.Must(t, err)
	same(t, "records of a filtered listing", without(everything, func(a *segment.Assessment) bool {
		return a.StakeholderID != "org-fund" || a.CriterionID != "yield"
	}), xs)
}

// testDeleteAssessment deletes one assessment: it alone is gone, and the
// version moves; deleting it again is ENOTFOUND.
func testDeleteAssessment(t *testing.T, st stores) {
	stored := loadAssessments(t, st)
	v := version(t, st)
	const id = "org-city:familiarity:2026-03-01"
	storetest.Must(t, st.s.DeleteAssessment(as("deleter"), id))
	v = wantMoved(t, st, v, "deleting an assessment")
	rest := without(stored, func(a *segment.Assessment) bool { return a.ID == id })
	if len(rest) != len(stored)-1 {
		t.Fatalf("the sample has no assessment %s", id)
	}
	same(t, "stored after the delete", rest, all(t, st, segment.AssessmentFilter{}))

	storetest.WantErr(t, st.s.DeleteAssessment(as("deleter"), id), graph.ENOTFOUND, "", "")
	wantSameVersion(t, st, v, "deleting a deleted assessment")

	// Upserting it again creates it anew.
	c, err := st.s.UpsertAssessments(as("assessor"), Sample(), graph.UpsertOptions{})
	storetest.Must(t, err)
	same(t, "counts after the delete", graph.Counts{Created: 1, Unchanged: 37}, c)
	wantMoved(t, st, v, "re-creating a deleted assessment")
}

// testDeleteStakeholder checks that deleting an organisation or a person
// deletes its assessments and nobody else's, and that other graph writes
// leave assessments alone.
func testDeleteStakeholder(t *testing.T, st stores) {
	stored := loadAssessments(t, st)

	// emp-bram owns org-fund and per-dirk: deleting him changes those
	// records, not their assessments. Renaming a stakeholder neither.
	_, err := st.g.DeleteEmployee(as("deleter"), "emp-bram", graph.DeleteOptions{Force: true})
	storetest.Must(t, err)
	_, err = st.g.UpdateOrganisation(as("editor"), "org-city", graph.OrganisationUpdate{Name: ptr("Gemeente Zuid-Oost")})
	storetest.Must(t, err)
	same(t, "assessments after graph writes", stored, all(t, st, segment.AssessmentFilter{}))

	v := version(t, st)
	storetest.Must(t, st.g.DeleteOrganisation(as("deleter"), "org-fund"))
	v = wantMoved(t, st, v, "deleting org-fund")
	rest := without(stored, func(a *segment.Assessment) bool { return a.StakeholderID == "org-fund" })
	if len(rest) != len(stored)-8 {
		t.Fatalf("the sample has %d assessments of org-fund, the test expects 8", len(stored)-len(rest))
	}
	same(t, "assessments after deleting org-fund", rest, all(t, st, segment.AssessmentFilter{}))

	storetest.Must(t, st.g.DeletePerson(as("deleter"), "per-dirk"))
	wantMoved(t, st, v, "deleting per-dirk")
	rest = without(rest, func(a *segment.Assessment) bool { return a.StakeholderID == "per-dirk" })
	same(t, "assessments after deleting per-dirk", rest, all(t, st, segment.AssessmentFilter{}))

	// The stakeholders come back without their assessments.
	_, err = st.g.Upsert(as("importer"), sampleNetwork(), graph.UpsertOptions{})
	storetest.Must(t, err)
	xs, total, err := st.s.FindAssessments(bg, segment.AssessmentFilter{StakeholderID: ptr("org-fund")})
	wantIDs(t, "assessments of org-fund after it was created again", xs, total, err, nil, 0)
	same(t, "assessments after re-creating the stakeholders", rest, all(t, st, segment.AssessmentFilter{}))

	c, err := st.s.UpsertAssessments(as("assessor"), Sample(), graph.UpsertOptions{})
	storetest.Must(t, err)
	same(t, "counts of Sample again", graph.Counts{Created: 16, Unchanged: 22}, c)
}
