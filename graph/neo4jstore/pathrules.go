package neo4jstore

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relmap/relmap/graph"
)

// pathRulesKey is the settings key of the path rules (a graph.PathRules).
const pathRulesKey = "path_rules"

var _ graph.PathRulesStore = (*Store)(nil)

// PathRules returns the stored path rules, or graph.DefaultPathRules when
// they were never set.
func (s *Store) PathRules(ctx context.Context) (graph.PathRules, error) {
	return inTx(ctx, s, "path rules", neo4j.AccessModeRead, s.timeout,
		func(ctx context.Context, tx neo4j.ManagedTransaction) (graph.PathRules, error) {
			r := graph.DefaultPathRules()
			_, err := setting(ctx, tx, pathRulesKey, &r)
			return r, err
		})
}

// SavePathRules validates r and stores it; a change moves the version.
func (s *Store) SavePathRules(ctx context.Context, r graph.PathRules) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return s.saveSetting(ctx, "save path rules", pathRulesKey, r)
}
