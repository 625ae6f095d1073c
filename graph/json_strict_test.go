package graph

import (
	"testing"
)

// TestDecodeJSONStrictKeys: what encoding/json decodes silently — a key
// given twice (the last wins), keys that differ only in case, a key that
// matches a field only when case is ignored, invalid UTF-8 (replaced by
// U+FFFD) — is refused, naming the key and its line (issue 13, item 11).
func TestDecodeJSONStrictKeys(t *testing.T) {
	for _, c := range []struct {
		name, doc  string
		v          any
		field, msg string
		line       string
	}{
		{"a key twice", "{\"id\":\"p\",\n\"name\":\"a\",\n\"name\":\"b\"}", new(Person), "name", "is a key twice in one object", "line 3"},
		{"keys that differ in case", `{"id":"p","name":"a","NAME":"b"}`, new(Person), "NAME", `and "name" are keys that differ only in case`, "line 1"},
		{"a key in another case", `{"id":"p","Name":"a"}`, new(Person), "Name", `is not a known key; keys are case-sensitive: "name"`, "line 1"},
		{"in an update", `{"Title":"x"}`, new(PersonUpdate), "Title", `is not a known key; keys are case-sensitive: "title"`, "line 1"},
		{"nested, in an array", `{"persons":[{"id":"p","name":"a"},{"id":"q","name":"b","id":"r"}]}`, new(Batch), "persons[1].id", "is a key twice in one object", "line 1"},
		{"in a nested object", `{"id":"o","name":"O","contribution":{"Know":"k"}}`, new(Organisation), "contribution.Know", `is not a known key; keys are case-sensitive: "know"`, "line 1"},
		// {"id":"p", is bytes 1–10, the newline 11, "name":"a 12–20: 0xff is byte 21.
		{"invalid UTF-8 in a value", "{\"id\":\"p\",\n\"name\":\"a\xffb\"}", new(Person), "name", "is not valid UTF-8 (byte 21 of the document)", "line 2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := DecodeJSON([]byte(c.doc), c.v)
			es := errorList(err)
			if len(es) != 1 {
				t.Fatalf("DecodeJSON(%q) = %v, want one error", c.doc, err)
			}
			if e := es[0]; e.Code != EINVALID || e.Field != c.field || e.Message != c.msg || e.Item != c.line {
				t.Errorf("DecodeJSON(%q) = %s %q %q %q, want invalid %q %q %q", c.doc, e.Code, e.Field, e.Message, e.Item, c.field, c.msg, c.line)
			}
		})
	}
	// What stays allowed: the same key in different objects, any keys of a
	// map, valid UTF-8 beyond ASCII.
	var b Batch
	if err := DecodeJSON([]byte(`{"persons":[{"id":"p","name":"Zoë"},{"id":"q","name":"Ïd"}]}`), &b); err != nil {
		t.Errorf("a valid batch: %v", err)
	}
	var m map[string]int
	if err := DecodeJSON([]byte(`{"a":1,"A":2}`), &m); err != nil || len(m) != 2 {
		t.Errorf("map keys that differ only in case are two keys: %v %v", m, err)
	}
	if err := DecodeJSON([]byte(`{"a":1,"a":2}`), &m); err == nil {
		t.Errorf("a map key twice: accepted, want refused")
	}
}
