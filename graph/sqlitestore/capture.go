package sqlitestore

import (
	"context"
	"database/sql"

	"github.com/relmap/relmap/graph"
)

// captureKey is the settings key of the capture settings (a
// graph.CaptureSettings).
const captureKey = "capture"

var _ graph.CaptureSettingsStore = (*Store)(nil)

// CaptureSettings returns the stored capture settings, or
// graph.DefaultCaptureSettings when they were never set.
func (s *Store) CaptureSettings(ctx context.Context) (graph.CaptureSettings, error) {
	c := graph.DefaultCaptureSettings()
	err := s.inRead(ctx, "capture settings", func(tx *sql.Tx) error {
		_, err := setting(ctx, tx, captureKey, &c)
		return err
	})
	return c, err
}

// SaveCaptureSettings normalizes and validates c and stores it.
func (s *Store) SaveCaptureSettings(ctx context.Context, c graph.CaptureSettings) error {
	c.Normalize()
	if err := c.Validate(); err != nil {
		return err
	}
	return s.saveSetting(ctx, "save capture settings", captureKey, c)
}
