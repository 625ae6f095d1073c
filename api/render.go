package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/render"
	"github.com/relmap/relmap/segment"
)

// renderTimeout bounds one picture; Graphviz can run for minutes on a bad
// layout, and a client should get a clear 504 instead of a hanging request.
const renderTimeout = 30 * time.Second

// getMatrixPicture answers GET /render/matrix?format=svg|png|dot&lang=&as_of=&top=:
// the segment matrix as in the seed's figure.
func (s *Server) getMatrixPicture(c *gin.Context) {
	st, ok := s.segmentStore(c)
	if !ok {
		return
	}
	format, err := render.ParseFormat(c.DefaultQuery("format", "svg"))
	if err != nil {
		s.fail(c, err)
		return
	}
	lang, err := queryLang(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	asOf, _, err := queryTime(c, "as_of")
	if err != nil {
		s.fail(c, err)
		return
	}
	opts := render.MatrixOptions{Lang: lang}
	if v := c.Query("top"); v != "" {
		if opts.TopN, err = strconv.Atoi(v); err != nil || opts.TopN < 0 {
			s.fail(c, graph.Invalid("top", "%q is not a whole number of names to print (0 = default)", v))
			return
		}
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), renderTimeout)
	defer cancel()
	m, err := LoadMatrix(ctx, st, asOf)
	if err != nil {
		s.fail(c, err)
		return
	}
	if c.Query("network") == "1" {
		if _, err := s.addNetwork(ctx, m, lang); err != nil {
			s.fail(c, err)
			return
		}
		opts.ShowNetwork = true
	}
	b, contentType, err := render.Matrix(ctx, m, opts, format)
	if err != nil {
		s.failRender(c, err)
		return
	}
	c.Data(http.StatusOK, contentType, b)
}

// failRender answers a render error; a render that ran out of time is 504.
func (s *Server) failRender(c *gin.Context, err error) {
	if errors.Is(err, context.DeadlineExceeded) {
		c.AbortWithStatusJSON(http.StatusGatewayTimeout, ErrorBody{Error: ErrorDetail{
			Code:      graph.EUNAVAILABLE,
			Message:   "the picture took too long to draw; filter it to fewer stakeholders",
			RequestID: requestID(c),
		}})
		return
	}
	s.fail(c, err)
}

// getNetworkPicture answers GET /render/network: the relationship network,
// filtered so that it stays readable.
func (s *Server) getNetworkPicture(c *gin.Context) { s.networkPicture(c, c.Query("focus")) }

// getEgoPicture answers GET /render/ego/:id: one node and its
// neighbourhood (depth, default 2).
func (s *Server) getEgoPicture(c *gin.Context) { s.networkPicture(c, c.Param("id")) }

func (s *Server) networkPicture(c *gin.Context, focus string) {
	format, err := render.ParseFormat(c.DefaultQuery("format", "svg"))
	if err != nil {
		s.fail(c, err)
		return
	}
	lang, err := queryLang(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	opts := render.NetworkOptions{Lang: lang, Focus: focus, Employee: c.Query("employee")}
	for name, dst := range map[string]*int{"depth": &opts.Depth, "top": &opts.TopN, "max_degree": &opts.MaxDegree} {
		if *dst, err = queryInt(c, name); err != nil {
			s.fail(c, err)
			return
		}
	}
	for _, v := range splitList(c.QueryArray("party_type")) {
		p := graph.PartyType(v)
		if p == "" || !p.Valid() {
			s.fail(c, graph.Invalid("party_type", "%q is not input, consumer or intermediary", v))
			return
		}
		opts.PartyTypes = append(opts.PartyTypes, p)
	}
	for _, v := range splitList(c.QueryArray("segment")) {
		seg := segment.Segment(v)
		if !seg.Valid() {
			s.fail(c, graph.Invalid("segment", "%q is not invest, develop, harvest, ignore or unassessed", v))
			return
		}
		opts.Segment = append(opts.Segment, seg)
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), renderTimeout)
	defer cancel()
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
		opts.Segments = make(map[string]segment.Segment, len(m.Rows))
		for _, r := range m.Rows {
			opts.Segments[r.Stakeholder.ID] = r.Placement.Segment
		}
	} else if len(opts.Segment) > 0 {
		s.fail(c, graph.Invalid("segment", "the store in use keeps no segments"))
		return
	}
	if v := c.Query("size"); v != "" {
		m, err := analysis.ParseMetric(v)
		if err != nil {
			s.fail(c, graph.Invalid("size", "%s", graph.ErrorMessage(err)))
			return
		}
		if opts.Size, err = analysis.Measure(ctx, snap, m); err != nil {
			s.failRender(c, err)
			return
		}
		opts.SizeName = string(m)
	}
	b, contentType, err := render.Network(ctx, snap, opts, format)
	if err != nil {
		s.failRender(c, err)
		return
	}
	c.Data(http.StatusOK, contentType, b)
}

// getPathsPicture answers GET /render/paths?to=&from=&k=&max_hops=: the warm
// paths to one target, left to right.
func (s *Server) getPathsPicture(c *gin.Context) {
	format, err := render.ParseFormat(c.DefaultQuery("format", "svg"))
	if err != nil {
		s.fail(c, err)
		return
	}
	lang, err := queryLang(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	q := analysis.PathQuery{To: c.Query("to"), From: splitList(c.QueryArray("from"))}
	for name, dst := range map[string]*int{"k": &q.K, "max_hops": &q.MaxHops} {
		if *dst, err = queryInt(c, name); err != nil {
			s.fail(c, err)
			return
		}
	}
	snap, ok := s.snapshot(c)
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), renderTimeout)
	defer cancel()
	paths, err := analysis.WarmPaths(ctx, snap, q)
	if err != nil {
		s.fail(c, err)
		return
	}
	b, contentType, err := render.Paths(ctx, paths, lang, format)
	if err != nil {
		s.failRender(c, err)
		return
	}
	c.Data(http.StatusOK, contentType, b)
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
