// Package storetest is the conformance suite of graph.Store: one set of
// tests that every store (sqlitestore, neo4jstore) passes, in the manner of
// gonum's graph/testgraph.
//
// A store's own test calls Run with a function that opens a fresh, empty
// store whose clock is a new Clock:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) graph.Store {
//			s, err := sqlitestore.Open(ctx, filepath.Join(t.TempDir(), "relmap.db"),
//				sqlitestore.WithNow(new(storetest.Clock).Now))
//			if err != nil {
//				t.Fatal(err)
//			}
//			t.Cleanup(func() { s.Close() })
//			return s
//		})
//	}
//
// The subtests run one after the other (stores such as Neo4j share one
// database between them). Expected values come from the records the tests
// put in, after graph's normalization; the few conventions graph.Store does
// not spell out are pinned here so that every store behaves alike:
//
//   - Node listings are ordered by the bytes of the name (Go's string order:
//     "Zed" before "ada"), then by id.
//   - NodeFilter.OwnerID pointing at "" selects nodes without an owner; a Name
//     filter matches literally ("_" and "%" are no wildcards).
//   - Deleting an employee who owns organisations or persons (a forced
//     delete) changes those records: their OwnerID becomes "", their
//     UpdatedAt and UpdatedBy become the delete's time and actor, and a
//     later upsert that names the owner again counts as an update. A
//     hand-over changes the records it moves alike.
//   - A store takes one reading of its clock per write, so that two stores
//     with new Clocks fed the same writes record the same times.
//   - Version never goes down and moves on every write that changes data.
package storetest

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
)

// ClockStart is the first time a Clock returns.
var ClockStart = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// Clock is a fixed, advancing clock for stores under test: the first call of
// Now returns ClockStart and each call one second later than the one before.
// The zero value is ready to use; a Clock is safe for concurrent use.
type Clock struct {
	mu sync.Mutex
	n  int64
}

// Now returns the next time of c.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := ClockStart.Add(time.Duration(c.n) * time.Second)
	c.n++
	return t
}

// Run runs the conformance suite against the stores open returns. open is
// called once per subtest and must return an empty store whose clock is a
// new Clock; it closes the store itself (t.Cleanup).
func Run(t *testing.T, open func(t *testing.T) graph.Store) {
	for _, tc := range suite {
		t.Run(tc.name, func(t *testing.T) { tc.test(t, open(t)) })
	}
}

var suite = []struct {
	name string
	test func(*testing.T, graph.Store)
}{
	{"Empty", testEmpty},
	{"EmployeeLifecycle", testEmployeeLifecycle},
	{"OrganisationLifecycle", testOrganisationLifecycle},
	{"PersonLifecycle", testPersonLifecycle},
	{"RelationshipLifecycle", testRelationshipLifecycle},
	{"ContactLifecycle", testContactLifecycle},
	{"Normalization", testNormalization},
	{"Times", testTimes},
	{"Audit", testAudit},
	{"BadInput", testBadInput},
	{"NodeFilters", testNodeFilters},
	{"DefaultLimit", testDefaultLimit},
	{"RelationshipFilters", testRelationshipFilters},
	{"ContactFilters", testContactFilters},
	{"UpsertSample", testUpsertSample},
	{"UpsertChanges", testUpsertChanges},
	{"UpsertAllOrNothing", testUpsertAllOrNothing},
	{"UpsertConflicts", testUpsertConflicts},
	{"UpsertDryRun", testUpsertDryRun},
	{"DeleteEmployeeCascades", testDeleteEmployeeCascades},
	{"DeleteOrganisationCascades", testDeleteOrganisationCascades},
	{"DeletePersonCascades", testDeletePersonCascades},
	{"EmployeeEnd", testEmployeeEnd},
	{"DeleteEmployeeRefused", testDeleteEmployeeRefused},
	{"Handover", testHandover},
	{"Version", testVersion},
	{"Network", testNetwork},
	{"NetworkVisitorError", testNetworkVisitorError},
	{"NetworkParts", testNetworkParts},
	{"PathRules", testPathRules},
	{"LoadRules", testLoadRules},
	{"CaptureSettings", testCaptureSettings},
	{"CaptureImport", testCaptureImport},
	{"IntroLifecycle", testIntroLifecycle},
	{"IntroRefused", testIntroRefused},
	{"IntroFiltersAndCascade", testIntroFiltersAndCascade},
	{"IntroRestore", testIntroRestore},
	{"PlanLifecycle", testPlanLifecycle},
	{"PlanClose", testPlanClose},
	{"PlanRestore", testPlanRestore},
	{"ActionLifecycle", testActionLifecycle},
	{"ActionClosedByContact", testActionClosedByContact},
	{"RollUpByContactDay", testRollUpByContactDay},
	{"PlanErasure", testPlanErasure},
	{"Changes", testChanges},
}

// as returns a context whose actor is actor.
func as(actor string) context.Context {
	return graph.WithActor(context.Background(), actor)
}

var bg = context.Background()

// Must fails t at once when err is not nil.
func Must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

// ErrorList returns the *graph.Error values in err's chain.
func ErrorList(err error) []*graph.Error {
	var es graph.Errors
	if errors.As(err, &es) {
		return es
	}
	var e *graph.Error
	if errors.As(err, &e) {
		return []*graph.Error{e}
	}
	return nil
}

// WantErr fails t unless graph.ErrorCode(err) is code and, when item or
// field is set, err holds an error with that code, item and field.
func WantErr(t *testing.T, err error, code, item, field string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s (item %q, field %q)", code, item, field)
	}
	if got := graph.ErrorCode(err); got != code {
		t.Fatalf("error code %q, want %q; error: %v", got, code, err)
	}
	if item == "" && field == "" {
		return
	}
	for _, e := range ErrorList(err) {
		if e.Code == code && e.Item == item && e.Field == field {
			return
		}
	}
	t.Fatalf("error %q holds no %s with item %q and field %q", err, code, item, field)
}

func version(t *testing.T, s graph.Store) int64 {
	t.Helper()
	v, err := s.Version(bg)
	Must(t, err)
	return v
}

// wantMoved fails t unless the version moved up from before and returns it.
func wantMoved(t *testing.T, s graph.Store, before int64, what string) int64 {
	t.Helper()
	v := version(t, s)
	if v <= before {
		t.Fatalf("after %s: version %d, want more than %d", what, v, before)
	}
	return v
}

func wantSameVersion(t *testing.T, s graph.Store, before int64, what string) {
	t.Helper()
	if v := version(t, s); v != before {
		t.Fatalf("after %s: version %d, want %d (unchanged)", what, v, before)
	}
}

// same fails t when got differs from want.
func same(t *testing.T, what string, want, got any) {
	t.Helper()
	if d := Diff(want, got); d != "" {
		t.Fatalf("%s: %s", what, d)
	}
}

// clockTime fails t unless x looks like a time taken from a Clock by a
// store: UTC, whole milliseconds, within a day of ClockStart.
func clockTime(t *testing.T, what string, x time.Time) {
	t.Helper()
	switch {
	case x.Location() != time.UTC:
		t.Fatalf("%s %v is in %v, want UTC", what, x, x.Location())
	case x.Nanosecond()%int(time.Millisecond) != 0:
		t.Fatalf("%s %v has sub-millisecond digits", what, x)
	case x.Before(ClockStart) || !x.Before(ClockStart.Add(24*time.Hour)):
		t.Fatalf("%s %v is not from the store's clock (a storetest.Clock from %v)", what, x, ClockStart)
	}
}

// wantCreated checks the audit of a record just created by actor.
func wantCreated(t *testing.T, a graph.Audit, actor string) {
	t.Helper()
	clockTime(t, "CreatedAt", a.CreatedAt)
	if a.UpdatedAt != a.CreatedAt || a.CreatedBy != actor || a.UpdatedBy != actor {
		t.Fatalf("audit %+v, want created and updated by %q at one time", a, actor)
	}
}

// wantUpdated checks the audit of a record that actor changed after it had
// audit before.
func wantUpdated(t *testing.T, before, after graph.Audit, actor string) {
	t.Helper()
	clockTime(t, "UpdatedAt", after.UpdatedAt)
	if after.CreatedAt != before.CreatedAt || after.CreatedBy != before.CreatedBy {
		t.Fatalf("creation audit changed from %+v to %+v", before, after)
	}
	if !after.UpdatedAt.After(before.UpdatedAt) || after.UpdatedBy != actor {
		t.Fatalf("audit %+v after %+v, want a later UpdatedAt and UpdatedBy %q", after, before, actor)
	}
}

func ptr[T any](v T) *T { return &v }

// ids returns the ids of xs.
func ids[T any](xs []*T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = idOf(x)
	}
	return out
}

func idOf(x any) string {
	switch x := x.(type) {
	case *graph.Employee:
		return x.ID
	case *graph.Organisation:
		return x.ID
	case *graph.Person:
		return x.ID
	case *graph.Relationship:
		return x.ID
	case *graph.Contact:
		return x.ID
	}
	panic("storetest: idOf: not a record")
}

// without returns xs without the records whose id is in drop.
func without[T any](xs []*T, drop ...string) []*T {
	var out []*T
	for _, x := range xs {
		if !slices.Contains(drop, idOf(x)) {
			out = append(out, x)
		}
	}
	return out
}

func byID[T any](xs []*T, id string) *T {
	for _, x := range xs {
		if idOf(x) == id {
			return x
		}
	}
	return nil
}

// wantPage fails t unless a listing returned the records want in order and
// total matches.
func wantPage[T any](t *testing.T, what string, xs []*T, total int, err error, want []string, wantTotal int) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if got := ids(xs); !slices.Equal(got, want) || total != wantTotal {
		t.Fatalf("%s: got [%s] of %d, want [%s] of %d", what,
			strings.Join(got, " "), total, strings.Join(want, " "), wantTotal)
	}
}

// cloneBatch returns a copy of b that shares no record with it: the records
// are plain values, so copying each struct copies it whole.
func cloneBatch(b *graph.Batch) *graph.Batch {
	return &graph.Batch{
		Employees:     cloneAll(b.Employees),
		Organisations: cloneAll(b.Organisations),
		Persons:       cloneAll(b.Persons),
		Relationships: cloneAll(b.Relationships),
		Contacts:      cloneAll(b.Contacts),
	}
}

func cloneAll[T any](xs []*T) []*T {
	if xs == nil {
		return nil
	}
	out := make([]*T, len(xs))
	for i, x := range xs {
		c := *x
		out[i] = &c
	}
	return out
}

// counts returns the UpsertResult of a batch whose records were all
// created (or all unchanged, with unchanged set).
func counts(b *graph.Batch, unchanged bool) *graph.UpsertResult {
	c := func(n int) graph.Counts {
		if unchanged {
			return graph.Counts{Unchanged: n}
		}
		return graph.Counts{Created: n}
	}
	return &graph.UpsertResult{
		Employees:     c(len(b.Employees)),
		Organisations: c(len(b.Organisations)),
		Persons:       c(len(b.Persons)),
		Relationships: c(len(b.Relationships)),
		Contacts:      c(len(b.Contacts)),
	}
}
