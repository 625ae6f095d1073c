package exchange_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/relmap/relmap/exchange"
)

// readWithNetworkX reads a GraphML or GEXF file with networkx's own reader
// (nx.read_graphml, nx.read_gexf) and returns what it found as JSON: the
// nodes with their attributes, the edges (source, target, attributes) and
// whether the graph is directed. The interpreter is $RELMAP_PYTHON, or
// python3. It skips t when that has no networkx, unless
// RELMAP_REQUIRE_NETWORKX=1 (CI), which fails it instead.
func readWithNetworkX(t *testing.T, format string, data []byte) map[string]any {
	t.Helper()
	py := os.Getenv("RELMAP_PYTHON")
	if py == "" {
		py = "python3"
	}
	if exec.Command(py, "-c", "import networkx").Run() != nil {
		if os.Getenv("RELMAP_REQUIRE_NETWORKX") == "1" {
			t.Fatalf("%s has no networkx, and RELMAP_REQUIRE_NETWORKX=1", py)
		}
		t.Skipf("%s has no networkx (apt-get install python3-networkx)", py)
	}
	path := filepath.Join(t.TempDir(), "network."+format)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	const script = `
import json, sys, networkx as nx
fmt, path = sys.argv[1], sys.argv[2]
g = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
print(json.dumps({
  "directed": g.is_directed(),
  "nodes": {n: d for n, d in g.nodes(data=True)},
  "edges": sorted([[u, v, d] for u, v, d in g.edges(data=True)], key=lambda e: (e[0], e[1])),
}, sort_keys=True))
`
	out, err := exec.Command(py, "-c", script, format, path).CombinedOutput()
	if err != nil {
		t.Fatalf("networkx cannot read the %s: %v\n%s\n%s", format, err, out, data)
	}
	var got map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	return got
}

// TestGraphMLNetworkX opens smallNetwork's GraphML and GEXF with
// networkx's own readers (networkx 3.x; nx.read_graphml, nx.read_gexf)
// and checks what they see: 3 nodes and 2 edges with typed attributes
// (strength and weight doubles, do_not_route and symmetric booleans), the
// label with its control character replaced by U+FFFD as WriteGraphML
// documents. The expected values are smallNetwork's, written out by hand.
func TestGraphMLNetworkX(t *testing.T) {
	n, m := smallNetwork()
	nodes := map[string]any{
		"emp-a": map[string]any{"kind": "employee", "label": "Anna"},
		"org-b": map[string]any{"kind": "organisation", "label": `Bakker & Zn <"B">` + "\uFFFD", "owner_id": "emp-a", "party_type": "input", "segment": "invest"},
		"per-c": map[string]any{"do_not_route": true, "kind": "person", "label": "Cor", "segment": "unassessed"},
	}
	knows := map[string]any{"id": "knows:emp-a:per-c", "label": "knows", "level": "strategic", "strength": 0.75, "symmetric": true, "type": "knows", "weight": 0.75}
	worksAt := map[string]any{"id": "works_at:per-c:org-b", "label": "works_at", "nature": "formal", "strength": 1.0, "type": "works_at", "weight": 1.0, "until": "2025-06-30"}
	for _, c := range []struct {
		format string
		write  func(*bytes.Buffer) error
		edit   func(nodes map[string]any, knows, worksAt map[string]any)
	}{
		{"graphml", func(b *bytes.Buffer) error { return exchange.WriteGraphML(b, n, m) }, nil},
		// GEXF: networkx reads a mixed graph as directed, names the label
		// "label" and keeps the edge id as "id"; the edge weight is GEXF's
		// own weight attribute.
		{"gexf", func(b *bytes.Buffer) error { return exchange.WriteGEXF(b, n, m) }, nil},
	} {
		t.Run(c.format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := c.write(&buf); err != nil {
				t.Fatal(err)
			}
			got := readWithNetworkX(t, c.format, buf.Bytes())
			want := map[string]any{
				"directed": true,
				"nodes":    nodes,
				"edges":    []any{[]any{"emp-a", "per-c", knows}, []any{"per-c", "org-b", worksAt}},
			}
			if !reflect.DeepEqual(got, want) {
				g, _ := json.MarshalIndent(got, "", " ")
				w, _ := json.MarshalIndent(want, "", " ")
				t.Errorf("networkx read\n%s\nwant\n%s", g, w)
			}
		})
	}
}
