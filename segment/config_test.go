package segment

import (
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
)

func TestLoadSchemeCare(t *testing.T) {
	f, err := os.Open("testdata/scheme-care.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := LoadScheme(f)
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "care" || len(s.Criteria) != 9 || s.ThresholdAccessibility != 2.5 || s.ThresholdAttractiveness != 3 {
		t.Fatalf("got %s, %d criteria, thresholds %v/%v", s.Name, len(s.Criteria), s.ThresholdAttractiveness, s.ThresholdAccessibility)
	}
	// "relationship" has no weight in the file: it defaults to 1.
	if c, _ := s.Criterion("relationship"); c.Weight != 1 {
		t.Errorf("relationship weight = %v, want the default 1", c.Weight)
	}

	// A GP practice scored the same under both schemes:
	//
	//	yield 2, fit 3, interests 3, core_task 3, referrals 5
	//	familiarity 3, image 3, relationship 2, openness 3
	//
	// Default scheme (referrals is not a criterion there and is ignored):
	//	attractiveness (2+3+3+3)/4 = 2.75 < 3    low
	//	accessibility  (3+3+2+3)/4 = 2.75 < 3    low   → Ignore
	// Care scheme, weights 1,1,1,2,3 and 1,2,1,1, thresholds 3 and 2.5:
	//	attractiveness (2+3+3+2·3+3·5)/8 = 29/8 = 3.625 ≥ 3    high
	//	accessibility  (3+2·3+2+3)/5     = 14/5 = 2.8   ≥ 2.5  high → Invest
	d := day("2024-05-01")
	var as []Assessment
	for id, v := range map[string]int{
		"yield": 2, "fit": 3, "interests": 3, "core_task": 3, "referrals": 5,
		"familiarity": 3, "image": 3, "relationship": 2, "openness": 3,
	} {
		as = append(as, Assessment{ID: id, StakeholderID: "gp", CriterionID: id, Score: v, Date: d})
	}
	def := Place(DefaultScheme(), as, time.Time{})["gp"]
	care := Place(s, as, time.Time{})["gp"]
	if def.Segment != Ignore || def.Attractiveness.Mean != 2.75 || def.Accessibility.Mean != 2.75 {
		t.Errorf("default scheme: %s %v/%v, want ignore 2.75/2.75", def.Segment, def.Attractiveness.Mean, def.Accessibility.Mean)
	}
	if care.Segment != Invest || care.Attractiveness.Mean != 3.625 || care.Accessibility.Mean != 2.8 {
		t.Errorf("care scheme: %s %v/%v, want invest 3.625/2.8", care.Segment, care.Attractiveness.Mean, care.Accessibility.Mean)
	}
}

func TestSchemeRoundTrip(t *testing.T) {
	want := DefaultScheme()
	b, err := json.MarshalIndent(want, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseScheme(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip changed the scheme:\n%s", b)
	}
}

func TestParseSchemeDefaults(t *testing.T) {
	s, err := ParseScheme([]byte(`{"criteria": [
		{"id": "a", "axis": "attractiveness", "name_en": "A"},
		{"id": "b", "axis": "accessibility", "name_nl": "B", "weight": 0.5}
	]}`))
	if err != nil {
		t.Fatal(err)
	}
	if s.Scale != DefaultScale || s.ThresholdAttractiveness != DefaultThreshold || s.ThresholdAccessibility != DefaultThreshold {
		t.Errorf("defaults not applied: %+v", s)
	}
	if s.Criteria[0].Weight != 1 || s.Criteria[1].Weight != 0.5 {
		t.Errorf("weights %v, %v", s.Criteria[0].Weight, s.Criteria[1].Weight)
	}
}

func TestParseSchemeErrors(t *testing.T) {
	// Two valid criteria, one per line, to build broken files from.
	const a = `{"id": "a", "axis": "attractiveness", "name_en": "A"}`
	const b = `{"id": "b", "axis": "accessibility", "name_en": "B"}`
	cases := []struct {
		name              string
		file              string
		field, item, text string // text: part of the message
	}{
		{
			name:  "syntax error",
			file:  "{\n  \"criteria\": [\n    " + a + ",\n    " + b + ",\n  ]\n}",
			field: "", item: "line 5", text: "invalid character ']'",
		},
		{
			name:  "truncated",
			file:  "{\n  \"criteria\": [\n    " + a,
			field: "", item: "line 3", text: "unexpected end",
		},
		{
			name: "empty", file: "  \n",
			field: "", item: "", text: "empty",
		},
		{
			name: "not an object", file: "[]",
			field: "", item: "line 1", text: "must be an object",
		},
		{
			name:  "trailing data",
			file:  "{\"criteria\": [" + a + ", " + b + "]}\n{}",
			field: "", item: "line 2", text: "after the JSON document",
		},
		{
			name:  "weight of the wrong type",
			file:  "{\n  \"criteria\": [\n    " + a + ",\n    {\"id\": \"b\", \"axis\": \"accessibility\",\n     \"weight\": \"heavy\"}\n  ]\n}",
			field: "criteria[1].weight", item: "line 5", text: "must be a number, not a string",
		},
		{
			name:  "scale of the wrong type",
			file:  "{\n  \"scale\": {\"min\": 1, \"max\": 4.5},\n  \"criteria\": [" + a + ", " + b + "]\n}",
			field: "scale.max", item: "line 2", text: "must be a whole number",
		},
		{
			name:  "misspelt key in a criterion",
			file:  "{\n  \"criteria\": [\n    " + a + ",\n    {\"id\": \"b\", \"axis\": \"accessibility\", \"name_en\": \"B\",\n     \"wieght\": 2}\n  ]\n}",
			field: "criteria[1].wieght", item: "line 5", text: "not a known key",
		},
		{
			name:  "misspelt top-level key",
			file:  "{\n  \"treshold_accessibility\": 2,\n  \"criteria\": [" + a + ", " + b + "]\n}",
			field: "treshold_accessibility", item: "line 2", text: "not a known key",
		},
		{
			name:  "negative weight",
			file:  "{\n  \"criteria\": [\n    " + a + ",\n    " + b + ",\n    {\"id\": \"c\", \"axis\": \"accessibility\", \"name_en\": \"C\",\n     \"weight\": -1}\n  ]\n}",
			field: "criteria[2].weight", item: "line 6", text: "negative",
		},
		{
			name:  "duplicate id",
			file:  "{\n  \"criteria\": [\n    " + a + ",\n    " + b + ",\n    " + a + "\n  ]\n}",
			field: "criteria[2].id", item: "line 5", text: "already the id of criteria[0]",
		},
		{
			name:  "unknown axis",
			file:  "{\"criteria\": [\n" + a + ",\n" + b + ",\n{\"id\": \"c\", \"axis\": \"charm\", \"name_en\": \"C\"}]}",
			field: "criteria[2].axis", item: "line 4", text: `"charm"`,
		},
		{
			name:  "threshold outside the scale",
			file:  "{\n  \"scale\": {\"min\": 1, \"max\": 5},\n  \"threshold_attractiveness\": 6,\n  \"criteria\": [" + a + ", " + b + "]\n}",
			field: "threshold_attractiveness", item: "line 3", text: "outside the scale [1,5]",
		},
		{
			name:  "all-zero weights on an axis",
			file:  "{\n  \"criteria\": [\n    " + a + ",\n    {\"id\": \"b\", \"axis\": \"accessibility\", \"name_en\": \"B\", \"weight\": 0}\n  ]\n}",
			field: "criteria", item: "line 2", text: "axis accessibility has no criterion with a positive weight",
		},
		{
			name:  "no criteria at all",
			file:  "{}",
			field: "criteria", item: "", text: "axis attractiveness",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ParseScheme([]byte(tc.file))
			if err == nil {
				t.Fatalf("no error; got %+v", s)
			}
			var es graph.Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("error %v (%T) is not graph.Errors", err, err)
			}
			e := es[0]
			if e.Code != graph.EINVALID || e.Field != tc.field || e.Item != tc.item || !strings.Contains(e.Message, tc.text) {
				t.Errorf("got %q: code %s, field %q, item %q\nwant field %q, item %q, message with %q",
					err, e.Code, e.Field, e.Item, tc.field, tc.item, tc.text)
			}
		})
	}
}

func TestLoadSchemeTooLarge(t *testing.T) {
	big := strings.NewReader(`{"description": "` + strings.Repeat("x", MaxSchemeFileSize) + `"}`)
	if _, err := LoadScheme(big); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("got %v, want EINVALID", err)
	}
}
