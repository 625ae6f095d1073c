package api

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/storetest"
	"github.com/relmap/relmap/segment"
)

// countingSegments counts the whole reads of the assessments of a real
// store (ReadScores, ReadSegmentation) and the reads of one stakeholder's.
type countingSegments struct {
	SegmentStore
	st interface {
		segment.ScoreReader
		graph.ChangeLog
	}
	reads, finds atomic.Int32
}

func (c *countingSegments) ReadScores(ctx context.Context, start func(*segment.Scheme, segment.Policies), each func(segment.Assessment) error) error {
	c.reads.Add(1)
	return c.st.ReadScores(ctx, start, each)
}

func (c *countingSegments) ReadSegmentation(ctx context.Context) (*segment.Segmentation, error) {
	c.reads.Add(1)
	return c.SegmentStore.ReadSegmentation(ctx)
}

func (c *countingSegments) FindAssessments(ctx context.Context, f segment.AssessmentFilter) ([]*segment.Assessment, int, error) {
	c.finds.Add(1)
	return c.SegmentStore.FindAssessments(ctx, f)
}

func (c *countingSegments) Changes(ctx context.Context, since int64) ([]graph.Change, bool, error) {
	return c.st.Changes(ctx, since)
}

// TestMatrixCache: the matrix is read from the store once per version
// (and once per past day asked for); after assessments of named
// stakeholders only those are read again, and the matrix equals one built
// afresh, the full form's placements without Used; after a change of the
// scheme the whole matrix is read again.
func TestMatrixCache(t *testing.T) {
	h, st := segmentServer(t)
	counting := &countingSegments{SegmentStore: st, st: st}
	mc := &MatrixCache{SegmentStore: counting, Version: st.Version}
	ctx := t.Context()
	jan := time.Date(2026, 1, 31, 23, 59, 59, 0, time.UTC)
	reads := func(want int32, after string) {
		t.Helper()
		if got := counting.reads.Load(); got != want {
			t.Errorf("whole reads after %s: %d, want %d", after, got, want)
		}
	}
	sameAsAfresh := func(after string) {
		t.Helper()
		m, err := LoadMatrix(ctx, mc, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		want, err := buildMatrix(ctx, st, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		want = want.WithoutUsed()
		// The matrices as their readers see them (their codes may number
		// segments and policies in another order).
		view := func(m *segment.Matrix) any {
			return struct {
				AsOf     time.Time
				Scheme   *segment.Scheme
				Policies segment.Policies
				Rows     []segment.MatrixRow
			}{m.AsOf, m.Scheme, m.Policies, m.Rows()}
		}
		if d := storetest.Diff(view(want), view(m)); d != "" {
			t.Errorf("the matrix after %s differs from one built afresh: %s", after, d)
		}
	}

	LoadMatrix(ctx, mc, time.Time{})
	LoadMatrix(ctx, mc, time.Time{})
	reads(1, "two loads of one version")
	LoadMatrix(ctx, mc, jan) // another day: a build of its own
	LoadMatrix(ctx, mc, jan)
	reads(2, "two loads of a past day")

	call(t, h, "POST", "/api/v1/assessments", fundJanuary, 201, nil)
	call(t, h, "POST", "/api/v1/assessments", gpJanuary, 201, nil)
	sameAsAfresh("assessments of two stakeholders")
	reads(2, "assessments of named stakeholders")
	if got := counting.finds.Load(); got != 2 {
		t.Errorf("%d reads of one stakeholder's assessments, want 2 (the fund and the GP)", got)
	}

	sc := segment.DefaultScheme()
	sc.ThresholdAttractiveness = 4.5
	if err := st.SaveScheme(ctx, sc); err != nil {
		t.Fatal(err)
	}
	sameAsAfresh("a change of the scheme")
	reads(3, "a change of the scheme")
}

// TestWarm: after Warm, the first brokers request reads neither the
// network nor the assessments again.
func TestWarm(t *testing.T) {
	_, st := segmentServer(t)
	counting := &countingSegments{SegmentStore: st, st: st}
	srv := &Server{Store: st, Segments: &MatrixCache{SegmentStore: counting, Version: st.Version}, Snapshots: &analysis.Cache{Source: st}}
	h := serve(t, srv)
	call(t, h, "POST", "/api/v1/assessments", fundJanuary, 201, nil) // the fund: develop
	if err := srv.Warm(t.Context()); err != nil {
		t.Fatal(err)
	}
	reads := counting.reads.Load()
	var b BrokersBody
	call(t, h, "GET", "/api/v1/brokers", "", 200, &b)
	if got := counting.reads.Load(); got != reads || len(b.Targets) != 1 {
		t.Errorf("after Warm: %d whole reads of the assessments (want %d), targets %v (want the fund)", got, reads, b.Targets)
	}
}

// TestMatrixCacheSegments: the segments the path ranking reads follow a
// write: a contact write keeps the matrix and its index by id as they are
// (not made again from every row), assessments change the segments of
// the stakeholders they name, as making them afresh would, and leave the
// matrix before them as it was.
func TestMatrixCacheSegments(t *testing.T) {
	h, st := segmentServer(t)
	mc := &MatrixCache{SegmentStore: st, Version: st.Version}
	ctx := t.Context()
	a, err := mc.Segments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sg, ok := a("org-fund"); sg != segment.Unassessed || !ok {
		t.Fatalf("before any assessment: %q %v, want unassessed", sg, ok)
	}
	m0, err := mc.Matrix(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	call(t, h, "POST", "/api/v1/contacts", `{"id":"c-seg","employee_id":"emp-anna","stakeholder_id":"org-fund","date":"2026-03-02","mode":"meeting"}`, 201, nil)
	if m1, err := mc.Matrix(ctx, time.Time{}); err != nil || m1 != m0 {
		t.Errorf("another matrix after a contact write (%v): its index by id is made again", err)
	}
	call(t, h, "POST", "/api/v1/assessments", fundJanuary, 201, nil)
	b, err := mc.Segments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sg, _ := b("org-fund"); sg != segment.Develop {
		t.Errorf("after the fund's scores: %v, want develop", sg)
	}
	if sg, _ := a("org-fund"); sg != segment.Unassessed {
		t.Error("the assessments changed the segments of the matrix before them")
	}
	m, err := mc.Matrix(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	fresh := segment.NewMatrix(m.AsOf, m.Scheme, m.Policies, m.Rows())
	for _, id := range []string{"org-fund", "org-gp", "per-jan", "emp-anna"} {
		got, gotOK := b(id)
		want, wantOK := fresh.SegmentOf(id)
		if got != want || gotOK != wantOK {
			t.Errorf("segment of %s after the fund's scores: %q %v, made afresh %q %v", id, got, gotOK, want, wantOK)
		}
	}
}

// TestMatrixCacheSharesSnapshotNodes: the matrix Handler caches keeps the
// stakeholders as the analyses' snapshot holds them (one copy of each node
// and its strings in the process).
func TestMatrixCacheSharesSnapshotNodes(t *testing.T) {
	_, st := segmentServer(t)
	snaps := &analysis.Cache{Source: st}
	srv := &Server{Store: st, Segments: st, Snapshots: snaps}
	serve(t, srv)
	mc := srv.Segments.(*MatrixCache)
	m, err := mc.Matrix(t.Context(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := snaps.Snapshot(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if m.Len() != 4 {
		t.Fatalf("%d rows, want 4 (three organisations, one person)", m.Len())
	}
	for i := range m.Len() {
		n := m.Stakeholder(i)
		j, ok := snap.Index(n.ID)
		if !ok {
			t.Fatalf("%s is not in the snapshot", n.ID)
		}
		if n != &snap.Nodes[j] {
			t.Errorf("%s: the matrix keeps its own copy of the node", n.ID)
		}
	}
}
