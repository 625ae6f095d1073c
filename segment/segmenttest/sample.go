package segmenttest

import (
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/storetest"
	"github.com/relmap/relmap/segment"
)

// The dates of Sample: the first round of assessments, and the
// re-assessment.
var (
	january = time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)
	march   = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
)

// Sample returns 38 dated assessments of storetest.Sample's stakeholders on
// the criteria of segment.DefaultScheme, new on every call and without ids
// (Normalize derives them, e.g. "org-fund:yield:2026-01-15"). The scores, in
// the scheme's order (yield, fit, interests, core_task | familiarity, image,
// relationship, openness), and the weighted means under DefaultScheme (equal
// weights, thresholds 3.0):
//
//	date         stakeholder  scores            attr | acc    segment
//	2026-01-15   org-fund     5 4 4 3 | 4 4 3 3   4.00 | 3.50   invest
//	2026-01-15   org-city     4 4 3 3 | 2 2 3 2   3.50 | 2.25   develop
//	2026-01-15   per-dirk     2 3 2 2 | 4 4 4 5   2.25 | 4.25   harvest
//	2026-01-15   org-kvk      1 2 2 1 | 2 1 2 2   1.50 | 1.75   ignore
//	2026-01-15   per-eva      4 4 4 4 | - - - -   4.00 | -      unassessed
//	2026-03-01   org-city     - - - - | 4 - 4 -
//
// The re-assessment of org-city on 1 March gives it accessibility
// (4+2+4+2)/4 = 3.0, exactly on the threshold, which counts as high: it
// moves from develop to invest. Sample upserts into a store holding
// storetest.Sample.
func Sample() []*segment.Assessment {
	criteria := []string{"yield", "fit", "interests", "core_task", "familiarity", "image", "relationship", "openness"}
	var out []*segment.Assessment
	score := func(stakeholder string, date time.Time, assessor string, scores ...int) {
		for i, v := range scores {
			if v == 0 {
				continue
			}
			out = append(out, &segment.Assessment{StakeholderID: stakeholder, CriterionID: criteria[i],
				Score: v, Date: date, Assessor: assessor})
		}
	}
	score("org-fund", january, "emp-bram", 5, 4, 4, 3, 4, 4, 3, 3)
	score("org-city", january, "emp-anna", 4, 4, 3, 3, 2, 2, 3, 2)
	score("per-dirk", january, "emp-bram", 2, 3, 2, 2, 4, 4, 4, 5)
	score("org-kvk", january, "", 1, 2, 2, 1, 2, 1, 2, 2)
	score("per-eva", january, "emp-cees", 4, 4, 4, 4)
	score("org-city", march, "emp-anna", 0, 0, 0, 0, 4, 0, 4)
	out[len(out)-1].Comment = "met the alderman at the regional meeting"
	out[len(out)-2].Comment = "introduced by Gert Bakker"
	return out
}

// sampleNetwork is the network whose stakeholders Sample assesses.
func sampleNetwork() *graph.Batch { return storetest.Sample() }
