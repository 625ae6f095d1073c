package neo4jstore

import (
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/storetest"
	"github.com/relmap/relmap/segment"
)

// TestImportSplitIntros: a restore of introduction requests in an import
// written part by part (a new request and a stored one moved on, in the
// first part) whose third part fails is undone: the new request is gone
// and the stored one is as it was. The same import without the bad part
// writes both and leaves no undo nodes.
func TestImportSplitIntros(t *testing.T) {
	s, _ := openWith(t, 1)
	seed(t, s)
	stored := &graph.IntroRequest{ID: "intro-stored", EmployeeID: "emp-anna", IntermediaryID: "per-dirk", TargetID: "per-eva"}
	storetest.Must(t, s.CreateIntro(jctx, stored))
	day := stored.CreatedAt
	moved := *stored
	moved.History = append(append([]graph.IntroTransition{}, stored.History...), graph.IntroTransition{State: graph.IntroAgreed, At: day.Add(time.Hour), By: "restorer"})
	moved.State, moved.UpdatedAt = graph.IntroAgreed, day.Add(time.Hour)
	fresh := &graph.IntroRequest{ID: "intro-new", EmployeeID: "emp-anna", IntermediaryID: "per-new-0", TargetID: "per-eva",
		State: graph.IntroRequested, History: []graph.IntroTransition{{State: graph.IntroRequested, At: day, By: "restorer"}},
		Audit: graph.Audit{CreatedAt: day, UpdatedAt: day, CreatedBy: "restorer", UpdatedBy: "restorer"}}
	withIntros := func(bad bool) []*segment.Import {
		ps := parts(bad)
		ps[0].Intros = []*graph.IntroRequest{fresh, &moved}
		return ps
	}

	if _, err := s.Import(jctx, segment.Parts(withIntros(true)...), graph.UpsertOptions{}); err == nil {
		t.Fatal("the bad import succeeded")
	}
	if _, err := s.FindIntroByID(jctx, "intro-new"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("the request the failed import created: %v, want it gone", err)
	}
	if got, err := s.FindIntroByID(jctx, "intro-stored"); err != nil || !graph.SameIntro(got, stored) {
		t.Errorf("the stored request after the failed import: %+v (%v), want %+v", got, err, stored)
	}

	res, err := s.Import(jctx, segment.Parts(withIntros(false)...), graph.UpsertOptions{})
	storetest.Must(t, err)
	if res.Intros != (graph.Counts{Created: 1, Updated: 1}) {
		t.Errorf("intros %+v, want 1 created, 1 updated", res.Intros)
	}
	for _, want := range []*graph.IntroRequest{fresh, &moved} {
		if got, err := s.FindIntroByID(jctx, want.ID); err != nil || !graph.SameIntro(got, want) {
			t.Errorf("%s after the import: %+v (%v)", want.ID, got, err)
		}
	}
	wantClean(t, take(t, s))
}
