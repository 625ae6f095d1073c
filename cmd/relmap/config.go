package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/netip"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/relmap/relmap/api"
)

// Secret is a string that never prints: logs and errors show "***".
type Secret string

// LogValue implements slog.LogValuer.
func (Secret) LogValue() slog.Value { return slog.StringValue("***") }

// String implements fmt.Stringer.
func (Secret) String() string { return "***" }

// Config is relmap's configuration. It is read from defaults, then RELMAP_*
// environment variables (secrets also from *_FILE), then flags, and checked
// by Validate.
type Config struct {
	// Addr is the HTTP listen address.
	Addr string
	// DBPath is the SQLite file of the embedded store.
	DBPath string
	// PageCacheKiB is the page cache of each connection to DBPath, in
	// KiB; 0 keeps the store's default (sqlitestore.WithPageCache).
	// relmap serve sets ServePageCacheKiB.
	PageCacheKiB int
	// Neo4jURI selects the Neo4j store when set (bolt:// or neo4j://).
	Neo4jURI      string
	Neo4jUser     string
	Neo4jPassword Secret
	Neo4jDatabase string
	// Timeout bounds each store call, so a dead database answers fast:
	// 5 s by default for the command line, and ServeTimeout for relmap
	// serve unless RELMAP_TIMEOUT or -timeout says otherwise.
	Timeout time.Duration
	// LogLevel is debug, info, warn or error; LogFormat text or json.
	LogLevel  string
	LogFormat string
	// TrustedProxies is a comma-separated list of proxy addresses or CIDRs
	// whose X-Forwarded-For is believed; empty trusts none.
	TrustedProxies string

	// The HTTP server's limits. ReadHeaderTimeout bounds reading a
	// request's headers (slow-loris clients), ReadTimeout the whole request
	// with its body, WriteTimeout the answer, IdleTimeout a kept-alive
	// connection between requests; ShutdownTimeout is how long running
	// requests may take to finish after SIGTERM.
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout, ShutdownTimeout time.Duration
	// SnapshotStaleness is how old the analysis snapshot an answer comes
	// from may be while the next one is made (analysis.Cache.MaxStaleness);
	// 0 makes every analysis wait for the writes before it.
	SnapshotStaleness time.Duration
	// MaxHeaderBytes bounds the request headers (larger ones answer 431);
	// MaxBodyBytes bounds request bodies other than imports (413).
	MaxHeaderBytes int
	MaxBodyBytes   int64
	// RateLimit is the sustained requests per second of one token (or, for
	// requests without one, one client IP), RateBurst how many it may make
	// at once; RateLimit 0 turns the limit off (api.Limits).
	RateLimit float64
	RateBurst int
	// Layouts is how many Graphviz layouts may run at once: this process
	// and Layouts-1 worker processes of relmap (render.SetLayouts). The
	// number of cores by default.
	Layouts int
	// MemoryLimit is relmap serve's soft limit on the Go runtime's memory
	// (runtime/debug.SetMemoryLimit), in GOMEMLIMIT's notation ("512MiB");
	// "off" sets none (then GOMEMLIMIT applies when set); "auto" follows
	// the live heap (followLiveHeap). The default, DefaultMemoryLimit,
	// gives way to GOMEMLIMIT when that is set.
	MemoryLimit string
	// GCPercent is relmap serve's collection target, GOGC's number
	// (runtime/debug.SetGCPercent): the heap may grow by this percentage
	// of the live data before the collector runs. The default,
	// DefaultGCPercent, gives way to GOGC when that is set.
	GCPercent string
}

// DefaultGCPercent is relmap serve's default collection target: with 50
// the heap grows to one and a half times the live data (the snapshot, the
// route index, the matrix, the search index) instead of twice; with
// DefaultMemoryLimit it holds the 100,000-person demo near 300 MB after
// the analyses, at a cost the README's servemem figures cannot tell from
// their noise.
const DefaultGCPercent = "50"

// DefaultMemoryLimit is relmap serve's default soft memory limit: "auto"
// keeps it just above the heap the collector lets grow anyway (limitFor),
// so that memory the heap no longer needs goes back to the system at once
// and costs no collections of its own. See the README's servemem
// measurements.
const DefaultMemoryLimit = "auto"

// defaultConfig returns the built-in defaults.
// ServeTimeout is relmap serve's default store timeout: with the API's
// token lookup (1.5 s at most) a request meets a dead database for at most
// 4 s, inside the 5 s a client may expect. The command line keeps 5 s: a
// busy database should not fail an import that a person waits for.
const ServeTimeout = 2500 * time.Millisecond

func defaultConfig() Config {
	return Config{
		Addr:          "127.0.0.1:8080",
		DBPath:        "relmap.db",
		Neo4jUser:     "neo4j",
		Neo4jDatabase: "neo4j",
		Timeout:       5 * time.Second,
		LogLevel:      "info",
		LogFormat:     "text",

		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // imports upload files of up to 64 MiB
		WriteTimeout:      5 * time.Minute, // large renders and exports
		IdleTimeout:       2 * time.Minute,
		ShutdownTimeout:   30 * time.Second,
		SnapshotStaleness: time.Second,
		MaxHeaderBytes:    64 << 10,
		MaxBodyBytes:      10 << 20,
		RateLimit:         api.DefaultLimits.Rate,
		RateBurst:         api.DefaultLimits.Burst,
		Layouts:           runtime.NumCPU(),
		MemoryLimit:       DefaultMemoryLimit,
		GCPercent:         DefaultGCPercent,
	}
}

// envVars names the environment variable of each setting.
func (c *Config) envVars() map[string]*string {
	return map[string]*string{
		"RELMAP_ADDR":            &c.Addr,
		"RELMAP_DB":              &c.DBPath,
		"RELMAP_NEO4J_URI":       &c.Neo4jURI,
		"RELMAP_NEO4J_USER":      &c.Neo4jUser,
		"RELMAP_NEO4J_DATABASE":  &c.Neo4jDatabase,
		"RELMAP_LOG_LEVEL":       &c.LogLevel,
		"RELMAP_LOG_FORMAT":      &c.LogFormat,
		"RELMAP_TRUSTED_PROXIES": &c.TrustedProxies,
		"RELMAP_MEMORY_LIMIT":    &c.MemoryLimit,
		"RELMAP_GC_PERCENT":      &c.GCPercent,
	}
}

// envDurations names the environment variable of each duration setting.
func (c *Config) envDurations() map[string]*time.Duration {
	return map[string]*time.Duration{
		"RELMAP_TIMEOUT":             &c.Timeout,
		"RELMAP_READ_HEADER_TIMEOUT": &c.ReadHeaderTimeout,
		"RELMAP_READ_TIMEOUT":        &c.ReadTimeout,
		"RELMAP_WRITE_TIMEOUT":       &c.WriteTimeout,
		"RELMAP_IDLE_TIMEOUT":        &c.IdleTimeout,
		"RELMAP_SHUTDOWN_TIMEOUT":    &c.ShutdownTimeout,
		"RELMAP_SNAPSHOT_STALENESS":  &c.SnapshotStaleness,
	}
}

// loadEnv applies RELMAP_* variables from getenv. RELMAP_NEO4J_PASSWORD may
// instead name a file in RELMAP_NEO4J_PASSWORD_FILE (as Docker secrets do).
func (c *Config) loadEnv(getenv func(string) string) error {
	if getenv("GOMEMLIMIT") != "" && getenv("RELMAP_MEMORY_LIMIT") == "" {
		c.MemoryLimit = "off" // the runtime applies GOMEMLIMIT itself
	}
	if getenv("GOGC") != "" && getenv("RELMAP_GC_PERCENT") == "" {
		c.GCPercent = "" // the runtime applies GOGC itself
	}
	for name, dst := range c.envVars() {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	for name, dst := range c.envDurations() {
		if v := getenv(name); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil {
				return fmt.Errorf("%s: %q is not a duration such as 5s", name, v)
			}
			*dst = d
		}
	}
	for name, dst := range map[string]*int{"RELMAP_MAX_HEADER_BYTES": &c.MaxHeaderBytes, "RELMAP_RATE_BURST": &c.RateBurst, "RELMAP_LAYOUTS": &c.Layouts} {
		if v := getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return fmt.Errorf("%s: %q is not a whole number", name, v)
			}
			*dst = n
		}
	}
	if v := getenv("RELMAP_MAX_BODY_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Errorf("RELMAP_MAX_BODY_BYTES: %q is not a whole number", v)
		}
		c.MaxBodyBytes = n
	}
	if v := getenv("RELMAP_RATE_LIMIT"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return fmt.Errorf("RELMAP_RATE_LIMIT: %q is not a number of requests per second", v)
		}
		c.RateLimit = f
	}
	pw, file := getenv("RELMAP_NEO4J_PASSWORD"), getenv("RELMAP_NEO4J_PASSWORD_FILE")
	switch {
	case pw != "" && file != "":
		return fmt.Errorf("set RELMAP_NEO4J_PASSWORD or RELMAP_NEO4J_PASSWORD_FILE, not both")
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return fmt.Errorf("RELMAP_NEO4J_PASSWORD_FILE: %w", err)
		}
		c.Neo4jPassword = Secret(strings.TrimRight(string(b), "\r\n"))
	case pw != "":
		c.Neo4jPassword = Secret(pw)
	}
	return nil
}

// storeFlags adds the flags that choose and configure the store.
func (c *Config) storeFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.DBPath, "db", c.DBPath, "SQLite file of the embedded store (env RELMAP_DB)")
	fs.StringVar(&c.Neo4jURI, "neo4j-uri", c.Neo4jURI, "use Neo4j at this bolt:// URI instead of SQLite (env RELMAP_NEO4J_URI)")
	fs.StringVar(&c.Neo4jUser, "neo4j-user", c.Neo4jUser, "Neo4j user (env RELMAP_NEO4J_USER)")
	fs.StringVar(&c.Neo4jDatabase, "neo4j-database", c.Neo4jDatabase, "Neo4j database (env RELMAP_NEO4J_DATABASE)")
	fs.DurationVar(&c.Timeout, "timeout", c.Timeout, "deadline of each store call (env RELMAP_TIMEOUT)")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "debug, info, warn or error (env RELMAP_LOG_LEVEL)")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "text or json (env RELMAP_LOG_FORMAT)")
}

// serveFlags adds the flags of the HTTP server.
func (c *Config) serveFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", c.Addr, "HTTP listen address (env RELMAP_ADDR)")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", c.TrustedProxies, "comma-separated proxy IPs/CIDRs whose X-Forwarded-For is trusted (env RELMAP_TRUSTED_PROXIES)")
	fs.DurationVar(&c.ReadHeaderTimeout, "read-header-timeout", c.ReadHeaderTimeout, "time to read a request's headers (env RELMAP_READ_HEADER_TIMEOUT)")
	fs.DurationVar(&c.ReadTimeout, "read-timeout", c.ReadTimeout, "time to read a whole request with its body (env RELMAP_READ_TIMEOUT)")
	fs.DurationVar(&c.WriteTimeout, "write-timeout", c.WriteTimeout, "time to write an answer (env RELMAP_WRITE_TIMEOUT)")
	fs.DurationVar(&c.IdleTimeout, "idle-timeout", c.IdleTimeout, "how long a kept-alive connection may wait for its next request (env RELMAP_IDLE_TIMEOUT)")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout, "how long running requests may finish after SIGTERM (env RELMAP_SHUTDOWN_TIMEOUT)")
	fs.DurationVar(&c.SnapshotStaleness, "snapshot-staleness", c.SnapshotStaleness, "how old the analysis snapshot may be while the next is made after a write; 0 waits for every write (env RELMAP_SNAPSHOT_STALENESS)")
	fs.IntVar(&c.MaxHeaderBytes, "max-header-bytes", c.MaxHeaderBytes, "largest request headers; larger answer 431 (env RELMAP_MAX_HEADER_BYTES)")
	fs.Int64Var(&c.MaxBodyBytes, "max-body-bytes", c.MaxBodyBytes, "largest request body but imports (64 MiB); larger answer 413 (env RELMAP_MAX_BODY_BYTES)")
	fs.Float64Var(&c.RateLimit, "rate-limit", c.RateLimit, "requests per second of one token (or client IP without one); 0 turns the limit off (env RELMAP_RATE_LIMIT)")
	fs.IntVar(&c.RateBurst, "rate-burst", c.RateBurst, "requests one token or client may make at once (env RELMAP_RATE_BURST)")
	fs.IntVar(&c.Layouts, "layouts", c.Layouts, "Graphviz layouts drawn at once, each beyond the first in a worker process; the cores by default (env RELMAP_LAYOUTS)")
	fs.StringVar(&c.MemoryLimit, "memory-limit", c.MemoryLimit, "soft limit on the Go heap such as 512MiB, auto (just above the collector's own goal) or off; GOMEMLIMIT replaces the default (env RELMAP_MEMORY_LIMIT)")
	fs.StringVar(&c.GCPercent, "gc-percent", c.GCPercent, "how far the heap may grow beyond the live data before a collection, in percent (GOGC's number, 10-1000); GOGC replaces the default (env RELMAP_GC_PERCENT)")
}

// Validate checks the configuration after all sources are applied.
func (c *Config) Validate() error {
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("addr: %q is not host:port", c.Addr)
	}
	if c.Neo4jURI == "" && c.DBPath == "" {
		return fmt.Errorf("db: give a SQLite file or a Neo4j URI")
	}
	if c.Neo4jURI != "" && !strings.Contains(c.Neo4jURI, "://") {
		return fmt.Errorf("neo4j-uri: %q is not a URI such as bolt://127.0.0.1:7687", c.Neo4jURI)
	}
	if c.Timeout <= 0 {
		return fmt.Errorf("timeout: must be positive")
	}
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return fmt.Errorf("log-level: %q is not debug, info, warn or error", c.LogLevel)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("log-format: %q is not text or json", c.LogFormat)
	}
	for name, d := range map[string]time.Duration{
		"read-header-timeout": c.ReadHeaderTimeout, "read-timeout": c.ReadTimeout, "write-timeout": c.WriteTimeout,
		"idle-timeout": c.IdleTimeout, "shutdown-timeout": c.ShutdownTimeout,
	} {
		if d <= 0 {
			return fmt.Errorf("%s: must be positive, not %s", name, d)
		}
	}
	if c.SnapshotStaleness < 0 {
		return fmt.Errorf("snapshot-staleness: must not be negative, not %s", c.SnapshotStaleness)
	}
	if c.MaxHeaderBytes < 1024 {
		return fmt.Errorf("max-header-bytes: %d is too small (at least 1024)", c.MaxHeaderBytes)
	}
	if c.MaxBodyBytes < 1024 {
		return fmt.Errorf("max-body-bytes: %d is too small (at least 1024)", c.MaxBodyBytes)
	}
	if c.RateLimit < 0 {
		return fmt.Errorf("rate-limit: %v is negative (0 turns the limit off)", c.RateLimit)
	}
	if c.RateLimit > 0 && c.RateBurst < 1 {
		return fmt.Errorf("rate-burst: %d must be at least 1", c.RateBurst)
	}
	if c.Layouts < 1 {
		return fmt.Errorf("layouts: %d must be at least 1", c.Layouts)
	}
	if _, err := c.memoryLimit(); err != nil {
		return err
	}
	if _, err := c.gcPercent(); err != nil {
		return err
	}
	for _, p := range c.proxies() {
		if _, err := netip.ParsePrefix(p); err != nil {
			if _, err := netip.ParseAddr(p); err != nil {
				return fmt.Errorf("trusted-proxies: %q is not an IP address or CIDR", p)
			}
		}
	}
	return nil
}

// autoMemoryLimit reports whether the memory limit follows the live heap.
func (c *Config) autoMemoryLimit() bool { return strings.TrimSpace(c.MemoryLimit) == "auto" }

// gcPercent returns GCPercent as a number, 0 when it is not set (GOGC
// applies).
func (c *Config) gcPercent() (int, error) {
	v := strings.TrimSpace(c.GCPercent)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 10 || n > 1000 {
		return 0, fmt.Errorf("gc-percent: %q is not a whole number from 10 to 1000", c.GCPercent)
	}
	return n, nil
}

// memoryLimit returns MemoryLimit in bytes, 0 for "off" and for "auto"
// (see autoMemoryLimit). The notation is
// GOMEMLIMIT's: a whole number of bytes with an optional unit B, KiB, MiB,
// GiB or TiB.
func (c *Config) memoryLimit() (int64, error) {
	v := strings.TrimSpace(c.MemoryLimit)
	if v == "off" || v == "0" || v == "auto" {
		return 0, nil
	}
	num, unit := v, int64(1)
	for _, u := range []struct {
		suffix string
		size   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40}, {"B", 1}} {
		if n, ok := strings.CutSuffix(v, u.suffix); ok {
			num, unit = n, u.size
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 || n > math.MaxInt64/unit {
		return 0, fmt.Errorf("memory-limit: %q is not a size such as 512MiB, or off", c.MemoryLimit)
	}
	if n*unit < 64<<20 {
		return 0, fmt.Errorf("memory-limit: %q is below 64MiB, too little for relmap serve", c.MemoryLimit)
	}
	return n * unit, nil
}

// limits returns the rate limits of the API server (Rate 0: none).
func (c *Config) limits() api.Limits {
	return api.Limits{Rate: c.RateLimit, Burst: c.RateBurst}
}

// proxies returns TrustedProxies as a list.
func (c *Config) proxies() []string {
	var out []string
	for _, p := range strings.Split(c.TrustedProxies, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// logger builds the process's one logger.
func (c *Config) logger(w io.Writer) *slog.Logger {
	var lv slog.Level
	_ = lv.UnmarshalText([]byte(c.LogLevel))
	opts := &slog.HandlerOptions{Level: lv}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
