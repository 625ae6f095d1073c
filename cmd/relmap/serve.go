package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/api"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/neo4jstore"
	"github.com/relmap/relmap/graph/sqlitestore"
	"github.com/relmap/relmap/render"
)

func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg := defaultConfig()
	fs := newFlagSet("serve")
	fs.SetOutput(stderr)
	cfg.storeFlags(fs)
	cfg.serveFlags(fs)
	if err := parse(fs, &cfg, args, getenv); err != nil {
		return err
	}
	if !flagSet(fs, "timeout") && getenv("RELMAP_TIMEOUT") == "" {
		cfg.Timeout = ServeTimeout
	}
	cfg.PageCacheKiB = ServePageCacheKiB
	logger := cfg.logger(stderr)
	store, err := openStore(ctx, &cfg, logger)
	if err != nil {
		return err
	}
	defer store.Close()
	return serve(ctx, &cfg, store, logger, stdout)
}

// ServePageCacheKiB is the SQLite page cache of each of relmap serve's
// connections, in KiB: 2 MiB, about SQLite's own default of 2,000 KiB,
// instead of the 32 MiB that a command-line import keeps. The cache of a
// connection, once filled, stays in memory outside the Go heap (twice its
// size: sqlitestore's cacheKiB) for each of the pool's connections, and it
// was most of what serve held beyond its heap; serve reads the network
// and the assessments in bulk reads of their own, which bring a 2 MiB
// cache anyway, and an import through the API gets 32 MiB while it runs
// (README, Benchmarks: servemem).
const ServePageCacheKiB = 2048

// openStore opens the Neo4j store when a URI is configured and the embedded
// SQLite store otherwise.
func openStore(ctx context.Context, cfg *Config, logger *slog.Logger) (graph.Store, error) {
	if cfg.Neo4jURI != "" {
		logger.Info("opening Neo4j store", "uri", cfg.Neo4jURI, "user", cfg.Neo4jUser, "password", cfg.Neo4jPassword, "database", cfg.Neo4jDatabase)
		s, err := neo4jstore.Open(ctx, neo4jstore.Config{
			URI:      cfg.Neo4jURI,
			Username: cfg.Neo4jUser,
			Password: string(cfg.Neo4jPassword),
			Database: cfg.Neo4jDatabase,
			Timeout:  cfg.Timeout,
			Logger:   logger,
		})
		if err != nil {
			return nil, fmt.Errorf("open neo4j store: %w", err)
		}
		return s, nil
	}
	logger.Info("opening embedded store", "path", cfg.DBPath)
	s, err := sqlitestore.Open(ctx, cfg.DBPath, sqlitestore.WithPageCache(cfg.PageCacheKiB))
	if err != nil {
		return nil, fmt.Errorf("open embedded store: %w", err)
	}
	return s, nil
}

// serve runs the HTTP server until ctx is done (SIGINT or SIGTERM in main),
// then stops accepting connections and lets the running requests finish
// within cfg.ShutdownTimeout. It prints the URL it listens on to stdout.
func serve(ctx context.Context, cfg *Config, store graph.Store, logger *slog.Logger, stdout io.Writer) error {
	useLayouts(cfg.Layouts, logger)
	if lim, _ := cfg.memoryLimit(); lim > 0 { // validated with the config
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(lim))
	}
	pct, _ := cfg.gcPercent() // validated with the config
	if pct > 0 {
		defer debug.SetGCPercent(debug.SetGCPercent(pct))
	}
	if cfg.autoMemoryLimit() {
		if pct <= 0 { // GOGC's, which SetGCPercent reads and sets back
			pct = debug.SetGCPercent(100)
			debug.SetGCPercent(pct)
		}
		if pct > 0 {
			lctx, stop := context.WithCancel(ctx)
			done := make(chan struct{})
			go func() { defer close(done); followLiveHeap(lctx, pct, time.Second) }()
			defer func() { stop(); <-done }()
		}
	}
	srv := &api.Server{
		Store:          store,
		Logger:         logger,
		Version:        version,
		TrustedProxies: cfg.proxies(),
		MaxBodyBytes:   cfg.MaxBodyBytes,
		// Ties weighed by their logged contacts; after a write, answers
		// may come from the previous snapshot for up to
		// cfg.SnapshotStaleness while the next is made.
		Snapshots:       &analysis.Cache{Source: store, Contacts: store, MaxStaleness: cfg.SnapshotStaleness},
		MatrixStaleness: cfg.SnapshotStaleness,
	}
	srv.Limits = cfg.limits()
	if ss := segmentStoreOf(store, logger); ss != nil {
		srv.Segments = ss
	}
	h, err := srv.Handler()
	if err != nil {
		return fmt.Errorf("serve: %w", err) // the proxies were validated with the config
	}
	if ts, ok := store.(tokenStore); ok {
		if n, err := activeTokens(ctx, ts); err == nil && n == 0 {
			fmt.Fprintln(stdout, "relmap: no API token exists yet: every API route will answer 401. Create one with\n  relmap token create -name \"your name\" -role admin")
		}
	}
	go keepRetention(ctx, store, logger)
	go func() {
		// The first analyses should not wait for the snapshot and the
		// matrix: build them now.
		t := time.Now()
		if err := srv.Warm(ctx); err != nil {
			logger.Warn("preparing the analyses", "error", err)
			return
		}
		logger.Info("analyses ready", "took", time.Since(t).Round(time.Millisecond))
		// … and again after every change, so that the page's first screen
		// stays fast.
		srv.KeepWarm(ctx, 5*time.Second)
	}()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	hs := httpServer(cfg, h, logger)
	fmt.Fprintf(stdout, "relmap listening on http://%s\n", ln.Addr())
	logger.Info("listening", "addr", ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down: letting running requests finish", "within", cfg.ShutdownTimeout)
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		_ = hs.Close()
		return fmt.Errorf("shutdown: requests still running after %s: %w", cfg.ShutdownTimeout, err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	logger.Info("stopped")
	return nil
}

// httpServer is the http.Server of h with cfg's timeouts and header limit.
// Requests do not inherit serve's context: a shutdown lets them finish
// rather than cancelling them.
func httpServer(cfg *Config, h http.Handler, logger *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		MaxHeaderBytes:    cfg.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// graphvizWorker is the hidden subcommand that makes relmap a Graphviz
// worker of another relmap (render.ServeWorker).
const graphvizWorker = "graphviz-worker"

// useLayouts lets n Graphviz layouts run at once, the ones beyond the
// first in worker processes of this executable: go-graphviz has one
// WebAssembly instance per process, so parallel layouts need processes
// (render.SetLayouts). Without the path of this executable it stays at one.
func useLayouts(n int, logger *slog.Logger) {
	workers, err := render.SelfWorkers(graphvizWorker)
	if err != nil {
		logger.Warn("graphviz layouts run one at a time", "error", err)
		n = 1
	}
	render.SetLayouts(n, workers)
}
