package graph_test

import (
	"testing"

	"github.com/relmap/relmap/graph"
)

func TestErasedPseudonym(t *testing.T) {
	// printf 'id:per-jan' | sha256sum → c2456eeec727…; the first 12 hex
	// digits are the pseudonym's.
	if got, want := graph.ErasedPseudonym("per-jan"), "erased-c2456eeec727"; got != want {
		t.Errorf("ErasedPseudonym(per-jan) = %q, want %q", got, want)
	}
	if k := graph.SuppressionKeys(&graph.Person{ID: "per-jan"})[0]; k.Hash[:12] != "c2456eeec727" {
		t.Errorf("the suppression digest of the id starts %s, not as the pseudonym", k.Hash[:12])
	}
}

func TestPseudonymise(t *testing.T) {
	p := graph.ErasedPseudonym("per-jan")
	for _, c := range []struct {
		in, want string
	}{
		{"per-jan", p},
		{"knows:emp-anna:per-jan", "knows:emp-anna:" + p},
		{"knows:per-jan:per-jan", "knows:" + p + ":" + p},
		{"contact:emp-anna:per-jan:2025-11-03T10:00:00.000Z:meeting", "contact:emp-anna:" + p + ":2025-11-03T10:00:00.000Z:meeting"},
		{"per-jan:relationship:2026-01-01", p + ":relationship:2026-01-01"},
		{"erased per-jan with 2 ties", "erased " + p + " with 2 ties"},
		{"per-jane", "per-jane"},
		{"xper-jan", "xper-jan"},
		{"per-janper-jan", "per-janper-jan"},
		{"per-jane:per-jan", "per-jane:" + p},
		{"", ""},
		{"emp-anna", "emp-anna"},
	} {
		got, replaced := graph.Pseudonymise(c.in, "per-jan")
		if got != c.want || replaced != (c.in != c.want) {
			t.Errorf("Pseudonymise(%q) = %q, %v; want %q", c.in, got, replaced, c.want)
		}
	}
	if got, _ := graph.Pseudonymise("a/b:x", "a/b"); got != graph.ErasedPseudonym("a/b")+":x" {
		t.Errorf("an id with '/': %q", got)
	}
}
