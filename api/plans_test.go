package api

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
	"github.com/relmap/relmap/graph/storetest"
)

// planNow is the server's day in the plan tests; the store's clock starts
// on storetest.ClockStart (2026-01-02), when the plans are made.
var planNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// emptyPlanServer serves a new, empty SQLite store through the real router,
// with the server's clock at planNow.
func emptyPlanServer(t *testing.T) (*sqlitestore.Store, func(method, path, body string, want int, out any)) {
	t.Helper()
	st, err := sqlitestore.Open(t.Context(), filepath.Join(t.TempDir(), "relmap.db"), sqlitestore.WithNow(new(storetest.Clock).Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	clock := func() time.Time { return planNow }
	h := serve(t, &Server{Store: st, Segments: st, Snapshots: &analysis.Cache{Source: st, Contacts: st, Now: clock}, Now: clock})
	return st, func(method, path, body string, want int, out any) {
		t.Helper()
		call(t, h, method, path, body, want, out)
	}
}

// TestPlansAsADirector builds a small network from an empty store through
// the API and works two access plans as a director would:
//
//   - Fonds (develop: attractive 5/4/4/3, accessible 2/2/2/2 on the default
//     scheme), owned by Anna, reached Bob → Jan → Fonds: 0.8 × 0.9 = 0.72,
//     the plan's baseline;
//   - Stichting, owned by Bob, with an action due 2026-02-01, a month
//     before the server's day: overdue.
//
// The director's list puts the Stichting plan first (overdue), then Fonds
// (no progress). After Anna logs a contact with Fonds, the Fonds plan shows
// progress (one contact, no attention) and the contact action Anna had for
// Fonds is closed by that contact.
func TestPlansAsADirector(t *testing.T) {
	st, send := emptyPlanServer(t)
	send("POST", "/api/v1/employees", `{"id":"emp-anna","name":"Anna","role":"director"}`, 201, nil)
	send("POST", "/api/v1/employees", `{"id":"emp-bob","name":"Bob","role":"account_manager"}`, 201, nil)
	send("POST", "/api/v1/persons", `{"id":"per-jan","name":"Jan"}`, 201, nil)
	send("POST", "/api/v1/organisations", `{"id":"org-fonds","name":"Fonds","owner_id":"emp-anna"}`, 201, nil)
	send("POST", "/api/v1/organisations", `{"id":"org-stichting","name":"Stichting","owner_id":"emp-bob"}`, 201, nil)
	send("POST", "/api/v1/relationships", `{"type":"knows","from":"emp-bob","to":"per-jan","strength":0.8}`, 201, nil)
	send("POST", "/api/v1/relationships", `{"type":"board_member_of","from":"per-jan","to":"org-fonds","strength":0.9}`, 201, nil)
	send("POST", "/api/v1/assessments", scores("org-fonds", "2026-01-01", "yield", 5, "fit", 4, "interests", 4, "core_task", 3,
		"familiarity", 2, "image", 2, "relationship", 2, "openness", 2), 201, nil)

	var fonds, stichting graph.Plan
	send("POST", "/api/v1/plans", `{"id":"plan-fonds","target_id":"org-fonds","owner_id":"emp-anna","aim":{"segment":"invest","by":"2026-12-31"},"route":{"intermediary_id":"per-jan","path":["emp-bob","per-jan","org-fonds"]}}`, 201, &fonds)
	if d := fonds.BaselineStrength - 0.72; d > 1e-9 || d < -1e-9 {
		t.Fatalf("baseline %v, want 0.72 (0.8 × 0.9)", fonds.BaselineStrength)
	}
	send("POST", "/api/v1/plans", `{"id":"plan-stichting","target_id":"org-stichting","owner_id":"emp-bob","aim":{"accessibility":4,"by":"2026-12-31"}}`, 201, &stichting)
	var e ErrorBody
	send("POST", "/api/v1/plans", `{"target_id":"org-fonds","owner_id":"per-jan","aim":{"segment":"invest","by":"2026-12-31"}}`, 400, &e)
	if !strings.Contains(w2s(e), "owner_id") {
		t.Fatalf("a person as owner: %+v", e)
	}
	send("POST", "/api/v1/actions", `{"id":"act-late","plan_id":"plan-stichting","kind":"contact","stakeholder_id":"org-stichting","assignee_id":"emp-bob","due":"2026-02-01"}`, 201, nil)
	send("POST", "/api/v1/actions", `{"id":"act-call","plan_id":"plan-fonds","kind":"contact","stakeholder_id":"org-fonds","assignee_id":"emp-anna","due":"2026-03-15"}`, 201, nil)

	var list PlanListBody
	send("GET", "/api/v1/plans", "", 200, &list)
	if len(list.Plans) != 2 || list.Plans[0].Plan.ID != "plan-stichting" || list.Plans[1].Plan.ID != "plan-fonds" {
		t.Fatalf("director's list: %+v", list.Plans)
	}
	if codes := attentionCodes(list.Plans[0]); strings.Join(codes, ",") != "overdue,no_progress" {
		t.Fatalf("the Stichting plan's attention: %v", codes)
	}
	if p := list.Plans[1]; p.Progress || p.Segment != "develop" || strings.Join(attentionCodes(p), ",") != "no_progress" {
		t.Fatalf("the Fonds plan before any contact: %+v", p)
	}

	send("POST", "/api/v1/contacts", `{"id":"c-lunch","date":"2026-02-15","employee_id":"emp-anna","stakeholder_id":"org-fonds","mode":"meeting"}`, 201, nil)
	var plan PlanBody
	send("GET", "/api/v1/plans/plan-fonds", "", 200, &plan)
	if !plan.Progress || plan.Contacts != 1 || len(plan.Attention) != 0 {
		t.Fatalf("the Fonds plan after a contact: progress %v, %d contacts, attention %v", plan.Progress, plan.Contacts, plan.Attention)
	}
	if len(plan.ActionList) != 1 || plan.ActionList[0].State != graph.ActionDone || plan.ActionList[0].Closed.ContactID != "c-lunch" {
		t.Fatalf("the contact action after the contact: %+v", plan.ActionList)
	}
	send("GET", "/api/v1/plans?owner_id=emp-anna", "", 200, &list)
	if len(list.Plans) != 1 || list.Plans[0].Plan.ID != "plan-fonds" {
		t.Fatalf("Anna's plans: %+v", list.Plans)
	}
	send("PATCH", "/api/v1/actions/act-call", `{"state":"dropped"}`, 409, nil)
	send("PATCH", "/api/v1/actions/act-late", `{"state":"done","note":"called"}`, 200, nil)
	send("PATCH", "/api/v1/plans/plan-stichting", `{"state":"achieved"}`, 200, nil)
	send("GET", "/api/v1/plans", "", 200, &list)
	if list.Plans[0].Plan.ID != "plan-fonds" || len(list.Plans[1].Attention) != 0 {
		t.Fatalf("after closing the Stichting plan: %+v", list.Plans)
	}
	send("DELETE", "/api/v1/plans/plan-stichting", "", 204, nil)
	send("GET", "/api/v1/actions/act-late", "", 404, nil)

	entries, _, err := st.FindAudit(t.Context(), auth.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var details []string
	for _, e := range entries {
		details = append(details, e.Action+" "+e.Detail)
	}
	all := strings.Join(details, "\n")
	for _, want := range []string{"POST /api/v1/plans plan plan-fonds: emp-anna for org-fonds (open)",
		"PATCH /api/v1/actions/:id action act-late: contact for org-stichting, done, due 2026-02-01",
		"DELETE /api/v1/plans/:id"} {
		if !strings.Contains(all, want) {
			t.Fatalf("the audit log lacks %q:\n%s", want, all)
		}
	}
}

func attentionCodes(p analysis.PlanProgress) []string {
	out := []string{}
	for _, a := range p.Attention {
		out = append(out, string(a.Code))
	}
	return out
}

// TestActionsFromAdvice turns conformance advice and overdue contacts into
// actions in bulk: Fonds (develop, owned by Anna, nobody holds it) gets a
// develop action for Anna due six months on (develop asks 2 contacts a
// year: one every 6 months), with the default policies; Stichting (no
// owner) is skipped unless an assignee is given; a second run makes no
// duplicates.
func TestActionsFromAdvice(t *testing.T) {
	_, send := emptyPlanServer(t)
	send("POST", "/api/v1/employees", `{"id":"emp-anna","name":"Anna","role":"director"}`, 201, nil)
	send("POST", "/api/v1/organisations", `{"id":"org-fonds","name":"Fonds","owner_id":"emp-anna"}`, 201, nil)
	send("POST", "/api/v1/organisations", `{"id":"org-stichting","name":"Stichting"}`, 201, nil)
	for _, id := range []string{"org-fonds", "org-stichting"} {
		send("POST", "/api/v1/assessments", scores(id, "2026-01-01", "yield", 5, "fit", 4, "interests", 4, "core_task", 3,
			"familiarity", 2, "image", 2, "relationship", 2, "openness", 2), 201, nil)
	}
	var res AdviceResult
	send("POST", "/api/v1/conformance/actions", `{"codes":["develop"],"dry_run":true}`, 200, &res)
	if len(res.Created) != 1 || len(res.Skipped) != 1 || res.Skipped[0].StakeholderID != "org-stichting" {
		t.Fatalf("dry run: %+v", res)
	}
	send("GET", "/api/v1/actions", "", 200, &struct{}{})
	send("POST", "/api/v1/conformance/actions", `{"codes":["develop"]}`, 201, &res)
	a := res.Created[0]
	if a.Kind != graph.ActionDevelop || a.AssigneeID != "emp-anna" || a.StakeholderID != "org-fonds" || !a.Due.Equal(time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("the develop action: %+v", a)
	}
	send("POST", "/api/v1/conformance/actions", `{"codes":["develop"],"assignee_id":"emp-anna"}`, 201, &res)
	if len(res.Created) != 1 || res.Created[0].StakeholderID != "org-stichting" || len(res.Skipped) != 1 {
		t.Fatalf("the second run: %+v", res)
	}
	var e ErrorBody
	send("POST", "/api/v1/conformance/actions", `{"codes":["reduce"]}`, 400, &e)
	if !strings.Contains(w2s(e), "codes") {
		t.Fatalf("a code no action is made from: %+v", e)
	}
}

// TestPlanStrengthHistory: a plan for Fonds made on 2 January 2026 (the
// store's clock). Jan has sat on Fonds' board since 2020 (0.9); Anna's tie
// to Jan (0.8) began on 20 January. Anna called Jan on 10 February: one
// contact does not raise a stated 0.8 (TieEvidence: f = 1 − e^(−1/4) ≈
// 0.22, r ≈ 1, (0.8 + 0.22 + 1)/3 ≈ 0.67 < 0.8). Bob, with no tie near
// Fonds, called a stranger on 20 February: not a point. So by hand the
// strength is 0 at the start (no tie to Jan yet), 0.8 · 0.9 = 0.72 at the
// end of 20 January and of 10 February, and 0.72 now (1 March), which is
// the plan's strength.
func TestPlanStrengthHistory(t *testing.T) {
	_, send := emptyPlanServer(t)
	send("POST", "/api/v1/employees", `{"id":"emp-anna","name":"Anna","role":"director"}`, 201, nil)
	send("POST", "/api/v1/employees", `{"id":"emp-bob","name":"Bob","role":"staff"}`, 201, nil)
	send("POST", "/api/v1/persons", `{"id":"per-jan","name":"Jan"}`, 201, nil)
	send("POST", "/api/v1/persons", `{"id":"per-far","name":"Ver"}`, 201, nil)
	send("POST", "/api/v1/organisations", `{"id":"org-fonds","name":"Fonds"}`, 201, nil)
	send("POST", "/api/v1/relationships", `{"type":"board_member_of","from":"per-jan","to":"org-fonds","strength":0.9,"since":"2020-01-01T00:00:00Z"}`, 201, nil)
	send("POST", "/api/v1/plans", `{"id":"plan-fonds","target_id":"org-fonds","owner_id":"emp-anna","aim":{"segment":"invest","by":"2026-12-31"}}`, 201, nil)
	send("POST", "/api/v1/relationships", `{"type":"knows","from":"emp-anna","to":"per-jan","strength":0.8,"since":"2026-01-20T00:00:00Z"}`, 201, nil)
	send("POST", "/api/v1/contacts", `{"date":"2026-02-10","employee_id":"emp-anna","stakeholder_id":"per-jan","mode":"phone"}`, 201, nil)
	send("POST", "/api/v1/contacts", `{"date":"2026-02-20","employee_id":"emp-bob","stakeholder_id":"per-far","mode":"phone"}`, 201, nil)

	var plan PlanBody
	send("GET", "/api/v1/plans/plan-fonds", "", 200, &plan)
	if len(plan.StrengthHistory) != 0 {
		t.Fatalf("strength history without history=1: %+v", plan.StrengthHistory)
	}
	send("GET", "/api/v1/plans/plan-fonds?history=1", "", 200, &plan)
	type point struct {
		at       string
		strength float64
	}
	want := []point{
		{plan.Plan.CreatedAt.Format(time.RFC3339Nano), 0},
		{"2026-01-20T23:59:59.999999999Z", 0.72},
		{"2026-02-10T23:59:59.999999999Z", 0.72},
		{planNow.Format(time.RFC3339Nano), 0.72},
	}
	var got []point
	for _, p := range plan.StrengthHistory {
		got = append(got, point{p.At.UTC().Format(time.RFC3339Nano), p.Strength})
	}
	if len(got) != len(want) {
		t.Fatalf("strength history %v, want %v", got, want)
	}
	for i := range want {
		if got[i].at != want[i].at || !near(got[i].strength, want[i].strength) {
			t.Errorf("point %d: %v, want %v", i, got[i], want[i])
		}
	}
	if last := plan.StrengthHistory[len(plan.StrengthHistory)-1]; !near(last.Strength, plan.Strength) {
		t.Errorf("the last point %v, the plan's strength %v", last.Strength, plan.Strength)
	}
}
