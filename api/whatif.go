package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// DefaultWhatIfThreshold is the network strength GET /whatif aims for when
// no threshold is given and the store keeps no segment scheme.
const DefaultWhatIfThreshold = 0.5

// WhatIfBody is the answer of GET /whatif/{target}.
type WhatIfBody struct {
	Target string `json:"target"`
	// Threshold is the network strength aimed for, in (0,1];
	// ThresholdFrom says where it came from: "query", "scheme" (the
	// matrix's accessibility threshold mapped back from the scale) or
	// "default".
	Threshold     float64 `json:"threshold"`
	ThresholdFrom string  `json:"threshold_from"`
	MaxHops       int     `json:"max_hops"`
	// Current is the target's best warm-path strength today (0 when no
	// employee reaches it).
	Current     float64               `json:"current"`
	Suggestions []analysis.Suggestion `json:"suggestions"`
}

// NetworkThreshold maps the scheme's accessibility threshold back from its
// scale onto a network strength in [0,1]: (t − min)/(max − min), the
// inverse of segment.Scheme.OnScale.
func NetworkThreshold(s *segment.Scheme) float64 {
	lo, hi := float64(s.Scale.Min), float64(s.Scale.Max)
	if hi <= lo {
		return DefaultWhatIfThreshold
	}
	return min(max((s.ThresholdAccessibility-lo)/(hi-lo), 0), 1)
}

// WhatIfThreshold returns the threshold a what-if aims for when none is
// given: the scheme's accessibility threshold as a network strength when st
// is not nil, DefaultWhatIfThreshold otherwise; and where it came from.
func WhatIfThreshold(ctx context.Context, st SegmentStore) (float64, string, error) {
	if st == nil {
		return DefaultWhatIfThreshold, "default", nil
	}
	sc, err := st.Scheme(ctx)
	if err != nil {
		return 0, "", err
	}
	return NetworkThreshold(sc), "scheme", nil
}

// WhatIf runs analysis.WhatIf and adds the target's current best strength.
func WhatIf(ctx context.Context, snap *analysis.Snapshot, target string, threshold float64, from string, maxHops int) (*WhatIfBody, error) {
	sg, err := analysis.WhatIf(ctx, snap, target, threshold, maxHops)
	if err != nil {
		return nil, err
	}
	if maxHops == 0 {
		maxHops = analysis.DefaultMaxHops
	}
	reach, err := analysis.NetworkAccessibility(ctx, snap, []string{target}, maxHops)
	if err != nil {
		return nil, err
	}
	return &WhatIfBody{Target: target, Threshold: threshold, ThresholdFrom: from, MaxHops: maxHops,
		Current: reach[target].Strength, Suggestions: sg}, nil
}

// getWhatIf answers GET /whatif/{target}?threshold=&max_hops=: the cheapest
// new or strengthened ties that lift the target's best warm path to the
// threshold (default: the matrix's accessibility threshold).
func (s *Server) getWhatIf(c *gin.Context) {
	maxHops, err := queryInt(c, "max_hops")
	if err != nil {
		s.fail(c, err)
		return
	}
	threshold, from := 0.0, "query"
	if v := c.Query("threshold"); v != "" {
		if threshold, err = strconv.ParseFloat(v, 64); err != nil {
			s.fail(c, graph.Invalid("threshold", "%q is not a number", v))
			return
		}
	} else {
		var st SegmentStore
		if s.Segments != nil {
			st = s.Segments
		}
		if threshold, from, err = WhatIfThreshold(c.Request.Context(), st); err != nil {
			s.fail(c, err)
			return
		}
	}
	snap, ok := s.snapshot(c)
	if !ok {
		return
	}
	body, err := WhatIf(c.Request.Context(), snap, c.Param("target"), threshold, from, maxHops)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, body)
}
