// Command ratios prints, in one table, relmap's figures beside a reference
// on the same data and the ratio, with the load average when each was
// taken:
//
//   - the analysis snapshot read from a SQLite store of 200,000 nodes and
//     10^6 ties (bench/import's network), beside the C sqlite3 shell
//     reading the same columns of the same file (bench/snapshot), and the
//     peak resident memory and the heap kept per tie and per node;
//
//   - betweenness, PageRank and Burt's constraint beside python-igraph on
//     one preferential-attachment network (bench/centrality), and the
//     ranked betweenness estimate with its bound.
//
//     bash bench/ratios.sh                  # installs sqlite3 and python3-igraph when missing
//     go run ./bench/ratios -dir /tmp/r     # keeps the generated store there for the next run
//
// Each measure runs in a process of its own (peak RSS is the process's).
// The store is made once per -dir: bench/import writes the CSV files and
// relmap import loads them. The machine may be shared: compare the CPU
// ratios when the load average is high.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// snapshotResult is bench/snapshot's -json output (see its Result).
type snapshotResult struct {
	Nodes             int     `json:"nodes"`
	Ties              int     `json:"ties"`
	Seconds           float64 `json:"seconds"`
	CPUSeconds        float64 `json:"cpu_seconds"`
	PeakRSS           int64   `json:"peak_rss"`
	HeapBytes         int64   `json:"heap_bytes"`
	BytesPerTie       float64 `json:"bytes_per_tie"`
	BytesPerNode      float64 `json:"bytes_per_node"`
	SQLite3Seconds    float64 `json:"sqlite3_seconds"`
	SQLite3CPUSeconds float64 `json:"sqlite3_cpu_seconds"`
	RouteSeconds      float64 `json:"route_seconds"`
	RouteCPUSeconds   float64 `json:"route_cpu_seconds"`
	RouteBytes        int64   `json:"route_bytes"`
	RoutePeakRSS      int64   `json:"route_peak_rss"`
	LoadAvg           string  `json:"loadavg"`
}

// centralityRow is one line of bench/centrality -json (see its Row).
type centralityRow struct {
	Nodes            int     `json:"nodes"`
	Ties             int     `json:"ties"`
	Name             string  `json:"name"`
	Seconds          float64 `json:"seconds"`
	CPUSeconds       float64 `json:"cpu_seconds"`
	IgraphSeconds    float64 `json:"igraph_seconds"`
	IgraphCPUSeconds float64 `json:"igraph_cpu_seconds"`
	MaxDiff          float64 `json:"max_diff"`
	Note             string  `json:"note"`
	LoadAvg          string  `json:"loadavg"`
}

// line is one row of the table.
type line struct {
	what, figure, reference, ratio, cpuRatio, load, note string
}

func main() {
	dir := flag.String("dir", filepath.Join(os.TempDir(), "relmap-ratios"), "directory of the generated store (kept for the next run)")
	db := flag.String("db", "", "a SQLite store to read the snapshot from instead of the generated one")
	sizes := flag.String("sizes", "10000,100000", "node counts of the centrality networks (betweenness is exact up to 20,000 nodes)")
	sqlite3 := flag.String("sqlite3", "sqlite3", "the C sqlite3 shell")
	flag.Parse()
	if err := run(*dir, *db, *sizes, *sqlite3); err != nil {
		fmt.Fprintln(os.Stderr, "ratios:", err)
		os.Exit(1)
	}
}

func run(dir, db, sizes, sqlite3 string) error {
	if db == "" {
		var err error
		if db, err = store(dir); err != nil {
			return err
		}
	}
	var snap snapshotResult
	if err := goRunJSON(&snap, "./bench/snapshot", "-db", db, "-sqlite3", sqlite3, "-json"); err != nil {
		return err
	}
	var rows []centralityRow
	out, err := goRun("./bench/centrality", "-sizes", sizes, "-json")
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var r centralityRow
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return fmt.Errorf("bench/centrality printed %q: %w", sc.Text(), err)
		}
		rows = append(rows, r)
	}

	sec := func(s float64) string {
		return (time.Duration(s * float64(time.Second))).Round(time.Millisecond).String()
	}
	ratio := func(a, b float64) string {
		if b == 0 {
			return "-"
		}
		return fmt.Sprintf("%.2f×", a/b)
	}
	size := fmt.Sprintf("%dk nodes, %dk ties", snap.Nodes/1000, snap.Ties/1000)
	table := []line{
		{"snapshot read from SQLite (" + size + ") vs sqlite3 shell, same columns",
			sec(snap.Seconds) + " (cpu " + sec(snap.CPUSeconds) + ")", sec(snap.SQLite3Seconds) + " (cpu " + sec(snap.SQLite3CPUSeconds) + ")",
			ratio(snap.Seconds, snap.SQLite3Seconds), ratio(snap.CPUSeconds, snap.SQLite3CPUSeconds), snap.LoadAvg, ""},
		{"  peak RSS of that read", fmt.Sprintf("%d MiB", snap.PeakRSS>>20), "", "", "", snap.LoadAvg, ""},
		{"  heap kept per tie / per node", fmt.Sprintf("%.0f B / %.0f B", snap.BytesPerTie, snap.BytesPerNode), "", "", "", snap.LoadAvg,
			fmt.Sprintf("%d MiB for the snapshot", snap.HeapBytes>>20)},
		{"  route index (the first warm-path query builds it)", sec(snap.RouteSeconds) + " (cpu " + sec(snap.RouteCPUSeconds) + ")", "", "", "", snap.LoadAvg,
			fmt.Sprintf("%d MiB more heap (%.0f B per tie), peak RSS %d MiB", snap.RouteBytes>>20, float64(snap.RouteBytes)/float64(max(snap.Ties, 1)), snap.RoutePeakRSS>>20)},
	}
	for _, r := range rows {
		t := line{what: fmt.Sprintf("%s (%dk nodes) vs python-igraph", r.Name, r.Nodes/1000),
			figure: sec(r.Seconds) + " (cpu " + sec(r.CPUSeconds) + ")", load: r.LoadAvg, note: r.Note}
		if r.IgraphSeconds == 0 {
			t.what = fmt.Sprintf("%s (%dk nodes)", r.Name, r.Nodes/1000)
		} else {
			t.reference = sec(r.IgraphSeconds) + " (cpu " + sec(r.IgraphCPUSeconds) + ")"
			t.ratio, t.cpuRatio = ratio(r.Seconds, r.IgraphSeconds), ratio(r.CPUSeconds, r.IgraphCPUSeconds)
			if r.MaxDiff > 0 {
				t.note = strings.TrimSpace(fmt.Sprintf("values differ by at most %.1e %s", r.MaxDiff, r.Note))
			}
		}
		table = append(table, t)
	}
	w := 0
	for _, t := range table {
		w = max(w, len([]rune(t.what)))
	}
	fmt.Printf("%-*s  %-22s %-22s %8s %8s  %-16s %s\n", w, "what", "relmap", "reference", "ratio", "cpu", "load average", "notes")
	for _, t := range table {
		fmt.Printf("%-*s  %-22s %-22s %8s %8s  %-16s %s\n", w, t.what, t.figure, t.reference, t.ratio, t.cpuRatio, t.load, t.note)
	}
	return nil
}

// store returns dir/bench.db, made on the first run: bench/import writes
// the CSV files of 10^6 relationships among 200,000 persons, relmap import
// loads them.
func store(dir string) (string, error) {
	db, done := filepath.Join(dir, "bench.db"), filepath.Join(dir, "bench.db.done")
	if _, err := os.Stat(done); err == nil {
		return db, nil
	}
	for _, f := range []string{db, db + "-wal", db + "-shm"} {
		_ = os.Remove(f) // a store an interrupted run left half made
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	fmt.Fprintf(os.Stderr, "ratios: making the store %s (once: some minutes)\n", db)
	if _, err := goRun("./bench/import", "-runs", "0", "-dir", dir); err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "relmap")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/relmap").CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	for _, kind := range []string{"persons", "relationships"} {
		cmd := exec.Command(bin, "import", "-kind", kind, "-db", db, filepath.Join(dir, kind+".csv"))
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return "", fmt.Errorf("relmap import %s: %w", kind, err)
		}
	}
	return db, os.WriteFile(done, nil, 0o644)
}

// goRun runs go run pkg args and returns its standard output.
func goRun(pkg string, args ...string) ([]byte, error) {
	cmd := exec.Command("go", append([]string{"run", pkg}, args...)...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go run %s: %w", pkg, err)
	}
	return out, nil
}

// goRunJSON runs go run pkg args and decodes its output into v.
func goRunJSON(v any, pkg string, args ...string) error {
	out, err := goRun(pkg, args...)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(out, v); err != nil {
		return fmt.Errorf("%s printed %q: %w", pkg, out, err)
	}
	return nil
}
