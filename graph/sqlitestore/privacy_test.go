package sqlitestore

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
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

// TestErasureLeavesNoBytes: after an erasure, nothing of the person — id,
// name, e-mail, profile, the note of their contact — is left in the bytes
// of the database file or its write-ahead log, although earlier versions
// of their record were written to both (secure_delete zeroes what is
// deleted, the erasure checkpoints and truncates the log) and the audit
// log named them (pseudonymised).
func TestErasureLeavesNoBytes(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "relmap.db")
	s, err := Open(ctx, path, WithNow(new(storetest.Clock).Now))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	b := &graph.Batch{
		Employees: []*graph.Employee{{ID: "emp-anna", Name: "Anna Jansen", Role: graph.RoleAccountManager}},
		Persons: []*graph.Person{
			{ID: "li-jan-de-vries-3f9a", Name: "Jan de Vries", Email: "jan.devries@example.org", LinkedInURL: "https://www.linkedin.com/in/jan-de-vries-3f9a/"},
			{ID: "per-dirk", Name: "Dirk Bakker"},
		},
		Relationships: []*graph.Relationship{
			{Type: graph.RelKnows, From: "emp-anna", To: "li-jan-de-vries-3f9a", Strength: 0.8},
			{Type: graph.RelKnows, From: "li-jan-de-vries-3f9a", To: "per-dirk", Strength: 0.5},
		},
		Contacts: []*graph.Contact{{Date: time.Date(2025, 11, 3, 0, 0, 0, 0, time.UTC), EmployeeID: "emp-anna",
			StakeholderID: "li-jan-de-vries-3f9a", Mode: graph.ModeMeeting, Note: "spoke about the Zilverfonds grant"}},
	}
	audited := func(target string) context.Context {
		return auth.WithAudit(ctx, &auth.AuditEntry{At: storetest.ClockStart, Actor: "anna", Action: "PATCH", Target: target, Status: 200})
	}
	if _, err := s.Upsert(audited("li-jan-de-vries-3f9a"), b, graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	// Some versions of the record in the file, some only in the log.
	if _, err := s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"Wethouder Zorg", "Directeur Zilverfonds"} {
		if _, err := s.UpdatePerson(audited("li-jan-de-vries-3f9a"), "li-jan-de-vries-3f9a", graph.PersonUpdate{Title: &title}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.ErasePerson(audited("li-jan-de-vries-3f9a"), "li-jan-de-vries-3f9a"); err != nil {
		t.Fatal(err)
	}
	var files []byte
	for _, p := range []string{path, path + "-wal"} {
		data, err := os.ReadFile(p)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
		files = append(files, data...)
	}
	for _, trace := range []string{"li-jan-de-vries-3f9a", "Jan de Vries", "jan.devries@example.org", "linkedin.com/in/jan-de-vries",
		"Zilverfonds", "Wethouder Zorg"} {
		if bytes.Contains(files, []byte(trace)) {
			t.Errorf("the database files still hold %q", trace)
		}
	}
	// What stays is still there.
	for _, kept := range []string{"Dirk Bakker", "Anna Jansen", graph.ErasedPseudonym("li-jan-de-vries-3f9a")} {
		if !bytes.Contains(files, []byte(kept)) {
			t.Errorf("the database files lack %q", kept)
		}
	}
}
