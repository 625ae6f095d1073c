package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCaptureCommands: the examples' people, the capture settings set from
// a file, the example mbox captured (3 contacts by hand: see
// capture.TestMail) with its unknown address listed, the audit entry with
// the digest, and a second import that changes nothing.
func TestCaptureCommands(t *testing.T) {
	ctx := t.Context()
	db := filepath.Join(t.TempDir(), "relmap.db")
	do := func(args ...string) string {
		t.Helper()
		var out strings.Builder
		if err := run(ctx, append(args[:1:1], append([]string{"-db", db}, args[1:]...)...), env(nil), &out, io.Discard); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		return out.String()
	}
	for _, f := range []string{"employees", "organisations", "persons"} {
		do("import", "../../examples/"+f+".csv")
	}
	settings := filepath.Join(t.TempDir(), "capture.json")
	if err := os.WriteFile(settings, []byte(`{"internal_domains": ["EXAMPLE.org"], "max_participants": 25}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := do("capture-settings", "-set", settings); !strings.Contains(out, `"example.org"`) {
		t.Fatalf("capture-settings -set: %s", out)
	}
	out := do("import", "-kind", "mbox", "../../examples/mail.mbox")
	if !strings.Contains(out, "contacts: 3 created") || !strings.Contains(out, `unknown: p.peeters@zorgbelang.example "Petra Peeters": 1×`) {
		t.Fatalf("import mbox:\n%s", out)
	}
	if out := do("audit", "-json"); !strings.Contains(out, `"action": "cli import"`) || !strings.Contains(out, "mbox sha256:") {
		t.Fatalf("audit:\n%s", out)
	}
	if out := do("import", "-kind", "mbox", "../../examples/mail.mbox"); !strings.Contains(out, "contacts: 0 created, 0 updated, 3 unchanged") {
		t.Fatalf("again:\n%s", out)
	}
	var errOut strings.Builder
	err := run(ctx, []string{"import", "-db", db, "-kind", "persons", "-create-unknown", "../../examples/persons.csv"}, env(nil), io.Discard, &errOut)
	if err == nil {
		t.Fatal("-create-unknown with -kind persons was accepted")
	}
}
