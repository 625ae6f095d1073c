package demo

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

func values(as []*segment.Assessment) []segment.Assessment {
	out := make([]segment.Assessment, len(as))
	for i, a := range as {
		out[i] = *a
	}
	return out
}

func stakeholders(b *graph.Batch) []graph.NetworkNode {
	var out []graph.NetworkNode
	for _, o := range b.Organisations {
		out = append(out, graph.NodeOf(o))
	}
	for _, p := range b.Persons {
		out = append(out, graph.NodeOf(p))
	}
	return out
}

func TestAssessmentsDeterministic(t *testing.T) {
	opts := Options{Seed: 5, Persons: 200}
	a, err := json.Marshal(Assessments(Generate(opts), opts))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(Assessments(Generate(opts), opts))
	if string(a) != string(b) {
		t.Error("two calls with equal options gave different assessments")
	}
	other := Options{Seed: 6, Persons: 200}
	c, _ := json.Marshal(Assessments(Generate(other), other))
	if string(a) == string(c) {
		t.Error("seeds 5 and 6 gave the same assessments")
	}
	// Assessments draws from its own stream: the network is unchanged.
	if x, y := marshal(t, Generate(opts)), marshal(t, Generate(opts)); string(x) != string(y) {
		t.Error("Generate is no longer deterministic")
	}
}

// TestAssessmentsValid: every assessment passes the default scheme's
// validation, names a stakeholder of the batch, has a derived id that no
// other assessment has, and is dated on or before Now.
func TestAssessmentsValid(t *testing.T) {
	for _, s := range sizes {
		t.Run(s.name, func(t *testing.T) {
			b := Generate(s.opts)
			now := s.opts.WithDefaults().Now
			ids := map[string]bool{}
			for _, n := range stakeholders(b) {
				ids[n.ID] = true
			}
			seen := map[string]bool{}
			scheme := segment.DefaultScheme()
			for _, a := range Assessments(b, s.opts) {
				if err := a.Validate(scheme); err != nil {
					t.Fatalf("%s: %v", a.ID, err)
				}
				if !ids[a.StakeholderID] {
					t.Fatalf("%s: stakeholder %q is not in the batch", a.ID, a.StakeholderID)
				}
				if want := segment.AssessmentID(a.StakeholderID, a.CriterionID, a.Date); a.ID != want {
					t.Fatalf("id %q, want the derived %q", a.ID, want)
				}
				if seen[a.ID] {
					t.Fatalf("id %q twice", a.ID)
				}
				seen[a.ID] = true
				if a.Date.After(now) || !a.Date.Equal(day(a.Date)) {
					t.Fatalf("%s: date %v is after Now %v or not midnight UTC", a.ID, a.Date, now)
				}
				if a.Assessor == "" {
					t.Fatalf("%s: no assessor", a.ID)
				}
			}
		})
	}
}

// TestAssessmentsPopulateEverySegment places the default demo with the
// default scheme: every segment holds at least an eighth of the
// stakeholders, and about a tenth (5–15%) is unassessed.
func TestAssessmentsPopulateEverySegment(t *testing.T) {
	b := Generate(Options{})
	as := values(Assessments(b, Options{}))
	m := segment.BuildMatrix(segment.DefaultScheme(), segment.DefaultPolicies(), stakeholders(b), as, time.Time{})
	counts := m.Count()
	n := m.Len()
	t.Logf("%d stakeholders, %d assessments: %v", n, len(as), counts)
	for _, s := range segment.Segments {
		if counts[s] < n/8 {
			t.Errorf("%s holds %d of %d stakeholders, want at least %d", s, counts[s], n, n/8)
		}
	}
	if u := counts[segment.Unassessed]; u < n/20 || u > n*15/100 {
		t.Errorf("%d of %d unassessed, want 5–15%%", u, n)
	}
	// Some unassessed stakeholders were scored on some criteria only.
	partial := 0
	for _, r := range m.All() {
		if r.Placement.Segment == segment.Unassessed && len(r.Placement.Used) > 0 {
			partial++
		}
	}
	if partial == 0 {
		t.Error("no partly assessed stakeholder")
	}
}

// TestAssessmentsFollowTheNetwork checks the story the demo tells: the hard
// funds (reachable only through brokers) are attractive but hard to reach,
// so Develop; input organisations lean to Invest and Develop, GP practices
// to Harvest.
func TestAssessmentsFollowTheNetwork(t *testing.T) {
	b := Generate(Options{})
	placed := segment.Place(segment.DefaultScheme(), values(Assessments(b, Options{})), time.Time{})
	byName := map[string]string{}
	for _, o := range b.Organisations {
		byName[o.Name] = o.ID
	}
	for _, a := range anchors {
		if a.hard {
			if p := placed[byName[a.name]]; p.Segment != segment.Develop {
				t.Errorf("hard fund %s is %s (%.2f/%.2f), want develop", a.name, p.Segment, p.Attractiveness.Mean, p.Accessibility.Mean)
			}
		}
	}
	bySector := map[string]map[segment.Segment]int{}
	for _, o := range b.Organisations {
		if bySector[o.Sector] == nil {
			bySector[o.Sector] = map[segment.Segment]int{}
		}
		bySector[o.Sector][placed[o.ID].Segment]++
	}
	high := func(sector string) (attractive, other int) {
		c := bySector[sector]
		return c[segment.Invest] + c[segment.Develop], c[segment.Harvest] + c[segment.Ignore]
	}
	for _, s := range []string{"ministry", "fund"} {
		if hi, lo := high(s); hi <= lo {
			t.Errorf("%s: %d in invest/develop, %d in harvest/ignore; want mostly attractive", s, hi, lo)
		}
	}
	if c := bySector["gp_practice"]; c[segment.Harvest] <= c[segment.Invest] || c[segment.Harvest] <= c[segment.Develop] {
		t.Errorf("GP practices: %v, want harvest the largest attractive-or-not segment", c)
	}
}

// TestAssessmentsMove: re-assessments move some stakeholders between the
// matrix of ten months ago (after the first round, before any
// re-assessment) and today's.
func TestAssessmentsMove(t *testing.T) {
	b := Generate(Options{})
	as := Assessments(b, Options{})
	now := DefaultNow
	before := now.AddDate(0, -10, 0)
	reassessed := map[string]bool{}
	for _, a := range as {
		if a.Date.After(before) {
			reassessed[a.StakeholderID] = true
		}
	}
	moves := segment.Moved(segment.DefaultScheme(), values(as), before, now)
	t.Logf("%d re-assessed, %d moved", len(reassessed), len(moves))
	if len(reassessed) < 50 {
		t.Errorf("%d stakeholders re-assessed, want at least 50", len(reassessed))
	}
	if len(moves) < 10 {
		t.Errorf("%d moves, want at least 10", len(moves))
	}
	dirs := map[[2]segment.Segment]bool{}
	for _, m := range moves {
		if !reassessed[m.StakeholderID] {
			t.Errorf("%s moved without a re-assessment", m.StakeholderID)
		}
		if !m.From.Segment.Placed() || !m.To.Segment.Placed() {
			t.Errorf("%s moved %s → %s: re-assessments must not un-place anybody", m.StakeholderID, m.From.Segment, m.To.Segment)
		}
		dirs[[2]segment.Segment{m.From.Segment, m.To.Segment}] = true
	}
	if len(dirs) < 3 {
		t.Errorf("moves go in %d directions, want at least 3: %v", len(dirs), dirs)
	}
	// Every assessment dated after the first round re-scores a criterion
	// already scored in it.
	first := map[string]bool{}
	for _, a := range as {
		if !a.Date.After(before) {
			first[a.StakeholderID+"/"+a.CriterionID] = true
		}
	}
	for _, a := range as {
		if a.Date.After(before) && !first[a.StakeholderID+"/"+a.CriterionID] {
			t.Errorf("%s re-assesses a criterion never assessed before", a.ID)
		}
	}
}
