package analysis

import (
	"context"

	"github.com/relmap/relmap/graph"
)

// objectionReads is how many times readRoutable reads the network and the
// objections again when a write lands between the two reads.
const objectionReads = 3

// readRoutable reads the network of src without the persons who object and
// without their ties. The objections are read after the network and must be
// of the same version: when a write lands in between, both are read again
// (up to objectionReads times, then EUNAVAILABLE: retry later).
func readRoutable(ctx context.Context, src NetworkSource) (*graph.Network, error) {
	for range objectionReads {
		var n graph.Network
		var err error
		n.Version, err = src.Network(ctx, graph.NetworkVisitor{
			Node: func(x graph.NetworkNode) error { n.Nodes = append(n.Nodes, x); return nil },
			Edge: func(x graph.NetworkEdge) error { n.Edges = append(n.Edges, x); return nil },
		})
		if err != nil {
			return nil, err
		}
		os, ok := src.(graph.ObjectionSource)
		if !ok {
			return &n, nil
		}
		ids, v, err := os.Objecting(ctx)
		if err != nil {
			return nil, err
		}
		if v == n.Version {
			withoutObjecting(&n, ids)
			return &n, nil
		}
	}
	return nil, graph.Errorf(graph.EUNAVAILABLE, "the network kept changing while it was read; try again")
}

// withoutObjecting removes the nodes ids from n, with every edge at them.
func withoutObjecting(n *graph.Network, ids []string) {
	if len(ids) == 0 {
		return
	}
	drop := make(map[string]bool, len(ids))
	for _, id := range ids {
		drop[id] = true
	}
	nodes := n.Nodes[:0]
	for _, x := range n.Nodes {
		if !drop[x.ID] {
			nodes = append(nodes, x)
		}
	}
	n.Nodes = nodes
	edges := n.Edges[:0]
	for _, e := range n.Edges {
		if !drop[e.From] && !drop[e.To] {
			edges = append(edges, e)
		}
	}
	n.Edges = edges
}
