package demo

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// Assessments returns dated assessments for the stakeholders of b (a batch
// made by Generate with the same opts) on the eight criteria of
// segment.DefaultScheme, so that the demo's segment matrix is populated
// (method step 3).
//
// The scores follow the network:
//
//   - attractiveness comes from the sector: funds and the ministry of
//     health are attractive, ministries, provinces, insurers and the
//     national platform fairly so; GP practices, companies, Chambers of
//     Commerce, patient associations and care providers less. Persons take
//     their organisation's value, a little higher for its head (the
//     sector's first job title) and lower for everybody else;
//   - accessibility comes from the best warm path from any of our
//     employees: the greatest product of tie strengths over at most three
//     ties (a direct tie of strength s gives s). A stakeholder's rank by
//     that strength among all stakeholders, as a quantile q in [0,1],
//     gives 1 + 4q, so that the axis spreads whatever the network's size;
//     the sector shifts it (GP practices and patient associations are open
//     to us, funds and companies keep their distance). Persons an employee
//     knows well score high; the hard funds, reachable only through a
//     broker, and the islands nobody reaches score low.
//
// Each stakeholder gets its own offset on both axes and each criterion its
// own noise; scores are rounded and clamped to 1–5. The national anchors
// (the ministries, the big funds and the platform the generator always
// creates) are always assessed in full and keep close to their sector's
// profile. With the default
// options this puts input funds and ministries mostly in Invest and Develop
// (the hard funds in Develop), GP practices mostly in Harvest, and leaves
// Ignore well populated by the persons and organisations nobody knows.
//
// Dates: the first round of assessments lies 12 to 18 months before
// opts.Now (rounded to its day), so the matrix as of ten months ago shows
// them all. About a fifth of the assessed stakeholders are re-assessed 1 to
// 9 months before opts.Now on two or three criteria of one axis — after an
// introduction, a change of contact person or a change of priorities —
// and many of those move segment (see segment.Moved). About 7% of the
// stakeholders get no assessment and 3% miss one or two criteria: both are
// Unassessed in the matrix.
//
// Assessors are the stakeholder's owner or, failing one, an account manager
// (employee ids). Ids are derived (segment.AssessmentID); dates are
// midnight UTC. The result is ordered as b's organisations and then
// persons, each first round before its re-assessments, and is deterministic:
// equal b and opts give equal assessments. Its randomness comes from its own
// PCG stream seeded with opts.Seed, so it does not disturb Generate.
func Assessments(b *graph.Batch, opts Options) []*segment.Assessment {
	o := opts.WithDefaults()
	today := day(o.Now)
	a := assessor{
		r:      rand.New(rand.NewPCG(uint64(o.Seed), assessStream)),
		today:  today,
		scheme: segment.DefaultScheme(),
		access: quantiles(warmAccess(b, 3), b),
	}
	for _, e := range b.Employees {
		if e.Role == graph.RoleAccountManager {
			a.ams = append(a.ams, e.ID)
		}
		if len(a.ams) == 0 && e.Role == graph.RoleDirector {
			a.fallback = e.ID
		}
	}
	if a.fallback == "" && len(b.Employees) > 0 {
		a.fallback = b.Employees[0].ID
	}

	orgs := make(map[string]*graph.Organisation, len(b.Organisations))
	for _, org := range b.Organisations {
		orgs[org.ID] = org
	}
	worksAt := map[string]string{}
	for _, r := range b.Relationships {
		if r.Type == graph.RelWorksAt {
			worksAt[r.From] = r.To
		}
	}

	var out []*segment.Assessment
	for _, org := range b.Organisations {
		attr := sectorAttractiveness[org.Sector]
		if attr == 0 {
			attr = 3
		}
		anchor := slices.ContainsFunc(anchors, func(x anchor) bool { return x.name == org.Name })
		out = a.stakeholder(out, org.ID, org.OwnerID, attr, sectorOpenness[org.Sector], anchor)
	}
	for _, p := range b.Persons {
		attr, open := 2.8, 0.0
		if org := orgs[worksAt[p.ID]]; org != nil {
			if v := sectorAttractiveness[org.Sector]; v != 0 {
				attr = v
			}
			open = sectorOpenness[org.Sector]
			if s := sectorByLabel(org.Sector); s != nil && len(s.titles) > 0 && p.Title == s.titles[0] {
				attr += 0.3 // the head of the organisation
			} else {
				attr -= 0.4
			}
		}
		out = a.stakeholder(out, p.ID, p.OwnerID, attr, open, false)
	}
	for _, x := range out {
		x.Normalize()
	}
	return out
}

// assessStream is the second PCG seed word of Assessments.
const assessStream = 0x3a55_e55e_d5c0_7e51

// sectorAttractiveness is the mean attractiveness score (1–5) of a sector's
// organisations before noise, by Organisation.Sector label.
var sectorAttractiveness = map[string]float64{
	"ministry":            4.0,
	"province":            3.4,
	"municipality":        3.3,
	"fund":                4.2,
	"company":             2.7,
	"gp_practice":         2.5,
	"gp_cooperative":      3.3,
	"chamber_of_commerce": 2.4,
	"patient_association": 2.7,
	"umbrella":            3.7,
	"hospital":            3.1,
	"insurer":             3.6,
	"care_provider":       2.7,
	"media":               2.9,
	"university":          3.0,
}

// sectorOpenness shifts the accessibility of a sector's organisations and
// their people: GP practices and patient associations are open to us,
// funds and companies keep their distance.
var sectorOpenness = map[string]float64{
	"gp_practice":         0.5,
	"patient_association": 0.3,
	"umbrella":            0.2,
	"fund":                -0.3,
	"company":             -0.2,
}

// sectorByLabel returns the sector with the given Organisation.Sector label.
func sectorByLabel(label string) *sector {
	for i := range sectors {
		if sectors[i].label == label {
			return &sectors[i]
		}
	}
	return nil
}

type assessor struct {
	r        *rand.Rand
	today    time.Time
	scheme   *segment.Scheme
	access   map[string]float64
	ams      []string
	fallback string
}

// The demo's comments, by occasion.
var (
	// firstComments are comments of the first round, by axis and by low
	// (1–2), middle (3) and high (4–5) score.
	firstComments = map[segment.Axis][3][]string{
		segment.Attractiveness: {
			{"Beperkt belang voor onze kerntaak", "Weinig overlap in doelstellingen"},
			{"Jaarlijkse beoordeling"},
			{"Grote invloed op beleid en financiering", "Sluit goed aan op ons meerjarenplan", "Veel overlap in doelgroep"},
		},
		segment.Accessibility: {
			{"Nog geen ingang gevonden", "Contact verloopt via één persoon"},
			{"Jaarlijkse beoordeling"},
			{"Kennen elkaar goed via het regionale netwerk", "Staan open voor samenwerking"},
		},
	}
	reasons = []struct {
		axis    segment.Axis
		delta   int // sign of the change
		comment string
	}{
		{segment.Accessibility, +1, "Na introductie door een bestuurslid"},
		{segment.Accessibility, +1, "Samenwerking gestart in regionaal project"},
		{segment.Accessibility, -1, "Contactpersoon vertrokken"},
		{segment.Attractiveness, +1, "Nieuw subsidieprogramma sluit aan op onze doelen"},
		{segment.Attractiveness, -1, "Prioriteiten verschoven na reorganisatie"},
	}
)

// stakeholder appends the assessments of one stakeholder with base
// attractiveness attr and accessibility offset open to out. A national
// anchor is always assessed in full.
func (a *assessor) stakeholder(out []*segment.Assessment, id, owner string, attr, open float64, anchor bool) []*segment.Assessment {
	u := a.r.Float64()
	if anchor {
		u = 1
	}
	if u < 0.07 {
		return out // not assessed yet
	}
	partial := u < 0.10
	first := a.today.AddDate(0, -12, -a.r.IntN(183)) // 12 to 18 months ago
	who := owner
	if who == "" {
		who = a.fallback
		if len(a.ams) > 0 {
			who = a.ams[a.r.IntN(len(a.ams))]
		}
	}
	// The stakeholder's own offsets; the national anchors keep close to
	// their sector's profile.
	spread := 1.0
	if anchor {
		spread = 0.3
	}
	base := map[segment.Axis]float64{
		segment.Attractiveness: attr + a.r.NormFloat64()*0.45*spread,
		segment.Accessibility:  1 + 4*a.access[id] + open + a.r.NormFloat64()*0.35*spread,
	}
	skip := map[string]bool{}
	if partial {
		for range 1 + a.r.IntN(2) {
			skip[a.scheme.Criteria[a.r.IntN(len(a.scheme.Criteria))].ID] = true
		}
	}
	score := map[string]int{}
	for _, c := range a.scheme.Criteria {
		s := clampScore(base[c.Axis] + a.r.NormFloat64()*0.6)
		score[c.ID] = s
		if skip[c.ID] {
			continue
		}
		as := &segment.Assessment{StakeholderID: id, CriterionID: c.ID, Score: s, Date: first, Assessor: who}
		if a.r.IntN(8) == 0 {
			level := 1
			if s <= 2 {
				level = 0
			} else if s >= 4 {
				level = 2
			}
			as.Comment = pickRand(a.r, firstComments[c.Axis][level])
		}
		out = append(out, as)
	}
	if partial || a.r.Float64() >= 0.22 {
		return out
	}

	// A re-assessment 1 to 9 months ago of two or three criteria of one
	// axis, all in one direction.
	why := reasons[a.r.IntN(len(reasons))]
	when := a.today.AddDate(0, -1-a.r.IntN(8), -a.r.IntN(28))
	crits := a.scheme.CriteriaOn(why.axis)
	a.r.Shuffle(len(crits), func(i, j int) { crits[i], crits[j] = crits[j], crits[i] })
	n := 2 + a.r.IntN(2)
	crits = crits[:n]
	slices.SortFunc(crits, func(x, y segment.Criterion) int {
		return slices.IndexFunc(a.scheme.Criteria, func(c segment.Criterion) bool { return c.ID == x.ID }) -
			slices.IndexFunc(a.scheme.Criteria, func(c segment.Criterion) bool { return c.ID == y.ID })
	})
	for _, c := range crits {
		s := clampScore(float64(score[c.ID] + why.delta*(1+a.r.IntN(2))))
		out = append(out, &segment.Assessment{
			StakeholderID: id, CriterionID: c.ID, Score: s, Date: when, Assessor: who, Comment: why.comment,
		})
	}
	return out
}

func clampScore(x float64) int {
	return int(min(5, max(1, math.Round(x))))
}

func pickRand[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// quantiles replaces the warm access of every stakeholder of b by its
// quantile among them (mid-rank, in [0,1]), so that accessibility spreads
// over the scale whatever the size and density of the network; a
// stakeholder nobody reaches has access 0 and the lowest quantile.
func quantiles(access map[string]float64, b *graph.Batch) map[string]float64 {
	var ids []string
	for _, o := range b.Organisations {
		ids = append(ids, o.ID)
	}
	for _, p := range b.Persons {
		ids = append(ids, p.ID)
	}
	vals := make([]float64, len(ids))
	for i, id := range ids {
		vals[i] = access[id]
	}
	sorted := slices.Clone(vals)
	slices.Sort(sorted)
	out := make(map[string]float64, len(ids))
	n := float64(len(sorted))
	for i, id := range ids {
		lo, _ := slices.BinarySearch(sorted, vals[i])
		hi := lo
		for hi < len(sorted) && sorted[hi] == vals[i] {
			hi++
		}
		out[id] = (float64(lo+hi) / 2) / n
	}
	return out
}

// warmAccess returns, for every node of b reachable from one of b's
// employees over at most maxHops relationships (in either direction), the
// greatest product of tie strengths along such a path; employees get 1.
// Persons who do not want to be routed through end paths but do not carry
// them on. It is a Bellman–Ford relaxation limited to maxHops rounds, so
// O(maxHops · relationships).
func warmAccess(b *graph.Batch, maxHops int) map[string]float64 {
	best := map[string]float64{}
	for _, e := range b.Employees {
		best[e.ID] = 1
	}
	noRoute := map[string]bool{}
	for _, p := range b.Persons {
		if p.DoNotRoute {
			noRoute[p.ID] = true
		}
	}
	for range maxHops {
		next := make(map[string]float64, len(best))
		for k, v := range best {
			next[k] = v
		}
		relax := func(from, to string, s float64) {
			if v, ok := best[from]; ok && !noRoute[from] && v*s > next[to] {
				next[to] = v * s
			}
		}
		for _, r := range b.Relationships {
			relax(r.From, r.To, r.Strength)
			relax(r.To, r.From, r.Strength)
		}
		best = next
	}
	return best
}
