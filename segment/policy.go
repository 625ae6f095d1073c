package segment

import (
	"fmt"
	"slices"
	"strings"

	"github.com/relmap/relmap/graph"
)

// Intensity is how much effort a segment's relationship management gets
// (the first line of each quadrant in the seed's figure).
type Intensity string

// The intensities.
const (
	// Intensive ("intensief relatiemanagement"): personal, sustained effort
	// by named people (Invest, Develop).
	Intensive Intensity = "intensive"
	// Extensive ("extensief relatiemanagement"): low effort per relationship,
	// by means that reach many at once (Harvest, Ignore).
	Extensive Intensity = "extensive"
)

// Valid reports whether i is a known intensity.
func (i Intensity) Valid() bool { return i == Intensive || i == Extensive }

// Name returns the figure's wording in lang: "Intensief relatiemanagement" /
// "Intensive relationship management", and likewise for extensive. An
// unknown intensity returns its own string.
func (i Intensity) Name(lang string) string {
	switch i {
	case Intensive:
		return pick(lang, "Intensive relationship management", "Intensief relatiemanagement")
	case Extensive:
		return pick(lang, "Extensive relationship management", "Extensief relatiemanagement")
	}
	return string(i)
}

// Limits on a policy's numbers.
const (
	MaxPeriodMonths = 120
	MaxMinContacts  = 1000
)

// Policy is how the stakeholders of one segment are managed (the seed's step
// 4): with what intensity, by which contact modes, how often at least, and by
// whom. Step 5's conformance check compares the contact log against it.
type Policy struct {
	Segment   Segment   `json:"segment"`
	Intensity Intensity `json:"intensity"`
	// ContactModes are the recommended means of contact, most typical first.
	// Empty means "no particular means".
	ContactModes []graph.ContactMode `json:"contact_modes"`
	// MinContacts is the minimum number of logged contacts (graph.Contact, in
	// any mode) with each stakeholder of the segment in every period of
	// PeriodMonths months. 0 means no minimum.
	MinContacts int `json:"min_contacts"`
	// PeriodMonths is the length of the policy period in months, 1–120; the
	// seed's "beleidscyclus" (policy cycle).
	PeriodMonths int `json:"period_months"`
	// Responsible lists the employee roles that hold these relationships,
	// first the usual one. Empty means nobody in particular.
	Responsible []graph.EmployeeRole `json:"responsible"`
	// ApproachEN and ApproachNL are the second line of the quadrant in the
	// seed's figure, e.g. "Samenwerking" (cooperation); the first line is
	// the Intensity's name. See Summary.
	ApproachEN string `json:"approach_en,omitempty"`
	ApproachNL string `json:"approach_nl,omitempty"`
	// DescriptionEN and DescriptionNL are the policy in full; by default the
	// seed's paragraph on the segment and its translation.
	DescriptionEN string `json:"description_en,omitempty"`
	DescriptionNL string `json:"description_nl,omitempty"`
}

// Approach returns the policy's approach in lang, falling back to the other
// language.
func (p Policy) Approach(lang string) string {
	return fallback(pick(lang, p.ApproachEN, p.ApproachNL), pick(lang, p.ApproachNL, p.ApproachEN))
}

// Description returns the policy's description in lang, falling back to the
// other language.
func (p Policy) Description(lang string) string {
	return fallback(pick(lang, p.DescriptionEN, p.DescriptionNL), pick(lang, p.DescriptionNL, p.DescriptionEN))
}

// SummaryLines returns the two lines the seed's figure prints under the
// segment's name: the intensity and the approach, e.g. "Intensief
// relatiemanagement", "Samenwerking".
func (p Policy) SummaryLines(lang string) [2]string {
	return [2]string{p.Intensity.Name(lang), p.Approach(lang)}
}

// Summary returns SummaryLines joined by " — ", e.g. "Intensief
// relatiemanagement — Samenwerking", or the intensity alone when there is no
// approach.
func (p Policy) Summary(lang string) string {
	l := p.SummaryLines(lang)
	if l[1] == "" {
		return l[0]
	}
	return l[0] + " — " + l[1]
}

// Validate checks the policy and returns every problem found as graph.Errors
// (code graph.EINVALID), or nil: the segment must be one of the four placed
// segments; the intensity known; every contact mode a graph.ContactMode
// (field "contact_modes[i]", no duplicates); min_contacts in 0–1000;
// period_months in 1–120; every responsible role a graph.EmployeeRole
// (field "responsible[i]", no duplicates); texts within their limits.
func (p *Policy) Validate() error {
	var errs graph.Errors
	add := func(field, format string, args ...any) {
		errs = append(errs, graph.Invalid(field, format, args...))
	}
	if !p.Segment.Placed() {
		add("segment", "%q is not one of %s", p.Segment, joined(Segments))
	}
	if !p.Intensity.Valid() {
		add("intensity", "%q is not one of %s, %s", p.Intensity, Intensive, Extensive)
	}
	for i, m := range p.ContactModes {
		f := fmt.Sprintf("contact_modes[%d]", i)
		if !m.Valid() {
			add(f, "%q is not one of %s", m, joined(graph.ContactModes))
		} else if j := slices.Index(p.ContactModes, m); j < i {
			add(f, "%q repeats contact_modes[%d]", m, j)
		}
	}
	if p.MinContacts < 0 || p.MinContacts > MaxMinContacts {
		add("min_contacts", "%d is outside 0–%d", p.MinContacts, MaxMinContacts)
	}
	if p.PeriodMonths < 1 || p.PeriodMonths > MaxPeriodMonths {
		add("period_months", "%d is outside 1–%d", p.PeriodMonths, MaxPeriodMonths)
	}
	for i, r := range p.Responsible {
		f := fmt.Sprintf("responsible[%d]", i)
		if !r.Valid() {
			add(f, "%q is not one of %s", r, joined(graph.EmployeeRoles))
		} else if j := slices.Index(p.Responsible, r); j < i {
			add(f, "%q repeats responsible[%d]", r, j)
		}
	}
	text(add, "approach_en", p.ApproachEN, graph.MaxNameLen)
	text(add, "approach_nl", p.ApproachNL, graph.MaxNameLen)
	text(add, "description_en", p.DescriptionEN, graph.MaxTextLen)
	text(add, "description_nl", p.DescriptionNL, graph.MaxTextLen)
	return errs.Err()
}

// Policies is the policy table: one Policy for each of the four segments.
type Policies []Policy

// For returns the policy of segment s and whether the table has one.
func (ps Policies) For(s Segment) (Policy, bool) {
	for _, p := range ps {
		if p.Segment == s {
			return p, true
		}
	}
	return Policy{}, false
}

// Validate checks every policy (errors carry Item "policies[i]") and that
// the table holds exactly one policy for each of the four segments (a
// duplicate is reported on its "segment" field, a missing one on field
// "policies"). It returns graph.Errors, or nil.
func (ps Policies) Validate() error {
	var errs graph.Errors
	first := map[Segment]int{}
	for i, p := range ps {
		item := fmt.Sprintf("policies[%d]", i)
		if err := p.Validate(); err != nil {
			for _, e := range err.(graph.Errors) {
				e.Item = item
				errs = append(errs, e)
			}
		}
		if j, dup := first[p.Segment]; dup {
			e := graph.Invalid("segment", "%q already has a policy in policies[%d]", p.Segment, j)
			e.Item = item
			errs = append(errs, e)
		} else {
			first[p.Segment] = i
		}
	}
	for _, s := range Segments {
		if _, ok := first[s]; !ok {
			errs = append(errs, graph.Invalid("policies", "no policy for segment %s", s))
		}
	}
	return errs.Err()
}

// DefaultPolicies returns the policy table derived from the seed's step 4,
// in the order of Segments, as a fresh copy on every call. Intensities and
// approaches are the seed's figure; modes and responsibilities come from the
// segment paragraphs (cited at each policy). The seed gives no numbers: the
// minimum contacts and the 12-month period are relmap's choice, taking a
// policy cycle ("beleidscyclus") to be a year:
//
//	segment  intensity  modes                 min/12 months  responsible
//	invest   intensive  meeting, phone        4              account_manager, director
//	develop  intensive  event, meeting        2              account_manager, director
//	harvest  extensive  phone, letter, email  3              account_manager
//	ignore   extensive  email, letter         0              —
func DefaultPolicies() Policies {
	return Policies{
		{
			Segment:   Invest,
			Intensity: Intensive, // figure: "Investeer — Intensief relatiemanagement — Samenwerking"
			// "Deze organisaties verdienen daarom regelmatig persoonlijk
			// contact": personal contact, i.e. meetings and phone calls.
			ContactModes: []graph.ContactMode{graph.ModeMeeting, graph.ModePhone},
			// relmap's choice: "regelmatig" read as once a quarter.
			MinContacts:  4,
			PeriodMonths: 12,
			// "Relatiemanagement wordt in handen gelegd van relatie- of
			// accountmanagers. […] Sommige relaties worden beheerd door de
			// directie."
			Responsible: []graph.EmployeeRole{graph.RoleAccountManager, graph.RoleDirector},
			ApproachEN:  "Cooperation",
			ApproachNL:  "Samenwerking",
			DescriptionNL: "Dit zijn uw belangrijkste relaties. Het gaat vaker om een kleinere groep. " +
				"U hebt een goede toegang en verwacht belangrijke resultaten. " +
				"Deze organisaties verdienen daarom regelmatig persoonlijk contact. " +
				"Vaak is er sprake van partijen die op een gelijkwaardig niveau met elkaar omgaan en beiden voordelen zien in samenwerking. " +
				"Relatiemanagement wordt in handen gelegd van relatie- of accountmanagers. " +
				"Deze zijn resultaatverantwoordelijk voor de relaties met geselecteerde (groepen van) organisaties of personen. " +
				"Sommige relaties worden beheerd door de directie. " +
				"Altijd is de kwaliteit van deze relaties een aandachtspunt van het management. " +
				"Bijvoorbeeld: een zeer belangrijke sponsor, het ministerie dat het beleid vaststelt voor de sector waarin u actief bent.",
			DescriptionEN: "These are your most important relationships, more often than not a smaller group. " +
				"You have good access and expect important results, so these organisations deserve regular personal contact. " +
				"Often the parties deal with each other as equals and both see advantages in cooperation. " +
				"Relationship management is put in the hands of relationship or account managers, " +
				"who are accountable for the results of the relationships with selected (groups of) organisations or persons. " +
				"Some relationships are managed by the directors. " +
				"The quality of these relationships is always a point of attention for management. " +
				"For example: a very important sponsor, or the ministry that sets the policy for the sector you work in.",
		},
		{
			Segment:   Develop,
			Intensity: Intensive, // figure: "Ontwikkel — Intensief relatiemanagement — Ontwikkeling relatie"
			// "Vooral intermediairen kunnen u hier van dienst zijn […] U kunt
			// ook kiezen voor het vergroten van uw zichtbaarheid […]
			// relevante evenementen (congressen en symposia!) te bezoeken":
			// events, and meetings through intermediaries. (Publishing and
			// board seats are no contact modes; the description keeps them.)
			ContactModes: []graph.ContactMode{graph.ModeEvent, graph.ModeMeeting},
			// relmap's choice: every half year an attempt to get in.
			MinContacts:  2,
			PeriodMonths: 12,
			// "legt u de verantwoordelijkheid voor de ontwikkeling in handen
			// van relatie- of accountmanagers. Niet zelden pakt de directie
			// deze draad op."
			Responsible: []graph.EmployeeRole{graph.RoleAccountManager, graph.RoleDirector},
			ApproachEN:  "Developing the relationship",
			ApproachNL:  "Ontwikkeling relatie",
			DescriptionNL: "Deze organisaties of personen kunnen veel voor u betekenen. " +
				"Jammer genoeg weet u nog niet hoe u “binnen kunt komen”. U probeert dit wel. " +
				"Vooral intermediairen kunnen u hier van dienst zijn. " +
				"Zij kunnen een goed woordje voor u doen en u in contact brengen met voor u interessante stakeholders. " +
				"U kunt ook kiezen voor het vergroten van uw zichtbaarheid. " +
				"U wilt dan opgemerkt worden door bijvoorbeeld vaker te publiceren, relevante evenementen (congressen en symposia!) te bezoeken " +
				"of door bestuursfuncties te vervullen in organisaties met een netwerk waarvan ook deze voor u minder toegankelijke organisaties deel uitmaken. " +
				"Omdat het hier gaat om organisaties en personen die erg belangrijk voor u kunnen worden, " +
				"legt u de verantwoordelijkheid voor de ontwikkeling in handen van relatie- of accountmanagers. " +
				"Niet zelden pakt de directie deze draad op. " +
				"Bijvoorbeeld: u hebt geen relatie met bedrijven maar zoekt wel enkele grotere sponsors, " +
				"u wilt een politicus overhalen lid te worden van uw bestuur maar hebt nog geen contacten.",
			DescriptionEN: "These organisations or persons can mean a lot to you. " +
				"Unfortunately you do not yet know how to “get in”, though you are trying. " +
				"Intermediaries above all can help you here: " +
				"they can put in a good word for you and bring you into contact with stakeholders of interest to you. " +
				"You can also choose to raise your visibility, so as to be noticed: for example by publishing more often, " +
				"attending relevant events (congresses and symposia!) or holding board positions in organisations " +
				"whose network also includes these less accessible organisations. " +
				"Because these organisations and persons may become very important to you, " +
				"you put the development of these relationships in the hands of relationship or account managers. " +
				"Not infrequently the directors take up this thread. " +
				"For example: you have no relationships with companies but are looking for a few larger sponsors, " +
				"or you want to persuade a politician to join your board but have no contacts yet.",
		},
		{
			Segment:   Harvest,
			Intensity: Extensive, // figure: "Oogst — Extensief relatiemanagement — Frequente communicatie"
			// "Relatiemanagement wordt gedragen door direct-marketing
			// technieken: regelmatige contacten per telefoon, brief of
			// e-mail."
			ContactModes: []graph.ContactMode{graph.ModePhone, graph.ModeLetter, graph.ModeEmail},
			// "Er zijn meerdere contacten per beleidscyclus": several per
			// cycle; 3 per year is relmap's choice.
			MinContacts:  3,
			PeriodMonths: 12,
			// relmap's choice: the seed names nobody; an account manager owns
			// the segment's campaigns.
			Responsible: []graph.EmployeeRole{graph.RoleAccountManager},
			ApproachEN:  "Frequent communication",
			ApproachNL:  "Frequente communicatie",
			// The seed's "aanbiederende" is a typo for "aanbiedende",
			// corrected here.
			DescriptionNL: "U hebt een goede toegang tot deze organisaties en personen en verwacht een redelijk resultaat. " +
				"De invloed van de afzonderlijke relaties is niet groot. Het is hier meer 'de kracht van het getal' die telt. " +
				"Relatiemanagement wordt gedragen door direct-marketing technieken: regelmatige contacten per telefoon, brief of e-mail. " +
				"Er zijn meerdere contacten per beleidscyclus. " +
				"Deze organisaties en personen worden regelmatig gevraagd naar hun ervaringen met het aanbod. Hun mening telt! " +
				"Dat neemt niet weg dat de relatie vooral door de aanbiedende non profit organisatie wordt aangestuurd. " +
				"Bijvoorbeeld: huisartsen en hun rol in de verwijzing naar een patiëntenorganisatie, " +
				"het werven van donateurs voor een goed doel onder het Nederlandse publiek.",
			DescriptionEN: "You have good access to these organisations and persons and expect a reasonable result. " +
				"The influence of each single relationship is small; what counts here is rather 'the strength of numbers'. " +
				"Relationship management rests on direct-marketing techniques: regular contacts by phone, letter or e-mail. " +
				"There are several contacts per policy cycle. " +
				"These organisations and persons are regularly asked about their experience with the offer. Their opinion counts! " +
				"Even so, the relationship is steered mainly by the non-profit organisation that makes the offer. " +
				"For example: GPs and their role in referring patients to a patients' organisation, " +
				"or recruiting donors for a charity among the Dutch public.",
		},
		{
			Segment:   Ignore,
			Intensity: Extensive, // figure: "Negeer — Extensief relatiemanagement — Incidentele communicatie"
			// Figure: "Incidentele communicatie"; relmap's choice of the
			// cheapest means.
			ContactModes: []graph.ContactMode{graph.ModeEmail, graph.ModeLetter},
			// "U onderneemt weinig tot geen actie": no minimum.
			MinContacts:  0,
			PeriodMonths: 12,
			Responsible:  []graph.EmployeeRole{},
			ApproachEN:   "Incidental communication",
			ApproachNL:   "Incidentele communicatie",
			DescriptionNL: "U hebt niet of nauwelijks toegang tot deze “marktpartijen”. " +
				"Lukt het u uiteindelijk hen te overtuigen en activeren dan zijn de resultaten gering. " +
				"Deze dragen weinig tot niets bij aan de realisatie van uw doelstellingen en wegen dan ook niet op tegen de inspanningen. " +
				"U onderneemt weinig tot geen actie.",
			DescriptionEN: "You have no or hardly any access to these “market parties”. " +
				"Should you eventually manage to convince and activate them, the results are small. " +
				"They contribute little or nothing to achieving your goals and so do not outweigh the effort. " +
				"You take little or no action.",
		},
	}
}

// joined lists string values for an error message.
func joined[T ~string](vs []T) string {
	ss := make([]string, len(vs))
	for i, v := range vs {
		ss[i] = string(v)
	}
	return strings.Join(ss, ", ")
}
