package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/demo"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
	"github.com/relmap/relmap/graph/storetest"
)

// chromiumPath is Debian's chromium, which CI installs.
const chromiumPath = "/usr/bin/chromium"

// browserTimeout bounds each browser test: the page and its pictures load
// in about a second on the small networks here, but a busy machine (CI on
// two cores, with Neo4j and other test packages beside it) may be many
// times slower; the tests wait for what they look for, so a generous
// bound costs nothing when all is well.
const browserTimeout = 3 * time.Minute

// browserStep bounds each step of a browser test (a click, a wait for an
// element or a state, a screenshot): a step takes well under a second when
// all is well and a few on a loaded two-core machine, so 30 s is
// generous, and a missing element fails the test in 30 s, naming its
// selector, instead of at browserTimeout.
const browserStep = 30 * time.Second

// newBrowser starts one headless Chromium for a test and its subtests. It
// skips the test when Chromium is missing, unless RELMAP_REQUIRE_BROWSER=1
// (CI), where a missing browser fails it.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("RELMAP_REQUIRE_BROWSER") == "1" {
			t.Fatalf("RELMAP_REQUIRE_BROWSER=1 but %s is missing: %v", chromiumPath, err)
		}
		t.Skipf("%s is missing (apt-get install chromium); set RELMAP_REQUIRE_BROWSER=1 to fail instead", chromiumPath)
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.WindowSize(1400, 1000))
	browser, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	if err := chromedp.Do(browser); err != nil { // start the browser, without a timeout (see chromedp.Run)
		t.Fatalf("start %s: %v", chromiumPath, err)
	}
	return browser
}

// page is one browser tab of a test, with the console messages it wrote.
type page struct {
	t   *testing.T
	ctx context.Context
	mu  sync.Mutex
	log []chromedp.ConsoleMessage
	// step bounds each step (browserStep).
	step time.Duration
}

// newPage opens a tab in its own browser context (its own localStorage),
// records its console, and on failure writes a screenshot to
// $RELMAP_ARTIFACTS (default /tmp/relmap-artifacts).
func newPage(t *testing.T, browser context.Context) *page {
	t.Helper()
	tab, cancelTab := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	ctx, cancel := context.WithTimeout(tab, browserTimeout)
	p := &page{t: t, ctx: ctx, step: browserStep}
	t.Cleanup(func() { cancel(); cancelTab() })
	t.Cleanup(p.screenshotOnFailure)         // runs first
	if err := chromedp.Do(ctx); err != nil { // open the tab, whose life is ctx's (see chromedp.Run); steps run within browserStep
		t.Fatalf("open a tab: %v", err)
	}
	messages := chromedp.Console(tab)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			p.mu.Lock()
			p.log = append(p.log, m)
			p.mu.Unlock()
		}
	}()
	return p
}

// fullScreenshot takes a screenshot of the whole page within browserStep,
// for an artifact.
func (p *page) fullScreenshot() ([]byte, error) {
	return runStep(p, "a screenshot of the page", chromedp.FullScreenshot(100))
}

func (p *page) screenshotOnFailure() {
	if !p.t.Failed() {
		return
	}
	dir := os.Getenv("RELMAP_ARTIFACTS")
	if dir == "" {
		dir = "/tmp/relmap-artifacts"
	}
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Logf("no screenshot: %v", err)
		return
	}
	name := regexp.MustCompile(`[^A-Za-z0-9_.-]+`).ReplaceAllString(p.t.Name(), "_") + ".png"
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(dir, 0o755); err == nil {
		err = os.WriteFile(path, png, 0o644)
	}
	if err != nil {
		p.t.Logf("screenshot not written: %v", err)
		return
	}
	p.t.Logf("screenshot of the failed page: %s", path)
}

// step is one browser action and what it does in words, naming the
// element it needs by its selector, for the message when it fails.
type step struct {
	what string
	act  chromedp.Action[chromedp.Void]
}

// The steps on the element the CSS selector sel finds first; each waits
// for the element (within browserStep, see page.do).
func waitVisible(sel string) step {
	return step{"wait until " + sel + " is visible", chromedp.WaitVisible(chromedp.CSS(sel))}
}
func click(sel string) step { return step{"click " + sel, chromedp.Click(chromedp.CSS(sel))} }
func sendKeys(sel, keys string) step {
	return step{"type into " + sel, chromedp.SendKeys(chromedp.CSS(sel), keys)}
}
func setValue(sel, v string) step {
	return step{"set the value of " + sel, chromedp.SetValue(chromedp.CSS(sel), v)}
}
func scrollIntoView(sel string) step {
	return step{"scroll to " + sel, chromedp.ScrollIntoView(chromedp.CSS(sel))}
}
func focus(sel string) step { return step{"focus " + sel, chromedp.Focus(chromedp.CSS(sel))} }

// act is a step on no element (open, reload, a window size, a script).
func act(what string, a chromedp.Action[chromedp.Void]) step { return step{what, a} }

// do runs the steps in order, each within the page's step bound, and
// fails the test on an error, naming what it did and the step that failed.
func (p *page) do(what string, steps ...step) {
	p.t.Helper()
	if err := p.try(steps...); err != nil {
		p.t.Fatalf("%s: %v", what, err)
	}
}

// try runs the steps as do does and returns the first error, which names
// the step.
func (p *page) try(steps ...step) error {
	for _, s := range steps {
		if _, err := runStep(p, s.what, s.act); err != nil {
			return err
		}
	}
	return nil
}

// runStep runs a within the page's step bound (browserStep) and returns
// its value; an error names what (which names the element a waits for)
// and says when the bound ran out.
//
// A step whose element the page replaced between finding it and acting on
// it (the page redraws a table or a picture when an answer arrives, and
// the protocol then no longer knows the node it found: "Could not find
// node with given id") is run again within the bound, as a person would
// click the element now on the page: CI failed on such a race in the
// plans and regie tests.
func runStep[T any](p *page, what string, a chromedp.Action[T]) (T, error) {
	ctx, cancel := context.WithTimeout(p.ctx, p.step)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	for err != nil && staleNode(err) && ctx.Err() == nil {
		time.Sleep(50 * time.Millisecond)
		v, err = chromedp.Run(ctx, a)
	}
	switch {
	case err == nil:
		return v, nil
	case errors.Is(ctx.Err(), context.DeadlineExceeded) && p.ctx.Err() == nil:
		return v, fmt.Errorf("%s: not done within %s: %w", what, p.step, ctx.Err())
	}
	return v, fmt.Errorf("%s: %w", what, err)
}

// staleNode reports whether err says the element a step found is no
// longer in the page.
func staleNode(err error) bool {
	m := err.Error()
	return strings.Contains(m, "Could not find node with given id") || strings.Contains(m, "Node is detached from document")
}

// run is runStep failing the test on an error.
func run[T any](p *page, what string, a chromedp.Action[T]) T {
	p.t.Helper()
	v, err := runStep(p, what, a)
	if err != nil {
		p.t.Fatal(err)
	}
	return v
}

// text returns the text content of the first element matching the CSS
// selector.
func (p *page) text(sel string) string {
	p.t.Helper()
	return run(p, "text of "+sel, chromedp.TextContent(chromedp.CSS(sel)))
}

// wait polls the JavaScript expression until it is true, for 15 s.
func (p *page) wait(what, expr string) {
	p.t.Helper()
	run(p, "waiting until "+what+" ("+expr+")", chromedp.Poll[bool]("!!("+expr+")", chromedp.WithPollingTimeout(15*time.Second)))
}

// errors returns the console errors and exceptions so far, leaving out
// the browser's own log of failed requests (network) when allowNetwork.
func (p *page) errors(allowNetwork bool) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, m := range p.log {
		if m.Type != chromedp.ConsoleError && !m.IsException() {
			continue
		}
		if allowNetwork && m.Source == "network" {
			continue
		}
		out = append(out, m.String()+" ("+m.URL+")")
	}
	return out
}

// signIn opens the page, which asks for a token, and types secret into its
// form.
func (p *page) signIn(url, secret string) {
	p.t.Helper()
	p.do("open the page and sign in",
		act("open the page", chromedp.Navigate(url)),
		waitVisible("#login-form"),
		sendKeys("#token", secret),
		click("#login-submit"),
		waitVisible("#matrix svg"),
	)
	p.wait("the network and the develop list", `document.querySelector("#network svg") && document.querySelectorAll("#table tbody tr").length > 0`)
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](p *page, expr string) T {
	p.t.Helper()
	return run(p, expr, chromedp.Evaluate[T](expr))
}

// noErrors fails the test on the page's console errors and exceptions.
func (p *page) noErrors(allowNetwork bool) {
	p.t.Helper()
	if errs := p.errors(allowNetwork); len(errs) > 0 {
		p.t.Errorf("console errors:\n%s", strings.Join(errs, "\n"))
	}
}

// requests records the URLs the page asks for from now on.
func (p *page) requests() func() []string {
	p.t.Helper()
	if _, err := chromedp.Call(p.ctx, network.Enable, network.EnableParams{}); err != nil {
		p.t.Fatal(err)
	}
	var mu sync.Mutex
	var urls []string
	if err := chromedp.Listen(p.ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			urls = append(urls, e.Request.URL)
			mu.Unlock()
		}
	}); err != nil {
		p.t.Fatal(err)
	}
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(urls)
	}
}

// demoServer serves the demo network (demo.Generate and demo.Assessments
// with opts) from a fresh SQLite file through the real router, and returns
// a viewer's token.
func demoServer(t *testing.T, opts demo.Options) (*httptest.Server, string) {
	t.Helper()
	st := demoStore(t, opts)
	srv := &Server{Store: st, Segments: st, Snapshots: &analysis.Cache{Source: st}}
	ts := httptest.NewServer(serve(t, srv))
	t.Cleanup(ts.Close)
	return ts, secretFor(t, srv, auth.Viewer)
}

// demoStore is a fresh SQLite file holding the demo network and its
// assessments (demo.Generate and demo.Assessments with opts).
func demoStore(t *testing.T, opts demo.Options) *sqlitestore.Store {
	t.Helper()
	st, err := sqlitestore.Open(t.Context(), filepath.Join(t.TempDir(), "relmap.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	b := demo.Generate(opts)
	if _, err := st.Upsert(t.Context(), b, graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.UpsertAssessments(t.Context(), demo.Assessments(b, opts), graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	return st
}

// smallestName is the JavaScript that returns the smallest size, in CSS
// pixels on screen, of the names shown in the viewer box (names hidden
// for their size are not shown), or 1000 when none is shown.
func smallestName(box string) string {
	return fmt.Sprintf(`(() => {
		const svg = document.querySelector("#%s > svg");
		if (!svg) return 0;
		let least = 1000;
		for (const t of svg.querySelectorAll("g.node text")) {
			if (getComputedStyle(t).display === "none" || !t.textContent.trim()) continue;
			const size = parseFloat(t.getAttribute("font-size")) * t.getScreenCTM().a;
			least = Math.min(least, size);
		}
		return least;
	})()`, box)
}

// TestBrowserDemo opens the page on the demo network in a real headless
// Chromium, as the director does: the matrix and the network beside it,
// names legible at 100 % zoom (at least 11 px), in English and Dutch — the
// seed's quadrant names Invest/Investeer, Develop/Ontwikkel,
// Harvest/Oogst, Ignore/Negeer — where switching the language fetches
// only the pictures again, whose words are part of their layout. On a
// phone (390 px) the page is one column without sideways scrolling, and
// printed it takes at most two A4 pages.
func TestBrowserDemo(t *testing.T) {
	browser := newBrowser(t)
	ts, secret := demoServer(t, demo.Options{})

	t.Run("desktop", func(t *testing.T) {
		p := newPage(t, browser)
		p.do("a 1600×1000 window", act("set the window", chromedp.EmulateViewport(1600, 1000)))
		p.signIn(ts.URL, secret)
		matrix := p.text("#matrix svg")
		for _, q := range []string{"Invest", "Develop", "Harvest", "Ignore"} {
			if !strings.Contains(matrix, q) {
				t.Errorf("the English matrix lacks %q", q)
			}
		}
		if n := eval[int](p, `document.querySelectorAll("#network g.node[data-id]").length`); n < 10 {
			t.Errorf("the network shows %d stakeholders and employees", n)
		}
		for _, box := range []string{"matrix", "network"} {
			if px := eval[float64](p, smallestName(box)); px < 11-1e-6 {
				t.Errorf("a name in the %s is %.1f px on screen, less than 11", box, px)
			}
		}
		if eval[int](p, `document.querySelectorAll("#matrix g.node.stakeholder-name text").length`) < 20 {
			t.Error("the matrix names fewer than 20 stakeholders")
		}

		seen := p.requests()
		p.do("switch to Dutch", click("#lang-nl"))
		p.wait("the matrix is drawn again in Dutch", `(document.querySelector("#matrix svg") || {textContent: ""}).textContent.includes("Ontwikkel")`)
		p.wait("the network is drawn again in Dutch", `(document.querySelector("#network-legend") || {textContent: ""}).textContent.includes("onze medewerker")`)
		matrix = p.text("#matrix svg")
		for _, q := range []string{"Investeer", "Ontwikkel", "Oogst", "Negeer"} {
			if !strings.Contains(matrix, q) {
				t.Errorf("the Dutch matrix lacks %q", q)
			}
		}
		if s := p.text("#tabs"); !strings.Contains(s, "Ontwikkel") || !strings.Contains(s, "Oogst") {
			t.Errorf("the tabs in Dutch: %q", s)
		}
		if s := p.text("#table tbody"); !strings.Contains(s, "ontwikkelen") {
			t.Errorf("the develop list's advice is not in Dutch: %q", s)
		}
		if s := p.text("#brokers-title"); s != "Intermediairs voor ontwikkeldoelen" {
			t.Errorf("brokers title in Dutch: %q", s)
		}
		for _, u := range seen() {
			if strings.Contains(u, "/api/") && !strings.Contains(u, "/api/v1/render/") {
				t.Errorf("the language switch fetched %s: only the pictures need fetching again", u)
			}
		}
		p.noErrors(false)
	})

	t.Run("phone", func(t *testing.T) {
		p := newPage(t, browser)
		p.do("a 390×844 phone", act("set the window", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)))
		p.signIn(ts.URL, secret)
		if w := eval[string](p, `document.documentElement.scrollWidth + " " + innerWidth`); func() bool {
			var a, b int
			fmt.Sscan(w, &a, &b)
			return a > b
		}() {
			t.Errorf("the page scrolls sideways: scroll width and window width %s", w)
		}
		if cols := eval[int](p, `getComputedStyle(document.querySelector(".views")).gridTemplateColumns.split(" ").length`); cols != 1 {
			t.Errorf("%d columns on a phone, want 1", cols)
		}
		if px := eval[float64](p, smallestName("network")); px < 11-1e-6 {
			t.Errorf("a name in the network is %.1f px on a phone, less than 11", px)
		}
		p.noErrors(false)
	})

	t.Run("print", func(t *testing.T) {
		p := newPage(t, browser)
		p.do("a 1600×1000 window", act("set the window", chromedp.EmulateViewport(1600, 1000)))
		p.signIn(ts.URL, secret)
		if pages := p.printedPages(""); pages < 1 || pages > 2 {
			t.Errorf("the printed director's view takes %d A4 pages, want at most 2", pages)
		}
		if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
			t.Fatal(err)
		}
		printed := eval[string](p, `["#filters", ".controls", "#pathfinder", "#brokers-section", "#stakeholder"].map((s) => getComputedStyle(document.querySelector(s)).display).join(" ") +
			" " + getComputedStyle(document.querySelector("#printed")).display`)
		if printed != "none none none none none block" {
			t.Errorf("print layout: %q, want the controls and the other cards hidden and the date shown", printed)
		}
		if n := eval[int](p, `[...document.querySelectorAll("#network g.node[data-open] text")].filter((t) => getComputedStyle(t).display !== "none").length`); n == 0 {
			t.Error("the printed network names nobody")
		}
	})
}

func ptrTo[T any](v T) *T { return &v }

// printsAlone checks a section the page prints on its own (what: its
// name; class: the body class its print button sets): printed, it takes
// one A4 page; laid out for print with the class (afterprint took it away
// when the print ended), the display of sels joined by spaces reads want
// (the section alone, e.g. "none none block"), and a screenshot of that
// layout goes to the artifact shot. It leaves the class off and the media
// emulated as print, for the caller to check the page's own print.
func (p *page) printsAlone(what, class string, sels []string, want, shot string) {
	p.t.Helper()
	addClass := act("run a script", chromedp.Evaluate[chromedp.Void](`document.body.classList.add(`+strconv.Quote(class)+`)`))
	p.do("print "+what+" alone", addClass)
	if pages := p.printedPages(class + ".pdf"); pages != 1 {
		p.t.Errorf("%s printed takes %d A4 pages, want 1", what, pages)
	}
	p.do("lay out "+what+" for print", addClass)
	if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		p.t.Fatal(err)
	}
	list, _ := json.Marshal(sels)
	if s := eval[string](p, string(list)+`.map((s) => getComputedStyle(document.querySelector(s)).display).join(" ")`); s != want {
		p.t.Errorf("print layout of %s: display %q of %v, want %q", what, s, sels, want)
	}
	if png, err := p.fullScreenshot(); err == nil {
		artifact(p.t, shot, png)
	}
	p.do("the page's own print", act("run a script", chromedp.Evaluate[chromedp.Void](`document.body.classList.remove(`+strconv.Quote(class)+`)`)))
}

// printedPages prints the page to PDF on A4 (its own @page size) and
// returns how many pages it takes; name, when not empty, keeps the PDF in
// the artifacts.
func (p *page) printedPages(name string) int {
	p.t.Helper()
	out, err := chromedp.Call(p.ctx, cdppage.PrintToPDF, cdppage.PrintToPDFParams{PreferCSSPageSize: ptrTo(true)})
	if err != nil {
		p.t.Fatal(err)
	}
	if name != "" {
		artifact(p.t, name, out.Data)
	}
	return len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(out.Data, -1))
}

// TestBrowserDensity: past a thousand placed stakeholders the matrix draws
// their density with the most attractive numbered, named in the legend;
// the numbers are shown at 11 px or more, and the director's view still
// prints on at most 2 A4 pages (the longer legend once made it 3).
func TestBrowserDensity(t *testing.T) {
	browser := newBrowser(t)
	ts, secret := demoServer(t, demo.Options{Persons: 2000})
	p := newPage(t, browser)
	p.do("a 1600×1000 window", act("set the window", chromedp.EmulateViewport(1600, 1000)))
	p.signIn(ts.URL, secret)
	if n := eval[int](p, `document.querySelectorAll("#matrix g.node.density").length`); n < 20 {
		t.Fatalf("%d density cells: the matrix of the 2,000-person demo is not drawn as its density", n)
	}
	if s := p.text("#matrix-legend"); !strings.Contains(s, "Develop, by number") || !strings.Contains(s, "1 ") {
		t.Errorf("the legend does not name the numbered stakeholders: %q", s)
	}
	if px := eval[float64](p, smallestName("matrix")); px < 11-1e-6 {
		t.Errorf("a number in the matrix is %.1f px on screen, less than 11", px)
	}
	if pages := p.printedPages(""); pages < 1 || pages > 2 {
		t.Errorf("the printed director's view takes %d A4 pages, want at most 2", pages)
	}
	p.noErrors(false)
}

// TestBrowserSmall drives the page on segmentServer's network, with
// org-fund, org-gp and per-jan assessed:
//
//	emp-anna ─knows 0.6─ per-jan ─works_at 0.8─ org-fund
//
// Hand computations: nobody holds org-fund directly; Anna, its owner, holds
// it one hop away through Jan, 0.6 × 0.8 = 0.48. Its only warm path is
// Anna → Jan → Fonds, strength 0.48, so whom to ask is Jan. org-fund's
// means (fundJanuary) are attractiveness 4 and accessibility 2.5: Develop.
func TestBrowserSmall(t *testing.T) {
	browser := newBrowser(t)
	h, st := segmentServer(t)
	for _, a := range []string{fundJanuary, gpJanuary, janJanuary} {
		call(t, h, "POST", "/api/v1/assessments", a, 201, nil)
	}
	srv := &Server{Store: st, Segments: st, Snapshots: &analysis.Cache{Source: st}, Now: new(storetest.Clock).Now}
	ts := httptest.NewServer(serve(t, srv))
	t.Cleanup(ts.Close)
	secret := secretFor(t, srv, auth.Viewer)

	t.Run("stakeholder page from the matrix", func(t *testing.T) {
		p := newPage(t, browser)
		p.signIn(ts.URL, secret)
		p.do("click org-fund in the matrix",
			waitVisible("#matrix #stakeholder-org-fund"),
			click("#matrix #stakeholder-org-fund"),
			waitVisible("#sh-holders li.holder"),
		)
		if s := p.text("#sh-title"); s != "Fonds Zorg en Welzijn" {
			t.Errorf("stakeholder page title %q", s)
		}
		if s := p.text("#sh-holders li.holder"); s != "Anna Jansen — via Jan de Vries, strength 0.48 (owner)" {
			t.Errorf("holder %q, want Anna via Jan at 0.48, the owner", s)
		}
		if s := p.text("#sh-ask"); !strings.Contains(s, "Ask Jan de Vries for an introduction") || !strings.Contains(s, "0.48") {
			t.Errorf("whom to ask: %q, want Jan at 0.48", s)
		}
		facts := p.text("#sh-facts")
		for _, s := range []string{"Attractiveness4", "Accessibility2.5", "OwnerAnna Jansen"} {
			if !strings.Contains(facts, s) {
				t.Errorf("facts %q lack %q", facts, s)
			}
		}
		p.wait("the people at the fund", `document.querySelector("#sh-people li.person-at")`)
		if s := p.text("#sh-people li.person-at"); !strings.Contains(s, "Jan de Vries") || !strings.Contains(s, "Anna Jansen (0.6)") {
			t.Errorf("the people at the fund: %q, want Jan, known by Anna at 0.6", s)
		}
		if s := p.text("#sh-paths li.path"); !strings.Contains(s, "0.48") {
			t.Errorf("best path %q, want strength 0.48", s)
		}
		if s := p.text("#sh-advice"); !strings.Contains(s, "develop") || !strings.Contains(s, "ask Jan de Vries") {
			t.Errorf("advice %q, want develop, asking Jan (one answer everywhere)", s)
		}
		// The develop list names the same person.
		if s := p.text("#table tbody tr"); !strings.Contains(s, "Fonds Zorg en Welzijn") || !strings.Contains(s, "Jan de Vries") {
			t.Errorf("the develop list's row %q, want the fund asking Jan", s)
		}
		p.noErrors(false)
	})

	t.Run("path finder by name", func(t *testing.T) {
		p := newPage(t, browser)
		p.signIn(ts.URL, secret)
		p.do("type part of the name",
			sendKeys("#pf-to", "zorg en"),
			waitVisible("#pf-list li[role=option]"),
		)
		if s := p.text("#pf-list li[role=option]"); !strings.Contains(s, "Fonds Zorg en Welzijn") {
			t.Fatalf("the path finder offers %q, want the fund", s)
		}
		p.do("choose it", sendKeys("#pf-to", "\r"), waitVisible("#pf-picture svg"))
		if n := eval[int](p, `document.querySelectorAll("#pf-result li.path").length`); n != 1 {
			t.Errorf("%d paths listed, want the one path Anna → Jan → Fonds", n)
		}
		for _, id := range []string{"path-node-emp-anna", "path-node-per-jan", "path-node-org-fund"} {
			if !eval[bool](p, fmt.Sprintf(`!!document.querySelector("#pf-picture svg g#%s")`, id)) {
				t.Errorf("the paths picture lacks node %s", id)
			}
		}
		p.noErrors(false)
	})

	t.Run("search and brokers open stakeholders", func(t *testing.T) {
		p := newPage(t, browser)
		p.signIn(ts.URL, secret)
		p.do("search Jan", sendKeys("#q", "jan de"), waitVisible("#q-list li[role=option]"))
		if s := p.text("#q-list li[role=option]"); !strings.Contains(s, "Jan de Vries") || !strings.Contains(s, "Fonds Zorg en Welzijn") {
			t.Errorf("the first hit %q, want Jan de Vries at the fund", s)
		}
		p.do("open him", sendKeys("#q", "\r"))
		p.wait("Jan's page", `document.querySelector("#sh-title").textContent === "Jan de Vries"`)
		p.do("open the broker", scrollIntoView("#brokers-section"))
		p.wait("the brokers", `document.querySelector("#brokers tbody tr.broker")`)
		p.do("close Jan's page", click("#sh-close"))
		p.do("click the broker", click("#brokers tbody tr.broker"))
		p.wait("the broker's page", `!document.querySelector("#stakeholder").hidden && document.querySelector("#sh-title").textContent === "Jan de Vries"`)
		p.noErrors(false)
	})

	t.Run("search in Dutch", func(t *testing.T) {
		p := newPage(t, browser)
		p.signIn(ts.URL, secret)
		p.do("switch to Dutch and search Anna", click("#lang-nl"),
			sendKeys("#q", "anna"), waitVisible("#q-list li[role=option]"))
		// Anna is our account manager (graph.RoleAccountManager).
		if s := p.text("#q-list li[role=option]"); !strings.Contains(s, "Anna Jansen") || !strings.Contains(s, "accountmanager") {
			t.Errorf("the hit %q, want Anna Jansen, accountmanager", s)
		}
		p.noErrors(false)
	})

	t.Run("network: zoom, hover, click, double-click", func(t *testing.T) {
		p := newPage(t, browser)
		p.signIn(ts.URL, secret)
		width := func() float64 {
			return eval[float64](p, `document.querySelector("#network > svg").viewBox.baseVal.width`)
		}
		full := width()
		p.do("zoom in", click("#network-zoom-in"))
		if w := width(); !(w < full) {
			t.Errorf("zoom in: the view is %.0f wide, was %.0f", w, full)
		}
		p.do("fit", click("#network-fit"))
		if w := width(); w != full {
			t.Errorf("fit: the view is %.0f wide, want the whole %.0f", w, full)
		}
		// Hovering Jan lights his ties to Anna and the fund.
		lit := eval[string](p, `(() => {
			const g = document.querySelector("#network g#reach-node-per-jan");
			const r = g.getBoundingClientRect();
			g.querySelector("ellipse,polygon,path").dispatchEvent(new PointerEvent("pointermove", {bubbles: true, clientX: r.x + r.width / 2, clientY: r.y + r.height / 2}));
			return [...document.querySelectorAll("#network g.node.hl")].map((n) => n.dataset.id).sort().join(" ") + " | " + document.querySelector("#hovercard").textContent;
		})()`)
		if !strings.HasPrefix(lit, "emp-anna org-fund per-jan | Jan de Vries") {
			t.Errorf("hovering Jan lights %q, want Anna, the fund and Jan, and names him", lit)
		}
		// A click opens the fund's page.
		eval[any](p, `document.querySelector("#network g#reach-node-org-fund ellipse, #network g#reach-node-org-fund path, #network g#reach-node-org-fund polygon").dispatchEvent(new MouseEvent("click", {bubbles: true}))`)
		p.wait("the fund's page", `!document.querySelector("#stakeholder").hidden && document.querySelector("#sh-title").textContent === "Fonds Zorg en Welzijn"`)
		// A double-click on the fund adds its neighbours: the explored
		// network keeps what was shown and draws the ties among them.
		seen := p.requests()
		eval[any](p, `document.querySelector("#network g#reach-node-org-fund path, #network g#reach-node-org-fund polygon").dispatchEvent(new MouseEvent("dblclick", {bubbles: true}))`)
		p.wait("the explored network", `document.querySelector("#network g#network-org-fund")`)
		expanded := false
		for _, u := range seen() {
			expanded = expanded || strings.Contains(u, "/api/v1/render/network?") && strings.Contains(u, "expand=org-fund") && strings.Contains(u, "include=emp-anna")
		}
		if !expanded {
			t.Errorf("no explored network was asked for: %q", seen())
		}
		p.do("back", click("#network-back"))
		p.wait("the reach again", `document.querySelector("#network g#reach-node-org-fund")`)
		p.noErrors(false)
	})

	// A viewer sees no write controls: the page has none to show.
	t.Run("a viewer sees no write controls", func(t *testing.T) {
		p := newPage(t, browser)
		p.signIn(ts.URL, secret)
		n := eval[int](p, `document.querySelectorAll("form[method=post], form[method=POST], [data-write], input[type=file]").length +
			[...document.querySelectorAll("button")].filter((b) => /delete|save|edit|remove|verwijder|opslaan|bewerk/i.test(b.textContent)).length`)
		if n != 0 {
			t.Errorf("%d write controls on a viewer's page", n)
		}
		if s := p.text("#who"); !strings.Contains(s, "viewer") {
			t.Errorf("who: %q, want the viewer role", s)
		}
	})

	// A token the server does not know answers 401: the page forgets it,
	// says so and shows the form again; a valid token then signs in, and
	// "sign out" forgets it and every piece of data the page showed.
	t.Run("a refused token shows the token form", func(t *testing.T) {
		p := newPage(t, browser)
		p.do("sign in with a wrong token",
			act("open the page", chromedp.Navigate(ts.URL)),
			waitVisible("#login-form"),
			sendKeys("#token", "not-a-valid-token"),
			click("#login-submit"),
			waitVisible("#login-message"),
		)
		if s := p.text("#login-message"); !strings.Contains(s, "(401)") {
			t.Errorf("message %q, want one that names the 401", s)
		}
		state := eval[string](p, `document.querySelector("#app").hidden + " " + (localStorage.getItem("relmap.token") === null)`)
		if state != "true true" {
			t.Errorf("after a 401 the app is hidden and the token forgotten: %q, want \"true true\"", state)
		}
		p.do("sign in with the right token",
			sendKeys("#token", secret),
			click("#login-submit"),
			waitVisible("#matrix svg"),
		)
		p.wait("the develop list", `document.querySelectorAll("#table tbody tr").length > 0`)
		p.do("open the fund", click("#table tbody tr td"))
		p.wait("the fund's page", `document.querySelector("#sh-holders li.holder")`)
		p.do("sign out", click("#signout"), waitVisible("#login-form"))
		if !eval[bool](p, `localStorage.getItem("relmap.token") === null && document.querySelector("#app").hidden`) {
			t.Error("sign out: token still kept or the app still shown")
		}
		// On a shared computer the next person must see nothing of the
		// last one's data: no stakeholder or employee name on the screen
		// (innerText: what is rendered) nor left in the page's markup
		// (textContent, hidden elements included).
		for _, expr := range []string{"document.body.innerText", "document.body.textContent"} {
			text := eval[string](p, expr)
			for _, name := range []string{"Fonds Zorg en Welzijn", "Jan de Vries", "Anna Jansen", "Huisartsenpraktijk", "Gemeente Zwolle"} {
				if strings.Contains(text, name) {
					t.Errorf("after sign out %s still holds %q", expr, name)
				}
			}
		}
		// The browser logs the refused request itself (source network);
		// the page writes no error of its own.
		p.noErrors(true)
	})
}

// TestBrowserStepBounded: a step that waits for an element the page
// lacks fails when its own bound runs out, with an error that names the
// selector, while the test's page lives on (before, it waited for the
// whole browserTimeout, three minutes, and said only "context deadline
// exceeded"). The bound is one second here, to keep the test short.
func TestBrowserStepBounded(t *testing.T) {
	browser := newBrowser(t)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, `<!doctype html><title>x</title><p id="here">here</p>`)
	}))
	t.Cleanup(ts.Close)
	p := newPage(t, browser)
	p.do("open a page", act("open the page", chromedp.Navigate(ts.URL)), waitVisible("#here"))
	p.step = time.Second
	err := p.try(waitVisible("#here"), click("#missing"))
	if err == nil || !strings.Contains(err.Error(), "click #missing: not done within 1s") || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a click on a missing element: %v", err)
	}
	if p.ctx.Err() != nil {
		t.Fatalf("the page's context ended (%v): the step was not bounded by its own deadline", p.ctx.Err())
	}
	if s := p.text("#here"); s != "here" { // the page still answers
		t.Errorf("after the failed step the page reads %q", s)
	}
}

// TestBrowserStepClicksReplacedElement: a page that replaces the element
// a click finds (here every 10 ms, as the page's tables are redrawn when an
// answer arrives) is clicked as a person would click it: on the element
// there now. Without runStep's retry some of these clicks fail with
// "Could not find node with given id", as TestBrowserPlans did in a full
// run.
func TestBrowserStepClicksReplacedElement(t *testing.T) {
	browser := newBrowser(t)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, `<!doctype html><title>x</title><div id="box"></div><p id="n">0</p><script>
let n = 0;
function draw() {
  const b = document.createElement("button");
  b.id = "b"; b.textContent = "click me";
  b.onclick = () => { n++; document.getElementById("n").textContent = n; };
  document.getElementById("box").replaceChildren(b);
}
draw(); setInterval(draw, 10);
</script>`)
	}))
	t.Cleanup(ts.Close)
	p := newPage(t, browser)
	p.do("open a page", act("open the page", chromedp.Navigate(ts.URL)), waitVisible("#b"))
	const clicks = 20
	for i := range clicks {
		p.do(fmt.Sprintf("click %d", i+1), click("#b"))
	}
	// A click that reached a button counts; one dispatched to a button
	// replaced a moment later may land on nothing, so at least one must
	// have counted and none may have failed (p.do above).
	if s := p.text("#n"); s == "0" {
		t.Errorf("no click counted")
	}
}
