// Command snapshot measures how fast relmap loads its analysis snapshot from
// a SQLite store and how much memory that takes, beside the C sqlite3 shell
// reading the same columns of the same file:
//
//	go run ./bench/snapshot -db relmap.db
//	go run ./bench/snapshot -db relmap.db -json   # one JSON object, for bench/ratios
//
// It opens the store, reads the snapshot as relmap serve does
// (analysis.ReadSnapshot with the contact log: the network, the
// objections, the path rules and the contacts), and prints the wall and
// CPU time of that read, the process's peak resident memory (VmHWM) and
// the Go heap the snapshot keeps alive, per tie and per node. Then it
// times the route index that the first warm-path query builds (relmap
// serve builds it with the snapshot, before the first request) and the
// heap it adds. The same process then runs
// "sqlite3 -readonly FILE 'SELECT … FROM nodes; SELECT … FROM
// relationships' > /dev/null" (Debian's sqlite3; -sqlite3 names another)
// three times and reports the median, so the ratio says how far the Go
// driver and the build stand from the C library reading the same rows.
//
// Run it in a fresh process per measurement: the peak RSS is the process's.
// A store to measure comes from go run ./bench/import -dir DIR (10^6
// relationships among 200,000 persons, DIR/bench.db) or relmap demo
// -load-only.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph/sqlitestore"
)

// Result is what one run measured; bench/ratios reads it as JSON.
type Result struct {
	Nodes int `json:"nodes"`
	Ties  int `json:"ties"`
	// Seconds and CPUSeconds are the snapshot read's wall and CPU time.
	Seconds    float64 `json:"seconds"`
	CPUSeconds float64 `json:"cpu_seconds"`
	// PeakRSS is the process's peak resident set (VmHWM) after the read,
	// in bytes.
	PeakRSS int64 `json:"peak_rss"`
	// HeapBytes is the Go heap the snapshot keeps alive (in use after a GC,
	// less what was in use before the read).
	HeapBytes    int64   `json:"heap_bytes"`
	BytesPerTie  float64 `json:"bytes_per_tie"`
	BytesPerNode float64 `json:"bytes_per_node"`
	// RouteSeconds and RouteCPUSeconds are the first warm-path query's
	// time (building the route index), RouteBytes the heap it adds and
	// RoutePeakRSS the peak RSS after it.
	RouteSeconds    float64 `json:"route_seconds"`
	RouteCPUSeconds float64 `json:"route_cpu_seconds"`
	RouteBytes      int64   `json:"route_bytes"`
	RoutePeakRSS    int64   `json:"route_peak_rss"`
	// SQLite3Seconds and SQLite3CPUSeconds are the C shell's median wall and
	// CPU time reading the same columns; 0 when it did not run.
	SQLite3Seconds    float64 `json:"sqlite3_seconds"`
	SQLite3CPUSeconds float64 `json:"sqlite3_cpu_seconds"`
	LoadAvg           string  `json:"loadavg"`
}

// columns are what the stores' Network reads: keep them in step with
// graph/sqlitestore/network.go.
const columns = `SELECT id, kind, name, party_type, owner_id, do_not_route FROM nodes;
SELECT id, type, from_id, to_id, strength, nature, level FROM relationships;`

func main() {
	db := flag.String("db", "", "SQLite file of a relmap store (required)")
	sqlite3 := flag.String("sqlite3", "sqlite3", "the C sqlite3 shell; empty skips it")
	asJSON := flag.Bool("json", false, "print one JSON object instead of a table")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the snapshot read to this file")
	memprofile := flag.String("memprofile", "", "write a profile of what the snapshot read allocated to this file (go tool pprof -sample_index=alloc_space)")
	flag.Parse()
	if *db == "" {
		fmt.Fprintln(os.Stderr, "snapshot: -db is required")
		os.Exit(2)
	}
	r, err := run(*db, *sqlite3, *cpuprofile, *memprofile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "snapshot:", err)
		os.Exit(1)
	}
	if *asJSON {
		_ = json.NewEncoder(os.Stdout).Encode(r)
		return
	}
	fmt.Printf("snapshot of %s: %d nodes, %d ties; load average %s\n", *db, r.Nodes, r.Ties, r.LoadAvg)
	fmt.Printf("  relmap read   %8.3f s wall %8.3f s CPU, peak RSS %d MiB, heap kept %d MiB (%.0f B per tie, %.0f B per node)\n",
		r.Seconds, r.CPUSeconds, r.PeakRSS>>20, r.HeapBytes>>20, r.BytesPerTie, r.BytesPerNode)
	fmt.Printf("  route index   %8.3f s wall %8.3f s CPU, peak RSS %d MiB, heap added %d MiB\n",
		r.RouteSeconds, r.RouteCPUSeconds, r.RoutePeakRSS>>20, r.RouteBytes>>20)
	if r.SQLite3Seconds > 0 {
		fmt.Printf("  sqlite3 shell %8.3f s wall %8.3f s CPU: relmap/sqlite3 %.2f× wall, %.2f× CPU\n",
			r.SQLite3Seconds, r.SQLite3CPUSeconds, r.Seconds/r.SQLite3Seconds, r.CPUSeconds/r.SQLite3CPUSeconds)
	}
}

func run(path, shell, cpuprofile, memprofile string) (*Result, error) {
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	r := &Result{}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return nil, err
		}
	}
	t, c := time.Now(), processCPU()
	snap, err := analysis.ReadSnapshot(ctx, st, st, time.Now())
	if err != nil {
		return nil, err
	}
	r.Seconds, r.CPUSeconds = time.Since(t).Seconds(), (processCPU() - c).Seconds()
	if cpuprofile != "" {
		pprof.StopCPUProfile()
	}
	if memprofile != "" {
		if err := writeAllocs(memprofile); err != nil {
			return nil, err
		}
	}
	r.LoadAvg = loadAvg()
	r.PeakRSS = peakRSS()
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	r.Nodes, r.Ties = len(snap.Nodes), len(snap.Ties)
	r.HeapBytes = int64(after.HeapAlloc) - int64(before.HeapAlloc)
	if r.Ties > 0 {
		r.BytesPerTie = float64(r.HeapBytes) / float64(r.Ties)
	}
	if r.Nodes > 0 {
		r.BytesPerNode = float64(r.HeapBytes) / float64(r.Nodes)
	}
	t, c = time.Now(), processCPU()
	for _, n := range snap.Nodes {
		if n.Kind.IsStakeholder() {
			if _, err := analysis.FindPaths(ctx, snap, analysis.PathQuery{To: n.ID}); err != nil {
				return nil, err
			}
			break
		}
	}
	r.RouteSeconds, r.RouteCPUSeconds = time.Since(t).Seconds(), (processCPU() - c).Seconds()
	r.RoutePeakRSS = peakRSS()
	runtime.GC()
	var routed runtime.MemStats
	runtime.ReadMemStats(&routed)
	r.RouteBytes = int64(routed.HeapAlloc) - int64(after.HeapAlloc)
	runtime.KeepAlive(snap)
	if shell != "" {
		var walls, cpus []float64
		for range 3 {
			w, c, err := sqlite3Read(shell, path)
			if err != nil {
				return nil, err
			}
			walls, cpus = append(walls, w), append(cpus, c)
		}
		r.SQLite3Seconds, r.SQLite3CPUSeconds = median(walls), median(cpus)
	}
	return r, nil
}

// writeAllocs writes the allocation profile so far (the store's opening
// and the snapshot read) to path.
func writeAllocs(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// sqlite3Read runs the C shell over the columns Network reads, output to
// /dev/null, and returns its wall and CPU seconds.
func sqlite3Read(shell, path string) (float64, float64, error) {
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return 0, 0, err
	}
	defer devnull.Close()
	cmd := exec.Command(shell, "-readonly", path, columns)
	cmd.Stdout, cmd.Stderr = devnull, os.Stderr
	t := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("%s: %w (Debian: apt-get install sqlite3)", shell, err)
	}
	wall := time.Since(t).Seconds()
	u := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return wall, time.Duration(u.Utime.Nano() + u.Stime.Nano()).Seconds(), nil
}

func median(x []float64) float64 {
	x = slices.Clone(x)
	slices.Sort(x)
	return x[len(x)/2]
}

// processCPU returns the user and system CPU time of this process so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSS returns the process's peak resident set size (VmHWM) in bytes.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// loadAvg returns /proc/loadavg's first three fields.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
