// Command import measures `relmap import` of a large CSV file against the
// C sqlite3 shell's .import of the same file into a plain table, and
// prints one table: for each step the median wall time of -runs
// interleaved runs, the CPU time, rows per second, peak resident memory,
// the 1-minute load average when the step ended, and the ratios to
// sqlite3 .import.
//
//	bash bench/import.sh                          # SQLite, 3 runs
//	bash bench/import.sh -store sqlite,neo4j      # and Neo4j (a fresh server of its own)
//	go run ./bench/import -relationships 200000   # fewer rows; sqlite3 on the PATH
//	go run ./bench/import -runs 0 -dir /tmp/b     # only write the two files
//	bash bench/import.sh -store neo4j -only-ceiling -ceiling plain,plain2,relmap,relmap2
//
// It writes a persons file and a relationships file (by default 10^6 knows
// ties among 200,000 persons, a decimal comma on every other row), builds
// relmap (or takes -relmap) and runs, one after the other in each run:
//
//   - sqlite3 .import of the relationships file into a new database, a
//     table of text columns without keys or indexes: the reference;
//   - relmap import of the persons, then of the relationships, into a new
//     SQLite store, and the relationships again (nothing changes);
//   - with -store neo4j, the same into Neo4j, once (the database must be
//     empty; bench/import.sh starts a fresh server and passes its pid, so
//     that the server's CPU time is counted too, and shown apart);
//   - with -ceiling, then the server's ceiling (ceiling.go): the same ties
//     created by plain Cypher with nothing of relmap around it, in
//     variants (without properties, with relmap's, relmap's own
//     statement; one transaction at a time or two), per wall second and
//     per second of the server's CPU, with the PROFILE of each variant's
//     first statement.
//
// Every step is a process of its own: its wall time, CPU time (user and
// system) and peak RSS are the operating system's. The machine may be
// shared: the load average says how busy it was, and the CPU ratio is the
// fairer comparison when it was.
package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/neo4jstore"
)

func main() {
	var c config
	flag.IntVar(&c.rels, "relationships", 1000000, "knows relationships in the generated file")
	flag.IntVar(&c.persons, "persons", 200000, "persons they connect")
	flag.StringVar(&c.stores, "store", "sqlite", "stores to import into: sqlite, neo4j or sqlite,neo4j")
	flag.StringVar(&c.dir, "dir", "", "directory for the files and databases (default: a temporary one, removed)")
	flag.IntVar(&c.runs, "runs", 3, "interleaved runs of the SQLite steps (Neo4j runs once); 0 writes the files (into -dir) and stops")
	flag.StringVar(&c.relmap, "relmap", "", "relmap binary (default: go build ./cmd/relmap)")
	flag.StringVar(&c.sqlite3, "sqlite3", "sqlite3", "sqlite3 shell")
	flag.IntVar(&c.neo4jPID, "neo4j-pid", 0, "pid of the Neo4j server, whose CPU time then counts in the Neo4j steps")
	flag.StringVar(&c.ceiling, "ceiling", "", "after the Neo4j steps, the server's ceiling: variants of plain Cypher creating the same ties (plain, plain2, props, props2, relmap, relmap2; see ceiling.go), comma-separated")
	flag.StringVar(&c.ceilingBatch, "ceiling-batch", "5000", "rows per UNWIND statement of the ceiling variants, comma-separated")
	flag.BoolVar(&c.onlyCeiling, "only-ceiling", false, "measure the ceiling only, not relmap import")
	flag.Parse()
	if err := run(context.Background(), c); err != nil {
		fmt.Fprintln(os.Stderr, "bench/import:", err)
		os.Exit(1)
	}
}

type config struct {
	rels, persons, runs int
	stores, dir         string
	relmap, sqlite3     string
	neo4jPID            int
	ceiling             string
	ceilingBatch        string
	onlyCeiling         bool
	personsCSV, relsCSV string
	sqlite, neo4j       bool
}

// sample is one measured step of one run.
type sample struct {
	wall, cpu time.Duration
	server    time.Duration // of cpu, the server's
	rssKiB    int64
	load      float64
}

// step is one line of the table: a command and its samples.
type step struct {
	name string
	rows int
	ref  bool // the reference of the ratios
	runs []sample
}

func run(ctx context.Context, c config) error {
	for _, s := range strings.Split(c.stores, ",") {
		switch strings.TrimSpace(s) {
		case "sqlite":
			c.sqlite = true
		case "neo4j":
			c.neo4j = true
		default:
			return fmt.Errorf("-store: unknown store %q", s)
		}
	}
	if c.dir == "" {
		d, err := os.MkdirTemp("", "relmap-bench-import-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		c.dir = d
	} else if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return err
	}
	c.personsCSV, c.relsCSV = filepath.Join(c.dir, "persons.csv"), filepath.Join(c.dir, "relationships.csv")
	if err := writePersons(c.personsCSV, c.persons); err != nil {
		return err
	}
	if err := writeRelationships(c.relsCSV, c.persons, c.rels); err != nil {
		return err
	}
	var ceilingKeys []string
	var ceilingBatches []int
	if c.ceiling != "" {
		if !c.neo4j || c.neo4jPID == 0 {
			return errors.New("-ceiling needs -store neo4j and -neo4j-pid (bash bench/import.sh -store neo4j passes it)")
		}
		ceilingKeys = strings.Split(c.ceiling, ",")
		for _, b := range strings.Split(c.ceilingBatch, ",") {
			n, err := strconv.Atoi(b)
			if err != nil || n < 1 {
				return fmt.Errorf("-ceiling-batch: %q is no number of rows", b)
			}
			ceilingBatches = append(ceilingBatches, n)
		}
	}
	if c.runs == 0 {
		fmt.Printf("bench/import: wrote %s (%d persons) and %s (%d relationships)\n", c.personsCSV, c.persons, c.relsCSV, c.rels)
		return nil
	}
	if c.relmap == "" {
		c.relmap = filepath.Join(c.dir, "relmap")
		if out, err := exec.Command("go", "build", "-o", c.relmap, "./cmd/relmap").CombinedOutput(); err != nil {
			return fmt.Errorf("go build ./cmd/relmap: %v\n%s", err, out)
		}
	}
	if c.neo4j {
		if err := emptyNeo4j(ctx); err != nil {
			return err
		}
	}
	fmt.Printf("bench/import: %d relationships among %d persons; %d run(s) of the SQLite steps; %d cores\n",
		c.rels, c.persons, c.runs, numCPU())

	ref := &step{name: "sqlite3 .import (plain table)", rows: c.rels, ref: true}
	steps := []*step{ref}
	var sqliteSteps, neo4jSteps []*step
	if c.sqlite {
		sqliteSteps = []*step{
			{name: "relmap import persons (SQLite)", rows: c.persons},
			{name: "relmap import relationships (SQLite)", rows: c.rels},
			{name: "the same again: nothing changes (SQLite)", rows: c.rels},
		}
		steps = append(steps, sqliteSteps...)
	}
	if c.neo4j {
		neo4jSteps = []*step{
			{name: "relmap import persons (Neo4j)", rows: c.persons},
			{name: "relmap import relationships (Neo4j)", rows: c.rels},
			{name: "the same again: nothing changes (Neo4j)", rows: c.rels},
		}
		steps = append(steps, neo4jSteps...)
	}
	files, kinds := []string{c.personsCSV, c.relsCSV, c.relsCSV}, []string{"persons", "relationships", "relationships"}
	for r := range c.runs {
		plain := filepath.Join(c.dir, fmt.Sprintf("plain-%d.db", r))
		s, err := measure(nil, 0, nil, c.sqlite3, plain, "-cmd", ".mode csv", ".import "+c.relsCSV+" rels")
		if err != nil {
			return fmt.Errorf("sqlite3 .import: %w", err)
		}
		ref.runs = append(ref.runs, s)
		os.Remove(plain)
		if !c.sqlite {
			continue
		}
		db := filepath.Join(c.dir, fmt.Sprintf("relmap-%d.db", r))
		for i, st := range sqliteSteps {
			s, err := relmapImport(c, withoutNeo4j(), 0, kinds[i], st.rows, files[i], "-db", db)
			if err != nil {
				return fmt.Errorf("%s: %w", sqliteSteps[i].name, err)
			}
			sqliteSteps[i].runs = append(sqliteSteps[i].runs, s)
		}
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(db + suffix)
		}
	}
	if c.neo4j && !c.onlyCeiling {
		for i, st := range neo4jSteps {
			s, err := relmapImport(c, nil, c.neo4jPID, kinds[i], st.rows, files[i])
			if err != nil {
				return fmt.Errorf("%s: %w", neo4jSteps[i].name, err)
			}
			neo4jSteps[i].runs = append(neo4jSteps[i].runs, s)
		}
	}
	printTable(steps, ref)
	if ceilingKeys != nil {
		rs, err := ceiling(ctx, c, ceilingKeys, ceilingBatches)
		if err != nil {
			return err
		}
		printCeiling(rs)
	}
	return nil
}

// relmapImport runs relmap import of file, a file of rows records of
// kind, with the store flags args in the environment env, and checks that
// it read every row.
func relmapImport(c config, env []string, serverPID int, kind string, rows int, file string, args ...string) (sample, error) {
	var out bytes.Buffer
	s, err := measure(env, serverPID, &out, c.relmap, append(append([]string{"import", "-json", "-kind", kind}, args...), file)...)
	if err != nil {
		return s, err
	}
	var res map[string]graph.Counts
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		return s, fmt.Errorf("relmap import -json printed %q: %w", out.String(), err)
	}
	if n := res[kind]; n.Created+n.Updated+n.Unchanged != rows {
		return s, fmt.Errorf("relmap import of %s: %+v, want %d rows", file, n, rows)
	}
	return s, nil
}

// withoutNeo4j returns the environment without RELMAP_NEO4J_*, so that
// relmap uses -db.
func withoutNeo4j() []string {
	return slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "RELMAP_NEO4J_") })
}

// measure runs name with args in the environment env (nil: this
// process's) and returns its wall time, its CPU time (and that of the
// process serverPID meanwhile, when not 0), its peak RSS and the 1-minute
// load average at its end. stdout, when not nil, gets the command's
// standard output.
func measure(env []string, serverPID int, stdout *bytes.Buffer, name string, args ...string) (sample, error) {
	cmd := exec.Command(name, args...)
	cmd.Env = env
	if stdout != nil {
		cmd.Stdout = stdout
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	server0 := processCPU(serverPID)
	t := time.Now()
	err := cmd.Run()
	wall := time.Since(t)
	if err != nil {
		return sample{}, fmt.Errorf("%s: %v\n%s", name, err, stderr.Bytes())
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	var server time.Duration
	if serverPID != 0 {
		server = processCPU(serverPID) - server0
	}
	return sample{wall: wall, cpu: cpu + server, server: server, rssKiB: ru.Maxrss, load: loadAverage()}, nil
}

func printTable(steps []*step, ref *step) {
	refWall, refCPU := median(ref.runs, func(s sample) time.Duration { return s.wall }), median(ref.runs, func(s sample) time.Duration { return s.cpu })
	fmt.Printf("\n%-42s %9s %5s %9s %9s %9s %10s %9s %14s %9s %9s\n", "step", "rows", "runs", "wall s", "CPU s", "server s", "rows/s", "peak RSS", "load 1m", "× wall", "× CPU")
	for _, s := range steps {
		if len(s.runs) == 0 {
			continue
		}
		wall := median(s.runs, func(x sample) time.Duration { return x.wall })
		cpu := median(s.runs, func(x sample) time.Duration { return x.cpu })
		server := median(s.runs, func(x sample) time.Duration { return x.server })
		rss := slices.MaxFunc(s.runs, func(a, b sample) int { return cmp.Compare(a.rssKiB, b.rssKiB) }).rssKiB
		lo := slices.MinFunc(s.runs, func(a, b sample) int { return cmp.Compare(a.load, b.load) }).load
		hi := slices.MaxFunc(s.runs, func(a, b sample) int { return cmp.Compare(a.load, b.load) }).load
		load := fmt.Sprintf("%.1f", lo)
		if hi != lo {
			load = fmt.Sprintf("%.1f–%.1f", lo, hi)
		}
		ratio := func(a, b time.Duration) string {
			if s.ref {
				return "1"
			}
			return fmt.Sprintf("%.1f", a.Seconds()/b.Seconds())
		}
		fmt.Printf("%-42s %9d %5d %9.2f %9.2f %9.2f %10.0f %6d MiB %14s %9s %9s\n", s.name, s.rows, len(s.runs), wall.Seconds(), cpu.Seconds(),
			server.Seconds(), float64(s.rows)/wall.Seconds(), rss>>10, load, ratio(wall, refWall), ratio(cpu, refCPU))
	}
	fmt.Println("\nwall and CPU s: medians over the runs; peak RSS: the largest; load 1m: the 1-minute load average at the end of each run (range); × : to sqlite3 .import of the same file.")
	fmt.Println("Neo4j steps count the server's CPU time too when -neo4j-pid is given (server s: that part of CPU s); their peak RSS is relmap's.")
}

func median(xs []sample, f func(sample) time.Duration) time.Duration {
	ds := make([]time.Duration, len(xs))
	for i, x := range xs {
		ds[i] = f(x)
	}
	slices.Sort(ds)
	if n := len(ds); n%2 == 0 {
		return (ds[n/2-1] + ds[n/2]) / 2
	}
	return ds[len(ds)/2]
}

// emptyNeo4j checks that the Neo4j of the environment holds no data: the
// steps count what they create.
func emptyNeo4j(ctx context.Context) error {
	uri := os.Getenv("RELMAP_NEO4J_URI")
	if uri == "" {
		return errors.New("-store neo4j: set RELMAP_NEO4J_URI (bash bench/import.sh starts a server of its own)")
	}
	st, err := neo4jstore.Open(ctx, neo4jstore.Config{URI: uri, Username: neo4jUser(), Password: neo4jPassword(),
		Database: database(), Timeout: time.Minute})
	if err != nil {
		return err
	}
	defer st.Close()
	if v, err := st.Version(ctx); err != nil || v != 0 {
		return fmt.Errorf("-store neo4j needs an empty database (version %d, %v); bash bench/import.sh starts a fresh one", v, err)
	}
	return nil
}

func neo4jUser() string { return cmp.Or(os.Getenv("RELMAP_NEO4J_USER"), "neo4j") }
func database() string  { return cmp.Or(os.Getenv("RELMAP_NEO4J_DATABASE"), "neo4j") }

// neo4jPassword is RELMAP_NEO4J_PASSWORD, or the content of
// RELMAP_NEO4J_PASSWORD_FILE.
func neo4jPassword() string {
	if f := os.Getenv("RELMAP_NEO4J_PASSWORD_FILE"); f != "" {
		if b, err := os.ReadFile(f); err == nil {
			return strings.TrimSpace(string(b))
		}
	}
	return os.Getenv("RELMAP_NEO4J_PASSWORD")
}

// processCPU returns the CPU time (user and system) of process pid so far,
// or 0 for pid 0.
func processCPU(pid int) time.Duration {
	if pid == 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command name (in parentheses, which may hold
	// spaces): utime and stime are the 14th and 15th of the line.
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * time.Second / 100 // USER_HZ is 100 on Linux
}

func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0
	}
	l, _ := strconv.ParseFloat(f[0], 64)
	return l
}

func numCPU() int {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return 0
	}
	return bytes.Count(b, []byte("\nprocessor")) + 1
}

// writePersons writes n persons per-0 … per-(n-1).
func writePersons(path string, n int) error {
	return writeFile(path, "id,name,party_type\n", n, func(w *bufio.Writer, i int) {
		fmt.Fprintf(w, "per-%d,Person %d,%s\n", i, i, []string{"input", "consumer", "intermediary", ""}[i%4])
	})
}

// writeRelationships writes n knows ties rel-0 … among p persons (see
// tieEnd), with a strength in (0,1] written with a decimal comma on every
// other row.
func writeRelationships(path string, p, n int) error {
	return writeFile(path, "id,type,from,to,strength\n", n, func(w *bufio.Writer, i int) {
		from, to := tieEnd(p, i)
		s := strconv.FormatFloat(float64(1+i%10)/10, 'f', 1, 64)
		if i%2 == 1 {
			s = `"` + strings.Replace(s, ".", ",", 1) + `"`
		}
		fmt.Fprintf(w, "rel-%d,knows,per-%d,per-%d,%s\n", i, from, to, s)
	})
}

// tieEnd returns the ends of tie i among p persons: it goes from person
// i mod p to a person a pseudo-random step further (never itself).
func tieEnd(p, i int) (from, to int) {
	from = i % p
	step := 1 + (i*7919+i/p*104729)%(p-1)
	return from, (from + step) % p
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
