package analysis

import (
	"cmp"
	"context"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/relmap/relmap/graph"
)

// TestBrokersHandComputed checks Brokers on networks small enough to work
// out by hand; each case's comment gives the computation.
func TestBrokersHandComputed(t *testing.T) {
	type want struct {
		id          string
		score       float64
		opens, only int
	}
	cases := []struct {
		name    string
		network *pathNet
		targets []string
		q       BrokerQuery
		traffic float64
		want    []want
	}{
		{
			// The example of Brokers' documentation.
			// T1: A–X–T1 0.8·0.5 = 0.4 and B–Y–T1 0.5·0.8 = 0.4, both of two
			// hops, tie: 0.2 each (A–X–B–Y–T1 would pass employee B).
			// T2: A–X–T2 0.72 beats B–X–T2 0.45.
			// X = 0.2+0.72 = 0.92, opens T1 and T2, only way to T2.
			// Y = 0.2, opens T1; T1 stays reachable without either.
			name: "documentation example",
			network: new(pathNet).emp("A", "Anna").emp("B", "Bram").per("X", "Xander").per("Y", "Yara").per("T1", "Tim").org("T2", "Fonds T").
				rel(graph.RelKnows, "A", "X", 0.8).rel(graph.RelKnows, "X", "T1", 0.5).rel(graph.RelKnows, "B", "X", 0.5).
				rel(graph.RelKnows, "B", "Y", 0.5).rel(graph.RelKnows, "Y", "T1", 0.8).rel(graph.RelBoardMemberOf, "X", "T2", 0.9),
			targets: []string{"T1", "T2"},
			traffic: 0.4 + 0.72,
			want:    []want{{"X", 0.92, 2, 1}, {"Y", 0.2, 1, 0}},
		},
		{
			// Two best paths of equal strength split the pair's credit:
			// A–P–T 0.8·0.5 = A–Q–T 0.5·0.8 = 0.4, so P and Q get 0.2 each;
			// neither is the only way.
			name: "tied best paths split the credit",
			network: new(pathNet).emp("A", "Anna").per("P", "Piet").per("Q", "Quinten").per("T", "Tess").
				rel(graph.RelKnows, "A", "P", 0.8).rel(graph.RelKnows, "P", "T", 0.5).
				rel(graph.RelKnows, "A", "Q", 0.5).rel(graph.RelKnows, "Q", "T", 0.8),
			targets: []string{"T"},
			traffic: 0.4,
			want:    []want{{"P", 0.2, 1, 0}, {"Q", 0.2, 1, 0}},
		},
		{
			// A direct tie of 0.4 and A–R–T 1·0.4 cost the same; the direct
			// one has fewer hops and is the best path: nobody gets credit.
			name: "equal cost, fewer hops wins",
			network: new(pathNet).emp("A", "Anna").per("R", "Rik").per("T", "Tess").
				rel(graph.RelKnows, "A", "T", 0.4).rel(graph.RelKnows, "A", "R", 1).rel(graph.RelKnows, "R", "T", 0.4),
			targets: []string{"T"},
			traffic: 0.4,
			want:    nil,
		},
		{
			// The best path A–M–N–O–P–T (0.9⁵ ≈ 0.59) has 5 hops; within 4
			// only A–W–T (0.3·0.3 = 0.09) remains, and W is its only way.
			name: "hop cap",
			network: new(pathNet).emp("A", "Anna").per("M", "M").per("N", "N").per("O", "O").per("P", "P").per("W", "Wim").per("T", "Tess").
				rel(graph.RelKnows, "A", "M", 0.9).rel(graph.RelKnows, "M", "N", 0.9).rel(graph.RelKnows, "N", "O", 0.9).
				rel(graph.RelKnows, "O", "P", 0.9).rel(graph.RelKnows, "P", "T", 0.9).
				rel(graph.RelKnows, "A", "W", 0.3).rel(graph.RelKnows, "W", "T", 0.3),
			targets: []string{"T"},
			q:       BrokerQuery{MinStrength: -1}, // 0.09 is cold under the default 0.1
			traffic: 0.09,
			want:    []want{{"W", 0.09, 1, 1}},
		},
		{
			// The same network with the default threshold 0.1: A's only
			// path within the cap, 0.09, is cold and counts for nothing.
			name: "cold best paths count for nothing",
			network: new(pathNet).emp("A", "Anna").per("M", "M").per("N", "N").per("O", "O").per("P", "P").per("W", "Wim").per("T", "Tess").
				rel(graph.RelKnows, "A", "M", 0.9).rel(graph.RelKnows, "M", "N", 0.9).rel(graph.RelKnows, "N", "O", 0.9).
				rel(graph.RelKnows, "O", "P", 0.9).rel(graph.RelKnows, "P", "T", 0.9).
				rel(graph.RelKnows, "A", "W", 0.3).rel(graph.RelKnows, "W", "T", 0.3),
			targets: []string{"T"},
			want:    nil,
		},
		{
			// T1 is on the best path to T2 (A–T1–T2 0.81 beats A–X–T2
			// 0.4·0.9 = 0.36) but is a target itself: never "ask T1".
			// Nobody else carries a best path; traffic 0.9 + 0.81.
			name: "targets are never brokers",
			network: new(pathNet).emp("A", "Anna").per("T1", "Tim").per("T2", "Tess").per("X", "Xander").
				rel(graph.RelKnows, "A", "T1", 0.9).rel(graph.RelKnows, "T1", "T2", 0.9).
				rel(graph.RelKnows, "A", "X", 0.4).rel(graph.RelKnows, "X", "T2", 0.9),
			targets: []string{"T1", "T2"},
			traffic: 0.9 + 0.81,
			want:    nil,
		},
		{
			// An organisation is no step: A–X–Fonds (board 0.9, 0.72) is the
			// way to the fund, but Fonds –funds 1– Stichting carries
			// nothing (it would give A–X–F–ST 0.72). The Stichting is
			// reached through its employee S: A–Y–S–ST 0.5·0.8·0.8 = 0.32,
			// credited to Y and S alike; Y, whom Anna asks, comes first.
			name: "organisations are no intermediaries",
			network: new(pathNet).emp("A", "Anna").per("X", "Xander").per("Y", "Yara").per("S", "Sam").
				org("F", "Fonds").org("ST", "Stichting").
				rel(graph.RelKnows, "A", "X", 0.8).rel(graph.RelBoardMemberOf, "X", "F", 0.9).
				rel(graph.RelFunds, "F", "ST", 1).rel(graph.RelWorksAt, "S", "ST", 0.8).
				rel(graph.RelKnows, "A", "Y", 0.5).rel(graph.RelKnows, "Y", "S", 0.8),
			targets: []string{"F", "ST"},
			traffic: 0.72 + 0.32,
			want:    []want{{"X", 0.72, 1, 1}, {"Y", 0.32, 1, 1}, {"S", 0.32, 1, 1}},
		},
		{
			// Employee B is in From: A's path through B is B's path.
			// A–B–C–T is not allowed; A–D–T 0.5·0.5 = 0.25 loses to
			// B–C–T 0.9·0.9 = 0.81, T's best path: C = 0.81, D nothing.
			// Without From = {A}: A–B–C–T 0.9·0.9·0.9 = 0.729 is best and B,
			// an employee, carries it but is not listed; C = 0.729.
			name: "employees of From are not intermediates",
			network: new(pathNet).emp("A", "Anna").emp("B", "Bram").per("C", "Cor").per("D", "Dirk").per("T", "Tess").
				rel(graph.RelKnows, "A", "B", 0.9).rel(graph.RelKnows, "B", "C", 0.9).rel(graph.RelKnows, "C", "T", 0.9).
				rel(graph.RelKnows, "A", "D", 0.5).rel(graph.RelKnows, "D", "T", 0.5),
			targets: []string{"T"},
			traffic: 0.81,
			want:    []want{{"C", 0.81, 1, 0}},
		},
		{
			name: "a colleague outside From carries paths but is not listed",
			network: new(pathNet).emp("A", "Anna").emp("B", "Bram").per("C", "Cor").per("D", "Dirk").per("T", "Tess").
				rel(graph.RelKnows, "A", "B", 0.9).rel(graph.RelKnows, "B", "C", 0.9).rel(graph.RelKnows, "C", "T", 0.9).
				rel(graph.RelKnows, "A", "D", 0.5).rel(graph.RelKnows, "D", "T", 0.5),
			targets: []string{"T"},
			q:       BrokerQuery{From: []string{"A"}},
			traffic: 0.729,
			want:    []want{{"C", 0.729, 1, 0}},
		},
		{
			// D objects to routing, so A reaches T only through E (0.2·0.2).
			name: "do-not-route",
			network: new(pathNet).emp("A", "Anna").dnr("D", "Dirk").per("E", "Eva").per("T", "Tess").
				rel(graph.RelKnows, "A", "D", 0.9).rel(graph.RelKnows, "D", "T", 0.9).
				rel(graph.RelKnows, "A", "E", 0.2).rel(graph.RelKnows, "E", "T", 0.2),
			targets: []string{"T"},
			q:       BrokerQuery{MinStrength: -1},
			traffic: 0.04,
			want:    []want{{"E", 0.04, 1, 1}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := c.network.snap(t)
			q := c.q
			q.Targets = c.targets
			got, err := Brokers(context.Background(), s, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(c.want) {
				t.Fatalf("got %d brokers %+v, want %d", len(got), got, len(c.want))
			}
			for i, w := range c.want {
				g := got[i]
				if g.Node.ID != w.id || math.Abs(g.Score-w.score) > 1e-9 || g.Opens != w.opens || g.OnlyWay != w.only {
					t.Errorf("broker %d = %s score %g opens %d only %d, want %s %g %d %d", i, g.Node.ID, g.Score, g.Opens, g.OnlyWay, w.id, w.score, w.opens, w.only)
				}
				if math.Abs(g.Share-w.score/c.traffic) > 1e-9 {
					t.Errorf("broker %s share %g, want %g", g.Node.ID, g.Share, w.score/c.traffic)
				}
			}
		})
	}
}

func TestBrokersAdvice(t *testing.T) {
	s := new(pathNet).emp("A", "Anna").emp("B", "Bram").per("X", "Jan de Vries").per("Y", "Yara").per("T1", "Tim").org("T2", "Fonds T").
		rel(graph.RelKnows, "A", "X", 0.8).rel(graph.RelKnows, "X", "T1", 0.5).rel(graph.RelKnows, "B", "X", 0.5).
		rel(graph.RelKnows, "B", "Y", 0.5).rel(graph.RelKnows, "Y", "T1", 0.8).rel(graph.RelBoardMemberOf, "X", "T2", 0.9).snap(t)
	got, err := Brokers(context.Background(), s, BrokerQuery{Targets: []string{"T1", "T2", "T1"}, Noun: DevelopTargets})
	if err != nil {
		t.Fatal(err)
	}
	want := []Text{
		{EN: "ask Jan de Vries: opens 2 develop targets, 1 of them only through Jan de Vries", NL: "vraag Jan de Vries: opent 2 ontwikkeldoelen, 1 daarvan alleen via Jan de Vries"},
		{EN: "ask Yara: opens 1 develop target", NL: "vraag Yara: opent 1 ontwikkeldoel"},
	}
	for i, w := range want {
		if got[i].Advice != w {
			t.Errorf("advice %d = %+v, want %+v", i, got[i].Advice, w)
		}
	}
	if !slices.Equal(got[0].Targets, []string{"T1", "T2"}) || !slices.Equal(got[0].OnlyThrough, []string{"T2"}) {
		t.Errorf("X targets %v only through %v", got[0].Targets, got[0].OnlyThrough)
	}
	for _, c := range []struct {
		opens, only int
		en, nl      string
	}{
		{7, 3, "ask X: opens 7 targets, 3 of them only through X", "vraag X: opent 7 doelen, 3 daarvan alleen via X"},
		{1, 1, "ask X: opens 1 target, only through X", "vraag X: opent 1 doel, alleen via X"},
		{3, 3, "ask X: opens 3 targets, all of them only through X", "vraag X: opent 3 doelen, allemaal alleen via X"},
		{3, 0, "ask X: opens 3 targets", "vraag X: opent 3 doelen"},
	} {
		if a := brokerAdvice("X", c.opens, c.only, defaultNoun); a.EN != c.en || a.NL != c.nl {
			t.Errorf("brokerAdvice(%d, %d) = %+v", c.opens, c.only, a)
		}
	}
}

func TestBrokersErrors(t *testing.T) {
	s := new(pathNet).emp("A", "Anna").per("X", "X").per("T", "T").rel(graph.RelKnows, "A", "X", 0.5).rel(graph.RelKnows, "X", "T", 0.5).snap(t)
	ctx := context.Background()
	for _, c := range []struct {
		q           BrokerQuery
		code, field string
	}{
		{BrokerQuery{}, graph.EINVALID, "targets"},
		{BrokerQuery{Targets: []string{"nobody"}}, graph.ENOTFOUND, "targets"},
		{BrokerQuery{Targets: []string{"A"}}, graph.EINVALID, "targets"},
		{BrokerQuery{Targets: []string{"T"}, From: []string{"X"}}, graph.EINVALID, "from"},
		{BrokerQuery{Targets: []string{"T"}, MaxHops: HopLimit + 1}, graph.EINVALID, "max_hops"},
		{BrokerQuery{Targets: []string{"T"}, Exclude: []string{"T"}}, graph.EINVALID, "exclude"},
		{BrokerQuery{Targets: []string{"T"}, Limit: -1}, graph.EINVALID, "limit"},
		{BrokerQuery{Targets: []string{"T"}, AllowTypes: []graph.RelType{"likes"}}, graph.EINVALID, "allow_types"},
	} {
		_, err := Brokers(ctx, s, c.q)
		wantPathError(t, err, c.code, c.field)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Brokers(cancelled, s, BrokerQuery{Targets: []string{"T"}}); err != context.Canceled {
		t.Errorf("cancelled: %v", err)
	}
}

// TestBrokersMatchesBruteForce recomputes Score, Opens and OnlyWay from the
// enumeration of every simple path (enumerate, the warm-path property
// test's oracle) on hundreds of random networks and queries.
func TestBrokersMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(99, 5))
	checked := 0
	for g := range 1500 {
		nw := randomPathNetwork(r)
		s, err := NewSnapshot(nw)
		if err != nil {
			t.Fatal(err)
		}
		pq, ok := randomPathQuery(r, nw)
		if !ok {
			continue
		}
		q := BrokerQuery{From: pq.From, MaxHops: pq.MaxHops, AllowTypes: pq.AllowTypes, MaxDegree: pq.MaxDegree, Limit: MaxBrokerLimit, MinStrength: pq.MinStrength}
		for _, x := range pq.Exclude {
			if s.Nodes[mustPathIndex(s, x)].Kind == graph.KindEmployee {
				q.Exclude = append(q.Exclude, x) // excluded targets are an error
			}
		}
		for _, x := range nw.Nodes {
			if x.Kind.IsStakeholder() && r.IntN(3) > 0 {
				q.Targets = append(q.Targets, x.ID)
			}
		}
		if len(q.Targets) == 0 {
			continue
		}
		got, err := Brokers(context.Background(), s, q)
		if err != nil {
			t.Fatalf("graph %d %+v: %v", g, q, err)
		}
		// The hops from the nearest start, for the ranking's tie-break:
		// the least over the enumerated paths of the position of the node
		// (a path's prefix is a path too, and every node on a best path
		// is on one).
		pos := map[string]int{}
		for _, x := range nw.Nodes {
			if x.Kind.IsStakeholder() {
				for _, p := range enumeratePaths(nw, PathQuery{From: q.From, To: x.ID, MaxHops: q.MaxHops, Exclude: q.Exclude, AllowTypes: q.AllowTypes, MaxDegree: q.MaxDegree, MinStrength: -1}, nil) {
					for i, y := range p.nodes {
						if old, ok := pos[y]; !ok || i < old {
							pos[y] = i
						}
					}
				}
			}
		}
		want := bruteBrokers(nw, q, func(id string) int { return pos[id] })
		if len(got) != len(want) {
			t.Fatalf("graph %d %+v\nquery %+v:\n got %+v\nwant %+v", g, nw, q, got, want)
		}
		for i, w := range want {
			b := got[i]
			if b.Node.ID != w.id || math.Abs(b.Score-w.score) > 1e-9 || b.Opens != w.opens || b.OnlyWay != w.only {
				t.Fatalf("graph %d %+v\nquery %+v: broker %d = %s %g %d %d, want %+v\nall got %+v\nall want %+v", g, nw, q, i, b.Node.ID, b.Score, b.Opens, b.OnlyWay, w, got, want)
			}
		}
		checked++
	}
	t.Logf("%d networks checked", checked)
}

func mustPathIndex(s *Snapshot, id string) int32 {
	x, ok := s.Index(id)
	if !ok {
		panic(id)
	}
	return x
}

type bruteBroker struct {
	id          string
	score       float64
	opens, only int
}

// bruteBrokers applies Brokers' definitions to the enumerated paths: per
// target only its best paths count, when warm; neither employees nor
// targets are listed; ties rank by the hops from the nearest start
// (hops), then id.
func bruteBrokers(nw *graph.Network, q BrokerQuery, hops func(id string) int) []bruteBroker {
	kind := map[string]graph.Kind{}
	for _, x := range nw.Nodes {
		kind[x.ID] = x.Kind
	}
	score := map[string]float64{}
	opens := map[string]int{}
	only := map[string]int{}
	for _, t := range uniqueInOrder(q.Targets) {
		all := enumeratePaths(nw, PathQuery{From: q.From, To: t, MaxHops: q.MaxHops, Exclude: q.Exclude, AllowTypes: q.AllowTypes, MaxDegree: q.MaxDegree}, nil)
		if len(all) == 0 {
			continue
		}
		// all is sorted by (cost, hops, ids): the target's best paths are
		// its prefix of the least (cost, hops), whichever employee starts them.
		var best []brutePath
		for _, p := range all {
			if p.key == all[0].key && len(p.nodes) == len(all[0].nodes) {
				best = append(best, p)
			}
		}
		least := q.MinStrength
		if least == 0 {
			least = graph.DefaultMinWarm
		}
		if least > 0 && best[0].key > int64(math.Round(-math.Log(least)*(1<<40))) {
			continue // cold: counts for nothing
		}
		opened := map[string]bool{}
		S := math.Exp(-float64(best[0].key) / (1 << 40))
		for _, p := range best {
			for _, x := range p.nodes[1 : len(p.nodes)-1] {
				score[x] += S / float64(len(best))
				opened[x] = true
			}
		}
		for x := range opened {
			opens[x]++
			cut := true
			for _, p := range all {
				if !slices.Contains(p.nodes, x) {
					cut = false
					break
				}
			}
			if cut {
				only[x]++
			}
		}
	}
	var out []bruteBroker
	for x, o := range opens {
		if kind[x] != graph.KindEmployee && !slices.Contains(q.Targets, x) {
			out = append(out, bruteBroker{x, score[x], o, only[x]})
		}
	}
	slices.SortFunc(out, func(a, b bruteBroker) int {
		// Ranked as documented: scores rounded to multiples of 2⁻³⁰.
		ka, kb := math.Round(a.score*(1<<30)), math.Round(b.score*(1<<30))
		return cmp.Or(cmp.Compare(kb, ka), cmp.Compare(b.opens, a.opens), cmp.Compare(b.only, a.only), cmp.Compare(hops(a.id), hops(b.id)), cmp.Compare(a.id, b.id))
	})
	return out
}

func uniqueInOrder(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// TestBrokersKeepsDefaultHops: the default query's hop distances are
// found once per snapshot and the answers do not change by it — on the
// 1,000-person demo, for two hop caps, the second call answers as the
// first, and both as the same query naming every current employee in From
// (which finds its distances afresh).
func TestBrokersKeepsDefaultHops(t *testing.T) {
	s := demoPathSnapshot(1000, 15)
	var from, targets []string
	for _, n := range s.Nodes {
		switch {
		case n.Kind == graph.KindEmployee && !n.Left(s.Day):
			from = append(from, n.ID)
		case n.Kind == graph.KindOrganisation && len(targets) < 60:
			targets = append(targets, n.ID)
		}
	}
	for _, hops := range []int{0, 3} {
		q := BrokerQuery{Targets: targets, MaxHops: hops, Limit: 50}
		first, err := Brokers(t.Context(), s, q)
		if err != nil {
			t.Fatal(err)
		}
		h := hops
		if h == 0 {
			h = DefaultMaxHops
		}
		if s.lazy.hops[h] == nil {
			t.Fatalf("max hops %d: the distances are not kept", h)
		}
		again, err := Brokers(t.Context(), s, q)
		if err != nil {
			t.Fatal(err)
		}
		q.From = from
		fresh, err := Brokers(t.Context(), s, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(first) == 0 || !reflect.DeepEqual(first, again) || !reflect.DeepEqual(first, fresh) {
			t.Errorf("max hops %d: %d brokers, again %d, with every employee named %d; want equal and some", hops, len(first), len(again), len(fresh))
		}
	}
}
