package api

import (
	_ "embed"

	"github.com/gin-gonic/gin"
)

// openAPIDoc is the OpenAPI 3 document of every route; openapi_test.go
// checks that it and the router list the same routes.
//
//go:embed openapi.json
var openAPIDoc []byte

func (s *Server) openAPI(c *gin.Context) {
	c.Data(200, "application/json", openAPIDoc)
}
