package api

import (
	"errors"
	"net/http"

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
// errors are logged with the request id and shown as "internal error".
func (s *Server) fail(c *gin.Context, err error) {
	code := graph.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
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
	c.AbortWithStatusJSON(status, ErrorBody{Error: body})
}
