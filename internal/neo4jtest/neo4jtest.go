// Package neo4jtest starts a Neo4j of a test's own — auth off, Bolt on
// loopback, in a temporary state directory, stopped when the test ends —
// with the project's scripts/neo4j-dev.sh. Tests that stop, kill or
// restart Neo4j, or whose store must not meet the shared test database
// (graph/neo4jstore's, which wipes it), use one. It needs Java and Maven,
// as make test does.
package neo4jtest

import (
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
)

// Server is a test's own Neo4j.
type Server struct {
	Home string // state directory (data, pid, log)
	URI  string // bolt://127.0.0.1:port
	Port string
}

// script is the path of scripts/neo4j-dev.sh, found from this file.
func script() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "scripts", "neo4j-dev.sh")
}

// dev runs scripts/neo4j-dev.sh with the server's private state directory.
// It never wipes that directory's data (scripts/test.sh exports
// NEO4J_DEV_FRESH=1 for the shared instance; a restart here must find its
// data).
//
// A start that lost its port to another process between the script's
// choice of a free port and Neo4j's bind ("Address already in use": several
// test packages start Neo4j servers at once) is tried again, up to three
// times.
func dev(t testing.TB, home string, env []string, args ...string) string {
	t.Helper()
	for try := 1; ; try++ {
		cmd := exec.Command("bash", append([]string{script()}, args...)...)
		cmd.Env = append(append(os.Environ(), "NEO4J_DEV_HOME="+home, "NEO4J_DEV_AUTH=none", "NEO4J_DEV_FRESH="), env...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err == nil {
			return strings.TrimSpace(string(out))
		}
		if try < 3 && strings.Contains(stderr.String(), "Address already in use") {
			t.Logf("neo4j-dev.sh %v lost its port to another process; trying again", args)
			continue
		}
		t.Fatalf("neo4j-dev.sh %v: %v\n%s", args, err, stderr.String())
	}
}

// Start starts a Neo4j of t's own, stopped when t ends, or skips t where
// there is no Neo4j in this environment (make test and CI provide one and
// set RELMAP_NEO4J_URI; CI sets RELMAP_REQUIRE_NEO4J=1, which makes a
// missing Neo4j a failure). NEO4J_DEV_PORT in the environment chooses its
// port.
func Start(t testing.TB) *Server {
	t.Helper()
	if os.Getenv("RELMAP_NEO4J_URI") == "" && os.Getenv("RELMAP_REQUIRE_NEO4J") != "1" {
		t.Skip("no Neo4j in this environment (make test provides one; CI sets RELMAP_REQUIRE_NEO4J=1)")
	}
	n := &Server{Home: t.TempDir()}
	n.URI = dev(t, n.Home, nil, "start")
	t.Cleanup(func() { dev(t, n.Home, nil, "stop") })
	u, err := url.Parse(n.URI)
	if err != nil {
		t.Fatal(err)
	}
	n.Port = u.Port()
	return n
}

// Stop stops Neo4j the orderly way (SIGTERM).
func (n *Server) Stop(t testing.TB) { dev(t, n.Home, nil, "stop") }

// Restart starts Neo4j again on the same port and data.
func (n *Server) Restart(t testing.TB) {
	t.Helper()
	if uri := dev(t, n.Home, []string{"NEO4J_DEV_PORT=" + n.Port}, "start"); uri != n.URI {
		t.Fatalf("Neo4j came back at %s, want %s", uri, n.URI)
	}
}

// Kill sends SIGKILL to the Neo4j process (kill -9: no shutdown, no flush)
// and waits until it is gone.
func (n *Server) Kill(t testing.TB) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(n.Home, "pid"))
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

// ReadyWait is how long a test waits for a database to answer before it
// gives up: long, because a busy machine (CI, or several test packages on
// two cores) can take many times the usual few seconds to start Neo4j,
// recover it after a kill, or create relmap's schema. A test that waits
// polls; it never sleeps for a fixed time.
const ReadyWait = 3 * time.Minute

// WaitReady calls try until it succeeds, and returns its value. An error
// with code EUNAVAILABLE (the database did not answer in time, a lock was
// not had in time) is tried again a second later, until ReadyWait has
// passed; any other error fails t at once.
func WaitReady[T any](t testing.TB, what string, try func() (T, error)) T {
	t.Helper()
	deadline := time.Now().Add(ReadyWait)
	for {
		v, err := try()
		if err == nil {
			return v
		}
		if graph.ErrorCode(err) != graph.EUNAVAILABLE || time.Now().After(deadline) {
			t.Fatalf("%s: %v", what, err)
		}
		t.Logf("%s: %v; trying again", what, err)
		time.Sleep(time.Second)
	}
}
