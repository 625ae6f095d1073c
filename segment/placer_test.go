package segment

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"
)

// TestPlacerMatchesPlace: the streaming Placer gives every stakeholder the
// placement Place gives (without Used), on random assessments — unknown
// and switched-off criteria, scores off the scale, equal dates decided by
// id, assessments after the cut-off — fed grouped by stakeholder in any
// order within a group.
func TestPlacerMatchesPlace(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 8))
	s := DefaultScheme()
	s.Criteria[1].Weight = 0 // switched off
	ids := []string{"unknown"}
	for _, c := range s.Criteria {
		ids = append(ids, c.ID)
	}
	day := func(d int) time.Time { return time.Date(2026, 1, 1+d, 0, 0, 0, 0, time.UTC) }
	for trial := range 200 {
		var as []Assessment
		for i := range r.IntN(300) {
			as = append(as, Assessment{
				ID: fmt.Sprintf("a%03d", r.IntN(1000)) + fmt.Sprint(i), StakeholderID: fmt.Sprintf("s%d", r.IntN(20)),
				CriterionID: ids[r.IntN(len(ids))], Score: r.IntN(7), Date: day(r.IntN(10)),
			})
		}
		slices.SortStableFunc(as, func(a, b Assessment) int { return cmp.Compare(a.StakeholderID, b.StakeholderID) })
		for _, asOf := range []time.Time{{}, day(5)} {
			want := Place(s, as, asOf)
			got := map[string]Placement{}
			p := NewPlacer(s, asOf)
			for _, a := range as {
				if pl, ok := p.Add(a); ok {
					got[pl.StakeholderID] = pl
				}
			}
			if pl, ok := p.Flush(); ok {
				got[pl.StakeholderID] = pl
			}
			for id, w := range want {
				w.Used = nil
				if !reflect.DeepEqual(got[id], w) {
					t.Fatalf("trial %d, as of %v, %s: Placer %+v, Place %+v", trial, asOf, id, got[id], w)
				}
			}
			if len(got) != len(want) {
				t.Fatalf("trial %d: Placer placed %d stakeholders, Place %d", trial, len(got), len(want))
			}
		}
	}
}
