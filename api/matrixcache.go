package api

import (
	"context"
	"sync"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/internal/fresh"
	"github.com/relmap/relmap/segment"
)

// MatrixCache is a SegmentStore that keeps the matrix the analyses read
// (LoadMatrix) and follows the store's writes the way analysis.Cache
// follows them for the snapshot (internal/fresh): one refresh at a time,
// and with MaxStaleness the matrix in hand while the next is made.
// Server.Handler wraps Segments in one when the store reports its version.
//
// The matrix it keeps is lean: its placements leave Used empty (the
// assessments behind them are GET /segments/matrix's business, which
// builds the full form on demand), so that it costs about 150 bytes a
// stakeholder and the node's strings (segment.Matrix keeps its rows
// compactly) rather than the 2–3 KB of the full form. It is built from a
// stream of scores (segment.ScoreReader) without holding every assessment.
//
// After a write, what the store's change log (graph.ChangeLog) names
// decides the refresh: writes to the contact log change nothing here;
// assessments of named stakeholders are read again for those stakeholders
// only, and their rows replaced; anything else (the scheme, the policies,
// a deleted assessment, a node, a large import) builds the matrix again.
//
// Matrices as of a past day are built on demand and kept per version, a
// few days at a time.
type MatrixCache struct {
	SegmentStore
	// Version reports the store's change version (graph.Store.Version).
	Version func(ctx context.Context) (int64, error)
	// MaxStaleness bounds how old the latest matrix may be while the next
	// is made; zero makes every call wait for the writes before it.
	MaxStaleness time.Duration
	// Known, when set, returns the nodes the process holds already and
	// their index by id (the analyses' snapshot's: Server.Handler sets
	// it). A stakeholder read for the matrix that equals one of them is
	// kept as that one (segment.NewMatrixBuilderOver), so that the matrix
	// keeps no second copy of the node and its id, name and owner (23 MiB
	// at the 100,000-person demo). nil, or no nodes: the matrix keeps what
	// it read.
	Known func(ctx context.Context) (nodes []graph.NetworkNode, index func(id string) (int32, bool))

	latest fresh.Cache[*versionedMatrix]

	mu    sync.Mutex
	dated map[time.Time]*versionedMatrix
}

// versionedMatrix is a matrix and the store version it was made at.
type versionedMatrix struct {
	m       *segment.Matrix
	version int64
}

// Segments returns the segment of every stakeholder of the latest matrix
// (analysis.SegmentsOf: the matrix indexes itself once): the load-aware
// path ranking reads it on every query.
func (c *MatrixCache) Segments(ctx context.Context) (func(id string) (segment.Segment, bool), error) {
	v, err := c.Version(ctx)
	if err != nil {
		return nil, err
	}
	vm, _, err := c.latest.Get(ctx, v, fresh.Policy{MaxStaleness: c.MaxStaleness}, nil, c.refresh)
	if err != nil {
		return nil, err
	}
	return analysis.SegmentsOf(vm.m), nil
}

// maxCachedDays bounds the matrices as of a past day kept at once.
const maxCachedDays = 4

// Matrix returns the lean matrix as of asOf (zero: the latest). It is
// shared: callers must not modify it (clone the rows first).
func (c *MatrixCache) Matrix(ctx context.Context, asOf time.Time) (*segment.Matrix, error) {
	m, _, _, err := c.MatrixAge(ctx, asOf)
	return m, err
}

// MatrixAge is Matrix with the store version the matrix was made at and
// its age (zero when it is current; see internal/fresh).
func (c *MatrixCache) MatrixAge(ctx context.Context, asOf time.Time) (*segment.Matrix, int64, time.Duration, error) {
	v, err := c.Version(ctx)
	if err != nil {
		return nil, 0, 0, err
	}
	if asOf.IsZero() {
		vm, age, err := c.latest.Get(ctx, v, fresh.Policy{MaxStaleness: c.MaxStaleness}, nil, c.refresh)
		if err != nil {
			return nil, 0, 0, err
		}
		return vm.m, vm.version, age, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if d, ok := c.dated[asOf]; ok && d.version == v {
		return d.m, v, 0, nil
	}
	m, err := leanMatrix(ctx, c.SegmentStore, asOf, c.known(ctx))
	if err != nil {
		return nil, 0, 0, err
	}
	if c.dated == nil || len(c.dated) >= maxCachedDays {
		c.dated = map[time.Time]*versionedMatrix{}
	}
	c.dated[asOf] = &versionedMatrix{m: m, version: v}
	return m, v, 0, nil
}

// refresh makes the latest matrix at the store's version, from prev when
// the change log names what changed (see MatrixCache).
func (c *MatrixCache) refresh(ctx context.Context, prev *versionedMatrix, had bool) (*versionedMatrix, int64, error) {
	if cl, ok := c.SegmentStore.(graph.ChangeLog); ok && had {
		if vm, err := updated(ctx, c.SegmentStore, cl, prev); err != nil || vm != nil {
			if err != nil {
				return nil, 0, err
			}
			return vm, vm.version, nil
		}
	}
	v, err := c.Version(ctx)
	if err != nil {
		return nil, 0, err
	}
	m, err := leanMatrix(ctx, c.SegmentStore, time.Time{}, c.known(ctx))
	if err != nil {
		return nil, 0, err
	}
	return &versionedMatrix{m: m, version: v}, v, nil
}

// updated derives the matrix from prev and what the change log says
// changed since; nil when it cannot (then the matrix is built again). A
// stakeholder's row moves to its new place in the order (CompareRows).
func updated(ctx context.Context, st SegmentStore, cl graph.ChangeLog, prev *versionedMatrix) (*versionedMatrix, error) {
	changes, complete, err := cl.Changes(ctx, prev.version)
	if err != nil || !complete {
		return nil, err
	}
	ids := map[string]bool{}
	for _, ch := range changes {
		switch {
		case ch.Part == graph.PartContacts:
		case ch.Part == graph.PartSegments && ch.Stakeholders != nil:
			for _, id := range ch.Stakeholders {
				ids[id] = true
			}
		default:
			return nil, nil
		}
	}
	v := prev.version
	if len(changes) > 0 {
		v = changes[len(changes)-1].Version
	}
	p := prev.m
	if len(ids) == 0 {
		// The same rows: the same matrix, and its index by id (SegmentOf).
		return &versionedMatrix{m: p, version: v}, nil
	}
	var placed []segment.Placement
	for id := range ids {
		as, err := allAssessments(ctx, st, id)
		if err != nil {
			return nil, err
		}
		pl, ok := segment.Place(p.Scheme, as, time.Time{})[id]
		if !ok {
			pl = segment.EmptyPlacement(p.Scheme, id)
		}
		pl.Used = nil
		placed = append(placed, pl)
	}
	return &versionedMatrix{m: p.Placed(placed), version: v}, nil
}

// knownNodes are nodes the process holds already and their index by id
// (MatrixCache.Known).
type knownNodes struct {
	nodes []graph.NetworkNode
	index func(id string) (int32, bool)
}

// known returns what c.Known returns, or none.
func (c *MatrixCache) known(ctx context.Context) knownNodes {
	if c.Known == nil {
		return knownNodes{}
	}
	nodes, index := c.Known(ctx)
	return knownNodes{nodes, index}
}

// leanMatrix builds the matrix as of asOf without Placement.Used: from a
// stream of scores (segment.ScoreReader) when the store has one, else
// from ReadSegmentation. A stakeholder that known holds equal already is
// kept as known's (segment.NewMatrixBuilderOver).
func leanMatrix(ctx context.Context, st SegmentStore, asOf time.Time, known knownNodes) (*segment.Matrix, error) {
	sr, ok := st.(segment.ScoreReader)
	if !ok {
		m, err := buildMatrix(ctx, st, asOf)
		if err != nil {
			return nil, err
		}
		return m.WithoutUsed(), nil
	}
	nodes, err := stakeholders(ctx, st)
	if err != nil {
		return nil, err
	}
	var b *segment.MatrixBuilder
	var placer *segment.Placer
	err = sr.ReadScores(ctx, func(s *segment.Scheme, ps segment.Policies) {
		b, placer = segment.NewMatrixBuilderOver(s, ps, known.nodes, known.index, nodes, asOf), segment.NewPlacer(s, asOf)
	}, func(a segment.Assessment) error {
		if p, ok := placer.Add(a); ok {
			b.Place(p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if p, ok := placer.Flush(); ok {
		b.Place(p)
	}
	return b.Matrix(), nil
}

// allAssessments reads every assessment of one stakeholder.
func allAssessments(ctx context.Context, st segment.Store, id string) ([]segment.Assessment, error) {
	var out []segment.Assessment
	f := segment.AssessmentFilter{StakeholderID: &id, Page: graph.Page{Limit: graph.MaxLimit}}
	for {
		page, total, err := st.FindAssessments(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, a := range page {
			out = append(out, *a)
		}
		f.Offset += len(page)
		if len(page) == 0 || f.Offset >= total {
			return out, nil
		}
	}
}
