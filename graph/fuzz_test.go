package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"testing"
)

// decodeTargets are the JSON bodies the API and the JSON import decode
// with DecodeJSON into graph's types: the create bodies (the records), the
// update bodies (PATCH) and a whole batch. FuzzDecodeJSON picks one by the
// fuzzed selector. validate, when set, checks an accepted value further.
var decodeTargets = []struct {
	name     string
	new      func() any
	validate func(v any) error
}{
	{"employee", func() any { return new(Employee) }, func(v any) error { return planOne(&Batch{Employees: []*Employee{v.(*Employee)}}) }},
	{"organisation", func() any { return new(Organisation) }, func(v any) error {
		return planOne(&Batch{Organisations: []*Organisation{v.(*Organisation)}})
	}},
	{"person", func() any { return new(Person) }, func(v any) error { return planOne(&Batch{Persons: []*Person{v.(*Person)}}) }},
	{"relationship", func() any { return new(Relationship) }, func(v any) error {
		return planOne(&Batch{Relationships: []*Relationship{v.(*Relationship)}})
	}},
	{"contact", func() any { return new(Contact) }, func(v any) error { return planOne(&Batch{Contacts: []*Contact{v.(*Contact)}}) }},
	{"batch", func() any { return new(Batch) }, func(v any) error { return planOne(v.(*Batch)) }},
	{"employee update", func() any { return new(EmployeeUpdate) }, nil},
	{"organisation update", func() any { return new(OrganisationUpdate) }, nil},
	{"person update", func() any { return new(PersonUpdate) }, nil},
	{"relationship update", func() any { return new(RelationshipUpdate) }, nil},
	{"contact update", func() any { return new(ContactUpdate) }, nil},
}

// planOne plans b against an empty store: the validation a store runs
// before it writes.
func planOne(b *Batch) error {
	_, _, err := PlanUpsert(context.Background(), b, memLookup{}, UpsertOptions{}, t0)
	return err
}

var (
	lineItem   = regexp.MustCompile(`^line ([0-9]+)$`)
	recordItem = regexp.MustCompile(`^(employees|organisations|persons|relationships|contacts)\[[0-9]+\]$`)
)

// FuzzDecodeJSON decodes arbitrary bytes into each request type with
// DecodeJSON. Properties:
//
//   - it never panics;
//   - a rejected document gives one EINVALID error that names where: a
//     line within the document, or the field, or says the document is
//     empty;
//   - an accepted document round-trips: encoding the value and decoding
//     it again gives the same encoding;
//   - an accepted record is either valid for a store (PlanUpsert against
//     an empty store accepts it) or every problem is EINVALID or
//     ENOTFOUND (a reference to nothing) and names its field, and, in a
//     batch of more than one record, the record.
func FuzzDecodeJSON(f *testing.F) {
	seeds := [][]byte{
		[]byte(`{"id":"emp-1","name":"Anna de Boer","role":"account_manager","email":"anna@example.org"}`),
		[]byte(`{"id":"org-1","name":"Fonds X","party_type":"input","contribution":{"know":"k","interests_unknown":true}}`),
		[]byte(`{"id":"per-1","name":" Jan de Vries ","linkedin_url":"https://www.linkedin.com/in/jan","do_not_route":true}`),
		[]byte(`{"type":"knows","from":"per-1","to":"emp-1","strength":0.8,"since":"2020-01-01T00:00:00Z"}`),
		[]byte(`{"id":"c-1","date":"2026-01-02T03:04:05Z","employee_id":"emp-1","stakeholder_id":"org-1","mode":"meeting"}`),
		[]byte("{\n  \"name\": \"x\",\n  \"wieght\": 2\n}"),
		[]byte(`{"strength":"high"}`),
		[]byte(`{"date":"yesterday"}`),
		[]byte(`{"date":5}`),
		[]byte("{\n\"since\":\"2026-13-01T00:00:00Z\"}"),
		[]byte(`{"relationships":[{"until":"2026-01-01T00:00:00+25:00"}]}`),
		[]byte(`{"":""}`),
		[]byte(`[1,2]`),
		[]byte(`{} {}`),
		[]byte(``),
		[]byte(`{"name":`),
		[]byte(`{"contribution":{"know":1}}`),
	}
	b, err := json.Marshal(small())
	if err != nil {
		f.Fatal(err)
	}
	seeds = append(seeds, b)
	for _, s := range seeds {
		for i := range decodeTargets {
			f.Add(uint8(i), s)
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		target := decodeTargets[int(which)%len(decodeTargets)]
		v := target.new()
		err := DecodeJSON(data, v)
		if err != nil {
			checkDecodeError(t, target.name, data, err)
			return
		}
		enc, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("%s: accepted %q but cannot encode it: %v", target.name, data, err)
		}
		w := target.new()
		if err := DecodeJSON(enc, w); err != nil {
			t.Fatalf("%s: accepted %q, encoded it as %s, which it refuses: %v", target.name, data, enc, err)
		}
		if enc2, _ := json.Marshal(w); !bytes.Equal(enc, enc2) {
			t.Fatalf("%s: %q does not round-trip: %s, then %s", target.name, data, enc, enc2)
		}
		if target.validate == nil {
			return
		}
		multi := false
		if b, ok := v.(*Batch); ok {
			multi = b.Len() > 1
		}
		if err := target.validate(v); err != nil {
			for _, e := range errorList(err) {
				switch {
				case e.Code != EINVALID && e.Code != ENOTFOUND:
					t.Fatalf("%s %q: problem %v has code %s, want EINVALID or ENOTFOUND", target.name, data, e, e.Code)
				case e.Field == "":
					t.Fatalf("%s %q: problem %v names no field", target.name, data, e)
				case multi && !recordItem.MatchString(e.Item):
					t.Fatalf("%s %q: problem %v names no record (item %q)", target.name, data, e, e.Item)
				}
			}
		}
	})
}

// checkDecodeError checks a rejection of data by DecodeJSON.
func checkDecodeError(t *testing.T, name string, data []byte, err error) {
	t.Helper()
	es := errorList(err)
	if len(es) != 1 {
		t.Fatalf("%s %q: error %v is not one graph.Error", name, data, err)
	}
	e := es[0]
	if e.Code != EINVALID || e.Message == "" {
		t.Fatalf("%s %q: error %#v, want EINVALID with a message", name, data, e)
	}
	if m := lineItem.FindStringSubmatch(e.Item); m != nil {
		n, _ := strconv.Atoi(m[1])
		if lines := 1 + bytes.Count(data, []byte{'\n'}); n < 1 || n > lines {
			t.Fatalf("%s %q: error %v names line %d of %d", name, data, e, n, lines)
		}
		return
	}
	if e.Item != "" {
		t.Fatalf("%s %q: error %v has item %q, want \"line N\"", name, data, e, e.Item)
	}
	if e.Field == "" && e.Message != "the document is empty" {
		t.Fatalf("%s %q: error %q names neither a line nor a field", name, data, e.Message)
	}
}

// errorList returns the *Error values of err.
func errorList(err error) []*Error {
	var es Errors
	var e *Error
	switch {
	case errors.As(err, &es):
		return es
	case errors.As(err, &e):
		return []*Error{e}
	}
	return nil
}
