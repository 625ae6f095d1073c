package neo4jstore

import (
	"testing"

	"github.com/relmap/relmap/graph/storetest"
)

// TestPrivacyConformance runs the privacy suite against the real server
// (RELMAP_NEO4J_URI; see store_test.go).
func TestPrivacyConformance(t *testing.T) {
	storetest.RunPrivacy(t, func(t *testing.T) storetest.PrivacyStore { return open(t) })
}

// TestErasureAtomic fails an erasure after each of its steps inside its
// transaction (erasureFault) and checks, on the real server, that the
// transaction left nothing of it.
func TestErasureAtomic(t *testing.T) {
	storetest.RunErasureAtomic(t, open(t), func(f func(string) error) { erasureFault = f })
}
