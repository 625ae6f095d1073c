// Command plans measures the director's list of access plans (GET
// /api/v1/plans) on the generated demo network in a SQLite store: it loads
// the network (demo.Generate, by default 20,000 persons) and its
// assessments, makes -plans plans (default 1,000) for targets drawn
// (seeded) from the stakeholders, each with two actions (one overdue),
// then asks for the list through the real router -runs times after one
// warm-up (which builds the snapshot) and prints p50, p90 and max. The
// goal (issue 16) is ≤ 200 ms for 1,000 plans; it is printed, not
// asserted.
//
//	go run ./bench/plans
//	go run ./bench/plans -persons 100000 -plans 1000 -runs 20
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/api"
	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/demo"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
)

func main() {
	persons := flag.Int("persons", 20000, "external persons in the generated network")
	plans := flag.Int("plans", 1000, "access plans to make")
	runs := flag.Int("runs", 20, "timed requests of the list")
	seed := flag.Uint64("seed", 1, "seed for drawing targets")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the timed requests to this file")
	flag.Parse()
	if err := run(*persons, *plans, *runs, *seed, *cpuprofile); err != nil {
		fmt.Fprintln(os.Stderr, "plans:", err)
		os.Exit(1)
	}
}

func run(persons, plans, runs int, seed uint64, cpuprofile string) error {
	ctx := graph.WithActor(context.Background(), "bench")
	dir, err := os.MkdirTemp("", "relmap-plans")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	st, err := sqlitestore.Open(ctx, filepath.Join(dir, "relmap.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	t0 := time.Now()
	opts := demo.Options{Persons: persons}
	b := demo.Generate(opts)
	if _, err := st.Upsert(ctx, b, graph.UpsertOptions{}); err != nil {
		return err
	}
	if _, err := st.UpsertAssessments(ctx, demo.Assessments(b, opts), graph.UpsertOptions{}); err != nil {
		return err
	}
	if _, err := demo.LoadIntros(ctx, st, demo.Intros(b)); err != nil {
		return err
	}
	fmt.Printf("network: %d employees, %d organisations, %d persons, %d relationships, %d contacts; loaded in %s\n",
		len(b.Employees), len(b.Organisations), len(b.Persons), len(b.Relationships), len(b.Contacts), time.Since(t0).Round(time.Millisecond))

	var targets, owners []string
	for _, o := range b.Organisations {
		targets = append(targets, o.ID)
	}
	for _, p := range b.Persons {
		if !p.Objects {
			targets = append(targets, p.ID)
		}
	}
	for _, e := range b.Employees {
		if e.End.IsZero() {
			owners = append(owners, e.ID)
		}
	}
	r := rand.New(rand.NewPCG(seed, 16))
	now := time.Now().UTC()
	t0 = time.Now()
	for i := range plans {
		p := &graph.Plan{ID: fmt.Sprintf("plan-%05d", i), TargetID: targets[r.IntN(len(targets))], OwnerID: owners[r.IntN(len(owners))],
			Aim: graph.PlanAim{Segment: "invest", By: now.AddDate(0, 1+r.IntN(12), 0)}}
		if err := st.CreatePlan(ctx, p); err != nil {
			return err
		}
		as := []*graph.Action{
			{ID: fmt.Sprintf("act-%05d-a", i), PlanID: p.ID, Kind: graph.ActionContact, StakeholderID: p.TargetID, AssigneeID: p.OwnerID, Due: now.AddDate(0, 0, -r.IntN(30)-1)},
			{ID: fmt.Sprintf("act-%05d-b", i), PlanID: p.ID, Kind: graph.ActionIntroduction, StakeholderID: p.TargetID, AssigneeID: p.OwnerID, Due: now.AddDate(0, 0, r.IntN(60))},
		}
		if err := st.CreateActions(ctx, as); err != nil {
			return err
		}
	}
	fmt.Printf("%d plans and %d actions made in %s\n", plans, 2*plans, time.Since(t0).Round(time.Millisecond))

	srv := &api.Server{Store: st, Segments: st, Snapshots: &analysis.Cache{Source: st, Contacts: st}}
	h, err := srv.Handler()
	if err != nil {
		return err
	}
	tok, secret, err := auth.NewToken("bench", auth.Viewer, "bench", now)
	if err != nil {
		return err
	}
	if err := st.CreateToken(ctx, tok); err != nil {
		return err
	}
	get := func() (time.Duration, error) {
		req := httptest.NewRequest("GET", "/api/v1/plans?limit=50", nil)
		req.Header.Set("Authorization", "Bearer "+secret)
		w := httptest.NewRecorder()
		t := time.Now()
		h.ServeHTTP(w, req)
		d := time.Since(t)
		if w.Code != http.StatusOK {
			return d, fmt.Errorf("GET /api/v1/plans: %d %s", w.Code, w.Body)
		}
		return d, nil
	}
	warm, err := get()
	if err != nil {
		return err
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
	var ds []time.Duration
	for range runs {
		d, err := get()
		if err != nil {
			return err
		}
		ds = append(ds, d)
	}
	slices.Sort(ds)
	q := func(p float64) time.Duration {
		return ds[min(len(ds)-1, int(p*float64(len(ds))))].Round(100 * time.Microsecond)
	}
	fmt.Printf("GET /api/v1/plans (%d plans, first page of 50), GOMAXPROCS=%d: first (builds the snapshot) %s; then p50 %s, p90 %s, max %s over %d runs (goal ≤ 200ms)\n",
		plans, runtime.GOMAXPROCS(0), warm.Round(time.Millisecond), q(0.5), q(0.9), ds[len(ds)-1].Round(100*time.Microsecond), runs)
	return nil
}
