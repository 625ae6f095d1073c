package sqlitestore

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/storetest"
	"github.com/relmap/relmap/segment"
)

// openPrivacy opens a store on a new database file with a new
// storetest.Clock.
func openPrivacy(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "relmap.db"), WithNow(new(storetest.Clock).Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestPrivacyConformance(t *testing.T) {
	storetest.RunPrivacy(t, func(t *testing.T) storetest.PrivacyStore { return openPrivacy(t) })
}

// TestErasureAtomic fails an erasure after each of its steps, inside its
// transaction, and checks that every time everything is as it was: the
// person, their tie, contact and assessment, no suppression, the version.
func TestErasureAtomic(t *testing.T) {
	ctx := context.Background()
	s := openPrivacy(t)
	storetest.Must(t, erasureSample(ctx, s))
	before := snapshotOf(t, s)
	t.Cleanup(func() { erasureFault = nil })
	for _, step := range []string{"delete", "suppress"} {
		injected := errors.New("injected failure after " + step)
		erasureFault = func(at string) error {
			if at == step {
				return injected
			}
			return nil
		}
		if _, err := s.ErasePerson(ctx, "per-jan"); !errors.Is(err, injected) {
			t.Fatalf("step %s: erasure error %v, want the injected one", step, err)
		}
		if d := storetest.Diff(before, snapshotOf(t, s)); d != "" {
			t.Fatalf("a failure after %s left a change:\n%s", step, d)
		}
	}
	erasureFault = nil
	e, err := s.ErasePerson(ctx, "per-jan")
	storetest.Must(t, err)
	if e.Relationships != 1 || e.Contacts != 1 || e.Assessments != 1 || e.Suppressed != 2 {
		t.Fatalf("erasure %+v, want 1 relationship, 1 contact, 1 assessment, 2 identifiers", e)
	}
}

// erasureSample stores Anna, Jan (with an e-mail address), a tie, a
// contact and an assessment of Jan.
func erasureSample(ctx context.Context, s *Store) error {
	_, err := s.Upsert(ctx, &graph.Batch{
		Employees:     []*graph.Employee{{ID: "emp-anna", Name: "Anna", Role: graph.RoleStaff}},
		Persons:       []*graph.Person{{ID: "per-jan", Name: "Jan", Email: "jan@example.org"}},
		Relationships: []*graph.Relationship{{Type: graph.RelKnows, From: "emp-anna", To: "per-jan", Strength: 0.6}},
		Contacts:      []*graph.Contact{{Date: time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC), EmployeeID: "emp-anna", StakeholderID: "per-jan", Mode: graph.ModePhone, Note: "n"}},
	}, graph.UpsertOptions{})
	if err != nil {
		return err
	}
	_, err = s.UpsertAssessments(ctx, []*segment.Assessment{{StakeholderID: "per-jan", CriterionID: "yield", Score: 3, Date: time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)}}, graph.UpsertOptions{})
	return err
}

// stateOf is what an erasure touches.
type stateOf struct {
	Version      int64
	Export       *graph.PersonExport[*segment.Assessment]
	Suppressions []graph.Suppression
}

func snapshotOf(t *testing.T, s *Store) stateOf {
	t.Helper()
	ctx := context.Background()
	v, err := s.Version(ctx)
	storetest.Must(t, err)
	x, err := s.ExportPerson(ctx, "per-jan")
	storetest.Must(t, err)
	x.ExportedAt = time.Time{} // the clock moves
	sup, err := s.Suppressions(ctx)
	storetest.Must(t, err)
	return stateOf{v, x, sup}
}
