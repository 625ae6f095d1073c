package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/api"
	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/demo"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
)

type loadOptions struct {
	clients    int
	duration   time.Duration
	url        string
	token      string
	persons    int
	dir        string
	seed       int64
	cpuProfile string
	// mix names the endpoints: "default" (paths, matrix, listings) or
	// "analyses" (paths, holders, brokers).
	mix string
	// writes is the steady write rate of the second run (contacts and
	// assessments, alternately), per second; 0: one run, no writes.
	writes float64
	// writeToken is an editor token for the writes against -url.
	writeToken string
	// staleness is the in-process server's bound on how old the snapshot
	// and the matrix may be (relmap serve's -snapshot-staleness).
	staleness time.Duration
	// rounds is how many runs without and with writes alternate.
	rounds int
}

// endpoint is one kind of request of the load: name and how to make its
// path from the ids the load found.
type endpoint struct {
	name string
	path func(r *rand.Rand, ids *targetIDs) string
}

// targetIDs are the stakeholders the warm-path requests ask for, and the
// employees the written contacts are of.
type targetIDs struct{ targets, employees []string }

// endpoints are the requests of the load, chosen with equal chance: warm
// paths to a random stakeholder, the segment matrix, and pages of the
// listings at random offsets.
var endpoints = []endpoint{
	{"paths", func(r *rand.Rand, ids *targetIDs) string {
		return "/api/v1/paths?to=" + ids.targets[r.IntN(len(ids.targets))]
	}},
	{"matrix", func(*rand.Rand, *targetIDs) string { return "/api/v1/segments/matrix" }},
	{"persons", func(r *rand.Rand, _ *targetIDs) string {
		return "/api/v1/persons?limit=50&offset=" + strconv.Itoa(50*r.IntN(8))
	}},
	{"organisations", func(r *rand.Rand, _ *targetIDs) string {
		return "/api/v1/organisations?limit=50&offset=" + strconv.Itoa(50*r.IntN(3))
	}},
	{"employees", func(*rand.Rand, *targetIDs) string { return "/api/v1/employees" }},
	{"relationships", func(r *rand.Rand, _ *targetIDs) string {
		return "/api/v1/relationships?limit=50&offset=" + strconv.Itoa(50*r.IntN(20))
	}},
}

// analysisEndpoints are the requests of -mix analyses: the analyses a
// steady stream of writes must not slow down (issue 14) — warm paths to a
// random stakeholder, its holders, and its brokers with whom to ask. (The
// brokers of the whole develop segment, 29,564 targets on the 100k demo,
// take about a second of CPU each: bench/paths times them.)
var analysisEndpoints = []endpoint{
	endpoints[0],
	{"holders", func(r *rand.Rand, ids *targetIDs) string {
		return "/api/v1/holders/" + ids.targets[r.IntN(len(ids.targets))]
	}},
	{"brokers", func(r *rand.Rand, ids *targetIDs) string {
		return "/api/v1/brokers?target=" + ids.targets[r.IntN(len(ids.targets))]
	}},
}

// result is one client's record of one endpoint.
type result struct {
	latencies []time.Duration
	errors    int // transport errors and statuses other than 2xx and 429
	limited   int // 429 answers
	cut       int // still running at the end of the run: not counted
}

func httpLoad(ctx context.Context, o loadOptions) error {
	if o.clients < 1 || o.duration <= 0 || o.writes < 0 {
		return errors.New("-clients and -duration must be positive, -writes not negative")
	}
	eps := endpoints
	switch o.mix {
	case "", "default":
	case "analyses":
		eps = analysisEndpoints
	default:
		return fmt.Errorf("-mix %q: want default or analyses", o.mix)
	}
	base, token, writeToken := strings.TrimRight(o.url, "/"), o.token, o.writeToken
	where := base
	if base == "" {
		var stop func()
		var err error
		base, token, writeToken, stop, where, err = startRelmap(ctx, o)
		if err != nil {
			return err
		}
		defer stop()
	} else if token == "" || o.writes > 0 && writeToken == "" {
		return errors.New("-url needs -token (a viewer token), and with -writes -write-token (an editor token)")
	}
	client := &http.Client{
		Timeout:   60 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: o.clients + 1, MaxConnsPerHost: o.clients + 1},
	}
	do := func(ctx context.Context, method, path, token string, body []byte) (int, error) {
		req, err := http.NewRequestWithContext(ctx, method, base+path, bytes.NewReader(body))
		if err != nil {
			return 0, err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		_, err = io.Copy(io.Discard, resp.Body)
		return resp.StatusCode, err
	}
	get := func(ctx context.Context, path string) (int, error) { return do(ctx, "GET", path, token, nil) }
	ids, err := findTargets(ctx, base, token, client)
	if err != nil {
		return err
	}
	// Warm up: one request of each endpoint, so that the snapshot is built
	// and the store's caches are filled before the clock runs.
	r := rand.New(rand.NewPCG(uint64(o.seed), 0))
	for _, e := range eps {
		if status, err := get(ctx, e.path(r, ids)); err != nil || status != 200 {
			return fmt.Errorf("warm-up %s: status %d, %v", e.name, status, err)
		}
	}
	fmt.Printf("relmap load: %d clients for %s against %s\n", o.clients, o.duration, where)

	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	peak := watchMemory(ctx, o.url != "", base, token, client)
	run := func(writes float64) ([][]result, time.Duration, writeStats) {
		runCtx, cancel := context.WithTimeout(ctx, o.duration)
		defer cancel()
		results := make([][]result, o.clients)
		var wg sync.WaitGroup
		var ws writeStats
		if writes > 0 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ws = steadyWrites(runCtx, writes, ids, o.seed, func(ctx context.Context, path string, body []byte) (int, error) {
					return do(ctx, "POST", path, writeToken, body)
				})
			}()
		}
		start := time.Now()
		for c := range o.clients {
			results[c] = make([]result, len(eps))
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := rand.New(rand.NewPCG(uint64(o.seed), uint64(c+1)))
				for runCtx.Err() == nil {
					i := r.IntN(len(eps))
					t := time.Now()
					status, err := get(runCtx, eps[i].path(r, ids))
					res := &results[c][i]
					if runCtx.Err() != nil {
						res.cut++ // cut off by the end of the run
						return
					}
					switch {
					case err != nil || status/100 != 2 && status != http.StatusTooManyRequests:
						res.errors++
					case status == http.StatusTooManyRequests:
						res.limited++
					default:
						res.latencies = append(res.latencies, time.Since(t))
					}
				}
			}()
		}
		wg.Wait()
		// Requests cut off at the end are not counted: the counted ones all
		// fell within the run.
		return results, min(time.Since(start), o.duration), ws
	}
	if o.writes == 0 {
		quiet, elapsed, _ := run(0)
		report(os.Stdout, eps, quiet, elapsed, peak())
		return nil
	}
	// Runs without and with writes alternate (-rounds of each), so that
	// a change in the machine's load weighs on both alike, after a run
	// that is not counted (the first run of a fresh server is the slowest).
	run(0)
	var quiet, busy [][]result
	var quietTime, busyTime time.Duration
	var ws writeStats
	var loads []string
	for range max(o.rounds, 1) {
		q, d, _ := run(0)
		quiet, quietTime = append(quiet, q...), quietTime+d
		b, d, w := run(o.writes)
		busy, busyTime = append(busy, b...), busyTime+d
		ws.contacts, ws.assessments, ws.failed = ws.contacts+w.contacts, ws.assessments+w.assessments, ws.failed+w.failed
		for st, n := range w.statuses {
			if ws.statuses == nil {
				ws.statuses = map[int]int{}
			}
			ws.statuses[st] += n
		}
		loads = append(loads, loadAvg())
	}
	fmt.Printf("\nwithout writes (%d runs):\n", max(o.rounds, 1))
	report(os.Stdout, eps, quiet, quietTime, "")
	fmt.Printf("\nwith %.1f writes a second (%d runs; %d contacts and %d assessments written, %d failed %v):\n",
		o.writes, max(o.rounds, 1), ws.contacts, ws.assessments, ws.failed, ws.statuses)
	report(os.Stdout, eps, busy, busyTime, peak())
	fmt.Printf("load average after each pair of runs: %s\n", strings.Join(loads, "; "))
	fmt.Printf("\n%-14s %12s %12s %7s\n", "endpoint", "p50 quiet", "p50 writes", "ratio")
	for i, e := range eps {
		q, b := merged(quiet, i), merged(busy, i)
		fmt.Printf("%-14s %12s %12s %7s\n", e.name, quantile(q, 0.5), quantile(b, 0.5), ratioOf(q, b))
	}
	return nil
}

// merged returns the latencies of endpoint i over every client.
func merged(results [][]result, i int) []time.Duration {
	var out []time.Duration
	for _, rs := range results {
		out = append(out, rs[i].latencies...)
	}
	return out
}

// ratioOf is the ratio of the medians of b and a.
func ratioOf(a, b []time.Duration) string {
	if len(a) == 0 || len(b) == 0 {
		return "-"
	}
	slices.Sort(a)
	slices.Sort(b)
	return fmt.Sprintf("%.2f×", float64(b[(len(b)-1)/2])/float64(a[(len(a)-1)/2]))
}

// writeStats counts the writes of a run, and the failed ones by status.
type writeStats struct {
	contacts, assessments, failed int
	statuses                      map[int]int
}

// steadyWrites posts, at rate a second until ctx ends, a contact between a
// random employee and a random stakeholder and an assessment of a random
// stakeholder on a random criterion, alternately: the writes a team makes
// all day, each of which moves the store's version.
func steadyWrites(ctx context.Context, rate float64, ids *targetIDs, seed int64, post func(context.Context, string, []byte) (int, error)) writeStats {
	r := rand.New(rand.NewPCG(uint64(seed), 99))
	criteria := []string{"yield", "fit", "interests", "core_task", "familiarity", "image", "relationship", "openness"}
	day := time.Now().UTC().Format(time.DateOnly)
	run := time.Now().UnixNano() // new contacts and assessments in every run, never updates
	tick := time.NewTicker(time.Duration(float64(time.Second) / rate))
	defer tick.Stop()
	var ws writeStats
	for i := 0; ; i++ {
		select {
		case <-ctx.Done():
			return ws
		case <-tick.C:
		}
		target := ids.targets[r.IntN(len(ids.targets))]
		var path string
		var body []byte
		if i%2 == 0 {
			path = "/api/v1/contacts"
			body, _ = json.Marshal(map[string]string{"employee_id": ids.employees[r.IntN(len(ids.employees))],
				"stakeholder_id": target, "date": day, "mode": "meeting", "id": fmt.Sprintf("load-%d-%d", run, i)})
			ws.contacts++
		} else {
			path = "/api/v1/assessments"
			body, _ = json.Marshal(map[string]any{"stakeholder_id": target, "criterion_id": criteria[r.IntN(len(criteria))],
				"score": 1 + r.IntN(5), "date": day, "id": fmt.Sprintf("load-%d-%d", run, i)})
			ws.assessments++
		}
		if status, err := post(ctx, path, body); ctx.Err() == nil && (err != nil || status/100 != 2) {
			ws.failed++
			if ws.statuses == nil {
				ws.statuses = map[int]int{}
			}
			ws.statuses[status]++
		}
	}
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

// startRelmap serves the demo network from a temporary SQLite store on a
// loopback port, as "relmap demo" would, with a viewer token and without a
// rate limit.
func startRelmap(ctx context.Context, o loadOptions) (base, token, writeToken string, stop func(), where string, err error) {
	dir := o.dir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "relmap-load-"); err != nil {
			return
		}
	}
	path := filepath.Join(dir, "load.db")
	st, err := sqlitestore.Open(ctx, path)
	if err != nil {
		return
	}
	y, m, d := time.Now().UTC().Date()
	opts := demo.Options{Persons: o.persons, Seed: o.seed, Now: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
	b := demo.Generate(opts)
	// A store a run with the same -dir loaded before is used as it is
	// (loading the 100k-person demo takes minutes).
	if v, verr := st.Version(ctx); verr != nil || v == 0 {
		if _, err = st.Upsert(ctx, b, graph.UpsertOptions{}); err != nil {
			return
		}
		if _, err = st.UpsertAssessments(ctx, demo.Assessments(b, opts), graph.UpsertOptions{}); err != nil {
			return
		}
	}
	tok, secret, err := auth.NewToken("load", auth.Viewer, "bench/load", time.Now())
	if err != nil {
		return
	}
	if err = st.CreateToken(ctx, tok); err != nil {
		return
	}
	wtok, wsecret, err := auth.NewToken("load writes", auth.Editor, "bench/load", time.Now())
	if err != nil {
		return
	}
	if err = st.CreateToken(ctx, wtok); err != nil {
		return
	}
	// As relmap serve runs it: the snapshot and the matrix may be
	// o.staleness old while the next is made after a write.
	srv := &api.Server{
		Store:           st,
		Segments:        st,
		Snapshots:       &analysis.Cache{Source: st, Contacts: st, MaxStaleness: o.staleness},
		MatrixStaleness: o.staleness,
		Logger:          slog.New(slog.DiscardHandler),
	}
	// No rate limit (a zero Limits): the load measures relmap, not the
	// limit, which would hold one token's clients to 20 requests a second.
	h, err := srv.Handler()
	if err != nil {
		return
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return
	}
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	stop = func() {
		hs.Close()
		st.Close()
		if o.dir == "" {
			os.RemoveAll(dir)
		}
	}
	where = fmt.Sprintf("in-process relmap on %s (SQLite, demo network: %d employees, %d organisations, %d persons, %d relationships, %d contacts; rate limit off for this run)",
		ln.Addr(), len(b.Employees), len(b.Organisations), len(b.Persons), len(b.Relationships), len(b.Contacts))
	return "http://" + ln.Addr().String(), secret, wsecret, stop, where, nil
}

// findTargets reads the ids of the organisations and persons (first 200 of
// each) for the warm-path requests.
func findTargets(ctx context.Context, base, token string, client *http.Client) (*targetIDs, error) {
	ids := &targetIDs{}
	for _, kind := range []string{"organisations", "persons"} {
		req, err := http.NewRequestWithContext(ctx, "GET", base+"/api/v1/"+kind+"?limit=200", nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			return nil, err
		}
		var page struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
		}
		err = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			return nil, fmt.Errorf("list %s: status %d, %v", kind, resp.StatusCode, err)
		}
		for _, it := range page.Items {
			ids.targets = append(ids.targets, it.ID)
		}
	}
	if len(ids.targets) == 0 {
		return nil, errors.New("the network has no organisations or persons to find paths to")
	}
	req, err := http.NewRequestWithContext(ctx, "GET", base+"/api/v1/employees?limit=1000", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	var page struct {
		Items []struct {
			ID  string `json:"id"`
			End string `json:"end"`
		} `json:"items"`
	}
	err = json.NewDecoder(resp.Body).Decode(&page)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 {
		return nil, fmt.Errorf("list employees: status %d, %v", resp.StatusCode, err)
	}
	for _, it := range page.Items {
		if it.End == "" { // an employee who has left logs no contacts
			ids.employees = append(ids.employees, it.ID)
		}
	}
	return ids, nil
}

// watchMemory samples memory every 100 ms until ctx ends and returns a
// function that reports the peak. In-process it reads this process's peak
// resident set (VmHWM, server and clients together) and samples the Go
// heap; against -url it samples the server's process_resident_memory_bytes
// from /metrics.
func watchMemory(ctx context.Context, remote bool, base, token string, client *http.Client) func() string {
	var mu sync.Mutex
	var peakHeap, peakRSS uint64
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	tick := func() {
		mu.Lock()
		defer mu.Unlock()
		if remote {
			if v, ok := scrapeRSS(ctx, base, token, client); ok {
				peakRSS = max(peakRSS, v)
			}
			return
		}
		metrics.Read(sample)
		peakHeap = max(peakHeap, sample[0].Value.Uint64())
	}
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-done:
				return
			case <-t.C:
				tick()
			}
		}
	}()
	return func() string {
		close(done)
		tick()
		mu.Lock()
		defer mu.Unlock()
		if remote {
			if peakRSS == 0 {
				return "server resident memory unknown (/metrics not readable with this token)"
			}
			return fmt.Sprintf("server resident memory peak %s (sampled from /metrics every 100 ms)", mib(peakRSS))
		}
		hwm := "unknown"
		if v, ok := vmHWM(); ok {
			hwm = mib(v)
		}
		return fmt.Sprintf("peak resident memory %s (VmHWM: server and clients in one process), Go heap objects peak %s", hwm, mib(peakHeap))
	}
}

func mib(b uint64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

// vmHWM is this process's peak resident set size from /proc/self/status.
func vmHWM() (uint64, bool) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10, err == nil
		}
	}
	return 0, false
}

// scrapeRSS reads process_resident_memory_bytes from the server's /metrics.
func scrapeRSS(ctx context.Context, base, token string, client *http.Client) (uint64, bool) {
	req, err := http.NewRequestWithContext(ctx, "GET", base+"/metrics", nil)
	if err != nil {
		return 0, false
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return 0, false
	}
	defer resp.Body.Close()
	s := bufio.NewScanner(resp.Body)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), "process_resident_memory_bytes "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return uint64(f), err == nil
		}
	}
	return 0, false
}

// report prints one line per endpoint and the totals. Latencies and
// throughput count the answered requests (2xx); "unfinished" are the
// requests still running when the run ended.
func report(w io.Writer, endpoints []endpoint, results [][]result, elapsed time.Duration, memory string) {
	fmt.Fprintf(w, "%-14s %9s %9s %10s %10s %7s %7s %10s\n", "endpoint", "requests", "req/s", "p50", "p99", "errors", "429s", "unfinished")
	var all []time.Duration
	totalErr, totalLimited, totalCut := 0, 0, 0
	for i, e := range endpoints {
		var lat []time.Duration
		errs, limited, cut := 0, 0, 0
		for _, rs := range results {
			lat = append(lat, rs[i].latencies...)
			errs += rs[i].errors
			limited += rs[i].limited
			cut += rs[i].cut
		}
		all = append(all, lat...)
		totalErr += errs
		totalLimited += limited
		totalCut += cut
		fmt.Fprintf(w, "%-14s %9d %9.1f %10s %10s %7d %7d %10d\n", e.name, len(lat), float64(len(lat))/elapsed.Seconds(),
			quantile(lat, 0.50), quantile(lat, 0.99), errs, limited, cut)
	}
	fmt.Fprintf(w, "%-14s %9d %9.1f %10s %10s %7d %7d %10d\n", "all", len(all), float64(len(all))/elapsed.Seconds(),
		quantile(all, 0.50), quantile(all, 0.99), totalErr, totalLimited, totalCut)
	fmt.Fprintf(w, "%s in %s; %s\n", plural(totalErr, "error"), elapsed.Round(time.Millisecond), memory)
}

// quantile is the q-quantile of d by the nearest-rank method: the
// ⌈q·n⌉-th smallest.
func quantile(d []time.Duration, q float64) string {
	if len(d) == 0 {
		return "-"
	}
	slices.Sort(d)
	rank := int(math.Ceil(q * float64(len(d))))
	return d[min(max(rank, 1), len(d))-1].Round(time.Microsecond).String()
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}
