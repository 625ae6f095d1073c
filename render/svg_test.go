package render

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// svgText is a <text> element of an SVG, at absolute coordinates (SVG user
// units: y grows downwards).
type svgText struct {
	text string
	x, y float64
	// class is the class of the enclosing node group ("" outside one).
	class string
}

// svgNode is a Graphviz node group (<g class="node …">) of an SVG.
type svgNode struct {
	id, class string
	// cx, cy is the centre of its first shape (ellipse or polygon), at
	// absolute coordinates.
	cx, cy   float64
	hasShape bool
	fill     string
	// box bounds the first shape.
	box rect
}

// svgDoc is what the tests read from an SVG: the picture, and apart from
// it the legend band under it (appendLegend).
type svgDoc struct {
	texts []svgText
	nodes []svgNode
	// legend is the text of the legend's lines; legendColors the fill and
	// stroke colours of its swatches.
	legend       []string
	legendColors map[string]bool
	// edges counts <g class="edge …"> groups.
	edges int
}

// readSVG parses svg, applying group transforms (by the PNG rasteriser's
// own transform parser).
func readSVG(t *testing.T, svg []byte) svgDoc {
	t.Helper()
	var doc svgDoc
	d := xml.NewDecoder(bytes.NewReader(svg))
	d.Entity = xml.HTMLEntity
	type frame struct {
		m      affine
		node   int // index into doc.nodes of the enclosing node group, or -1
		legend bool
	}
	stack := []frame{{identity, -1, false}}
	doc.legendColors = map[string]bool{}
	var text *svgText
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("svg: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			a := map[string]string{}
			for _, at := range e.Attr {
				a[at.Name.Local] = at.Value
			}
			top := stack[len(stack)-1]
			f := top
			if tr, ok := a["transform"]; ok {
				m, err := transform(tr)
				if err != nil {
					t.Fatal(err)
				}
				f.m = f.m.mul(m)
			}
			if a["id"] == "legend" {
				f.legend = true
			}
			if f.legend {
				for _, k := range []string{"fill", "stroke"} {
					if c := a[k]; c != "" && c != "none" {
						doc.legendColors[strings.ToLower(c)] = true
					}
				}
				if e.Name.Local == "text" {
					text = &svgText{class: "legend"}
				}
				stack = append(stack, f)
				continue
			}
			switch e.Name.Local {
			case "g":
				cls := a["class"]
				if strings.HasPrefix(cls, "node") {
					doc.nodes = append(doc.nodes, svgNode{id: a["id"], class: cls})
					f.node = len(doc.nodes) - 1
				} else if strings.HasPrefix(cls, "edge") {
					doc.edges++
				}
			case "ellipse", "polygon", "path":
				if f.node >= 0 && !doc.nodes[f.node].hasShape {
					var x, y float64
					box := rect{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
					add := func(px, py float64) {
						box = rect{min(box.x0, px), min(box.y0, py), max(box.x1, px), max(box.y1, py)}
					}
					if e.Name.Local == "ellipse" {
						cx, _ := length(a["cx"])
						cy, _ := length(a["cy"])
						rx, _ := length(a["rx"])
						ry, _ := length(a["ry"])
						x, y = f.m.apply(cx, cy)
						add(f.m.apply(cx-rx, cy-ry))
						add(f.m.apply(cx+rx, cy+ry))
					} else if e.Name.Local == "path" { // a rounded box: the centre of its points' bounds
						pts := numbers(strings.Map(func(r rune) rune {
							if strings.ContainsRune("MmLlCcZzHhVvSsQqTtAa", r) {
								return ' '
							}
							return r
						}, a["d"]))
						for i := 0; i+1 < len(pts); i += 2 {
							add(f.m.apply(pts[i], pts[i+1]))
						}
						x, y = (box.x0+box.x1)/2, (box.y0+box.y1)/2
					} else {
						pts := numbers(a["points"])
						n := len(pts)/2 - 1 // Graphviz repeats the first point
						for i := 0; i < n; i++ {
							px, py := f.m.apply(pts[2*i], pts[2*i+1])
							x += px / float64(n)
							y += py / float64(n)
							add(px, py)
						}
					}
					nd := &doc.nodes[f.node]
					nd.cx, nd.cy, nd.hasShape, nd.fill, nd.box = x, y, true, a["fill"], box
				}
			case "text":
				x, _ := length(a["x"])
				y, _ := length(a["y"])
				ax, ay := f.m.apply(x, y)
				text = &svgText{x: ax, y: ay}
				if f.node >= 0 {
					text.class = doc.nodes[f.node].class
				}
			}
			stack = append(stack, f)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			if e.Name.Local == "text" && text != nil {
				if text.class == "legend" {
					doc.legend = append(doc.legend, text.text)
				} else {
					doc.texts = append(doc.texts, *text)
				}
				text = nil
			}
		case xml.CharData:
			if text != nil {
				text.text += string(e)
			}
		}
	}
	return doc
}

// find returns the texts equal to s.
func (doc svgDoc) find(s string) []svgText {
	var out []svgText
	for _, tx := range doc.texts {
		if tx.text == s {
			out = append(out, tx)
		}
	}
	return out
}

// node returns the node group with SVG id id.
func (doc svgDoc) node(id string) (svgNode, bool) {
	for _, n := range doc.nodes {
		if n.id == id {
			return n, true
		}
	}
	return svgNode{}, false
}

// contains reports whether (x, y) lies in r.
func (r rect) contains(x, y float64) bool { return x >= r.x0 && x <= r.x1 && y >= r.y0 && y <= r.y1 }

// withClass returns the node groups whose class list contains c.
func (doc svgDoc) withClass(c string) []svgNode {
	var out []svgNode
	for _, n := range doc.nodes {
		for _, f := range strings.Fields(n.class) {
			if f == c {
				out = append(out, n)
				break
			}
		}
	}
	return out
}

// hasClass reports whether the class list cls contains c.
func hasClass(cls, c string) bool {
	for _, f := range strings.Fields(cls) {
		if f == c {
			return true
		}
	}
	return false
}

// TestBoldLabelFits: a bold name's node is as wide as the name in
// Helvetica Bold. With fontname "Helvetica-Bold" Graphviz sized this box
// 108 pt wide for a name 125.9 pt wide (11 pt × 11.446 em, the sum of the
// AFM widths of Helvetica-Bold), and the name ran out of it.
func TestBoldLabelFits(t *testing.T) {
	const name = "Zwart Fonds Werkgroep"
	a := attrs{"shape": "box", "fontname": fontName, "fontsize": "11", "margin": "0", "label": name}
	boldLabel(a)
	svg, err := SVG(context.Background(), []byte("digraph { n "+a.String()+" }"), Dot, nil)
	if err != nil {
		t.Fatal(err)
	}
	var meas measurer
	want := meas.width(bold, 11, name)
	if math.Abs(want-125.9) > 0.5 {
		t.Fatalf("the measurer gives %.1f pt for the bold name, want 125.9 (AFM)", want)
	}
	m := regexp.MustCompile(`<polygon fill="none" stroke="black" points="([-0-9.]+),[-0-9.]+ ([-0-9.]+),`).FindSubmatch(svg)
	if m == nil {
		t.Fatalf("no box in\n%s", svg)
	}
	x1, _ := strconv.ParseFloat(string(m[1]), 64)
	x0, _ := strconv.ParseFloat(string(m[2]), 64)
	if w := x1 - x0; w < want {
		t.Errorf("the box is %.1f pt wide, narrower than its bold name (%.1f pt)", w, want)
	}
	if !bytes.Contains(svg, []byte(`font-weight="bold"`)) {
		t.Error("the name is not bold")
	}
}
