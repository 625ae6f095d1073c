package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
	"github.com/relmap/relmap/graph/storetest"
)

// The tests that need a server read it from the environment:
//
//	RELMAP_NEO4J_URI            bolt://127.0.0.1:7687 (scripts/neo4j-dev.sh start prints it)
//	RELMAP_NEO4J_USER           default "neo4j" when a password is given
//	RELMAP_NEO4J_PASSWORD       or RELMAP_NEO4J_PASSWORD_FILE
//	RELMAP_REQUIRE_NEO4J=1      fail instead of skipping when no URI is set (CI)
//	RELMAP_NEO4J_BIG=N          upsert N relationships in TestUpsertThroughput
//
// They wipe the database they are given (data only, not the schema): never
// point them at a database that matters. Run the package alone (-p 1):
// Neo4j Community has one database, shared by every test.

func serverConfig(t testing.TB) Config {
	t.Helper()
	uri := os.Getenv("RELMAP_NEO4J_URI")
	if uri == "" {
		if os.Getenv("RELMAP_REQUIRE_NEO4J") == "1" {
			t.Fatal("RELMAP_REQUIRE_NEO4J=1 but RELMAP_NEO4J_URI is not set")
		}
		t.Skip("RELMAP_NEO4J_URI is not set (start one with: scripts/neo4j-dev.sh start)")
	}
	pw := os.Getenv("RELMAP_NEO4J_PASSWORD")
	if f := os.Getenv("RELMAP_NEO4J_PASSWORD_FILE"); pw == "" && f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatalf("RELMAP_NEO4J_PASSWORD_FILE: %v", err)
		}
		pw = strings.TrimSpace(string(b))
	}
	user := os.Getenv("RELMAP_NEO4J_USER")
	if user == "" && pw != "" {
		user = "neo4j"
	}
	// A generous deadline: the suite runs beside other test packages on a
	// 2-core CI machine, where a cold server can take seconds per call. The
	// outage tests set their own short one.
	return Config{URI: uri, Username: user, Password: pw, Logger: testLogger(t), Timeout: 30 * time.Second}
}

// testLogger logs warnings and errors to the test log.
func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// wipe deletes every node and relationship of the database cfg names, in
// batches, keeping the schema.
func wipe(t testing.TB, cfg Config) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	d := rawDriver(t, cfg)
	sess := d.NewSession(ctx, neo4j.SessionConfig{DatabaseName: DefaultDatabase})
	defer sess.Close(ctx)
	// CALL … IN TRANSACTIONS needs an auto-commit transaction: session.Run.
	res, err := sess.Run(ctx, "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS", nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		t.Fatalf("wipe the database: %v", err)
	}
}

// rawDriver returns a driver for the tests' own statements, closed with t.
func rawDriver(t testing.TB, cfg Config) neo4j.DriverWithContext {
	t.Helper()
	auth := neo4j.NoAuth()
	if cfg.Username != "" || cfg.Password != "" {
		auth = neo4j.BasicAuth(cfg.Username, cfg.Password, "")
	}
	d, err := neo4j.NewDriverWithContext(cfg.URI, auth)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close(context.Background()) })
	return d
}

// open wipes the test database and opens a store on it with a new
// storetest.Clock.
func open(t testing.TB) *Store {
	t.Helper()
	cfg := serverConfig(t)
	wipe(t, cfg)
	cfg.Now = new(storetest.Clock).Now
	s, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) graph.Store { return open(t) })
}

// TestIdentical checks that the Neo4j store and the SQLite store show the
// same data after the same upsert, audit fields and snapshot included.
func TestIdentical(t *testing.T) {
	neo := open(t)
	sq, err := sqlitestore.Open(context.Background(), filepath.Join(t.TempDir(), "relmap.db"),
		sqlitestore.WithNow(new(storetest.Clock).Now))
	if err != nil {
		t.Fatal(err)
	}
	defer sq.Close()
	storetest.RunIdentical(t, sq, neo, nil)
}

// TestExplain asks the server to plan every statement the store runs (each
// label and type a placeholder stands for), and the schema, so that a Cypher
// mistake fails here rather than in use; deprecated syntax fails too. With
// some data stored, it also checks that the statements that look records up
// by id seek an index rather than scan one: a scan per id turns a batch
// lookup quadratic, which the tests of small batches would not notice.
func TestExplain(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	if _, err := s.Upsert(ctx, bigBatch(4000, ""), graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	params := map[string]any{
		"id": "x", "ids": []string{"x", "y"}, "anchor": "x", "name": "x",
		"rows":  []map[string]any{{"id": "x", "from": "a", "to": "b", "employee_id": "e", "stakeholder_id": "s", "props": map[string]any{}}},
		"props": map[string]any{"x": map[string]any{}},
	}
	stmts := expanded()
	schema, err := schemaStatements()
	if err != nil {
		t.Fatal(err)
	}
	for i, q := range schema {
		stmts[fmt.Sprintf("schema[%d]", i)] = q
	}
	for _, name := range slices.Sorted(maps.Keys(stmts)) {
		res, err := neo4j.ExecuteQuery(ctx, s.driver, "EXPLAIN "+stmts[name], params, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.database))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, n := range res.Summary.Notifications() {
			if strings.Contains(n.Code(), "Deprecat") || n.RawCategory() == "DEPRECATION" {
				t.Errorf("%s: %s: %s", name, n.Code(), n.Description())
			}
		}
		ops := operators(res.Summary.Plan())
		if want, ok := wantPlan(name); ok {
			if !slices.ContainsFunc(ops, func(op string) bool { return strings.Contains(op, want) }) {
				t.Errorf("%s: plan %v has no %s", name, ops, want)
			}
			for _, op := range ops {
				if strings.Contains(op, "Scan") && !strings.Contains(op, want) {
					t.Errorf("%s: plan %v scans (%s)", name, ops, op)
				}
			}
		}
	}
	if want := len(relTypeList); len(schema) < want {
		t.Fatalf("%d schema statements, want at least one per relationship type (%d)", len(schema), want)
	}
}

// wantPlan returns the operator the plan of the statement called name must
// hold, for the statements that must start from an index.
func wantPlan(name string) (string, bool) {
	file, _, _ := strings.Cut(name, "/")
	switch file {
	case "stored_relationships.cypher", "update_relationships.cypher", "delete_relationships.cypher",
		"find_relationship.cypher":
		return "RelationshipUniqueIndexSeek", true
	case "stored_nodes.cypher", "update_nodes.cypher", "find_node.cypher", "delete_node.cypher",
		"stored_contacts.cypher", "find_contact.cypher", "delete_contact.cypher", "update_contacts.cypher",
		"create_relationships.cypher", "create_contacts.cypher", "delete_node_contacts.cypher",
		"find_node_relationships.cypher", "count_node_relationships.cypher",
		"find_node_contacts.cypher", "count_node_contacts.cypher",
		"setting.cypher", "save_setting.cypher", "stored_assessments.cypher", "create_assessments.cypher", "update_assessments.cypher",
		"delete_assessment.cypher", "delete_node_assessments.cypher",
		"find_node_assessments.cypher", "count_node_assessments.cypher":
		return "NodeUniqueIndexSeek", true
	case "owned_nodes.cypher":
		return "NodeIndexSeek", true
	}
	// find_nodes_named.cypher may or may not use the text index on
	// name_fold, as the planner finds cheaper: no hint forces it.
	return "", false
}

// operators lists the operators of a plan, depth first.
func operators(p neo4j.Plan) []string {
	if p == nil {
		return nil
	}
	out := []string{p.Operator()}
	for _, c := range p.Children() {
		out = append(out, operators(c)...)
	}
	return out
}

// TestSchemaIdempotent checks that opening a database again creates no
// second constraint or index, and that the expected ones exist.
func TestSchemaIdempotent(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	count := func() map[string]string {
		res, err := neo4j.ExecuteQuery(ctx, s.driver, "SHOW CONSTRAINTS YIELD name, type RETURN name, type", nil,
			neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.database))
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, r := range res.Records {
			name, _, _ := neo4j.GetRecordValue[string](r, "name")
			typ, _, _ := neo4j.GetRecordValue[string](r, "type")
			out[name] = typ
		}
		return out
	}
	before := count()
	s2, err := Open(ctx, serverConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	s2.Close()
	after := count()
	if !maps.Equal(before, after) {
		t.Fatalf("constraints changed on reopening: %v → %v", before, after)
	}
	for _, want := range []string{"node_id", "contact_id", "meta_id", "relationship_KNOWS_id", "relationship_WORKS_AT_id"} {
		if _, ok := after[want]; !ok {
			t.Errorf("constraint %s is missing; have %v", want, after)
		}
	}
	if got := after["relationship_KNOWS_id"]; got != "RELATIONSHIP_UNIQUENESS" {
		t.Errorf("relationship_KNOWS_id is a %q constraint, want RELATIONSHIP_UNIQUENESS", got)
	}
}

// TestUnavailable checks that a server that cannot be reached, or does not
// answer, makes Open fail with EUNAVAILABLE within about the timeout. It
// needs no server.
func TestUnavailable(t *testing.T) {
	// A closed port: the connection is refused.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()

	// A port that accepts connections and never answers: a hung server.
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	var conns []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	defer func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	}()

	if _, err := Open(context.Background(), Config{URI: "http://" + closed}); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("Open with an http URI: %v, want %s", err, graph.EINVALID)
	}
	for _, tc := range []struct{ name, addr string }{{"refused", closed}, {"silent", silent.Addr().String()}} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			s, err := Open(context.Background(), Config{URI: "bolt://" + tc.addr, Timeout: time.Second, Logger: testLogger(t)})
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("Open took %v, want about the 1 s timeout", took)
			}
			if code := graph.ErrorCode(err); code != graph.EUNAVAILABLE {
				t.Fatalf("error code %q, want %q: %v", code, graph.EUNAVAILABLE, err)
			}
			if msg := graph.ErrorMessage(err); strings.Contains(strings.ToLower(msg), "connectivity") || strings.Contains(msg, tc.addr) {
				t.Errorf("message %q shows driver details", msg)
			}
		})
	}
}

// TestServerGone opens a store through a TCP proxy to the server, then cuts
// the proxy: calls must fail with EUNAVAILABLE within about the timeout, and
// work again once the server is reachable again.
func TestServerGone(t *testing.T) {
	cfg := serverConfig(t)
	wipe(t, cfg)
	target := strings.TrimPrefix(strings.TrimPrefix(cfg.URI, "bolt://"), "neo4j://")
	p := newProxy(t, target)
	cfg.URI = "bolt://" + p.addr()
	cfg.Timeout = time.Second
	ctx := context.Background()
	s, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Ping(ctx); err != nil {
		t.Fatal(err)
	}

	p.cut()
	calls := map[string]func() error{
		"ping":    func() error { return s.Ping(ctx) },
		"version": func() error { _, err := s.Version(ctx); return err },
		"create":  func() error { return s.CreateEmployee(ctx, &graph.Employee{ID: "e", Name: "E", Role: graph.RoleStaff}) },
		"network": func() error { _, err := graph.ReadNetwork(ctx, s); return err },
	}
	for _, name := range slices.Sorted(maps.Keys(calls)) {
		start := time.Now()
		err := calls[name]()
		if code := graph.ErrorCode(err); code != graph.EUNAVAILABLE {
			t.Errorf("%s with the server gone: code %q, want %q: %v", name, code, graph.EUNAVAILABLE, err)
		}
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("%s took %v, want about the 1 s timeout", name, took)
		}
	}

	p.restore()
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("ping after the server came back: %v", err)
	}
}

// proxy forwards TCP connections to a target until cut.
type proxy struct {
	t      testing.TB
	l      net.Listener
	target string
	mu     sync.Mutex
	down   bool
	conns  []net.Conn
}

func newProxy(t testing.TB, target string) *proxy {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{t: t, l: l, target: target}
	t.Cleanup(func() { l.Close(); p.cut() })
	go p.serve()
	return p
}

func (p *proxy) addr() string { return p.l.Addr().String() }

func (p *proxy) serve() {
	for {
		c, err := p.l.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if p.down {
			p.mu.Unlock()
			c.Close() // refused, as by a stopped server
			continue
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			p.mu.Unlock()
			c.Close()
			continue
		}
		p.conns = append(p.conns, c, up)
		p.mu.Unlock()
		go func() { io.Copy(up, c); up.Close() }()
		go func() { io.Copy(c, up); c.Close() }()
	}
}

// cut drops every connection and refuses new ones.
func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = true
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func (p *proxy) restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = false
}

// TestConcurrentCreate checks that writers are serialised: of many
// concurrent creates of one id exactly one succeeds, the others conflict.
func TestConcurrentCreate(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	const n = 8
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.CreateEmployee(ctx, &graph.Employee{ID: "emp-same", Name: fmt.Sprintf("E%d", i), Role: graph.RoleStaff})
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch graph.ErrorCode(err) {
		case "":
			ok++
		case graph.ECONFLICT:
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d creates succeeded, want 1", ok)
	}
	if v, err := s.Version(ctx); err != nil || v != 1 {
		t.Fatalf("version %d (%v), want 1", v, err)
	}
}

// TestConcurrentRelationshipIDs checks the write lock where no constraint
// helps: relationship ids are unique across types, but Neo4j's uniqueness
// constraints hold per type. Concurrent upserts of one id under different
// types must leave one relationship with that id.
func TestConcurrentRelationshipIDs(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	if _, err := s.Upsert(ctx, storetest.Sample(), graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	rels := []*graph.Relationship{
		{ID: "rel-race", Type: graph.RelKnows, From: "per-dirk", To: "per-gert", Strength: 0.1},
		{ID: "rel-race", Type: graph.RelWorksAt, From: "per-gert", To: "org-kvk", Strength: 0.2},
		{ID: "rel-race", Type: graph.RelFunds, From: "org-fund", To: "org-kvk", Strength: 0.3},
		{ID: "rel-race", Type: graph.RelAdvises, From: "emp-anna", To: "org-gp", Strength: 0.4},
		{ID: "rel-race", Type: graph.RelReportsTo, From: "per-eva", To: "per-dirk", Strength: 0.5},
		{ID: "rel-race", Type: graph.RelMemberOf, From: "org-kvk", To: "org-city", Strength: 0.6},
	}
	var wg sync.WaitGroup
	for _, r := range rels {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.Upsert(ctx, &graph.Batch{Relationships: []*graph.Relationship{r}}, graph.UpsertOptions{}); err != nil {
				t.Errorf("upsert %s: %v", r.Type, err)
			}
		}()
	}
	wg.Wait()
	res, err := neo4j.ExecuteQuery(ctx, s.driver, "MATCH ()-[r {id: 'rel-race'}]->() RETURN count(r) AS n", nil,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.database))
	if err != nil {
		t.Fatal(err)
	}
	if n, _, _ := neo4j.GetRecordValue[int64](res.Records[0], "n"); n != 1 {
		t.Fatalf("%d relationships with id rel-race, want 1", n)
	}
}

// TestRelationshipMoves checks an upsert that gives a stored relationship id
// another type and other ends: Neo4j cannot change either, so the store
// replaces the relationship, keeping its creation audit.
func TestRelationshipMoves(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	if _, err := s.Upsert(ctx, storetest.Sample(), graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	before, err := s.FindRelationshipByID(ctx, "rel-city-kvk")
	if err != nil {
		t.Fatal(err)
	}
	moved := &graph.Relationship{ID: "rel-city-kvk", Type: graph.RelWorksAt, From: "per-gert", To: "org-kvk", Strength: 0.2}
	res, err := s.Upsert(ctx, &graph.Batch{Relationships: []*graph.Relationship{moved}}, graph.UpsertOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Relationships.Updated != 1 {
		t.Fatalf("result %+v, want one relationship updated", res.Relationships)
	}
	got, err := s.FindRelationshipByID(ctx, "rel-city-kvk")
	if err != nil {
		t.Fatal(err)
	}
	if got.Type != graph.RelWorksAt || got.From != "per-gert" || got.To != "org-kvk" || got.CreatedAt != before.CreatedAt {
		t.Fatalf("after the move: %+v (created %v, was %v)", got, got.CreatedAt, before.CreatedAt)
	}
	rels, total, err := s.FindRelationships(ctx, graph.RelationshipFilter{NodeID: ptr("org-city")})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rels {
		if r.ID == "rel-city-kvk" {
			t.Fatalf("the old relationship is still at org-city (%d relationships there)", total)
		}
	}
	net, err := graph.ReadNetwork(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(net.Edges) != len(storetest.Sample().Relationships) {
		t.Fatalf("%d edges after the move, want %d", len(net.Edges), len(storetest.Sample().Relationships))
	}
}

func ptr[T any](v T) *T { return &v }

// TestUpsertThroughput upserts one batch of generated relationships (20,000
// by default, RELMAP_NEO4J_BIG to change) in one transaction, re-upserts it
// unchanged, adds RELMAP_NEO4J_BATCHES-1 more such batches (none by
// default), streams the whole network back and logs the rates.
func TestUpsertThroughput(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	n, batches := 20000, 1
	for env, x := range map[string]*int{"RELMAP_NEO4J_BIG": &n, "RELMAP_NEO4J_BATCHES": &batches} {
		if v := os.Getenv(env); v != "" {
			if _, err := fmt.Sscan(v, x); err != nil {
				t.Fatalf("%s: %v", env, err)
			}
		}
	}
	s := open(t)
	ctx := context.Background()
	b := bigBatch(n, "")
	nodes := len(b.Persons) + len(b.Organisations)

	start := time.Now()
	res, err := s.Upsert(ctx, b, graph.UpsertOptions{})
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	t.Logf("upsert of %d nodes and %d relationships in one transaction: %v (%.0f relationships/s)",
		nodes, n, took.Round(time.Millisecond), float64(n)/took.Seconds())
	if res.Relationships.Created != n {
		t.Fatalf("created %+v, want %d relationships", res.Relationships, n)
	}

	start = time.Now()
	res, err = s.Upsert(ctx, bigBatch(n, ""), graph.UpsertOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("re-upsert unchanged: %v", time.Since(start).Round(time.Millisecond))
	if res.Changed() || res.Relationships.Unchanged != n {
		t.Fatalf("re-upsert: %+v, want everything unchanged", res)
	}

	for i := 1; i < batches; i++ {
		start = time.Now()
		if _, err := s.Upsert(ctx, bigBatch(n, fmt.Sprintf("b%d-", i)), graph.UpsertOptions{}); err != nil {
			t.Fatalf("batch %d: %v", i, err)
		}
		t.Logf("batch %d of %d: %v", i+1, batches, time.Since(start).Round(time.Millisecond))
	}

	start = time.Now()
	var nodeCount, edges int
	if _, err := s.Network(ctx, graph.NetworkVisitor{
		Node: func(graph.NetworkNode) error { nodeCount++; return nil },
		Edge: func(graph.NetworkEdge) error { edges++; return nil },
	}); err != nil {
		t.Fatal(err)
	}
	t.Logf("network stream of %d nodes and %d edges: %v", nodeCount, edges, time.Since(start).Round(time.Millisecond))
	if edges != n*batches || nodeCount != nodes*batches {
		t.Fatalf("streamed %d nodes and %d edges, want %d and %d", nodeCount, edges, nodes*batches, n*batches)
	}
}

// bigBatch returns n knows and works_at relationships among n/4 persons and
// n/100 organisations (at least one of each), every id starting with prefix.
func bigBatch(n int, prefix string) *graph.Batch {
	var b graph.Batch
	np, no := max(n/4, 2), max(n/100, 1)
	for i := range np {
		b.Persons = append(b.Persons, &graph.Person{ID: fmt.Sprintf("%sper-%d", prefix, i), Name: fmt.Sprintf("Person %d", i)})
	}
	for i := range no {
		b.Organisations = append(b.Organisations, &graph.Organisation{ID: fmt.Sprintf("%sorg-%d", prefix, i), Name: fmt.Sprintf("Org %d", i)})
	}
	for i := range n {
		var r graph.Relationship
		if i%2 == 0 {
			r = graph.Relationship{ID: fmt.Sprintf("%srel-%d", prefix, i), Type: graph.RelWorksAt,
				From: fmt.Sprintf("%sper-%d", prefix, (i/2)%np), To: fmt.Sprintf("%sorg-%d", prefix, i%no),
				Strength: 0.5, Nature: graph.NatureFormal}
		} else {
			from, to := i%np, (i*7+1)%np
			if from == to {
				to = (to + 1) % np
			}
			r = graph.Relationship{ID: fmt.Sprintf("%srel-%d", prefix, i), Type: graph.RelKnows,
				From: fmt.Sprintf("%sper-%d", prefix, from), To: fmt.Sprintf("%sper-%d", prefix, to), Strength: 0.3}
		}
		b.Relationships = append(b.Relationships, &r)
	}
	return &b
}

// TestErrorMapping checks the codes driver and server errors get.
func TestErrorMapping(t *testing.T) {
	ctx := context.Background()
	expired, cancel := context.WithDeadline(ctx, time.Now().Add(-time.Second))
	defer cancel()
	cancelled, cancel2 := context.WithCancel(ctx)
	cancel2()
	for _, tc := range []struct {
		name string
		ctx  context.Context
		err  error
		want string
	}{
		{"deadline", ctx, context.DeadlineExceeded, graph.EUNAVAILABLE},
		{"expired context", expired, errors.New("something"), graph.EUNAVAILABLE},
		{"cancelled", cancelled, context.Canceled, graph.EINTERNAL}, // no code of its own; errors.Is(err, context.Canceled) holds
		{"connectivity", ctx, &neo4j.ConnectivityError{Inner: errors.New("refused")}, graph.EUNAVAILABLE},
		{"retries ran out", ctx, &neo4j.TransactionExecutionLimit{Cause: "timeout",
			Errors: []error{&neo4j.ConnectivityError{Inner: io.EOF}}}, graph.EUNAVAILABLE},
		{"constraint", ctx, &neo4j.Neo4jError{Code: codeConstraint, Msg: "Node(1) already exists"}, graph.ECONFLICT},
		{"tx timeout", ctx, &neo4j.Neo4jError{Code: codeTxTimedOut}, graph.EUNAVAILABLE},
		{"tx memory", ctx, &neo4j.TransactionExecutionLimit{Cause: "timeout",
			Errors: []error{&neo4j.Neo4jError{Code: codeTxMemory, Msg: "The allocation of an extra 2.0 MiB"}}}, graph.EINVALID},
		{"transient", ctx, &neo4j.Neo4jError{Code: "Neo.TransientError.Transaction.DeadlockDetected"}, graph.EUNAVAILABLE},
		{"syntax", ctx, &neo4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError", Msg: "Invalid input"}, graph.EINTERNAL},
		{"graph error", ctx, graph.NotFound("employee", "x"), graph.ENOTFOUND},
	} {
		s := &Store{log: slog.New(slog.DiscardHandler)}
		err := s.fail(tc.ctx, "op", tc.err)
		if got := graph.ErrorCode(err); got != tc.want {
			t.Errorf("%s: code %q, want %q (%v)", tc.name, got, tc.want, err)
		}
		if msg := graph.ErrorMessage(err); strings.Contains(msg, "Invalid input") || strings.Contains(msg, "Node(1)") {
			t.Errorf("%s: message %q shows the server's text", tc.name, msg)
		}
		if !errors.Is(err, tc.err) {
			t.Errorf("%s: the cause is not in the chain of %v", tc.name, err)
		}
	}
}
