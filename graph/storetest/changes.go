package storetest

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// testChanges checks the change log (graph.ChangeLog): one entry per
// write that moved the version, in order, with the part it changed — a
// batch of contacts only, a contact's update and its deletion
// PartContacts naming the contacts they created, changed or deleted (a
// batch's unchanged contacts not), created assessments PartSegments
// naming their stakeholders, an updated one and the scheme PartSegments
// naming none, anything else PartAll — complete
// from any version it reaches back to, and incomplete from before the
// first write; a write that changes nothing logs nothing.
func testChanges(t *testing.T, s graph.Store) {
	cl, ok := s.(graph.ChangeLog)
	if !ok {
		t.Fatal("the store keeps no change log (graph.ChangeLog)")
	}
	ss, ok := s.(segment.Store)
	if !ok {
		t.Fatal("the store keeps no segments (segment.Store)")
	}
	v0, err := s.Version(bg)
	Must(t, err)
	type want struct {
		part     graph.Part
		ids      []string // stakeholders
		contacts []string
	}
	var wants []want
	write := func(w want, f func() error) {
		t.Helper()
		Must(t, f())
		wants = append(wants, w)
	}
	write(want{graph.PartAll, nil, nil}, func() error { _, err := s.Upsert(bg, Sample(), graph.UpsertOptions{}); return err })
	// The same batch again changes nothing and logs nothing.
	_, err = s.Upsert(bg, Sample(), graph.UpsertOptions{})
	Must(t, err)
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	c := &graph.Contact{ID: "c-new", EmployeeID: "emp-anna", StakeholderID: "org-fund", Date: day, Mode: graph.ModeMeeting}
	write(want{graph.PartContacts, nil, []string{"c-new"}}, func() error { return s.CreateContact(bg, c) })
	// A batch of contacts: the one it leaves as it is goes unnamed.
	batch := &graph.Batch{Contacts: []*graph.Contact{
		{ID: "c-b", EmployeeID: "emp-anna", StakeholderID: "per-dirk", Date: day, Mode: graph.ModePhone},
		{ID: "c-new", EmployeeID: "emp-anna", StakeholderID: "org-fund", Date: day, Mode: graph.ModeMeeting},
		{ID: "c-a", EmployeeID: "emp-anna", StakeholderID: "org-fund", Date: day, Mode: graph.ModeEmail},
	}}
	write(want{graph.PartContacts, nil, []string{"c-a", "c-b"}}, func() error { _, err := s.Upsert(bg, batch, graph.UpsertOptions{}); return err })
	later := day.AddDate(0, 0, 1)
	write(want{graph.PartContacts, nil, []string{"c-b"}}, func() error {
		_, err := s.UpdateContact(bg, "c-b", graph.ContactUpdate{Date: &later})
		return err
	})
	as := []*segment.Assessment{
		{ID: "a-1", StakeholderID: "per-dirk", CriterionID: "yield", Score: 4, Date: day},
		{ID: "a-2", StakeholderID: "org-fund", CriterionID: "yield", Score: 3, Date: day},
	}
	write(want{graph.PartSegments, []string{"org-fund", "per-dirk"}, nil}, func() error {
		_, err := ss.UpsertAssessments(bg, as, graph.UpsertOptions{})
		return err
	})
	moved := []*segment.Assessment{{ID: "a-1", StakeholderID: "org-fund", CriterionID: "yield", Score: 4, Date: day}}
	write(want{graph.PartSegments, nil, nil}, func() error { // an update may move an assessment: any stakeholder
		_, err := ss.UpsertAssessments(bg, moved, graph.UpsertOptions{})
		return err
	})
	write(want{graph.PartContacts, nil, []string{"c-new"}}, func() error { return s.DeleteContact(bg, "c-new") })
	write(want{graph.PartSegments, nil, nil}, func() error { return ss.DeleteAssessment(bg, "a-2") })
	sc := segment.DefaultScheme()
	sc.ThresholdAccessibility = 2.5
	write(want{graph.PartSegments, nil, nil}, func() error { return ss.SaveScheme(bg, sc) })
	write(want{graph.PartAll, nil, nil}, func() error { return s.DeletePerson(bg, "per-dirk") })

	got, complete, err := cl.Changes(bg, v0)
	Must(t, err)
	if !complete || len(got) != len(wants) {
		t.Fatalf("Changes(%d) = %+v (complete %v), want %d entries", v0, got, complete, len(wants))
	}
	for i, w := range wants {
		g := got[i]
		slices.Sort(g.Contacts) // in any order
		if g.Version != v0+int64(i)+1 || g.Part != w.part || !slices.Equal(g.Stakeholders, w.ids) || !slices.Equal(g.Contacts, w.contacts) {
			t.Errorf("change %d = %+v, want version %d, part %q, stakeholders %v, contacts %v", i, g, v0+int64(i)+1, w.part, w.ids, w.contacts)
		}
	}
	v, err := s.Version(bg)
	Must(t, err)
	if got, complete, err := cl.Changes(bg, v-2); err != nil || !complete || len(got) != 2 || got[0].Version != v-1 {
		t.Errorf("Changes(%d) = %+v, %v, %v; want the last two, complete", v-2, got, complete, err)
	}
	if got, complete, err := cl.Changes(bg, v); err != nil || !complete || len(got) != 0 {
		t.Errorf("Changes(now) = %+v, %v, %v; want none, complete", got, complete, err)
	}
	if _, complete, err := cl.Changes(bg, v0-1); err != nil || complete {
		t.Errorf("Changes(%d), before the store's first write: complete %v, %v; want incomplete", v0-1, complete, err)
	}
	// The log keeps the last graph.MaxChanges writes.
	for i := range graph.MaxChanges {
		Must(t, s.CreateContact(bg, &graph.Contact{ID: "c-" + strconv.Itoa(i), EmployeeID: "emp-anna", StakeholderID: "org-fund", Date: day, Mode: graph.ModePhone}))
	}
	v, err = s.Version(bg)
	Must(t, err)
	if got, complete, err := cl.Changes(bg, v-graph.MaxChanges); err != nil || !complete || len(got) != graph.MaxChanges || got[0].Part != graph.PartContacts {
		t.Errorf("Changes of the last %d writes: %d entries, complete %v, %v", graph.MaxChanges, len(got), complete, err)
	}
	if _, complete, err := cl.Changes(bg, v-graph.MaxChanges-1); err != nil || complete {
		t.Errorf("Changes reaching past the log: complete %v, %v; want incomplete", complete, err)
	}
}
