package render

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencies checks the layering rule of STYLE.md: render sits at the
// edge beside the stores and the API. It may use graph, segment and analysis
// (the network and warm-path pictures draw its snapshot and paths), but no
// store, no HTTP and no other relmap adapter.
func TestDependencies(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	out, err := exec.Command(gobin, "list", "-deps", "-f", "{{.ImportPath}}", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	forbidden := []string{
		"github.com/gin-gonic/", "github.com/neo4j/", "modernc.org/sqlite", "database/sql",
		"github.com/relmap/relmap/api", "github.com/relmap/relmap/graph/",
		"github.com/relmap/relmap/cmd", "log/slog",
	}
	for _, path := range strings.Fields(string(out)) {
		for _, f := range forbidden {
			if strings.HasPrefix(path, f) {
				t.Errorf("render depends on %s", path)
			}
		}
	}
}
