package api

import (
	"math"
	"net/http"
	"testing"
)

// TestWhatIf runs GET /whatif on the holdings network (holdingsServer).
// Kim: Cor knows her at 0.9, the best path today. For θ = 0.95 the only
// feasible tie is Kim herself (b = 1, σ = 0.95): Cor strengthens 0.9 →
// 0.95; Fonds X (b = 0.5 through Kim) and Jan (0.9·0.5 = 0.45; Jan–Kim has
// no tie, so through Fonds X) would need σ > 1. Without a threshold the
// default scheme's 3.0 on 1–5 maps back to (3−1)/(5−1) = 0.5, already
// reached.
func TestWhatIf(t *testing.T) {
	h, _ := holdingsServer(t)
	var b WhatIfBody
	call(t, h, http.MethodGet, "/api/v1/whatif/per-kim?threshold=0.95", "", http.StatusOK, &b)
	if b.ThresholdFrom != "query" || b.MaxHops != 4 || math.Abs(b.Current-0.9) > 1e-9 || len(b.Suggestions) != 1 {
		t.Fatalf("body = %+v", b)
	}
	sg := b.Suggestions[0]
	if sg.Kind != "strengthen" || sg.Employee == nil || sg.Employee.ID != "emp-cor" || sg.Person.ID != "per-kim" ||
		math.Abs(sg.Required-0.95) > 1e-9 || sg.Current != 0.9 || sg.Explanation.NL == "" {
		t.Errorf("suggestion = %+v", sg)
	}

	b = WhatIfBody{}
	call(t, h, http.MethodGet, "/api/v1/whatif/per-kim", "", http.StatusOK, &b)
	if b.ThresholdFrom != "scheme" || b.Threshold != 0.5 || b.Suggestions == nil || len(b.Suggestions) != 0 {
		t.Errorf("default threshold: %+v", b)
	}

	var e apiError
	call(t, h, http.MethodGet, "/api/v1/whatif/per-kim?threshold=2", "", http.StatusBadRequest, &e)
	if !e.has("threshold", "") {
		t.Errorf("threshold 2: %+v", e)
	}
	call(t, h, http.MethodGet, "/api/v1/whatif/per-nobody", "", http.StatusNotFound, nil)
}
