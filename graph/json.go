package graph

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strings"
)

// DecodeJSON decodes one JSON document from data into v strictly: unknown
// keys and trailing data are errors. Its errors are Errors with code
// EINVALID, naming the field at fault by its path in the document
// ("criteria[2].weight", "[1].score") and its line in Item ("line 7"), so
// that a user can fix a file or request body without guessing.
func DecodeJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return Errors{decodeError(data, err)}
	}
	if _, err := dec.Token(); err != io.EOF {
		e := Invalid("", "unexpected data after the JSON document")
		e.Item = LineOf(data, dec.InputOffset())
		return Errors{e}
	}
	return nil
}

var unknownField = regexp.MustCompile(`^json: unknown field "(.*)"$`)

// decodeError turns an encoding/json error into a *graph.Error naming the
// field and line.
func decodeError(data []byte, err error) *Error {
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
	)
	switch {
	case errors.Is(err, io.EOF):
		return Invalid("", "the document is empty")
	case errors.Is(err, io.ErrUnexpectedEOF):
		e := Invalid("", "unexpected end of file")
		e.Item = LineOf(data, int64(len(data)))
		return e
	case errors.As(err, &syn):
		e := Invalid("", "%s", strings.TrimPrefix(syn.Error(), "json: "))
		e.Item = LineOf(data, syn.Offset)
		return e
	case errors.As(err, &typ):
		if typ.Field == "" {
			e := Invalid("", "the document must be %s, not %s", jsonKind(typ.Type), withArticle(typ.Value))
			e.Item = LineOf(data, typ.Offset)
			return e
		}
		field, off := locate(JSONPositions(data), typ.Field, typ.Offset)
		e := Invalid(field, "must be %s, not %s", jsonKind(typ.Type), withArticle(typ.Value))
		e.Item = LineOf(data, off)
		return e
	}
	if m := unknownField.FindStringSubmatch(err.Error()); m != nil {
		field, off := locate(JSONPositions(data), m[1], -1)
		e := Invalid(field, "is not a known key")
		if off >= 0 {
			e.Item = LineOf(data, off)
		}
		return e
	}
	return Invalid("", "%s", strings.TrimPrefix(err.Error(), "json: "))
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

// JSONPositions maps the path of every value in a syntactically valid JSON
// document ("criteria[2].weight", "scale.min", "criteria[2]") to the offset
// of the value's first byte. It returns what it found before any error.
func JSONPositions(data []byte) map[string]int64 {
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

// ParentPath returns the enclosing path: "criteria[2]" for
// "criteria[2].weight", "criteria" for "criteria[2]", "" at the top.
func ParentPath(p string) string {
	if i := strings.LastIndexAny(p, ".["); i > 0 {
		return p[:i]
	}
	return ""
}

// LineOf returns "line N" for a byte offset in data.
func LineOf(data []byte, off int64) string {
	off = min(max(off, 0), int64(len(data)))
	return fmt.Sprintf("line %d", 1+bytes.Count(data[:off], []byte{'\n'}))
}

// jsonKind names a Go type the way a JSON author thinks of it.
func jsonKind(t reflect.Type) string {
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
		return jsonKind(t.Elem())
	}
	return "a " + t.String()
}

// withArticle puts "a" or "an" before encoding/json's description of a value
// ("string", "number 2.5", "array").
func withArticle(v string) string {
	if v != "" && strings.ContainsRune("aeiou", rune(v[0])) {
		return "an " + v
	}
	return "a " + v
}
