package render

import (
	"cmp"
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// Defaults and limits of the matrix picture.
const (
	// DefaultTopN is the number of stakeholders of each quadrant whose
	// names the matrix shows when MatrixOptions.TopN is 0.
	DefaultTopN = 6
	// DefaultMaxStakeholders is the number of placed stakeholders above
	// which the matrix draws their density instead of one marker each,
	// when MatrixOptions.MaxStakeholders is 0: beyond it the dots no
	// longer read as individuals.
	DefaultMaxStakeholders = 1000
	// DefaultMaxUnassessed is the number of unassessed stakeholders the
	// side box names when MatrixOptions.MaxUnassessed is 0.
	DefaultMaxUnassessed = 12
	// MaxLabelRunes is the longest name the matrix prints; longer names end
	// in "…" (the tooltip has the whole name).
	MaxLabelRunes = 28
)

// MatrixOptions are the options of the matrix picture. The zero value
// draws in English with the defaults.
type MatrixOptions struct {
	// Lang is the language of every text: "nl" (and its regional forms
	// such as "nl-BE") for Dutch, anything else English.
	Lang string
	// TopN is how many stakeholders of each quadrant get their name
	// printed: the most attractive ones (highest attractiveness mean, ties
	// by name, then id). The others are drawn as smaller marks without a
	// name; their names are in the SVG tooltips. 0 means DefaultTopN; a
	// negative TopN prints no names.
	TopN int
	// Segments keeps only the stakeholders of these segments
	// (segment.Unassessed keeps the unassessed list); PartyTypes only
	// those of these party types ("" selects the unclassified). Empty
	// means all. The quadrants are always drawn; their counts are of the
	// stakeholders kept, and the legend names the filter.
	Segments   []segment.Segment
	PartyTypes []graph.PartyType
	// Density draws the placed stakeholders as their density — one bubble
	// per cell of a grid of quarter points, in the segment's colour, its
	// area the number of stakeholders in the cell — with only the named
	// ones as markers. It is chosen by itself when more stakeholders than
	// MaxStakeholders are placed.
	Density bool
	// ShowNetwork draws, for every placed row with a NetworkAccessibility,
	// a hollow second marker at the network-measured accessibility mapped
	// onto the scale (min + v·(max−min)) at the same height, joined to the
	// judged position by a thin line.
	ShowNetwork bool
	// MaxStakeholders is the number of placed stakeholders above which
	// the density is drawn; 0 (or less) means DefaultMaxStakeholders.
	MaxStakeholders int
	// MaxUnassessed is how many unassessed stakeholders the side box names
	// (by name); the rest are counted. 0 means DefaultMaxUnassessed; a
	// negative value names none.
	MaxUnassessed int
	// PNG holds the options of the PNG format.
	PNG PNGOptions
}

// Matrix draws the segment matrix m in format f and returns the bytes and
// their content type. It is the one entry point for the API: DOT comes
// from MatrixDOT, SVG from SVG with the Nop engine, PNG from PNG of that
// SVG. Errors are those of the three; ctx bounds the Graphviz and PNG
// steps.
func Matrix(ctx context.Context, m *segment.Matrix, opts MatrixOptions, f Format) ([]byte, string, error) {
	if !f.Valid() {
		return nil, "", graph.Invalid("format", "%q is not one of %v", f, Formats)
	}
	dot, lg, err := matrixDOT(m, opts)
	if err != nil {
		return nil, "", err
	}
	return deliver(ctx, dot, lg, Nop, nil, &opts.PNG, f)
}

// Geometry of the matrix, in points (1/72 inch). The plot maps the scale
// onto [0, plotSize] on both axes; the marks' area lies framePad outside it
// so that marks at the ends of the scale stay inside, and the frame adds a
// band above and below it for the quadrants' names, where no mark can hide
// them.
const (
	plotSize     = 470.0
	framePad     = 12.0
	bandInset    = 6.0
	labelledSize = 11.0 // marker of a named stakeholder
	numberedSize = 17.0 // marker of a named stakeholder in the density view, its number in it
	dotSize      = 7.0  // marker of an unnamed stakeholder
	networkSize  = 8.0  // hollow network marker
	spiralStep   = 8.0  // spacing of unnamed stakeholders with identical scores
	labelFont    = 11.0 // names: 11 px on screen at 1 px per point, 8 pt on paper at 0.73
	textFont     = 11.0
	tickFont     = 10.0
	nameFont     = 15.0
	titleFont    = 14.0
	axisFont     = 12.0
	fontName     = "Helvetica" // Graphviz writes "Helvetica,sans-Serif" and measures text with Helvetica's widths
	textColor    = "#1f2937"
	mutedColor   = "#4b5563"
	outlineColor = "#263238"
)

// mark is one stakeholder as drawn.
type mark struct {
	row      *segment.MatrixRow
	x, y     float64 // centre, points
	size     float64
	rank     int // 0-based rank by attractiveness; -1 when not named
	number   int // in the density view, a named mark's number in its quadrant (1, 2, …)
	hasNet   bool
	nx       float64 // network marker's x (same y)
	netValue float64
}

// rect is an axis-aligned box in points.
type rect struct{ x0, y0, x1, y1 float64 }

func (r rect) overlap(s rect) float64 {
	w := math.Min(r.x1, s.x1) - math.Max(r.x0, s.x0)
	h := math.Min(r.y1, s.y1) - math.Max(r.y0, s.y0)
	if w <= 0 || h <= 0 {
		return 0
	}
	return w * h
}

func (r rect) inside(s rect) bool {
	return r.x0 >= s.x0 && r.x1 <= s.x1 && r.y0 >= s.y0 && r.y1 <= s.y1
}

func centred(x, y, w, h float64) rect { return rect{x - w/2, y - h/2, x + w/2, y + h/2} }

// MatrixDOT returns the segment matrix m as DOT with every node pinned
// (pos="x,y!" in points, inputscale=72, notranslate, splines=false), for
// SVG with the Nop engine ("neato -n"); plain neato draws the same picture.
// The output depends only on m and opts: nodes are written in a fixed
// order, attributes sorted, numbers with at most two decimals.
//
// # The picture
//
// As in the seed's figure, accessibility (Toegankelijkheid) runs along the
// x axis and attractiveness (Aantrekkelijkheid) up the y axis, each over
// the scheme's scale with a tick per score, "Smaller"/"Greater"
// ("Kleiner"/"Groter") under each half and the axis title. The scheme's
// thresholds split the plot into the four quadrants, each tinted and
// named in its outer corner with its policy's two summary lines
// (Policy.SummaryLines) and its number of stakeholders:
//
//	Develop (Ontwikkel)   Invest (Investeer)
//	Ignore  (Negeer)      Harvest (Oogst)
//
// Each placed stakeholder is a marker at (accessibility mean,
// attractiveness mean) in the colour language of every picture: filled
// with its segment's colour (SegmentColor), a square for an organisation
// and a circle for anyone else, outlined by its party type
// (partyOutline); the legend under the picture explains them. Only the
// TopN most attractive of each quadrant are named; the others are smaller
// marks. Names are placed by a greedy search over eight positions around
// the marker that prefers positions overlapping no other name, no quadrant
// text and the fewest markers; a name that finds no free place still
// appears, where it overlaps least. Names have no background, so that they
// never hide a marker.
//
// With more than MaxStakeholders placed stakeholders (or Density) the
// unnamed ones are drawn as their density instead: a bubble per cell of a
// grid of a quarter point on both axes, at the cell's centre (moved onto
// its segment's side of a threshold that crosses the cell), its area
// proportional to the number of the segment's stakeholders in the cell,
// the number written in it when it is large enough. Among the bubbles
// there is no room for names, so the TopN named stakeholders of each
// quadrant are larger markers with their number in the quadrant (1 the
// most attractive), named by number in the legend. So a matrix of any size draws and stays
// readable; the filters (Segments, PartyTypes) narrow it.
//
// Stakeholders with identical means would hide each other, so each group
// of equal positions is spread on a sunflower (Vogel) spiral around the
// true position, in the order of an FNV-1a hash of their ids: the same
// data always gives the same picture, and adding a stakeholder does not
// reshuffle the others' order. Only spiral slots that keep a marker wholly
// on its segment's side of both threshold lines are used, so a stakeholder
// exactly on a threshold — which counts as high — is drawn just on the
// high side, and no marker ever appears in another segment's quadrant.
// Means that differ only slightly are not spread and may overlap.
//
// Unassessed stakeholders have no position. They are not drawn in the
// plot; a box at its right counts them and names the first MaxUnassessed
// of them by name. NetworkAccessibility is drawn only with
// ShowNetwork (see MatrixOptions).
//
// In the SVG every stakeholder marker carries id="stakeholder-ID", the
// classes "stakeholder", "segment-S", "party-P" (or "party-none") and
// "kind-K", and a tooltip with its name, segment and means, for the web
// page to hook into.
//
// # Errors
//
// MatrixDOT returns a *graph.Error with code graph.EINVALID for a nil
// matrix or scheme, a scale whose min is not below its max, a threshold
// outside the scale, or an unknown segment or party type in the filters.
func MatrixDOT(m *segment.Matrix, opts MatrixOptions) ([]byte, error) {
	dot, _, err := matrixDOT(m, opts)
	return dot, err
}

// matrixDOT is MatrixDOT that also returns the legend.
func matrixDOT(m *segment.Matrix, opts MatrixOptions) ([]byte, legend, error) {
	if m == nil {
		return nil, legend{}, graph.Invalid("matrix", "is required")
	}
	s := m.Scheme
	if s == nil {
		return nil, legend{}, graph.Invalid("scheme", "the matrix has no scheme")
	}
	if s.Scale.Min >= s.Scale.Max {
		return nil, legend{}, graph.Invalid("scale.max", "%d is not greater than scale.min %d", s.Scale.Max, s.Scale.Min)
	}
	for _, a := range segment.Axes {
		t := s.Threshold(a)
		if math.IsNaN(t) || t < float64(s.Scale.Min) || t > float64(s.Scale.Max) {
			return nil, legend{}, graph.Invalid("threshold_"+string(a), "%v is outside the scale [%d,%d]", t, s.Scale.Min, s.Scale.Max)
		}
	}
	for _, sg := range opts.Segments {
		if !sg.Valid() {
			return nil, legend{}, graph.Invalid("segment", "%q is not one of invest, develop, harvest, ignore, unassessed", sg)
		}
	}
	for _, p := range opts.PartyTypes {
		if !p.Valid() {
			return nil, legend{}, graph.Invalid("party_type", "%q is not one of %v", p, graph.PartyTypes)
		}
	}
	d := &matrixDrawing{m: m, s: s, opts: opts, lang: opts.Lang}
	d.topN = opts.TopN
	if d.topN == 0 {
		d.topN = DefaultTopN
	}
	d.maxUnassessed = opts.MaxUnassessed
	if d.maxUnassessed == 0 {
		d.maxUnassessed = DefaultMaxUnassessed
	}
	d.place()
	dot := d.write()
	return dot, d.lg, nil
}

// matrixDrawing holds the state of one MatrixDOT call.
type matrixDrawing struct {
	m             *segment.Matrix
	s             *segment.Scheme
	opts          MatrixOptions
	lang          string
	topN          int
	maxUnassessed int
	meas          measurer

	marks      []*mark // placed stakeholders
	unassessed []*segment.MatrixRow
	kept       int  // rows that pass the filters
	density    bool // the unnamed marks are drawn as cells
	cells      []*cell
	lg         legend
	counts     map[segment.Segment]int
	quadText   map[segment.Segment]textBlock
	band       float64 // height of the bands for the quadrant names
}

// textBlock is a multi-line text node: its HTML label and its box.
type textBlock struct {
	label  htmlLabel
	box    rect
	cx, cy float64
}

// sx and sy map a mean on the scale to points.
func (d *matrixDrawing) sx(v float64) float64 {
	lo, hi := float64(d.s.Scale.Min), float64(d.s.Scale.Max)
	return (min(max(v, lo), hi) - lo) / (hi - lo) * plotSize
}

func (d *matrixDrawing) sy(v float64) float64 { return d.sx(v) }

// frame is the frame of the plot, bands included.
func (d *matrixDrawing) frame() rect {
	return rect{-framePad, -framePad - d.band, plotSize + framePad, plotSize + framePad + d.band}
}

// area is where marks may lie: the plot and its padding, without the bands.
func (d *matrixDrawing) area() rect {
	return rect{-framePad, -framePad, plotSize + framePad, plotSize + framePad}
}

// place computes every mark's position and which are named.
func (d *matrixDrawing) place() {
	d.counts = map[segment.Segment]int{}
	for i := range d.m.Len() {
		row := d.m.Row(i)
		p := row.Placement
		placed := p.Segment.Placed() && p.Attractiveness.Complete && p.Accessibility.Complete &&
			finite(p.Attractiveness.Mean) && finite(p.Accessibility.Mean)
		sg := p.Segment
		if !placed {
			sg = segment.Unassessed
		}
		if len(d.opts.Segments) > 0 && !slices.Contains(d.opts.Segments, sg) ||
			len(d.opts.PartyTypes) > 0 && !slices.Contains(d.opts.PartyTypes, row.Stakeholder.PartyType) {
			continue
		}
		d.kept++
		if !placed {
			d.unassessed = append(d.unassessed, &row)
			continue
		}
		d.counts[p.Segment]++
		d.marks = append(d.marks, &mark{row: &row, x: d.sx(p.Accessibility.Mean), y: d.sy(p.Attractiveness.Mean), rank: -1})
	}
	// Rank by attractiveness, ties by name and id; name the first TopN of
	// each quadrant.
	slices.SortFunc(d.marks, func(a, b *mark) int { return byAttractiveness(a.row, b.row) })
	named := map[segment.Segment]int{}
	for i, mk := range d.marks {
		mk.size = dotSize
		if sg := mk.row.Placement.Segment; named[sg] < d.topN {
			named[sg]++
			mk.rank = i
			mk.size = labelledSize
		}
	}
	maxRows := d.opts.MaxStakeholders
	if maxRows <= 0 {
		maxRows = DefaultMaxStakeholders
	}
	if d.opts.Density || len(d.marks) > maxRows {
		d.density = true
		d.cells = d.densityCells()
		d.marks = slices.DeleteFunc(d.marks, func(mk *mark) bool { return mk.rank < 0 })
		// Among a few thousand bubbles there is no room for names beside
		// the markers: the named are numbered in their quadrant, and the
		// side column names them (names).
		numbers := map[segment.Segment]int{}
		for _, mk := range d.marks {
			sg := mk.row.Placement.Segment
			numbers[sg]++
			mk.number, mk.size = numbers[sg], numberedSize
		}
	}
	d.spread()
	for _, mk := range d.marks {
		if v := mk.row.NetworkAccessibility; d.opts.ShowNetwork && v != nil && finite(*v) {
			mk.hasNet = true
			mk.netValue = min(max(*v, 0), 1)
			mk.nx = d.sx(d.s.OnScale(mk.netValue))
		}
	}
	slices.SortFunc(d.unassessed, func(a, b *segment.MatrixRow) int {
		return cmp.Or(cmp.Compare(a.Stakeholder.Name, b.Stakeholder.Name), cmp.Compare(a.Stakeholder.ID, b.Stakeholder.ID))
	})
	d.quadrantTexts()
}

// quadrantTexts builds the four quadrant texts — name, the policy's two
// summary lines, the number of stakeholders — sizes the bands to hold them
// and puts each in its quadrant's outer corner.
func (d *matrixDrawing) quadrantTexts() {
	d.quadText = map[segment.Segment]textBlock{}
	for _, sg := range quadrantOrder {
		_, accHigh, _ := sg.Position()
		align := "LEFT"
		if accHigh {
			align = "RIGHT"
		}
		lines := []styledLine{{spans: []span{{text: sg.Name(d.lang), size: nameFont, style: boldItalic, color: textColor}}}}
		if p, ok := d.m.Policies.For(sg); ok {
			for _, l := range p.SummaryLines(d.lang) {
				if l != "" {
					lines = append(lines, styledLine{spans: []span{{text: l, size: textFont, style: regular, color: textColor}}})
				}
			}
		}
		count := strconv.Itoa(d.counts[sg]) + " stakeholder" // the same word in Dutch
		if d.counts[sg] != 1 {
			count += "s"
		}
		lines = append(lines, styledLine{spans: []span{{text: count, size: labelFont, style: italic, color: mutedColor}}})
		tb := d.block(lines, align)
		d.quadText[sg] = tb
		d.band = max(d.band, tb.box.y1+2*bandInset-framePad)
	}
	f := d.frame()
	for _, sg := range quadrantOrder {
		tb := d.quadText[sg]
		attrHigh, accHigh, _ := sg.Position()
		bw, bh := tb.box.x1, tb.box.y1 // block() returns a box at the origin
		cx, cy := f.x0+bandInset+bw/2, f.y0+bandInset+bh/2
		if accHigh {
			cx = f.x1 - bandInset - bw/2
		}
		if attrHigh {
			cy = f.y1 - bandInset - bh/2
		}
		tb.cx, tb.cy, tb.box = cx, cy, centred(cx, cy, bw, bh)
		d.quadText[sg] = tb
	}
}

// spread gives every mark its final position. Marks with identical
// positions form a group; the members, in the order of their ids' hashes,
// take the free slots of a sunflower (Vogel) spiral around the group's
// position, slot k at radius c·√k and angle k·137.5°, where c is
// spiralStep, or the named marks' size when the group has one: neighbours
// then never cover each other's centres. A slot is
// free for a mark when the mark lies wholly on its segment's side of both
// threshold lines and inside the plot's padding. The spiral is centred on
// the position moved, if need be, just onto the allowed side, so a single
// mark exactly on a threshold moves by its radius only.
func (d *matrixDrawing) spread() {
	type key struct{ x, y int64 }
	groups := map[key][]*mark{}
	var keys []key
	for _, mk := range d.marks {
		k := key{int64(math.Round(mk.x * 100)), int64(math.Round(mk.y * 100))}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], mk)
	}
	tx, ty := d.sx(d.s.ThresholdAccessibility), d.sy(d.s.ThresholdAttractiveness)
	a := d.area()
	// The segment decides the side of each line (segment.Segment.Position),
	// so a marker is always drawn in its segment's quadrant.
	allowed := func(mk *mark, x, y float64) bool {
		r := mk.size / 2
		attrHigh, accHigh, _ := mk.row.Placement.Segment.Position()
		return (accHigh && x >= tx+r || !accHigh && x <= tx-r) &&
			(attrHigh && y >= ty+r || !attrHigh && y <= ty-r) &&
			x >= a.x0+r && x <= a.x1-r && y >= a.y0+r && y <= a.y1-r
	}
	golden := math.Pi * (3 - math.Sqrt(5)) // the golden angle, about 137.5°
	const maxSlots = 1 << 14
	for _, k := range keys {
		g := groups[k]
		slices.SortFunc(g, func(a, b *mark) int {
			return cmp.Or(cmp.Compare(idHash(a.row.Stakeholder.ID), idHash(b.row.Stakeholder.ID)),
				cmp.Compare(a.row.Stakeholder.ID, b.row.Stakeholder.ID))
		})
		lead := g[0]
		r := labelledSize / 2
		step := spiralStep
		for _, mk := range g {
			if mk.rank >= 0 {
				step = max(step, mk.size) // labelledSize, or numberedSize in the density view
			}
		}
		attrHigh, accHigh, _ := lead.row.Placement.Segment.Position()
		cx := nudge(lead.x, tx, r, accHigh, a.x0+r, a.x1-r)
		cy := nudge(lead.y, ty, r, attrHigh, a.y0+r, a.y1-r)
		slot := 0
		for _, mk := range g {
			mk.x, mk.y = cx, cy // if no slot is free (a threshold at the very end of the scale)
			for ; slot < maxSlots; slot++ {
				rad := step * math.Sqrt(float64(slot))
				sin, cos := math.Sincos(float64(slot) * golden)
				if x, y := cx+rad*cos, cy+rad*sin; allowed(mk, x, y) {
					mk.x, mk.y = x, y
					slot++
					break
				}
			}
		}
	}
}

// nudge moves coordinate v of a mark of radius r just onto the high or low
// side of the threshold line t, and into [lo, hi].
func nudge(v, t, r float64, high bool, lo, hi float64) float64 {
	if high {
		v = max(v, t+r)
	} else {
		v = min(v, t-r)
	}
	return min(max(v, lo), hi)
}

// idHash is the 64-bit FNV-1a hash of id.
func idHash(id string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(id))
	return h.Sum64()
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// write writes the DOT.
func (d *matrixDrawing) write() []byte {
	w := &dotWriter{}
	w.buf.WriteString("// relmap segment matrix: x = accessibility, y = attractiveness.\n")
	w.buf.WriteString("// Every node is pinned in points; lay out with neato -n (nop) or neato.\n")
	w.buf.WriteString("graph \"segment_matrix\" {\n")
	w.defaults("graph", attrs{
		"bgcolor": "white", "fontname": fontName, "inputscale": "72", "layout": "neato",
		"notranslate": "true", "outputorder": "breadthfirst", "overlap": "true", "pad": "0.3",
		"splines": "false",
	})
	// label=" ", not "": go-graphviz's parser replaces an empty label with
	// the node's name (\N); SVG drops the blank <text> that " " gives.
	w.defaults("node", attrs{"fixedsize": "true", "fontname": fontName, "label": " ", "margin": "0"})
	w.defaults("edge", attrs{"color": LineColor, "headclip": "false", "tailclip": "false"})

	d.quadrants(w)
	d.axes(w)
	d.legend(w)
	d.stakeholders(w)
	w.buf.WriteString("}\n")
	return w.buf.Bytes()
}

// quadrants writes the four tinted quadrants, the frame, the threshold
// lines and the quadrant texts (laid out by quadrantTexts).
func (d *matrixDrawing) quadrants(w *dotWriter) {
	f := d.frame()
	tx, ty := d.sx(d.s.ThresholdAccessibility), d.sy(d.s.ThresholdAttractiveness)
	areas := map[segment.Segment]rect{
		segment.Develop: {f.x0, ty, tx, f.y1},
		segment.Invest:  {tx, ty, f.x1, f.y1},
		segment.Ignore:  {f.x0, f.y0, tx, ty},
		segment.Harvest: {tx, f.y0, f.x1, ty},
	}
	w.comment("quadrants: develop (top left), invest (top right), ignore (bottom left), harvest (bottom right)")
	for _, sg := range quadrantOrder {
		a := areas[sg]
		if a.x1-a.x0 <= 0 || a.y1-a.y0 <= 0 {
			continue // a threshold at the end of the scale leaves no area
		}
		w.node("_quadrant_"+string(sg), attrs{
			"shape": "box", "style": "filled", "fillcolor": quadrantTint(sg), "color": quadrantTint(sg),
			"penwidth": "0", "width": inches(a.x1 - a.x0), "height": inches(a.y1 - a.y0),
			"pos": pos((a.x0+a.x1)/2, (a.y0+a.y1)/2), "class": "quadrant segment-" + string(sg),
		})
	}
	w.comment("frame and threshold lines")
	d.line(w, "_frame_bottom", f.x0, f.y0, f.x1, f.y0, 1.5, "frame")
	d.line(w, "_frame_right", f.x1, f.y0, f.x1, f.y1, 1.5, "frame")
	d.line(w, "_frame_top", f.x1, f.y1, f.x0, f.y1, 1.5, "frame")
	d.line(w, "_frame_left", f.x0, f.y1, f.x0, f.y0, 1.5, "frame")
	d.line(w, "_threshold_accessibility", tx, f.y0, tx, f.y1, 1.5, "threshold")
	d.line(w, "_threshold_attractiveness", f.x0, ty, f.x1, ty, 1.5, "threshold")

	w.comment("quadrant names and policies")
	for _, sg := range quadrantOrder {
		tb := d.quadText[sg]
		w.node("_name_"+string(sg), attrs{
			"shape": "plaintext", "fixedsize": "false", "width": "0", "height": "0", "label": tb.label,
			"pos": pos(tb.cx, tb.cy), "class": "quadrant-name segment-" + string(sg),
		})
	}
}

// quadrantOrder is the order in which the quadrants are written: reading
// order of the seed's figure.
var quadrantOrder = []segment.Segment{segment.Develop, segment.Invest, segment.Ignore, segment.Harvest}

// line writes a straight line as an edge between two invisible anchors.
func (d *matrixDrawing) line(w *dotWriter, id string, x0, y0, x1, y1, width float64, class string) {
	w.node(id+"_a", attrs{"shape": "point", "style": "invis", "width": "0.01", "height": "0.01", "pos": pos(x0, y0)})
	w.node(id+"_b", attrs{"shape": "point", "style": "invis", "width": "0.01", "height": "0.01", "pos": pos(x1, y1)})
	w.edge(id+"_a", id+"_b", attrs{"penwidth": num(width), "class": class})
}

// span is a run of text in one font.
type span struct {
	text  string
	size  float64
	style fontStyle
	color string
}

// styledLine is one line of a text block.
type styledLine struct{ spans []span }

// block builds an HTML label of lines aligned LEFT, RIGHT or CENTER, and
// its size (as a box from the origin) by the metrics of Liberation Sans,
// which are Helvetica's, as Graphviz's own; Graphviz's line height is 1.2
// times the largest font on the line.
func (d *matrixDrawing) block(lines []styledLine, align string) textBlock {
	var parts []htmlLabel
	var wmax, h float64
	for _, l := range lines {
		var lw, lh float64
		for _, sp := range l.spans {
			lw += d.meas.width(sp.style, sp.size, sp.text)
			lh = max(lh, sp.size*1.2)
			t := htmlf("%s", sp.text)
			switch sp.style {
			case bold:
				t = htmlf("<B>%s</B>", t)
			case italic:
				t = htmlf("<I>%s</I>", t)
			case boldItalic:
				t = htmlf("<B><I>%s</I></B>", t)
			}
			parts = append(parts, htmlf(`<FONT POINT-SIZE="%s" COLOR="%s">%s</FONT>`, num(sp.size), sp.color, t))
		}
		parts = append(parts, htmlf(`<BR ALIGN="%s"/>`, align))
		wmax = max(wmax, lw)
		h += lh
	}
	return textBlock{label: htmlJoin(parts, htmlLabel{}), box: rect{0, 0, math.Ceil(wmax + 2), math.Ceil(h + 2)}}
}

// text writes a one-line plaintext node centred at (x, y).
func (d *matrixDrawing) text(w *dotWriter, id, s string, x, y, size float64, st fontStyle, color, class string) {
	lines := []styledLine{{spans: []span{{text: s, size: size, style: st, color: color}}}}
	tb := d.block(lines, "CENTER")
	w.node(id, attrs{
		"shape": "plaintext", "fixedsize": "false", "width": "0", "height": "0",
		"label": tb.label, "pos": pos(x, y), "class": class,
	})
}

// axes writes the title, the ticks, the Smaller/Greater words and the axis
// titles.
func (d *matrixDrawing) axes(w *dotWriter) {
	f := d.frame()
	tx, ty := d.sx(d.s.ThresholdAccessibility), d.sy(d.s.ThresholdAttractiveness)
	nl := dutch(d.lang)

	w.comment("title")
	title := pick(nl, "Segment matrix", "Segmentmatrix")
	if !d.m.AsOf.IsZero() {
		title += pick(nl, " as of ", " per ") + d.m.AsOf.Format("2006-01-02")
	}
	d.text(w, "_title", title, plotSize/2, f.y1+24, titleFont, bold, textColor, "title")

	w.comment("ticks")
	lo, hi := d.s.Scale.Min, d.s.Scale.Max
	step := max(1, (hi-lo+9)/10)
	for v := lo; v <= hi; v += step {
		x, y := d.sx(float64(v)), d.sy(float64(v))
		sv := strconv.Itoa(v)
		d.line(w, "_tick_x_"+sv, x, f.y0, x, f.y0-5, 0.75, "tick")
		d.text(w, "_tick_x_"+sv+"_label", sv, x, f.y0-14, tickFont, regular, mutedColor, "tick-label")
		d.line(w, "_tick_y_"+sv, f.x0, y, f.x0-5, y, 0.75, "tick")
		d.text(w, "_tick_y_"+sv+"_label", sv, f.x0-13, y, tickFont, regular, mutedColor, "tick-label")
	}

	w.comment("axes: x = accessibility, y = attractiveness")
	smaller, greater := pick(nl, "Smaller", "Kleiner"), pick(nl, "Greater", "Groter")
	d.text(w, "_x_smaller", smaller, (f.x0+tx)/2, f.y0-32, textFont, italic, mutedColor, "axis-end")
	d.text(w, "_x_greater", greater, (tx+f.x1)/2, f.y0-32, textFont, italic, mutedColor, "axis-end")
	d.text(w, "_x_title", segment.Accessibility.Name(d.lang)+" →", plotSize/2, f.y0-52, axisFont, bold, textColor, "axis-title")
	ww := max(d.meas.width(italic, textFont, smaller), d.meas.width(italic, textFont, greater))
	wx := f.x0 - 26 - ww/2
	d.text(w, "_y_smaller", smaller, wx, (f.y0+ty)/2, textFont, italic, mutedColor, "axis-end")
	d.text(w, "_y_greater", greater, wx, (ty+f.y1)/2, textFont, italic, mutedColor, "axis-end")
	// The y axis's title stands over the axis, left of the picture's
	// title, not beside it: the picture stays narrow enough to fit half a
	// screen with its names at full size.
	at := "↑ " + segment.Attractiveness.Name(d.lang)
	tw := d.meas.width(bold, axisFont, at)
	d.text(w, "_y_title", at, f.x0-ww-26+tw/2, f.y1+24, axisFont, bold, textColor, "axis-title")
}

// legend writes the unassessed box to the right of the plot and makes the
// legend drawn under the picture (d.lg).
func (d *matrixDrawing) legend(w *dotWriter) {
	f := d.frame()
	nl := dutch(d.lang)
	var lg legend
	lg.sections = append(lg.sections, segmentLegend(nl, "circle", false))
	lg.sections = append(lg.sections, legendSection{title: pick(nl, "Shape", "Vorm"), items: []legendItem{
		{swatch{shape: "box", fill: "white", stroke: outlineColor, penwidth: 0.8}, pick(nl, "organisation", "organisatie")},
		{swatch{shape: "circle", fill: "white", stroke: outlineColor, penwidth: 0.8}, pick(nl, "person", "persoon")},
	}})
	lg.sections = append(lg.sections, partyLegend(nl, "circle"))
	anyNet := false
	for _, mk := range d.marks {
		anyNet = anyNet || mk.hasNet
	}
	if anyNet {
		lg.sections = append(lg.sections, legendSection{title: pick(nl, "Network", "Netwerk"), items: []legendItem{
			{swatch{shape: "circle", fill: "white", stroke: ColorIgnore, penwidth: 1.2, size: networkSize},
				pick(nl, "accessibility measured in the network (hollow, in the segment's colour)", "toegankelijkheid gemeten in het netwerk (hol, in de kleur van het segment)")},
			{swatch{shape: "line", stroke: NetworkLinkColor, penwidth: 0.8}, pick(nl, "joined to the judged position", "verbonden met de beoordeling")},
		}})
	}
	if d.density {
		most := 1
		for _, c := range d.cells {
			most = max(most, c.n)
		}
		sec := legendSection{title: pick(nl, "Density (area: stakeholders in a cell of ¼ point)", "Dichtheid (oppervlak: stakeholders in een vak van ¼ punt)")}
		for _, n := range slices.Compact([]int{1, max(1, most/4), most}) {
			sec.items = append(sec.items, legendItem{swatch{shape: "bubble", fill: densityFill(ColorIgnore), stroke: outlineColor, penwidth: 0.5, size: 2 * d.cellRadius(n, most)}, strconv.Itoa(n)})
		}
		lg.sections = append(lg.sections, sec)
		lg.sections = append(lg.sections, d.numberedLegend()...)
	}
	var notes []string
	unnamed := d.density
	for _, mk := range d.marks {
		unnamed = unnamed || mk.rank < 0
	}
	if unnamed {
		n := max(d.topN, 0)
		if d.density {
			notes = append(notes, fmt.Sprintf(pick(nl, "Numbers: the %d most attractive of each quadrant, named above", "Nummers: de %d aantrekkelijkste per kwadrant, hierboven bij naam"), n))
		} else {
			notes = append(notes, fmt.Sprintf(pick(nl, "Names: the %d most attractive of each quadrant", "Namen: de %d aantrekkelijkste per kwadrant"), n))
		}
	}
	allPlaced := len(d.opts.Segments) == len(segment.Segments) && !slices.Contains(d.opts.Segments, segment.Unassessed)
	if len(d.opts.Segments) > 0 && !allPlaced || len(d.opts.PartyTypes) > 0 {
		var fs []string
		for _, sg := range d.opts.Segments {
			fs = append(fs, sg.Name(d.lang))
		}
		for _, p := range d.opts.PartyTypes {
			fs = append(fs, strings.ToLower(partyName(p, nl)))
		}
		notes = append(notes, fmt.Sprintf(pick(nl, "Filter: %s — %d of %d stakeholders", "Filter: %s — %d van %d stakeholders"),
			strings.Join(fs, ", "), d.kept, d.m.Len()))
	}
	lg.note = strings.Join(notes, " · ")
	d.lg = lg
	w.legendComments(lg)

	if len(d.unassessed) == 0 {
		return
	}
	w.comment("unassessed stakeholders: not placed, listed")
	col := column{d: d, w: w, x0: f.x1 + 24, y: f.y1 - 6}
	col.line("_unassessed_title", fmt.Sprintf("%s (%d)", segment.Unassessed.Name(d.lang), len(d.unassessed)), textFont, bold, textColor, "unassessed", nil)
	shown := min(max(d.maxUnassessed, 0), len(d.unassessed))
	for i, row := range d.unassessed[:shown] {
		col.line("_unassessed_"+strconv.Itoa(i), truncate(row.Stakeholder.Name), labelFont, regular, textColor, "unassessed", nil)
	}
	if rest := len(d.unassessed) - shown; rest > 0 && shown > 0 {
		col.line("_unassessed_more", fmt.Sprintf(pick(nl, "… and %d more", "… en %d meer"), rest), labelFont, italic, mutedColor, "unassessed", nil)
	}
}

// column writes left-aligned lines of text from (x0, y) downwards.
type column struct {
	d     *matrixDrawing
	w     *dotWriter
	x0, y float64
}

// columnLine is the line height of a column.
const columnLine = 15.3

// line writes one line as node id and moves down a line; a stakeholder's
// line (sh set) has the SVG id "name-ID" and the whole name as its
// tooltip.
func (c *column) line(id, s string, size float64, st fontStyle, color, class string, sh *graph.NetworkNode) {
	width := c.d.meas.width(st, size, s) + 2
	tb := c.d.block([]styledLine{{spans: []span{{text: s, size: size, style: st, color: color}}}}, "CENTER")
	a := attrs{
		"shape": "plaintext", "fixedsize": "false", "width": "0", "height": "0",
		"label": tb.label, "pos": pos(c.x0+width/2, c.y), "class": class,
	}
	if sh != nil {
		a["id"], a["tooltip"] = "name-"+sh.ID, sh.Name
	}
	c.w.node(id, a)
	c.y -= columnLine
}

// numberedLegend names the numbered marks of the density view: a legend
// section per quadrant (in quadrantOrder) with each mark by its number, in
// rank order. In the legend the names stay as large as the legend's text
// whatever the plot's size, and the picture as wide as its plot (on the
// web page the legend is shown beside the picture at its own scale).
func (d *matrixDrawing) numberedLegend() []legendSection {
	nl := dutch(d.lang)
	named := slices.Clone(d.marks)
	slices.SortFunc(named, func(a, b *mark) int { return cmp.Compare(a.rank, b.rank) })
	var out []legendSection
	for _, sg := range quadrantOrder {
		sec := legendSection{title: fmt.Sprintf(pick(nl, "%s, by number", "%s, per nummer"), sg.Name(d.lang))}
		for _, mk := range named {
			if mk.rank < 0 || mk.row.Placement.Segment != sg {
				continue
			}
			shape := "circle"
			if mk.row.Stakeholder.Kind == graph.KindOrganisation {
				shape = "box"
			}
			sec.items = append(sec.items, legendItem{swatch{shape: shape, fill: SegmentColor(sg), stroke: outlineColor, penwidth: 0.8},
				strconv.Itoa(mk.number) + " " + truncate(mk.row.Stakeholder.Name)})
		}
		if len(sec.items) > 0 {
			out = append(out, sec)
		}
	}
	return out
}

// cell is one bubble of the density view: the stakeholders of one segment
// whose means fall in one cell of the grid.
type cell struct {
	seg    segment.Segment
	i, j   int // column (accessibility) and row (attractiveness)
	n      int
	x, y   float64
	ranges [4]float64 // accessibility from, to; attractiveness from, to
}

// densityStep is the size of a density cell in scale points.
const densityStep = 0.25

// densityCells counts the placed stakeholders per segment and cell and
// places each cell's bubble.
func (d *matrixDrawing) densityCells() []*cell {
	lo := float64(d.s.Scale.Min)
	n := int(math.Ceil((float64(d.s.Scale.Max) - lo) / densityStep))
	idx := func(v float64) int { return min(max(int(math.Floor((v-lo)/densityStep)), 0), n-1) }
	type key struct {
		seg  segment.Segment
		i, j int
	}
	byKey := map[key]*cell{}
	var cells []*cell
	for _, mk := range d.marks {
		p := mk.row.Placement
		k := key{p.Segment, idx(p.Accessibility.Mean), idx(p.Attractiveness.Mean)}
		c, ok := byKey[k]
		if !ok {
			c = &cell{seg: k.seg, i: k.i, j: k.j}
			c.ranges = [4]float64{lo + float64(k.i)*densityStep, lo + float64(k.i+1)*densityStep, lo + float64(k.j)*densityStep, lo + float64(k.j+1)*densityStep}
			byKey[k] = c
			cells = append(cells, c)
		}
		c.n++
	}
	most := 1
	for _, c := range cells {
		most = max(most, c.n)
	}
	tx, ty := d.sx(d.s.ThresholdAccessibility), d.sy(d.s.ThresholdAttractiveness)
	a := d.area()
	for _, c := range cells {
		r := d.cellRadius(c.n, most)
		attrHigh, accHigh, _ := c.seg.Position()
		c.x = nudge(d.sx((c.ranges[0]+c.ranges[1])/2), tx, r, accHigh, a.x0+r, a.x1-r)
		c.y = nudge(d.sy((c.ranges[2]+c.ranges[3])/2), ty, r, attrHigh, a.y0+r, a.y1-r)
	}
	slices.SortFunc(cells, func(a, b *cell) int {
		return cmp.Or(cmp.Compare(a.seg, b.seg), cmp.Compare(a.i, b.i), cmp.Compare(a.j, b.j))
	})
	return cells
}

// cellRadius is the radius in points of the bubble of n stakeholders when
// the fullest cell holds most: its area is proportional to n, the fullest
// fills its cell, and the emptiest stays visible.
func (d *matrixDrawing) cellRadius(n, most int) float64 {
	full := d.sx(float64(d.s.Scale.Min)+densityStep) / 2 * 0.95
	return max(2.5, full*math.Sqrt(float64(n)/float64(most)))
}

// densityFill is a segment colour as a bubble's fill: a little
// transparent, so that the named markers over it stay clear.
func densityFill(c string) string { return c + "b3" }

// cellsDOT writes the density bubbles.
func (d *matrixDrawing) cellsDOT(w *dotWriter) {
	nl := dutch(d.lang)
	most := 1
	for _, c := range d.cells {
		most = max(most, c.n)
	}
	w.comment("density: stakeholders per cell of a quarter point")
	for _, c := range d.cells {
		r := d.cellRadius(c.n, most)
		a := attrs{
			"shape": "circle", "style": "filled", "fillcolor": densityFill(SegmentColor(c.seg)), "color": outlineColor, "penwidth": "0.5",
			"width": inches(2 * r), "height": inches(2 * r), "pos": pos(c.x, c.y),
			"class": "density segment-" + string(c.seg), "id": fmt.Sprintf("cell-%s-%d-%d", c.seg, c.i, c.j),
			"tooltip": fmt.Sprintf(pick(nl, "%d stakeholders of %s: %s %s–%s, %s %s–%s", "%d stakeholders van %s: %s %s–%s, %s %s–%s"),
				c.n, c.seg.Name(d.lang), segment.Attractiveness.Name(d.lang), decimal(c.ranges[2], 2, nl), decimal(c.ranges[3], 2, nl),
				segment.Accessibility.Name(d.lang), decimal(c.ranges[0], 2, nl), decimal(c.ranges[1], 2, nl)),
		}
		// The count, as large as a name (11 pt: three digits are about
		// 18 pt wide), in the bubbles it fits in.
		if r >= 10 {
			a["label"] = htmlf(`<FONT POINT-SIZE="%s" COLOR="%s">%s</FONT>`, num(labelFont), segmentText(c.seg), strconv.Itoa(c.n))
		}
		w.node(fmt.Sprintf("c:%s:%d:%d", c.seg, c.i, c.j), a)
	}
}

// stakeholders writes the network markers, the stakeholder markers and the
// names, in that order so that names are drawn on top.
func (d *matrixDrawing) stakeholders(w *dotWriter) {
	nl := dutch(d.lang)
	if d.density {
		d.cellsDOT(w)
	}
	// Draw unnamed marks first (by id), then named ones from the lowest
	// rank up, so that the most attractive are on top.
	order := slices.Clone(d.marks)
	slices.SortFunc(order, func(a, b *mark) int {
		an, bn := a.rank >= 0, b.rank >= 0
		switch {
		case an != bn && an:
			return 1
		case an != bn:
			return -1
		case !an:
			return cmp.Compare(a.row.Stakeholder.ID, b.row.Stakeholder.ID)
		}
		return cmp.Compare(b.rank, a.rank)
	})
	if slices.ContainsFunc(order, func(mk *mark) bool { return mk.hasNet }) {
		w.comment("network-measured accessibility: hollow markers joined to the judged position")
		for _, mk := range order {
			if !mk.hasNet {
				continue
			}
			id := mk.row.Stakeholder.ID
			w.node("n:"+id, attrs{
				"shape": shapeOf(mk.row.Stakeholder.Kind), "style": "filled", "fillcolor": "white",
				"color": SegmentColor(mk.row.Placement.Segment), "penwidth": "1.2",
				"width": inches(networkSize), "height": inches(networkSize), "pos": pos(mk.nx, mk.y),
				"class": "network-marker", "id": "network-" + id,
				"tooltip": fmt.Sprintf("%s — %s %s", mk.row.Stakeholder.Name,
					pick(nl, "accessibility measured in the network", "toegankelijkheid gemeten in het netwerk"), decimal(mk.netValue, 2, nl)),
			})
		}
	}
	w.comment("stakeholders: unnamed first, then named from the least attractive up")
	for _, mk := range order {
		st := mk.row.Stakeholder
		p := mk.row.Placement
		class := []string{"stakeholder", "segment-" + string(p.Segment), "party-" + cmp.Or(string(st.PartyType), "none"), "kind-" + string(st.Kind)}
		if mk.rank >= 0 {
			class = append(class, "named")
		}
		a := partyOutline(st.PartyType, "filled")
		for k, v := range (attrs{
			"shape": shapeOf(st.Kind), "fillcolor": SegmentColor(p.Segment),
			"width": inches(mk.size), "height": inches(mk.size), "pos": pos(mk.x, mk.y),
			"class": strings.Join(class, " "), "id": "stakeholder-" + st.ID,
			"tooltip": fmt.Sprintf("%s — %s — %s %s, %s %s", st.Name, p.Segment.Name(d.lang),
				segment.Attractiveness.Name(d.lang), decimal(p.Attractiveness.Mean, 2, nl),
				segment.Accessibility.Name(d.lang), decimal(p.Accessibility.Mean, 2, nl)),
		}) {
			a[k] = v
		}
		if mk.number > 0 {
			a["label"] = htmlf(`<FONT POINT-SIZE="%s" COLOR="%s"><B>%s</B></FONT>`, num(labelFont), segmentText(p.Segment), strconv.Itoa(mk.number)) // as large as a name: the web page hides names below 11 px
		}
		w.node("s:"+st.ID, a)
		if mk.hasNet {
			// The marker is the edge's tail, so that Graphviz draws the
			// line right after it rather than with the network marker.
			w.edge("s:"+st.ID, "n:"+st.ID, attrs{
				"color": NetworkLinkColor, "penwidth": "0.8", "headclip": "true", "tailclip": "true", "class": "network-link",
			})
		}
	}
	d.names(w)
}

// names places and writes the names of the top-ranked marks.
func (d *matrixDrawing) names(w *dotWriter) {
	var named []*mark
	for _, mk := range d.marks {
		if mk.rank >= 0 {
			named = append(named, mk)
		}
	}
	if len(named) == 0 {
		return
	}
	slices.SortFunc(named, func(a, b *mark) int { return cmp.Compare(a.rank, b.rank) })
	if d.density {
		return // numbered, and named in the legend (legend)
	}
	// Obstacles: every mark, named ones weighing forty times more.
	type obstacle struct {
		box    rect
		weight float64
	}
	var obstacles []obstacle
	for _, mk := range d.marks {
		wt := 1.0
		if mk.rank >= 0 {
			wt = 40
		}
		obstacles = append(obstacles, obstacle{centred(mk.x, mk.y, mk.size, mk.size), wt})
		if mk.hasNet {
			obstacles = append(obstacles, obstacle{centred(mk.nx, mk.y, networkSize, networkSize), 1})
		}
	}
	var texts []rect
	for _, sg := range quadrantOrder {
		if tb, ok := d.quadText[sg]; ok {
			texts = append(texts, tb.box)
		}
	}
	var placed []rect
	f := d.area() // never in the bands of the quadrant names
	w.comment("names of the most attractive stakeholders")
	for _, mk := range named {
		name := truncate(mk.row.Stakeholder.Name)
		lw := d.meas.width(regular, labelFont, name) + 4
		lh := labelFont*1.2 + 2
		r := mk.size/2 + 1.5
		k := 0.72 // diagonal positions sit on the marker's corner
		cands := [][2]float64{
			{mk.x + r + lw/2, mk.y},
			{mk.x - r - lw/2, mk.y},
			{mk.x, mk.y + r + lh/2},
			{mk.x, mk.y - r - lh/2},
			{mk.x + k*r + lw/2, mk.y + k*r + lh/2},
			{mk.x + k*r + lw/2, mk.y - k*r - lh/2},
			{mk.x - k*r - lw/2, mk.y + k*r + lh/2},
			{mk.x - k*r - lw/2, mk.y - k*r - lh/2},
			// A second ring, one line further out, and a third, two lines
			// further, for crowded places; a leader line joins them.
			{mk.x, mk.y + r + 1.5*lh},
			{mk.x, mk.y - r - 1.5*lh},
			{mk.x + k*r + lw/2, mk.y + k*r + 1.5*lh},
			{mk.x + k*r + lw/2, mk.y - k*r - 1.5*lh},
			{mk.x - k*r - lw/2, mk.y + k*r + 1.5*lh},
			{mk.x - k*r - lw/2, mk.y - k*r - 1.5*lh},
			{mk.x, mk.y + r + 2.5*lh},
			{mk.x, mk.y - r - 2.5*lh},
			{mk.x + r + lw/2, mk.y + 2.5*lh},
			{mk.x + r + lw/2, mk.y - 2.5*lh},
			{mk.x - r - lw/2, mk.y + 2.5*lh},
			{mk.x - r - lw/2, mk.y - 2.5*lh},
		}
		best, bestScore := 0, math.Inf(1)
		for i, c := range cands {
			box := centred(c[0], c[1], lw, lh)
			score := 0.0
			if !box.inside(f) {
				score += 1e9
			}
			for _, p := range placed {
				score += 100 * box.overlap(p)
			}
			for _, t := range texts {
				score += 20 * box.overlap(t)
			}
			for _, o := range obstacles {
				score += o.weight * box.overlap(o.box)
			}
			switch { // the outer rings only when they save an overlap
			case i >= 14:
				score += 1500
			case i >= 8:
				score += 300
			}
			if score < bestScore {
				best, bestScore = i, score
			}
		}
		c := cands[best]
		placed = append(placed, centred(c[0], c[1], lw, lh))
		id := mk.row.Stakeholder.ID
		tb := d.block([]styledLine{{spans: []span{{text: name, size: labelFont, style: regular, color: textColor}}}}, "CENTER")
		w.node("l:"+id, attrs{
			"shape": "plaintext", "fixedsize": "false", "width": "0", "height": "0",
			"margin": "0.02,0", "label": tb.label, "pos": pos(c[0], c[1]),
			"class": "stakeholder-name", "id": "name-" + id, "tooltip": mk.row.Stakeholder.Name, // the whole name, when cut
		})
		if best >= 8 {
			// The name is the tail so that Graphviz draws the line with
			// it, after every marker.
			w.edge("l:"+id, "s:"+id, attrs{
				"color": mutedColor, "penwidth": "0.6", "headclip": "true", "tailclip": "true", "class": "leader",
			})
		}
	}
}

// shapeOf is the marker shape of a node kind: a square for organisations,
// a circle for persons (and anything else).
func shapeOf(k graph.Kind) string {
	if k == graph.KindOrganisation {
		return "box"
	}
	return "circle"
}

// partyName is the legend's name of a party type: the seed's "input
// organisaties", "consumerende doelgroepen" and "intermediairen".
func partyName(p graph.PartyType, nl bool) string {
	switch p {
	case graph.PartyInput:
		return pick(nl, "Input", "Input")
	case graph.PartyConsumer:
		return pick(nl, "Consumer", "Consumerende doelgroep")
	case graph.PartyIntermediary:
		return pick(nl, "Intermediary", "Intermediair")
	}
	return pick(nl, "Not classified", "Niet ingedeeld")
}

func kindName(k graph.Kind, nl bool) string {
	if k == graph.KindOrganisation {
		return pick(nl, "Organisation", "Organisatie")
	}
	return pick(nl, "Person", "Persoon")
}

// maxTailRunes is the longest end of a name that truncate keeps.
const maxTailRunes = 10

// truncate shortens s to MaxLabelRunes runes with "…". Names that share
// a long beginning often differ in their last words ("Academisch Netwerk
// Gezondheid Goes", "… Den Haag 2"), so the last words, up to
// maxTailRunes runes, are kept after the "…", and the beginning is cut at
// a space when one leaves at least half of it: "Academisch Netwerk …
// Goes". When even the last word is longer, the end is cut:
// "Stichting Voor Langdurige G…".
func truncate(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= MaxLabelRunes {
		return s
	}
	r := []rune(s)
	head := MaxLabelRunes - 1
	tail := ""
	words := strings.Split(s, " ")
	for k := len(words) - 1; k > 0; k-- {
		t := strings.Join(words[k:], " ")
		if utf8.RuneCountInString(t) > maxTailRunes {
			break
		}
		tail = " " + t
		head = MaxLabelRunes - 1 - utf8.RuneCountInString(tail) // and the "…"
	}
	h := r[:head]
	if tail == "" {
		return strings.TrimSpace(string(h)) + "…"
	}
	if i := lastSpace(h); i >= head/2 {
		return string(h[:i]) + " …" + tail // "Netwerk … Goes"
	}
	return strings.TrimSpace(string(h)) + "…" + tail
}

// lastSpace is the index of the last space in r, or -1.
func lastSpace(r []rune) int {
	for i := len(r) - 1; i >= 0; i-- {
		if r[i] == ' ' {
			return i
		}
	}
	return -1
}

// dutch reports whether lang asks for Dutch (segment.Dutch).
func dutch(lang string) bool { return segment.Dutch(lang) }

// pick returns nl for Dutch and en otherwise.
func pick(isNL bool, en, nl string) string {
	if isNL {
		return nl
	}
	return en
}
