package segment

import (
	"slices"

	"github.com/relmap/relmap/graph"
)

// ChangedStakeholders returns the stakeholders an upsert of the planned
// assessments out (with counts c, as PlanAssessments returned them)
// changes, for the store's change log (graph.Change.Stakeholders): the
// stakeholders of the created assessments, sorted; nil, meaning any, when
// an assessment is updated (an update may move it from one stakeholder to
// another) or when there are more than graph.MaxLoggedStakeholders.
func ChangedStakeholders(out []*Assessment, c graph.Counts) []string {
	if c.Updated > 0 || len(out) > graph.MaxLoggedStakeholders {
		return nil
	}
	ids := make([]string, 0, len(out))
	for _, a := range out {
		ids = append(ids, a.StakeholderID)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}
