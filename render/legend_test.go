package render

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// inkColors carry no meaning of their own: the white background, text,
// outlines, frames and the name leaders.
var inkColors = []string{"white", "#ffffff", "black", "#000000", "transparent", "none", textColor, mutedColor, outlineColor, LineColor}

// pictureColors returns the fill and stroke colours an SVG uses outside
// its legend band, text left out (text is ink), each without its opacity.
func pictureColors(t *testing.T, svg []byte) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	d := xml.NewDecoder(bytes.NewReader(svg))
	d.Entity = xml.HTMLEntity
	depth, legendAt := 0, -1
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			depth++
			a := map[string]string{}
			for _, at := range e.Attr {
				a[at.Name.Local] = at.Value
			}
			if a["id"] == "legend" {
				legendAt = depth
			}
			if legendAt >= 0 || e.Name.Local == "text" {
				continue
			}
			for _, k := range []string{"fill", "stroke"} {
				if c := strings.ToLower(a[k]); c != "" {
					out[c] = true
				}
			}
		case xml.EndElement:
			if depth == legendAt {
				legendAt = -1
			}
			depth--
		}
	}
}

// TestLegendNamesEveryColour draws every picture, in both languages, and
// checks that every colour it uses is explained by its legend: drawn by
// one of the legend's swatches, or a quadrant tint of a segment colour the
// legend names, or ink (inkColors). And that the legend names what the
// colours mean: each segment colour beside its segment's name.
func TestLegendNamesEveryColour(t *testing.T) {
	ctx := context.Background()
	snap := smallNetwork(t)
	ps := twoPaths(t)
	over, _ := overviewInput(t)
	segs := smallSegments
	parties := map[string]graph.PartyType{}
	for _, n := range smallNetworkData().Nodes {
		parties[n.ID] = n.PartyType
	}
	reach := ReachInput{
		Targets:  []analysis.PathNode{{ID: "org-ggd", Name: "GGD <Noord>", Kind: graph.KindOrganisation}, {ID: "org-far", Name: "Verre Stichting", Kind: graph.KindOrganisation}},
		Paths:    map[string][]analysis.Path{"org-ggd": ps},
		Segments: segs, PartyTypes: parties,
	}
	for _, lang := range []string{"en", "nl"} {
		pictures := map[string]func() ([]byte, string, error){
			"matrix": func() ([]byte, string, error) {
				return Matrix(ctx, smallMatrix(), MatrixOptions{Lang: lang, ShowNetwork: true}, FormatSVG)
			},
			"matrix density": func() ([]byte, string, error) {
				return Matrix(ctx, bigMatrix(300), MatrixOptions{Lang: lang, Density: true}, FormatSVG)
			},
			"network": func() ([]byte, string, error) {
				return Network(ctx, snap, NetworkOptions{Lang: lang, Segments: segs}, FormatSVG)
			},
			"network without segments": func() ([]byte, string, error) {
				return Network(ctx, snap, NetworkOptions{Lang: lang}, FormatSVG)
			},
			"ego": func() ([]byte, string, error) {
				return Ego(ctx, snap, "per-jan", 1, NetworkOptions{Lang: lang, Segments: segs}, FormatSVG)
			},
			"paths": func() ([]byte, string, error) {
				return Paths(ctx, ps, PathsOptions{Lang: lang, Segments: segs, PartyTypes: parties}, FormatSVG)
			},
			"reach": func() ([]byte, string, error) { return Reach(ctx, reach, ReachOptions{Lang: lang}, FormatSVG) },
			"overview": func() ([]byte, string, error) {
				return Overview(ctx, over, OverviewOptions{Lang: lang}, FormatSVG)
			},
		}
		for name, draw := range pictures {
			t.Run(lang+"/"+name, func(t *testing.T) {
				svg, _, err := draw()
				if err != nil {
					t.Fatal(err)
				}
				doc := readSVG(t, svg)
				if len(doc.legend) == 0 {
					t.Fatal("the picture has no legend")
				}
				named := map[string]bool{}
				for c := range doc.legendColors {
					named[c] = true
				}
				for _, sg := range segment.Segments {
					if named[SegmentColor(sg)] {
						named[quadrantTint(sg)] = true
					}
				}
				for c := range pictureColors(t, svg) {
					if !named[c] && !slices.Contains(inkColors, c) {
						t.Errorf("colour %s is drawn but the legend does not explain it (legend: %q)", c, doc.legend)
					}
				}
				// A segment colour in the legend stands beside its name.
				text := strings.Join(doc.legend, " | ")
				for _, sg := range segment.Segments {
					if named[SegmentColor(sg)] && !strings.Contains(text, sg.Name(lang)) {
						t.Errorf("the legend draws %s but does not name %s", SegmentColor(sg), sg.Name(lang))
					}
				}
			})
		}
	}
}

// TestOneColourPerMeaning: the colours that mean something are all
// different — the four segments, our employees, ties, organisation boxes,
// the network link — and none is ink; our employees are never drawn in a
// segment colour.
func TestOneColourPerMeaning(t *testing.T) {
	meaning := map[string]string{
		ColorInvest: "invest", ColorDevelop: "develop", ColorHarvest: "harvest", ColorIgnore: "ignore",
		ColorEmployee: "our employees", TieColor: "ties", ClusterFill: "organisation box", ClusterLine: "organisation box",
		NetworkLinkColor: "network-measured accessibility",
	}
	seen := map[string]string{}
	for c, m := range meaning {
		c = strings.ToLower(c)
		if other, ok := seen[c]; ok && other != m {
			t.Errorf("%s means both %s and %s", c, m, other)
		}
		seen[c] = m
		if slices.Contains(inkColors, c) {
			t.Errorf("%s (%s) is also ink", c, m)
		}
	}
	if len(seen) != 9 {
		t.Errorf("%d distinct colours, want 9 (the organisation box has two)", len(seen))
	}
}
