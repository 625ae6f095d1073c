package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/api"
	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/neo4jstore"
	"github.com/relmap/relmap/graph/sqlitestore"
	"github.com/relmap/relmap/internal/neo4jtest"
	"github.com/relmap/relmap/segment"
)

// The resilience checks of issue #8: relmap with a database that stops,
// dies mid-import or is written by several clients at once. Each test
// brings its own database (a temporary SQLite file, or its own Neo4j; see
// startNeo4j).

// exampleFiles are examples/*.csv in an order that imports (nodes before
// the ties and contacts that name them), with what each holds: 3
// employees, 3 organisations, 3 persons, 5 relationships, 3 contacts
// (counted in the files; exchange's TestExamples checks the same).
var exampleFiles = []struct {
	kind string
	n    int
}{{"employees", 3}, {"organisations", 3}, {"persons", 3}, {"relationships", 5}, {"contacts", 3}}

// lockedBuilder is a strings.Builder safe for concurrent use: the Neo4j
// driver closes pooled connections in the background and logs their
// warnings to the command's stderr after run has returned (a data race the
// race detector found with a plain Builder).
type lockedBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuilder) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuilder) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// importCmd runs "relmap import" in-process with the store flags.
func importWith(t *testing.T, store []string, file string) (string, error) {
	t.Helper()
	var out, errb lockedBuilder
	err := run(t.Context(), append(append([]string{"import"}, store...), file), env(nil), &out, &errb)
	if err != nil {
		return out.String(), fmt.Errorf("%w\n%s", err, errb.String())
	}
	return out.String(), nil
}

// importConcurrently imports every example file, each by copies imports
// running at once (as several clients or processes retrying the same
// upload would). Each succeeds, or fails with EUNAVAILABLE — the store
// could not serialise it within its timeout, nothing was written — and
// is then retried until it succeeds, as its client would
// (neo4jtest.WaitReady: a busy machine may need several tries).
func importConcurrently(t *testing.T, store []string, copies int) {
	t.Helper()
	for _, f := range exampleFiles {
		file := filepath.Join("..", "..", "examples", f.kind+".csv")
		errs := make([]error, copies)
		var wg sync.WaitGroup
		for i := range copies {
			wg.Go(func() { _, errs[i] = importWith(t, store, file) })
		}
		wg.Wait()
		for i, err := range errs {
			if err == nil {
				continue
			}
			if graph.ErrorCode(err) != graph.EUNAVAILABLE {
				t.Fatalf("import %d of %d of %s: %v", i+1, copies, f.kind, err)
			}
			t.Logf("import %d of %d of %s: %v; retrying", i+1, copies, f.kind, err)
			neo4jtest.WaitReady(t, fmt.Sprintf("import %d of %d of %s, retried", i+1, copies, f.kind), func() (string, error) {
				return importWith(t, store, file)
			})
		}
	}
}

// adminToken creates an admin token in the store with "relmap token
// create" and returns its secret (tried again while the database does not
// answer in time: neo4jtest.WaitReady).
func adminToken(t *testing.T, store []string) string {
	t.Helper()
	return neo4jtest.WaitReady(t, "token create", func() (string, error) {
		var out, errb strings.Builder
		args := append([]string{"token", "create", "-name", "resilience", "-role", "admin"}, store...)
		if err := run(t.Context(), args, env(nil), &out, &errb); err != nil {
			return "", fmt.Errorf("%w\n%s", err, errb.String())
		}
		return strings.TrimSpace(out.String()), nil
	})
}

// apiClient calls a running relmap with a token. A call that takes longer
// than deadline fails the test: 5 s, the bound for an answer with
// the database down, where that is what is tested (within), otherwise a
// minute, which a busy machine may need for an answer with the database
// up.
type apiClient struct {
	base, token string
	deadline    time.Duration // 0: a minute
}

// within returns c with a deadline of d for each call.
func (c apiClient) within(d time.Duration) apiClient { c.deadline = d; return c }

// call sends the request and returns the status and the body.
func (c apiClient) call(t *testing.T, method, path, body string) (int, []byte) {
	t.Helper()
	status, _, b := c.do(t, method, path, body)
	return status, b
}

// do is call that also returns the answer's headers.
func (c apiClient) do(t *testing.T, method, path, body string) (int, http.Header, []byte) {
	t.Helper()
	deadline := c.deadline
	if deadline == 0 {
		deadline = time.Minute
	}
	ctx, cancel := context.WithTimeout(t.Context(), deadline)
	defer cancel()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: no answer within %s: %v", method, path, deadline, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the answer within %s: %v", method, path, deadline, err)
	}
	return resp.StatusCode, resp.Header, b
}

// total returns the total of a listing, failing unless it answers 200.
func (c apiClient) total(t *testing.T, path string) int {
	t.Helper()
	status, b := c.call(t, "GET", path, "")
	if status != 200 {
		t.Fatalf("GET %s: %d %s", path, status, b)
	}
	var page api.ListBody[json.RawMessage]
	if err := json.Unmarshal(b, &page); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return page.Total
}

// wantCounts checks that the listings hold the example files' records
// exactly once, plus extra contacts.
func (c apiClient) wantCounts(t *testing.T, extraContacts int) {
	t.Helper()
	for _, f := range exampleFiles {
		want := f.n
		if f.kind == "contacts" {
			want += extraContacts
		}
		if got := c.total(t, "/api/v1/"+f.kind+"?limit=1000"); got != want {
			t.Errorf("%s: %d stored, want %d (one per id)", f.kind, got, want)
		}
	}
}

// dataRoutes are reads of each kind the API serves from the store: a
// listing with a filter, the segment matrix and the warm paths (built
// from the snapshot cache, which asks the store for its version).
var dataRoutes = []string{
	"/api/v1/employees",
	"/api/v1/persons?q=jan",
	"/api/v1/relationships?node=per-jan",
	"/api/v1/segments/matrix",
	"/api/v1/paths?from=emp-anna&to=org-fonds",
}

// retriedContact is one contact as a client that retries would POST it
// twice; without an id the server derives one from its content.
const retriedContact = `{"date":"2026-02-25","employee_id":"emp-anna","stakeholder_id":"per-jan","mode":"phone","note":"retried"}`

// postTwice POSTs retriedContact twice: the first creates it (201), the
// retry finds it stored and changes nothing (409, ECONFLICT), and the log
// then holds it once.
func (c apiClient) postTwice(t *testing.T) {
	t.Helper()
	status, b := c.call(t, "POST", "/api/v1/contacts", retriedContact)
	if status != 201 {
		t.Fatalf("POST /api/v1/contacts: %d %s, want 201", status, b)
	}
	status, b = c.call(t, "POST", "/api/v1/contacts", retriedContact)
	if status != 409 || errorCode(t, b) != graph.ECONFLICT {
		t.Fatalf("the retried POST /api/v1/contacts: %d %s, want 409 ECONFLICT", status, b)
	}
	if n := c.total(t, "/api/v1/contacts?stakeholder_id=per-jan"); n != 1 {
		t.Fatalf("contacts with per-jan after the retried POST: %d, want 1", n)
	}
}

// errorCode reads the code of a JSON error answer.
func errorCode(t *testing.T, b []byte) string {
	t.Helper()
	var e api.ErrorBody
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatalf("not a JSON error: %s", b)
	}
	return e.Error.Code
}

// TestServeFollowsNeo4j is issue #8's outage check of the data routes,
// with retries and concurrent imports on the way:
//
//  1. three imports of each example file at once leave one node per id;
//  2. a retried POST /api/v1/contacts is applied once;
//  3. with Neo4j stopped, every data route (and a write) answers 503 with
//     the coded JSON error EUNAVAILABLE, within the client's 5 s deadline;
//  4. with Neo4j back on the same port and data, every route answers 200
//     with the same data, without a restart of relmap.
//
// It runs two servers on the one Neo4j: "relmap serve" itself, which keeps
// its tokens in Neo4j too (so with Neo4j down the token check is what
// answers 503), and the same api.Server in-process with its tokens in an
// SQLite file, so that the data handlers themselves meet the dead
// database.
func TestServeFollowsNeo4j(t *testing.T) {
	neo := startNeo4j(t)
	importConcurrently(t, []string{"-neo4j-uri", neo.URI}, 3) // the default 5 s store timeout
	// relmap serve's default store timeout: issue 13 found the answer
	// with Neo4j down just over 5 s (the token lookup used all of it).
	store := []string{"-neo4j-uri", neo.URI}
	served := apiClient{base: serveInProcess(t, store...), token: adminToken(t, store)}
	direct := directServer(t, neo.URI)
	// With Neo4j up every route answers 200; a 503 is tried again for a
	// while, since a database that answers slowly on a shared, loaded
	// machine is not the outage this test is about (CI saw one).
	for _, c := range []apiClient{served, direct} {
		for _, path := range dataRoutes {
			c.getOK(t, path, outageDeadline, "with Neo4j up")
		}
	}
	served.wantCounts(t, 0)
	served.postTwice(t)

	neo.Stop(t)
	// The budget (api.TokenTimeout + ServeTimeout, 4 s) is what bounds
	// the answer; TestOutageBudget checks it. The deadline here only
	// catches a request that hangs: under -race on a busy two-core
	// machine the same 4 s of waiting take longer on the wall clock.
	for _, c := range []apiClient{served.within(outageDeadline), direct.within(outageDeadline)} {
		for _, path := range dataRoutes {
			start := time.Now()
			status, b := c.call(t, "GET", path, "")
			if status != 503 || errorCode(t, b) != graph.EUNAVAILABLE {
				t.Errorf("GET %s%s with Neo4j stopped: %d %s, want 503 EUNAVAILABLE", c.base, path, status, b)
			}
			t.Logf("GET %s%s with Neo4j stopped answered in %s", c.base, path, time.Since(start).Round(time.Millisecond))
		}
		if status, b := c.call(t, "POST", "/api/v1/contacts", retriedContact); status != 503 || errorCode(t, b) != graph.EUNAVAILABLE {
			t.Errorf("POST %s/api/v1/contacts with Neo4j stopped: %d %s, want 503 EUNAVAILABLE", c.base, status, b)
		}
	}

	neo.Restart(t)
	for _, c := range []apiClient{served, direct} {
		for _, path := range dataRoutes {
			c.getOK(t, path, neo4jtest.ReadyWait, "after Neo4j came back")
		}
	}
	served.wantCounts(t, 1)
}

// getOK asks for path until it answers 200, once a second for up to wait,
// and fails the test with the last answer if it never does.
func (c apiClient) getOK(t *testing.T, path string, wait time.Duration, when string) {
	t.Helper()
	status, b := 0, []byte(nil)
	for deadline := time.Now().Add(wait); time.Now().Before(deadline); time.Sleep(time.Second) {
		if status, b = c.call(t, "GET", path, ""); status == 200 {
			return
		}
	}
	t.Fatalf("GET %s%s %s, for %s: %d %s", c.base, path, when, wait, status, b)
}

// outageDeadline is how long a test waits for relmap's answer with Neo4j
// down before it calls the request hung. It is no measure of speed: the
// budget relmap sets itself is TestOutageBudget's, and a race-detector
// build on a shared two-core machine spends that budget slowly.
const outageDeadline = 30 * time.Second

// TestOutageBudget: issue 13 (item 9) found the answer with Neo4j down
// just over 5 s, because the token lookup alone used the whole store
// timeout. relmap serve's waits for a dead database add up to 4 s — the
// token lookup's bound plus serve's default store timeout — leaving a
// second of the 5 s a client may expect. TestServeFollowsNeo4j logs the
// answer times it sees; tests assert no wall-clock times.
func TestOutageBudget(t *testing.T) {
	if got := api.TokenTimeout + ServeTimeout; got > 4*time.Second {
		t.Errorf("token lookup %s + store timeout %s = %s, want at most 4 s", api.TokenTimeout, ServeTimeout, got)
	}
}

// directServer serves relmap's API in-process on the Neo4j at uri, as
// serve wires it (store, segments, snapshot cache; serve's default store
// timeout), but with its tokens in an SQLite file of its own.
func directServer(t *testing.T, uri string) apiClient {
	t.Helper()
	neo := neo4jtest.WaitReady(t, "open neo4j", func() (*neo4jstore.Store, error) {
		return neo4jstore.Open(t.Context(), neo4jstore.Config{URI: uri, Timeout: ServeTimeout})
	})
	t.Cleanup(func() { neo.Close() })
	return serverOn(t, neo)
}

// serverOn is directServer on a store the test opened.
func serverOn(t *testing.T, neo *neo4jstore.Store) apiClient {
	t.Helper()
	tokens, err := sqlitestore.Open(t.Context(), filepath.Join(t.TempDir(), "tokens.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tokens.Close() })
	tok, secret, err := auth.NewToken("resilience", auth.Admin, "test", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := tokens.CreateToken(t.Context(), tok); err != nil {
		t.Fatal(err)
	}
	srv := &api.Server{Store: neo, Tokens: tokens, Snapshots: &analysis.Cache{Source: neo, Contacts: neo}}
	if ss := segmentStoreOf(neo, slog.New(slog.DiscardHandler)); ss != nil {
		srv.Segments = ss
	}
	h, err := srv.Handler()
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return apiClient{base: ts.URL, token: secret}
}

// TestSQLiteConcurrentImportsAndRetries is the same for the embedded
// store: four imports of each example file at once (each in-process
// import opens the file on its own, as separate processes would) leave one
// record per id and move the version once per file (5); importing every
// file again changes nothing, not even the version; and a retried POST
// /api/v1/contacts is applied once (version 6).
func TestSQLiteConcurrentImportsAndRetries(t *testing.T) {
	db := filepath.Join(t.TempDir(), "relmap.db")
	store := []string{"-db", db}
	importConcurrently(t, store, 4)
	wantVersion := func(want int64) {
		t.Helper()
		s, err := sqlitestore.Open(t.Context(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if v, err := s.Version(t.Context()); err != nil || v != want {
			t.Fatalf("version %d (%v), want %d", v, err, want)
		}
	}
	wantVersion(5)
	importConcurrently(t, store, 1)
	wantVersion(5)

	c := apiClient{base: serveInProcess(t, store...), token: adminToken(t, store)}
	c.wantCounts(t, 0)
	c.postTwice(t)
	c.wantCounts(t, 1)
	wantVersion(6)
}

// networkState is what a store shows, for before/after comparisons:
// its network (every node and relationship, sorted, with the version) and
// its number of contacts.
type networkState struct {
	Network  *graph.Network
	Contacts int
}

func stateOf(t *testing.T, s graph.Store) networkState {
	t.Helper()
	n, err := graph.ReadNetwork(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	_, contacts, err := s.FindContacts(t.Context(), graph.ContactFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return networkState{n, contacts}
}

func sameState(t *testing.T, what string, before, after networkState) {
	t.Helper()
	b, _ := json.Marshal(before)
	a, _ := json.Marshal(after)
	if string(a) != string(b) {
		t.Fatalf("%s: the store changed: %d nodes, %d relationships, %d contacts, version %d before; %d, %d, %d, %d after",
			what, len(before.Network.Nodes), len(before.Network.Edges), before.Contacts, before.Network.Version,
			len(after.Network.Nodes), len(after.Network.Edges), after.Contacts, after.Network.Version)
	}
}

// bigPersons returns n new persons ("big-per-000000"…) with ties: each
// knows the next five (5n relationships), and the first works at
// org-fonds of the examples.
func bigPersons(n int) *graph.Batch {
	b := &graph.Batch{}
	id := func(i int) string { return fmt.Sprintf("big-per-%06d", i%n) }
	for i := range n {
		b.Persons = append(b.Persons, &graph.Person{ID: id(i), Name: fmt.Sprintf("Big Person %d", i)})
		for d := 1; d <= 5; d++ {
			b.Relationships = append(b.Relationships, &graph.Relationship{Type: graph.RelKnows, From: id(i), To: id(i + d), Strength: 0.5})
		}
	}
	b.Relationships = append(b.Relationships, &graph.Relationship{Type: graph.RelWorksAt, From: id(0), To: "org-fonds", Strength: 1})
	return b
}

// TestNeo4jKilledMidImport kills Neo4j with SIGKILL while an upsert of
// 10,000 persons and 50,001 relationships runs (one transaction, see
// neo4jstore's doc), then starts it again: the client got an error, and
// the store shows exactly what it showed before the import — no node,
// relationship or version of it survived.
func TestNeo4jKilledMidImport(t *testing.T) {
	neo := startNeo4j(t)
	importConcurrently(t, []string{"-neo4j-uri", neo.URI}, 1)
	open := func() *neo4jstore.Store {
		return neo4jtest.WaitReady(t, "open neo4j", func() (*neo4jstore.Store, error) {
			return neo4jstore.Open(t.Context(), neo4jstore.Config{URI: neo.URI, Timeout: 5 * time.Second, BulkTimeout: 5 * time.Minute})
		})
	}
	s := open()
	before := stateOf(t, s)

	done := make(chan error, 1)
	go func() {
		_, err := s.Upsert(graph.WithActor(t.Context(), "resilience"), bigPersons(10000), graph.UpsertOptions{})
		done <- err
	}()
	// Three seconds into the upsert: on this machine it takes much longer
	// (the foundation measured 104k relationships in one transaction at
	// 21.9 s), so it is under way. If it is not, the test says so.
	select {
	case err := <-done:
		t.Fatalf("the upsert ended within 3 s (%v), before Neo4j could be killed; make the batch bigger", err)
	case <-time.After(3 * time.Second):
	}
	neo.Kill(t)
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("the upsert succeeded although Neo4j was killed under it")
		}
		t.Logf("the client got: %v (code %s)", err, graph.ErrorCode(err))
		if code := graph.ErrorCode(err); code != graph.EUNAVAILABLE {
			t.Errorf("error code %s, want %s", code, graph.EUNAVAILABLE)
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("the upsert did not return within 2 min of Neo4j's death")
	}
	s.Close()

	neo.Restart(t)
	s = open()
	defer s.Close()
	sameState(t, "after kill -9 and restart", before, stateOf(t, s))
	if _, err := s.FindPersonByID(t.Context(), "big-per-000000"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Fatalf("a person of the killed import: %v, want %s", err, graph.ENOTFOUND)
	}
}

// TestImportKilledSQLite kills a "relmap import" process (the real binary,
// built for the test) with SIGKILL in the middle of importing 150,000
// persons into an SQLite database that holds the examples (after its first
// part of 50,000 is written in the import's one transaction): the database
// then opens, holds nothing of that import, has lost nothing it held, and
// takes writes.
func TestImportKilledSQLite(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "relmap")
	if out, err := exec.Command(gobin, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "relmap.db")
	importConcurrently(t, []string{"-db", db}, 1)
	openDB := func() *sqlitestore.Store {
		s, err := sqlitestore.Open(t.Context(), db)
		if err != nil {
			t.Fatalf("open the database: %v", err)
		}
		return s
	}
	s := openDB()
	before := stateOf(t, s)
	s.Close()

	const n = 150000
	var csv strings.Builder
	csv.WriteString("id,name,title\n")
	for i := range n {
		fmt.Fprintf(&csv, "big-per-%06d,Big Person %d,Title %d\n", i, i, i%97)
	}
	file := filepath.Join(dir, "persons.csv")
	if err := os.WriteFile(file, []byte(csv.String()), 0o600); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(bin, "import", "-db", db, file)
	// The binary reads RELMAP_* from its environment: without this, the
	// RELMAP_NEO4J_URI that make test exports sends the import to the
	// shared test Neo4j instead of the SQLite file.
	cmd.Env = withoutRelmapEnv(os.Environ())
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// A file this long is imported in parts of 50,000 rows inside one
	// transaction (exchange.PartRows): once the import reports row 110,000
	// read, two parts are written, uncommitted. Kill it then.
	var progress []string
	mid := false
	lines := bufio.NewScanner(stderr)
	for !mid && lines.Scan() {
		progress = append(progress, lines.Text())
		var rows, total int
		if _, err := fmt.Sscanf(lines.Text(), "import: %d of about %d rows", &rows, &total); err == nil && rows >= 110000 {
			mid = true
		}
	}
	go func() { _, _ = io.Copy(io.Discard, stderr) }()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	if !mid {
		t.Fatalf("the import never reported row 110,000; it ended with %v:\n%s", <-exited, strings.Join(progress, "\n"))
	}
	select {
	case err := <-exited:
		t.Fatalf("the import ended (%v) before it could be killed", err)
	default:
	}
	if fi, err := os.Stat(db + "-wal"); err == nil {
		t.Logf("write-ahead log at the kill: %d bytes", fi.Size())
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err = <-exited
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("the import ended with %v, want killed by SIGKILL", err)
	}

	s = openDB()
	defer s.Close()
	sameState(t, "after kill -9 of the import", before, stateOf(t, s))
	if _, err := s.FindPersonByID(t.Context(), "big-per-000000"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Fatalf("a person of the killed import: %v, want %s", err, graph.ENOTFOUND)
	}
	if err := s.CreatePerson(t.Context(), &graph.Person{ID: "per-after", Name: "After The Kill"}); err != nil {
		t.Fatalf("a write after the kill: %v", err)
	}
}

// withoutRelmapEnv returns env without its RELMAP_* variables, so that a
// relmap process a test starts uses only the flags the test gives it.
func withoutRelmapEnv(env []string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "RELMAP_") {
			out = append(out, kv)
		}
	}
	return out
}

// TestSplitImportUndoneWhileRunning is issue 13's item 5: Neo4j is killed
// (SIGKILL) after 2 of the 4 parts of an import written part by part have
// been committed. The import fails; its undoing fails too (Neo4j is gone),
// and the store, left running, keeps trying in the background: once Neo4j
// is back on the same data, the import is undone — no relmap restart —
// and the store shows what it showed before. While the parts are written,
// every answer of the API says so (Relmap-Import), and so does /readyz.
func TestSplitImportUndoneWhileRunning(t *testing.T) {
	neo := startNeo4j(t)
	// Generous deadlines: the machine may be busy; a dead Neo4j still
	// fails a call at once (its connection is refused).
	importConcurrently(t, []string{"-neo4j-uri", neo.URI, "-timeout", "30s"}, 1)
	s, err := neo4jstore.Open(t.Context(), neo4jstore.Config{URI: neo.URI, Timeout: 30 * time.Second,
		BulkTimeout: 5 * time.Minute, ImportSplitRows: 1000})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c := serverOn(t, s)
	before := stateOf(t, s)
	persons := c.total(t, "/api/v1/persons?limit=1")

	// Four parts of 10,000 new persons each.
	const perPart = 10000
	parts := make([]*segment.Import, 4)
	for p := range parts {
		b := &graph.Batch{}
		for i := range perPart {
			b.Persons = append(b.Persons, &graph.Person{ID: fmt.Sprintf("split-%d-%05d", p, i), Name: fmt.Sprintf("Split %d %d", p, i)})
		}
		parts[p] = &segment.Import{Batch: b}
	}
	done := make(chan error, 1)
	go func() {
		_, err := s.Import(graph.WithActor(context.Background(), "resilience"), segment.Parts(parts...), graph.UpsertOptions{})
		done <- err
	}()

	// Watch the listing until two parts are committed, then kill Neo4j.
	var header string
	for {
		select {
		case err := <-done:
			t.Fatalf("the import ended (%v) before two of its parts could be seen; make the parts bigger", err)
		case <-time.After(50 * time.Millisecond):
		}
		status, h, b := c.do(t, "GET", "/api/v1/persons?limit=1", "")
		if status != 200 {
			t.Fatalf("GET /api/v1/persons during the import: %d %s", status, b)
		}
		var page api.ListBody[json.RawMessage]
		if err := json.Unmarshal(b, &page); err != nil {
			t.Fatal(err)
		}
		if n := page.Total - persons; n >= 2*perPart {
			if n >= 4*perPart {
				t.Fatal("all four parts were committed before Neo4j could be killed; make the parts bigger")
			}
			header = h.Get(api.ImportHeader)
			break
		}
	}
	if !strings.HasPrefix(header, "running imp-") {
		t.Errorf("%s during the import: %q, want \"running imp-…\"", api.ImportHeader, header)
	}
	neo.Kill(t)
	select {
	case err := <-done:
		if graph.ErrorCode(err) != graph.EUNAVAILABLE {
			t.Errorf("the import with Neo4j killed: %v, want %s", err, graph.EUNAVAILABLE)
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("the import did not return within 2 min of Neo4j's death")
	}
	list, err := s.ImportsUnderway(t.Context())
	if err == nil || len(list) != 1 || list[0].State != graph.ImportUndoing {
		t.Errorf("with Neo4j dead: imports %+v (%v), want one waiting to be undone and the error", list, err)
	}

	neo.Restart(t)
	back := time.Now()
	for {
		list, err := s.ImportsUnderway(t.Context())
		if err == nil && len(list) == 0 {
			break
		}
		if time.Since(back) > 2*time.Minute {
			t.Fatalf("2 min after Neo4j came back the import is still underway: %+v (%v)", list, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("undone %s after Neo4j answered again, without a restart of the store", time.Since(back).Round(100*time.Millisecond))
	after := stateOf(t, s)
	before.Network.Version, after.Network.Version = 0, 0 // the parts and their undoing moved it
	sameState(t, "after the undoing", before, after)
	if status, h, b := c.do(t, "GET", "/readyz", ""); status != 200 || h.Get(api.ImportHeader) != "" || strings.Contains(string(b), "imports") {
		t.Errorf("/readyz after the undoing: %d %s, header %q", status, b, h.Get(api.ImportHeader))
	}
}
