package main

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relmap/relmap/api"
	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph/sqlitestore"
)

// TestTokenCommands: create prints the secret once (stdout, nothing else);
// list shows the token but neither secret nor hash; the secret
// authenticates against the store; revoke stops it; the audit log holds
// the create and the revoke by the command line.
func TestTokenCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "relmap.db")
	secret, errOut, err := relmap(t, "token", "create", "-db", db, "-name", "Piet", "-role", "editor")
	if err != nil {
		t.Fatalf("token create: %v %s", err, errOut)
	}
	secret = strings.TrimSpace(secret)
	if !strings.HasPrefix(secret, auth.SecretPrefix) || strings.Contains(secret, "\n") {
		t.Fatalf("token create printed %q, want one secret", secret)
	}
	out, _, err := relmap(t, "token", "list", "-db", db, "-json")
	if err != nil {
		t.Fatal(err)
	}
	var ts []auth.Token
	if err := json.Unmarshal([]byte(out), &ts); err != nil || len(ts) != 1 || ts[0].Name != "Piet" || ts[0].Role != auth.Editor {
		t.Fatalf("token list: %v %s", err, out)
	}
	if strings.Contains(out, secret) || strings.Contains(out, auth.Hash(secret)) {
		t.Errorf("token list shows the secret or its hash: %s", out)
	}

	authenticate := func() error {
		st, err := sqlitestore.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		_, err = auth.Authenticate(context.Background(), st, secret)
		return err
	}
	if err := authenticate(); err != nil {
		t.Fatalf("the new secret does not authenticate: %v", err)
	}
	if _, _, err := relmap(t, "token", "revoke", "-db", db, ts[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := authenticate(); err == nil {
		t.Error("a revoked secret still authenticates")
	}

	out, _, err = relmap(t, "audit", "-db", db, "-json")
	if err != nil {
		t.Fatal(err)
	}
	var log api.ListBody[auth.AuditEntry]
	if err := json.Unmarshal([]byte(out), &log); err != nil || log.Total != 2 {
		t.Fatalf("audit: %v %s, want 2 entries", err, out)
	}
	if log.Items[0].Action != "cli token revoke" || log.Items[1].Action != "cli token create" ||
		log.Items[0].Target != ts[0].ID || !strings.HasPrefix(log.Items[0].Actor, "cli") {
		t.Errorf("audit entries: %+v", log.Items)
	}

	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"token", "create", "-db", db, "-name", "x", "-role", "root"}, "role"},
		{[]string{"token", "create", "-db", db}, "-name is required"},
		{[]string{"token", "revoke", "-db", db}, "give one token id"},
		{[]string{"token", "rotate"}, `unknown command "rotate"`},
		{[]string{"token"}, "give create, list or revoke"},
	} {
		_, _, err := relmap(t, c.args...)
		if !errors.As(err, new(usageError)) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("relmap %v: %v, want a usage error about %q", c.args, err, c.msg)
		}
	}
	if _, _, err := relmap(t, "token", "revoke", "-db", db, "tok-nosuch"); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("revoke an unknown token: %v", err)
	}
}

// TestCLIWritesAudited: writes from the command line land in the audit log
// like the API's, with the command as the action.
func TestCLIWritesAudited(t *testing.T) {
	db := filepath.Join(t.TempDir(), "relmap.db")
	policies, _, err := relmap(t, "policies", "-db", db)
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"policies", "-db", db, "-set", writeFile(t, "policies.json", policies)},
		{"retention", "-db", db, "-set", "30"},
	} {
		if _, errOut, err := relmap(t, args...); err != nil {
			t.Fatalf("%v: %v %s", args, err, errOut)
		}
	}
	out, _, err := relmap(t, "audit", "-db", db, "-json")
	if err != nil {
		t.Fatal(err)
	}
	var log api.ListBody[auth.AuditEntry]
	if err := json.Unmarshal([]byte(out), &log); err != nil || log.Total != 2 {
		t.Fatalf("audit: %v %s, want 2 entries", err, out)
	}
	if log.Items[0].Action != "cli retention -set" || log.Items[0].Detail != "30 days" || log.Items[1].Action != "cli policies -set" {
		t.Errorf("audit entries: %+v", log.Items)
	}
}

// TestCLIImportExportAudited: relmap import (stored with the import's
// write; a refused file with status 1; a dry run, which writes nothing,
// after it) and relmap export, to standard output and with -o, are in the
// audit log.
func TestCLIImportExportAudited(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "relmap.db")
	bad := writeFile(t, "bad.csv", "id,name\nper-x,\n")
	for _, c := range []struct {
		args []string
		fail bool
	}{
		{[]string{"import", "-db", db, "-kind", "employees", "../../examples/employees.csv"}, false},
		{[]string{"import", "-db", db, "-dry-run", "-kind", "persons", bad}, true},
		{[]string{"import", "-db", db, "-dry-run", "-kind", "employees", "../../examples/employees.csv"}, false},
		{[]string{"export", "-db", db}, false},
		{[]string{"export", "-db", db, "-format", "csv", "-kind", "employees", "-o", filepath.Join(dir, "e.csv")}, false},
	} {
		if _, errOut, err := relmap(t, c.args...); (err != nil) != c.fail {
			t.Fatalf("%v: %v %s", c.args, err, errOut)
		}
	}
	out, _, err := relmap(t, "audit", "-db", db, "-json")
	if err != nil {
		t.Fatal(err)
	}
	var log api.ListBody[auth.AuditEntry]
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		action, detail string
		status         int
	}{ // newest first
		{"cli export", "csv employees to " + filepath.Join(dir, "e.csv"), 0},
		{"cli export", "json", 0},
		{"cli import", "dry run: ../../examples/employees.csv (employees)", 0},
		{"cli import", "dry run: " + bad + " (persons); failed: " + bad + ": 1 problem; nothing was stored", 1},
		{"cli import", "../../examples/employees.csv (employees)", 0},
	}
	if len(log.Items) != len(want) {
		t.Fatalf("audit: %+v, want %d entries", log.Items, len(want))
	}
	for i, w := range want {
		if e := log.Items[i]; e.Action != w.action || e.Detail != w.detail || e.Status != w.status || !strings.HasPrefix(e.Actor, "cli") {
			t.Errorf("entry %d: %+v, want %s %q status %d", i, e, w.action, w.detail, w.status)
		}
	}
}
