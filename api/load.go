package api

import (
	"context"
	"sync"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
)

// FindLoadedPaths answers a path query as GET /paths does: the warm paths
// re-ranked by the introduction load of their intermediaries and the
// segment of their organisations (analysis.RankByLoad with set, the
// stored load rules: LoadRules), or in their plain order when noLoad is
// set. intros reads every introduction request (an IntroCache's Intros,
// or AllIntros); nil means none. Without a SegmentStore no segment weighs.
func FindLoadedPaths(ctx context.Context, snap *analysis.Snapshot, intros func(context.Context) ([]*graph.IntroRequest, error),
	st SegmentStore, q analysis.PathQuery, set analysis.LoadSettings, noLoad bool) (PathsBody, error) {
	if noLoad {
		res, err := analysis.FindPaths(ctx, snap, q)
		if err != nil {
			return PathsBody{}, err
		}
		return PathsBody{Query: q, Paths: analysis.Unloaded(res.Paths), Cold: res.Cold, MinStrength: res.MinStrength}, nil
	}
	var ld analysis.Load
	if intros != nil {
		var err error
		if ld.Intros, err = intros(ctx); err != nil {
			return PathsBody{}, err
		}
	}
	if mc, ok := st.(*MatrixCache); ok {
		var err error
		if ld.Segments, err = mc.Segments(ctx); err != nil {
			return PathsBody{}, err
		}
	} else if st != nil {
		m, err := LoadMatrix(ctx, st, time.Time{})
		if err != nil {
			return PathsBody{}, err
		}
		ld.Segments = analysis.SegmentsOf(m)
	}
	res, err := analysis.RankByLoad(ctx, snap, q, ld, set)
	if err != nil {
		return PathsBody{}, err
	}
	if res.Paths == nil {
		res.Paths = []analysis.LoadedPath{}
	}
	return PathsBody{Query: q, Paths: res.Paths, Cold: res.Cold, MinStrength: res.MinStrength}, nil
}

// LoadRules returns the load rules stored in st
// (analysis.LoadRulesSetting), or the defaults when st keeps no settings.
func LoadRules(ctx context.Context, st any) (analysis.LoadSettings, error) {
	if ss, ok := st.(graph.SettingStore); ok {
		return analysis.LoadRulesSetting.Get(ctx, ss)
	}
	return analysis.DefaultLoadSettings(), nil
}

// AllIntros returns every request f selects (its Page is ignored).
func AllIntros(ctx context.Context, is graph.IntroStore, f graph.IntroFilter) ([]*graph.IntroRequest, error) {
	return allPages(func(p graph.Page) ([]*graph.IntroRequest, int, error) {
		f.Page = p
		return is.FindIntros(ctx, f)
	})
}

// IntroCache keeps every introduction request as of one version of the
// store, so that path queries do not read them all again while nothing
// changed (at 5,000 requests a read takes tens of milliseconds). Every
// write of a request moves the version (graph.IntroStore), so a version
// names one set of requests; when the store keeps a change log
// (graph.ChangeLog), writes that changed only contacts or the
// segmentation keep the requests read. It is safe for concurrent use.
type IntroCache struct {
	Store interface {
		graph.IntroStore
		Version(ctx context.Context) (int64, error)
	}

	mu      sync.Mutex
	read    bool
	version int64
	intros  []*graph.IntroRequest
}

// Intros returns every request, from the cache when the store's version
// has not moved since they were read. The requests are shared: callers
// must not change them.
func (c *IntroCache) Intros(ctx context.Context) ([]*graph.IntroRequest, error) {
	v, err := c.Store.Version(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.read && c.version == v {
		return c.intros, nil
	}
	if cl, ok := c.Store.(graph.ChangeLog); ok && c.read {
		changes, complete, err := cl.Changes(ctx, c.version)
		if err != nil {
			return nil, err
		}
		if complete && graph.OnlyParts(changes, graph.PartContacts, graph.PartSegments) {
			if len(changes) > 0 {
				c.version = changes[len(changes)-1].Version
			}
			return c.intros, nil
		}
	}
	rs, err := AllIntros(ctx, c.Store, graph.IntroFilter{})
	if err != nil {
		return nil, err
	}
	// A write between the two reads gives newer requests under the older
	// version: the next query sees the new version and reads again.
	c.read, c.version, c.intros = true, v, rs
	return rs, nil
}

// introLoader returns how the server reads the introduction requests for
// the path ranking, or nil when the store keeps none.
func (s *Server) introLoader() func(context.Context) ([]*graph.IntroRequest, error) {
	if s.introCache == nil {
		return nil
	}
	return s.introCache.Intros
}
