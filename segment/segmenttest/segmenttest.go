// Package segmenttest is the conformance suite of segment.Store: one set of
// tests that every store implementing it beside graph.Store (sqlitestore,
// neo4jstore) passes, as graph/storetest is for graph.Store.
//
// A store's own test calls Run with a function that opens a fresh, empty
// store whose clock is a new storetest.Clock, and returns it twice, once as
// each interface:
//
//	func TestSegmentConformance(t *testing.T) {
//		segmenttest.Run(t, func(t *testing.T) (graph.Store, segment.Store) {
//			s, err := sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "relmap.db"),
//				sqlitestore.WithNow(new(storetest.Clock).Now))
//			if err != nil {
//				t.Fatal(err)
//			}
//			t.Cleanup(func() { s.Close() })
//			return s, s
//		})
//	}
//
// The subtests run one after the other (a Neo4j server holds one database
// for all of them). They load storetest.Sample through graph.Store.Upsert
// for stakeholders, and this package's Sample for assessments. Expected
// values come from what the tests put in, after segment's normalization.
//
// # The rules a store follows
//
// segment.Store's doc comments state the contract; these are the rules it
// leaves implicit, which the suite pins so that every store behaves alike.
//
// Empty store. "Fresh and empty" means no nodes, no assessments and no
// saved scheme or policy table. Scheme then returns segment.DefaultScheme()
// and Policies segment.DefaultPolicies().
//
// Scheme and policies.
//
//   - SaveScheme calls Scheme.Validate and SavePolicies Policies.Validate
//     before anything else, and returns their graph.Errors as they are
//     (code EINVALID, Field as Validate names it: "criteria[0].weight",
//     "criteria", "threshold_accessibility", "scale.max"; for policies Item
//     "policies[i]" with Field "min_contacts", or Field "policies" for a
//     missing segment). A nil scheme is EINVALID too. An invalid document
//     stores nothing and leaves the version alone.
//   - What was saved reads back equal: reflect.DeepEqual except that a nil
//     and an empty slice are equal, and policies in the order saved. Storing
//     the encoding/json document (as sqlitestore does) gives exactly that.
//   - Every call of Scheme and Policies returns a new value: changing it, or
//     the value that was saved, changes nothing stored.
//   - A save that changes the stored document moves the version; saving the
//     document that is stored already (the same encoding/json bytes) changes
//     nothing, not even the version. The first save always stores, even of
//     the defaults.
//   - Saving a scheme keeps every stored assessment, also those whose
//     criterion or score no longer fits (Place reports them as missing).
//
// Assessments.
//
//   - UpsertAssessments runs segment.PlanAssessments inside one write
//     transaction, with the scheme stored in that transaction (a saved
//     scheme's scale and criteria decide which scores are accepted) and a
//     segment.AssessmentLookup reading the same transaction. It writes the
//     assessments the plan returns, all or nothing, and moves the version
//     exactly when the plan created or updated something. With
//     opts.DryRun it plans (in a read transaction or one it rolls back),
//     returns the same counts and errors, and writes nothing. Plan errors
//     (graph.Errors, with Item "assessments[i]" in batches) are returned as
//     they are; the records passed in are normalized and audited in place,
//     as PlanAssessments leaves them. An empty batch returns zero counts and
//     changes nothing.
//   - The lookup: StoredNodes reports every stored node among the ids with
//     its Kind (as for graph.PlanUpsert); StoredAssessments reports the
//     stored assessments among the ids with the Hash computed when they were
//     written (Assessment.Hash of the planned record) and their audit, Kind
//     empty. Ids not stored are absent. Both may get many ids at once.
//   - Dates and audit times are kept to the millisecond and read back in
//     UTC (PlanAssessments has already truncated them).
//   - Clock: UpsertAssessments takes exactly one reading of the store's
//     clock per call, dry runs and failing calls included, before any
//     transaction function that a driver may retry, and passes it to
//     PlanAssessments (which may safely run again on the same records in a
//     retry); Scheme, SaveScheme, Policies, SavePolicies, FindAssessments
//     and DeleteAssessment take none. Together with storetest's rule for
//     graph.Store (one reading per write), two stores fed the same calls
//     record the same times.
//   - FindAssessments orders by stakeholder id, criterion id, date (as an
//     instant) and id, comparing ids by their bytes as Go does ("Z" before
//     "a"). StakeholderID and CriterionID match exactly. Until keeps dates
//     at or before it as instants, whatever its location or sub-millisecond
//     digits; an Until pointing at the zero time does not filter, like
//     Place's zero asOf, so that callers can pass &asOf. The int is the
//     number of matches before paging; the page is checked with
//     graph.Page.Normalize (EINVALID "offset" or "limit", a zero Limit is
//     graph.DefaultLimit). No match is an empty (or nil) slice and 0.
//   - DeleteAssessment deletes one assessment and moves the version; a
//     missing id is ENOTFOUND and changes nothing.
//   - Deleting a stakeholder with graph.Store.DeleteOrganisation or
//     DeletePerson deletes its assessments in the same write, and nobody
//     else's; creating the stakeholder again does not bring them back.
//     Other graph writes (updating the stakeholder, deleting the employee
//     who owns it) leave assessments alone.
//
// Version. graph.Store.Version is the one change counter of the store:
// segment writes move it as graph writes do, and it never goes down.
package segmenttest

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/storetest"
	"github.com/relmap/relmap/segment"
)

// Run runs the conformance suite against the stores open returns. open is
// called once per subtest and must return a fresh, empty store whose clock
// is a new storetest.Clock, as both interfaces (usually one value twice); it
// closes the store itself (t.Cleanup).
func Run(t *testing.T, open func(t *testing.T) (graph.Store, segment.Store)) {
	for _, tc := range suite {
		t.Run(tc.name, func(t *testing.T) {
			g, s := open(t)
			tc.test(t, stores{g, s})
		})
	}
}

// stores is the store under test, as each interface.
type stores struct {
	g graph.Store
	s segment.Store
}

var suite = []struct {
	name string
	test func(*testing.T, stores)
}{
	{"Defaults", testDefaults},
	{"SchemeRoundTrip", testSchemeRoundTrip},
	{"SchemeInvalid", testSchemeInvalid},
	{"PoliciesRoundTrip", testPoliciesRoundTrip},
	{"PoliciesInvalid", testPoliciesInvalid},
	{"UpsertAssessments", testUpsertAssessments},
	{"AssessmentDates", testAssessmentDates},
	{"AssessmentsBadInput", testAssessmentsBadInput},
	{"AssessmentsAllOrNothing", testAssessmentsAllOrNothing},
	{"AssessmentsDryRun", testAssessmentsDryRun},
	{"StoredSchemeGoverns", testStoredSchemeGoverns},
	{"FindAssessments", testFindAssessments},
	{"DeleteAssessment", testDeleteAssessment},
	{"DeleteStakeholder", testDeleteStakeholder},
	{"Place", testPlace},
	{"ReadSegmentation", testReadSegmentation},
	{"ReadScores", testReadScores},
}

// as returns a context whose actor is actor.
func as(actor string) context.Context {
	return graph.WithActor(context.Background(), actor)
}

var bg = context.Background()

// problem is one error of a batch, for comparing whole error lists.
type problem struct{ Code, Item, Field string }

func problems(err error) []problem {
	var out []problem
	for _, e := range storetest.ErrorList(err) {
		out = append(out, problem{e.Code, e.Item, e.Field})
	}
	return out
}

func version(t *testing.T, st stores) int64 {
	t.Helper()
	v, err := st.g.Version(bg)
	storetest.Must(t, err)
	return v
}

// wantMoved fails t unless the version moved up from before and returns it.
func wantMoved(t *testing.T, st stores, before int64, what string) int64 {
	t.Helper()
	v := version(t, st)
	if v <= before {
		t.Fatalf("after %s: version %d, want more than %d", what, v, before)
	}
	return v
}

func wantSameVersion(t *testing.T, st stores, before int64, what string) {
	t.Helper()
	if v := version(t, st); v != before {
		t.Fatalf("after %s: version %d, want %d (unchanged)", what, v, before)
	}
}

// same fails t when got differs from want.
func same(t *testing.T, what string, want, got any) {
	t.Helper()
	if d := storetest.Diff(want, got); d != "" {
		t.Fatalf("%s: %s", what, d)
	}
}

func ptr[T any](v T) *T { return &v }

// state is everything the segmentation of a store shows: the version, the
// scheme, the policies and every assessment.
type state struct {
	Version     int64
	Scheme      *segment.Scheme
	Policies    segment.Policies
	Assessments []*segment.Assessment
}

func capture(t *testing.T, st stores) state {
	t.Helper()
	sc, err := st.s.Scheme(bg)
	storetest.Must(t, err)
	ps, err := st.s.Policies(bg)
	storetest.Must(t, err)
	return state{Version: version(t, st), Scheme: sc, Policies: ps, Assessments: all(t, st, segment.AssessmentFilter{})}
}

// unchanged fails t when the store no longer shows the state before.
func unchanged(t *testing.T, st stores, before state) {
	t.Helper()
	if d := storetest.Diff(before, capture(t, st)); d != "" {
		t.Fatalf("the store changed: %s", d)
	}
}

// all pages through the assessments f selects with the largest pages
// allowed (f's own page is ignored).
func all(t *testing.T, st stores, f segment.AssessmentFilter) []*segment.Assessment {
	t.Helper()
	var out []*segment.Assessment
	for {
		f.Page = graph.Page{Offset: len(out), Limit: graph.MaxLimit}
		xs, total, err := st.s.FindAssessments(bg, f)
		if err != nil {
			t.Fatalf("list assessments: %v", err)
		}
		out = append(out, xs...)
		if len(xs) == 0 || len(out) >= total {
			if len(out) != total {
				t.Fatalf("list assessments: got %d, total says %d", len(out), total)
			}
			return out
		}
	}
}

// sorted returns xs in the order of FindAssessments.
func sorted(xs []*segment.Assessment) []*segment.Assessment {
	return slices.SortedFunc(slices.Values(xs), func(a, b *segment.Assessment) int {
		return cmp.Or(cmp.Compare(a.StakeholderID, b.StakeholderID), cmp.Compare(a.CriterionID, b.CriterionID),
			a.Date.Compare(b.Date), cmp.Compare(a.ID, b.ID))
	})
}

// ids returns the ids of xs.
func ids(xs []*segment.Assessment) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = x.ID
	}
	return out
}

// without returns xs without the assessments for which drop is true.
func without(xs []*segment.Assessment, drop func(*segment.Assessment) bool) []*segment.Assessment {
	return slices.DeleteFunc(slices.Clone(xs), drop)
}

// wantIDs fails t unless a listing returned the assessments want in order
// and total matches.
func wantIDs(t *testing.T, what string, xs []*segment.Assessment, total int, err error, want []string, wantTotal int) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if got := ids(xs); !slices.Equal(got, want) || total != wantTotal {
		t.Fatalf("%s: got [%s] of %d, want [%s] of %d", what,
			strings.Join(got, " "), total, strings.Join(want, " "), wantTotal)
	}
}

// loadSample puts storetest.Sample into the store (the first write, so its
// time is storetest.ClockStart).
func loadSample(t *testing.T, st stores) {
	t.Helper()
	_, err := st.g.Upsert(as("importer"), sampleNetwork(), graph.UpsertOptions{})
	storetest.Must(t, err)
}

// loadAssessments puts storetest.Sample and Sample into the store and
// returns the assessments as stored.
func loadAssessments(t *testing.T, st stores) []*segment.Assessment {
	t.Helper()
	loadSample(t, st)
	xs := Sample()
	_, err := st.s.UpsertAssessments(as("assessor"), xs, graph.UpsertOptions{})
	storetest.Must(t, err)
	return sorted(xs)
}
