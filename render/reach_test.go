package render

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
)

// TestReach draws the reach of two targets of smallNetwork: org-ggd, with
// twoPaths' two paths (emp-bob → per-kees → org-ggd and emp-anna → per-jan
// → per-kees → org-ggd), and org-far, which no path reaches here.
func TestReach(t *testing.T) {
	ps := twoPaths(t)
	in := ReachInput{
		Targets: []analysis.PathNode{
			{ID: "org-ggd", Name: "GGD <Noord>", Kind: graph.KindOrganisation},
			{ID: "org-far", Name: "Verre Stichting", Kind: graph.KindOrganisation},
		},
		Paths:    map[string][]analysis.Path{"org-ggd": ps},
		Segments: smallSegments,
	}
	dot, err := ReachDOT(in, ReachOptions{Lang: "nl"})
	if err != nil {
		t.Fatal(err)
	}
	text := string(dot)
	for _, want := range []string{
		`id="reach-node-org-far"`, `class="path-node kind-organisation segment-develop target unreached"`, // drawn without a line
		`id="reach-node-emp-anna"`, `id="reach-node-per-jan"`, `id="reach-node-per-kees"`,
		`id="reach-hop-per-kees-org-ggd"`,
		`{ rank="max"; "org-far"; "org-ggd" }`, // the targets at the right
		`fillcolor="#e69f00"`,                  // org-ggd harvest
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the DOT lacks %s", want)
		}
	}
	// Four distinct hops, no strengths written on them, no notes.
	if n := strings.Count(text, " -> "); n != 4 {
		t.Errorf("%d hops, want 4", n)
	}
	if strings.Contains(text, "label=\"0,") || strings.Contains(text, "Warme routes naar") {
		t.Error("the reach picture writes strengths or notes")
	}
	svg, _, err := Reach(context.Background(), in, ReachOptions{Lang: "en"}, FormatSVG)
	if err != nil {
		t.Fatal(err)
	}
	doc := readSVG(t, svg)
	far, _ := doc.node("reach-node-org-far")
	anna, _ := doc.node("reach-node-emp-anna")
	if !(anna.cx < far.cx) {
		t.Errorf("the employee at x=%.0f is not left of the unreached target at %.0f", anna.cx, far.cx)
	}

	// Nothing to reach: a note; too many targets: refused for its size.
	dot, err = ReachDOT(ReachInput{}, ReachOptions{Lang: "en"})
	if err != nil || !strings.Contains(string(dot), "No stakeholder to reach") {
		t.Errorf("empty: %v\n%s", err, dot)
	}
	many := ReachInput{Targets: make([]analysis.PathNode, MaxReachTargets+1)}
	if _, err := ReachDOT(many, ReachOptions{}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("%d targets: %v, want ErrTooLarge", MaxReachTargets+1, err)
	}
	// A path that does not end at its target is refused.
	bad := in
	bad.Paths = map[string][]analysis.Path{"org-far": ps}
	if _, err := ReachDOT(bad, ReachOptions{}); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("a path to another target: %v", err)
	}
}
