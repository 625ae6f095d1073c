package analysis

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/relmap/relmap/graph"
)

// NetworkSource is what Cache needs of a store. When it also implements
// graph.ObjectionSource (both graph stores do), the persons who object
// (graph.Person.Objects) are left out of the snapshot with their ties, so
// that no analysis — warm paths, brokers, what-if, holdings, centrality —
// reaches, passes or names them.
type NetworkSource interface {
	Network(ctx context.Context, v graph.NetworkVisitor) (int64, error)
	Version(ctx context.Context) (int64, error)
}

// ContactSource is what Cache needs of a store to weigh ties by their
// logged contacts (graph.Store implements it).
type ContactSource interface {
	FindContacts(ctx context.Context, f graph.ContactFilter) ([]*graph.Contact, int, error)
}

// Cache holds the snapshot of a store and rebuilds it when the store's
// change version moves, or the day of Now. It is safe for concurrent use;
// concurrent callers during a rebuild wait for the one rebuild.
//
// With Contacts set, the snapshot is built with the contact log
// (Options.Contacts): ties carry their evidence strength and contacts
// without a stated tie make evidence ties. When Source also implements
// graph.PathRulesStore, its rules are used (saving them moves the
// version); otherwise the default rules.
type Cache struct {
	Source NetworkSource
	// Contacts, when set, is read for the contact evidence of ties.
	Contacts ContactSource
	// Now is the clock of departures and of the evidence's recency; nil
	// means time.Now.
	Now func() time.Time

	mu   sync.Mutex
	snap *Snapshot
}

// Snapshot returns a snapshot at the store's current version and the
// current day, reading the network only when that differs from the cached
// one.
func (c *Cache) Snapshot(ctx context.Context) (*Snapshot, error) {
	v, err := c.Source.Version(ctx)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	if c.Now != nil {
		now = c.Now()
	}
	y, m, d := now.UTC().Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snap != nil && c.snap.Version == v && c.snap.Day.Equal(day) {
		return c.snap, nil
	}
	base, err := readSnapshot(ctx, c.Source)
	if err != nil {
		return nil, err
	}
	o := Options{Now: now}
	if rs, ok := c.Source.(graph.PathRulesStore); ok {
		r, err := rs.PathRules(ctx)
		if err != nil {
			return nil, fmt.Errorf("read the path rules: %w", err)
		}
		o.Rules = &r
	}
	if c.Contacts != nil {
		if o.Contacts, err = allContacts(ctx, c.Contacts); err != nil {
			return nil, fmt.Errorf("read the contact log: %w", err)
		}
		if o.Contacts == nil {
			o.Contacts = []*graph.Contact{}
		}
	}
	s, err := base.with(o)
	if err != nil {
		return nil, err
	}
	c.snap = s
	return s, nil
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
