package api

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/demo"
	"github.com/relmap/relmap/graph"
)

// TestAnalysesUnderSteadyWrites is issue 13's item 8 through the router:
// while writers add persons to the network without pause, every analysis read
// answers 200 — the snapshot is read again when writes land during its
// rebuild (analysis.readRoutable), not answered 503. Bounded: 4 writers of
// 150 writes, 2 readers of 40 reads.
func TestAnalysesUnderSteadyWrites(t *testing.T) {
	_, st := segmentServer(t)
	// A network of some size, so that its read takes long enough for
	// writes to land during it.
	if _, err := st.Upsert(graph.WithActor(t.Context(), "test"), demo.Generate(demo.Options{Persons: 3000, Seed: 13}), graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	srv := &Server{Store: st, Segments: st, Snapshots: &analysis.Cache{Source: st}}
	h := serve(t, srv)
	var wg sync.WaitGroup
	var writes, reads, unavailable atomic.Int64
	for w := range 4 {
		wg.Go(func() {
			for i := range 150 {
				body := fmt.Sprintf(`{"id":"per-w%d-%d","name":"Writer %d, person %d"}`, w, i, w, i)
				if w := send(h, "POST", "/api/v1/persons", body); w.Code != 201 {
					t.Errorf("write: %d %s", w.Code, w.Body)
					return
				}
				writes.Add(1)
			}
		})
	}
	var rg sync.WaitGroup
	for range 2 {
		rg.Go(func() {
			for range 40 {
				w := send(h, "GET", "/api/v1/centrality?metric=degree&limit=5", "")
				switch w.Code {
				case 200:
				case 503:
					unavailable.Add(1)
				default:
					t.Errorf("read: %d %s", w.Code, w.Body)
				}
				reads.Add(1)
			}
		})
	}
	rg.Wait()
	wg.Wait()
	if n := unavailable.Load(); n > 0 {
		t.Errorf("%d of %d analysis reads answered 503 during %d writes", n, reads.Load(), writes.Load())
	}
}
