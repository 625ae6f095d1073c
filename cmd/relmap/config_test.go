package main

import (
	"errors"
	"flag"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// TestConfigPrecedence: defaults, then environment, then flags.
func TestConfigPrecedence(t *testing.T) {
	cfg := defaultConfig()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	cfg.storeFlags(fs)
	cfg.serveFlags(fs)
	err := parse(fs, &cfg, []string{"-addr", "127.0.0.1:9999"}, env(map[string]string{
		"RELMAP_ADDR":    "127.0.0.1:7777",
		"RELMAP_DB":      "/tmp/x.db",
		"RELMAP_TIMEOUT": "3s",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "127.0.0.1:9999" {
		t.Errorf("flag must win over env: addr = %q", cfg.Addr)
	}
	if cfg.DBPath != "/tmp/x.db" || cfg.Timeout != 3*time.Second {
		t.Errorf("env must win over defaults: db = %q, timeout = %v", cfg.DBPath, cfg.Timeout)
	}
	if cfg.Neo4jUser != "neo4j" {
		t.Errorf("default neo4j user = %q", cfg.Neo4jUser)
	}
}

func TestConfigPasswordFileAndSecrecy(t *testing.T) {
	f := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(f, []byte("s3cret-pass\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := defaultConfig()
	if err := cfg.loadEnv(env(map[string]string{"RELMAP_NEO4J_PASSWORD_FILE": f})); err != nil {
		t.Fatal(err)
	}
	if cfg.Neo4jPassword != "s3cret-pass" {
		t.Fatalf("password from file = %q", string(cfg.Neo4jPassword))
	}
	var b strings.Builder
	slog.New(slog.NewTextHandler(&b, nil)).Info("x", "password", cfg.Neo4jPassword)
	if strings.Contains(b.String(), "s3cret") || !strings.Contains(b.String(), "***") {
		t.Errorf("secret leaked into the log: %s", b.String())
	}
	cfg = defaultConfig()
	err := cfg.loadEnv(env(map[string]string{"RELMAP_NEO4J_PASSWORD_FILE": f, "RELMAP_NEO4J_PASSWORD": "x"}))
	if err == nil {
		t.Error("both password and password file must be refused")
	}
}

func TestUsageErrors(t *testing.T) {
	ctx := t.Context()
	for _, args := range [][]string{
		nil,
		{"frobnicate"},
		{"serve", "-no-such-flag"},
		{"serve", "-addr", "nonsense"},
		{"serve", "-log-level", "loud"},
		{"serve", "extra-arg"},
	} {
		err := run(ctx, args, env(nil), io.Discard, io.Discard)
		if !errors.As(err, new(usageError)) {
			t.Errorf("run(%q) = %v, want a usage error (exit 2)", args, err)
		}
	}
}
