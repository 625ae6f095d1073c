package exchange_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/relmap/relmap/exchange"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// smallNetwork has a name that needs escaping, a symmetric and a directed
// tie, and one stakeholder in a segment.
func smallNetwork() (*graph.Network, *segment.Matrix) {
	n := &graph.Network{
		Nodes: []graph.NetworkNode{
			{ID: "emp-a", Kind: graph.KindEmployee, Name: "Anna"},
			{ID: "org-b", Kind: graph.KindOrganisation, Name: `Bakker & Zn <"B">` + "\x01", PartyType: graph.PartyInput, OwnerID: "emp-a"},
			{ID: "per-c", Kind: graph.KindPerson, Name: "Cor", DoNotRoute: true},
		},
		Edges: []graph.NetworkEdge{
			{ID: "knows:emp-a:per-c", Type: graph.RelKnows, From: "emp-a", To: "per-c", Strength: 0.75, Level: graph.LevelStrategic},
			{ID: "works_at:per-c:org-b", Type: graph.RelWorksAt, From: "per-c", To: "org-b", Strength: 1, Nature: graph.NatureFormal,
				Until: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)},
		},
	}
	m := segment.NewMatrix(time.Time{}, nil, nil, []segment.MatrixRow{
		{Stakeholder: n.Nodes[1], Placement: segment.Placement{Segment: segment.Invest}},
		{Stakeholder: n.Nodes[2], Placement: segment.Placement{Segment: segment.Unassessed}},
	})
	return n, m
}

func TestGraphML(t *testing.T) {
	n, m := smallNetwork()
	var buf bytes.Buffer
	if err := exchange.WriteGraphML(&buf, n, m); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Keys []struct {
			ID   string `xml:"id,attr"`
			For  string `xml:"for,attr"`
			Name string `xml:"attr.name,attr"`
		} `xml:"key"`
		Graph struct {
			Nodes []struct {
				ID   string `xml:"id,attr"`
				Data []struct {
					Key   string `xml:"key,attr"`
					Value string `xml:",chardata"`
				} `xml:"data"`
			} `xml:"node"`
			Edges []struct {
				Source, Target string
				Directed       *string `xml:"directed,attr"`
				Data           []struct {
					Key   string `xml:"key,attr"`
					Value string `xml:",chardata"`
				} `xml:"data"`
			} `xml:"edge"`
		} `xml:"graph"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, buf.String())
	}
	if len(doc.Keys) != 14 || len(doc.Graph.Nodes) != 3 || len(doc.Graph.Edges) != 2 {
		t.Fatalf("%d keys, %d nodes, %d edges, want 14 (6 node, 8 edge attributes), 3, 2:\n%s", len(doc.Keys), len(doc.Graph.Nodes), len(doc.Graph.Edges), buf.String())
	}
	got := map[string]string{}
	for _, d := range doc.Graph.Nodes[1].Data {
		got[d.Key] = d.Value
	}
	want := map[string]string{"n_label": `Bakker & Zn <"B">` + "\uFFFD", "n_kind": "organisation", "n_party_type": "input", "n_owner_id": "emp-a", "n_segment": "invest"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("org-b %s = %q, want %q", k, got[k], v)
		}
	}
	// No edge overrides the graph's edgedefault; knows is marked symmetric,
	// works_at is not.
	symmetric := func(i int) string {
		for _, d := range doc.Graph.Edges[i].Data {
			if d.Key == "e_symmetric" {
				return d.Value
			}
		}
		return ""
	}
	if doc.Graph.Edges[0].Directed != nil || doc.Graph.Edges[1].Directed != nil || symmetric(0) != "true" || symmetric(1) != "" {
		t.Errorf("edges directed %v, %v, symmetric %q, %q; want no directed attribute, knows symmetric", doc.Graph.Edges[0].Directed, doc.Graph.Edges[1].Directed, symmetric(0), symmetric(1))
	}

	// Without a matrix there is no segment key.
	buf.Reset()
	if err := exchange.WriteGraphML(&buf, n, nil); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(buf.Bytes(), []byte("segment")) {
		t.Error("a segment attribute without a matrix")
	}
}

func TestGEXF(t *testing.T) {
	n, m := smallNetwork()
	var buf bytes.Buffer
	if err := exchange.WriteGEXF(&buf, n, m); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		XMLName xml.Name
		Graph   struct {
			Attributes []struct {
				Class string `xml:"class,attr"`
				Attrs []struct {
					ID string `xml:"id,attr"`
				} `xml:"attribute"`
			} `xml:"attributes"`
			Nodes []struct {
				ID     string `xml:"id,attr"`
				Label  string `xml:"label,attr"`
				Values []struct {
					For   string `xml:"for,attr"`
					Value string `xml:"value,attr"`
				} `xml:"attvalues>attvalue"`
			} `xml:"nodes>node"`
			Edges []struct {
				Type   string  `xml:"type,attr"`
				Weight float64 `xml:"weight,attr"`
				Label  string  `xml:"label,attr"`
			} `xml:"edges>edge"`
		} `xml:"graph"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, buf.String())
	}
	if doc.XMLName.Space != "http://www.gexf.net/1.2draft" || len(doc.Graph.Nodes) != 3 || len(doc.Graph.Edges) != 2 || len(doc.Graph.Attributes) != 2 {
		t.Fatalf("unexpected document:\n%s", buf.String())
	}
	if e := doc.Graph.Edges[0]; e.Type != "" || e.Weight != 0.75 || e.Label != "knows" { // the graph's default direction
		t.Errorf("knows edge %+v", e)
	}
	vals := map[string]string{}
	for _, v := range doc.Graph.Nodes[2].Values {
		vals[v.For] = v.Value
	}
	if doc.Graph.Nodes[2].Label != "Cor" || vals["kind"] != "person" || vals["do_not_route"] != "true" || vals["segment"] != "unassessed" {
		t.Errorf("per-c: %+v", doc.Graph.Nodes[2])
	}
}

// TestGraphMLDemo writes the demo network with its matrix; the file must
// parse and hold every node and edge.
func TestGraphMLDemo(t *testing.T) {
	st := demoStore(t)
	n := network(t, st)
	sc, _ := st.Scheme(t.Context())
	as, _, _ := st.FindAssessments(t.Context(), segment.AssessmentFilter{Page: graph.Page{Limit: graph.MaxLimit}})
	vs := make([]segment.Assessment, len(as))
	for i, a := range as {
		vs[i] = *a
	}
	m := segment.BuildMatrix(sc, segment.DefaultPolicies(), n.Nodes, vs, time.Time{})
	for name, write := range map[string]func(*bytes.Buffer) error{
		"graphml": func(b *bytes.Buffer) error { return exchange.WriteGraphML(b, n, m) },
		"gexf":    func(b *bytes.Buffer) error { return exchange.WriteGEXF(b, n, m) },
	} {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(&buf)
		nodes, edges := 0, 0
		for {
			tok, err := dec.Token()
			if err != nil {
				if !errors.Is(err, io.EOF) {
					t.Fatalf("%s: %v", name, err)
				}
				break
			}
			if se, ok := tok.(xml.StartElement); ok {
				switch se.Name.Local {
				case "node":
					nodes++
				case "edge":
					edges++
				}
			}
		}
		if nodes != len(n.Nodes) || edges != len(n.Edges) {
			t.Errorf("%s: %d nodes, %d edges; want %d, %d", name, nodes, edges, len(n.Nodes), len(n.Edges))
		}
	}
}
