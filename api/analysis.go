package api

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// Snapshotter hands out the analysis snapshot of the store, rebuilt only when
// the store's version moves (analysis.Cache).
type Snapshotter interface {
	Snapshot(ctx context.Context) (*analysis.Snapshot, error)
}

// AgedSnapshotter is a Snapshotter that says how old the snapshot it hands
// out is: the time since it was last known to be current, zero when it is
// (analysis.Cache.SnapshotAge). With one, the analysis routes send the
// snapshot's store version and age as X-Relmap-Snapshot-Version and
// X-Relmap-Snapshot-Age (seconds, to the millisecond).
type AgedSnapshotter interface {
	SnapshotAge(ctx context.Context) (*analysis.Snapshot, time.Duration, error)
}

// The headers an analysis answer carries (see AgedSnapshotter).
const (
	snapshotVersionHeader = "X-Relmap-Snapshot-Version"
	snapshotAgeHeader     = "X-Relmap-Snapshot-Age"
)

// PathsBody is the answer of GET /paths.
type PathsBody struct {
	Query analysis.PathQuery `json:"query"`
	// Paths are the warm paths, best first: by their strength adjusted
	// for the introduction load of their intermediaries
	// (analysis.RankByLoad), or by their plain strength when the load is
	// switched off (no_load=1; the paths then carry no adjusted_strength
	// and no load).
	Paths []analysis.LoadedPath `json:"paths"`
	// Cold counts the paths among the k best that are weaker than
	// MinStrength: they exist, but are no warm introduction.
	Cold int `json:"cold"`
	// MinStrength is the warm threshold applied.
	MinStrength float64 `json:"min_strength"`
}

// BrokersBody is the answer of GET /brokers.
type BrokersBody struct {
	// Targets are the stakeholders the brokers open doors to.
	Targets []string     `json:"targets"`
	Brokers []BrokerBody `json:"brokers"`
	// Introductions are, for targets given by ?target=, each target's best
	// warm path and whom to ask on it (analysis.Path.Introducer): the same
	// person the stakeholder page and conformance name.
	Introductions []Introduction `json:"introductions,omitempty"`
	// Reason says why the list is empty when nothing could be ranked (no
	// stakeholder in the develop segment).
	Reason *analysis.Text `json:"reason,omitempty"`
}

// Introduction is whom to ask for an introduction to one target.
type Introduction struct {
	Target string `json:"target"`
	// Ask is the Introducer of the best warm path; absent when the path
	// is a direct tie or there is no warm path.
	Ask *analysis.PathNode `json:"ask,omitempty"`
	// Path is the target's best warm path; absent when there is none.
	Path *analysis.Path `json:"path,omitempty"`
}

// BrokerBody is one broker with its structural position beside its
// ranking: Burt's constraint and effective size, and its Gould–Fernandez
// brokerage roles between our organisation and the party types
// (analysis.UsVersusParty).
type BrokerBody struct {
	analysis.Broker
	Constraint    *float64                `json:"constraint,omitempty"`
	EffectiveSize *float64                `json:"effective_size,omitempty"`
	Roles         analysis.BrokerageRoles `json:"roles"`
}

// WithStructure adds the structural measures of snap to each broker,
// computed for the brokers only (analysis.StructureOf).
func WithStructure(snap *analysis.Snapshot, brokers []analysis.Broker) []BrokerBody {
	ids := make([]string, len(brokers))
	for i, b := range brokers {
		ids[i] = b.Node.ID
	}
	st := analysis.StructureOf(snap, ids, analysis.UsVersusParty)
	out := make([]BrokerBody, len(brokers))
	for i, b := range brokers {
		x := st[b.Node.ID]
		out[i] = BrokerBody{Broker: b, Constraint: x.Constraint, EffectiveSize: x.EffectiveSize, Roles: x.Roles}
	}
	return out
}

// Warm builds what the analyses and the page's first screen read — the
// snapshot, the latest matrix, the stakeholder table and the search index
// — so that the first requests after a start (or a change: KeepWarm) find
// them built; at the 20,000-person demo they take some seconds together.
// It returns the first error; a request later builds again what failed.
// A missing capability (no segments, no contact log, no analyses) is
// skipped.
func (s *Server) Warm(ctx context.Context) error {
	var snap *analysis.Snapshot
	if s.Snapshots != nil {
		var err error
		if snap, err = s.Snapshots.Snapshot(ctx); err != nil {
			return err
		}
	}
	if s.Segments != nil {
		if _, err := LoadMatrix(ctx, s.Segments, time.Time{}); err != nil {
			return err
		}
	}
	if cs, ok := s.Store.(ContactStore); ok && snap != nil && s.Segments != nil {
		if _, err := s.stakeholderTable(ctx, s.Segments, cs, snap); err != nil {
			return err
		}
	}
	_, err := s.searchIndex(ctx)
	return err
}

// snapshot returns the snapshot an analysis route answers from and sets
// the snapshot headers, or answers the error.
func (s *Server) snapshot(c *gin.Context) (*analysis.Snapshot, bool) {
	if s.Snapshots == nil {
		s.fail(c, graph.Errorf(graph.ENOTFOUND, "analyses are not available on this server"))
		return nil, false
	}
	snap, err := s.agedSnapshot(c.Request.Context(), c.Writer.Header())
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return snap, true
}

// agedSnapshot gets the snapshot of s.Snapshots and writes its version and
// age to h.
func (s *Server) agedSnapshot(ctx context.Context, h http.Header) (*analysis.Snapshot, error) {
	var age time.Duration
	var snap *analysis.Snapshot
	var err error
	if as, ok := s.Snapshots.(AgedSnapshotter); ok {
		snap, age, err = as.SnapshotAge(ctx)
	} else {
		snap, err = s.Snapshots.Snapshot(ctx)
	}
	if err != nil {
		return nil, err
	}
	h.Set(snapshotVersionHeader, strconv.FormatInt(snap.Version, 10))
	h.Set(snapshotAgeHeader, strconv.FormatFloat(age.Seconds(), 'f', 3, 64))
	return snap, nil
}

// queryInt reads an optional whole-number query parameter (0 when absent).
func queryInt(c *gin.Context, name string) (int, error) {
	v := c.Query(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, graph.Invalid(name, "%q is not a whole number", v)
	}
	return n, nil
}

// queryTypes reads the repeatable ?type= relationship types: the
// vocabulary and the derived ties (analysis.RelContacts, RelColleague).
func queryTypes(c *gin.Context) ([]graph.RelType, error) {
	var out []graph.RelType
	for _, v := range c.QueryArray("type") {
		t := graph.RelType(v)
		if !analysis.HopType(t) {
			return nil, graph.Invalid("type", "%q is not a relationship type", v)
		}
		out = append(out, t)
	}
	return out, nil
}

// queryFloat reads an optional number query parameter (0 when absent).
func queryFloat(c *gin.Context, name string) (float64, error) {
	v := c.Query(name)
	if v == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, graph.Invalid(name, "%q is not a number", v)
	}
	return f, nil
}

// getPaths answers GET /paths?to=&from=&k=&max_hops=&exclude=&via=&type=&max_degree=&min_strength=.
func (s *Server) getPaths(c *gin.Context) {
	body, _, ok := s.loadedPaths(c)
	if !ok {
		return
	}
	c.JSON(http.StatusOK, body)
}

// loadedPaths answers the path query of a request
// (?to=&from=&exclude=&via=&k=&max_hops=&max_degree=&type=&min_strength=&no_load=)
// with FindLoadedPaths, and the snapshot they come from: GET /paths lists
// them, GET /render/paths draws them, in the same order. It answers the
// request itself on an error.
func (s *Server) loadedPaths(c *gin.Context) (PathsBody, *analysis.Snapshot, bool) {
	q := analysis.PathQuery{
		To:      c.Query("to"),
		From:    splitList(c.QueryArray("from")),
		Exclude: c.QueryArray("exclude"),
		Via:     c.Query("via"),
	}
	var err error
	for name, dst := range map[string]*int{"k": &q.K, "max_hops": &q.MaxHops, "max_degree": &q.MaxDegree} {
		if *dst, err = queryInt(c, name); err != nil {
			s.fail(c, err)
			return PathsBody{}, nil, false
		}
	}
	if q.AllowTypes, err = queryTypes(c); err != nil {
		s.fail(c, err)
		return PathsBody{}, nil, false
	}
	if q.MinStrength, err = queryFloat(c, "min_strength"); err != nil {
		s.fail(c, err)
		return PathsBody{}, nil, false
	}
	snap, ok := s.snapshot(c)
	if !ok {
		return PathsBody{}, nil, false
	}
	var st SegmentStore
	if s.Segments != nil {
		st = s.Segments
	}
	set, err := LoadRules(c.Request.Context(), s.Store)
	if err != nil {
		s.fail(c, err)
		return PathsBody{}, nil, false
	}
	body, err := FindLoadedPaths(c.Request.Context(), snap, s.introLoader(), st, q, set, c.Query("no_load") == "1")
	if err != nil {
		s.fail(c, err)
		return PathsBody{}, nil, false
	}
	return body, snap, true
}

// getBrokers answers GET /brokers?target=&from=&max_hops=&limit=&party_type=&min_strength=:
// the brokers for the given targets, with whom to ask for each, or for the
// develop-segment stakeholders when no target is given (an empty develop
// segment answers an empty list with a reason).
func (s *Server) getBrokers(c *gin.Context) {
	q := analysis.BrokerQuery{
		Targets: c.QueryArray("target"),
		From:    c.QueryArray("from"),
		Exclude: c.QueryArray("exclude"),
	}
	for _, p := range c.QueryArray("party_type") {
		q.PartyTypes = append(q.PartyTypes, graph.PartyType(p))
	}
	var err error
	for name, dst := range map[string]*int{"max_hops": &q.MaxHops, "max_degree": &q.MaxDegree, "limit": &q.Limit} {
		if *dst, err = queryInt(c, name); err != nil {
			s.fail(c, err)
			return
		}
	}
	if q.AllowTypes, err = queryTypes(c); err != nil {
		s.fail(c, err)
		return
	}
	if q.MinStrength, err = queryFloat(c, "min_strength"); err != nil {
		s.fail(c, err)
		return
	}
	snap, ok := s.snapshot(c)
	if !ok {
		return
	}
	var st SegmentStore
	if len(q.Targets) == 0 {
		if st, ok = s.segmentStore(c); !ok {
			return
		}
	}
	body, err := FindBrokers(c.Request.Context(), snap, st, q)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, body)
}

// FindBrokers answers a broker query as GET /brokers does: without
// targets, the develop-segment stakeholders of st's matrix (an empty
// segment answers no brokers and a reason); with targets, also each
// target's best warm path and whom to ask on it.
func FindBrokers(ctx context.Context, snap *analysis.Snapshot, st SegmentStore, q analysis.BrokerQuery) (BrokersBody, error) {
	given := len(q.Targets) > 0
	if !given {
		m, err := LoadMatrix(ctx, st, time.Time{})
		if err != nil {
			return BrokersBody{}, err
		}
		q.Targets = analysis.RoutableTargets(snap, m, segment.Develop)
		if len(q.Targets) == 0 {
			return BrokersBody{Targets: []string{}, Brokers: []BrokerBody{}, Reason: analysis.EmptySegmentReason(m, segment.Develop)}, nil
		}
		q.Noun = analysis.DevelopTargets
	}
	brokers, err := analysis.Brokers(ctx, snap, q)
	if err != nil {
		return BrokersBody{}, err
	}
	body := BrokersBody{Targets: q.Targets, Brokers: WithStructure(snap, brokers)}
	if !given {
		return body, nil
	}
	for _, t := range q.Targets {
		res, err := analysis.FindPaths(ctx, snap, analysis.PathQuery{To: t, K: 1, From: q.From, MaxHops: q.MaxHops,
			Exclude: q.Exclude, AllowTypes: q.AllowTypes, MaxDegree: q.MaxDegree, MinStrength: q.MinStrength})
		if err != nil {
			return BrokersBody{}, err
		}
		in := Introduction{Target: t}
		if len(res.Paths) == 1 {
			p := res.Paths[0]
			in.Path = &p
			if n, ok := p.Introducer(); ok {
				in.Ask = &n
			}
		}
		body.Introductions = append(body.Introductions, in)
	}
	return body, nil
}

// CentralityBody is the answer of GET /centrality.
type CentralityBody struct {
	Metric analysis.Metric  `json:"metric"`
	Total  int              `json:"total"`
	Scores []analysis.Score `json:"scores"`
	// Estimate and Note are set when betweenness was estimated by
	// sampling (analysis.RankBy): how far the ranking can be trusted.
	Estimate *analysis.RankingEstimate `json:"estimate,omitempty"`
	Note     string                    `json:"note,omitempty"`
}

// NewCentralityBody is the page of r from offset, at most limit scores
// (0: all), with the note in lang.
func NewCentralityBody(r *analysis.Ranking, offset, limit int, lang string) CentralityBody {
	body := CentralityBody{Metric: r.Metric, Total: r.Total, Scores: []analysis.Score{}, Estimate: r.Estimate, Note: r.Note(lang)}
	if offset < len(r.Scores) {
		end := len(r.Scores)
		if limit > 0 {
			end = min(end, offset+limit)
		}
		body.Scores = r.Scores[offset:end]
	}
	return body
}

// getCentrality answers GET /centrality?metric=&offset=&limit=&estimate=&lang=:
// the nodes ranked by one measure, highest first. Betweenness on a network
// of more than analysis.ExactBetweennessNodes nodes (or with
// estimate=always) is estimated for the first offset+limit ranks, each
// with its interval.
func (s *Server) getCentrality(c *gin.Context) {
	m, err := analysis.ParseMetric(c.DefaultQuery("metric", string(analysis.MetricPageRank)))
	if err != nil {
		s.fail(c, err)
		return
	}
	est, err := analysis.ParseEstimation(c.Query("estimate"))
	if err != nil {
		s.fail(c, err)
		return
	}
	lang, err := queryLang(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	p, err := queryPage(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	snap, ok := s.snapshot(c)
	if !ok {
		return
	}
	r, err := analysis.RankBy(c.Request.Context(), snap, m, p.Offset+p.Limit, est)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, NewCentralityBody(r, p.Offset, p.Limit, lang))
}

// getCommunities answers GET /communities: Louvain communities.
func (s *Server) getCommunities(c *gin.Context) {
	snap, ok := s.snapshot(c)
	if !ok {
		return
	}
	c.JSON(http.StatusOK, analysis.Communities(snap))
}
