package analysis

import "context"

// Reach is how well our organisation reaches a stakeholder through the
// network: its best warm path from any of our employees.
type Reach struct {
	// Strength is the best path's strength in [0,1]; 0 when no employee
	// reaches the stakeholder within the hop cap.
	Strength float64 `json:"strength"`
	// Hops is that path's number of ties; 0 when unreachable.
	Hops int `json:"hops"`
	// Path is the best path itself; nil when unreachable.
	Path *Path `json:"path,omitempty"`
}

// NetworkAccessibility measures, for each of ids, the best warm-path
// strength from any employee within maxHops (0: DefaultMaxHops) — the
// network's view of accessibility, to be shown beside the judged score. It
// is WarmPaths with k = 1 per stakeholder, so the same rules apply (never
// through a person who objected). Ids that are not stakeholders of s are
// skipped. It honours ctx between stakeholders.
func NetworkAccessibility(ctx context.Context, s *Snapshot, ids []string, maxHops int) (map[string]Reach, error) {
	out := make(map[string]Reach, len(ids))
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		i, ok := s.Index(id)
		if !ok || !s.Nodes[i].Kind.IsStakeholder() {
			continue
		}
		paths, err := WarmPaths(ctx, s, PathQuery{To: id, K: 1, MaxHops: maxHops})
		if err != nil {
			return nil, err
		}
		if len(paths) == 0 {
			out[id] = Reach{}
			continue
		}
		p := paths[0]
		out[id] = Reach{Strength: p.Strength, Hops: p.Hops, Path: &p}
	}
	return out, nil
}

// Via returns whom to ask on the best path (Path.Introducer), or the zero
// PathNode for a direct tie or no path.
func (r Reach) Via() PathNode {
	if r.Path == nil {
		return PathNode{}
	}
	n, _ := r.Path.Introducer()
	return n
}
