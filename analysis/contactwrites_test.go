package analysis

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
)

// TestContactWritesAsFromScratch is the property behind
// Snapshot.withContacts: over random networks (with employees'
// affiliations with organisations, stated strengths of 0 among them, and
// sometimes a colleague cut-off of 2 or 3 people, so that a contact can
// make or unmake an organisation's colleague steps) and random sequences
// of contact writes — contacts created, moved to another date, employee
// or stakeholder, deleted, some dated after the clock — the snapshot
// derived write by write from the one before answers exactly as one built
// from scratch with the contact log at that point: the same ties and
// strengths of every relationship, the same evidence, the same k best
// warm paths to every stakeholder (all of them, and under random queries:
// type filters, via nodes, exclusions), the same holders of every
// stakeholder and the same brokers (asked twice: the second time from the
// hop distances kept). The route index is derived from the previous one
// where it was built, and built afresh where it was not.
func TestContactWritesAsFromScratch(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(14, 6))
	graphs, writes := 300, 0
	if testing.Short() {
		graphs = 60
	}
	for g := range graphs {
		nw := randomPathNetwork(r)
		affiliate(r, nw)
		h := randomHistory(r, nw)
		now := h.now
		emps, stakes := employeesAndStakeholders(nw)
		if len(emps) == 0 || len(stakes) == 0 {
			continue
		}
		rules := graph.DefaultPathRules()
		if r.IntN(3) == 0 {
			rules.ColleagueMaxPeople = 2 + r.IntN(2)
		}
		if r.IntN(6) == 0 {
			rules.ColleagueStrength = 0
		}
		log := map[string]*graph.Contact{}
		for _, c := range h.contacts {
			log[c.ID] = c
		}
		build := func() *Snapshot {
			t.Helper()
			s, err := Build(nw, Options{Now: now, Contacts: logOf(log), Rules: &rules})
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		cur := build()
		if r.IntN(4) != 0 { // mostly, as Cache hands them out: with the index and the brokers' hops
			cur.routeIndex()
			for _, hops := range []int{0, 2, 3} {
				if _, err := Brokers(ctx, cur, BrokerQuery{Targets: stakes, MaxHops: hops}); err != nil {
					t.Fatal(err)
				}
			}
		}
		next := len(log)
		for step := range 1 + r.IntN(8) {
			var ids []string
			for range 1 + r.IntN(3) {
				var c *graph.Contact
				switch k := r.IntN(6); {
				case k < 3 || len(log) == 0:
					c = randomContact(r, now, emps, stakes, next)
					c.ID = fmt.Sprintf("w%d", next)
					next++
				case k < 5:
					old := log[anyKey(r, log)]
					cc := *old
					c = &cc
					switch r.IntN(3) {
					case 0:
						c.Date = randomContact(r, now, emps, stakes, 0).Date
					case 1:
						c.EmployeeID = emps[r.IntN(len(emps))]
					default:
						c.StakeholderID = stakes[r.IntN(len(stakes))]
					}
				default:
					id := anyKey(r, log)
					delete(log, id)
					ids = append(ids, id)
					continue
				}
				log[c.ID] = c
				ids = append(ids, c.ID)
			}
			var stored []*graph.Contact
			for _, id := range ids {
				if c, ok := log[id]; ok {
					stored = append(stored, c)
				}
			}
			got, ok := cur.withContacts(ids, stored, now)
			if !ok {
				t.Fatalf("graph %d, step %d: the writes %v could not be applied", g, step, ids)
			}
			want := build()
			where := fmt.Sprintf("graph %d, step %d (writes %v)", g, step, ids)
			sameAnswers(t, where, got, want, logOf(log), stakes, now, r)
			cur = got
			writes++
		}
	}
	if writes < 500 {
		t.Fatalf("only %d writes checked", writes)
	}
}

// affiliate adds, now and then, an affiliation of an employee with an
// organisation of nw (stated 0 at times): the tie a contact of the two
// lifts, and with it the colleague steps at that organisation.
func affiliate(r *rand.Rand, nw *graph.Network) {
	var emps, orgs []string
	for _, x := range nw.Nodes {
		switch x.Kind {
		case graph.KindEmployee:
			emps = append(emps, x.ID)
		case graph.KindOrganisation:
			orgs = append(orgs, x.ID)
		}
	}
	if len(emps) == 0 || len(orgs) == 0 {
		return
	}
	for range r.IntN(4) {
		e, o := emps[r.IntN(len(emps))], orgs[r.IntN(len(orgs))]
		typ := []graph.RelType{graph.RelWorksAt, graph.RelBoardMemberOf}[r.IntN(2)]
		id := graph.RelationshipID(typ, e, o)
		if slices.ContainsFunc(nw.Edges, func(x graph.NetworkEdge) bool { return x.ID == id }) {
			continue
		}
		nw.Edges = append(nw.Edges, graph.NetworkEdge{ID: id, Type: typ, From: e, To: o, Strength: []float64{0, 0.3, 0.6}[r.IntN(3)]})
	}
}

// logOf returns the contacts of log in id order.
func logOf(log map[string]*graph.Contact) []*graph.Contact {
	out := make([]*graph.Contact, 0, len(log))
	for _, c := range log {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b *graph.Contact) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// anyKey returns a random key of m.
func anyKey(r *rand.Rand, m map[string]*graph.Contact) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys[r.IntN(len(keys))]
}

// sameAnswers fails t unless got answers as want does: ties, the strength
// of every relationship, evidence, warm paths, holders and brokers.
func sameAnswers(t *testing.T, where string, got, want *Snapshot, contacts []*graph.Contact, stakes []string, now time.Time, r *rand.Rand) {
	t.Helper()
	ctx := context.Background()
	if !reflect.DeepEqual(got.Ties, want.Ties) || !slices.Equal(got.strength, want.strength) {
		t.Fatalf("%s: ties %+v\nstrengths %v, from scratch %+v\n%v", where, got.Ties, got.strength, want.Ties, want.strength)
	}
	if g, w := EvidenceOf(got), EvidenceOf(want); !reflect.DeepEqual(g, w) {
		t.Fatalf("%s: evidence %+v, from scratch %+v", where, g, w)
	}
	for _, to := range stakes {
		q := PathQuery{To: to, K: 5, MinStrength: -1}
		g, err1 := WarmPaths(ctx, got, q)
		w, err2 := WarmPaths(ctx, want, q)
		if err1 != nil || err2 != nil || !reflect.DeepEqual(g, w) {
			t.Fatalf("%s: paths to %s %+v (%v), from scratch %+v (%v)", where, to, g, err1, w, err2)
		}
		gh, err1 := Holders(got, contacts, to, now)
		wh, err2 := Holders(want, contacts, to, now)
		if err1 != nil || err2 != nil || !reflect.DeepEqual(gh, wh) {
			t.Fatalf("%s: holders of %s %+v (%v), from scratch %+v (%v)", where, to, gh, err1, wh, err2)
		}
	}
	nw := &graph.Network{Nodes: want.Nodes}
	for range 3 {
		q, ok := randomPathQuery(r, nw)
		if !ok {
			break
		}
		g, err1 := WarmPaths(ctx, got, q)
		w, err2 := WarmPaths(ctx, want, q)
		if fmt.Sprint(err1) != fmt.Sprint(err2) || !reflect.DeepEqual(g, w) {
			t.Fatalf("%s: query %+v: paths %+v (%v), from scratch %+v (%v)", where, q, g, err1, w, err2)
		}
	}
	for i := range 2 {
		for _, hops := range []int{0, 2, 3} { // each cap keeps its own distances
			q := BrokerQuery{Targets: stakes, MaxHops: hops}
			g, err1 := Brokers(ctx, got, q)
			w, err2 := Brokers(ctx, want, q)
			if err1 != nil || err2 != nil || !reflect.DeepEqual(g, w) {
				t.Fatalf("%s: brokers within %d hops (call %d) %+v (%v), from scratch %+v (%v)", where, hops, i, g, err1, w, err2)
			}
		}
	}
	for h := range got.lazy.hops {
		if g, w := got.lazy.hops[h], want.lazy.hops[h]; !slices.Equal(g, w) {
			t.Fatalf("%s: the brokers' distances within %d hops are %v, from scratch %v", where, h, g, w)
		}
	}
}

// TestContactWritesDue: a snapshot takes contact writes only at the clock
// its evidence was measured at. Once a contact dated after that clock is
// due — one it left out, or one written — withContacts declines, so that
// the cache reads the contact log whole at the later clock.
func TestContactWritesDue(t *testing.T) {
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	nw := &graph.Network{Nodes: []graph.NetworkNode{
		{ID: "e", Kind: graph.KindEmployee}, {ID: "p", Kind: graph.KindPerson}, {ID: "q", Kind: graph.KindPerson},
	}}
	at := func(h int) time.Time { return now.Add(time.Duration(h) * time.Hour) }
	c := func(id, to string, d time.Time) *graph.Contact {
		return &graph.Contact{ID: id, EmployeeID: "e", StakeholderID: to, Date: d, Mode: graph.ModeMeeting}
	}
	s, err := Build(nw, Options{Now: now, Contacts: []*graph.Contact{c("c1", "p", at(-30)), c("c2", "p", at(5))}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		write *graph.Contact
		now   time.Time
		ok    bool
	}{
		{"a past contact, before c2 is due", c("c3", "q", at(-2)), at(4), true},
		{"a contact after the clock, not due yet", c("c3", "q", at(3)), at(2), true},
		{"a contact after the clock, due", c("c3", "q", at(1)), at(2), false},
		{"c2 is due", c("c3", "q", at(-2)), at(5), false},
	} {
		if _, ok := s.withContacts([]string{"c3"}, []*graph.Contact{tc.write}, tc.now); ok != tc.ok {
			t.Errorf("%s: applied %v, want %v", tc.name, ok, tc.ok)
		}
	}
	bare, err := Build(nw, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := bare.withContacts([]string{"c3"}, []*graph.Contact{c("c3", "q", at(-2))}, now); ok {
		t.Error("a snapshot built without the contact log took a contact write")
	}
}
