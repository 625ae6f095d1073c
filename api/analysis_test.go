package api

import (
	"math"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
)

// TestPathsAndBrokers through the router on segmentServer's network:
// Anna knows Jan de Vries (0.6), who works at Fonds Zorg en Welzijn (0.8).
func TestPathsAndBrokers(t *testing.T) {
	h, st := segmentServer(t)
	var pb PathsBody
	call(t, h, "GET", "/api/v1/paths?to=org-fund", "", 200, &pb)
	if len(pb.Paths) != 1 {
		t.Fatalf("%d paths, want 1 (the network has one route)", len(pb.Paths))
	}
	p := pb.Paths[0]
	// 0.6 × 0.8 = 0.48 over 2 hops, starting at the only employee.
	if p.From != "emp-anna" || p.Hops != 2 || math.Abs(p.Strength-0.48) > 1e-12 {
		t.Errorf("path %s → %s, %d hops, strength %v; want emp-anna, 2 hops, 0.48", p.From, p.To, p.Hops, p.Strength)
	}
	if !strings.Contains(p.Explanation.EN, "Jan de Vries") || !strings.Contains(p.Explanation.NL, "0,6") {
		t.Errorf("explanation %+v should name Jan de Vries and use a decimal comma in Dutch", p.Explanation)
	}

	var e apiError
	call(t, h, "GET", "/api/v1/paths?to=no-such-node", "", 404, &e)
	call(t, h, "GET", "/api/v1/paths?to=org-fund&k=many", "", 400, &e)
	if !e.has("k", "") {
		t.Errorf("k=many: %+v, want invalid on field k", e)
	}
	call(t, h, "GET", "/api/v1/paths?to=org-fund&type=likes", "", 400, &e)

	// Jan carries the only best path to the fund: it opens 1 target, only through him.
	var bb BrokersBody
	call(t, h, "GET", "/api/v1/brokers?target=org-fund", "", 200, &bb)
	if len(bb.Brokers) != 1 || bb.Brokers[0].Node.ID != "per-jan" || bb.Brokers[0].Opens != 1 || bb.Brokers[0].OnlyWay != 1 {
		t.Fatalf("brokers = %+v, want per-jan opening 1, only way 1", bb.Brokers)
	}
	// Jan's structure (hand computation): ties to Anna 0.6 and the fund 0.8,
	// who are not tied, so p = 0.6/1.4 and 0.8/1.4 and Burt's constraint is
	// (3/7)² + (4/7)² = 25/49; effective size 2 (no redundancy). The one open
	// two-path Anna (us) – Jan (unclassified) – fund (input) joins three
	// groups: one liaison.
	j := bb.Brokers[0]
	if j.Constraint == nil || math.Abs(*j.Constraint-25.0/49) > 1e-12 || j.EffectiveSize == nil || math.Abs(*j.EffectiveSize-2) > 1e-12 {
		t.Errorf("Jan's constraint %v, effective size %v; want 25/49 and 2", j.Constraint, j.EffectiveSize)
	}
	if j.Roles.Liaison != 1 || j.Roles.Total() != 1 {
		t.Errorf("Jan's roles %+v, want one liaison", j.Roles)
	}

	// Whom to ask for the fund: Jan, the first person on its best path.
	if len(bb.Introductions) != 1 || bb.Introductions[0].Ask == nil || bb.Introductions[0].Ask.ID != "per-jan" ||
		bb.Introductions[0].Path == nil || math.Abs(bb.Introductions[0].Path.Strength-0.48) > 1e-12 {
		t.Errorf("introductions = %+v, want ask per-jan on the 0.48 path", bb.Introductions)
	}
	// Jan is no intermediary party: a filter on intermediaries leaves none.
	call(t, h, "GET", "/api/v1/brokers?target=org-fund&party_type=intermediary", "", 200, &bb)
	if len(bb.Brokers) != 0 {
		t.Errorf("party_type=intermediary: %+v, want none", bb.Brokers)
	}

	// No develop stakeholder yet: an empty list with the reason, not an error.
	bb = BrokersBody{}
	call(t, h, "GET", "/api/v1/brokers", "", 200, &bb)
	if len(bb.Brokers) != 0 || bb.Reason == nil || !strings.Contains(bb.Reason.EN, "Develop segment") || !strings.Contains(bb.Reason.NL, "Ontwikkel") {
		t.Errorf("brokers over an empty develop segment: %+v, want none with a reason", bb)
	}

	// The path rules: a warm threshold of 0.5 makes the 0.48 path cold.
	var rules graph.PathRules
	call(t, h, "GET", "/api/v1/settings/paths", "", 200, &rules)
	if rules != graph.DefaultPathRules() {
		t.Errorf("path rules %+v, want the defaults", rules)
	}
	call(t, h, "PUT", "/api/v1/settings/paths", `{"min_warm": 0.5, "colleague_strength": 0.5, "colleague_max_people": 30}`, 200, &rules)
	call(t, h, "GET", "/api/v1/paths?to=org-fund", "", 200, &pb)
	if len(pb.Paths) != 0 || pb.Cold != 1 || pb.MinStrength != 0.5 {
		t.Errorf("with min_warm 0.5: %d paths, %d cold, threshold %v; want 0, 1, 0.5", len(pb.Paths), pb.Cold, pb.MinStrength)
	}
	call(t, h, "GET", "/api/v1/paths?to=org-fund&min_strength=-1", "", 200, &pb)
	if len(pb.Paths) != 1 || pb.Cold != 0 {
		t.Errorf("min_strength=-1: %d paths, %d cold; want the 0.48 path listed", len(pb.Paths), pb.Cold)
	}
	call(t, h, "PUT", "/api/v1/settings/paths", `{"min_warm": 2, "colleague_strength": 0.5, "colleague_max_people": 30}`, 400, &e)
	if !e.has("min_warm", "") {
		t.Errorf("min_warm 2: %+v, want invalid on min_warm", e)
	}
	call(t, h, "PUT", "/api/v1/settings/paths", `{"min_warm": 0.1, "colleague_strength": 0.5, "colleague_max_people": 30}`, 200, &rules)

	// Without targets the develop segment is used: the fund scores 4.0 /
	// 2.5 in fundJanuary, so it is the one develop target.
	call(t, h, "POST", "/api/v1/assessments", fundJanuary, 201, nil)
	call(t, h, "GET", "/api/v1/brokers", "", 200, &bb)
	if len(bb.Targets) != 1 || bb.Targets[0] != "org-fund" || len(bb.Brokers) != 1 {
		t.Errorf("develop brokers: targets %v, brokers %d; want [org-fund] and 1", bb.Targets, len(bb.Brokers))
	}
	if !strings.Contains(bb.Brokers[0].Advice.EN, "develop target") {
		t.Errorf("advice %q should speak of develop targets", bb.Brokers[0].Advice.EN)
	}

	// The snapshot follows writes: a direct tie makes the fund one hop away.
	if _, err := st.Upsert(t.Context(), directTie(), upsertAll); err != nil {
		t.Fatal(err)
	}
	call(t, h, "GET", "/api/v1/paths?to=org-fund&k=1", "", 200, &pb)
	if len(pb.Paths) != 1 || pb.Paths[0].Hops != 1 {
		t.Errorf("after adding a direct tie: %+v, want a 1-hop path", pb.Paths)
	}
}

var upsertAll = graph.UpsertOptions{}

// directTie: Anna becomes a member of the fund's board (0.9 > 0.48).
func directTie() *graph.Batch {
	return &graph.Batch{Relationships: []*graph.Relationship{
		{Type: graph.RelBoardMemberOf, From: "emp-anna", To: "org-fund", Strength: 0.9, Level: graph.LevelStrategic},
	}}
}

// TestCentrality: on segmentServer's path Anna – Jan – Fund (plus the
// unconnected GP practice and municipality, n = 5), Jan is the only node
// between others: networkx-normalised betweenness 2/((n−1)(n−2)) = 2/12.
func TestCentrality(t *testing.T) {
	h, _ := segmentServer(t)
	var body CentralityBody
	call(t, h, "GET", "/api/v1/centrality?metric=betweenness&limit=1", "", 200, &body)
	if body.Total != 5 || len(body.Scores) != 1 || body.Scores[0].ID != "per-jan" || math.Abs(body.Scores[0].Value-2.0/12) > 1e-12 {
		t.Errorf("betweenness = %+v, want per-jan first at 1/6 of 5 nodes", body)
	}
	var e apiError
	call(t, h, "GET", "/api/v1/centrality?metric=fame", "", 400, &e)
	if !e.has("metric", "") {
		t.Errorf("unknown metric: %+v", e)
	}
	// Asked for an estimate, the same ranking comes with intervals (each
	// holding the exact value) and a note in the language asked for.
	body = CentralityBody{}
	call(t, h, "GET", "/api/v1/centrality?metric=betweenness&limit=2&estimate=always&lang=nl", "", 200, &body)
	if body.Estimate == nil || len(body.Scores) != 2 || body.Scores[0].ID != "per-jan" || !strings.HasPrefix(body.Note, "Geschat") {
		t.Fatalf("estimate = %+v, want per-jan first of 2, with an estimate and a Dutch note", body)
	}
	if iv := body.Scores[0].Interval; iv == nil || 2.0/12 < iv[0] || 2.0/12 > iv[1] {
		t.Errorf("per-jan's interval %v does not hold 1/6", iv)
	}
	call(t, h, "GET", "/api/v1/centrality?metric=betweenness&estimate=maybe", "", 400, &e)
	if !e.has("estimate", "") {
		t.Errorf("estimate=maybe: %+v", e)
	}
	var p struct {
		Members [][]string `json:"members"`
	}
	call(t, h, "GET", "/api/v1/communities", "", 200, &p)
	if len(p.Members) == 0 {
		t.Errorf("no communities")
	}
}

// TestMatrixNetworkAccessibility: the fund is judged hard to reach (2.5 in
// fundJanuary) while Anna reaches it at 0.6 × 0.8 = 0.48, i.e. 1 + 0.48·4 =
// 2.92 on the 1–5 scale: within 1.5 points, no flag. After Anna joins its
// board (0.9 → 4.6 on the scale), the gap 2.1 is flagged.
func TestMatrixNetworkAccessibility(t *testing.T) {
	h, st := segmentServer(t)
	call(t, h, "POST", "/api/v1/assessments", fundJanuary, 201, nil)
	row := func() *ReachBody {
		var m struct {
			Rows []MatrixRowBody `json:"rows"`
		}
		call(t, h, "GET", "/api/v1/segments/matrix?network=1", "", 200, &m)
		for _, r := range m.Rows {
			if r.Stakeholder.ID == "org-fund" {
				return r.Network
			}
		}
		t.Fatal("no org-fund row")
		return nil
	}
	n := row()
	if n == nil || math.Abs(n.Strength-0.48) > 1e-12 || math.Abs(n.OnScale-2.92) > 1e-12 || n.Hops != 2 || n.Via == nil || n.Via.ID != "per-jan" {
		t.Fatalf("network view = %+v, want 0.48 (2.92 on the scale) via per-jan in 2 hops", n)
	}
	if n.Disagreement != "" {
		t.Errorf("a 0.42-point gap was flagged: %q", n.Disagreement)
	}
	if _, err := st.Upsert(t.Context(), directTie(), upsertAll); err != nil {
		t.Fatal(err)
	}
	if n = row(); n.Disagreement == "" || !strings.Contains(n.Disagreement, "hard to reach (2.5)") {
		t.Errorf("after a 0.9 board seat: %+v, want a 'scored hard to reach (2.5)' flag", n)
	}
}

// TestSnapshotHeaders: an analysis answer names the store version of its
// snapshot and the snapshot's age; with a staleness bound, the answer
// after a write comes from the snapshot in hand, which the headers say.
func TestSnapshotHeaders(t *testing.T) {
	for _, stale := range []time.Duration{0, time.Hour} {
		_, st := segmentServer(t)
		h := serve(t, &Server{Store: st, Segments: st, Snapshots: &analysis.Cache{Source: st, MaxStaleness: stale}})
		get := func() (string, string) {
			t.Helper()
			req := httptest.NewRequest("GET", "/api/v1/paths?to=org-fund", nil)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != 200 {
				t.Fatalf("status %d: %s", w.Code, w.Body)
			}
			return w.Header().Get("X-Relmap-Snapshot-Version"), w.Header().Get("X-Relmap-Snapshot-Age")
		}
		v0, _ := st.Version(t.Context())
		if v, age := get(); v != strconv.FormatInt(v0, 10) || age != "0.000" {
			t.Fatalf("staleness %s: version %q, age %q; want %d and 0.000", stale, v, age, v0)
		}
		if err := st.CreatePerson(t.Context(), &graph.Person{ID: "per-new", Name: "New"}); err != nil {
			t.Fatal(err)
		}
		v, age := get()
		want := v0 + 1 // no staleness: the write is in the answer
		if stale > 0 {
			want = v0 // the snapshot in hand, while the next is made
		}
		if a, err := strconv.ParseFloat(age, 64); v != strconv.FormatInt(want, 10) || err != nil || a < 0 || stale == 0 && a != 0 {
			t.Errorf("staleness %s, after a write: version %q, age %q; want %d", stale, v, age, want)
		}
	}
}
