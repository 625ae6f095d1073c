package analysis

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/relmap/relmap/graph"
)

// paSnapshot returns a seeded preferential-attachment network of n nodes
// and about m·n ties (bench/centrality generates the same kind).
func paSnapshot(b testing.TB, n, m int) *Snapshot {
	b.Helper()
	rng := rand.New(rand.NewPCG(uint64(n), uint64(m)))
	net := &graph.Network{}
	id := func(i int32) string { return fmt.Sprintf("p%07d", i) }
	for i := range n {
		net.Nodes = append(net.Nodes, graph.NetworkNode{ID: id(int32(i)), Kind: graph.KindPerson})
	}
	var ends []int32
	tie := func(u, v int32) {
		net.Edges = append(net.Edges, graph.NetworkEdge{ID: fmt.Sprintf("r%d", len(net.Edges)), Type: graph.RelKnows, From: id(u), To: id(v), Strength: float64(1+rng.IntN(10)) / 10})
		ends = append(ends, u, v)
	}
	for u := 0; u <= m; u++ {
		for v := u + 1; v <= m; v++ {
			tie(int32(u), int32(v))
		}
	}
	for v := m + 1; v < n; v++ {
		seen := map[int32]bool{}
		for len(seen) < m {
			u := ends[rng.IntN(len(ends))]
			if !seen[u] {
				seen[u] = true
				tie(u, int32(v))
			}
		}
	}
	s, err := NewSnapshot(net)
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkBrandesSource times one source of the Brandes kernels
// (single-threaded) on preferential-attachment networks.
func BenchmarkBrandesSource(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		s := paSnapshot(b, n, 5)
		cb := make([]float64, n)
		b.Run(fmt.Sprintf("bfs/n=%d", n), func(b *testing.B) {
			g := s.relabelled(false)
			buf := newBrandesBuf(n, len(g.adj), false)
			for i := 0; b.Loop(); i++ {
				buf.bfs(g, int32(i%n), cb)
			}
		})
		b.Run(fmt.Sprintf("dijkstra/n=%d", n), func(b *testing.B) {
			g := s.relabelled(true)
			buf := newBrandesBuf(n, len(g.adj), true)
			for i := 0; b.Loop(); i++ {
				buf.dijkstra(g, int32(i%n), cb)
			}
		})
	}
}

func BenchmarkPageRank(b *testing.B) {
	s := paSnapshot(b, 100000, 5)
	for b.Loop() {
		PageRank(s)
	}
}

func BenchmarkConstraint(b *testing.B) {
	s := paSnapshot(b, 100000, 5)
	for b.Loop() {
		Constraint(s)
	}
}

func BenchmarkBetweenness10k(b *testing.B) {
	s := paSnapshot(b, 10000, 5)
	for b.Loop() {
		if _, err := Betweenness(context.Background(), s); err != nil {
			b.Fatal(err)
		}
	}
}
