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
	"time"
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
		return Errors{decodeError(data, err, reflect.TypeOf(v))}
	}
	if _, err := dec.Token(); err != io.EOF {
		e := Invalid("", "unexpected data after the JSON document")
		e.Item = LineOf(data, dec.InputOffset())
		return Errors{e}
	}
	return nil
}

var (
	unknownField = regexp.MustCompile(`^json: unknown field "(.*)"$`)
	emptyKey     = regexp.MustCompile(`""\s*:`)
)

// decodeError turns an encoding/json error from decoding data into a value
// of type t into a *graph.Error naming the field and line.
func decodeError(data []byte, err error, t reflect.Type) *Error {
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
		if m[1] == "" {
			// JSONPositions keeps no path for an empty key: find it.
			e := Invalid("", `the empty key "" is not a known key`)
			if loc := emptyKey.FindIndex(data); loc != nil {
				e.Item = LineOf(data, int64(loc[0]))
			}
			return e
		}
		field, off := locate(JSONPositions(data), m[1], -1)
		e := Invalid(field, "is not a known key")
		if off >= 0 {
			e.Item = LineOf(data, off)
		}
		return e
	}
	// An error of a type's own UnmarshalJSON (time.Time's: "yesterday", 5)
	// comes without the field: find the value that type refuses.
	if field, off := refused(data, t); off >= 0 {
		e := Invalid(field, "%s is not %s", clipValue(data, off), describe(typeAt(t, stripIndices(field))))
		e.Item = LineOf(data, off)
		return e
	}
	return Invalid("", "%s", strings.TrimPrefix(err.Error(), "json: "))
}

var unmarshaler = reflect.TypeFor[json.Unmarshaler]()

// refused returns the path and offset of the first value in data whose
// type in t implements json.Unmarshaler and refuses it, or "" and -1.
func refused(data []byte, t reflect.Type) (string, int64) {
	best, bestOff := "", int64(-1)
	for p, off := range JSONPositions(data) {
		ft := typeAt(t, stripIndices(p))
		if ft == nil || !reflect.PointerTo(ft).Implements(unmarshaler) {
			continue
		}
		var raw json.RawMessage
		if json.NewDecoder(bytes.NewReader(data[off:])).Decode(&raw) != nil {
			continue
		}
		if reflect.New(ft).Interface().(json.Unmarshaler).UnmarshalJSON(raw) != nil && (bestOff < 0 || off < bestOff) {
			best, bestOff = p, off
		}
	}
	return best, bestOff
}

// typeAt returns the type of the value at an index-free path ("a.b") in a
// value of type t, following encoding/json's field names, or nil.
func typeAt(t reflect.Type, path string) reflect.Type {
	for _, name := range strings.Split(path, ".") {
		for t != nil && (t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			t = t.Elem()
		}
		if t == nil || t.Kind() != reflect.Struct {
			return nil
		}
		t = fieldType(t, name)
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// fieldType returns the type of the field of struct t that encoding/json
// decodes the key name into (embedded structs included; an exact match
// first, then one ignoring case, as encoding/json does), or nil.
func fieldType(t reflect.Type, name string) reflect.Type {
	for _, same := range []func(a, b string) bool{func(a, b string) bool { return a == b }, strings.EqualFold} {
		if ft := fieldTypeBy(t, name, same); ft != nil {
			return ft
		}
	}
	return nil
}

func fieldTypeBy(t reflect.Type, name string, same func(a, b string) bool) reflect.Type {
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == "" {
			tag = f.Name
		}
		switch {
		case tag == "-":
		case f.Anonymous && f.Tag.Get("json") == "" && f.Type.Kind() == reflect.Struct:
			if ft := fieldTypeBy(f.Type, name, same); ft != nil {
				return ft
			}
		case same(tag, name):
			return f.Type
		}
	}
	return nil
}

// describe names what a type that decodes itself accepts.
func describe(t reflect.Type) string {
	if t == reflect.TypeFor[time.Time]() {
		return "a time (RFC 3339, e.g. 2026-01-31T09:00:00Z)"
	}
	return "a valid " + t.Name()
}

// clipValue quotes the start of the JSON value at off for a message.
func clipValue(data []byte, off int64) string {
	v := data[off:]
	if i := bytes.IndexAny(v, ",}]\n"); i >= 0 {
		v = v[:i]
	}
	if len(v) > 40 {
		v = append(v[:40:40], "…"...)
	}
	return string(bytes.TrimSpace(v))
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
