package api

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/graph"
)

// statusOf is the one table from graph error codes to HTTP statuses.
var statusOf = map[string]int{
	graph.ECONFLICT:     http.StatusConflict,
	graph.EINVALID:      http.StatusBadRequest,
	graph.ENOTFOUND:     http.StatusNotFound,
	graph.EUNAVAILABLE:  http.StatusServiceUnavailable,
	graph.EUNAUTHORIZED: http.StatusUnauthorized,
	graph.EFORBIDDEN:    http.StatusForbidden,
	graph.EINTERNAL:     http.StatusInternalServerError,
}

// ErrorBody is the JSON shape of every error response.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail carries a graph error code, a message safe for users and,
// for input errors, the fields at fault.
type ErrorDetail struct {
	Code      string        `json:"code"`
	Message   string        `json:"message"`
	Field     string        `json:"field,omitempty"`
	Problems  []ProblemBody `json:"problems,omitempty"`
	RequestID string        `json:"request_id,omitempty"`
}

// ProblemBody is one input problem in a list of them.
type ProblemBody struct {
	Item    string `json:"item,omitempty"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// fail writes err as a JSON error with the status of its code. Internal
// errors are logged with the request id and shown as "internal error"
// (graph.ErrorMessage never shows a wrapped driver, SQL or Go error); they
// and unavailable ones are counted as store errors in /metrics. A request
// whose body went past the server's limit (limitBody) answers 413, whatever
// the handler made of the cut-off body; a body of the wrong media type
// (checkMediaType) 415.
func (s *Server) fail(c *gin.Context, err error) {
	if b, ok := c.Get(limitedBodyKey); ok && b.(*limitedBody).over {
		s.tooLarge(c, b.(*limitedBody).limit)
		return
	}
	if unsupportedMediaType(c, err) {
		return
	}
	code := graph.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if code == graph.EINTERNAL || code == graph.EUNAVAILABLE {
		s.hard().countStoreError(code)
	}
	body := ErrorDetail{Code: code, Message: graph.ErrorMessage(err), RequestID: requestID(c)}
	var ge *graph.Error
	var es graph.Errors
	switch {
	case errors.As(err, &es):
		body.Message = "the input has errors"
		for _, e := range es {
			body.Problems = append(body.Problems, ProblemBody{Item: e.Item, Field: e.Field, Message: e.Message})
		}
	case errors.As(err, &ge):
		body.Field = ge.Field
	}
	if code == graph.EINTERNAL || code == graph.EUNAVAILABLE {
		s.logger().ErrorContext(c.Request.Context(), "request failed", "request_id", body.RequestID, "path", c.FullPath(), "err", err)
	}
	abortJSON(c, status, body)
}

const limitedBodyKey = "relmap.body"

// limitBody bounds the request body to limit bytes. A request that declares
// a longer body (Content-Length) is answered 413 at once and aborted; a
// body that runs past the limit while it is read (chunked) makes the
// handler's error answer 413 (fail). Server.bodyLimit calls it.
func (s *Server) limitBody(c *gin.Context, limit int64) {
	if c.Request.ContentLength > limit {
		s.tooLarge(c, limit)
		return
	}
	b := &limitedBody{ReadCloser: http.MaxBytesReader(c.Writer, c.Request.Body, limit), limit: limit}
	c.Request.Body = b
	c.Set(limitedBodyKey, b)
}

// limitedBody notes that a read went past the limit.
type limitedBody struct {
	io.ReadCloser
	limit int64
	over  bool
}

func (b *limitedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		b.over = true
	}
	return n, err
}

// tooLarge answers 413 with the JSON error body. The connection is closed
// after the answer: the rest of the body is not read.
func (s *Server) tooLarge(c *gin.Context, limit int64) {
	c.Header("Connection", "close")
	abortJSON(c, http.StatusRequestEntityTooLarge, ErrorDetail{
		Code:      graph.EINVALID,
		Message:   "the request body is larger than the limit of " + strconv.FormatInt(limit, 10) + " bytes",
		RequestID: requestID(c),
	})
}
