package api

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/demo"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/storetest"
)

// shot saves a screenshot of the element sel as name in the artifacts.
func (p *page) shot(sel, name string) {
	p.t.Helper()
	p.do("show "+sel, scrollIntoView(sel))
	png, err := runStep(p, "a screenshot of "+sel, chromedp.Screenshot(chromedp.CSS(sel)))
	if err != nil {
		p.t.Logf("no screenshot of %s: %v", sel, err)
		return
	}
	artifact(p.t, name, png)
}

// plansServer is segmentServer's network (Anna → Jan 0.6 → Fonds 0.8;
// the fund, the practice and Jan assessed in January 2024, the fund in
// Develop) with a second employee, Bob, and two access plans made through
// the API on the store's clock (2 January 2026):
//
//   - plan-late for Gemeente Zwolle, owned by Anna, with Anna's contact
//     action due 1 December 2025: overdue;
//   - plan-calm for the practice, owned by Bob, with his action due
//     1 February 2027: not overdue; Bob left on 31 December 2025.
//
// Neither has progress, so the director's list (analysis.SortByAttention,
// rule 2: overdue before the rest) puts plan-late first, though its id
// sorts after plan-calm's. Anna has asked Jan to introduce her to the
// fund (requested: no progress for a plan for the fund; agreed, made or
// met on or after its start would be).
func plansServer(t *testing.T) (*httptest.Server, *Server, http.Handler) {
	t.Helper()
	h, st := segmentServer(t)
	for _, a := range []string{fundJanuary, gpJanuary, janJanuary} {
		call(t, h, "POST", "/api/v1/assessments", a, 201, nil)
	}
	call(t, h, "POST", "/api/v1/employees", `{"id":"emp-bob","name":"Bob Bakker","role":"director"}`, 201, nil)
	call(t, h, "POST", "/api/v1/intros", `{"id":"intro-fund","employee_id":"emp-anna","intermediary_id":"per-jan","target_id":"org-fund","path":["emp-anna","per-jan","org-fund"]}`, 201, nil)
	call(t, h, "POST", "/api/v1/plans", `{"id":"plan-late","target_id":"org-none","owner_id":"emp-anna","aim":{"segment":"invest","by":"2027-06-30"}}`, 201, nil)
	call(t, h, "POST", "/api/v1/actions", `{"id":"act-late","plan_id":"plan-late","kind":"contact","stakeholder_id":"org-none","assignee_id":"emp-anna","due":"2025-12-01","title":"call the alderman"}`, 201, nil)
	call(t, h, "POST", "/api/v1/plans", `{"id":"plan-calm","target_id":"org-gp","owner_id":"emp-bob","aim":{"accessibility":4,"by":"2027-06-30"}}`, 201, nil)
	call(t, h, "POST", "/api/v1/actions", `{"id":"act-calm","plan_id":"plan-calm","kind":"other","stakeholder_id":"org-gp","assignee_id":"emp-bob","due":"2027-02-01","title":"send the annual report"}`, 201, nil)
	// Bob leaves on the last day of 2025, after the plan was handed to him.
	call(t, h, "PATCH", "/api/v1/employees/emp-bob", `{"end":"2025-12-31"}`, 200, nil)
	srv := &Server{Store: st, Segments: st, Snapshots: &analysis.Cache{Source: st}, Now: new(storetest.Clock).Now}
	ts := httptest.NewServer(serve(t, srv))
	t.Cleanup(ts.Close)
	return ts, srv, h
}

// showPlans scrolls the director's list into view (it loads then) and
// waits for n rows. It scrolls again while it waits: my actions, above
// the list, may arrive after the first scroll and push it out of view.
func (p *page) showPlans(n int) {
	p.t.Helper()
	p.wait("the plans", `(document.querySelector("#plans").scrollIntoView(), document.querySelectorAll("#pl-table tbody tr.plan").length === `+strconv.Itoa(n)+`)`)
}

// labelNotInName is the JavaScript that lists the buttons of the plans'
// sections whose aria-label does not contain their visible words.
const labelNotInName = `[...document.querySelectorAll("#plans button[aria-label], #plan button[aria-label], #my-actions button[aria-label], #sh-plans button[aria-label], #sh-advice button[aria-label]")]
	.filter((b) => b.textContent.trim() && !b.getAttribute("aria-label").toLowerCase().includes(b.textContent.trim().toLowerCase()))
	.map((b) => b.textContent + " / " + b.getAttribute("aria-label")).join("; ")`

// planRow is the JavaScript that returns the text of the list's row of
// the plan for target (a name).
func planRow(target string) string {
	return `([...document.querySelectorAll("#pl-table tbody tr.plan")].find((r) => r.textContent.includes("` + target + `")) || {textContent: ""}).textContent`
}

// TestBrowserPlans drives the page's access plans and actions (issue 16,
// item 3 and 4) in a real Chromium, on plansServer's network.
func TestBrowserPlans(t *testing.T) {
	browser := newBrowser(t)
	ts, srv, h := plansServer(t)
	st := srv.Store.(graph.PlanStore)
	viewer := secretFor(t, srv, auth.Viewer)
	anna := employeeSecret(t, srv.tokens(), "Anna Jansen", "emp-anna", auth.Editor)

	t.Run("the director's list, the overdue plan first", func(t *testing.T) {
		p := newPage(t, browser)
		p.signIn(ts.URL, viewer)
		p.showPlans(2)
		ids := eval[string](p, `[...document.querySelectorAll("#pl-table tbody tr.plan")].map((r) => r.dataset.id).join(" ")`)
		if ids != "plan-late plan-calm" {
			t.Errorf("the list's order: %q, want the overdue plan-late first", ids)
		}
		first := p.text("#pl-table tbody tr.plan")
		for _, s := range []string{"Gemeente Zwolle", "Anna Jansen", "open", "Invest by 30 Jun 2027", "1 overdue action, the oldest due 2025-12-01", "1 open · 1 overdue"} {
			if !strings.Contains(first, s) {
				t.Errorf("the first row %q lacks %q", first, s)
			}
		}
		if s := eval[string](p, planRow("Huisartsenpraktijk")); !strings.Contains(s, "Bob Bakker left") || !strings.Contains(s, "owner Bob Bakker has left") ||
			!strings.Contains(s, "accessibility ≥ 4 by 30 Jun 2027") || strings.Contains(s, "overdue") {
			t.Errorf("the practice's row: %q", s)
		}
		p.shot("#plans", "plans-list.png")

		p.do("Bob's plans", setValue("#pl-owner", "emp-bob"),
			act("run a script", chromedp.Evaluate[chromedp.Void](`document.querySelector("#pl-owner").dispatchEvent(new Event("change"))`)))
		p.wait("Bob's one plan", `[...document.querySelectorAll("#pl-table tbody tr.plan")].map((r) => r.dataset.id).join() === "plan-calm"`)
		p.do("achieved plans", setValue("#pl-state", "achieved"),
			act("run a script", chromedp.Evaluate[chromedp.Void](`document.querySelector("#pl-state").dispatchEvent(new Event("change"))`)))
		p.wait("none", `document.querySelector("#pl-table tbody").textContent === "No plans match."`)
		p.do("all again", setValue("#pl-owner", ""), setValue("#pl-state", ""),
			act("run a script", chromedp.Evaluate[chromedp.Void](`document.querySelector("#pl-state").dispatchEvent(new Event("change"))`)))
		p.showPlans(2)

		// The list prints alone, on one A4 page; the page's own print
		// (the director's two pages) leaves it out.
		p.printsAlone("the list", "print-plans", []string{".views", "#tables", "#changes", "#plans", "#pl-filters"}, "none none none block none", "plans-print.png")
		if s := eval[string](p, `["#plans", "#plan", "#my-actions"].map((s) => getComputedStyle(document.querySelector(s)).display).join(" ")`); s != "none none none" {
			t.Errorf("the page's own print shows plans: %q", s)
		}
		if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "screen"}); err != nil {
			t.Fatal(err)
		}

		// By keyboard: a plan's name is a button; Enter opens its page,
		// which takes the focus.
		p.do("open the first plan by keyboard", focus("#pl-table tbody tr.plan button.link"), act("press a key", chromedp.KeyEvent("\r")))
		p.wait("the plan's page has the focus", `document.activeElement.id === "plan-title" && document.querySelector("#plan-title").textContent === "Access plan: Gemeente Zwolle"`)
		if s := eval[string](p, `document.querySelector("#pl-table tbody tr.plan button.link").getAttribute("aria-label")`); s != "Access plan: Gemeente Zwolle" {
			t.Errorf("the plan button's accessible name: %q", s)
		}
		p.noErrors(false)
	})

	t.Run("advice into actions, in bulk and singly", func(t *testing.T) {
		p := newPage(t, browser)
		p.signIn(ts.URL, anna)
		p.do("preview the develop list's advice and overdue contacts", click("#bulk-overdue"), click("#bulk-preview"), waitVisible("#bulk-result"))
		// The fund's develop advice becomes a develop action for its owner
		// Anna, due one contact interval from today (the develop policy, 2
		// contacts per 12 months: 6 months, 2 July 2026); no contact with
		// it is logged, so its contact is overdue: a contact action due
		// today, 2 January 2026 (the server's clock).
		if s := p.text("#bulk-result"); !strings.Contains(s, "Actions to make: 2; passed over: 0.") ||
			!strings.Contains(s, "Fonds Zorg en Welzijn — develop — Anna Jansen, 2 Jul 2026") || !strings.Contains(s, "Fonds Zorg en Welzijn — contact — Anna Jansen, 2 Jan 2026") {
			t.Errorf("the preview: %q, want a develop and a contact action for the fund, Anna's", s)
		}
		p.shot("#tables", "plans-bulk.png")
		kind, fund := graph.ActionDevelop, "org-fund"
		if _, n, _ := st.FindActions(t.Context(), graph.ActionFilter{StakeholderID: &fund, State: ptrTo(graph.ActionOpen)}); n != 0 {
			t.Fatalf("a preview stored %d actions", n)
		}
		p.do("make them", click("#bulk-confirm"))
		p.wait("made", `document.querySelector("#bulk-result").textContent.includes("Actions made: ")`)
		as, n, err := st.FindActions(t.Context(), graph.ActionFilter{StakeholderID: &fund, State: ptrTo(graph.ActionOpen)})
		if err != nil || n == 0 || !func() bool {
			for _, a := range as {
				if a.Kind == kind && a.AssigneeID == "emp-anna" {
					return true
				}
			}
			return false
		}() {
			t.Fatalf("the fund's actions after the bulk: %d %v %+v", n, err, as)
		}
		p.wait("my actions show them", `document.querySelector("#my-actions").textContent.includes("Fonds Zorg en Welzijn")`)

		// The same advice once more, from the fund's page: an open develop
		// action exists, so none is made, and the page says why.
		p.do("open the fund", click("#table tbody tr td"), waitVisible("#sh-advice .advice-action"))
		p.do("make an action of the develop advice", click("#sh-advice .advice-action"))
		p.wait("the answer", `document.querySelector("#sh-advice .asked")`)
		if s := p.text("#sh-advice .asked"); !strings.Contains(s, "has an open develop action already") {
			t.Errorf("the second time: %q", s)
		}
		if _, m, _ := st.FindActions(t.Context(), graph.ActionFilter{StakeholderID: &fund, State: ptrTo(graph.ActionOpen)}); m != n {
			t.Errorf("the fund's open actions: %d, were %d", m, n)
		}
		p.noErrors(false)
	})

	t.Run("an editor starts a plan, adds an action and marks it done", func(t *testing.T) {
		p := newPage(t, browser)
		p.signIn(ts.URL, anna)
		// Anna's token is hers: her open actions, the overdue one first.
		p.wait("my actions", `document.querySelectorAll("#my-actions tr.action").length > 0`)
		if s := p.text("#my-actions tr.action"); !strings.Contains(s, "call the alderman") || !strings.Contains(s, "overdue") {
			t.Errorf("Anna's first action: %q, want the overdue call", s)
		}
		if s := p.text("#mine-feed"); !strings.Contains(s, "/api/v1/calendar/emp-anna.ics?token=…") {
			t.Errorf("the calendar feed: %q", s)
		}
		// "Subscribe" hands the feed, with Anna's token, to her calendar
		// program.
		if s := eval[string](p, `document.querySelector("#mine-subscribe").href`); s != strings.Replace(ts.URL, "http:", "webcal:", 1)+"/api/v1/calendar/emp-anna.ics?token="+anna {
			t.Errorf("the subscription link: %q", s)
		}
		p.shot("#my-actions", "plans-my-actions.png")
		p.showPlans(2)

		p.do("open the fund and start a plan",
			click("#matrix #stakeholder-org-fund"),
			waitVisible("#sh-start-plan"),
			click("#sh-start-plan"),
			waitVisible("#sh-plan-form"),
		)
		// The defaults: the fund's owner Anna, the invest segment six
		// months from today, the route through Jan, the introducer of the
		// best warm path shown.
		want := "emp-anna invest per-jan " + time.Now().AddDate(0, 6, 0).Format(time.DateOnly)
		if s := eval[string](p, `["#sp-owner", "#sp-segment", "#sp-route", "#sp-by"].map((s) => document.querySelector(s).value).join(" ")`); s != want {
			t.Errorf("the new plan's defaults: %q, want %q", s, want)
		}
		// Without a segment or an accessibility the plan has no aim: the
		// server's answer, naming the field, shows beside the form, and
		// nothing is stored.
		p.do("start it without an aim", setValue("#sp-segment", ""), click("#sp-go"))
		p.wait("the refusal", `document.querySelector("#sh-plan-form .notice")`)
		if s := p.text("#sh-plan-form .notice"); !strings.Contains(s, "aim") || !strings.Contains(s, "give a segment to reach, an accessibility score to reach, or both") {
			t.Errorf("the refusal: %q", s)
		}
		target := "org-fund"
		if _, n, err := st.FindPlans(t.Context(), graph.PlanFilter{TargetID: &target}); err != nil || n != 0 {
			t.Fatalf("a refused plan stored: %d, %v", n, err)
		}
		p.do("the invest segment again", setValue("#sp-segment", "invest"))
		p.shot("#stakeholder", "plans-start.png")
		p.do("start it", click("#sp-go"))
		p.wait("the plan's page", `!document.querySelector("#plan").hidden && document.querySelector("#plan-title").textContent === "Access plan: Fonds Zorg en Welzijn"`)
		plans, n, err := st.FindPlans(t.Context(), graph.PlanFilter{TargetID: &target})
		if err != nil || n != 1 {
			t.Fatalf("plans for the fund: %d, %v", n, err)
		}
		// The baseline is the fund's best warm path now: 0.6 × 0.8 = 0.48.
		if p := plans[0]; p.OwnerID != "emp-anna" || p.Aim.Segment != "invest" || p.Route.IntermediaryID != "per-jan" || !slices.Equal(p.Route.Path, []string{"emp-anna", "per-jan", "org-fund"}) || p.BaselineStrength < 0.48-1e-9 || p.BaselineStrength > 0.48+1e-9 {
			t.Errorf("the stored plan: %+v", p)
		}
		id := plans[0].ID
		if s := p.text("#plan-body"); !strings.Contains(s, "Best warm path nowAnna Jansen knows Jan de Vries (0.6), who works at Fonds Zorg en Welzijn (0.8)") {
			t.Errorf("the plan's best path: %q", s)
		}
		if s := p.text("#plan .intros"); s != "requested Anna Jansen asked Jan de Vries, since 2 Jan 2026" {
			t.Errorf("the plan's introduction requests: %q", s)
		}
		p.wait("the list has the new plan", planRow("Fonds Zorg en Welzijn")+`.includes("0 open")`)

		p.do("add an action",
			setValue("#pa-title", "call Jan about the fund"),
			setValue("#pa-due", "2027-03-01"),
			click("#pa-add"),
		)
		p.wait("the action", `[...document.querySelectorAll("#plan tr.action")].some((r) => r.textContent.includes("call Jan about the fund"))`)
		as, n, err := st.FindActions(t.Context(), graph.ActionFilter{PlanID: &id})
		if err != nil || n != 1 || as[0].Title != "call Jan about the fund" || as[0].AssigneeID != "emp-anna" || as[0].StakeholderID != "org-fund" ||
			as[0].Due.Format(time.DateOnly) != "2027-03-01" || as[0].Kind != graph.ActionContact {
			t.Fatalf("the stored action: %d %v %+v", n, err, as)
		}
		p.wait("the list counts it", planRow("Fonds Zorg en Welzijn")+`.includes("1 open")`)
		if s := eval[string](p, planRow("Fonds Zorg en Welzijn")); !strings.Contains(s, "no progress") {
			t.Errorf("the new plan's row before anything happened: %q, want no progress", s)
		}

		// "Done" asks for a note first (optional), in the action's row,
		// and takes the focus there.
		p.do("mark it done", click("#plan tr.action .act-done"))
		p.wait("the note", `document.activeElement === document.querySelector("#plan tr.action .act-note")`)
		p.shot("#plan .actions", "plans-action-close.png")
		p.do("with a note", sendKeys("#plan tr.action .act-note", "Jan will ask the chair"),
			click("#plan tr.action .act-confirm"))
		p.wait("done", `document.querySelector("#plan tr.action").classList.contains("done")`)
		if a, err := st.FindActionByID(t.Context(), as[0].ID); err != nil || a.State != graph.ActionDone || a.Closed == nil || a.Closed.Note != "Jan will ask the chair" {
			t.Errorf("the action after done: %+v, %v", a, err)
		}
		if s := p.text("#plan tr.action td.state"); s != "done: Jan will ask the chair" {
			t.Errorf("the done action's state: %q", s)
		}
		// An action of the plan done is progress (analysis.MeasurePlans):
		// the plan needs no attention any more.
		p.wait("the list updates", planRow("Fonds Zorg en Welzijn")+`.includes("0 open") && `+planRow("Fonds Zorg en Welzijn")+`.includes("on track")`)

		// The fund assessed again after the plan's start: familiarity 4,
		// relationship 3 → accessibility (4+3+3+3)/4 = 3.25, Invest (as
		// fundJune): the plan's accessibility runs from 2.5 at the start to
		// 3.25, drawn as a line, and its aim is reached.
		call(t, h, "POST", "/api/v1/assessments", scores("org-fund", "2026-03-01", "familiarity", 4, "relationship", 3), 201, nil)
		p.do("open the plan again", click("#plan-close"), click("#sh-plans li.sh-plan button"))
		p.wait("the accessibility line", `document.querySelector("#plan figure.series.access svg polyline")`)
		if s := eval[string](p, `document.querySelector("#plan figure.series.access svg").getAttribute("aria-label")`); s != "Assessed accessibility: 2.5 on 2 Jan 2026, 3.25 on 1 Mar 2026" {
			t.Errorf("the line's accessible name: %q", s)
		}
		if s := p.text("#plan-body"); !strings.Contains(s, "Invest by") || !strings.Contains(s, "reached") || !strings.Contains(s, "2.5 (2 Jan 2026) → 3.25 (1 Mar 2026)") {
			t.Errorf("the plan after the assessment: %q", s)
		}
		// The strength history (?history=1, fetched after the plan is
		// shown) has its points on one day, the store's clock's: no line
		// of it, the numbers say it.
		p.wait("the strength history", `pl.plan && Array.isArray(pl.plan.history) && pl.plan.history.length > 0`)
		if n := eval[int](p, `document.querySelectorAll("#plan figure.series.strength").length`); n != 0 {
			t.Errorf("%d strength lines of one day", n)
		}
		p.shot("#plan", "plans-plan.png")
		if s := eval[string](p, labelNotInName); s != "" {
			t.Errorf("buttons whose accessible name lacks their words: %s", s)
		}

		// Closed as achieved, with why: the plan says when, by whom and
		// why, and the director's list shows it closed.
		p.do("close the plan", setValue("#pl-close-state", "achieved"),
			sendKeys("#pl-close-note", "the fund invited us to its board"), click("#pl-close-go"))
		p.wait("achieved", `document.querySelector("#plan .badges .state").dataset.state === "achieved" && document.querySelector("#plan .badges .state").textContent === "State: achieved"`)
		if pl, err := st.FindPlanByID(t.Context(), id); err != nil || pl.State != graph.PlanAchieved || pl.Closed == nil || pl.Closed.Note != "the fund invited us to its board" {
			t.Errorf("the plan after closing: %+v, %v", pl, err)
		}
		// The store's clock: 2 January 2026; the actor is the token's name.
		if s := p.text("#plan-body dd .closed"); s != "achieved on 2 Jan 2026 by Anna Jansen: the fund invited us to its board" {
			t.Errorf("the plan's closing: %q", s)
		}
		p.wait("the list shows it closed", planRow("Fonds Zorg en Welzijn")+`.includes("achieved")`)
		if s := eval[string](p, `document.querySelector('#pl-table tbody tr.plan[data-id="`+id+`"] td.state').textContent`); s != "achieved" {
			t.Errorf("the closed plan's state in the list: %q", s)
		}
		p.shot("#plan-close-form", "plans-reopen.png")
		// Opened again, the closing goes; closed again, it is back.
		p.do("reopen it", click("#pl-reopen"))
		p.wait("open", `document.querySelector("#plan .badges .state").dataset.state === "open" && document.querySelector("#pl-close-go")`)
		if pl, err := st.FindPlanByID(t.Context(), id); err != nil || pl.State != graph.PlanOpen || pl.Closed != nil {
			t.Errorf("the plan after reopening: %+v, %v", pl, err)
		}
		p.do("close it again", sendKeys("#pl-close-note", "the fund invited us to its board"), click("#pl-close-go"))
		p.wait("achieved again", `document.querySelector("#plan .badges .state").dataset.state === "achieved"`)
		// The browser logs the refused request itself (source network);
		// the page writes no error of its own.
		p.noErrors(true)
	})

	t.Run("an editor hands the plan of an owner who left to a colleague", func(t *testing.T) {
		p := newPage(t, browser)
		p.signIn(ts.URL, anna)
		p.showPlans(3)
		p.do("open the practice's plan", click(`#pl-table tr[data-id="plan-calm"] button.link`))
		p.wait("its page", `document.querySelector("#plan-change")`)
		// Bob left: he is no choice, and the form asks for one.
		if s := eval[string](p, `document.querySelector("#pl-set-owner").value + "|" + [...document.querySelectorAll("#pl-set-owner option")].map((o) => o.value).join(",")`); s != "|,emp-anna" {
			t.Errorf("the owners offered: %q, want none chosen and Anna (Bob left)", s)
		}
		p.do("hand it to Anna", setValue("#pl-set-owner", "emp-anna"), click("#pl-set-go"))
		p.wait("the list updates", `!`+planRow("Huisartsenpraktijk")+`.includes("left") && `+planRow("Huisartsenpraktijk")+`.includes("Anna Jansen")`)
		if pl, err := st.FindPlanByID(t.Context(), "plan-calm"); err != nil || pl.OwnerID != "emp-anna" || pl.State != graph.PlanOpen {
			t.Errorf("the plan after the hand-over: %+v, %v", pl, err)
		}
		p.noErrors(false)
	})

	t.Run("an editor changes the aim and the note, and deletes nothing", func(t *testing.T) {
		p := newPage(t, browser)
		p.signIn(ts.URL, anna)
		p.showPlans(3)
		p.do("open the practice's plan", click(`#pl-table tr[data-id="plan-calm"] button.link`))
		p.wait("its form", `document.querySelector("#plan-change") && document.querySelector("#pl-set-by").value === "2027-06-30"`)
		// An editor deletes nothing: no delete control is in the page.
		if n := eval[int](p, `document.querySelectorAll("[data-admin], .act-delete, #plan-delete, #pl-delete").length`); n != 0 {
			t.Errorf("%d delete controls on an editor's page", n)
		}
		// Neither a segment nor an accessibility: the server refuses the
		// aim, naming it, beside the form, and the plan stays as it was.
		p.do("no aim", setValue("#pl-set-access", ""), click("#pl-set-go"))
		p.wait("the refusal", `document.querySelector("#plan-change .notice")`)
		if s := p.text("#plan-change .notice"); !strings.Contains(s, "aim") {
			t.Errorf("the refusal: %q, want it to name the aim", s)
		}
		if pl, err := st.FindPlanByID(t.Context(), "plan-calm"); err != nil || pl.Aim.Accessibility != 4 || pl.Aim.Segment != "" || pl.Note != "" {
			t.Errorf("the plan after a refused change: %+v, %v", pl, err)
		}
		p.do("a new aim and a note",
			setValue("#pl-set-segment", "develop"),
			setValue("#pl-set-access", "3.5"),
			setValue("#pl-set-by", "2027-09-30"),
			setValue("#pl-set-note", "through the regional GP network"),
		)
		p.shot("#plan-change", "plans-edit.png")
		p.do("save", click("#pl-set-go"))
		p.wait("saved", `document.querySelector("#plan-body .saved") && document.querySelector("#pl-set-by").value === "2027-09-30"`)
		pl, err := st.FindPlanByID(t.Context(), "plan-calm")
		if err != nil || pl.Aim.Segment != "develop" || pl.Aim.Accessibility != 3.5 || pl.Aim.By.Format(time.DateOnly) != "2027-09-30" || pl.Note != "through the regional GP network" || pl.OwnerID != "emp-anna" {
			t.Errorf("the stored plan: %+v, %v", pl, err)
		}
		// After a reload (the token stays in the browser) the plan shows
		// them.
		p.do("reload", act("reload the page", chromedp.Reload()), waitVisible("#matrix svg"))
		p.showPlans(3)
		p.do("open it again", click(`#pl-table tr[data-id="plan-calm"] button.link`))
		p.wait("the plan", `document.querySelector("#plan-title").textContent === "Access plan: Huisartsenpraktijk De Linde" && document.querySelector("#plan-change")`)
		// Chromium's en-GB date format shortens September to "Sept".
		if s := p.text("#plan-body .columns dl"); !strings.Contains(s, "AimDevelop, accessibility ≥ 3.5, by 30 Sept 2027") || !strings.Contains(s, "Notethrough the regional GP network") {
			t.Errorf("the plan after a reload: %q", s)
		}
		if s := eval[string](p, planRow("Huisartsenpraktijk")); !strings.Contains(s, "Develop, accessibility ≥ 3.5, by 30 Sept 2027") {
			t.Errorf("the list's row: %q", s)
		}
		p.noErrors(true)
	})

	t.Run("a viewer sees no write controls", func(t *testing.T) {
		p := newPage(t, browser)
		p.signIn(ts.URL, viewer)
		p.showPlans(3)
		p.do("open the fund", click("#matrix #stakeholder-org-fund"))
		p.wait("its plans", `document.querySelector("#sh-plans li.sh-plan button")`)
		p.do("open its plan", click("#sh-plans li.sh-plan button"))
		p.wait("the plan", `document.querySelectorAll("#plan tr.action").length > 0`)
		n := eval[int](p, `document.querySelectorAll("[data-write], [data-admin], .act-done, .act-drop, .act-delete, #plan-delete, #sh-start-plan, #bulk-form, .advice-action, #plan form, #sh-plans form").length`)
		if n != 0 {
			t.Errorf("%d write controls on a viewer's page", n)
		}
		if !eval[bool](p, `document.querySelector("#my-actions").hidden && document.querySelector("#nav-mine").hidden`) {
			t.Error("a token of no employee shows my actions")
		}
		// Signing out leaves nothing of the plans in the page's markup.
		p.do("sign out", click("#signout"), waitVisible("#login-form"))
		text := eval[string](p, "document.body.textContent")
		for _, name := range []string{"Gemeente Zwolle", "Bob Bakker", "Anna Jansen", "Fonds Zorg en Welzijn", "call the alderman"} {
			if strings.Contains(text, name) {
				t.Errorf("after sign out the page still holds %q", name)
			}
		}
		p.noErrors(false)
	})

	t.Run("on a phone", func(t *testing.T) {
		p := newPage(t, browser)
		p.do("a 390×844 phone", act("set the window", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)))
		p.signIn(ts.URL, anna)
		p.showPlans(3)
		p.do("open a plan", click("#pl-table tbody tr.plan button.link"))
		p.wait("the plan", `document.querySelectorAll("#plan tr.action").length > 0`)
		if s := eval[string](p, `document.documentElement.scrollWidth + " " + innerWidth`); s != "390 390" {
			t.Errorf("the page scrolls sideways: scroll width and window width %s", s)
		}
		p.shot("#plans", "plans-phone-list.png")
		p.shot("#plan", "plans-phone-plan.png")
		p.noErrors(false)
	})

	t.Run("Dutch", func(t *testing.T) {
		p := newPage(t, browser)
		p.signIn(ts.URL, anna)
		p.do("switch to Dutch", click("#lang-nl"))
		p.wait("the matrix is drawn again in Dutch", `(document.querySelector("#matrix svg") || {textContent: ""}).textContent.includes("Ontwikkel")`)
		p.showPlans(3)
		// Every text of the page (app.js, regie.js, plans.js) exists in
		// both languages, words of a kind (plan states, action kinds, …)
		// included.
		missing := eval[string](p, `(() => {
			const out = [];
			const walk = (en, nl, path) => {
				for (const k of Object.keys(en)) {
					if (!(k in nl)) out.push(path + k);
					else if (typeof en[k] === "object") walk(en[k], nl[k], path + k + ".");
				}
			};
			walk(TEXT.en, TEXT.nl, "");
			walk(TEXT.nl, TEXT.en, "en lacks ");
			return out.join(" ");
		})()`)
		if missing != "" {
			t.Errorf("texts in one language only: %s", missing)
		}
		if s := p.text("#plans-title"); s != "Toegangsplannen" {
			t.Errorf("the list's title: %q", s)
		}
		first := p.text("#pl-table tbody tr.plan")
		for _, s := range []string{"Gemeente Zwolle", "Investeer vóór 30 jun 2027", "1 actie over tijd", "1 open · 1 over tijd"} {
			if !strings.Contains(first, s) {
				t.Errorf("the first row in Dutch %q lacks %q", first, s)
			}
		}
		if s := eval[string](p, `[...document.querySelectorAll("#pl-table th")].map((th) => th.textContent).join("|")`); s != "Stakeholder|Eigenaar|Status|Doel|Voortgang|Vraagt aandacht|Acties" {
			t.Errorf("the list's head in Dutch: %q", s)
		}
		if s := p.text("#mine-title"); s != "Mijn open acties" {
			t.Errorf("my actions in Dutch: %q", s)
		}
		p.do("open the late plan", click("#pl-table tbody tr.plan button.link"))
		p.wait("the plan in Dutch", `document.querySelector("#plan-title").textContent === "Toegangsplan: Gemeente Zwolle" && document.querySelector("#plan tr.action")`)
		plan := p.text("#plan")
		for _, s := range []string{"Introductieverzoeken", "Acties", "over tijd", "Actie toevoegen", "Gedaan", "Schrappen", "Uitvoerder"} {
			if !strings.Contains(plan, s) {
				t.Errorf("the plan in Dutch lacks %q", s)
			}
		}
		p.shot("#plan", "plans-plan-nl.png")
		// A button's accessible name holds the words it shows (WCAG 2.5.3,
		// label in name), so that a person who says what she sees reaches it.
		if s := eval[string](p, labelNotInName); s != "" {
			t.Errorf("buttons whose accessible name lacks their words: %s", s)
		}
		p.do("back to English", click("#lang-en"))
		p.wait("the plan redrawn in English", `document.querySelector("#plan-title").textContent === "Access plan: Gemeente Zwolle" && document.querySelector("#plans-title").textContent === "Access plans"`)
		if s := p.text("#pl-table tbody tr.plan"); !strings.Contains(s, "1 overdue action") {
			t.Errorf("the list redrawn in English: %q", s)
		}
		p.noErrors(false)
	})

	t.Run("an admin deletes an action and a plan", func(t *testing.T) {
		p := newPage(t, browser)
		p.signIn(ts.URL, secretFor(t, srv, auth.Admin))
		p.showPlans(3)
		p.do("open the late plan", click(`#pl-table tr[data-id="plan-late"] button.link`))
		p.wait("its action", `document.querySelector("#plan tr.action .act-delete")`)
		if s := eval[string](p, `document.querySelector("#plan tr.action .act-delete").getAttribute("aria-label")`); s != "Delete “call the alderman”" {
			t.Errorf("the delete button's accessible name: %q", s)
		}
		// Delete asks once more; "keep it" goes back.
		p.do("delete the action", click("#plan tr.action .act-delete"))
		p.wait("the question", `document.activeElement === document.querySelector("#plan tr.action .act-keep")`)
		if s := p.text("#plan tr.action .act-ask"); !strings.Contains(s, "Delete “call the alderman”?") {
			t.Errorf("the question: %q", s)
		}
		p.shot("#plan .actions", "plans-action-delete.png")
		p.do("yes", click("#plan tr.action .act-delete-yes"))
		p.wait("gone", `document.querySelector("#plan-body .saved") && !document.querySelector("#plan tr.action")`)
		if _, err := st.FindActionByID(t.Context(), "act-late"); graph.ErrorCode(err) != graph.ENOTFOUND {
			t.Errorf("the deleted action: %v", err)
		}
		// The practice's plan has one action: the question names it.
		p.do("open the practice's plan", click(`#pl-table tr[data-id="plan-calm"] button.link`))
		p.wait("its page", `document.querySelector("#plan-title").textContent === "Access plan: Huisartsenpraktijk De Linde" && document.querySelector("#pl-delete")`)
		p.do("delete the plan", click("#pl-delete"))
		p.wait("the question", `document.querySelector("#pl-delete-ask")`)
		if s := p.text("#pl-delete-ask"); s != "Delete the access plan for Huisartsenpraktijk De Linde? Its actions (1) are deleted with it. This cannot be undone." {
			t.Errorf("the question: %q", s)
		}
		p.shot("#plan-delete", "plans-delete.png")
		p.do("yes", click("#pl-delete-yes"))
		p.wait("deleted", `document.querySelector("#plan-title").textContent === "The plan is deleted."`)
		p.showPlans(2)
		if _, err := st.FindPlanByID(t.Context(), "plan-calm"); graph.ErrorCode(err) != graph.ENOTFOUND {
			t.Errorf("the deleted plan: %v", err)
		}
		if _, err := st.FindActionByID(t.Context(), "act-calm"); graph.ErrorCode(err) != graph.ENOTFOUND {
			t.Errorf("the deleted plan's action: %v", err)
		}
		p.noErrors(false)
	})
}

// demoRegieServer serves the demo network (demoStore) with the demo's
// introduction requests and access plans loaded as "relmap demo" loads
// them, each plan's baseline its target's best warm-path strength now.
func demoRegieServer(t *testing.T) (*httptest.Server, *Server) {
	t.Helper()
	st := demoStore(t, demo.Options{})
	intros := demo.Intros(demo.Generate(demo.Options{}))
	if _, err := demo.LoadIntros(t.Context(), st, intros); err != nil {
		t.Fatal(err)
	}
	snap, err := analysis.ReadSnapshot(t.Context(), st, st, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	baseline := func(target string) float64 {
		r, err := analysis.NetworkAccessibility(t.Context(), snap, []string{target}, 0)
		if err != nil {
			t.Fatal(err)
		}
		return r[target].Strength
	}
	if _, err := demo.LoadPlans(t.Context(), st, demo.Plans(intros, time.Now()), baseline); err != nil {
		t.Fatal(err)
	}
	srv := &Server{Store: st, Segments: st, Snapshots: &analysis.Cache{Source: st}}
	ts := httptest.NewServer(serve(t, srv))
	t.Cleanup(ts.Close)
	return ts, srv
}

// TestBrowserPlansDemo shows the demo's regie on the page as a director
// sees it: its seven introduction requests (one in every state) and two
// plans (demo.Plans), plan-demo-a with an introduction action overdue by
// two weeks, so the director's list puts it first (SortByAttention, rule
// 2), and its page lists the request it was made from.
func TestBrowserPlansDemo(t *testing.T) {
	browser := newBrowser(t)
	ts, srv := demoRegieServer(t)
	p := newPage(t, browser)
	p.do("a 1600×1000 window", act("set the window", chromedp.EmulateViewport(1600, 1000)))
	p.signIn(ts.URL, secretFor(t, srv, auth.Viewer))
	p.showPlans(2)
	if id := eval[string](p, `document.querySelector("#pl-table tbody tr.plan").dataset.id`); id != "plan-demo-a" {
		t.Errorf("the first plan is %s, want plan-demo-a with its overdue action", id)
	}
	p.shot("#plans", "plans-demo-list.png")
	p.do("open it", click("#pl-table tbody tr.plan button.link"))
	p.wait("its page", `document.querySelectorAll("#plan tr.action").length === 2 && document.querySelector("#plan .intros li.intro")`)
	// The plan was made from the demo's first request, left as requested.
	if s := p.text("#plan .intros"); !strings.HasPrefix(s, "requested ") {
		t.Errorf("the plan's requests: %q", s)
	}
	p.shot("#plan", "plans-demo-plan.png")
	p.noErrors(false)
}
