package render

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// Defaults and limits of the overview picture.
const (
	// DefaultPerQuadrant is how many stakeholders each quadrant of the
	// overview shows when OverviewOptions.PerQuadrant is 0.
	DefaultPerQuadrant = 8
	// MaxPerQuadrant is the largest PerQuadrant accepted.
	MaxPerQuadrant = 100
	// DefaultOverviewMaxNodes is the overview's cap on drawn stakeholders,
	// intermediaries and employees when OverviewOptions.MaxNodes is 0.
	DefaultOverviewMaxNodes = 300
)

// AdviceColor returns the colour of a policy-conformance advice code
// (analysis.AdviceCode) in the overview picture: green for ok, blue for
// develop, red for intensify, orange for raise_level, purple for reduce and
// lower_level (more effort than the policy asks), dark yellow for
// assign_owner and single_holder (coordination), grey for no advice.
func AdviceColor(c analysis.AdviceCode) string {
	switch c {
	case analysis.AdviceOK:
		return "#1a9850"
	case analysis.AdviceDevelop:
		return "#2c7bb6"
	case analysis.AdviceIntensify:
		return "#d7191c"
	case analysis.AdviceRaiseLevel:
		return "#f07c19"
	case analysis.AdviceReduce, analysis.AdviceLowerLevel:
		return "#7b3294"
	case analysis.AdviceAssignOwner, analysis.AdviceSingleHolder:
		return "#a6761d"
	}
	return "#8a94a6"
}

// AdviceName returns the name of an advice code in lang ("nl" for Dutch,
// anything else English), as the legend of the overview prints it.
func AdviceName(c analysis.AdviceCode, lang string) string {
	nl := dutch(lang)
	switch c {
	case analysis.AdviceOK:
		return pick(nl, "conforms to policy", "volgens beleid")
	case analysis.AdviceDevelop:
		return pick(nl, "develop", "ontwikkelen")
	case analysis.AdviceIntensify:
		return pick(nl, "intensify", "intensiveren")
	case analysis.AdviceRaiseLevel:
		return pick(nl, "raise the level", "hoger niveau")
	case analysis.AdviceReduce:
		return pick(nl, "reduce", "afbouwen")
	case analysis.AdviceLowerLevel:
		return pick(nl, "lower the level", "lager niveau")
	case analysis.AdviceAssignOwner:
		return pick(nl, "assign an owner", "eigenaar toewijzen")
	case analysis.AdviceSingleHolder:
		return pick(nl, "held by one colleague", "door één collega gehouden")
	}
	return pick(nl, "no advice", "geen advies")
}

// OverviewInput is what the overview picture draws. render reads no store:
// the caller computes each part with the analyses.
type OverviewInput struct {
	// Matrix is the segment matrix (segment.BuildMatrix); its placed rows
	// fill the quadrants.
	Matrix *segment.Matrix
	// Paths maps a stakeholder's id to its warm paths from our employees,
	// best first (analysis.WarmPaths with To set to the id). Only the
	// stakeholders OverviewTargets selects need an entry.
	Paths map[string][]analysis.Path
	// Advice is the policy conformance of the stakeholders
	// (analysis.Conformance); each drawn stakeholder and the hop that
	// reaches it are coloured by its first advice code (AdviceColor).
	Advice []analysis.Advice
	// Brokers, optional, are analysis.Brokers' ranking for the develop
	// targets: a drawn broker is outlined in bold and its tooltip says how
	// many targets it opens.
	Brokers []analysis.Broker
}

// OverviewOptions are the options of the overview picture.
type OverviewOptions struct {
	// Lang is the language of every text: "nl" for Dutch, anything else
	// English.
	Lang string
	// PerQuadrant is how many stakeholders each quadrant shows: the most
	// attractive (highest attractiveness mean, ties by name, then id, as
	// the matrix names them). 0 means DefaultPerQuadrant; at most
	// MaxPerQuadrant.
	PerQuadrant int
	// Segments keeps only the stakeholders of these quadrants; empty means
	// all four. The quadrants themselves are always drawn.
	Segments []segment.Segment
	// MaxNodes caps the drawn stakeholders, intermediaries and employees; 0
	// means DefaultOverviewMaxNodes. A larger picture is refused with
	// EINVALID (and ErrTooLarge).
	MaxNodes int
	// PNG holds the options of the PNG format.
	PNG PNGOptions
}

// OverviewTargets returns the ids of the stakeholders the overview draws in
// its quadrants for m and opts, sorted by id: the ones whose warm paths
// OverviewInput.Paths should hold. It returns EINVALID for options out of
// range.
func OverviewTargets(m *segment.Matrix, opts OverviewOptions) ([]string, error) {
	rows, err := overviewRows(m, opts)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, sg := range quadrantOrder {
		for _, r := range rows[sg] {
			ids = append(ids, r.Stakeholder.ID)
		}
	}
	slices.Sort(ids)
	return ids, nil
}

// overviewRows returns, per quadrant, the rows the overview draws, most
// attractive first.
func overviewRows(m *segment.Matrix, opts OverviewOptions) (map[segment.Segment][]*segment.MatrixRow, error) {
	if m == nil {
		return nil, graph.Invalid("matrix", "is required")
	}
	per := opts.PerQuadrant
	if per == 0 {
		per = DefaultPerQuadrant
	}
	if per < 0 || per > MaxPerQuadrant {
		return nil, graph.Invalid("top", "%d stakeholders per quadrant is not in 1…%d", opts.PerQuadrant, MaxPerQuadrant)
	}
	for _, sg := range opts.Segments {
		if !sg.Placed() {
			return nil, graph.Invalid("segment", "%q is not invest, develop, harvest or ignore", sg)
		}
	}
	out := map[segment.Segment][]*segment.MatrixRow{}
	for i := range m.Rows {
		r := &m.Rows[i]
		sg := r.Placement.Segment
		if !sg.Placed() || len(opts.Segments) > 0 && !slices.Contains(opts.Segments, sg) {
			continue
		}
		out[sg] = append(out[sg], r)
	}
	for sg, rs := range out {
		slices.SortFunc(rs, byAttractiveness)
		out[sg] = rs[:min(len(rs), per)]
	}
	return out, nil
}

// byAttractiveness orders matrix rows most attractive first: by
// attractiveness mean, descending, then name, then id.
func byAttractiveness(a, b *segment.MatrixRow) int {
	return cmp.Or(
		cmp.Compare(b.Placement.Attractiveness.Mean, a.Placement.Attractiveness.Mean),
		cmp.Compare(a.Stakeholder.Name, b.Stakeholder.Name),
		cmp.Compare(a.Stakeholder.ID, b.Stakeholder.ID))
}

// Overview draws the overview picture in format f (see OverviewDOT) and
// returns the bytes and their content type. Every node is pinned, so the
// layout (engine Nop) costs nothing; ctx bounds the Graphviz and PNG steps.
func Overview(ctx context.Context, in OverviewInput, opts OverviewOptions, f Format) ([]byte, string, error) {
	if !f.Valid() {
		return nil, "", graph.Invalid("format", "%q is not one of %v", f, Formats)
	}
	dot, err := OverviewDOT(in, opts)
	if err != nil {
		return nil, "", err
	}
	return deliver(ctx, dot, Nop, nil, &opts.PNG, f)
}

// Geometry of the overview, in points.
const (
	ovCellW    = 168.0 // a stakeholder's cell in a quadrant
	ovCellH    = 26.0
	ovNodeW    = 158.0 // a node's box
	ovNodeH    = 20.0
	ovCols     = 2 // cells per quadrant row
	ovQuadPad  = 10.0
	ovHeader   = 44.0 // the quadrant's name and count
	ovGap      = 150.0
	ovColGap   = 190.0 // between the network's columns
	ovMinRows  = 6
	ovNameFont = 14.0
)

// OverviewDOT returns the overview picture as DOT with every node pinned
// (pos="x,y!" in points) for SVG with the Nop engine: the segment matrix
// and, beside it, the part of the network that reaches its stakeholders.
// The output depends only on its input: nodes in a fixed order, attributes
// sorted, numbers with at most two decimals.
//
// # The picture
//
// On the left the four quadrants in the seed's order — Develop
// (Ontwikkel) top left, Invest (Investeer) top right, Ignore (Negeer)
// bottom left, Harvest (Oogst) bottom right — each outlined in its
// colour of the network picture (SegmentColor; unfilled, so that the lines
// under it show), named with its number of stakeholders, and holding its
// PerQuadrant most attractive stakeholders in a grid of two columns (most
// attractive first, row by row). Each stakeholder is a box (organisation)
// or an ellipse (person) outlined and tinted in the colour of its first
// advice (AdviceColor; grey without advice).
//
// On the right two columns of the network: the intermediaries (the nodes
// on the drawn stakeholders' warm paths that are neither our employees nor
// drawn in a quadrant) and, furthest right, our employees who start those
// paths. Within a column nodes are ordered by the mean height of the
// stakeholders they lead to (ties by id), which keeps lines short and
// crossings few; a column longer than twice the matrix's height wraps
// into more columns of equal length. The hops of every drawn
// stakeholder's paths are drawn once each, as straight lines whose width
// is linear in the hop's strength; the hop
// that arrives at a stakeholder takes the stakeholder's advice colour (the
// first stakeholder by id when several share it), the others are grey. A
// stakeholder without paths has no line: nobody here reaches it within
// the hop cap. Brokers (OverviewInput.Brokers) are outlined in bold. A
// legend under the quadrants explains the advice colours.
//
// In the SVG every stakeholder carries id="overview-ID" and the classes
// "overview-node", "stakeholder", "segment-S", "advice-A", "kind-K"; an
// intermediary "intermediary" (and "broker"), an employee "employee"; a
// hop id="reach-U-V" (its ends' ids, sorted) and the classes "reach" and
// "advice-A" when coloured.
//
// # Errors
//
// A *graph.Error with code graph.EINVALID for a nil matrix, PerQuadrant
// out of range, an unknown segment, a path whose steps do not join its
// nodes, or more nodes than MaxNodes (the message suggests a filter; it
// also matches ErrTooLarge).
func OverviewDOT(in OverviewInput, opts OverviewOptions) ([]byte, error) {
	rows, err := overviewRows(in.Matrix, opts)
	if err != nil {
		return nil, err
	}
	d := &overviewDrawing{in: in, opts: opts, nl: dutch(opts.Lang), rows: rows}
	if err := d.collect(); err != nil {
		return nil, err
	}
	maxNodes := opts.MaxNodes
	if maxNodes <= 0 {
		maxNodes = DefaultOverviewMaxNodes
	}
	if n := len(d.pos); n > maxNodes {
		return nil, tooLarge(fmt.Sprintf(
			"the overview would have %d nodes, more than the limit of %d: show fewer stakeholders per quadrant (top) or fewer segments", n, maxNodes))
	}
	d.layoutNetwork()
	return d.write(), nil
}

// overviewDrawing holds the state of one OverviewDOT call.
type overviewDrawing struct {
	in   OverviewInput
	opts OverviewOptions
	nl   bool
	rows map[segment.Segment][]*segment.MatrixRow
	meas measurer

	advice  map[string]analysis.AdviceCode
	reason  map[string]string
	brokers map[string]analysis.Broker

	quad    map[segment.Segment]rect // the quadrants' boxes
	pos     map[string][2]float64    // every drawn node's centre
	nodes   map[string]analysis.PathNode
	inQuad  map[string]bool
	reaches map[string][]string // node id → drawn stakeholders it leads to
	hops    map[[2]string]*ovHop
	columns [][]string // intermediaries' and employees' columns, left to right
	right   float64    // the matrix's right edge
	bottom  float64    // the matrix's bottom edge
}

// ovHop is one drawn hop.
type ovHop struct {
	u, v     string // sorted ids
	strength float64
	text     string
	target   string // the stakeholder whose arriving hop this is ("" if none)
}

// collect places the quadrants and their stakeholders and gathers the
// network's nodes and hops from the paths.
func (d *overviewDrawing) collect() error {
	d.advice, d.reason = map[string]analysis.AdviceCode{}, map[string]string{}
	for _, a := range d.in.Advice {
		if len(a.Items) > 0 {
			d.advice[a.Stakeholder.ID] = a.Items[0].Code
			var rs []string
			for _, it := range a.Items {
				rs = append(rs, pick(d.nl, it.Reason.EN, it.Reason.NL))
			}
			d.reason[a.Stakeholder.ID] = strings.Join(rs, "; ")
		}
	}
	d.brokers = map[string]analysis.Broker{}
	for _, b := range d.in.Brokers {
		d.brokers[b.Node.ID] = b
	}

	// The quadrants: the two of a row share a height.
	rowsOf := func(sg segment.Segment) int { return max(ovMinRows/2, (len(d.rows[sg])+ovCols-1)/ovCols) }
	qw := ovCols*ovCellW + 2*ovQuadPad
	topH := ovHeader + float64(max(rowsOf(segment.Develop), rowsOf(segment.Invest)))*ovCellH + ovQuadPad
	botH := ovHeader + float64(max(rowsOf(segment.Ignore), rowsOf(segment.Harvest)))*ovCellH + ovQuadPad
	d.quad = map[segment.Segment]rect{
		segment.Develop: {0, botH, qw, botH + topH},
		segment.Invest:  {qw, botH, 2 * qw, botH + topH},
		segment.Ignore:  {0, 0, qw, botH},
		segment.Harvest: {qw, 0, 2 * qw, botH},
	}
	d.right, d.bottom = 2*qw, 0
	d.pos, d.nodes, d.inQuad = map[string][2]float64{}, map[string]analysis.PathNode{}, map[string]bool{}
	for _, sg := range quadrantOrder {
		q := d.quad[sg]
		for i, r := range d.rows[sg] {
			x := q.x0 + ovQuadPad + (float64(i%ovCols)+0.5)*ovCellW
			y := q.y1 - ovHeader - (float64(i/ovCols)+0.5)*ovCellH
			id := r.Stakeholder.ID
			d.pos[id] = [2]float64{x, y}
			d.nodes[id] = analysis.PathNode{ID: id, Name: r.Stakeholder.Name, Kind: r.Stakeholder.Kind}
			d.inQuad[id] = true
		}
	}

	// The hops of every drawn stakeholder's paths, in id order.
	d.reaches, d.hops = map[string][]string{}, map[[2]string]*ovHop{}
	targets := slices.Sorted(maps.Keys(d.inQuad))
	for _, t := range targets {
		for pi, p := range d.in.Paths[t] {
			if len(p.Nodes) < 2 || len(p.Steps) != len(p.Nodes)-1 || p.Nodes[len(p.Nodes)-1].ID != t {
				return graph.Invalid("paths", "path %d to %s does not end at it or its steps do not join its nodes", pi+1, t)
			}
			for j, n := range p.Nodes {
				if _, ok := d.nodes[n.ID]; !ok {
					d.nodes[n.ID] = n
				}
				if !d.inQuad[n.ID] && !slices.Contains(d.reaches[n.ID], t) {
					d.reaches[n.ID] = append(d.reaches[n.ID], t)
				}
				if j == 0 {
					continue
				}
				st := p.Steps[j-1]
				if st.From != p.Nodes[j-1].ID || st.To != n.ID {
					return graph.Invalid("paths", "path %d to %s: step %d does not join its nodes", pi+1, t, j)
				}
				k := [2]string{min(st.From, st.To), max(st.From, st.To)}
				h := d.hops[k]
				if h == nil {
					h = &ovHop{u: k[0], v: k[1], strength: st.Strength, text: pick(d.nl, st.Text.EN, st.Text.NL)}
					d.hops[k] = h
				}
				if j == len(p.Nodes)-1 && h.target == "" {
					h.target = t
				}
			}
		}
	}
	for id := range d.nodes {
		if !d.inQuad[id] {
			d.pos[id] = [2]float64{} // placed by layoutNetwork; counted for the cap now
		}
	}
	return nil
}

// layoutNetwork places the intermediaries and employees in columns right
// of the matrix, ordered by the mean height of what they lead to.
func (d *overviewDrawing) layoutNetwork() {
	var inter, emps []string
	for id, n := range d.nodes {
		switch {
		case d.inQuad[id]:
		case n.Kind == graph.KindEmployee:
			emps = append(emps, id)
		default:
			inter = append(inter, id)
		}
	}
	height := d.quad[segment.Develop].y1
	fit := max(1, int(height/ovCellH)-1) // rows as tall as the matrix
	bary := func(id string) float64 {
		var s float64
		for _, t := range d.reaches[id] {
			s += d.pos[t][1]
		}
		return s / float64(max(1, len(d.reaches[id])))
	}
	x := d.right + ovGap + ovNodeW/2
	for _, group := range [][]string{inter, emps} {
		if len(group) == 0 {
			continue
		}
		slices.SortFunc(group, func(a, b string) int {
			return cmp.Or(cmp.Compare(bary(b), bary(a)), cmp.Compare(a, b)) // highest first
		})
		// One column up to twice the matrix's height, then as many
		// columns of equal length as that needs.
		perCol := len(group)
		if cols := (len(group) + 2*fit - 1) / (2 * fit); cols > 1 {
			perCol = (len(group) + cols - 1) / cols
		}
		for start := 0; start < len(group); start += perCol {
			col := group[start:min(len(group), start+perCol)]
			// Centre the column on the matrix's height.
			top := height/2 + float64(len(col)-1)*ovCellH/2
			for i, id := range col {
				d.pos[id] = [2]float64{x, top - float64(i)*ovCellH}
			}
			d.columns = append(d.columns, col)
			x += ovColGap
		}
	}
}

func (d *overviewDrawing) write() []byte {
	w := &dotWriter{}
	w.buf.WriteString("// relmap overview: the segment matrix and, beside it, who reaches its stakeholders.\n")
	w.buf.WriteString("// Every node is pinned in points; lay out with neato -n (nop).\n")
	w.buf.WriteString("graph \"overview\" {\n")
	w.defaults("graph", attrs{
		"bgcolor": "white", "fontname": fontName, "inputscale": "72", "layout": "neato",
		"notranslate": "true", "outputorder": "edgesfirst", "overlap": "true", "pad": "0.3",
		"splines": "false",
	})
	w.defaults("node", attrs{"fixedsize": "true", "fontname": fontName, "fontsize": "9", "label": " ", "margin": "0",
		"width": inches(ovNodeW), "height": inches(ovNodeH), "style": "filled"})
	w.defaults("edge", attrs{"color": TieColor})

	w.comment("quadrants: develop (top left), invest (top right), ignore (bottom left), harvest (bottom right)")
	for _, sg := range quadrantOrder {
		q := d.quad[sg]
		w.node("_quadrant_"+string(sg), attrs{
			"shape": "box", "style": "solid", "color": SegmentColor(sg), "penwidth": "2", "id": "quadrant-" + string(sg),
			"width": inches(q.x1 - q.x0), "height": inches(q.y1 - q.y0), "pos": pos((q.x0+q.x1)/2, (q.y0+q.y1)/2),
			"class": "quadrant segment-" + string(sg),
		})
		total := 0
		for _, r := range d.in.Matrix.Rows {
			if r.Placement.Segment == sg {
				total++
			}
		}
		count := strconv.Itoa(len(d.rows[sg])) + pick(d.nl, " of ", " van ") + strconv.Itoa(total) + " stakeholders"
		label := htmlf(`<FONT POINT-SIZE="%s" COLOR="%s"><B><I>%s</I></B></FONT><BR ALIGN="LEFT"/><FONT POINT-SIZE="9" COLOR="%s"><I>%s</I></FONT><BR ALIGN="LEFT"/>`,
			num(ovNameFont), textColor, sg.Name(d.opts.Lang), mutedColor, count)
		w.node("_name_"+string(sg), attrs{
			"shape": "plaintext", "style": "", "fixedsize": "false", "width": "0", "height": "0", "label": label,
			"pos": pos(q.x0+ovQuadPad+ovCellW/2, q.y1-ovHeader/2), "class": "quadrant-name segment-" + string(sg),
		})
	}

	w.comment("column titles")
	titles := []string{pick(d.nl, "Intermediaries", "Intermediairs"), pick(d.nl, "Our employees", "Onze medewerkers")}
	top := d.quad[segment.Develop].y1
	seenEmp := false
	for i, col := range d.columns {
		kind := d.nodes[col[0]].Kind
		if kind != graph.KindEmployee && i > 0 || kind == graph.KindEmployee && seenEmp {
			continue // a wrapped column has no title of its own
		}
		title := titles[0]
		if kind == graph.KindEmployee {
			title, seenEmp = titles[1], true
		}
		x := d.pos[col[0]][0]
		w.node("_title_"+strconv.Itoa(i), attrs{
			"shape": "plaintext", "style": "", "fixedsize": "false", "width": "0", "height": "0",
			"label": htmlf(`<FONT POINT-SIZE="12" COLOR="%s"><B>%s</B></FONT>`, textColor, title),
			"pos":   pos(x, top+14), "class": "column-title",
		})
	}

	w.comment("stakeholders, by quadrant, most attractive first")
	for _, sg := range quadrantOrder {
		for _, r := range d.rows[sg] {
			id := r.Stakeholder.ID
			code := d.advice[id]
			tip := []string{r.Stakeholder.Name, sg.Name(d.opts.Lang)}
			if code != "" {
				tip = append(tip, AdviceName(code, d.opts.Lang)+": "+d.reason[id])
			}
			if len(d.in.Paths[id]) == 0 {
				tip = append(tip, pick(d.nl, "no warm path within reach", "geen warm pad binnen bereik"))
			}
			a := d.nodeAttrs(id, "stakeholder segment-"+string(sg)+" advice-"+adviceClass(code))
			a["color"] = AdviceColor(code)
			a["fillcolor"] = tint(AdviceColor(code), 0.15)
			a["penwidth"] = "2"
			a["tooltip"] = strings.Join(tip, " · ")
			w.node(id, a)
		}
	}

	w.comment("intermediaries and employees, column by column")
	for _, col := range d.columns {
		for _, id := range col {
			n := d.nodes[id]
			var a attrs
			tip := []string{n.Name}
			if n.Kind == graph.KindEmployee {
				a = d.nodeAttrs(id, "employee")
				a["shape"] = "hexagon"
				a["fillcolor"] = ColorEmployee
				a["color"] = EmployeeOutline
				a["fontcolor"] = "white"
				tip = append(tip, pick(d.nl, "our employee", "onze medewerker"))
			} else {
				class := "intermediary"
				a = d.nodeAttrs(id, "")
				a["fillcolor"] = ClusterFill
				a["color"] = outlineColor
				if b, ok := d.brokers[id]; ok {
					class += " broker"
					a["penwidth"] = "2.5"
					tip = append(tip, pick(d.nl, it(b.Opens, "opens %d target", "opens %d targets"), it(b.Opens, "opent %d doel", "opent %d doelen")))
				}
				a["class"] = a["class"].(string) + " " + class
			}
			tip = append(tip, pick(d.nl, "leads to ", "leidt naar ")+strconv.Itoa(len(d.reaches[id])))
			a["tooltip"] = strings.Join(tip, " · ")
			w.node(id, a)
		}
	}

	w.comment("hops of the warm paths")
	keys := slices.SortedFunc(maps.Keys(d.hops), func(a, b [2]string) int {
		return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1]))
	})
	for _, k := range keys {
		h := d.hops[k]
		a := attrs{
			"class":    "reach",
			"id":       "reach-" + h.u + "-" + h.v,
			"penwidth": num(MinPenWidth + (MaxPenWidth-MinPenWidth)*clamp01(h.strength)),
			"tooltip":  h.text,
		}
		if h.target != "" {
			code := d.advice[h.target]
			a["color"] = AdviceColor(code)
			a["class"] = "reach advice-" + adviceClass(code)
		}
		w.edge(h.u, h.v, a)
	}

	w.comment("legend")
	lx, ly := 0.0, -22.0
	title := pick(d.nl, "Policy conformance of the stakeholders and of the hop that reaches them", "Beleidsconformiteit van de stakeholders en van de stap die hen bereikt")
	w.node("_legend_title", attrs{
		"shape": "plaintext", "style": "", "fixedsize": "false", "width": "0", "height": "0", "class": "legend",
		"label": htmlf(`<FONT POINT-SIZE="10" COLOR="%s"><B>%s</B></FONT>`, textColor, title),
		"pos":   pos(lx+d.meas.width(bold, 10, title)/2, ly),
	})
	ly -= 20
	legend := []analysis.AdviceCode{analysis.AdviceOK, analysis.AdviceDevelop, analysis.AdviceIntensify, analysis.AdviceRaiseLevel,
		analysis.AdviceReduce, analysis.AdviceLowerLevel, analysis.AdviceAssignOwner, analysis.AdviceSingleHolder}
	for i, c := range legend {
		x := lx + 65 + float64(i%4)*170
		y := ly - float64(i/4)*18
		w.node("_legend_"+string(c), attrs{
			"shape": "box", "fixedsize": "true", "width": inches(10), "height": inches(10), "penwidth": "0",
			"fillcolor": AdviceColor(c), "color": AdviceColor(c), "pos": pos(x-60, y), "class": "legend advice-" + adviceClass(c),
		})
		w.node("_legend_"+string(c)+"_name", attrs{
			"shape": "plaintext", "style": "", "fixedsize": "false", "width": "0", "height": "0", "class": "legend",
			"label": htmlf(`<FONT POINT-SIZE="9" COLOR="%s">%s</FONT>`, textColor, AdviceName(c, d.opts.Lang)),
			"pos":   pos(x-52+d.meas.width(regular, 9, AdviceName(c, d.opts.Lang))/2, y),
		})
	}
	w.buf.WriteString("}\n")
	return w.buf.Bytes()
}

// nodeAttrs returns the common attributes of a drawn node.
func (d *overviewDrawing) nodeAttrs(id, class string) attrs {
	n := d.nodes[id]
	p := d.pos[id]
	shape := "box"
	style := "filled"
	if n.Kind != graph.KindOrganisation {
		shape, style = "ellipse", "filled"
	}
	return attrs{
		"id":    "overview-" + id,
		"class": strings.TrimSpace("overview-node kind-" + string(n.Kind) + " " + class),
		"label": truncate(n.Name),
		"pos":   pos(p[0], p[1]),
		"shape": shape,
		"style": style,
	}
}

// tint returns the opaque colour of hex ("#rrggbb") laid over white at
// opacity a: each channel c becomes 255 − a·(255 − c). Opaque, so that
// the lines under a node do not show through its name.
func tint(hex string, a float64) string {
	v, err := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	if err != nil || len(hex) != 7 {
		panic("render: tint of " + hex) // only our own colour constants come here
	}
	out := "#"
	for _, shift := range []uint{16, 8, 0} {
		c := float64(v >> shift & 0xff)
		out += fmt.Sprintf("%02x", int(math.Round(255-a*(255-c))))
	}
	return out
}

// adviceClass is the class suffix of an advice code ("none" for none).
func adviceClass(c analysis.AdviceCode) string {
	if c == "" {
		return "none"
	}
	return string(c)
}

// it formats a count with a singular or plural form.
func it(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf(one, n)
	}
	return fmt.Sprintf(many, n)
}
