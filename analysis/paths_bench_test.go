package analysis

import (
	"context"
	"math/rand/v2"
	"sync"
	"testing"
	"unsafe"

	"github.com/relmap/relmap/graph"
)

// The benchmarks run on the network: the demo network with 100,000
// persons and 50 employees (≈137,500 nodes, ≈519,000 relationships),
// generated once per test binary (a few seconds) when a benchmark runs.
//
//	go test ./analysis -run '^$' -bench 'WarmPaths|Brokers' -benchtime 2000x
//
// bench/paths prints latency percentiles on the same network.

var pathsBenchNetwork = sync.OnceValues(func() (*Snapshot, []string) {
	s := demoPathSnapshot(100000, 50)
	s.routeIndex() // built on the first query; not part of a query's cost
	var stake []string
	for _, x := range s.Nodes {
		if x.Kind.IsStakeholder() {
			stake = append(stake, x.ID)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	targets := make([]string, 4096)
	for i := range targets {
		targets[i] = stake[r.IntN(len(stake))]
	}
	return s, targets
})

// BenchmarkWarmPaths: k = 5, at most 4 hops, all employees → one target,
// cycling through 4,096 random targets.
func BenchmarkWarmPaths(b *testing.B) {
	s, targets := pathsBenchNetwork()
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := WarmPaths(ctx, s, PathQuery{To: targets[i%len(targets)]}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkWarmPathsConstrained adds a type filter, hub suppression and a
// longer hop cap.
func BenchmarkWarmPathsConstrained(b *testing.B) {
	s, targets := pathsBenchNetwork()
	ctx := context.Background()
	q := PathQuery{K: 10, MaxHops: 5, MaxDegree: 200, AllowTypes: []graph.RelType{graph.RelKnows, graph.RelWorksAt, graph.RelBoardMemberOf}}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		q.To = targets[i%len(targets)]
		if _, err := WarmPaths(ctx, s, q); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkBrokers1000: one ranking for 1,000 targets, all employees, at
// most 4 hops.
func BenchmarkBrokers1000(b *testing.B) {
	s, targets := pathsBenchNetwork()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Brokers(ctx, s, BrokerQuery{Targets: targets[:1000]}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRouteIndex times building the route index of the demo network
// and reports what the index keeps: bytes per route tie (B/tie, derived
// ties, node tables and adjacency included) and in all (MiB).
func BenchmarkRouteIndex(b *testing.B) {
	s, _ := pathsBenchNetwork()
	var ix *routeIndex
	for b.Loop() {
		ix = buildRouteIndex(s)
	}
	b.ReportMetric(float64(ix.bytes())/float64(len(ix.ties)), "B/tie")
	b.ReportMetric(float64(ix.bytes())/(1<<20), "MiB")
}

// bytes returns the bytes the route index's arrays hold (their capacity
// times their element's size).
func (ix *routeIndex) bytes() int {
	return cap(ix.ties)*int(unsafe.Sizeof(routeTie{})) +
		cap(ix.derived)*int(unsafe.Sizeof(derivedTies{})) +
		(cap(ix.off)+cap(ix.adj)+cap(ix.tieOf)+cap(ix.employees))*4 +
		cap(ix.arcCost)*8 + cap(ix.role)
}

// TestRouteIndexBytes keeps the route index's size per route tie on the
// demo network of 20,000 persons: a routeTie (24 bytes) and two arcs of
// neighbour, tie and cost (2 × 16) are 56 bytes a tie; the derived ties
// (32 bytes for about one pair in four with a derived tie: 8 bytes a tie)
// and the node tables (5 bytes a node) bring it to about 66. It was 77
// with 32-byte route ties and 40-byte derived ties.
func TestRouteIndexBytes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo network of 20,000 persons")
	}
	s := demoPathSnapshot(20000, 20)
	ix := buildRouteIndex(s)
	perTie := float64(ix.bytes()) / float64(len(ix.ties))
	t.Logf("%d route ties, %d with derived ties, %d nodes: %.1f bytes a route tie", len(ix.ties), len(ix.derived), len(s.Nodes), perTie)
	if perTie > 68 {
		t.Errorf("%.1f bytes a route tie, want at most 68", perTie)
	}
}
