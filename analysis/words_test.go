package analysis

import (
	"testing"

	"github.com/relmap/relmap/graph"
)

// TestWords: every advice code and contact level has a Dutch word that is
// not its English code.
func TestWords(t *testing.T) {
	for _, c := range AdviceCodes {
		if nl := c.Name("nl"); nl == "" || nl == string(c) || c.Name("en") == "" {
			t.Errorf("advice %q: Dutch %q, English %q", c, nl, c.Name("en"))
		}
	}
	for _, l := range graph.ContactLevels {
		if nl := LevelName(l, "nl"); nl == "" || nl == string(l) || LevelName(l, "en") != string(l) {
			t.Errorf("level %q: Dutch %q", l, nl)
		}
	}
	if LevelName("", "nl") != "" {
		t.Error("no level is no word")
	}
}
