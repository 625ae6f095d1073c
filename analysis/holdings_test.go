package analysis

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// holdingsNet is the hand-built network of the holdings tests:
//
//	emp-anna  account manager, owns org-fund
//	emp-bas   director
//	emp-cor   staff
//	emp-dirk  staff, no ties: only logged contacts
//	emp-eva   staff
//	org-fund  Fonds X
//	per-jan   works at org-fund (0.9)
//	per-kim   on the board of org-fund (0.5)
//	per-lot   works at org-fund (1.0), objected to being routed through
//	per-mia   known only to Cor
//
//	emp-bas  board_member_of org-fund 0.7 (formal, strategic)
//	emp-anna advises         org-fund 0.4 (professional, operational)
//	emp-anna knows per-jan 0.8 (tactical)
//	emp-cor  knows per-jan 0.6, per-kim 0.9, per-mia 0.5
//	emp-eva  knows per-lot 1.0
func holdingsNet(t testing.TB) *Snapshot {
	t.Helper()
	n := graph.Network{Nodes: []graph.NetworkNode{
		{ID: "emp-anna", Kind: graph.KindEmployee, Name: "Anna"},
		{ID: "emp-bas", Kind: graph.KindEmployee, Name: "Bas"},
		{ID: "emp-cor", Kind: graph.KindEmployee, Name: "Cor"},
		{ID: "emp-dirk", Kind: graph.KindEmployee, Name: "Dirk"},
		{ID: "emp-eva", Kind: graph.KindEmployee, Name: "Eva"},
		{ID: "org-fund", Kind: graph.KindOrganisation, Name: "Fonds X", OwnerID: "emp-anna"},
		{ID: "per-jan", Kind: graph.KindPerson, Name: "Jan"},
		{ID: "per-kim", Kind: graph.KindPerson, Name: "Kim"},
		{ID: "per-lot", Kind: graph.KindPerson, Name: "Lot", DoNotRoute: true},
		{ID: "per-mia", Kind: graph.KindPerson, Name: "Mia"},
	}}
	rel := func(typ graph.RelType, from, to string, s float64, nat graph.Nature, lvl graph.ContactLevel) {
		n.Edges = append(n.Edges, graph.NetworkEdge{ID: graph.RelationshipID(typ, from, to), Type: typ, From: from, To: to, Strength: s, Nature: nat, Level: lvl})
	}
	rel(graph.RelWorksAt, "per-jan", "org-fund", 0.9, "", "")
	rel(graph.RelBoardMemberOf, "per-kim", "org-fund", 0.5, "", "")
	rel(graph.RelWorksAt, "per-lot", "org-fund", 1.0, "", "")
	rel(graph.RelBoardMemberOf, "emp-bas", "org-fund", 0.7, graph.NatureFormal, graph.LevelStrategic)
	rel(graph.RelAdvises, "emp-anna", "org-fund", 0.4, graph.NatureProfessional, graph.LevelOperational)
	rel(graph.RelKnows, "emp-anna", "per-jan", 0.8, graph.NatureProfessional, graph.LevelTactical)
	rel(graph.RelKnows, "emp-cor", "per-jan", 0.6, "", "")
	rel(graph.RelKnows, "emp-cor", "per-kim", 0.9, "", "")
	rel(graph.RelKnows, "emp-cor", "per-mia", 0.5, "", "")
	rel(graph.RelKnows, "emp-eva", "per-lot", 1.0, "", "")
	s, err := NewSnapshot(&n)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// holdingsNow is "today" in the holdings tests.
var holdingsNow = day("2024-06-30")

// holdingsLog: Anna met the fund twice (the July contact lies after
// holdingsNow and is ignored), Dirk e-mailed it once.
func holdingsLog() []*graph.Contact {
	c := func(emp, st, date string, m graph.ContactMode, l graph.ContactLevel) *graph.Contact {
		return &graph.Contact{ID: emp + st + date, EmployeeID: emp, StakeholderID: st, Date: day(date), Mode: m, Level: l}
	}
	return []*graph.Contact{
		c("emp-anna", "org-fund", "2024-02-01", graph.ModeMeeting, graph.LevelTactical),
		c("emp-anna", "org-fund", "2024-05-01", graph.ModePhone, ""),
		c("emp-anna", "org-fund", "2024-07-15", graph.ModeMeeting, graph.LevelStrategic),
		c("emp-dirk", "org-fund", "2024-03-01", graph.ModeEmail, graph.LevelOperational),
	}
}

func holdingIDs(hs []Holding) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.Employee.ID
	}
	return out
}

func holdingStakeholders(hs []Holding) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.Stakeholder.ID
	}
	return out
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestHoldersHandComputed: who here knows Fonds X?
//
// Direct, by strength: Anna (advises, 0.4, but she knows Jan 0.8, who
// works there 0.9: her hold is that two-step path, 0.8 × 0.9 = 0.72, via
// Jan; owner; 2 contacts up to 2024-05-01, 60 days before 2024-06-30), Bas
// (board, 0.7), Dirk (contacts only, with no stated tie and a snapshot
// built without the log: strength 0, 1 contact).
//
// Indirect: Cor through Jan 0.6 × 0.9 = 0.54 beats through Kim 0.9 × 0.5 =
// 0.45. Anna knows Jan too but holds the fund directly. Eva knows Lot, who
// works there, but Lot objected to being routed through: not listed.
func TestHoldersHandComputed(t *testing.T) {
	s := holdingsNet(t)
	r, err := Holders(s, holdingsLog(), "org-fund", holdingsNow)
	if err != nil {
		t.Fatal(err)
	}
	if got := holdingIDs(r.Direct); !equalStrings(got, []string{"emp-anna", "emp-bas", "emp-dirk"}) {
		t.Fatalf("direct = %v, want Anna, Bas, Dirk", got)
	}
	if r.Owner == nil || r.Owner.ID != "emp-anna" {
		t.Errorf("owner = %v, want emp-anna", r.Owner)
	}
	anna, bas, dirk := r.Direct[0], r.Direct[1], r.Direct[2]
	if bas.Strength != 0.7 || bas.Level != graph.LevelStrategic || bas.Nature != graph.NatureFormal || bas.Type != graph.RelBoardMemberOf || bas.Owner || bas.Contacts != 0 {
		t.Errorf("Bas = %+v", bas)
	}
	if math.Abs(anna.Strength-0.72) > 1e-12 || anna.Type != graph.RelAdvises || anna.Via == nil || anna.Via.ID != "per-jan" ||
		anna.ViaType != graph.RelWorksAt || !slices.Equal(anna.ViaStrength, []float64{0.8, 0.9}) ||
		!anna.Owner || anna.Contacts != 2 || !anna.LastContact.Equal(day("2024-05-01")) ||
		anna.DaysSinceContact == nil || *anna.DaysSinceContact != 60 || anna.Level != graph.LevelOperational {
		t.Errorf("Anna = %+v", anna)
	}
	if dirk.Strength != 0 || dirk.Contacts != 1 || dirk.Relationship != "" || dirk.Level != graph.LevelOperational {
		t.Errorf("Dirk = %+v (contacts only; the level is the contact's)", dirk)
	}
	if got := holdingIDs(r.Indirect); !equalStrings(got, []string{"emp-cor"}) {
		t.Fatalf("indirect = %v, want Cor only", got)
	}
	cor := r.Indirect[0]
	if math.Abs(cor.Strength-0.54) > 1e-12 || cor.Via == nil || cor.Via.ID != "per-jan" || cor.ViaType != graph.RelWorksAt || cor.Direct {
		t.Errorf("Cor = %+v, want via Jan (works_at), 0.54", cor)
	}

	// A person target: Jan is held by Anna (0.8) and Cor (0.6); nobody is
	// one hop away (Jan's only other tie is to the fund, no person).
	r, err = Holders(s, holdingsLog(), "per-jan", holdingsNow)
	if err != nil {
		t.Fatal(err)
	}
	if got := holdingIDs(r.Direct); !equalStrings(got, []string{"emp-anna", "emp-cor"}) || len(r.Indirect) != 0 {
		t.Errorf("holders of Jan: direct %v, indirect %d; want Anna, Cor and none", got, len(r.Indirect))
	}

	_, err = Holders(s, nil, "emp-anna", holdingsNow)
	wantPathError(t, err, graph.EINVALID, "stakeholder")
	_, err = Holders(s, nil, "org-nope", holdingsNow)
	wantPathError(t, err, graph.ENOTFOUND, "stakeholder")
}

// TestHoldingsHandComputed: Anna holds Jan (knows, 0.8) and the fund
// (advises, 0.4, 2 contacts): Jan first by strength.
func TestHoldingsHandComputed(t *testing.T) {
	s := holdingsNet(t)
	hs, err := Holdings(s, holdingsLog(), "emp-anna", holdingsNow)
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 2 || hs[0].Stakeholder.ID != "per-jan" || hs[1].Stakeholder.ID != "org-fund" || hs[1].Contacts != 2 || !hs[1].Owner {
		t.Fatalf("holdings of Anna = %+v", hs)
	}
	// Dirk holds the fund by contacts alone.
	hs, err = Holdings(s, holdingsLog(), "emp-dirk", holdingsNow)
	if err != nil || len(hs) != 1 || hs[0].Stakeholder.ID != "org-fund" || hs[0].Strength != 0 {
		t.Fatalf("holdings of Dirk = %+v, %v", hs, err)
	}
	_, err = Holdings(s, nil, "per-jan", holdingsNow)
	wantPathError(t, err, graph.EINVALID, "employee")
}

// TestSingleHolder: Kim is held by Cor alone, Lot by Eva alone, Mia by Cor
// alone; Jan has two holders and the fund four (Anna, Bas, Dirk by
// contacts; Cor is only one hop away and does not count).
func TestSingleHolder(t *testing.T) {
	got := SingleHolder(holdingsNet(t), holdingsLog(), holdingsNow)
	want := []string{"per-kim:emp-cor", "per-lot:emp-eva", "per-mia:emp-cor"}
	var ids []string
	for _, x := range got {
		ids = append(ids, x.Stakeholder.ID+":"+x.Holder.Employee.ID)
	}
	if !equalStrings(ids, want) {
		t.Errorf("single holders = %v, want %v", ids, want)
	}
}

// TestDepartureHandComputed: what if Cor leaves?
//
//	per-mia:  Cor–Mia 0.5 is the only path → lost.
//	per-kim:  before Cor–Kim 0.9; after, the best is Bas, who sits on
//	          the fund's board with Kim: a colleague step (graph.PathRules)
//	          0.5 × min(0.7, 0.5) = 0.25 (Anna–Jan–Kim 0.8 × 0.5 × 0.5 =
//	          0.2; the fund itself is no step; Eva–Lot–… is barred: Lot
//	          objected), drop (0.9 − 0.25)/0.9 = 0.7222 > 0.5 → weakened.
//	per-jan:  Anna–Jan 0.8 either way → unchanged.
//	org-fund: Anna–Jan–fund 0.72 either way → unchanged.
//
// With share 0.75 Kim's 0.7222 drop is no longer reported.
func TestDepartureHandComputed(t *testing.T) {
	s := holdingsNet(t)
	targets := []string{"org-fund", "per-kim", "per-jan", "per-mia", "per-kim"}
	q := DepartureQuery{Employee: "emp-cor", Targets: targets, Share: 0.5, Now: holdingsNow}
	d, err := Departure(t.Context(), s, nil, holdingsLog(), q)
	if err != nil {
		t.Fatal(err)
	}
	if d.Checked != 4 || d.MaxHops != DefaultMaxHops {
		t.Errorf("checked %d with cap %d, want 4 distinct targets, cap %d", d.Checked, d.MaxHops, DefaultMaxHops)
	}
	if len(d.Lost) != 1 || d.Lost[0].Target.ID != "per-mia" || d.Lost[0].Before != 0.5 || d.Lost[0].After != 0 || d.Lost[0].Drop != 1 {
		t.Errorf("lost = %+v, want per-mia 0.5 → 0", d.Lost)
	}
	if len(d.Weakened) != 1 {
		t.Fatalf("weakened = %+v, want per-kim only", d.Weakened)
	}
	w := d.Weakened[0]
	if w.Target.ID != "per-kim" || w.Before != 0.9 || math.Abs(w.After-0.25) > 1e-12 || math.Abs(w.Drop-0.65/0.9) > 1e-12 || w.BestAfter.From != "emp-bas" {
		t.Errorf("weakened = %+v, want per-kim 0.9 → 0.25 from Bas", w)
	}
	// Cor alone holds Kim (knows, 0.9) and Mia (0.5); Jan is Anna's too,
	// the fund has three other holders. Cor owns nothing, Anna the fund.
	if got := holdingStakeholders(d.OnlyHolder); !equalStrings(got, []string{"per-kim", "per-mia"}) || len(d.Owned) != 0 || d.NotChecked != 0 || d.Reason != nil {
		t.Errorf("only holder of %v, owned %+v, not checked %d, reason %v", got, d.Owned, d.NotChecked, d.Reason)
	}
	if a, err := Departure(t.Context(), s, nil, holdingsLog(), DepartureQuery{Employee: "emp-anna", Targets: targets, Now: holdingsNow}); err != nil ||
		len(a.Owned) != 1 || a.Owned[0].Stakeholder.ID != "org-fund" || a.Owned[0].Segment != "" {
		t.Errorf("Anna owns %+v (%v), want the fund without a segment (no matrix)", a, err)
	}

	q.Share = 0.75
	d, err = Departure(t.Context(), s, nil, holdingsLog(), q)
	if err != nil || len(d.Weakened) != 0 || len(d.Lost) != 1 {
		t.Errorf("share 0.75: %+v, %v; want only the lost Mia", d, err)
	}

	bad := func(f func(q *DepartureQuery)) error {
		q := DepartureQuery{Employee: "emp-cor", Targets: targets, Share: 0.5, Now: holdingsNow}
		f(&q)
		_, err := Departure(t.Context(), s, nil, nil, q)
		return err
	}
	wantPathError(t, bad(func(q *DepartureQuery) { q.Employee = "per-jan" }), graph.EINVALID, "employee")
	wantPathError(t, bad(func(q *DepartureQuery) { q.Employee = "emp-nobody" }), graph.ENOTFOUND, "employee")
	wantPathError(t, bad(func(q *DepartureQuery) { q.Share = 1.5 }), graph.EINVALID, "share")
	wantPathError(t, bad(func(q *DepartureQuery) { q.Targets = []string{"emp-anna"} }), graph.EINVALID, "targets")
	wantPathError(t, bad(func(q *DepartureQuery) { q.MaxHops = 99 }), graph.EINVALID, "max_hops")
	wantPathError(t, bad(func(q *DepartureQuery) { q.Segments = []segment.Segment{segment.Develop} }), graph.EINVALID, "segments")
	wantPathError(t, bad(func(q *DepartureQuery) { q.Targets, q.Segments = nil, []segment.Segment{segment.Unassessed} }), graph.EINVALID, "segments")
	// Without targets the segments are read from the matrix: none here.
	wantPathError(t, bad(func(q *DepartureQuery) { q.Targets = nil }), graph.EINVALID, "segments")
}
