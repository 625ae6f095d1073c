package api

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/relmap/relmap/segment"
)

// MatrixCache is a SegmentStore that keeps the matrices LoadMatrix builds
// until the store's version moves: reading the network and every
// assessment and placing every stakeholder is the bulk of a matrix request
// (seconds at 20k persons), and the data changes far less often than it is
// read. Server.Handler wraps Segments in one when the store reports its
// version. Builds run one at a time, so that a crowd of requests after a
// change builds the matrix once.
type MatrixCache struct {
	SegmentStore
	// Version reports the store's change version (graph.Store.Version).
	Version func(ctx context.Context) (int64, error)

	mu      sync.Mutex
	version int64
	byDay   map[time.Time]*segment.Matrix
}

// maxCachedDays bounds the matrices kept for one version (one per as-of
// day asked for).
const maxCachedDays = 16

// Matrix returns the matrix as of asOf, built at most once per version and
// day. Each caller gets its own copy of the rows, so that setting a row's
// network accessibility does not reach the cache.
func (c *MatrixCache) Matrix(ctx context.Context, asOf time.Time) (*segment.Matrix, error) {
	v, err := c.Version(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byDay == nil || c.version != v {
		c.version, c.byDay = v, map[time.Time]*segment.Matrix{}
	}
	m, ok := c.byDay[asOf]
	if !ok {
		if m, err = buildMatrix(ctx, c.SegmentStore, asOf); err != nil {
			return nil, err
		}
		if len(c.byDay) >= maxCachedDays {
			clear(c.byDay)
		}
		c.byDay[asOf] = m
	}
	cp := *m
	cp.Rows = slices.Clone(m.Rows)
	return &cp, nil
}
