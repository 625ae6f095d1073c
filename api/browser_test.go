package api

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
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
}

// newPage opens a tab in its own browser context (its own localStorage),
// records its console, and on failure writes a screenshot to
// $RELMAP_ARTIFACTS (default /tmp/relmap-artifacts).
func newPage(t *testing.T, browser context.Context) *page {
	t.Helper()
	tab, cancelTab := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	ctx, cancel := context.WithTimeout(tab, browserTimeout)
	p := &page{t: t, ctx: ctx}
	t.Cleanup(func() { cancel(); cancelTab() })
	t.Cleanup(p.screenshotOnFailure) // runs first
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

// do runs the steps and fails the test on an error, naming what it did.
func (p *page) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.t.Fatalf("%s: %v", what, err)
	}
}

// text returns the text content of the first element matching the CSS
// selector.
func (p *page) text(sel string) string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.TextContent(chromedp.CSS(sel)))
	if err != nil {
		p.t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// wait polls the JavaScript expression until it is true.
func (p *page) wait(what, expr string) {
	p.t.Helper()
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool]("!!("+expr+")", chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		p.t.Fatalf("waiting until %s (%s): %v", what, expr, err)
	}
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
		chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.CSS("#login-form")),
		chromedp.SendKeys(chromedp.CSS("#token"), secret),
		chromedp.Click(chromedp.CSS("#login-submit")),
		chromedp.WaitVisible(chromedp.CSS("#matrix svg")),
	)
}

// svgText is the JavaScript text of the inline SVG in the box with id box.
func svgText(box string) string {
	return fmt.Sprintf(`(document.querySelector("#%s svg") || {textContent: ""}).textContent`, box)
}

// TestBrowserDemo opens the page on the demo network (demo.Generate and
// demo.Assessments with their defaults) in a real headless Chromium: it
// asks for a token, loads with no console errors or exceptions, and the
// matrix picture names the four quadrants in the chosen language — the
// seed's names: Invest/Investeer, Develop/Ontwikkel, Harvest/Oogst,
// Ignore/Negeer — as do the segment filter's options.
func TestBrowserDemo(t *testing.T) {
	browser := newBrowser(t)
	st, err := sqlitestore.Open(t.Context(), filepath.Join(t.TempDir(), "relmap.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	opts := demo.Options{}
	b := demo.Generate(opts)
	if _, err := st.Upsert(t.Context(), b, graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.UpsertAssessments(t.Context(), demo.Assessments(b, opts), graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	srv := &Server{Store: st, Segments: st, Snapshots: &analysis.Cache{Source: st}}
	ts := httptest.NewServer(serve(t, srv))
	t.Cleanup(ts.Close)
	secret := secretFor(t, srv, auth.Viewer)

	p := newPage(t, browser)
	p.signIn(ts.URL, secret)
	p.wait("the network and the overview are drawn", `document.querySelector("#network svg") && document.querySelector("#overview svg") && document.querySelectorAll("#brokers tbody tr").length > 0`)
	matrix := p.text("#matrix svg")
	for _, q := range []string{"Invest", "Develop", "Harvest", "Ignore"} {
		if !strings.Contains(matrix, q) {
			t.Errorf("the English matrix lacks %q", q)
		}
	}
	p.do("switch to Dutch", chromedp.Click(chromedp.CSS("#lang-nl")))
	p.wait("the matrix is redrawn in Dutch", svgText("matrix")+`.includes("Ontwikkel")`)
	p.wait("the overview is redrawn in Dutch", svgText("overview")+`.includes("Investeer")`)
	matrix = p.text("#matrix svg")
	for _, q := range []string{"Investeer", "Ontwikkel", "Oogst", "Negeer"} {
		if !strings.Contains(matrix, q) {
			t.Errorf("the Dutch matrix lacks %q", q)
		}
	}
	if s := p.text("#f-segment"); !strings.Contains(s, "Ontwikkel") || !strings.Contains(s, "Oogst") {
		t.Errorf("segment filter in Dutch: %q", s)
	}
	if s := p.text("#brokers-title"); s != "Intermediairs voor ontwikkeldoelen" {
		t.Errorf("brokers title in Dutch: %q", s)
	}
	// Printed (for a director's meeting): no controls, the date line, the
	// matrix and the network still side by side.
	if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	printed, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`[
		getComputedStyle(document.querySelector("#filters")).display,
		getComputedStyle(document.querySelector(".controls")).display,
		getComputedStyle(document.querySelector("#pf-form")).display,
		getComputedStyle(document.querySelector("#printed")).display,
		document.querySelector("#printed").textContent.startsWith("Afgedrukt op"),
		getComputedStyle(document.querySelector(".side-by-side")).gridTemplateColumns.split(" ").length,
	].join(" ")`))
	if err != nil || printed != "none none none block true 2" {
		t.Errorf("print layout: %q (%v), want filters, controls and the path form hidden, the date shown in Dutch, two columns", printed, err)
	}
	if errs := p.errors(false); len(errs) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(errs, "\n"))
	}
}

// TestBrowserSmall drives the page on segmentServer's network, with
// org-fund, org-gp and per-jan assessed:
//
//	emp-anna ─knows 0.6─ per-jan ─works_at 0.8─ org-fund
//
// Hand computations: nobody holds org-fund directly; Anna, its owner, holds
// it one hop away through Jan, 0.6 × 0.8 = 0.48. Its only warm path is
// Anna → Jan → Fonds, strength 0.48. org-fund's means (fundJanuary) are
// attractiveness 4 and accessibility 2.5: Develop.
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

	t.Run("stakeholder page shows its holders", func(t *testing.T) {
		p := newPage(t, browser)
		p.signIn(ts.URL, secret)
		p.do("click org-fund in the matrix",
			chromedp.WaitVisible(chromedp.CSS("#matrix #stakeholder-org-fund")),
			chromedp.Click(chromedp.CSS("#matrix #stakeholder-org-fund")),
			chromedp.WaitVisible(chromedp.CSS("#sh-holders li.holder")),
		)
		if s := p.text("#sh-title"); s != "Fonds Zorg en Welzijn" {
			t.Errorf("stakeholder page title %q", s)
		}
		if s := p.text("#sh-holders li.holder"); s != "Anna Jansen — via Jan de Vries, strength 0.48 (owner)" {
			t.Errorf("holder %q, want Anna via Jan at 0.48, the owner", s)
		}
		facts := p.text("#sh-facts")
		for _, s := range []string{"organisation", "input", "Develop", "Attractiveness4", "Accessibility2.5", "OwnerAnna Jansen"} {
			if !strings.Contains(facts, s) {
				t.Errorf("facts %q lack %q", facts, s)
			}
		}
		if s := p.text("#sh-paths li.path"); !strings.Contains(s, "0.48") {
			t.Errorf("best path %q, want strength 0.48", s)
		}
		if s := p.text("#sh-advice"); !strings.Contains(s, "develop") {
			t.Errorf("advice %q, want develop (nobody holds the develop stakeholder org-fund)", s)
		}
		if errs := p.errors(false); len(errs) > 0 {
			t.Errorf("console errors:\n%s", strings.Join(errs, "\n"))
		}
	})

	t.Run("path finder draws the paths", func(t *testing.T) {
		p := newPage(t, browser)
		p.signIn(ts.URL, secret)
		p.do("find paths to org-fund",
			chromedp.SendKeys(chromedp.CSS("#pf-to"), "org-fund"),
			chromedp.Click(chromedp.CSS("#pf-go")),
			chromedp.WaitVisible(chromedp.CSS("#pf-picture svg")),
		)
		n, err := chromedp.Run(p.ctx, chromedp.Evaluate[int](`document.querySelectorAll("#pf-result li.path").length`))
		if err != nil || n != 1 {
			t.Errorf("%d paths listed (%v), want the one path Anna → Jan → Fonds", n, err)
		}
		for _, id := range []string{"path-node-emp-anna", "path-node-per-jan", "path-node-org-fund"} {
			found, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](fmt.Sprintf(`!!document.querySelector("#pf-picture svg g#%s")`, id)))
			if err != nil || !found {
				t.Errorf("the paths picture lacks node %s (%v)", id, err)
			}
		}
		if errs := p.errors(false); len(errs) > 0 {
			t.Errorf("console errors:\n%s", strings.Join(errs, "\n"))
		}
	})

	// A token the server does not know answers 401: the page forgets it,
	// says so and shows the form again; a valid token then signs in, and
	// "sign out" forgets it.
	t.Run("a refused token shows the token form", func(t *testing.T) {
		p := newPage(t, browser)
		p.do("sign in with a wrong token",
			chromedp.Navigate(ts.URL),
			chromedp.WaitVisible(chromedp.CSS("#login-form")),
			chromedp.SendKeys(chromedp.CSS("#token"), "not-a-valid-token"),
			chromedp.Click(chromedp.CSS("#login-submit")),
			chromedp.WaitVisible(chromedp.CSS("#login-message")),
		)
		if s := p.text("#login-message"); !strings.Contains(s, "(401)") {
			t.Errorf("message %q, want one that names the 401", s)
		}
		state, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`document.querySelector("#app").hidden + " " + (localStorage.getItem("relmap.token") === null)`))
		if err != nil || state != "true true" {
			t.Errorf("after a 401 the app is hidden and the token forgotten: %q (%v), want \"true true\"", state, err)
		}
		p.do("sign in with the right token",
			chromedp.SendKeys(chromedp.CSS("#token"), secret),
			chromedp.Click(chromedp.CSS("#login-submit")),
			chromedp.WaitVisible(chromedp.CSS("#matrix svg")),
			chromedp.Click(chromedp.CSS("#signout")),
			chromedp.WaitVisible(chromedp.CSS("#login-form")),
		)
		gone, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](`localStorage.getItem("relmap.token") === null && document.querySelector("#app").hidden`))
		if err != nil || !gone {
			t.Errorf("sign out: token still kept or the app still shown (%v)", err)
		}
		// On a shared computer the next person must see nothing of the
		// last one's data: no stakeholder or employee name on the screen
		// (innerText: what is rendered) nor left in the page's markup
		// (textContent, hidden elements included).
		for _, expr := range []string{"document.body.innerText", "document.body.textContent"} {
			text, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](expr))
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range []string{"Fonds Zorg en Welzijn", "Jan de Vries", "Anna Jansen", "Huisartsenpraktijk"} {
				if strings.Contains(text, name) {
					t.Errorf("after sign out %s still holds %q", expr, name)
				}
			}
		}
		// The browser logs the refused request itself (source network);
		// the page writes no error of its own.
		if errs := p.errors(true); len(errs) > 0 {
			t.Errorf("console errors:\n%s", strings.Join(errs, "\n"))
		}
	})
	// A contact with Jan counts for the fund he works at: Anna now holds
	// it herself, through him (issue 12), and the page says with whom.
	t.Run("a holder through contacts names the person met", func(t *testing.T) {
		call(t, h, "POST", "/api/v1/contacts", `{"date":"2025-11-03","employee_id":"emp-anna","stakeholder_id":"per-jan","mode":"meeting"}`, 201, nil)
		p := newPage(t, browser)
		p.signIn(ts.URL, secret)
		p.do("click org-fund in the matrix",
			chromedp.WaitVisible(chromedp.CSS("#matrix #stakeholder-org-fund")),
			chromedp.Click(chromedp.CSS("#matrix #stakeholder-org-fund")),
			chromedp.WaitVisible(chromedp.CSS("#sh-holders li.holder")),
		)
		want := "Anna Jansen — direct, through contacts with Jan de Vries, strength 0, 1 contacts, last contact 2025-11-03 (owner)"
		if s := p.text("#sh-holders li.holder"); s != want {
			t.Errorf("holder %q, want %q", s, want)
		}
	})
}
