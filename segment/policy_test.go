package segment

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/relmap/relmap/graph"
)

func TestDefaultPolicies(t *testing.T) {
	ps := DefaultPolicies()
	if err := ps.Validate(); err != nil {
		t.Fatal(err)
	}
	// One policy per segment, in the order of Segments.
	got := make([]Segment, len(ps))
	for i, p := range ps {
		got[i] = p.Segment
	}
	if !slices.Equal(got, Segments) {
		t.Errorf("segments %v, want %v", got, Segments)
	}
	// The two lines under each name in the seed's figure, and the numbers
	// of the table in DefaultPolicies' doc comment.
	want := map[Segment]struct {
		nl, en    string
		intensity Intensity
		min       int
		roles     []graph.EmployeeRole
	}{
		Invest:  {"Intensief relatiemanagement — Samenwerking", "Intensive relationship management — Cooperation", Intensive, 4, []graph.EmployeeRole{graph.RoleAccountManager, graph.RoleDirector}},
		Develop: {"Intensief relatiemanagement — Ontwikkeling relatie", "Intensive relationship management — Developing the relationship", Intensive, 2, []graph.EmployeeRole{graph.RoleAccountManager, graph.RoleDirector}},
		Harvest: {"Extensief relatiemanagement — Frequente communicatie", "Extensive relationship management — Frequent communication", Extensive, 3, []graph.EmployeeRole{graph.RoleAccountManager}},
		Ignore:  {"Extensief relatiemanagement — Incidentele communicatie", "Extensive relationship management — Incidental communication", Extensive, 0, []graph.EmployeeRole{}},
	}
	for _, s := range Segments {
		p, ok := ps.For(s)
		w := want[s]
		if !ok {
			t.Fatalf("no policy for %s", s)
		}
		if p.Summary("nl") != w.nl || p.Summary("en") != w.en {
			t.Errorf("%s summary = %q / %q, want %q / %q", s, p.Summary("nl"), p.Summary("en"), w.nl, w.en)
		}
		if p.Intensity != w.intensity || p.MinContacts != w.min || p.PeriodMonths != 12 || !slices.Equal(p.Responsible, w.roles) {
			t.Errorf("%s = %s %d/%d %v", s, p.Intensity, p.MinContacts, p.PeriodMonths, p.Responsible)
		}
		if p.DescriptionNL == "" || p.DescriptionEN == "" || p.Description("nl") != p.DescriptionNL || p.Description("en") != p.DescriptionEN {
			t.Errorf("%s lacks a description", s)
		}
		if len(p.ContactModes) == 0 {
			t.Errorf("%s has no contact modes", s)
		}
	}
	// Each Dutch description quotes its seed paragraph.
	for s, phrase := range map[Segment]string{
		Invest:  "Deze organisaties verdienen daarom regelmatig persoonlijk contact.",
		Develop: "Vooral intermediairen kunnen u hier van dienst zijn.",
		Harvest: "Er zijn meerdere contacten per beleidscyclus.",
		Ignore:  "U onderneemt weinig tot geen actie.",
	} {
		if p, _ := ps.For(s); !strings.Contains(p.DescriptionNL, phrase) {
			t.Errorf("%s: description does not quote %q", s, phrase)
		}
	}
	// A fresh copy each call.
	ps[0].ContactModes[0] = graph.ModeLetter
	if DefaultPolicies()[0].ContactModes[0] != graph.ModeMeeting {
		t.Error("DefaultPolicies shares its slices")
	}
}

func TestPolicyValidate(t *testing.T) {
	cases := []struct {
		name   string
		change func(p *Policy)
		want   []string
	}{
		{"valid", func(p *Policy) {}, nil},
		{"no modes and no roles are valid", func(p *Policy) { p.ContactModes, p.Responsible = nil, nil }, nil},
		{"negative minimum", func(p *Policy) { p.MinContacts = -1 }, []string{"min_contacts"}},
		{"period 0", func(p *Policy) { p.PeriodMonths = 0 }, []string{"period_months"}},
		{"period of 11 years", func(p *Policy) { p.PeriodMonths = 132 }, []string{"period_months"}},
		{"unknown mode", func(p *Policy) { p.ContactModes = []graph.ContactMode{graph.ModePhone, "fax"} }, []string{"contact_modes[1]"}},
		{"repeated mode", func(p *Policy) { p.ContactModes = []graph.ContactMode{graph.ModePhone, graph.ModePhone} }, []string{"contact_modes[1]"}},
		{"unknown role", func(p *Policy) { p.Responsible = []graph.EmployeeRole{"ceo"} }, []string{"responsible[0]"}},
		{"unknown intensity", func(p *Policy) { p.Intensity = "moderate" }, []string{"intensity"}},
		{"unassessed has no policy", func(p *Policy) { p.Segment = Unassessed }, []string{"segment"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := DefaultPolicies()[0]
			tc.change(&p)
			if got := fieldsOf(t, p.Validate()); !slices.Equal(got, tc.want) {
				t.Errorf("fields = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestPoliciesValidate(t *testing.T) {
	ps := DefaultPolicies()
	ps[2].MinContacts = -3
	ps[3].Segment = Invest // duplicate; leaves Ignore without a policy
	err := ps.Validate()
	var es graph.Errors
	if !errors.As(err, &es) || len(es) != 3 {
		t.Fatalf("got %v, want 3 errors", err)
	}
	want := []struct{ item, field string }{
		{"policies[2]", "min_contacts"},
		{"policies[3]", "segment"},
		{"", "policies"},
	}
	for i, w := range want {
		if es[i].Item != w.item || es[i].Field != w.field {
			t.Errorf("error %d = %s / %s, want %s / %s", i, es[i].Item, es[i].Field, w.item, w.field)
		}
	}
}
