package analysis

import (
	"maps"
	"math/rand/v2"
	"testing"
)

// TestLayered: a line of versions, each derived from the one before and
// changed by a few random sets and deletes (thousands in all, so that the
// changes are folded into new bases many times), holds what a plain map
// changed the same way holds, and every version kept stays as it was
// when the next were derived from it.
func TestLayered(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 14))
	want := map[int]int{}
	for i := range 500 {
		want[i] = i
	}
	l := newLayered(maps.Clone(want))
	type kept struct {
		l    *layered[int, int]
		want map[int]int
	}
	var old []kept
	for step := range 3000 {
		l = l.derive()
		for range 1 + r.IntN(4) {
			k := r.IntN(800)
			if r.IntN(3) == 0 {
				delete(want, k)
				l.del(k)
			} else {
				want[k] = step
				l.set(k, step)
			}
		}
		if step%97 == 0 {
			old = append(old, kept{l, maps.Clone(want)})
		}
	}
	old = append(old, kept{l, want})
	for i, o := range old {
		got := map[int]int{}
		o.l.all(func(k, v int) bool { got[k] = v; return true })
		if !maps.Equal(got, o.want) || o.l.len() != len(o.want) {
			t.Fatalf("version %d holds %d entries (len %d), want %d", i, len(got), o.l.len(), len(o.want))
		}
		for k := range 800 {
			v, ok := o.l.get(k)
			if w, wok := o.want[k]; ok != wok || v != w {
				t.Fatalf("version %d: get(%d) = %d, %v; want %d, %v", i, k, v, ok, w, wok)
			}
		}
	}
	var none *layered[int, int]
	if _, ok := none.get(1); ok || none.len() != 0 {
		t.Error("the nil map holds something")
	}
}
