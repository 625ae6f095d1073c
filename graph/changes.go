package graph

import (
	"context"
	"slices"
	"strings"
)

// Part names what one write changed, so that what is derived from the data
// (the analysis snapshot, the segment matrix) can be updated from the
// previous version instead of being read again whole.
type Part string

const (
	// PartAll: anything may have changed (the network, several parts, a
	// setting, an import, an erasure). The zero value.
	PartAll Part = ""
	// PartContacts: only the contact log.
	PartContacts Part = "contacts"
	// PartSegments: only the segmentation (assessments, the scheme, the
	// policy table).
	PartSegments Part = "segments"
)

// Change is one write that moved a store's version, as its change log
// keeps it.
type Change struct {
	// Version is the version the write moved the store to.
	Version int64
	Part    Part
	// Stakeholders are the stakeholders whose assessments a PartSegments
	// write changed; nil when it does not name them (the scheme, the
	// policy table, a large write): then any may have changed.
	Stakeholders []string
	// Contacts are the ids of the contacts a PartContacts write created,
	// changed or deleted; nil when it does not name them (a large write,
	// a capture import): then any may have changed.
	Contacts []string
}

// ChangeLog is implemented by stores that keep their most recent writes
// (both graph stores keep the last MaxChanges).
type ChangeLog interface {
	// Changes returns the writes that moved the version above since, in
	// version order, and whether they are all of them: complete is false
	// when the log no longer reaches back to since, or when a writer that
	// keeps no log (an older relmap) wrote in between. Callers then treat
	// everything as changed.
	Changes(ctx context.Context, since int64) (changes []Change, complete bool, err error)
}

// MaxChanges is how many of the most recent writes a store's change log
// keeps.
const MaxChanges = 512

// MaxLoggedStakeholders is the most stakeholders or contacts a change
// names; a write that touches more is logged as changing the whole part.
const MaxLoggedStakeholders = 256

// UpsertPart returns the part an upsert with result r changed, and the
// ids it names: PartContacts with the ids of the contacts of out (the
// records it writes, as PlanUpsert returns them) when it changed contacts
// only, else PartAll and none.
func UpsertPart(r *UpsertResult, out *Batch) (Part, []string) {
	for _, c := range []Counts{r.Employees, r.Organisations, r.Persons, r.Relationships} {
		if c.Created+c.Updated > 0 {
			return PartAll, nil
		}
	}
	ids := make([]string, len(out.Contacts))
	for i, c := range out.Contacts {
		ids[i] = c.ID
	}
	return PartContacts, ids
}

// EncodeChange returns how stores keep a change of part p naming ids —
// the stakeholders of a PartSegments change, the contacts of a
// PartContacts one: the part, a tab and the ids separated by tabs (ids
// hold no white space), the ids left out (so: the whole part) when there
// are more than MaxLoggedStakeholders, or for any other part.
func EncodeChange(p Part, ids []string) string {
	if p != PartSegments && p != PartContacts || len(ids) == 0 || len(ids) > MaxLoggedStakeholders {
		return string(p)
	}
	return string(p) + "\t" + strings.Join(ids, "\t")
}

// DecodeChange is the inverse of EncodeChange for the change to version v.
func DecodeChange(v int64, s string) Change {
	p, rest, _ := strings.Cut(s, "\t")
	c := Change{Version: v, Part: Part(p)}
	if rest == "" {
		return c
	}
	switch ids := strings.Split(rest, "\t"); c.Part {
	case PartSegments:
		c.Stakeholders = ids
	case PartContacts:
		c.Contacts = ids
	}
	return c
}

// OnlyParts reports whether every change of changes is of one of parts.
func OnlyParts(changes []Change, parts ...Part) bool {
	for _, c := range changes {
		if !slices.Contains(parts, c.Part) {
			return false
		}
	}
	return true
}

// CompleteChanges reports whether changes (in version order, as a store
// read them) are every write from since to now: one change per version.
func CompleteChanges(changes []Change, since, now int64) bool {
	if int64(len(changes)) != now-since {
		return false
	}
	for i, c := range changes {
		if c.Version != since+int64(i)+1 {
			return false
		}
	}
	return true
}
