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

func TestAuditedWrites(t *testing.T) {
	paths := map[authtest.WriteStore]string{}
	authtest.RunWrites(t, func(t *testing.T) authtest.WriteStore {
		path := filepath.Join(t.TempDir(), "relmap.db")
		s, err := sqlitestore.Open(t.Context(), path, sqlitestore.WithNow(new(storetest.Clock).Now))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		paths[s] = path
		return s
	}, func(t *testing.T, s authtest.WriteStore) {
		// A trigger refuses the broken actor's entries: a real failure
		// of the INSERT inside the write's transaction.
		if _, err := rawDB(t, paths[s]).Exec(`CREATE TRIGGER audit_broken BEFORE INSERT ON audit_log
			WHEN NEW.actor = '` + authtest.BrokenActor + `' BEGIN SELECT RAISE(ABORT, 'audit log broken'); END`); err != nil {
			t.Fatal(err)
		}
	})
}
