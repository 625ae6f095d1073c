package api

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/relmap/relmap/graph/storetest"
	"github.com/relmap/relmap/segment"
)

// countingSegments counts the segmentation reads of a real store.
type countingSegments struct {
	SegmentStore
	reads atomic.Int32
}

func (c *countingSegments) ReadSegmentation(ctx context.Context) (*segment.Segmentation, error) {
	c.reads.Add(1)
	return c.SegmentStore.ReadSegmentation(ctx)
}

// TestMatrixCache: the matrix is read from the store once per version and
// day; a write (new version) reads it again; a caller's change to its rows
// does not reach the next caller.
func TestMatrixCache(t *testing.T) {
	h, st := segmentServer(t)
	counting := &countingSegments{SegmentStore: st}
	mc := &MatrixCache{SegmentStore: counting, Version: st.Version}
	ctx := t.Context()
	jan := time.Date(2026, 1, 31, 23, 59, 59, 0, time.UTC)

	m1, err := LoadMatrix(ctx, mc, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	x := 0.5
	m1.Rows[0].NetworkAccessibility = &x
	m2, _ := LoadMatrix(ctx, mc, time.Time{})
	if got := counting.reads.Load(); got != 1 {
		t.Errorf("two loads of one version read the store %d times, want 1", got)
	}
	if m2.Rows[0].NetworkAccessibility != nil {
		t.Error("a caller's change to its rows reached the cache")
	}
	LoadMatrix(ctx, mc, jan) // another day: a build of its own
	LoadMatrix(ctx, mc, jan)
	if got := counting.reads.Load(); got != 2 {
		t.Errorf("reads after a second day: %d, want 2", got)
	}
	// A write moves the version: the next load reads again and sees it.
	call(t, h, "POST", "/api/v1/assessments", fundJanuary, 201, nil)
	m3, err := LoadMatrix(ctx, mc, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if got := counting.reads.Load(); got != 3 {
		t.Errorf("reads after a write: %d, want 3", got)
	}
	want, _ := buildMatrix(ctx, st, time.Time{})
	if d := storetest.Diff(want, m3); d != "" {
		t.Errorf("the matrix after the write differs from one built afresh: %s", d)
	}
}
