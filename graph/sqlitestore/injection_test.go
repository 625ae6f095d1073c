package sqlitestore_test

import (
	"testing"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/storetest"
)

// TestInjection runs storetest.RunInjection: names, notes and ids full of
// SQL and Cypher metacharacters are values, never statements.
func TestInjection(t *testing.T) {
	storetest.RunInjection(t, func(t *testing.T) graph.Store { return open(t, "") })
}
