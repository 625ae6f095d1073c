package api

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/demo"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/storetest"
	"net/http/httptest"
)

// artifact writes b to $RELMAP_ARTIFACTS (default /tmp/relmap-artifacts)
// under name, for a person to look at.
func artifact(t *testing.T, name string, b []byte) {
	dir := os.Getenv("RELMAP_ARTIFACTS")
	if dir == "" {
		dir = "/tmp/relmap-artifacts"
	}
	if err := os.MkdirAll(dir, 0o755); err == nil {
		err = os.WriteFile(filepath.Join(dir, name), b, 0o644)
		if err == nil {
			t.Logf("wrote %s", filepath.Join(dir, name))
		}
	}
}

// TestBrowserRegie drives step 6 on the page, on segmentServer's network
// (Anna → Jan 0.6 → Fonds 0.8: one warm path of 0.48 whose introducer is
// Jan, see TestBrowserSmall):
//
//   - an editor asks Jan for the introduction from the path finder and
//     from the stakeholder page; the request is stored with the path it
//     came from; a viewer sees no such button;
//   - the "what changed" report of 1 to 2 January 2026: the ties were
//     recorded on 2 January (the store's clock), so the fund gains its
//     warm path of 0.48 via Jan, as TestChangesReport computes.
func TestBrowserRegie(t *testing.T) {
	browser := newBrowser(t)
	h, st := segmentServer(t)
	for _, a := range []string{fundJanuary, gpJanuary, janJanuary} {
		call(t, h, "POST", "/api/v1/assessments", a, 201, nil)
	}
	srv := &Server{Store: st, Segments: st, Snapshots: &analysis.Cache{Source: st}, Now: new(storetest.Clock).Now}
	ts := httptest.NewServer(serve(t, srv))
	t.Cleanup(ts.Close)
	editor, viewer := secretFor(t, srv, auth.Editor), secretFor(t, srv, auth.Viewer)

	t.Run("an editor asks for the introduction from a path", func(t *testing.T) {
		p := newPage(t, browser)
		p.signIn(ts.URL, editor)
		p.do("find the paths to the fund",
			sendKeys("#pf-to", "zorg en"),
			waitVisible("#pf-list li[role=option]"),
			sendKeys("#pf-to", "\r"),
			waitVisible("#pf-result button.ask-intro"),
		)
		if s := p.text("#pf-result button.ask-intro"); s != "Ask Jan de Vries for this introduction" {
			t.Errorf("the button says %q", s)
		}
		p.do("ask", click("#pf-result button.ask-intro"), waitVisible("#pf-result .asked"))
		rs, n, err := st.FindIntros(t.Context(), graph.IntroFilter{})
		if err != nil || n != 1 {
			t.Fatalf("requests stored: %d, %v; want 1", n, err)
		}
		r := rs[0]
		if r.EmployeeID != "emp-anna" || r.IntermediaryID != "per-jan" || r.TargetID != "org-fund" || r.State != graph.IntroRequested ||
			!slices.Equal(r.Path, []string{"emp-anna", "per-jan", "org-fund"}) {
			t.Errorf("the stored request: %+v", r)
		}
		if s := p.text("#pf-result .asked"); !strings.Contains(s, "Requested from Jan de Vries") || !strings.Contains(s, r.ID) {
			t.Errorf("after asking: %q", s)
		}
		// The language switch draws the matrix again; a click on the old
		// drawing's node fails ("Could not find node with given id") when
		// the new one replaces it in between, so wait for the Dutch one.
		p.do("switch to Dutch", click("#lang-nl"))
		p.wait("the matrix is drawn again in Dutch", `(document.querySelector("#matrix svg") || {textContent: ""}).textContent.includes("Ontwikkel")`)
		p.do("open the fund's page in Dutch",
			click("#matrix #stakeholder-org-fund"),
			waitVisible("#sh-paths button.ask-intro"),
		)
		if s := p.text("#sh-paths button.ask-intro"); s != "Vraag Jan de Vries om deze introductie" {
			t.Errorf("the stakeholder page's button says %q", s)
		}
		// Asking again while the request is open is refused (409, one open
		// request per employee, intermediary and target), in words.
		p.do("ask again", click("#sh-paths button.ask-intro"), waitVisible("#sh-paths .notice"))
		if s := p.text("#sh-paths .notice"); s != "Al gevraagd: er loopt een verzoek aan Jan de Vries om deze introductie" {
			t.Errorf("asking again: %q", s)
		}
		if _, n, err := st.FindIntros(t.Context(), graph.IntroFilter{}); err != nil || n != 1 {
			t.Errorf("requests stored after asking again: %d, %v; want 1", n, err)
		}
		p.noErrors(true)
	})

	t.Run("a viewer sees no button", func(t *testing.T) {
		p := newPage(t, browser)
		p.signIn(ts.URL, viewer)
		p.do("open the fund",
			click("#matrix #stakeholder-org-fund"),
			waitVisible("#sh-paths li.path"),
		)
		if n := eval[int](p, `document.querySelectorAll("button.ask-intro, [data-write]").length`); n != 0 {
			t.Errorf("%d introduction buttons on a viewer's page", n)
		}
		p.noErrors(false)
	})

	t.Run("what changed", func(t *testing.T) {
		// A plan for the fund, made and achieved on 2 January (the
		// store's clock): opened and closed in the report.
		plan := &graph.Plan{ID: "plan-fund", TargetID: "org-fund", OwnerID: "emp-anna", Aim: graph.PlanAim{Segment: "invest", By: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)}}
		if err := st.CreatePlan(t.Context(), plan); err != nil {
			t.Fatal(err)
		}
		if _, err := st.UpdatePlan(t.Context(), plan.ID, graph.PlanUpdate{State: ptrTo(graph.PlanAchieved)}); err != nil {
			t.Fatal(err)
		}
		p := newPage(t, browser)
		p.signIn(ts.URL, viewer)
		p.do("ask for 1 to 2 January 2026",
			setValue("#ch-from", "2026-01-01"),
			setValue("#ch-to", "2026-01-02"),
			click("#ch-go"),
			waitVisible("#ch-result .ch-gained td"),
		)
		if s := p.text("#ch-result .ch-gained tr"); s != "Fonds Zorg en Welzijn0 → 0.48via Jan de Vries" {
			t.Errorf("the gained path: %q", s)
		}
		if s := p.text("#ch-period"); !strings.Contains(s, "What changed from 1 Jan 2026 to 2 Jan 2026") {
			t.Errorf("the period: %q", s)
		}
		if s := p.text("#ch-result .ch-plans"); s != "Plans opened and closed2 Jan 2026Anna Jansen → Fonds Zorg en Welzijnopened2 Jan 2026Anna Jansen → Fonds Zorg en Welzijnachieved" {
			t.Errorf("the plans: %q", s)
		}
		p.do("switch to Dutch", click("#lang-nl"))
		if s := p.text("#ch-result .ch-conformance"); !strings.Contains(s, "Ontwikkel") || !strings.Contains(s, "Volgens beleid per segment") {
			t.Errorf("the conformance in Dutch: %q", s)
		}
		if s := p.text("#ch-result .ch-plans"); !strings.Contains(s, "Plannen geopend en gesloten") || !strings.Contains(s, "geopend") || !strings.Contains(s, "bereikt") {
			t.Errorf("the plans in Dutch: %q", s)
		}
		p.noErrors(false)
	})
}

// TestBrowserChangesPrint prints the "what changed" report of the demo
// network (every tie recorded today, so every develop and invest target
// reached today gains its warm path: long lists) and counts the pages of
// the PDF: one A4 page, with nothing else of the page on it.
func TestBrowserChangesPrint(t *testing.T) {
	browser := newBrowser(t)
	ts, secret := demoServer(t, demo.Options{})
	p := newPage(t, browser)
	p.do("a 1600×1000 window", act("set the window", chromedp.EmulateViewport(1600, 1000)))
	p.signIn(ts.URL, secret)
	p.do("show the last 90 days", click("#ch-go"), waitVisible("#ch-result .ch-gained td"))
	if n := eval[int](p, `document.querySelectorAll("#ch-result .ch-gained tr").length`); n < 5 {
		t.Errorf("%d gained paths shown; the demo should gain many", n)
	}
	p.printsAlone("the report", "print-changes", []string{".views", "#tables", "#pathfinder", "#changes", "#ch-form"}, "none none none block none", "changes.png")
	if s := eval[string](p, `getComputedStyle(document.querySelector("#changes")).display`); s != "none" {
		t.Errorf("the page's own print shows the report: display %q", s)
	}
}
