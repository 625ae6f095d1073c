package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/render"
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
