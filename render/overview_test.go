package render

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// overviewInput builds the overview's hand-made input with the real
// analyses:
//
//	emp-anna ─knows .8─ per-jan ─works_at .9─ org-fonds ─board .5─ per-kees ─knows .4─ emp-bob
//	emp-anna ─knows .5─ per-loner ─works_at .6─ org-ggd ─works_at .7─ per-kees
//
// and the matrix (default scheme, thresholds 3, attractiveness/accessibility):
// org-fonds 5/1 develop, per-jan 5/4 invest, org-ggd 2/5 harvest, per-kees
// 1/2 ignore, org-far unassessed (not drawn). per-loner is in no matrix row.
//
// The best path (K=1) to each, by the product of strengths:
//
//	org-fonds: anna→jan→fonds 0.8·0.9 = 0.72 (bob→kees→fonds 0.4·0.5 = 0.2)
//	per-jan:   anna→jan 0.8
//	org-ggd:   anna→loner→ggd 0.5·0.6 = 0.30 (bob→kees→ggd 0.4·0.7 = 0.28)
//	per-kees:  bob→kees 0.4 (anna→loner→ggd→kees 0.5·0.6·0.7 = 0.21)
//
// so the network beside the matrix holds one intermediary (per-loner) and
// both employees, and five hops. Conformance without contacts: org-fonds
// is a develop stakeholder no employee has a tie with → develop; per-kees
// is ignore, held by bob without contacts and without a stated level → ok.
func overviewInput(t *testing.T) (OverviewInput, *analysis.Snapshot) {
	t.Helper()
	n := &graph.Network{
		Nodes: []graph.NetworkNode{
			{ID: "emp-anna", Kind: graph.KindEmployee, Name: "Anna Bakker"},
			{ID: "emp-bob", Kind: graph.KindEmployee, Name: "Bob de Wit"},
			{ID: "org-fonds", Kind: graph.KindOrganisation, Name: `Fonds "Samen"`, PartyType: graph.PartyInput},
			{ID: "org-ggd", Kind: graph.KindOrganisation, Name: "GGD <Noord>", PartyType: graph.PartyIntermediary},
			{ID: "org-far", Kind: graph.KindOrganisation, Name: "Verre Stichting", PartyType: graph.PartyConsumer},
			{ID: "per-jan", Kind: graph.KindPerson, Name: "Jan de Vries", PartyType: graph.PartyInput},
			{ID: "per-kees", Kind: graph.KindPerson, Name: `Kees \N Jansen`, PartyType: graph.PartyIntermediary},
			{ID: "per-loner", Kind: graph.KindPerson, Name: "Lotte Alleen"},
		},
		Edges: []graph.NetworkEdge{
			{ID: "r01", Type: graph.RelKnows, From: "emp-anna", To: "per-jan", Strength: 0.8},
			{ID: "r02", Type: graph.RelWorksAt, From: "per-jan", To: "org-fonds", Strength: 0.9},
			{ID: "r03", Type: graph.RelBoardMemberOf, From: "per-kees", To: "org-fonds", Strength: 0.5},
			{ID: "r04", Type: graph.RelKnows, From: "emp-bob", To: "per-kees", Strength: 0.4},
			{ID: "r05", Type: graph.RelKnows, From: "emp-anna", To: "per-loner", Strength: 0.5},
			{ID: "r06", Type: graph.RelWorksAt, From: "per-loner", To: "org-ggd", Strength: 0.6},
			{ID: "r07", Type: graph.RelWorksAt, From: "per-kees", To: "org-ggd", Strength: 0.7},
		},
	}
	snap, err := analysis.NewSnapshot(n)
	if err != nil {
		t.Fatal(err)
	}
	m := buildMatrix([]stakeholder{
		{"org-fonds", `Fonds "Samen"`, graph.KindOrganisation, graph.PartyInput, 5, 1, nil, nil},
		{"per-jan", "Jan de Vries", graph.KindPerson, graph.PartyInput, 5, 4, nil, nil},
		{"org-ggd", "GGD <Noord>", graph.KindOrganisation, graph.PartyIntermediary, 2, 5, nil, nil},
		{"per-kees", `Kees \N Jansen`, graph.KindPerson, graph.PartyIntermediary, 1, 2, nil, nil},
		{"org-far", "Verre Stichting", graph.KindOrganisation, graph.PartyConsumer, 4, 0, nil, nil},
	})
	targets, err := OverviewTargets(m, OverviewOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"org-fonds", "org-ggd", "per-jan", "per-kees"}; !slices.Equal(targets, want) {
		t.Fatalf("targets %v, want %v", targets, want)
	}
	in := OverviewInput{Matrix: m, Paths: map[string][]analysis.Path{}}
	for _, id := range targets {
		ps, err := analysis.WarmPaths(context.Background(), snap, analysis.PathQuery{To: id, K: 1})
		if err != nil {
			t.Fatal(err)
		}
		in.Paths[id] = ps
	}
	in.Advice = analysis.Conformance(m, snap, nil, time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), nil)
	return in, snap
}

// TestOverviewDOTGolden pins the overview picture in both languages.
func TestOverviewDOTGolden(t *testing.T) {
	in, _ := overviewInput(t)
	for _, lang := range []string{"en", "nl"} {
		dot, err := OverviewDOT(in, OverviewOptions{Lang: lang})
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "overview_"+lang+".golden", dot)
	}
}

// TestOverviewPicture checks the picture's parts by name and place in the
// SVG: the four quadrant names in each language, every stakeholder inside
// its quadrant, the intermediary and the employees right of the matrix in
// that order, the five hops of the hand-computed best paths, and the hops
// arriving at org-fonds (develop) and per-kees (ok) in their advice colours.
func TestOverviewPicture(t *testing.T) {
	in, _ := overviewInput(t)
	codes := map[string]analysis.AdviceCode{}
	for _, a := range in.Advice {
		codes[a.Stakeholder.ID] = a.Items[0].Code
	}
	if codes["org-fonds"] != analysis.AdviceDevelop || codes["per-kees"] != analysis.AdviceOK {
		t.Fatalf("advice %v: want org-fonds develop and per-kees ok (see overviewInput)", codes)
	}
	names := map[string][]string{"en": {"Develop", "Invest", "Ignore", "Harvest"}, "nl": {"Ontwikkel", "Investeer", "Negeer", "Oogst"}}
	for lang, quads := range names {
		svg, ct, err := Overview(context.Background(), in, OverviewOptions{Lang: lang}, FormatSVG)
		if err != nil {
			t.Fatal(err)
		}
		if ct != "image/svg+xml" {
			t.Errorf("content type %q", ct)
		}
		doc := readSVG(t, svg)
		for _, q := range quads {
			if len(doc.find(q)) != 1 {
				t.Errorf("%s: quadrant name %q not found once", lang, q)
			}
		}
		box := func(sg segment.Segment) rect {
			n, ok := doc.node("quadrant-" + string(sg))
			if !ok {
				t.Fatalf("no quadrant %s", sg)
			}
			return n.box
		}
		for id, sg := range map[string]segment.Segment{"org-fonds": segment.Develop, "per-jan": segment.Invest, "org-ggd": segment.Harvest, "per-kees": segment.Ignore} {
			n, ok := doc.node("overview-" + id)
			if !ok {
				t.Fatalf("%s not drawn", id)
			}
			if b := box(sg); !b.contains(n.cx, n.cy) {
				t.Errorf("%s at (%.0f,%.0f) is not inside its quadrant %s %+v", id, n.cx, n.cy, sg, b)
			}
		}
		if _, ok := doc.node("overview-org-far"); ok {
			t.Errorf("the unassessed org-far is drawn")
		}
		right := box(segment.Harvest).x1
		loner, _ := doc.node("overview-per-loner")
		anna, _ := doc.node("overview-emp-anna")
		bob, _ := doc.node("overview-emp-bob")
		if !(right < loner.cx && loner.cx < anna.cx && anna.cx == bob.cx) {
			t.Errorf("columns: matrix right edge %.0f, per-loner %.0f, anna %.0f, bob %.0f; want matrix < intermediary < employees", right, loner.cx, anna.cx, bob.cx)
		}
		if doc.edges != 5 {
			t.Errorf("%d hops, want 5", doc.edges)
		}
	}
	dot, err := OverviewDOT(in, OverviewOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Advice is a badge, never a colour: every hop is drawn in the tie
	// colour, its shade by its strength.
	for _, id := range []string{"reach-org-fonds-per-jan", "reach-emp-bob-per-kees", "reach-emp-anna-per-loner"} {
		line := lineWith(t, dot, `id="`+id+`"`)
		if !strings.Contains(line, `color="`+TieColor) || strings.Contains(line, "advice-") {
			t.Errorf("%s: %s; want the tie colour and no advice", id, line)
		}
	}
	if !strings.Contains(string(dot), "[ontwikkelen]") && !strings.Contains(string(dot), "[develop]") {
		t.Error("no advice badge under a name")
	}
}

// TestTint: #2c7bb6 at 0.15 over white: 255 − 0.15·(255 − 0x2c=44) =
// 223.35 → 223 (df); 0x7b=123 → 235.2 → 235 (eb); 0xb6=182 → 244.05 →
// 244 (f4).
func TestTint(t *testing.T) {
	if got := tint("#2c7bb6", 0.15); got != "#dfebf4" {
		t.Errorf("tint = %s, want #dfebf4", got)
	}
}

// lineWith returns the one DOT line that contains s.
func lineWith(t *testing.T, dot []byte, s string) string {
	t.Helper()
	var out []string
	for _, l := range strings.Split(string(dot), "\n") {
		if strings.Contains(l, s) {
			out = append(out, l)
		}
	}
	if len(out) != 1 {
		t.Fatalf("%d lines contain %s, want 1", len(out), s)
	}
	return out[0]
}

// TestOverviewLimits: the node cap refuses a picture with more nodes than
// allowed (4 stakeholders + 1 intermediary + 2 employees = 7 > 6) with an
// error that is EINVALID and ErrTooLarge and suggests a filter; bad options
// are EINVALID on their field; a context already over its deadline ends the
// render with the context's error.
func TestOverviewLimits(t *testing.T) {
	in, _ := overviewInput(t)
	_, err := OverviewDOT(in, OverviewOptions{MaxNodes: 6})
	if !errors.Is(err, ErrTooLarge) || graph.ErrorCode(err) != graph.EINVALID ||
		!strings.Contains(graph.ErrorMessage(err), "would have 7 nodes, more than the limit of 6: show fewer stakeholders per quadrant") {
		t.Errorf("cap: %v", err)
	}
	if _, err := OverviewDOT(in, OverviewOptions{MaxNodes: 7}); err != nil {
		t.Errorf("7 nodes with a cap of 7: %v", err)
	}
	for _, o := range []OverviewOptions{{PerQuadrant: -1}, {PerQuadrant: MaxPerQuadrant + 1}, {Segments: []segment.Segment{segment.Unassessed}}} {
		if _, err := OverviewDOT(in, o); graph.ErrorCode(err) != graph.EINVALID || errors.Is(err, ErrTooLarge) {
			t.Errorf("%+v: %v, want EINVALID", o, err)
		}
	}
	// One per quadrant, invest only: per-jan and the path anna→jan.
	dot, err := OverviewDOT(in, OverviewOptions{PerQuadrant: 1, Segments: []segment.Segment{segment.Invest}})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(dot, []byte(`"org-fonds"`)) || !bytes.Contains(dot, []byte(`"per-jan"`)) || bytes.Contains(dot, []byte(`"emp-bob"`)) {
		t.Errorf("invest only should draw per-jan and anna, not org-fonds or bob:\n%s", dot)
	}
	ctx, cancel := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel()
	if _, _, err := Overview(ctx, in, OverviewOptions{}, FormatSVG); !errors.Is(err, context.DeadlineExceeded) || graph.ErrorCode(err) != graph.EUNAVAILABLE {
		t.Errorf("expired context: %v, want DeadlineExceeded and EUNAVAILABLE", err)
	}
}

// TestOverviewPNG: the PNG shows the hop to org-fonds in the develop colour
// and the employees' fill, not only text.
func TestOverviewPNG(t *testing.T) {
	in, _ := overviewInput(t)
	out, _, err := Overview(context.Background(), in, OverviewOptions{}, FormatPNG)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	// The hop jan→fonds is 0.5+3.5·0.9 = 3.65 pt wide (7 px at scale 2)
	// and about 170 pt long; the employees are hexagons of 158×30 pt.
	hops := tinted(t, img, TieColor, minTieOpacity)
	n := counts(img, hexColor(t, ColorEmployee))
	if hops < 300 {
		t.Errorf("%d pixels of the tie colour: the hops are missing", hops)
	}
	if n[0] < 1000 {
		t.Errorf("%d pixels of the employee fill", n[0])
	}
}
