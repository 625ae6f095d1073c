package storetest

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
)

func TestClock(t *testing.T) {
	var c Clock
	if got := c.Now(); got != time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) {
		t.Fatalf("first Now %v", got)
	}
	if got := c.Now(); got != time.Date(2026, 1, 2, 3, 4, 6, 0, time.UTC) {
		t.Fatalf("second Now %v", got)
	}
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() { c.Now() })
	}
	wg.Wait()
	if got := c.Now(); got != ClockStart.Add(12*time.Second) {
		t.Fatalf("13th Now %v", got)
	}
}

func TestDiff(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	e := func(name string, ts time.Time) *graph.Employee {
		return &graph.Employee{ID: "emp-1", Name: name, Audit: graph.Audit{CreatedAt: ts}}
	}
	for _, tc := range []struct {
		name      string
		want, got any
		diff      string // "" for equal, else a substring of the report
	}{
		{"equal", []*graph.Employee{e("A", at)}, []*graph.Employee{e("A", at)}, ""},
		{"nil and empty slices", []*graph.Employee(nil), []*graph.Employee{}, ""},
		{"field", []*graph.Employee{e("A", at)}, []*graph.Employee{e("B", at)}, `[0].Name: want "A", got "B"`},
		{"time zone", e("A", at), e("A", at.In(time.FixedZone("X", 3600))), "Audit.CreatedAt: want 2026-01-02T03:04:05Z (UTC), got"},
		{"time monotonic", e("A", at), e("A", at.Add(time.Nanosecond)), "Audit.CreatedAt"},
		{"missing element", []string{"a", "b"}, []string{"a"}, "want 2 elements, got 1; the first missing is \"b\""},
		{"extra element", []string{"a"}, []string{"a", "c"}, "the first extra is \"c\""},
		{"nil pointer", e("A", at), (*graph.Employee)(nil), "want &"},
		{"state", state{Version: 1}, state{Version: 2}, "Version: want 1, got 2"},
		{"map", map[string]int{"a": 1}, map[string]int{"a": 1, "b": 2}, "[b]: want nothing, got 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := Diff(tc.want, tc.got)
			switch {
			case tc.diff == "" && d != "":
				t.Fatalf("diff %q, want none", d)
			case tc.diff != "" && !strings.Contains(d, tc.diff):
				t.Fatalf("diff %q, want it to contain %q", d, tc.diff)
			}
		})
	}
}

// TestSample checks that Sample is valid on its own, so that a store
// failing on it is the store's fault.
func TestSample(t *testing.T) {
	b := Sample()
	out, res, err := graph.PlanUpsert(bg, b, emptyLookup{}, graph.UpsertOptions{}, ClockStart)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "plan", counts(Sample(), false), res)
	if out.Len() != b.Len() {
		t.Fatalf("plan writes %d of %d records", out.Len(), b.Len())
	}
	types := map[graph.RelType]bool{}
	for _, r := range b.Relationships {
		types[r.Type] = true
	}
	if len(types) != len(graph.RelTypes) {
		t.Fatalf("Sample uses %d relationship types, want all %d", len(types), len(graph.RelTypes))
	}
	_, _, err = graph.PlanUpsert(bg, filterBatch(), emptyLookup{}, graph.UpsertOptions{}, ClockStart)
	Must(t, err)
}

type emptyLookup struct{}

func (emptyLookup) StoredNodes(context.Context, []string) (map[string]graph.Stored, error) {
	return nil, nil
}
func (emptyLookup) StoredRelationships(context.Context, []string) (map[string]graph.Stored, error) {
	return nil, nil
}
func (emptyLookup) StoredContacts(context.Context, []string) (map[string]graph.Stored, error) {
	return nil, nil
}
