package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"time"
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
	// Neo4jURI selects the Neo4j store when set (bolt:// or neo4j://).
	Neo4jURI      string
	Neo4jUser     string
	Neo4jPassword Secret
	Neo4jDatabase string
	// Timeout bounds each store call, so a dead database answers fast.
	Timeout time.Duration
	// LogLevel is debug, info, warn or error; LogFormat text or json.
	LogLevel  string
	LogFormat string
	// TrustedProxies is a comma-separated list of proxy addresses or CIDRs
	// whose X-Forwarded-For is believed; empty trusts none.
	TrustedProxies string
}

// defaultConfig returns the built-in defaults.
func defaultConfig() Config {
	return Config{
		Addr:          "127.0.0.1:8080",
		DBPath:        "relmap.db",
		Neo4jUser:     "neo4j",
		Neo4jDatabase: "neo4j",
		Timeout:       5 * time.Second,
		LogLevel:      "info",
		LogFormat:     "text",
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
	}
}

// loadEnv applies RELMAP_* variables from getenv. RELMAP_NEO4J_PASSWORD may
// instead name a file in RELMAP_NEO4J_PASSWORD_FILE (as Docker secrets do).
func (c *Config) loadEnv(getenv func(string) string) error {
	for name, dst := range c.envVars() {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	if v := getenv("RELMAP_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("RELMAP_TIMEOUT: %q is not a duration such as 5s", v)
		}
		c.Timeout = d
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
	return nil
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
