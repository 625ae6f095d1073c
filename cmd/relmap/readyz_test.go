package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// neo4jDev runs scripts/neo4j-dev.sh with a private state directory. It
// never wipes that directory's data (scripts/test.sh exports
// NEO4J_DEV_FRESH=1 for the shared instance; a restart here must find its
// data).
func neo4jDev(t *testing.T, home string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("bash", append([]string{"../../scripts/neo4j-dev.sh"}, args...)...)
	cmd.Env = append(append(os.Environ(), "NEO4J_DEV_HOME="+home, "NEO4J_DEV_AUTH=none", "NEO4J_DEV_FRESH="), env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("neo4j-dev.sh %v: %v\n%s", args, err, stderr.String())
	}
	return strings.TrimSpace(string(out))
}

// testNeo4j is a Neo4j of one test's own (auth off, Bolt on loopback),
// in a temporary state directory, stopped when the test ends. The outage
// tests stop, kill and restart it; the shared test database is never
// touched. NEO4J_DEV_PORT in the environment chooses its port.
type testNeo4j struct {
	home string
	uri  string
	port string
}

// startNeo4j starts a test's own Neo4j, or skips the test where there is
// no Neo4j (make test and CI provide one; CI sets RELMAP_REQUIRE_NEO4J=1).
func startNeo4j(t *testing.T) *testNeo4j {
	t.Helper()
	if os.Getenv("RELMAP_NEO4J_URI") == "" && os.Getenv("RELMAP_REQUIRE_NEO4J") != "1" {
		t.Skip("no Neo4j in this environment (make test provides one; CI sets RELMAP_REQUIRE_NEO4J=1)")
	}
	n := &testNeo4j{home: t.TempDir()}
	n.uri = neo4jDev(t, n.home, nil, "start")
	t.Cleanup(func() { neo4jDev(t, n.home, nil, "stop") })
	u, err := url.Parse(n.uri)
	if err != nil {
		t.Fatal(err)
	}
	n.port = u.Port()
	return n
}

// stop stops Neo4j the orderly way (SIGTERM).
func (n *testNeo4j) stop(t *testing.T) { neo4jDev(t, n.home, nil, "stop") }

// restart starts Neo4j again on the same port and data.
func (n *testNeo4j) restart(t *testing.T) {
	t.Helper()
	if uri := neo4jDev(t, n.home, []string{"NEO4J_DEV_PORT=" + n.port}, "start"); uri != n.uri {
		t.Fatalf("Neo4j came back at %s, want %s", uri, n.uri)
	}
}

// kill sends SIGKILL to the Neo4j process (kill -9: no shutdown, no
// flush) and waits until it is gone.
func (n *testNeo4j) kill(t *testing.T) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(n.home, "pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatalf("kill -9 %d: %v", pid, err)
	}
	for range 100 {
		// Gone, or a zombie nobody has reaped yet: either way it is dead.
		stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil || strings.Contains(string(stat), ") Z ") {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("Neo4j (pid %d) still runs 10 s after SIGKILL", pid)
}

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
	base := serveInProcess(t, "-neo4j-uri", neo.uri, "-timeout", "2s")

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

	neo.stop(t)
	waitFor(503, 3)

	neo.restart(t)
	waitFor(200, 60)
}
