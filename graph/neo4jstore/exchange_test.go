package neo4jstore

import (
	"testing"

	"github.com/relmap/relmap/exchange/exchangetest"
)

// TestImporter runs the segment.Importer suite against the real server:
// network and segmentation in one transaction, all or nothing.
func TestImporter(t *testing.T) {
	exchangetest.Run(t, func(t *testing.T) exchangetest.Store { return open(t) })
}
