package sqlitestore

import (
	"context"
	"database/sql"

	"github.com/relmap/relmap/graph"
)

// pathRulesKey is the settings key of the path rules (a graph.PathRules).
const pathRulesKey = "path_rules"

var _ graph.PathRulesStore = (*Store)(nil)

// PathRules returns the stored path rules, or graph.DefaultPathRules when
// they were never set.
func (s *Store) PathRules(ctx context.Context) (graph.PathRules, error) {
	r := graph.DefaultPathRules()
	err := s.inRead(ctx, "path rules", func(tx *sql.Tx) error {
		_, err := setting(ctx, tx, pathRulesKey, &r)
		return err
	})
	return r, err
}

// SavePathRules validates r and stores it; a change moves the version.
func (s *Store) SavePathRules(ctx context.Context, r graph.PathRules) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return s.saveSetting(ctx, "save path rules", pathRulesKey, r)
}
