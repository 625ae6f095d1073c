package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/auth"
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
		if d, ok := any(v).(fmt.Stringer); ok {
			auditDetail(c, d.String())
		}
		if err := save(st, writing(c, http.StatusOK), v); err != nil {
			s.fail(c, err)
			return
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

// SchemeBody is the answer of PUT /api/v1/segments/scheme: the scheme as
// stored and what the change did to the matrix.
type SchemeBody struct {
	Scheme *segment.Scheme      `json:"scheme"`
	Change segment.SchemeChange `json:"change"`
}

// CheckScheme says what replacing the scheme of st with next does to the
// matrix (segment.CompareSchemes over the network's stakeholders and every
// assessment).
func CheckScheme(ctx context.Context, st SegmentStore, next *segment.Scheme) (segment.SchemeChange, error) {
	cur, _, nodes, as, err := loadSegmentation(ctx, st)
	if err != nil {
		return segment.SchemeChange{}, err
	}
	return segment.CompareSchemes(cur, next, nodes, as), nil
}

// SaveScheme saves next as the scheme of st, unless it leaves more
// stakeholders unassessed than the stored one and confirm is false: then
// it returns the change's Refusal (ECONFLICT naming the numbers) and saves
// nothing. It returns the change either way. PUT /segments/scheme and
// "relmap scheme -set" use it. A write between the check and the save may
// make the numbers stale; they are a warning, not a lock.
func SaveScheme(ctx context.Context, st SegmentStore, next *segment.Scheme, confirm bool) (segment.SchemeChange, error) {
	ch, err := CheckScheme(ctx, st, next)
	if err != nil {
		return ch, err
	}
	// The write stores its audit entry (auth.WithAudit): say there what
	// the change does, after what the caller said.
	if e := auth.PendingAudit(ctx); e != nil {
		e.Detail = strings.TrimPrefix(e.Detail+"; "+ch.Summary(), "; ")
	}
	if ch.Grows() && !confirm {
		return ch, ch.Refusal()
	}
	return ch, st.SaveScheme(ctx, next)
}

// putScheme answers PUT /segments/scheme?confirm=: the body is a scheme
// file (decodeScheme); a scheme that would leave more stakeholders
// unassessed is refused (409) unless confirm is true. The answer and the
// audit entry say how many stakeholders are unassessed before and after.
func (s *Server) putScheme(c *gin.Context) {
	st, ok := s.segmentStore(c)
	if !ok {
		return
	}
	confirm, err := queryBool(c, "confirm")
	if err != nil {
		s.fail(c, err)
		return
	}
	data, err := readBody(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	sc, err := decodeScheme(data)
	if err != nil {
		s.fail(c, err)
		return
	}
	auditDetail(c, fmt.Sprintf("scheme %q", sc.Name)) // SaveScheme adds what the change does
	ch, err := SaveScheme(writing(c, http.StatusOK), st, sc, confirm)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, SchemeBody{Scheme: sc, Change: ch})
}

// decodeScheme reads a scheme file (segment.LoadScheme), so that errors
// name the field and the line.
func decodeScheme(data []byte) (*segment.Scheme, error) {
	return segment.LoadScheme(bytes.NewReader(data))
}
