package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph/sqlitestore"
	"github.com/relmap/relmap/internal/neo4jtest"
)

// storeWithToken makes an embedded store holding one admin token and
// returns its path and the token's secret.
func storeWithToken(t *testing.T) (db, secret string) {
	t.Helper()
	db = filepath.Join(t.TempDir(), "relmap.db")
	st, err := sqlitestore.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tok, secret, err := auth.NewToken("serve test", auth.Admin, "test", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateToken(t.Context(), tok); err != nil {
		t.Fatal(err)
	}
	return db, secret
}

// startServe runs "relmap serve args…" in-process until ctx ends and
// returns its base URL and the channel run's result arrives on.
func startServe(t *testing.T, ctx context.Context, args ...string) (string, <-chan error) {
	t.Helper()
	base, _, done := startServeLines(t, ctx, args...)
	return base, done
}

// startServeLines is startServe that also returns what serve printed
// before its listening line. A start that fails because the database did
// not answer in time is tried again (neo4jtest.WaitReady): on a busy
// machine a fresh Neo4j can take longer than the store timeout to create
// relmap's schema.
func startServeLines(t *testing.T, ctx context.Context, args ...string) (string, []string, <-chan error) {
	t.Helper()
	type started struct {
		base   string
		before []string
		done   <-chan error
	}
	s := neo4jtest.WaitReady(t, "relmap did not start", func() (started, error) {
		base, before, done, err := tryServe(ctx, args...)
		return started{base, before, done}, err
	})
	return s.base, s.before, s.done
}

// tryServe runs "relmap serve args…" in-process until ctx ends and returns
// its base URL, what it printed before the listening line and the channel
// run's result arrives on — or run's error if it ended before listening.
func tryServe(ctx context.Context, args ...string) (string, []string, <-chan error, error) {
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "-addr", "127.0.0.1:0", "-log-level", "error"}, args...), env(nil), pw, io.Discard)
		pw.Close()
	}()
	var before []string
	lines := bufio.NewScanner(pr)
	for lines.Scan() {
		if base, ok := strings.CutPrefix(lines.Text(), "relmap listening on "); ok {
			go func() { _, _ = io.Copy(io.Discard, pr) }()
			return base, before, done, nil
		}
		before = append(before, lines.Text())
	}
	err := <-done
	if err == nil {
		err = errors.New("serve ended without listening")
	}
	return "", before, nil, err
}

// TestServeWithoutTokens: serving a store that holds no active token says
// how to create one (every API route would answer 401); with one it says
// nothing.
func TestServeWithoutTokens(t *testing.T) {
	db := filepath.Join(t.TempDir(), "relmap.db")
	for _, c := range []struct {
		name string
		hint bool
	}{{"no token", true}, {"a token", false}} {
		if !c.hint {
			if _, _, err := relmap(t, "token", "create", "-db", db, "-name", "Anna", "-role", "admin"); err != nil {
				t.Fatal(err)
			}
		}
		ctx, cancel := context.WithCancel(t.Context())
		_, before, done := startServeLines(t, ctx, "-db", db)
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		hint := strings.Contains(strings.Join(before, "\n"), "relmap token create")
		if hint != c.hint {
			t.Errorf("%s: printed %q, want the token hint %v", c.name, before, c.hint)
		}
	}
}

// TestServeShutdownLetsRequestsFinish is the graceful shutdown on SIGTERM
// (main cancels run's context on it): a request whose handler is running
// when the context ends still completes and is stored, the listener closes
// at once, and run returns cleanly.
func TestServeShutdownLetsRequestsFinish(t *testing.T) {
	db, secret := storeWithToken(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	base, done := startServe(t, ctx, "-db", db)
	addr := strings.TrimPrefix(base, "http://")

	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := `{"id":"per-late","name":"Laat Binnen"}`
	// With "Expect: 100-continue" the server says "100 Continue" when the
	// handler first reads the body: then the request is running for sure.
	fmt.Fprintf(conn, "POST /api/v1/persons HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n",
		addr, secret, len(body))
	r := bufio.NewReader(conn)
	line, err := r.ReadString('\n')
	if err != nil || !strings.Contains(line, "100 Continue") {
		t.Fatalf("want 100 Continue, got %q (%v)", line, err)
	}
	if _, err := r.ReadString('\n'); err != nil { // the blank line after it
		t.Fatal(err)
	}

	cancel() // what SIGTERM does in main
	// The listener closes: new connections are refused while the running
	// request is still waiting for its body.
	refused := false
	for deadline := time.Now().Add(neo4jtest.ReadyWait); time.Now().Before(deadline); {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			refused = true
			break
		}
		c.Close()
		time.Sleep(10 * time.Millisecond)
	}
	if !refused {
		t.Fatal("the server still accepts connections after the shutdown began")
	}
	if _, err := io.WriteString(conn, body); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatalf("the running request got no answer: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Errorf("running request: status %d, want 201", resp.StatusCode)
	}
	if err := <-done; err != nil {
		t.Fatalf("run: %v, want a clean exit", err)
	}
	st, err := sqlitestore.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.FindPersonByID(t.Context(), "per-late"); err != nil {
		t.Errorf("the request that finished during the shutdown was not stored: %v", err)
	}
}

// TestServeHeaderLimit: headers past -max-header-bytes answer 431.
// net/http reads up to MaxHeaderBytes plus 4,096 bytes of slack before it
// refuses, so with 4,096 a 2,000-byte header passes and a 10,000-byte one
// (past 8,192) does not.
func TestServeHeaderLimit(t *testing.T) {
	db, _ := storeWithToken(t)
	base, _ := startServe(t, t.Context(), "-db", db, "-max-header-bytes", "4096")
	for _, c := range []struct {
		size int
		want int
	}{
		{2000, http.StatusOK},
		{10000, http.StatusRequestHeaderFieldsTooLarge},
	} {
		req, err := http.NewRequest("GET", base+"/healthz", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("X-Padding", strings.Repeat("p", c.size))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("header of %d bytes: status %d, want %d", c.size, resp.StatusCode, c.want)
		}
	}
}

// TestServeTrustedProxies: -trusted-proxies decides whether a request's
// X-Forwarded-For is its client, as the audit log records it; from a peer
// that is not a trusted proxy a forged header changes nothing.
func TestServeTrustedProxies(t *testing.T) {
	for _, c := range []struct {
		proxies, want string
	}{
		{"", "127.0.0.1"},               // the peer itself: the header is ignored
		{"127.0.0.1/32", "203.0.113.7"}, // the peer is a trusted proxy
		{"192.0.2.0/24", "127.0.0.1"},   // another proxy is trusted, not this peer
	} {
		db, secret := storeWithToken(t)
		ctx, cancel := context.WithCancel(t.Context())
		base, done := startServe(t, ctx, "-db", db, "-trusted-proxies", c.proxies)
		req, err := http.NewRequest("POST", base+"/api/v1/persons", strings.NewReader(`{"id":"per-x","name":"X"}`))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+secret)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", "203.0.113.7")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		cancel()
		if err := <-done; err != nil || resp.StatusCode != http.StatusCreated {
			t.Fatalf("proxies %q: status %d, run %v", c.proxies, resp.StatusCode, err)
		}
		st, err := sqlitestore.Open(t.Context(), db)
		if err != nil {
			t.Fatal(err)
		}
		es, _, err := st.FindAudit(t.Context(), auth.AuditFilter{Action: "POST /api/v1/persons"})
		st.Close()
		if err != nil || len(es) != 1 {
			t.Fatalf("proxies %q: audit %v, %d entries", c.proxies, err, len(es))
		}
		if es[0].Client != c.want {
			t.Errorf("proxies %q: audit client %q, want %q", c.proxies, es[0].Client, c.want)
		}
	}
}
