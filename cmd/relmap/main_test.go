package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// demoServer is a relmap demo running in-process for a test.
type demoServer struct {
	base  string // http://127.0.0.1:port
	token string // the admin token the demo printed
	stop  func() // cancels the demo and waits for a clean exit
}

// startDemo runs "relmap demo" with args (plus a free port and quiet logs)
// in-process and waits for its token and listening lines.
func startDemo(t *testing.T, args ...string) *demoServer {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"demo", "-addr", "127.0.0.1:0", "-log-level", "warn"}, args...), env(nil), pw, io.Discard)
		pw.Close()
	}()
	d := &demoServer{}
	lines := bufio.NewScanner(pr)
	for d.base == "" && lines.Scan() {
		if tok, ok := strings.CutPrefix(lines.Text(), "relmap token: "); ok {
			d.token = tok
		}
		if u, ok := strings.CutPrefix(lines.Text(), "relmap listening on "); ok {
			d.base = u
		}
	}
	if d.base == "" || d.token == "" {
		cancel()
		t.Fatalf("no token and listening lines; run returned %v", <-done)
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	d.stop = func() {
		t.Helper()
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("run after cancel: %v", err)
			}
		case <-time.After(2 * time.Minute): // generous: a busy machine is slow, not broken
			t.Fatal("relmap did not stop within 2 min of cancellation")
		}
	}
	t.Cleanup(cancel)
	return d
}

// get sends GET path with the demo's token (when withToken) and decodes
// the JSON answer into v (when not nil), failing unless the status is want.
func (d *demoServer) get(t *testing.T, path string, withToken bool, want int, v any) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), "GET", d.base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if withToken {
		req.Header.Set("Authorization", "Bearer "+d.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != want {
		t.Fatalf("GET %s: status %d, want %d", path, resp.StatusCode, want)
	}
	if v != nil {
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
	}
}

// TestDemoServesNetwork runs the binary's first README command in-process —
// relmap demo on a fresh embedded store — and checks what a user sees: a
// healthy, ready server whose listings hold the demo network for the token
// it printed, and refuse a request without it. Then it cancels and expects
// a clean exit.
func TestDemoServesNetwork(t *testing.T) {
	d := startDemo(t, "-db", filepath.Join(t.TempDir(), "demo.db"), "-persons", "120")
	base := d.base
	getJSON := func(path string, want int, v any) {
		t.Helper()
		d.get(t, path, true, want, v)
	}
	d.get(t, "/api/v1/employees", false, 401, nil)
	getJSON("/healthz", 200, nil)
	resp, err := http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("GET /: %d %s, want the start page", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	getJSON("/readyz", 200, nil)
	for _, path := range []string{"/api/v1/employees", "/api/v1/organisations", "/api/v1/persons", "/api/v1/relationships"} {
		var page struct {
			Items []map[string]any `json:"items"`
			Total int              `json:"total"`
		}
		getJSON(path, 200, &page)
		if page.Total == 0 || len(page.Items) == 0 {
			t.Errorf("GET %s: empty listing, want the demo network", path)
		}
	}
	var page struct {
		Items []struct {
			ID        string `json:"id"`
			PartyType string `json:"party_type"`
		} `json:"items"`
	}
	getJSON("/api/v1/organisations?party_type=input&limit=5", 200, &page)
	for _, o := range page.Items {
		if o.PartyType != "input" {
			t.Errorf("party_type filter let %s (%s) through", o.ID, o.PartyType)
		}
	}
	if len(page.Items) > 0 {
		getJSON("/api/v1/organisations/"+page.Items[0].ID, 200, nil)
	}
	var e struct {
		Error struct{ Code, Field string } `json:"error"`
	}
	getJSON("/api/v1/organisations/no-such-org", 404, &e)
	if e.Error.Code != "not_found" {
		t.Errorf("error code %q, want not_found", e.Error.Code)
	}
	getJSON("/api/v1/persons?limit=-1", 400, &e)
	if e.Error.Code != "invalid" || e.Error.Field != "limit" {
		t.Errorf("bad limit: %+v, want invalid on field limit", e.Error)
	}

	d.stop()
}
