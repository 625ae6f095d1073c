package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"image"
	"image/jpeg"
	_ "image/png" // the browser's screenshots
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/relmap/relmap/auth"
)

// The user guide, docs/guide.md, walks the method's six steps through the
// page with screenshots of it. TestBrowserGuide takes them (with -guide);
// TestGuideFresh fails when the page or its pictures changed after they
// were taken, so that the guide never shows an old page.

var writeGuide = flag.Bool("guide", false, "take the user guide's screenshots (docs/guide/*.jpg) and write their fingerprint")

// guideDir is docs/guide, from the api package's directory.
const guideDir = "../docs/guide"

// guideFingerprint is the SHA-256 of what the screenshots show: the page's
// assets and the pictures' golden files, in name order.
func guideFingerprint(t *testing.T) string {
	t.Helper()
	var files []string
	for _, pattern := range []string{"web/index.html", "web/assets/*", "../render/testdata/*.golden"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	slices.Sort(files)
	h := sha256.New()
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		h.Write([]byte(filepath.ToSlash(f) + "\x00"))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TestGuideFresh: every screenshot docs/guide.md shows exists, and all
// were taken of the page and pictures as they are now.
func TestGuideFresh(t *testing.T) {
	if *writeGuide {
		t.Skip("TestBrowserGuide is writing the screenshots")
	}
	md, err := os.ReadFile("../docs/guide.md")
	if err != nil {
		t.Fatal(err)
	}
	images := regexp.MustCompile(`\]\((guide/[^)]+)\)`).FindAllSubmatch(md, -1)
	if len(images) < 6 {
		t.Fatalf("the guide shows %d screenshots, want one for each of the six steps at least", len(images))
	}
	for _, m := range images {
		if _, err := os.Stat(filepath.Join("../docs", string(m[1]))); err != nil {
			t.Errorf("the guide shows %s: %v", m[1], err)
		}
	}
	want, err := os.ReadFile(filepath.Join(guideDir, "fingerprint"))
	if err != nil {
		t.Fatal(err)
	}
	if got := guideFingerprint(t); strings.TrimSpace(string(want)) != got {
		t.Errorf("the page or its pictures changed after the guide's screenshots were taken: take them again with\n\tgo test ./api -run TestBrowserGuide -guide\nand look at them before you commit them")
	}
}

// TestBrowserGuide walks the six steps of docs/guide.md through the page on
// the demo network, in Dutch, checking at each what the guide says the
// reader sees; with -guide it takes the guide's screenshots.
func TestBrowserGuide(t *testing.T) {
	browser := newBrowser(t)
	ts, srv := demoRegieServer(t)
	secret := secretFor(t, srv, auth.Viewer)
	p := newPage(t, browser)
	p.do("a 1400×900 window", act("set the window", chromedp.EmulateViewport(1400, 900)))
	p.do("open the page", act("open the page", chromedp.Navigate(ts.URL)), waitVisible("#login-form"))
	eval[any](p, `localStorage.setItem("relmap.lang", "nl")`)
	p.signIn(ts.URL, secret)
	// shot saves a screenshot of the element sel ("": the window) as name.
	shot := func(name, sel string) {
		t.Helper()
		if !*writeGuide {
			return
		}
		a, what := chromedp.CaptureScreenshot(), "screenshot "+name+" of the window"
		if sel != "" {
			a, what = chromedp.Screenshot(chromedp.CSS(sel)), "screenshot "+name+" of "+sel
		}
		png := run(p, what, a)
		img, _, err := image.Decode(bytes.NewReader(png))
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := jpeg.Encode(&out, img, &jpeg.Options{Quality: 72}); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(guideDir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(guideDir, name), out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Step 1: who do we need — find a party by part of its name.
	p.do("search", sendKeys("#q", "gemeente"), waitVisible("#q-list li[role=option]"))
	if s := p.text("#q-list"); !strings.Contains(s, "Gemeente") {
		t.Errorf("step 1: searching gemeente offers %q", s)
	}
	shot("1-zoeken.jpg", "")
	p.do("close the list", sendKeys("#q", "\x1b"))
	eval[any](p, `document.querySelector("#q").value = ""`)

	// Step 3 first, as the page opens: the matrix and the network.
	if s := p.text("#matrix svg"); !strings.Contains(s, "Ontwikkel") {
		t.Errorf("step 3: the matrix %q", s[:min(len(s), 80)])
	}
	shot("3-matrix.jpg", ".views")

	// Step 4: the policy per segment, and the develop list with its advice.
	if s := p.text("#table thead"); !strings.Contains(s, "Wie vragen") {
		t.Errorf("step 4: the table's header %q", s)
	}
	shot("4-tabellen.jpg", "#tables")

	// Step 2: a develop organisation's expected contribution, and step 6:
	// who owns it, who holds it, the advice.
	eval[any](p, `[...document.querySelectorAll("#table tbody tr")].find((tr) => tr.textContent.match(/Fonds|Gemeente|Ministerie|Stichting|Vereniging/)).click()`)
	p.wait("a stakeholder page", `document.querySelector("#sh-holders li") && document.querySelector("#sh-picture svg")`)
	if s := p.text("#stakeholder"); !strings.Contains(s, "Verwachte bijdrage") && !strings.Contains(s, "Eigenaar") {
		t.Errorf("step 2: the stakeholder page %q", s[:min(len(s), 200)])
	}
	shot("2-stakeholder.jpg", "#stakeholder")

	// Step 5: the network — who of us reaches the stakeholders that matter,
	// through whom; a hover lights a person's ties.
	eval[any](p, `(() => {
		window.scrollTo(0, 0);
		const g = document.querySelector("#network g.node[data-kind=person]");
		const r = g.getBoundingClientRect();
		g.querySelector("ellipse,polygon,path").dispatchEvent(new PointerEvent("pointermove", {bubbles: true, clientX: r.x + r.width / 2, clientY: r.y + r.height / 2}));
	})()`)
	if !eval[bool](p, `document.querySelector("#network").classList.contains("hovering")`) {
		t.Error("step 5: hovering a person lights nothing")
	}
	shot("5-netwerk.jpg", "#network-card")
	eval[any](p, `document.querySelector("#network").dispatchEvent(new PointerEvent("pointerleave"))`)

	// Step 5: a warm introduction, by name.
	p.do("find the paths to a develop target",
		sendKeys("#pf-to", "fonds"),
		waitVisible("#pf-list li[role=option]"),
		sendKeys("#pf-to", "\r"),
		waitVisible("#pf-picture svg"),
	)
	if n := eval[int](p, `document.querySelectorAll("#pf-result li").length`); n == 0 {
		t.Error("step 5: the path finder lists nothing")
	}
	shot("5-paden.jpg", "#pathfinder")

	// Step 5: the intermediaries for the develop targets.
	p.do("the brokers", scrollIntoView("#brokers-section"))
	p.wait("the brokers", `document.querySelector("#brokers tbody tr.broker")`)
	shot("5-makelaars.jpg", "#brokers-section")

	// Step 6: what changed in the last 90 days, the director's report.
	p.do("what changed",
		scrollIntoView("#changes"),
		click("#ch-go"),
		waitVisible("#ch-result .ch-gained td"),
	)
	if s := p.text("#changes"); !strings.Contains(s, "Verschuivingen tussen segmenten") || !strings.Contains(s, "Volgens beleid per segment") {
		t.Errorf("step 6: the report %q", s[:min(len(s), 200)])
	}
	shot("6-wat-veranderde.jpg", "#changes")

	// Step 6: the access plans, what needs attention first (demo.Plans:
	// the first has an overdue action).
	p.wait("the plans", `(document.querySelector("#plans").scrollIntoView(), document.querySelectorAll("#pl-table tbody tr.plan").length === 2)`)
	if s := p.text("#pl-table tbody tr.plan"); !strings.Contains(s, "over tijd") {
		t.Errorf("step 6: the first plan %q", s)
	}
	shot("6-plannen.jpg", "#plans")

	if *writeGuide {
		if err := os.WriteFile(filepath.Join(guideDir, "fingerprint"), []byte(guideFingerprint(t)+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p.noErrors(false)
}
