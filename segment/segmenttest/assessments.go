package segmenttest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/storetest"
	"github.com/relmap/relmap/segment"
)

// pick returns the assessment of xs with the given stakeholder, criterion
// and date.
func pick(t *testing.T, xs []*segment.Assessment, stakeholder, criterion string, date time.Time) *segment.Assessment {
	t.Helper()
	for _, x := range xs {
		if x.StakeholderID == stakeholder && x.CriterionID == criterion && x.Date.Equal(date) {
			return x
		}
	}
	t.Fatalf("no assessment of %s on %s at %v", stakeholder, criterion, date)
	return nil
}

// testUpsertAssessments loads Sample, loads it again (nothing changes) and
// then a changed copy (only the changes are written), checking counts,
// version, audit and what is stored at each step. The store's clock, a new
// storetest.Clock, is read once per write: loading storetest.Sample takes
// ClockStart (tick 0), and every UpsertAssessments call the next second.
func testUpsertAssessments(t *testing.T, st stores) {
	loadSample(t, st)
	v0 := version(t, st)
	tick := func(n int) time.Time { return storetest.ClockStart.Add(time.Duration(n) * time.Second) }

	xs := Sample()
	c, err := st.s.UpsertAssessments(as("assessor"), xs, graph.UpsertOptions{}) // tick 1
	storetest.Must(t, err)
	same(t, "counts", graph.Counts{Created: 38}, c)
	v1 := wantMoved(t, st, v0, "upserting assessments")
	created := graph.Audit{CreatedAt: tick(1), UpdatedAt: tick(1), CreatedBy: "assessor", UpdatedBy: "assessor"}
	for _, x := range xs {
		same(t, "audit of "+x.ID, created, x.Audit)
		if want := segment.AssessmentID(x.StakeholderID, x.CriterionID, x.Date); x.ID != want {
			t.Fatalf("id %q, want the derived %q", x.ID, want)
		}
	}
	if xs[0].ID != "org-fund:yield:2026-01-15" {
		t.Fatalf("first id %q, want org-fund:yield:2026-01-15", xs[0].ID)
	}
	same(t, "stored", sorted(xs), all(t, st, segment.AssessmentFilter{}))

	// The same again, by somebody else: nothing changes, not even the
	// version or the audit, and the records get the stored audit.
	ys := Sample()
	c, err = st.s.UpsertAssessments(as("someone-else"), ys, graph.UpsertOptions{}) // tick 2
	storetest.Must(t, err)
	same(t, "counts of the second upsert", graph.Counts{Unchanged: 38}, c)
	wantSameVersion(t, st, v1, "upserting the same assessments again")
	same(t, "records after the second upsert", xs, ys)
	same(t, "stored after the second upsert", sorted(xs), all(t, st, segment.AssessmentFilter{}))

	// A dry run and a failing upsert take one reading of the clock each;
	// the other methods none.
	_, err = st.s.UpsertAssessments(as("editor"), Sample(), graph.UpsertOptions{DryRun: true}) // tick 3
	storetest.Must(t, err)
	_, err = st.s.UpsertAssessments(as("editor"), []*segment.Assessment{{StakeholderID: "org-gp", CriterionID: "fit", Date: march}}, graph.UpsertOptions{}) // tick 4
	storetest.WantErr(t, err, graph.EINVALID, "", "score")
	wantSameVersion(t, st, v1, "a dry run and a failing upsert")
	storetest.Must(t, st.s.SaveScheme(as("editor"), segment.DefaultScheme()))
	storetest.Must(t, st.s.SavePolicies(as("editor"), segment.DefaultPolicies()))
	storetest.WantErr(t, st.s.DeleteAssessment(as("editor"), "org-gp:fit:2026-03-01"), graph.ENOTFOUND, "", "")
	capture(t, st) // reads every method's view
	v1 = version(t, st)

	// Two changes and one re-assessment.
	zs := Sample()
	pick(t, zs, "org-kvk", "yield", january).Score = 2
	pick(t, zs, "per-dirk", "openness", january).Comment = "very open since the merger"
	zs = append(zs, &segment.Assessment{StakeholderID: "per-eva", CriterionID: "familiarity", Score: 3, Date: march, Assessor: "emp-cees"})
	c, err = st.s.UpsertAssessments(as("editor"), zs, graph.UpsertOptions{}) // tick 5
	storetest.Must(t, err)
	same(t, "counts of the upsert with changes", graph.Counts{Created: 1, Updated: 2, Unchanged: 36}, c)
	v2 := wantMoved(t, st, v1, "upserting changes")
	updated := graph.Audit{CreatedAt: tick(1), CreatedBy: "assessor", UpdatedAt: tick(5), UpdatedBy: "editor"}
	same(t, "audit of an updated score", updated, pick(t, zs, "org-kvk", "yield", january).Audit)
	same(t, "audit of an updated comment", updated, pick(t, zs, "per-dirk", "openness", january).Audit)
	same(t, "audit of a re-assessment", graph.Audit{CreatedAt: tick(5), UpdatedAt: tick(5), CreatedBy: "editor", UpdatedBy: "editor"},
		zs[len(zs)-1].Audit)
	same(t, "audit of an unchanged score", created, pick(t, zs, "org-fund", "yield", january).Audit)
	same(t, "stored after the changes", sorted(zs), all(t, st, segment.AssessmentFilter{}))

	// An empty batch does nothing.
	c, err = st.s.UpsertAssessments(as("editor"), nil, graph.UpsertOptions{})
	storetest.Must(t, err)
	same(t, "counts of an empty batch", graph.Counts{}, c)
	wantSameVersion(t, st, v2, "an empty upsert")
}

// testAssessmentDates checks that dates are kept to the millisecond as
// instants and read back in UTC, and that ids derive from the stored date.
func testAssessmentDates(t *testing.T, st stores) {
	loadSample(t, st)
	cet := time.FixedZone("CET", 3600)
	in := func() []*segment.Assessment {
		return []*segment.Assessment{
			// 01:00 CET is midnight UTC: the id carries the day only.
			{StakeholderID: "org-gp", CriterionID: "yield", Score: 3, Date: time.Date(2026, 2, 1, 1, 0, 0, 0, cet)},
			// Sub-millisecond digits are dropped, also from the derived id.
			{StakeholderID: "org-gp", CriterionID: "fit", Score: 4, Date: time.Date(2026, 2, 1, 10, 30, 15, 123_456_789, cet)},
			{ID: "ass-gp-image", StakeholderID: "org-gp", CriterionID: "image", Score: 2,
				Date: time.Date(2026, 2, 1, 23, 59, 59, 999_999_999, time.UTC)},
		}
	}
	xs := in()
	_, err := st.s.UpsertAssessments(as("assessor"), xs, graph.UpsertOptions{})
	storetest.Must(t, err)
	want := []struct {
		id   string
		date time.Time
	}{
		{"org-gp:yield:2026-02-01", time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)},
		{"org-gp:fit:2026-02-01T09:30:15.123Z", time.Date(2026, 2, 1, 9, 30, 15, 123_000_000, time.UTC)},
		{"ass-gp-image", time.Date(2026, 2, 1, 23, 59, 59, 999_000_000, time.UTC)},
	}
	for i, w := range want {
		if xs[i].ID != w.id || xs[i].Date != w.date {
			t.Fatalf("assessment %d: id %q dated %v, want %q dated %v", i, xs[i].ID, xs[i].Date, w.id, w.date)
		}
	}
	got := all(t, st, segment.AssessmentFilter{})
	same(t, "stored", sorted(xs), got)
	for _, x := range got {
		if x.Date.Location() != time.UTC || x.CreatedAt.Location() != time.UTC || x.UpdatedAt.Location() != time.UTC {
			t.Fatalf("%s: times %v, %v, %v; want UTC", x.ID, x.Date, x.CreatedAt, x.UpdatedAt)
		}
	}

	// The same input again is the same records.
	v := version(t, st)
	c, err := st.s.UpsertAssessments(as("assessor"), in(), graph.UpsertOptions{})
	storetest.Must(t, err)
	same(t, "counts of the same dates again", graph.Counts{Unchanged: 3}, c)
	wantSameVersion(t, st, v, "upserting the same dates again")
}

// testAssessmentsBadInput runs every kind of bad call against a store
// holding storetest.Sample and Sample, and checks the error code, item and
// field, and that the store did not change.
func testAssessmentsBadInput(t *testing.T, st stores) {
	stored := loadAssessments(t, st)
	day := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	upsert := func(opts graph.UpsertOptions, xs ...*segment.Assessment) func(context.Context) error {
		return func(ctx context.Context) error {
			_, err := st.s.UpsertAssessments(ctx, xs, opts)
			return err
		}
	}
	one := func(x segment.Assessment) func(context.Context) error { return upsert(graph.UpsertOptions{}, &x) }
	good := segment.Assessment{StakeholderID: "org-gp", CriterionID: "yield", Score: 3, Date: day}
	with := func(change func(*segment.Assessment)) segment.Assessment {
		x := good
		change(&x)
		return x
	}
	storedCopy := *stored[0]
	storedCopy.Audit = graph.Audit{}
	find := func(f segment.AssessmentFilter) func(context.Context) error {
		return func(ctx context.Context) error {
			_, _, err := st.s.FindAssessments(ctx, f)
			return err
		}
	}
	for _, tc := range []struct {
		name              string
		call              func(context.Context) error
		code, item, field string
	}{
		{"score 0", one(with(func(x *segment.Assessment) { x.Score = 0 })), graph.EINVALID, "", "score"},
		{"score 6", one(with(func(x *segment.Assessment) { x.Score = 6 })), graph.EINVALID, "", "score"},
		{"negative score", one(with(func(x *segment.Assessment) { x.Score = -3 })), graph.EINVALID, "", "score"},
		{"stored assessment changed to score 6", one(func() segment.Assessment { x := storedCopy; x.Score = 6; return x }()), graph.EINVALID, "", "score"},
		{"unknown criterion", one(with(func(x *segment.Assessment) { x.CriterionID = "charm" })), graph.EINVALID, "", "criterion_id"},
		{"no criterion", one(with(func(x *segment.Assessment) { x.CriterionID = " " })), graph.EINVALID, "", "criterion_id"},
		{"missing stakeholder", one(with(func(x *segment.Assessment) { x.StakeholderID = "org-nobody" })), graph.EINVALID, "", "stakeholder_id"},
		{"stakeholder is an employee", one(with(func(x *segment.Assessment) { x.StakeholderID = "emp-anna" })), graph.EINVALID, "", "stakeholder_id"},
		{"no stakeholder", one(with(func(x *segment.Assessment) { x.StakeholderID = "" })), graph.EINVALID, "", "stakeholder_id"},
		{"no date", one(with(func(x *segment.Assessment) { x.Date = time.Time{} })), graph.EINVALID, "", "date"},
		{"id with white space", one(with(func(x *segment.Assessment) { x.ID = "ass 1" })), graph.EINVALID, "", "id"},
		{"assessor too long", one(with(func(x *segment.Assessment) { x.Assessor = strings.Repeat("x", graph.MaxNameLen+1) })), graph.EINVALID, "", "assessor"},
		{"one id twice in the batch", upsert(graph.UpsertOptions{}, &segment.Assessment{ID: "ass-1", StakeholderID: "org-gp", CriterionID: "yield", Score: 3, Date: day},
			&segment.Assessment{ID: "ass-1", StakeholderID: "org-gp", CriterionID: "fit", Score: 3, Date: day}), graph.EINVALID, "assessments[1]", "id"},
		{"nil assessment", upsert(graph.UpsertOptions{}, &good, nil), graph.EINVALID, "assessments[1]", ""},
		{"dry run of a bad score", upsert(graph.UpsertOptions{DryRun: true}, ptr(with(func(x *segment.Assessment) { x.Score = 6 }))), graph.EINVALID, "", "score"},
		{"create only, stored", upsert(graph.UpsertOptions{CreateOnly: true}, ptr(storedCopy)), graph.ECONFLICT, "", "id"},
		{"update only, new", upsert(graph.UpsertOptions{UpdateOnly: true}, ptr(good)), graph.ENOTFOUND, "", ""},
		{"if hash, changed meanwhile", upsert(graph.UpsertOptions{IfHash: "0123456789abcdef"}, ptr(with(func(x *segment.Assessment) { *x = storedCopy; x.Score = 1 }))),
			graph.ECONFLICT, "", "id"},
		{"delete missing", func(ctx context.Context) error { return st.s.DeleteAssessment(ctx, "org-gp:yield:2026-04-01") }, graph.ENOTFOUND, "", ""},
		{"delete empty id", func(ctx context.Context) error { return st.s.DeleteAssessment(ctx, "") }, graph.ENOTFOUND, "", ""},
		{"negative offset", find(segment.AssessmentFilter{Page: graph.Page{Offset: -1}}), graph.EINVALID, "", "offset"},
		{"limit above the maximum", find(segment.AssessmentFilter{Page: graph.Page{Limit: graph.MaxLimit + 1}}), graph.EINVALID, "", "limit"},
		{"negative limit", find(segment.AssessmentFilter{Page: graph.Page{Limit: -1}}), graph.EINVALID, "", "limit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := capture(t, st)
			storetest.WantErr(t, tc.call(as("mallory")), tc.code, tc.item, tc.field)
			unchanged(t, st, before)
		})
	}
	same(t, "stored after the bad calls", stored, all(t, st, segment.AssessmentFilter{}))
}

// testAssessmentsAllOrNothing sends a batch with good and bad assessments:
// every problem is reported, in input order with the record it is in, and
// nothing is written.
func testAssessmentsAllOrNothing(t *testing.T, st stores) {
	loadAssessments(t, st)
	before := capture(t, st)
	batch := func() []*segment.Assessment {
		return []*segment.Assessment{
			{StakeholderID: "org-gp", CriterionID: "yield", Score: 3, Date: march},                 // new
			{StakeholderID: "org-fund", CriterionID: "yield", Score: 1, Date: january},             // an update
			{StakeholderID: "org-gp", CriterionID: "fit", Score: 6, Date: march},                   // score
			{StakeholderID: "org-nobody", CriterionID: "fit", Score: 3, Date: march},               // stakeholder_id
			{StakeholderID: "emp-cees", CriterionID: "charm", Score: 3, Date: march},               // criterion_id, stakeholder_id
			{StakeholderID: "org-gp", CriterionID: "yield", Score: 4, Date: march, Comment: "bis"}, // the id of [0]
		}
	}
	want := []problem{
		{graph.EINVALID, "assessments[2]", "score"},
		{graph.EINVALID, "assessments[3]", "stakeholder_id"},
		{graph.EINVALID, "assessments[4]", "criterion_id"},
		{graph.EINVALID, "assessments[4]", "stakeholder_id"},
		{graph.EINVALID, "assessments[5]", "id"},
	}
	_, err := st.s.UpsertAssessments(as("importer"), batch(), graph.UpsertOptions{})
	storetest.WantErr(t, err, graph.EINVALID, "", "")
	same(t, "problems reported", want, problems(err))
	unchanged(t, st, before)

	_, err = st.s.UpsertAssessments(as("importer"), batch(), graph.UpsertOptions{DryRun: true})
	same(t, "problems reported by a dry run", want, problems(err))
	unchanged(t, st, before)
}

// testAssessmentsDryRun checks that a dry run counts as a real upsert would
// and writes nothing.
func testAssessmentsDryRun(t *testing.T, st stores) {
	loadSample(t, st)
	before := capture(t, st)
	c, err := st.s.UpsertAssessments(as("assessor"), Sample(), graph.UpsertOptions{DryRun: true})
	storetest.Must(t, err)
	same(t, "dry-run counts on a store without assessments", graph.Counts{Created: 38}, c)
	unchanged(t, st, before)

	_, err = st.s.UpsertAssessments(as("assessor"), Sample(), graph.UpsertOptions{})
	storetest.Must(t, err)
	loaded := capture(t, st)
	xs := Sample()
	pick(t, xs, "org-city", "fit", january).Score = 5
	xs = append(xs, &segment.Assessment{StakeholderID: "per-gert", CriterionID: "image", Score: 2, Date: march})
	c, err = st.s.UpsertAssessments(as("assessor"), xs, graph.UpsertOptions{DryRun: true})
	storetest.Must(t, err)
	same(t, "dry-run counts", graph.Counts{Created: 1, Updated: 1, Unchanged: 37}, c)
	unchanged(t, st, loaded)
}

// testStoredSchemeGoverns checks that UpsertAssessments judges scores and
// criteria by the scheme stored at the time, and that saving a scheme keeps
// assessments that no longer fit.
func testStoredSchemeGoverns(t *testing.T, st stores) {
	stored := loadAssessments(t, st)
	storetest.Must(t, st.s.SaveScheme(as("editor"), wideScheme()))
	extra := func() []*segment.Assessment {
		return []*segment.Assessment{
			{StakeholderID: "org-gp", CriterionID: "reach", Score: 8, Date: march},
			{StakeholderID: "org-gp", CriterionID: "yield", Score: 10, Date: march},
		}
	}
	xs := extra()
	c, err := st.s.UpsertAssessments(as("assessor"), xs, graph.UpsertOptions{})
	storetest.Must(t, err)
	same(t, "counts under the 1–10 scheme", graph.Counts{Created: 2}, c)
	c, err = st.s.UpsertAssessments(as("assessor"), Sample(), graph.UpsertOptions{})
	storetest.Must(t, err)
	same(t, "counts of Sample again under the 1–10 scheme", graph.Counts{Unchanged: 38}, c)

	// Back to the default scheme: the stored assessments stay, but the same
	// two no longer pass.
	storetest.Must(t, st.s.SaveScheme(as("editor"), segment.DefaultScheme()))
	want := sorted(append(stored, xs...))
	same(t, "stored after saving a narrower scheme", want, all(t, st, segment.AssessmentFilter{}))
	before := capture(t, st)
	_, err = st.s.UpsertAssessments(as("assessor"), extra(), graph.UpsertOptions{})
	same(t, "problems under the default scheme", []problem{
		{graph.EINVALID, "assessments[0]", "criterion_id"},
		{graph.EINVALID, "assessments[0]", "score"},
		{graph.EINVALID, "assessments[1]", "score"},
	}, problems(err))
	unchanged(t, st, before)
}
