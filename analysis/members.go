package analysis

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/relmap/relmap/graph"
)

// Member is a person who belongs to an organisation: works at it or sits on
// its board (graph.RelType.Affiliation; the rule of affiliationEdge, which
// the colleague steps and the contacts' roll-up follow too).
type Member struct {
	Person PathNode `json:"person"`
	// Type and Strength are the affiliation's: of the relationships from
	// the person to the organisation that are affiliations, the strongest.
	Type     graph.RelType `json:"type"`
	Strength float64       `json:"strength"`
}

// Members returns the persons who belong to the organisation with id orgID
// (an affiliation from the person to it), strongest affiliation first,
// then by name and id. Our employees are not members here: they are who
// knows them (Holders). An unknown id is ENOTFOUND, one that is not an
// organisation EINVALID, both on field "organisation". O(degree of the
// organisation). It panics if s is nil.
func Members(s *Snapshot, orgID string) ([]Member, error) {
	o, ok := s.Index(orgID)
	if !ok {
		return nil, &graph.Error{Code: graph.ENOTFOUND, Field: "organisation", Message: fmt.Sprintf("organisation %q not found", orgID)}
	}
	if s.Nodes[o].Kind != graph.KindOrganisation {
		return nil, graph.Invalid("organisation", "%q is not an organisation", orgID)
	}
	out := []Member{}
	for k := s.Off[o]; k < s.Off[o+1]; k++ {
		p := s.Adj[k]
		if s.Nodes[p].Kind != graph.KindPerson {
			continue
		}
		if e, ok := affiliationEdge(s, s.TieOf[k]); ok && e.To == orgID {
			out = append(out, Member{Person: pathNode(s, p), Type: e.Type, Strength: e.Strength})
		}
	}
	slices.SortFunc(out, func(a, b Member) int {
		return cmp.Or(cmp.Compare(b.Strength, a.Strength), cmp.Compare(a.Person.Name, b.Person.Name), cmp.Compare(a.Person.ID, b.Person.ID))
	})
	return out, nil
}

// Affiliations returns, for every person of s, the organisations they
// belong to (see Members), strongest affiliation first, then by name and
// id — the organisation a person is known by, as search shows it.
func Affiliations(s *Snapshot) map[string][]PathNode {
	type org struct {
		n PathNode
		s float64
	}
	out := map[string][]PathNode{}
	var orgs []org
	for p := range s.Nodes {
		if s.Nodes[p].Kind != graph.KindPerson {
			continue
		}
		orgs = orgs[:0]
		for k := s.Off[p]; k < s.Off[p+1]; k++ {
			o := s.Adj[k]
			if s.Nodes[o].Kind != graph.KindOrganisation {
				continue
			}
			if e, ok := affiliationEdge(s, s.TieOf[k]); ok && e.From == s.Nodes[p].ID {
				orgs = append(orgs, org{pathNode(s, o), e.Strength})
			}
		}
		if len(orgs) == 0 {
			continue
		}
		slices.SortFunc(orgs, func(a, b org) int {
			return cmp.Or(cmp.Compare(b.s, a.s), cmp.Compare(a.n.Name, b.n.Name), cmp.Compare(a.n.ID, b.n.ID))
		})
		ns := make([]PathNode, len(orgs))
		for i, x := range orgs {
			ns[i] = x.n
		}
		out[s.Nodes[p].ID] = ns
	}
	return out
}
