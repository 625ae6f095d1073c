package search

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencies checks the layering rule of STYLE.md: search is domain
// logic beside graph. It may use graph and golang.org/x/text (for the
// folding), but no store, no analysis, no HTTP and no logging.
func TestDependencies(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	out, err := exec.Command(gobin, "list", "-deps", "-f", "{{.ImportPath}}", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, path := range strings.Fields(string(out)) {
		if strings.HasPrefix(path, "github.com/relmap/relmap/") && path != "github.com/relmap/relmap/graph" && path != "github.com/relmap/relmap/search" {
			t.Errorf("search depends on %s", path)
		}
		for _, f := range []string{"github.com/gin-gonic/", "github.com/neo4j/", "modernc.org/sqlite", "database/sql", "log/slog", "gonum.org/"} {
			if strings.HasPrefix(path, f) {
				t.Errorf("search depends on %s", path)
			}
		}
	}
}
