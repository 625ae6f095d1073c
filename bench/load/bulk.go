package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/relmap/relmap/demo"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/neo4jstore"
	"github.com/relmap/relmap/graph/sqlitestore"
)

// bulk measures, on each store, the bulk load of the demo network of the
// given size, its no-op re-import, and streaming and reading it back.
func bulk(ctx context.Context, persons int, stores, dir string, chunk int) {
	t := time.Now()
	b := demo.Generate(demo.Options{Persons: persons})
	gen := time.Since(t)
	nodes := len(b.Employees) + len(b.Organisations) + len(b.Persons)
	fmt.Printf("demo network: %d nodes, %d relationships, %d contacts (generated in %s)\n",
		nodes, len(b.Relationships), len(b.Contacts), gen.Round(time.Millisecond))

	for _, name := range strings.Split(stores, ",") {
		s, cleanup, err := open(ctx, name, dir)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
			os.Exit(1)
		}
		n := 0
		if name == "neo4j" {
			n = chunk
		}
		if err := measure(ctx, name, s, demo.Generate(demo.Options{Persons: persons}), n); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
			os.Exit(1)
		}
		cleanup()
	}
}

func open(ctx context.Context, name, dir string) (graph.Store, func(), error) {
	switch name {
	case "sqlite":
		if dir == "" {
			d, err := os.MkdirTemp("", "relmap-bench-")
			if err != nil {
				return nil, nil, err
			}
			dir = d
		}
		path := filepath.Join(dir, "bench.db")
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(path + suffix)
		}
		s, err := sqlitestore.Open(ctx, path)
		return s, func() { s.Close(); os.Remove(path) }, err
	case "neo4j":
		uri := os.Getenv("RELMAP_NEO4J_URI")
		if uri == "" {
			return nil, nil, fmt.Errorf("set RELMAP_NEO4J_URI (bench/run.sh starts one)")
		}
		pw := os.Getenv("RELMAP_NEO4J_PASSWORD")
		if f := os.Getenv("RELMAP_NEO4J_PASSWORD_FILE"); f != "" {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, nil, err
			}
			pw = strings.TrimSpace(string(b))
		}
		s, err := neo4jstore.Open(ctx, neo4jstore.Config{URI: uri, Username: "neo4j", Password: pw, Database: "neo4j", Timeout: time.Minute, BulkTimeout: time.Hour})
		if err != nil {
			return nil, nil, err
		}
		return s, func() { s.Close() }, nil
	}
	return nil, nil, fmt.Errorf("unknown store %q", name)
}

// split cuts b into batches of at most n records, nodes before the ties
// that need them (n <= 0: b itself).
func split(b *graph.Batch, n int) []*graph.Batch {
	if n <= 0 || b.Len() <= n {
		return []*graph.Batch{b}
	}
	var out []*graph.Batch
	cur := &graph.Batch{}
	add := func(f func(*graph.Batch)) {
		if cur.Len() == n {
			out = append(out, cur)
			cur = &graph.Batch{}
		}
		f(cur)
	}
	for _, x := range b.Employees {
		add(func(c *graph.Batch) { c.Employees = append(c.Employees, x) })
	}
	for _, x := range b.Organisations {
		add(func(c *graph.Batch) { c.Organisations = append(c.Organisations, x) })
	}
	for _, x := range b.Persons {
		add(func(c *graph.Batch) { c.Persons = append(c.Persons, x) })
	}
	for _, x := range b.Relationships {
		add(func(c *graph.Batch) { c.Relationships = append(c.Relationships, x) })
	}
	for _, x := range b.Contacts {
		add(func(c *graph.Batch) { c.Contacts = append(c.Contacts, x) })
	}
	return append(out, cur)
}

// upsert writes the batches in order and sums what they did.
func upsert(ctx context.Context, s graph.Store, bs []*graph.Batch) (*graph.UpsertResult, error) {
	var total graph.UpsertResult
	for _, b := range bs {
		r, err := s.Upsert(ctx, b, graph.UpsertOptions{})
		if err != nil {
			return nil, err
		}
		for _, p := range []struct{ dst, src *graph.Counts }{
			{&total.Employees, &r.Employees}, {&total.Organisations, &r.Organisations}, {&total.Persons, &r.Persons},
			{&total.Relationships, &r.Relationships}, {&total.Contacts, &r.Contacts},
		} {
			p.dst.Created += p.src.Created
			p.dst.Updated += p.src.Updated
			p.dst.Unchanged += p.src.Unchanged
		}
	}
	return &total, nil
}

func measure(ctx context.Context, name string, s graph.Store, b *graph.Batch, chunk int) error {
	bs := split(b, chunk)
	how := "one batch"
	if len(bs) > 1 {
		how = fmt.Sprintf("%d batches of <= %d records", len(bs), chunk)
	}
	rels := len(b.Relationships)
	rate := func(d time.Duration) string { return fmt.Sprintf("%.0f rel/s", float64(rels)/d.Seconds()) }
	var ms runtime.MemStats

	t := time.Now()
	res, err := upsert(ctx, s, bs)
	if err != nil {
		return fmt.Errorf("bulk load: %w", err)
	}
	load := time.Since(t)
	if res.Relationships.Created != rels {
		return fmt.Errorf("bulk load created %d relationships, want %d", res.Relationships.Created, rels)
	}
	fmt.Printf("%-6s bulk load      %8s  %s (%s)\n", name, load.Round(time.Millisecond), rate(load), how)

	t = time.Now()
	res, err = upsert(ctx, s, bs)
	if err != nil {
		return fmt.Errorf("re-import: %w", err)
	}
	again := time.Since(t)
	if res.Changed() {
		return fmt.Errorf("re-import of the same batch changed data: %+v", res)
	}
	fmt.Printf("%-6s re-import      %8s  %s (nothing changed)\n", name, again.Round(time.Millisecond), rate(again))

	t = time.Now()
	n, edges := 0, 0
	if _, err := s.Network(ctx, graph.NetworkVisitor{
		Node: func(graph.NetworkNode) error { n++; return nil },
		Edge: func(graph.NetworkEdge) error { edges++; return nil },
	}); err != nil {
		return fmt.Errorf("stream network: %w", err)
	}
	stream := time.Since(t)
	if edges != rels {
		return fmt.Errorf("network streamed %d edges, want %d", edges, rels)
	}
	fmt.Printf("%-6s stream network %8s  %s\n", name, stream.Round(time.Millisecond), rate(stream))

	runtime.GC()
	runtime.ReadMemStats(&ms)
	before := ms.HeapAlloc
	t = time.Now()
	net, err := graph.ReadNetwork(ctx, s)
	if err != nil {
		return fmt.Errorf("read network: %w", err)
	}
	read := time.Since(t)
	runtime.ReadMemStats(&ms)
	fmt.Printf("%-6s read snapshot  %8s  %s, %d nodes, heap +%d MiB\n", name, read.Round(time.Millisecond), rate(read),
		len(net.Nodes), (ms.HeapAlloc-before)>>20)
	return nil
}
