package sqlitestore

import (
	"context"
	"database/sql"

	"github.com/relmap/relmap/graph"
)

var (
	_ graph.PathRulesStore = (*Store)(nil)
	_ graph.SettingStore   = (*Store)(nil)
)

// Setting decodes the settings document stored under key into v and
// reports whether one was stored.
func (s *Store) Setting(ctx context.Context, key string, v any) (bool, error) {
	var found bool
	err := s.inRead(ctx, "read setting "+key, func(tx *sql.Tx) error {
		var err error
		found, err = setting(ctx, tx, key, v)
		return err
	})
	return found, err
}

// SaveSetting stores v under key; a change moves the version.
func (s *Store) SaveSetting(ctx context.Context, key string, v any) error {
	return s.saveSetting(ctx, "save setting "+key, key, v)
}

// PathRules returns the stored path rules, or graph.DefaultPathRules when
// they were never set.
func (s *Store) PathRules(ctx context.Context) (graph.PathRules, error) {
	return graph.PathRulesSetting.Get(ctx, s)
}

// SavePathRules validates r and stores it; a change moves the version.
func (s *Store) SavePathRules(ctx context.Context, r graph.PathRules) error {
	return graph.PathRulesSetting.Save(ctx, s, r)
}
