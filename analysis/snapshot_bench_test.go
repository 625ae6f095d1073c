package analysis

import (
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

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
// bytes + 4 + 4 per row with one), two bits per row for the permutation, the
// ties and their offsets (16t + 4(t+1)) and the CSR (4(n+1) + 8t + 8t,
// and 4n to fill it): at most 52.25m + 16n + the ids' bytes, plus the
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
		got, limit := after.TotalAlloc-before.TotalAlloc, uint64((52.25*m+16*n+float64(idBytes))*1.03)
		t.Logf("ids of their own %v: finish allocated %d bytes (%.1f a row), limit %d", own, got, float64(got)/m, limit)
		if got > limit {
			t.Errorf("ids of their own %v: finish allocated %d bytes, want at most %d", own, got, limit)
		}
	}
}

// TestBuilderConcurrent checks that nodes and then edges streamed in two
// parts at once (graph.NetworkVisitor.Parts, as sqlitestore reads them)
// build the snapshot one stream builds: the row
// workers add batches in any order, and finish orders the nodes by id and
// the rows by their ends, strength and id. The network has parallel
// relationships of equal and unequal strength, ids of their own and
// derived ones, and dated affiliations.
func TestBuilderConcurrent(t *testing.T) {
	const persons, orgs, m = 3000, 300, 40000
	var nodes []graph.NetworkNode
	for i := range persons {
		nodes = append(nodes, graph.NetworkNode{ID: "per-" + strconv.Itoa(i), Kind: graph.KindPerson})
	}
	for i := range orgs {
		nodes = append(nodes, graph.NetworkNode{ID: "org-" + strconv.Itoa(i), Kind: graph.KindOrganisation})
	}
	nodes = append(nodes, graph.NetworkNode{ID: "per-jobs", Kind: graph.KindPerson})
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var edges []graph.NetworkEdge
	used := map[string]bool{}
	for i := range m {
		from := i % persons
		to := (from + 1 + (i*7919+i/persons*104729)%(persons-1)) % persons
		e := graph.NetworkEdge{Type: graph.RelKnows, From: "per-" + strconv.Itoa(from), To: "per-" + strconv.Itoa(to), Strength: float64(1+i%4) / 4}
		switch i % 5 {
		case 0: // a second relationship of the same pair, as strong as one of the first's
			e.Type, e.To = graph.RelAdvises, "per-"+strconv.Itoa((from+1)%persons)
		case 1: // a dated affiliation, some of them ended
			e.Type, e.To, e.Since = graph.RelWorksAt, "org-"+strconv.Itoa(i%orgs), day.AddDate(0, 0, -i%700)
			if i%3 == 0 {
				e.Until = day.AddDate(0, 0, -i%50)
			}
		}
		e.ID = graph.RelationshipID(e.Type, e.From, e.To) // ids are unique, as in a store
		if i%2 == 1 || used[e.ID] {
			e.ID += ":" + strconv.Itoa(i)
		}
		used[e.ID] = true
		edges = append(edges, e, graph.NetworkEdge{Type: graph.RelKnows, From: e.To, To: e.From, Strength: e.Strength, ID: "rel-" + strconv.Itoa(i)})
	}
	// Two jobs of per-jobs at one organisation from one day, one ended,
	// at the end of the first half and the start of the second, so that
	// the parts bring them in the other order: they sort by their end.
	half := len(edges) / 2
	for k, until := range []time.Time{day.AddDate(0, 0, 30), {}} {
		job := graph.NetworkEdge{ID: "job-" + strconv.Itoa(k), Type: graph.RelWorksAt, From: "per-jobs", To: "org-1", Strength: 0.5,
			Since: day.AddDate(-1, 0, 0), Until: until}
		edges = slices.Insert(edges, half+k, job)
	}
	build := func(parts int) *Snapshot {
		b := newBuilder()
		b.on(day)
		defer b.stop()
		b.size(len(nodes), len(edges))
		v := [2]graph.NetworkVisitor{{Node: b.node, Edge: b.edge}, {Node: b.node, Edge: b.edge}}
		if parts > 1 { // as a store streaming in parts asks for them
			v = [2]graph.NetworkVisitor{b.visitor(0), b.visitor(1)}
		}
		var wg sync.WaitGroup
		for k := range parts {
			wg.Go(func() {
				for _, x := range nodes[k*len(nodes)/parts : (k+1)*len(nodes)/parts] {
					if err := v[k].Node(x); err != nil {
						t.Error(err)
					}
				}
			})
		}
		wg.Wait()
		// Part k takes the edges' half 1-k, so that the parts do not
		// bring them in the stream's order.
		size := (len(edges) + parts - 1) / parts
		for k := range parts {
			wg.Go(func() {
				h := parts - 1 - k
				for _, e := range edges[h*size : min(len(edges), (h+1)*size)] {
					if err := v[k].Edge(e); err != nil {
						t.Error(err)
					}
				}
			})
		}
		wg.Wait()
		s, err := b.finish(1, nil)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	one := build(1)
	if len(one.Ties) < m/2 || len(one.rel.dated) == 0 || len(one.rel.other) == 0 {
		t.Fatalf("the network has %d ties, %d dated affiliations' persons, %d own ids: not the mix the test needs", len(one.Ties), len(one.rel.dated), len(one.rel.other))
	}
	for range 4 { // the two streams interleave differently each time
		two := build(2)
		for _, c := range []struct {
			what     string
			one, two any
		}{
			{"nodes", one.Nodes, two.Nodes}, {"ties", one.Ties, two.Ties}, {"CSR", [][]int32{one.Off, one.Adj, one.TieOf}, [][]int32{two.Off, two.Adj, two.TieOf}},
			{"relationships", [][]int32{one.rel.off, one.rel.other}, [][]int32{two.rel.off, two.rel.other}},
			{"codes", one.rel.code, two.rel.code}, {"strengths", one.rel.stated, two.rel.stated},
			{"own ids", []any{one.rel.otherOff, one.rel.otherIDs}, []any{two.rel.otherOff, two.rel.otherIDs}},
			{"dated", one.rel.dated, two.rel.dated}, {"live", one.live, two.live},
		} {
			if !reflect.DeepEqual(c.one, c.two) {
				t.Fatalf("%s differ between one stream and two", c.what)
			}
		}
	}
}
