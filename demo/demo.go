// Package demo generates a deterministic demonstration network for relmap:
// the relationship network of "Stichting Samen Gezond", a fictional Dutch
// patient and health foundation, in the spirit of the method's examples
// (seed/relatiemanagement-stappenplan.txt).
//
// Generate returns one graph.Batch with
//
//   - our employees: a director, account managers, staff in teams and board
//     members, with e-mail addresses at samengezond.nl;
//   - external organisations with a sector label and a party type: the
//     ministry of health (VWS) and other ministries, provinces,
//     municipalities, funds, sponsoring companies (input); GP practices,
//     Chambers of Commerce, hospitals, care providers, media, knowledge
//     institutes, platforms (intermediary); patient associations (consumer,
//     some intermediary). Many carry an expected contribution (know, able,
//     want, do, means of exchange, benefits, interests), about 15% with
//     unknown interests, and some an owner among the account managers;
//   - external persons with Dutch names and job titles, each working at
//     exactly one organisation, some on the board of another, a few who do
//     not want to be routed through;
//   - relationships: works_at, board_member_of, knows among persons (mostly
//     within an organisation and between related organisations of one
//     regional community, plus a few well-connected "connectors"), our
//     employees' knows ties (with contact level) and memberships, and funds,
//     partners_with, refers_to and member_of between organisations;
//   - a contact log over the ContactYears before Now, from employees to the
//     stakeholders they hold a tie with, more often for stronger ties;
//   - one employee who has left: with at least two account managers, the
//     last of them ("Ingrid Mulder" with the default names) ended her
//     employment LeftDaysAgo days before Now. Her ties and her contacts up
//     to her last day stay as history (her ties end on it); the
//     organisations and persons she owned were handed over to the first
//     account manager.
//
// The network is shaped for the analyses: some attractive funds (the
// "hard" ones) can be reached only through one or two brokers (the first,
// "Stichting Loterijfonds Samen Sterker", through a person an employee knows,
// so at distance 3 from our employees), and a few "island" organisations
// have no path from any employee at all.
//
// Output is deterministic: equal Options give equal batches, byte for byte
// once marshalled. Randomness comes from math/rand/v2's PCG seeded with
// Options.Seed; nothing depends on map order or the clock (unless the caller
// passes time.Now() as Now).
//
// Sizes. With the defaults (400 persons, 150 organisations, 15 employees,
// 2 years) the batch holds about 2,300 relationships (the tests allow 4–7
// per person) and about 1,000 contacts (500–2,000). Relationships grow
// linearly with Persons at about 5 per person (100,000 persons give about
// 520,000); employee ties and contacts depend on Employees and
// ContactYears, not on Persons. Generation is linear in the size of the
// output: 100,000 persons take about a second.
//
// Generate is safe for concurrent use.
package demo

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/relmap/relmap/graph"
)

// DefaultNow is the reference date used when Options.Now is zero, so that
// the default network is reproducible.
var DefaultNow = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// Options size and seed the generated network. Zero (or negative) fields
// take their default.
type Options struct {
	// Seed seeds the random generator; 0 means 1. Different seeds give
	// different networks of the same shape.
	Seed int64
	// Persons is the number of external persons; default 400.
	Persons int
	// Organisations is the number of external organisations. When it is not
	// set it is scaled with Persons at 3 organisations per 8 persons
	// (rounded, at least 1): 150 for the default 400 persons, 37,500 for
	// 100,000.
	Organisations int
	// Employees is the number of our own employees; default 15 (1 director,
	// 4 account managers, 7 staff, 3 board members; see Generate).
	Employees int
	// ContactYears is the length of the contact log in years before Now;
	// default 2.
	ContactYears int
	// Now is the reference date: contacts fall in the ContactYears before
	// it and relationships started before it. Default DefaultNow; callers
	// may pass time.Now() (the output then depends on the day).
	Now time.Time
}

// WithDefaults returns o with every unset field set to its default, as
// Generate uses it.
func (o Options) WithDefaults() Options {
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Persons <= 0 {
		o.Persons = 400
	}
	if o.Organisations <= 0 {
		o.Organisations = max(1, (o.Persons*3+4)/8)
	}
	if o.Employees <= 0 {
		o.Employees = 15
	}
	if o.ContactYears <= 0 {
		o.ContactYears = 2
	}
	if o.Now.IsZero() {
		o.Now = DefaultNow
	}
	o.Now = o.Now.UTC()
	return o
}

// Generate builds the demo network described in the package documentation.
//
// Ids are "emp-001", "org-0001", "per-00001" and "con-000001", zero-padded
// to the width of the largest number (at least 3, 4, 5 and 6 digits).
// Employees are numbered director first, then account managers, staff and
// board members: of n employees, n/5 are board members, round(4n/15)
// account managers (at least 1 when n ≥ 2) and the rest staff.
// Relationships carry their derived id (graph.RelationshipID); symmetric
// ones have the smaller id as From. Every record has Source graph.SourceDemo
// (contacts have no source field). Strengths are rounded to 2 decimals and
// lie in [0.2, 0.95].
//
// Generate never fails: every Options value gives a batch that passes
// graph.PlanUpsert, as long as the total number of nodes fits in an int32.
func Generate(opts Options) *graph.Batch {
	o := opts.WithDefaults()
	g := &gen{
		o:     o,
		r:     rand.New(rand.NewPCG(uint64(o.Seed), pcgStream)),
		today: day(o.Now),
		nE:    o.Employees,
		nO:    o.Organisations,
		nP:    o.Persons,
		seen:  make(map[relKey]struct{}, o.Persons*6),
	}
	g.ids = make([]string, 0, g.nE+g.nO+g.nP)
	g.employees()
	g.chooseLeaver()
	g.organisations()
	g.owners()
	g.persons()
	g.b.Relationships = make([]*graph.Relationship, 0, g.nP*5+g.nO*2+g.nE*40)
	g.worksAt()
	g.orgTies()
	g.boardSeats()
	g.personKnows()
	g.employeeTies()
	g.brokers()
	g.contacts()
	g.departure()
	b := g.b // not &g.b, which would keep the generator's indexes alive
	return &b
}

// pcgStream is the second PCG seed word; fixed so that Seed alone decides.
const pcgStream = 0x5a3e_6e20_0d3a_11c5

// Organisation flags.
const (
	flagHard   uint8 = 1 << iota // reachable only through brokers
	flagIsland                   // reachable by nobody
)

type relKey struct {
	t    uint8
	a, b int32
}

// tie is an employee's tie to a stakeholder, for the contact log.
type tie struct {
	node     int
	strength float64
	level    graph.ContactLevel
}

type gen struct {
	o     Options
	r     *rand.Rand
	today time.Time
	b     graph.Batch

	nE, nO, nP int
	ids        []string // node index → id: employees, organisations, persons
	roles      []graph.EmployeeRole
	teams      []int // staff team index per employee, -1 for others
	ams        []int // employee indexes of the account managers

	orgSec    []sectorID
	orgComm   []int32
	orgFlag   []uint8
	orgCity   []int
	orgDomain []string
	nComm     int     // communities; 0 is the national one (the anchors)
	commStart []int32 // CSR: orgs per community
	commOrgs  []int32
	nameUsed  map[string]bool
	nameNext  map[string]int

	persOrg   []int32
	memStart  []int32 // CSR: persons per organisation, ascending; the first is the head
	members   []int32
	connector []bool

	adjStart []int32 // CSR: organisations tied to an organisation
	adj      []int32

	seen map[relKey]struct{}
	slab []graph.Relationship
	ties [][]tie // per employee

	leaver    int       // the employee who has left, or -1
	leftDay   time.Time // her last day of employment
	successor int       // who took over what she owned
}

func (g *gen) orgNode(i int) int { return g.nE + i }
func (g *gen) perNode(i int) int { return g.nE + g.nO + i }

// --- random helpers ---

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func (g *gen) between(lo, hi float64) float64 { return round2(lo + (hi-lo)*g.r.Float64()) }

func pick[T any](g *gen, xs []T) T { return xs[g.r.IntN(len(xs))] }

// daysAgo returns a UTC date between lo and hi days before today.
func (g *gen) daysAgo(lo, hi int) time.Time {
	return g.today.AddDate(0, 0, -(lo + g.r.IntN(hi-lo+1)))
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func padID(prefix string, i, width int) string {
	s := strconv.Itoa(i)
	if len(s) < width {
		s = strings.Repeat("0", width-len(s)) + s
	}
	return prefix + s
}

func width(n, min int) int { return max(min, len(strconv.Itoa(n))) }

// --- relationships ---

func relIndex(t graph.RelType) (uint8, bool) {
	for i, s := range graph.RelTypes {
		if s.Type == t {
			return uint8(i), s.Symmetric
		}
	}
	panic("demo: unknown relationship type " + string(t))
}

// rel adds a relationship between two node indexes unless one of that type
// and those ends exists already; it reports whether it added one.
func (g *gen) rel(t graph.RelType, from, to int, strength float64, nature graph.Nature, level graph.ContactLevel, since time.Time, note string) bool {
	if from == to {
		return false
	}
	ti, sym := relIndex(t)
	if sym && from > to {
		from, to = to, from
	}
	k := relKey{ti, int32(from), int32(to)}
	if _, ok := g.seen[k]; ok {
		return false
	}
	g.seen[k] = struct{}{}
	if len(g.slab) == cap(g.slab) {
		g.slab = make([]graph.Relationship, 0, 4096)
	}
	g.slab = append(g.slab, graph.Relationship{
		ID:   graph.RelationshipID(t, g.ids[from], g.ids[to]),
		Type: t, From: g.ids[from], To: g.ids[to],
		Strength: strength, Nature: nature, Level: level, Since: since,
		Source: graph.SourceDemo, Note: note,
	})
	g.b.Relationships = append(g.b.Relationships, &g.slab[len(g.slab)-1])
	return true
}

// --- employees ---

func employeeRoles(n int) (ams, staff, board int) {
	board = n / 5
	rest := n - 1 - board
	ams = min(rest, (8*n+15)/30)
	if ams == 0 && rest > 0 {
		ams = 1
	}
	return ams, rest - ams, board
}

func (g *gen) employees() {
	n := g.nE
	nAM, nStaff, _ := employeeRoles(n)
	w := width(n, 3)
	emails := map[string]bool{}
	g.teams = make([]int, n)
	for i := range n {
		e := &graph.Employee{ID: padID("emp-", i+1, w), Source: graph.SourceDemo}
		g.teams[i] = -1
		switch {
		case i == 0:
			e.Role, e.Team = graph.RoleDirector, "Directie"
		case i <= nAM:
			e.Role, e.Team = graph.RoleAccountManager, "Relatiebeheer"
			g.ams = append(g.ams, i)
		case i <= nAM+nStaff:
			t := (i - nAM - 1) % len(staffTeams)
			e.Role, e.Team = graph.RoleStaff, staffTeams[t].name
			g.teams[i] = t
		default:
			e.Role, e.Team = graph.RoleBoardMember, "Bestuur"
		}
		if i < len(employeeNames) {
			e.Name = employeeNames[i]
		} else {
			e.Name, _ = g.personName()
		}
		local := emailLocal(e.Name)
		email := local + "@" + ourDomain
		for k := 2; emails[email]; k++ {
			email = local + strconv.Itoa(k) + "@" + ourDomain
		}
		emails[email] = true
		e.Email = email
		g.roles = append(g.roles, e.Role)
		g.ids = append(g.ids, e.ID)
		g.b.Employees = append(g.b.Employees, e)
	}
	g.ties = make([][]tie, n)
}

// LeftDaysAgo is how many days before Now the demo's departed employee
// had her last day of employment.
const LeftDaysAgo = 120

// chooseLeaver picks the employee who has left: the last account manager
// when there are at least two (the first takes over what she owned). It
// draws nothing from the random stream.
func (g *gen) chooseLeaver() {
	g.leaver, g.successor = -1, -1
	if len(g.ams) < 2 {
		return
	}
	g.leaver, g.successor = g.ams[len(g.ams)-1], g.ams[0]
	g.leftDay = g.today.AddDate(0, 0, -LeftDaysAgo)
}

// departure records the leaver's last day, ends her ties on it (a tie
// that began later is taken to have begun half a year before) and hands
// what she owned to her successor, as relmap handover would.
func (g *gen) departure() {
	if g.leaver < 0 {
		return
	}
	id, to := g.ids[g.leaver], g.ids[g.successor]
	g.b.Employees[g.leaver].End = g.leftDay
	for _, r := range g.b.Relationships {
		if r.From != id && r.To != id {
			continue
		}
		if r.Since.After(g.leftDay) {
			r.Since = g.leftDay.AddDate(0, -6, 0)
		}
		r.Until = g.leftDay
	}
	for _, o := range g.b.Organisations {
		if o.OwnerID == id {
			o.OwnerID = to
		}
	}
	for _, p := range g.b.Persons {
		if p.OwnerID == id {
			p.OwnerID = to
		}
	}
}

// personName draws a Dutch name; it returns the name and the e-mail local
// part ("j.vandermeer").
func (g *gen) personName() (name, local string) {
	first := pick(g, firstNames)
	s := pick(g, surnames)
	last := s.name
	if s.prefix != "" {
		last = s.prefix + " " + s.name
	}
	return first + " " + last, slug(first[:1]) + "." + slug(last)
}

// emailLocal turns "Annelies van den Berg" into "annelies.vandenberg".
func emailLocal(name string) string {
	first, rest, _ := strings.Cut(name, " ")
	return slug(first) + "." + slug(rest)
}

// slug lower-cases s, folds the accented letters of Dutch names and drops
// everything but ASCII letters and digits.
func slug(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'á', 'à', 'ä', 'â':
			r = 'a'
		case 'é', 'è', 'ë', 'ê':
			r = 'e'
		case 'í', 'ï', 'ı', 'î':
			r = 'i'
		case 'ó', 'ö', 'ô':
			r = 'o'
		case 'ú', 'ü', 'û':
			r = 'u'
		case 'ç':
			r = 'c'
		case 'ş':
			r = 's'
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// capSurname writes a surname as it reads at the start of a name:
// "Van der Meer".
func capSurname(s surname) string {
	if s.prefix == "" {
		return s.name
	}
	return strings.ToUpper(s.prefix[:1]) + s.prefix[1:] + " " + s.name
}

// --- organisations ---

func (g *gen) organisations() {
	n := g.nO
	nA := min(len(anchors), n)
	nRegional := max(1, (n-nA+12)/25)
	g.nComm = 1 + nRegional
	g.orgSec = make([]sectorID, n)
	g.orgComm = make([]int32, n)
	g.orgFlag = make([]uint8, n)
	g.orgCity = make([]int, n)
	g.orgDomain = make([]string, n)
	g.nameUsed = make(map[string]bool, n)
	g.nameNext = map[string]int{}
	// Keys of organisations that exist once: "c:Zwolle" (municipality),
	// "b:Utrecht" (province), "min:…" (ministry); "min:*" when all
	// ministries exist.
	used := map[string]bool{"min:*": true}
	byProvince := map[string][]int{}
	cityIndex := map[string]int{}
	for i, c := range cities {
		byProvince[c.province] = append(byProvince[c.province], i)
		cityIndex[c.name] = i
	}
	g.b.Organisations = make([]*graph.Organisation, 0, n)
	w := width(n, 4)
	var cum [numSectors]int
	total := 0
	for s := range numSectors {
		total += sectors[s].weight
		cum[s] = total
	}

	for i := range n {
		var name, domain string
		var sec sectorID
		var ci int
		if i < nA {
			a := anchors[i]
			sec, name, domain, ci = a.sector, a.name, a.domain, cityIndex[a.city]
			if a.hard {
				g.orgFlag[i] |= flagHard
			}
			if sec == secMinistry {
				used["min:"+name] = true
			}
			g.nameUsed[name] = true
		} else {
			j := i - nA
			comm := 1 + j%nRegional
			g.orgComm[i] = int32(comm)
			home := (comm - 1) % len(cities)
			ci = home
			if !g.chance(0.7) {
				ci = pick(g, byProvince[cities[home].province])
			}
			c := cities[ci]
			sec = secGPPractice
			if j < nRegional && !used["m:"+c.name] {
				sec = secMunicipality
			} else {
				for range 6 {
					x := g.r.IntN(total)
					s := sectorID(0)
					for cum[s] <= x {
						s++
					}
					if g.uniqueKey(s, c) == "" || !used[g.uniqueKey(s, c)] {
						sec = s
						break
					}
				}
			}
			if k := g.uniqueKey(sec, c); k != "" {
				used[k] = true
			}
			name = g.uniqueName(g.orgName(sec, c), c.name)
			domain = orgDomain(name)
			if sec == secMinistry {
				ci = cityIndex["Den Haag"]
				domain = ministryDomains[slices.Index(ministries, name)]
			}
		}
		g.orgSec[i], g.orgCity[i], g.orgDomain[i] = sec, ci, domain
		s := &sectors[sec]
		org := &graph.Organisation{
			ID: padID("org-", i+1, w), Name: name, Sector: s.label, City: cities[ci].name,
			Website: "https://www." + domain, PartyType: s.party, Source: graph.SourceDemo,
		}
		if sec == secPatientAssociation && g.chance(0.3) {
			org.PartyType = graph.PartyIntermediary
		}
		if i >= nA && g.chance(0.03) {
			org.PartyType = "" // not classified yet
		}
		if i < nA || g.chance(0.8) {
			org.Contribution = pick(g, s.contrib)
			if g.chance(0.15) {
				org.Contribution.Interests = ""
				org.Contribution.InterestsUnknown = true
			}
		}
		g.ids = append(g.ids, org.ID)
		g.b.Organisations = append(g.b.Organisations, org)
	}

	// Hard funds beyond the anchors: one in eight generated funds. Islands:
	// one in sixty generated organisations, among funds, companies,
	// insurers and media.
	var funds []int
	for i := nA; i < n; i++ {
		if g.orgSec[i] == secFund {
			funds = append(funds, i)
		}
	}
	for _, k := range g.r.Perm(len(funds))[:len(funds)/8] {
		g.orgFlag[funds[k]] |= flagHard
	}
	islands := (n - nA) / 60
	if n-nA > 0 {
		islands = max(1, islands)
	}
	for _, k := range g.r.Perm(n - nA) {
		if islands == 0 {
			break
		}
		i := nA + k
		switch g.orgSec[i] {
		case secFund, secCompany, secInsurer, secMedia:
			if g.orgFlag[i] == 0 {
				g.orgFlag[i] |= flagIsland
				islands--
			}
		}
	}

	// Organisations per community.
	g.commStart = make([]int32, g.nComm+1)
	for _, c := range g.orgComm {
		g.commStart[c+1]++
	}
	for c := range g.nComm {
		g.commStart[c+1] += g.commStart[c]
	}
	g.commOrgs = make([]int32, n)
	fill := slices.Clone(g.commStart[:g.nComm])
	for i, c := range g.orgComm {
		g.commOrgs[fill[c]] = int32(i)
		fill[c]++
	}
}

// uniqueKey returns the key under which an organisation of sector s in city c
// may exist only once, or "" when s is repeatable.
func (g *gen) uniqueKey(s sectorID, c city) string {
	switch sectors[s].unique {
	case perCity:
		return string(rune('a'+s)) + ":" + c.name
	case perProvince:
		return string(rune('a'+s)) + ":" + c.province
	case perList:
		for _, m := range ministries {
			if !g.nameUsed[m] {
				return "min:" + m
			}
		}
		return "min:*" // all used
	}
	return ""
}

func (g *gen) orgName(s sectorID, c city) string {
	u := g.r.Float64()
	switch s {
	case secMinistry:
		for _, m := range ministries {
			if !g.nameUsed[m] {
				return m
			}
		}
		panic("demo: no ministry left") // uniqueKey refuses this case
	case secProvince:
		return "Provincie " + c.province
	case secMunicipality:
		return "Gemeente " + c.name
	case secFund:
		switch {
		case u < 0.35:
			return "Fonds " + pick(g, fundThemes) + " " + c.name
		case u < 0.6:
			return "Stichting " + capSurname(pick(g, surnames)) + " Fonds"
		case u < 0.8:
			return "Zorgfonds " + c.name
		default:
			return "Vermogensfonds " + pick(g, placeNames)
		}
	case secCompany:
		switch {
		case u < 0.45:
			return capSurname(pick(g, surnames)) + " " + pick(g, companyTrades) + " B.V."
		case u < 0.85:
			return pick(g, companyStems) + pick(g, companySuffixes) + " B.V."
		default:
			return "Supermarkt " + capSurname(pick(g, surnames)) + " " + c.name
		}
	case secGPPractice:
		switch {
		case u < 0.5:
			return "Huisartsenpraktijk " + pick(g, placeNames)
		case u < 0.8:
			return "Huisartsenpraktijk " + capSurname(pick(g, surnames))
		default:
			return "Gezondheidscentrum " + pick(g, placeNames)
		}
	case secGPCooperative:
		return "Huisartsencoöperatie " + c.province
	case secChamber:
		return "KvK Ondernemersplein " + c.name
	case secPatientAssociation:
		d := pick(g, diseases)
		switch {
		case u < 0.4:
			return "Patiëntenvereniging " + d + " " + c.province
		case u < 0.7:
			return "Vereniging " + d + " " + c.name
		default:
			return "Lotgenotengroep " + d + " " + c.name
		}
	case secUmbrella:
		return "Platform Chronisch Zieken " + c.province
	case secHospital:
		switch {
		case u < 0.5:
			return "Ziekenhuis " + pick(g, placeNames)
		case u < 0.8:
			return "Medisch Centrum " + c.name
		default:
			return "Regionaal Ziekenhuis " + c.name
		}
	case secInsurer:
		return "Zorgverzekeraar " + pick(g, insurerNames)
	case secCareProvider:
		if u < 0.6 {
			return pick(g, careKinds) + " " + c.name
		}
		return pick(g, careKinds) + " " + pick(g, placeNames)
	case secMedia:
		k := pick(g, mediaKinds)
		if k == "Omroep" {
			return k + " " + c.province
		}
		return k + " " + c.name
	case secUniversity:
		return pick(g, universityKinds) + " " + c.name
	}
	panic("demo: unknown sector")
}

// uniqueName returns name, or when it is taken name with the city and then
// a number appended.
func (g *gen) uniqueName(name, city string) string {
	if !g.nameUsed[name] {
		g.nameUsed[name] = true
		return name
	}
	if !strings.HasSuffix(name, city) {
		name += " " + city
		if !g.nameUsed[name] {
			g.nameUsed[name] = true
			return name
		}
	}
	for {
		k := g.nameNext[name] + 2
		g.nameNext[name]++
		cand := name + " " + strconv.Itoa(k)
		if !g.nameUsed[cand] {
			g.nameUsed[cand] = true
			return cand
		}
	}
}

func orgDomain(name string) string {
	s := slug(name)
	if len(s) > 40 {
		s = s[:40]
	}
	return s + ".nl"
}

func (g *gen) flagged(o int) bool { return g.orgFlag[o] != 0 }

// owners gives organisations an owner: the director owns the ministry of
// health, account managers own the rest of the national anchors, the hard
// funds (targets to develop) and about a third of the input and
// intermediary organisations in their regions. Islands have no owner.
func (g *gen) owners() {
	if len(g.ams) == 0 {
		if len(g.b.Organisations) > 0 {
			g.b.Organisations[0].OwnerID = g.ids[0]
		}
		return
	}
	nA := min(len(anchors), g.nO)
	for i, org := range g.b.Organisations {
		am := g.ids[g.ams[i%len(g.ams)]]
		switch {
		case g.orgFlag[i]&flagIsland != 0:
		case i == 0:
			org.OwnerID = g.ids[0]
		case i == 1:
			org.OwnerID = g.ids[g.ams[0]]
		case g.orgFlag[i]&flagHard != 0:
			org.OwnerID = am
		case i < nA:
			if g.chance(0.7) {
				org.OwnerID = am
			}
		default:
			p := 0.3
			if org.PartyType == graph.PartyConsumer || org.PartyType == "" {
				p = 0.1
			}
			if g.chance(p) {
				org.OwnerID = g.ids[g.ams[int(g.orgComm[i]-1)%len(g.ams)]]
			}
		}
	}
}

// --- persons ---

var connectorTitles = map[string]bool{
	"directeur-generaal": true, "gedeputeerde": true, "wethouder zorg en welzijn": true,
	"voorzitter": true, "lid raad van bestuur": true, "hoofdredacteur": true, "journalist": true,
	"regiodirecteur": true, "bestuurder": true,
}

var intermediaryTitles = map[string]bool{
	"huisarts": true, "journalist": true, "redacteur gezondheid": true, "adviseur startende ondernemers": true,
	"kaderhuisarts": true, "wijkverpleegkundige": true,
}

func (g *gen) persons() {
	n, nO := g.nP, g.nO
	// How many persons work at each organisation: one each (as far as they
	// go), the rest in proportion to the sector's size with some noise.
	counts := make([]int32, nO)
	if n < nO {
		for i := range n {
			counts[i] = 1
		}
	} else {
		weights := make([]float64, nO)
		var sum float64
		for i := range nO {
			counts[i] = 1
			weights[i] = float64(sectors[g.orgSec[i]].size) * (0.5 + g.r.Float64())
			sum += weights[i]
		}
		rest := n - nO
		left := rest
		for i := range nO {
			q := int(float64(rest) * weights[i] / sum)
			counts[i] += int32(q)
			left -= q
		}
		for range left {
			counts[g.r.IntN(nO)]++
		}
	}
	g.persOrg = make([]int32, 0, n)
	for o, c := range counts {
		for range c {
			g.persOrg = append(g.persOrg, int32(o))
		}
	}
	g.r.Shuffle(n, func(i, j int) { g.persOrg[i], g.persOrg[j] = g.persOrg[j], g.persOrg[i] })

	g.memStart = make([]int32, nO+1)
	for o, c := range counts {
		g.memStart[o+1] = g.memStart[o] + c
	}
	g.members = make([]int32, n)
	fill := slices.Clone(g.memStart[:nO])
	for p, o := range g.persOrg {
		g.members[fill[o]] = int32(p)
		fill[o]++
	}

	w := width(n, 5)
	g.connector = make([]bool, n)
	g.b.Persons = make([]*graph.Person, 0, n)
	for p := range n {
		o := int(g.persOrg[p])
		org := g.b.Organisations[o]
		s := &sectors[g.orgSec[o]]
		head := g.members[g.memStart[o]] == int32(p)
		name, local := g.personName()
		x := &graph.Person{ID: padID("per-", p+1, w), Name: name, Source: graph.SourceDemo}
		if head {
			x.Title = s.titles[0]
		} else {
			x.Title = s.titles[1+g.r.IntN(len(s.titles)-1)]
		}
		if g.chance(0.6) {
			x.Email = local + "@" + g.orgDomain[o]
		}
		if g.chance(0.35) {
			x.LinkedInURL = "https://www.linkedin.com/in/" + strings.Replace(local, ".", "-", 1) + "-" + strconv.FormatUint(g.r.Uint64N(1<<24), 16)
		}
		switch {
		case head && g.chance(0.5):
			x.PartyType = org.PartyType
		case intermediaryTitles[x.Title] && g.chance(0.5):
			x.PartyType = graph.PartyIntermediary
		}
		if x.PartyType != "" && g.chance(0.5) {
			x.Contribution = personContrib[x.PartyType]
			if g.chance(0.15) {
				x.Contribution.Interests = ""
				x.Contribution.InterestsUnknown = true
			}
		}
		if head && org.OwnerID != "" && x.PartyType == graph.PartyInput && g.chance(0.5) {
			x.OwnerID = org.OwnerID
		}
		if !(head && g.orgFlag[o]&flagHard != 0) && g.chance(0.01) {
			x.DoNotRoute = true
		}
		if !g.flagged(o) && (connectorTitles[x.Title] && g.chance(0.5) || g.chance(0.01)) {
			g.connector[p] = true
		}
		g.ids = append(g.ids, x.ID)
		g.b.Persons = append(g.b.Persons, x)
	}
}

func (g *gen) orgSize(o int) int { return int(g.memStart[o+1] - g.memStart[o]) }

func (g *gen) randomMember(o int) int {
	return int(g.members[int(g.memStart[o])+g.r.IntN(g.orgSize(o))])
}

func (g *gen) head(o int) int { return int(g.members[g.memStart[o]]) }

func (g *gen) randomCommOrg(c int) int {
	lo, hi := g.commStart[c], g.commStart[c+1]
	if hi == lo {
		return g.r.IntN(g.nO)
	}
	return int(g.commOrgs[int(lo)+g.r.IntN(int(hi-lo))])
}

// worksAt ties every person to their organisation.
func (g *gen) worksAt() {
	for p, o := range g.persOrg {
		g.rel(graph.RelWorksAt, g.perNode(p), g.orgNode(int(o)), g.between(0.5, 0.9), graph.NatureFormal, "", g.daysAgo(180, 9000), "")
	}
}

// --- ties between organisations ---

func in(s sectorID, set ...sectorID) bool { return slices.Contains(set, s) }

// orgRule says how an organisation of sector from can relate to one of
// sector to, if at all.
func orgRule(from, to sectorID) (graph.RelType, bool) {
	const (
		pa   = secPatientAssociation
		care = secCareProvider
	)
	switch from {
	case secMinistry:
		if in(to, pa, secUmbrella, secUniversity, care, secFund) {
			return graph.RelFunds, true
		}
	case secProvince:
		if in(to, secMunicipality) {
			return graph.RelPartnersWith, true
		}
		if in(to, care, pa, secUmbrella) {
			return graph.RelFunds, true
		}
	case secMunicipality:
		if in(to, care, pa, secGPPractice) {
			return graph.RelFunds, true
		}
		if in(to, secMunicipality, secHospital, secChamber) {
			return graph.RelPartnersWith, true
		}
	case secFund:
		if in(to, pa, care, secUniversity, secUmbrella, secHospital) {
			return graph.RelFunds, true
		}
		if in(to, secFund) {
			return graph.RelPartnersWith, true
		}
	case secCompany:
		if in(to, pa, care, secUmbrella) {
			return graph.RelFunds, true
		}
		if in(to, secFund, secMedia) {
			return graph.RelPartnersWith, true
		}
	case secGPPractice:
		if in(to, pa, care, secHospital) {
			return graph.RelRefersTo, true
		}
		if in(to, secGPCooperative) {
			return graph.RelMemberOf, true
		}
		if in(to, secGPPractice) {
			return graph.RelPartnersWith, true
		}
	case secGPCooperative:
		if in(to, secHospital, care, secInsurer) {
			return graph.RelPartnersWith, true
		}
	case secChamber:
		if in(to, secCompany, secFund) {
			return graph.RelRefersTo, true
		}
		if in(to, secMunicipality) {
			return graph.RelPartnersWith, true
		}
	case pa:
		if in(to, pa, secHospital, care, secMedia) {
			return graph.RelPartnersWith, true
		}
		if in(to, secUmbrella) {
			return graph.RelMemberOf, true
		}
	case secUmbrella:
		if in(to, secUmbrella) {
			return graph.RelMemberOf, true
		}
		if in(to, secMinistry, pa, secUniversity) {
			return graph.RelPartnersWith, true
		}
	case secHospital:
		if in(to, pa, care, secGPPractice) {
			return graph.RelRefersTo, true
		}
		if in(to, secUniversity, secInsurer) {
			return graph.RelPartnersWith, true
		}
	case secInsurer:
		if in(to, secHospital, secGPPractice, care, secGPCooperative) {
			return graph.RelFunds, true
		}
	case care:
		if in(to, pa) {
			return graph.RelRefersTo, true
		}
		if in(to, care, secHospital, secMunicipality) {
			return graph.RelPartnersWith, true
		}
	case secMedia:
		if in(to, pa, secHospital, secUniversity) {
			return graph.RelPartnersWith, true
		}
	case secUniversity:
		if in(to, secHospital, pa, secFund, secUniversity) {
			return graph.RelPartnersWith, true
		}
	}
	return "", false
}

// orgTies relates organisations, mostly within their community; the
// national anchors relate across the country. Hard and island
// organisations stay out.
func (g *gen) orgTies() {
	var pairs [][2]int32
	nA := min(len(anchors), g.nO)
	for o := range g.nO {
		if g.flagged(o) {
			continue
		}
		attempts := 1 + g.r.IntN(3)
		if o < nA {
			attempts = 3 + g.r.IntN(4)
		}
		for range attempts {
			for range 4 {
				var t int
				if o < nA || g.chance(0.2) {
					t = g.r.IntN(g.nO)
				} else {
					t = g.randomCommOrg(int(g.orgComm[o]))
				}
				if t == o || g.flagged(t) {
					continue
				}
				typ, ok := orgRule(g.orgSec[o], g.orgSec[t])
				if !ok {
					continue
				}
				var s float64
				var nat graph.Nature
				switch typ {
				case graph.RelFunds:
					s, nat = g.between(0.5, 0.9), graph.NatureFormal
				case graph.RelMemberOf:
					s, nat = g.between(0.5, 0.8), graph.NatureFormal
				case graph.RelPartnersWith:
					s, nat = g.between(0.4, 0.9), graph.NatureProfessional
				default:
					s, nat = g.between(0.3, 0.8), graph.NatureProfessional
				}
				if g.rel(typ, g.orgNode(o), g.orgNode(t), s, nat, "", g.daysAgo(365, 5500), "") {
					pairs = append(pairs, [2]int32{int32(o), int32(t)})
				}
				break
			}
		}
	}
	// Memberships: half the GP practices in their province's GP
	// cooperative; patient associations in their province's platform or
	// the national one.
	coop, platform := map[string]int{}, map[string]int{}
	for o := nA; o < g.nO; o++ {
		switch g.orgSec[o] {
		case secGPCooperative:
			coop[cities[g.orgCity[o]].province] = o
		case secUmbrella:
			platform[cities[g.orgCity[o]].province] = o
		}
	}
	member := func(o, t int) {
		if g.rel(graph.RelMemberOf, g.orgNode(o), g.orgNode(t), g.between(0.5, 0.8), graph.NatureFormal, "", g.daysAgo(365, 5500), "") {
			pairs = append(pairs, [2]int32{int32(o), int32(t)})
		}
	}
	for o := nA; o < g.nO; o++ {
		if g.flagged(o) {
			continue
		}
		province := cities[g.orgCity[o]].province
		switch g.orgSec[o] {
		case secGPPractice:
			if t, ok := coop[province]; ok && g.chance(0.5) {
				member(o, t)
			}
		case secPatientAssociation:
			if t, ok := platform[province]; ok && g.chance(0.3) {
				member(o, t)
			} else if nA > 4 && g.chance(0.2) {
				member(o, 4) // Landelijk Platform Patiëntenorganisaties
			}
		}
	}

	// Adjacency (both directions) for persons' ties between related
	// organisations.
	g.adjStart = make([]int32, g.nO+1)
	for _, p := range pairs {
		g.adjStart[p[0]+1]++
		g.adjStart[p[1]+1]++
	}
	for o := range g.nO {
		g.adjStart[o+1] += g.adjStart[o]
	}
	g.adj = make([]int32, 2*len(pairs))
	fill := slices.Clone(g.adjStart[:g.nO])
	for _, p := range pairs {
		g.adj[fill[p[0]]] = p[1]
		fill[p[0]]++
		g.adj[fill[p[1]]] = p[0]
		fill[p[1]]++
	}
}

// relatedOrg returns an organisation related to o (tied to it, or in its
// community) that has persons and is neither hard nor an island, or -1.
func (g *gen) relatedOrg(o int) int {
	for range 3 {
		var t int
		if lo, hi := g.adjStart[o], g.adjStart[o+1]; hi > lo && g.chance(0.5) {
			t = int(g.adj[int(lo)+g.r.IntN(int(hi-lo))])
		} else {
			t = g.randomCommOrg(int(g.orgComm[o]))
		}
		if t != o && !g.flagged(t) && g.orgSize(t) > 0 {
			return t
		}
	}
	return -1
}

// randomRegularPerson returns a person of an organisation that is neither
// hard nor an island, or -1.
func (g *gen) randomRegularPerson() int {
	for range 20 {
		p := g.r.IntN(g.nP)
		if !g.flagged(int(g.persOrg[p])) {
			return p
		}
	}
	return -1
}

var boardSectors = []sectorID{secFund, secPatientAssociation, secUmbrella, secCareProvider, secHospital, secUniversity, secGPCooperative}

// boardSeats puts about 6% of persons (a quarter of the connectors) on the
// board of another organisation.
func (g *gen) boardSeats() {
	for p := range g.nP {
		o := int(g.persOrg[p])
		if g.flagged(o) {
			continue
		}
		pr := 0.05
		if g.connector[p] {
			pr = 0.25
		}
		if !g.chance(pr) {
			continue
		}
		for range 4 {
			var t int
			if g.chance(0.6) {
				t = g.randomCommOrg(int(g.orgComm[o]))
			} else {
				t = g.r.IntN(g.nO)
			}
			if t == o || g.flagged(t) || !in(g.orgSec[t], boardSectors...) {
				continue
			}
			if g.rel(graph.RelBoardMemberOf, g.perNode(p), g.orgNode(t), g.between(0.5, 0.9), graph.NatureFormal, "", g.daysAgo(90, 3000), "") {
				if x := g.b.Persons[p]; x.PartyType == "" {
					x.PartyType = graph.PartyIntermediary
				}
			}
			break
		}
	}
}

// personKnows ties persons: one or two colleagues and one to four persons
// at related organisations each; connectors add ties across the country.
// Persons of hard and island organisations know only their colleagues.
func (g *gen) personKnows() {
	for p := range g.nP {
		o := int(g.persOrg[p])
		size := g.orgSize(o)
		colleagues := min(size-1, 1+g.r.IntN(2))
		for range colleagues {
			q := g.randomMember(o)
			nat := graph.NatureProfessional
			if g.chance(0.3) {
				nat = graph.NaturePersonal
			}
			g.rel(graph.RelKnows, g.perNode(p), g.perNode(q), g.between(0.3, 0.9), nat, "", time.Time{}, "")
		}
		if g.flagged(o) {
			continue
		}
		others := 1 + g.r.IntN(4)
		if g.connector[p] {
			others += 3 + g.r.IntN(6)
		}
		for k := range others {
			q := -1
			if k >= 3 { // a connector's long-range tie
				q = g.randomRegularPerson()
			} else if t := g.relatedOrg(o); t >= 0 {
				q = g.randomMember(t)
			}
			if q < 0 {
				continue
			}
			nat := graph.NatureProfessional
			switch u := g.r.Float64(); {
			case u < 0.25:
				nat = graph.NaturePersonal
			case u < 0.4:
				nat = graph.NatureFormal
			}
			g.rel(graph.RelKnows, g.perNode(p), g.perNode(q), g.between(0.2, 0.8), nat, "", time.Time{}, "")
		}
	}
}

// --- our employees' ties ---

// employeeTies gives each employee knows ties to persons in their
// portfolio of communities (the director and board at the top of
// organisations, at strategic level; account managers tactical; staff
// operational, in the sectors of their team) and a few memberships.
func (g *gen) employeeTies() {
	nRegional := g.nComm - 1
	nA := min(len(anchors), g.nO)
	for e := range g.nE {
		role := g.roles[e]
		var portfolio []int
		var prefer []sectorID
		count, pTop, pNational := 12, 0.2, 0.0
		switch role {
		case graph.RoleDirector:
			portfolio = []int{1 + g.r.IntN(nRegional), 1 + g.r.IntN(nRegional)}
			count, pTop, pNational = 30, 0.6, 0.4
		case graph.RoleAccountManager:
			j := slices.Index(g.ams, e)
			for c := 1 + j%nRegional; c <= nRegional; c += len(g.ams) {
				portfolio = append(portfolio, c)
			}
			count, pNational = 28, 0.2
		case graph.RoleBoardMember:
			portfolio = []int{1 + g.r.IntN(nRegional)}
			count, pTop, pNational = 14, 0.6, 0.4
		default:
			t := staffTeams[g.teams[e]]
			prefer = t.sectors
			portfolio = []int{1 + g.r.IntN(nRegional), 1 + g.r.IntN(nRegional)}
			if in(secFund, prefer...) || in(secMinistry, prefer...) {
				pNational = 0.3
			}
		}
		count = int(float64(count) * (0.8 + 0.4*g.r.Float64()))
		for k := 0; k < 3*count && len(g.ties[e]) < count; k++ {
			c := 0
			if !g.chance(pNational) {
				c = pick(g, portfolio)
			}
			t := -1
			for try := range 4 {
				x := g.randomCommOrg(c)
				if g.flagged(x) || g.orgSize(x) == 0 {
					continue
				}
				t = x
				if prefer == nil || in(g.orgSec[x], prefer...) || try == 3 {
					break
				}
			}
			if t < 0 {
				continue
			}
			p := g.randomMember(t)
			if g.chance(pTop) {
				p = g.head(t)
			}
			g.knowsPerson(e, p, 0)
		}
		// Standing ties of the director and the first account manager.
		if role == graph.RoleDirector {
			for _, a := range []int{0, 1} {
				if a < nA && g.orgSize(a) > 0 {
					g.knowsPerson(e, g.head(a), g.between(0.8, 0.95))
				}
			}
		}
		if len(g.ams) > 0 && e == g.ams[0] && nA > 1 && g.orgSize(1) > 0 {
			g.knowsPerson(e, g.randomMember(1), g.between(0.6, 0.8))
		}
		g.employeeMemberships(e, portfolio)
	}
}

// knowsPerson adds a knows tie from employee e to person p with a strength,
// nature and level fitting e's role; strength 0 means drawn.
func (g *gen) knowsPerson(e, p int, strength float64) {
	var lo, hi float64
	var level graph.ContactLevel
	var nat graph.Nature
	u := g.r.Float64()
	switch g.roles[e] {
	case graph.RoleDirector:
		lo, hi, level = 0.4, 0.95, graph.LevelStrategic
		nat = pickNature(u, 0.2, 0.6) // personal, professional, else formal
	case graph.RoleBoardMember:
		lo, hi, level = 0.3, 0.95, graph.LevelStrategic
		nat = pickNature(u, 0.5, 0.9)
	case graph.RoleAccountManager:
		lo, hi, level = 0.3, 0.9, graph.LevelTactical
		if g.chance(0.25) {
			level = graph.LevelOperational
		}
		nat = pickNature(u, 0.1, 0.8)
	default:
		lo, hi, level = 0.2, 0.8, graph.LevelOperational
		if g.chance(0.15) {
			level = graph.LevelTactical
		}
		nat = pickNature(u, 0.1, 0.8)
	}
	if strength == 0 {
		strength = g.between(lo, hi)
	}
	if g.rel(graph.RelKnows, e, g.perNode(p), strength, nat, level, g.daysAgo(60, 5000), "") {
		g.ties[e] = append(g.ties[e], tie{g.perNode(p), strength, level})
	}
}

func pickNature(u, personal, professional float64) graph.Nature {
	switch {
	case u < personal:
		return graph.NaturePersonal
	case u < professional:
		return graph.NatureProfessional
	}
	return graph.NatureFormal
}

// employeeMemberships: the director sits on the board of the national
// platform, board members on a regional board; account managers and some
// staff are members of an association or platform. An employee left
// without any tie becomes a member of some organisation.
func (g *gen) employeeMemberships(e int, portfolio []int) {
	role := g.roles[e]
	typ, level, n := graph.RelMemberOf, graph.LevelTactical, 0
	switch role {
	case graph.RoleDirector:
		typ, level, n = graph.RelBoardMemberOf, graph.LevelStrategic, 1
		if g.nO > 4 && !g.flagged(4) { // Landelijk Platform Patiëntenorganisaties
			g.employeeOrg(e, 4, typ, level)
		}
	case graph.RoleBoardMember:
		typ, level, n = graph.RelBoardMemberOf, graph.LevelStrategic, 1
	case graph.RoleAccountManager:
		if g.chance(0.5) {
			n = 1
		}
	default:
		level = graph.LevelOperational
		if g.chance(0.25) {
			n = 1
		}
	}
	for range n {
		for range 8 {
			t := g.randomCommOrg(pick(g, portfolio))
			if !g.flagged(t) && in(g.orgSec[t], secPatientAssociation, secUmbrella, secCareProvider, secFund) {
				g.employeeOrg(e, t, typ, level)
				break
			}
		}
	}
	if len(g.ties[e]) == 0 {
		for range g.nO {
			if t := g.r.IntN(g.nO); !g.flagged(t) {
				g.employeeOrg(e, t, graph.RelMemberOf, level)
				return
			}
		}
		g.employeeOrg(e, 0, graph.RelMemberOf, level)
	}
}

func (g *gen) employeeOrg(e, o int, typ graph.RelType, level graph.ContactLevel) {
	s := g.between(0.5, 0.85)
	if g.rel(typ, e, g.orgNode(o), s, graph.NatureFormal, level, g.daysAgo(60, 3000), "") {
		g.ties[e] = append(g.ties[e], tie{g.orgNode(o), s, level})
	}
}

// brokers opens each hard fund to one or two brokers: persons elsewhere who
// know someone there personally. The first hard fund's broker is a person
// one of our employees knows, so that fund lies at distance 3.
func (g *gen) brokers() {
	known := make([]bool, g.nP)
	var knownList []int
	for _, ts := range g.ties {
		for _, t := range ts {
			if p := t.node - g.nE - g.nO; p >= 0 && !known[p] {
				known[p] = true
				if !g.b.Persons[p].DoNotRoute && !g.flagged(int(g.persOrg[p])) {
					knownList = append(knownList, p)
				}
			}
		}
	}
	slices.Sort(knownList)
	k := 0
	for h := range g.nO {
		if g.orgFlag[h]&flagHard == 0 || g.orgSize(h) == 0 {
			continue
		}
		for b := range 1 + k%2 {
			broker := -1
			if k == 0 && b == 0 && len(knownList) > 0 {
				broker = pick(g, knownList)
			} else {
				for range 20 {
					if q := g.randomRegularPerson(); q >= 0 && !g.b.Persons[q].DoNotRoute {
						broker = q
						break
					}
				}
			}
			if broker < 0 {
				continue
			}
			target := g.head(h)
			if b > 0 {
				target = g.randomMember(h)
			}
			note := "Oud-collega's"
			if b > 0 {
				note = "Kennen elkaar uit de Rotary"
			}
			g.rel(graph.RelKnows, g.perNode(broker), g.perNode(target), g.between(0.6, 0.9), graph.NaturePersonal, "", time.Time{}, note)
		}
		k++
	}
}

// --- contacts ---

// contactRate is the mean number of contacts per year on a tie of strength
// 1; a tie of strength s gets rate·s².
const contactRate = 5.0

var modeWeights = map[graph.ContactLevel][5]float64{
	// meeting, phone, letter, email, event
	graph.LevelStrategic:   {0.45, 0.2, 0.05, 0.1, 0.2},
	graph.LevelTactical:    {0.3, 0.25, 0.05, 0.3, 0.1},
	graph.LevelOperational: {0.15, 0.3, 0.1, 0.4, 0.05},
}

func (g *gen) contacts() {
	years := g.o.ContactYears
	first := g.today.AddDate(-years, 0, 0)
	days := int(g.today.Sub(first).Hours() / 24)
	var cs []*graph.Contact
	for e, ts := range g.ties {
		for _, t := range ts {
			n := g.poisson(float64(years) * contactRate * t.strength * t.strength)
			for range n {
				d := first.AddDate(0, 0, g.r.IntN(days))
				switch d.Weekday() {
				case time.Saturday:
					d = d.AddDate(0, 0, -1)
				case time.Sunday:
					d = d.AddDate(0, 0, -2)
				}
				if d.Before(first) {
					d = d.AddDate(0, 0, 3)
				}
				d = d.Add(time.Duration(9+g.r.IntN(8))*time.Hour + time.Duration(15*g.r.IntN(4))*time.Minute)
				w := modeWeights[t.level]
				u := g.r.Float64()
				m := 0
				for m < 4 && u >= w[m] {
					u -= w[m]
					m++
				}
				mode := graph.ContactModes[m]
				cs = append(cs, &graph.Contact{
					Date: d, EmployeeID: g.ids[e], StakeholderID: g.ids[t.node],
					Mode: mode, Level: t.level, Note: pick(g, contactNotes[mode]),
				})
			}
		}
	}
	cs = append(cs, g.ownerMeetings()...)
	slices.SortStableFunc(cs, func(a, b *graph.Contact) int {
		return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.EmployeeID, b.EmployeeID), cmp.Compare(a.StakeholderID, b.StakeholderID))
	})
	if g.leaver >= 0 {
		// Drawn like everybody's (so the random stream stays that of a
		// network without a leaver), but she logged nothing after her
		// last day.
		id := g.ids[g.leaver]
		cs = slices.DeleteFunc(cs, func(c *graph.Contact) bool { return c.EmployeeID == id && day(c.Date).After(g.leftDay) })
	}
	w := width(len(cs), 6)
	for i, c := range cs {
		c.ID = padID("con-", i+1, w)
	}
	g.b.Contacts = cs
}

// ownerMeetings returns the contacts of owners with the people of the
// organisations they own whom no stated tie joins them to: about half of
// the owned organisations with people, the owner met its head (or another
// of its people) two to eight times in the last year. They are what an
// account manager logs without ever declaring a tie, so the demo shows
// evidence ties (a path through a person met only in the contact log) and
// contacts that count for the organisation of the person met.
func (g *gen) ownerMeetings() []*graph.Contact {
	index := make(map[string]int, g.nE)
	for e := range g.nE {
		index[g.ids[e]] = e
	}
	var cs []*graph.Contact
	for o, org := range g.b.Organisations {
		e, owned := index[org.OwnerID]
		if !owned || e == g.leaver || g.orgSize(o) == 0 || !g.chance(0.5) {
			continue
		}
		p := g.head(o)
		if g.chance(0.3) {
			p = g.randomMember(o)
		}
		node := g.perNode(p)
		if slices.ContainsFunc(g.ties[e], func(t tie) bool { return t.node == node }) {
			continue
		}
		for range 2 + g.r.IntN(7) {
			d := g.today.AddDate(0, 0, -1-g.r.IntN(360))
			if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
				d = d.AddDate(0, 0, -2)
			}
			mode := []graph.ContactMode{graph.ModeMeeting, graph.ModePhone, graph.ModeEmail}[g.r.IntN(3)]
			cs = append(cs, &graph.Contact{
				Date: d.Add(time.Duration(9+g.r.IntN(8)) * time.Hour), EmployeeID: g.ids[e], StakeholderID: g.ids[node],
				Mode: mode, Level: graph.LevelTactical, Note: pick(g, contactNotes[mode]),
			})
		}
	}
	return cs
}

// poisson draws from a Poisson distribution with mean lambda (Knuth's
// method; lambda is small here).
func (g *gen) poisson(lambda float64) int {
	l := math.Exp(-lambda)
	k, p := 0, g.r.Float64()
	for p > l {
		k++
		p *= g.r.Float64()
	}
	return k
}
