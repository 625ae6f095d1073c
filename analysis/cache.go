package analysis

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/internal/fresh"
)

// NetworkSource is what Cache needs of a store. When it also implements
// graph.ObjectionSource (both graph stores do), the persons who object
// (graph.Person.Objects) are left out of the snapshot with their ties, so
// that no analysis — warm paths, brokers, what-if, holdings, centrality —
// reaches, passes or names them. When it implements graph.ChangeLog (both
// graph stores do), a write to the contact log or the segmentation does
// not make Cache read the network again.
type NetworkSource interface {
	Network(ctx context.Context, v graph.NetworkVisitor) (int64, error)
	Version(ctx context.Context) (int64, error)
}

// ContactSource is what Cache needs of a store to weigh ties by their
// logged contacts (graph.Store implements it).
type ContactSource interface {
	FindContacts(ctx context.Context, f graph.ContactFilter) ([]*graph.Contact, int, error)
}

// Cache holds the snapshot of a store and follows the store's writes. It
// is safe for concurrent use.
//
// With Contacts set, the snapshot is built with the contact log
// (Options.Contacts): ties carry their evidence strength and contacts
// without a stated tie make evidence ties. When Source also implements
// graph.PathRulesStore, its rules are used (saving them moves the
// version); otherwise the default rules.
//
// # Following writes
//
// Each call reads the store's version (one small query). When it moved,
// the next snapshot is made by a refresh, one at a time, from what the
// store's change log (graph.ChangeLog) says changed since the snapshot in
// hand:
//
//   - only the segmentation (assessments, scheme, policies): the same
//     snapshot, labelled with the new version — nothing is read;
//   - the contact log (and maybe the segmentation), on the same day, by
//     writes that name their contacts (graph.Change.Contacts, at most
//     maxNamedContacts in all): those contacts are read by id and applied
//     to the snapshot in hand (Snapshot.withContacts) — only the ties
//     whose evidence they change get new strengths, and the route index
//     and the brokers' hop distances are updated for them, not built
//     again;
//   - the contact log otherwise: a snapshot derived from the same network
//     read with the whole contact log read again (Snapshot.with:
//     O(contacts + ties), no network read);
//   - anything else, or a log that no longer reaches back: the network is
//     read again.
//
// A refresh also builds the routing index of warm paths and brokers, so
// that no request pays for it, and a new day (departures, the evidence's
// clock) derives the next snapshot as a contact write that names no
// contacts does. The evidence's clock (the age of a contact, for its
// recency) is the moment the contact log was last read whole: at the
// latest the first refresh of the day. A contact dated after that moment
// counts from the first refresh after its date on.
//
// With MaxStaleness zero (the default) every call waits for the refresh
// its version needs: an answer always holds every write before the call.
// With MaxStaleness positive, the refresh runs in the background and calls
// go on getting the snapshot in hand while it is at most MaxStaleness old
// (internal/fresh says how age is measured), so that every answer holds
// every write committed more than MaxStaleness before the call; a call
// that finds it older waits. SnapshotAge reports the age; the API sends it
// as X-Relmap-Snapshot-Age.
type Cache struct {
	Source NetworkSource
	// Contacts, when set, is read for the contact evidence of ties.
	Contacts ContactSource
	// Now is the clock of departures and of the evidence's recency; nil
	// means time.Now.
	Now func() time.Time
	// MaxStaleness bounds how old a snapshot a call may get (see Following
	// writes); zero means always current.
	MaxStaleness time.Duration

	// clock measures ages; nil means time.Now (tests set it).
	clock func() time.Time

	snaps fresh.Cache[*Snapshot]
	// onBuild is told how long each refresh took and whether it read the
	// network (ObserveBuilds).
	mu      sync.Mutex
	onBuild func(d time.Duration, full bool)
}

// ObserveBuilds makes the cache call f after each refresh with its
// duration and whether it read the whole network; the API counts them in
// relmap_snapshot_build_seconds.
func (c *Cache) ObserveBuilds(f func(d time.Duration, full bool)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.onBuild = f
}

// Snapshot returns the snapshot to answer from: see Following writes.
func (c *Cache) Snapshot(ctx context.Context) (*Snapshot, error) {
	s, _, err := c.SnapshotAge(ctx)
	return s, err
}

// SnapshotAge returns the snapshot to answer from and its age: zero when
// the store is at its version, else the time since it was last known to
// be current (see Following writes).
func (c *Cache) SnapshotAge(ctx context.Context) (*Snapshot, time.Duration, error) {
	v, err := c.Source.Version(ctx)
	if err != nil {
		return nil, 0, err
	}
	day := dayOf(c.now())
	today := func(s *Snapshot) bool { return s.Day.Equal(day) }
	return c.snaps.Get(ctx, v, fresh.Policy{MaxStaleness: c.MaxStaleness, Clock: c.clock}, today,
		func(ctx context.Context, prev *Snapshot, had bool) (*Snapshot, int64, error) {
			t0 := time.Now()
			if !had {
				prev = nil
			}
			s, full, err := c.refresh(ctx, prev)
			if err != nil {
				return nil, 0, err
			}
			s.routeIndex() // built here, so that no request waits for it
			c.mu.Lock()
			observe := c.onBuild
			c.mu.Unlock()
			if observe != nil {
				observe(time.Since(t0), full)
			}
			return s, s.Version, nil
		})
}

func (c *Cache) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// dayOf returns the UTC day of t, as Snapshot.Day holds it.
func dayOf(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// refresh makes the snapshot of the store as it is now, from prev when the
// change log allows (see Following writes), and reports whether it read
// the network.
func (c *Cache) refresh(ctx context.Context, prev *Snapshot) (*Snapshot, bool, error) {
	now := c.now()
	if cl, ok := c.Source.(graph.ChangeLog); ok && prev != nil {
		changes, complete, err := cl.Changes(ctx, prev.Version)
		if err != nil {
			return nil, false, err
		}
		contacts, other := false, !complete
		for _, ch := range changes {
			switch ch.Part {
			case graph.PartContacts:
				contacts = true
			case graph.PartSegments:
			default:
				other = true
			}
		}
		v := prev.Version
		if len(changes) > 0 {
			v = changes[len(changes)-1].Version
		}
		switch {
		case other:
		case !prev.live.holds(dayOf(now)): // a relationship ended, or one left out is back
		case prev.Day.Equal(dayOf(now)) && !(contacts && c.Contacts != nil):
			return prev.at(v), false, nil
		default: // the contacts or the day changed
			if ids, ok := namedContacts(changes); ok && prev.Day.Equal(dayOf(now)) {
				stored, err := contactsByID(ctx, c.Contacts, ids)
				if err != nil {
					return nil, false, fmt.Errorf("read the contacts written: %w", err)
				}
				if s, ok := prev.withContacts(ids, stored, now); ok {
					s.Version = v
					return s, false, nil
				}
			}
			o, err := readOptions(ctx, c.Source, c.Contacts, now)
			if err != nil {
				return nil, false, err
			}
			s, err := prev.with(o)
			if err != nil {
				return nil, false, err
			}
			s.Version = v
			return s, false, nil
		}
	}
	s, err := ReadSnapshot(ctx, c.Source, c.Contacts, now)
	return s, true, err
}

// ReadSnapshot reads the snapshot of src as of now, as Cache does when it
// reads the whole network: without the persons who object, with the path
// rules of src when it keeps them and the contact evidence of contacts
// when not nil. It does not build the route index (the first warm-path or
// brokers query does; Cache builds it before handing a snapshot out).
func ReadSnapshot(ctx context.Context, src NetworkSource, contacts ContactSource, now time.Time) (*Snapshot, error) {
	base, err := readSnapshot(ctx, src, now)
	if err != nil {
		return nil, err
	}
	o, err := readOptions(ctx, src, contacts, now)
	if err != nil {
		return nil, err
	}
	return base.with(o)
}

// readOptions reads what a snapshot is built with besides the network:
// the path rules of src and the contact log of contacts (when not nil).
func readOptions(ctx context.Context, src NetworkSource, contacts ContactSource, now time.Time) (Options, error) {
	o := Options{Now: now}
	if rs, ok := src.(graph.PathRulesStore); ok {
		r, err := rs.PathRules(ctx)
		if err != nil {
			return o, fmt.Errorf("read the path rules: %w", err)
		}
		o.Rules = &r
	}
	if contacts != nil {
		var err error
		if o.Contacts, err = allContacts(ctx, contacts); err != nil {
			return o, fmt.Errorf("read the contact log: %w", err)
		}
		if o.Contacts == nil {
			o.Contacts = []*graph.Contact{}
		}
	}
	return o, nil
}

// maxNamedContacts is the most contacts written that a refresh reads by
// id and applies to the snapshot in hand (Snapshot.withContacts); after
// more it reads the contact log whole.
const maxNamedContacts = 4 * graph.MaxLimit

// namedContacts returns the contacts the PartContacts changes of changes
// name, each once, and false when one names none (any may have changed)
// or they are more than maxNamedContacts.
func namedContacts(changes []graph.Change) ([]string, bool) {
	var ids []string
	for _, ch := range changes {
		if ch.Part != graph.PartContacts {
			continue
		}
		if ch.Contacts == nil {
			return nil, false
		}
		ids = append(ids, ch.Contacts...)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	return ids, len(ids) <= maxNamedContacts
}

// contactsByID reads the contacts ids that are stored (graph.ContactFilter
// IDs), graph.MaxLimit at a time.
func contactsByID(ctx context.Context, cs ContactSource, ids []string) ([]*graph.Contact, error) {
	var out []*graph.Contact
	for part := range slices.Chunk(ids, graph.MaxLimit) {
		page, _, err := cs.FindContacts(ctx, graph.ContactFilter{IDs: part, Page: graph.Page{Limit: graph.MaxLimit}})
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
	}
	return out, nil
}

// allContacts reads every logged contact, page by page.
func allContacts(ctx context.Context, cs ContactSource) ([]*graph.Contact, error) {
	var out []*graph.Contact
	f := graph.ContactFilter{Page: graph.Page{Limit: graph.MaxLimit}}
	for {
		page, total, err := cs.FindContacts(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		f.Offset += len(page)
		if len(page) == 0 || f.Offset >= total {
			return out, nil
		}
	}
}
