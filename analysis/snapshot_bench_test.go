package analysis

import (
	"fmt"
	"runtime"
	"strconv"
	"testing"

	"github.com/relmap/relmap/graph"
)

// streamNetwork feeds b a network of n persons ("per-0" …) and m knows
// ties the way bench/import generates them (tie i from person i mod n to
// one a pseudo-random step further), allocating every string as a store's
// stream does, so that the heap b keeps is what a snapshot read from a
// store keeps. With own the ties have ids of their own ("rel-0" …, as in
// bench/import's CSV), otherwise the ids graph.RelationshipID derives (as
// the demo's and those of every import without ids).
func streamNetwork(tb testing.TB, b *builder, n, m int, own bool) {
	tb.Helper()
	b.size(n, m)
	for i := range n {
		id := "per-" + strconv.Itoa(i)
		if err := b.node(graph.NetworkNode{ID: id, Kind: graph.KindPerson, Name: "Person " + strconv.Itoa(i)}); err != nil {
			tb.Fatal(err)
		}
	}
	for i := range m {
		from := i % n
		step := 1 + (i*7919+i/n*104729)%(n-1)
		e := graph.NetworkEdge{
			Type: graph.RelKnows, Strength: float64(1+i%10) / 10,
			From: "per-" + strconv.Itoa(from), To: "per-" + strconv.Itoa((from+step)%n),
		}
		e.ID = graph.RelationshipID(e.Type, e.From, e.To)
		if own {
			e.ID = "rel-" + strconv.Itoa(i)
		}
		if err := b.edge(e); err != nil {
			tb.Fatal(err)
		}
	}
}

// keptBytes returns the heap that building a snapshot of n nodes and m
// ties keeps alive (ids of their own: see streamNetwork).
func keptBytes(tb testing.TB, n, m int, own bool) (uint64, *Snapshot) {
	tb.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b := newBuilder()
	streamNetwork(tb, b, n, m, own)
	s, err := b.finish(1, nil)
	if err != nil {
		tb.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(s)
	return after.HeapAlloc - before.HeapAlloc, s
}

// BenchmarkSnapshotMemory builds snapshots the size of bench/import's
// network (200,000 persons, 10^6 knows ties) and a tenth of it, with the
// relationship ids derived from type and ends and with ids of their own
// (10–11 bytes), and reports the heap they keep per node (a network
// without ties) and per tie (the rest), the figures the package
// documentation states, besides the time of a build from a stream.
//
//	go test ./analysis -run '^$' -bench SnapshotMemory -benchtime 1x
func BenchmarkSnapshotMemory(b *testing.B) {
	for _, size := range []struct{ n, m int }{{20000, 100000}, {200000, 1000000}} {
		for _, own := range []bool{false, true} {
			ids := "derived"
			if own {
				ids = "own"
			}
			b.Run(fmt.Sprintf("n=%d,m=%d,ids=%s", size.n, size.m, ids), func(b *testing.B) {
				var perNode, perTie float64
				for b.Loop() {
					b.StopTimer()
					nodes, _ := keptBytes(b, size.n, 0, own)
					b.StartTimer()
					all, s := keptBytes(b, size.n, size.m, own)
					perNode = float64(nodes) / float64(size.n)
					perTie = (float64(all) - float64(nodes)) / float64(len(s.Ties)) // a few pairs repeat
				}
				b.ReportMetric(perNode, "B/node")
				b.ReportMetric(perTie, "B/tie")
			})
		}
	}
}

// TestSnapshotMemoryPerTie keeps the memory the package documentation
// states: at most 200 bytes per node, and per tie (one relationship each)
// at most 52 bytes with derived relationship ids (the columns sum to 48)
// and 72 with ids of their own of 9 bytes (48 + 8 + 9). The figures are
// exact sums of the columns (see the package documentation) plus the
// allocator's rounding, so a change that adds a field to every tie shows
// here.
func TestSnapshotMemoryPerTie(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a network of 100,000 ties")
	}
	const n, m = 20000, 100000
	for _, c := range []struct {
		own   bool
		limit float64
	}{{false, 52}, {true, 72}} {
		nodes, _ := keptBytes(t, n, 0, c.own)
		all, s := keptBytes(t, n, m, c.own)
		perNode, perTie := float64(nodes)/n, (float64(all)-float64(nodes))/float64(len(s.Ties))
		t.Logf("ids of their own %v: %.1f bytes per node, %.1f per tie", c.own, perNode, perTie)
		if perTie > c.limit || perNode > 200 {
			t.Errorf("ids of their own %v: %.1f bytes per tie and %.1f per node, want at most %.0f and 200", c.own, perTie, perNode, c.limit)
		}
	}
}

// TestCentralitiesKeepNoArcStrengths checks that PageRank, eigenvector
// centrality and Burt's measures leave behind at most the per-node tables
// they share (each node's total and strongest tie strength: 16 bytes a
// node), not a strength per arc (8 bytes for each of the 2m arcs, which
// the snapshot's Ties give again in O(m)).
func TestCentralitiesKeepNoArcStrengths(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a network of 100,000 ties")
	}
	const n, m = 20000, 100000
	_, s := keptBytes(t, n, m, false)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	PageRank(s)
	if _, err := Eigenvector(s); err != nil {
		t.Fatal(err)
	}
	Constraint(s)
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(s)
	kept := float64(after.HeapAlloc) - float64(before.HeapAlloc)
	// 16 bytes a node is 320,000 bytes; 8 bytes an arc would add 1.6 MB.
	if limit := 16.0*n + 0.25*8*2*m; kept > limit {
		t.Errorf("the centralities keep %.0f bytes beside the snapshot, want at most %.0f (16 a node)", kept, limit)
	}
}

// TestSnapshotFinishAllocatesAtSize checks that finish makes every column
// at its size at once and moves the rows' columns in place: for n nodes
// and m rows (t ≤ m ties) it allocates the two counting sorts (4(n+1) +
// 4m bytes each), the ids of their own with their rows and offsets (their
// bytes + 4 + 4 per row with one), a bit per row for the permutation, the
// ties and their offsets (16t + 4(t+1)) and the CSR (4(n+1) + 8t + 8t,
// and 4n to fill it): at most 52.125m + 16n + the ids' bytes, plus the
// allocator's rounding (3%). Slices grown by appending instead take about
// five times their final size (Go grows a large slice by a quarter), a
// string made of a byte slice copies it again, and gathering the rows'
// codes and strengths into new columns takes 12m more: a read of 10^6
// ties with ids of their own peaked 50 MiB higher that way (README,
// Benchmarks).
func TestSnapshotFinishAllocatesAtSize(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a network of 100,000 ties")
	}
	const n, m = 20000, 100000
	for _, own := range []bool{false, true} {
		b := newBuilder()
		streamNetwork(t, b, n, m, own)
		if err := b.stop(); err != nil {
			t.Fatal(err)
		}
		idBytes := 0
		if own {
			for i := range m { // "rel-0" … as streamNetwork names them
				idBytes += len("rel-") + len(strconv.Itoa(i))
			}
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		s, err := b.finish(1, nil)
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Fatal(err)
		}
		if want := map[bool]int{false: 0, true: m}[own]; len(s.rel.other) != want {
			t.Fatalf("ids of their own %v: %d rows keep their id, want %d", own, len(s.rel.other), want)
		}
		got, limit := after.TotalAlloc-before.TotalAlloc, uint64((52.125*m+16*n+float64(idBytes))*1.03)
		t.Logf("ids of their own %v: finish allocated %d bytes (%.1f a row), limit %d", own, got, float64(got)/m, limit)
		if got > limit {
			t.Errorf("ids of their own %v: finish allocated %d bytes, want at most %d", own, got, limit)
		}
	}
}
