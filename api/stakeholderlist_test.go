package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/demo"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
	"github.com/relmap/relmap/segment"
)

// getPage sends GET path with an optional If-None-Match and returns the
// status, the ETag and the decoded list (on 200).
func getPage(t *testing.T, h http.Handler, path, etag string) (int, string, StakeholderList, int) {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	var l StakeholderList
	if w.Code == 200 {
		if err := json.Unmarshal(w.Body.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
	} else if w.Code == 304 && w.Body.Len() != 0 {
		t.Fatalf("304 with a body: %s", w.Body)
	}
	return w.Code, w.Header().Get("ETag"), l, w.Body.Len()
}

// TestStakeholderList through the router on segmentServer's network: the
// rows in the matrix's order with their means (the matrix's numbers), owner
// and advice codes (GET /conformance's), the segment filter and paging, and
// a 304 for a page whose ETag the request names.
func TestStakeholderList(t *testing.T) {
	h, _ := segmentServer(t)
	for _, body := range []string{fundJanuary, gpJanuary, janJanuary} {
		call(t, h, "POST", "/api/v1/assessments", body, 201, nil)
	}
	status, etag, l, _ := getPage(t, h, "/api/v1/segments/list?lang=nl", "")
	if status != 200 || etag == "" {
		t.Fatalf("status %d, ETag %q", status, etag)
	}
	var ids []string
	for _, r := range l.Rows {
		ids = append(ids, r.ID)
	}
	// Jan invest, the fund develop, the GP harvest, Zwolle unassessed
	// (the order of the matrix: segment, then name).
	if want := []string{"per-jan", "org-fund", "org-gp", "org-none"}; !slices.Equal(ids, want) || l.Total != 4 || l.Limit != DefaultListLimit {
		t.Fatalf("rows %v (total %d, limit %d), want %v", ids, l.Total, l.Limit, want)
	}
	fund := l.Rows[1]
	// The fund's means from the January scores: (5+4+4+3)/4 = 4.0 and
	// (2+3+2+3)/4 = 2.5 (see fundJanuary).
	if fund.Segment != segment.Develop || *fund.Attractiveness != 4 || *fund.Accessibility != 2.5 || fund.Owner != "emp-anna" || fund.Kind != graph.KindOrganisation {
		t.Errorf("the fund: %+v", fund)
	}
	if r := l.Rows[3]; r.Attractiveness != nil || r.Accessibility != nil || r.Advice != nil {
		t.Errorf("an unassessed row: %+v, want no means and no advice", r)
	}
	if l.Segments[1].Name != "Ontwikkel" || l.Segments[1].Count != 1 || l.Segments[4].Segment != segment.Unassessed {
		t.Errorf("segments %+v", l.Segments)
	}
	var conf ConformanceBody
	call(t, h, "GET", "/api/v1/conformance", "", 200, &conf)
	for _, a := range conf.Stakeholders {
		i := slices.Index(ids, a.Stakeholder.ID)
		if !slices.Equal(l.Rows[i].Advice, a.Codes) {
			t.Errorf("%s: advice %v, conformance says %v", a.Stakeholder.ID, l.Rows[i].Advice, a.Codes)
		}
	}

	if status, again, _, _ := getPage(t, h, "/api/v1/segments/list?lang=nl", etag); status != 304 || again != etag {
		t.Errorf("If-None-Match with the page's ETag: %d %q, want 304 and the same ETag", status, again)
	}
	if status, _, _, _ := getPage(t, h, "/api/v1/segments/list?lang=en", etag); status != 200 {
		t.Errorf("another language, the old ETag: %d, want 200", status)
	}
	_, _, dev, _ := getPage(t, h, "/api/v1/segments/list?segment=develop", "")
	if len(dev.Rows) != 1 || dev.Rows[0].ID != "org-fund" || dev.Total != 1 {
		t.Errorf("?segment=develop: %+v", dev)
	}
	_, _, p2, _ := getPage(t, h, "/api/v1/segments/list?offset=1&limit=2", "")
	if len(p2.Rows) != 2 || p2.Rows[0].ID != "org-fund" || p2.Total != 4 || p2.Offset != 1 || p2.Limit != 2 {
		t.Errorf("offset 1, limit 2: %+v", p2)
	}
	for _, bad := range []string{"segment=best", "limit=5000", "offset=-1", "lang=de"} {
		var e apiError
		call(t, h, "GET", "/api/v1/segments/list?"+bad, "", 400, &e)
	}
}

// TestStakeholderListSize: on the demo network a stakeholder takes at most
// 300 bytes of the list (the bound; the full matrix takes 2–3 KB);
// a write that changes nothing a page shows keeps every ETag, and one that
// re-scores a stakeholder within its segment changes the ETag of its page
// only.
func TestStakeholderListSize(t *testing.T) {
	st, err := sqlitestore.Open(t.Context(), filepath.Join(t.TempDir(), "relmap.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	opts := demo.Options{Persons: 1500, Now: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	b := demo.Generate(opts)
	if _, err := st.Upsert(t.Context(), b, graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	as := demo.Assessments(b, opts)
	if _, err := st.UpsertAssessments(t.Context(), as, graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	h := serve(t, &Server{Store: st, Segments: st, Snapshots: &analysis.Cache{Source: st, Contacts: st}})
	var etags []string
	var rows []StakeholderListRow
	bytes, total := 0, 0
	for off := 0; ; off += 500 {
		status, etag, l, n := getPage(t, h, "/api/v1/segments/list?limit=500&offset="+itoa(off), "")
		if status != 200 {
			t.Fatalf("page at %d: %d", off, status)
		}
		bytes, total = bytes+n, l.Total
		etags, rows = append(etags, etag), append(rows, l.Rows...)
		if off+500 >= l.Total {
			break
		}
	}
	if len(rows) != total || total < 1500 {
		t.Fatalf("%d rows of %d", len(rows), total)
	}
	if per := float64(bytes) / float64(total); per > 300 {
		t.Errorf("%.0f bytes per stakeholder, want at most 300", per)
	} else {
		t.Logf("%.0f bytes per stakeholder over %d pages", per, len(etags))
	}
	// A later assessment with the same score changes nothing the list
	// shows: every page keeps its ETag.
	scoreOf := func(id, criterion string) *segment.Assessment {
		var last *segment.Assessment
		for _, x := range as {
			if x.StakeholderID == id && x.CriterionID == criterion && (last == nil || x.Date.After(last.Date)) {
				last = x
			}
		}
		return last
	}
	rescore := func(a *segment.Assessment, score int) {
		t.Helper()
		b := *a
		b.ID, b.Score, b.Date = "", score, a.Date.AddDate(0, 0, 1)
		if _, err := st.UpsertAssessments(t.Context(), []*segment.Assessment{&b}, graph.UpsertOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	pageOf := func(i int) int { return i / 500 }
	// The first row of the third page whose attractiveness is far from
	// the threshold (3): one point more or less on "yield" moves its mean
	// by less than a point, so it keeps its segment.
	k := -1
	for i := 1000; i < len(rows); i++ {
		if m := rows[i].Attractiveness; m != nil && (*m >= 4 || *m <= 2) {
			k = i
			break
		}
	}
	if k < 0 {
		t.Fatal("no row of the third page is far from the threshold")
	}
	y := scoreOf(rows[k].ID, "yield")
	rescore(y, y.Score)
	for i, etag := range etags {
		if status, _, _, _ := getPage(t, h, "/api/v1/segments/list?limit=500&offset="+itoa(500*i), etag); status != 304 {
			t.Errorf("page %d after a write that changes nothing it shows: %d, want 304", i, status)
		}
	}
	if *rows[k].Attractiveness >= 4 {
		rescore(y, max(y.Score-1, 1))
	} else {
		rescore(y, min(y.Score+1, 5))
	}
	for i, etag := range etags {
		status, _, _, _ := getPage(t, h, "/api/v1/segments/list?limit=500&offset="+itoa(500*i), etag)
		if want := map[bool]int{true: 200, false: 304}[i == pageOf(k)]; status != want {
			t.Errorf("page %d after re-scoring row %d (page %d): %d, want %d", i, k, pageOf(k), status, want)
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
