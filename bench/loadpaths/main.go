// Command loadpaths measures the load-aware path query (issue 16, item 2)
// on the generated demo network: the same network as bench/paths (by
// default 100,000 persons and 50 employees), a SQLite store holding it and
// 5,000 open introduction requests through random persons, and then, per
// query (k = 5, at most 4 hops, all employees → one random target):
//
//   - the plain FindPaths,
//   - analysis.RankByLoad on requests already in memory,
//   - api.FindLoadedPaths with an api.IntroCache, as GET /api/v1/paths
//     reads the requests (the segment matrix is left out here: the server
//     caches it too),
//
// printing p50, p90, p99 and max of each. The goal is p99 ≤ 20 ms.
//
//	go run ./bench/loadpaths
//	go run ./bench/loadpaths -persons 20000 -requests 1000 -queries 200
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/api"
	"github.com/relmap/relmap/demo"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
)

func main() {
	persons := flag.Int("persons", 100000, "external persons in the generated network")
	requests := flag.Int("requests", 5000, "open introduction requests")
	queries := flag.Int("queries", 500, "path queries to time")
	flag.Parse()
	if err := run(*persons, *requests, *queries); err != nil {
		fmt.Fprintln(os.Stderr, "loadpaths:", err)
		os.Exit(1)
	}
}

func run(persons, requests, queries int) error {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "relmap-loadpaths")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	st, err := sqlitestore.Open(ctx, filepath.Join(dir, "relmap.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	b := demo.Generate(demo.Options{Persons: persons})
	t0 := time.Now()
	if _, err := st.Upsert(ctx, b, graph.UpsertOptions{}); err != nil {
		return err
	}
	fmt.Printf("network stored in %s\n", time.Since(t0).Round(time.Millisecond))
	r := rand.New(rand.NewPCG(1, 2))
	var emps []string
	for _, e := range b.Employees {
		emps = append(emps, e.ID)
	}
	t0 = time.Now()
	for i := range requests {
		via, to := b.Persons[r.IntN(len(b.Persons))].ID, b.Organisations[r.IntN(len(b.Organisations))].ID
		req := &graph.IntroRequest{ID: "intro-" + strconv.Itoa(i), EmployeeID: emps[r.IntN(len(emps))], IntermediaryID: via, TargetID: to}
		if err := st.CreateIntro(ctx, req); err != nil {
			return err
		}
	}
	fmt.Printf("%d requests stored in %s\n", requests, time.Since(t0).Round(time.Millisecond))
	n, err := graph.ReadNetwork(ctx, st)
	if err != nil {
		return err
	}
	snap, err := analysis.NewSnapshot(n)
	if err != nil {
		return err
	}
	intros, err := api.AllIntros(ctx, st, graph.IntroFilter{})
	if err != nil {
		return err
	}
	var stake []string
	for _, x := range snap.Nodes {
		if x.Kind.IsStakeholder() {
			stake = append(stake, x.ID)
		}
	}
	tos := make([]string, queries)
	for i := range tos {
		tos[i] = stake[r.IntN(len(stake))]
	}
	if _, err := analysis.FindPaths(ctx, snap, analysis.PathQuery{To: tos[0]}); err != nil { // builds the route index
		return err
	}
	measure := func(label string, q func(to string) error) error {
		lat := make([]time.Duration, len(tos))
		for i, to := range tos {
			t1 := time.Now()
			if err := q(to); err != nil {
				return err
			}
			lat[i] = time.Since(t1)
		}
		slices.Sort(lat)
		p := func(f float64) time.Duration {
			return lat[min(len(lat)-1, int(f*float64(len(lat))))].Round(time.Microsecond)
		}
		fmt.Printf("%s: %d queries; p50 %s, p90 %s, p99 %s, max %s\n", label, len(lat), p(0.5), p(0.9), p(0.99), lat[len(lat)-1].Round(time.Microsecond))
		return nil
	}
	set := analysis.DefaultLoadSettings()
	if err := measure("plain FindPaths (k=5)", func(to string) error {
		_, err := analysis.FindPaths(ctx, snap, analysis.PathQuery{To: to})
		return err
	}); err != nil {
		return err
	}
	if err := measure("RankByLoad, requests in memory", func(to string) error {
		_, err := analysis.RankByLoad(ctx, snap, analysis.PathQuery{To: to}, analysis.Load{Intros: intros}, set)
		return err
	}); err != nil {
		return err
	}
	cache := &api.IntroCache{Store: st}
	return measure("FindLoadedPaths, requests from the server's IntroCache (a store version read per query)", func(to string) error {
		_, err := api.FindLoadedPaths(ctx, snap, cache.Intros, nil, analysis.PathQuery{To: to}, analysis.DefaultLoadSettings(), false)
		return err
	})
}
