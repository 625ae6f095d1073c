package render

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// EgoDOT returns the ego network of node id: NetworkDOT with opts.Focus
// set to id and opts.Depth to depth (0 means DefaultDepth). The other
// filters of opts still apply.
func EgoDOT(snap *analysis.Snapshot, id string, depth int, opts NetworkOptions) ([]byte, error) {
	opts.Focus, opts.Depth = id, depth
	return NetworkDOT(snap, opts)
}

// Ego draws the ego network of node id in format f, as Network does with
// opts.Focus and opts.Depth set. Small ego networks lay out with dot.
func Ego(ctx context.Context, snap *analysis.Snapshot, id string, depth int, opts NetworkOptions, f Format) ([]byte, string, error) {
	opts.Focus, opts.Depth = id, depth
	return Network(ctx, snap, opts, f)
}

// selection is the set of nodes a network picture draws.
type selection struct {
	in     []bool         // by node index
	nodes  []int32        // the drawn nodes, ascending (id order)
	ranked []int32        // the drawn nodes, largest first (for labels)
	anchor map[int32]bool // focus and employee: pass every filter
}

// selectNodes applies opts' filters to snap (see NetworkDOT).
func selectNodes(s *analysis.Snapshot, opts NetworkOptions) (*selection, error) {
	if s == nil {
		return nil, graph.Invalid("snapshot", "is required")
	}
	switch {
	case opts.Depth < 0 || opts.Depth > MaxDepth:
		return nil, graph.Invalid("depth", "must be between 1 and %d", MaxDepth)
	case opts.TopN < 0:
		return nil, graph.Invalid("top", "must not be negative")
	case opts.MaxDegree < 0:
		return nil, graph.Invalid("max_degree", "must not be negative")
	case opts.MaxNodes < 0:
		return nil, graph.Invalid("max_nodes", "must not be negative")
	case len(opts.Segment) > 0 && opts.Segments == nil:
		return nil, graph.Invalid("segment", "filtering by segment needs the stakeholders' segments")
	}
	for _, sg := range opts.Segment {
		if !sg.Valid() {
			return nil, graph.Invalid("segment", "%q is not one of invest, develop, harvest, ignore, unassessed", sg)
		}
	}
	for _, p := range opts.PartyTypes {
		if !p.Valid() {
			return nil, graph.Invalid("party_type", "%q is not one of %v", p, graph.PartyTypes)
		}
	}
	if len(opts.Include)+len(opts.Expand) > MaxExplore {
		return nil, graph.Invalid("include", "at most %d nodes can be included or expanded, got %d", MaxExplore, len(opts.Include)+len(opts.Expand))
	}
	depth := opts.Depth
	if depth == 0 {
		depth = DefaultDepth
	}
	n := len(s.Nodes)
	sel := &selection{in: make([]bool, n), anchor: map[int32]bool{}}
	explore := len(opts.Include)+len(opts.Expand) > 0
	for i := range sel.in {
		sel.in[i] = !explore || opts.Focus != "" || opts.Employee != ""
	}
	if opts.Focus != "" {
		f, ok := s.Index(opts.Focus)
		if !ok {
			return nil, &graph.Error{Code: graph.ENOTFOUND, Field: "focus", Message: fmt.Sprintf("node %q not found", opts.Focus)}
		}
		sel.anchor[f] = true
		intersect(sel.in, within(s, f, depth, false))
	}
	if opts.Employee != "" {
		e, ok := s.Index(opts.Employee)
		if !ok {
			return nil, &graph.Error{Code: graph.ENOTFOUND, Field: "employee", Message: fmt.Sprintf("node %q not found", opts.Employee)}
		}
		if s.Nodes[e].Kind != graph.KindEmployee {
			return nil, graph.Invalid("employee", "%q is not an employee", opts.Employee)
		}
		sel.anchor[e] = true
		intersect(sel.in, within(s, e, depth, true))
	}

	if explore {
		// The explored nodes: each included node, each expanded node and
		// its neighbours. Unknown ids are an error, as for Focus.
		if opts.Focus == "" && opts.Employee == "" {
			clear(sel.in)
		}
		for field, ids := range map[string][]string{"include": opts.Include, "expand": opts.Expand} {
			for _, id := range ids {
				x, ok := s.Index(id)
				if !ok {
					return nil, &graph.Error{Code: graph.ENOTFOUND, Field: field, Message: fmt.Sprintf("node %q not found", id)}
				}
				sel.anchor[x] = true
				sel.in[x] = true
				if field != "expand" {
					continue
				}
				for k := s.Off[x]; k < s.Off[x+1]; k++ {
					sel.in[s.Adj[k]] = true
				}
			}
		}
	}

	attrFilter := len(opts.Segment) > 0 || len(opts.PartyTypes) > 0
	if attrFilter {
		for i, x := range s.Nodes {
			if !sel.in[i] || sel.anchor[int32(i)] || x.Kind == graph.KindEmployee {
				continue
			}
			if len(opts.Segment) > 0 {
				sg, ok := opts.Segments[x.ID]
				if !ok || sg == "" {
					sg = segment.Unassessed
				}
				if !slices.Contains(opts.Segment, sg) {
					sel.in[i] = false
				}
			}
			if len(opts.PartyTypes) > 0 && !slices.Contains(opts.PartyTypes, x.PartyType) {
				sel.in[i] = false
			}
		}
	}
	if opts.MaxDegree > 0 {
		for i := range s.Nodes {
			if sel.in[i] && !sel.anchor[int32(i)] && s.Degree(int32(i)) > opts.MaxDegree {
				sel.in[i] = false
			}
		}
	}

	// Rank what is left, largest first.
	var ranked []int32
	for i := range s.Nodes {
		if sel.in[i] {
			ranked = append(ranked, int32(i))
		}
	}
	value := func(x int32) float64 {
		if opts.Size == nil {
			return float64(s.Degree(x))
		}
		if v, ok := opts.Size[s.Nodes[x].ID]; ok && finite(v) {
			return v
		}
		return -1e308
	}
	slices.SortFunc(ranked, func(a, b int32) int {
		return cmp.Or(cmp.Compare(value(b), value(a)), cmp.Compare(s.Degree(b), s.Degree(a)), cmp.Compare(a, b))
	})
	if opts.TopN > 0 {
		kept := 0
		for _, x := range ranked {
			if sel.anchor[x] {
				continue
			}
			if kept < opts.TopN {
				kept++
			} else {
				sel.in[x] = false
			}
		}
	}
	if attrFilter { // employees left without a kept stakeholder to reach
		for i, x := range s.Nodes {
			if !sel.in[i] || sel.anchor[int32(i)] || x.Kind != graph.KindEmployee {
				continue
			}
			linked := false
			for k := s.Off[i]; k < s.Off[i+1] && !linked; k++ {
				o := s.Adj[k]
				linked = sel.in[o] && s.Nodes[o].Kind != graph.KindEmployee
			}
			sel.in[i] = linked
		}
	}
	for _, x := range ranked {
		if sel.in[x] {
			sel.ranked = append(sel.ranked, x)
		}
	}
	sel.nodes = slices.Clone(sel.ranked)
	slices.Sort(sel.nodes)

	if limit := networkCap(opts); len(sel.nodes) > limit {
		return nil, tooLarge(fmt.Sprintf(
			"the network picture would have %d nodes, more than the limit of %d: narrow it with a filter (segment, party type, employee, a focus node with a depth, top or max degree)",
			len(sel.nodes), limit))
	}
	return sel, nil
}

// within returns the nodes at most depth ties from start (breadth-first);
// positive counts only ties of positive strength, the ties an
// introduction can travel.
func within(s *analysis.Snapshot, start int32, depth int, positive bool) []bool {
	seen := make([]bool, len(s.Nodes))
	seen[start] = true
	frontier := []int32{start}
	for range depth {
		var next []int32
		for _, u := range frontier {
			for k := s.Off[u]; k < s.Off[u+1]; k++ {
				v := s.Adj[k]
				if seen[v] || positive && s.Ties[s.TieOf[k]].Strength <= 0 {
					continue
				}
				seen[v] = true
				next = append(next, v)
			}
		}
		frontier = next
	}
	return seen
}

func intersect(dst, src []bool) {
	for i := range dst {
		dst[i] = dst[i] && src[i]
	}
}
