package render

import (
	"context"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// MaxReachTargets is the largest number of targets the reach picture
// draws.
const MaxReachTargets = 100

// ReachInput is what the reach picture draws: the stakeholders that matter
// and who of us reaches them through whom. render reads no store: the
// caller computes the paths.
type ReachInput struct {
	// Targets are the stakeholders, most important first (the page gives
	// the most attractive of the invest and develop segments).
	Targets []analysis.PathNode
	// Paths maps a target's id to its warm paths, best first
	// (analysis.WarmPaths); a target without an entry is drawn unreached.
	Paths map[string][]analysis.Path
	// Segments and PartyTypes colour and outline the stakeholders, as in
	// PathsOptions.
	Segments   map[string]segment.Segment
	PartyTypes map[string]graph.PartyType
}

// ReachOptions are the options of the reach picture.
type ReachOptions struct {
	// Lang is the language of every text: "nl" for Dutch, anything else
	// English.
	Lang string
	// PNG holds the options of the PNG format.
	PNG PNGOptions
}

// Reach draws the reach picture in format f (see ReachDOT) and returns the
// bytes and their content type; ctx bounds the Graphviz and PNG steps.
func Reach(ctx context.Context, in ReachInput, opts ReachOptions, f Format) ([]byte, string, error) {
	if !f.Valid() {
		return nil, "", graph.Invalid("format", "%q is not one of %v", f, Formats)
	}
	pp, err := reachPicture(in, opts)
	if err != nil {
		return nil, "", err
	}
	dot, err := pp.dot()
	if err != nil {
		return nil, "", err
	}
	return deliver(ctx, dot, pp.lg, Dot, nil, &opts.PNG, f)
}

// ReachDOT returns the reach picture as DOT for dot: the network of the
// stakeholders that matter, as the director asks for it — who of us
// reaches them, and through whom. It is the warm-path picture (PathsDOT)
// of every target's paths at once: our employees at the left, the
// targets at the right (bold names), the persons between them in the
// middle, every node and hop that several paths share drawn once, in the
// colour language of every picture, without the strengths on the hops
// (their width and shade show them; their tooltips say them) and without
// the notes, and narrower (closer ranks, names cut at 22 characters) so
// that it shows its names at full size in half a screen. A target without
// a warm path is drawn at the right without a line: nobody here reaches
// it within the hop cap.
//
// In the SVG each node carries id="reach-node-ID" and the classes of
// PathsDOT's nodes ("unreached" for a target without a path); each hop
// id="reach-hop-FROM-TO".
//
// ReachDOT returns a *graph.Error with code graph.EINVALID for more than
// MaxReachTargets targets or a path that does not join its nodes or does
// not end at its target.
func ReachDOT(in ReachInput, opts ReachOptions) ([]byte, error) {
	pp, err := reachPicture(in, opts)
	if err != nil {
		return nil, err
	}
	return pp.dot()
}

func reachPicture(in ReachInput, opts ReachOptions) (*pathPicture, error) {
	if len(in.Targets) > MaxReachTargets {
		return nil, tooLarge("the reach picture draws at most 100 stakeholders: show fewer (top) or one segment")
	}
	pp := &pathPicture{
		opts:     PathsOptions{Lang: opts.Lang, Segments: in.Segments, PartyTypes: in.PartyTypes},
		idPrefix: "reach-",
		compact:  true,
		maxPaths: MaxReachTargets * analysis.MaxK,
		empty:    [2]string{"No stakeholder to reach", "Geen stakeholder om te bereiken"},
	}
	for _, t := range in.Targets {
		ps := in.Paths[t.ID]
		if len(ps) == 0 {
			pp.unreached = append(pp.unreached, t)
			continue
		}
		for i, p := range ps {
			if len(p.Nodes) == 0 || p.Nodes[len(p.Nodes)-1].ID != t.ID {
				return nil, graph.Invalid("paths", "path %d to %s does not end at it", i+1, t.ID)
			}
		}
		pp.paths = append(pp.paths, ps...)
	}
	return pp, nil
}
