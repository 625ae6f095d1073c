// Command import measures relmap's CSV import at scale: it writes a
// persons file and a relationships file (by default 10^6 knows ties among
// 200,000 persons), imports both with exchange.ImportCSV (which hands a
// segment.Importer parts of exchange.PartRows rows) and prints rows per
// second and the process's peak resident memory after each file.
//
//	go run ./bench/import -store sqlite
//	RELMAP_NEO4J_URI=bolt://127.0.0.1:7687 RELMAP_NEO4J_PASSWORD_FILE=… go run ./bench/import -store neo4j
//
// The files are mapped into memory (not read onto the heap), so the peak
// covers the parts and the store's work, plus the file pages touched.
//
// Neo4j holds a transaction in the server's memory until it commits, and
// 10^6 relationships do not fit one transaction in a 6 GB heap (see
// graph/neo4jstore's documentation): the store writes an import of more
// than -neo4j-split-rows records (Config.ImportSplitRows) part by part, each
// part in a transaction of its own, all or nothing by its import journal
// (undone on failure, or by the next Open after a crash). The figures
// include keeping that journal and clearing it at the end.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/relmap/relmap/exchange"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/neo4jstore"
	"github.com/relmap/relmap/graph/sqlitestore"
)

func main() {
	rels := flag.Int("relationships", 1000000, "knows relationships in the generated file")
	persons := flag.Int("persons", 200000, "persons they connect")
	store := flag.String("store", "sqlite", "sqlite or neo4j")
	dir := flag.String("dir", "", "directory for the files and the SQLite database (default: a temporary one)")
	split := flag.Int("neo4j-split-rows", 0, "with -store neo4j: Config.ImportSplitRows (0: the default; negative: one transaction)")
	flag.Parse()
	if err := run(*store, *dir, *persons, *rels, *split); err != nil {
		fmt.Fprintln(os.Stderr, "bench/import:", err)
		os.Exit(1)
	}
}

func run(store, dir string, persons, rels, split int) error {
	ctx := graph.WithActor(context.Background(), "bench")
	if dir == "" {
		d, err := os.MkdirTemp("", "relmap-bench-import-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	t := time.Now()
	pf, rf := filepath.Join(dir, "persons.csv"), filepath.Join(dir, "relationships.csv")
	if err := writePersons(pf, persons); err != nil {
		return err
	}
	if err := writeRelationships(rf, persons, rels); err != nil {
		return err
	}
	fmt.Printf("files: %d persons, %d relationships (written in %s); peak RSS %s\n", persons, rels, time.Since(t).Round(time.Millisecond), peakRSS())

	var st graph.Store
	switch store {
	case "sqlite":
		s, err := sqlitestore.Open(ctx, filepath.Join(dir, "bench.db"))
		if err != nil {
			return err
		}
		defer s.Close()
		st = s
	case "neo4j":
		s, err := openNeo4j(ctx, split)
		if err != nil {
			return err
		}
		defer s.Close()
		st = s
	default:
		return fmt.Errorf("unknown store %q", store)
	}
	for _, f := range []struct {
		path string
		kind exchange.Kind
	}{{pf, exchange.Persons}, {rf, exchange.Relationships}} {
		data, unmap, err := mapFile(f.path)
		if err != nil {
			return err
		}
		t := time.Now()
		_, res, err := exchange.ImportCSV(ctx, st, data, exchange.ImportOptions{Kind: f.kind})
		d := time.Since(t)
		unmap()
		if err != nil {
			return fmt.Errorf("%s: %w", f.kind, err)
		}
		c := res.Persons
		if f.kind == exchange.Relationships {
			c = res.Relationships
		}
		n := c.Created + c.Updated + c.Unchanged
		fmt.Printf("%s %s: %d rows (%d created) in %s: %.0f rows/s; peak RSS %s\n", store, f.kind, n, c.Created, d.Round(time.Millisecond), float64(n)/d.Seconds(), peakRSS())
	}
	return nil
}

// writePersons writes n persons per-0 … per-(n-1).
func writePersons(path string, n int) error {
	return writeFile(path, "id,name,party_type\n", n, func(w *bufio.Writer, i int) {
		fmt.Fprintf(w, "per-%d,Person %d,%s\n", i, i, []string{"input", "consumer", "intermediary", ""}[i%4])
	})
}

// writeRelationships writes n knows ties rel-0 … among p persons: tie i
// goes from person i mod p to a person a pseudo-random step further
// (never itself), with a strength in (0,1] written with a decimal comma
// on every other row.
func writeRelationships(path string, p, n int) error {
	return writeFile(path, "id,type,from,to,strength\n", n, func(w *bufio.Writer, i int) {
		from := i % p
		step := 1 + (i*7919+i/p*104729)%(p-1)
		s := strconv.FormatFloat(float64(1+i%10)/10, 'f', 1, 64)
		if i%2 == 1 {
			s = `"` + strings.Replace(s, ".", ",", 1) + `"`
		}
		fmt.Fprintf(w, "rel-%d,knows,per-%d,per-%d,%s\n", i, from, (from+step)%p, s)
	})
}

func writeFile(path, header string, n int, row func(*bufio.Writer, int)) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(header)
	for i := range n {
		row(w, i)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// mapFile maps a file read-only into memory.
func mapFile(path string) ([]byte, func(), error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(fi.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, err
	}
	return data, func() { syscall.Munmap(data) }, nil
}

// peakRSS returns the process's peak resident set size (VmHWM).
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return fmt.Sprintf("%d MiB", kb>>10)
		}
	}
	return "unknown"
}

func openNeo4j(ctx context.Context, split int) (*neo4jstore.Store, error) {
	uri := os.Getenv("RELMAP_NEO4J_URI")
	if uri == "" {
		return nil, fmt.Errorf("set RELMAP_NEO4J_URI (scripts/neo4j-dev.sh start prints one)")
	}
	pw := os.Getenv("RELMAP_NEO4J_PASSWORD")
	if f := os.Getenv("RELMAP_NEO4J_PASSWORD_FILE"); f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		pw = strings.TrimSpace(string(b))
	}
	return neo4jstore.Open(ctx, neo4jstore.Config{URI: uri, Username: "neo4j", Password: pw, Database: "neo4j", Timeout: time.Minute, BulkTimeout: time.Hour,
		ImportSplitRows: split})
}
