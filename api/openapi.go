package api

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
)

// The OpenAPI 3 document is kept in parts, one per area of the API, under
// openapi/: base.json holds the info, the shared schemas and the core
// routes; every other file adds its "paths" and "components" (schemas,
// parameters, responses, securitySchemes). They are merged once, at start,
// into openAPIDoc; a path or component defined twice is a bug and panics.
// openapi_test.go checks that the merged document and the router list the
// same routes, and every test response is validated against it.
//
//go:embed openapi/*.json
var openAPIParts embed.FS

// Two extensions of a part apply to the whole merged document, so that
// what holds for every route is written once:
//
//	"x-relmap-public": ["GET /healthz", …]  operations that need no token:
//	    their "security" becomes [] (auth_test checks the list against
//	    publicRoutes)
//	"x-relmap-secured-responses": {"401": …}  responses added to every
//	    other operation (authentication, role, rate limit)
//	"x-relmap-body-responses": {"415": …}  responses added to every
//	    operation that takes a request body (its media type)
//
// A part may also give the top-level "security" (once).

// openAPIDoc is the merged OpenAPI document served at /api/openapi.json.
var openAPIDoc = mustMergeOpenAPI(openAPIParts)

func mustMergeOpenAPI(fsys fs.FS) []byte {
	b, err := mergeOpenAPI(fsys)
	if err != nil {
		panic("api: openapi: " + err.Error())
	}
	return b
}

// mergeOpenAPI merges openapi/base.json with the other parts in name order.
func mergeOpenAPI(fsys fs.FS) ([]byte, error) {
	names, err := fs.Glob(fsys, "openapi/*.json")
	if err != nil {
		return nil, err
	}
	// base.json first, then the rest sorted, so that the result does not
	// depend on which part is named what.
	slices.SortFunc(names, func(a, b string) int {
		switch {
		case a == b:
			return 0
		case a == "openapi/base.json":
			return -1
		case b == "openapi/base.json":
			return 1
		case a < b:
			return -1
		}
		return 1
	})
	var doc map[string]any
	var public []any
	var secured, bodied map[string]any
	for _, name := range names {
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var part map[string]any
		if err := json.Unmarshal(raw, &part); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if doc == nil {
			doc = part
			continue
		}
		for key, v := range part {
			switch key {
			case "paths":
				if err := mergeKeys(doc, "paths", v, name); err != nil {
					return nil, err
				}
			case "components":
				comps, _ := v.(map[string]any)
				if doc["components"] == nil {
					doc["components"] = map[string]any{}
				}
				dc := doc["components"].(map[string]any)
				for kind, defs := range comps {
					if err := mergeKeys(dc, kind, defs, name); err != nil {
						return nil, err
					}
				}
			case "security":
				if _, dup := doc["security"]; dup {
					return nil, fmt.Errorf("%s: security is already defined", name)
				}
				doc["security"] = v
			case "x-relmap-public":
				public, _ = v.([]any)
			case "x-relmap-secured-responses":
				secured, _ = v.(map[string]any)
			case "x-relmap-body-responses":
				bodied, _ = v.(map[string]any)
			case "tags":
				tags, _ := doc["tags"].([]any)
				more, _ := v.([]any)
				doc["tags"] = append(tags, more...)
			default:
				return nil, fmt.Errorf("%s: a part may only add paths, components and tags, not %q", name, key)
			}
		}
	}
	if err := applyAccess(doc, public, secured, bodied); err != nil {
		return nil, err
	}
	return json.MarshalIndent(doc, "", "  ")
}

// applyAccess marks the public operations and adds the secured responses to
// every other operation, and the body responses to every operation with a
// request body (without replacing a response it documents).
func applyAccess(doc map[string]any, public []any, secured, bodied map[string]any) error {
	isPublic := map[string]bool{}
	for _, p := range public {
		isPublic[fmt.Sprint(p)] = true
	}
	paths, _ := doc["paths"].(map[string]any)
	for path, item := range paths {
		ops, _ := item.(map[string]any)
		for method, op := range ops {
			o, ok := op.(map[string]any)
			if !ok || method == "parameters" {
				continue
			}
			key := strings.ToUpper(method) + " " + path
			if isPublic[key] {
				o["security"] = []any{}
				delete(isPublic, key)
				continue
			}
			resp, _ := o["responses"].(map[string]any)
			if resp == nil {
				return fmt.Errorf("%s has no responses", key)
			}
			add := map[string]any{}
			maps.Copy(add, secured)
			if _, ok := o["requestBody"]; ok {
				maps.Copy(add, bodied)
			}
			for status, r := range add {
				if _, ok := resp[status]; !ok {
					resp[status] = r
				}
			}
		}
	}
	for key := range isPublic {
		return fmt.Errorf("x-relmap-public names %s, which is not documented", key)
	}
	return nil
}

// mergeKeys adds the keys of src to dst[field], refusing a key both have.
func mergeKeys(dst map[string]any, field string, src any, part string) error {
	add, ok := src.(map[string]any)
	if !ok {
		return fmt.Errorf("%s: %s is not an object", part, field)
	}
	have, _ := dst[field].(map[string]any)
	if have == nil {
		have = map[string]any{}
		dst[field] = have
	}
	for k, v := range add {
		if _, dup := have[k]; dup {
			return fmt.Errorf("%s: %s %q is already defined", part, field, k)
		}
		have[k] = v
	}
	return nil
}

func (s *Server) openAPI(c *gin.Context) {
	c.Data(200, "application/json", openAPIDoc)
}
