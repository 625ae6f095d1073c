package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/exchange"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/render"
	"github.com/relmap/relmap/segment"
)

// renderTimeout bounds the drawing of one picture (the Graphviz layout and
// the PNG), not the reading of its data: Graphviz can run for minutes on a
// bad layout, and a client should get a clear 504 instead of a hanging
// request. render.SVG returns when the context ends, leaving the layout to
// finish in the background. Server.RenderTimeout, 30 s by default.
func (s *Server) renderTimeout() time.Duration {
	if s.RenderTimeout > 0 {
		return s.RenderTimeout
	}
	return 30 * time.Second
}

// renderContext returns the context a picture is drawn under: the
// request's, ended after the render timeout.
func (s *Server) renderContext(c *gin.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(c.Request.Context(), s.renderTimeout())
}

// getMatrixPicture answers GET /render/matrix?format=svg|png|dot&lang=&as_of=&top=&segment=&party_type=&density=&network=:
// the segment matrix as in the seed's figure, of any size (above
// render.DefaultMaxStakeholders placed stakeholders it draws their
// density), filtered by segment and party type.
func (s *Server) getMatrixPicture(c *gin.Context) {
	st, ok := s.segmentStore(c)
	if !ok {
		return
	}
	format, lang, ok := s.pictureQuery(c)
	if !ok {
		return
	}
	asOf, _, err := queryTime(c, "as_of")
	if err != nil {
		s.fail(c, err)
		return
	}
	opts := render.MatrixOptions{Lang: lang, Density: c.Query("density") == "1"}
	if v := c.Query("top"); v != "" {
		if opts.TopN, err = strconv.Atoi(v); err != nil || opts.TopN < 0 {
			s.fail(c, graph.Invalid("top", "%q is not a whole number of names to print (0 = default)", v))
			return
		}
	}
	if opts.Segments, err = querySegments(c, true); err != nil {
		s.fail(c, err)
		return
	}
	if opts.PartyTypes, err = queryPartyTypes(c); err != nil {
		s.fail(c, err)
		return
	}
	m, err := LoadMatrix(c.Request.Context(), st, asOf)
	if err != nil {
		s.fail(c, err)
		return
	}
	if c.Query("network") == "1" {
		m = m.Clone() // the cached matrix is shared: the rows get their network accessibility in a copy
		if _, err := s.addNetwork(c.Request.Context(), m, lang); err != nil {
			s.fail(c, err)
			return
		}
		opts.ShowNetwork = true
	}
	ctx, cancel := s.renderContext(c)
	defer cancel()
	b, contentType, err := render.Matrix(ctx, m, opts, format)
	if err != nil {
		s.failRender(c, err)
		return
	}
	writePicture(c, b, contentType)
}

// pictureQuery reads the ?format= (svg, png, dot; default svg) and ?lang=
// (en, nl) of a picture route, answering 400 for a bad one.
func (s *Server) pictureQuery(c *gin.Context) (render.Format, string, bool) {
	format, err := render.ParseFormat(c.DefaultQuery("format", "svg"))
	if err != nil {
		s.fail(c, err)
		return "", "", false
	}
	lang, err := queryLang(c)
	if err != nil {
		s.fail(c, err)
		return "", "", false
	}
	return format, lang, true
}

// failRender answers a render error: a picture refused for its size
// (render.ErrTooLarge) is 422 with the render's message, which names a
// filter; a picture refused because Graphviz is busy (render.ErrBusy) is
// 503 with Retry-After, the seconds the queue needs; a picture that ran
// out of time (Server.RenderTimeout) is 504; anything else goes by the
// error table.
func (s *Server) failRender(c *gin.Context, err error) {
	var busy *render.BusyError
	switch {
	case errors.As(err, &busy):
		c.Header("Retry-After", strconv.Itoa(busy.RetryAfterSeconds()))
		abortJSON(c, http.StatusServiceUnavailable, ErrorDetail{
			Code:      graph.EUNAVAILABLE,
			Message:   graph.ErrorMessage(err),
			RequestID: requestID(c),
		})
	case errors.Is(err, render.ErrTooLarge):
		abortJSON(c, http.StatusUnprocessableEntity, ErrorDetail{
			Code:      graph.EINVALID,
			Message:   graph.ErrorMessage(err),
			RequestID: requestID(c),
		})
	case errors.Is(err, context.DeadlineExceeded):
		s.logger().WarnContext(c.Request.Context(), "render timed out", "request_id", requestID(c), "path", c.FullPath(), "timeout", s.renderTimeout())
		abortJSON(c, http.StatusGatewayTimeout, ErrorDetail{
			Code: graph.EUNAVAILABLE,
			Message: fmt.Sprintf("the picture took longer than %s to draw; narrow it with a filter (segment, party type, employee, a focus node with a depth, or top)",
				s.renderTimeout()),
			RequestID: requestID(c),
		})
	default:
		s.fail(c, err)
	}
}

// getNetworkPicture answers GET /render/network: the relationship network,
// filtered so that it stays readable.
func (s *Server) getNetworkPicture(c *gin.Context) { s.networkPicture(c, c.Query("focus")) }

// getEgoPicture answers GET /render/ego/:id: one node and its
// neighbourhood (depth, default 2).
func (s *Server) getEgoPicture(c *gin.Context) { s.networkPicture(c, c.Param("id")) }

func (s *Server) networkPicture(c *gin.Context, focus string) {
	format, lang, ok := s.pictureQuery(c)
	if !ok {
		return
	}
	opts := render.NetworkOptions{Lang: lang, Focus: focus, Employee: c.Query("employee"),
		Include: splitList(c.QueryArray("include")), Expand: splitList(c.QueryArray("expand"))}
	var err error
	for name, dst := range map[string]*int{"depth": &opts.Depth, "top": &opts.TopN, "max_degree": &opts.MaxDegree} {
		if *dst, err = queryInt(c, name); err != nil {
			s.fail(c, err)
			return
		}
	}
	if opts.Aspect, err = queryFloat(c, "aspect"); err != nil {
		s.fail(c, err)
		return
	}
	if opts.PartyTypes, err = queryPartyTypes(c); err != nil {
		s.fail(c, err)
		return
	}
	if opts.Segment, err = querySegments(c, true); err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	snap, ok := s.snapshot(c)
	if !ok {
		return
	}
	if s.Segments != nil {
		m, err := LoadMatrix(ctx, s.Segments, time.Time{})
		if err != nil {
			s.fail(c, err)
			return
		}
		opts.Segments = segmentsOf(m)
	} else if len(opts.Segment) > 0 {
		s.fail(c, graph.Invalid("segment", "the store in use keeps no segments"))
		return
	}
	// The sizes count as drawing: a centrality can take long on a large
	// network.
	rctx, cancel := s.renderContext(c)
	defer cancel()
	if v := c.Query("size"); v != "" {
		m, err := analysis.ParseMetric(v)
		if err != nil {
			s.fail(c, graph.Invalid("size", "%s", graph.ErrorMessage(err)))
			return
		}
		if opts.Size, err = analysis.Measure(rctx, snap, m); err != nil {
			s.failRender(c, err)
			return
		}
		opts.SizeName = string(m)
	}
	b, contentType, err := render.Network(rctx, snap, opts, format)
	if err != nil {
		s.failRender(c, err)
		return
	}
	writePicture(c, b, contentType)
}

// querySegments reads the repeatable, comma-separated ?segment= (the four
// segments, and unassessed when allowed).
func querySegments(c *gin.Context, unassessed bool) ([]segment.Segment, error) {
	var out []segment.Segment
	for _, v := range splitList(c.QueryArray("segment")) {
		seg, _ := exchange.ParseSegment(v) // English or Dutch
		if !seg.Placed() && !(unassessed && seg == segment.Unassessed) {
			if unassessed {
				return nil, graph.Invalid("segment", "%q is not invest, develop, harvest, ignore or unassessed", v)
			}
			return nil, graph.Invalid("segment", "%q is not invest, develop, harvest or ignore", v)
		}
		out = append(out, seg)
	}
	return out, nil
}

// queryPartyTypes reads the repeatable, comma-separated ?party_type=.
func queryPartyTypes(c *gin.Context) ([]graph.PartyType, error) {
	var out []graph.PartyType
	for _, v := range splitList(c.QueryArray("party_type")) {
		p := graph.PartyType(v)
		if p == "" || !p.Valid() {
			return nil, graph.Invalid("party_type", "%q is not input, consumer or intermediary", v)
		}
		out = append(out, p)
	}
	return out, nil
}

// segmentsOf maps each stakeholder of m to its segment, the colour of
// every picture.
func segmentsOf(m *segment.Matrix) map[string]segment.Segment {
	out := make(map[string]segment.Segment, m.Len())
	for _, r := range m.All() {
		out[r.Stakeholder.ID] = r.Placement.Segment
	}
	return out
}

// colours returns the segments (from the matrix by the latest
// assessments; nil when the store keeps none) and party types (from the
// snapshot) that colour and outline a picture's stakeholders.
func (s *Server) colours(ctx context.Context, snap *analysis.Snapshot) (map[string]segment.Segment, map[string]graph.PartyType, error) {
	parties := make(map[string]graph.PartyType, len(snap.Nodes))
	for _, n := range snap.Nodes {
		if n.PartyType != "" {
			parties[n.ID] = n.PartyType
		}
	}
	if s.Segments == nil {
		return nil, parties, nil
	}
	m, err := LoadMatrix(ctx, s.Segments, time.Time{})
	if err != nil {
		return nil, nil, err
	}
	return segmentsOf(m), parties, nil
}

// getPathsPicture answers GET /render/paths?to=&from=&k=&max_hops=&no_load=
// (and GET /paths's other filters): the warm paths to one target, left to
// right, those GET /paths lists in its order.
func (s *Server) getPathsPicture(c *gin.Context) {
	format, lang, ok := s.pictureQuery(c)
	if !ok {
		return
	}
	// The paths GET /paths lists, in its order (the load of the
	// introducers re-ranks them), so that the page's list and picture
	// number them alike.
	body, snap, ok := s.loadedPaths(c)
	if !ok {
		return
	}
	paths := make([]analysis.Path, len(body.Paths))
	for i, p := range body.Paths {
		paths[i] = p.Path
	}
	var err error
	opts := render.PathsOptions{Lang: lang}
	if opts.Segments, opts.PartyTypes, err = s.colours(c.Request.Context(), snap); err != nil {
		s.fail(c, err)
		return
	}
	ctx, cancel := s.renderContext(c)
	defer cancel()
	b, contentType, err := render.Paths(ctx, paths, opts, format)
	if err != nil {
		s.failRender(c, err)
		return
	}
	writePicture(c, b, contentType)
}

// Defaults of the reach picture (GET /render/reach).
const (
	// DefaultReachTop is how many of each segment's most attractive
	// stakeholders the reach picture draws when ?top= is not given.
	DefaultReachTop = 10
)

// DefaultReachSegments are the segments whose stakeholders the reach
// picture draws when ?segment= is not given: the two that matter most,
// invest and develop.
var DefaultReachSegments = []segment.Segment{segment.Invest, segment.Develop}

// getReachPicture answers GET /render/reach?format=&lang=&segment=&party_type=&top=&k=&max_hops=&from=:
// the page's default network — the most attractive stakeholders of the
// segments (invest and develop unless ?segment= says otherwise), our
// employees, and the people on the k best warm paths between them
// (render.Reach).
func (s *Server) getReachPicture(c *gin.Context) {
	format, lang, ok := s.pictureQuery(c)
	if !ok {
		return
	}
	var top, k, maxHops int
	var err error
	for name, dst := range map[string]*int{"top": &top, "k": &k, "max_hops": &maxHops} {
		if *dst, err = queryInt(c, name); err != nil {
			s.fail(c, err)
			return
		}
	}
	if top == 0 {
		top = DefaultReachTop
	}
	if k == 0 {
		k = 1
	}
	segs, err := querySegments(c, false)
	if err != nil {
		s.fail(c, err)
		return
	}
	if len(segs) == 0 {
		segs = DefaultReachSegments
	}
	switch {
	case top < 0 || top*len(segs) > render.MaxReachTargets:
		s.fail(c, graph.Invalid("top", "%d stakeholders of %d segments is not in 1…%d", top, len(segs), render.MaxReachTargets))
		return
	case k < 0 || k > analysis.MaxK:
		s.fail(c, graph.Invalid("k", "must be between 1 and %d", analysis.MaxK))
		return
	}
	parties, err := queryPartyTypes(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	st, ok := s.segmentStore(c)
	if !ok {
		return
	}
	snap, ok := s.snapshot(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	m, err := LoadMatrix(ctx, st, time.Time{})
	if err != nil {
		s.fail(c, err)
		return
	}
	in := render.ReachInput{Paths: map[string][]analysis.Path{}, Segments: segmentsOf(m)}
	if _, in.PartyTypes, err = s.colours(ctx, snap); err != nil {
		s.fail(c, err)
		return
	}
	from := splitList(c.QueryArray("from"))
	rows := render.MostAttractive(m, segs, parties, top)
	for _, sg := range segs {
		for _, r := range rows[sg] {
			t := r.Stakeholder
			in.Targets = append(in.Targets, analysis.PathNode{ID: t.ID, Name: t.Name, Kind: t.Kind})
			if _, ok := snap.Index(t.ID); !ok {
				continue // a row whose stakeholder is not in the analyses (a person who objected)
			}
			if in.Paths[t.ID], err = analysis.WarmPaths(ctx, snap, analysis.PathQuery{To: t.ID, K: k, MaxHops: maxHops, From: from}); err != nil {
				s.fail(c, err)
				return
			}
		}
	}
	rctx, cancel := s.renderContext(c)
	defer cancel()
	b, contentType, err := render.Reach(rctx, in, render.ReachOptions{Lang: lang}, format)
	if err != nil {
		s.failRender(c, err)
		return
	}
	writePicture(c, b, contentType)
}

// splitList flattens repeated and comma-separated query values.
func splitList(vs []string) []string {
	var out []string
	for _, v := range vs {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// DefaultOverviewK is the number of warm paths per stakeholder the overview
// draws when ?k= is not given.
const DefaultOverviewK = 1

// getOverviewPicture answers GET /render/overview?format=&lang=&top=&segment=&k=&max_hops=:
// the segment matrix with, beside it, the employees and intermediaries who
// reach its stakeholders, coloured by policy conformance
// (render.Overview). The data: the matrix by the latest assessments, the
// conformance advice as GET /conformance gives it, the k best warm paths
// to each drawn stakeholder, and the brokers of the drawn develop
// stakeholders.
func (s *Server) getOverviewPicture(c *gin.Context) {
	format, lang, ok := s.pictureQuery(c)
	if !ok {
		return
	}
	opts := render.OverviewOptions{Lang: lang}
	var err error
	var k, maxHops int
	for name, dst := range map[string]*int{"top": &opts.PerQuadrant, "k": &k, "max_hops": &maxHops} {
		if *dst, err = queryInt(c, name); err != nil {
			s.fail(c, err)
			return
		}
	}
	if k == 0 {
		k = DefaultOverviewK
	}
	if opts.Segments, err = querySegments(c, false); err != nil {
		s.fail(c, err)
		return
	}
	st, cs, snap, ok := s.policyInputs(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	in, err := loadOverview(ctx, st, cs, snap, s.now(), opts, k, maxHops)
	if err != nil {
		s.failRender(c, err)
		return
	}
	rctx, cancel := s.renderContext(c)
	defer cancel()
	b, contentType, err := render.Overview(rctx, in, opts, format)
	if err != nil {
		s.failRender(c, err)
		return
	}
	writePicture(c, b, contentType)
}

// loadOverview gathers the overview picture's input: the matrix by the
// latest assessments, the conformance advice as of now (LoadConformance),
// the k best warm paths (at most maxHops ties; 0 means the default) to each
// stakeholder the picture draws (render.OverviewTargets), and the brokers
// of the drawn develop stakeholders.
func loadOverview(ctx context.Context, st SegmentStore, cs contactFinder, snap *analysis.Snapshot, now time.Time,
	opts render.OverviewOptions, k, maxHops int) (render.OverviewInput, error) {
	m, err := LoadMatrix(ctx, st, time.Time{})
	if err != nil {
		return render.OverviewInput{}, err
	}
	targets, err := render.OverviewTargets(m, opts)
	if err != nil {
		return render.OverviewInput{}, err
	}
	advice, _, err := LoadConformance(ctx, st, cs, snap, now)
	if err != nil {
		return render.OverviewInput{}, err
	}
	in := render.OverviewInput{Matrix: m, Advice: advice, Paths: make(map[string][]analysis.Path, len(targets))}
	develop := map[string]bool{}
	for _, r := range m.All() {
		if r.Placement.Segment == segment.Develop {
			develop[r.Stakeholder.ID] = true
		}
	}
	var developTargets []string
	for _, id := range targets {
		if _, ok := snap.Index(id); !ok {
			continue // a row whose stakeholder left the network: no paths
		}
		if in.Paths[id], err = analysis.WarmPaths(ctx, snap, analysis.PathQuery{To: id, K: k, MaxHops: maxHops}); err != nil {
			return render.OverviewInput{}, err
		}
		if develop[id] {
			developTargets = append(developTargets, id)
		}
	}
	if len(developTargets) > 0 {
		in.Brokers, err = analysis.Brokers(ctx, snap, analysis.BrokerQuery{Targets: developTargets, MaxHops: maxHops, Noun: analysis.DevelopTargets})
		if err != nil {
			return render.OverviewInput{}, err
		}
	}
	return in, nil
}
