package analysis_test

import (
	"context"
	"fmt"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
)

// kite builds a small network: Anna and Bram (our employees) both know
// Carla; Carla sits on the board of Fonds X with Dirk; Dirk knows Eva.
func kite() *analysis.Snapshot {
	n := &graph.Network{
		Nodes: []graph.NetworkNode{
			{ID: "anna", Name: "Anna", Kind: graph.KindEmployee},
			{ID: "bram", Name: "Bram", Kind: graph.KindEmployee},
			{ID: "carla", Name: "Carla", Kind: graph.KindPerson, PartyType: graph.PartyIntermediary},
			{ID: "dirk", Name: "Dirk", Kind: graph.KindPerson, PartyType: graph.PartyInput},
			{ID: "eva", Name: "Eva", Kind: graph.KindPerson, PartyType: graph.PartyInput},
		},
		Edges: []graph.NetworkEdge{
			{ID: "r1", Type: graph.RelKnows, From: "anna", To: "carla", Strength: 0.8},
			{ID: "r2", Type: graph.RelKnows, From: "bram", To: "carla", Strength: 0.5},
			{ID: "r3", Type: graph.RelKnows, From: "anna", To: "bram", Strength: 1},
			{ID: "r4", Type: graph.RelKnows, From: "carla", To: "dirk", Strength: 0.9},
			{ID: "r5", Type: graph.RelKnows, From: "dirk", To: "eva", Strength: 0.6},
		},
	}
	s, err := analysis.NewSnapshot(n)
	if err != nil {
		panic(err)
	}
	return s
}

func ExampleBetweenness() {
	s := kite()
	b, err := analysis.Betweenness(context.Background(), s)
	if err != nil {
		panic(err)
	}
	// Normalised by the (n−1)(n−2)/2 = 6 pairs a node could lie between:
	// Carla lies between 4 of them, Dirk between 3.
	for _, sc := range analysis.Rank(s, b) {
		fmt.Printf("%-5s %.3f\n", sc.Name, sc.Value)
	}
	// Output:
	// Carla 0.667
	// Dirk  0.500
	// Anna  0.000
	// Bram  0.000
	// Eva   0.000
}

func ExampleBrokerage() {
	s := kite()
	roles := analysis.Brokerage(s, analysis.UsVersusParty)
	// Carla (intermediary) sits between Anna and Dirk and between Bram and
	// Dirk: us and input, both outside her group: two liaison paths.
	// Dirk (input) sits between Carla (intermediary) and Eva (input):
	// half representative, half gatekeeper.
	fmt.Printf("Carla %+v\n", roles["carla"])
	fmt.Printf("Dirk  %+v\n", roles["dirk"])
	// Output:
	// Carla {Coordinator:0 Itinerant:0 Representative:0 Gatekeeper:0 Liaison:2}
	// Dirk  {Coordinator:0 Itinerant:0 Representative:0.5 Gatekeeper:0.5 Liaison:0}
}

func ExampleCommunities() {
	// Q = Σ_c [in_c/2m − (deg_c/2m)²] with 2m = 7.6:
	// 4.6/7.6 − (5.5/7.6)² + 1.2/7.6 − (2.1/7.6)² = 0.163.
	p := analysis.Communities(kite())
	fmt.Println(p.Members)
	fmt.Printf("Q = %.3f\n", p.Modularity)
	// Output:
	// [[anna bram carla] [dirk eva]]
	// Q = 0.163
}
