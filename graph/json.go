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
	"sync"
	"time"
	"unicode/utf8"
)

// DecodeJSON decodes one JSON document from data into v strictly: unknown
// keys and trailing data are errors, and so is what encoding/json would
// let pass silently (checkKeys): invalid UTF-8, a key given twice in one
// object, and a key that matches a field only when case is ignored. Its
// errors are Errors with code EINVALID, naming the field at fault by its
// path in the document ("criteria[2].weight", "[1].score") and its line
// in Item ("line 7"), so that a user can fix a file or request body
// without guessing.
func DecodeJSON(data []byte, v any) error {
	if e := checkKeys(data, reflect.TypeOf(v)); e != nil {
		return Errors{e}
	}
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
	_, ft := fieldBy(t, name, same)
	return ft
}

// fieldBy returns the key and the type of the field of struct t that name
// matches by same, or "" and nil.
func fieldBy(t reflect.Type, name string, same func(a, b string) bool) (string, reflect.Type) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == "" {
			tag = f.Name
		}
		switch {
		case tag == "-":
		case f.Anonymous && f.Tag.Get("json") == "" && f.Type.Kind() == reflect.Struct:
			if key, ft := fieldBy(f.Type, name, same); ft != nil {
				return key, ft
			}
		case same(tag, name):
			return tag, f.Type
		}
	}
	return "", nil
}

// checkKeys finds in data what encoding/json decodes without a word but a
// user did not mean: invalid UTF-8 (replaced by U+FFFD), a key given twice
// in one object (the last wins), two keys of a struct that differ only in
// case (the last wins), and a key that matches a field of t only when case
// is ignored ("Name" for "name"). It returns the first, naming the key, or
// nil. The keys of a map, and of any object below an interface or a type
// that decodes itself, are only checked for exact repeats.
//
// It scans the bytes once, tracking only objects, arrays and keys, and
// builds a path only for an error (a json.Decoder Token walk took twelve
// times as long as the decoding itself on a 50 MB export); syntax errors
// are left to the decoder, which runs next.
func checkKeys(data []byte, t reflect.Type) *Error {
	if off := invalidUTF8(data); off >= 0 {
		field, _ := locateOffset(JSONPositions(data), int64(off))
		e := Invalid(field, "is not valid UTF-8 (byte %d of the document)", off+1)
		e.Item = LineOf(data, int64(off))
		return e
	}
	var stack []*keyFrame
	// path names the value at the top of the stack.
	path := func() string {
		var b strings.Builder
		for _, f := range stack {
			switch {
			case !f.object:
				fmt.Fprintf(&b, "[%d]", f.index)
			case b.Len() > 0:
				b.WriteString("." + f.key)
			default:
				b.WriteString(f.key)
			}
		}
		return b.String()
	}
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '{', '[':
			vt := keyedOf(t)
			if len(stack) > 0 {
				vt = stack[len(stack)-1].child()
			}
			stack = append(stack, &keyFrame{object: data[i] == '{', t: vt, wantKey: data[i] == '{'})
		case '}', ']':
			if len(stack) == 0 {
				return nil
			}
			stack = stack[:len(stack)-1]
		case ',':
			if len(stack) > 0 {
				f := stack[len(stack)-1]
				f.wantKey = f.object
				f.index++
			}
		case '"':
			end := i + 1
			escaped := false
			for end < len(data) && data[end] != '"' {
				if data[end] == '\\' {
					escaped = true
					end++
				}
				end++
			}
			if end >= len(data) {
				return nil
			}
			if len(stack) == 0 || !stack[len(stack)-1].wantKey {
				i = end
				continue
			}
			f := stack[len(stack)-1]
			key := string(data[i+1 : end])
			if escaped && json.Unmarshal(data[i:end+1], &key) != nil {
				return nil
			}
			f.key, f.wantKey = key, false
			problem := func(format string, args ...any) *Error {
				e := Invalid(path(), format, args...)
				e.Item = LineOf(data, int64(i))
				return e
			}
			// A struct's keys are matched ignoring case: "name" and
			// "NAME" are the same field. A map's are not.
			isStruct := f.t != nil && f.t.fields != nil
			fold := key
			if isStruct {
				fold = strings.ToLower(key)
			}
			if prev, dup := f.seenKey(fold); dup {
				if prev == key {
					return problem("is a key twice in one object")
				}
				return problem("and %q are keys that differ only in case", prev)
			}
			f.addKey(fold, key)
			if isStruct {
				if _, ok := f.t.fields[key]; !ok {
					if want := f.t.folded[strings.ToLower(key)]; want != "" {
						return problem("is not a known key; keys are case-sensitive: %q", want)
					}
				}
			}
			i = end
		}
	}
	return nil
}

// keyFrame is an object or array that checkKeys is inside.
type keyFrame struct {
	object  bool
	t       *keyedType // nil: not checked
	wantKey bool       // an object's next string is a key
	key     string     // an object's last key
	index   int        // an array's current element
	seen    [][2]string
	seenMap map[string]string // instead of seen past 16 keys
}

// seenKey returns the key seen before whose fold is fold.
func (f *keyFrame) seenKey(fold string) (string, bool) {
	if f.seenMap != nil {
		k, ok := f.seenMap[fold]
		return k, ok
	}
	for _, s := range f.seen {
		if s[0] == fold {
			return s[1], true
		}
	}
	return "", false
}

func (f *keyFrame) addKey(fold, key string) {
	if f.seenMap == nil && len(f.seen) < 16 {
		f.seen = append(f.seen, [2]string{fold, key})
		return
	}
	if f.seenMap == nil {
		f.seenMap = make(map[string]string, 32)
		for _, s := range f.seen {
			f.seenMap[s[0]] = s[1]
		}
	}
	f.seenMap[fold] = key
}

// child is the type of the value that starts now in f: an object's value
// of its last key, an array's element.
func (f *keyFrame) child() *keyedType {
	switch {
	case f.t == nil:
		return nil
	case f.object && f.t.fields != nil:
		return f.t.fields[f.key]
	}
	return f.t.elem
}

// keyedType is what checkKeys knows of a Go type: a struct's JSON keys
// (with the type of each value, and the keys by their lower case), or the
// element of a map, slice or array.
type keyedType struct {
	fields map[string]*keyedType // a struct's keys
	folded map[string]string     // a struct's keys by their lower case
	elem   *keyedType
}

var keyedTypes sync.Map // reflect.Type → *keyedType, nil included

// keyedOf returns what checkKeys checks of t: nil for a type it does not
// look into (an interface, a type that decodes itself, a scalar).
func keyedOf(t reflect.Type) *keyedType {
	if k, ok := keyedTypes.Load(t); ok {
		return k.(*keyedType)
	}
	k := buildKeyed(t, map[reflect.Type]*keyedType{})
	keyedTypes.Store(t, k)
	return k
}

// buildKeyed makes the keyedType of t; building holds the types being made,
// for types that contain themselves.
func buildKeyed(t reflect.Type, building map[reflect.Type]*keyedType) *keyedType {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() == reflect.Interface || reflect.PointerTo(t).Implements(unmarshaler) {
		return nil
	}
	if k, ok := building[t]; ok {
		return k
	}
	k := &keyedType{}
	switch t.Kind() {
	case reflect.Struct:
		building[t] = k
		k.fields, k.folded = map[string]*keyedType{}, map[string]string{}
		var add func(t reflect.Type)
		add = func(t reflect.Type) {
			for i := range t.NumField() {
				f := t.Field(i)
				tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				switch {
				case tag == "-" || (!f.IsExported() && !f.Anonymous):
				case f.Anonymous && tag == "" && f.Type.Kind() == reflect.Struct:
					add(f.Type)
				default:
					if tag == "" {
						tag = f.Name
					}
					if _, dup := k.fields[tag]; !dup {
						k.fields[tag] = buildKeyed(f.Type, building)
						k.folded[strings.ToLower(tag)] = tag
					}
				}
			}
		}
		add(t)
	case reflect.Map, reflect.Slice, reflect.Array:
		building[t] = k
		k.elem = buildKeyed(t.Elem(), building)
	default:
		return nil
	}
	return k
}

// invalidUTF8 returns the offset of the first byte of data that is not
// valid UTF-8, or -1.
func invalidUTF8(data []byte) int {
	if utf8.Valid(data) {
		return -1
	}
	for off := 0; off < len(data); {
		r, n := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && n <= 1 {
			return off
		}
		off += n
	}
	return -1
}

// locateOffset returns the path in pos of the value that starts last at or
// before off (the value off is in, or the key before it), and its offset;
// "" and -1 when none does.
func locateOffset(pos map[string]int64, off int64) (string, int64) {
	best, bestOff := "", int64(-1)
	for p, o := range pos {
		if o <= off && (o > bestOff || (o == bestOff && len(p) > len(best))) {
			best, bestOff = p, o
		}
	}
	return best, bestOff
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
