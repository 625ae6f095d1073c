package main

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/relmap/relmap/internal/neo4jtest"
)

// startNeo4j starts a test's own Neo4j (neo4jtest.Start).
func startNeo4j(t *testing.T) *neo4jtest.Server { return neo4jtest.Start(t) }

// serveInProcess runs "relmap serve" with args (and a free loopback port)
// in-process until the test ends, and returns its base URL (startServe:
// a start the database is not yet ready for is tried again).
func serveInProcess(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	base, done := startServe(t, ctx, args...)
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
// is left alone. Waiting for 200 polls up to neo4jtest.ReadyWait: a busy
// machine may take long to start or recover Neo4j, and that is no fault.
func TestReadyzFollowsNeo4j(t *testing.T) {
	neo := startNeo4j(t)
	base := serveInProcess(t, "-neo4j-uri", neo.URI, "-timeout", "2s")

	ready := func(client *http.Client) int {
		t.Helper()
		resp, err := client.Get(base + "/readyz")
		if err != nil {
			t.Fatalf("/readyz did not answer within %s: %v", client.Timeout, err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	// An answer with the database down must come (TestOutageBudget
	// checks how long relmap waits for it), and one with the database up
	// may take long on a busy machine.
	down := &http.Client{Timeout: outageDeadline}
	up := &http.Client{Timeout: time.Minute}
	waitFor := func(want int, client *http.Client) {
		t.Helper()
		got := 0
		for deadline := time.Now().Add(neo4jtest.ReadyWait); time.Now().Before(deadline); time.Sleep(time.Second) {
			if got = ready(client); got == want {
				return
			}
		}
		t.Fatalf("/readyz = %d for %s, want %d", got, neo4jtest.ReadyWait, want)
	}
	waitFor(200, up)

	neo.Stop(t)
	waitFor(503, down)

	neo.Restart(t)
	waitFor(200, up)
}
