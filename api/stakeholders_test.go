package api

import (
	"context"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
)

// TestStakeholders: the quadrant tables through the router and the real
// store, on segmentServer with fund (develop: attractiveness 4,
// accessibility 2.5, owned by Anna), GP (harvest) and Jan (invest)
// assessed. Hand computations: nobody holds the fund directly; its best
// warm path is Anna → Jan → Fund, 0.6 × 0.8 = 0.48, so whom to ask is Jan
// (the Introducer), and its advice is develop. Anna holds Jan directly at
// 0.6 (no one to ask).
func TestStakeholders(t *testing.T) {
	h, _ := segmentServer(t)
	for _, a := range []string{fundJanuary, gpJanuary, janJanuary} {
		call(t, h, "POST", "/api/v1/assessments", a, 201, nil)
	}
	var b StakeholdersBody
	call(t, h, "GET", "/api/v1/stakeholders", "", 200, &b) // develop by default
	if b.Segment != "develop" || b.Total != 1 || len(b.Rows) != 1 || len(b.Segments) != 5 {
		t.Fatalf("develop: %+v", b)
	}
	if inv := b.Segments[0]; inv.Segment != "invest" || inv.Count != 1 || inv.Name.NL != "Investeer" || inv.Policy == nil ||
		inv.Policy.NL != "Intensief relatiemanagement — Samenwerking" || inv.MinContacts != 4 {
		t.Errorf("the invest segment: %+v", inv)
	}
	if un := b.Segments[4]; un.Segment != "unassessed" || un.Count != 1 || un.Policy != nil {
		t.Errorf("the unassessed: %+v", un)
	}
	r := b.Rows[0]
	if r.Stakeholder.ID != "org-fund" || *r.Attractiveness != 4 || *r.Accessibility != 2.5 || r.Owner == nil || r.Owner.ID != "emp-anna" || r.Holders != 0 {
		t.Errorf("the fund's row: %+v", r)
	}
	if r.Reach == nil || r.Reach.Strength != 0.48 || r.Reach.Ask == nil || r.Reach.Ask.ID != "per-jan" {
		t.Errorf("the fund's reach: %+v, want 0.48, ask Jan", r.Reach)
	}
	if len(r.Advice) == 0 || r.Advice[0].Code != "develop" || r.Advice[0].Name.NL != "ontwikkelen" ||
		!strings.Contains(r.Advice[0].Reason.NL, "Jan de Vries") || !strings.Contains(r.Advice[0].Reason.EN, "Jan de Vries") {
		t.Errorf("the fund's advice in both languages: %+v", r.Advice)
	}
	b = StakeholdersBody{}
	call(t, h, "GET", "/api/v1/stakeholders?segment=invest&sort=strength", "", 200, &b)
	if len(b.Rows) != 1 || b.Rows[0].Reach == nil || b.Rows[0].Reach.Strength != 0.6 || b.Rows[0].Reach.Ask != nil || b.Rows[0].Holders != 1 {
		t.Errorf("Jan: %+v, want a direct tie of 0.6 and one holder", b.Rows)
	}
	// The unassessed have no advice.
	b = StakeholdersBody{}
	call(t, h, "GET", "/api/v1/stakeholders?segment=unassessed", "", 200, &b)
	if len(b.Rows) != 1 || b.Rows[0].Stakeholder.ID != "org-none" || len(b.Rows[0].Advice) != 0 || b.Rows[0].Attractiveness != nil {
		t.Errorf("unassessed: %+v", b.Rows)
	}
	// By id, whatever the segment: the stakeholder page's row.
	b = StakeholdersBody{}
	call(t, h, "GET", "/api/v1/stakeholders?id=org-gp&id=per-jan", "", 200, &b)
	if b.Segment != "" || len(b.Rows) != 2 || b.Rows[0].Stakeholder.ID != "per-jan" || b.Rows[1].Stakeholder.ID != "org-gp" {
		t.Errorf("by id: %+v, want Jan (more attractive) and the GP", b.Rows)
	}
	call(t, h, "GET", "/api/v1/stakeholders?sort=fame", "", 400, nil)
	call(t, h, "GET", "/api/v1/stakeholders?segment=gold", "", 400, nil)

	// The table carries an ETag as GET /segments/list does: asked again
	// with it, an unchanged page answers 304 without a body, another
	// page 200.
	get := func(path, etag string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", path, nil)
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w
	}
	w := get("/api/v1/stakeholders?segment=develop", "")
	etag := w.Header().Get("ETag")
	if w.Code != 200 || etag == "" || w.Header().Get("Cache-Control") != "no-cache" {
		t.Fatalf("develop: %d, ETag %q, Cache-Control %q", w.Code, etag, w.Header().Get("Cache-Control"))
	}
	if w := get("/api/v1/stakeholders?segment=develop", etag); w.Code != 304 || w.Body.Len() != 0 {
		t.Errorf("develop again with its ETag: %d (%d bytes), want 304 and no body", w.Code, w.Body.Len())
	}
	if w := get("/api/v1/stakeholders?segment=invest", etag); w.Code != 200 {
		t.Errorf("invest with develop's ETag: %d, want 200", w.Code)
	}
}

// TestTableOrder sorts by each column: values descending or ascending,
// rows without a value last either way, ties by name.
func TestTableOrder(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	rows := []TableRow{
		{Stakeholder: node("b", "Bea"), Attractiveness: f(3)},
		{Stakeholder: node("a", "Ada"), Attractiveness: f(4)},
		{Stakeholder: node("c", "Cor")},
		{Stakeholder: node("d", "Dirk"), Attractiveness: f(3)},
	}
	for _, tc := range []struct {
		sort string
		desc bool
		want string
	}{
		{"attractiveness", true, "a b d c"},
		{"attractiveness", false, "b d a c"},
		{"name", false, "a b c d"},
		{"name", true, "d c b a"},
		{"owner", false, "a b c d"}, // nobody owns any: all without a value, by name
	} {
		got := append([]TableRow(nil), rows...)
		slicesSortStable(got, tableOrder(tc.sort, tc.desc))
		var ids []string
		for _, r := range got {
			ids = append(ids, r.Stakeholder.ID)
		}
		if s := strings.Join(ids, " "); s != tc.want {
			t.Errorf("%s desc=%v: %s, want %s", tc.sort, tc.desc, s, tc.want)
		}
	}
}

func node(id, name string) graph.NetworkNode { return graph.NetworkNode{ID: id, Name: name} }

func slicesSortStable(rows []TableRow, f func(a, b TableRow) int) { slices.SortStableFunc(rows, f) }

// TestWarmPage: Warm builds the stakeholder table and the search index, so
// that the first page after a start finds them ready; KeepWarm builds them
// again once the store's version moves.
func TestWarmPage(t *testing.T) {
	h, st := segmentServer(t)
	call(t, h, "POST", "/api/v1/assessments", fundJanuary, 201, nil)
	srv := &Server{Store: st, Segments: st, Snapshots: &analysis.Cache{Source: st}}
	if err := srv.Warm(t.Context()); err != nil {
		t.Fatal(err)
	}
	if srv.table.t == nil || srv.search.ix == nil || srv.search.ix.Len() != 5 {
		t.Fatalf("after Warm: table %v, search index %v; want both, the index of 5 records", srv.table.t, srv.search.ix)
	}
	built := srv.table.t
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { srv.KeepWarm(ctx, time.Millisecond); close(done) }()
	call(t, h, "POST", "/api/v1/assessments", gpJanuary, 201, nil) // moves the version
	for {
		srv.table.mu.Lock()
		again := srv.table.t != built
		srv.table.mu.Unlock()
		if again {
			break
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	<-done
}
