package render

import (
	"sync"

	"github.com/go-fonts/liberation/liberationmonoregular"
	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansbolditalic"
	"github.com/go-fonts/liberation/liberationsansitalic"
	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
)

// fontStyle selects one of the embedded fonts.
type fontStyle int

const (
	regular fontStyle = iota
	bold
	italic
	boldItalic
	mono
)

// fonts parses the embedded Liberation fonts once. They are the fonts of
// every PNG and the metrics by which the matrix places its text. Liberation
// Sans has the advance widths of Arial and Helvetica, the family the SVG
// names and Graphviz's own text-width estimate uses, so text in the PNG is
// as wide as Graphviz planned and as a browser draws it.
var fonts = sync.OnceValue(func() [5]*truetype.Font {
	var fs [5]*truetype.Font
	for i, ttf := range [][]byte{
		liberationsansregular.TTF, liberationsansbold.TTF, liberationsansitalic.TTF,
		liberationsansbolditalic.TTF, liberationmonoregular.TTF,
	} {
		f, err := truetype.Parse(ttf)
		if err != nil {
			panic("render: embedded font: " + err.Error()) // cannot happen: the bytes are compiled in
		}
		fs[i] = f
	}
	return fs
})

// newFace returns a face of style st whose em is size pixels (72 DPI: one
// pixel per point). A face is not safe for concurrent use.
func newFace(st fontStyle, size float64) font.Face {
	return truetype.NewFace(fonts()[st], &truetype.Options{Size: size, DPI: 72, Hinting: font.HintingNone})
}

// measurer measures text widths in points, caching one face per style and
// size. It is not safe for concurrent use.
type measurer struct {
	faces map[faceKey]font.Face
}

type faceKey struct {
	st   fontStyle
	size float64
}

// face returns the cached face of style st and size size.
func (m *measurer) face(st fontStyle, size float64) font.Face {
	if m.faces == nil {
		m.faces = map[faceKey]font.Face{}
	}
	k := faceKey{st, size}
	f, ok := m.faces[k]
	if !ok {
		f = newFace(st, size)
		m.faces[k] = f
	}
	return f
}

// width returns the advance width of s in points at the given size.
func (m *measurer) width(st fontStyle, size float64, s string) float64 {
	return float64(font.MeasureString(m.face(st, size), s)) / 64
}
