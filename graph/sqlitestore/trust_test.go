package sqlitestore_test

import (
	"path/filepath"
	"testing"

	"github.com/relmap/relmap/auth/authtest"
	"github.com/relmap/relmap/graph/sqlitestore"
	"github.com/relmap/relmap/graph/storetest"
)

func TestTrust(t *testing.T) {
	authtest.Run(t, func(t *testing.T) authtest.Store {
		s, err := sqlitestore.Open(t.Context(), filepath.Join(t.TempDir(), "relmap.db"), sqlitestore.WithNow(new(storetest.Clock).Now))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}
