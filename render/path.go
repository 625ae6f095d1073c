package render

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
)

// Colours of the warm-path picture.
const (
	// PathNodeFill fills the persons and organisations on a path.
	PathNodeFill = "#f4f6f9"
	// PathTargetFill fills the target.
	PathTargetFill = "#fde9c9"
	// PathColor draws the hops.
	PathColor = "#4b5563"
)

// noteRunes is the width at which the notes under the paths wrap.
const noteRunes = 90

// Paths draws the warm paths in format f (see PathsDOT) and returns the
// bytes and their content type. It lays out with dot; ctx bounds the
// Graphviz and PNG steps.
func Paths(ctx context.Context, paths []analysis.Path, lang string, f Format) ([]byte, string, error) {
	if !f.Valid() {
		return nil, "", graph.Invalid("format", "%q is not one of %v", f, Formats)
	}
	dot, err := PathsDOT(paths, lang)
	if err != nil {
		return nil, "", err
	}
	return deliver(ctx, dot, Dot, nil, nil, f)
}

// PathsDOT returns warm paths (analysis.WarmPaths' result, best first) as
// a left-to-right directed graph for dot: each employee at the left, the
// target at the right, and every node and every hop that several paths
// share drawn once. Each hop is labelled with its strength in lang's
// decimal format (analysis.FormatStrength: 0.8 in English, 0,8 in Dutch),
// its width is linear in the strength (MinPenWidth to MaxPenWidth), and
// its tooltip is the hop's sentence and the numbers of the paths that use
// it. Under the paths a note lists each path, numbered best first, with
// its explanation and its strength.
//
// No paths draw a single note saying so. The output depends only on the
// input: nodes sorted by id, hops by their ends' ids and relationship.
//
// In the SVG each node carries id="path-node-ID" and the classes
// "path-node", "kind-K" and "start" or "target"; each hop id="hop-FROM-TO"
// and the classes "hop" and "path-N" for every path N (1-based) on it.
//
// PathsDOT returns a *graph.Error with code graph.EINVALID when there are
// more than analysis.MaxK paths or a path's steps do not join its nodes.
func PathsDOT(paths []analysis.Path, lang string) ([]byte, error) {
	if len(paths) > analysis.MaxK {
		return nil, graph.Invalid("paths", "at most %d paths can be drawn, got %d", analysis.MaxK, len(paths))
	}
	for i, p := range paths {
		if len(p.Nodes) == 0 || len(p.Steps) != len(p.Nodes)-1 {
			return nil, graph.Invalid("paths", "path %d has %d nodes and %d steps", i+1, len(p.Nodes), len(p.Steps))
		}
		for j, st := range p.Steps {
			if st.From != p.Nodes[j].ID || st.To != p.Nodes[j+1].ID {
				return nil, graph.Invalid("paths", "step %d of path %d does not join its nodes", j+1, i+1)
			}
		}
	}
	nl := dutch(lang)
	code := langCode(nl)

	type hopKey struct{ from, to, rel string }
	type hop struct {
		step  analysis.Step
		paths []int
	}
	nodes := map[string]analysis.PathNode{}
	starts, targets := map[string]bool{}, map[string]bool{}
	middle := map[string]bool{}
	hops := map[hopKey]*hop{}
	for i, p := range paths {
		for j, x := range p.Nodes {
			nodes[x.ID] = x
			if j > 0 && j < len(p.Nodes)-1 {
				middle[x.ID] = true
			}
		}
		starts[p.Nodes[0].ID] = true
		targets[p.Nodes[len(p.Nodes)-1].ID] = true
		for _, st := range p.Steps {
			k := hopKey{st.From, st.To, st.Relationship}
			h, ok := hops[k]
			if !ok {
				h = &hop{step: st}
				hops[k] = h
			}
			h.paths = append(h.paths, i+1)
		}
	}

	w := &dotWriter{}
	w.buf.WriteString("// relmap warm paths: " + strconv.Itoa(len(paths)) + " paths, left to right; lay out with dot.\n")
	w.buf.WriteString("digraph \"warm_paths\" {\n")
	w.defaults("graph", attrs{"bgcolor": "white", "fontname": fontName, "layout": "dot", "nodesep": "0.3",
		"outputorder": "edgesfirst", "pad": "0.2", "rankdir": "LR", "ranksep": "0.7"})
	w.defaults("node", attrs{"color": outlineColor, "fillcolor": PathNodeFill, "fontname": fontName, "fontsize": "11", "style": "filled"})
	w.defaults("edge", attrs{"arrowsize": "0.7", "color": PathColor, "fontcolor": textColor, "fontname": fontName, "fontsize": "10"})

	if len(paths) == 0 {
		w.node("_none", attrs{"class": "note", "fontcolor": mutedColor, "label": pick(nl, "No warm path found", "Geen warme route gevonden"), "shape": "note"})
		w.buf.WriteString("}\n")
		return w.buf.Bytes(), nil
	}

	ids := make([]string, 0, len(nodes))
	for id := range nodes {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var first, last []string
	for _, id := range ids {
		x := nodes[id]
		class := []string{"path-node", "kind-" + string(x.Kind)}
		a := attrs{"id": "path-node-" + id, "label": truncate(x.Name), "tooltip": x.Name}
		switch x.Kind {
		case graph.KindEmployee:
			a["shape"], a["fillcolor"], a["color"], a["fontcolor"], a["penwidth"], a["style"] = "hexagon", ColorEmployee, EmployeeOutline, "white", "2", "filled,bold"
		case graph.KindOrganisation:
			a["shape"], a["style"] = "box", "filled,rounded"
		default:
			a["shape"] = "ellipse"
		}
		if starts[id] {
			class = append(class, "start")
			if !middle[id] && !targets[id] {
				first = append(first, id)
			}
		}
		if targets[id] {
			class = append(class, "target")
			a["peripheries"], a["fillcolor"] = "2", PathTargetFill
			if !middle[id] && !starts[id] {
				last = append(last, id)
			}
		}
		a["class"] = strings.Join(class, " ")
		w.node(id, a)
	}
	rank := func(r string, ids []string) {
		if len(ids) == 0 {
			return
		}
		q := make([]string, len(ids))
		for i, id := range ids {
			q[i] = quote(id)
		}
		w.line("{ rank=" + quote(r) + "; " + strings.Join(q, "; ") + " }")
	}
	rank("min", first)
	rank("max", last)

	keys := make([]hopKey, 0, len(hops))
	for k := range hops {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b hopKey) int {
		return cmp.Or(cmp.Compare(a.from, b.from), cmp.Compare(a.to, b.to), cmp.Compare(a.rel, b.rel))
	})
	for _, k := range keys {
		h := hops[k]
		class := []string{"hop"}
		nums := make([]string, len(h.paths))
		for i, n := range h.paths {
			class = append(class, "path-"+strconv.Itoa(n))
			nums[i] = strconv.Itoa(n)
		}
		text := h.step.Text.EN
		if nl {
			text = h.step.Text.NL
		}
		a := attrs{
			"class":    strings.Join(class, " "),
			"id":       "hop-" + k.from + "-" + k.to,
			"label":    analysis.FormatStrength(h.step.Strength, code),
			"penwidth": num(MinPenWidth + (MaxPenWidth-MinPenWidth)*clamp01(h.step.Strength)),
			"tooltip":  text + " — " + pick(nl, "path ", "route ") + strings.Join(nums, ", "),
		}
		w.line(quote(k.from) + " -> " + quote(k.to) + " " + a.String())
	}

	// The notes: every path's explanation, numbered.
	target := paths[0].Nodes[len(paths[0].Nodes)-1].Name
	title := pick(nl, "Warm paths to ", "Warme routes naar ") + target
	rows := []htmlLabel{htmlf(`<tr><td colspan="2" align="left"><b>%s</b></td></tr>`, title)}
	for i, p := range paths {
		ex := p.Explanation.EN
		if nl {
			ex = p.Explanation.NL
		}
		ex += " — " + pick(nl, "strength ", "sterkte ") + analysis.FormatStrength(p.Strength, code)
		var lines []htmlLabel
		for _, l := range wrap(ex, noteRunes) {
			lines = append(lines, htmlf("%s", l))
		}
		rows = append(rows, htmlf(`<tr><td align="right" valign="top">%d.</td><td align="left" balign="left">%s</td></tr>`, i+1, htmlJoin(lines, htmlf("<br/>"))))
	}
	notes := htmlf(`<table border="0" cellborder="0" cellspacing="1" cellpadding="2">%s</table>`, htmlJoin(rows, htmlLabel{}))
	w.defaults("graph", attrs{"fontcolor": textColor, "fontsize": "10", "label": notes, "labeljust": "l", "labelloc": "b"})
	w.buf.WriteString("}\n")
	return w.buf.Bytes(), nil
}

// wrap breaks s at spaces into lines of at most width runes (a longer word
// gets a line of its own).
func wrap(s string, width int) []string {
	var lines []string
	var cur strings.Builder
	n := 0
	for _, word := range strings.Fields(s) {
		wl := utf8.RuneCountInString(word)
		if n > 0 && n+1+wl > width {
			lines = append(lines, cur.String())
			cur.Reset()
			n = 0
		}
		if n > 0 {
			cur.WriteByte(' ')
			n++
		}
		cur.WriteString(word)
		n += wl
	}
	if n > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}
