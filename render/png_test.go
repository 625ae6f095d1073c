package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/relmap/relmap/graph"
)

// hexColor parses "#rrggbb".
func hexColor(t *testing.T, s string) color.NRGBA {
	t.Helper()
	c, err := paintColor(s, 1)
	if err != nil || c == nil {
		t.Fatalf("colour %q: %v", s, err)
	}
	return c.(color.NRGBA)
}

// same reports whether pixel c is exactly colour w (opaque).
func same(c color.Color, w color.NRGBA) bool {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	return n == w
}

// tinted counts the pixels of img that show colour hex laid over white at
// an opacity of at least amin: the pixels of lines drawn with an opacity
// (tieStyle). Each channel c of such a pixel is 255 − a·(255 − h) for one
// a in [amin, 1], to within a rounding of 2.
func tinted(t *testing.T, img image.Image, hex string, amin float64) int {
	t.Helper()
	w := hexColor(t, hex)
	want := [3]float64{float64(w.R), float64(w.G), float64(w.B)}
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			got := [3]float64{float64(c.R), float64(c.G), float64(c.B)}
			// The opacity from the channel with the most contrast.
			k := 0
			for i := range 3 {
				if 255-want[i] > 255-want[k] {
					k = i
				}
			}
			a := (255 - got[k]) / (255 - want[k])
			if a < amin || a > 1.01 {
				continue
			}
			ok := true
			for i := range 3 {
				if math.Abs(255-a*(255-want[i])-got[i]) > 2 {
					ok = false
				}
			}
			if ok {
				n++
			}
		}
	}
	return n
}

// counts returns, for each colour of ws, the number of pixels of img that
// are exactly that colour, in one pass over the pixels.
func counts(img image.Image, ws ...color.NRGBA) []int {
	rgba := image.NewNRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	want := make([]uint32, len(ws))
	for i, w := range ws {
		want[i] = uint32(w.R)<<24 | uint32(w.G)<<16 | uint32(w.B)<<8 | uint32(w.A)
	}
	out := make([]int, len(ws))
	p := rgba.Pix
	for i := 0; i+3 < len(p); i += 4 {
		v := uint32(p[i])<<24 | uint32(p[i+1])<<16 | uint32(p[i+2])<<8 | uint32(p[i+3])
		for j, w := range want {
			if v == w {
				out[j]++
			}
		}
	}
	return out
}

// TestMatrixPNG checks that the PNG shows what the SVG shows — the lines,
// the filled markers — and not only its text, as go-graphviz's own PNG
// does: it counts the pixels of the quadrant lines' colour and of each
// party type's fill, and finds every stakeholder's fill colour at the
// centre the SVG gives its marker.
func TestMatrixPNG(t *testing.T) {
	ctx := context.Background()
	m := smallMatrix()
	opts := MatrixOptions{Lang: "nl", ShowNetwork: true}
	svg, _, err := Matrix(ctx, m, opts, FormatSVG)
	if err != nil {
		t.Fatal(err)
	}
	out, ct, err := Matrix(ctx, m, opts, FormatPNG)
	if err != nil {
		t.Fatal(err)
	}
	if ct != "image/png" {
		t.Errorf("content type %q", ct)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	doc := readSVG(t, svg)
	w := img.Bounds().Dx()
	vb := numbers(svgAttr(t, svg, "viewBox"))
	if wantW := int(vb[2]*DefaultPNGScale + 0.999); w != wantW {
		t.Errorf("PNG is %d pixels wide, want %d (the SVG's %.2f pt at scale %v)", w, wantW, vb[2], DefaultPNGScale)
	}

	// Lines: the frame (two sides about 550 pt and two about 650 pt) and
	// two threshold lines, 1.5 pt wide: at 2 px/pt at least 2 full pixels
	// across, so well over 2·(2·550 + 2·650 + 550 + 650) pixels.
	fills := []string{ColorInvest, ColorDevelop, ColorHarvest, ColorIgnore}
	var ws []color.NRGBA
	for _, c := range append([]string{LineColor}, fills...) {
		ws = append(ws, hexColor(t, c))
	}
	n := counts(img, ws...)
	if n[0] < 2*(2*550+2*650+550+650) {
		t.Errorf("%d pixels of the line colour %s; the lines are missing", n[0], LineColor)
	}
	// Fills: every segment has a legend swatch (12 pt, about 24 px
	// across), and the matrix has markers of each.
	for i, c := range fills {
		if n[i+1] < 2*250 {
			t.Errorf("%d pixels of %s; the markers are missing", n[i+1], c)
		}
	}
	t.Logf("pixels: line %d, invest %d, develop %d, harvest %d, ignore %d", n[0], n[1], n[2], n[3], n[4])
	// Each stakeholder marker's centre, from the SVG, has its fill in the PNG.
	scale := DefaultPNGScale
	markers := doc.withClass("stakeholder")
	if len(markers) != 6 {
		t.Fatalf("%d markers in the SVG, want 6", len(markers))
	}
	for _, n := range markers {
		x, y := int((n.cx-vb[0])*scale), int((n.cy-vb[1])*scale)
		if got := img.At(x, y); !same(got, hexColor(t, n.fill)) {
			t.Errorf("%s: pixel (%d, %d) is %v, want the marker's fill %s", n.id, x, y, got, n.fill)
		}
	}
	// And the canvas outside the picture's shapes is white.
	if !same(img.At(1, 1), color.NRGBA{255, 255, 255, 255}) {
		t.Errorf("corner pixel is %v, want white", img.At(1, 1))
	}
}

// svgAttr returns an attribute of the <svg> element.
func svgAttr(t *testing.T, svg []byte, name string) string {
	t.Helper()
	i := bytes.Index(svg, []byte("<svg"))
	j := bytes.Index(svg[i:], []byte(">"))
	tag := string(svg[i : i+j])
	k := strings.Index(tag, name+`="`)
	if k < 0 {
		t.Fatalf("no %s in %s", name, tag)
	}
	rest := tag[k+len(name)+2:]
	return rest[:strings.IndexByte(rest, '"')]
}

// TestPNGSubset draws one of each element and path command of the subset,
// transforms included, and checks a pixel inside each.
func TestPNGSubset(t *testing.T) {
	const svg = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg width="100pt" height="50pt" viewBox="0.00 0.00 100.00 50.00" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<g id="graph0" class="graph" transform="scale(1 1) rotate(0) translate(0 50)">
<title>t</title>
<polygon fill="#ff0000" stroke="none" points="0,-50 10,-50 10,-40 0,-40 0,-50"/>
<ellipse fill="#00ff00" stroke="black" cx="25" cy="-45" rx="4" ry="4"/>
<g transform="translate(30 -50)"><rect x="0" y="0" width="10" height="10" fill="#0000ff"/></g>
<path fill="#ffff00" stroke="none" d="M45,-50L55,-50 55,-40 45,-40Z"/>
<path fill="#ff00ff" stroke="none" d="m60,-50h10v10h-10z"/>
<path fill="#00ffff" stroke="none" d="M75,-50C75,-50 85,-50 85,-50 S85,-40 85,-40 L75,-40Z"/>
<path fill="none" stroke="#123456" stroke-width="4" d="M0,-20C30,-20 60,-20 100,-20"/>
<polyline fill="none" stroke="#654321" stroke-width="4" points="0,-5 100,-5"/>
<g><a xlink:title="tip"><circle cx="95" cy="-45" r="3" fill="gray"/></a></g>
<text text-anchor="middle" x="50" y="-28" font-family="Helvetica,sans-Serif" font-size="10.00" fill="#000000">Hallo</text>
<text x="0" y="-28" font-size="10" fill="#ff0000" fill-opacity="0">invisible</text>
</g>
</svg>`
	out, err := PNG(context.Background(), []byte(svg), &PNGOptions{Scale: 1})
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 100 || b.Dy() != 50 {
		t.Fatalf("size %v, want 100×50", b)
	}
	for _, tc := range []struct {
		x, y int
		c    string
	}{
		{5, 5, "#ff0000"},  // polygon
		{25, 5, "#00ff00"}, // ellipse
		{35, 5, "#0000ff"}, // rect in a translated group
		{50, 5, "#ffff00"}, // absolute path with implicit line-tos
		{65, 5, "#ff00ff"}, // relative path
		{80, 5, "#00ffff"}, // cubic and smooth cubic
		{50, 30, "#123456"},
		{50, 45, "#654321"},
		{95, 5, "#808080"}, // circle inside a link
	} {
		if got := img.At(tc.x, tc.y); !same(got, hexColor(t, tc.c)) {
			t.Errorf("pixel (%d, %d) is %v, want %s", tc.x, tc.y, got, tc.c)
		}
	}
	// The text is drawn (dark pixels around x = 50, y = 22) and the
	// transparent one is not (no red there).
	dark := 0
	for y := 12; y < 24; y++ {
		for x := 35; x < 65; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if r < 0x4000 && g < 0x4000 && b < 0x4000 {
				dark++
			}
			if same(img.At(x, y), hexColor(t, "#ff0000")) {
				t.Fatalf("invisible text drawn at (%d, %d)", x, y)
			}
		}
	}
	if dark < 20 {
		t.Errorf("%d dark pixels where the text should be", dark)
	}
}

func TestPNGRefuses(t *testing.T) {
	wrap := func(body string) string {
		return `<svg width="10pt" height="10pt" viewBox="0 0 10 10" xmlns="http://www.w3.org/2000/svg">` + body + `</svg>`
	}
	for _, tc := range []struct {
		name, svg, msg string
		opts           *PNGOptions
	}{
		{"image", wrap(`<image href="x.png" width="5" height="5"/>`), "<image>", nil},
		{"gradient", wrap(`<rect width="5" height="5" fill="url(#g)"/>`), "gradient", nil},
		{"arc", wrap(`<path d="M0,0 A5,5 0 0 1 5,5" stroke="black"/>`), "arcs", nil},
		{"colour", wrap(`<rect width="5" height="5" fill="chartreuse"/>`), "colour", nil},
		{"huge", `<svg width="100000pt" height="100000pt" xmlns="http://www.w3.org/2000/svg"></svg>`, "pixels", nil},
		{"not svg", `<html></html>`, "cannot be read", nil},
		{"not xml", `<svg`, "cannot be read", nil},
		{"scale", wrap(""), "outside", &PNGOptions{Scale: 20}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := PNG(context.Background(), []byte(tc.svg), tc.opts)
			var ge *graph.Error
			if !errors.As(err, &ge) || ge.Code != graph.EINVALID || !strings.Contains(ge.Message, tc.msg) {
				t.Fatalf("got %v, want EINVALID mentioning %q", err, tc.msg)
			}
		})
	}
}

// TestPNGContext: a cancelled context stops the drawing.
func TestPNGContext(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<svg width="10pt" height="10pt" xmlns="http://www.w3.org/2000/svg">`)
	for i := range 600 {
		fmt.Fprintf(&b, `<rect x="%d" y="0" width="1" height="1" fill="#000000"/>`, i%10)
	}
	b.WriteString(`</svg>`)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := PNG(ctx, []byte(b.String()), nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

func TestTransform(t *testing.T) {
	for _, tc := range []struct {
		in   string
		x, y float64
	}{
		{"translate(10 20)", 11, 22},
		{"scale(2) translate(1,1)", 4, 6},
		{"scale(1 1) rotate(0) translate(4 40)", 5, 42},
		{"rotate(90)", -2, 1},
		{"rotate(90 1 1)", 0, 1},
		{"matrix(1 0 0 1 5 5)", 6, 7},
	} {
		m, err := transform(tc.in)
		if err != nil {
			t.Fatal(tc.in, err)
		}
		if x, y := m.apply(1, 2); abs(x-tc.x) > 1e-9 || abs(y-tc.y) > 1e-9 {
			t.Errorf("%s maps (1, 2) to (%v, %v), want (%v, %v)", tc.in, x, y, tc.x, tc.y)
		}
	}
	if _, err := transform("skewX(10)"); err == nil {
		t.Error("skewX accepted")
	}
}

// TestPNGConcurrent rasterises from several goroutines at once (run with
// -race): the fonts are shared, the faces are not.
func TestPNGConcurrent(t *testing.T) {
	const svg = `<svg width="60pt" height="20pt" xmlns="http://www.w3.org/2000/svg"><text x="2" y="14" font-size="12" font-weight="bold">Oogst</text></svg>`
	var outs [4][]byte
	var errs [4]error
	done := make(chan int)
	for i := range outs {
		go func() {
			outs[i], errs[i] = PNG(context.Background(), []byte(svg), nil)
			done <- i
		}()
	}
	for range outs {
		<-done
	}
	for i := range outs {
		if errs[i] != nil || !bytes.Equal(outs[i], outs[0]) {
			t.Fatalf("render %d: %v (equal to the first: %v)", i, errs[i], bytes.Equal(outs[i], outs[0]))
		}
	}
}

// TestPNGBudget: the PNG of the demo network's ego picture of org-0001
// (two ties deep: 60 nodes, about 3,200×700 points) keeps within its pixel
// budget — 4 megapixels (60 × PNGPixelsPerNode = 3.6 is below
// MinPNGBudget), where the default scale of two pixels per point would
// give 9 — without going below one pixel
// per point, where its 10-point names would no longer read.
func TestPNGBudget(t *testing.T) {
	snap, segs := demoNetwork(t)
	opts := NetworkOptions{Focus: "org-0001", Depth: 2, Segments: segs}
	svg, _, err := Network(context.Background(), snap, opts, FormatSVG)
	if err != nil {
		t.Fatal(err)
	}
	nodes := len(svgNodes.FindAllIndex(svg, -1))
	m := svgSize.FindSubmatch(svg)
	w, _ := strconv.ParseFloat(string(m[1]), 64)
	h, _ := strconv.ParseFloat(string(m[2]), 64)
	out, _, err := Network(context.Background(), snap, opts, FormatPNG)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	px := float64(cfg.Width * cfg.Height)
	budget := max(MinPNGBudget, float64(nodes*PNGPixelsPerNode))
	t.Logf("%d nodes, %.0f×%.0f pt → %d×%d px (%.1f MP, budget %.1f MP)", nodes, w, h, cfg.Width, cfg.Height, px/1e6, budget/1e6)
	if w*h*DefaultPNGScale*DefaultPNGScale <= budget {
		t.Fatalf("the picture (%.0f×%.0f pt) fits the budget at the default scale: not a test of the budget", w, h)
	}
	if px > budget*1.01 {
		t.Errorf("%d×%d px = %.1f MP, over the budget of %.1f MP for %d nodes", cfg.Width, cfg.Height, px/1e6, budget/1e6, nodes)
	}
	if float64(cfg.Width) < w*MinPNGScale-1 {
		t.Errorf("%d px for %.0f pt: below one pixel per point", cfg.Width, w)
	}
}
