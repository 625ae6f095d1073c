package graph

import (
	"fmt"
	"slices"
	"testing"
)

// TestIDSet adds three parts: an id is found with the value (line) it was
// first added with, also when it came twice in one part; empty ids are not
// looked up; the set stays sorted as parts are merged into it.
func TestIDSet(t *testing.T) {
	var s IDSet
	if got := s.Add([]string{"a", "b", "a", ""}, []int{2, 3, 4, 5}); !slices.Equal(got, []int{0, 0, 0, 0}) {
		t.Errorf("first part: %v, want nothing found (a repeat inside a part is not looked for)", got)
	}
	// "a" was read on lines 2 and 4: the first is reported.
	if got := s.Add([]string{"c", "a", "", "b"}, []int{6, 7, 8, 9}); !slices.Equal(got, []int{0, 2, 0, 3}) {
		t.Errorf("second part: %v, want a on line 2, b on line 3", got)
	}
	var ids []string
	var lines []int
	for i := range 1000 {
		ids, lines = append(ids, fmt.Sprintf("x%d", i)), append(lines, 10+i)
	}
	ids = append(ids, "c")
	lines = append(lines, 1010)
	got := s.Add(ids, lines)
	if got[1000] != 6 || slices.ContainsFunc(got[:1000], func(l int) bool { return l != 0 }) {
		t.Errorf("third part: c found on line %d, want 6, and no x", got[1000])
	}
	// 3 + 3 + 1001 ids added (the empty ones not).
	if len(s.hash) != 1007 || len(s.value) != 1007 || !slices.IsSorted(s.hash) {
		t.Errorf("%d hashes, %d values, sorted %v; want 1007 sorted", len(s.hash), len(s.value), slices.IsSorted(s.hash))
	}
	// Without values, an id is found with the value 1.
	if got := s.Add([]string{"y", "x5", "y"}, nil); !slices.Equal(got, []int{0, 15, 0}) {
		t.Errorf("without values: %v, want x5 found with its line 15", got)
	}
	if got := s.Add([]string{"y"}, []int{99}); !slices.Equal(got, []int{1}) {
		t.Errorf("y added without a value: found with %v, want 1", got)
	}
}
