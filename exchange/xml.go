package exchange

import (
	"encoding/xml"
	"io"
	"strconv"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// Graph files for Gephi, Cytoscape, yEd and other network tools.
//
// Both formats carry the same attributes. Nodes: label (the name), kind
// (employee, organisation, person), party_type, owner_id, do_not_route and,
// when a matrix is given, segment (invest, develop, harvest, ignore,
// unassessed; empty for employees). Edges: label and type (the relationship
// type), strength and weight (both the strength in [0,1]; Gephi reads
// "weight"), nature, level, until (the day the relationship ended,
// YYYY-MM-DD, left out while it lasts: relmap's analyses leave an ended
// one out) and symmetric (true for the symmetric types, knows and
// partners_with). The graph is directed throughout, each edge
// from From to To, with symmetric saying which to read both ways: both
// formats allow a direction per edge, but common readers (networkx's
// read_graphml and read_gexf) refuse a graph that mixes them.
// Nodes and edges are in id order, so equal networks give equal files.

// nodeAttrs and edgeAttrs are the attributes, in file order.
var (
	nodeAttrs = []attr{{"label", "string"}, {"kind", "string"}, {"party_type", "string"}, {"owner_id", "string"}, {"do_not_route", "boolean"}, {"segment", "string"}}
	edgeAttrs = []attr{{"label", "string"}, {"type", "string"}, {"strength", "double"}, {"weight", "double"}, {"nature", "string"}, {"level", "string"}, {"until", "string"}, {"symmetric", "boolean"}}
)

type attr struct{ name, typ string }

// attrValues returns the attribute values of nodes and edges by name;
// empty values are left out.
func nodeValues(n graph.NetworkNode, segs map[string]segment.Segment) map[string]string {
	v := map[string]string{"label": n.Name, "kind": string(n.Kind), "party_type": string(n.PartyType), "owner_id": n.OwnerID}
	if n.DoNotRoute {
		v["do_not_route"] = "true"
	}
	if segs != nil {
		v["segment"] = string(segs[n.ID])
	}
	return v
}

func edgeValues(e graph.NetworkEdge) map[string]string {
	s := strconv.FormatFloat(e.Strength, 'f', -1, 64)
	v := map[string]string{"label": string(e.Type), "type": string(e.Type), "strength": s, "weight": s, "nature": string(e.Nature), "level": string(e.Level)}
	if !e.Until.IsZero() {
		v["until"] = e.Until.Format(time.DateOnly)
	}
	if !directed(e) {
		v["symmetric"] = "true"
	}
	return v
}

func directed(e graph.NetworkEdge) bool {
	spec, ok := e.Type.Spec()
	return !ok || !spec.Symmetric
}

func segmentsOf(m *segment.Matrix) map[string]segment.Segment {
	if m == nil {
		return nil
	}
	out := make(map[string]segment.Segment, m.Len())
	for _, r := range m.All() {
		out[r.Stakeholder.ID] = r.Placement.Segment
	}
	return out
}

type graphML struct {
	XMLName xml.Name     `xml:"graphml"`
	XMLNS   string       `xml:"xmlns,attr"`
	Keys    []graphMLKey `xml:"key"`
	Graph   struct {
		ID          string        `xml:"id,attr"`
		EdgeDefault string        `xml:"edgedefault,attr"`
		Nodes       []graphMLNode `xml:"node"`
		Edges       []graphMLEdge `xml:"edge"`
	} `xml:"graph"`
}

type graphMLKey struct {
	ID   string `xml:"id,attr"`
	For  string `xml:"for,attr"`
	Name string `xml:"attr.name,attr"`
	Type string `xml:"attr.type,attr"`
}

type graphMLData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

type graphMLNode struct {
	ID   string        `xml:"id,attr"`
	Data []graphMLData `xml:"data"`
}

type graphMLEdge struct {
	ID     string        `xml:"id,attr"`
	Source string        `xml:"source,attr"`
	Target string        `xml:"target,attr"`
	Data   []graphMLData `xml:"data"`
}

// WriteGraphML writes the network n as GraphML
// (http://graphml.graphdrawing.org), with the attributes described above;
// m, when not nil, gives each stakeholder's segment. Node keys are
// prefixed "n_" and edge keys "e_" because GraphML key ids share one
// namespace.
func WriteGraphML(w io.Writer, n *graph.Network, m *segment.Matrix) error {
	segs := segmentsOf(m)
	doc := graphML{XMLNS: "http://graphml.graphdrawing.org/xmlns"}
	for _, a := range nodeAttrs {
		if a.name == "segment" && segs == nil {
			continue
		}
		doc.Keys = append(doc.Keys, graphMLKey{"n_" + a.name, "node", a.name, a.typ})
	}
	for _, a := range edgeAttrs {
		doc.Keys = append(doc.Keys, graphMLKey{"e_" + a.name, "edge", a.name, a.typ})
	}
	doc.Graph.ID = "relmap"
	doc.Graph.EdgeDefault = "directed"
	data := func(prefix string, attrs []attr, v map[string]string) []graphMLData {
		var out []graphMLData
		for _, a := range attrs {
			if s := v[a.name]; s != "" {
				out = append(out, graphMLData{prefix + a.name, s})
			}
		}
		return out
	}
	for _, x := range n.Nodes {
		doc.Graph.Nodes = append(doc.Graph.Nodes, graphMLNode{x.ID, data("n_", nodeAttrs, nodeValues(x, segs))})
	}
	for _, e := range n.Edges {
		doc.Graph.Edges = append(doc.Graph.Edges, graphMLEdge{e.ID, e.From, e.To, data("e_", edgeAttrs, edgeValues(e))})
	}
	return writeXML(w, doc)
}

type gexf struct {
	XMLName xml.Name `xml:"gexf"`
	XMLNS   string   `xml:"xmlns,attr"`
	Version string   `xml:"version,attr"`
	Meta    struct {
		Creator     string `xml:"creator"`
		Description string `xml:"description"`
	} `xml:"meta"`
	Graph struct {
		DefaultEdgeType string           `xml:"defaultedgetype,attr"`
		Mode            string           `xml:"mode,attr"`
		Attributes      []gexfAttributes `xml:"attributes"`
		Nodes           []gexfNode       `xml:"nodes>node"`
		Edges           []gexfEdge       `xml:"edges>edge"`
	} `xml:"graph"`
}

type gexfAttributes struct {
	Class string          `xml:"class,attr"`
	Attrs []gexfAttribute `xml:"attribute"`
}

type gexfAttribute struct {
	ID    string `xml:"id,attr"`
	Title string `xml:"title,attr"`
	Type  string `xml:"type,attr"`
}

type gexfValue struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

type gexfNode struct {
	ID     string      `xml:"id,attr"`
	Label  string      `xml:"label,attr"`
	Values []gexfValue `xml:"attvalues>attvalue"`
}

type gexfEdge struct {
	ID     string      `xml:"id,attr"`
	Source string      `xml:"source,attr"`
	Target string      `xml:"target,attr"`
	Weight float64     `xml:"weight,attr"`
	Label  string      `xml:"label,attr"`
	Values []gexfValue `xml:"attvalues>attvalue"`
}

// WriteGEXF writes the network n as GEXF 1.2 (https://gexf.net), with the
// attributes described above (label is GEXF's own label attribute, weight
// its own weight); m, when not nil, gives each stakeholder's segment.
func WriteGEXF(w io.Writer, n *graph.Network, m *segment.Matrix) error {
	segs := segmentsOf(m)
	doc := gexf{XMLNS: "http://www.gexf.net/1.2draft", Version: "1.2"}
	doc.Meta.Creator = "relmap"
	doc.Meta.Description = "relationship network"
	doc.Graph.DefaultEdgeType = "directed"
	doc.Graph.Mode = "static"
	own := map[string]bool{"label": true, "weight": true}
	decl := func(class string, attrs []attr) gexfAttributes {
		as := gexfAttributes{Class: class}
		for _, a := range attrs {
			if own[a.name] || (a.name == "segment" && segs == nil) {
				continue
			}
			as.Attrs = append(as.Attrs, gexfAttribute{a.name, a.name, a.typ})
		}
		return as
	}
	doc.Graph.Attributes = []gexfAttributes{decl("node", nodeAttrs), decl("edge", edgeAttrs)}
	values := func(attrs []attr, v map[string]string) []gexfValue {
		var out []gexfValue
		for _, a := range attrs {
			if s := v[a.name]; s != "" && !own[a.name] {
				out = append(out, gexfValue{a.name, s})
			}
		}
		return out
	}
	for _, x := range n.Nodes {
		doc.Graph.Nodes = append(doc.Graph.Nodes, gexfNode{x.ID, x.Name, values(nodeAttrs, nodeValues(x, segs))})
	}
	for _, e := range n.Edges {
		doc.Graph.Edges = append(doc.Graph.Edges, gexfEdge{e.ID, e.From, e.To, e.Strength, string(e.Type), values(edgeAttrs, edgeValues(e))})
	}
	return writeXML(w, doc)
}

func writeXML(w io.Writer, doc any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
