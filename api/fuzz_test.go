package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/storetest"
	"github.com/relmap/relmap/segment"
)

// fuzzNow is the clock contact dates are checked against.
var fuzzNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// bodyTargets are the request bodies the API decodes into its own types
// (graph's create and update bodies are fuzzed in graph, FuzzDecodeJSON):
// each decodes data as its handler does and returns the accepted value
// (for the round trip, re-decoded from its encoding), the records it
// becomes (checked with their Validate) and the error.
var bodyTargets = []struct {
	name   string
	decode func(data []byte) (accepted any, records []interface{ Validate() error }, err error)
}{
	{"POST /contacts", func(data []byte) (any, []interface{ Validate() error }, error) {
		var in ContactInput
		if err := graph.DecodeJSON(data, &in); err != nil {
			return nil, nil, err
		}
		c, err := NewContact(in, fuzzNow)
		if err != nil {
			return &in, nil, err
		}
		c.Normalize()
		return &in, []interface{ Validate() error }{c}, nil
	}},
	{"PATCH /contacts/{id}", func(data []byte) (any, []interface{ Validate() error }, error) {
		var p ContactPatch
		if err := graph.DecodeJSON(data, &p); err != nil {
			return nil, nil, err
		}
		if p.Date != nil {
			if _, err := contactDate(*p.Date, fuzzNow); err != nil {
				return &p, nil, err
			}
		}
		return &p, nil, nil
	}},
	{"POST /assessments", func(data []byte) (any, []interface{ Validate() error }, error) {
		as, err := decodeAssessments(data)
		if err != nil {
			return nil, nil, err
		}
		var rs []interface{ Validate() error }
		for _, a := range as {
			a.Normalize()
			rs = append(rs, schemeChecked{a})
		}
		return nil, rs, nil
	}},
}

// schemeChecked validates an assessment against the default scheme.
type schemeChecked struct{ a *segment.Assessment }

func (s schemeChecked) Validate() error { return s.a.Validate(segment.DefaultScheme()) }

var (
	lineItem       = regexp.MustCompile(`^line ([0-9]+)$`)
	assessmentItem = regexp.MustCompile(`^assessments\[[0-9]+\]$`)
)

// FuzzRequestBodies decodes arbitrary bytes as the contact and assessment
// bodies. Properties:
//
//   - it never panics;
//   - a rejected body gets only EINVALID problems, each naming a line of
//     the body, or a field (and, in a list of assessments, the item), or
//     saying the body is empty;
//   - an accepted body round-trips (its encoding decodes to the same
//     encoding), and the records it becomes either validate or name the
//     field at fault.
//
// Seeds: the bodies of holdings_test.go and segments_test.go, and broken
// variants of them.
func FuzzRequestBodies(f *testing.F) {
	for _, s := range []string{
		`{"date":"2026-01-15","employee_id":"emp-anna","stakeholder_id":"org-fund","mode":"meeting","level":"strategic","note":"lunch"}`,
		`{"id":"c-9","date":"2026-01-15T09:30:00+01:00","employee_id":"emp-anna","stakeholder_id":"org-fund","mode":"phone"}`,
		`{"date":"2099-01-01","employee_id":"e","stakeholder_id":"s","mode":"meeting"}`,
		`{"note":"changed","mode":"email"}`,
		`{"date":"yesterday"}`,
		`{"stakeholder_id":"org-fund","criterion_id":"potential_yield","score":4,"date":"2026-01-10"}`,
		`[{"stakeholder_id":"org-fund","criterion_id":"fit","score":9,"date":"2026-01-10"},{"stakeholder_id":"org-fund","criterion_id":"fit","score":2,"date":"10-01-2026"}]`,
		`[]`,
		"{\n  \"score\": \"high\"\n}",
		`{"wieght":1}`,
		``,
		`{} []`,
	} {
		for i := range bodyTargets {
			f.Add(uint8(i), []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		target := bodyTargets[int(which)%len(bodyTargets)]
		accepted, records, err := target.decode(data)
		if err != nil {
			checkBodyProblems(t, target.name, data, err)
			return
		}
		if accepted != nil {
			enc, err := json.Marshal(accepted)
			if err != nil {
				t.Fatal(err)
			}
			_, _, err2 := target.decode(enc)
			if err2 != nil {
				t.Fatalf("%s: accepted %q, refuses its encoding %s: %v", target.name, data, enc, err2)
			}
		}
		for _, r := range records {
			err := r.Validate()
			if err == nil {
				continue
			}
			var es graph.Errors
			if !errors.As(err, &es) {
				t.Fatalf("%s %q: Validate: %v is no graph.Errors", target.name, data, err)
			}
			for _, e := range es {
				if e.Code != graph.EINVALID || e.Field == "" {
					t.Fatalf("%s %q: problem %#v names no field", target.name, data, e)
				}
			}
		}
	})
}

// checkBodyProblems checks a rejected body (see FuzzRequestBodies).
func checkBodyProblems(t *testing.T, name string, data []byte, err error) {
	t.Helper()
	es := storetest.ErrorList(err)
	if es == nil {
		t.Fatalf("%s %q: error %v is no graph.Error", name, data, err)
	}
	lines := 1 + bytes.Count(data, []byte{'\n'})
	for _, e := range es {
		if e.Code != graph.EINVALID || e.Message == "" {
			t.Fatalf("%s %q: problem %#v, want EINVALID with a message", name, data, e)
		}
		if m := lineItem.FindStringSubmatch(e.Item); m != nil {
			if n, _ := strconv.Atoi(m[1]); n < 1 || n > lines {
				t.Fatalf("%s %q: problem %v names line %d of %d", name, data, e, n, lines)
			}
			continue
		}
		if e.Item != "" && !assessmentItem.MatchString(e.Item) {
			t.Fatalf("%s %q: problem %v has item %q", name, data, e, e.Item)
		}
		if e.Field == "" && e.Message != "the document is empty" && e.Message != "the list of assessments is empty" {
			t.Fatalf("%s %q: problem %q names neither a line nor a field", name, data, e.Message)
		}
	}
}
