package neo4jstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/storetest"
	"github.com/relmap/relmap/segment"
	"github.com/relmap/relmap/segment/segmenttest"
)

// The tests of imports written part by part (journal.go). They seed the
// sample network, its assessments and a policy table, then import four
// small parts that create records and change stored ones of every kind,
// with ImportSplitRows 1, so that every part is a transaction of its own.

var jctx = graph.WithActor(context.Background(), "journaltest")

// openWith wipes the test database and opens a store with a new
// storetest.Clock and ImportSplitRows split.
func openWith(t *testing.T, split int) (*Store, Config) {
	t.Helper()
	cfg := serverConfig(t)
	wipe(t, cfg)
	cfg.Now = new(storetest.Clock).Now
	cfg.ImportSplitRows = split
	s, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, cfg
}

// seed stores the sample network, its 38 assessments and a policy table
// (the scheme stays the default, stored nowhere).
func seed(t *testing.T, s *Store) {
	t.Helper()
	_, err := s.Upsert(jctx, storetest.Sample(), graph.UpsertOptions{})
	storetest.Must(t, err)
	_, err = s.UpsertAssessments(jctx, segmenttest.Sample(), graph.UpsertOptions{})
	storetest.Must(t, err)
	ps := segment.DefaultPolicies()
	ps[0].MinContacts = 3
	storetest.Must(t, s.SavePolicies(jctx, ps))
}

// parts returns the import: part 2 has a relationship of strength 2 when
// bad is set. What each part does to the seeded store:
//
//	0: per-dirk renamed (update); per-new-0..2 and a knows tie created
//	1: rel-city-kvk moved to works_at per-gert → org-kvk and the knows tie
//	   per-dirk–per-eva strengthened (2 updates); con-2 changed, a contact
//	   created; per-new-0 (created in part 0) renamed; the scheme and the
//	   policies changed; one stored assessment changed, one created for
//	   per-new-1
//	2: org-new and a works_at tie created
//	3: per-new-3 created; the assessment created in part 1 changed
func parts(bad bool) []*segment.Import {
	sample := storetest.Sample()
	dirk := sample.Persons[0]
	dirk.Name = "Dirk Smit-Jansen"
	newPerson := func(i int, name string) *graph.Person {
		return &graph.Person{ID: fmt.Sprintf("per-new-%d", i), Name: name}
	}
	p0 := &graph.Batch{
		Persons: []*graph.Person{dirk, newPerson(0, "Nieuw Nul"), newPerson(1, "Nieuw Een"), newPerson(2, "Nieuw Twee")},
		Relationships: []*graph.Relationship{
			{Type: graph.RelKnows, From: "emp-anna", To: "per-new-0", Strength: 0.5},
		},
	}
	knows := sample.Relationships[2] // per-dirk–per-eva, 0.3
	knows.Strength = 0.9
	con2 := sample.Contacts[1]
	con2.Mode = graph.ModeMeeting
	sc := segment.DefaultScheme()
	sc.Name = "imported"
	ps := segment.DefaultPolicies()
	ps[0].MinContacts = 9
	changed := segmenttest.Sample()[0]
	changed.Score = 1
	p1 := &segment.Import{
		Batch: &graph.Batch{
			Persons: []*graph.Person{newPerson(0, "Nieuw Nul Hernoemd")},
			Relationships: []*graph.Relationship{
				{ID: "rel-city-kvk", Type: graph.RelWorksAt, From: "per-gert", To: "org-kvk", Strength: 0.2},
				knows,
			},
			Contacts: []*graph.Contact{con2, {ID: "con-new", Date: storetest.ClockStart, EmployeeID: "emp-cees",
				StakeholderID: "per-new-1", Mode: graph.ModePhone}},
		},
		Scheme:   sc,
		Policies: ps,
		Assessments: []*segment.Assessment{changed,
			{ID: "ass-new", StakeholderID: "per-new-1", CriterionID: "yield", Score: 2, Date: storetest.ClockStart}},
	}
	strength := 0.8
	if bad {
		strength = 2
	}
	p2 := &graph.Batch{
		Organisations: []*graph.Organisation{{ID: "org-new", Name: "Nieuwe Stichting"}},
		Relationships: []*graph.Relationship{
			{Type: graph.RelWorksAt, From: "per-new-2", To: "org-new", Strength: 0.8},
			{Type: graph.RelKnows, From: "per-new-1", To: "per-new-2", Strength: strength},
		},
	}
	p3 := &segment.Import{
		Batch: &graph.Batch{Persons: []*graph.Person{newPerson(3, "Nieuw Drie")}},
		Assessments: []*segment.Assessment{
			{ID: "ass-new", StakeholderID: "per-new-1", CriterionID: "yield", Score: 4, Date: storetest.ClockStart}},
	}
	return []*segment.Import{{Batch: p0}, p1, {Batch: p2}, p3}
}

// wantResult is the result of parts(false) on the seeded store, counted
// from the list in parts' comment (p2 has two relationships).
var wantResult = segment.ImportResult{
	UpsertResult: graph.UpsertResult{
		Persons:       graph.Counts{Created: 4, Updated: 2},
		Organisations: graph.Counts{Created: 1},
		Relationships: graph.Counts{Created: 3, Updated: 2},
		Contacts:      graph.Counts{Created: 1, Updated: 1},
	},
	Assessments:     graph.Counts{Created: 1, Updated: 2},
	SchemeChanged:   true,
	PoliciesChanged: true,
}

// snapshot is everything the store shows, and everything the database
// holds but relmap's :Meta nodes (the version, the lock, the audit counter).
type snapshot struct {
	Network       *graph.Network
	Employees     []*graph.Employee
	Organisations []*graph.Organisation
	Persons       []*graph.Person
	Relationships []*graph.Relationship
	Contacts      []*graph.Contact
	Assessments   []*segment.Assessment
	Scheme        *segment.Scheme
	Policies      segment.Policies
	Raw           []string
}

func take(t *testing.T, s *Store) snapshot {
	t.Helper()
	var sn snapshot
	var err error
	page := graph.Page{Limit: graph.MaxLimit}
	sn.Network, err = graph.ReadNetwork(jctx, s)
	storetest.Must(t, err)
	sn.Network.Version = 0 // compared apart: see the tests
	total := func(kind string, n, total int, err error) {
		t.Helper()
		storetest.Must(t, err)
		if n != total {
			t.Fatalf("listed %d of %d %s", n, total, kind)
		}
	}
	var n int
	sn.Employees, n, err = s.FindEmployees(jctx, graph.NodeFilter{Page: page})
	total("employees", len(sn.Employees), n, err)
	sn.Organisations, n, err = s.FindOrganisations(jctx, graph.NodeFilter{Page: page})
	total("organisations", len(sn.Organisations), n, err)
	sn.Persons, n, err = s.FindPersons(jctx, graph.NodeFilter{Page: page})
	total("persons", len(sn.Persons), n, err)
	sn.Relationships, n, err = s.FindRelationships(jctx, graph.RelationshipFilter{Page: page})
	total("relationships", len(sn.Relationships), n, err)
	sn.Contacts, n, err = s.FindContacts(jctx, graph.ContactFilter{Page: page})
	total("contacts", len(sn.Contacts), n, err)
	sn.Assessments, n, err = s.FindAssessments(jctx, segment.AssessmentFilter{Page: page})
	total("assessments", len(sn.Assessments), n, err)
	sn.Scheme, err = s.Scheme(jctx)
	storetest.Must(t, err)
	sn.Policies, err = s.Policies(jctx)
	storetest.Must(t, err)
	sn.Raw = raw(t, s)
	return sn
}

// raw lists every node but :Meta, and every relationship, with labels,
// type, ends and properties, sorted.
func raw(t *testing.T, s *Store) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		"MATCH (n) WHERE NOT (n:Meta AND n.id IN ['relmap', 'audit']) RETURN [labels(n), properties(n)] AS x",
		"MATCH (a)-[r]->(b) RETURN [type(r), coalesce(a.id, a.key), coalesce(b.id, b.key), properties(r)] AS x",
	} {
		res, err := neo4j.ExecuteQuery(jctx, s.driver, q, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.database))
		storetest.Must(t, err)
		for _, rec := range res.Records {
			out = append(out, fmt.Sprint(rec.Values[0]))
		}
	}
	slices.Sort(out)
	return out
}

// wantClean fails t when anything of an import is left in the database.
// reopenUndone opens the store of cfg again, as the next start after a
// crash does, checks that this left it as before (the import undone, no
// journal left) and returns what the opening logged.
func reopenUndone(t *testing.T, cfg Config, before snapshot) string {
	t.Helper()
	var log bytes.Buffer
	cfg.Logger = slog.New(slog.NewTextHandler(&log, nil))
	s, err := Open(context.Background(), cfg)
	storetest.Must(t, err)
	defer s.Close()
	after := take(t, s)
	if d := storetest.Diff(before, after); d != "" {
		t.Fatalf("after reopening: %s", d)
	}
	wantClean(t, after)
	return log.String()
}

func wantClean(t *testing.T, sn snapshot) {
	t.Helper()
	for _, x := range sn.Raw {
		for _, mark := range []string{"ImportUndo", "ImportJournal", "import/", "import_id", "undo_"} {
			if strings.Contains(x, mark) {
				t.Errorf("left in the database: %s", x)
			}
		}
	}
}

func versionOf(t *testing.T, s *Store) int64 {
	t.Helper()
	v, err := s.Version(jctx)
	storetest.Must(t, err)
	return v
}

// TestImportSplit checks that an import written part by part gives what the
// same import in one transaction gives: the same result, the same records
// with the same audit, the same database, and nothing of the journal left.
func TestImportSplit(t *testing.T) {
	want := importWhole(t, parts(false), wantResult)
	split, _ := openWith(t, 1)
	seed(t, split)
	// Four parts that change something and the end: five moves.
	importLikeWhole(t, split, parts(false), wantResult, want, 5)
}

// importWhole imports in into the seeded store in one transaction, checks
// that the result is wantRes and returns what the store then shows.
func importWhole(t *testing.T, in []*segment.Import, wantRes segment.ImportResult) snapshot {
	t.Helper()
	whole, _ := openWith(t, -1)
	defer whole.Close()
	seed(t, whole)
	res, err := whole.Import(jctx, segment.Parts(in...), graph.UpsertOptions{})
	storetest.Must(t, err)
	if d := storetest.Diff(wantRes, *res); d != "" {
		t.Fatalf("one transaction: %s", d)
	}
	return take(t, whole)
}

// importLikeWhole imports in into s, a seeded store split in parts, and
// checks that it gives what the import in one transaction gave (wantRes,
// want), leaves nothing of its journal and moves the version moves times.
func importLikeWhole(t *testing.T, s *Store, in []*segment.Import, wantRes segment.ImportResult, want snapshot, moves int64) {
	t.Helper()
	v := versionOf(t, s)
	res, err := s.Import(jctx, segment.Parts(in...), graph.UpsertOptions{})
	storetest.Must(t, err)
	if d := storetest.Diff(wantRes, *res); d != "" {
		t.Fatalf("part by part: %s", d)
	}
	got := take(t, s)
	if d := storetest.Diff(want, got); d != "" {
		t.Fatalf("part by part differs from one transaction: %s", d)
	}
	wantClean(t, got)
	if after := versionOf(t, s); after != v+moves {
		t.Errorf("version %d after the import, want %d + %d", after, v, moves)
	}
}

// TestImportSplitFails checks that a failure after some parts were written
// leaves the store as it was: the records created deleted, those changed
// back to their stored versions with their audit, the settings back.
func TestImportSplitFails(t *testing.T) {
	s, _ := openWith(t, 1)
	seed(t, s)
	before := take(t, s)
	v := versionOf(t, s)

	t.Run("bad third part", func(t *testing.T) {
		_, err := s.Import(jctx, segment.Parts(parts(true)...), graph.UpsertOptions{})
		var pe *segment.PartError
		if !errors.As(err, &pe) || pe.Part != 2 {
			t.Fatalf("err = %v, want a *segment.PartError of part 2", err)
		}
		storetest.WantErr(t, err, graph.EINVALID, "relationships[1]", "strength")
		if d := storetest.Diff(before, take(t, s)); d != "" {
			t.Fatalf("the store changed: %s", d)
		}
		// The two parts written and their undoing moved the version on.
		if after := versionOf(t, s); after <= v {
			t.Errorf("version %d, want more than %d", after, v)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(jctx)
		defer cancel()
		n := 0
		importFault = func(step string) error {
			if step == "part" {
				if n++; n == 2 {
					cancel()
				}
			}
			return nil
		}
		defer func() { importFault = nil }()
		if _, err := s.Import(ctx, segment.Parts(parts(false)...), graph.UpsertOptions{}); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if d := storetest.Diff(before, take(t, s)); d != "" {
			t.Fatalf("the store changed: %s", d)
		}
	})
}

// TestImportSplitMovesTwice: a stored relationship moved to another type by
// one part and back to its type, with other ends, by the next, then a
// later part failing: the compensation deletes both moved versions (listed
// as created under their types) and writes the stored one back, once.
func TestImportSplitMovesTwice(t *testing.T) {
	s, _ := openWith(t, 1)
	seed(t, s)
	before := take(t, s)
	id := graph.RelationshipID(graph.RelKnows, "per-dirk", "per-eva") // stored: knows 0.3
	in := []*segment.Import{
		{Batch: &graph.Batch{Relationships: []*graph.Relationship{{ID: id, Type: graph.RelWorksAt, From: "per-dirk", To: "org-gp", Strength: 0.5}}}},
		{Batch: &graph.Batch{Relationships: []*graph.Relationship{{ID: id, Type: graph.RelKnows, From: "per-dirk", To: "per-gert", Strength: 0.6}}}},
		{Batch: &graph.Batch{Persons: []*graph.Person{{ID: "per-bad", Name: " "}}}},
	}
	_, err := s.Import(jctx, segment.Parts(in...), graph.UpsertOptions{})
	var pe *segment.PartError
	if !errors.As(err, &pe) || pe.Part != 2 {
		t.Fatalf("err = %v, want a *segment.PartError of part 2", err)
	}
	after := take(t, s)
	if d := storetest.Diff(before, after); d != "" {
		t.Fatalf("the store changed: %s", d)
	}
	wantClean(t, after)
}

// TestImportCrash leaves an import as a killed process would (two parts
// written, no compensation, the journal running) and checks that the next
// Open undoes it, and says so in the log.
func TestImportCrash(t *testing.T) {
	s, cfg := openWith(t, 1)
	seed(t, s)
	before := take(t, s)
	crashAfter(t, 2)
	if _, err := s.Import(jctx, segment.Parts(parts(false)...), graph.UpsertOptions{}); !errors.Is(err, errCrash) {
		t.Fatalf("err = %v, want the crash", err)
	}
	importFault = nil
	left := strings.Join(raw(t, s), "\n")
	for _, want := range []string{"ImportJournal", "state:running", "ImportUndo", "import_id", "Nieuw Nul Hernoemd"} {
		if !strings.Contains(left, want) {
			t.Fatalf("no %q in the database after the crash; the test crashed nothing", want)
		}
	}
	s.Close()

	if log := reopenUndone(t, cfg, before); !strings.Contains(log, "undoing an import that did not finish") {
		t.Errorf("the log says nothing of the undoing:\n%s", log)
	}
}

// crashAfter makes the next import stop as a killed process would, after
// it has written parts parts, until the test ends.
func crashAfter(t *testing.T, parts int) {
	n := 0
	importFault = func(step string) error {
		if step == "part" {
			if n++; n == parts {
				return fmt.Errorf("after part %d: %w", parts-1, errCrash)
			}
		}
		return nil
	}
	t.Cleanup(func() { importFault = nil })
}

// TestImportRunningElsewhere opens a second store while an import runs: it
// must leave the import alone (its importer holds the lease), and the
// import must then finish whole. It also checks that, half way, the
// network and the listings show no undo or journal node.
func TestImportRunningElsewhere(t *testing.T) {
	s, cfg := openWith(t, 1)
	seed(t, s)
	seeded := take(t, s)
	var once sync.Once
	importFault = func(step string) error {
		var err error
		once.Do(func() {
			var s2 *Store
			s2, err = Open(context.Background(), cfg)
			if err != nil {
				return
			}
			defer s2.Close()
			half := take(t, s2)
			if !strings.Contains(strings.Join(half.Raw, "\n"), "state:running") {
				err = errors.New("the second store undid the running import")
			}
			// Part 0 added per-new-0..2 and a tie, and nothing else shows.
			if len(half.Network.Nodes) != len(seeded.Network.Nodes)+3 || len(half.Network.Edges) != len(seeded.Network.Edges)+1 ||
				len(half.Persons) != len(seeded.Persons)+3 || len(half.Assessments) != len(seeded.Assessments) {
				err = fmt.Errorf("half way: %d nodes, %d edges, %d persons, %d assessments; want %d, %d, %d, %d",
					len(half.Network.Nodes), len(half.Network.Edges), len(half.Persons), len(half.Assessments),
					len(seeded.Network.Nodes)+3, len(seeded.Network.Edges)+1, len(seeded.Persons)+3, len(seeded.Assessments))
			}
			for _, n := range half.Network.Nodes {
				if !strings.HasPrefix(n.ID, "emp-") && !strings.HasPrefix(n.ID, "org-") && !strings.HasPrefix(n.ID, "per-") {
					err = fmt.Errorf("the network shows node %q", n.ID)
				}
			}
		})
		return err
	}
	defer func() { importFault = nil }()
	res, err := s.Import(jctx, segment.Parts(parts(false)...), graph.UpsertOptions{})
	storetest.Must(t, err)
	if d := storetest.Diff(wantResult, *res); d != "" {
		t.Fatalf("result: %s", d)
	}
	wantClean(t, take(t, s))
}

// TestImportPlans checks that the statements of journal.go that find
// records by import id or undo node seek an index: a scan per batch would
// make undoing a large import quadratic.
func TestImportPlans(t *testing.T) {
	s, _ := openWith(t, 1)
	stmts := expanded()
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for name := range stmts {
			// A journal is found by a scan of the handful there are.
			if strings.HasPrefix(name, "import_") && !strings.HasPrefix(name, "import_journal") && !yield(name) {
				return
			}
		}
	}) {
		res, err := neo4j.ExecuteQuery(jctx, s.driver, "EXPLAIN "+stmts[name], nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.database))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		ops := operators(res.Summary.Plan())
		for _, op := range ops {
			if strings.Contains(op, "Scan") {
				t.Errorf("%s: plan %v scans (%s)", name, ops, op)
			}
		}
	}
}

// tieParts returns four parts of relationships only, two ties each among
// the sample's people, independent of each other (see independent), with
// strengths 0.1 to 0.5 plus more, the second tie of part bad (when not -1)
// with strength 2; and the result of all four into the seeded store:
// eight ties created.
func tieParts(bad int, more float64) ([]*segment.Import, segment.ImportResult) {
	people := []string{"emp-anna", "emp-bram", "emp-cees", "per-dirk", "per-eva", "per-fatima", "per-gert"}
	var in []*segment.Import
	for p := range 4 {
		b := &graph.Batch{}
		for k := range 2 {
			from, to := people[p], people[(p+2+k)%len(people)]
			strength := 0.1*float64(p+k+1) + more
			if p == bad && k == 1 {
				strength = 2
			}
			b.Relationships = append(b.Relationships, &graph.Relationship{ID: fmt.Sprintf("rel-tie-%d-%d", p, k),
				Type: graph.RelKnows, From: from, To: to, Strength: strength})
		}
		in = append(in, &segment.Import{Batch: b})
	}
	return in, segment.ImportResult{UpsertResult: graph.UpsertResult{Relationships: graph.Counts{Created: 8}}}
}

// TestImportSplitTwoAtOnce checks the parts written two at a time
// (writeTwo): the import gives what one transaction gives, each pair moves
// the version once (four parts: two pairs and the end, three moves; one
// part at a time would make five), and a failure in either part of a pair,
// or a crash after one, leaves the store as it was.
func TestImportSplitTwoAtOnce(t *testing.T) {
	in, wantRes := tieParts(-1, 0)
	want := importWhole(t, in, wantRes)
	s, cfg := openWith(t, 1)
	seed(t, s)
	// Two pairs and the end: three moves.
	again, _ := tieParts(-1, 0) // the import above stamped in's records
	importLikeWhole(t, s, again, wantRes, want, 3)
	// The ties stored now, the imports below change them: the undoing
	// writes their kept versions back.
	before := take(t, s)
	for _, bad := range []int{2, 3} { // the first part of the second pair, and the second
		t.Run(fmt.Sprintf("bad part %d", bad), func(t *testing.T) {
			in, _ := tieParts(bad, 0.05)
			_, err := s.Import(jctx, segment.Parts(in...), graph.UpsertOptions{})
			var pe *segment.PartError
			if !errors.As(err, &pe) || pe.Part != bad {
				t.Fatalf("err = %v, want a *segment.PartError of part %d", err, bad)
			}
			storetest.WantErr(t, err, graph.EINVALID, "relationships[1]", "strength")
			if d := storetest.Diff(before, take(t, s)); d != "" {
				t.Fatalf("the store changed: %s", d)
			}
		})
	}
	t.Run("crash after the first pair", func(t *testing.T) {
		crashAfter(t, 2)
		in, _ := tieParts(-1, 0.05)
		if _, err := s.Import(jctx, segment.Parts(in...), graph.UpsertOptions{}); !errors.Is(err, errCrash) {
			t.Fatalf("err = %v, want the crash", err)
		}
		importFault = nil
		reopenUndone(t, cfg, before)
	})
}

// TestIndependent checks which parts may be written at the same time.
func TestIndependent(t *testing.T) {
	rels := func(ids ...string) *segment.Import {
		b := &graph.Batch{}
		for _, id := range ids {
			b.Relationships = append(b.Relationships, &graph.Relationship{ID: id, Type: graph.RelKnows, From: "per-a", To: "per-b", Strength: 0.5})
		}
		return &segment.Import{Batch: b}
	}
	withPerson := rels("rel-3")
	withPerson.Batch.Persons = []*graph.Person{{ID: "per-c", Name: "C"}}
	withAssessment := rels("rel-3")
	withAssessment.Assessments = []*segment.Assessment{{ID: "ass-1"}}
	for _, c := range []struct {
		name string
		a, b *segment.Import
		want bool
	}{
		{"relationships, other ids", rels("rel-1", "rel-2"), rels("rel-3"), true},
		{"the same id in both", rels("rel-1", "rel-2"), rels("rel-2"), false},
		{"an id left to the planner", rels("rel-1"), rels(""), false},
		{"a node beside", rels("rel-1"), withPerson, false},
		{"an assessment beside", withAssessment, rels("rel-1"), false},
		{"no batch", &segment.Import{Scheme: segment.DefaultScheme()}, rels("rel-1"), false},
	} {
		if got := independent(c.a, c.b); got != c.want {
			t.Errorf("%s: independent = %v, want %v", c.name, got, c.want)
		}
	}
}
