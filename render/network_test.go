package render

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/demo"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// smallNetwork is the hand-made network of the golden files:
//
//	emp-anna ─knows .8─ per-jan ─works_at .9─ org-fonds ─funds .3─ org-ggd
//	   │ .9              │ │ knows 0             │ works_at .6      │ works_at .7
//	emp-bob              │ └───────────────── per-els            per-kees ─board .5─ org-fonds
//	   └──knows .4─────────────────────────────────────────────── per-kees
//	per-loner ─knows .2─ per-jan;  per-far ─knows .5─ per-kees;  per-far ─works_at .8─ org-far
//
// Ten nodes: two employees, three organisations, five persons; names that
// need escaping.
func smallNetwork(t testing.TB) *analysis.Snapshot {
	t.Helper()
	s, err := analysis.NewSnapshot(smallNetworkData())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// smallNetworkData is the network of smallNetwork.
func smallNetworkData() *graph.Network {
	return &graph.Network{
		Nodes: []graph.NetworkNode{
			{ID: "emp-anna", Kind: graph.KindEmployee, Name: "Anna Bakker"},
			{ID: "emp-bob", Kind: graph.KindEmployee, Name: "Bob de Wit"},
			{ID: "org-fonds", Kind: graph.KindOrganisation, Name: `Fonds "Samen"`, PartyType: graph.PartyInput},
			{ID: "org-ggd", Kind: graph.KindOrganisation, Name: "GGD <Noord>", PartyType: graph.PartyIntermediary},
			{ID: "org-far", Kind: graph.KindOrganisation, Name: "Verre Stichting", PartyType: graph.PartyConsumer},
			{ID: "per-jan", Kind: graph.KindPerson, Name: "Jan de Vries", PartyType: graph.PartyInput},
			{ID: "per-els", Kind: graph.KindPerson, Name: "Els Smit", PartyType: graph.PartyInput},
			{ID: "per-kees", Kind: graph.KindPerson, Name: `Kees \N Jansen`, PartyType: graph.PartyIntermediary},
			{ID: "per-loner", Kind: graph.KindPerson, Name: "Lotte Alleen"},
			{ID: "per-far", Kind: graph.KindPerson, Name: "Frank Ver", PartyType: graph.PartyConsumer},
		},
		Edges: []graph.NetworkEdge{
			{ID: "r01", Type: graph.RelKnows, From: "emp-anna", To: "per-jan", Strength: 0.8},
			{ID: "r02", Type: graph.RelWorksAt, From: "per-jan", To: "org-fonds", Strength: 0.9},
			{ID: "r03", Type: graph.RelWorksAt, From: "per-els", To: "org-fonds", Strength: 0.6},
			{ID: "r04", Type: graph.RelWorksAt, From: "per-kees", To: "org-ggd", Strength: 0.7},
			{ID: "r05", Type: graph.RelBoardMemberOf, From: "per-kees", To: "org-fonds", Strength: 0.5},
			{ID: "r06", Type: graph.RelKnows, From: "emp-bob", To: "per-kees", Strength: 0.4},
			{ID: "r07", Type: graph.RelFunds, From: "org-fonds", To: "org-ggd", Strength: 0.3},
			{ID: "r08", Type: graph.RelKnows, From: "per-jan", To: "per-loner", Strength: 0.2},
			{ID: "r09", Type: graph.RelKnows, From: "emp-anna", To: "emp-bob", Strength: 0.9},
			{ID: "r10", Type: graph.RelKnows, From: "per-els", To: "per-jan", Strength: 0},
			{ID: "r11", Type: graph.RelKnows, From: "per-far", To: "per-kees", Strength: 0.5},
			{ID: "r12", Type: graph.RelWorksAt, From: "per-far", To: "org-far", Strength: 0.8},
		},
	}
}

// smallSegments and smallSizes colour and size smallNetwork; per-loner
// has neither (unassessed, smallest).
var smallSegments = map[string]segment.Segment{
	"org-fonds": segment.Invest, "org-ggd": segment.Harvest, "org-far": segment.Develop,
	"per-jan": segment.Invest, "per-els": segment.Ignore, "per-kees": segment.Harvest, "per-far": segment.Develop,
}

var smallSizes = map[string]float64{
	"emp-anna": 0.12, "emp-bob": 0.1, "org-fonds": 0.2, "org-ggd": 0.09, "org-far": 0.03,
	"per-jan": 0.16, "per-els": 0.05, "per-kees": 0.15, "per-far": 0.06,
}

// drawnIDs returns the ids of the nodes in a network DOT, sorted.
func drawnIDs(t *testing.T, dot []byte) []string {
	t.Helper()
	var ids []string
	for _, m := range regexp.MustCompile(`id="network-([^"]+)"`).FindAllSubmatch(dot, -1) {
		ids = append(ids, string(m[1]))
	}
	slices.Sort(ids)
	return ids
}

func TestNetworkDOTGolden(t *testing.T) {
	s := smallNetwork(t)
	for _, tc := range []struct {
		file string
		opts NetworkOptions
	}{
		// Party colours, equal sizes, every cluster.
		{"network_en.golden", NetworkOptions{Lang: "en"}},
		// Segment colours, sizes, the ego network of per-jan.
		{"network_nl.golden", NetworkOptions{Lang: "nl", Segments: smallSegments, Size: smallSizes, SizeName: "pagerank", Focus: "per-jan"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			dot, err := NetworkDOT(s, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tc.file, dot)
		})
	}
}

// TestNetworkDOTPicture checks the golden picture's parts by name: the
// clusters, the employees, the widths and colours.
func TestNetworkDOTPicture(t *testing.T) {
	dot, err := NetworkDOT(smallNetwork(t), NetworkOptions{Segments: smallSegments})
	if err != nil {
		t.Fatal(err)
	}
	text := string(dot)
	// Persons inside the organisation they work at: per-kees at org-ggd
	// (works_at), not at org-fonds (only on its board).
	for org, want := range map[string][]string{
		"org-fonds": {"org-fonds", "per-els", "per-jan"},
		"org-ggd":   {"org-ggd", "per-kees"},
		"org-far":   {"org-far", "per-far"},
	} {
		i := strings.Index(text, `subgraph "cluster_`+org+`"`)
		if i < 0 {
			t.Fatalf("no cluster for %s", org)
		}
		body := text[i : i+strings.Index(text[i:], "\n  }\n")]
		if got := drawnIDs(t, []byte(body)); !slices.Equal(got, want) {
			t.Errorf("cluster %s holds %v, want %v", org, got, want)
		}
	}
	if strings.Count(text, "subgraph") != 3 {
		t.Errorf("%d clusters, want 3", strings.Count(text, "subgraph"))
	}
	for _, want := range []string{
		`"emp-anna" [class="network-node kind-employee employee named", color="#11161c", fillcolor="#2d3640"`, // employees: a dark hexagon
		`"org-fonds" -- "per-jan" [class="tie rel-works_at"`,
		// 0.5 + 3.5·0.8 = 3.3 pt wide, opacity 0.35 + 0.65·0.8 = 0.87 (0xde)
		`"emp-anna" -- "per-jan" [class="tie rel-knows", color="#3f4a57de", id="tie-emp-anna-per-jan", penwidth="3.3"`,
		`id="tie-per-els-per-jan", penwidth="0.5"`, // strength 0: opacity 0.35 (0x59)
		`class="network-node kind-organisation party-input segment-invest named", color="#263238", fillcolor="#009e73"`, // invest green
		`penwidth="2.5", shape="box", style="filled,rounded"`,                                                           // an input organisation: a heavy outline
		`layout="dot"`,         // 10 nodes
		`// 10 nodes, 12 ties`, // the caption, in the legend
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the DOT lacks %s", want)
		}
	}
	if strings.Contains(text, "overlap=\"false\"") {
		t.Error("overlap=false")
	}
}

// TestNetworkFilters checks each filter against hand-counted node sets of
// smallNetwork.
func TestNetworkFilters(t *testing.T) {
	s := smallNetwork(t)
	for _, tc := range []struct {
		name string
		opts NetworkOptions
		want []string
	}{
		// per-jan's neighbours: emp-anna, org-fonds, per-loner, per-els (the
		// strength-0 tie counts for an ego network).
		{"focus depth 1", NetworkOptions{Focus: "per-jan", Depth: 1},
			[]string{"emp-anna", "org-fonds", "per-els", "per-jan", "per-loner"}},
		// … and theirs: emp-bob (via emp-anna), per-kees and org-ggd (via
		// org-fonds). per-far is three ties away.
		{"focus depth 2", NetworkOptions{Focus: "per-jan"},
			[]string{"emp-anna", "emp-bob", "org-fonds", "org-ggd", "per-els", "per-jan", "per-kees", "per-loner"}},
		// emp-anna reaches over positive ties only: per-els is not reached
		// through its strength-0 tie with per-jan.
		{"employee depth 2", NetworkOptions{Employee: "emp-anna", Depth: 2},
			[]string{"emp-anna", "emp-bob", "org-fonds", "per-jan", "per-kees", "per-loner"}},
		{"employee and focus", NetworkOptions{Employee: "emp-anna", Depth: 1, Focus: "emp-bob"},
			[]string{"emp-anna", "emp-bob"}},
		// Largest three by size; the focus always stays.
		{"top 3", NetworkOptions{Size: smallSizes, TopN: 3}, []string{"org-fonds", "per-jan", "per-kees"}},
		{"top 2 with focus", NetworkOptions{Size: smallSizes, TopN: 2, Focus: "per-loner"}, []string{"org-fonds", "per-jan", "per-loner"}},
		// Without sizes TopN ranks by degree (4: org-fonds, per-jan,
		// per-kees), ties by id.
		{"top 2 by degree", NetworkOptions{TopN: 2}, []string{"org-fonds", "per-jan"}},
		// Hubs of degree 4 go.
		{"max degree 3", NetworkOptions{MaxDegree: 3},
			[]string{"emp-anna", "emp-bob", "org-far", "org-ggd", "per-els", "per-far", "per-loner"}},
		// Harvest: org-ggd and per-kees; emp-bob stays through per-kees,
		// emp-anna has no tie to either and goes.
		{"segment", NetworkOptions{Segments: smallSegments, Segment: []segment.Segment{segment.Harvest}},
			[]string{"emp-bob", "org-ggd", "per-kees"}},
		{"unassessed", NetworkOptions{Segments: smallSegments, Segment: []segment.Segment{segment.Unassessed}},
			[]string{"per-loner"}},
		{"party", NetworkOptions{PartyTypes: []graph.PartyType{graph.PartyInput}},
			[]string{"emp-anna", "org-fonds", "per-els", "per-jan"}},
		// The page's explored view: what it showed (include) and the node
		// double-clicked (expand) with its neighbours: per-kees's are
		// org-ggd, org-fonds (board), emp-bob and per-far.
		{"include", NetworkOptions{Include: []string{"emp-anna", "org-far"}}, []string{"emp-anna", "org-far"}},
		{"expand", NetworkOptions{Include: []string{"emp-anna"}, Expand: []string{"per-kees"}},
			[]string{"emp-anna", "emp-bob", "org-fonds", "org-ggd", "per-far", "per-kees"}},
		// Expanded nodes pass the filters, their neighbours do not: of
		// per-kees's, only the harvest org-ggd and emp-bob, who reaches it.
		{"expand with a segment", NetworkOptions{Expand: []string{"per-kees"}, Segments: smallSegments, Segment: []segment.Segment{segment.Harvest}},
			[]string{"emp-bob", "org-ggd", "per-kees"}},
		// With a focus they add to its ego network: per-loner (depth 1 of
		// per-jan) and per-far, org-far.
		{"focus and expand", NetworkOptions{Focus: "per-loner", Depth: 1, Expand: []string{"per-far"}},
			[]string{"org-far", "per-far", "per-jan", "per-kees", "per-loner"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dot, err := NetworkDOT(s, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := drawnIDs(t, dot); !slices.Equal(got, tc.want) {
				t.Errorf("drawn %v, want %v", got, tc.want)
			}
		})
	}
}

func TestNetworkErrors(t *testing.T) {
	s := smallNetwork(t)
	for _, tc := range []struct {
		name        string
		snap        *analysis.Snapshot
		opts        NetworkOptions
		code, field string
		msg         string
	}{
		{"nil", nil, NetworkOptions{}, graph.EINVALID, "snapshot", ""},
		{"cap", s, NetworkOptions{MaxNodes: 5}, graph.EINVALID, "",
			"the network picture would have 10 nodes, more than the limit of 5: narrow it with a filter"},
		{"depth", s, NetworkOptions{Focus: "per-jan", Depth: 9}, graph.EINVALID, "depth", ""},
		{"top", s, NetworkOptions{TopN: -1}, graph.EINVALID, "top", ""},
		{"segment without segments", s, NetworkOptions{Segment: []segment.Segment{segment.Invest}}, graph.EINVALID, "segment", ""},
		{"bad segment", s, NetworkOptions{Segments: smallSegments, Segment: []segment.Segment{"gold"}}, graph.EINVALID, "segment", ""},
		{"bad party", s, NetworkOptions{PartyTypes: []graph.PartyType{"vip"}}, graph.EINVALID, "party_type", ""},
		{"engine", s, NetworkOptions{Engine: Nop}, graph.EINVALID, "engine", ""},
		{"unknown focus", s, NetworkOptions{Focus: "per-nobody"}, graph.ENOTFOUND, "focus", ""},
		{"unknown employee", s, NetworkOptions{Employee: "emp-nobody"}, graph.ENOTFOUND, "employee", ""},
		{"not an employee", s, NetworkOptions{Employee: "per-jan"}, graph.EINVALID, "employee", ""},
		{"unknown expand", s, NetworkOptions{Expand: []string{"per-nobody"}}, graph.ENOTFOUND, "expand", ""},
		{"aspect", s, NetworkOptions{Aspect: 9}, graph.EINVALID, "aspect", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NetworkDOT(tc.snap, tc.opts)
			var ge *graph.Error
			if !errors.As(err, &ge) || ge.Code != tc.code || ge.Field != tc.field || !strings.Contains(ge.Message, tc.msg) {
				t.Fatalf("got %v, want %s on field %q mentioning %q", err, tc.code, tc.field, tc.msg)
			}
		})
	}
	// A filter brings it under the cap.
	if _, err := NetworkDOT(s, NetworkOptions{MaxNodes: 5, Focus: "per-jan", Depth: 1}); err != nil {
		t.Errorf("filtered to 5 nodes: %v", err)
	}
	if _, _, err := Network(context.Background(), s, NetworkOptions{}, "gif"); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("format gif: %v", err)
	}
}

// TestNetworkSVG lays out the small network with dot: every node and tie
// is in the SVG with its id, the organisation boxes are drawn, the names
// come out as they are.
func TestNetworkSVG(t *testing.T) {
	svg, ct, err := Network(context.Background(), smallNetwork(t), NetworkOptions{Segments: smallSegments, Size: smallSizes}, FormatSVG)
	if err != nil {
		t.Fatal(err)
	}
	if ct != "image/svg+xml" {
		t.Errorf("content type %q", ct)
	}
	doc := readSVG(t, svg)
	svg = bytes.ReplaceAll(svg, []byte("&#45;"), []byte("-")) // Graphviz escapes hyphens
	if n := len(doc.withClass("network-node")); n != 10 {
		t.Errorf("%d nodes, want 10", n)
	}
	if doc.edges != 12 {
		t.Errorf("%d ties, want 12", doc.edges)
	}
	if n := bytes.Count(svg, []byte(`organisation-cluster"`)); n != 3 {
		t.Errorf("%d organisation boxes, want 3", n)
	}
	for _, s := range []string{`Fonds "Samen"`, "GGD <Noord>", `Kees \N Jansen`, "Anna Bakker"} {
		if len(doc.find(s)) != 1 {
			t.Errorf("name %q not found", s)
		}
	}
	// The persons' names lie inside their organisation's box, the others'
	// outside it.
	box := clusterBox(t, svg, "org-fonds")
	for name, inside := range map[string]bool{"Jan de Vries": true, "Els Smit": true, `Fonds "Samen"`: true, `Kees \N Jansen`: false, "Anna Bakker": false} {
		tx := doc.find(name)[0]
		if box.contains(tx.x, tx.y) != inside {
			t.Errorf("%s at (%.0f, %.0f): inside org-fonds's box %+v is %v, want %v", name, tx.x, tx.y, box, !inside, inside)
		}
	}
}

// clusterBox returns the box of the cluster with id "cluster-ORG" (Graphviz
// draws it as a path of the group; the bounds of its points suffice).
func clusterBox(t *testing.T, svg []byte, org string) rect {
	t.Helper()
	i := bytes.Index(svg, []byte(`id="cluster-`+org+`"`))
	if i < 0 {
		t.Fatalf("no cluster %s", org)
	}
	j := bytes.Index(svg[i:], []byte("</g>"))
	m := regexp.MustCompile(`\s(?:d|points)="([^"]+)"`).FindSubmatch(svg[i : i+j])
	if m == nil {
		t.Fatalf("cluster %s has no outline", org)
	}
	vs := numbers(strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return ' '
		}
		return r
	}, string(m[1])))
	b := rect{vs[0], vs[1], vs[0], vs[1]}
	for k := 0; k+1 < len(vs); k += 2 {
		b = rect{min(b.x0, vs[k]), min(b.y0, vs[k+1]), max(b.x1, vs[k]), max(b.y1, vs[k+1])}
	}
	// The graph group translates by (pad, height+pad); read it off.
	tr := regexp.MustCompile(`class="graph" transform="([^"]+)"`).FindSubmatch(svg)
	if tr == nil {
		t.Fatal("no graph transform")
	}
	mt, err := transform(string(tr[1]))
	if err != nil {
		t.Fatal(err)
	}
	x0, y0 := mt.apply(b.x0, b.y0)
	x1, y1 := mt.apply(b.x1, b.y1)
	return rect{min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)}
}

// TestNetworkPNG: the PNG of the small network shows its ties (pixels of
// the tie colours) and its filled nodes, not only the text.
func TestNetworkPNG(t *testing.T) {
	out, ct, err := Network(context.Background(), smallNetwork(t), NetworkOptions{}, FormatPNG)
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
	n := counts(img, hexColor(t, ColorEmployee), hexColor(t, ClusterFill))
	ties := tinted(t, img, TieColor, minTieOpacity)
	t.Logf("pixels: ties %d, employees %d, cluster %d", ties, n[0], n[1])
	// Nine ties of at least 0.5 pt (1 px at scale 2) and tens of points
	// long; the employee fills are hexagons of about 22 pt.
	if ties < 150 {
		t.Errorf("%d pixels of the tie colour: the ties are missing", ties)
	}
	for i, what := range []string{"employee fill", "organisation box"} {
		if n[i] < 300 {
			t.Errorf("%d pixels of the %s", n[i], what)
		}
	}
}

// demoNetwork returns the default demo network's snapshot and its
// stakeholders' segments, as the API builds them.
func demoNetwork(t *testing.T) (*analysis.Snapshot, map[string]segment.Segment) {
	t.Helper()
	b := demo.Generate(demo.Options{})
	n := &graph.Network{}
	for _, e := range b.Employees {
		n.Nodes = append(n.Nodes, graph.NodeOf(e))
	}
	for _, o := range b.Organisations {
		n.Nodes = append(n.Nodes, graph.NodeOf(o))
	}
	for _, p := range b.Persons {
		n.Nodes = append(n.Nodes, graph.NodeOf(p))
	}
	for _, r := range b.Relationships {
		n.Edges = append(n.Edges, graph.EdgeOf(r))
	}
	s, err := analysis.NewSnapshot(n)
	if err != nil {
		t.Fatal(err)
	}
	var as []segment.Assessment
	for _, a := range demo.Assessments(b, demo.Options{}) {
		as = append(as, *a)
	}
	m := segment.BuildMatrix(segment.DefaultScheme(), segment.DefaultPolicies(), n.Nodes, as, demo.DefaultNow)
	segs := map[string]segment.Segment{}
	for _, r := range m.Rows() {
		segs[r.Stakeholder.ID] = r.Placement.Segment
	}
	return s, segs
}

// TestNetworkDemo renders the demo network (565 nodes) under a timeout:
// whole it is within the cap; the 200 largest by PageRank, coloured by
// segment, lay out with sfdp; one organisation's ego network with dot.
func TestNetworkDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("lays out the demo network")
	}
	s, segs := demoNetwork(t)
	pr := analysis.PageRank(s)
	if _, err := NetworkDOT(s, NetworkOptions{}); err != nil {
		t.Fatalf("the whole demo network: %v", err)
	}
	// A bound against a render that never ends, not a speed test: generous,
	// as a busy machine may be many times slower than an idle one.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	opts := NetworkOptions{Lang: "nl", Segments: segs, Size: pr, SizeName: "pagerank", TopN: 200}
	start := time.Now()
	svg, _, err := Network(ctx, s, opts, FormatSVG)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("top 200 by pagerank: %d bytes of SVG in %v", len(svg), time.Since(start))
	doc := readSVG(t, svg)
	if n := len(doc.withClass("network-node")); n != 200 {
		t.Errorf("%d nodes drawn, want 200", n)
	}
	if !bytes.Contains(svg, []byte("knopen")) {
		t.Error("no Dutch caption")
	}
	dot, _ := NetworkDOT(s, opts)
	if !bytes.Contains(dot, []byte(`layout="sfdp"`)) || !bytes.Contains(dot, []byte(`overlap="scale"`)) {
		t.Error("200 nodes are not laid out with sfdp and overlap=scale")
	}

	// The ego network of the first organisation, one tie deep.
	var org string
	for _, x := range s.Nodes {
		if x.Kind == graph.KindOrganisation {
			org = x.ID
			break
		}
	}
	start = time.Now()
	svg, _, err = Ego(ctx, s, org, 1, NetworkOptions{Segments: segs}, FormatSVG)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("ego network of %s: %d nodes in %v", org, len(readSVG(t, svg).withClass("network-node")), time.Since(start))
	if !bytes.Contains(svg, []byte(`focus`)) {
		t.Error("the focus node is not marked")
	}
}

// TestNetworkTieWords: a tie's tooltip says the relationship in the
// picture's language, along its direction ("Jan works at the fund", not
// "the fund — Jan: works_at"), with the strength's decimal comma in Dutch
// — the words of analysis.TieText.
func TestNetworkTieWords(t *testing.T) {
	for lang, want := range map[string][]string{
		"en": {`tooltip="Anna Bakker knows Jan de Vries (0.8)"`, `tooltip="Jan de Vries works at Fonds \"Samen\" (0.9)"`},
		"nl": {`tooltip="Anna Bakker kent Jan de Vries (0,8)"`, `tooltip="Jan de Vries werkt bij Fonds \"Samen\" (0,9)"`},
	} {
		dot, err := NetworkDOT(smallNetwork(t), NetworkOptions{Lang: lang})
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(string(dot), w) {
				t.Errorf("%s: the DOT lacks %s", lang, w)
			}
		}
		for _, code := range []string{": knows", ": works_at", ": board_member_of"} {
			if strings.Contains(string(dot), code) {
				t.Errorf("%s: a relationship code in a tooltip (%q)", lang, code)
			}
		}
	}
}
