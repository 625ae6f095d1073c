package graph

import (
	"context"
	"errors"
	"maps"
	"slices"
	"testing"
)

// kindsLookup is a memLookup with the KindLookup capability that records
// which ids each method was asked about.
type kindsLookup struct {
	memLookup
	askedNodes, askedKinds []string
}

func (l *kindsLookup) StoredNodes(ctx context.Context, ids []string) (map[string]Stored, error) {
	l.askedNodes = append(l.askedNodes, ids...)
	return l.memLookup.StoredNodes(ctx, ids)
}

func (l *kindsLookup) NodeKinds(_ context.Context, ids []string) ([]Kind, error) {
	l.askedKinds = append(l.askedKinds, ids...)
	out := make([]Kind, len(ids))
	for i, id := range ids {
		out[i] = l.nodes[id].Kind
	}
	return out, nil
}

// TestPlanUpsertKindLookup: with a KindLookup, StoredNodes is asked about
// the batch's own nodes only and NodeKinds about the nodes it refers to,
// and the plan is the one without the capability: the same counts, and the
// same problems for a reference to a missing node and to a node of the
// wrong kind.
func TestPlanUpsertKindLookup(t *testing.T) {
	ctx := context.Background()
	stored := memLookup{nodes: map[string]Stored{
		"emp-1": {Kind: KindEmployee}, "org-1": {Kind: KindOrganisation}, "per-2": {Kind: KindPerson},
	}}
	batch := func() *Batch {
		return &Batch{
			Persons: []*Person{{ID: "per-1", Name: "Jan", OwnerID: "emp-1"}},
			Relationships: []*Relationship{
				{Type: RelWorksAt, From: "per-1", To: "org-1", Strength: 0.9},
				{Type: RelKnows, From: "per-2", To: "per-1", Strength: 0.5},
			},
			Contacts: []*Contact{{ID: "c-1", Date: t0, EmployeeID: "emp-1", StakeholderID: "per-2", Mode: ModeMeeting}},
		}
	}
	look := &kindsLookup{memLookup: stored}
	_, res, err := PlanUpsert(ctx, batch(), look, UpsertOptions{}, t0)
	if err != nil {
		t.Fatal(err)
	}
	_, want, err := PlanUpsert(ctx, batch(), stored, UpsertOptions{}, t0)
	if err != nil {
		t.Fatal(err)
	}
	if *res != *want {
		t.Errorf("counts %+v with NodeKinds, %+v without", *res, *want)
	}
	slices.Sort(look.askedKinds)
	look.askedKinds = slices.Compact(look.askedKinds) // ids may repeat
	if !slices.Equal(look.askedNodes, []string{"per-1"}) || !slices.Equal(look.askedKinds, []string{"emp-1", "org-1", "per-2"}) {
		t.Errorf("StoredNodes asked about %v, NodeKinds about %v; want [per-1] and [emp-1 org-1 per-2]", look.askedNodes, look.askedKinds)
	}

	bad := batch()
	bad.Relationships[0].To = "per-2"  // works_at a person
	bad.Contacts[0].EmployeeID = "x-9" // nobody
	_, _, err = PlanUpsert(ctx, bad, &kindsLookup{memLookup: stored}, UpsertOptions{}, t0)
	bad = batch()
	bad.Relationships[0].To = "per-2"
	bad.Contacts[0].EmployeeID = "x-9"
	_, _, without := PlanUpsert(ctx, bad, stored, UpsertOptions{}, t0)
	var es, wes Errors
	if !errors.As(err, &es) || !errors.As(without, &wes) || len(es) != 2 || es.Error() != wes.Error() {
		t.Errorf("problems with NodeKinds:\n%v\nwithout:\n%v\nwant the same two", err, without)
	}
}

// TestKindCache: a cache answers what it was told or read, reads each
// missing id once (and not at all when none is missing), returns only what
// it was asked about, and a child's entries reach the parent only when
// merged.
func TestKindCache(t *testing.T) {
	ctx := context.Background()
	db := map[string]Kind{"a": KindPerson, "b": KindOrganisation, "c": KindEmployee}
	var reads [][]string
	read := func(_ context.Context, ids []string) (map[string]Kind, error) {
		reads = append(reads, slices.Clone(ids))
		return maps.Clone(db), nil // more than asked, as a store may
	}
	var c KindCache
	got, err := c.NodeKinds(ctx, []string{"a", "a", "x"}, read)
	if err != nil || !slices.Equal(got, []Kind{KindPerson, KindPerson, ""}) {
		t.Fatalf("first: %q %v, want a twice and x not stored", got, err)
	}
	if len(reads) != 1 || !slices.Equal(reads[0], []string{"a", "x"}) {
		t.Errorf("reads %v, want one of [a x]", reads)
	}
	// Everything read is remembered; x (not stored) is read again.
	got, _ = c.NodeKinds(ctx, []string{"b", "c"}, read)
	if len(reads) != 1 || !slices.Equal(got, []Kind{KindOrganisation, KindEmployee}) {
		t.Errorf("second: %v after reads %v, want b and c from memory", got, reads)
	}
	c.NodeKinds(ctx, []string{"x"}, read)
	if len(reads) != 2 {
		t.Errorf("reads %v, want x read again", reads)
	}

	// A child answers from its parent but for employees (the parent holds
	// "c", an employee, which the child reads), and remembers what it reads.
	child := c.Child()
	reads = nil
	if got, _ := child.NodeKinds(ctx, []string{"a", "c"}, read); !slices.Equal(got, []Kind{KindPerson, KindEmployee}) || len(reads) != 1 || !slices.Equal(reads[0], []string{"c"}) {
		t.Errorf("child: %v after reads %v, want a from the parent and c read", got, reads)
	}
	child.AddBatch(&Batch{Persons: []*Person{{ID: "p-new"}}})
	child.AddStored(map[string]Stored{"o-new": {Kind: KindOrganisation}})
	none := func(context.Context, []string) (map[string]Kind, error) { return nil, nil }
	if got, _ := child.NodeKinds(ctx, []string{"a", "p-new", "o-new"}, none); !slices.Equal(got, []Kind{KindPerson, KindPerson, KindOrganisation}) {
		t.Errorf("child: %v, want its own and its parent's", got)
	}
	if got, _ := c.NodeKinds(ctx, []string{"p-new"}, none); !slices.Equal(got, []Kind{""}) {
		t.Errorf("parent before Merge: %v, want nothing of the child", got)
	}
	c.Merge(child)
	if got, _ := c.NodeKinds(ctx, []string{"p-new", "o-new"}, none); !slices.Equal(got, []Kind{KindPerson, KindOrganisation}) {
		t.Errorf("parent after Merge: %v", got)
	}

	var nilCache *KindCache // remembers nothing, reads everything
	nilCache.AddBatch(&Batch{Persons: []*Person{{ID: "a"}}})
	reads = nil
	if got, _ := nilCache.NodeKinds(ctx, []string{"a"}, read); !slices.Equal(got, []Kind{KindPerson}) || len(reads) != 1 {
		t.Errorf("nil cache: %v after reads %v", got, reads)
	}
}
