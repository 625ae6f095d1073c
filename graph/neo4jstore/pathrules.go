package neo4jstore

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relmap/relmap/graph"
)

var (
	_ graph.PathRulesStore = (*Store)(nil)
	_ graph.SettingStore   = (*Store)(nil)
)

// Setting decodes the settings document stored under key into v and
// reports whether one was stored. The transaction function may be
// retried; it decodes into v again each time.
func (s *Store) Setting(ctx context.Context, key string, v any) (bool, error) {
	return inTx(ctx, s, "read setting "+key, neo4j.AccessModeRead, s.timeout,
		func(ctx context.Context, tx neo4j.ManagedTransaction) (bool, error) {
			return setting(ctx, tx, key, v)
		})
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
