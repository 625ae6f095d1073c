package demo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
)

// goldenDefaultSHA256 pins determinism: it is the SHA-256 of the JSON of
// Generate(Options{}), computed once. It changes only when the generator or
// its data change on purpose (or graph changes how records marshal); then
// check that the new network is what you meant and paste the digest the
// failing test reports here.
const goldenDefaultSHA256 = "a48f0c778456ac8b9445d087d533ad62ed8ff4837ba4870ee60ae8a81aee2267"

// nothingStored is a graph.StoredLookup of an empty store.
type nothingStored struct{}

func (nothingStored) StoredNodes(context.Context, []string) (map[string]graph.Stored, error) {
	return map[string]graph.Stored{}, nil
}
func (nothingStored) StoredRelationships(context.Context, []string) (map[string]graph.Stored, error) {
	return map[string]graph.Stored{}, nil
}
func (nothingStored) StoredContacts(context.Context, []string) (map[string]graph.Stored, error) {
	return map[string]graph.Stored{}, nil
}

func marshal(t testing.TB, b *graph.Batch) []byte {
	t.Helper()
	js, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return js
}

// sizes are option sets the structural tests run on: the default, a small
// network, a tiny one with fewer persons than organisations and a single
// employee, and one wider than the default.
var sizes = []struct {
	name string
	opts Options
}{
	{"default", Options{}},
	{"small", Options{Seed: 7, Persons: 60, Organisations: 25, Employees: 4, ContactYears: 1}},
	{"tiny", Options{Seed: 3, Persons: 5, Organisations: 9, Employees: 1}},
	{"wide", Options{Seed: 42, Persons: 3000, Employees: 40, ContactYears: 3}},
}

// plan runs graph.PlanUpsert on b against an empty store and checks that
// every record would be created.
func plan(t testing.TB, b *graph.Batch) {
	t.Helper()
	now := time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC)
	out, res, err := graph.PlanUpsert(context.Background(), b, nothingStored{}, graph.UpsertOptions{}, now)
	if err != nil {
		t.Fatalf("PlanUpsert: %v", err)
	}
	for _, c := range []struct {
		what      string
		got, want int
		written   int
	}{
		{"employees", res.Employees.Created, len(b.Employees), len(out.Employees)},
		{"organisations", res.Organisations.Created, len(b.Organisations), len(out.Organisations)},
		{"persons", res.Persons.Created, len(b.Persons), len(out.Persons)},
		{"relationships", res.Relationships.Created, len(b.Relationships), len(out.Relationships)},
		{"contacts", res.Contacts.Created, len(b.Contacts), len(out.Contacts)},
	} {
		if c.got != c.want || c.written != c.want {
			t.Errorf("%s: created %d, to write %d, want %d", c.what, c.got, c.written, c.want)
		}
	}
	if res.Employees.Updated+res.Organisations.Updated+res.Persons.Updated+res.Relationships.Updated+res.Contacts.Updated != 0 {
		t.Errorf("updates against an empty store: %+v", res)
	}
}

func TestGeneratePassesValidation(t *testing.T) {
	for _, s := range sizes {
		t.Run(s.name, func(t *testing.T) {
			b := Generate(s.opts)
			before := marshal(t, b)
			plan(t, b)
			// PlanUpsert normalizes the records in place and sets their
			// audit fields; apart from those the batch must already be in
			// normal form (ids derived, dates truncated).
			for _, r := range b.Relationships {
				r.Audit = graph.Audit{}
			}
			for _, x := range b.Employees {
				x.Audit = graph.Audit{}
			}
			for _, x := range b.Organisations {
				x.Audit = graph.Audit{}
			}
			for _, x := range b.Persons {
				x.Audit = graph.Audit{}
			}
			for _, x := range b.Contacts {
				x.Audit = graph.Audit{}
			}
			if after := marshal(t, b); string(after) != string(before) {
				t.Error("PlanUpsert changed the batch beyond its audit fields: the generator's output is not normalized")
			}
		})
	}
}

func TestGenerateDeterministic(t *testing.T) {
	a := marshal(t, Generate(Options{}))
	b := marshal(t, Generate(Options{}))
	if string(a) != string(b) {
		t.Fatal("two runs with the same options differ")
	}
	if c := marshal(t, Generate(Options{Seed: 1, Persons: 400, Organisations: 150, Employees: 15, ContactYears: 2, Now: DefaultNow})); string(c) != string(a) {
		t.Error("explicit default options give a different network than Options{}")
	}
	if c := marshal(t, Generate(Options{Persons: 400})); string(c) != string(a) {
		t.Error("Persons 400 with Organisations scaled gives a different network than the default")
	}
	if d := marshal(t, Generate(Options{Seed: 2})); string(d) == string(a) {
		t.Error("seeds 1 and 2 give the same network")
	}
	sum := sha256.Sum256(a)
	if got := hex.EncodeToString(sum[:]); got != goldenDefaultSHA256 {
		t.Errorf("default network digest %s, golden %s: if the generator changed on purpose, update goldenDefaultSHA256", got, goldenDefaultSHA256)
	}
}

func TestWithDefaults(t *testing.T) {
	o := Options{}.WithDefaults()
	want := Options{Seed: 1, Persons: 400, Organisations: 150, Employees: 15, ContactYears: 2, Now: DefaultNow}
	if o != want {
		t.Errorf("Options{}.WithDefaults() = %+v, want %+v", o, want)
	}
	for _, c := range []struct{ persons, orgs int }{{100000, 37500}, {8, 3}, {1, 1}, {3, 1}} {
		if got := (Options{Persons: c.persons}).WithDefaults().Organisations; got != c.orgs {
			t.Errorf("Persons %d: Organisations %d, want %d", c.persons, got, c.orgs)
		}
	}
	if got := (Options{Persons: 100, Organisations: 7}).WithDefaults().Organisations; got != 7 {
		t.Errorf("explicit Organisations overridden: %d", got)
	}
	local := time.Date(2026, 3, 1, 1, 30, 0, 0, time.FixedZone("CET", 3600))
	if got := (Options{Now: local}).WithDefaults().Now; got.Location() != time.UTC || !got.Equal(local) {
		t.Errorf("Now %v not converted to UTC: %v", local, got)
	}
}

func TestGenerateCounts(t *testing.T) {
	for _, s := range sizes {
		t.Run(s.name, func(t *testing.T) {
			o := s.opts.WithDefaults()
			b := Generate(s.opts)
			if len(b.Employees) != o.Employees || len(b.Organisations) != o.Organisations || len(b.Persons) != o.Persons {
				t.Errorf("got %d employees, %d organisations, %d persons; want %d, %d, %d",
					len(b.Employees), len(b.Organisations), len(b.Persons), o.Employees, o.Organisations, o.Persons)
			}
			if s.name == "default" {
				// Documented: about 2,000 relationships, 4–7 per person,
				// and 500–2,000 contacts.
				if n := len(b.Relationships); n < 4*o.Persons || n > 7*o.Persons {
					t.Errorf("%d relationships, want %d–%d", n, 4*o.Persons, 7*o.Persons)
				}
				if n := len(b.Contacts); n < 500 || n > 2000 {
					t.Errorf("%d contacts, want 500–2,000", n)
				}
			}
			roles := map[graph.EmployeeRole]int{}
			for _, e := range b.Employees {
				roles[e.Role]++
			}
			nAM, nStaff, nBoard := employeeRoles(o.Employees)
			if roles[graph.RoleDirector] != 1 || roles[graph.RoleAccountManager] != nAM || roles[graph.RoleStaff] != nStaff || roles[graph.RoleBoardMember] != nBoard {
				t.Errorf("roles %v, want 1 director, %d account managers, %d staff, %d board members", roles, nAM, nStaff, nBoard)
			}
		})
	}
	if am, staff, board := employeeRoles(15); am != 4 || staff != 7 || board != 3 {
		t.Errorf("employeeRoles(15) = %d, %d, %d; want 4, 7, 3", am, staff, board)
	}
}

func TestGenerateRecords(t *testing.T) {
	for _, s := range sizes {
		t.Run(s.name, func(t *testing.T) {
			o := s.opts.WithDefaults()
			b := Generate(s.opts)
			checkID := func(id, prefix string, width int) {
				t.Helper()
				if !strings.HasPrefix(id, prefix) || len(id) != len(prefix)+width {
					t.Errorf("id %q, want %s followed by %d digits", id, prefix, width)
				}
			}
			for _, e := range b.Employees {
				checkID(e.ID, "emp-", width(o.Employees, 3))
				if e.Source != graph.SourceDemo || !strings.HasSuffix(e.Email, "@samengezond.nl") {
					t.Errorf("employee %s: source %q, e-mail %q", e.ID, e.Source, e.Email)
				}
			}
			interestsUnknown, owned := 0, 0
			for _, x := range b.Organisations {
				checkID(x.ID, "org-", width(o.Organisations, 4))
				if x.Source != graph.SourceDemo || x.Sector == "" {
					t.Errorf("organisation %s: source %q, sector %q", x.ID, x.Source, x.Sector)
				}
				if x.Contribution.InterestsUnknown {
					interestsUnknown++
					if x.Contribution.Interests != "" {
						t.Errorf("organisation %s: interests unknown but given", x.ID)
					}
				}
				if x.OwnerID != "" {
					owned++
				}
			}
			for _, x := range b.Persons {
				checkID(x.ID, "per-", width(o.Persons, 5))
				if x.Source != graph.SourceDemo || x.Title == "" {
					t.Errorf("person %s: source %q, title %q", x.ID, x.Source, x.Title)
				}
			}
			for _, c := range b.Contacts {
				checkID(c.ID, "con-", width(len(b.Contacts), 6))
			}
			for _, r := range b.Relationships {
				if r.ID != graph.RelationshipID(r.Type, r.From, r.To) {
					t.Errorf("relationship %s: id is not the derived %s", r.ID, graph.RelationshipID(r.Type, r.From, r.To))
				}
				if spec, _ := r.Type.Spec(); spec.Symmetric && r.From > r.To {
					t.Errorf("relationship %s: symmetric with From > To", r.ID)
				}
				if r.Strength < 0.2 || r.Strength > 0.95 || math.Round(r.Strength*100)/100 != r.Strength {
					t.Errorf("relationship %s: strength %v not in [0.2,0.95] with 2 decimals", r.ID, r.Strength)
				}
				if r.Source != graph.SourceDemo {
					t.Errorf("relationship %s: source %q", r.ID, r.Source)
				}
				if !r.Since.IsZero() && !r.Since.Before(o.Now) {
					t.Errorf("relationship %s: since %v not before Now", r.ID, r.Since)
				}
			}
			if s.name == "default" {
				if n := len(b.Organisations); interestsUnknown < n/10 || interestsUnknown > n/4 {
					t.Errorf("%d of %d organisations with unknown interests, want about 15%%", interestsUnknown, n)
				}
				if owned < 20 {
					t.Errorf("only %d organisations have an owner", owned)
				}
				dnr := 0
				for _, x := range b.Persons {
					if x.DoNotRoute {
						dnr++
					}
				}
				if dnr == 0 || dnr > len(b.Persons)/20 {
					t.Errorf("%d persons do not route, want a few", dnr)
				}
			}
		})
	}
}

func TestEveryPersonWorksAtOneOrganisation(t *testing.T) {
	for _, s := range sizes {
		t.Run(s.name, func(t *testing.T) {
			b := Generate(s.opts)
			worksAt := map[string]int{}
			for _, r := range b.Relationships {
				if r.Type == graph.RelWorksAt {
					worksAt[r.From]++
					if !strings.HasPrefix(r.To, "org-") {
						t.Errorf("%s works at %s, not an organisation", r.From, r.To)
					}
				}
			}
			for _, p := range b.Persons {
				if worksAt[p.ID] != 1 {
					t.Errorf("%s works at %d organisations", p.ID, worksAt[p.ID])
				}
			}
			if len(worksAt) != len(b.Persons) {
				t.Errorf("%d nodes work somewhere, %d persons", len(worksAt), len(b.Persons))
			}
		})
	}
}

// employeeTies returns, per employee id, the stakeholders they hold a
// relationship with (either direction, any type).
func employeeTies(b *graph.Batch) map[string]map[string]bool {
	ties := map[string]map[string]bool{}
	for _, e := range b.Employees {
		ties[e.ID] = map[string]bool{}
	}
	for _, r := range b.Relationships {
		if ties[r.From] != nil && ties[r.To] == nil {
			ties[r.From][r.To] = true
		}
		if ties[r.To] != nil && ties[r.From] == nil {
			ties[r.To][r.From] = true
		}
	}
	return ties
}

func TestEveryEmployeeHoldsATie(t *testing.T) {
	for _, s := range sizes {
		t.Run(s.name, func(t *testing.T) {
			b := Generate(s.opts)
			for e, held := range employeeTies(b) {
				if len(held) == 0 {
					t.Errorf("%s holds no tie", e)
				}
			}
			levels := map[graph.EmployeeRole]map[graph.ContactLevel]int{}
			role := map[string]graph.EmployeeRole{}
			for _, e := range b.Employees {
				role[e.ID] = e.Role
				levels[e.Role] = map[graph.ContactLevel]int{}
			}
			for _, r := range b.Relationships {
				if ro, ok := role[r.From]; ok {
					levels[ro][r.Level]++
				} else if r.Level != "" {
					t.Errorf("%s: a contact level on a tie without an employee", r.ID)
				}
			}
			for _, ro := range []graph.EmployeeRole{graph.RoleDirector, graph.RoleBoardMember} {
				for l, n := range levels[ro] {
					if l != graph.LevelStrategic && n > 0 {
						t.Errorf("%s holds %d ties at level %q, want strategic only", ro, n, l)
					}
				}
			}
			for _, ro := range []graph.EmployeeRole{graph.RoleAccountManager, graph.RoleStaff} {
				if levels[ro][graph.LevelStrategic] > 0 {
					t.Errorf("%s holds strategic ties", ro)
				}
			}
		})
	}
}

// distances returns the number of hops from the nearest employee to every
// node reachable over relationships taken as undirected. With routable set,
// persons flagged do_not_route may end a path but not carry one.
func distances(b *graph.Batch, routable bool) map[string]int {
	adj := map[string][]string{}
	for _, r := range b.Relationships {
		adj[r.From] = append(adj[r.From], r.To)
		adj[r.To] = append(adj[r.To], r.From)
	}
	blocked := map[string]bool{}
	if routable {
		for _, p := range b.Persons {
			blocked[p.ID] = p.DoNotRoute
		}
	}
	dist := map[string]int{}
	var queue []string
	for _, e := range b.Employees {
		dist[e.ID] = 0
		queue = append(queue, e.ID)
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if blocked[n] {
			continue
		}
		for _, m := range adj[n] {
			if _, ok := dist[m]; !ok {
				dist[m] = dist[n] + 1
				queue = append(queue, m)
			}
		}
	}
	return dist
}

// The method's "develop" segment needs targets that can only be reached
// through intermediaries: the default network has an input organisation
// (an attractive fund) at three or more hops from every employee that is
// still reachable without passing a do-not-route person, and organisations
// with no path at all.
func TestDefaultNetworkHasHardAndUnreachableTargets(t *testing.T) {
	b := Generate(Options{})
	all, routable := distances(b, false), distances(b, true)
	var hard, unreachable []string
	for _, o := range b.Organisations {
		d, ok := all[o.ID]
		if !ok {
			unreachable = append(unreachable, o.Name)
			continue
		}
		if _, ok := routable[o.ID]; ok && o.PartyType == graph.PartyInput && d >= 3 {
			hard = append(hard, o.Name)
		}
	}
	if len(hard) == 0 {
		t.Error("no input organisation is reachable only through a path of length ≥ 3")
	}
	if len(unreachable) == 0 {
		t.Error("every organisation is reachable from an employee")
	}
	if len(unreachable) > len(b.Organisations)/10 {
		t.Errorf("%d of %d organisations unreachable, want a few", len(unreachable), len(b.Organisations))
	}
	t.Logf("reachable only at ≥ 3 hops: %v; unreachable: %v", hard, unreachable)
}

// The first hard fund, an anchor, opens to exactly one broker: a person an
// employee knows, so the fund lies at three hops (employee, broker, fund
// director, fund).
func TestHardFundOpensThroughOneBroker(t *testing.T) {
	b := Generate(Options{})
	var fund *graph.Organisation
	for _, o := range b.Organisations {
		if o.Name == "Stichting Loterijfonds Samen Sterker" {
			fund = o
		}
	}
	if fund == nil {
		t.Fatal("no Stichting Loterijfonds Samen Sterker")
	}
	inside := map[string]bool{fund.ID: true}
	for _, r := range b.Relationships {
		if r.Type == graph.RelWorksAt && r.To == fund.ID {
			inside[r.From] = true
		}
	}
	gateways := map[string]bool{}
	for _, r := range b.Relationships {
		if inside[r.From] != inside[r.To] {
			if inside[r.From] {
				gateways[r.To] = true
			} else {
				gateways[r.From] = true
			}
		}
	}
	if len(gateways) != 1 {
		t.Fatalf("%s is tied to the outside through %d nodes, want 1 broker", fund.Name, len(gateways))
	}
	for broker := range gateways {
		if !strings.HasPrefix(broker, "per-") {
			t.Errorf("the broker %s is not a person", broker)
		}
		for _, p := range b.Persons {
			if p.ID == broker && p.DoNotRoute {
				t.Errorf("the broker %s does not route", broker)
			}
		}
	}
	if d, ok := distances(b, true)[fund.ID]; !ok || d != 3 {
		t.Errorf("%s at distance %d (reachable %v), want 3", fund.Name, d, ok)
	}
}

func TestContactsFollowTies(t *testing.T) {
	for _, s := range sizes {
		t.Run(s.name, func(t *testing.T) {
			o := s.opts.WithDefaults()
			b := Generate(s.opts)
			ties := employeeTies(b)
			first := o.Now.AddDate(-o.ContactYears, 0, 0)
			// A contact follows a stated tie, or is an owner's meeting with a
			// person of an organisation the owner owns (no tie stated: the
			// contacts are the evidence, see ownerMeetings).
			owns := map[[2]string]bool{} // (employee, person) of an owned organisation
			ownerOf := map[string]string{}
			for _, o := range b.Organisations {
				ownerOf[o.ID] = o.OwnerID
			}
			for _, r := range b.Relationships {
				if r.Type.Affiliation() && ownerOf[r.To] != "" {
					owns[[2]string{ownerOf[r.To], r.From}] = true
				}
			}
			perTie := map[[2]string]int{}
			meetings := 0
			for _, c := range b.Contacts {
				switch {
				case ties[c.EmployeeID][c.StakeholderID]:
				case owns[[2]string{c.EmployeeID, c.StakeholderID}]:
					meetings++
				default:
					t.Errorf("%s: %s holds no tie with %s and owns no organisation of theirs", c.ID, c.EmployeeID, c.StakeholderID)
				}
				if c.Date.Before(first) || !c.Date.Before(o.Now) {
					t.Errorf("%s: date %v outside [%v, %v)", c.ID, c.Date, first, o.Now)
				}
				if wd := c.Date.Weekday(); wd == time.Saturday || wd == time.Sunday {
					t.Errorf("%s: on a %v", c.ID, wd)
				}
				perTie[[2]string{c.EmployeeID, c.StakeholderID}]++
			}
			for i := 1; i < len(b.Contacts); i++ {
				if b.Contacts[i].Date.Before(b.Contacts[i-1].Date) {
					t.Fatalf("contacts not in date order at %s", b.Contacts[i].ID)
				}
			}
			if s.name != "default" {
				return
			}
			if meetings == 0 {
				t.Error("no owner met a person of an organisation they own without a stated tie")
			}
			// Stronger ties see more contacts: compare the mean number of
			// contacts on the weakest and the strongest employee ties.
			var weak, strong [2]float64 // sum, count
			for _, r := range b.Relationships {
				if !strings.HasPrefix(r.From, "emp-") {
					continue
				}
				n := float64(perTie[[2]string{r.From, r.To}])
				switch {
				case r.Strength < 0.5:
					weak[0], weak[1] = weak[0]+n, weak[1]+1
				case r.Strength >= 0.75:
					strong[0], strong[1] = strong[0]+n, strong[1]+1
				}
			}
			if w, s := weak[0]/weak[1], strong[0]/strong[1]; s < 2*w {
				t.Errorf("mean contacts on weak ties %.1f, on strong ties %.1f: want strong at least twice weak", w, s)
			}
		})
	}
}

func TestGenerateAtScale(t *testing.T) {
	start := time.Now()
	b := Generate(Options{Persons: 100000})
	took := time.Since(start)
	o := Options{Persons: 100000}.WithDefaults()
	if len(b.Persons) != 100000 || len(b.Organisations) != o.Organisations || len(b.Employees) != 15 {
		t.Errorf("got %d persons, %d organisations, %d employees", len(b.Persons), len(b.Organisations), len(b.Employees))
	}
	if n := len(b.Relationships); n < 400000 || n > 600000 {
		t.Errorf("%d relationships, want 400,000–600,000", n)
	}
	t.Logf("100k persons: %d organisations, %d relationships, %d contacts in %v",
		len(b.Organisations), len(b.Relationships), len(b.Contacts), took)
}

// Validating the 100k batch takes about 3 s, and 25 s with -race.
func TestGenerateAtScaleValidates(t *testing.T) {
	if testing.Short() {
		t.Skip("validating 600,000 records takes 3–25 s")
	}
	b := Generate(Options{Persons: 100000})
	start := time.Now()
	plan(t, b)
	t.Logf("PlanUpsert of the 100k batch took %v", time.Since(start))
}

// Any small size works, down to one person, organisation and employee.
func TestGenerateSmallSizes(t *testing.T) {
	for seed := int64(1); seed <= 40; seed++ {
		o := Options{Seed: seed, Persons: int(seed*seed) % 97, Organisations: int(seed*7) % 31, Employees: int(seed) % 9, ContactYears: int(seed) % 4}
		b := Generate(o)
		w := o.WithDefaults()
		if len(b.Persons) != w.Persons || len(b.Organisations) != w.Organisations || len(b.Employees) != w.Employees {
			t.Errorf("%+v: got %d persons, %d organisations, %d employees", o, len(b.Persons), len(b.Organisations), len(b.Employees))
		}
		plan(t, b)
		for e, held := range employeeTies(b) {
			if len(held) == 0 {
				t.Errorf("%+v: %s holds no tie", o, e)
			}
		}
	}
}

func BenchmarkGenerate100k(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Generate(Options{Persons: 100000})
	}
}

func BenchmarkGenerateDefault(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Generate(Options{})
	}
}

// TestDepartedEmployee: in the default network the last account manager,
// Ingrid Mulder (emp-005), left LeftDaysAgo days before Now. Her history
// stays up to her last day — ties ending on it, contacts on or before it —
// and what she owned went to the first account manager, Jeroen Bakker
// (emp-002): compared with the same network without her departure, every
// record she owned has him as owner and nothing else changed hands.
func TestDepartedEmployee(t *testing.T) {
	b := Generate(Options{})
	last := DefaultNow.AddDate(0, 0, -LeftDaysAgo)
	var left []*graph.Employee
	for _, e := range b.Employees {
		if !e.End.IsZero() {
			left = append(left, e)
		}
	}
	if len(left) != 1 || left[0].ID != "emp-005" || left[0].Name != "Ingrid Mulder" || !left[0].End.Equal(last) {
		t.Fatalf("departed employees %+v, want emp-005 Ingrid Mulder, last day %s", left, last.Format(time.DateOnly))
	}
	ties, ended := 0, 0
	for _, r := range b.Relationships {
		if r.From == "emp-005" || r.To == "emp-005" {
			ties++
			if r.Until.Equal(last) && !r.Since.After(last) {
				ended++
			}
		}
	}
	contacts := 0
	for _, c := range b.Contacts {
		if c.EmployeeID == "emp-005" {
			contacts++
			if day(c.Date).After(last) {
				t.Errorf("contact %s of emp-005 on %s, after her last day", c.ID, c.Date.Format(time.DateOnly))
			}
		}
	}
	if ties == 0 || ended != ties || contacts == 0 {
		t.Fatalf("emp-005: %d ties (%d ending on her last day), %d contacts; want a history, every tie ended", ties, ended, contacts)
	}

	// The same network before the hand-over: generate it without the
	// departure step.
	o := Options{}.WithDefaults()
	g := &gen{o: o, r: rand.New(rand.NewPCG(uint64(o.Seed), pcgStream)), today: day(o.Now), nE: o.Employees, nO: o.Organisations, nP: o.Persons,
		seen: map[relKey]struct{}{}}
	g.employees()
	g.chooseLeaver()
	g.organisations()
	g.owners()
	g.persons()
	before := map[string]string{}
	for _, x := range g.b.Organisations {
		before[x.ID] = x.OwnerID
	}
	for _, x := range g.b.Persons {
		before[x.ID] = x.OwnerID
	}
	moved := 0
	check := func(id, owner string) {
		switch was := before[id]; {
		case was == "emp-005":
			moved++
			if owner != "emp-002" {
				t.Errorf("%s, owned by emp-005, is owned by %q, want emp-002", id, owner)
			}
		case owner != was:
			t.Errorf("%s changed owner from %q to %q", id, was, owner)
		}
	}
	for _, x := range b.Organisations {
		check(x.ID, x.OwnerID)
	}
	for _, x := range b.Persons {
		check(x.ID, x.OwnerID)
	}
	if moved == 0 {
		t.Error("emp-005 owned nothing to hand over")
	}
}
