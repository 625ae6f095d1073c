package sqlitestore_test

import (
	"testing"

	"github.com/relmap/relmap/exchange/exchangetest"
)

// TestImporter runs the segment.Importer suite: network and segmentation
// in one transaction, all or nothing.
func TestImporter(t *testing.T) {
	exchangetest.Run(t, func(t *testing.T) exchangetest.Store { return open(t, "") })
}
