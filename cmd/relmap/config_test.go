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

// serveConfig is relmap serve's configuration from the defaults, the
// environment m and the flags args, as serve parses them.
func serveConfig(args []string, m map[string]string) (Config, error) {
	cfg := defaultConfig()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	cfg.storeFlags(fs)
	cfg.serveFlags(fs)
	return cfg, parse(fs, &cfg, args, env(m))
}

// TestConfigPrecedence: defaults, then environment, then flags.
func TestConfigPrecedence(t *testing.T) {
	cfg, err := serveConfig([]string{"-addr", "127.0.0.1:9999"}, map[string]string{
		"RELMAP_ADDR":    "127.0.0.1:7777",
		"RELMAP_DB":      "/tmp/x.db",
		"RELMAP_TIMEOUT": "3s",
	})
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

// TestConfigHTTPLimits: the server's limits come from defaults, then
// RELMAP_* variables, then flags; RELMAP_RATE_LIMIT=0 turns the limit off.
func TestConfigHTTPLimits(t *testing.T) {
	cfg, err := serveConfig([]string{"-rate-burst", "7", "-write-timeout", "90s"}, map[string]string{
		"RELMAP_READ_TIMEOUT":     "1m",
		"RELMAP_WRITE_TIMEOUT":    "2m",
		"RELMAP_MAX_HEADER_BYTES": "8192",
		"RELMAP_MAX_BODY_BYTES":   "2048",
		"RELMAP_RATE_LIMIT":       "2.5",
		"RELMAP_TRUSTED_PROXIES":  "10.0.0.0/8, 192.0.2.7",
	})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.ReadTimeout != time.Minute || cfg.MaxHeaderBytes != 8192 || cfg.MaxBodyBytes != 2048 {
		t.Errorf("env: read timeout %v, header bytes %d, body bytes %d", cfg.ReadTimeout, cfg.MaxHeaderBytes, cfg.MaxBodyBytes)
	}
	if cfg.WriteTimeout != 90*time.Second {
		t.Errorf("flag must win over env: write timeout %v", cfg.WriteTimeout)
	}
	if cfg.ReadHeaderTimeout != 10*time.Second || cfg.IdleTimeout != 2*time.Minute || cfg.ShutdownTimeout != 30*time.Second {
		t.Errorf("defaults: read-header %v, idle %v, shutdown %v", cfg.ReadHeaderTimeout, cfg.IdleTimeout, cfg.ShutdownTimeout)
	}
	if l := cfg.limits(); l.Rate != 2.5 || l.Burst != 7 {
		t.Errorf("limits = %+v, want 2.5/s, burst 7", l)
	}
	if got := cfg.proxies(); len(got) != 2 || got[0] != "10.0.0.0/8" || got[1] != "192.0.2.7" {
		t.Errorf("proxies = %q", got)
	}
	cfg = defaultConfig()
	if err := cfg.loadEnv(env(map[string]string{"RELMAP_RATE_LIMIT": "0"})); err != nil {
		t.Fatal(err)
	}
	if cfg.limits().Rate != 0 {
		t.Errorf("RELMAP_RATE_LIMIT=0: limits %+v, want off", cfg.limits())
	}
}

// TestConfigHTTPLimitErrors: each bad value is a usage error that names
// its setting.
func TestConfigHTTPLimitErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		env  map[string]string
		name string
	}{
		{[]string{"-trusted-proxies", "10.0.0.0/8,proxy.example"}, nil, "trusted-proxies"},
		{[]string{"-max-header-bytes", "10"}, nil, "max-header-bytes"},
		{[]string{"-max-body-bytes", "0"}, nil, "max-body-bytes"},
		{[]string{"-rate-limit", "-1"}, nil, "rate-limit"},
		{[]string{"-rate-burst", "0"}, nil, "rate-burst"},
		{[]string{"-layouts", "0"}, nil, "layouts"},
		{nil, map[string]string{"RELMAP_LAYOUTS": "two"}, "RELMAP_LAYOUTS"},
		{[]string{"-idle-timeout", "0s"}, nil, "idle-timeout"},
		{[]string{"-snapshot-staleness", "-1s"}, nil, "snapshot-staleness"},
		{nil, map[string]string{"RELMAP_SNAPSHOT_STALENESS": "a while"}, "RELMAP_SNAPSHOT_STALENESS"},
		{nil, map[string]string{"RELMAP_SHUTDOWN_TIMEOUT": "soon"}, "RELMAP_SHUTDOWN_TIMEOUT"},
		{nil, map[string]string{"RELMAP_RATE_LIMIT": "fast"}, "RELMAP_RATE_LIMIT"},
		{nil, map[string]string{"RELMAP_MAX_BODY_BYTES": "10MB"}, "RELMAP_MAX_BODY_BYTES"},
		{[]string{"-memory-limit", "512MB"}, nil, "memory-limit"},
		{[]string{"-memory-limit", "16MiB"}, nil, "memory-limit"},
		{nil, map[string]string{"RELMAP_MEMORY_LIMIT": "lots"}, "memory-limit"},
		{[]string{"-gc-percent", "5"}, nil, "gc-percent"},
		{[]string{"-gc-percent", "off"}, nil, "gc-percent"},
		{nil, map[string]string{"RELMAP_GC_PERCENT": "50%"}, "gc-percent"},
	} {
		err := run(t.Context(), append([]string{"serve"}, c.args...), env(c.env), io.Discard, io.Discard)
		if !errors.As(err, new(usageError)) || !strings.Contains(err.Error(), c.name) {
			t.Errorf("%v %v: %v, want a usage error naming %s", c.args, c.env, err, c.name)
		}
	}
}

// TestConfigMemoryLimit: the soft memory limit in GOMEMLIMIT's notation
// from the default, RELMAP_MEMORY_LIMIT and -memory-limit (the flag wins);
// a GOMEMLIMIT of the environment replaces the default, not a setting.
func TestConfigMemoryLimit(t *testing.T) {
	for _, c := range []struct {
		args []string
		env  map[string]string
		want int64
	}{
		{nil, nil, mustLimit(t, DefaultMemoryLimit)},
		{nil, map[string]string{"RELMAP_MEMORY_LIMIT": "1GiB"}, 1 << 30},
		{[]string{"-memory-limit", "300MiB"}, map[string]string{"RELMAP_MEMORY_LIMIT": "1GiB"}, 300 << 20},
		{[]string{"-memory-limit", "off"}, nil, 0},
		{nil, map[string]string{"RELMAP_MEMORY_LIMIT": "104857600"}, 100 << 20},
		{nil, map[string]string{"GOMEMLIMIT": "200MiB"}, 0},
		{nil, map[string]string{"GOMEMLIMIT": "200MiB", "RELMAP_MEMORY_LIMIT": "400MiB"}, 400 << 20},
	} {
		cfg, err := serveConfig(c.args, c.env)
		if err != nil {
			t.Fatalf("%v %v: %v", c.args, c.env, err)
		}
		if got, err := cfg.memoryLimit(); err != nil || got != c.want {
			t.Errorf("%v %v: limit %d (%v), want %d", c.args, c.env, got, err, c.want)
		}
		if auto := c.args == nil && c.env == nil; cfg.autoMemoryLimit() != auto {
			t.Errorf("%v %v: automatic limit %v, want %v (the default only)", c.args, c.env, cfg.autoMemoryLimit(), auto)
		}
	}
}

// TestConfigGCPercent: the collection target from the default,
// RELMAP_GC_PERCENT and -gc-percent (the flag wins); a GOGC of the
// environment replaces the default (0: relmap sets none), not a setting.
func TestConfigGCPercent(t *testing.T) {
	for _, c := range []struct {
		args []string
		env  map[string]string
		want int
	}{
		{nil, nil, 50},
		{nil, map[string]string{"RELMAP_GC_PERCENT": "100"}, 100},
		{[]string{"-gc-percent", "25"}, map[string]string{"RELMAP_GC_PERCENT": "100"}, 25},
		{nil, map[string]string{"GOGC": "200"}, 0},
		{nil, map[string]string{"GOGC": "200", "RELMAP_GC_PERCENT": "80"}, 80},
	} {
		cfg, err := serveConfig(c.args, c.env)
		if err != nil {
			t.Fatalf("%v %v: %v", c.args, c.env, err)
		}
		if got, err := cfg.gcPercent(); err != nil || got != c.want {
			t.Errorf("%v %v: gc percent %d (%v), want %d", c.args, c.env, got, err, c.want)
		}
	}
}

func mustLimit(t *testing.T, v string) int64 {
	t.Helper()
	c := Config{MemoryLimit: v}
	n, err := c.memoryLimit()
	if err != nil {
		t.Fatal(err)
	}
	return n
}
