package neo4jstore

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relmap/relmap/graph"
)

// captureKey is the settings key of the capture settings (a
// graph.CaptureSettings).
const captureKey = "capture"

var _ graph.CaptureSettingsStore = (*Store)(nil)

// CaptureSettings returns the stored capture settings, or
// graph.DefaultCaptureSettings when they were never set.
func (s *Store) CaptureSettings(ctx context.Context) (graph.CaptureSettings, error) {
	return inTx(ctx, s, "capture settings", neo4j.AccessModeRead, s.timeout,
		func(ctx context.Context, tx neo4j.ManagedTransaction) (graph.CaptureSettings, error) {
			c := graph.DefaultCaptureSettings()
			_, err := setting(ctx, tx, captureKey, &c)
			return c, err
		})
}

// SaveCaptureSettings normalizes and validates c and stores it.
func (s *Store) SaveCaptureSettings(ctx context.Context, c graph.CaptureSettings) error {
	c.Normalize()
	if err := c.Validate(); err != nil {
		return err
	}
	return s.saveSetting(ctx, "save capture settings", captureKey, c)
}
