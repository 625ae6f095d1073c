package graph

import (
	"slices"
	"testing"
)

func TestPageOf(t *testing.T) {
	items := []int{0, 1, 2, 3, 4}
	for _, tc := range []struct {
		p    Page
		want []int
	}{
		{Page{Offset: 0, Limit: 2}, []int{0, 1}},
		{Page{Offset: 3, Limit: 5}, []int{3, 4}},
		{Page{Offset: 5, Limit: 1}, []int{}},
		{Page{Offset: 9, Limit: 1}, []int{}},
	} {
		if got := PageOf(items, tc.p); !slices.Equal(got, tc.want) {
			t.Errorf("PageOf(%+v) = %v, want %v", tc.p, got, tc.want)
		}
	}
}
