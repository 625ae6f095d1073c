package render

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// stakeholder is one row of a hand-made matrix: its two axis scores are
// given to every criterion of the axis, so that the means are exactly attr
// and acc (0 leaves the axis unscored: unassessed). When scores is set it
// holds one score per criterion of the default scheme instead, in scheme
// order.
type stakeholder struct {
	id, name  string
	kind      graph.Kind
	party     graph.PartyType
	attr, acc int
	network   *float64
	scores    []int
}

var asOf = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)

// buildMatrix builds a matrix with the default scheme and policies through
// segment.BuildMatrix, as the API does.
func buildMatrix(rows []stakeholder) *segment.Matrix {
	s := segment.DefaultScheme()
	var nodes []graph.NetworkNode
	var as []segment.Assessment
	for _, r := range rows {
		nodes = append(nodes, graph.NetworkNode{ID: r.id, Kind: r.kind, Name: r.name, PartyType: r.party})
		for i, c := range s.Criteria {
			v := r.attr
			if c.Axis == segment.Accessibility {
				v = r.acc
			}
			if r.scores != nil {
				v = r.scores[i]
			}
			if v == 0 {
				continue
			}
			as = append(as, segment.Assessment{ID: r.id + ":" + c.ID, StakeholderID: r.id, CriterionID: c.ID, Score: v, Date: asOf})
		}
	}
	m := segment.BuildMatrix(s, segment.DefaultPolicies(), nodes, as, asOf)
	byID := map[string]*float64{}
	for _, r := range rows {
		byID[r.id] = r.network
	}
	for i, r := range m.All() {
		if v := byID[r.Stakeholder.ID]; v != nil {
			m.SetNetworkAccessibility(i, *v)
		}
	}
	return m
}

func ptr(v float64) *float64 { return &v }

// smallMatrix is the hand-made matrix of the golden files: one stakeholder
// in each quadrant, two with identical scores, one exactly on both
// thresholds (high: Invest), every party type and both kinds, one with a
// network-measured accessibility, one unassessed, and names that need
// escaping.
func smallMatrix() *segment.Matrix {
	return buildMatrix([]stakeholder{
		{"org-vws", "Ministerie van VWS", graph.KindOrganisation, graph.PartyInput, 5, 4, ptr(0.8), nil},
		{"org-fonds", "Fonds \"Samen\" & Sterk", graph.KindOrganisation, graph.PartyInput, 5, 1, ptr(0.35), nil},
		{"org-ggd", "GGD Regio <Noord>", graph.KindOrganisation, graph.PartyIntermediary, 2, 5, nil, nil},
		{"org-huisarts", "Huisartsenpraktijk De Linde", graph.KindOrganisation, graph.PartyIntermediary, 2, 5, nil, nil},
		{"per-jansen", `Petra Jansen\N`, graph.KindPerson, graph.PartyConsumer, 1, 2, nil, nil},
		{"org-threshold", "Gemeente Middenstad", graph.KindOrganisation, "", 3, 3, nil, nil},
		{"per-unknown", "Karel de Vries", graph.KindPerson, graph.PartyConsumer, 4, 0, nil, nil},
	})
}

// bigMatrix returns a matrix of n stakeholders with pseudo-random scores
// (fixed seed): per-criterion scores scattered around a base per axis, so
// means vary in steps of 0.25; every tenth stakeholder copies its
// predecessor's scores (identical positions), 5% are unassessed and 30%
// carry a network measure.
func bigMatrix(n int) *segment.Matrix {
	r := rand.New(rand.NewPCG(7, 11))
	parties := []graph.PartyType{graph.PartyInput, graph.PartyConsumer, graph.PartyIntermediary, ""}
	var rows []stakeholder
	for i := range n {
		s := stakeholder{
			id:    fmt.Sprintf("s%03d", i),
			name:  fmt.Sprintf("Stakeholder %03d", i),
			kind:  graph.KindOrganisation,
			party: parties[r.IntN(len(parties))],
		}
		if r.IntN(2) == 0 {
			s.kind = graph.KindPerson
		}
		base := [2]int{1 + r.IntN(5), 1 + r.IntN(5)}
		for c := range 8 {
			v := base[c/4] + r.IntN(3) - 1
			s.scores = append(s.scores, min(max(v, 1), 5))
		}
		if i%10 == 9 {
			s.scores = slices.Clone(rows[i-1].scores)
		}
		if r.IntN(20) == 0 {
			s.scores[7] = 0 // openness not scored: unassessed
		}
		if r.IntN(10) < 3 {
			s.network = ptr(r.Float64())
		}
		rows = append(rows, s)
	}
	return buildMatrix(rows)
}
