package api

import (
	_ "embed"
	"net/http"

	"github.com/gin-gonic/gin"
)

// indexPage is the start page: the matrix picture in either language and
// links to the main analyses. Every asset is embedded (no CDN), so it works
// offline. The full web page (network beside matrix, path finder,
// stakeholder pages) replaces it.
//
//go:embed web/index.html
var indexPage []byte

// webRoutes registers the web page and its assets; they are public
// (publicRoutes): they hold no data.
func (s *Server) webRoutes(r *gin.Engine) {
	r.GET("/", s.index)
}

func (s *Server) index(c *gin.Context) {
	c.Data(http.StatusOK, "text/html; charset=utf-8", indexPage)
}
