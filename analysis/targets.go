package analysis

import (
	"fmt"
	"slices"
	"strings"

	"github.com/relmap/relmap/segment"
)

// RoutableTargets returns the ids of m's stakeholders placed in segment sg
// that are in s, in m's order: the targets an analysis of that segment
// asks about. Stakeholders missing from s (persons who objected, whom no
// analysis names) are left out.
func RoutableTargets(s *Snapshot, m *segment.Matrix, sg segment.Segment) []string {
	var ids []string
	for i := range m.Len() { // segment and node only: no row is made
		if m.Segment(i) != sg {
			continue
		}
		id := m.Stakeholder(i).ID
		if x, ok := s.Index(id); ok && s.Nodes[x].Kind.IsStakeholder() {
			ids = append(ids, id)
		}
	}
	return ids
}

// EmptySegmentReason says, in both languages, why an analysis of segment
// sg (or of several: "the Invest, Develop or Harvest segment") has nothing
// to look at: no stakeholder of m is placed there, with how many are
// unassessed (a scheme change can leave every stakeholder unassessed until
// they are scored on the new criteria). When stakeholders are placed there
// but none can be analysed (they all objected, see RoutableTargets), it
// says that instead, with their number and no name.
func EmptySegmentReason(m *segment.Matrix, sg ...segment.Segment) *Text {
	unassessed, placed := 0, 0
	for i := range m.Len() {
		switch seg := m.Segment(i); {
		case seg == segment.Unassessed:
			unassessed++
		case slices.Contains(sg, seg):
			placed++
		}
	}
	if placed > 0 {
		return &Text{
			EN: fmt.Sprintf("none of the %d %s placed in the %s segment can be analysed: they objected to it", placed, plural(placed, "stakeholder", "stakeholders"), segmentNames(sg, "en", "or")),
			NL: fmt.Sprintf("geen van de %d %s in het segment %s kan worden geanalyseerd: %s daartegen bezwaar gemaakt", placed, plural(placed, "stakeholder", "stakeholders"), segmentNames(sg, "nl", "of"), plural(placed, "die heeft", "zij hebben")),
		}
	}
	en := fmt.Sprintf("no stakeholder is placed in the %s segment", segmentNames(sg, "en", "or"))
	nl := fmt.Sprintf("geen enkele stakeholder staat in het segment %s", segmentNames(sg, "nl", "of"))
	if unassessed > 0 {
		en += fmt.Sprintf("; %d of %d %s unassessed (score them on every weighted criterion of the scheme)", unassessed, m.Len(), plural(unassessed, "is", "are"))
		nl += fmt.Sprintf("; %d van de %d %s nog niet beoordeeld (scoor ze op elk gewogen criterium van het schema)", unassessed, m.Len(), plural(unassessed, "is", "zijn"))
	}
	return &Text{EN: en, NL: nl}
}

// segmentNames names the segments in lang: "Invest, Develop or Harvest",
// with the conjunction or before the last.
func segmentNames(sg []segment.Segment, lang, or string) string {
	names := make([]string, len(sg))
	for i, g := range sg {
		names[i] = g.Name(lang)
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + or + " " + names[len(names)-1]
}

// plural returns one when n is 1, else many.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
