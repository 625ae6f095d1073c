// Command load measures relmap under load. By default it is the HTTP load
// test: it starts relmap in-process on loopback with the demo network in a
// temporary SQLite store and a viewer token (or targets a running relmap
// with -url and -token), runs -clients concurrent clients for -duration on
// the warm-path, matrix and listing endpoints, and prints throughput, p50
// and p99 latency per endpoint, the error count and the peak memory.
//
//	go run ./bench/load                          # 8 clients, 60 s, in-process
//	go run ./bench/load -duration 20s -clients 16 -persons 20000
//	go run ./bench/load -url http://127.0.0.1:8080 -token rm_…
//
// The in-process server runs without a rate limit (it would measure the
// limit, not relmap) and says so; against -url, start relmap with
// RELMAP_RATE_LIMIT=0 or count the 429s the report shows.
//
// With -writes it runs twice for -duration, the second time while one more
// client writes steadily (a contact, then an assessment, -writes a
// second), and prints both runs and the p50 of each endpoint in both with
// their ratio: what the writes cost the readers. -mix analyses asks for
// the analyses issue 14 measures (warm paths, holders, the develop
// segment's brokers) instead of the default mix:
//
//	go run ./bench/load -mix analyses -clients 16 -writes 2 -duration 60s
//
// With -store it measures bulk writes instead: it generates the demo
// network at a given size, upserts it in one batch, upserts it again (which
// must change nothing), and reads the whole network back, printing
// relationships per second for each step.
//
//	go run ./bench/load -persons 100000 -store sqlite
//	RELMAP_NEO4J_URI=bolt://127.0.0.1:7687 go run ./bench/load -store neo4j
//
// bench/run.sh runs both stores and starts a Neo4j when none is configured.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"
)

func main() {
	persons := flag.Int("persons", 0, "external persons in the demo network (0: 100000 with -store, the demo's default size for the HTTP load)")
	stores := flag.String("store", "", "measure bulk writes on these comma-separated stores (sqlite, neo4j) instead of the HTTP load")
	dir := flag.String("dir", "", "directory for the SQLite file (default: a temporary one)")
	chunk := flag.Int("neo4j-chunk", 100000, "with -store: upsert Neo4j in batches of at most this many records (0: one batch); one transaction caps its memory at 70% of the server's heap")
	var o loadOptions
	flag.IntVar(&o.clients, "clients", 8, "concurrent clients of the HTTP load")
	flag.DurationVar(&o.duration, "duration", 60*time.Second, "how long the HTTP load runs")
	flag.StringVar(&o.url, "url", "", "load a running relmap at this base URL instead of an in-process one")
	flag.StringVar(&o.token, "token", os.Getenv("RELMAP_TOKEN"), "with -url: a viewer token (env RELMAP_TOKEN)")
	flag.Int64Var(&o.seed, "seed", 1, "random seed of the demo network and of the clients' choices")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the load (server and clients when in-process) to this file")
	flag.StringVar(&o.mix, "mix", "default", "the requests: default (paths, matrix, listings) or analyses (paths, holders, brokers)")
	flag.Float64Var(&o.writes, "writes", 0, "run twice, the second time with this many writes a second (contacts and assessments, alternately), and compare the p50s")
	flag.StringVar(&o.writeToken, "write-token", os.Getenv("RELMAP_WRITE_TOKEN"), "with -url and -writes: an editor token (env RELMAP_WRITE_TOKEN)")
	flag.IntVar(&o.rounds, "rounds", 2, "with -writes: runs without and with writes, alternating, of -duration each")
	flag.DurationVar(&o.staleness, "staleness", time.Second, "in-process: how old the snapshot and the matrix may be while the next is made (relmap serve -snapshot-staleness)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if *stores != "" {
		if *persons == 0 {
			*persons = 100000
		}
		bulk(ctx, *persons, *stores, *dir, *chunk)
		return
	}
	o.persons, o.dir = *persons, *dir
	if err := httpLoad(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}
