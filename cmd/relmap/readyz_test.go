package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/internal/neo4jtest"
)

// startNeo4j starts a test's own Neo4j (neo4jtest.Start).
func startNeo4j(t *testing.T) *neo4jtest.Server { return neo4jtest.Start(t) }

// serveInProcess runs "relmap serve" with args (and a free loopback port)
// in-process until the test ends, and returns its base URL.
func serveInProcess(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "-addr", "127.0.0.1:0", "-log-level", "error"}, args...), env(nil), pw, io.Discard)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	var base string
	for lines.Scan() {
		if b, ok := strings.CutPrefix(lines.Text(), "relmap listening on "); ok {
			base = b
			break
		}
	}
	if base == "" {
		cancel()
		t.Fatalf("relmap did not start: %v", <-done)
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
			t.Errorf("serve: %v", err)
		}
	})
	return base
}

// TestReadyzFollowsNeo4j is the foundation issue's outage check: relmap
// serves on a real Neo4j; when Neo4j stops, /readyz answers 503 (each answer
// within the 5 s the issue allows, as the client's timeout enforces), and
// when Neo4j is back on the same port and data, /readyz recovers without a
// restart of relmap. It starts its own Neo4j so the shared test database
// is left alone.
func TestReadyzFollowsNeo4j(t *testing.T) {
	neo := startNeo4j(t)
	base := serveInProcess(t, "-neo4j-uri", neo.URI, "-timeout", "2s")

	client := &http.Client{Timeout: 5 * time.Second}
	ready := func() int {
		resp, err := client.Get(base + "/readyz")
		if err != nil {
			t.Fatalf("/readyz did not answer within 5 s: %v", err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	waitFor := func(want int, attempts int) {
		t.Helper()
		got := 0
		for range attempts {
			if got = ready(); got == want {
				return
			}
			time.Sleep(time.Second)
		}
		t.Fatalf("/readyz = %d after %d attempts, want %d", got, attempts, want)
	}
	waitFor(200, 5)

	neo.Stop(t)
	waitFor(503, 3)

	neo.Restart(t)
	waitFor(200, 60)
}
