package render

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"image/color"
	"image/png"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/fogleman/gg"
	"golang.org/x/image/font"

	"github.com/relmap/relmap/graph"
)

// DefaultPNGScale is the PNG resolution when PNGOptions.Scale is 0: two
// pixels per point (144 DPI), sharp on screens and readable when printed.
const DefaultPNGScale = 2.0

// MaxPNGPixels bounds the size of a PNG (width × height): 40 megapixels,
// about 160 MB of canvas. A larger picture is refused with EINVALID.
const MaxPNGPixels = 40_000_000

// PNGOptions are the options of PNG. The zero value (or nil) means the
// defaults.
type PNGOptions struct {
	// Scale is the number of pixels per point of the SVG; 0 means
	// DefaultPNGScale. At most 8.
	Scale float64
	// Transparent leaves the canvas transparent where the SVG draws
	// nothing; by default it is white. (Graphviz paints its own background,
	// white unless bgcolor says otherwise, so this rarely shows.)
	Transparent bool
}

// PNG rasterises svg, as produced by SVG, into a PNG image that shows the
// same picture: the same shapes, lines and text at the same places.
//
// It draws the subset of SVG that Graphviz's SVG renderer writes: nested
// <g> and <a> groups with transforms (matrix, translate, scale, rotate);
// <polygon>, <polyline>, <ellipse>, <circle>, <rect>, <line> and <path>
// (commands M L H V C S Q T Z, absolute and relative) with fill, stroke,
// stroke-width, stroke-dasharray and opacities; and <text> with x, y,
// text-anchor, font-size, font-weight and font-style. Colours are hex
// (#rgb, #rrggbb, #rrggbbaa), "none", "transparent" and the common named
// colours. Text is set in the embedded Liberation fonts: Liberation Sans
// (regular, bold, italic, bold italic), whose widths are Helvetica's and
// Arial's, for every family but monospace ones, which get Liberation Mono.
// DOT meant for PNG should therefore say fontname="Helvetica": Graphviz
// then sizes and aligns text with the same widths, and a serif family
// (Graphviz's default, Times) would be drawn sans-serif and a little wider
// than planned. <title>, <desc>, comments and links draw nothing.
//
// Anything outside the subset that would change the picture — <image>,
// gradients and patterns (fill="url(…)"), elliptical arcs in paths, an
// unknown colour — is refused with a *graph.Error of code graph.EINVALID
// rather than drawn wrongly; so is a picture larger than MaxPNGPixels.
// PNG checks ctx while it draws and returns ctx's error, wrapped, when it
// is done. It is safe for concurrent use.
func PNG(ctx context.Context, svg []byte, opts *PNGOptions) ([]byte, error) {
	scale := DefaultPNGScale
	transparent := false
	if opts != nil {
		if opts.Scale != 0 {
			scale = opts.Scale
		}
		transparent = opts.Transparent
	}
	if !(scale > 0 && scale <= 8) {
		return nil, graph.Invalid("scale", "%v is outside (0, 8]", scale)
	}
	r := &rasteriser{ctx: ctx, scale: scale, transparent: transparent}
	if err := r.run(svg); err != nil {
		var ge *graph.Error
		if errors.As(err, &ge) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, err
		}
		return nil, &graph.Error{Code: graph.EINVALID, Field: "svg", Message: "the SVG cannot be read: " + err.Error()}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, r.dc.Image()); err != nil {
		return nil, fmt.Errorf("render: png: encode: %w", err)
	}
	return buf.Bytes(), nil
}

// affine is the 2-D affine transform x' = a·x + c·y + e, y' = b·x + d·y + f
// (SVG's matrix(a b c d e f)).
type affine [6]float64

var identity = affine{1, 0, 0, 1, 0, 0}

// mul returns m·n: n is applied first.
func (m affine) mul(n affine) affine {
	return affine{
		m[0]*n[0] + m[2]*n[1],
		m[1]*n[0] + m[3]*n[1],
		m[0]*n[2] + m[2]*n[3],
		m[1]*n[2] + m[3]*n[3],
		m[0]*n[4] + m[2]*n[5] + m[4],
		m[1]*n[4] + m[3]*n[5] + m[5],
	}
}

func (m affine) apply(x, y float64) (float64, float64) {
	return m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]
}

// unit is the factor by which m scales lengths (stroke widths, font sizes):
// the square root of its determinant's magnitude.
func (m affine) unit() float64 { return math.Sqrt(math.Abs(m[0]*m[3] - m[1]*m[2])) }

// style is the inherited presentation state of an element.
type style struct {
	m     affine
	attrs map[string]string // inherited presentation attributes
}

// inherited lists the presentation attributes that groups pass on.
var inherited = []string{
	"fill", "stroke", "stroke-width", "stroke-dasharray", "fill-opacity", "stroke-opacity", "opacity",
	"font-family", "font-size", "font-weight", "font-style", "text-anchor",
}

type rasteriser struct {
	ctx         context.Context
	scale       float64
	transparent bool
	dc          *gg.Context
	faces       map[faceKey]font.Face
	n           int // elements drawn, for the context checks
}

func (r *rasteriser) run(svg []byte) error {
	d := xml.NewDecoder(bytes.NewReader(svg))
	d.Strict = true
	d.Entity = xml.HTMLEntity
	var stack []style
	var text *textRun
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if r.n++; r.n%256 == 0 {
				if err := r.ctx.Err(); err != nil {
					return fmt.Errorf("render: png: %w", err)
				}
			}
			a := map[string]string{}
			for _, at := range t.Attr {
				if at.Name.Space == "" || at.Name.Space == "http://www.w3.org/2000/svg" {
					a[at.Name.Local] = at.Value
				}
			}
			if t.Name.Local == "svg" && r.dc == nil {
				m, err := r.canvas(a)
				if err != nil {
					return err
				}
				stack = append(stack, style{m: m, attrs: map[string]string{}})
				continue
			}
			if r.dc == nil {
				return errors.New("the document is not an <svg> element")
			}
			parent := stack[len(stack)-1]
			st, err := derive(parent, a)
			if err != nil {
				return err
			}
			stack = append(stack, st)
			if text != nil { // <tspan> and the like inside <text>: one run
				continue
			}
			switch t.Name.Local {
			case "g", "a", "title", "desc", "metadata", "svg":
			case "text":
				text = &textRun{st: st, a: a}
			default:
				if err := r.shape(t.Name.Local, st, a); err != nil {
					return err
				}
			}
		case xml.EndElement:
			if len(stack) == 0 {
				return errors.New("unbalanced elements")
			}
			stack = stack[:len(stack)-1]
			if t.Name.Local == "text" && text != nil {
				if err := r.text(text); err != nil {
					return err
				}
				text = nil
			}
		case xml.CharData:
			if text != nil {
				text.s.Write(t)
			}
		}
	}
	if r.dc == nil {
		return errors.New("the document has no <svg> element")
	}
	return nil
}

// canvas creates the canvas from the <svg> element's width, height and
// viewBox and returns the transform from user units to pixels. Widths and
// heights are taken in points (Graphviz writes "268pt"); a bare number or
// "px" counts as points too.
func (r *rasteriser) canvas(a map[string]string) (affine, error) {
	w, errW := length(a["width"])
	h, errH := length(a["height"])
	vb := numbers(a["viewBox"])
	if errW != nil || errH != nil {
		if len(vb) != 4 {
			return identity, errors.New("the <svg> element has no usable width, height or viewBox")
		}
		w, h = vb[2], vb[3]
	}
	if len(vb) != 4 {
		vb = []float64{0, 0, w, h}
	}
	if !(w > 0 && h > 0 && vb[2] > 0 && vb[3] > 0) {
		return identity, errors.New("the <svg> element has an empty size")
	}
	pw, ph := math.Ceil(w*r.scale), math.Ceil(h*r.scale)
	if pw*ph > MaxPNGPixels {
		return identity, tooLarge(fmt.Sprintf(
			"the picture would be %.0f×%.0f pixels, more than %d: lower the scale or narrow the picture with a filter",
			pw, ph, MaxPNGPixels))
	}
	r.dc = gg.NewContext(int(pw), int(ph))
	if !r.transparent {
		r.dc.SetColor(color.White)
		r.dc.Clear()
	}
	r.dc.SetLineCapButt()
	r.dc.SetLineJoin(gg.LineJoinRound)
	sx, sy := w/vb[2]*r.scale, h/vb[3]*r.scale
	return affine{sx, 0, 0, sy, -vb[0] * sx, -vb[1] * sy}, nil
}

// derive returns the style of an element with attributes a inside parent.
func derive(parent style, a map[string]string) (style, error) {
	st := style{m: parent.m, attrs: parent.attrs}
	if tr, ok := a["transform"]; ok {
		m, err := transform(tr)
		if err != nil {
			return st, err
		}
		st.m = st.m.mul(m)
	}
	changed := false
	for _, k := range inherited {
		if _, ok := a[k]; ok {
			changed = true
			break
		}
	}
	if _, ok := a["style"]; ok {
		changed = true
	}
	if changed {
		st.attrs = make(map[string]string, len(parent.attrs)+4)
		for k, v := range parent.attrs {
			st.attrs[k] = v
		}
		for _, k := range inherited {
			if v, ok := a[k]; ok {
				st.attrs[k] = v
			}
		}
		// style="fill: red; stroke-width: 2" (Graphviz writes none, but
		// hand-made SVG might).
		for _, decl := range strings.Split(a["style"], ";") {
			k, v, ok := strings.Cut(decl, ":")
			if ok {
				st.attrs[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
	}
	return st, nil
}

// get returns the inherited attribute k of st or def.
func (st style) get(k, def string) string {
	if v, ok := st.attrs[k]; ok && v != "" && v != "inherit" {
		return v
	}
	return def
}

// shape draws one geometric element.
func (r *rasteriser) shape(name string, st style, a map[string]string) error {
	dc := r.dc
	dc.ClearPath()
	f := func(k string) float64 { v, _ := length(a[k]); return v }
	switch name {
	case "polygon", "polyline":
		pts := numbers(a["points"])
		if len(pts) < 4 || len(pts)%2 != 0 {
			return nil // nothing to draw
		}
		for i := 0; i < len(pts); i += 2 {
			x, y := st.m.apply(pts[i], pts[i+1])
			if i == 0 {
				dc.MoveTo(x, y)
			} else {
				dc.LineTo(x, y)
			}
		}
		if name == "polygon" {
			dc.ClosePath()
		}
	case "ellipse", "circle":
		rx, ry := f("rx"), f("ry")
		if name == "circle" {
			rx, ry = f("r"), f("r")
		}
		if rx <= 0 || ry <= 0 {
			return nil
		}
		if st.m[1] != 0 || st.m[2] != 0 {
			return unsupported("a rotated or skewed ellipse")
		}
		x, y := st.m.apply(f("cx"), f("cy"))
		dc.DrawEllipse(x, y, rx*math.Abs(st.m[0]), ry*math.Abs(st.m[3]))
	case "rect":
		x, y, w, h := f("x"), f("y"), f("width"), f("height")
		if w <= 0 || h <= 0 {
			return nil
		}
		for i, p := range [][2]float64{{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}} {
			px, py := st.m.apply(p[0], p[1])
			if i == 0 {
				dc.MoveTo(px, py)
			} else {
				dc.LineTo(px, py)
			}
		}
		dc.ClosePath()
	case "line":
		x1, y1 := st.m.apply(f("x1"), f("y1"))
		x2, y2 := st.m.apply(f("x2"), f("y2"))
		dc.MoveTo(x1, y1)
		dc.LineTo(x2, y2)
	case "path":
		if err := r.path(st.m, a["d"]); err != nil {
			return err
		}
	case "image", "use", "foreignObject", "pattern", "linearGradient", "radialGradient", "mask", "clipPath", "filter":
		return unsupported("<" + name + ">")
	default:
		return nil // <defs>, <style>, unknown metadata: nothing to draw
	}
	return r.paint(st, name != "line")
}

// paint fills (when fillable) and strokes the current path with st's
// colours.
func (r *rasteriser) paint(st style, fillable bool) error {
	dc := r.dc
	opacity := opacityOf(st.get("opacity", "1"))
	fill, err := paintColor(st.get("fill", "black"), opacityOf(st.get("fill-opacity", "1"))*opacity)
	if err != nil {
		return err
	}
	stroke, err := paintColor(st.get("stroke", "none"), opacityOf(st.get("stroke-opacity", "1"))*opacity)
	if err != nil {
		return err
	}
	width := 1.0
	if w, err := length(st.get("stroke-width", "1")); err == nil && w >= 0 {
		width = w
	}
	if fill != nil && fillable {
		dc.SetColor(fill)
		if stroke != nil && width > 0 {
			dc.FillPreserve()
		} else {
			dc.Fill()
		}
	}
	if stroke != nil && width > 0 {
		u := st.m.unit()
		dc.SetColor(stroke)
		dc.SetLineWidth(width * u)
		dash := numbers(st.get("stroke-dasharray", ""))
		if len(dash)%2 == 1 {
			dash = append(dash, dash...)
		}
		for i := range dash {
			dash[i] *= u
		}
		dc.SetDash(dash...)
		dc.Stroke()
	}
	dc.ClearPath()
	return nil
}

// textRun is a <text> element being read.
type textRun struct {
	st style
	a  map[string]string
	s  strings.Builder
}

// text draws a <text> element.
func (r *rasteriser) text(t *textRun) error {
	s := strings.Join(strings.Fields(t.s.String()), " ")
	if s == "" {
		return nil
	}
	col, err := paintColor(t.st.get("fill", "black"), opacityOf(t.st.get("fill-opacity", "1"))*opacityOf(t.st.get("opacity", "1")))
	if err != nil || col == nil {
		return err
	}
	size, err := length(t.st.get("font-size", "14"))
	if err != nil || size <= 0 {
		size = 14
	}
	px := size * t.st.m.unit()
	if px < 0.5 {
		return nil
	}
	fs := regular
	fam := strings.ToLower(t.st.get("font-family", ""))
	weight := t.st.get("font-weight", "normal")
	slant := t.st.get("font-style", "normal")
	b := weight == "bold" || weight == "bolder" || (len(weight) == 3 && weight >= "600")
	i := slant == "italic" || slant == "oblique"
	switch {
	case strings.Contains(fam, "mono") || strings.Contains(fam, "courier"):
		fs = mono
	case b && i:
		fs = boldItalic
	case b:
		fs = bold
	case i:
		fs = italic
	}
	k := faceKey{fs, math.Round(px*4) / 4}
	if r.faces == nil {
		r.faces = map[faceKey]font.Face{}
	}
	face, ok := r.faces[k]
	if !ok {
		face = newFace(k.st, k.size)
		r.faces[k] = face
	}
	x0, _ := length(firstOf(t.a["x"]))
	y0, _ := length(firstOf(t.a["y"]))
	x, y := t.st.m.apply(x0, y0)
	ax := 0.0
	switch t.st.get("text-anchor", "start") {
	case "middle":
		ax = 0.5
	case "end":
		ax = 1
	}
	r.dc.SetFontFace(face)
	r.dc.SetColor(col)
	r.dc.DrawStringAnchored(s, x, y, ax, 0)
	return nil
}

// path adds the outline of path data d, transformed by m, to the canvas.
func (r *rasteriser) path(m affine, d string) error {
	dc := r.dc
	sc := pathScanner{s: d}
	var cx, cy, sx, sy float64 // current point and subpath start, user units
	var lcx, lcy float64       // last control point, for S and T
	var prev byte
	to := func(x, y float64) (float64, float64) { return m.apply(x, y) }
	for {
		cmd, ok := sc.command()
		if !ok {
			break
		}
		rel := cmd >= 'a' && cmd <= 'z'
		up := cmd &^ 0x20
		first := true
		for first || sc.more() {
			first = false
			ox, oy := 0.0, 0.0
			if rel {
				ox, oy = cx, cy
			}
			switch up {
			case 'M':
				x, y, err := sc.pair()
				if err != nil {
					return err
				}
				cx, cy = ox+x, oy+y
				sx, sy = cx, cy
				dc.MoveTo(to(cx, cy))
				up = 'L' // further pairs are line-tos
			case 'L':
				x, y, err := sc.pair()
				if err != nil {
					return err
				}
				cx, cy = ox+x, oy+y
				dc.LineTo(to(cx, cy))
			case 'H':
				x, err := sc.number()
				if err != nil {
					return err
				}
				cx = ox + x
				dc.LineTo(to(cx, cy))
			case 'V':
				y, err := sc.number()
				if err != nil {
					return err
				}
				cy = oy + y
				dc.LineTo(to(cx, cy))
			case 'C', 'S':
				var x1, y1 float64
				if up == 'C' {
					a, b, err := sc.pair()
					if err != nil {
						return err
					}
					x1, y1 = ox+a, oy+b
				} else if prev == 'C' || prev == 'S' {
					x1, y1 = 2*cx-lcx, 2*cy-lcy
				} else {
					x1, y1 = cx, cy
				}
				a, b, err := sc.pair()
				if err != nil {
					return err
				}
				x2, y2 := ox+a, oy+b
				a, b, err = sc.pair()
				if err != nil {
					return err
				}
				cx, cy = ox+a, oy+b
				p1x, p1y := to(x1, y1)
				p2x, p2y := to(x2, y2)
				p3x, p3y := to(cx, cy)
				dc.CubicTo(p1x, p1y, p2x, p2y, p3x, p3y)
				lcx, lcy = x2, y2
			case 'Q', 'T':
				var x1, y1 float64
				if up == 'Q' {
					a, b, err := sc.pair()
					if err != nil {
						return err
					}
					x1, y1 = ox+a, oy+b
				} else if prev == 'Q' || prev == 'T' {
					x1, y1 = 2*cx-lcx, 2*cy-lcy
				} else {
					x1, y1 = cx, cy
				}
				a, b, err := sc.pair()
				if err != nil {
					return err
				}
				cx, cy = ox+a, oy+b
				p1x, p1y := to(x1, y1)
				p2x, p2y := to(cx, cy)
				dc.QuadraticTo(p1x, p1y, p2x, p2y)
				lcx, lcy = x1, y1
			case 'Z':
				dc.ClosePath()
				cx, cy = sx, sy
				first = false
			case 'A':
				return unsupported("elliptical arcs in paths")
			default:
				return fmt.Errorf("unknown path command %q", cmd)
			}
			prev = up
			if up == 'Z' {
				break
			}
		}
	}
	return nil
}

// pathScanner reads SVG path data.
type pathScanner struct {
	s string
	i int
}

func (p *pathScanner) skip() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == ',' || p.s[p.i] == '\n' || p.s[p.i] == '\t' || p.s[p.i] == '\r') {
		p.i++
	}
}

// command returns the next command letter.
func (p *pathScanner) command() (byte, bool) {
	p.skip()
	if p.i >= len(p.s) {
		return 0, false
	}
	c := p.s[p.i]
	if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' {
		p.i++
		return c, true
	}
	return c, true // a number: an error the caller reports as unknown command
}

// more reports whether a number follows (an implicit repeat of the last
// command).
func (p *pathScanner) more() bool {
	p.skip()
	if p.i >= len(p.s) {
		return false
	}
	c := p.s[p.i]
	return c == '-' || c == '+' || c == '.' || c >= '0' && c <= '9'
}

func (p *pathScanner) number() (float64, error) {
	p.skip()
	start := p.i
	if p.i < len(p.s) && (p.s[p.i] == '-' || p.s[p.i] == '+') {
		p.i++
	}
	dot, exp := false, false
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c >= '0' && c <= '9':
		case c == '.' && !dot && !exp:
			dot = true
		case (c == 'e' || c == 'E') && !exp:
			exp = true
			if p.i+1 < len(p.s) && (p.s[p.i+1] == '-' || p.s[p.i+1] == '+') {
				p.i++
			}
		default:
			goto done
		}
		p.i++
	}
done:
	v, err := strconv.ParseFloat(p.s[start:p.i], 64)
	if err != nil {
		return 0, fmt.Errorf("bad number in path data at offset %d", start)
	}
	return v, nil
}

func (p *pathScanner) pair() (float64, float64, error) {
	x, err := p.number()
	if err != nil {
		return 0, 0, err
	}
	y, err := p.number()
	return x, y, err
}

// numbers parses a list of numbers separated by spaces and/or commas, as in
// points="1,2 3,4" or viewBox="0 0 10 10". Unparsable input gives nil.
func numbers(s string) []float64 {
	p := pathScanner{s: s}
	var out []float64
	for p.more() {
		v, err := p.number()
		if err != nil {
			return nil
		}
		out = append(out, v)
	}
	return out
}

// length parses a length such as "14.00", "268pt" or "2px"; units are
// ignored (Graphviz's user unit is the point).
func length(s string) (float64, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimRight(s, "abcdefghijklmnopqrstuvwxyz%")
	return strconv.ParseFloat(s, 64)
}

// firstOf returns the first of a list of coordinates ("10 20 30" → "10").
func firstOf(s string) string {
	if f := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' }); len(f) > 0 {
		return f[0]
	}
	return "0"
}

// opacityOf parses an opacity in [0,1]; anything else counts as 1.
func opacityOf(s string) float64 {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || v < 0 || v > 1 {
		return 1
	}
	return v
}

// paintColor parses a paint value and applies an opacity; nil means none.
func paintColor(s string, opacity float64) (color.Color, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "none" || s == "transparent" || s == "" {
		return nil, nil
	}
	if strings.HasPrefix(s, "url(") {
		return nil, unsupported("gradient or pattern paint " + s)
	}
	var c color.NRGBA
	if hex, ok := namedColors[s]; ok {
		s = hex
	}
	if !strings.HasPrefix(s, "#") {
		return nil, unsupported("the colour " + strconv.Quote(s))
	}
	h := s[1:]
	if len(h) == 3 || len(h) == 4 {
		var b strings.Builder
		for _, r := range h {
			b.WriteRune(r)
			b.WriteRune(r)
		}
		h = b.String()
	}
	v, err := strconv.ParseUint(h, 16, 32)
	if err != nil || (len(h) != 6 && len(h) != 8) {
		return nil, unsupported("the colour " + strconv.Quote(s))
	}
	if len(h) == 6 {
		v = v<<8 | 0xff
	}
	c = color.NRGBA{R: uint8(v >> 24), G: uint8(v >> 16), B: uint8(v >> 8), A: uint8(v)}
	c.A = uint8(math.Round(float64(c.A) * opacity))
	if c.A == 0 {
		return nil, nil
	}
	return c, nil
}

// namedColors holds the colour names Graphviz and hand-made SVG commonly
// use; everything relmap draws uses hex.
var namedColors = map[string]string{
	"black": "#000000", "white": "#ffffff", "gray": "#808080", "grey": "#808080",
	"lightgray": "#d3d3d3", "lightgrey": "#d3d3d3", "darkgray": "#a9a9a9", "darkgrey": "#a9a9a9",
	"dimgray": "#696969", "dimgrey": "#696969", "silver": "#c0c0c0", "gainsboro": "#dcdcdc",
	"whitesmoke": "#f5f5f5", "red": "#ff0000", "green": "#008000", "blue": "#0000ff",
	"yellow": "#ffff00", "orange": "#ffa500", "purple": "#800080", "navy": "#000080",
	"teal": "#008080", "maroon": "#800000", "olive": "#808000", "lime": "#00ff00",
	"aqua": "#00ffff", "cyan": "#00ffff", "fuchsia": "#ff00ff", "magenta": "#ff00ff",
	"lightblue": "#add8e6", "lightyellow": "#ffffe0", "lightgreen": "#90ee90",
	"pink": "#ffc0cb", "brown": "#a52a2a", "gold": "#ffd700",
}

// transform parses an SVG transform list.
func transform(s string) (affine, error) {
	m := identity
	s = strings.TrimSpace(s)
	for s != "" {
		open := strings.IndexByte(s, '(')
		closing := strings.IndexByte(s, ')')
		if open < 0 || closing < open {
			return m, fmt.Errorf("bad transform %q", s)
		}
		name := strings.TrimSpace(strings.Trim(s[:open], ", "))
		args := numbers(s[open+1 : closing])
		s = strings.TrimSpace(s[closing+1:])
		var t affine
		switch {
		case name == "matrix" && len(args) == 6:
			t = affine(args)
		case name == "translate" && len(args) == 1:
			t = affine{1, 0, 0, 1, args[0], 0}
		case name == "translate" && len(args) == 2:
			t = affine{1, 0, 0, 1, args[0], args[1]}
		case name == "scale" && len(args) == 1:
			t = affine{args[0], 0, 0, args[0], 0, 0}
		case name == "scale" && len(args) == 2:
			t = affine{args[0], 0, 0, args[1], 0, 0}
		case name == "rotate" && (len(args) == 1 || len(args) == 3):
			a := args[0] * math.Pi / 180
			sin, cos := math.Sincos(a)
			t = affine{cos, sin, -sin, cos, 0, 0}
			if len(args) == 3 {
				t = affine{1, 0, 0, 1, args[1], args[2]}.mul(t).mul(affine{1, 0, 0, 1, -args[1], -args[2]})
			}
		default:
			return m, fmt.Errorf("bad transform %s(%v)", name, args)
		}
		m = m.mul(t)
	}
	return m, nil
}

func unsupported(what string) error {
	return &graph.Error{Code: graph.EINVALID, Field: "svg", Message: "the PNG renderer does not draw " + what}
}
