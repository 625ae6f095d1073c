package segmenttest

import (
	"math"
	"slices"
	"testing"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/storetest"
	"github.com/relmap/relmap/segment"
)

// careScheme is DefaultScheme with changed weights and thresholds: yield
// counts three times, familiarity not at all (weight 0), and the thresholds
// are 2.0 (attractiveness) and 2.5 (accessibility).
func careScheme() *segment.Scheme {
	s := segment.DefaultScheme()
	s.Name = "care"
	s.Description = "Zorg: opbrengst telt driemaal; bekendheid telt niet mee."
	s.ThresholdAttractiveness = 2.0
	s.ThresholdAccessibility = 2.5
	for i := range s.Criteria {
		switch s.Criteria[i].ID {
		case "yield":
			s.Criteria[i].Weight = 3
		case "familiarity":
			s.Criteria[i].Weight = 0
		}
	}
	return s
}

// wideScheme is DefaultScheme on a 1–10 scale with thresholds 5.5 and an
// extra accessibility criterion "reach" named in Dutch only.
func wideScheme() *segment.Scheme {
	s := segment.DefaultScheme()
	s.Name = "wide"
	s.Scale = segment.Scale{Min: 1, Max: 10}
	s.ThresholdAttractiveness, s.ThresholdAccessibility = 5.5, 5.5
	s.Criteria = append(s.Criteria, segment.Criterion{ID: "reach", Axis: segment.Accessibility, NameNL: "Bereik", Weight: 0.5})
	return s
}

// customPolicies is DefaultPolicies in reverse order with a few changes.
func customPolicies() segment.Policies {
	ps := segment.DefaultPolicies()
	slices.Reverse(ps)
	for i := range ps {
		switch ps[i].Segment {
		case segment.Invest:
			ps[i].MinContacts, ps[i].PeriodMonths = 6, 6
			ps[i].DescriptionEN = "Quarterly visits — at least."
		case segment.Harvest:
			ps[i].ContactModes = []graph.ContactMode{}
		case segment.Ignore:
			ps[i].Responsible = nil
			ps[i].ApproachNL = "Niets doen"
		}
	}
	return ps
}

// testDefaults checks what an empty store returns, and that the values it
// returns are its callers' to change.
func testDefaults(t *testing.T, st stores) {
	v := version(t, st)
	sc, err := st.s.Scheme(bg)
	storetest.Must(t, err)
	same(t, "scheme of an empty store", segment.DefaultScheme(), sc)
	ps, err := st.s.Policies(bg)
	storetest.Must(t, err)
	same(t, "policies of an empty store", segment.DefaultPolicies(), ps)
	xs, total, err := st.s.FindAssessments(bg, segment.AssessmentFilter{})
	wantIDs(t, "assessments of an empty store", xs, total, err, nil, 0)

	sc.Criteria[0].Weight, sc.Name = 99, "changed by the caller"
	ps[0].MinContacts, ps[0].ContactModes[0] = 99, graph.ModeLetter
	sc2, err := st.s.Scheme(bg)
	storetest.Must(t, err)
	same(t, "scheme after the caller changed the one returned", segment.DefaultScheme(), sc2)
	ps2, err := st.s.Policies(bg)
	storetest.Must(t, err)
	same(t, "policies after the caller changed the ones returned", segment.DefaultPolicies(), ps2)
	wantSameVersion(t, st, v, "reads")
}

func testSchemeRoundTrip(t *testing.T, st stores) {
	stored := loadAssessments(t, st)
	v := version(t, st)

	care := careScheme()
	storetest.Must(t, st.s.SaveScheme(as("editor"), care))
	v = wantMoved(t, st, v, "saving a scheme")
	got, err := st.s.Scheme(bg)
	storetest.Must(t, err)
	same(t, "scheme read back", careScheme(), got)

	// Neither the value saved nor the value read is shared with the store.
	care.Criteria[0].Weight, care.ThresholdAccessibility = 7, 4
	got.Criteria[1].Weight, got.Name = 8, "changed"
	got, err = st.s.Scheme(bg)
	storetest.Must(t, err)
	same(t, "scheme after the caller changed its values", careScheme(), got)

	// The same scheme again changes nothing.
	storetest.Must(t, st.s.SaveScheme(as("editor"), careScheme()))
	wantSameVersion(t, st, v, "saving the stored scheme again")

	// A scheme that drops criteria keeps the assessments of those criteria.
	narrow := segment.DefaultScheme()
	narrow.Criteria = slices.DeleteFunc(narrow.Criteria, func(c segment.Criterion) bool { return c.ID == "openness" || c.ID == "core_task" })
	storetest.Must(t, st.s.SaveScheme(as("editor"), narrow))
	v = wantMoved(t, st, v, "saving a narrower scheme")
	got, err = st.s.Scheme(bg)
	storetest.Must(t, err)
	same(t, "narrow scheme read back", narrow, got)
	same(t, "assessments after saving schemes", stored, all(t, st, segment.AssessmentFilter{}))

	// Saving the default stores it.
	storetest.Must(t, st.s.SaveScheme(as("editor"), segment.DefaultScheme()))
	wantMoved(t, st, v, "saving the default scheme")
	got, err = st.s.Scheme(bg)
	storetest.Must(t, err)
	same(t, "default scheme read back", segment.DefaultScheme(), got)

	ps, err := st.s.Policies(bg)
	storetest.Must(t, err)
	same(t, "policies after saving schemes", segment.DefaultPolicies(), ps)
}

// testSchemeInvalid saves invalid schemes over a saved one: each is refused
// with the field at fault, and nothing changes.
func testSchemeInvalid(t *testing.T, st stores) {
	loadAssessments(t, st)
	storetest.Must(t, st.s.SaveScheme(as("editor"), careScheme()))
	axis := func(s *segment.Scheme, a segment.Axis, w float64) {
		for i := range s.Criteria {
			if s.Criteria[i].Axis == a {
				s.Criteria[i].Weight = w
			}
		}
	}
	for _, tc := range []struct {
		name   string
		change func(s *segment.Scheme)
		field  string
	}{
		{"negative weight", func(s *segment.Scheme) { s.Criteria[0].Weight = -1 }, "criteria[0].weight"},
		{"NaN weight", func(s *segment.Scheme) { s.Criteria[5].Weight = math.NaN() }, "criteria[5].weight"},
		{"infinite weight", func(s *segment.Scheme) { s.Criteria[2].Weight = math.Inf(1) }, "criteria[2].weight"},
		{"all-zero weights on attractiveness", func(s *segment.Scheme) { axis(s, segment.Attractiveness, 0) }, "criteria"},
		{"all-zero weights on accessibility", func(s *segment.Scheme) { axis(s, segment.Accessibility, 0) }, "criteria"},
		{"attractiveness threshold above the scale", func(s *segment.Scheme) { s.ThresholdAttractiveness = 5.5 }, "threshold_attractiveness"},
		{"accessibility threshold below the scale", func(s *segment.Scheme) { s.ThresholdAccessibility = 0.5 }, "threshold_accessibility"},
		{"threshold NaN", func(s *segment.Scheme) { s.ThresholdAccessibility = math.NaN() }, "threshold_accessibility"},
		{"empty scale", func(s *segment.Scheme) { s.Scale = segment.Scale{Min: 3, Max: 3} }, "scale.max"},
		{"unknown axis", func(s *segment.Scheme) { s.Criteria[3].Axis = "charm" }, "criteria[3].axis"},
		{"duplicate criterion", func(s *segment.Scheme) { s.Criteria[1].ID = s.Criteria[0].ID }, "criteria[1].id"},
		{"malformed criterion id", func(s *segment.Scheme) { s.Criteria[4].ID = "Familiarity" }, "criteria[4].id"},
		{"criterion without a name", func(s *segment.Scheme) { s.Criteria[6].NameEN, s.Criteria[6].NameNL = "", " " }, "criteria[6].name_en"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := capture(t, st)
			s := careScheme()
			tc.change(s)
			storetest.WantErr(t, st.s.SaveScheme(as("mallory"), s), graph.EINVALID, "", tc.field)
			unchanged(t, st, before)
		})
	}
	t.Run("nil", func(t *testing.T) {
		before := capture(t, st)
		storetest.WantErr(t, st.s.SaveScheme(as("mallory"), nil), graph.EINVALID, "", "")
		unchanged(t, st, before)
	})
}

func testPoliciesRoundTrip(t *testing.T, st stores) {
	stored := loadAssessments(t, st)
	v := version(t, st)

	ps := customPolicies()
	storetest.Must(t, st.s.SavePolicies(as("editor"), ps))
	v = wantMoved(t, st, v, "saving policies")
	got, err := st.s.Policies(bg)
	storetest.Must(t, err)
	same(t, "policies read back, in the order saved", customPolicies(), got)

	ps[0].MinContacts, ps[1].ContactModes = 50, nil
	got[0].PeriodMonths, got[2].Responsible = 1, []graph.EmployeeRole{graph.RoleStaff}
	got, err = st.s.Policies(bg)
	storetest.Must(t, err)
	same(t, "policies after the caller changed its values", customPolicies(), got)

	storetest.Must(t, st.s.SavePolicies(as("editor"), customPolicies()))
	wantSameVersion(t, st, v, "saving the stored policies again")

	storetest.Must(t, st.s.SavePolicies(as("editor"), segment.DefaultPolicies()))
	wantMoved(t, st, v, "saving the default policies")
	got, err = st.s.Policies(bg)
	storetest.Must(t, err)
	same(t, "default policies read back", segment.DefaultPolicies(), got)

	sc, err := st.s.Scheme(bg)
	storetest.Must(t, err)
	same(t, "scheme after saving policies", segment.DefaultScheme(), sc)
	same(t, "assessments after saving policies", stored, all(t, st, segment.AssessmentFilter{}))
}

// testPoliciesInvalid saves invalid tables over a saved one: each is
// refused with the policy and field at fault, and nothing changes.
func testPoliciesInvalid(t *testing.T, st stores) {
	loadAssessments(t, st)
	storetest.Must(t, st.s.SavePolicies(as("editor"), customPolicies()))
	for _, tc := range []struct {
		name        string
		change      func(ps segment.Policies) segment.Policies
		item, field string
	}{
		{"negative minimum", func(ps segment.Policies) segment.Policies { ps[0].MinContacts = -1; return ps }, "policies[0]", "min_contacts"},
		{"period of 0 months", func(ps segment.Policies) segment.Policies { ps[1].PeriodMonths = 0; return ps }, "policies[1]", "period_months"},
		{"unknown contact mode", func(ps segment.Policies) segment.Policies {
			ps[3].ContactModes = []graph.ContactMode{"pigeon"}
			return ps
		}, "policies[3]", "contact_modes[0]"},
		{"unknown role", func(ps segment.Policies) segment.Policies {
			ps[2].Responsible = []graph.EmployeeRole{"intern"}
			return ps
		}, "policies[2]", "responsible[0]"},
		{"unknown intensity", func(ps segment.Policies) segment.Policies { ps[0].Intensity = "moderate"; return ps }, "policies[0]", "intensity"},
		{"policy for unassessed", func(ps segment.Policies) segment.Policies { ps[0].Segment = segment.Unassessed; return ps }, "policies[0]", "segment"},
		{"segment twice", func(ps segment.Policies) segment.Policies { ps[3].Segment = ps[0].Segment; return ps }, "policies[3]", "segment"},
		{"segment missing", func(ps segment.Policies) segment.Policies { return ps[:3] }, "", "policies"},
		{"empty", func(segment.Policies) segment.Policies { return segment.Policies{} }, "", "policies"},
		{"nil", func(segment.Policies) segment.Policies { return nil }, "", "policies"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := capture(t, st)
			storetest.WantErr(t, st.s.SavePolicies(as("mallory"), tc.change(customPolicies())), graph.EINVALID, tc.item, tc.field)
			unchanged(t, st, before)
		})
	}
}
