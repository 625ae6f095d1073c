package render

import (
	"strconv"
	"strings"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// The colour language of every picture (see the package doc): colour is
// the segment and nothing else; kind is the shape, party type the
// outline, our employees a dark hexagon, a tie's strength its width and
// opacity, a derived tie dashed. Advice is never a colour: it is written
// as a small text badge.

// The segment colours, from the Okabe–Ito palette (Okabe and Ito 2008,
// "Color Universal Design"), which stays distinct for readers with the
// common colour-vision deficiencies.
const (
	ColorInvest  = "#009e73" // bluish green
	ColorDevelop = "#0072b2" // blue
	ColorHarvest = "#e69f00" // orange
	ColorIgnore  = "#999999" // grey
	// ColorUnassessed fills a stakeholder without a segment: white, in a
	// thin grey outline.
	ColorUnassessed = "#ffffff"
)

// The neutral colours: none of them means a segment.
const (
	// ColorEmployee fills our own employees, drawn as hexagons with white
	// names: a dark slate that no segment uses.
	ColorEmployee = "#2d3640"
	// EmployeeOutline is their outline.
	EmployeeOutline = "#11161c"
	// TieColor draws every tie and every hop of a path; its opacity and
	// width grow with the strength.
	TieColor = "#3f4a57"
	// ClusterFill and ClusterLine draw an organisation's box around its
	// people.
	ClusterFill = "#f4f6f9"
	ClusterLine = "#aeb8c4"
	// LineColor is the colour of the matrix's frame, threshold lines and
	// ticks.
	LineColor = "#5b6770"
	// NetworkLinkColor joins a stakeholder's judged and network-measured
	// positions in the matrix, and a name to its marker.
	NetworkLinkColor = "#7a869a"
)

// SegmentColor returns the colour of segment s in every picture:
// ColorInvest, ColorDevelop, ColorHarvest, ColorIgnore, and
// ColorUnassessed for Unassessed or an unknown segment.
func SegmentColor(s segment.Segment) string {
	switch s {
	case segment.Invest:
		return ColorInvest
	case segment.Develop:
		return ColorDevelop
	case segment.Harvest:
		return ColorHarvest
	case segment.Ignore:
		return ColorIgnore
	}
	return ColorUnassessed
}

// segmentText is the colour of a name written on a segment's fill: white
// on the develop blue, where it contrasts 5.0:1 (dark text would reach
// 4.2:1), dark on the lighter fills, where dark text contrasts at least
// 6:1 (WCAG 2.1 relative luminance: blue 0.159, green 0.255, grey 0.318,
// orange 0.43).
func segmentText(s segment.Segment) string {
	if s == segment.Develop {
		return "white"
	}
	return textColor
}

// quadrantAlpha is the opacity of a segment's colour over white in the
// matrix's quadrant tints (tint).
const quadrantAlpha = 0.1

// quadrantTint is the background of a segment's quadrant: its colour,
// faint.
func quadrantTint(s segment.Segment) string { return tint(SegmentColor(s), quadrantAlpha) }

// boldLabel sets a node's label in bold. Graphviz 12.1 (the WASM build) has no
// widths for the font "Helvetica-Bold" and sizes such a node by a
// narrower fallback's (a 21-rune name 108 pt wide instead of 126), so bold
// names ran out of their nodes; inside <B> it uses Helvetica Bold's own
// widths. So the label becomes an HTML-like label in <B> and the font
// stays Helvetica. Call it after the label is set; a blank label stays.
func boldLabel(a attrs) {
	switch l := a["label"].(type) {
	case string:
		if strings.TrimSpace(l) != "" {
			a["label"] = htmlf("<B>%s</B>", l)
		}
	case htmlLabel:
		a["label"] = htmlf("<B>%s</B>", l)
	}
}

// partyOutline returns the outline attributes that mark party type p on a
// stakeholder's shape: input a heavy line, consumer a dashed one,
// intermediary a double one, unclassified a thin one. style holds the
// shape's other styles ("filled", "rounded").
func partyOutline(p graph.PartyType, style ...string) attrs {
	a := attrs{"color": outlineColor}
	switch p {
	case graph.PartyInput:
		a["penwidth"] = "2.5"
	case graph.PartyConsumer:
		a["penwidth"] = "2"
		style = append(style, "dashed")
	case graph.PartyIntermediary:
		a["penwidth"] = "1.2"
		a["peripheries"] = "2"
	default:
		a["penwidth"] = "0.8"
		a["color"] = mutedColor
	}
	a["style"] = strings.Join(style, ",")
	return a
}

// partySwatch is partyOutline as a legend swatch of shape.
func partySwatch(p graph.PartyType, shape string) swatch {
	sw := swatch{shape: shape, fill: "white", stroke: outlineColor, penwidth: 0.8}
	switch p {
	case graph.PartyInput:
		sw.penwidth = 2.5
	case graph.PartyConsumer:
		sw.penwidth, sw.dashed = 2, true
	case graph.PartyIntermediary:
		sw.penwidth, sw.double = 1.2, true
	default:
		sw.stroke = mutedColor
	}
	return sw
}

// tieStyle returns the attributes of a tie or hop of strength s: its width
// from MinPenWidth to MaxPenWidth and its opacity from minTieOpacity to 1,
// both linear in s, and dashed when derived (no relationship states it:
// logged contacts or a shared organisation make it).
func tieStyle(s float64, derived bool) attrs {
	s = clamp01(s)
	a := attrs{
		"color":    tieColorAt(s),
		"penwidth": num(MinPenWidth + (MaxPenWidth-MinPenWidth)*s),
	}
	if derived {
		a["style"] = "dashed"
	}
	return a
}

// minTieOpacity is the opacity of a tie of strength 0.
const minTieOpacity = 0.35

// tieColorAt is TieColor with the opacity of strength s, as Graphviz reads
// it: #rrggbbaa, which it writes as stroke and stroke-opacity.
func tieColorAt(s float64) string {
	a := minTieOpacity + (1-minTieOpacity)*clamp01(s)
	return TieColor + hex2(int(a*255+0.5))
}

func hex2(v int) string {
	s := strconv.FormatInt(int64(min(max(v, 0), 255)), 16)
	if len(s) == 1 {
		s = "0" + s
	}
	return s
}

// segmentLegend is the legend section of the segment colours.
func segmentLegend(nl bool, shape string, unassessed bool) legendSection {
	sec := legendSection{title: pick(nl, "Segment (colour)", "Segment (kleur)")}
	for _, s := range segment.Segments {
		sec.items = append(sec.items, legendItem{swatch{shape: shape, fill: SegmentColor(s), stroke: outlineColor, penwidth: 0.8}, s.Name(langCode(nl))})
	}
	if unassessed {
		sec.items = append(sec.items, legendItem{swatch{shape: shape, fill: ColorUnassessed, stroke: mutedColor, penwidth: 0.8}, segment.Unassessed.Name(langCode(nl))})
	}
	return sec
}

// kindLegend is the legend section of the shapes: organisation, person
// and, when employees, our employee.
func kindLegend(nl, employees bool) legendSection {
	sec := legendSection{title: pick(nl, "Shape", "Vorm"), items: []legendItem{
		{swatch{shape: "rbox", fill: "white", stroke: outlineColor, penwidth: 0.8}, pick(nl, "organisation", "organisatie")},
		{swatch{shape: "ellipse", fill: "white", stroke: outlineColor, penwidth: 0.8}, pick(nl, "person", "persoon")},
	}}
	if employees {
		sec.items = append(sec.items, legendItem{swatch{shape: "hexagon", fill: ColorEmployee, stroke: EmployeeOutline, penwidth: 1.5}, pick(nl, "our employee", "onze medewerker")})
	}
	return sec
}

// partyLegend is the legend section of the party-type outlines.
func partyLegend(nl bool, shape string) legendSection {
	sec := legendSection{title: pick(nl, "Party type (outline)", "Partijtype (rand)")}
	for _, p := range []graph.PartyType{graph.PartyInput, graph.PartyConsumer, graph.PartyIntermediary, ""} {
		sec.items = append(sec.items, legendItem{partySwatch(p, shape), strings.ToLower(partyName(p, nl))})
	}
	return sec
}

// tieLegend is the legend section of the ties: strength as width and
// opacity, and, when derived, the dashed derived ties.
func tieLegend(nl, derived bool, title string) legendSection {
	sec := legendSection{title: title, items: []legendItem{
		{swatch{shape: "line", stroke: tieColorAt(0.2), penwidth: MinPenWidth + (MaxPenWidth-MinPenWidth)*0.2}, pick(nl, "weak", "zwak")},
		{swatch{shape: "line", stroke: tieColorAt(1), penwidth: MaxPenWidth}, pick(nl, "strong", "sterk")},
	}}
	if derived {
		sec.items = append(sec.items, legendItem{swatch{shape: "line", stroke: tieColorAt(0.5), penwidth: 1.5, dashed: true},
			pick(nl, "from contacts or a shared organisation", "uit contacten of een gedeelde organisatie")})
	}
	return sec
}

// decimal formats v with at most places decimals in the number format of
// lang's language: 3.25 in English, 3,25 in Dutch.
func decimal(v float64, places int, nl bool) string {
	s := strconv.FormatFloat(v, 'f', places, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if nl {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}
