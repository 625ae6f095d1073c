package api

import (
	"bytes"
	"context"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// openAPIRouter loads openapi.json once, validates it as an OpenAPI 3
// document and builds a router that finds its operation for a request.
var openAPIRouter = sync.OnceValues(func() (routers.Router, error) {
	doc, err := openapi3.NewLoader().LoadFromData(openAPIDoc)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, err
	}
	return gorillamux.NewRouter(doc)
})

// TestOpenAPIDocumentValid: openapi.json loads and validates as OpenAPI 3.
func TestOpenAPIDocumentValid(t *testing.T) {
	if _, err := openAPIRouter(); err != nil {
		t.Fatal(err)
	}
}

// validated wraps h so that every response it sends to a documented
// operation is checked against openapi.json: the status must be documented,
// the content type must be one the operation lists, and a JSON or text body
// must match its schema (binary and XML-like bodies are checked for their
// content type only). A mismatch fails t. Requests are not validated: the
// tests send malformed ones on purpose.
func validated(t *testing.T, h http.Handler) http.Handler {
	t.Helper()
	router, err := openAPIRouter()
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		res := rec.Result()
		body := rec.Body.Bytes()
		for k, v := range res.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(res.StatusCode)
		w.Write(body)

		route, params, err := router.FindRoute(r)
		if err != nil {
			return // not a documented operation (an unknown path or method)
		}
		opts := &openapi3filter.Options{IncludeResponseStatus: true}
		mt, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type"))
		if !jsonOrText(mt) {
			opts.ExcludeResponseBody = true
			if resp := route.Operation.Responses.Status(res.StatusCode); resp != nil && resp.Value != nil && len(resp.Value.Content) > 0 && len(body) > 0 {
				if resp.Value.Content.Get(res.Header.Get("Content-Type")) == nil {
					t.Errorf("openapi: %s %s: status %d: content type %q is not documented", r.Method, r.URL, res.StatusCode, res.Header.Get("Content-Type"))
				}
			}
		}
		in := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{
				Request:    r,
				PathParams: params,
				Route:      route,
			},
			Status:  res.StatusCode,
			Header:  res.Header,
			Body:    io.NopCloser(bytes.NewReader(body)),
			Options: opts,
		}
		if err := openapi3filter.ValidateResponse(r.Context(), in); err != nil {
			t.Errorf("openapi: %s %s: status %d: %v\n%s", r.Method, r.URL, res.StatusCode, err, clip(body))
		}
	})
}

// jsonOrText reports whether a body of media type mt is validated against
// its schema.
func jsonOrText(mt string) bool {
	return mt == "application/json" || mt == "text/csv" || mt == "text/plain"
}

func clip(b []byte) string {
	s := string(b)
	if len(s) > 400 {
		s = s[:400] + "…"
	}
	return strings.TrimSpace(s)
}

// TestOpenAPIResponsesUntested sends, through the validating handler, the
// documented reads no other test of the package makes.
func TestOpenAPIResponsesUntested(t *testing.T) {
	h, _ := segmentServer(t)
	for _, c := range []struct {
		path string
		want int
	}{
		{"/healthz", 200},
		{"/readyz", 200},
		{"/api/openapi.json", 200},
		{"/", 200},
		{"/api/v1/employees", 200},
		{"/api/v1/employees/emp-anna", 200},
		{"/api/v1/employees/nobody", 404},
		{"/api/v1/organisations", 200},
		{"/api/v1/organisations/org-fund", 200},
		{"/api/v1/persons", 200},
		{"/api/v1/persons/per-jan", 200},
		{"/api/v1/relationships", 200},
		{"/api/v1/relationships?limit=abc", 400},
		{"/api/v1/render/network?format=svg", 200},
		{"/api/v1/export?format=gexf", 200},
	} {
		req := httptest.NewRequest("GET", c.path, nil)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != c.want {
			t.Errorf("GET %s: status %d, want %d\n%s", c.path, w.Code, c.want, clip(w.Body.Bytes()))
		}
	}
}
