package graph

import (
	"cmp"
	"slices"
)

func sortByID[T any](xs []T, id func(T) string) {
	slices.SortFunc(xs, func(a, b T) int { return cmp.Compare(id(a), id(b)) })
}

// slicesSortStable orders one record's field errors by field name.
func slicesSortStable(es Errors) {
	slices.SortStableFunc(es, func(a, b *Error) int { return cmp.Compare(a.Field, b.Field) })
}
