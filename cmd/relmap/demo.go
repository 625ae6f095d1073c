package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/demo"
	"github.com/relmap/relmap/graph"
)

func runDemo(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg := defaultConfig()
	cfg.DBPath = "relmap-demo.db"
	fs := newFlagSet("demo")
	fs.SetOutput(stderr)
	cfg.storeFlags(fs)
	cfg.serveFlags(fs)
	var opts demo.Options
	fs.Int64Var(&opts.Seed, "seed", 1, "random seed of the demo network")
	fs.IntVar(&opts.Persons, "persons", 0, "number of external persons (0: the default demo size)")
	fs.IntVar(&opts.Organisations, "organisations", 0, "number of organisations (0: scaled to persons)")
	fs.IntVar(&opts.Employees, "employees", 0, "number of our employees (0: default)")
	loadOnly := fs.Bool("load-only", false, "load the demo network and exit instead of serving it")
	if err := parse(fs, &cfg, args, getenv); err != nil {
		return err
	}
	logger := cfg.logger(stderr)
	store, err := openStore(ctx, &cfg, logger)
	if err != nil {
		return err
	}
	defer store.Close()

	// Contacts are dated relative to today so the contact log looks current.
	y, m, d := time.Now().UTC().Date()
	opts.Now = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	start := time.Now()
	b := demo.Generate(opts)
	res, err := store.Upsert(graph.WithActor(ctx, "relmap-demo"), b, graph.UpsertOptions{})
	if err != nil {
		return fmt.Errorf("load demo network: %w", err)
	}
	fmt.Fprintf(stdout, "demo network loaded in %s: %s\n", time.Since(start).Round(time.Millisecond), summary(res))
	for _, e := range b.Employees {
		if !e.End.IsZero() {
			fmt.Fprintf(stdout, "%s (%s) left on %s: her ties and contacts stay as history, what she owned was handed over (relmap holders -employee %s)\n",
				e.Name, e.ID, e.End.Format(time.DateOnly), e.ID)
		}
	}
	if ss, ok := store.(segmentStore); ok {
		// The assessments follow the network: b as upserted, and the same
		// options (seed and day).
		c, err := ss.UpsertAssessments(graph.WithActor(ctx, "relmap-demo"), demo.Assessments(b, opts), graph.UpsertOptions{})
		if err != nil {
			return fmt.Errorf("load demo assessments: %w", err)
		}
		fmt.Fprintf(stdout, "demo assessments loaded: %d new/%d updated/%d unchanged\n", c.Created, c.Updated, c.Unchanged)
	} else {
		logger.Warn("the store keeps no segments: the demo assessments are not loaded")
	}
	if is, ok := store.(graph.IntroStore); ok {
		n, err := demo.LoadIntros(graph.WithActor(ctx, "relmap-demo"), is, demo.Intros(b))
		if err != nil {
			return fmt.Errorf("load demo introduction requests: %w", err)
		}
		fmt.Fprintf(stdout, "demo introduction requests loaded: %d, one in every state (relmap intro list)\n", n)
		if ps, ok := store.(graph.PlanStore); ok {
			if err := loadDemoPlans(ctx, store, ps, demo.Plans(demo.Intros(b), opts.Now), stdout); err != nil {
				return err
			}
		}
	}
	if *loadOnly {
		return nil
	}
	if ts, ok := store.(tokenStore); ok {
		// Every API route needs a token: give the person trying the demo one.
		_, secret, err := createToken(ctx, ts, "demo admin", auth.Admin, "", "relmap-demo")
		if err != nil {
			return fmt.Errorf("create the demo token: %w", err)
		}
		fmt.Fprintf(stdout, "relmap token: %s\n", secret)
		fmt.Fprintln(stdout, "  (an admin token for this demo: paste it into the web page when it asks, or send it as \"Authorization: Bearer <token>\")")
	}
	return serve(ctx, &cfg, store, logger, stdout)
}

// summary prints upsert counts in one line.
func summary(r *graph.UpsertResult) string {
	line := ""
	for _, x := range []struct {
		name string
		c    graph.Counts
	}{{"employees", r.Employees}, {"organisations", r.Organisations}, {"persons", r.Persons}, {"relationships", r.Relationships}, {"contacts", r.Contacts}} {
		if line != "" {
			line += ", "
		}
		line += fmt.Sprintf("%s %d new/%d updated/%d unchanged", x.name, x.c.Created, x.c.Updated, x.c.Unchanged)
	}
	return line
}

// loadDemoPlans stores the demo's access plans with their baselines
// measured on the network as loaded.
func loadDemoPlans(ctx context.Context, store graph.Store, ps graph.PlanStore, seeds []demo.PlanSeed, stdout io.Writer) error {
	snap, err := analysis.ReadSnapshot(ctx, store, store, time.Now())
	if err != nil {
		return fmt.Errorf("load demo plans: %w", err)
	}
	baseline := func(target string) float64 {
		r, err := analysis.NetworkAccessibility(ctx, snap, []string{target}, 0)
		if err != nil {
			return 0
		}
		return r[target].Strength
	}
	n, err := demo.LoadPlans(graph.WithActor(ctx, "relmap-demo"), ps, seeds, baseline)
	if err != nil {
		return fmt.Errorf("load demo plans: %w", err)
	}
	fmt.Fprintf(stdout, "demo access plans loaded: %d, with open actions (relmap plan list)\n", n)
	return nil
}
