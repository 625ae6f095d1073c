package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
	"github.com/relmap/relmap/graph/storetest"
	"github.com/relmap/relmap/render"
)

// TestRenderMatrix: the matrix picture through the real router and store,
// in each format; the quadrant names follow the language.
func TestRenderMatrix(t *testing.T) {
	h, _ := segmentServer(t)
	call(t, h, "POST", "/api/v1/assessments", fundJanuary, 201, nil)
	get := func(path string, want int) *httptest.ResponseRecorder {
		t.Helper()
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.Code != want {
			t.Fatalf("GET %s: status %d, want %d\n%s", path, w.Code, want, w.Body)
		}
		return w
	}
	nl := get("/api/v1/render/matrix?lang=nl", 200)
	if ct := nl.Header().Get("Content-Type"); ct != "image/svg+xml" {
		t.Errorf("content type %q", ct)
	}
	for _, q := range []string{"Ontwikkel", "Investeer", "Negeer", "Oogst"} {
		if !strings.Contains(nl.Body.String(), q) {
			t.Errorf("nl SVG lacks quadrant %q", q)
		}
	}
	en := get("/api/v1/render/matrix?lang=en&format=dot", 200)
	for _, q := range []string{"Develop", "Invest", "Ignore", "Harvest"} {
		if !strings.Contains(en.Body.String(), q) {
			t.Errorf("en DOT lacks quadrant %q", q)
		}
	}
	png := get("/api/v1/render/matrix?format=png", 200)
	if !bytes.HasPrefix(png.Body.Bytes(), []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("format=png did not return a PNG")
	}
	var e apiError
	call(t, h, "GET", "/api/v1/render/matrix?format=gif", "", 400, &e)
	if !e.has("format", "") {
		t.Errorf("bad format: %+v, want invalid on field format", e)
	}
}

// TestRenderNetworkAndPaths: the network, ego and path pictures through the
// router. segmentServer's network: Anna – Jan – Fund, plus two unconnected
// organisations.
func TestRenderNetworkAndPaths(t *testing.T) {
	h, _ := segmentServer(t)
	get := func(path string, want int) string {
		t.Helper()
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.Code != want {
			t.Fatalf("GET %s: status %d, want %d\n%s", path, w.Code, want, w.Body)
		}
		return w.Body.String()
	}
	dot := get("/api/v1/render/network?format=dot&size=pagerank", 200)
	for _, name := range []string{"Anna Jansen", "Jan de Vries", "Fonds Zorg en Welzijn", "Gemeente Zwolle"} {
		if !strings.Contains(dot, name) {
			t.Errorf("network DOT lacks %q", name)
		}
	}
	// Depth 1 around Anna: Anna and Jan only.
	ego := get("/api/v1/render/ego/emp-anna?format=dot&depth=1", 200)
	if !strings.Contains(ego, "Jan de Vries") || strings.Contains(ego, "Fonds Zorg en Welzijn") {
		t.Errorf("ego picture of Anna at depth 1 should hold Jan and not the fund:\n%s", ego)
	}
	svg := get("/api/v1/render/paths?to=org-fund&lang=nl", 200)
	if !strings.Contains(svg, "<svg") || !strings.Contains(svg, "0,6") {
		t.Errorf("paths SVG should show Anna's 0,6 tie in Dutch")
	}
	get("/api/v1/render/ego/no-such-node?format=dot", 404)
	get("/api/v1/render/network?segment=purple", 400)
	get("/api/v1/render/network?size=fame", 400)
}

// TestRenderFilters: the matrix picture honours segment and party type and
// draws the density on request; the network draws the page's explored view
// (include, expand). segmentServer with fund (develop), GP (harvest) and
// Jan (invest) assessed.
func TestRenderFilters(t *testing.T) {
	h, _ := segmentServer(t)
	for _, a := range []string{fundJanuary, gpJanuary, janJanuary} {
		call(t, h, "POST", "/api/v1/assessments", a, 201, nil)
	}
	get := func(path string, want int) string {
		t.Helper()
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.Code != want {
			t.Fatalf("GET %s: status %d, want %d\n%s", path, w.Code, want, w.Body)
		}
		return w.Body.String()
	}
	dev := get("/api/v1/render/matrix?format=dot&segment=develop", 200)
	if !strings.Contains(dev, `id="stakeholder-org-fund"`) || strings.Contains(dev, `id="stakeholder-org-gp"`) || strings.Contains(dev, `id="stakeholder-per-jan"`) {
		t.Errorf("segment=develop should draw the fund only:\n%s", dev)
	}
	if !strings.Contains(dev, "Filter: Develop — 1 of 4 stakeholders") {
		t.Errorf("the legend does not name the filter:\n%s", dev)
	}
	// Intermediary: the GP only.
	gp := get("/api/v1/render/matrix?format=dot&party_type=intermediary", 200)
	if !strings.Contains(gp, `id="stakeholder-org-gp"`) || strings.Contains(gp, `id="stakeholder-org-fund"`) {
		t.Errorf("party_type=intermediary should draw the GP only")
	}
	if d := get("/api/v1/render/matrix?format=dot&density=1&top=1", 200); !strings.Contains(d, `class="density segment-`) {
		t.Errorf("density=1 draws no density cells")
	}
	get("/api/v1/render/matrix?segment=gold", 400)
	get("/api/v1/render/matrix?party_type=vip", 400)

	// The explored view: what the page showed (include) and Jan with his
	// neighbours (expand): Anna and the fund.
	ex := get("/api/v1/render/network?format=dot&include=org-gp&expand=per-jan&aspect=0.7", 200)
	for _, id := range []string{"emp-anna", "org-fund", "org-gp", "per-jan"} {
		if !strings.Contains(ex, `id="network-`+id+`"`) {
			t.Errorf("the explored view lacks %s", id)
		}
	}
	if strings.Contains(ex, `id="network-org-none"`) {
		t.Error("the explored view draws org-none")
	}
	get("/api/v1/render/network?expand=per-nobody", 404)
	get("/api/v1/render/network?aspect=9", 400)
}

// TestRenderReach: the page's default network. The develop fund is reached
// anna→jan→fund, the invest Jan directly by Anna; with segment=harvest
// only the GP, whom nobody reaches.
func TestRenderReach(t *testing.T) {
	h, _ := segmentServer(t)
	for _, a := range []string{fundJanuary, gpJanuary, janJanuary} {
		call(t, h, "POST", "/api/v1/assessments", a, 201, nil)
	}
	get := func(path string, want int) string {
		t.Helper()
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.Code != want {
			t.Fatalf("GET %s: status %d, want %d\n%s", path, w.Code, want, w.Body)
		}
		return w.Body.String()
	}
	dot := get("/api/v1/render/reach?format=dot", 200)
	for _, want := range []string{`id="reach-node-org-fund"`, `id="reach-node-per-jan"`, `id="reach-node-emp-anna"`,
		`id="reach-hop-emp-anna-per-jan"`, `id="reach-hop-per-jan-org-fund"`, `fillcolor="#0072b2"`} {
		if !strings.Contains(dot, want) {
			t.Errorf("the reach DOT lacks %s", want)
		}
	}
	if strings.Contains(dot, "org-gp") {
		t.Error("the harvest GP is drawn by default")
	}
	hv := get("/api/v1/render/reach?format=dot&segment=harvest", 200)
	if !strings.Contains(hv, "target unreached") || strings.Contains(hv, " -> ") {
		t.Errorf("segment=harvest: the GP unreached, no hop:\n%s", hv)
	}
	if svg := get("/api/v1/render/reach?lang=nl", 200); !strings.Contains(svg, "onze medewerker") || !strings.Contains(svg, `id="legend"`) {
		t.Error("the Dutch reach SVG has no Dutch legend")
	}
	get("/api/v1/render/reach?top=200", 400)
	get("/api/v1/render/reach?k=101", 400)
	get("/api/v1/render/reach?segment=unassessed", 400)
}

// TestRenderOverview: the overview picture through the router and the real
// store and analyses. segmentServer's network with the three assessed
// stakeholders: org-fund develop (4/2.5), org-gp harvest, per-jan invest
// (3/3, on the thresholds); org-none is unassessed and not drawn. The only
// warm paths: anna→jan (0.6) to per-jan and anna→jan→fund (0.6·0.8 = 0.48)
// to org-fund; nobody reaches org-gp. So two hops, and org-fund — develop,
// no employee holds it directly — has advice develop, written under its
// name.
func TestRenderOverview(t *testing.T) {
	h, _ := segmentServer(t)
	for _, a := range []string{fundJanuary, gpJanuary, janJanuary} {
		call(t, h, "POST", "/api/v1/assessments", a, 201, nil)
	}
	get := func(path string, want int) string {
		t.Helper()
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.Code != want {
			t.Fatalf("GET %s: status %d, want %d\n%s", path, w.Code, want, w.Body)
		}
		return w.Body.String()
	}
	svg := get("/api/v1/render/overview?lang=nl", 200)
	// Jan, the only intermediate node, is drawn in a quadrant: there is no
	// column of intermediaries, only the employees'.
	for _, q := range []string{"Ontwikkel", "Investeer", "Negeer", "Oogst", "Onze medewerkers"} {
		if !strings.Contains(svg, q) {
			t.Errorf("nl overview lacks %q", q)
		}
	}
	dot := get("/api/v1/render/overview?format=dot", 200)
	for _, id := range []string{`"org-fund" [`, `"org-gp" [`, `"per-jan" [`, `"emp-anna" [`} {
		if !strings.Contains(dot, id) {
			t.Errorf("overview DOT lacks node %s", id)
		}
	}
	if strings.Contains(dot, `"org-none" [`) {
		t.Errorf("the unassessed org-none is drawn")
	}
	if n := strings.Count(dot, " -- "); n != 2 {
		t.Errorf("%d hops, want 2 (anna–jan, jan–fund)", n)
	}
	// The fund's advice is a badge under its name, never a colour.
	if !strings.Contains(dot, "[develop]") || !strings.Contains(dot, `"org-fund" -- "per-jan" [class="reach", color="#3f4a57`) {
		t.Errorf("the fund's develop advice is not a badge:\n%s", dot)
	}
	// Invest only: per-jan and anna, not the fund.
	if inv := get("/api/v1/render/overview?format=dot&segment=invest", 200); strings.Contains(inv, `"org-fund" [`) || !strings.Contains(inv, `"per-jan" [`) {
		t.Errorf("segment=invest:\n%s", inv)
	}
	png := get("/api/v1/render/overview?format=png", 200)
	if !strings.HasPrefix(png, "\x89PNG\r\n\x1a\n") {
		t.Errorf("format=png did not return a PNG")
	}
	var e apiError
	call(t, h, "GET", "/api/v1/render/overview?segment=unassessed", "", 400, &e)
	if !e.has("segment", "") {
		t.Errorf("segment=unassessed: %+v, want invalid on field segment", e)
	}
	call(t, h, "GET", "/api/v1/render/overview?top=101", "", 400, &e)
	call(t, h, "GET", "/api/v1/render/overview?k=x", "", 400, &e)
}

// bigServer serves a generated network of exactly n nodes: 10 employees,
// n/5 organisations and the rest persons, each person working at
// organisation i mod n/5 and knowing the next person; employee j knows
// every person whose index is j mod 10 (a hub of n/10 ties each).
func bigServer(t *testing.T, n int) http.Handler {
	t.Helper()
	st, err := sqlitestore.Open(t.Context(), filepath.Join(t.TempDir(), "relmap.db"), sqlitestore.WithNow(new(storetest.Clock).Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	b := &graph.Batch{}
	const emps = 10
	orgs := n / 5
	persons := n - emps - orgs
	for j := range emps {
		b.Employees = append(b.Employees, &graph.Employee{ID: fmt.Sprintf("emp-%02d", j), Name: fmt.Sprintf("Employee %02d", j), Role: graph.RoleStaff})
	}
	for i := range orgs {
		b.Organisations = append(b.Organisations, &graph.Organisation{ID: fmt.Sprintf("org-%04d", i), Name: fmt.Sprintf("Organisation %04d", i), PartyType: graph.PartyInput})
	}
	for i := range persons {
		id := fmt.Sprintf("per-%04d", i)
		b.Persons = append(b.Persons, &graph.Person{ID: id, Name: fmt.Sprintf("Person %04d", i)})
		b.Relationships = append(b.Relationships,
			&graph.Relationship{Type: graph.RelWorksAt, From: id, To: fmt.Sprintf("org-%04d", i%orgs), Strength: 0.7},
			&graph.Relationship{Type: graph.RelKnows, From: fmt.Sprintf("emp-%02d", i%emps), To: id, Strength: 0.5})
		if i+1 < persons {
			b.Relationships = append(b.Relationships, &graph.Relationship{Type: graph.RelKnows, From: id, To: fmt.Sprintf("per-%04d", i+1), Strength: 0.3})
		}
	}
	if _, err := st.Upsert(t.Context(), b, graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	return serve(t, &Server{Store: st, Segments: st, Snapshots: &analysis.Cache{Source: st}})
}

// TestRenderCap: a 5,000-node network is refused by the network picture's
// cap (render.DefaultNetworkMaxNodes = 1,000) with 422 and a message that
// names the filters, before any layout runs; a focus filter brings it under
// the cap: per-0000 at depth 1 is itself, its organisation org-0000, its
// employee emp-00 and the next person per-0001 — 4 nodes.
func TestRenderCap(t *testing.T) {
	h := bigServer(t, 5000)
	var e apiError
	call(t, h, "GET", "/api/v1/render/network", "", 422, &e)
	if e.Error.Code != graph.EINVALID || !strings.Contains(e.Error.Message, "would have 5000 nodes, more than the limit of 1000: narrow it with a filter") {
		t.Errorf("cap: %+v", e.Error)
	}
	call(t, h, "GET", "/api/v1/render/ego/per-0000?depth=1&format=dot", "", 200, nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/api/v1/render/ego/per-0000?depth=1&format=dot", nil))
	if n := strings.Count(w.Body.String(), `class="network-node`); n != 4 {
		t.Errorf("ego of per-0000 at depth 1: %d nodes, want 4", n)
	}
}

// TestRenderTimeout: with a render timeout too short for any picture, the
// picture routes answer 504 with a clear message instead of hanging; the
// data they read is not bound by it (the request's own context is).
func TestRenderTimeout(t *testing.T) {
	_, st := segmentServer(t)
	h := serve(t, &Server{Store: st, Segments: st, Snapshots: &analysis.Cache{Source: st}, RenderTimeout: time.Nanosecond})
	call(t, h, "POST", "/api/v1/assessments", fundJanuary, 201, nil)
	for _, path := range []string{"/api/v1/render/network", "/api/v1/render/matrix", "/api/v1/render/paths?to=org-fund", "/api/v1/render/overview"} {
		var e apiError
		call(t, h, "GET", path, "", 504, &e)
		if e.Error.Code != graph.EUNAVAILABLE || !strings.Contains(e.Error.Message, "took longer than 1ns to draw; narrow it with a filter") {
			t.Errorf("%s: %+v", path, e.Error)
		}
	}
	// DOT needs no drawing: no timeout applies.
	call(t, h, "GET", "/api/v1/render/network?format=dot", "", 200, nil)
}

// TestRenderBusy: while Graphviz is busy with a long layout, a picture
// whose render timeout (1 s) the queue cannot meet is answered 503 with a
// Retry-After in seconds and the error code unavailable — refused at once
// when the measured queue is too long, or when its timeout ends while it
// still waits for its turn — never 504, which is kept for a layout that
// itself runs too long.
func TestRenderBusy(t *testing.T) {
	h0, st := segmentServer(t)
	call(t, h0, "POST", "/api/v1/assessments", fundJanuary, 201, nil)
	srv := &Server{Store: st, Segments: st, Snapshots: &analysis.Cache{Source: st}, RenderTimeout: time.Second}
	h := serve(t, srv)
	// A layout of some seconds: neato removing overlaps among 300 boxes.
	var b strings.Builder
	// A comment of its own per run: another DOT, so that a second run
	// (-count=2) does not get the picture from the cache.
	fmt.Fprintf(&b, "// run %d\n", time.Now().UnixNano())
	b.WriteString("graph { graph [overlap=false] node [shape=box, label=\"a busy node\"]\n")
	for i := 1; i < 300; i++ {
		fmt.Fprintf(&b, "n%d -- n%d\nn%d -- n%d\n", i, (i*7)%i, i, (i*13+5)%300)
	}
	b.WriteString("}\n")
	done := make(chan struct{})
	var blockErr error
	go func() {
		_, blockErr = render.SVG(context.Background(), []byte(b.String()), render.Neato, nil)
		close(done)
	}()
	defer func() {
		<-done
		if blockErr != nil {
			t.Error(blockErr)
		}
	}()
	// Wait until the long layout holds the turn: a small picture asked for
	// with a short deadline is refused busy only while something does.
	// Without this wait a request of the loop below could take the turn
	// before the long layout asked for it and, on a loaded machine under
	// -race, run out of its own second while drawing: a rightful 504.
	for i := 0; ; i++ {
		select {
		case <-done:
			t.Fatal("the long layout finished before it was seen to hold the turn")
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		_, err := render.SVG(ctx, fmt.Appendf(nil, "graph { probe%d }", i), render.Dot, nil) // another DOT each time: none from the cache
		cancel()
		if errors.Is(err, render.ErrBusy) {
			break
		}
	}
	day := time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; ; i++ { // another day each time, so another title: no picture comes from the cache
		select {
		case <-done:
			t.Fatal("the long layout finished before a request was refused")
		default:
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/api/v1/render/matrix?as_of="+day.AddDate(0, 0, i).Format(time.DateOnly), nil))
		if w.Code == http.StatusGatewayTimeout {
			t.Fatalf("504 while the queue was busy: %s", w.Body)
		}
		if w.Code != http.StatusServiceUnavailable {
			continue // the long layout has not taken its turn yet
		}
		if ra, err := strconv.Atoi(w.Header().Get("Retry-After")); err != nil || ra < 1 {
			t.Errorf("Retry-After %q, want whole seconds", w.Header().Get("Retry-After"))
		}
		if !strings.Contains(w.Body.String(), `"code":"unavailable"`) {
			t.Errorf("body %s, want the code unavailable", w.Body)
		}
		return
	}
}
