package render

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"gonum.org/v1/gonum/graph/formats/dot"
	"gonum.org/v1/gonum/graph/formats/dot/ast"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
)

// hostileNames are names an editor could store that try to leave their
// attribute: the HTML-like label breakout of the trust issue (it added a
// node with a javascript: URL to the SVG), quoted-string breakouts,
// Graphviz escapes, markup and a comment.
var hostileNames = []string{
	`<x>]; i [label="CLICK" URL="javascript:alert(1)"]; z [label=<y>`,
	`"]; evil [URL="https://example.org" target="_top"]; x [label="`,
	`<<b>>`, `<b>>`, `<`, `>`, `<>`, `\N \G \L \E`, `\`, `a"b`, `a\"]; x [`,
	`<<table><tr><td href="javascript:alert(1)">x</td></tr></table>>`,
	`// } graph x {`, `/* unterminated`, "line\nbreak", `&amp; &lt;`,
}

// namedAs returns a copy of the network with every node called name.
func namedAs(n *graph.Network, name string) *graph.Network {
	c := &graph.Network{Nodes: slices.Clone(n.Nodes), Edges: n.Edges}
	for i := range c.Nodes {
		c.Nodes[i].Name = name
	}
	return c
}

// pictureDOTs writes the DOT of every picture relmap draws (paths, network,
// ego, matrix, overview) for smallNetwork and its matrix with every
// stakeholder called name.
func pictureDOTs(t testing.TB, name string) map[string][]byte {
	t.Helper()
	n := namedAs(smallNetworkData(), name)
	snap, err := analysis.NewSnapshot(n)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	add := func(pic string, b []byte, err error) {
		if err != nil {
			t.Fatalf("%s of %q: %v", pic, name, err)
		}
		out[pic] = b
	}
	ps, err := analysis.WarmPaths(context.Background(), snap, analysis.PathQuery{To: "org-ggd", K: 2})
	if err != nil || len(ps) == 0 {
		t.Fatalf("paths of %q: %d, %v", name, len(ps), err)
	}
	b, err := PathsDOT(ps, PathsOptions{Lang: "nl"})
	add("paths", b, err)
	b, err = NetworkDOT(snap, NetworkOptions{Segments: smallSegments, Size: smallSizes, SizeName: "pagerank"})
	add("network", b, err)
	b, err = EgoDOT(snap, "per-kees", 2, NetworkOptions{})
	add("ego", b, err)
	var rows []stakeholder
	for i, nd := range n.Nodes {
		if nd.Kind != graph.KindEmployee {
			rows = append(rows, stakeholder{nd.ID, name, nd.Kind, nd.PartyType, 1 + i%5, 1 + (i*3)%5, nil, nil})
		}
	}
	m := buildMatrix(rows)
	b, err = MatrixDOT(m, MatrixOptions{})
	add("matrix", b, err)
	in := OverviewInput{Matrix: m, Paths: map[string][]analysis.Path{}}
	for _, r := range m.Rows() {
		if ps, err := analysis.WarmPaths(context.Background(), snap, analysis.PathQuery{To: r.Stakeholder.ID, K: 1}); err == nil {
			in.Paths[r.Stakeholder.ID] = ps
		}
	}
	b, err = OverviewDOT(in, OverviewOptions{})
	add("overview", b, err)
	return out
}

// forbiddenAttr matches the attributes that make a link in SVG. relmap
// writes none: a link carrying data is a script or a navigation.
var forbiddenAttr = regexp.MustCompile(`(?i)url|href|target`)

// htmlTag matches one tag of an HTML-like label.
var htmlTag = regexp.MustCompile(`<[^<>]*>`)

// svgLink matches a link or script element or attribute in SVG.
var svgLink = regexp.MustCompile(`(?i)\s(xlink:)?(href|target)="|<script`)

// dotShape parses dot with gonum's DOT parser (independent of the writer)
// and returns its shape: one line per statement with the node ids, the
// attribute keys and, of each HTML-like value, its tags; text from data
// changes none of these unless it escapes its attribute. It fails the test
// on a link attribute.
func dotShape(t testing.TB, src []byte) []string {
	t.Helper()
	f, err := dot.ParseBytes(src)
	if err != nil {
		t.Fatalf("the DOT does not parse: %v\n%s", err, src)
	}
	if len(f.Graphs) != 1 {
		t.Fatalf("%d graphs in the DOT, want 1", len(f.Graphs))
	}
	var shape []string
	attrs := func(as []*ast.Attr) string {
		var s []string
		for _, a := range as {
			if forbiddenAttr.MatchString(a.Key) {
				t.Errorf("link attribute %s=%s in the DOT", a.Key, a.Val)
			}
			v := a.Key
			if strings.HasPrefix(a.Val, "<") {
				v += "="
				for _, tag := range htmlTag.FindAllString(a.Val, -1) {
					if !strings.HasPrefix(strings.ToLower(tag), "<br") { // the paths' notes wrap long names onto more lines
						v += tag
					}
				}
			}
			s = append(s, v)
		}
		return strings.Join(s, ",")
	}
	var walk func([]ast.Stmt)
	vertex := func(v ast.Vertex) string {
		switch v := v.(type) {
		case *ast.Node:
			return v.ID
		case *ast.Subgraph:
			walk(v.Stmts)
			return "subgraph " + v.ID
		}
		return fmt.Sprintf("%T", v)
	}
	walk = func(stmts []ast.Stmt) {
		for _, s := range stmts {
			switch s := s.(type) {
			case *ast.NodeStmt:
				shape = append(shape, "node "+s.Node.ID+" "+attrs(s.Attrs))
			case *ast.EdgeStmt:
				e := "edge " + vertex(s.From)
				for to := s.To; to != nil; to = to.To {
					e += " " + vertex(to.Vertex)
				}
				shape = append(shape, e+" "+attrs(s.Attrs))
			case *ast.AttrStmt:
				shape = append(shape, fmt.Sprintf("attr %v %s", s.Kind, attrs(s.Attrs)))
			case *ast.Attr:
				shape = append(shape, "graph "+attrs([]*ast.Attr{s}))
			case *ast.Subgraph:
				shape = append(shape, "subgraph "+s.ID)
				walk(s.Stmts)
			default:
				shape = append(shape, fmt.Sprintf("%T", s))
			}
		}
	}
	walk(f.Graphs[0].Stmts)
	return shape
}

// checkNoInjection compares the shape of every picture drawn with name
// against the same pictures drawn with a plain name.
func checkNoInjection(t *testing.T, name string, plain map[string][]byte) {
	t.Helper()
	got := pictureDOTs(t, name)
	for pic, b := range got {
		want := dotShape(t, plain[pic])
		if have := dotShape(t, b); !slices.Equal(have, want) {
			for i := range min(len(have), len(want)) {
				if have[i] != want[i] {
					t.Fatalf("%s drawn for the name %q has other statements than for a plain name:\n got %s\nwant %s", pic, name, have[i], want[i])
				}
			}
			t.Fatalf("%s drawn for the name %q has %d statements, for a plain name %d", pic, name, len(have), len(want))
		}
	}
}

// TestNamesCannotInjectDOT is the regression test of the trust issue's
// first finding: names that try to break out of their attribute leave the
// DOT of every picture with exactly the statements and attributes a plain
// name gives, and no link attribute.
func TestNamesCannotInjectDOT(t *testing.T) {
	plain := pictureDOTs(t, "Plain Name")
	for _, name := range hostileNames {
		checkNoInjection(t, name, plain)
	}
}

// TestNamesCannotInjectSVG lays out the pictures of the worst names with
// Graphviz itself: it parses them, and the SVG holds no link (Graphviz
// writes <a xlink:title> for tooltips, but an href only for a URL or href
// attribute), no script and as many nodes as for a plain name. The name
// itself may appear, escaped, as text.
func TestNamesCannotInjectSVG(t *testing.T) {
	nodes := regexp.MustCompile(`<g id="[^"]*" class="node`)
	count := func(name string) map[string]int {
		c := map[string]int{}
		for pic, b := range pictureDOTs(t, name) {
			engine := Dot
			if pic == "matrix" || pic == "overview" {
				engine = Nop
			} else if pic == "network" {
				engine = SFDP
			}
			svg, err := SVG(context.Background(), b, engine, nil)
			if err != nil {
				t.Fatalf("%s of %q: %v", pic, name, err)
			}
			if m := svgLink.Find(svg); m != nil {
				t.Errorf("%s of %q holds %s", pic, name, m)
			}
			c[pic] = len(nodes.FindAll(svg, -1))
		}
		return c
	}
	plain := count("Plain Name")
	for _, name := range hostileNames[:3] {
		if got := count(name); !maps2Equal(got, plain) {
			t.Errorf("nodes drawn for %q: %v, for a plain name %v", name, got, plain)
		}
	}
}

func maps2Equal(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// FuzzPictureNames writes the DOT of every picture for arbitrary valid
// names and checks that it parses and has only the statements and
// attributes a plain name gives.
func FuzzPictureNames(f *testing.F) {
	for _, n := range hostileNames {
		f.Add(n)
	}
	var plain map[string][]byte
	f.Fuzz(func(t *testing.T, name string) {
		if !utf8.ValidString(name) || graph.ValidateName(name) != nil {
			t.Skip() // refused at every write path: never stored
		}
		if plain == nil {
			plain = pictureDOTs(t, "Plain Name")
		}
		checkNoInjection(t, name, plain)
	})
}
