// Package exchangetest is the conformance suite of segment.Importer: one
// set of tests that every store writing an import in one transaction
// passes (graph/sqlitestore and graph/neo4jstore run it).
//
// Expected counts come from the samples: storetest.Sample holds 3
// employees, 5 organisations, 4 persons and its relationships and
// contacts, segmenttest.Sample 38 assessments of its stakeholders (see
// there); into an empty store every one of them is created.
package exchangetest

import (
	"context"
	"errors"
	"testing"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/storetest"
	"github.com/relmap/relmap/segment"
	"github.com/relmap/relmap/segment/segmenttest"
)

// Store is what the suite tests: a graph store that keeps the
// segmentation and the privacy of persons and imports both in one
// transaction.
type Store interface {
	graph.Store
	segment.Store
	segment.Importer
	graph.PrivacyStore[*segment.Assessment]
}

// Run runs the suite. open is called once per subtest and returns a fresh,
// empty store (whose clock is a storetest.Clock); it closes the store
// itself.
func Run(t *testing.T, open func(t *testing.T) Store) {
	for _, tc := range []struct {
		name string
		test func(*testing.T, Store)
	}{
		{"Whole", testWhole},
		{"BadAssessmentWritesNothing", testBadAssessment},
		{"LaterPartFails", testLaterPartFails},
		{"SourceFails", testSourceFails},
		{"EveryProblem", testEveryProblem},
		{"DryRun", testDryRun},
		{"OwnScheme", testOwnScheme},
		{"Restore", func(t *testing.T, s Store) { testRestore(t, s, open) }},
		{"PartsShareNodes", testPartsShareNodes},
		{"PartsRepeatIDs", testPartsRepeatIDs},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.test(t, open(t)) })
	}
}

var ctx = graph.WithActor(context.Background(), "exchangetest")

// state is everything the stores show of the data an import writes.
type state struct {
	Version     int64
	Network     *graph.Network
	Scheme      *segment.Scheme
	Policies    segment.Policies
	Assessments []*segment.Assessment
	Total       int
}

func capture(t *testing.T, s Store) state {
	t.Helper()
	var st state
	var err error
	st.Network, err = graph.ReadNetwork(ctx, s)
	storetest.Must(t, err)
	st.Version = st.Network.Version
	st.Scheme, err = s.Scheme(ctx)
	storetest.Must(t, err)
	st.Policies, err = s.Policies(ctx)
	storetest.Must(t, err)
	st.Assessments, st.Total, err = s.FindAssessments(ctx, segment.AssessmentFilter{Page: graph.Page{Limit: graph.MaxLimit}})
	storetest.Must(t, err)
	return st
}

func unchanged(t *testing.T, s Store, before state) {
	t.Helper()
	if d := storetest.Diff(before, capture(t, s)); d != "" {
		t.Fatalf("the store changed: %s", d)
	}
}

// whole is the sample network with a scheme, a policy table and the sample
// assessments, as one part.
func whole() *segment.Import {
	sc := segment.DefaultScheme()
	sc.Name, sc.ThresholdAccessibility = "imported", 2.5
	ps := segment.DefaultPolicies()
	ps[0].MinContacts = 7
	return &segment.Import{Batch: storetest.Sample(), Scheme: sc, Policies: ps, Assessments: segmenttest.Sample()}
}

// created returns the counts of importing whole into an empty store:
// every record created.
func created(in *segment.Import) segment.ImportResult {
	b := in.Batch
	return segment.ImportResult{
		UpsertResult: graph.UpsertResult{
			Employees:     graph.Counts{Created: len(b.Employees)},
			Organisations: graph.Counts{Created: len(b.Organisations)},
			Persons:       graph.Counts{Created: len(b.Persons)},
			Relationships: graph.Counts{Created: len(b.Relationships)},
			Contacts:      graph.Counts{Created: len(b.Contacts)},
		},
		Assessments:     graph.Counts{Created: len(in.Assessments)},
		SchemeChanged:   true,
		PoliciesChanged: true,
	}
}

// testWhole: network and segmentation in one import move the version once;
// the same import again changes nothing.
func testWhole(t *testing.T, s Store) {
	before := capture(t, s)
	in := whole()
	want := created(in)
	res, err := s.Import(ctx, segment.Parts(in), graph.UpsertOptions{})
	storetest.Must(t, err)
	if d := storetest.Diff(want, *res); d != "" {
		t.Fatalf("result: %s", d)
	}
	after := capture(t, s)
	if after.Version != before.Version+1 {
		t.Fatalf("version %d after one import, want %d", after.Version, before.Version+1)
	}
	if after.Total != 38 || after.Scheme.Name != "imported" || after.Policies[0].MinContacts != 7 {
		t.Fatalf("after the import: %d assessments, scheme %q, policy min contacts %d; want 38, imported, 7",
			after.Total, after.Scheme.Name, after.Policies[0].MinContacts)
	}
	nodes := len(in.Batch.Employees) + len(in.Batch.Organisations) + len(in.Batch.Persons)
	if len(after.Network.Nodes) != nodes || len(after.Network.Edges) != len(in.Batch.Relationships) {
		t.Fatalf("network of %d nodes and %d edges, want %d and %d", len(after.Network.Nodes), len(after.Network.Edges), nodes, len(in.Batch.Relationships))
	}

	again := whole()
	res, err = s.Import(ctx, segment.Parts(again), graph.UpsertOptions{})
	storetest.Must(t, err)
	if res.Changed() || res.Assessments.Unchanged != 38 || res.Persons.Unchanged != len(again.Batch.Persons) {
		t.Fatalf("re-import: %+v, want everything unchanged", *res)
	}
	unchanged(t, s, after)
}

// testBadAssessment: the batch is valid and is written first inside the
// transaction; an assessment of an employee (not a stakeholder) then
// fails, and nothing of the network, the scheme or the policies stays.
func testBadAssessment(t *testing.T, s Store) {
	before := capture(t, s)
	in := whole()
	in.Assessments = append(in.Assessments, &segment.Assessment{StakeholderID: "emp-anna", CriterionID: "yield", Score: 3, Date: storetest.ClockStart})
	_, err := s.Import(ctx, segment.Parts(in), graph.UpsertOptions{})
	var pe *segment.PartError
	if !errors.As(err, &pe) || pe.Part != 0 {
		t.Fatalf("err = %v, want a *segment.PartError of part 0", err)
	}
	storetest.WantErr(t, err, graph.EINVALID, "assessments[38]", "stakeholder_id")
	unchanged(t, s, before)
}

// testLaterPartFails: the first part (network, scheme, policies) is
// written; the second's bad score rolls the first back too.
func testLaterPartFails(t *testing.T, s Store) {
	before := capture(t, s)
	in := whole()
	as := in.Assessments
	in.Assessments = nil
	as[3].Score = 9 // off the default 1–5 scale
	_, err := s.Import(ctx, segment.Parts(in, &segment.Import{Assessments: as}), graph.UpsertOptions{})
	var pe *segment.PartError
	if !errors.As(err, &pe) || pe.Part != 1 {
		t.Fatalf("err = %v, want a *segment.PartError of part 1", err)
	}
	storetest.WantErr(t, err, graph.EINVALID, "assessments[3]", "score")
	unchanged(t, s, before)
}

// testSourceFails: a failure to read the next part (a broken file) rolls
// back what the parts before it wrote, and is returned as it is.
func testSourceFails(t *testing.T, s Store) {
	before := capture(t, s)
	broken := errors.New("the disk went away")
	first := true
	next := func() (*segment.Import, error) {
		if first {
			first = false
			return whole(), nil
		}
		return nil, broken
	}
	if _, err := s.Import(ctx, next, graph.UpsertOptions{}); !errors.Is(err, broken) {
		t.Fatalf("err = %v, want %v", err, broken)
	}
	unchanged(t, s, before)
}

// testEveryProblem: a part with a bad relationship, a bad scheme weight and
// a bad assessment reports all three; the assessment of a stakeholder of
// the (failed) batch is not reported.
func testEveryProblem(t *testing.T, s Store) {
	before := capture(t, s)
	in := whole()
	in.Batch.Relationships[0].Strength = 2
	in.Scheme.Criteria[0].Weight = -1
	in.Assessments[5].Score = 0
	_, err := s.Import(ctx, segment.Parts(in), graph.UpsertOptions{})
	es := storetest.ErrorList(err)
	got := map[string]bool{}
	for _, e := range es {
		got[e.Item+" "+e.Field] = true
	}
	for _, want := range []string{"relationships[0] strength", "scheme criteria[0].weight", "assessments[5] score"} {
		if !got[want] {
			t.Errorf("no problem %q among %v", want, err)
		}
	}
	if len(es) != 3 {
		t.Errorf("%d problems, want 3: %v", len(es), err)
	}
	unchanged(t, s, before)
}

// testDryRun: the counts of a dry run are those of the real import (also
// for assessments of stakeholders the batch creates), and nothing is
// written.
func testDryRun(t *testing.T, s Store) {
	before := capture(t, s)
	in := whole()
	want := created(in)
	res, err := s.Import(ctx, segment.Parts(in), graph.UpsertOptions{DryRun: true})
	storetest.Must(t, err)
	if d := storetest.Diff(want, *res); d != "" {
		t.Fatalf("dry run: %s", d)
	}
	unchanged(t, s, before)
}

// testOwnScheme: assessments on a criterion that only the import's scheme
// has are checked against that scheme, not the stored default.
func testOwnScheme(t *testing.T, s Store) {
	in := whole()
	in.Scheme.Criteria = append(in.Scheme.Criteria, segment.Criterion{ID: "reach", Axis: segment.Attractiveness, NameEN: "Reach", Weight: 1})
	in.Assessments = append(in.Assessments, &segment.Assessment{StakeholderID: "org-fund", CriterionID: "reach", Score: 4, Date: storetest.ClockStart})
	res, err := s.Import(ctx, segment.Parts(in), graph.UpsertOptions{})
	storetest.Must(t, err)
	if res.Assessments.Created != 39 {
		t.Fatalf("%d assessments created, want 38 + 1", res.Assessments.Created)
	}
	_, err = s.Import(ctx, segment.Parts(&segment.Import{Assessments: []*segment.Assessment{
		{StakeholderID: "org-fund", CriterionID: "nosuch", Score: 4, Date: storetest.ClockStart},
	}}), graph.UpsertOptions{})
	storetest.WantErr(t, err, graph.EINVALID, "", "criterion_id")
}

// sampleParts splits storetest.Sample into parts that refer to the nodes
// of the parts before them, as a file of each kind of record does: the
// persons, the first relationships, then the rest with the contacts. Its
// employees and organisations are returned apart, for storing first.
func sampleParts() (stored *graph.Batch, parts []*graph.Batch) {
	b := storetest.Sample()
	stored = &graph.Batch{Employees: b.Employees, Organisations: b.Organisations}
	return stored, []*graph.Batch{
		{Persons: b.Persons},
		{Relationships: b.Relationships[:6]},
		{Relationships: b.Relationships[6:], Contacts: b.Contacts},
	}
}

func importParts(s Store, parts []*graph.Batch) (*segment.ImportResult, error) {
	var in []*segment.Import
	for _, p := range parts {
		in = append(in, &segment.Import{Batch: p})
	}
	return s.Import(ctx, segment.Parts(in...), graph.UpsertOptions{})
}

// testPartsShareNodes: an import of several parts whose records refer to
// nodes stored before it and to nodes its earlier parts wrote, as a large
// CSV file in parts does (stores remember the kinds of those nodes for the
// length of the import: graph.KindCache). A reference of a later part to a
// node of the wrong kind is reported with its part; nothing is stored. The
// import then succeeds, and again changes nothing.
func testPartsShareNodes(t *testing.T, s Store) {
	stored, parts := sampleParts()
	_, err := importParts(s, []*graph.Batch{stored})
	storetest.Must(t, err)
	before := capture(t, s)

	// A works_at tie must end at an organisation; per-gert is a person
	// written by part 0 of the same import.
	_, bad := sampleParts()
	bad[2].Relationships = append(bad[2].Relationships, &graph.Relationship{Type: graph.RelWorksAt, From: "per-dirk", To: "per-gert", Strength: 0.5})
	_, err = importParts(s, bad)
	var pe *segment.PartError
	if !errors.As(err, &pe) || pe.Part != 2 {
		t.Fatalf("err = %v, want a *segment.PartError of part 2", err)
	}
	storetest.WantErr(t, err, graph.EINVALID, "relationships[7]", "to")
	unchanged(t, s, before)

	res, err := importParts(s, parts)
	storetest.Must(t, err)
	b := storetest.Sample()
	if res.Persons.Created != len(b.Persons) || res.Relationships.Created != len(b.Relationships) || res.Contacts.Created != len(b.Contacts) {
		t.Fatalf("import: %+v, want every person, relationship and contact created", *res)
	}
	after := capture(t, s)
	if after.Version != before.Version+1 || len(after.Network.Edges) != len(b.Relationships) {
		t.Fatalf("version %d and %d edges after the import, want %d and %d", after.Version, len(after.Network.Edges), before.Version+1, len(b.Relationships))
	}
	_, again := sampleParts()
	res, err = importParts(s, again)
	storetest.Must(t, err)
	if res.Changed() || res.Relationships.Unchanged != len(b.Relationships) {
		t.Fatalf("re-import: %+v, want everything unchanged", *res)
	}
	unchanged(t, s, after)
}

// testPartsRepeatIDs: into an empty store, a later part of an import
// repeats records of an earlier one (a JSON document or a store's own
// caller may; a CSV file's repeats are the reader's to report), some
// changed and some not. The later part finds them stored by the earlier
// part and counts them as updated or unchanged, and the store holds the
// later versions; stores that skip the look-ups of ids a table cannot
// hold yet (an import into an empty table) must still find these.
func testPartsRepeatIDs(t *testing.T, s Store) {
	first := storetest.Sample()
	as := segmenttest.Sample()
	again := storetest.Sample()
	person, rel, con := again.Persons[0], again.Relationships[0], again.Contacts[0]
	person.Name += " Jr."
	rel2 := again.Relationships[1]
	changedAssessment, sameAssessment := *as[0], *as[1]
	changedAssessment.Score = changedAssessment.Score%5 + 1
	rel.Strength = rel.Strength / 2
	res, err := s.Import(ctx, segment.Parts(
		&segment.Import{Batch: first, Assessments: as},
		&segment.Import{Batch: &graph.Batch{Persons: []*graph.Person{person}, Relationships: []*graph.Relationship{rel, rel2},
			Contacts: []*graph.Contact{con}}, Assessments: []*segment.Assessment{&changedAssessment, &sameAssessment}},
	), graph.UpsertOptions{})
	storetest.Must(t, err)
	b := storetest.Sample()
	want := created(&segment.Import{Batch: b, Assessments: as})
	want.SchemeChanged, want.PoliciesChanged = false, false
	want.Persons.Updated = 1
	want.Relationships.Updated, want.Relationships.Unchanged = 1, 1
	want.Contacts.Unchanged = 1
	want.Assessments.Updated, want.Assessments.Unchanged = 1, 1
	if d := storetest.Diff(want, *res); d != "" {
		t.Fatalf("result: %s", d)
	}
	got, err := s.FindPersonByID(ctx, person.ID)
	storetest.Must(t, err)
	if got.Name != person.Name {
		t.Errorf("person %s named %q, want the later part's %q", person.ID, got.Name, person.Name)
	}
	net, err := graph.ReadNetwork(ctx, s)
	storetest.Must(t, err)
	for _, e := range net.Edges {
		if e.ID == rel.ID && e.Strength != rel.Strength {
			t.Errorf("relationship %s of strength %v, want the later part's %v", rel.ID, e.Strength, rel.Strength)
		}
	}
	if len(net.Edges) != len(b.Relationships) {
		t.Errorf("%d relationships stored, want %d", len(net.Edges), len(b.Relationships))
	}
}
