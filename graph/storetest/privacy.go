package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// PrivacyStore is a store with the network, the segmentation, the privacy
// of persons, the audit log, introduction requests and the change log:
// what RunPrivacy tests.
type PrivacyStore interface {
	graph.Store
	segment.Store
	graph.PrivacyStore[*segment.Assessment]
	auth.Store
	graph.IntroStore
	graph.ChangeLog
}

// RunPrivacy runs the conformance suite of the privacy of persons (objection,
// export, erasure with its suppression list, retention of contact notes,
// employment start) against the stores open returns: each an empty store
// whose clock is a new Clock, closed by open itself (t.Cleanup).
//
// That an erasure is atomic — a step failing half-way leaves everything as
// it was — needs a failure injected inside the store's transaction; each
// store's own tests check it.
func RunPrivacy(t *testing.T, open func(t *testing.T) PrivacyStore) {
	for _, tc := range []struct {
		name string
		test func(*testing.T, PrivacyStore)
	}{
		{"Objection", testObjection},
		{"ObjectionLeavesAnalyses", testObjectionLeavesAnalyses},
		{"Export", testExport},
		{"Erasure", testErasure},
		{"ErasureAudit", testErasureAudit},
		{"ErasureMentions", testErasureMentions},
		{"ErasureNotFound", testErasureNotFound},
		{"Suppression", testSuppression},
		{"Retention", testRetention},
		{"EmployeeStart", testEmployeeStart},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.test(t, open(t)) })
	}
}

// privacySample is a small network around Jan de Vries, the only
// intermediary between our employee Anna and the director Dirk:
//
//	emp-anna —knows 0.8— per-jan —knows 0.5— per-dirk —works_at 0.9— org-fund
//	                     per-jan —board_member_of 0.7— org-fund
//
// with one contact of Anna with Jan (with a note) and one with Dirk.
func privacySample() *graph.Batch {
	return &graph.Batch{
		Employees:     []*graph.Employee{{ID: "emp-anna", Name: "Anna Jansen", Role: graph.RoleAccountManager}},
		Organisations: []*graph.Organisation{{ID: "org-fund", Name: "Fonds X", PartyType: graph.PartyInput}},
		Persons: []*graph.Person{
			{ID: "per-jan", Name: "Jan de Vries", Email: "Jan@Example.org", LinkedInURL: "https://www.linkedin.com/in/jan-de-vries/", PartyType: graph.PartyIntermediary},
			{ID: "per-dirk", Name: "Dirk Bakker", Email: "dirk@fonds-x.nl", Title: "director"},
		},
		Relationships: []*graph.Relationship{
			{Type: graph.RelKnows, From: "emp-anna", To: "per-jan", Strength: 0.8},
			{Type: graph.RelKnows, From: "per-jan", To: "per-dirk", Strength: 0.5},
			{Type: graph.RelWorksAt, From: "per-dirk", To: "org-fund", Strength: 0.9},
			{Type: graph.RelBoardMemberOf, From: "per-jan", To: "org-fund", Strength: 0.7},
		},
		Contacts: []*graph.Contact{
			{Date: time.Date(2025, 11, 3, 10, 0, 0, 0, time.UTC), EmployeeID: "emp-anna", StakeholderID: "per-jan", Mode: graph.ModeMeeting, Note: "met at the congress"},
			{Date: time.Date(2025, 12, 1, 9, 0, 0, 0, time.UTC), EmployeeID: "emp-anna", StakeholderID: "per-dirk", Mode: graph.ModePhone},
		},
	}
}

// janAssessments are two scores of Jan on criteria of segment.DefaultScheme.
func janAssessments() []*segment.Assessment {
	d := time.Date(2025, 12, 15, 0, 0, 0, 0, time.UTC)
	return []*segment.Assessment{
		{StakeholderID: "per-jan", CriterionID: "yield", Score: 4, Date: d},
		{StakeholderID: "per-jan", CriterionID: "familiarity", Score: 5, Date: d},
		{StakeholderID: "per-dirk", CriterionID: "yield", Score: 3, Date: d},
	}
}

func loadPrivacySample(t *testing.T, s PrivacyStore) {
	t.Helper()
	_, err := s.Upsert(bg, privacySample(), graph.UpsertOptions{})
	Must(t, err)
	_, err = s.UpsertAssessments(bg, janAssessments(), graph.UpsertOptions{})
	Must(t, err)
}

func testObjection(t *testing.T, s PrivacyStore) {
	loadPrivacySample(t, s)
	ids, v0, err := s.Objecting(bg)
	Must(t, err)
	if len(ids) != 0 || v0 != version(t, s) {
		t.Fatalf("Objecting = %v at %d, want none at %d", ids, v0, version(t, s))
	}
	// The objection arrives: the flag and the day, as the PATCH sets them;
	// a time of day is cut to the day.
	p, err := s.UpdatePerson(as("dpo"), "per-jan", graph.PersonUpdate{Objects: ptr(true), ObjectedAt: ptr(time.Date(2025, 12, 31, 16, 30, 0, 0, time.UTC))})
	Must(t, err)
	want := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	if !p.Objects || !p.ObjectedAt.Equal(want) {
		t.Fatalf("after the objection: objects %v, objected_at %v; want true, %v", p.Objects, p.ObjectedAt, want)
	}
	got, err := s.FindPersonByID(bg, "per-jan")
	Must(t, err)
	if d := Diff(p, got); d != "" {
		t.Fatalf("stored person differs from the update's result:\n%s", d)
	}
	ids, v1, err := s.Objecting(bg)
	Must(t, err)
	if !slices.Equal(ids, []string{"per-jan"}) || v1 <= v0 {
		t.Fatalf("Objecting = %v at %d, want [per-jan] at a version above %d", ids, v1, v0)
	}
	// An objection dated after the store's day (2026-01-02) is refused.
	_, err = s.UpdatePerson(bg, "per-dirk", graph.PersonUpdate{Objects: ptr(true), ObjectedAt: ptr(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC))})
	WantErr(t, err, graph.EINVALID, "", "objected_at")
	// Withdrawing it clears the day as well.
	p, err = s.UpdatePerson(bg, "per-jan", graph.PersonUpdate{Objects: ptr(false)})
	Must(t, err)
	if p.Objects || !p.ObjectedAt.IsZero() {
		t.Fatalf("after withdrawing: objects %v, objected_at %v; want false and zero", p.Objects, p.ObjectedAt)
	}
	if ids, _, err := s.Objecting(bg); err != nil || len(ids) != 0 {
		t.Fatalf("Objecting after withdrawal = %v, %v; want none", ids, err)
	}
}

// testObjectionLeavesAnalyses checks that an objecting person drops out of
// the warm paths and the broker ranking through analysis.Cache on the store.
func testObjectionLeavesAnalyses(t *testing.T, s PrivacyStore) {
	loadPrivacySample(t, s)
	cache := &analysis.Cache{Source: s}
	snap := func() *analysis.Snapshot {
		t.Helper()
		sn, err := cache.Snapshot(bg)
		Must(t, err)
		return sn
	}
	// Before: Anna reaches Dirk only through Jan: anna–jan–dirk, Jan's
	// knows tie 0.8 × 0.5 = 0.40 (stronger than the colleague step of the
	// fund's board member and employee, 0.5 × min(0.7, 0.9) = 0.35, see
	// graph.PathRules; the fund itself is no step).
	paths, err := analysis.WarmPaths(bg, snap(), analysis.PathQuery{To: "per-dirk", K: 5})
	Must(t, err)
	if len(paths) != 1 {
		t.Fatalf("before the objection: %d paths to per-dirk, want 1", len(paths))
	}
	for _, p := range paths {
		if !slices.ContainsFunc(p.Nodes, func(n analysis.PathNode) bool { return n.ID == "per-jan" }) {
			t.Fatalf("path %+v does not pass per-jan", p.Nodes)
		}
	}
	if got, want := paths[0].Strength, 0.8*0.5; !near(got, want) {
		t.Fatalf("best path strength %v, want %v", got, want)
	}
	brokers, err := analysis.Brokers(bg, snap(), analysis.BrokerQuery{Targets: []string{"per-dirk"}})
	Must(t, err)
	if !slices.ContainsFunc(brokers, func(b analysis.Broker) bool { return b.Node.ID == "per-jan" }) {
		t.Fatalf("before the objection per-jan is no broker of per-dirk: %+v", brokers)
	}

	_, err = s.UpdatePerson(bg, "per-jan", graph.PersonUpdate{Objects: ptr(true)})
	Must(t, err)
	sn := snap()
	if _, ok := sn.Index("per-jan"); ok {
		t.Fatal("the snapshot still holds the objecting per-jan")
	}
	paths, err = analysis.WarmPaths(bg, sn, analysis.PathQuery{To: "per-dirk", K: 5})
	Must(t, err)
	if len(paths) != 0 {
		t.Fatalf("after the objection: %d paths to per-dirk, want none (Jan was the only way): %+v", len(paths), paths)
	}
	brokers, err = analysis.Brokers(bg, sn, analysis.BrokerQuery{Targets: []string{"per-dirk", "org-fund"}})
	Must(t, err)
	for _, b := range brokers {
		if b.Node.ID == "per-jan" {
			t.Fatalf("the objecting per-jan is still ranked as a broker: %+v", b)
		}
	}
	// An objecting person is no target either.
	_, err = analysis.WarmPaths(bg, sn, analysis.PathQuery{To: "per-jan"})
	WantErr(t, err, graph.ENOTFOUND, "", "to")
}

func near(a, b float64) bool { return a-b < 1e-12 && b-a < 1e-12 }

func testExport(t *testing.T, s PrivacyStore) {
	loadPrivacySample(t, s)
	// Requests: one that does not mention Jan (stalled, so that Anna may
	// ask Dirk again), one through Jan, one whose path runs through him.
	// The export lists the last two, newest first.
	is := introStore(t, s)
	Must(t, is.CreateIntro(bg, &graph.IntroRequest{ID: "intro-other", EmployeeID: "emp-anna", IntermediaryID: "per-dirk", TargetID: "org-fund"}))
	_, err := is.MoveIntro(bg, "intro-other", graph.IntroMove{State: graph.IntroStalled})
	Must(t, err)
	for _, r := range []*graph.IntroRequest{
		{ID: "intro-via-jan", EmployeeID: "emp-anna", IntermediaryID: "per-jan", TargetID: "per-dirk"},
		{ID: "intro-path", EmployeeID: "emp-anna", IntermediaryID: "per-dirk", TargetID: "org-fund", Path: []string{"emp-anna", "per-jan", "per-dirk", "org-fund"}},
	} {
		Must(t, is.CreateIntro(bg, r))
	}
	// Plans and actions: for Jan, routed through him, and one for Dirk
	// whose note names "per-janssen" (not Jan); an action about Jan, one
	// whose title names him, one about Dirk. The export lists those that
	// name or mention Jan.
	ps := planStore(t, s)
	aim := graph.PlanAim{Segment: "invest", By: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)}
	for _, p := range []*graph.Plan{
		{ID: "plan-jan", TargetID: "per-jan", OwnerID: "emp-anna", Aim: aim},
		{ID: "plan-fund", TargetID: "org-fund", OwnerID: "emp-anna", Aim: aim, Route: graph.PlanRoute{IntermediaryID: "per-jan"}},
		{ID: "plan-dirk", TargetID: "per-dirk", OwnerID: "emp-anna", Aim: aim, Note: "ask per-janssen"},
	} {
		Must(t, ps.CreatePlan(bg, p))
	}
	_, err = ps.UpdatePlan(bg, "plan-fund", graph.PlanUpdate{State: ptr(graph.PlanDropped), CloseNote: "per-jan moved on"})
	Must(t, err)
	due := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	Must(t, ps.CreateActions(bg, []*graph.Action{
		{ID: "act-jan", PlanID: "plan-jan", Kind: graph.ActionContact, StakeholderID: "per-jan", AssigneeID: "emp-anna", Due: due},
		{ID: "act-title", Kind: graph.ActionOther, StakeholderID: "org-fund", AssigneeID: "emp-anna", Due: due.AddDate(0, 0, 1), Title: "thank per-jan"},
		{ID: "act-dirk", Kind: graph.ActionContact, StakeholderID: "per-dirk", AssigneeID: "emp-anna", Due: due},
	}))
	x, err := s.ExportPerson(as("dpo"), "per-jan")
	Must(t, err)
	var plans, actions []string
	for _, p := range x.Plans {
		plans = append(plans, p.ID)
	}
	for _, a := range x.Actions {
		actions = append(actions, a.ID)
	}
	if want := []string{"plan-fund", "plan-jan"}; !slices.Equal(plans, want) {
		t.Errorf("plans %v, want %v", plans, want)
	}
	if want := []string{"act-jan", "act-title"}; !slices.Equal(actions, want) {
		t.Errorf("actions %v, want %v", actions, want)
	}
	if len(x.Plans) > 0 && (x.Plans[0].Closed == nil || x.Plans[0].Closed.Note != "per-jan moved on") {
		t.Errorf("plan-fund as exported: %+v", x.Plans[0])
	}
	var intros []string
	for _, r := range x.Intros {
		intros = append(intros, r.ID)
	}
	if want := []string{"intro-path", "intro-via-jan"}; !slices.Equal(intros, want) {
		t.Errorf("introduction requests %v, want %v", intros, want)
	}
	jan, err := s.FindPersonByID(bg, "per-jan")
	Must(t, err)
	if x.Format != graph.PersonExportFormat {
		t.Errorf("format %q, want %q", x.Format, graph.PersonExportFormat)
	}
	if d := Diff(jan, x.Person); d != "" {
		t.Errorf("exported person differs from the stored one:\n%s", d)
	}
	// Jan's ties: knows anna, knows dirk, board member of fund (by id).
	var rels []string
	for _, r := range x.Relationships {
		rels = append(rels, r.ID)
	}
	wantRels := []string{"board_member_of:per-jan:org-fund", "knows:emp-anna:per-jan", "knows:per-dirk:per-jan"}
	if !slices.Equal(rels, wantRels) {
		t.Errorf("relationships %v, want %v", rels, wantRels)
	}
	if len(x.Contacts) != 1 || x.Contacts[0].StakeholderID != "per-jan" || x.Contacts[0].Note != "met at the congress" {
		t.Errorf("contacts %+v, want the one meeting with its note", x.Contacts)
	}
	var crit []string
	for _, a := range x.Assessments {
		crit = append(crit, a.StakeholderID+":"+a.CriterionID)
	}
	if want := []string{"per-jan:familiarity", "per-jan:yield"}; !slices.Equal(crit, want) {
		t.Errorf("assessments %v, want %v", crit, want)
	}
	wantOthers := []graph.NodeRef{
		{ID: "emp-anna", Kind: graph.KindEmployee, Name: "Anna Jansen"},
		{ID: "org-fund", Kind: graph.KindOrganisation, Name: "Fonds X"},
		{ID: "per-dirk", Kind: graph.KindPerson, Name: "Dirk Bakker"},
	}
	if d := Diff(wantOthers, x.Others); d != "" {
		t.Errorf("others:\n%s", d)
	}
	// Other persons appear by id and name only: nothing else of Dirk's.
	b, err := json.Marshal(x)
	Must(t, err)
	for _, leak := range []string{"dirk@fonds-x.nl", "director"} {
		if strings.Contains(string(b), leak) {
			t.Errorf("the export shows %q of another person", leak)
		}
	}
	for _, id := range []string{"nobody", "org-fund", "emp-anna"} {
		_, err := s.ExportPerson(bg, id)
		WantErr(t, err, graph.ENOTFOUND, "", "")
	}
}

var hexDigest = regexp.MustCompile(`^[0-9a-f]{64}$`)

func testErasure(t *testing.T, s PrivacyStore) {
	loadPrivacySample(t, s)
	before := version(t, s)
	e, err := s.ErasePerson(as("dpo"), "per-jan")
	Must(t, err)
	// The sample's Jan: 3 relationships, 1 contact, 2 assessments, and 3
	// identifiers (id, e-mail, profile address).
	want := graph.Erasure{ID: "per-jan", ErasedAt: e.ErasedAt, Relationships: 3, Contacts: 1, Assessments: 2, Suppressed: 3}
	if d := Diff(want, *e); d != "" {
		t.Fatalf("erasure report:\n%s", d)
	}
	if e.ErasedAt.Before(ClockStart) {
		t.Fatalf("erased at %v, before the store's clock started (%v)", e.ErasedAt, ClockStart)
	}
	wantMoved(t, s, before, "erasure")

	_, err = s.FindPersonByID(bg, "per-jan")
	WantErr(t, err, graph.ENOTFOUND, "", "")
	jan := "per-jan"
	if _, n, err := s.FindRelationships(bg, graph.RelationshipFilter{NodeID: &jan}); err != nil || n != 0 {
		t.Fatalf("relationships of the erased person: %d, %v; want 0", n, err)
	}
	if _, n, err := s.FindContacts(bg, graph.ContactFilter{StakeholderID: &jan}); err != nil || n != 0 {
		t.Fatalf("contacts of the erased person: %d, %v; want 0", n, err)
	}
	if _, n, err := s.FindAssessments(bg, segment.AssessmentFilter{StakeholderID: &jan}); err != nil || n != 0 {
		t.Fatalf("assessments of the erased person: %d, %v; want 0", n, err)
	}
	// The rest stays: Dirk's tie to the fund, his contact and assessment.
	if _, n, err := s.FindRelationships(bg, graph.RelationshipFilter{}); err != nil || n != 1 {
		t.Fatalf("relationships left: %d, %v; want 1 (dirk works at fund)", n, err)
	}
	if _, n, err := s.FindContacts(bg, graph.ContactFilter{}); err != nil || n != 1 {
		t.Fatalf("contacts left: %d, %v; want 1", n, err)
	}
	if _, n, err := s.FindAssessments(bg, segment.AssessmentFilter{}); err != nil || n != 1 {
		t.Fatalf("assessments left: %d, %v; want 1", n, err)
	}
	// The suppression list holds digests, no personal data.
	list, err := s.Suppressions(bg)
	Must(t, err)
	var keys []string
	for _, k := range graph.SuppressionKeys(&graph.Person{ID: "per-jan", Email: "jan@example.org", LinkedInURL: "linkedin.com/in/jan-de-vries"}) {
		keys = append(keys, k.Hash)
	}
	slices.Sort(keys)
	var got []string
	for _, x := range list {
		got = append(got, x.Hash)
		if !hexDigest.MatchString(x.Hash) || !x.ErasedAt.Equal(e.ErasedAt) {
			t.Errorf("suppression entry %+v: want a SHA-256 hex digest erased at %v", x, e.ErasedAt)
		}
	}
	if !slices.Equal(got, keys) {
		t.Errorf("suppression list %v, want the digests of Jan's identifiers %v", got, keys)
	}
	b, err := json.Marshal(list)
	Must(t, err)
	for _, leak := range []string{"jan", "Jan", "example.org", "linkedin"} {
		if strings.Contains(string(b), leak) {
			t.Errorf("the suppression list holds %q", leak)
		}
	}
	// The analyses see the new version: Dirk is out of reach.
	sn, err := (&analysis.Cache{Source: s}).Snapshot(bg)
	Must(t, err)
	if _, ok := sn.Index("per-jan"); ok {
		t.Error("the snapshot after the erasure holds per-jan")
	}
	// Erasing again: not found, nothing changes.
	v := version(t, s)
	_, err = s.ErasePerson(bg, "per-jan")
	WantErr(t, err, graph.ENOTFOUND, "", "")
	if version(t, s) != v {
		t.Error("a failed erasure moved the version")
	}
}

// testErasureAudit: in the erasure's transaction, the erased person's id
// becomes its pseudonym wherever the audit log carries it — the target of
// the person's own entries, of their ties' and contacts' (whose derived ids
// hold it), a detail, a client's request id — and the erasure's own entry
// names the pseudonym and says what was erased. Other entries stay.
func testErasureAudit(t *testing.T, s PrivacyStore) {
	loadPrivacySample(t, s)
	at := ClockStart
	entry := func(action, target, detail, clientID string) *auth.AuditEntry {
		return &auth.AuditEntry{At: at, Actor: "anna", Action: action, Target: target, Status: 200, Detail: detail, ClientRequestID: clientID}
	}
	p := graph.ErasedPseudonym("per-jan")
	before := []struct{ in, want *auth.AuditEntry }{
		{entry("PATCH /api/v1/persons/:id", "per-jan", "", ""), entry("PATCH /api/v1/persons/:id", p, "", "")},
		{entry("POST /api/v1/relationships", "knows:emp-anna:per-jan", "", ""), entry("POST /api/v1/relationships", "knows:emp-anna:"+p, "", "")},
		{entry("POST /api/v1/contacts", "contact:emp-anna:per-jan:2025-11-03T10:00:00.000Z:meeting", "", "per-jan"),
			entry("POST /api/v1/contacts", "contact:emp-anna:"+p+":2025-11-03T10:00:00.000Z:meeting", "", p)},
		{entry("cli assess", "", "assessed per-jan twice", ""), entry("cli assess", "", "assessed "+p+" twice", "")},
		{entry("PATCH /api/v1/persons/:id", "per-dirk", "", ""), entry("PATCH /api/v1/persons/:id", "per-dirk", "", "")},
		{entry("PATCH /api/v1/persons/:id", "per-jane", "", ""), entry("PATCH /api/v1/persons/:id", "per-jane", "", "")},
	}
	for _, x := range before {
		Must(t, s.AppendAudit(bg, x.in))
		x.want.Seq = x.in.Seq
	}
	erasure := entry("POST /api/v1/persons/:id/erasure", "per-jan", "", "")
	_, err := s.ErasePerson(auth.WithAudit(as("dpo"), erasure), "per-jan")
	Must(t, err)
	if erasure.Seq == 0 {
		t.Fatal("the erasure's audit entry was not stored with it")
	}
	// Jan's sample: 3 relationships, 1 contact, 2 assessments, 3 identifiers.
	wantErasure := entry("POST /api/v1/persons/:id/erasure", p, "erased person with 3 relationships, 1 contacts, 2 assessments; 3 identifiers suppressed", "")
	wantErasure.Seq = erasure.Seq
	want := []*auth.AuditEntry{wantErasure}
	for i := len(before) - 1; i >= 0; i-- {
		want = append(want, before[i].want)
	}
	got, _, err := s.FindAudit(bg, auth.AuditFilter{})
	Must(t, err)
	if d := Diff(want, got); d != "" {
		t.Errorf("audit log after the erasure:\n%s", d)
	}
	b, err := json.Marshal(got)
	Must(t, err)
	if strings.Contains(strings.ReplaceAll(string(b), "per-jane", ""), "per-jan") {
		t.Errorf("the audit log still names per-jan: %s", b)
	}
	// The pseudonym finds the person's entries.
	mine, n, err := s.FindAudit(bg, auth.AuditFilter{Target: p})
	Must(t, err)
	if n != 2 || len(mine) != 2 {
		t.Errorf("entries with target %s: %d, want 2 (the erasure, the PATCH)", p, n)
	}
}

// testErasureMentions: where other records still mention the erased
// person — the path and note of an introduction request between others,
// the change log's entry for their assessments — the erasure puts the
// pseudonym in place of their id.
func testErasureMentions(t *testing.T, s PrivacyStore) {
	loadPrivacySample(t, s) // Jan's assessments log a change naming him
	mentions := func() []string {
		t.Helper()
		changes, _, err := s.Changes(bg, 0)
		Must(t, err)
		var out []string
		for _, c := range changes {
			if slices.Contains(c.Stakeholders, "per-jan") {
				out = append(out, fmt.Sprintf("change %d", c.Version))
			}
		}
		return out
	}
	if len(mentions()) == 0 {
		t.Fatal("no change names per-jan before the erasure: the test checks nothing")
	}
	r := &graph.IntroRequest{ID: "intro-dirk", EmployeeID: "emp-anna", IntermediaryID: "per-dirk", TargetID: "org-fund",
		Path: []string{"emp-anna", "per-jan", "per-dirk", "org-fund"}, Note: "Jan (per-jan) knows Dirk"}
	Must(t, s.CreateIntro(as("anna"), r))
	_, err := s.ErasePerson(as("dpo"), "per-jan")
	Must(t, err)
	if m := mentions(); len(m) > 0 {
		t.Errorf("the change log still names per-jan: %v", m)
	}
	got, err := s.FindIntroByID(bg, "intro-dirk")
	Must(t, err)
	p := graph.ErasedPseudonym("per-jan")
	if !slices.Equal(got.Path, []string{"emp-anna", p, "per-dirk", "org-fund"}) || got.Note != "Jan ("+p+") knows Dirk" {
		t.Errorf("introduction request after the erasure: path %v, note %q; want per-jan as %s", got.Path, got.Note, p)
	}
}

func testErasureNotFound(t *testing.T, s PrivacyStore) {
	loadPrivacySample(t, s)
	v := version(t, s)
	for _, id := range []string{"nobody", "emp-anna", "org-fund"} {
		_, err := s.ErasePerson(bg, id)
		WantErr(t, err, graph.ENOTFOUND, "", "")
	}
	if version(t, s) != v {
		t.Error("erasures of no person moved the version")
	}
	if list, err := s.Suppressions(bg); err != nil || len(list) != 0 {
		t.Fatalf("suppression list %v, %v; want empty", list, err)
	}
}

func testSuppression(t *testing.T, s PrivacyStore) {
	loadPrivacySample(t, s)
	_, err := s.ErasePerson(bg, "per-jan")
	Must(t, err)
	v := version(t, s)
	day := ClockStart.Format(time.DateOnly) // the erasure's day at the store's clock

	// Create under the same id (POST /persons).
	err = s.CreatePerson(bg, &graph.Person{ID: "per-jan", Name: "Jan de Vries"})
	WantErr(t, err, graph.ECONFLICT, "", "id")
	if msg := ErrorList(err)[0].Message; msg != `person "per-jan" was erased on `+day+` at their request; not re-imported` {
		t.Errorf("message %q", msg)
	}
	// A batch (an import) with the same e-mail address under another id,
	// or the profile address written otherwise, is refused whole.
	for _, tc := range []struct {
		name  string
		p     *graph.Person
		field string
	}{
		{"email", &graph.Person{ID: "per-jan-2", Name: "J. de Vries", Email: " JAN@example.ORG "}, "email"},
		{"other email", &graph.Person{ID: "per-jan-3", Name: "J. de Vries", Email: "jdv@example.net", OtherEmails: []string{"Jan@Example.org"}}, "email"},
		{"profile", &graph.Person{ID: "li-jan", Name: "Jan", LinkedInURL: "http://linkedin.com/in/Jan-de-Vries?trk=abc"}, "linkedin_url"},
		{"id", &graph.Person{ID: "per-jan", Name: "Jan"}, "id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := &graph.Batch{
				Persons: []*graph.Person{{ID: "per-new", Name: "Nieuw"}, tc.p},
				Relationships: []*graph.Relationship{
					{Type: graph.RelKnows, From: "emp-anna", To: "per-new", Strength: 0.4},
					{Type: graph.RelKnows, From: "emp-anna", To: tc.p.ID, Strength: 0.4},
				},
			}
			for _, dry := range []bool{true, false} {
				_, err := s.Upsert(bg, b, graph.UpsertOptions{DryRun: dry})
				WantErr(t, err, graph.ECONFLICT, "persons[1]", tc.field)
			}
			if version(t, s) != v {
				t.Fatal("a refused batch moved the version")
			}
			_, err := s.FindPersonByID(bg, "per-new")
			WantErr(t, err, graph.ENOTFOUND, "", "")
		})
	}
	// Somebody else is welcome.
	Must(t, s.CreatePerson(bg, &graph.Person{ID: "per-janneke", Name: "Janneke", Email: "janneke@example.org"}))
}

func testRetention(t *testing.T, s PrivacyStore) {
	loadPrivacySample(t, s)
	r, err := s.Retention(bg)
	Must(t, err)
	if r.Days != 0 {
		t.Fatalf("default retention %d days, want 0 (keep)", r.Days)
	}
	v := version(t, s)
	if n, err := s.ApplyRetention(bg); err != nil || n != 0 || version(t, s) != v {
		t.Fatalf("retention off: cleared %d, %v, version %d→%d; want nothing", n, err, v, version(t, s))
	}
	WantErr(t, s.SaveRetention(bg, graph.Retention{Days: -1}), graph.EINVALID, "", "days")
	Must(t, s.SaveRetention(bg, graph.Retention{Days: 30}))
	if r, err := s.Retention(bg); err != nil || r.Days != 30 {
		t.Fatalf("retention %+v, %v; want 30 days", r, err)
	}
	// The store's day is 2026-01-02, so the cutoff is 30 days earlier:
	// 2025-12-03T00:00Z. Notes of contacts dated before it go.
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, time.UTC) }
	_, err = s.Upsert(bg, &graph.Batch{Contacts: []*graph.Contact{
		{ID: "c-old", Date: at(2025, 10, 1, 12, 0), EmployeeID: "emp-anna", StakeholderID: "org-fund", Mode: graph.ModeEmail, Note: "old"},
		{ID: "c-eve", Date: at(2025, 12, 2, 23, 59), EmployeeID: "emp-anna", StakeholderID: "org-fund", Mode: graph.ModeEmail, Note: "the day before"},
		{ID: "c-cut", Date: at(2025, 12, 3, 0, 0), EmployeeID: "emp-anna", StakeholderID: "org-fund", Mode: graph.ModeEmail, Note: "on the cutoff"},
		{ID: "c-bare", Date: at(2025, 9, 1, 8, 0), EmployeeID: "emp-anna", StakeholderID: "org-fund", Mode: graph.ModeEmail},
	}}, graph.UpsertOptions{})
	Must(t, err)
	v = version(t, s)
	// Cleared: c-old, c-eve and the sample's 2025-11-03 meeting with Jan;
	// kept: c-cut (on the cutoff), the 2025-12-01 phone call has no note,
	// c-bare has none either.
	n, err := s.ApplyRetention(bg)
	Must(t, err)
	if n != 3 {
		t.Fatalf("cleared %d notes, want 3", n)
	}
	wantMoved(t, s, v, "retention")
	cs, total, err := s.FindContacts(bg, graph.ContactFilter{})
	Must(t, err)
	if total != 6 {
		t.Fatalf("%d contacts after retention, want all 6", total)
	}
	for _, c := range cs {
		wantNote := map[string]string{"c-cut": "on the cutoff"}[c.ID]
		if c.Note != wantNote {
			t.Errorf("contact %s note %q, want %q", c.ID, c.Note, wantNote)
		}
		if c.ID == "c-old" && c.UpdatedBy != graph.RetentionActor {
			t.Errorf("c-old updated by %q, want %q", c.UpdatedBy, graph.RetentionActor)
		}
	}
	v = version(t, s)
	if n, err := s.ApplyRetention(bg); err != nil || n != 0 || version(t, s) != v {
		t.Fatalf("second run: cleared %d, %v, version moved %v; want nothing", n, err, version(t, s) != v)
	}
}

func testEmployeeStart(t *testing.T, s PrivacyStore) {
	loadPrivacySample(t, s)
	ctx := context.Background()
	// A time of day is cut to the day.
	Must(t, s.CreateEmployee(ctx, &graph.Employee{ID: "emp-new", Name: "Nina Nieuw", Role: graph.RoleStaff, Start: time.Date(2025, 6, 1, 15, 0, 0, 0, time.UTC)}))
	e, err := s.FindEmployeeByID(ctx, "emp-new")
	Must(t, err)
	if want := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC); !e.Start.Equal(want) {
		t.Fatalf("start %v, want %v", e.Start, want)
	}
	v := version(t, s)
	err = s.CreateContact(ctx, &graph.Contact{Date: time.Date(2025, 5, 31, 23, 59, 0, 0, time.UTC), EmployeeID: "emp-new", StakeholderID: "per-jan", Mode: graph.ModePhone})
	WantErr(t, err, graph.EINVALID, "", "date")
	if version(t, s) != v {
		t.Fatal("a refused contact moved the version")
	}
	// On the first day is fine.
	first := &graph.Contact{Date: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), EmployeeID: "emp-new", StakeholderID: "per-jan", Mode: graph.ModePhone}
	Must(t, s.CreateContact(ctx, first))
	// Moving it before the start is refused too.
	_, err = s.UpdateContact(ctx, first.ID, graph.ContactUpdate{Date: ptr(time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC))})
	WantErr(t, err, graph.EINVALID, "", "date")
	// Nor can the start move after the contact of 2025-06-01 logged
	// above, through an update or a batch: the rule holds whichever is
	// written last. Moving it earlier goes.
	v = version(t, s)
	_, err = s.UpdateEmployee(ctx, "emp-new", graph.EmployeeUpdate{Start: ptr(time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC))})
	WantErr(t, err, graph.EINVALID, "", "start")
	_, err = s.Upsert(ctx, &graph.Batch{Employees: []*graph.Employee{
		{ID: "emp-other", Name: "Olga Ander", Role: graph.RoleStaff, Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
		{ID: "emp-new", Name: "Nina Nieuw", Role: graph.RoleStaff, Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
	}}, graph.UpsertOptions{})
	WantErr(t, err, graph.EINVALID, "employees[1]", "start")
	if version(t, s) != v {
		t.Fatal("a refused start moved the version")
	}
	e, err = s.UpdateEmployee(ctx, "emp-new", graph.EmployeeUpdate{Start: ptr(time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC))})
	Must(t, err)
	if !e.Start.Equal(time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("start moved earlier: %v, want 2025-05-01", e.Start)
	}
	// An employee and their contact in one batch: the batch's start counts.
	v = version(t, s)
	_, err = s.Upsert(ctx, &graph.Batch{
		Employees: []*graph.Employee{{ID: "emp-late", Name: "Laura Laat", Role: graph.RoleStaff, Start: time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)}},
		Contacts:  []*graph.Contact{{Date: time.Date(2025, 8, 1, 0, 0, 0, 0, time.UTC), EmployeeID: "emp-late", StakeholderID: "org-fund", Mode: graph.ModeEmail}},
	}, graph.UpsertOptions{})
	WantErr(t, err, graph.EINVALID, "contacts[0]", "date")
	if version(t, s) != v {
		t.Fatal("a refused batch moved the version")
	}
	if _, err := s.FindEmployeeByID(ctx, "emp-late"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Fatalf("the refused batch stored its employee: %v", err)
	}
	// Without a start any past date goes (Anna's contacts in the sample).
}

// ErasureSteps are the points after which a store's erasure lets a test
// inject a failure (see RunErasureAtomic): after the deletes, and after the
// suppression list is written.
var ErasureSteps = []string{"delete", "suppress"}

// RunErasureAtomic checks that an erasure is all or nothing: with setFault
// it makes s's erasure fail after each of ErasureSteps, inside its
// transaction, and checks that each time everything is as it was — the
// person, their tie, contact and assessment, an empty suppression list, the
// version — and then that the erasure without a fault goes through whole.
// setFault installs a function the store calls after each step (nil: none).
func RunErasureAtomic(t *testing.T, s PrivacyStore, setFault func(func(step string) error)) {
	t.Cleanup(func() { setFault(nil) })
	_, err := s.Upsert(bg, &graph.Batch{
		Employees:     []*graph.Employee{{ID: "emp-anna", Name: "Anna", Role: graph.RoleStaff}},
		Persons:       []*graph.Person{{ID: "per-jan", Name: "Jan", Email: "jan@example.org"}},
		Relationships: []*graph.Relationship{{Type: graph.RelKnows, From: "emp-anna", To: "per-jan", Strength: 0.6}},
		Contacts:      []*graph.Contact{{Date: time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC), EmployeeID: "emp-anna", StakeholderID: "per-jan", Mode: graph.ModePhone, Note: "n"}},
	}, graph.UpsertOptions{})
	Must(t, err)
	_, err = s.UpsertAssessments(bg, []*segment.Assessment{{StakeholderID: "per-jan", CriterionID: "yield", Score: 3, Date: time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)}}, graph.UpsertOptions{})
	Must(t, err)
	before := erasureState(t, s)
	for _, step := range ErasureSteps {
		injected := errors.New("injected failure after " + step)
		setFault(func(at string) error {
			if at == step {
				return injected
			}
			return nil
		})
		if _, err := s.ErasePerson(bg, "per-jan"); !errors.Is(err, injected) {
			t.Fatalf("step %s: erasure error %v, want the injected one", step, err)
		}
		if d := Diff(before, erasureState(t, s)); d != "" {
			t.Fatalf("a failure after %s left a change:\n%s", step, d)
		}
	}
	setFault(nil)
	e, err := s.ErasePerson(bg, "per-jan")
	Must(t, err)
	if e.Relationships != 1 || e.Contacts != 1 || e.Assessments != 1 || e.Suppressed != 2 {
		t.Fatalf("erasure %+v, want 1 relationship, 1 contact, 1 assessment, 2 identifiers", e)
	}
}

// erasureSnapshot is what an erasure touches.
type erasureSnapshot struct {
	Version      int64
	Export       *graph.PersonExport[*segment.Assessment]
	Suppressions []graph.Suppression
}

func erasureState(t *testing.T, s PrivacyStore) erasureSnapshot {
	t.Helper()
	x, err := s.ExportPerson(bg, "per-jan")
	Must(t, err)
	x.ExportedAt = time.Time{} // the clock moves
	sup, err := s.Suppressions(bg)
	Must(t, err)
	return erasureSnapshot{version(t, s), x, sup}
}
