package analysis

import "maps"

// layered is a map that a line of snapshot versions, each derived from the
// one before, share without copying it whole: base, which no version
// writes once it is built, and the changes a version made over it (top),
// copied for each version derived from it. When the changes grow past a
// share of base (foldAt), derive folds them into a new base. So a version
// that changes c entries costs O(c + len(top)), and the folds O(1)
// amortised per change; the versions before stay as they were.
//
// The zero value (and nil) is an empty map that may only be read.
type layered[K comparable, V any] struct {
	base map[K]V
	top  map[K]layerEntry[V] // ok false: deleted from base
	n    int                 // entries
}

type layerEntry[V any] struct {
	v  V
	ok bool
}

// newLayered returns the layered map holding m (which it keeps).
func newLayered[K comparable, V any](m map[K]V) *layered[K, V] {
	return &layered[K, V]{base: m, n: len(m)}
}

// foldAt is the size of top above which derive folds it into the base.
func foldAt(base int) int { return 256 + base/8 }

// get returns the value of k.
func (l *layered[K, V]) get(k K) (V, bool) {
	if l == nil {
		var zero V
		return zero, false
	}
	if e, ok := l.top[k]; ok {
		return e.v, e.ok
	}
	v, ok := l.base[k]
	return v, ok
}

// len returns the number of entries.
func (l *layered[K, V]) len() int {
	if l == nil {
		return 0
	}
	return l.n
}

// all calls yield for every entry, in no particular order, until it
// returns false.
func (l *layered[K, V]) all(yield func(K, V) bool) {
	if l == nil {
		return
	}
	for k, v := range l.base {
		if _, changed := l.top[k]; !changed && !yield(k, v) {
			return
		}
	}
	for k, e := range l.top {
		if e.ok && !yield(k, e.v) {
			return
		}
	}
}

// derive returns a copy of l that may be changed (set, del) without
// changing l.
func (l *layered[K, V]) derive() *layered[K, V] {
	if l == nil {
		return &layered[K, V]{}
	}
	if len(l.top) > foldAt(len(l.base)) {
		base := make(map[K]V, l.n)
		l.all(func(k K, v V) bool { base[k] = v; return true })
		return &layered[K, V]{base: base, n: l.n}
	}
	return &layered[K, V]{base: l.base, top: maps.Clone(l.top), n: l.n}
}

// set sets the value of k; l must come from derive.
func (l *layered[K, V]) set(k K, v V) {
	if _, ok := l.get(k); !ok {
		l.n++
	}
	if l.top == nil {
		l.top = map[K]layerEntry[V]{}
	}
	l.top[k] = layerEntry[V]{v, true}
}

// del deletes k; l must come from derive.
func (l *layered[K, V]) del(k K) {
	if _, ok := l.get(k); !ok {
		return
	}
	l.n--
	if _, inBase := l.base[k]; !inBase {
		delete(l.top, k)
		return
	}
	if l.top == nil {
		l.top = map[K]layerEntry[V]{}
	}
	l.top[k] = layerEntry[V]{}
}
