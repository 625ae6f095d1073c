package segment

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencies checks the layering rule of STYLE.md: segment is domain
// logic and imports only the standard library and relmap's graph package —
// no gin, Neo4j, SQLite or Graphviz, directly or through graph.
func TestDependencies(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	out, err := exec.Command(gobin, "list", "-deps", "-f", "{{.ImportPath}} {{.Standard}}", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	allowed := map[string]bool{
		"github.com/relmap/relmap/segment": true,
		"github.com/relmap/relmap/graph":   true,
	}
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		path, std, _ := strings.Cut(line, " ")
		if std == "true" {
			continue
		}
		n++
		if !allowed[path] {
			t.Errorf("segment depends on %s; it may import only the standard library and graph", path)
		}
	}
	if n != 2 {
		t.Errorf("found %d non-standard packages, want segment and graph:\n%s", n, out)
	}
}
