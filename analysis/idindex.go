package analysis

import (
	"hash/maphash"
	"math/bits"
)

// idIndex maps the ids of a snapshot's nodes to their indexes: an
// open-addressing table of 8-byte slots (the high half of the id's hash
// and the index + 1; 0 is an empty slot) at most half full, over a copy of
// the ids in one string, so that a look-up touches the table and that
// string, not the node values. It takes about 20 bytes per node, against
// 30 to 60 for a Go map, and answers in about half the time when the ids
// are many (they no longer fit the caches).
type idIndex struct {
	slots []uint64
	seed  maphash.Seed
	// The id of node i is ids[off[i]:off[i+1]].
	off []uint32
	ids string
}

// newIDIndex indexes ids (distinct; node i has ids[i]).
func newIDIndex(ids func(i int) string, n int) *idIndex {
	size := 1 << bits.Len(uint(2*n)) // a power of two ≥ 2n + 1
	x := &idIndex{slots: make([]uint64, size), seed: maphash.MakeSeed(), off: make([]uint32, n+1)}
	total := 0
	for i := range n {
		total += len(ids(i))
	}
	buf := make([]byte, 0, total)
	for i := range n {
		buf = append(buf, ids(i)...)
		x.off[i+1] = uint32(len(buf))
	}
	x.ids = string(buf)
	mask := uint64(size - 1)
	for i := range n {
		h := maphash.String(x.seed, x.id(int32(i)))
		j := h & mask
		for x.slots[j] != 0 {
			j = (j + 1) & mask
		}
		x.slots[j] = h&^(1<<32-1) | uint64(i+1)
	}
	return x
}

func (x *idIndex) id(i int32) string { return x.ids[x.off[i]:x.off[i+1]] }

// lookup returns the index of id, and whether it is indexed.
func (x *idIndex) lookup(id string) (int32, bool) {
	if x == nil {
		return -1, false
	}
	h := maphash.String(x.seed, id)
	mask := uint64(len(x.slots) - 1)
	for j := h & mask; ; j = (j + 1) & mask {
		sl := x.slots[j]
		if sl == 0 {
			return -1, false
		}
		if sl>>32 == h>>32 {
			if i := int32(uint32(sl)) - 1; x.id(i) == id {
				return i, true
			}
		}
	}
}

// lookupAll looks every key up into out (len(keys)), -1 for a key that is
// not indexed. It gives the same answers as
// lookup key by key, in two passes over the keys: the first hashes them
// and probes the table up to a slot whose tag matches (or an empty one),
// the second compares the ids of those candidates. Each pass's keys do
// not depend on one another, so the processor overlaps their cache misses
// (the table and the ids of 200,000 nodes do not fit the caches), where
// one look-up after another waits for each in turn. hash is scratch space
// of len(keys).
func (x *idIndex) lookupAll(keys []string, out []int32, hash []uint64) {
	mask := uint64(len(x.slots) - 1)
	for k, key := range keys {
		h := maphash.String(x.seed, key)
		hash[k] = h
		out[k] = -1
		for j := h & mask; ; j = (j + 1) & mask {
			sl := x.slots[j]
			if sl == 0 {
				break
			}
			if sl>>32 == h>>32 {
				out[k] = int32(uint32(sl)) - 1
				break
			}
		}
	}
	for k, key := range keys {
		if i := out[k]; i < 0 || x.id(i) != key {
			// A tag that matched another id, or none: the whole probe.
			if i, ok := x.lookup(key); ok {
				out[k] = i
			} else {
				out[k] = -1
			}
		}
	}
}
