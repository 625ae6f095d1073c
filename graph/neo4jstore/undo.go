package neo4jstore

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/relmap/relmap/graph"
)

// An import written part by part that fails is undone at once (compensate,
// journal.go). When that fails too — the database went away, which is
// often why the import failed — the running store keeps trying in the
// background (undoLater), with a wait that doubles from undoRetryMin up to
// undoRetryMax, until the database answers and the undoing is done: no
// restart is needed. Each attempt takes the import's lease first, so that
// another process opening the store meanwhile leaves the import to it;
// if the store is closed first, the next Open undoes the import.
//
// Readers cannot be kept from seeing a split import half done (each part
// is committed on its own, and Neo4j reads at read committed), so the store
// says that one is underway instead (graph.ImportWatcher): the imports of
// this process, and the journals of any other's.

// The waits between attempts to undo an import in the background.
const (
	undoRetryMin = 500 * time.Millisecond
	undoRetryMax = 5 * time.Second
)

var _ graph.ImportWatcher = (*Store)(nil)

// importLog is what a store knows of its own imports written part by part:
// those it writes and those it undoes or waits to undo.
type importLog struct {
	mu sync.Mutex
	m  map[string]graph.ImportUnderway
}

func (l *importLog) set(x graph.ImportUnderway) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.m == nil {
		l.m = map[string]graph.ImportUnderway{}
	}
	l.m[x.ID] = x
}

func (l *importLog) remove(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.m, id)
}

func (l *importLog) list() []graph.ImportUnderway {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]graph.ImportUnderway, 0, len(l.m))
	for _, x := range l.m {
		out = append(out, x)
	}
	return out
}

// ImportsUnderway lists the imports written part by part that readers may
// see half done: every import journal still running in the database (its
// state as this process knows it when the import is its own), and this
// process's imports waiting for the database to be undone. Oldest first.
// When the database does not answer, it returns this process's imports
// with the error.
func (s *Store) ImportsUnderway(ctx context.Context) ([]graph.ImportUnderway, error) {
	out := s.imports.list()
	sortImports(out)
	journals, err := s.journals(ctx)
	if err != nil {
		return out, err
	}
	seen := map[string]bool{}
	for _, x := range out {
		seen[x.ID] = true
	}
	for _, j := range journals {
		if j.state == "running" && !seen[j.id] {
			out = append(out, graph.ImportUnderway{ID: j.id, StartedAt: j.started, State: graph.ImportRunning})
		}
	}
	sortImports(out)
	return out, nil
}

func sortImports(xs []graph.ImportUnderway) {
	slices.SortFunc(xs, func(a, b graph.ImportUnderway) int {
		if c := a.StartedAt.Compare(b.StartedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// undoLater undoes the import id in the background (see above), and
// forgets it once it is undone.
func (s *Store) undoLater(id string) {
	s.background.Add(1)
	go func() {
		defer s.background.Done()
		attr := slog.String("import_id", id)
		wait := undoRetryMin
		for attempt := 1; ; attempt++ {
			select {
			case <-s.closing.Done():
				s.log.LogAttrs(s.closing, levelWarn, "neo4j: the store closed before a failed import was undone; the next Open undoes it", attr)
				return
			case <-time.After(wait):
			}
			err := s.undo(s.closing, id)
			if err == nil {
				s.imports.remove(id)
				s.log.LogAttrs(s.closing, levelWarn, "neo4j: undid a failed import now that the database answers", attr, slog.Int("attempts", attempt))
				return
			}
			s.log.LogAttrs(s.closing, slog.LevelDebug, "neo4j: undoing a failed import failed; trying again", attr, slog.Duration("wait", wait), attrErr(err))
			wait = min(2*wait, undoRetryMax)
		}
	}()
}

// undo takes the lease of the import id and undoes the import.
func (s *Store) undo(ctx context.Context, id string) error {
	lease, err := s.takeLease(ctx, id)
	if err != nil {
		return err
	}
	defer lease.release()
	return s.compensate(ctx, id)
}
