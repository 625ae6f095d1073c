package render

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
)

// twoPaths returns WarmPaths' two best paths to org-ggd in smallNetwork:
// emp-bob → per-kees → org-ggd (0.4·0.7 = 0.28) and emp-anna → per-jan →
// per-kees → org-ggd, where Jan and Kees are colleagues at org-fonds
// (graph.PathRules: 0.5·min(0.9, 0.5) = 0.25), 0.8·0.25·0.7 = 0.14; the
// fund's funds tie to org-ggd is no step. They share per-kees → org-ggd.
func twoPaths(t *testing.T) []analysis.Path {
	t.Helper()
	ps, err := analysis.WarmPaths(context.Background(), smallNetwork(t), analysis.PathQuery{To: "org-ggd", K: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 {
		t.Fatalf("%d paths, want 2", len(ps))
	}
	return ps
}

func TestPathsDOTGolden(t *testing.T) {
	for _, lang := range []string{"en", "nl"} {
		t.Run(lang, func(t *testing.T) {
			dot, err := PathsDOT(twoPaths(t), PathsOptions{Lang: lang})
			if err != nil {
				t.Fatal(err)
			}
			golden(t, "paths_"+lang+".golden", dot)
		})
	}
}

// TestPathsDOT checks the picture's parts: shared nodes and hops drawn
// once, strengths in the language's format, every explanation in the
// notes.
func TestPathsDOT(t *testing.T) {
	ps := twoPaths(t)
	for _, lang := range []string{"en", "nl"} {
		dot, err := PathsDOT(ps, PathsOptions{Lang: lang})
		if err != nil {
			t.Fatal(err)
		}
		text := string(dot)
		nodes, hops := map[string]bool{}, map[[2]string]bool{}
		for _, p := range ps {
			for _, x := range p.Nodes {
				nodes[x.ID] = true
			}
			for _, st := range p.Steps {
				hops[[2]string{st.From, st.To}] = true
				want := `id="hop-` + st.From + "-" + st.To + `", label="` + analysis.FormatStrength(st.Strength, lang) + `"`
				if !strings.Contains(text, want) {
					t.Errorf("%s: no hop %s", lang, want)
				}
			}
			ex := p.Explanation.EN
			if lang == "nl" {
				ex = p.Explanation.NL
			}
			if !strings.Contains(strings.ReplaceAll(text, "<br/>", " "), html(ex)) {
				t.Errorf("%s: the explanation %q is missing", lang, ex)
			}
		}
		if n := strings.Count(text, `class="path-node`); n != len(nodes) {
			t.Errorf("%s: %d nodes, want %d (shared ones once)", lang, n, len(nodes))
		}
		if n := strings.Count(text, " -> "); n != len(hops) {
			t.Errorf("%s: %d hops, want %d", lang, n, len(hops))
		}
		if !strings.Contains(text, `rankdir="LR"`) {
			t.Error("not left to right")
		}
	}
	// Dutch writes decimal commas, English points.
	en, _ := PathsDOT(ps, PathsOptions{Lang: "en"})
	nl, _ := PathsDOT(ps, PathsOptions{Lang: "nl"})
	if !bytes.Contains(en, []byte(`label="0.7"`)) || !bytes.Contains(nl, []byte(`label="0,7"`)) {
		t.Error("strength 0.7 is not written as 0.7 / 0,7")
	}
}

// TestPathsSVG lays the paths out: every employee lies left of the target.
func TestPathsSVG(t *testing.T) {
	ps := twoPaths(t)
	svg, ct, err := Paths(context.Background(), ps, PathsOptions{Lang: "nl"}, FormatSVG)
	if err != nil {
		t.Fatal(err)
	}
	if ct != "image/svg+xml" {
		t.Errorf("content type %q", ct)
	}
	doc := readSVG(t, svg)
	// Node names are centred on their nodes (rounded boxes are paths,
	// which readSVG does not read as shapes).
	target := doc.find("GGD <Noord>")[0]
	for _, p := range ps {
		n := doc.find(p.Nodes[0].Name)[0]
		if n.x >= target.x {
			t.Errorf("%s at x=%.0f is not left of the target at %.0f", p.From, n.x, target.x)
		}
	}
	if len(doc.find("1.")) != 1 || len(doc.find("2.")) != 1 {
		t.Error("the notes are not numbered 1. and 2.")
	}
	// PNG works on it too (HTML-table notes, arrowheads).
	if _, _, err := Paths(context.Background(), ps, PathsOptions{Lang: "en"}, FormatPNG); err != nil {
		t.Fatal(err)
	}
}

func TestPathsEmptyAndErrors(t *testing.T) {
	dot, err := PathsDOT(nil, PathsOptions{Lang: "nl"})
	if err != nil || !bytes.Contains(dot, []byte("Geen warme route gevonden")) {
		t.Fatalf("no paths: %v\n%s", err, dot)
	}
	if _, _, err := Paths(context.Background(), nil, PathsOptions{Lang: "en"}, FormatSVG); err != nil {
		t.Fatalf("no paths as SVG: %v", err)
	}
	bad := twoPaths(t)
	bad[1].Steps = bad[1].Steps[1:]
	_, err = PathsDOT(bad, PathsOptions{Lang: "en"})
	var ge *graph.Error
	if !errors.As(err, &ge) || ge.Code != graph.EINVALID || ge.Field != "paths" {
		t.Fatalf("inconsistent path: %v", err)
	}
	if _, _, err := Paths(context.Background(), nil, PathsOptions{Lang: "en"}, "gif"); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("format gif: %v", err)
	}
}
