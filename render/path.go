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
	"github.com/relmap/relmap/segment"
)

// noteRunes is the width at which the notes under the paths wrap.
const noteRunes = 90

// PathsOptions are the options of the warm-path picture.
type PathsOptions struct {
	// Lang is the language of every text: "nl" for Dutch, anything else
	// English.
	Lang string
	// Segments and PartyTypes colour and outline the stakeholders on the
	// paths (the colour language of every picture); a stakeholder missing
	// from Segments counts as unassessed (white), from PartyTypes as
	// unclassified (thin outline).
	Segments   map[string]segment.Segment
	PartyTypes map[string]graph.PartyType
	// PNG holds the options of the PNG format.
	PNG PNGOptions
}

// Paths draws the warm paths in format f (see PathsDOT) and returns the
// bytes and their content type. It lays out with dot; ctx bounds the
// Graphviz and PNG steps.
func Paths(ctx context.Context, paths []analysis.Path, opts PathsOptions, f Format) ([]byte, string, error) {
	if !f.Valid() {
		return nil, "", graph.Invalid("format", "%q is not one of %v", f, Formats)
	}
	pp := &pathPicture{paths: paths, opts: opts, notes: true, labels: true}
	dot, err := pp.dot()
	if err != nil {
		return nil, "", err
	}
	return deliver(ctx, dot, pp.lg, Dot, nil, &opts.PNG, f)
}

// PathsDOT returns warm paths (analysis.WarmPaths' result, best first) as
// a left-to-right directed graph for dot: each employee at the left, the
// target at the right, and every node and every hop that several paths
// share drawn once. Nodes speak the colour language of every picture
// (segment fill, kind shape, party outline; our employees dark hexagons);
// the target's name is bold. Each hop is labelled with its strength in
// lang's decimal format (analysis.FormatStrength: 0.8 in English, 0,8 in
// Dutch); its width and shade grow with the strength, a derived hop (from
// logged contacts or a shared organisation) is dashed, and its tooltip is
// the hop's sentence and the numbers of the paths that use it. Under the
// paths a note lists each path, numbered best first, with its explanation
// and its strength; the legend explains the rest.
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
func PathsDOT(paths []analysis.Path, opts PathsOptions) ([]byte, error) {
	pp := &pathPicture{paths: paths, opts: opts, notes: true, labels: true}
	return pp.dot()
}

// pathPicture draws warm paths, to one target (Paths) or to many (Reach),
// as one left-to-right graph: every node and hop that several paths share
// drawn once.
type pathPicture struct {
	paths []analysis.Path
	opts  PathsOptions
	// notes writes the numbered explanations under the paths (one
	// target); labels writes each hop's strength on it.
	notes, labels bool
	// unreached are targets without a warm path (Reach): drawn at the
	// right without a line.
	unreached []analysis.PathNode
	// idPrefix prefixes node and hop ids ("" for "path-node-" and "hop-").
	idPrefix string
	// maxPaths caps len(paths); 0 means analysis.MaxK.
	maxPaths int
	// empty is the note drawn when there is nothing to draw.
	empty [2]string
	// compact draws narrower: closer ranks, less padding around names, a
	// long name on two lines — the reach picture shares a screen with the
	// matrix and must show its names at full size in half of it.
	compact bool
	lg      legend
}

// twoLines is the length from which a compact picture writes a name on
// two lines.
const twoLines = 15

func (pp *pathPicture) dot() ([]byte, error) {
	paths := pp.paths
	limit := pp.maxPaths
	if limit == 0 {
		limit = analysis.MaxK
	}
	if len(paths) > limit {
		return nil, graph.Invalid("paths", "at most %d paths can be drawn, got %d", limit, len(paths))
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
	nl := dutch(pp.opts.Lang)
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
			k := hopKey{st.From, st.To, st.Relationship + "/" + string(st.Type)}
			h, ok := hops[k]
			if !ok {
				h = &hop{step: st}
				hops[k] = h
			}
			h.paths = append(h.paths, i+1)
		}
	}
	for _, x := range pp.unreached {
		if _, ok := nodes[x.ID]; !ok {
			nodes[x.ID] = x
			targets[x.ID] = true
		}
	}

	nodeID, hopID := "path-node-", "hop-"
	if pp.idPrefix != "" {
		nodeID, hopID = pp.idPrefix+"node-", pp.idPrefix+"hop-"
	}
	w := &dotWriter{}
	w.buf.WriteString("// relmap warm paths: " + strconv.Itoa(len(paths)) + " paths, left to right; lay out with dot.\n")
	w.buf.WriteString("digraph \"warm_paths\" {\n")
	g := attrs{"bgcolor": "white", "fontname": fontName, "layout": "dot", "nodesep": "0.3",
		"outputorder": "edgesfirst", "pad": "0.2", "rankdir": "LR", "ranksep": "0.7"}
	n := attrs{"color": outlineColor, "fillcolor": ColorUnassessed, "fontname": fontName, "fontsize": "11", "style": "filled"}
	if pp.compact {
		g["nodesep"], g["ranksep"] = "0.15", "0.35"
		n["margin"] = "0.06,0.04"
	}
	w.defaults("graph", g)
	w.defaults("node", n)
	w.defaults("edge", attrs{"arrowsize": "0.7", "color": TieColor, "fontcolor": textColor, "fontname": fontName, "fontsize": "10"})

	if len(nodes) == 0 {
		note := pick(nl, "No warm path found", "Geen warme route gevonden")
		if pp.empty[0] != "" {
			note = pick(nl, pp.empty[0], pp.empty[1])
		}
		w.node("_none", attrs{"class": "note", "color": mutedColor, "fillcolor": "white", "fontcolor": mutedColor, "label": note, "shape": "note"})
		w.buf.WriteString("}\n")
		return w.buf.Bytes(), nil
	}

	ids := make([]string, 0, len(nodes))
	for id := range nodes {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var first, last []string
	employees, segs, derived := false, map[segment.Segment]bool{}, false
	for _, id := range ids {
		x := nodes[id]
		class := []string{"path-node", "kind-" + string(x.Kind)}
		a := attrs{}
		tip := []string{x.Name}
		switch x.Kind {
		case graph.KindEmployee:
			employees = true
			a = attrs{"shape": "hexagon", "fillcolor": ColorEmployee, "color": EmployeeOutline, "fontcolor": "white", "penwidth": "1.5", "style": "filled"}
			tip = append(tip, pick(nl, "our employee", "onze medewerker"))
		default:
			shape, style := "ellipse", []string{"filled"}
			if x.Kind == graph.KindOrganisation {
				shape, style = "box", []string{"filled", "rounded"}
			}
			sg := pp.opts.Segments[id]
			if !sg.Placed() {
				sg = segment.Unassessed
			}
			segs[sg] = true
			a = partyOutline(pp.opts.PartyTypes[id], style...)
			a["shape"], a["fillcolor"], a["fontcolor"] = shape, SegmentColor(sg), segmentText(sg)
			class = append(class, "segment-"+string(sg))
			tip = append(tip, sg.Name(code))
		}
		a["id"] = nodeID + id
		a["label"] = truncate(x.Name)
		if pp.compact {
			a["label"] = splitName(truncate(x.Name))
		}
		if starts[id] {
			class = append(class, "start")
			if !middle[id] && !targets[id] {
				first = append(first, id)
			}
		}
		if targets[id] {
			class = append(class, "target")
			boldLabel(a)
			if !middle[id] && !starts[id] {
				last = append(last, id)
			}
			if slices.ContainsFunc(pp.unreached, func(n analysis.PathNode) bool { return n.ID == id }) {
				class = append(class, "unreached")
				tip = append(tip, pick(nl, "no warm path within reach", "geen warm pad binnen bereik"))
			}
		}
		a["class"] = strings.Join(class, " ")
		a["tooltip"] = strings.Join(tip, " · ")
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
	seen := map[[2]string]int{}
	for _, k := range keys {
		h := hops[k]
		derived = derived || h.step.Derived
		class := []string{"hop"}
		nums := make([]string, len(h.paths))
		for i, n := range h.paths {
			class = append(class, "path-"+strconv.Itoa(n))
			nums[i] = strconv.Itoa(n)
		}
		text := pick(nl, h.step.Text.EN, h.step.Text.NL)
		a := tieStyle(h.step.Strength, h.step.Derived)
		a["class"] = strings.Join(class, " ")
		id := hopID + k.from + "-" + k.to
		if n := seen[[2]string{k.from, k.to}]; n > 0 { // two relationships between the same people
			id += "-" + strconv.Itoa(n+1)
		}
		seen[[2]string{k.from, k.to}]++
		a["id"] = id
		a["tooltip"] = text + " — " + pick(nl, "path ", "route ") + strings.Join(nums, ", ")
		if pp.labels {
			a["label"] = analysis.FormatStrength(h.step.Strength, code)
		}
		w.line(quote(k.from) + " -> " + quote(k.to) + " " + a.String())
	}

	// The legend: the segments present, the shapes, the party outlines and
	// the lines.
	var sec legendSection
	sec.title = pick(nl, "Segment (colour)", "Segment (kleur)")
	for _, sg := range append(slices.Clone(segment.Segments), segment.Unassessed) {
		if segs[sg] {
			stroke := outlineColor
			if sg == segment.Unassessed {
				stroke = mutedColor
			}
			sec.items = append(sec.items, legendItem{swatch{shape: "ellipse", fill: SegmentColor(sg), stroke: stroke, penwidth: 0.8}, sg.Name(code)})
		}
	}
	if len(sec.items) > 0 {
		pp.lg.sections = append(pp.lg.sections, sec)
	}
	pp.lg.sections = append(pp.lg.sections, kindLegend(nl, employees), partyLegend(nl, "ellipse"),
		tieLegend(nl, derived, pick(nl, "Step (width and shade: strength)", "Stap (dikte en tint: sterkte)")))
	pp.lg.note = pick(nl, "Bold name: the stakeholder the paths lead to", "Vette naam: de stakeholder waar de paden heen leiden")
	w.legendComments(pp.lg)

	if pp.notes {
		// The notes: every path's explanation, numbered.
		target := paths[0].Nodes[len(paths[0].Nodes)-1].Name
		title := pick(nl, "Warm paths to ", "Warme routes naar ") + target
		rows := []htmlLabel{htmlf(`<tr><td colspan="2" align="left"><b>%s</b></td></tr>`, title)}
		for i, p := range paths {
			ex := pick(nl, p.Explanation.EN, p.Explanation.NL)
			ex += " — " + pick(nl, "strength ", "sterkte ") + analysis.FormatStrength(p.Strength, code)
			var lines []htmlLabel
			for _, l := range wrap(ex, noteRunes) {
				lines = append(lines, htmlf("%s", l))
			}
			rows = append(rows, htmlf(`<tr><td align="right" valign="top">%d.</td><td align="left" balign="left">%s</td></tr>`, i+1, htmlJoin(lines, htmlf("<br/>"))))
		}
		notes := htmlf(`<table border="0" cellborder="0" cellspacing="1" cellpadding="2">%s</table>`, htmlJoin(rows, htmlLabel{}))
		w.defaults("graph", attrs{"fontcolor": textColor, "fontsize": "10", "label": notes, "labeljust": "l", "labelloc": "b"})
	}
	w.buf.WriteString("}\n")
	return w.buf.Bytes(), nil
}

// splitName returns a name of twoLines runes or more as an HTML-like label
// of two lines, broken at the space nearest its middle; a shorter name, or
// one without a space, as it is.
func splitName(name string) any {
	r := []rune(name)
	if len(r) < twoLines {
		return name
	}
	best := -1
	for i, c := range r {
		if c == ' ' && (best < 0 || distance(i, len(r)/2) < distance(best, len(r)/2)) {
			best = i
		}
	}
	if best < 0 {
		return name
	}
	return htmlf("%s<BR/>%s", string(r[:best]), string(r[best+1:]))
}

func distance(a, b int) int { return max(a-b, b-a) }

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
