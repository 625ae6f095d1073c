package analysis_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
)

// changingStore is a real SQLite store into which a write lands right
// after each of its first writes network reads, as a steady stream of
// writes does. With torn set it answers those reads as Neo4j answers a
// read that a write overlapped (graph.ErrChanged); otherwise it returns
// the network, and the write lands before the objections are read.
type changingStore struct {
	*sqlitestore.Store
	writes int
	torn   bool
	write  func(ctx context.Context, s *sqlitestore.Store, n int) error
	reads  int
}

func (s *changingStore) Network(ctx context.Context, v graph.NetworkVisitor) (int64, error) {
	s.reads++
	ver, err := s.Store.Network(ctx, v)
	if err != nil || s.writes == 0 {
		return ver, err
	}
	s.writes--
	if err := s.write(graph.WithActor(ctx, "test"), s.Store, s.writes); err != nil {
		return 0, err
	}
	if s.torn {
		return 0, graph.ErrChanged
	}
	return ver, nil
}

func openChanging(t *testing.T) *sqlitestore.Store {
	t.Helper()
	st, err := sqlitestore.Open(t.Context(), filepath.Join(t.TempDir(), "relmap.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	b := &graph.Batch{
		Employees: []*graph.Employee{{ID: "emp-anna", Name: "Anna", Role: graph.RoleStaff}},
		Persons:   []*graph.Person{{ID: "per-jan", Name: "Jan"}, {ID: "per-els", Name: "Els"}},
		Relationships: []*graph.Relationship{
			{Type: graph.RelKnows, From: "emp-anna", To: "per-jan", Strength: 0.5},
			{Type: graph.RelKnows, From: "emp-anna", To: "per-els", Strength: 0.5},
		},
	}
	if _, err := st.Upsert(graph.WithActor(t.Context(), "test"), b, graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	return st
}

// retitle changes Els's title: a write that moves the version.
func retitle(ctx context.Context, s *sqlitestore.Store, n int) error {
	title := fmt.Sprintf("title %d", n)
	_, err := s.UpdatePerson(ctx, "per-els", graph.PersonUpdate{Title: &title})
	return err
}

// TestSnapshotUnderWrites is issue 13's item 8: an analysis snapshot rebuilt
// while writes land does not fail.
//
//   - Writes between the network read and the objection read: the newer
//     objections are used as they are (one read), and the snapshot keeps
//     the network's version, so that the cache rebuilds it next time.
//   - Reads that the store reports torn (graph.ErrChanged, as Neo4j's
//     read-committed Network does): read again after growing pauses, five
//     in a row cost five more reads; six give up with EUNAVAILABLE.
func TestSnapshotUnderWrites(t *testing.T) {
	for _, c := range []struct {
		name      string
		writes    int
		torn      bool
		wantReads int
		wantErr   bool
	}{
		{"no writes", 0, false, 1, false},
		{"a write before the objections", 1, false, 1, false},
		{"3 torn reads", 3, true, 4, false},
		{"5 torn reads", 5, true, 6, false},
		{"6 torn reads", 6, true, 6, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := openChanging(t)
			before, err := st.Version(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			src := &changingStore{Store: st, writes: c.writes, torn: c.torn, write: retitle}
			cache := &analysis.Cache{Source: src}
			snap, err := cache.Snapshot(t.Context())
			if src.reads != c.wantReads {
				t.Errorf("%d network reads, want %d", src.reads, c.wantReads)
			}
			if c.wantErr {
				if graph.ErrorCode(err) != graph.EUNAVAILABLE || !strings.Contains(graph.ErrorMessage(err), "kept changing") {
					t.Fatalf("%v, want EUNAVAILABLE (kept changing)", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			// The version the network was read at: before a write that
			// follows the read, after every torn read's write.
			want := before
			if c.torn {
				want += int64(c.writes)
			}
			if snap.Version != want {
				t.Errorf("snapshot of version %d, want %d", snap.Version, want)
			}
			if _, err := cache.Snapshot(t.Context()); err != nil {
				t.Fatal(err)
			}
			wantAgain := c.wantReads
			if !c.torn && c.writes > 0 {
				wantAgain++ // the store moved past the snapshot: rebuilt
			}
			if src.reads != wantAgain {
				t.Errorf("%d network reads after a second Snapshot, want %d", src.reads, wantAgain)
			}
		})
	}
}

// TestSnapshotObjectionDuringRead: a person who objects between the network
// read and the objection read is left out of the snapshot with her ties,
// although the network read still had her.
func TestSnapshotObjectionDuringRead(t *testing.T) {
	st := openChanging(t)
	object := func(ctx context.Context, s *sqlitestore.Store, _ int) error {
		yes, at := true, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		_, err := s.UpdatePerson(ctx, "per-jan", graph.PersonUpdate{Objects: &yes, ObjectedAt: &at})
		return err
	}
	src := &changingStore{Store: st, writes: 1, write: object}
	snap, err := (&analysis.Cache{Source: src}).Snapshot(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := snap.Index("per-jan"); ok {
		t.Error("per-jan objected before the snapshot was done, and is in it")
	}
	if _, ok := snap.Index("per-els"); !ok {
		t.Error("per-els does not object, and is not in the snapshot")
	}
}
