package exchange

import (
	"fmt"
	"hash/maphash"
	"slices"
	"testing"
)

// TestIDSet adds three parts: an id is found with the line it was first
// read on, also when it came twice in one part; empty ids are not looked
// up; the set stays sorted as parts are merged into it.
func TestIDSet(t *testing.T) {
	s := &idSet{seed: maphash.MakeSeed()}
	if got := s.add([]string{"a", "b", "a", ""}, []int{2, 3, 4, 5}); !slices.Equal(got, []int{0, 0, 0, 0}) {
		t.Errorf("first part: %v, want nothing found (a repeat inside a part is not looked for)", got)
	}
	// "a" was read on lines 2 and 4: the first is reported.
	if got := s.add([]string{"c", "a", "", "b"}, []int{6, 7, 8, 9}); !slices.Equal(got, []int{0, 2, 0, 3}) {
		t.Errorf("second part: %v, want a on line 2, b on line 3", got)
	}
	var ids []string
	var lines []int
	for i := range 1000 {
		ids, lines = append(ids, fmt.Sprintf("x%d", i)), append(lines, 10+i)
	}
	ids = append(ids, "c")
	lines = append(lines, 1010)
	got := s.add(ids, lines)
	if got[1000] != 6 || slices.ContainsFunc(got[:1000], func(l int) bool { return l != 0 }) {
		t.Errorf("third part: c found on line %d, want 6, and no x", got[1000])
	}
	// 3 + 3 + 1001 ids added (the empty ones not).
	if len(s.hash) != 1007 || len(s.line) != 1007 || !slices.IsSorted(s.hash) {
		t.Errorf("%d hashes, %d lines, sorted %v; want 1007 sorted", len(s.hash), len(s.line), slices.IsSorted(s.hash))
	}
}
