package api

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
)

// webFiles is the web page: index.html at / and its scripts, styles and
// nothing else under /assets/. Every asset is embedded (no CDN, no build
// step), so the page works offline. The page and its assets hold no data:
// the page asks for a token and sends it with every /api call it makes.
//
// # The page
//
// It serves the two people of PAGE.md. The director sees the segment
// matrix and, beside it, the network of the stakeholders that matter
// (GET /render/reach: the most attractive invest and develop stakeholders,
// our employees and the people on the best warm paths between them), the
// develop list under them, and prints the three on two A4 pages. The
// account manager types part of a name in the search box (GET /search)
// and opens a stakeholder: whom to ask, the best warm paths as sentences
// and a picture, who of us knows them and the people at an organisation.
// Every field that takes a stakeholder searches by name. The quadrant
// tables (GET /stakeholders) hold both languages, so a language switch
// fetches only the pictures, whose words are part of their layout; on
// sign-in the page asks for one page of one table and two pictures, not
// the whole matrix (47 MB at 20,000 persons).
//
// Step 6 (regie) has its own files: regie.js asks for introductions and
// shows "what changed"; plans.js shows the director's list of access
// plans (GET /plans, what needs attention first), a plan's page, starting
// a plan and making actions from advice on a stakeholder's page and under
// the develop list, and the signed-in employee's open actions with her
// calendar feed. Its sections sit at the end of the page, reached from
// the header, so that what they load moves nothing a person is about to
// click; write controls exist only for editors and admins.
//
// The pictures stay Graphviz's, laid out on the server; the page makes
// them explorable with plain SVG and pointer events, about two hundred
// lines of app.js (Viewer): the viewBox is the camera (drag, pinch,
// Ctrl-scroll, buttons, fit), names smaller than 11 px on screen are
// hidden and a hover card names a node, hovering lights a node's ties and
// neighbours, a click opens a stakeholder and a double-click adds the
// people one tie away (GET /render/network with include= and expand=).
// A pan-and-zoom library (svg-pan-zoom, panzoom, d3-zoom) would do the
// camera in a few kilobytes less of our own code, but none of them does
// the rest — the tie lighting, the label rule, click-versus-double-click
// — and each would be a vendored dependency to keep current for code the
// page already needs around it; d3 would also re-lay out what Graphviz
// laid out. So the page has none.
//
//go:embed web/index.html web/assets
var webFiles embed.FS

// webRoutes registers the web page and its assets, which are public
// (publicRoutes), and the overview picture the page shows, which needs a
// viewer's token.
func (s *Server) webRoutes(r *gin.Engine) {
	r.GET("/", s.index)
	r.GET("/assets/*filepath", s.asset)
	r.GET("/api/v1/render/overview", need(auth.Viewer), s.getOverviewPicture)
}

// webHeaders are set on the page and its assets: they may not be framed
// by another site, sniffed into another type, or load anything from
// elsewhere (the Content-Security-Policy allows only this origin; inline
// SVG from the API is inserted as markup, not as script).
func webHeaders(c *gin.Context) {
	c.Header("Content-Security-Policy", "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Referrer-Policy", "no-referrer")
	c.Header("Cache-Control", "no-cache")
}

func (s *Server) index(c *gin.Context) {
	b, err := webFiles.ReadFile("web/index.html")
	if err != nil {
		s.fail(c, err) // a build without the page: internal
		return
	}
	webHeaders(c)
	c.Data(http.StatusOK, "text/html; charset=utf-8", b)
}

// asset answers GET /assets/*filepath from the embedded web/assets, with
// an ETag of the content so that a browser revalidates cheaply.
func (s *Server) asset(c *gin.Context) {
	name := strings.TrimPrefix(path.Clean("/"+c.Param("filepath")), "/")
	b, err := fs.ReadFile(webFiles, "web/assets/"+name)
	if err != nil || name == "" || name == "." {
		s.fail(c, graph.Errorf(graph.ENOTFOUND, "no such asset"))
		return
	}
	sum := sha256.Sum256(b)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	webHeaders(c)
	c.Header("ETag", etag)
	if c.GetHeader("If-None-Match") == etag {
		c.Status(http.StatusNotModified)
		return
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	c.Data(http.StatusOK, ct, b)
}
