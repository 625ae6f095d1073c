package storetest

import (
	"testing"

	"github.com/relmap/relmap/graph"
)

// RunIdentical upserts batch (Sample when batch is nil) into the stores a
// and b and checks that they then show the same thing: equal upsert
// results, equal graph.ReadNetwork snapshots (but for the version) and equal
// full listings of every kind of record, audit fields included. Both stores
// must start empty with new Clocks, so that their clocks agree. batch itself
// is not changed.
func RunIdentical(t *testing.T, a, b graph.Store, batch *graph.Batch) {
	t.Helper()
	if batch == nil {
		batch = Sample()
	}
	ctx := as("storetest")
	ra, err := a.Upsert(ctx, cloneBatch(batch), graph.UpsertOptions{})
	if err != nil {
		t.Fatalf("upsert into the first store: %v", err)
	}
	rb, err := b.Upsert(ctx, cloneBatch(batch), graph.UpsertOptions{})
	if err != nil {
		t.Fatalf("upsert into the second store: %v", err)
	}
	if d := Diff(ra, rb); d != "" {
		t.Errorf("upsert results differ (first → second): %s", d)
	}
	sa, sb := capture(t, a), capture(t, b)
	sa.Version, sa.Network.Version = 0, 0
	sb.Version, sb.Network.Version = 0, 0
	if d := Diff(sa, sb); d != "" {
		t.Errorf("the stores differ (first → second): %s", d)
	}
}
