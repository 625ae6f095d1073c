package segment

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strings"

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
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, graph.Errors{decodeError(data, err)}
	}
	if _, err := dec.Token(); err != io.EOF {
		e := graph.Invalid("", "unexpected data after the scheme object")
		e.Item = lineItem(data, dec.InputOffset())
		return nil, graph.Errors{e}
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
		pos := positions(data)
		errs := err.(graph.Errors)
		for _, e := range errs {
			// The field itself, or the nearest enclosing value that is in
			// the file (a defaulted weight is reported at its criterion).
			for p := e.Field; p != ""; p = parentPath(p) {
				if off, ok := pos[p]; ok {
					e.Item = lineItem(data, off)
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

var unknownField = regexp.MustCompile(`^json: unknown field "(.*)"$`)

// decodeError turns an encoding/json error into a *graph.Error naming the
// field and line.
func decodeError(data []byte, err error) *graph.Error {
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
	)
	switch {
	case errors.Is(err, io.EOF):
		return graph.Invalid("", "the scheme file is empty")
	case errors.Is(err, io.ErrUnexpectedEOF):
		e := graph.Invalid("", "unexpected end of file")
		e.Item = lineItem(data, int64(len(data)))
		return e
	case errors.As(err, &syn):
		e := graph.Invalid("", "%s", strings.TrimPrefix(syn.Error(), "json: "))
		e.Item = lineItem(data, syn.Offset)
		return e
	case errors.As(err, &typ):
		if typ.Field == "" {
			e := graph.Invalid("", "the scheme must be a JSON object, not %s", article(typ.Value))
			e.Item = lineItem(data, typ.Offset)
			return e
		}
		field, off := locate(positions(data), typ.Field, typ.Offset)
		e := graph.Invalid(field, "must be %s, not %s", kind(typ.Type), article(typ.Value))
		e.Item = lineItem(data, off)
		return e
	}
	if m := unknownField.FindStringSubmatch(err.Error()); m != nil {
		field, off := locate(positions(data), m[1], -1)
		e := graph.Invalid(field, "is not a known key")
		if off >= 0 {
			e.Item = lineItem(data, off)
		}
		return e
	}
	return graph.Invalid("", "%s", strings.TrimPrefix(err.Error(), "json: "))
}

// locate finds the path in pos whose index-free form ends in field (as
// encoding/json reports it: "criteria.weight", or just "wieght" for unknown
// keys) and whose value starts at or before offset (any offset when offset is
// negative), preferring the last such value before offset, or the first in
// the file when offset is negative. It returns field itself and offset when
// nothing matches.
func locate(pos map[string]int64, field string, offset int64) (string, int64) {
	best, bestOff := "", int64(-1)
	for p, off := range pos {
		bare := stripIndices(p)
		if bare != field && !strings.HasSuffix(bare, "."+field) {
			continue
		}
		if offset >= 0 {
			if off <= offset && off > bestOff {
				best, bestOff = p, off
			}
		} else if bestOff < 0 || off < bestOff {
			best, bestOff = p, off
		}
	}
	if best == "" {
		return field, offset
	}
	return best, bestOff
}

// positions maps the path of every value in a syntactically valid JSON
// document ("criteria[2].weight", "scale.min", "criteria[2]") to the offset
// of the value's first byte. It returns what it found before any error.
func positions(data []byte) map[string]int64 {
	pos := map[string]int64{}
	dec := json.NewDecoder(bytes.NewReader(data))
	var walk func(path string) error
	walk = func(path string) error {
		if path != "" {
			if _, seen := pos[path]; !seen {
				pos[path] = valueStart(data, dec.InputOffset())
			}
		}
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				key, _ := k.(string)
				child := key
				if path != "" {
					child = path + "." + key
				}
				if err := walk(child); err != nil {
					return err
				}
			}
			_, err = dec.Token()
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if err := walk(fmt.Sprintf("%s[%d]", path, i)); err != nil {
					return err
				}
			}
			_, err = dec.Token()
		}
		return err
	}
	_ = walk("")
	return pos
}

// valueStart skips white space, ':' and ',' from off.
func valueStart(data []byte, off int64) int64 {
	for off < int64(len(data)) && strings.IndexByte(" \t\r\n:,", data[off]) >= 0 {
		off++
	}
	return off
}

var indices = regexp.MustCompile(`\[\d+\]`)

func stripIndices(p string) string { return indices.ReplaceAllString(p, "") }

// parentPath returns the enclosing path: "criteria[2]" for
// "criteria[2].weight", "criteria" for "criteria[2]", "" at the top.
func parentPath(p string) string {
	if i := strings.LastIndexAny(p, ".["); i > 0 {
		return p[:i]
	}
	return ""
}

// lineItem returns "line N" for a byte offset in data.
func lineItem(data []byte, off int64) string {
	off = min(max(off, 0), int64(len(data)))
	return fmt.Sprintf("line %d", 1+bytes.Count(data[:off], []byte{'\n'}))
}

// kind names a Go type the way a scheme author thinks of JSON.
func kind(t reflect.Type) string {
	if t == nil {
		return "a value"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Pointer:
		return kind(t.Elem())
	}
	return "a " + t.String()
}

// article puts "a" or "an" before encoding/json's description of a value
// ("string", "number 2.5", "array").
func article(v string) string {
	if v != "" && strings.ContainsRune("aeiou", rune(v[0])) {
		return "an " + v
	}
	return "a " + v
}
