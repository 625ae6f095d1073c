package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/relmap/relmap/graph"
)

// A legend explains every colour, shape, outline and line a picture uses.
// Every picture has one, drawn the same way: a band under the picture,
// one row per section ("Segment (colour)", "Shape", …), added to the SVG
// after Graphviz has laid the picture out (appendLegend), so that it is
// the same whichever layout engine drew the picture, and in the PNG too
// (which is drawn from the SVG). The DOT carries the legend as comments
// (legendComments), so the golden files pin it down.
type legend struct {
	sections []legendSection
	// note is an optional line under the sections (a caption).
	note string
}

// legendSection is one row of a legend: a title and its items.
type legendSection struct {
	title string
	items []legendItem
}

// legendItem is one swatch and what it means.
type legendItem struct {
	swatch swatch
	text   string
}

// swatch is a small drawing of a shape, outline or line.
type swatch struct {
	// shape is "box", "rbox" (rounded), "ellipse", "circle", "hexagon",
	// "line" or "bubble" (a circle of the given size).
	shape    string
	fill     string // "" for none
	stroke   string // "" for none
	penwidth float64
	dashed   bool
	double   bool    // a second outline around the shape
	size     float64 // the bubble's diameter in points; 0 for the default
}

// Geometry of the legend band, in points.
const (
	legendFont    = 10.0
	legendRow     = 18.0 // the height of one line of items
	legendSwatch  = 12.0 // a shape's size
	legendLineLen = 26.0 // a line swatch's length
	legendGap     = 14.0 // between items
	legendPad     = 8.0  // around the band
	legendMinW    = 360.0
)

// legendComments writes lg into the DOT as comment lines.
func (w *dotWriter) legendComments(lg legend) {
	w.comment("legend (drawn under the picture in SVG and PNG)")
	for _, sec := range lg.sections {
		var items []string
		for _, it := range sec.items {
			items = append(items, it.swatch.describe()+" "+it.text)
		}
		w.comment(sec.title + ": " + strings.Join(items, "; "))
	}
	if lg.note != "" {
		w.comment(lg.note)
	}
}

// describe is the swatch in a few words, for the DOT comments.
func (sw swatch) describe() string {
	parts := []string{sw.shape}
	if sw.fill != "" {
		parts = append(parts, "fill "+sw.fill)
	}
	if sw.stroke != "" {
		parts = append(parts, "line "+sw.stroke+" "+num(sw.penwidth))
	}
	if sw.dashed {
		parts = append(parts, "dashed")
	}
	if sw.double {
		parts = append(parts, "double")
	}
	if sw.size > 0 {
		parts = append(parts, "size "+num(sw.size))
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// svgHead matches the size attributes of Graphviz's <svg> element.
var svgHead = regexp.MustCompile(`<svg width="([0-9.]+)pt" height="([0-9.]+)pt"\s+viewBox="([-0-9. ]+)"`)

// appendLegend adds lg as a band under the picture svg (Graphviz's SVG):
// the <svg> element grows by the band's height (and to the band's width
// when the picture is narrower) and the band is drawn in a group with
// id="legend" and class="legend" at the end; its data-picture-width is the
// picture's own width. A picture without a legend is returned as it is.
func appendLegend(svg []byte, lg legend) ([]byte, error) {
	if len(lg.sections) == 0 && lg.note == "" {
		return svg, nil
	}
	m := svgHead.FindSubmatchIndex(svg)
	if m == nil {
		return nil, fmt.Errorf("render: legend: the SVG has no size")
	}
	vb := numbers(string(svg[m[6]:m[7]]))
	if len(vb) != 4 || vb[2] <= 0 || vb[3] <= 0 {
		return nil, fmt.Errorf("render: legend: the SVG has no usable size")
	}
	// The band is drawn in the viewBox's units, which are points (relmap
	// gives no size attribute that would scale the picture; Graphviz
	// rounds width and height to whole points, the viewBox it keeps
	// exact). The new width and height are the viewBox's, so that one
	// unit is one point exactly.
	var meas measurer
	band, bw, bh := lg.draw(&meas, max(vb[2], legendMinW), vb[0], vb[1]+vb[3], 1)
	// The band may be wider than the picture; say how wide the picture
	// is, for a viewer that shows the two apart (the web page).
	band = bytes.Replace(band, []byte(`<g id="legend" class="legend">`),
		[]byte(`<g id="legend" class="legend" data-picture-width="`+fixed2(vb[2])+`">`), 1)
	nw, nh := max(vb[2], bw), vb[3]+bh
	var out bytes.Buffer
	out.Grow(len(svg) + len(band) + 64)
	out.Write(svg[:m[0]])
	fmt.Fprintf(&out, `<svg width="%spt" height="%spt" viewBox="%s %s %s %s"`,
		fixed2(nw), fixed2(nh), fixed2(vb[0]), fixed2(vb[1]), fixed2(nw), fixed2(nh))
	rest := svg[m[1]:]
	end := bytes.LastIndex(rest, []byte("</svg>"))
	if end < 0 {
		return nil, fmt.Errorf("render: legend: the SVG does not end")
	}
	out.Write(rest[:end])
	out.Write(band)
	out.Write(rest[end:])
	return out.Bytes(), nil
}

func fixed2(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// draw lays the legend out in rows within width (user units) from (x0,
// y0) downwards and returns its SVG group, its width and its height.
// unit is the size of a point in user units.
func (lg legend) draw(meas *measurer, width, x0, y0, unit float64) ([]byte, float64, float64) {
	var b bytes.Buffer
	b.WriteString("<g id=\"legend\" class=\"legend\">\n")
	pad, row, font := legendPad*unit, legendRow*unit, legendFont*unit
	y := y0 + pad
	right := 0.0
	// A white band behind it; its height is written when it is known.
	bgAt := b.Len()
	for _, sec := range lg.sections {
		x := x0 + pad
		title := sec.title + ":"
		tw := meas.width(bold, legendFont, title) * unit
		writeText(&b, x, y+row*0.7, font, true, title)
		x += tw + legendGap*unit*0.6
		indent := x
		for _, it := range sec.items {
			sw := legendSwatch * unit
			if it.swatch.shape == "line" {
				sw = legendLineLen * unit
			}
			if it.swatch.size > 0 {
				sw = it.swatch.size * unit
			}
			ring := 0.0 // a double outline reaches 3 pt beyond the swatch
			if it.swatch.double {
				ring = 3 * unit
			}
			iw := sw + 2*ring + 5*unit + meas.width(regular, legendFont, it.text)*unit
			if x > indent && x+iw > x0+width-pad {
				x = indent
				y += row
			}
			it.swatch.write(&b, x+ring, y+row/2, sw, unit)
			writeText(&b, x+sw+2*ring+5*unit, y+row*0.7, font, false, it.text)
			x += iw + legendGap*unit
			right = max(right, x)
		}
		y += row
	}
	if lg.note != "" {
		writeText(&b, x0+pad, y+row*0.7, font, false, lg.note)
		right = max(right, x0+pad+meas.width(regular, legendFont, lg.note)*unit+legendGap*unit)
		y += row
	}
	height := y - y0 + pad
	bw := max(width, right-x0+pad)
	bg := fmt.Sprintf("<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"white\" stroke=\"none\"/>\n",
		fixed2(x0), fixed2(y0), fixed2(bw), fixed2(height))
	out := append([]byte(nil), b.Bytes()[:bgAt]...)
	out = append(out, bg...)
	out = append(out, b.Bytes()[bgAt:]...)
	out = append(out, "</g>\n"...)
	return out, bw, height
}

// writeText writes one line of legend text with its baseline at y.
func writeText(b *bytes.Buffer, x, y, size float64, strong bool, s string) {
	weight := ""
	if strong {
		weight = ` font-weight="bold"`
	}
	fmt.Fprintf(b, "<text x=\"%s\" y=\"%s\" font-family=\"Helvetica,sans-Serif\" font-size=\"%s\"%s fill=\"%s\">",
		fixed2(x), fixed2(y), fixed2(size), weight, textColor)
	_ = xml.EscapeText(b, []byte(s))
	b.WriteString("</text>\n")
}

// write draws the swatch with its left edge at x, centred on y, w wide.
func (sw swatch) write(b *bytes.Buffer, x, y, w, unit float64) {
	paint := func() string {
		var s strings.Builder
		if sw.fill == "" {
			s.WriteString(` fill="none"`)
		} else {
			col, alpha := splitAlpha(sw.fill)
			s.WriteString(` fill="` + col + `"`)
			if alpha < 1 {
				s.WriteString(` fill-opacity="` + strconv.FormatFloat(alpha, 'f', 3, 64) + `"`)
			}
		}
		if sw.stroke == "" {
			s.WriteString(` stroke="none"`)
		} else {
			col, alpha := splitAlpha(sw.stroke)
			s.WriteString(` stroke="` + col + `" stroke-width="` + fixed2(sw.penwidth*unit) + `"`)
			if alpha < 1 {
				s.WriteString(` stroke-opacity="` + strconv.FormatFloat(alpha, 'f', 3, 64) + `"`)
			}
			if sw.dashed {
				s.WriteString(` stroke-dasharray="` + fixed2(5*unit) + `,` + fixed2(2*unit) + `"`)
			}
		}
		return s.String()
	}
	h := legendSwatch * unit
	if sw.size > 0 {
		h = sw.size * unit
	}
	cx := x + w/2
	shape := func(grow float64) {
		rw, rh := w/2+grow, h/2+grow
		switch sw.shape {
		case "box", "rbox":
			r := ""
			if sw.shape == "rbox" {
				r = ` rx="` + fixed2(3*unit) + `"`
			}
			fmt.Fprintf(b, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"%s%s/>\n",
				fixed2(cx-rw), fixed2(y-rh), fixed2(2*rw), fixed2(2*rh), r, paint())
		case "ellipse", "circle", "bubble":
			if sw.shape != "ellipse" {
				rw = rh
			}
			fmt.Fprintf(b, "<ellipse cx=\"%s\" cy=\"%s\" rx=\"%s\" ry=\"%s\"%s/>\n", fixed2(cx), fixed2(y), fixed2(rw), fixed2(rh), paint())
		case "hexagon":
			var pts []string
			for _, p := range [][2]float64{{-1, 0}, {-0.5, -1}, {0.5, -1}, {1, 0}, {0.5, 1}, {-0.5, 1}, {-1, 0}} {
				pts = append(pts, fixed2(cx+p[0]*rw)+","+fixed2(y+p[1]*rh))
			}
			fmt.Fprintf(b, "<polygon points=\"%s\"%s/>\n", strings.Join(pts, " "), paint())
		case "line":
			fmt.Fprintf(b, "<polyline points=\"%s,%s %s,%s\"%s/>\n", fixed2(x), fixed2(y), fixed2(x+w), fixed2(y), paint())
		}
	}
	if sw.double && sw.shape != "line" {
		fill := sw.fill
		sw.fill = ""
		shape(3 * unit)
		sw.fill = fill
	}
	shape(0)
}

// splitAlpha splits "#rrggbbaa" into "#rrggbb" and the opacity aa/255;
// any other colour has opacity 1.
func splitAlpha(c string) (string, float64) {
	if len(c) == 9 && c[0] == '#' {
		if a, err := strconv.ParseUint(c[7:], 16, 8); err == nil {
			return c[:7], math.Round(float64(a)/255*1000) / 1000
		}
	}
	return c, 1
}

// kindShape is a node kind's shape in the legend: organisations rounded
// boxes, persons ellipses, employees hexagons.
func kindShape(k graph.Kind) string {
	switch k {
	case graph.KindOrganisation:
		return "rbox"
	case graph.KindEmployee:
		return "hexagon"
	}
	return "ellipse"
}
