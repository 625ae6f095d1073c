package segment

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
)

// fieldsOf returns the fields of err's graph.Errors, failing the test if err
// is not graph.Errors with code EINVALID throughout.
func fieldsOf(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var es graph.Errors
	if !errors.As(err, &es) {
		t.Fatalf("error %v (%T) is not graph.Errors", err, err)
	}
	if graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("code = %s, want %s", graph.ErrorCode(err), graph.EINVALID)
	}
	var fs []string
	for _, e := range es {
		if e.Code != graph.EINVALID {
			t.Errorf("%v: code %s", e, e.Code)
		}
		fs = append(fs, e.Field)
	}
	return fs
}

func TestDefaultScheme(t *testing.T) {
	s := DefaultScheme()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	// The seed's step 3, in its order, with equal weights.
	want := []struct {
		id     string
		axis   Axis
		nameNL string
	}{
		{"yield", Attractiveness, "Mogelijke opbrengsten"},
		{"fit", Attractiveness, "Aansluiting van doelstellingen en werkwijze"},
		{"interests", Attractiveness, "Overeenkomende belangen"},
		{"core_task", Attractiveness, "Aandeel in onze kerntaak"},
		{"familiarity", Accessibility, "(On)bekendheid met elkaar"},
		{"image", Accessibility, "Kwaliteit van de beeldvorming"},
		{"relationship", Accessibility, "Kenmerken van de huidige relatie"},
		{"openness", Accessibility, "Open voor samenwerking"},
	}
	if len(s.Criteria) != len(want) {
		t.Fatalf("%d criteria, want %d", len(s.Criteria), len(want))
	}
	for i, w := range want {
		c := s.Criteria[i]
		if c.ID != w.id || c.Axis != w.axis || c.NameNL != w.nameNL || c.Weight != 1 {
			t.Errorf("criteria[%d] = %s %s %q %v, want %s %s %q 1", i, c.ID, c.Axis, c.NameNL, c.Weight, w.id, w.axis, w.nameNL)
		}
		if c.NameEN == "" || c.DescriptionEN == "" || c.DescriptionNL == "" {
			t.Errorf("criteria[%d] lacks a name or description", i)
		}
	}
	// The seed's own phrases are in the Dutch descriptions.
	for id, phrase := range map[string]string{
		"yield":        "mogelijke opbrengsten (beleid, geld, invloed)",
		"familiarity":  "(on)bekendheid met elkaar",
		"image":        "kwaliteit van de beeldvorming",
		"relationship": "enmerken van de huidige relatie",
		"openness":     "open staat voor samenwerking",
	} {
		c, _ := s.Criterion(id)
		if !strings.Contains(c.DescriptionNL, phrase) {
			t.Errorf("%s: %q does not quote %q", id, c.DescriptionNL, phrase)
		}
	}
	if s.ThresholdAttractiveness != 3 || s.ThresholdAccessibility != 3 || s.Scale != (Scale{1, 5}) {
		t.Errorf("thresholds %v/%v scale %v", s.ThresholdAttractiveness, s.ThresholdAccessibility, s.Scale)
	}
	// A fresh copy each call.
	s.Criteria[0].Weight = 9
	if DefaultScheme().Criteria[0].Weight != 1 {
		t.Error("DefaultScheme shares its criteria")
	}
	if got := len(DefaultScheme().CriteriaOn(Accessibility)); got != 4 {
		t.Errorf("%d accessibility criteria", got)
	}
}

func TestSchemeValidate(t *testing.T) {
	cases := []struct {
		name   string
		change func(s *Scheme)
		want   []string
	}{
		{"default is valid", func(s *Scheme) {}, nil},
		{"thresholds at the ends of the scale are valid", func(s *Scheme) {
			s.ThresholdAttractiveness, s.ThresholdAccessibility = 1, 5
		}, nil},
		{"zero weight on one criterion is valid", func(s *Scheme) { s.Criteria[1].Weight = 0 }, nil},
		{"negative weight", func(s *Scheme) { s.Criteria[2].Weight = -1 }, []string{"criteria[2].weight"}},
		{"NaN weight", func(s *Scheme) { s.Criteria[2].Weight = math.NaN() }, []string{"criteria[2].weight"}},
		{"infinite weight", func(s *Scheme) { s.Criteria[6].Weight = math.Inf(1) }, []string{"criteria[6].weight"}},
		{"all-zero weights on accessibility", func(s *Scheme) {
			for i := 4; i < 8; i++ {
				s.Criteria[i].Weight = 0
			}
		}, []string{"criteria"}},
		{"no criteria", func(s *Scheme) { s.Criteria = nil }, []string{"criteria", "criteria"}},
		{"duplicate id", func(s *Scheme) { s.Criteria[5].ID = "yield" }, []string{"criteria[5].id"}},
		{"empty id", func(s *Scheme) { s.Criteria[0].ID = "" }, []string{"criteria[0].id"}},
		{"upper-case id", func(s *Scheme) { s.Criteria[0].ID = "Yield" }, []string{"criteria[0].id"}},
		{"id with a space", func(s *Scheme) { s.Criteria[0].ID = "my yield" }, []string{"criteria[0].id"}},
		{"unknown axis", func(s *Scheme) { s.Criteria[1].Axis = "importance" }, []string{"criteria[1].axis"}},
		{"no name", func(s *Scheme) { s.Criteria[3].NameEN, s.Criteria[3].NameNL = "", " " }, []string{"criteria[3].name_en"}},
		{"one name is enough", func(s *Scheme) { s.Criteria[3].NameEN = "" }, nil},
		{"threshold below the scale", func(s *Scheme) { s.ThresholdAttractiveness = 0.5 }, []string{"threshold_attractiveness"}},
		{"threshold above the scale", func(s *Scheme) { s.ThresholdAccessibility = 5.5 }, []string{"threshold_accessibility"}},
		{"NaN threshold", func(s *Scheme) { s.ThresholdAccessibility = math.NaN() }, []string{"threshold_accessibility"}},
		{"empty scale", func(s *Scheme) { s.Scale = Scale{} }, []string{"scale.max"}},
		{"inverted scale", func(s *Scheme) { s.Scale = Scale{5, 1} }, []string{"scale.max"}},
		{"negative scale", func(s *Scheme) { s.Scale = Scale{-1, 5} }, []string{"scale.min"}},
		{"1–10 scale with threshold 5.5", func(s *Scheme) {
			s.Scale = Scale{1, 10}
			s.ThresholdAttractiveness, s.ThresholdAccessibility = 5.5, 5.5
		}, nil},
		{"every problem at once, in field order", func(s *Scheme) {
			s.ThresholdAttractiveness = 9
			s.Criteria[0].Weight = -2
			s.Criteria[4].Axis = ""
		}, []string{"threshold_attractiveness", "criteria[0].weight", "criteria[4].axis"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := DefaultScheme()
			tc.change(s)
			if got := fieldsOf(t, s.Validate()); !slices.Equal(got, tc.want) {
				t.Errorf("fields = %q, want %q (%v)", got, tc.want, s.Validate())
			}
		})
	}
}

func TestCriterionNames(t *testing.T) {
	c := Criterion{ID: "x", NameNL: "Naam"}
	if c.Name("en") != "Naam" || c.Name("nl") != "Naam" {
		t.Errorf("fallback to nl: %q %q", c.Name("en"), c.Name("nl"))
	}
	if (Criterion{ID: "x"}).Name("en") != "x" {
		t.Error("fallback to id")
	}
	d, _ := DefaultScheme().Criterion("image")
	if d.Name("en") != "Quality of the image" || d.Name("nl-NL") != "Kwaliteit van de beeldvorming" {
		t.Errorf("%q %q", d.Name("en"), d.Name("nl-NL"))
	}
}

func TestAssessmentValidate(t *testing.T) {
	s := DefaultScheme()
	valid := func() Assessment {
		return Assessment{ID: "a1", StakeholderID: "org-fund-x", CriterionID: "yield", Score: 3, Date: day("2024-03-01"), Assessor: "emp-anna"}
	}
	cases := []struct {
		name   string
		change func(a *Assessment)
		scheme *Scheme
		want   []string
	}{
		{"valid", func(a *Assessment) {}, s, nil},
		{"score 1 and 5 are valid", func(a *Assessment) { a.Score = 5 }, s, nil},
		{"score 0", func(a *Assessment) { a.Score = 0 }, s, []string{"score"}},
		{"score 6", func(a *Assessment) { a.Score = 6 }, s, []string{"score"}},
		{"score 6 without a scheme uses 1–5", func(a *Assessment) { a.Score = 6 }, nil, []string{"score"}},
		{"score 8 on a 1–10 scheme", func(a *Assessment) { a.Score = 8 }, &Scheme{Scale: Scale{1, 10}, Criteria: s.Criteria}, nil},
		{"unknown criterion", func(a *Assessment) { a.CriterionID = "charm" }, s, []string{"criterion_id"}},
		{"unknown criterion without a scheme is not checked", func(a *Assessment) { a.CriterionID = "charm" }, nil, nil},
		{"no criterion", func(a *Assessment) { a.CriterionID = "" }, nil, []string{"criterion_id"}},
		{"no stakeholder", func(a *Assessment) { a.StakeholderID = "" }, s, []string{"stakeholder_id"}},
		{"stakeholder with a space", func(a *Assessment) { a.StakeholderID = "fund x" }, s, []string{"stakeholder_id"}},
		{"no id", func(a *Assessment) { a.ID = "" }, s, []string{"id"}},
		{"no date", func(a *Assessment) { a.Date = time.Time{} }, s, []string{"date"}},
		{"long comment", func(a *Assessment) { a.Comment = strings.Repeat("x", graph.MaxTextLen+1) }, s, []string{"comment"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := valid()
			tc.change(&a)
			if got := fieldsOf(t, a.Validate(tc.scheme)); !slices.Equal(got, tc.want) {
				t.Errorf("fields = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestAssessmentNormalize(t *testing.T) {
	a := Assessment{StakeholderID: " org-x ", CriterionID: "yield ", Score: 4, Date: day("2024-03-01"), Comment: " ok "}
	a.Normalize()
	if a.ID != "org-x:yield:2024-03-01" || a.StakeholderID != "org-x" || a.Comment != "ok" {
		t.Errorf("got %+v", a)
	}
	at := time.Date(2024, 3, 1, 14, 30, 0, 0, time.FixedZone("CET", 3600))
	if got := AssessmentID("org-x", "yield", at); got != "org-x:yield:2024-03-01T13:30:00Z" {
		t.Errorf("AssessmentID with a time = %q", got)
	}
	b := a
	b.Audit.UpdatedBy = "someone"
	if a.Hash() != b.Hash() {
		t.Error("Hash depends on the audit fields")
	}
	b.Score = 5
	if a.Hash() == b.Hash() {
		t.Error("Hash ignores the score")
	}
}
