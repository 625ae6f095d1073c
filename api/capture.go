package api

import (
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/capture"
	"github.com/relmap/relmap/graph"
)

// captureRoutes registers the capture settings (read by viewers, set by
// admins); the capture kinds of POST /import are in postImport.
func (s *Server) captureRoutes(v1 *gin.RouterGroup) {
	v1.GET("/settings/capture", need(auth.Viewer), getSetting(s, s.captureSettings, graph.CaptureSettingsStore.CaptureSettings))
	v1.PUT("/settings/capture", need(auth.Admin), putSetting(s, s.captureSettings, decodeJSON[graph.CaptureSettings], graph.CaptureSettingsStore.SaveCaptureSettings))
}

// captureSettings picks the store's capture settings, or answers 404 when
// the store in use keeps none.
func (s *Server) captureSettings(c *gin.Context) (graph.CaptureSettingsStore, bool) {
	p, ok := s.Store.(graph.CaptureSettingsStore)
	if !ok {
		s.fail(c, graph.Errorf(graph.ENOTFOUND, "the store in use keeps no capture settings"))
	}
	return p, ok
}

// postCapture imports an uploaded calendar, mail or address-book file
// (capture.Import, streamed from the upload); the audit entry, stored with
// the write, names the file's digest, its items and what was skipped (the
// counts are in the answer).
func (s *Server) postCapture(c *gin.Context, st graph.Store, f io.Reader, kind capture.Kind, dry bool) {
	opts := capture.Options{DryRun: dry, CreateUnknown: c.Query("create_unknown") == "1" || c.Query("create_unknown") == "true", Now: s.now(),
		Read: func(r *capture.Report) { auditDetail(c, r.Summary()) }}
	rep, err := capture.Import(writing(c, http.StatusOK), st, f, kind, opts)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, ImportBody{Kind: string(kind), DryRun: dry, Result: rep.Result, Capture: rep})
}
