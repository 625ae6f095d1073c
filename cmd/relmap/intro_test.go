package main

import (
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relmap/relmap/graph"
)

// TestIntroCommands takes a request through its whole life by the CLI on
// the examples' people: Anna asks Jan for Fatma; met logs exactly one
// contact (the contact count goes from what the examples hold to one
// more); an illegal move fails naming both states and changes nothing;
// the list filters by state; the audit log has the moves.
func TestIntroCommands(t *testing.T) {
	ctx := t.Context()
	db := filepath.Join(t.TempDir(), "relmap.db")
	do := func(args ...string) (string, error) {
		t.Helper()
		var out, errOut strings.Builder
		n := 1 // the command, and for intro its verb
		if args[0] == "intro" {
			n = 2
		}
		err := run(ctx, append(args[:n:n], append([]string{"-db", db}, args[n:]...)...), env(nil), &out, &errOut)
		return out.String(), err
	}
	must := func(args ...string) string {
		t.Helper()
		out, err := do(args...)
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		return out
	}
	for _, f := range []string{"employees", "organisations", "persons", "relationships"} {
		if err := run(ctx, []string{"import", "-db", db, "../../examples/" + f + ".csv"}, env(nil), io.Discard, io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	var r graph.IntroRequest
	out := must("intro", "create", "-id", "intro-1", "-employee", "emp-anna", "-via", "per-jan", "-to", "per-fatma",
		"-path", "emp-anna,per-jan,per-fatma", "-note", "wethouder", "-json")
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.State != graph.IntroRequested || r.History[0].By != "cli" {
		t.Fatalf("create: %v\n%s", err, out)
	}
	_, err := do("intro", "move", "-state", "met", "intro-1")
	if err == nil || !strings.Contains(err.Error(), "from requested to met") {
		t.Fatalf("an illegal move: %v", err)
	}
	if out := must("intro", "show", "intro-1"); !strings.Contains(out, "— requested") || strings.Contains(out, "agreed") {
		t.Fatalf("after the refused move:\n%s", out)
	}
	must("intro", "move", "-state", "agreed", "intro-1")
	must("intro", "move", "-state", "made", "-note", "mail sent", "intro-1")
	out = must("intro", "move", "-state", "met", "-mode", "phone", "intro-1")
	if !strings.Contains(out, "contact: contact:emp-anna:per-fatma:") || !strings.Contains(out, "made      by cli: mail sent") {
		t.Fatalf("met:\n%s", out)
	}
	if out := must("export", "-format", "csv", "-kind", "contacts"); strings.Count(out, "\n") != 2 {
		t.Fatalf("met logged other than exactly one contact:\n%s", out)
	}
	must("intro", "create", "-id", "intro-2", "-employee", "emp-bart", "-via", "per-jan", "-to", "org-fonds")
	out = must("intro", "list", "-state", "met")
	if !strings.Contains(out, "intro-1") || strings.Contains(out, "intro-2") {
		t.Fatalf("list -state met:\n%s", out)
	}
	if out := must("intro", "list", "-via", "per-jan"); !strings.Contains(out, "intro-1") || !strings.Contains(out, "intro-2") {
		t.Fatalf("list -via:\n%s", out)
	}
	if out := must("audit", "-json"); !strings.Contains(out, `"action": "cli intro move"`) || !strings.Contains(out, "intro-1 → met") {
		t.Fatalf("audit:\n%s", out)
	}
	// Jan carries intro-2 (open, ×0.8) and intro-1 (met today, recent,
	// ×0.9): the path to Fonds through him is ranked at 0.75 · 0.9 · 0.72 =
	// 0.486 and says why; -no-load does not.
	if out := must("paths", "-to", "org-fonds"); !strings.Contains(out, "ranked at 0.49: Jan de Vries: 1 open request, 1 recent request, ×0.72") {
		t.Fatalf("paths with load:\n%s", out)
	}
	if out := must("paths", "-to", "org-fonds", "-no-load", "-json"); strings.Contains(out, "adjusted_strength") {
		t.Fatalf("paths -no-load:\n%s", out)
	}
	// Stored load rules rank the next query: with open requests weighing
	// 0.5 and recent ones 0.25, Jan's factor is 0.5 · 0.25 = 0.125 and the
	// path of 0.75 · 0.9 = 0.675 is ranked at 0.675 · 0.125 = 0.084. A bad
	// file is refused and stores nothing.
	rules := writeFile(t, "load.json", `{"open_factor": 0.5, "recent_factor": 0.25, "window_days": 90, "declined_factor": 0.2, "not_before_days": -3, "segment_factors": null, "candidates": 4}`)
	if _, err := do("load-rules", "-set", rules); err == nil {
		t.Fatal("load-rules took not_before_days -3")
	}
	if out := must("load-rules"); !strings.Contains(out, `"open_factor": 0.8`) {
		t.Fatalf("load-rules after a refused file:\n%s", out)
	}
	rules = writeFile(t, "load.json", `{"open_factor": 0.5, "recent_factor": 0.25, "window_days": 90, "declined_factor": 0.2, "not_before_days": 180, "segment_factors": null, "candidates": 4}`)
	must("load-rules", "-set", rules)
	if out := must("paths", "-to", "org-fonds"); !strings.Contains(out, "ranked at 0.08: Jan de Vries: 1 open request, 1 recent request, ×0.125") {
		t.Fatalf("paths under the stored load rules:\n%s", out)
	}
	if _, err := do("intro", "move", "intro-1"); err == nil {
		t.Fatal("a move without -state was accepted")
	}
}
