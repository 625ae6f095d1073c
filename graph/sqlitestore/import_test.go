package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/storetest"
)

var importCtx = graph.WithActor(context.Background(), "test")

// people returns n persons per-<from> … and, when knows, a knows tie
// from each to the next.
func people(from, n int, knows bool) *graph.Batch {
	b := &graph.Batch{}
	for i := from; i < from+n; i++ {
		b.Persons = append(b.Persons, &graph.Person{ID: fmt.Sprintf("per-%d", i), Name: fmt.Sprintf("Person %d", i)})
		if knows && i > from {
			b.Relationships = append(b.Relationships, &graph.Relationship{Type: graph.RelKnows,
				From: fmt.Sprintf("per-%d", i-1), To: fmt.Sprintf("per-%d", i), Strength: 0.5})
		}
	}
	return b
}

// inTx runs fn in a transaction of s that it rolls back.
func inTx(t *testing.T, s *Store, fn func(tx *sql.Tx)) {
	t.Helper()
	tx, err := s.db.BeginTx(importCtx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	fn(tx)
}

// TestNodeKinds: NodeKinds returns the stored nodes among the ids asked,
// looking a few up by id and reading all nodes, into the import's cache,
// when the ids are a tenth of them or more; without a cache (an upsert) it
// always looks them up.
func TestNodeKinds(t *testing.T) {
	s := openPrivacy(t)
	_, err := s.Upsert(importCtx, people(0, 100, false), graph.UpsertOptions{})
	storetest.Must(t, err)
	inTx(t, s, func(tx *sql.Tx) {
		fail := func(context.Context, []string) (map[string]graph.Kind, error) {
			return nil, errors.New("read although remembered")
		}
		// 3 ids × 10 < 100 nodes: looked up.
		few := lookup{tx: tx, kinds: &graph.KindCache{}}
		got, err := few.NodeKinds(importCtx, []string{"per-1", "per-50", "nobody"})
		storetest.Must(t, err)
		if !maps.Equal(got, map[string]graph.Kind{"per-1": graph.KindPerson, "per-50": graph.KindPerson}) {
			t.Errorf("few: %v", got)
		}
		if _, err := few.kinds.NodeKinds(importCtx, []string{"per-2"}, fail); err == nil {
			t.Error("few: per-2 remembered, want only what was looked up")
		}
		// 10 ids × 10 ≥ 100 nodes: every node read into the cache.
		many := lookup{tx: tx, kinds: &graph.KindCache{}}
		ids := []string{"nobody"}
		for i := range 9 {
			ids = append(ids, fmt.Sprintf("per-%d", i))
		}
		got, err = many.NodeKinds(importCtx, ids)
		storetest.Must(t, err)
		if len(got) != 9 || got["per-8"] != graph.KindPerson {
			t.Errorf("many: %v, want per-0 … per-8", got)
		}
		if got, err := many.kinds.NodeKinds(importCtx, []string{"per-99"}, fail); err != nil || got["per-99"] != graph.KindPerson {
			t.Errorf("many: per-99 %v %v, want remembered", got, err)
		}
		plain := lookup{tx: tx}
		got, err = plain.NodeKinds(importCtx, ids)
		storetest.Must(t, err)
		if len(got) != 9 {
			t.Errorf("without a cache: %v, want per-0 … per-8", got)
		}
	})
}

// TestSplitValues: every statement execEach runs splits into head, one row
// of placeholders and tail that put it together again, the row holding as
// many placeholders as the statement (so a statement of n rows binds n
// times the arguments of one).
func TestSplitValues(t *testing.T) {
	for name, q := range map[string]string{
		"nodes": upsertNodeSQL, "relationships": upsertRelationshipSQL,
		"contacts": upsertContactSQL, "assessments": upsertAssessmentSQL,
	} {
		head, row, tail := splitValues(q)
		if head+row+tail != q || row[0] != '(' || row[len(row)-1] != ')' || strings.Count(row, "?") != strings.Count(q, "?") {
			t.Errorf("%s: split into %q | %q | %q", name, head, row, tail)
		}
	}
}
