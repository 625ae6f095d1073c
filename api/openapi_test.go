package api

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

// TestOpenAPIMatchesRoutes: every gin route is in the OpenAPI document with
// its method, and every documented operation is a route.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi = %q, want 3.x", doc.OpenAPI)
	}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	(&Server{}).routes(r)
	param := regexp.MustCompile(`:(\w+)`)
	var routes, documented []string
	for _, rt := range r.Routes() {
		routes = append(routes, rt.Method+" "+param.ReplaceAllString(rt.Path, "{$1}"))
	}
	for path, ops := range doc.Paths {
		for method := range ops {
			if method == "parameters" {
				continue
			}
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	slices.Sort(routes)
	slices.Sort(documented)
	for _, x := range routes {
		if !slices.Contains(documented, x) {
			t.Errorf("route %s is not in openapi.json", x)
		}
	}
	for _, x := range documented {
		if !slices.Contains(routes, x) {
			t.Errorf("openapi.json documents %s, which is not a route", x)
		}
	}
}
