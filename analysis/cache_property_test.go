package analysis_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/demo"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// TestCacheDerivedAnswersAsFromScratch is the property behind Cache's
// refresh after contact and segmentation writes: on the 300-person demo,
// after each of 12 rounds of one to three random writes (a contact logged
// or deleted, an assessment), the snapshot the cache derives from the one
// before — without reading the network or the contact log again, only the
// contacts written — has the ties and the
// evidence of a snapshot read from scratch, and answers the same warm
// paths and the same brokers (whose hop distances it keeps per snapshot)
// for random targets, asked twice.
func TestCacheDerivedAnswersAsFromScratch(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a demo store")
	}
	ctx := t.Context()
	st := openCounting(t)
	opts := demo.Options{Persons: 300}.WithDefaults()
	b := demo.Generate(opts)
	if _, err := st.Upsert(ctx, b, graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	now := opts.Now
	c := &analysis.Cache{Source: st, Contacts: st, Now: func() time.Time { return now }}
	if _, err := c.Snapshot(ctx); err != nil {
		t.Fatal(err)
	}
	networks, contacts := st.networks.Load(), st.contacts.Load()
	var emps, stake []string
	for _, e := range b.Employees {
		if e.End.IsZero() { // a contact after the last day is refused
			emps = append(emps, e.ID)
		}
	}
	for _, o := range b.Organisations {
		stake = append(stake, o.ID)
	}
	for _, p := range b.Persons {
		stake = append(stake, p.ID)
	}
	r := rand.New(rand.NewPCG(14, 3))
	var logged []string
	modes := []graph.ContactMode{graph.ModeMeeting, graph.ModePhone, graph.ModeEmail}
	for round := range 12 {
		for w := range 1 + r.IntN(3) {
			switch k := r.IntN(5); {
			case k < 3 || len(logged) == 0:
				ct := &graph.Contact{ID: fmt.Sprintf("c-prop-%d-%d", round, w), EmployeeID: emps[r.IntN(len(emps))],
					StakeholderID: stake[r.IntN(len(stake))], Date: now.AddDate(0, 0, -r.IntN(400)), Mode: modes[r.IntN(len(modes))]}
				if err := st.CreateContact(ctx, ct); err != nil {
					t.Fatal(err)
				}
				logged = append(logged, ct.ID)
			case k == 3:
				i := r.IntN(len(logged))
				if err := st.DeleteContact(ctx, logged[i]); err != nil {
					t.Fatal(err)
				}
				logged = append(logged[:i], logged[i+1:]...)
			default:
				a := &segment.Assessment{StakeholderID: stake[r.IntN(len(stake))], CriterionID: "yield", Score: 1 + r.IntN(5), Date: now}
				if _, err := st.UpsertAssessments(ctx, []*segment.Assessment{a}, graph.UpsertOptions{}); err != nil {
					t.Fatal(err)
				}
			}
		}
		got, err := c.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n, m := st.networks.Load(), st.contacts.Load(); n != networks || m != contacts {
			t.Fatalf("round %d: the cache read the network or the contact log again (%d and %d reads, want %d and %d)", round, n, m, networks, contacts)
		}
		want := fromScratch(t, st, now)
		if got.Version != want.Version || !reflect.DeepEqual(got.Ties, want.Ties) || !reflect.DeepEqual(analysis.EvidenceOf(got), analysis.EvidenceOf(want)) {
			t.Fatalf("round %d: the derived snapshot (version %d) differs from one built from scratch (version %d)", round, got.Version, want.Version)
		}
		targets := make([]string, 40)
		for i := range targets {
			targets[i] = stake[r.IntN(len(stake))]
		}
		for i := range 2 { // the second time from the kept hop distances
			gb, err1 := analysis.Brokers(ctx, got, analysis.BrokerQuery{Targets: targets})
			wb, err2 := analysis.Brokers(ctx, want, analysis.BrokerQuery{Targets: targets})
			if err1 != nil || err2 != nil || !reflect.DeepEqual(gb, wb) {
				t.Fatalf("round %d, call %d: brokers derived %+v (%v), from scratch %+v (%v)", round, i, gb, err1, wb, err2)
			}
		}
		for _, to := range targets[:8] {
			gp, err1 := analysis.FindPaths(ctx, got, analysis.PathQuery{To: to, MinStrength: -1})
			wp, err2 := analysis.FindPaths(ctx, want, analysis.PathQuery{To: to, MinStrength: -1})
			if err1 != nil || err2 != nil || !reflect.DeepEqual(gp, wp) {
				t.Fatalf("round %d: paths to %s derived %+v (%v), from scratch %+v (%v)", round, to, gp, err1, wp, err2)
			}
		}
	}
}
