package sqlitestore

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/relmap/relmap/graph/storetest"
)

// openPrivacy opens a store on a new database file with a new
// storetest.Clock.
func openPrivacy(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "relmap.db"), WithNow(new(storetest.Clock).Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestPrivacyConformance(t *testing.T) {
	storetest.RunPrivacy(t, func(t *testing.T) storetest.PrivacyStore { return openPrivacy(t) })
}

// TestErasureAtomic fails an erasure after each of its steps inside its
// transaction (erasureFault) and checks that nothing of it remains.
func TestErasureAtomic(t *testing.T) {
	storetest.RunErasureAtomic(t, openPrivacy(t), func(f func(string) error) { erasureFault = f })
}
