package api

import (
	"context"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
)

// FindLoadedPaths answers a path query as GET /paths does: the warm paths
// re-ranked by the introduction load of their intermediaries and the
// segment of their organisations (analysis.RankByLoad with
// analysis.DefaultLoadSettings), or in their plain order when noLoad is
// set. Without an IntroStore the load is empty; without a SegmentStore no
// segment weighs.
func FindLoadedPaths(ctx context.Context, snap *analysis.Snapshot, is graph.IntroStore, st SegmentStore, q analysis.PathQuery, noLoad bool) (PathsBody, error) {
	if noLoad {
		res, err := analysis.FindPaths(ctx, snap, q)
		if err != nil {
			return PathsBody{}, err
		}
		return PathsBody{Query: q, Paths: analysis.Unloaded(res.Paths), Cold: res.Cold, MinStrength: res.MinStrength}, nil
	}
	var ld analysis.Load
	if is != nil {
		var err error
		if ld.Intros, err = AllIntros(ctx, is, graph.IntroFilter{}); err != nil {
			return PathsBody{}, err
		}
	}
	if st != nil {
		m, err := LoadMatrix(ctx, st, time.Time{})
		if err != nil {
			return PathsBody{}, err
		}
		ld.Segments = analysis.SegmentsOf(m)
	}
	res, err := analysis.RankByLoad(ctx, snap, q, ld, analysis.DefaultLoadSettings())
	if err != nil {
		return PathsBody{}, err
	}
	if res.Paths == nil {
		res.Paths = []analysis.LoadedPath{}
	}
	return PathsBody{Query: q, Paths: res.Paths, Cold: res.Cold, MinStrength: res.MinStrength}, nil
}

// AllIntros returns every request f selects (its Page is ignored).
func AllIntros(ctx context.Context, is graph.IntroStore, f graph.IntroFilter) ([]*graph.IntroRequest, error) {
	return allPages(func(p graph.Page) ([]*graph.IntroRequest, int, error) {
		f.Page = p
		return is.FindIntros(ctx, f)
	})
}
