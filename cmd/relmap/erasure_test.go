package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
)

// TestErasureEndToEnd: a person imported, changed, exported and then
// erased leaves no trace — not in the audit log (relmap audit), not in the
// bytes of the database file or its write-ahead log; a backup made after
// the erasure and restored into a new store keeps the stamps and the
// suppression list, so that importing the person again is refused, naming
// the line.
func TestErasureEndToEnd(t *testing.T) {
	dir := t.TempDir()
	db, restored := filepath.Join(dir, "relmap.db"), filepath.Join(dir, "restored.db")
	const slug = "li-jan-de-vries-3f9a"
	persons := writeFile(t, "persons.csv", "id,name,email,linkedin_url\n"+
		"per-dirk,Dirk Bakker,,\n"+
		slug+",Jan de Vries,jan.devries@example.org,https://www.linkedin.com/in/jan-de-vries-3f9a/\n")
	employees := writeFile(t, "employees.csv", "id,name,role\nemp-anna,Anna Jansen,account_manager\n")
	ties := writeFile(t, "relationships.csv", "type,from,to,strength\nknows,emp-anna,"+slug+",0.8\nknows,"+slug+",per-dirk,0.5\n")
	must := func(args ...string) string {
		t.Helper()
		out, errOut, err := relmap(t, args...)
		if err != nil {
			t.Fatalf("relmap %v: %v\n%s", args, err, errOut)
		}
		return out
	}
	for _, f := range []string{employees, persons, ties} {
		must("import", "-db", db, f)
	}
	must("person", "object", "-db", db, slug)
	must("person", "export", "-db", db, "-o", filepath.Join(dir, "jan.json"), slug)
	before := must("audit", "-db", db, "-json", "-limit", "100")
	if !strings.Contains(before, slug) {
		t.Fatalf("the audit log does not name %s before the erasure:\n%s", slug, before)
	}
	must("person", "erase", "-db", db, slug)

	after := must("audit", "-db", db, "-json", "-limit", "100")
	if strings.Contains(after, slug) || !strings.Contains(after, graph.ErasedPseudonym(slug)) {
		t.Errorf("the audit log after the erasure names %s, or not its pseudonym:\n%s", slug, after)
	}
	var files []byte
	for _, p := range []string{db, db + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		files = append(files, b...)
	}
	for _, trace := range []string{slug, "Jan de Vries", "jan.devries@example.org"} {
		if bytes.Contains(files, []byte(trace)) {
			t.Errorf("the database files hold %q after the erasure", trace)
		}
	}

	backup := filepath.Join(dir, "backup.json")
	must("export", "-db", db, "-o", backup)
	fi, err := os.Stat(backup)
	if err != nil {
		t.Fatal(err)
	}
	if m := fi.Mode().Perm(); m != 0o600 {
		t.Errorf("backup mode %#o, want 0600", m)
	}
	data, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte(slug)) || !bytes.Contains(data, []byte(`"suppressions"`)) {
		t.Errorf("the backup names %s or lacks the suppression list", slug)
	}
	must("import", "-db", restored, backup)

	// The stamps are those of the first store, not the restore's.
	stamps := func(path string) graph.Audit {
		t.Helper()
		st, err := sqlitestore.Open(t.Context(), path)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		p, err := st.FindPersonByID(t.Context(), "per-dirk")
		if err != nil {
			t.Fatal(err)
		}
		return p.Audit
	}
	if a, b := stamps(db), stamps(restored); a != b {
		t.Errorf("per-dirk stamped %+v after the restore, want %+v as backed up", b, a)
	}

	// The erased person comes back by no import: refused, naming line 3
	// (the header is line 1), and nothing of the file stored.
	_, errOut, err := relmap(t, "import", "-db", restored, persons)
	if err == nil || !strings.Contains(errOut, "line 3") || !strings.Contains(errOut, "was erased on") {
		t.Errorf("re-import after the restore: %v\n%s\nwant a refusal of line 3", err, errOut)
	}
	if _, errOut, err := relmap(t, "import", "-db", db, persons); err == nil || !strings.Contains(errOut, "line 3") {
		t.Errorf("re-import into the erasing store: %v\n%s", err, errOut)
	}
}
