package sqlitestore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/relmap/relmap/graph"
)

// benchEdges is the number of relationships of the benchmark network;
// RELMAP_BENCH_EDGES overrides it (bench/ runs 10^6).
func benchEdges(b *testing.B) int {
	if s := os.Getenv("RELMAP_BENCH_EDGES"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		return n
	}
	return 100_000
}

// benchBatch returns a network of persons working at organisations and
// knowing each other, with about edges relationships.
func benchBatch(edges int) *graph.Batch {
	rng := rand.New(rand.NewPCG(1, 2))
	persons, orgs := max(edges/10, 10), max(edges/100, 2)
	var b graph.Batch
	for i := range 10 {
		b.Employees = append(b.Employees, &graph.Employee{ID: fmt.Sprintf("emp-%d", i), Name: fmt.Sprintf("Employee %d", i), Role: graph.RoleStaff})
	}
	for i := range orgs {
		b.Organisations = append(b.Organisations, &graph.Organisation{ID: fmt.Sprintf("org-%d", i), Name: fmt.Sprintf("Organisation %d", i),
			PartyType: graph.PartyInput, OwnerID: fmt.Sprintf("emp-%d", i%10)})
	}
	for i := range persons {
		b.Persons = append(b.Persons, &graph.Person{ID: fmt.Sprintf("per-%d", i), Name: fmt.Sprintf("Person %d", i)})
		b.Relationships = append(b.Relationships, &graph.Relationship{Type: graph.RelWorksAt, From: fmt.Sprintf("per-%d", i),
			To: fmt.Sprintf("org-%d", rng.IntN(orgs)), Strength: 1, Nature: graph.NatureFormal})
	}
	seen := map[string]bool{}
	for len(b.Relationships) < edges {
		x, y := rng.IntN(persons), rng.IntN(persons)
		if x == y {
			continue
		}
		r := &graph.Relationship{Type: graph.RelKnows, From: fmt.Sprintf("per-%d", x), To: fmt.Sprintf("per-%d", y), Strength: rng.Float64()}
		r.Normalize()
		if !seen[r.ID] {
			seen[r.ID] = true
			b.Relationships = append(b.Relationships, r)
		}
	}
	return &b
}

func BenchmarkUpsert(b *testing.B) {
	ctx := context.Background()
	batch := benchBatch(benchEdges(b))
	b.ReportMetric(float64(len(batch.Relationships)), "edges")
	for b.Loop() {
		b.StopTimer()
		s := open(b, "")
		b.StartTimer()
		if _, err := s.Upsert(ctx, batch, graph.UpsertOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUpsertUnchanged re-imports a stored network: all lookups, no
// writes.
func BenchmarkUpsertUnchanged(b *testing.B) {
	ctx := context.Background()
	batch := benchBatch(benchEdges(b))
	s := open(b, "")
	if _, err := s.Upsert(ctx, batch, graph.UpsertOptions{}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		res, err := s.Upsert(ctx, batch, graph.UpsertOptions{})
		if err != nil || res.Changed() {
			b.Fatal(err, res)
		}
	}
}

func BenchmarkNetwork(b *testing.B) {
	ctx := context.Background()
	batch := benchBatch(benchEdges(b))
	s := open(b, "")
	if _, err := s.Upsert(ctx, batch, graph.UpsertOptions{}); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(len(batch.Relationships)), "edges")
	for b.Loop() {
		var nodes, edges int
		_, err := s.Network(ctx, graph.NetworkVisitor{
			Node: func(graph.NetworkNode) error { nodes++; return nil },
			Edge: func(graph.NetworkEdge) error { edges++; return nil },
		})
		if err != nil {
			b.Fatal(err)
		}
		if edges != len(batch.Relationships) {
			b.Fatalf("%d edges, want %d", edges, len(batch.Relationships))
		}
	}
}
