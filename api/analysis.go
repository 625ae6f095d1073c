package api

import (
	"context"
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

// PathsBody is the answer of GET /paths.
type PathsBody struct {
	Query analysis.PathQuery `json:"query"`
	Paths []analysis.Path    `json:"paths"`
}

// BrokersBody is the answer of GET /brokers.
type BrokersBody struct {
	// Targets are the stakeholders the brokers open doors to.
	Targets []string     `json:"targets"`
	Brokers []BrokerBody `json:"brokers"`
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

// WithStructure adds the structural measures of snap to each broker.
func WithStructure(snap *analysis.Snapshot, brokers []analysis.Broker) []BrokerBody {
	constraint, size := analysis.Constraint(snap), analysis.EffectiveSize(snap)
	roles := analysis.Brokerage(snap, analysis.UsVersusParty)
	out := make([]BrokerBody, len(brokers))
	for i, b := range brokers {
		out[i] = BrokerBody{Broker: b, Roles: roles[b.Node.ID]}
		if v, ok := constraint[b.Node.ID]; ok {
			out[i].Constraint = &v
		}
		if v, ok := size[b.Node.ID]; ok {
			out[i].EffectiveSize = &v
		}
	}
	return out
}

func (s *Server) snapshot(c *gin.Context) (*analysis.Snapshot, bool) {
	if s.Snapshots == nil {
		s.fail(c, graph.Errorf(graph.ENOTFOUND, "analyses are not available on this server"))
		return nil, false
	}
	snap, err := s.Snapshots.Snapshot(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return snap, true
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

// queryTypes reads the repeatable ?type= relationship types.
func queryTypes(c *gin.Context) ([]graph.RelType, error) {
	var out []graph.RelType
	for _, v := range c.QueryArray("type") {
		t := graph.RelType(v)
		if !t.Valid() {
			return nil, graph.Invalid("type", "%q is not a relationship type", v)
		}
		out = append(out, t)
	}
	return out, nil
}

// getPaths answers GET /paths?to=&from=&k=&max_hops=&exclude=&via=&type=&max_degree=.
func (s *Server) getPaths(c *gin.Context) {
	q := analysis.PathQuery{
		To:      c.Query("to"),
		From:    c.QueryArray("from"),
		Exclude: c.QueryArray("exclude"),
		Via:     c.Query("via"),
	}
	var err error
	for name, dst := range map[string]*int{"k": &q.K, "max_hops": &q.MaxHops, "max_degree": &q.MaxDegree} {
		if *dst, err = queryInt(c, name); err != nil {
			s.fail(c, err)
			return
		}
	}
	if q.AllowTypes, err = queryTypes(c); err != nil {
		s.fail(c, err)
		return
	}
	snap, ok := s.snapshot(c)
	if !ok {
		return
	}
	paths, err := analysis.WarmPaths(c.Request.Context(), snap, q)
	if err != nil {
		s.fail(c, err)
		return
	}
	if paths == nil {
		paths = []analysis.Path{}
	}
	c.JSON(http.StatusOK, PathsBody{Query: q, Paths: paths})
}

// getBrokers answers GET /brokers?target=&from=&max_hops=&limit=: the
// brokers for the given targets, or for the develop-segment stakeholders
// when no target is given.
func (s *Server) getBrokers(c *gin.Context) {
	q := analysis.BrokerQuery{
		Targets: c.QueryArray("target"),
		From:    c.QueryArray("from"),
		Exclude: c.QueryArray("exclude"),
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
	if len(q.Targets) == 0 {
		st, ok := s.segmentStore(c)
		if !ok {
			return
		}
		if q.Targets, err = DevelopTargets(c.Request.Context(), st); err != nil {
			s.fail(c, err)
			return
		}
		q.Noun = analysis.DevelopTargets
	}
	snap, ok := s.snapshot(c)
	if !ok {
		return
	}
	brokers, err := analysis.Brokers(c.Request.Context(), snap, q)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, BrokersBody{Targets: q.Targets, Brokers: WithStructure(snap, brokers)})
}

// DevelopTargets returns the ids of the stakeholders in the develop segment
// by their latest assessments: the targets we want but cannot reach yet.
func DevelopTargets(ctx context.Context, st SegmentStore) ([]string, error) {
	m, err := LoadMatrix(ctx, st, time.Time{})
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, r := range m.Rows {
		if r.Placement.Segment == segment.Develop {
			ids = append(ids, r.Stakeholder.ID)
		}
	}
	return ids, nil
}

// CentralityBody is the answer of GET /centrality.
type CentralityBody struct {
	Metric analysis.Metric  `json:"metric"`
	Total  int              `json:"total"`
	Scores []analysis.Score `json:"scores"`
}

// getCentrality answers GET /centrality?metric=&limit=: the nodes ranked by
// one measure, highest first.
func (s *Server) getCentrality(c *gin.Context) {
	m, err := analysis.ParseMetric(c.DefaultQuery("metric", string(analysis.MetricPageRank)))
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
	values, err := analysis.Measure(c.Request.Context(), snap, m)
	if err != nil {
		s.fail(c, err)
		return
	}
	ranked := analysis.Rank(snap, values)
	body := CentralityBody{Metric: m, Total: len(ranked), Scores: []analysis.Score{}}
	if p.Offset < len(ranked) {
		body.Scores = ranked[p.Offset:min(len(ranked), p.Offset+p.Limit)]
	}
	c.JSON(http.StatusOK, body)
}

// getCommunities answers GET /communities: Louvain communities.
func (s *Server) getCommunities(c *gin.Context) {
	snap, ok := s.snapshot(c)
	if !ok {
		return
	}
	c.JSON(http.StatusOK, analysis.Communities(snap))
}
