package demo

import (
	"path/filepath"
	"testing"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
)

// TestIntrosEveryState loads the default demo and its introduction
// requests into a real SQLite store: every state is shown, and loading
// them again changes nothing.
func TestIntrosEveryState(t *testing.T) {
	ctx := t.Context()
	st, err := sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b := Generate(Options{})
	if _, err := st.Upsert(ctx, b, graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	plans := Intros(b)
	if n, err := LoadIntros(ctx, st, plans); err != nil || n != len(introMoves) {
		t.Fatalf("loaded %d of %d requests: %v", n, len(introMoves), err)
	}
	rs, _, err := st.FindIntros(ctx, graph.IntroFilter{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[graph.IntroState]bool{}
	for _, r := range rs {
		seen[r.State] = true
	}
	for _, s := range graph.IntroStates {
		if !seen[s] {
			t.Errorf("no demo request is %s", s)
		}
	}
	v, _ := st.Version(ctx)
	if n, err := LoadIntros(ctx, st, Intros(b)); err != nil || n != 0 {
		t.Fatalf("a second load: %d, %v", n, err)
	}
	if v2, _ := st.Version(ctx); v2 != v {
		t.Fatal("a second load changed the store")
	}
}

// TestDemoPlans loads the demo's two plans after its introduction
// requests: both are stored with their actions, open, and a second load
// changes nothing.
func TestDemoPlans(t *testing.T) {
	ctx := t.Context()
	st, err := sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b := Generate(Options{})
	if _, err := st.Upsert(ctx, b, graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	seeds := Plans(Intros(b), DefaultNow)
	zero := func(string) float64 { return 0 }
	if n, err := LoadPlans(ctx, st, seeds, zero); err != nil || n != 2 {
		t.Fatalf("loaded %d of 2 plans: %v", n, err)
	}
	open := graph.ActionOpen
	as, _, err := st.FindActions(ctx, graph.ActionFilter{State: &open})
	if err != nil || len(as) != 3 {
		t.Fatalf("open actions %d, want 3: %v", len(as), err)
	}
	if n, err := LoadPlans(ctx, st, Plans(Intros(b), DefaultNow), zero); err != nil || n != 0 {
		t.Fatalf("a second load: %d, %v", n, err)
	}
}
