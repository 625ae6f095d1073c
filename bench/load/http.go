package main

import (
	"bufio"
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
}

// endpoint is one kind of request of the load: name and how to make its
// path from the ids the load found.
type endpoint struct {
	name string
	path func(r *rand.Rand, ids *targetIDs) string
}

// targetIDs are the stakeholders the warm-path requests ask for.
type targetIDs struct{ targets []string }

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

// result is one client's record of one endpoint.
type result struct {
	latencies []time.Duration
	errors    int // transport errors and statuses other than 2xx and 429
	limited   int // 429 answers
	cut       int // still running at the end of the run: not counted
}

func httpLoad(ctx context.Context, o loadOptions) error {
	if o.clients < 1 || o.duration <= 0 {
		return errors.New("-clients and -duration must be positive")
	}
	base, token := strings.TrimRight(o.url, "/"), o.token
	where := base
	if base == "" {
		var stop func()
		var err error
		base, token, stop, where, err = startRelmap(ctx, o)
		if err != nil {
			return err
		}
		defer stop()
	} else if token == "" {
		return errors.New("-url needs -token (a viewer token)")
	}
	client := &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: o.clients, MaxConnsPerHost: o.clients},
	}
	get := func(ctx context.Context, path string) (int, error) {
		req, err := http.NewRequestWithContext(ctx, "GET", base+path, nil)
		if err != nil {
			return 0, err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		_, err = io.Copy(io.Discard, resp.Body)
		return resp.StatusCode, err
	}
	ids, err := findTargets(ctx, base, token, client)
	if err != nil {
		return err
	}
	// Warm up: one request of each endpoint, so that the snapshot is built
	// and the store's caches are filled before the clock runs.
	r := rand.New(rand.NewPCG(uint64(o.seed), 0))
	for _, e := range endpoints {
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
	runCtx, cancel := context.WithTimeout(ctx, o.duration)
	defer cancel()
	results := make([][]result, o.clients)
	var wg sync.WaitGroup
	start := time.Now()
	for c := range o.clients {
		results[c] = make([]result, len(endpoints))
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(o.seed), uint64(c+1)))
			for runCtx.Err() == nil {
				i := r.IntN(len(endpoints))
				t := time.Now()
				status, err := get(runCtx, endpoints[i].path(r, ids))
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
	elapsed := min(time.Since(start), o.duration)
	report(os.Stdout, results, elapsed, peak())
	return nil
}

// startRelmap serves the demo network from a temporary SQLite store on a
// loopback port, as "relmap demo" would, with a viewer token and without a
// rate limit.
func startRelmap(ctx context.Context, o loadOptions) (base, token string, stop func(), where string, err error) {
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
	if _, err = st.Upsert(ctx, b, graph.UpsertOptions{}); err != nil {
		return
	}
	if _, err = st.UpsertAssessments(ctx, demo.Assessments(b, opts), graph.UpsertOptions{}); err != nil {
		return
	}
	tok, secret, err := auth.NewToken("load", auth.Viewer, "bench/load", time.Now())
	if err != nil {
		return
	}
	if err = st.CreateToken(ctx, tok); err != nil {
		return
	}
	srv := &api.Server{
		Store:     st,
		Segments:  st,
		Snapshots: &analysis.Cache{Source: st, Contacts: st},
		Logger:    slog.New(slog.DiscardHandler),
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
	return "http://" + ln.Addr().String(), secret, stop, where, nil
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
func report(w io.Writer, results [][]result, elapsed time.Duration, memory string) {
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
