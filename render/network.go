package render

import (
	"context"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// Defaults and limits of the network picture.
const (
	// DefaultNetworkMaxNodes is the network picture's node cap when
	// NetworkOptions.MaxNodes is 0. sfdp lays out 1,000 nodes in about a
	// second in the WASM build (GRAPHVIZ.md); beyond it a picture no longer
	// reads anyway.
	DefaultNetworkMaxNodes = 1000
	// DotMaxNodes is the largest picture laid out with dot; larger ones use
	// sfdp with overlap=scale.
	DotMaxNodes = 60
	// DefaultDepth is the depth around a focus node or an employee when
	// NetworkOptions.Depth is 0; MaxDepth is the largest accepted.
	DefaultDepth = 2
	MaxDepth     = 8
	// MaxExplore is the largest number of ids NetworkOptions.Include and
	// Expand may hold together.
	MaxExplore = 500
	// DefaultNetworkLabels is how many nodes an sfdp picture names when
	// NetworkOptions.Labels is 0 (a dot picture names every node).
	DefaultNetworkLabels = 40
	// MinNodeSize and MaxNodeSize bound a node's diameter in points when
	// NetworkOptions.Size is given; DefaultNodeSize is every node's
	// diameter without it.
	MinNodeSize     = 14.0
	MaxNodeSize     = 54.0
	DefaultNodeSize = 22.0
	// MinPenWidth and MaxPenWidth are the widths in points of a tie of
	// strength 0 and 1; widths in between are linear in the strength.
	MinPenWidth = 0.5
	MaxPenWidth = 4.0
)

// NetworkOptions are the options of the network picture. The zero value
// draws the whole network in English, every node the same size, every
// stakeholder white (unassessed: no segments given).
type NetworkOptions struct {
	// Lang is the language of tooltips and the caption: "nl" (or a
	// regional form) for Dutch, anything else English.
	Lang string

	// Segments maps stakeholder ids to their segment (segment.Matrix rows'
	// Placement.Segment). Stakeholders are filled by SegmentColor
	// (stakeholders missing from it count as Unassessed), and the Segment
	// filter needs it.
	Segments map[string]segment.Segment
	// Size maps node ids to a value that sizes them, typically a
	// centrality from analysis.Measure. Over the drawn nodes the values are
	// mapped onto diameters from MinNodeSize to MaxNodeSize so that a
	// node's area grows linearly with its value (diameter ∝ √((v−lo)/(hi−lo))).
	// Nodes without a finite value get MinNodeSize. SizeName names the
	// measure in tooltips and the caption ("pagerank").
	Size     map[string]float64
	SizeName string

	// Filters, applied in this order (see NetworkDOT).

	// Focus is a node id: only nodes within Depth ties of it are drawn (an
	// ego network).
	Focus string
	// Employee is an employee's id: only nodes it reaches within Depth
	// ties of positive strength are drawn.
	Employee string
	// Depth is the depth around Focus and Employee: 0 means DefaultDepth;
	// 1…MaxDepth.
	Depth int
	// Include are nodes drawn whatever the filters say, and Expand nodes
	// drawn with their neighbours (one tie away): the page's explored view
	// (what it showed, and the nodes a user double-clicked). With either
	// and neither Focus nor Employee, only they (and the expanded nodes'
	// neighbours) are drawn; with Focus or Employee they add to that
	// selection. At most MaxExplore ids in all.
	Include []string
	Expand  []string
	// Segment keeps only stakeholders in these segments (needs Segments;
	// segment.Unassessed selects the unassessed).
	Segment []segment.Segment
	// PartyTypes keeps only stakeholders of these party types ("" selects
	// the unclassified).
	PartyTypes []graph.PartyType
	// MaxDegree suppresses hubs: nodes with more distinct neighbours than
	// this in the whole network are left out. 0 means no limit.
	MaxDegree int
	// TopN keeps only the TopN nodes with the largest Size (by degree when
	// Size is nil; ties by id). 0 means no limit.
	TopN int

	// Labels is how many nodes get their name printed (the largest first,
	// as TopN ranks them); the others show it in their tooltip. Employees
	// and the Focus node are always named. 0 means every node in a dot
	// picture and DefaultNetworkLabels in a larger one; negative names only
	// the employees and the focus.
	Labels int
	// MaxNodes is the node cap; 0 means DefaultNetworkMaxNodes. A filtered
	// network with more nodes is refused with EINVALID.
	MaxNodes int
	// Engine overrides the layout engine chosen by size (Dot up to
	// DotMaxNodes nodes, SFDP above); Nop is not accepted. FDP draws the
	// organisation boxes in large pictures too, at about twice sfdp's time.
	Engine Engine
	// Aspect is the height / width of the place the picture is shown in
	// (a card on the page); a force layout (sfdp, fdp, neato) is stretched
	// to it (Graphviz's ratio), so that it fills the card instead of a
	// band of it. 0 leaves the layout's own shape; otherwise 0.2…5.
	Aspect float64
	// PNG holds the options of the PNG format.
	PNG PNGOptions
}

// Network draws the network of snap, filtered by opts, in format f and
// returns the bytes and their content type: DOT from NetworkDOT, SVG from
// SVG with the engine NetworkDOT chose, PNG from PNG of that SVG. Errors
// are those of the three; ctx bounds the Graphviz and PNG steps.
func Network(ctx context.Context, snap *analysis.Snapshot, opts NetworkOptions, f Format) ([]byte, string, error) {
	if !f.Valid() {
		return nil, "", graph.Invalid("format", "%q is not one of %v", f, Formats)
	}
	dot, lg, engine, err := networkDOT(snap, opts)
	if err != nil {
		return nil, "", err
	}
	return deliver(ctx, dot, lg, engine, &SVGOptions{MaxNodes: networkCap(opts)}, &opts.PNG, f)
}

// deliver turns DOT into format f: DOT as it is, SVG laid out with engine
// with the legend lg under it, PNG rasterised from that SVG.
func deliver(ctx context.Context, dot []byte, lg legend, engine Engine, so *SVGOptions, po *PNGOptions, f Format) ([]byte, string, error) {
	if f == FormatDOT {
		return dot, f.ContentType(), nil
	}
	svg, err := SVG(ctx, dot, engine, so)
	if err != nil {
		return nil, "", err
	}
	if svg, err = appendLegend(svg, lg); err != nil {
		return nil, "", err
	}
	if f == FormatSVG {
		return svg, f.ContentType(), nil
	}
	png, err := PNG(ctx, svg, fitPNG(svg, po))
	if err != nil {
		return nil, "", err
	}
	return png, f.ContentType(), nil
}

// svgSize reads the width and height in points of Graphviz's SVG.
var svgSize = regexp.MustCompile(`<svg width="([0-9.]+)pt" height="([0-9.]+)pt"`)

// The PNG pixel budget (fitPNG).
const (
	// PNGPixelsPerNode is what each drawn node may cost in pixels, about
	// 245×245: room for its name and its ties at a readable size.
	PNGPixelsPerNode = 60_000
	// MinPNGBudget is the budget of a picture with few nodes (a matrix,
	// a path): 4 megapixels, an A4 page at 200 dots per inch.
	MinPNGBudget = 4_000_000
	// MinPNGScale is the scale below which fitPNG does not go for the
	// budget's sake: one pixel per point keeps 10-point names 10 pixels
	// high. Only MaxPNGPixels takes a picture below it.
	MinPNGScale = 1.0
)

// svgNodes counts the nodes of Graphviz's SVG (its <g class="node …">
// groups).
var svgNodes = regexp.MustCompile(`<g id="[^"]*" class="node`)

// fitPNG returns po with the scale of the PNG when po leaves it to the
// default: DefaultPNGScale, lowered so that the picture stays within its
// pixel budget — PNGPixelsPerNode for each node, at least MinPNGBudget —
// but not below MinPNGScale, and in any case within MaxPNGPixels. Force
// layouts (sfdp's overlap=scale) spread a few dozen named nodes over
// metres of points; without the budget an ego network of 60 nodes came
// out at 7,275×5,271 pixels. An explicit scale is kept, and refused by
// PNG if too large.
func fitPNG(svg []byte, po *PNGOptions) *PNGOptions {
	var o PNGOptions
	if po != nil {
		o = *po
	}
	if o.Scale != 0 {
		return &o
	}
	m := svgSize.FindSubmatch(svg)
	if m == nil {
		return &o
	}
	w, _ := strconv.ParseFloat(string(m[1]), 64)
	h, _ := strconv.ParseFloat(string(m[2]), 64)
	if w <= 0 || h <= 0 {
		return &o
	}
	budget := max(MinPNGBudget, float64(len(svgNodes.FindAllIndex(svg, -1))*PNGPixelsPerNode))
	scale := min(DefaultPNGScale, max(MinPNGScale, math.Sqrt(budget/(w*h))))
	if limit := math.Sqrt(MaxPNGPixels/(w*h)) * 0.98; scale > limit {
		scale = limit
	}
	if scale < DefaultPNGScale {
		o.Scale = math.Floor(scale*100) / 100
	}
	return &o
}

func networkCap(opts NetworkOptions) int {
	if opts.MaxNodes > 0 {
		return opts.MaxNodes
	}
	return DefaultNetworkMaxNodes
}

// NetworkDOT returns the relationship network of snap as DOT, filtered by
// opts. The output depends only on its input: nodes sorted by id (each
// organisation's cluster first), ties by their ends' ids, attributes
// sorted, numbers with at most two decimals.
//
// # Filters
//
// Focus and Employee keep the nodes within Depth ties of them (both:
// within Depth of each). Segment and PartyTypes then keep the matching
// stakeholders; employees pass them but are dropped when no tie joins them
// to a kept stakeholder. MaxDegree then drops hubs, and TopN keeps the
// largest remaining nodes. The Focus node and the Employee pass every
// filter. If more than MaxNodes nodes remain, NetworkDOT returns EINVALID
// with a message that suggests a filter.
//
// # The picture
//
// The colour language of every picture: organisations are rounded boxes,
// persons ellipses, filled by their segment (SegmentColor; white without
// Segments), outlined by their party type (partyOutline: input heavy,
// consumer dashed, intermediary double, unclassified thin); our employees
// are dark hexagons (ColorEmployee). Node diameters follow Size (see
// NetworkOptions.Size). Each person is drawn inside a cluster with the
// organisation it works at (its strongest works_at relationship, ties by
// the organisation's id) when that organisation is drawn. A tie's width
// and opacity grow linearly with its strength (tieStyle). The focus node's
// name is bold. The legend under the picture explains all of it and
// counts nodes and ties.
//
// Up to DotMaxNodes nodes lay out with dot; larger pictures with sfdp and
// overlap=scale (never overlap=false, which takes minutes in the WASM
// build). sfdp ignores clusters: a large picture keeps persons near their
// organisation only through the works_at ties (FDP draws the boxes).
//
// In the SVG every node carries id="network-ID" and the classes
// "network-node", "kind-K", "party-P" (or "party-none"), "segment-S" (with
// Segments), and "employee", "focus", "named" where they apply; every tie
// id="tie-U-V" (the ends' ids) and the classes "tie" and "rel-T".
//
// # Errors
//
// A *graph.Error with code graph.EINVALID for a nil snapshot, a Depth,
// TopN, MaxDegree, MaxNodes or Engine out of range, a Segment filter
// without Segments, an unknown segment or party type, an Employee id that
// is not an employee, or too many nodes; graph.ENOTFOUND for an unknown
// Focus or Employee id.
func NetworkDOT(snap *analysis.Snapshot, opts NetworkOptions) ([]byte, error) {
	dot, _, _, err := networkDOT(snap, opts)
	return dot, err
}

// networkDOT is NetworkDOT that also returns the legend and the engine to
// lay it out.
func networkDOT(snap *analysis.Snapshot, opts NetworkOptions) ([]byte, legend, Engine, error) {
	sel, err := selectNodes(snap, opts)
	if err != nil {
		return nil, legend{}, "", err
	}
	if opts.Aspect != 0 && !(opts.Aspect >= 0.2 && opts.Aspect <= 5) {
		return nil, legend{}, "", graph.Invalid("aspect", "%v is not between 0.2 and 5", opts.Aspect)
	}
	engine := Dot
	if len(sel.nodes) > DotMaxNodes {
		engine = SFDP
	}
	if opts.Engine != "" {
		if !opts.Engine.Valid() || opts.Engine == Nop {
			return nil, legend{}, "", graph.Invalid("engine", "%q is not one of dot, neato, fdp, sfdp, circo, twopi", opts.Engine)
		}
		engine = opts.Engine
	}
	d := &networkDrawing{snap: snap, opts: opts, sel: sel, engine: engine, nl: dutch(opts.Lang)}
	dot := d.write()
	return dot, d.lg, engine, nil
}

// networkDrawing holds the state of one NetworkDOT call.
type networkDrawing struct {
	snap   *analysis.Snapshot
	opts   NetworkOptions
	sel    *selection
	engine Engine
	nl     bool
	lg     legend
}

func (d *networkDrawing) write() []byte {
	s, sel := d.snap, d.sel
	n := len(sel.nodes)
	w := &dotWriter{}
	w.buf.WriteString("// relmap network: " + strconv.Itoa(n) + " nodes; lay out with " + string(d.engine) + ".\n")
	w.buf.WriteString("graph \"network\" {\n")
	g := attrs{"bgcolor": "white", "fontname": fontName, "layout": string(d.engine), "outputorder": "edgesfirst", "pad": "0.2"}
	switch d.engine {
	case Dot:
		g["nodesep"] = "0.25"
		g["ranksep"] = "0.6"
	default:
		g["overlap"] = "scale" // never false: prism is ~50× slower in WASM
		g["splines"] = "false"
		if d.opts.Aspect > 0 {
			g["ratio"] = num(d.opts.Aspect)
		}
	}
	w.defaults("graph", g)
	w.defaults("node", attrs{"fontname": fontName, "fontsize": "10", "color": outlineColor, "penwidth": "1", "style": "filled"})
	w.defaults("edge", attrs{"color": TieColor})

	// Which nodes are named.
	named := make(map[int32]bool, n)
	labels := d.opts.Labels
	if labels == 0 {
		labels = DefaultNetworkLabels
		if d.engine == Dot {
			labels = n
		}
	}
	for i, x := range sel.ranked {
		if i < labels {
			named[x] = true
		}
	}
	for _, x := range sel.nodes {
		if sel.anchor[x] || s.Nodes[x].Kind == graph.KindEmployee {
			named[x] = true
		}
	}
	sizes := d.sizes()

	// Clusters: each person with the organisation it works at.
	employer := d.employers()
	members := map[int32][]int32{}
	for _, p := range sel.nodes {
		if o, ok := employer[p]; ok {
			members[o] = append(members[o], p)
		}
	}
	inCluster := map[int32]bool{}
	for _, o := range sel.nodes { // id order
		ps := members[o]
		if len(ps) == 0 {
			continue
		}
		org := s.Nodes[o]
		w.line("subgraph " + quote("cluster_"+org.ID) + " {")
		w.line("  graph " + attrs{"class": "organisation-cluster", "color": ClusterLine, "fillcolor": ClusterFill,
			"id": "cluster-" + org.ID, "style": "rounded,filled", "tooltip": org.Name}.String())
		for _, x := range append([]int32{o}, ps...) {
			w.line("  " + quote(s.Nodes[x].ID) + " " + d.nodeAttrs(x, named[x], sizes[x]).String())
			inCluster[x] = true
		}
		w.line("}")
	}
	for _, x := range sel.nodes {
		if !inCluster[x] {
			w.node(s.Nodes[x].ID, d.nodeAttrs(x, named[x], sizes[x]))
		}
	}

	// Ties between drawn nodes, in (U, V) order, which is id order.
	stagger := d.stagger()
	ties := 0
	for ti, t := range s.Ties {
		if !sel.in[t.U] || !sel.in[t.V] {
			continue
		}
		ties++
		u, v := s.Nodes[t.U], s.Nodes[t.V]
		top := s.TieEdge(int32(ti))
		e := top
		for _, pe := range s.TieEdges(int32(ti)) { // the works_at behind a stronger tie keeps its cluster's pull
			if pe.Type == graph.RelWorksAt {
				e = pe
				break
			}
		}
		from, to := u, v
		if top.From != u.ID {
			from, to = v, u
		}
		tip := analysis.TieText(from, to, top.Type, t.Strength).In(langCode(d.nl))
		if p := s.Parallel(int32(ti)); p > 1 {
			tip += pick(d.nl, " and ", " en ") + strconv.Itoa(p-1) + pick(d.nl, " more", " meer")
		}
		a := tieStyle(t.Strength, false)
		a["class"] = "tie rel-" + string(top.Type)
		a["id"] = "tie-" + u.ID + "-" + v.ID
		a["tooltip"] = tip
		if d.engine == Dot && e.Type == graph.RelWorksAt {
			a["weight"] = "3"
		}
		if n := stagger[int32(ti)]; n > 1 {
			a["minlen"] = strconv.Itoa(n)
		}
		w.edge(u.ID, v.ID, a)
	}

	d.lg = d.legend(n, ties, len(members) > 0)
	w.legendComments(d.lg)
	w.buf.WriteString("}\n")
	return w.buf.Bytes()
}

// maxLeavesPerRank is how many leaves of one node dot puts side by side
// before stagger spreads them over more ranks.
const maxLeavesPerRank = 8

// stagger returns, for a dot picture, the minimum length (in ranks) of the
// ties that end in a leaf — a drawn node with one drawn tie — as
// Graphviz's unflatten -l does: the leaves of one node take lengths 1, 2,
// …, L in turn, with L the fewest ranks that hold them maxLeavesPerRank
// to a rank (at most 4). A node with thirty leaves then draws them on
// four rows instead of one row thirty names wide, so that the picture
// fits a card instead of a band across it. Ties of length 1 are absent.
func (d *networkDrawing) stagger() map[int32]int {
	if d.engine != Dot {
		return nil
	}
	s, sel := d.snap, d.sel
	degree := map[int32]int{}
	leafTie := map[int32]int32{} // leaf → its one tie
	for ti, t := range s.Ties {
		if sel.in[t.U] && sel.in[t.V] {
			degree[t.U]++
			degree[t.V]++
			leafTie[t.U], leafTie[t.V] = int32(ti), int32(ti)
		}
	}
	leaves := map[int32][]int32{} // parent → its leaves, in id order
	for _, x := range sel.nodes {
		if degree[x] != 1 {
			continue
		}
		t := s.Ties[leafTie[x]]
		parent := t.U
		if parent == x {
			parent = t.V
		}
		if degree[parent] > 1 {
			leaves[parent] = append(leaves[parent], x)
		}
	}
	out := map[int32]int{}
	for _, ls := range leaves {
		rows := min(4, (len(ls)+maxLeavesPerRank-1)/maxLeavesPerRank)
		for i, x := range ls {
			if n := 1 + i%rows; n > 1 {
				out[leafTie[x]] = n
			}
		}
	}
	return out
}

// legend explains what the picture draws: the segments (with Segments),
// the shapes, the party outlines, the organisation boxes (clusters) and
// the ties; its note counts nodes and ties.
func (d *networkDrawing) legend(nodes, ties int, clusters bool) legend {
	var employees bool
	for _, x := range d.sel.nodes {
		employees = employees || d.snap.Nodes[x].Kind == graph.KindEmployee
	}
	var lg legend
	lg.sections = append(lg.sections, segmentLegend(d.nl, "ellipse", true), kindLegend(d.nl, employees), partyLegend(d.nl, "ellipse"))
	ties1 := tieLegend(d.nl, false, pick(d.nl, "Tie (width and shade: strength)", "Relatie (dikte en tint: sterkte)"))
	if clusters {
		ties1.items = append(ties1.items, legendItem{swatch{shape: "rbox", fill: ClusterFill, stroke: ClusterLine, penwidth: 1},
			pick(d.nl, "an organisation with its people", "een organisatie met haar mensen")})
	}
	lg.sections = append(lg.sections, ties1)
	lg.note = strconv.Itoa(nodes) + pick(d.nl, " nodes, ", " knopen, ") + strconv.Itoa(ties) + pick(d.nl, " ties", " relaties")
	if d.opts.Size != nil && d.opts.SizeName != "" {
		lg.note += pick(d.nl, " · size: ", " · grootte: ") + d.opts.SizeName
	}
	if d.opts.Focus != "" {
		lg.note += pick(d.nl, " · bold name: the focus", " · vette naam: de focus")
	}
	return lg
}

// nodeAttrs returns the attributes of node x.
func (d *networkDrawing) nodeAttrs(x int32, named bool, size float64) attrs {
	nd := d.snap.Nodes[x]
	class := []string{"network-node", "kind-" + string(nd.Kind)}
	var a attrs
	var tip []string
	tip = append(tip, nd.Name)
	switch nd.Kind {
	case graph.KindEmployee:
		class = append(class, "employee")
		a = attrs{"shape": "hexagon", "fillcolor": ColorEmployee, "color": EmployeeOutline, "fontcolor": "white", "penwidth": "1.5", "style": "filled"}
		tip = append(tip, pick(d.nl, "our employee", "onze medewerker"))
	default:
		shape, style := "ellipse", []string{"filled"}
		if nd.Kind == graph.KindOrganisation {
			shape, style = "box", []string{"filled", "rounded"}
		}
		p := string(nd.PartyType)
		if p == "" {
			p = "none"
		}
		sg := d.segmentOf(nd.ID)
		class = append(class, "party-"+p, "segment-"+string(sg))
		a = partyOutline(nd.PartyType, style...)
		a["shape"] = shape
		a["fillcolor"] = SegmentColor(sg)
		a["fontcolor"] = segmentText(sg)
		tip = append(tip, strings.ToLower(kindName(nd.Kind, d.nl))+", "+strings.ToLower(partyName(nd.PartyType, d.nl)), sg.Name(langCode(d.nl)))
	}
	a["id"] = "network-" + nd.ID
	a["width"], a["height"] = inches(size), inches(size)
	if v, ok := d.opts.Size[nd.ID]; ok && finite(v) && d.opts.SizeName != "" {
		tip = append(tip, d.opts.SizeName+" "+decimal(v, 3, d.nl))
	}
	focus := d.sel.anchor[x] && nd.ID == d.opts.Focus
	if focus {
		class = append(class, "focus")
	}
	if named {
		class = append(class, "named")
		a["label"] = truncate(nd.Name)
		if focus {
			boldLabel(a)
		}
	} else {
		a["label"] = " " // an empty label would show the id
		a["fixedsize"] = "true"
		if nd.Kind == graph.KindPerson {
			a["shape"] = "circle"
		}
	}
	a["class"] = strings.Join(class, " ")
	a["tooltip"] = strings.Join(tip, " · ")
	return a
}

func (d *networkDrawing) segmentOf(id string) segment.Segment {
	if sg, ok := d.opts.Segments[id]; ok && sg != "" {
		return sg
	}
	return segment.Unassessed
}

// sizes returns each drawn node's diameter in points.
func (d *networkDrawing) sizes() map[int32]float64 {
	out := make(map[int32]float64, len(d.sel.nodes))
	if d.opts.Size == nil {
		for _, x := range d.sel.nodes {
			out[x] = DefaultNodeSize
		}
		return out
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range d.sel.nodes {
		if v, ok := d.opts.Size[d.snap.Nodes[x].ID]; ok && finite(v) {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	for _, x := range d.sel.nodes {
		v, ok := d.opts.Size[d.snap.Nodes[x].ID]
		switch {
		case !ok || !finite(v):
			out[x] = MinNodeSize
		case hi == lo:
			out[x] = (MinNodeSize + MaxNodeSize) / 2
		default:
			out[x] = MinNodeSize + (MaxNodeSize-MinNodeSize)*math.Sqrt((v-lo)/(hi-lo))
		}
	}
	return out
}

// employers returns, for each drawn person, the drawn organisation it
// works at: of its works_at relationships to drawn organisations the
// strongest, ties by the organisation's id.
func (d *networkDrawing) employers() map[int32]int32 {
	s := d.snap
	out := map[int32]int32{}
	for _, p := range d.sel.nodes {
		if s.Nodes[p].Kind != graph.KindPerson {
			continue
		}
		best, bestS := int32(-1), -1.0
		for k := s.Off[p]; k < s.Off[p+1]; k++ {
			o := s.Adj[k]
			if !d.sel.in[o] || s.Nodes[o].Kind != graph.KindOrganisation {
				continue
			}
			for _, e := range s.TieEdges(s.TieOf[k]) {
				if e.Type == graph.RelWorksAt && e.From == s.Nodes[p].ID && (e.Strength > bestS || e.Strength == bestS && o < best) {
					best, bestS = o, e.Strength
				}
			}
		}
		if best >= 0 {
			out[p] = best
		}
	}
	return out
}

func clamp01(v float64) float64 {
	if !finite(v) {
		return 0
	}
	return min(max(v, 0), 1)
}

// langCode is the language code analysis.FormatStrength expects.
func langCode(nl bool) string { return pick(nl, "en", "nl") }
