package segment

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/relmap/relmap/graph"
)

// Axis is one of the two dimensions of the segment matrix (the seed's step
// 3): how attractive a stakeholder is to us, and how accessible.
type Axis string

// The two axes.
const (
	// Attractiveness ("aantrekkelijkheid") is what a relationship could bring
	// us: the y axis of the matrix.
	Attractiveness Axis = "attractiveness"
	// Accessibility ("toegankelijkheid") is how easily we can reach the
	// stakeholder: the x axis of the matrix.
	Accessibility Axis = "accessibility"
)

// Axes lists both axes, attractiveness first.
var Axes = []Axis{Attractiveness, Accessibility}

// Valid reports whether a is one of the two axes.
func (a Axis) Valid() bool { return a == Attractiveness || a == Accessibility }

// Name returns the axis name in lang: "Aantrekkelijkheid" /
// "Toegankelijkheid" in Dutch (the seed figure's labels), "Attractiveness" /
// "Accessibility" otherwise. An unknown axis returns its own string.
func (a Axis) Name(lang string) string {
	switch a {
	case Attractiveness:
		return pick(lang, "Attractiveness", "Aantrekkelijkheid")
	case Accessibility:
		return pick(lang, "Accessibility", "Toegankelijkheid")
	}
	return string(a)
}

// Scale is the closed range of whole-number scores an assessment may give,
// e.g. 1–5. Higher is always better: more attractive, more accessible.
type Scale struct {
	Min int `json:"min"`
	Max int `json:"max"`
}

// DefaultScale is the 1–5 scale of relmap's default scheme.
var DefaultScale = Scale{Min: 1, Max: 5}

// DefaultThreshold is the default threshold on both axes: the middle of the
// 1–5 scale. The seed gives no number; "greater" and "smaller" in its figure
// are read as "at least the middle of the scale" and "below it".
const DefaultThreshold = 3.0

// MaxCriterionIDLen bounds the length of a criterion id.
const MaxCriterionIDLen = 64

// Contains reports whether score lies in the scale.
func (s Scale) Contains(score int) bool { return score >= s.Min && score <= s.Max }

// Criterion is one scored aspect of a stakeholder on one axis, e.g. "the
// potential yield (policy, money, influence) of the relationship". Criteria
// and their weights are configured per organisation: the seed gives its
// criteria as examples that differ per sector.
type Criterion struct {
	// ID is the stable id, e.g. "yield". It appears in assessments, CSV
	// headers and URLs, so it is restricted to lower-case ASCII letters,
	// digits, '_' and '-', starting with a letter, at most MaxCriterionIDLen
	// bytes.
	ID   string `json:"id"`
	Axis Axis   `json:"axis"`
	// NameEN and NameNL are short display names; at least one is required
	// (Name falls back to the other language).
	NameEN string `json:"name_en,omitempty"`
	NameNL string `json:"name_nl,omitempty"`
	// DescriptionEN and DescriptionNL explain what to score, e.g. the seed's
	// own sentence.
	DescriptionEN string `json:"description_en,omitempty"`
	DescriptionNL string `json:"description_nl,omitempty"`
	// Weight is the criterion's weight in its axis's weighted mean: ≥ 0 and
	// finite. Only the ratios between weights on one axis matter. Weight 0
	// switches the criterion off: it is neither required nor counted.
	Weight float64 `json:"weight"`
}

// Name returns the criterion's name in lang, falling back to the other
// language and then to the id.
func (c Criterion) Name(lang string) string {
	return fallback(pick(lang, c.NameEN, c.NameNL), pick(lang, c.NameNL, c.NameEN), c.ID)
}

// Description returns the criterion's description in lang, falling back to
// the other language.
func (c Criterion) Description(lang string) string {
	return fallback(pick(lang, c.DescriptionEN, c.DescriptionNL), pick(lang, c.DescriptionNL, c.DescriptionEN))
}

// Scheme is an organisation's segmentation scheme: the criteria of both
// axes with their weights, the threshold that splits each axis into "low"
// and "high", and the scale scores are given on. Place uses it to turn
// assessments into segments.
//
// A Scheme is a plain value; the zero Scheme is not valid. Its JSON encoding
// is the scheme file format read by ParseScheme.
type Scheme struct {
	// Name and Description say whose scheme this is and why, e.g. "care
	// sector". Both are optional.
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	// Scale is the range of scores; DefaultScale (1–5) unless configured.
	Scale Scale `json:"scale"`
	// ThresholdAttractiveness and ThresholdAccessibility split each axis: a
	// weighted mean at or above the threshold is "high" (see Place for the
	// exact rule). Each lies within Scale; DefaultThreshold (3.0) unless
	// configured.
	ThresholdAttractiveness float64 `json:"threshold_attractiveness"`
	ThresholdAccessibility  float64 `json:"threshold_accessibility"`
	// Criteria lists the criteria of both axes in display order. Each axis
	// needs at least one criterion with a positive weight.
	Criteria []Criterion `json:"criteria"`
}

// DefaultScheme returns the seed's example criteria (step 3) with weight 1
// each, thresholds of 3.0 and the 1–5 scale. It returns a fresh copy on every
// call, so callers may change it.
//
// The criteria, in the seed's order (its sentences quoted in DescriptionNL):
//
//	attractiveness  yield        potential yield (policy, money, influence)
//	                fit          fit of goals and way of working
//	                interests    overlap of interests
//	                core_task    share of their effects in our core task
//	accessibility   familiarity  how well we know each other
//	                image        quality of image
//	                relationship state of the current relationship
//	                openness     openness to cooperation
func DefaultScheme() *Scheme {
	return &Scheme{
		Name:                    "default",
		Description:             "The example criteria of the seed's step 3, with equal weights.",
		Scale:                   DefaultScale,
		ThresholdAttractiveness: DefaultThreshold,
		ThresholdAccessibility:  DefaultThreshold,
		Criteria: []Criterion{
			// Seed, step 3: "De aantrekkelijkheid: de mogelijke opbrengsten
			// (beleid, geld, invloed) van een relatie; de mate waarin de
			// doelstellingen en werkwijze van deze partij aansluiten op onze
			// doelstellingen en werkwijze; de mate waarin onze belangen
			// overeenkomen; het aandeel dat bij deze partij gerealiseerde
			// effecten leveren aan onze kerntaak."
			{
				ID: "yield", Axis: Attractiveness,
				NameEN:        "Potential yield",
				NameNL:        "Mogelijke opbrengsten",
				DescriptionEN: "The potential yield of the relationship: policy, money, influence.",
				DescriptionNL: "De mogelijke opbrengsten (beleid, geld, invloed) van een relatie.",
				Weight:        1,
			},
			{
				ID: "fit", Axis: Attractiveness,
				NameEN:        "Fit of goals and way of working",
				NameNL:        "Aansluiting van doelstellingen en werkwijze",
				DescriptionEN: "The extent to which this party's goals and way of working fit our goals and way of working.",
				DescriptionNL: "De mate waarin de doelstellingen en werkwijze van deze partij aansluiten op onze doelstellingen en werkwijze.",
				Weight:        1,
			},
			{
				ID: "interests", Axis: Attractiveness,
				NameEN:        "Overlap of interests",
				NameNL:        "Overeenkomende belangen",
				DescriptionEN: "The extent to which our interests coincide.",
				DescriptionNL: "De mate waarin onze belangen overeenkomen.",
				Weight:        1,
			},
			{
				ID: "core_task", Axis: Attractiveness,
				NameEN:        "Share in our core task",
				NameNL:        "Aandeel in onze kerntaak",
				DescriptionEN: "The share that the effects achieved at this party contribute to our core task.",
				DescriptionNL: "Het aandeel dat bij deze partij gerealiseerde effecten leveren aan onze kerntaak.",
				Weight:        1,
			},
			// Seed, step 3: "De toegankelijkheid: de (on)bekendheid met
			// elkaar; de kwaliteit van de beeldvorming; kenmerken van de
			// huidige relatie; de mate waarin een partij open staat voor
			// samenwerking."
			{
				ID: "familiarity", Axis: Accessibility,
				NameEN:        "Familiarity with each other",
				NameNL:        "(On)bekendheid met elkaar",
				DescriptionEN: "How well we and this party know each other (5: well acquainted, 1: unknown to each other).",
				DescriptionNL: "De (on)bekendheid met elkaar (5: goed bekend, 1: onbekend met elkaar).",
				Weight:        1,
			},
			{
				ID: "image", Axis: Accessibility,
				NameEN:        "Quality of the image",
				NameNL:        "Kwaliteit van de beeldvorming",
				DescriptionEN: "The quality of the image: how well we and this party perceive each other.",
				DescriptionNL: "De kwaliteit van de beeldvorming.",
				Weight:        1,
			},
			{
				ID: "relationship", Axis: Accessibility,
				NameEN:        "State of the current relationship",
				NameNL:        "Kenmerken van de huidige relatie",
				DescriptionEN: "The characteristics of the current relationship: how good and how close it is.",
				DescriptionNL: "Kenmerken van de huidige relatie.",
				Weight:        1,
			},
			{
				ID: "openness", Axis: Accessibility,
				NameEN:        "Openness to cooperation",
				NameNL:        "Open voor samenwerking",
				DescriptionEN: "The extent to which the party is open to cooperation.",
				DescriptionNL: "De mate waarin een partij open staat voor samenwerking.",
				Weight:        1,
			},
		},
	}
}

// Clone returns a deep copy of s.
func (s *Scheme) Clone() *Scheme {
	c := *s
	c.Criteria = slices.Clone(s.Criteria)
	return &c
}

// Criterion returns the criterion with the given id and whether it exists.
func (s *Scheme) Criterion(id string) (Criterion, bool) {
	for _, c := range s.Criteria {
		if c.ID == id {
			return c, true
		}
	}
	return Criterion{}, false
}

// CriteriaOn returns the criteria of axis a in scheme order, including those
// with weight 0.
func (s *Scheme) CriteriaOn(a Axis) []Criterion {
	var out []Criterion
	for _, c := range s.Criteria {
		if c.Axis == a {
			out = append(out, c)
		}
	}
	return out
}

// Threshold returns the threshold of axis a (0 for an unknown axis).
func (s *Scheme) Threshold(a Axis) float64 {
	switch a {
	case Attractiveness:
		return s.ThresholdAttractiveness
	case Accessibility:
		return s.ThresholdAccessibility
	}
	return 0
}

// Validate checks the scheme and returns every problem found as
// graph.Errors (code graph.EINVALID), in the order of the fields, or nil.
// Fields are named as in the file format, e.g. "criteria[2].weight",
// "threshold_accessibility", "scale.max". It reports:
//
//   - a scale whose min is not below its max, or outside 0–100;
//   - a threshold that is not a number or lies outside the scale;
//   - a criterion with an empty, malformed or duplicate id, an unknown axis,
//     no name in either language, or texts that are too long;
//   - a negative, NaN or infinite weight;
//   - an axis without any criterion of positive weight (field "criteria"),
//     which would leave every stakeholder unplaceable.
func (s *Scheme) Validate() error {
	var errs graph.Errors
	add := func(field, format string, args ...any) {
		errs = append(errs, graph.Invalid(field, format, args...))
	}

	text(add, "name", s.Name, graph.MaxNameLen)
	text(add, "description", s.Description, graph.MaxTextLen)

	scaleOK := true
	switch {
	case s.Scale.Min < 0:
		add("scale.min", "%d is below 0", s.Scale.Min)
		scaleOK = false
	case s.Scale.Max > 100:
		add("scale.max", "%d is above 100", s.Scale.Max)
		scaleOK = false
	case s.Scale.Min >= s.Scale.Max:
		add("scale.max", "%d is not greater than scale.min %d", s.Scale.Max, s.Scale.Min)
		scaleOK = false
	}
	for _, t := range []struct {
		field string
		v     float64
	}{
		{"threshold_attractiveness", s.ThresholdAttractiveness},
		{"threshold_accessibility", s.ThresholdAccessibility},
	} {
		switch {
		case math.IsNaN(t.v) || math.IsInf(t.v, 0):
			add(t.field, "%v is not a number", t.v)
		case scaleOK && (t.v < float64(s.Scale.Min) || t.v > float64(s.Scale.Max)):
			add(t.field, "%v is outside the scale [%d,%d]", t.v, s.Scale.Min, s.Scale.Max)
		}
	}

	seen := map[string]int{}
	positive := map[Axis]bool{}
	for i, c := range s.Criteria {
		f := func(name string) string { return fmt.Sprintf("criteria[%d].%s", i, name) }
		if msg := checkCriterionID(c.ID); msg != "" {
			add(f("id"), "%s", msg)
		} else if j, dup := seen[c.ID]; dup {
			add(f("id"), "%q is already the id of criteria[%d]", c.ID, j)
		} else {
			seen[c.ID] = i
		}
		if !c.Axis.Valid() {
			add(f("axis"), "%q is not one of %s, %s", c.Axis, Attractiveness, Accessibility)
		}
		if strings.TrimSpace(c.NameEN) == "" && strings.TrimSpace(c.NameNL) == "" {
			add(f("name_en"), "name_en or name_nl is required")
		}
		text(add, f("name_en"), c.NameEN, graph.MaxNameLen)
		text(add, f("name_nl"), c.NameNL, graph.MaxNameLen)
		text(add, f("description_en"), c.DescriptionEN, graph.MaxTextLen)
		text(add, f("description_nl"), c.DescriptionNL, graph.MaxTextLen)
		switch {
		case math.IsNaN(c.Weight) || math.IsInf(c.Weight, 0):
			add(f("weight"), "%v is not a number", c.Weight)
		case c.Weight < 0:
			add(f("weight"), "%v is negative", c.Weight)
		case c.Weight > 0:
			positive[c.Axis] = true
		}
	}
	for _, a := range Axes {
		if !positive[a] {
			add("criteria", "axis %s has no criterion with a positive weight", a)
		}
	}
	return errs.Err()
}

// checkCriterionID returns why id is not a valid criterion id, or "".
func checkCriterionID(id string) string {
	switch {
	case id == "":
		return "is required"
	case len(id) > MaxCriterionIDLen:
		return fmt.Sprintf("is longer than %d bytes", MaxCriterionIDLen)
	case id[0] < 'a' || id[0] > 'z':
		return fmt.Sprintf("%q does not start with a lower-case letter a–z", id)
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return fmt.Sprintf("%q may contain only a–z, 0–9, '_' and '-'", id)
		}
	}
	return ""
}

// text checks a free-text field's length and encoding.
func text(add func(field, format string, args ...any), field, s string, max int) {
	if len(s) > max {
		add(field, "is longer than %d bytes", max)
	} else if !utf8.ValidString(s) {
		add(field, "is not valid UTF-8")
	}
}

// Dutch reports whether lang asks for Dutch: "nl" or a regional form of
// it ("nl-BE", "nl_NL"), in any case. It is the one rule every package
// that speaks two languages follows.
func Dutch(lang string) bool {
	lang = strings.ToLower(lang)
	return lang == "nl" || strings.HasPrefix(lang, "nl-") || strings.HasPrefix(lang, "nl_")
}

// pick returns nl for Dutch and en otherwise.
func pick(lang, en, nl string) string {
	if Dutch(lang) {
		return nl
	}
	return en
}

// fallback returns the first non-empty string.
func fallback(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
