package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// PrivacyStore is what the routes about one person's data need of a store
// (both graph stores implement it; found by a type assertion on Store).
type PrivacyStore = graph.PrivacyStore[*segment.Assessment]

// privacyRoutes registers the routes about one person's data (GDPR): the
// export of everything held about them (admin, audited), their erasure
// (admin; the audit entry says what was erased), and the retention of
// contact notes (read by viewers, set by admins). An objection is a field
// of the person (PATCH /persons/:id with objects, objected_at).
func (s *Server) privacyRoutes(v1 *gin.RouterGroup) {
	admin := need(auth.Admin)
	v1.GET("/persons/:id/export", admin, s.getPersonExport)
	v1.POST("/persons/:id/erasure", admin, s.postPersonErasure)
	v1.GET("/settings/retention", need(auth.Viewer), getSetting(s, s.privacy, PrivacyStore.Retention))
	v1.PUT("/settings/retention", admin, putSetting(s, s.privacy, decodeJSON[graph.Retention], PrivacyStore.SaveRetention))
	settingRoutes(s, v1, "/settings/paths", graph.PathRulesSetting)
	settingRoutes(s, v1, "/settings/load", analysis.LoadRulesSetting)
}

// settingRoutes registers GET (viewers) and PUT (admins) of the settings
// document d at path.
func settingRoutes[T graph.Rules](s *Server, v1 *gin.RouterGroup, path string, d graph.Setting[T]) {
	v1.GET(path, need(auth.Viewer), getSetting(s, s.settings(d.Name), func(st graph.SettingStore, ctx context.Context) (T, error) {
		return d.Get(ctx, st)
	}))
	v1.PUT(path, need(auth.Admin), putSetting(s, s.settings(d.Name), decodeJSON[T], func(st graph.SettingStore, ctx context.Context, v T) error {
		return d.Save(ctx, st, v)
	}))
}

// settings picks the store's settings (graph.SettingStore), or answers
// 404 naming the document when the store in use keeps none.
func (s *Server) settings(name string) func(*gin.Context) (graph.SettingStore, bool) {
	return func(c *gin.Context) (graph.SettingStore, bool) {
		p, ok := s.Store.(graph.SettingStore)
		if !ok {
			s.fail(c, graph.Errorf(graph.ENOTFOUND, "the store in use keeps no %s", name))
		}
		return p, ok
	}
}

func (s *Server) privacy(c *gin.Context) (PrivacyStore, bool) {
	p, ok := s.Store.(PrivacyStore)
	if !ok {
		s.fail(c, graph.Errorf(graph.ENOTFOUND, "the store in use keeps no personal data controls"))
	}
	return p, ok
}

func (s *Server) getPersonExport(c *gin.Context) {
	p, ok := s.privacy(c)
	if !ok {
		return
	}
	x, err := p.ExportPerson(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="person-export.json"`)
	c.JSON(http.StatusOK, x)
}

func (s *Server) postPersonErasure(c *gin.Context) {
	p, ok := s.privacy(c)
	if !ok {
		return
	}
	// The store gives the audit entry its detail (graph.Erasure.Summary).
	e, err := p.ErasePerson(writing(c, http.StatusOK), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, e)
}
