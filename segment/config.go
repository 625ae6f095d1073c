package segment

import (
	"fmt"
	"io"

	"github.com/relmap/relmap/graph"
)

// MaxSchemeFileSize bounds a scheme file (1 MiB).
const MaxSchemeFileSize = 1 << 20

// LoadScheme reads a scheme file from r (see ParseScheme for the format).
// Read errors are returned wrapped; a file larger than MaxSchemeFileSize is
// an EINVALID error.
func LoadScheme(r io.Reader) (*Scheme, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSchemeFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("load scheme: %w", err)
	}
	if len(data) > MaxSchemeFileSize {
		return nil, graph.Errors{graph.Invalid("", "the scheme file is larger than %d bytes", MaxSchemeFileSize)}
	}
	return ParseScheme(data)
}

// ParseScheme parses a scheme file and validates the scheme. The format is
// the JSON encoding of Scheme — one object:
//
//	{
//	  "name": "care",                      optional
//	  "description": "why these weights",  optional
//	  "scale": {"min": 1, "max": 5},       optional, default 1–5
//	  "threshold_attractiveness": 3.0,     optional, default 3.0
//	  "threshold_accessibility": 3.0,      optional, default 3.0
//	  "criteria": [                        required, display order
//	    {
//	      "id": "yield",                   required, [a-z][a-z0-9_-]*
//	      "axis": "attractiveness",        required: attractiveness | accessibility
//	      "name_en": "Potential yield",    at least one of name_en, name_nl
//	      "name_nl": "Mogelijke opbrengsten",
//	      "description_en": "…",           optional
//	      "description_nl": "…",           optional
//	      "weight": 2                      optional, default 1; ≥ 0; 0 switches it off
//	    }
//	  ]
//	}
//
// Unknown keys are errors (a misspelt "wieght" must not silently become the
// default weight). json.Marshal of a Scheme writes this format, so a scheme
// edited through the API can be saved as a file and read back.
//
// Every problem is returned as graph.Errors with code graph.EINVALID: a
// syntax error with the line in Item ("line 7"); a wrong type, an unknown
// key or a validation error (see Scheme.Validate) with the field in Field
// ("criteria[2].weight") and, where the field is in the file, its line in
// Item.
func ParseScheme(data []byte) (*Scheme, error) {
	var f schemeFile
	if err := graph.DecodeJSON(data, &f); err != nil {
		return nil, err
	}

	s := &Scheme{
		Name:                    f.Name,
		Description:             f.Description,
		Scale:                   DefaultScale,
		ThresholdAttractiveness: DefaultThreshold,
		ThresholdAccessibility:  DefaultThreshold,
	}
	if f.Scale != nil {
		if f.Scale.Min != nil {
			s.Scale.Min = *f.Scale.Min
		}
		if f.Scale.Max != nil {
			s.Scale.Max = *f.Scale.Max
		}
	}
	if f.ThresholdAttractiveness != nil {
		s.ThresholdAttractiveness = *f.ThresholdAttractiveness
	}
	if f.ThresholdAccessibility != nil {
		s.ThresholdAccessibility = *f.ThresholdAccessibility
	}
	for _, c := range f.Criteria {
		w := 1.0
		if c.Weight != nil {
			w = *c.Weight
		}
		s.Criteria = append(s.Criteria, Criterion{
			ID: c.ID, Axis: c.Axis,
			NameEN: c.NameEN, NameNL: c.NameNL,
			DescriptionEN: c.DescriptionEN, DescriptionNL: c.DescriptionNL,
			Weight: w,
		})
	}
	if err := s.Validate(); err != nil {
		pos := graph.JSONPositions(data)
		errs := err.(graph.Errors)
		for _, e := range errs {
			// The field itself, or the nearest enclosing value that is in
			// the file (a defaulted weight is reported at its criterion).
			for p := e.Field; p != ""; p = graph.ParentPath(p) {
				if off, ok := pos[p]; ok {
					e.Item = graph.LineOf(data, off)
					break
				}
			}
		}
		return nil, errs
	}
	return s, nil
}

// schemeFile is the file format, with pointers where a missing value takes a
// default.
type schemeFile struct {
	Name                    string     `json:"name"`
	Description             string     `json:"description"`
	Scale                   *scaleFile `json:"scale"`
	ThresholdAttractiveness *float64   `json:"threshold_attractiveness"`
	ThresholdAccessibility  *float64   `json:"threshold_accessibility"`
	Criteria                []struct {
		ID            string   `json:"id"`
		Axis          Axis     `json:"axis"`
		NameEN        string   `json:"name_en"`
		NameNL        string   `json:"name_nl"`
		DescriptionEN string   `json:"description_en"`
		DescriptionNL string   `json:"description_nl"`
		Weight        *float64 `json:"weight"`
	} `json:"criteria"`
}

type scaleFile struct {
	Min *int `json:"min"`
	Max *int `json:"max"`
}
