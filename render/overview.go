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

// AdviceName returns the name of an advice code in lang ("nl" for Dutch,
// anything else English): analysis.AdviceCode.Name.
func AdviceName(c analysis.AdviceCode, lang string) string { return c.Name(lang) }

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
	// (analysis.Conformance); each drawn stakeholder carries its first
	// advice as a badge under its name.
	Advice []analysis.Advice
	// Brokers, optional, are analysis.Brokers' ranking for the develop
	// targets: a drawn broker's name is bold and its tooltip says how many
	// targets it opens.
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
	segs := opts.Segments
	if len(segs) == 0 {
		segs = segment.Segments
	}
	return MostAttractive(m, segs, nil, per), nil
}

// MostAttractive returns, for each of the segments, its perSegment most
// attractive rows of m (highest attractiveness mean, ties by name, then
// id — the order in which the matrix names them), keeping only rows of
// the party types when any are given ("" for the unclassified). It is how
// the overview and the reach picture choose the stakeholders that matter.
func MostAttractive(m *segment.Matrix, segments []segment.Segment, partyTypes []graph.PartyType, perSegment int) map[segment.Segment][]*segment.MatrixRow {
	at := map[segment.Segment][]int{} // rows by index: only the first perSegment are made
	for i := range m.Len() {
		sg := m.Segment(i)
		if !sg.Placed() || !slices.Contains(segments, sg) ||
			len(partyTypes) > 0 && !slices.Contains(partyTypes, m.Stakeholder(i).PartyType) {
			continue
		}
		at[sg] = append(at[sg], i)
	}
	out := make(map[segment.Segment][]*segment.MatrixRow, len(at))
	for sg, is := range at {
		slices.SortFunc(is, func(i, j int) int {
			a, _ := m.Means(i)
			b, _ := m.Means(j)
			x, y := m.Stakeholder(i), m.Stakeholder(j)
			return cmp.Or(cmp.Compare(b, a), cmp.Compare(x.Name, y.Name), cmp.Compare(x.ID, y.ID)) // byAttractiveness
		})
		for _, i := range is[:min(len(is), perSegment)] {
			r := m.Row(i)
			out[sg] = append(out[sg], &r)
		}
	}
	return out
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
	d, err := overviewDraw(in, opts)
	if err != nil {
		return nil, "", err
	}
	return deliver(ctx, d.write(), d.lg, Nop, nil, &opts.PNG, f)
}

// Geometry of the overview, in points.
const (
	ovCellW    = 168.0 // a stakeholder's cell in a quadrant
	ovCellH    = 36.0
	ovNodeW    = 158.0 // a node's box
	ovNodeH    = 30.0
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
// segment's colour (SegmentColor; unfilled, so that the lines under it
// show), named with its number of stakeholders, and holding its
// PerQuadrant most attractive stakeholders in a grid of two columns (most
// attractive first, row by row). Every node speaks the colour language of
// every picture: filled by its segment, a box (organisation) or an
// ellipse (person), outlined by its party type; our employees dark
// hexagons. A stakeholder's first policy advice is written under its name
// as a badge (analysis.AdviceCode.Name) — never a colour.
//
// On the right two columns of the network: the intermediaries (the nodes
// on the drawn stakeholders' warm paths that are neither our employees nor
// drawn in a quadrant) and, furthest right, our employees who start those
// paths. Within a column nodes are ordered by the mean height of the
// stakeholders they lead to (ties by id), which keeps lines short and
// crossings few; a column longer than twice the matrix's height wraps
// into more columns of equal length. The hops of every drawn
// stakeholder's paths are drawn once each, as straight lines whose width
// and shade grow with the hop's strength (dashed when derived: from
// logged contacts or a shared organisation). A stakeholder without paths
// has no line: nobody here reaches it within the hop cap. Brokers
// (OverviewInput.Brokers) have bold names. A column's title stands above
// its highest node. The legend under the picture explains it all.
//
// In the SVG every stakeholder carries id="overview-ID" and the classes
// "overview-node", "stakeholder", "segment-S", "advice-A", "kind-K"; an
// intermediary "intermediary" (and "broker"), an employee "employee"; a
// hop id="reach-U-V" (its ends' ids, sorted) and the class "reach".
//
// # Errors
//
// A *graph.Error with code graph.EINVALID for a nil matrix, PerQuadrant
// out of range, an unknown segment, a path whose steps do not join its
// nodes, or more nodes than MaxNodes (the message suggests a filter; it
// also matches ErrTooLarge).
func OverviewDOT(in OverviewInput, opts OverviewOptions) ([]byte, error) {
	d, err := overviewDraw(in, opts)
	if err != nil {
		return nil, err
	}
	return d.write(), nil
}

// overviewDraw lays the overview out, ready to write.
func overviewDraw(in OverviewInput, opts OverviewOptions) (*overviewDrawing, error) {
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
	return d, nil
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
	segment map[string]segment.Segment // every matrix row's segment
	party   map[string]graph.PartyType
	lg      legend

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
	derived  bool
	text     string
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
	d.segment, d.party = map[string]segment.Segment{}, map[string]graph.PartyType{}
	for _, r := range d.in.Matrix.All() {
		d.segment[r.Stakeholder.ID] = r.Placement.Segment
		d.party[r.Stakeholder.ID] = r.Stakeholder.PartyType
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
					h = &ovHop{u: k[0], v: k[1], strength: st.Strength, derived: st.Derived, text: pick(d.nl, st.Text.EN, st.Text.NL)}
					d.hops[k] = h
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
		for _, r := range d.in.Matrix.All() {
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

	w.comment("column titles, above each column's highest node")
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
		y := top
		for j := i; j < len(d.columns) && d.nodes[d.columns[j][0]].Kind == kind; j++ {
			for _, id := range d.columns[j] {
				y = max(y, d.pos[id][1]+ovNodeH/2)
			}
		}
		x := d.pos[col[0]][0]
		w.node("_title_"+strconv.Itoa(i), attrs{
			"shape": "plaintext", "style": "", "fixedsize": "false", "width": "0", "height": "0",
			"label": htmlf(`<FONT POINT-SIZE="12" COLOR="%s"><B>%s</B></FONT>`, textColor, title),
			"pos":   pos(x, y+14), "class": "column-title",
		})
	}

	w.comment("stakeholders, by quadrant, most attractive first")
	codes := map[analysis.AdviceCode]bool{}
	for _, sg := range quadrantOrder {
		for _, r := range d.rows[sg] {
			id := r.Stakeholder.ID
			code := d.advice[id]
			tip := []string{r.Stakeholder.Name, sg.Name(d.opts.Lang)}
			if code != "" {
				codes[code] = true
				tip = append(tip, code.Name(d.opts.Lang)+": "+d.reason[id])
			}
			if len(d.in.Paths[id]) == 0 {
				tip = append(tip, pick(d.nl, "no warm path within reach", "geen warm pad binnen bereik"))
			}
			a := d.nodeAttrs(id, "stakeholder segment-"+string(sg)+" advice-"+adviceClass(code))
			if code != "" {
				a["label"] = htmlf(`%s<BR/><FONT POINT-SIZE="8"><I>%s</I></FONT>`, truncate(r.Stakeholder.Name), "["+code.Name(d.opts.Lang)+"]")
			}
			a["tooltip"] = strings.Join(tip, " · ")
			w.node(id, a)
		}
	}

	w.comment("intermediaries and employees, column by column")
	employees, brokers := false, false
	for _, col := range d.columns {
		for _, id := range col {
			n := d.nodes[id]
			a := d.nodeAttrs(id, "")
			tip := []string{n.Name}
			if n.Kind == graph.KindEmployee {
				employees = true
				a["class"] = a["class"].(string) + " employee"
				tip = append(tip, pick(d.nl, "our employee", "onze medewerker"))
			} else {
				class := "intermediary"
				if b, ok := d.brokers[id]; ok {
					brokers = true
					class += " broker"
					boldLabel(a)
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
	derived := false
	for _, k := range keys {
		h := d.hops[k]
		derived = derived || h.derived
		a := tieStyle(h.strength, h.derived)
		a["class"] = "reach"
		a["id"] = "reach-" + h.u + "-" + h.v
		a["tooltip"] = h.text
		w.edge(h.u, h.v, a)
	}

	d.lg.sections = []legendSection{segmentLegend(d.nl, "ellipse", true), kindLegend(d.nl, employees), partyLegend(d.nl, "ellipse"),
		tieLegend(d.nl, derived, pick(d.nl, "Step of a warm path (width and shade: strength)", "Stap van een warm pad (dikte en tint: sterkte)"))}
	var notes []string
	if len(codes) > 0 {
		notes = append(notes, pick(d.nl, "[…] under a name: its policy advice", "[…] onder een naam: het beleidsadvies"))
	}
	if brokers {
		notes = append(notes, pick(d.nl, "bold name: a broker of the develop targets", "vette naam: een makelaar naar de ontwikkeldoelen"))
	}
	notes = append(notes, pick(d.nl, "a stakeholder without a line is out of reach", "een stakeholder zonder lijn is buiten bereik"))
	d.lg.note = strings.Join(notes, " · ")
	w.legendComments(d.lg)
	w.buf.WriteString("}\n")
	return w.buf.Bytes()
}

// nodeAttrs returns the attributes of a drawn node in the colour language
// of every picture.
func (d *overviewDrawing) nodeAttrs(id, class string) attrs {
	n := d.nodes[id]
	p := d.pos[id]
	var a attrs
	if n.Kind == graph.KindEmployee {
		a = attrs{"shape": "hexagon", "fillcolor": ColorEmployee, "color": EmployeeOutline, "fontcolor": "white", "penwidth": "1.5", "style": "filled"}
	} else {
		shape, style := "ellipse", []string{"filled"}
		if n.Kind == graph.KindOrganisation {
			shape, style = "box", []string{"filled", "rounded"}
		}
		sg := d.segment[id]
		if !sg.Placed() {
			sg = segment.Unassessed
		}
		a = partyOutline(d.party[id], style...)
		a["shape"], a["fillcolor"], a["fontcolor"] = shape, SegmentColor(sg), segmentText(sg)
	}
	a["id"] = "overview-" + id
	a["class"] = strings.TrimSpace("overview-node kind-" + string(n.Kind) + " " + class)
	a["label"] = truncate(n.Name)
	a["pos"] = pos(p[0], p[1])
	return a
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
