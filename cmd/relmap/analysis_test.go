package main

import (
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relmap/relmap/api"
)

// TestPathsAndBrokersCommands runs the CLI on the demo network. The demo
// generator puts "Stichting Loterijfonds Samen Sterker" (org-0003) behind a
// single broker three hops from an employee (see demo's tests), so the best
// path has 3 hops and ends at that fund.
func TestPathsAndBrokersCommands(t *testing.T) {
	ctx := t.Context()
	db := filepath.Join(t.TempDir(), "demo.db")
	if err := run(ctx, []string{"demo", "-load-only", "-db", db, "-log-level", "error"}, env(nil), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := run(ctx, []string{"paths", "-db", db, "-to", "org-0003", "-k", "3", "-json"}, env(nil), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var pb api.PathsBody
	if err := json.Unmarshal([]byte(out.String()), &pb); err != nil {
		t.Fatal(err)
	}
	if len(pb.Paths) == 0 || pb.Paths[0].Hops != 3 || pb.Paths[0].To != "org-0003" {
		t.Fatalf("paths to the lottery fund: %+v, want the best at 3 hops", pb.Paths)
	}
	for i := 1; i < len(pb.Paths); i++ {
		if pb.Paths[i].Strength > pb.Paths[i-1].Strength {
			t.Errorf("paths not ordered by strength: %v after %v", pb.Paths[i].Strength, pb.Paths[i-1].Strength)
		}
	}
	out.Reset()
	if err := run(ctx, []string{"paths", "-db", db, "-to", "org-0003", "-k", "1", "-lang", "nl"}, env(nil), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "1. sterkte ") || !strings.Contains(out.String(), "Stichting Loterijfonds Samen Sterker") {
		t.Errorf("Dutch paths output:\n%s", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"brokers", "-db", db, "-limit", "3"}, env(nil), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(out.String()), "\n"); len(lines) != 4 || !strings.Contains(lines[1], "develop target") {
		t.Errorf("brokers table: want a header and 3 brokers of develop targets, got\n%s", out.String())
	}
	err := run(ctx, []string{"paths", "-db", db}, env(nil), io.Discard, io.Discard)
	if _, ok := err.(usageError); !ok {
		t.Errorf("paths without -to: %v, want a usage error", err)
	}
}

// TestCentralityCommand: the ranking is ordered, bounded by -limit, and an
// unknown metric is a usage error. The progress bar goes to stderr only.
func TestCentralityCommand(t *testing.T) {
	ctx := t.Context()
	db := filepath.Join(t.TempDir(), "demo.db")
	if err := run(ctx, []string{"demo", "-load-only", "-db", db, "-persons", "60", "-log-level", "error"}, env(nil), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	var out, errOut strings.Builder
	if err := run(ctx, []string{"centrality", "-db", db, "-metric", "betweenness", "-limit", "4", "-json"}, env(nil), &out, &errOut); err != nil {
		t.Fatal(err)
	}
	var body api.CentralityBody
	if err := json.Unmarshal([]byte(out.String()), &body); err != nil {
		t.Fatalf("stdout is not JSON (progress leaked?): %v\n%s", err, out.String())
	}
	if len(body.Scores) != 4 || body.Total <= 4 {
		t.Fatalf("scores %d of %d, want 4 of more", len(body.Scores), body.Total)
	}
	for i := 1; i < len(body.Scores); i++ {
		if body.Scores[i].Value > body.Scores[i-1].Value {
			t.Errorf("not ordered: %v after %v", body.Scores[i], body.Scores[i-1])
		}
	}
	if !strings.Contains(errOut.String(), "100%") {
		t.Errorf("no progress bar on stderr: %q", errOut.String())
	}
	err := run(ctx, []string{"centrality", "-db", db, "-metric", "fame"}, env(nil), io.Discard, io.Discard)
	if _, ok := err.(usageError); !ok {
		t.Errorf("unknown metric: %v, want a usage error", err)
	}
	// An estimated betweenness prints each value's interval and the note.
	out.Reset()
	if err := run(ctx, []string{"centrality", "-db", db, "-metric", "betweenness", "-limit", "3", "-estimate", "always", "-quiet"}, env(nil), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "interval") || !strings.Contains(out.String(), "Estimated from") {
		t.Errorf("estimate table:\n%s\nwant an interval column and the note", out.String())
	}
	err = run(ctx, []string{"centrality", "-db", db, "-metric", "betweenness", "-estimate", "maybe"}, env(nil), io.Discard, io.Discard)
	if _, ok := err.(usageError); !ok {
		t.Errorf("-estimate maybe: %v, want a usage error", err)
	}
}
