package analysis_test

import (
	"context"
	"path/filepath"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
	"github.com/relmap/relmap/graph/storetest"
	"github.com/relmap/relmap/segment"
)

// countingStore is a real SQLite store that counts the reads of the whole
// network, of the whole contact log and of contacts by id, and can hold a
// network read until released.
type countingStore struct {
	*sqlitestore.Store
	networks, contacts, byID atomic.Int32
	mu                       sync.Mutex
	hold                     chan struct{} // when set, Network waits for it
}

func (s *countingStore) Network(ctx context.Context, v graph.NetworkVisitor) (int64, error) {
	s.networks.Add(1)
	s.mu.Lock()
	hold := s.hold
	s.mu.Unlock()
	if hold != nil {
		<-hold
	}
	return s.Store.Network(ctx, v)
}

func (s *countingStore) FindContacts(ctx context.Context, f graph.ContactFilter) ([]*graph.Contact, int, error) {
	switch {
	case f.IDs != nil:
		s.byID.Add(1)
	case f.Offset == 0:
		s.contacts.Add(1)
	}
	return s.Store.FindContacts(ctx, f)
}

func openCounting(t *testing.T) *countingStore {
	t.Helper()
	st, err := sqlitestore.Open(t.Context(), filepath.Join(t.TempDir(), "relmap.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Upsert(t.Context(), storetest.Sample(), graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	return &countingStore{Store: st}
}

// fromScratch builds the snapshot of st as of now with its contacts,
// reading everything: what a derived snapshot must equal.
func fromScratch(t *testing.T, st *countingStore, now time.Time) *analysis.Snapshot {
	t.Helper()
	s, err := (&analysis.Cache{Source: st.Store, Contacts: st.Store, Now: func() time.Time { return now }}).Snapshot(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestCacheFollowsTheChangeLog: after a write to the segmentation the
// cache reads nothing and hands out the same data at the new version;
// after contacts it reads those contacts, neither the network nor the
// contact log, and the derived snapshot equals one built from scratch
// (ties, strengths, evidence, warm paths); after any other write it reads
// the network and the contact log again.
func TestCacheFollowsTheChangeLog(t *testing.T) {
	ctx := t.Context()
	st := openCounting(t)
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	c := &analysis.Cache{Source: st, Contacts: st, Now: func() time.Time { return now }}
	first, err := c.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	reads := func(network, contacts int32) {
		t.Helper()
		if st.networks.Load() != network || st.contacts.Load() != contacts {
			t.Fatalf("%d network and %d contact log reads, want %d and %d", st.networks.Load(), st.contacts.Load(), network, contacts)
		}
	}
	reads(1, 1)

	_, err = st.UpsertAssessments(ctx, []*segment.Assessment{{StakeholderID: "org-fund", CriterionID: "yield", Score: 4, Date: now}}, graph.UpsertOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	reads(1, 1)
	if v, _ := st.Version(ctx); s.Version != v || &s.Ties[0] != &first.Ties[0] {
		t.Fatalf("after an assessment: version %d (store %d), ties shared %v", s.Version, v, &s.Ties[0] == &first.Ties[0])
	}

	// Cees has no tie with the fund: his meetings make an evidence tie;
	// Bram's with Dirk lift a stated one.
	for _, ct := range []*graph.Contact{
		{ID: "c-x1", EmployeeID: "emp-cees", StakeholderID: "org-fund", Date: now.AddDate(0, 0, -3), Mode: graph.ModeMeeting},
		{ID: "c-x2", EmployeeID: "emp-bram", StakeholderID: "per-dirk", Date: now.AddDate(0, 0, -1), Mode: graph.ModePhone},
	} {
		if err := st.CreateContact(ctx, ct); err != nil {
			t.Fatal(err)
		}
	}
	s, err = c.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	reads(1, 1)
	if st.byID.Load() == 0 {
		t.Fatal("the contacts written were not read")
	}
	want := fromScratch(t, st, now)
	if s.Version != want.Version || !reflect.DeepEqual(s.Ties, want.Ties) || !reflect.DeepEqual(analysis.EvidenceOf(s), analysis.EvidenceOf(want)) {
		t.Fatalf("derived snapshot differs from one built from scratch:\n%+v\n%+v", s.Ties, want.Ties)
	}
	for _, x := range want.Nodes {
		if !x.Kind.IsStakeholder() {
			continue
		}
		got, err1 := analysis.FindPaths(ctx, s, analysis.PathQuery{To: x.ID, MinStrength: -1})
		exp, err2 := analysis.FindPaths(ctx, want, analysis.PathQuery{To: x.ID, MinStrength: -1})
		if err1 != nil || err2 != nil || !reflect.DeepEqual(got, exp) {
			t.Fatalf("paths to %s: derived %+v (%v), from scratch %+v (%v)", x.ID, got, err1, exp, err2)
		}
	}

	if err := st.CreatePerson(ctx, &graph.Person{ID: "per-new", Name: "New"}); err != nil {
		t.Fatal(err)
	}
	if s, err = c.Snapshot(ctx); err != nil {
		t.Fatal(err)
	}
	reads(2, 2)
	if _, ok := s.Index("per-new"); !ok {
		t.Fatal("a new person is not in the snapshot")
	}
}

// TestCacheServesWithinStaleness: with MaxStaleness set, a call after a
// write gets the snapshot in hand, with its age, while the refresh runs;
// a call beyond the bound waits for the refresh and gets the new snapshot,
// current (age 0).
func TestCacheServesWithinStaleness(t *testing.T) {
	ctx := t.Context()
	st := openCounting(t)
	var mu sync.Mutex
	clock := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	tick := func(d time.Duration) time.Time {
		mu.Lock()
		defer mu.Unlock()
		clock = clock.Add(d)
		return clock
	}
	c := &analysis.Cache{Source: st, Contacts: st, MaxStaleness: time.Second}
	analysis.SetClock(c, func() time.Time { return tick(0) })
	first, age, err := c.SnapshotAge(ctx)
	if err != nil || age != 0 {
		t.Fatalf("first snapshot: age %v, %v", age, err)
	}
	hold := make(chan struct{})
	st.mu.Lock()
	st.hold = hold
	st.mu.Unlock()
	if err := st.CreatePerson(ctx, &graph.Person{ID: "per-new", Name: "New"}); err != nil {
		t.Fatal(err)
	}
	tick(400 * time.Millisecond)
	s, age, err := c.SnapshotAge(ctx)
	if err != nil || s != first || age != 400*time.Millisecond {
		t.Fatalf("within the bound: same %v, age %v, %v; want the first snapshot, 400ms old", s == first, age, err)
	}
	tick(700 * time.Millisecond) // 1.1 s since the first was known current
	done := make(chan *analysis.Snapshot)
	go func() {
		s, age, err := c.SnapshotAge(ctx)
		if err != nil || age != 0 {
			t.Errorf("beyond the bound: age %v, %v", age, err)
		}
		done <- s
	}()
	select {
	case <-done:
		t.Fatal("a call beyond the bound did not wait for the refresh")
	case <-time.After(50 * time.Millisecond):
	}
	close(hold)
	if s := <-done; s == first || s.Version == first.Version {
		t.Fatal("the call beyond the bound got the old snapshot")
	}
}

// TestCacheLeavesEndedTiesOut: Gert worked at the city until 30 June 2025
// (storetest.Sample). On the 29th the snapshot holds the tie; from the
// 30th it does not, although nothing was written: the cache reads the
// network again when the day passes a tie's end, not on every new day
// (the 5th of July is read from the snapshot of the 30th), and again when
// the clock goes back before the end (a report of an earlier day).
func TestCacheLeavesEndedTiesOut(t *testing.T) {
	ctx := t.Context()
	st := openCounting(t)
	now := time.Date(2025, 6, 29, 23, 0, 0, 0, time.UTC)
	c := &analysis.Cache{Source: st, Contacts: st, Now: func() time.Time { return now }}
	works := func(want bool, network int32) {
		t.Helper()
		s, err := c.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		g, _ := s.Index("per-gert")
		city, _ := s.Index("org-city")
		has := false
		for k := s.Off[g]; k < s.Off[g+1]; k++ {
			has = has || s.Adj[k] == city
		}
		if has != want || st.networks.Load() != network {
			t.Fatalf("on %s: Gert–city tie %v, want %v; %d network reads, want %d", now.Format(time.DateOnly), has, want, st.networks.Load(), network)
		}
	}
	works(true, 1)
	now = time.Date(2025, 6, 30, 0, 0, 1, 0, time.UTC)
	works(false, 2)
	now = time.Date(2025, 7, 5, 9, 0, 0, 0, time.UTC)
	works(false, 2)
	now = time.Date(2025, 6, 29, 9, 0, 0, 0, time.UTC)
	works(true, 3)
}
