package api

import (
	"errors"
	"mime"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/graph"
)

// secureHeaders marks every answer X-Content-Type-Options: nosniff, so that
// no browser reads a JSON, CSV or DOT answer as HTML or script.
func secureHeaders(c *gin.Context) {
	c.Header("X-Content-Type-Options", "nosniff")
	c.Next()
}

// pictureCSP is the Content-Security-Policy of every picture: an SVG opened
// on its own (a tab, a download) may not run script, load anything or be
// framed; Graphviz's SVG needs only its inline styles.
const pictureCSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"

// writePicture answers a rendered picture (SVG, PNG or DOT) with its
// content type and pictureCSP.
func writePicture(c *gin.Context, b []byte, contentType string) {
	c.Header("Content-Security-Policy", pictureCSP)
	c.Data(http.StatusOK, contentType, b)
}

// noRoute answers a path the router does not know (after authentication:
// without a token it is 401, so that routes cannot be probed) with the JSON
// 404.
func (s *Server) noRoute(c *gin.Context) {
	s.fail(c, graph.Errorf(graph.ENOTFOUND, "there is no route %s", c.Request.URL.Path))
}

// noMethod answers a method that a known path does not have with the JSON
// 405; gin has set Allow to the methods it has.
func (s *Server) noMethod(c *gin.Context) {
	allow := c.Writer.Header().Get("Allow")
	c.AbortWithStatusJSON(http.StatusMethodNotAllowed, ErrorBody{Error: ErrorDetail{
		Code:      graph.EINVALID,
		Message:   c.Request.Method + " is not a method of " + c.Request.URL.Path + "; it has " + allow,
		RequestID: requestID(c),
	}})
}

// mediaTypeError is the error of a request body whose Content-Type is not
// the one the route reads; fail answers it 415.
type mediaTypeError struct {
	got, want string
}

func (e *mediaTypeError) Error() string {
	if e.got == "" {
		return "the request body has no Content-Type: send it as " + e.want
	}
	return "the request body is " + e.got + ": send it as " + e.want
}

// checkMediaType returns a *mediaTypeError unless the request's Content-Type
// is want (parameters aside; a charset, if given, must be UTF-8). A request
// without a body and without a Content-Type passes: the handler says what
// is missing.
func checkMediaType(c *gin.Context, want string) error {
	ct := c.GetHeader("Content-Type")
	if ct == "" && c.Request.ContentLength == 0 {
		return nil
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != want {
		return &mediaTypeError{got: ct, want: want}
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return &mediaTypeError{got: ct, want: want + "; charset=utf-8"}
	}
	return nil
}

// unsupportedMediaType answers err with 415 if it is a *mediaTypeError.
func unsupportedMediaType(c *gin.Context, err error) bool {
	var mt *mediaTypeError
	if !errors.As(err, &mt) {
		return false
	}
	c.AbortWithStatusJSON(http.StatusUnsupportedMediaType, ErrorBody{Error: ErrorDetail{
		Code:      graph.EINVALID,
		Message:   mt.Error(),
		Field:     "Content-Type",
		RequestID: requestID(c),
	}})
	return true
}
