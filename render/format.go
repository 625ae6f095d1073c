package render

import (
	"slices"
	"strings"

	"github.com/relmap/relmap/graph"
)

// Format is an output format of a picture.
type Format string

// The formats.
const (
	// FormatSVG is the primary format: vector, with tooltips, ids and
	// classes for the web page.
	FormatSVG Format = "svg"
	// FormatPNG is the SVG rasterised by PNG.
	FormatPNG Format = "png"
	// FormatDOT is the Graphviz source, before layout.
	FormatDOT Format = "dot"
)

// Formats lists every format.
var Formats = []Format{FormatSVG, FormatPNG, FormatDOT}

// Valid reports whether f is one of Formats.
func (f Format) Valid() bool { return slices.Contains(Formats, f) }

// ParseFormat returns the format named s ("svg", "png" or "dot", in any
// case), or a *graph.Error with code graph.EINVALID on field "format".
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	if !f.Valid() {
		return "", graph.Invalid("format", "%q is not one of svg, png, dot", s)
	}
	return f, nil
}

// ContentType returns the media type of f for an HTTP response:
// image/svg+xml, image/png, or text/vnd.graphviz for DOT; "" for an
// unknown format.
func (f Format) ContentType() string {
	switch f {
	case FormatSVG:
		return "image/svg+xml"
	case FormatPNG:
		return "image/png"
	case FormatDOT:
		return "text/vnd.graphviz; charset=utf-8"
	}
	return ""
}
