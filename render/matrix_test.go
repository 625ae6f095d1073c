package render

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites the file with
// -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./render -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("%s differs from the golden file at line %d:\n got: %s\nwant: %s\n(run go test ./render -update if the change is intended)", name, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("%s differs from the golden file in length: %d lines, want %d", name, len(gl), len(wl))
	}
}

// TestMatrixDOTGolden pins the DOT of the hand-made matrix: in Dutch with
// the network view, in English with three names and without it.
func TestMatrixDOTGolden(t *testing.T) {
	for _, tc := range []struct {
		file string
		opts MatrixOptions
	}{
		{"matrix_nl.golden", MatrixOptions{Lang: "nl", ShowNetwork: true}},
		{"matrix_en.golden", MatrixOptions{Lang: "en", TopN: 3, MaxUnassessed: -1}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			dot, err := MatrixDOT(smallMatrix(), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tc.file, dot)
		})
	}
}

// TestMatrixDOTDeterministic: the DOT depends on the rows, not on their
// order.
func TestMatrixDOTDeterministic(t *testing.T) {
	m := bigMatrix(120)
	opts := MatrixOptions{Lang: "nl", ShowNetwork: true}
	a, err := MatrixDOT(m, opts)
	if err != nil {
		t.Fatal(err)
	}
	rows := m.Rows()
	slices.Reverse(rows)
	m = segment.NewMatrix(m.AsOf, m.Scheme, m.Policies, rows)
	b, err := MatrixDOT(m, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("the DOT changed when the rows were reversed")
	}
}

// TestMatrixSVGQuadrants renders the hand-made matrix in both languages and
// checks, on the laid-out SVG, that the four quadrants are named in the
// seed's positions, that each name lies in its own quadrant's area, and
// that every stakeholder lands in the quadrant of its segment — the
// high/high ministry and the one exactly on both thresholds in Invest.
func TestMatrixSVGQuadrants(t *testing.T) {
	names := map[string]map[segment.Segment]string{
		"nl": {segment.Develop: "Ontwikkel", segment.Invest: "Investeer", segment.Ignore: "Negeer", segment.Harvest: "Oogst"},
		"en": {segment.Develop: "Develop", segment.Invest: "Invest", segment.Ignore: "Ignore", segment.Harvest: "Harvest"},
	}
	// Where each stakeholder of smallMatrix belongs: its scores, read off
	// the seed's figure.
	want := map[string]segment.Segment{
		"org-vws":       segment.Invest,  // attractiveness 5, accessibility 4
		"org-threshold": segment.Invest,  // 3 and 3: exactly on both thresholds counts as high
		"org-fonds":     segment.Develop, // 5 and 1
		"org-ggd":       segment.Harvest, // 2 and 5
		"org-huisarts":  segment.Harvest, // 2 and 5, the same scores as org-ggd
		"per-jansen":    segment.Ignore,  // 1 and 2
	}
	for lang, qn := range names {
		t.Run(lang, func(t *testing.T) {
			svg, ct, err := Matrix(context.Background(), smallMatrix(), MatrixOptions{Lang: lang}, FormatSVG)
			if err != nil {
				t.Fatal(err)
			}
			if ct != "image/svg+xml" {
				t.Errorf("content type %q", ct)
			}
			doc := readSVG(t, svg)
			at := map[segment.Segment]svgText{}
			for sg, name := range qn {
				found := doc.find(name)
				if len(found) != 1 {
					t.Fatalf("found %d texts %q, want 1", len(found), name)
				}
				at[sg] = found[0]
			}
			// The seed's positions; SVG's y grows downwards.
			if !(at[segment.Develop].x < at[segment.Invest].x && at[segment.Ignore].x < at[segment.Harvest].x) {
				t.Errorf("left/right: %v", at)
			}
			if !(at[segment.Develop].y < at[segment.Ignore].y && at[segment.Invest].y < at[segment.Harvest].y) {
				t.Errorf("top/bottom: %v", at)
			}
			areas := quadrantAreas(t, doc)
			for sg, tx := range at {
				if !areas[sg].contains(tx.x, tx.y) {
					t.Errorf("%q at (%.1f, %.1f) is outside its quadrant %+v", qn[sg], tx.x, tx.y, areas[sg])
				}
			}
			for id, sg := range want {
				n, ok := doc.node("stakeholder-" + id)
				if !ok || !n.hasShape {
					t.Fatalf("no marker for %s", id)
				}
				if !areas[sg].contains(n.cx, n.cy) {
					t.Errorf("%s at (%.1f, %.1f) is outside %s %+v", id, n.cx, n.cy, sg, areas[sg])
				}
				if !hasClass(n.class, "segment-"+string(sg)) {
					t.Errorf("%s has classes %q, want segment-%s", id, n.class, sg)
				}
			}
			// The unassessed stakeholder is listed, not placed.
			if _, ok := doc.node("stakeholder-per-unknown"); ok {
				t.Error("the unassessed stakeholder has a marker")
			}
			if len(doc.find("Karel de Vries")) != 1 {
				t.Error("the unassessed stakeholder is not listed")
			}
			// Names that need escaping come out as they are.
			for _, s := range []string{`Fonds "Samen" & Sterk`, "GGD Regio <Noord>", `Petra Jansen\N`} {
				if len(doc.find(s)) != 1 {
					t.Errorf("name %q not found in the SVG", s)
				}
			}
		})
	}
}

// quadrantAreas returns the box of each quadrant's tinted background.
func quadrantAreas(t *testing.T, doc svgDoc) map[segment.Segment]rect {
	t.Helper()
	out := map[segment.Segment]rect{}
	for _, n := range doc.withClass("quadrant") {
		for _, sg := range segment.Segments {
			if hasClass(n.class, "segment-"+string(sg)) {
				out[sg] = n.box
			}
		}
	}
	if len(out) != 4 {
		t.Fatalf("found %d quadrant areas, want 4", len(out))
	}
	return out
}

// TestMatrix300 renders 300 stakeholders under a timeout and checks that
// exactly the top DefaultTopN of each quadrant by attractiveness (ties by
// name) are named.
func TestMatrix300(t *testing.T) {
	m := bigMatrix(300)
	// A bound against a render that never ends, not a speed test: generous,
	// as a busy machine may be many times slower than an idle one.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	start := time.Now()
	svg, _, err := Matrix(ctx, m, MatrixOptions{Lang: "en", ShowNetwork: true}, FormatSVG)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("300 stakeholders: %d bytes of SVG in %v", len(svg), time.Since(start))

	var placed []segment.MatrixRow
	for _, r := range m.Rows() {
		if r.Placement.Segment.Placed() {
			placed = append(placed, r)
		}
	}
	slices.SortFunc(placed, func(a, b segment.MatrixRow) int {
		return cmp.Or(cmp.Compare(b.Placement.Attractiveness.Mean, a.Placement.Attractiveness.Mean),
			cmp.Compare(a.Stakeholder.Name, b.Stakeholder.Name), cmp.Compare(a.Stakeholder.ID, b.Stakeholder.ID))
	})
	var want []string
	perQuadrant := map[segment.Segment]int{}
	for _, r := range placed {
		if perQuadrant[r.Placement.Segment] < DefaultTopN {
			perQuadrant[r.Placement.Segment]++
			want = append(want, r.Stakeholder.Name)
		}
	}
	slices.Sort(want)

	doc := readSVG(t, svg)
	var got []string
	for _, tx := range doc.texts {
		if hasClass(tx.class, "stakeholder-name") {
			got = append(got, tx.text)
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("named stakeholders:\n got %q\nwant %q", got, want)
	}
	if n := len(doc.withClass("stakeholder")); n != len(placed) {
		t.Errorf("%d stakeholder markers, want %d", n, len(placed))
	}
	if n := len(doc.withClass("named")); n != 4*DefaultTopN {
		t.Errorf("%d named markers, want %d", n, 4*DefaultTopN)
	}
	// Identical scores are spread: no two markers share a centre.
	seen := map[[2]int64]string{}
	for _, n := range doc.withClass("stakeholder") {
		k := [2]int64{int64(n.cx * 10), int64(n.cy * 10)}
		if other, dup := seen[k]; dup {
			t.Errorf("%s and %s are drawn on the same spot", n.id, other)
		}
		seen[k] = n.id
	}
	// Every marker stays in its segment's quadrant despite the spreading,
	// and wholly inside the frame (the quadrants' tints fill it).
	areas := quadrantAreas(t, doc)
	frame := areas[segment.Develop]
	for _, a := range areas {
		frame = rect{min(frame.x0, a.x0), min(frame.y0, a.y0), max(frame.x1, a.x1), max(frame.y1, a.y1)}
	}
	for _, n := range doc.withClass("stakeholder") {
		if !n.box.inside(frame) {
			t.Errorf("%s %+v reaches outside the frame %+v", n.id, n.box, frame)
		}
	}
	for _, n := range doc.withClass("stakeholder") {
		for _, sg := range segment.Segments {
			if hasClass(n.class, "segment-"+string(sg)) && !areas[sg].contains(n.cx, n.cy) {
				t.Errorf("%s at (%.1f, %.1f) is outside %s", n.id, n.cx, n.cy, sg)
			}
		}
	}
}

// TestMatrixTopN: TopN names the most attractive of each quadrant; a
// negative TopN names nobody; a TopN above every quadrant's number of
// stakeholders names everybody and drops the legend's note. smallMatrix
// places invest 2, develop 1, harvest 2 and ignore 1 stakeholders, so
// TopN 1 names 4 and TopN 2 all 6.
func TestMatrixTopN(t *testing.T) {
	for _, tc := range []struct {
		topN, named int
	}{{-1, 0}, {1, 4}, {2, 6}, {100, 6}} {
		dot, err := MatrixDOT(smallMatrix(), MatrixOptions{TopN: tc.topN})
		if err != nil {
			t.Fatal(err)
		}
		if n := bytes.Count(dot, []byte(`class="stakeholder-name"`)); n != tc.named {
			t.Errorf("TopN %d: %d names, want %d", tc.topN, n, tc.named)
		}
		if note := bytes.Contains(dot, []byte("Names: the")); note != (tc.named < 6) {
			t.Errorf("TopN %d: legend note %v", tc.topN, note)
		}
	}
}

func TestMatrixErrors(t *testing.T) {
	noScheme := smallMatrix()
	noScheme.Scheme = nil
	badThreshold := smallMatrix()
	badThreshold.Scheme = badThreshold.Scheme.Clone()
	badThreshold.Scheme.ThresholdAccessibility = 7
	badScale := smallMatrix()
	badScale.Scheme = badScale.Scheme.Clone()
	badScale.Scheme.Scale = segment.Scale{Min: 5, Max: 5}
	for _, tc := range []struct {
		name  string
		m     *segment.Matrix
		opts  MatrixOptions
		field string
		msg   string
	}{
		{"nil matrix", nil, MatrixOptions{}, "matrix", ""},
		{"no scheme", noScheme, MatrixOptions{}, "scheme", ""},
		{"threshold", badThreshold, MatrixOptions{}, "threshold_accessibility", ""},
		{"scale", badScale, MatrixOptions{}, "scale.max", ""},
		{"segment filter", smallMatrix(), MatrixOptions{Segments: []segment.Segment{"best"}}, "segment", "best"},
		{"party filter", smallMatrix(), MatrixOptions{PartyTypes: []graph.PartyType{"friend"}}, "party_type", "friend"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := MatrixDOT(tc.m, tc.opts)
			var ge *graph.Error
			if !errors.As(err, &ge) || ge.Code != graph.EINVALID || ge.Field != tc.field || !strings.Contains(ge.Message, tc.msg) {
				t.Fatalf("got %v, want EINVALID on field %q mentioning %q", err, tc.field, tc.msg)
			}
		})
	}
	if _, _, err := Matrix(context.Background(), smallMatrix(), MatrixOptions{}, "gif"); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("format gif: %v", err)
	}
}

// TestMatrixNeato: the DOT lays out with plain neato too (as its header
// says), drawing the same picture up to a translation.
func TestMatrixNeato(t *testing.T) {
	dot, err := MatrixDOT(smallMatrix(), MatrixOptions{Lang: "nl"})
	if err != nil {
		t.Fatal(err)
	}
	var docs []svgDoc
	for _, e := range []Engine{Nop, Neato} {
		svg, err := SVG(context.Background(), dot, e, nil)
		if err != nil {
			t.Fatal(e, err)
		}
		docs = append(docs, readSVG(t, svg))
	}
	a, b := docs[0].texts, docs[1].texts
	if len(a) != len(b) || len(a) == 0 {
		t.Fatalf("%d texts with nop, %d with neato", len(a), len(b))
	}
	dx, dy := b[0].x-a[0].x, b[0].y-a[0].y
	for i := range a {
		if a[i].text != b[i].text || abs(b[i].x-a[i].x-dx) > 0.02 || abs(b[i].y-a[i].y-dy) > 0.02 {
			t.Fatalf("text %d: nop %+v, neato %+v (shift %.2f, %.2f)", i, a[i], b[i], dx, dy)
		}
	}
}

func abs(v float64) float64 { return max(v, -v) }

// TestTruncate: long names keep a short last word, which often tells
// names with one beginning apart; counted by hand in runes.
func TestTruncate(t *testing.T) {
	for in, want := range map[string]string{
		"Gemeente Middenstad": "Gemeente Middenstad",
		// 34 runes; "Goes" (4) is kept ("Gezondheid Goes" is over 10):
		// head budget 28-1-5 = 22 runes, "Academisch Netwerk Gez", cut at
		// the space after "Netwerk" (18 ≥ 11).
		"Academisch Netwerk Gezondheid Goes": "Academisch Netwerk … Goes",
		// "Den Haag 2" (10 runes) is kept: head budget 28-1-11 = 16,
		// "Academisch Netwe", cut at its space (10 ≥ 8).
		"Academisch Netwerk Gezondheid Den Haag 2": "Academisch … Den Haag 2",
		// last word "Gezondheidsbevordering" (22) is longer than 10: cut
		// the end at 27 runes and add "…".
		"Stichting Voor Langdurige Gezondheidsbevordering": "Stichting Voor Langdurige G…",
		"Stichting\tVoor  Zorg":                            "Stichting Voor Zorg",
	} {
		got := truncate(in)
		if got != want {
			t.Errorf("truncate(%q) = %q, want %q", in, got, want)
		}
		if n := utf8.RuneCountInString(got); n > MaxLabelRunes {
			t.Errorf("truncate(%q) has %d runes", in, n)
		}
	}
}

// TestMatrixDensityNumbers: in the density view the named stakeholders
// are numbered markers in the plot and named, by number, in the legend —
// never as labels among the bubbles, where thousands of cells leave no
// room (the 20,000-person demo's names overlapped).
func TestMatrixDensityNumbers(t *testing.T) {
	m := bigMatrix(300)
	opts := MatrixOptions{Lang: "nl", Density: true, TopN: 3}
	dot, lg, err := matrixDOT(m, opts)
	if err != nil {
		t.Fatal(err)
	}
	text := string(dot)
	// The three most attractive of each quadrant, as placed.
	d := &matrixDrawing{m: m, s: m.Scheme, opts: opts, topN: 3}
	d.place()
	if len(d.marks) != 12 {
		t.Fatalf("%d named marks, want 3 in each of 4 quadrants", len(d.marks))
	}
	sections := map[string][]string{}
	for _, sec := range lg.sections {
		for _, it := range sec.items {
			sections[sec.title] = append(sections[sec.title], it.text)
		}
	}
	for _, mk := range d.marks {
		id := mk.row.Stakeholder.ID
		line := dotLine(t, text, `"s:`+id+`"`)
		if !strings.Contains(line, fmt.Sprintf("<B>%d</B>", mk.number)) || !strings.Contains(line, `width="0.2361"`) { // 17 pt = 17/72 in
			t.Errorf("%s: marker %s, want number %d in a 17-point marker", id, line, mk.number)
		}
		if strings.Contains(text, `"l:`+id+`"`) {
			t.Errorf("%s: a name label in the plot", id)
		}
		title := mk.row.Placement.Segment.Name("nl") + ", per nummer"
		if want := fmt.Sprintf("%d %s", mk.number, mk.row.Stakeholder.Name); !slices.Contains(sections[title], want) {
			t.Errorf("%s: the legend's %q has %q, want %q", id, title, sections[title], want)
		}
	}
	if want := "Nummers: de 3 aantrekkelijkste per kwadrant, hierboven bij naam"; lg.note != want {
		t.Errorf("legend note %q, want %q", lg.note, want)
	}
}

// dotLine returns the line of text that starts (after indentation) with
// node.
func dotLine(t *testing.T, text, node string) string {
	t.Helper()
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), node+" ") {
			return l
		}
	}
	t.Fatalf("no line for %s", node)
	return ""
}
