package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// The store-wide documents — the segment scheme, the policy table, the
// retention of contact notes — are read and replaced alike: pick finds the
// store that keeps the document (answering 404 when the store in use keeps
// none), and the store validates what it saves.

// getSetting answers GET of a document, as get reads it.
func getSetting[S, T any](s *Server, pick func(*gin.Context) (S, bool), get func(S, context.Context) (T, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		st, ok := pick(c)
		if !ok {
			return
		}
		v, err := get(st, c.Request.Context())
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, v)
	}
}

// putSetting answers PUT of a document: the body, read by decode, is saved
// with save and answered as saved. A document that describes itself
// (fmt.Stringer) says what it became in the audit entry.
func putSetting[S, T any](s *Server, pick func(*gin.Context) (S, bool), decode func([]byte) (T, error), save func(S, context.Context, T) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		st, ok := pick(c)
		if !ok {
			return
		}
		data, err := readBody(c)
		if err != nil {
			s.fail(c, err)
			return
		}
		v, err := decode(data)
		if err != nil {
			s.fail(c, err)
			return
		}
		if err := save(st, graph.WithActor(c.Request.Context(), actor(c)), v); err != nil {
			s.fail(c, err)
			return
		}
		if d, ok := any(v).(fmt.Stringer); ok {
			auditDetail(c, d.String())
		}
		c.JSON(http.StatusOK, v)
	}
}

// decodeJSON reads a body strictly (graph.DecodeJSON).
func decodeJSON[T any](data []byte) (T, error) {
	var v T
	err := graph.DecodeJSON(data, &v)
	return v, err
}

// decodeScheme reads a scheme file (segment.LoadScheme), so that errors
// name the field and the line.
func decodeScheme(data []byte) (*segment.Scheme, error) {
	return segment.LoadScheme(bytes.NewReader(data))
}
