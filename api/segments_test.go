package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
	"github.com/relmap/relmap/graph/storetest"
	"github.com/relmap/relmap/segment"
)

// segmentServer serves a fresh embedded store holding a small network:
//
//	emp-anna       our account manager (never a matrix row)
//	org-fund       Fonds Zorg en Welzijn, input
//	org-gp         Huisartsenpraktijk De Linde, intermediary
//	per-jan        Jan de Vries, works at org-fund
//	org-none       Gemeente Zwolle, input, never assessed
func segmentServer(t *testing.T) (http.Handler, *sqlitestore.Store) {
	t.Helper()
	st, err := sqlitestore.Open(t.Context(), filepath.Join(t.TempDir(), "relmap.db"), sqlitestore.WithNow(new(storetest.Clock).Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	b := &graph.Batch{
		Employees: []*graph.Employee{{ID: "emp-anna", Name: "Anna Jansen", Role: graph.RoleAccountManager}},
		Organisations: []*graph.Organisation{
			{ID: "org-fund", Name: "Fonds Zorg en Welzijn", PartyType: graph.PartyInput, OwnerID: "emp-anna"},
			{ID: "org-gp", Name: "Huisartsenpraktijk De Linde", PartyType: graph.PartyIntermediary},
			{ID: "org-none", Name: "Gemeente Zwolle", PartyType: graph.PartyInput},
		},
		Persons: []*graph.Person{{ID: "per-jan", Name: "Jan de Vries"}},
		Relationships: []*graph.Relationship{
			{Type: graph.RelWorksAt, From: "per-jan", To: "org-fund", Strength: 0.8},
			{Type: graph.RelKnows, From: "emp-anna", To: "per-jan", Strength: 0.6},
		},
	}
	if _, err := st.Upsert(t.Context(), b, graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	return serve(t, &Server{Store: st, Segments: st, Snapshots: &analysis.Cache{Source: st}}), st
}

// call sends a request to h and decodes the JSON answer into out (when not
// nil), failing unless the status is want.
func call(t *testing.T, h http.Handler, method, path, body string, want int, out any) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != want {
		t.Fatalf("%s %s: status %d, want %d\n%s", method, path, w.Code, want, w.Body)
	}
	if out != nil {
		if err := json.Unmarshal(w.Body.Bytes(), out); err != nil {
			t.Fatalf("%s %s: %v\n%s", method, path, err, w.Body)
		}
	}
}

// scores builds the JSON array of one stakeholder's scores on one date.
func scores(stakeholder, date string, byCriterion ...any) string {
	var items []string
	for i := 0; i < len(byCriterion); i += 2 {
		items = append(items, fmt.Sprintf(`{"stakeholder_id":%q,"criterion_id":%q,"score":%d,"date":%q,"assessor":"emp-anna"}`,
			stakeholder, byCriterion[i], byCriterion[i+1], date))
	}
	return "[" + strings.Join(items, ",") + "]"
}

// The fund's January scores, as in segment's ExamplePlace:
// attractiveness (5+4+4+3)/4 = 4.0 ≥ 3, accessibility (2+3+2+3)/4 = 2.5 < 3
// → Develop. The GP's: attractiveness (2+3+2+3)/4 = 2.5, accessibility
// (4+4+5+3)/4 = 4.0 → Harvest. Jan: 3s everywhere → both means exactly on
// the threshold, which counts as high → Invest.
var (
	fundJanuary = scores("org-fund", "2024-01-15", "yield", 5, "fit", 4, "interests", 4, "core_task", 3,
		"familiarity", 2, "image", 3, "relationship", 2, "openness", 3)
	gpJanuary = scores("org-gp", "2024-01-20", "yield", 2, "fit", 3, "interests", 2, "core_task", 3,
		"familiarity", 4, "image", 4, "relationship", 5, "openness", 3)
	janJanuary = scores("per-jan", "2024-01-20", "yield", 3, "fit", 3, "interests", 3, "core_task", 3,
		"familiarity", 3, "image", 3, "relationship", 3, "openness", 3)
	// June: familiarity 4, relationship 3 → accessibility (4+3+3+3)/4 = 3.25
	// → Invest.
	fundJune = scores("org-fund", "2024-06-01", "familiarity", 4, "relationship", 3)
)

type matrix struct {
	TotalRows int       `json:"total_rows"`
	Offset    *int      `json:"offset"`
	Limit     *int      `json:"limit"`
	AsOf      time.Time `json:"as_of"`
	Lang      string    `json:"lang"`
	Segments  []struct {
		Segment       string `json:"segment"`
		Name          string `json:"name"`
		Count         int    `json:"count"`
		PolicySummary string `json:"policy_summary"`
	} `json:"segments"`
	Rows []struct {
		Stakeholder graph.NetworkNode `json:"stakeholder"`
		Placement   segment.Placement `json:"placement"`
		SegmentName string            `json:"segment_name"`
		Policy      *PolicyBrief      `json:"policy"`
	} `json:"rows"`
}

func (m matrix) row(t *testing.T, id string) (segment.Placement, string, *PolicyBrief) {
	t.Helper()
	for _, r := range m.Rows {
		if r.Stakeholder.ID == id {
			return r.Placement, r.SegmentName, r.Policy
		}
	}
	t.Fatalf("no row for %s", id)
	return segment.Placement{}, "", nil
}

type counts struct {
	Created   int      `json:"created"`
	Updated   int      `json:"updated"`
	Unchanged int      `json:"unchanged"`
	IDs       []string `json:"ids"`
}

func TestSegmentMatrix(t *testing.T) {
	h, _ := segmentServer(t)
	var c counts
	call(t, h, "POST", "/api/v1/assessments", fundJanuary, 201, &c)
	if c.Created != 8 || c.Updated+c.Unchanged != 0 || len(c.IDs) != 8 || c.IDs[0] != "org-fund:yield:2024-01-15" {
		t.Fatalf("POST: %+v, want 8 created with derived ids", c)
	}
	call(t, h, "POST", "/api/v1/assessments", gpJanuary, 201, nil)
	call(t, h, "POST", "/api/v1/assessments", janJanuary, 201, nil)

	var m matrix
	call(t, h, "GET", "/api/v1/segments/matrix?lang=nl", "", 200, &m)
	if len(m.Rows) != 4 {
		t.Fatalf("%d rows, want the 4 stakeholders (no employee)", len(m.Rows))
	}
	if !m.AsOf.IsZero() || m.Lang != "nl" {
		t.Errorf("as_of %v, lang %q; want none and nl", m.AsOf, m.Lang)
	}
	p, name, pol := m.row(t, "org-fund")
	if p.Segment != segment.Develop || name != "Ontwikkel" || p.Attractiveness.Mean != 4 || p.Accessibility.Mean != 2.5 {
		t.Errorf("org-fund: %s %q %v/%v, want develop Ontwikkel 4/2.5", p.Segment, name, p.Attractiveness.Mean, p.Accessibility.Mean)
	}
	if pol == nil || pol.Summary != "Intensief relatiemanagement — Ontwikkeling relatie" || pol.MinContacts != 2 {
		t.Errorf("org-fund policy: %+v", pol)
	}
	if p, name, _ := m.row(t, "org-gp"); p.Segment != segment.Harvest || name != "Oogst" {
		t.Errorf("org-gp: %s %q, want harvest Oogst", p.Segment, name)
	}
	if p, _, _ := m.row(t, "per-jan"); p.Segment != segment.Invest || p.Attractiveness.Mean != 3 || !p.Accessibility.High {
		t.Errorf("per-jan (3s everywhere, on the threshold): %+v, want invest", p)
	}
	p, name, pol = m.row(t, "org-none")
	if p.Segment != segment.Unassessed || name != "Niet beoordeeld" || pol != nil || len(p.Missing()) != 8 {
		t.Errorf("org-none: %s %q policy %v missing %v, want unassessed without policy, all 8 missing", p.Segment, name, pol, p.Missing())
	}
	want := map[string]int{"invest": 1, "develop": 1, "harvest": 1, "ignore": 0, "unassessed": 1}
	for i, s := range m.Segments {
		if s.Count != want[s.Segment] || i >= 5 {
			t.Errorf("segment %d %s: count %d, want %d", i, s.Segment, s.Count, want[s.Segment])
		}
	}
	if m.Segments[0].Name != "Investeer" || m.Segments[0].PolicySummary != "Intensief relatiemanagement — Samenwerking" {
		t.Errorf("first segment %+v, want Investeer with its summary", m.Segments[0])
	}

	// English, and as of a day before any assessment: everybody unassessed.
	call(t, h, "GET", "/api/v1/segments/matrix?lang=en&as_of=2024-01-14", "", 200, &m)
	if p, name, _ := m.row(t, "org-fund"); p.Segment != segment.Unassessed || name != "Unassessed" {
		t.Errorf("as of 2024-01-14: org-fund %s %q, want Unassessed", p.Segment, name)
	}
	if want := time.Date(2024, 1, 14, 23, 59, 59, 999999999, time.UTC); !m.AsOf.Equal(want) {
		t.Errorf("as_of = %v, want the end of the day %v", m.AsOf, want)
	}
	// The calendar day counts whole: scores dated 2024-01-15 count as of it.
	call(t, h, "GET", "/api/v1/segments/matrix?as_of=2024-01-15", "", 200, &m)
	if p, name, _ := m.row(t, "org-fund"); p.Segment != segment.Develop || name != "Develop" {
		t.Errorf("as of 2024-01-15: org-fund %s %q, want Develop", p.Segment, name)
	}
}

func TestSegmentMoved(t *testing.T) {
	h, _ := segmentServer(t)
	for _, b := range []string{fundJanuary, gpJanuary, fundJune} {
		call(t, h, "POST", "/api/v1/assessments", b, 201, nil)
	}
	var m matrix
	call(t, h, "GET", "/api/v1/segments/matrix?as_of=2024-05-31", "", 200, &m)
	if p, _, _ := m.row(t, "org-fund"); p.Segment != segment.Develop {
		t.Errorf("as of 2024-05-31: %s, want develop", p.Segment)
	}
	call(t, h, "GET", "/api/v1/segments/matrix?as_of=2024-06-01", "", 200, &m)
	if p, _, _ := m.row(t, "org-fund"); p.Segment != segment.Invest || p.Accessibility.Mean != 3.25 {
		t.Errorf("as of 2024-06-01: %s %v, want invest 3.25", p.Segment, p.Accessibility.Mean)
	}

	var mv struct {
		From, To time.Time
		Moves    []struct {
			Stakeholder graph.NetworkNode `json:"stakeholder"`
			From        segment.Placement `json:"from"`
			To          segment.Placement `json:"to"`
			FromName    string            `json:"from_name"`
			ToName      string            `json:"to_name"`
		}
	}
	call(t, h, "GET", "/api/v1/segments/moved?from=2024-02-01&to=2024-06-30&lang=nl", "", 200, &mv)
	if len(mv.Moves) != 1 {
		t.Fatalf("%d moves, want org-fund only: %+v", len(mv.Moves), mv.Moves)
	}
	x := mv.Moves[0]
	if x.Stakeholder.ID != "org-fund" || x.Stakeholder.Name != "Fonds Zorg en Welzijn" ||
		x.From.Segment != segment.Develop || x.To.Segment != segment.Invest || x.FromName != "Ontwikkel" || x.ToName != "Investeer" {
		t.Errorf("move = %+v, want org-fund Ontwikkel → Investeer", x)
	}
	// From before any assessment: org-fund and org-gp arrive from
	// Unassessed. Between two days after June nothing moves.
	call(t, h, "GET", "/api/v1/segments/moved?from=2023-12-31&to=2024-02-01", "", 200, &mv)
	if len(mv.Moves) != 2 || mv.Moves[0].From.Segment != segment.Unassessed {
		t.Errorf("first assessments: %+v, want 2 moves from unassessed", mv.Moves)
	}
	call(t, h, "GET", "/api/v1/segments/moved?from=2024-07-01&to=2025-01-01", "", 200, &mv)
	if len(mv.Moves) != 0 {
		t.Errorf("after June: %d moves, want none", len(mv.Moves))
	}
}

type apiError struct {
	Error struct {
		Code     string        `json:"code"`
		Message  string        `json:"message"`
		Field    string        `json:"field"`
		Problems []ProblemBody `json:"problems"`
	} `json:"error"`
}

// has reports whether e names field (in its field or a problem), with item
// when item is not empty.
func (e apiError) has(field, item string) bool {
	if e.Error.Field == field && item == "" {
		return true
	}
	for _, p := range e.Error.Problems {
		if p.Field == field && (item == "" || p.Item == item) {
			return true
		}
	}
	return false
}

// TestSegmentBadInput: every bad input is a 400 naming the field, and
// nothing is stored.
func TestSegmentBadInput(t *testing.T) {
	h, st := segmentServer(t)
	call(t, h, "POST", "/api/v1/assessments", fundJanuary, 201, nil)
	version := func() int64 {
		v, err := st.Version(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	before := version()
	var policiesBefore, schemeBefore json.RawMessage
	call(t, h, "GET", "/api/v1/segments/policies", "", 200, &policiesBefore)
	call(t, h, "GET", "/api/v1/segments/scheme", "", 200, &schemeBefore)

	goodScore := `{"stakeholder_id":"org-gp","criterion_id":"yield","score":4,"date":"2024-03-01"}`
	// care is a valid scheme file to break in the cases below.
	care := func(thresholdAttr, weightA, weightB string) string {
		return `{
  "name": "care",
  "threshold_attractiveness": ` + thresholdAttr + `,
  "criteria": [
    {"id": "yield", "axis": "attractiveness", "name_en": "Yield", "weight": ` + weightA + `},
    {"id": "referrals", "axis": "attractiveness", "name_en": "Referrals", "weight": ` + weightB + `},
    {"id": "familiarity", "axis": "accessibility", "name_en": "Familiarity"}
  ]
}`
	}
	for _, c := range []struct {
		name, method, path, body string
		field, item              string
	}{
		{"score 6", "POST", "/api/v1/assessments", `{"stakeholder_id":"org-gp","criterion_id":"yield","score":6,"date":"2024-03-01"}`, "score", ""},
		{"score 0 in a list", "POST", "/api/v1/assessments", "[" + goodScore + `,{"stakeholder_id":"org-gp","criterion_id":"fit","score":0,"date":"2024-03-01"}]`, "score", "assessments[1]"},
		{"unknown criterion", "POST", "/api/v1/assessments", "[" + goodScore + `,{"stakeholder_id":"org-gp","criterion_id":"referrals","score":3,"date":"2024-03-01"}]`, "criterion_id", "assessments[1]"},
		{"unknown stakeholder", "POST", "/api/v1/assessments", `{"stakeholder_id":"org-nobody","criterion_id":"yield","score":3,"date":"2024-03-01"}`, "stakeholder_id", ""},
		{"employee as stakeholder", "POST", "/api/v1/assessments", `{"stakeholder_id":"emp-anna","criterion_id":"yield","score":3,"date":"2024-03-01"}`, "stakeholder_id", ""},
		{"no date", "POST", "/api/v1/assessments", `{"stakeholder_id":"org-gp","criterion_id":"yield","score":3}`, "date", ""},
		{"bad date", "POST", "/api/v1/assessments", "[" + goodScore + `,{"stakeholder_id":"org-gp","criterion_id":"yield","score":3,"date":"1 maart"}]`, "date", "assessments[1]"},
		{"score not a number", "POST", "/api/v1/assessments", `{"stakeholder_id":"org-gp","criterion_id":"yield","score":"vier","date":"2024-03-01"}`, "score", "line 1"},
		{"unknown key", "POST", "/api/v1/assessments", `{"stakeholder_id":"org-gp","criterion_id":"yield","scroe":4,"date":"2024-03-01"}`, "scroe", ""},
		{"empty list", "POST", "/api/v1/assessments", `[]`, "", ""},
		{"all-zero weights", "PUT", "/api/v1/segments/scheme", care("3", "0", "0"), "criteria", "line 4"},
		{"negative weight", "PUT", "/api/v1/segments/scheme", care("3", "-1", "1"), "criteria[0].weight", "line 5"},
		{"threshold 7", "PUT", "/api/v1/segments/scheme", care("7", "1", "1"), "threshold_attractiveness", "line 3"},
		{"misspelt key", "PUT", "/api/v1/segments/scheme", strings.Replace(care("3", "1", "1"), `"weight": 1}`, `"wieght": 1}`, 1), "criteria[0].wieght", "line 5"},
		{"scheme syntax", "PUT", "/api/v1/segments/scheme", "{\n  \"criteria\": [\n}", "", "line 3"},
		{"policy min_contacts", "PUT", "/api/v1/segments/policies", strings.Replace(string(policiesBefore), `"min_contacts":4`, `"min_contacts":-1`, 1), "min_contacts", "policies[0]"},
		{"policy missing", "PUT", "/api/v1/segments/policies", `[]`, "policies", ""},
		{"policy type", "PUT", "/api/v1/segments/policies", `[{"segment":"invest","min_contacts":"vier"}]`, "[0].min_contacts", "line 1"},
		{"bad as_of", "GET", "/api/v1/segments/matrix?as_of=31-12-2024", "", "as_of", ""},
		{"bad lang", "GET", "/api/v1/segments/matrix?lang=fr", "", "lang", ""},
		{"moved without from", "GET", "/api/v1/segments/moved?to=2024-06-30", "", "from", ""},
		{"bad until", "GET", "/api/v1/assessments?until=gisteren", "", "until", ""},
		{"bad limit", "GET", "/api/v1/assessments?limit=5000", "", "limit", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			var e apiError
			call(t, h, c.method, c.path, c.body, 400, &e)
			if e.Error.Code != graph.EINVALID || !e.has(c.field, c.item) {
				t.Errorf("error %+v, want invalid naming field %q (item %q)", e.Error, c.field, c.item)
			}
		})
	}
	if v := version(); v != before {
		t.Errorf("version moved from %d to %d: bad input stored something", before, v)
	}
	var list ListBody[segment.Assessment]
	call(t, h, "GET", "/api/v1/assessments?stakeholder_id=org-gp", "", 200, &list)
	if list.Total != 0 {
		t.Errorf("org-gp has %d assessments; the good score of a failing list must not be stored", list.Total)
	}
	var policiesAfter, schemeAfter json.RawMessage
	call(t, h, "GET", "/api/v1/segments/policies", "", 200, &policiesAfter)
	call(t, h, "GET", "/api/v1/segments/scheme", "", 200, &schemeAfter)
	if !bytes.Equal(policiesBefore, policiesAfter) || !bytes.Equal(schemeBefore, schemeAfter) {
		t.Error("a bad scheme or policy table changed the stored one")
	}
}

func TestSegmentSchemeAndPolicies(t *testing.T) {
	h, _ := segmentServer(t)
	var sc segment.Scheme
	call(t, h, "GET", "/api/v1/segments/scheme", "", 200, &sc)
	if sc.Name != "default" || len(sc.Criteria) != 8 {
		t.Fatalf("scheme %s with %d criteria, want the default with 8", sc.Name, len(sc.Criteria))
	}
	call(t, h, "POST", "/api/v1/assessments", fundJanuary, 201, nil)

	// Weigh familiarity 3 times: accessibility (3·2+3+2+3)/6 = 14/6 ≈ 2.33,
	// still develop; lower the accessibility threshold to 2.25 and the
	// fund is invest.
	sc.Criteria[4].Weight = 3
	sc.ThresholdAccessibility = 2.25
	sc.Name = "care"
	body, _ := json.MarshalIndent(sc, "", "  ")
	var put SchemeBody
	call(t, h, "PUT", "/api/v1/segments/scheme", string(body), 200, &put)
	if put.Scheme.Name != "care" || !reflect.DeepEqual(put.Change, segment.SchemeChange{Stakeholders: 4, UnassessedBefore: 3, UnassessedAfter: 3}) {
		t.Errorf("PUT answered %+v, want the care scheme leaving 3 of 4 unassessed as before", put)
	}
	var saved segment.Scheme
	call(t, h, "GET", "/api/v1/segments/scheme", "", 200, &saved)
	if saved.Name != "care" || saved.Criteria[4].Weight != 3 || saved.ThresholdAccessibility != 2.25 {
		t.Errorf("stored scheme %+v, want the care scheme", saved)
	}
	var m matrix
	call(t, h, "GET", "/api/v1/segments/matrix", "", 200, &m)
	p, _, _ := m.row(t, "org-fund")
	if p.Segment != segment.Invest || fmt.Sprintf("%.4f", p.Accessibility.Mean) != "2.3333" {
		t.Errorf("org-fund under the care scheme: %s %v, want invest 2.3333", p.Segment, p.Accessibility.Mean)
	}

	// Policies: raise invest's minimum and read it back.
	var ps segment.Policies
	call(t, h, "GET", "/api/v1/segments/policies", "", 200, &ps)
	if len(ps) != 4 {
		t.Fatalf("%d policies, want 4", len(ps))
	}
	ps[0].MinContacts = 6
	body, _ = json.Marshal(ps)
	call(t, h, "PUT", "/api/v1/segments/policies", string(body), 200, nil)
	call(t, h, "GET", "/api/v1/segments/matrix", "", 200, &m)
	if _, _, pol := m.row(t, "org-fund"); pol == nil || pol.MinContacts != 6 {
		t.Errorf("org-fund policy %+v, want min_contacts 6", pol)
	}
}

func TestAssessmentsListAndDelete(t *testing.T) {
	h, _ := segmentServer(t)
	for _, b := range []string{fundJanuary, gpJanuary, fundJune} {
		call(t, h, "POST", "/api/v1/assessments", b, 201, nil)
	}
	// Re-posting the same scores changes nothing; a changed comment
	// updates one.
	var c counts
	call(t, h, "POST", "/api/v1/assessments", fundJune, 201, &c)
	if c.Unchanged != 2 || c.Created+c.Updated != 0 {
		t.Errorf("re-post: %+v, want 2 unchanged", c)
	}
	call(t, h, "POST", "/api/v1/assessments", `{"stakeholder_id":"org-fund","criterion_id":"familiarity","score":4,"date":"2024-06-01","comment":"Na introductie door Jan"}`, 201, &c)
	if c.Updated != 1 || c.IDs[0] != "org-fund:familiarity:2024-06-01" {
		t.Errorf("changed comment: %+v, want 1 updated", c)
	}

	var list ListBody[segment.Assessment]
	call(t, h, "GET", "/api/v1/assessments", "", 200, &list)
	if list.Total != 18 || len(list.Items) != 18 || list.Limit != graph.DefaultLimit {
		t.Errorf("all: total %d, %d items, limit %d; want 18", list.Total, len(list.Items), list.Limit)
	}
	call(t, h, "GET", "/api/v1/assessments?stakeholder_id=org-fund&criterion_id=familiarity", "", 200, &list)
	if list.Total != 2 || list.Items[0].Score != 2 || list.Items[1].Score != 4 || list.Items[1].Comment != "Na introductie door Jan" {
		t.Errorf("org-fund familiarity: %+v, want the January 2 and the June 4", list.Items)
	}
	call(t, h, "GET", "/api/v1/assessments?stakeholder_id=org-fund&until=2024-05-31", "", 200, &list)
	if list.Total != 8 {
		t.Errorf("org-fund until May: %d, want the 8 of January", list.Total)
	}
	call(t, h, "GET", "/api/v1/assessments?offset=16&limit=5", "", 200, &list)
	if list.Total != 18 || len(list.Items) != 2 || list.Offset != 16 || list.Limit != 5 {
		t.Errorf("page: total %d, %d items, offset %d, limit %d", list.Total, len(list.Items), list.Offset, list.Limit)
	}

	call(t, h, "DELETE", "/api/v1/assessments/org-fund:familiarity:2024-06-01", "", 204, nil)
	var e apiError
	call(t, h, "DELETE", "/api/v1/assessments/org-fund:familiarity:2024-06-01", "", 404, &e)
	if e.Error.Code != graph.ENOTFOUND {
		t.Errorf("second delete: %+v, want not_found", e.Error)
	}
	// Without the June familiarity: (2+3+3+3)/4 = 2.75 → back in develop.
	var m matrix
	call(t, h, "GET", "/api/v1/segments/matrix", "", 200, &m)
	if p, _, _ := m.row(t, "org-fund"); p.Segment != segment.Develop || p.Accessibility.Mean != 2.75 {
		t.Errorf("after the delete: %s %v, want develop 2.75", p.Segment, p.Accessibility.Mean)
	}
}

// TestSegmentsWithoutStore: a server whose store keeps no segments answers
// the segment routes with a coded 404.
func TestSegmentsWithoutStore(t *testing.T) {
	_, st := segmentServer(t)
	h := serve(t, &Server{Tokens: st})
	for _, path := range []string{"/api/v1/segments/matrix", "/api/v1/segments/scheme", "/api/v1/assessments"} {
		var e apiError
		call(t, h, "GET", path, "", 404, &e)
		if e.Error.Code != graph.ENOTFOUND {
			t.Errorf("GET %s: %+v, want not_found", path, e.Error)
		}
	}
}

// TestMatrixPagesThroughAssessments: more assessments than one page of the
// store (graph.MaxLimit) all count.
func TestMatrixPagesThroughAssessments(t *testing.T) {
	h, st := segmentServer(t)
	var as []*segment.Assessment
	day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	// 130 days × 8 criteria = 1,040 assessments of org-gp, all 1s, then a
	// last day of 5s: only if the last page is read is org-gp Invest.
	for d := range 131 {
		score := 1
		if d == 130 {
			score = 5
		}
		for _, c := range segment.DefaultScheme().Criteria {
			as = append(as, &segment.Assessment{StakeholderID: "org-gp", CriterionID: c.ID, Score: score, Date: day.AddDate(0, 0, d)})
		}
	}
	if _, err := st.UpsertAssessments(t.Context(), as, graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	var m matrix
	call(t, h, "GET", "/api/v1/segments/matrix", "", 200, &m)
	if p, _, _ := m.row(t, "org-gp"); p.Segment != segment.Invest || p.Attractiveness.Mean != 5 {
		t.Errorf("org-gp: %s %v, want invest 5", p.Segment, p.Attractiveness.Mean)
	}
}

// TestSegmentMatrixRows: ?segment= keeps one segment's rows and ?offset=
// &limit= pages them, the segment counts staying those of the whole matrix.
// With the January scores (see fundJanuary): org-fund develop, org-gp
// harvest, per-jan invest, org-none unassessed.
func TestSegmentMatrixRows(t *testing.T) {
	h, _ := segmentServer(t)
	for _, b := range []string{fundJanuary, gpJanuary, janJanuary} {
		call(t, h, "POST", "/api/v1/assessments", b, 201, nil)
	}
	var all, m matrix
	call(t, h, "GET", "/api/v1/segments/matrix", "", 200, &all)
	if all.TotalRows != 4 || len(all.Rows) != 4 || all.Offset != nil || all.Limit != nil {
		t.Fatalf("whole matrix: %d of %d rows, offset %v limit %v; want 4 of 4, unpaged", len(all.Rows), all.TotalRows, all.Offset, all.Limit)
	}
	call(t, h, "GET", "/api/v1/segments/matrix?segment=develop", "", 200, &m)
	if m.TotalRows != 1 || len(m.Rows) != 1 || m.Rows[0].Stakeholder.ID != "org-fund" {
		t.Errorf("develop: %d of %d rows %+v, want org-fund alone", len(m.Rows), m.TotalRows, m.Rows)
	}
	counts := map[string]int{}
	for _, sg := range m.Segments {
		counts[sg.Segment] = sg.Count
	}
	if counts["harvest"] != 1 || counts["invest"] != 1 || counts["unassessed"] != 1 {
		t.Errorf("segment counts under a filter: %v, want those of the whole matrix", counts)
	}
	// The segment may be named in Dutch, as the seed does.
	var nl matrix
	call(t, h, "GET", "/api/v1/segments/matrix?segment=Ontwikkel", "", 200, &nl)
	if nl.TotalRows != 1 || len(nl.Rows) != 1 || nl.Rows[0].Stakeholder.ID != "org-fund" {
		t.Errorf("Ontwikkel: %d of %d rows %+v, want org-fund alone", len(nl.Rows), nl.TotalRows, nl.Rows)
	}
	m = matrix{}
	call(t, h, "GET", "/api/v1/segments/matrix?offset=1&limit=2", "", 200, &m)
	if m.TotalRows != 4 || len(m.Rows) != 2 || *m.Offset != 1 || *m.Limit != 2 ||
		m.Rows[0].Stakeholder.ID != all.Rows[1].Stakeholder.ID || m.Rows[1].Stakeholder.ID != all.Rows[2].Stakeholder.ID {
		t.Errorf("page 1+2: %+v, want rows 1 and 2 of the whole matrix", m.Rows)
	}
	m = matrix{}
	call(t, h, "GET", "/api/v1/segments/matrix?offset=9", "", 200, &m)
	if len(m.Rows) != 0 || m.TotalRows != 4 {
		t.Errorf("past the end: %d rows of %d, want none of 4", len(m.Rows), m.TotalRows)
	}
	var e apiError
	call(t, h, "GET", "/api/v1/segments/matrix?segment=maybe", "", 400, &e)
	if !e.has("segment", "") {
		t.Errorf("unknown segment: %+v", e)
	}
	call(t, h, "GET", "/api/v1/segments/matrix?limit=5000", "", 400, &e)
	if !e.has("limit", "") {
		t.Errorf("limit over the cap: %+v", e)
	}
}

// TestSchemeChangeConfirm: a scheme with a criterion nobody has a score on
// would leave every stakeholder unassessed (the fund, placed by its
// January scores, too): it is refused with 409 naming the numbers, and
// nothing is stored, until confirmed; the answer and the audit entry say
// what it did.
func TestSchemeChangeConfirm(t *testing.T) {
	h, st := segmentServer(t)
	call(t, h, "POST", "/api/v1/assessments", fundJanuary, 201, nil)
	var sc segment.Scheme
	call(t, h, "GET", "/api/v1/segments/scheme", "", 200, &sc)
	sc.Criteria = append(sc.Criteria, segment.Criterion{ID: "reach", Axis: segment.Accessibility, NameEN: "Reach", Weight: 1})
	body, _ := json.Marshal(sc)

	var e apiError
	call(t, h, "PUT", "/api/v1/segments/scheme", string(body), 409, &e)
	// segmentServer holds 4 stakeholders; only the fund is placed.
	if e.Error.Code != graph.ECONFLICT || e.Error.Field != "confirm" ||
		!strings.Contains(e.Error.Message, "would leave 4 of 4 stakeholders unassessed (now 3); no stakeholder has a score yet on reach") {
		t.Fatalf("refusal: %+v", e)
	}
	call(t, h, "PUT", "/api/v1/segments/scheme?confirm=perhaps", string(body), 400, &e)
	if !e.has("confirm", "") {
		t.Fatalf("confirm=perhaps: %+v, want field confirm", e)
	}
	var stored segment.Scheme
	call(t, h, "GET", "/api/v1/segments/scheme", "", 200, &stored)
	if len(stored.Criteria) != 8 {
		t.Fatalf("a refused scheme was stored: %d criteria", len(stored.Criteria))
	}

	var put SchemeBody
	call(t, h, "PUT", "/api/v1/segments/scheme?confirm=true", string(body), 200, &put)
	want := segment.SchemeChange{Stakeholders: 4, UnassessedBefore: 3, UnassessedAfter: 4, Unscored: []string{"reach"}}
	if !reflect.DeepEqual(put.Change, want) || len(put.Scheme.Criteria) != 9 {
		t.Fatalf("confirmed: %+v, want %+v", put, want)
	}
	call(t, h, "GET", "/api/v1/segments/scheme", "", 200, &stored)
	if len(stored.Criteria) != 9 {
		t.Fatalf("the confirmed scheme has %d criteria, want 9", len(stored.Criteria))
	}
	es, _, err := st.FindAudit(t.Context(), auth.AuditFilter{Action: "PUT /api/v1/segments/scheme"})
	if err != nil || len(es) != 3 || es[0].Detail != `scheme "default"; unassessed stakeholders: 3 → 4 of 4` || es[2].Status != 409 {
		t.Fatalf("audit: %v %+v", err, es)
	}
}
