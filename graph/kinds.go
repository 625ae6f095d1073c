package graph

import (
	"context"
	"strings"
)

// KindCache remembers the kinds of stored nodes for the length of one
// import, so that a store answers KindLookup.NodeKinds for an import of
// many parts reading each referenced node once rather than once per part.
// A node's kind never changes while it is stored (PlanUpsert refuses that),
// so an entry stays true as long as nothing deletes the node; an import
// deletes nothing. A store keeps it only while it holds the write lock for
// the import, or documents what happens when another writer deletes a
// remembered node meanwhile.
//
// It holds about 70 bytes per node (the id, copied, and a map entry). A
// KindCache is not safe for concurrent use. The zero value is empty and
// ready to use; a nil *KindCache remembers nothing.
type KindCache struct {
	kinds  map[string]Kind
	parent *KindCache
}

// Child returns an empty cache that also answers from c, for a store that
// writes an import in several transactions: it gives each attempt of a
// transaction a child and merges it into c when the transaction commits
// (Merge), so that a rolled-back attempt leaves nothing behind. Between
// the transactions other writers may delete nodes c remembers. A write
// that ties a relationship or a contact to a node that is gone fails (the
// store checks that), but owners are referred to by id only: so a child
// does not take employees, the only owners, from c, and reads them again
// (there are few).
func (c *KindCache) Child() *KindCache { return &KindCache{parent: c} }

// Merge adds what child remembers to c.
func (c *KindCache) Merge(child *KindCache) {
	if c == nil || child == nil {
		return
	}
	for id, k := range child.kinds {
		c.add(id, k)
	}
}

// NodeKinds returns the kind of each of ids, in their order ("" for an id
// no stored node has): those c remembers, and those read returns for the
// rest (read gets each missing id once, and is not called when none is
// missing). c remembers every node read returns, which may be more than it
// was asked for (a store may find it cheaper to read all). A remembered id
// costs one map look-up: an import's later parts, whose references are
// all remembered, build no map of their own.
func (c *KindCache) NodeKinds(ctx context.Context, ids []string, read func(ctx context.Context, ids []string) (map[string]Kind, error)) ([]Kind, error) {
	out := make([]Kind, len(ids))
	var missing []int // the places in ids of the ids c does not remember
	for i, id := range ids {
		if k, ok := c.kind(id); ok {
			out[i] = k
		} else {
			missing = append(missing, i)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	ask := make([]string, 0, len(missing))
	asked := make(map[string]bool, len(missing))
	for _, i := range missing {
		if id := ids[i]; !asked[id] {
			asked[id] = true
			ask = append(ask, id)
		}
	}
	found, err := read(ctx, ask)
	if err != nil {
		return nil, err
	}
	for id, k := range found {
		c.add(id, k)
	}
	for _, i := range missing {
		out[i] = found[ids[i]]
	}
	return out, nil
}

// AddStored remembers the kinds of nodes a StoredNodes read found.
func (c *KindCache) AddStored(m map[string]Stored) {
	for id, s := range m {
		c.add(id, s.Kind)
	}
}

// AddBatch remembers the nodes of b, which the store has just written.
func (c *KindCache) AddBatch(b *Batch) {
	for _, e := range b.Employees {
		c.add(e.ID, KindEmployee)
	}
	for _, o := range b.Organisations {
		c.add(o.ID, KindOrganisation)
	}
	for _, p := range b.Persons {
		c.add(p.ID, KindPerson)
	}
}

func (c *KindCache) kind(id string) (Kind, bool) {
	if c == nil {
		return "", false
	}
	if k, ok := c.kinds[id]; ok {
		return k, true
	}
	if k, ok := c.parent.kind(id); ok && k != KindEmployee {
		return k, true
	}
	return "", false
}

// add remembers id, copied, so that the cache does not keep alive the
// memory of the part it came from (a CSV reader's buffer).
func (c *KindCache) add(id string, k Kind) {
	if c == nil || id == "" {
		return
	}
	if c.kinds == nil {
		c.kinds = map[string]Kind{}
	}
	if old, ok := c.kinds[id]; !ok || old != k {
		c.kinds[strings.Clone(id)] = k
	}
}
