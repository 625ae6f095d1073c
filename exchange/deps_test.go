package exchange

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencies checks the layering rule of STYLE.md: exchange is domain
// logic and imports only the standard library, graph and segment —
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
		"github.com/relmap/relmap/segment":  true,
		"github.com/relmap/relmap/exchange": true,
		"github.com/relmap/relmap/graph":    true,
	}
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		path, std, _ := strings.Cut(line, " ")
		if std == "true" {
			continue
		}
		n++
		if !allowed[path] {
			t.Errorf("exchange depends on %s; it may import only the standard library, graph and segment", path)
		}
	}
	if n != 3 {
		t.Errorf("found %d non-standard packages, want exchange, segment and graph:\n%s", n, out)
	}
}
