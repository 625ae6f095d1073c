package api

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/graph"
)

// A store that can show a large import half done (graph.ImportWatcher:
// Neo4j writes one part by part, and undoes a failed one part by part)
// cannot hide it from readers; relmap says so instead. While there is one,
// every authenticated answer carries
//
//	Relmap-Import: running imp-4f2a…, undoing imp-91c0…
//
// and /readyz lists them ("imports"), still answering 200: the database
// answers. The header costs a request nothing: it says what a read of the
// store at most importWatchTTL old (plus the read's time) said, and a
// stale answer starts a new read in the background.

// ImportHeader is the header that names the imports underway.
const ImportHeader = "Relmap-Import"

// importWatchTTL is how long an answer of ImportsUnderway is used before
// it is read again, so that the header costs at most one read of the store
// a second; importWatchTimeout bounds that read.
const (
	importWatchTTL     = time.Second
	importWatchTimeout = 2 * time.Second
)

// importWatch caches the imports underway.
type importWatch struct {
	mu      sync.Mutex
	at      time.Time // of the last answer; zero before the first
	list    []graph.ImportUnderway
	reading bool
}

// underway returns the imports w reported last, and reads them again in
// the background when that answer is older than importWatchTTL. An error
// of the store leaves what it could tell (its own imports).
func (iw *importWatch) underway(w graph.ImportWatcher) []graph.ImportUnderway {
	iw.mu.Lock()
	defer iw.mu.Unlock()
	if !iw.reading && (iw.at.IsZero() || time.Since(iw.at) >= importWatchTTL) {
		iw.reading = true
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), importWatchTimeout)
			defer cancel()
			list, _ := w.ImportsUnderway(ctx)
			iw.mu.Lock()
			defer iw.mu.Unlock()
			iw.list, iw.at, iw.reading = list, time.Now(), false
		}()
	}
	return iw.list
}

// importNotice sets ImportHeader on the answer while imports are underway.
// It runs after authentication, so that requests without a valid token
// cost no read of the store.
func (s *Server) importNotice(c *gin.Context) {
	if w, ok := s.Store.(graph.ImportWatcher); ok && principal(c) != nil {
		if list := s.imports.underway(w); len(list) > 0 {
			parts := make([]string, len(list))
			for i, x := range list {
				parts[i] = x.State + " " + x.ID
			}
			c.Header(ImportHeader, strings.Join(parts, ", "))
		}
	}
	c.Next()
}
