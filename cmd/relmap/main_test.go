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

// TestDemoServesNetwork runs the binary's first README command in-process —
// relmap demo on a fresh embedded store — and checks what a user sees: a
// healthy, ready server whose listings hold the demo network. Then it
// cancels and expects a clean exit.
func TestDemoServesNetwork(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, pw := io.Pipe()
	db := filepath.Join(t.TempDir(), "demo.db")
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"demo", "-addr", "127.0.0.1:0", "-db", db, "-persons", "120", "-log-level", "warn"},
			env(nil), pw, io.Discard)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	var base string
	for lines.Scan() {
		if u, ok := strings.CutPrefix(lines.Text(), "relmap listening on "); ok {
			base = u
			break
		}
	}
	if base == "" {
		t.Fatalf("no listening line; run returned %v", <-done)
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()

	getJSON := func(path string, want int, v any) {
		t.Helper()
		resp, err := http.Get(base + path)
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

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run after cancel: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("relmap did not stop within 15 s of cancellation")
	}
}
