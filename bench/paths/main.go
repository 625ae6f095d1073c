// Command paths measures relmap's warm-path and broker analyses on the
// generated demo network: it builds the network (demo.Generate, by default
// 100,000 persons and 50 employees, about 520,000 relationships), takes its
// snapshot, then times
//
//   - warm-path queries (k = 5, at most 4 hops, all employees → one
//     target) over many random targets, and over the 200 best-connected
//     stakeholders, printing p50, p90, p99 and max;
//
//   - a broker ranking for a set of random targets (default 1,000), three
//     times (the first allocates the workers' buffers).
//
//     go run ./bench/paths
//     go run ./bench/paths -persons 20000 -queries 500 -targets 200
//
// Targets are drawn (seeded) from the organisations and persons; the
// figures count queries that found no path too, since those search as far
// as any.
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/demo"
	"github.com/relmap/relmap/graph"
)

func main() {
	persons := flag.Int("persons", 100000, "external persons in the generated network")
	employees := flag.Int("employees", 50, "employees in the generated network")
	queries := flag.Int("queries", 2000, "warm-path queries to time")
	targets := flag.Int("targets", 1000, "targets of the broker ranking")
	k := flag.Int("k", 5, "paths per warm-path query")
	hops := flag.Int("hops", 4, "hop cap")
	seed := flag.Uint64("seed", 1, "seed for drawing targets")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the timed part to this file")
	flag.Parse()
	if err := run(*persons, *employees, *queries, *targets, *k, *hops, *seed, *cpuprofile); err != nil {
		fmt.Fprintln(os.Stderr, "paths:", err)
		os.Exit(1)
	}
}

func run(persons, employees, queries, targets, k, hops int, seed uint64, cpuprofile string) error {
	ctx := context.Background()
	t0 := time.Now()
	b := demo.Generate(demo.Options{Persons: persons, Employees: employees})
	gen := time.Since(t0)
	n := &graph.Network{}
	for _, e := range b.Employees {
		n.Nodes = append(n.Nodes, graph.NodeOf(e))
	}
	for _, o := range b.Organisations {
		n.Nodes = append(n.Nodes, graph.NodeOf(o))
	}
	for _, p := range b.Persons {
		n.Nodes = append(n.Nodes, graph.NodeOf(p))
	}
	for _, r := range b.Relationships {
		n.Edges = append(n.Edges, graph.EdgeOf(r))
	}
	t0 = time.Now()
	s, err := analysis.NewSnapshot(n)
	if err != nil {
		return err
	}
	snap := time.Since(t0)
	fmt.Printf("network: %d nodes, %d relationships, %d ties; generated in %s, snapshot in %s; GOMAXPROCS=%d\n",
		len(s.Nodes), len(n.Edges), len(s.Ties), gen.Round(time.Millisecond), snap.Round(time.Millisecond), runtime.GOMAXPROCS(0))

	var stake []string
	for _, x := range s.Nodes {
		if x.Kind.IsStakeholder() {
			stake = append(stake, x.ID)
		}
	}
	r := rand.New(rand.NewPCG(seed, 2))
	draw := func(m int) []string {
		out := make([]string, m)
		for i := range out {
			out[i] = stake[r.IntN(len(stake))]
		}
		return out
	}

	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}

	// The first query builds the snapshot's route index (arc costs): time
	// it apart.
	t0 = time.Now()
	if _, err := analysis.WarmPaths(ctx, s, analysis.PathQuery{To: stake[0], K: k, MaxHops: hops}); err != nil {
		return err
	}
	fmt.Printf("first query (builds the route index): %s\n", time.Since(t0).Round(time.Microsecond))

	measure := func(label string, tos []string) error {
		lat := make([]time.Duration, len(tos))
		found, none := 0, 0
		t0 := time.Now()
		for i, to := range tos {
			t1 := time.Now()
			ps, err := analysis.WarmPaths(ctx, s, analysis.PathQuery{To: to, K: k, MaxHops: hops})
			lat[i] = time.Since(t1)
			if err != nil {
				return err
			}
			found += len(ps)
			if len(ps) == 0 {
				none++
			}
		}
		total := time.Since(t0)
		slices.Sort(lat)
		q := func(p float64) time.Duration {
			return lat[min(len(lat)-1, int(p*float64(len(lat))))].Round(time.Microsecond)
		}
		fmt.Printf("warm paths, %s (k=%d, ≤%d hops, all employees → one target): %d queries in %s; p50 %s, p90 %s, p99 %s, max %s; %d paths, %d targets unreachable\n",
			label, k, hops, len(tos), total.Round(time.Millisecond), q(0.50), q(0.90), q(0.99), lat[len(lat)-1].Round(time.Microsecond), found, none)
		return nil
	}
	if err := measure("random targets", draw(queries)); err != nil {
		return err
	}
	// The hardest targets: the stakeholders with the most ties.
	hubs := slices.Clone(stake)
	slices.SortFunc(hubs, func(a, b string) int {
		x, _ := s.Index(a)
		y, _ := s.Index(b)
		return s.Degree(y) - s.Degree(x)
	})
	if err := measure("the 200 best-connected targets", hubs[:min(200, len(hubs))]); err != nil {
		return err
	}

	ts := draw(targets)
	var bs []analysis.Broker
	for run := 1; run <= 3; run++ {
		t0 = time.Now()
		bs, err = analysis.Brokers(ctx, s, analysis.BrokerQuery{Targets: ts, MaxHops: hops, Limit: 10})
		if err != nil {
			return err
		}
		fmt.Printf("brokers, run %d (%d targets, ≤%d hops, all employees): %s\n", run, targets, hops, time.Since(t0).Round(time.Millisecond))
	}
	for _, b := range bs {
		fmt.Printf("  %-10s %-40s score %.3f  opens %d  only way %d\n", b.Node.ID, b.Node.Name, b.Score, b.Opens, b.OnlyWay)
	}
	return nil
}
