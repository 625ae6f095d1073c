// Command page measures the web page at scale, as the director meets it:
// in a real headless Chromium (/usr/bin/chromium) it signs in and prints
// the time to the first useful screen (the matrix, the network and the
// develop list drawn), the bytes transferred before it and the JavaScript
// heap; the time and bytes of a language switch; then over HTTP the time
// of a search keystroke, the matrix picture of the develop segment, and
// six larger network pictures asked for at once against one alone.
//
//	go run ./bench/page                        # the 20,000-person demo, in-process
//	go run ./bench/page -persons 2000
//	go run ./bench/page -db relmap-demo.db      # a demo loaded before (relmap demo -persons 20000 -load-only)
//	go run ./bench/page -url http://127.0.0.1:8080 -token rm_…
//
// The in-process server is wired as relmap serve wires it (the caches kept
// warm; no rate limit, which would measure the limit) and the figures are
// taken once they are warm, as a user meets a server that has been up for
// a while. Times depend on the machine and its load: this prints them,
// it asserts nothing.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/chromedp"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/api"
	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/demo"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
	"github.com/relmap/relmap/render"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == graphvizWorker {
		if err := render.ServeWorker(context.Background(), os.Stdin, os.Stdout); err != nil {
			fail(err)
		}
		return
	}
	persons := flag.Int("persons", 20000, "external persons of the demo network generated in-process")
	dbPath := flag.String("db", "", "serve this SQLite file (a demo loaded before) instead of generating one")
	url := flag.String("url", "", "measure a running relmap at this base URL instead of an in-process one")
	token := flag.String("token", os.Getenv("RELMAP_TOKEN"), "with -url: a viewer token (env RELMAP_TOKEN)")
	chromium := flag.String("chromium", "/usr/bin/chromium", "the Chromium to drive")
	flag.Parse()
	ctx := context.Background()
	base, secret := strings.TrimRight(*url, "/"), *token
	if base == "" {
		var stop func()
		var err error
		base, secret, stop, err = start(ctx, *persons, *dbPath)
		if err != nil {
			fail(err)
		}
		defer stop()
	} else if secret == "" {
		fail(errors.New("-url needs -token"))
	}
	if err := browse(ctx, *chromium, base, secret); err != nil {
		fail(err)
	}
	if err := pictures(ctx, base, secret); err != nil {
		fail(err)
	}
}

// graphvizWorker is the argument that makes this program a Graphviz
// worker of itself (render.ServeWorker).
const graphvizWorker = "graphviz-worker"

func fail(err error) {
	fmt.Fprintln(os.Stderr, "page:", err)
	os.Exit(1)
}

// start serves the demo network in-process, as relmap serve does, and
// returns its address, a viewer's token and how to stop it, once the
// caches of the first screen are warm.
func start(ctx context.Context, persons int, dbPath string) (string, string, func(), error) {
	dir := ""
	if dbPath == "" {
		var err error
		if dir, err = os.MkdirTemp("", "relmap-page-"); err != nil {
			return "", "", nil, err
		}
		dbPath = filepath.Join(dir, "page.db")
	}
	st, err := sqlitestore.Open(ctx, dbPath)
	if err != nil {
		return "", "", nil, err
	}
	if dir != "" {
		y, m, d := time.Now().UTC().Date()
		opts := demo.Options{Persons: persons, Now: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
		t := time.Now()
		b := demo.Generate(opts)
		if _, err := st.Upsert(ctx, b, graph.UpsertOptions{}); err != nil {
			return "", "", nil, err
		}
		if _, err := st.UpsertAssessments(ctx, demo.Assessments(b, opts), graph.UpsertOptions{}); err != nil {
			return "", "", nil, err
		}
		fmt.Printf("demo network: %d employees, %d organisations, %d persons, %d relationships, loaded in %s\n",
			len(b.Employees), len(b.Organisations), len(b.Persons), len(b.Relationships), time.Since(t).Round(time.Second))
	}
	tok, secret, err := auth.NewToken("bench/page", auth.Viewer, "bench/page", time.Now())
	if err != nil {
		return "", "", nil, err
	}
	if err := st.CreateToken(ctx, tok); err != nil {
		return "", "", nil, err
	}
	// As relmap serve: one Graphviz layout per core, the ones beyond the
	// first in worker processes of this program.
	layouts := runtime.NumCPU()
	workers, err := render.SelfWorkers(graphvizWorker)
	if err != nil {
		layouts = 1
	}
	render.SetLayouts(layouts, workers)
	fmt.Printf("graphviz layouts at once: %d\n", layouts)
	srv := &api.Server{Store: st, Segments: st, Snapshots: &analysis.Cache{Source: st, Contacts: st}, Logger: slog.New(slog.DiscardHandler)}
	h, err := srv.Handler()
	if err != nil {
		return "", "", nil, err
	}
	t := time.Now()
	if err := srv.Warm(ctx); err != nil {
		return "", "", nil, err
	}
	fmt.Printf("caches warmed in %s (relmap serve does this at start and after a change)\n", time.Since(t).Round(time.Millisecond))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", "", nil, err
	}
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	return "http://" + ln.Addr().String(), secret, func() {
		hs.Close()
		st.Close()
		if dir != "" {
			os.RemoveAll(dir)
		}
	}, nil
}

// transfer counts the bytes the page receives.
type transfer struct {
	mu    sync.Mutex
	bytes float64
	reqs  map[network.RequestID]string
	apis  []string
}

func (tr *transfer) listen(ctx context.Context) error {
	tr.reqs = map[network.RequestID]string{}
	return chromedp.Listen(ctx, func(ev any) {
		tr.mu.Lock()
		defer tr.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			tr.reqs[e.RequestID] = e.Request.URL
		case *network.EventLoadingFinished:
			tr.bytes += e.EncodedDataLength
			if u := tr.reqs[e.RequestID]; strings.Contains(u, "/api/") {
				tr.apis = append(tr.apis, u[strings.Index(u, "/api/"):])
			}
		}
	})
}

func (tr *transfer) take() (float64, []string) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	b, a := tr.bytes, tr.apis
	tr.bytes, tr.apis = 0, nil
	return b, a
}

// browse signs in to the page and times the first screen and a language
// switch.
func browse(ctx context.Context, chromium, base, secret string) error {
	if _, err := os.Stat(chromium); err != nil {
		fmt.Printf("no browser figures: %v\n", err)
		return nil
	}
	alloc, cancel := chromedp.NewExecAllocator(ctx, chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.WindowSize(1600, 1000))
	defer cancel()
	tab, cancel2 := chromedp.NewContext(alloc)
	defer cancel2()
	tab, cancel3 := context.WithTimeout(tab, 3*time.Minute)
	defer cancel3()
	if err := chromedp.Do(tab, chromedp.EmulateViewport(1600, 1000)); err != nil {
		return err
	}
	if _, err := chromedp.Call(tab, network.Enable, network.EnableParams{}); err != nil {
		return err
	}
	if _, err := chromedp.Call(tab, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		return err
	}
	if _, err := chromedp.Call(tab, performance.Enable, performance.EnableParams{}); err != nil {
		return err
	}
	tr := &transfer{}
	if err := tr.listen(tab); err != nil {
		return err
	}
	if err := chromedp.Do(tab, chromedp.Navigate(base), chromedp.WaitVisible("#login-form"), chromedp.SendKeys("#token", secret)); err != nil {
		return err
	}
	first := `!!(document.querySelector("#matrix > svg") && document.querySelector("#network > svg") && document.querySelectorAll("#table tbody tr").length > 0)`
	t := time.Now()
	if err := chromedp.Do(tab, chromedp.Click("#login-submit")); err != nil {
		return err
	}
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](first, chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(2*time.Minute))); err != nil {
		return fmt.Errorf("the first screen: %w", err)
	}
	took := time.Since(t)
	time.Sleep(300 * time.Millisecond) // the last loadingFinished events
	bytes, apis := tr.take()
	fmt.Printf("first useful screen after sign-in: %s; %.0f kB transferred from opening the page (assets included), %d API requests:\n",
		took.Round(time.Millisecond), bytes/1000, len(apis))
	sort.Strings(apis)
	for _, a := range apis {
		fmt.Println("  ", a)
	}
	if m, err := chromedp.Call(tab, performance.GetMetrics, cdp.Empty{}); err == nil {
		for _, x := range m.Metrics {
			if x.Name == "JSHeapUsedSize" {
				fmt.Printf("JavaScript heap used: %.1f MiB\n", x.Value/(1<<20))
			}
		}
	}
	t = time.Now()
	if err := chromedp.Do(tab, chromedp.Click("#lang-nl")); err != nil {
		return err
	}
	switched := `(document.querySelector("#matrix > svg") || {textContent: ""}).textContent.includes("Ontwikkel") && (document.querySelector("#network-legend") || {textContent: ""}).textContent.includes("onze medewerker")`
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](switched, chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(time.Minute))); err != nil {
		return fmt.Errorf("the language switch: %w", err)
	}
	took = time.Since(t)
	time.Sleep(300 * time.Millisecond)
	bytes, apis = tr.take()
	fmt.Printf("language switch to Dutch: %s; %.0f kB, %d API requests (the pictures): %s\n", took.Round(time.Millisecond), bytes/1000, len(apis), strings.Join(apis, " "))
	return nil
}

// pictures times search keystrokes, the develop matrix and six larger
// network pictures at once, over HTTP.
func pictures(ctx context.Context, base, secret string) error {
	client := &http.Client{Timeout: 2 * time.Minute}
	get := func(path string) (int, int, time.Duration, error) {
		req, err := http.NewRequestWithContext(ctx, "GET", base+path, nil)
		if err != nil {
			return 0, 0, 0, err
		}
		req.Header.Set("Authorization", "Bearer "+secret)
		t := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, 0, 0, err
		}
		defer resp.Body.Close()
		n, err := io.Copy(io.Discard, resp.Body)
		return resp.StatusCode, int(n), time.Since(t), err
	}
	var keys []string
	for _, q := range []string{"j", "ja", "jan", "jan%20d", "jan%20de%20v", "gem", "gemeente%20d"} {
		status, _, took, err := get("/api/v1/search?q=" + q)
		if err != nil || status != 200 {
			return fmt.Errorf("search %s: %d %v", q, status, err)
		}
		keys = append(keys, fmt.Sprintf("%s %s", strings.ReplaceAll(q, "%20", " "), took.Round(100*time.Microsecond)))
	}
	fmt.Printf("search while typing: %s\n", strings.Join(keys, ", "))
	status, n, took, err := get("/api/v1/render/matrix?segment=develop&lang=nl")
	if err != nil {
		return err
	}
	fmt.Printf("matrix picture, segment=develop: status %d, %d kB, %s\n", status, n/1000, took.Round(time.Millisecond))
	status, n, took, err = get("/api/v1/render/matrix?lang=nl")
	if err != nil {
		return err
	}
	fmt.Printf("matrix picture, every segment: status %d, %d kB, %s\n", status, n/1000, took.Round(time.Millisecond))

	// One larger network alone, then six others at once (other sizes, so
	// that none shares a layout or comes from the cache).
	// One alone is the mean of three (390, 395, 400 nodes): on a shared
	// machine a single figure moves.
	var alone time.Duration
	for _, top := range []int{390, 395, 400} {
		status, _, d, err := get(fmt.Sprintf("/api/v1/render/network?top=%d&lang=nl", top))
		if err != nil || status != 200 {
			return fmt.Errorf("one network of %d nodes: %d %v", top, status, err)
		}
		alone += d / 3
	}
	type result struct {
		status int
		took   time.Duration
	}
	res := make([]result, 6)
	var wg sync.WaitGroup
	for i := range res {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, _, d, err := get(fmt.Sprintf("/api/v1/render/network?top=%d&lang=nl", 410+10*i))
			if err != nil {
				s = -1
			}
			res[i] = result{s, d}
		}()
	}
	wg.Wait()
	var worst time.Duration
	var parts []string
	for _, r := range res {
		worst = max(worst, r.took)
		parts = append(parts, fmt.Sprintf("%d in %s", r.status, r.took.Round(time.Millisecond)))
	}
	fmt.Printf("network picture of about 400 nodes alone: %s; six of 410–460 nodes at once: %s; the slowest waited %.1f × one alone\n",
		alone.Round(time.Millisecond), strings.Join(parts, ", "), float64(worst)/float64(alone))
	return nil
}
