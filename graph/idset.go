package graph

import (
	"cmp"
	"hash/maphash"
	"slices"
)

// IDSet is a set of ids, each with a value (the file line it was read on,
// say), for the checks of a large import: which ids of a part an earlier
// part had. It keeps 64-bit hashes sorted by hash, 12 bytes an id, not the
// ids: two different ids collide with a probability of about n²/2⁶⁵,
// 3·10⁻⁸ for a million ids, so a caller that must be exact treats a hit
// as "maybe" and checks it. The zero value is empty and ready to use; an
// IDSet is not safe for concurrent use.
type IDSet struct {
	seed   maphash.Seed
	seeded bool
	hash   []uint64
	value  []uint32 // value[i] is the value of hash[i]
}

// Add returns for each of ids the value the same id has in the set, or 0,
// and then adds ids with their values (nil: the value 1 for each). Empty
// ids are neither looked up nor added. Of an id added more than once the
// value found is the one added first, and ids repeated within one call are
// not reported to each other.
func (s *IDSet) Add(ids []string, values []int) []int {
	type entry struct {
		hash  uint64
		value uint32
		at    int32 // the place in ids
	}
	if !s.seeded {
		s.seed, s.seeded = maphash.MakeSeed(), true
	}
	part := make([]entry, 0, len(ids))
	for i, id := range ids {
		if id == "" {
			continue
		}
		v := uint32(1)
		if values != nil {
			v = uint32(values[i])
		}
		part = append(part, entry{maphash.String(s.seed, id), v, int32(i)})
	}
	// By hash, then value: for increasing values (the lines of a part), the
	// order a stable sort by hash would give, at the cost of an unstable one.
	slices.SortFunc(part, func(a, b entry) int { return cmp.Or(cmp.Compare(a.hash, b.hash), cmp.Compare(a.value, b.value)) })
	// Look the part up by walking it and the set side by side, both
	// sorted: one pass over memory in order rather than a binary search
	// (of random places in a set of a million hashes) for each id.
	found := make([]int, len(ids))
	k := 0
	for _, e := range part {
		for k < len(s.hash) && s.hash[k] < e.hash {
			k++
		}
		if k < len(s.hash) && s.hash[k] == e.hash {
			found[e.at] = int(s.value[k]) // the first of equal hashes: the one added first
		}
	}
	// Merge from the back, so that the set needs no second copy; on equal
	// hashes the set's entries stay first.
	i, j := len(s.hash)-1, len(part)-1
	s.hash = append(s.hash, make([]uint64, len(part))...)
	s.value = append(s.value, make([]uint32, len(part))...)
	for k := len(s.hash) - 1; j >= 0; k-- {
		if i >= 0 && s.hash[i] > part[j].hash {
			s.hash[k], s.value[k] = s.hash[i], s.value[i]
			i--
		} else {
			s.hash[k], s.value[k] = part[j].hash, part[j].value
			j--
		}
	}
	return found
}
