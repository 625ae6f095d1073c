package neo4jstore

import (
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/storetest"
	"github.com/relmap/relmap/segment"
)

// TestImportSplitAudit: an import written part by part stores its audit
// entry once, with the transaction that marks it done; a failed one, whose
// parts are undone, stores none (the caller appends it with the failure).
func TestImportSplitAudit(t *testing.T) {
	s, _ := openWith(t, 1)
	seed(t, s)
	count := func() int {
		_, n, err := s.FindAudit(jctx, auth.AuditFilter{})
		storetest.Must(t, err)
		return n
	}

	failed := &auth.AuditEntry{At: storetest.ClockStart, Actor: "journaltest", Action: "cli import", Status: 0}
	if _, err := s.Import(auth.WithAudit(jctx, failed), segment.Parts(parts(true)...), graph.UpsertOptions{}); err == nil {
		t.Fatal("the bad import succeeded")
	}
	if failed.Seq != 0 || count() != 0 {
		t.Errorf("failed import: entry seq %d, %d entries; want none stored", failed.Seq, count())
	}

	ok := &auth.AuditEntry{At: storetest.ClockStart, Actor: "journaltest", Action: "cli import", Status: 0}
	if _, err := s.Import(auth.WithAudit(jctx, ok), segment.Parts(parts(false)...), graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	if ok.Seq == 0 || count() != 1 {
		t.Errorf("import of four parts: entry seq %d, %d entries; want it stored once", ok.Seq, count())
	}
}

// TestImportSplitSuppressions: the suppression entries an import written
// part by part adds (a backup restored) are undone with it when a later
// part fails, and kept, unmarked, when it succeeds; an entry on the list
// already keeps its day.
func TestImportSplitSuppressions(t *testing.T) {
	s, _ := openWith(t, 1)
	seed(t, s)
	day := storetest.ClockStart
	old := graph.SuppressionKeys(&graph.Person{ID: "per-old"})[0].Hash
	_, err := s.Import(jctx, segment.Parts(&segment.Import{Suppressions: []graph.Suppression{{Hash: old, ErasedAt: day}}}), graph.UpsertOptions{})
	storetest.Must(t, err)
	restored := func(bad bool) []*segment.Import {
		ps := parts(bad)
		ps[0].Suppressions = []graph.Suppression{
			{Hash: graph.SuppressionKeys(&graph.Person{ID: "per-erased"})[0].Hash, ErasedAt: day},
			{Hash: old, ErasedAt: day.AddDate(0, 0, 1)},
		}
		return ps
	}
	list := func() []graph.Suppression {
		l, err := s.Suppressions(jctx)
		storetest.Must(t, err)
		return l
	}
	if _, err := s.Import(jctx, segment.Parts(restored(true)...), graph.UpsertOptions{}); err == nil {
		t.Fatal("the bad import succeeded")
	}
	if d := storetest.Diff([]graph.Suppression{{Hash: old, ErasedAt: day}}, list()); d != "" {
		t.Errorf("after the failed import: %s", d)
	}
	res, err := s.Import(jctx, segment.Parts(restored(false)...), graph.UpsertOptions{})
	storetest.Must(t, err)
	if res.Suppressions != (graph.Counts{Created: 1, Unchanged: 1}) {
		t.Errorf("suppressions %+v, want 1 created, 1 unchanged", res.Suppressions)
	}
	if l := list(); len(l) != 2 {
		t.Errorf("after the import: %+v, want 2 entries", l)
	}
	wantClean(t, take(t, s)) // no import_id left, on the suppressions neither
}

// TestImportsUnderway: an import written part by part is reported running
// while its parts are written, and no more once it is done; a journal of
// another process's import still running is reported too.
func TestImportsUnderway(t *testing.T) {
	s, _ := openWith(t, 1)
	seed(t, s)
	underway := func() []graph.ImportUnderway {
		t.Helper()
		l, err := s.ImportsUnderway(jctx)
		storetest.Must(t, err)
		return l
	}
	if l := underway(); len(l) != 0 {
		t.Fatalf("before any import: %+v", l)
	}
	paused, resume := make(chan []graph.ImportUnderway), make(chan struct{})
	n := 0
	importFault = func(step string) error {
		if step == "part" {
			if n++; n == 2 {
				paused <- underway()
				<-resume
			}
		}
		return nil
	}
	defer func() { importFault = nil }()
	done := make(chan error, 1)
	go func() {
		_, err := s.Import(jctx, segment.Parts(parts(false)...), graph.UpsertOptions{})
		done <- err
	}()
	during := <-paused
	close(resume)
	storetest.Must(t, <-done)
	if len(during) != 1 || during[0].State != graph.ImportRunning || !strings.HasPrefix(during[0].ID, "imp-") {
		t.Errorf("after 2 of 4 parts: %+v, want one import running", during)
	}
	if l := underway(); len(l) != 0 {
		t.Errorf("after the import: %+v, want none", l)
	}

	// Another process's import: its journal, running.
	_, err := neo4j.ExecuteQuery(jctx, s.driver, `CREATE (:ImportJournal {id: "imp-elsewhere", started_at: datetime("2026-01-02T03:04:05Z"), state: "running"})`,
		nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.database))
	storetest.Must(t, err)
	want := []graph.ImportUnderway{{ID: "imp-elsewhere", StartedAt: storetest.ClockStart, State: graph.ImportRunning}}
	if d := storetest.Diff(want, underway()); d != "" {
		t.Errorf("with another process's journal: %s", d)
	}
}
