package main

import (
	"encoding/json"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/relmap/relmap/api"
)

// TestWhatIfCommand runs relmap whatif on holdingsDB.
//
// Mia is known to Cor only (0.5, no contacts): for 0.8 Cor must strengthen
// that tie to 0.8, the one suggestion.
//
// Fonds X as of the end of 2024-05-01: Anna's advises tie (0.4) has one
// contact that day, so it carries its evidence strength, f = 1 − e^(−1/4)
// = 0.221199, r = 2^(−1/365) = 0.998103, max(0.4, (0.4 + 0.221199 +
// 0.998103)/3) = 0.539767. The best path today is Anna → Jan →
// Fonds X = 0.72; for 0.8 the cheapest is strengthening Anna–Fonds X from
// 0.539767 to 0.8, then Anna–Jan from 0.8 to 0.8/0.9 = 0.888889.
func TestWhatIfCommand(t *testing.T) {
	ctx := t.Context()
	db := holdingsDB(t)
	var out strings.Builder
	if err := run(ctx, []string{"whatif", "-db", db, "-target", "per-mia", "-threshold", "0.8"}, env(nil), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	want := "Mia: now 0.5, aim 0.8 (4 hops)\n1.  0.8  Cor should strengthen the tie with Mia from 0.5 to at least 0.8; that direct tie brings Mia to 0.8.\n"
	if out.String() != want {
		t.Errorf("whatif per-mia:\n%s\nwant\n%s", out.String(), want)
	}

	out.Reset()
	if err := run(ctx, []string{"whatif", "-db", db, "-target", "org-fund", "-threshold", "0.8", "-now", "2024-05-01", "-json"}, env(nil), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var b api.WhatIfBody
	if err := json.Unmarshal([]byte(out.String()), &b); err != nil {
		t.Fatal(err)
	}
	if math.Abs(b.Current-0.72) > 1e-9 || len(b.Suggestions) != 2 {
		t.Fatalf("whatif org-fund: %+v", b)
	}
	s0, s1 := b.Suggestions[0], b.Suggestions[1]
	if s0.Kind != "strengthen" || s0.Employee.ID != "emp-anna" || s0.Person.ID != "org-fund" || math.Abs(s0.Current-0.539767) > 1e-6 || s0.Required != 0.8 {
		t.Errorf("first suggestion: %+v", s0)
	}
	if s1.Kind != "strengthen" || s1.Employee.ID != "emp-anna" || s1.Person.ID != "per-jan" || math.Abs(s1.Required-0.888889) > 1e-6 {
		t.Errorf("second suggestion: %+v", s1)
	}

	if err := run(ctx, []string{"whatif", "-db", db}, env(nil), io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "-target is required") {
		t.Errorf("no target: %v", err)
	}
}
