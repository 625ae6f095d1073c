package segment

import (
	"fmt"
	"strings"
	"time"

	"github.com/relmap/relmap/graph"
)

// SchemeChange says what replacing the scheme does to the matrix: how many
// of the stakeholders the new scheme leaves unassessed, against how many
// are unassessed now. Stored assessments outlive a scheme change, but a
// criterion nobody has a score on yet leaves every stakeholder unassessed
// (and the develop segment, the brokers and the conformance empty) until
// the scores are recorded; such a change is only saved when confirmed.
type SchemeChange struct {
	// Stakeholders is the number of organisations and persons placed.
	Stakeholders int `json:"stakeholders"`
	// UnassessedBefore and UnassessedAfter count the stakeholders in no
	// segment under the stored and under the new scheme (every assessment
	// counts, as in the latest matrix).
	UnassessedBefore int `json:"unassessed_before"`
	UnassessedAfter  int `json:"unassessed_after"`
	// Unscored lists the ids of the new scheme's criteria (with a positive
	// weight) on which no stakeholder has a score yet, in scheme order.
	Unscored []string `json:"unscored,omitempty"`
}

// CompareSchemes places the stakeholders among nodes (employees are
// skipped) by their assessments under the stored scheme cur and under the
// new scheme next, and says what the change does.
func CompareSchemes(cur, next *Scheme, nodes []graph.NetworkNode, as []Assessment) SchemeChange {
	var c SchemeChange
	before, after := Place(cur, as, time.Time{}), Place(next, as, time.Time{})
	unassessed := func(placed map[string]Placement, id string) int {
		if p, ok := placed[id]; ok && p.Segment.Placed() {
			return 0
		}
		return 1
	}
	stakeholder := map[string]bool{}
	for _, n := range nodes {
		if !n.Kind.IsStakeholder() {
			continue
		}
		stakeholder[n.ID] = true
		c.Stakeholders++
		c.UnassessedBefore += unassessed(before, n.ID)
		c.UnassessedAfter += unassessed(after, n.ID)
	}
	scored := map[string]bool{}
	for _, a := range as {
		if stakeholder[a.StakeholderID] {
			scored[a.CriterionID] = true
		}
	}
	for _, cr := range next.Criteria {
		if usableWeight(cr) && !scored[cr.ID] {
			c.Unscored = append(c.Unscored, cr.ID)
		}
	}
	return c
}

// Grows reports whether the new scheme leaves more stakeholders unassessed
// than the stored one.
func (c SchemeChange) Grows() bool { return c.UnassessedAfter > c.UnassessedBefore }

// Summary says the change in numbers: "unassessed stakeholders: 0 → 46 of
// 46".
func (c SchemeChange) Summary() string {
	return fmt.Sprintf("unassessed stakeholders: %d → %d of %d", c.UnassessedBefore, c.UnassessedAfter, c.Stakeholders)
}

// Refusal is the error of a change that leaves more stakeholders unassessed
// and is not confirmed: ECONFLICT on field "confirm", naming the numbers
// and the criteria without scores.
func (c SchemeChange) Refusal() *graph.Error {
	msg := fmt.Sprintf("the new scheme would leave %d of %d stakeholders unassessed (now %d)", c.UnassessedAfter, c.Stakeholders, c.UnassessedBefore)
	if len(c.Unscored) > 0 {
		msg += fmt.Sprintf("; no stakeholder has a score yet on %s", strings.Join(c.Unscored, ", "))
	}
	msg += ". Record those scores first, or confirm the change to save it anyway"
	return &graph.Error{Code: graph.ECONFLICT, Field: "confirm", Message: msg}
}
