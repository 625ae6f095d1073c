package neo4jstore

import (
	"testing"

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
