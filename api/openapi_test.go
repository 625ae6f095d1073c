package api

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

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

// TestOpenAPISchemasClosed: every object schema that lists its properties
// says whether others are allowed (additionalProperties), so that the
// response validation of the tests catches a field the document does not
// know — a new part or schema cannot silently be loose.
func TestOpenAPISchemasClosed(t *testing.T) {
	var doc any
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatal(err)
	}
	var walk func(x any, path string)
	walk = func(x any, path string) {
		switch v := x.(type) {
		case map[string]any:
			if props, ok := v["properties"].(map[string]any); ok && len(props) > 0 {
				if _, ok := v["additionalProperties"]; !ok {
					t.Errorf("%s: an object schema without additionalProperties", path)
				}
			}
			for k, e := range v {
				walk(e, path+"/"+k)
			}
		case []any:
			for i, e := range v {
				walk(e, fmt.Sprintf("%s/%d", path, i))
			}
		}
	}
	walk(doc, "#")
}

// TestMergeOpenAPIRefuses: a path or component defined in two parts, a
// part with another top-level key, and a public operation that is not
// documented are errors, not silently merged.
func TestMergeOpenAPIRefuses(t *testing.T) {
	base := `{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"description":"ok"}}}}},"components":{"schemas":{"A":{"type":"string"}}}}`
	for name, part := range map[string]string{
		"duplicate path":       `{"paths":{"/a":{"post":{"responses":{"200":{"description":"ok"}}}}}}`,
		"duplicate schema":     `{"components":{"schemas":{"A":{"type":"integer"}}}}`,
		"other top-level key":  `{"info":{"title":"x"}}`,
		"undocumented public":  `{"x-relmap-public":["GET /b"]}`,
		"security given twice": `{"security":[{"bearer":[]}]}`,
	} {
		fsys := fstest.MapFS{
			"openapi/base.json": {Data: []byte(base)},
			"openapi/x.json":    {Data: []byte(part)},
		}
		if name == "security given twice" {
			fsys["openapi/y.json"] = &fstest.MapFile{Data: []byte(part)}
		}
		if _, err := mergeOpenAPI(fsys); err == nil {
			t.Errorf("%s: merged without an error", name)
		}
	}
	// A well-formed part is merged, and the secured responses reach the
	// operations of every part but the public ones.
	fsys := fstest.MapFS{
		"openapi/base.json": {Data: []byte(base)},
		"openapi/x.json": {Data: []byte(`{"paths":{"/b":{"get":{"responses":{"200":{"description":"ok"}}}}},
			"x-relmap-public":["GET /a"],"x-relmap-secured-responses":{"401":{"description":"no"}}}`)},
	}
	b, err := mergeOpenAPI(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]struct {
			Security  *[]any         `json:"security"`
			Responses map[string]any `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	a, bop := doc.Paths["/a"]["get"], doc.Paths["/b"]["get"]
	if a.Security == nil || len(*a.Security) != 0 || a.Responses["401"] != nil || bop.Responses["401"] == nil {
		t.Errorf("merged: /a %+v, /b %+v; want /a public without 401 and /b with it", a, bop)
	}
}

// TestBodyOperationsDocument415: every operation that takes a request body
// documents 415 (x-relmap-body-responses), and no other does.
func TestBodyOperationsDocument415(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]struct {
			RequestBody any            `json:"requestBody"`
			Responses   map[string]any `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatal(err)
	}
	n := 0
	for path, ops := range doc.Paths {
		for method, op := range ops {
			if method == "parameters" {
				continue
			}
			has := op.Responses["415"] != nil
			if op.RequestBody != nil {
				n++
			}
			if has != (op.RequestBody != nil) {
				t.Errorf("%s %s: request body %v, 415 documented %v", method, path, op.RequestBody != nil, has)
			}
		}
	}
	if n < 15 {
		t.Errorf("only %d operations take a body", n)
	}
}
