package main

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relmap/relmap/graph"
)

// TestPathRulesCommand prints the default rules, refuses a bad file naming
// the field (and stores nothing), and stores a good one, which the paths
// command then applies: on holdingsDB Anna → Jan → Fonds X is 0.8 · 0.9 =
// 0.72, cold under a warm threshold of 0.8.
func TestPathRulesCommand(t *testing.T) {
	ctx := t.Context()
	db := holdingsDB(t)
	read := func() graph.PathRules {
		t.Helper()
		var out strings.Builder
		if err := run(ctx, []string{"path-rules", "-db", db}, env(nil), &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		var r graph.PathRules
		if err := json.Unmarshal([]byte(out.String()), &r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := read(); r != graph.DefaultPathRules() {
		t.Fatalf("path-rules = %+v, want the defaults", r)
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("{\n  \"min_warm\": 0.1,\n  \"colleague_strength\": 3,\n  \"colleague_max_people\": 30\n}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	if err := run(ctx, []string{"path-rules", "-db", db, "-set", bad}, env(nil), io.Discard, &stderr); err == nil || !strings.Contains(stderr.String(), "colleague_strength") {
		t.Fatalf("a bad file: %v, stderr %q; want a problem naming colleague_strength", err, stderr.String())
	}
	if r := read(); r != graph.DefaultPathRules() {
		t.Fatalf("after a refused file: %+v, want the defaults", r)
	}
	good := filepath.Join(dir, "good.json")
	if err := os.WriteFile(good, []byte(`{"min_warm": 0.8, "colleague_strength": 0.5, "colleague_max_people": 30}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"path-rules", "-db", db, "-set", good}, env(nil), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if r := read(); r.MinWarm != 0.8 {
		t.Fatalf("after -set: %+v, want min_warm 0.8", r)
	}
	var out strings.Builder
	if err := run(ctx, []string{"paths", "-db", db, "-to", "org-fund", "-from", "emp-anna", "-json"}, env(nil), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var b struct {
		Paths []json.RawMessage `json:"paths"`
		Cold  int               `json:"cold"`
	}
	if err := json.Unmarshal([]byte(out.String()), &b); err != nil {
		t.Fatal(err)
	}
	if len(b.Paths) != 0 || b.Cold == 0 {
		t.Errorf("paths under min_warm 0.8: %d warm, %d cold; want none warm and Anna's 0.72 cold", len(b.Paths), b.Cold)
	}
}
