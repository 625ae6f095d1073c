package analysis

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

// indexOf returns an index of n ids ("per-0" …) and keys to look up: the
// ids in a pseudo-random order, and every tenth one that is not indexed.
func indexOf(n int) (*idIndex, []string, []int32) {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = "per-" + strconv.Itoa(i)
	}
	x := newIDIndex(func(i int) string { return ids[i] }, n)
	rng := rand.New(rand.NewPCG(1, 2))
	var keys []string
	var want []int32
	for k := range 4 * n {
		if k%10 == 9 {
			keys, want = append(keys, "per-"+strconv.Itoa(n+k)), append(want, -1)
			continue
		}
		i := rng.IntN(n)
		keys, want = append(keys, ids[i]), append(want, int32(i))
	}
	return x, keys, want
}

// TestLookupAll: lookupAll answers as lookup does, key by key, in batches
// of the builder's size, with ids missing among them.
func TestLookupAll(t *testing.T) {
	x, keys, want := indexOf(5000)
	out, hash := make([]int32, 2*edgeBatch), make([]uint64, 2*edgeBatch)
	for lo := 0; lo < len(keys); lo += 2 * edgeBatch {
		batch := keys[lo:min(len(keys), lo+2*edgeBatch)]
		x.lookupAll(batch, out[:len(batch)], hash[:len(batch)])
		for k, key := range batch {
			i, ok := x.lookup(key)
			if !ok {
				i = -1
			}
			if out[k] != i || i != want[lo+k] {
				t.Fatalf("key %q: lookupAll %d, lookup %d, want %d", key, out[k], i, want[lo+k])
			}
		}
	}
}

// BenchmarkLookup compares lookupAll with lookup key by key on an index of
// 200,000 ids (the bench store's nodes), in batches of the builder's size.
//
//	go test ./analysis -run '^$' -bench Lookup
func BenchmarkLookup(b *testing.B) {
	x, keys, _ := indexOf(200000)
	out, hash := make([]int32, 2*edgeBatch), make([]uint64, 2*edgeBatch)
	b.Run("one by one", func(b *testing.B) {
		for b.Loop() {
			for lo := 0; lo+2*edgeBatch <= len(keys); lo += 2 * edgeBatch {
				for k, key := range keys[lo : lo+2*edgeBatch] {
					out[k], _ = x.lookup(key)
				}
			}
		}
	})
	b.Run("all", func(b *testing.B) {
		for b.Loop() {
			for lo := 0; lo+2*edgeBatch <= len(keys); lo += 2 * edgeBatch {
				x.lookupAll(keys[lo:lo+2*edgeBatch], out, hash)
			}
		}
	})
}
