package analysis_test

import (
	"context"
	"fmt"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
)

// A warm introduction to Fonds X: Anna knows its board member Jan well;
// Bram only knows somebody who works there. The snapshot is usually taken
// from a store through analysis.Cache; here it is built from a network in
// memory.
func ExampleWarmPaths() {
	n := &graph.Network{
		Nodes: []graph.NetworkNode{
			{ID: "emp-anna", Kind: graph.KindEmployee, Name: "Anna"},
			{ID: "emp-bram", Kind: graph.KindEmployee, Name: "Bram"},
			{ID: "per-jan", Kind: graph.KindPerson, Name: "Jan de Vries"},
			{ID: "per-sara", Kind: graph.KindPerson, Name: "Sara Bos"},
			{ID: "org-fx", Kind: graph.KindOrganisation, Name: "Fonds X"},
		},
		Edges: []graph.NetworkEdge{
			{ID: "r1", Type: graph.RelKnows, From: "emp-anna", To: "per-jan", Strength: 0.8},
			{ID: "r2", Type: graph.RelBoardMemberOf, From: "per-jan", To: "org-fx", Strength: 0.9},
			{ID: "r3", Type: graph.RelKnows, From: "emp-bram", To: "per-sara", Strength: 0.6},
			{ID: "r4", Type: graph.RelWorksAt, From: "per-sara", To: "org-fx", Strength: 0.7},
		},
	}
	s, err := analysis.NewSnapshot(n)
	if err != nil {
		panic(err)
	}
	paths, err := analysis.WarmPaths(context.Background(), s, analysis.PathQuery{To: "org-fx"})
	if err != nil {
		panic(err)
	}
	for _, p := range paths {
		fmt.Printf("%s, %d hops, strength %s\n", p.From, p.Hops, analysis.FormatStrength(p.Strength, "en"))
		fmt.Println("  " + p.Explanation.EN)
		fmt.Println("  " + p.Explanation.NL)
	}
	// Output:
	// emp-anna, 2 hops, strength 0.72
	//   Anna knows Jan de Vries (0.8), who is on the board of Fonds X (0.9)
	//   Anna kent Jan de Vries (0,8), die in het bestuur zit van Fonds X (0,9)
	// emp-bram, 2 hops, strength 0.42
	//   Bram knows Sara Bos (0.6), who works at Fonds X (0.7)
	//   Bram kent Sara Bos (0,6), die werkt bij Fonds X (0,7)
}

// Who opens doors to the targets nobody reaches directly.
func ExampleBrokers() {
	n := &graph.Network{
		Nodes: []graph.NetworkNode{
			{ID: "emp-anna", Kind: graph.KindEmployee, Name: "Anna"},
			{ID: "per-jan", Kind: graph.KindPerson, Name: "Jan de Vries"},
			{ID: "org-fx", Kind: graph.KindOrganisation, Name: "Fonds X"},
			{ID: "org-fy", Kind: graph.KindOrganisation, Name: "Fonds Y"},
		},
		Edges: []graph.NetworkEdge{
			{ID: "r1", Type: graph.RelKnows, From: "emp-anna", To: "per-jan", Strength: 0.8},
			{ID: "r2", Type: graph.RelBoardMemberOf, From: "per-jan", To: "org-fx", Strength: 0.9},
			{ID: "r3", Type: graph.RelWorksAt, From: "per-jan", To: "org-fy", Strength: 0.5},
		},
	}
	s, err := analysis.NewSnapshot(n)
	if err != nil {
		panic(err)
	}
	brokers, err := analysis.Brokers(context.Background(), s, analysis.BrokerQuery{
		Targets: []string{"org-fx", "org-fy"},
		Noun:    analysis.DevelopTargets,
	})
	if err != nil {
		panic(err)
	}
	for _, b := range brokers {
		fmt.Printf("%s: score %.2f\n", b.Node.Name, b.Score)
		fmt.Println("  " + b.Advice.EN)
		fmt.Println("  " + b.Advice.NL)
	}
	// Output:
	// Jan de Vries: score 1.12
	//   ask Jan de Vries: opens 2 develop targets, all of them only through Jan de Vries
	//   vraag Jan de Vries: opent 2 ontwikkeldoelen, allemaal alleen via Jan de Vries
}
