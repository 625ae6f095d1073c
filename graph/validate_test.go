package graph

import (
	"testing"
	"time"
)

// TestValidateAllocatesNothing: validating a valid record makes no lists
// of allowed values (they are for the message of a bad one), so that the
// 10^6 records of a large import cost no garbage (it made four lists a
// relationship).
func TestValidateAllocatesNothing(t *testing.T) {
	r := &Relationship{ID: "rel-1", Type: RelKnows, From: "per-1", To: "per-2", Strength: 0.5, Nature: NaturePersonal, Source: SourceImport}
	p := &Person{ID: "per-1", Name: "Dirk", PartyType: PartyIntermediary}
	c := &Contact{ID: "con-1", Date: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), EmployeeID: "emp-1", StakeholderID: "per-1", Mode: ModeMeeting}
	for _, x := range []struct {
		name     string
		validate func() error
	}{
		{"relationship", r.Validate}, {"person", p.Validate}, {"contact", c.Validate},
	} {
		if err := x.validate(); err != nil {
			t.Fatalf("%s: %v", x.name, err)
		}
		if n := testing.AllocsPerRun(100, func() { _ = x.validate() }); n != 0 {
			t.Errorf("validating a valid %s: %v allocations, want 0", x.name, n)
		}
	}
}

// TestValidateNamesAllowedValues: a value outside a vocabulary is
// reported with the values allowed.
func TestValidateNamesAllowedValues(t *testing.T) {
	r := &Relationship{ID: "rel-1", Type: "befriends", From: "per-1", To: "per-2", Strength: 0.5, Nature: "close"}
	err := r.Validate()
	es := err.(Errors)
	if len(es) != 2 || es[0].Field != "nature" || es[1].Field != "type" {
		t.Fatalf("errors %v, want nature and type", err)
	}
	if want := `"close" is not one of personal, professional, formal`; es[0].Message != want {
		t.Errorf("nature: %q, want %q", es[0].Message, want)
	}
}

// TestValidateMissingEndNamesOnlyTheEnd: a relationship without an id
// gets one derived from type and ends (Normalize); when an end is missing
// there is nothing to derive it from, and the problem is the end, not an
// id the file may have no column for (a row "emp-anna,,knows,0.5" of a
// file with columns from,to,type,strength was reported as "to: is
// required" and "id: is required").
func TestValidateMissingEndNamesOnlyTheEnd(t *testing.T) {
	for _, r := range []*Relationship{
		{Type: RelKnows, From: "emp-anna", Strength: 0.5},
		{Type: RelKnows, To: "per-jan", Strength: 0.5},
		{From: "emp-anna", To: "per-jan", Strength: 0.5},
	} {
		r.Normalize()
		es, _ := r.Validate().(Errors)
		if len(es) != 1 || es[0].Field == "id" {
			t.Errorf("%+v: problems %v, want one naming the missing field", r, es)
		}
	}
	// With type and ends given the id is derived, so none is missing; an
	// id stated with white space is still refused.
	r := &Relationship{ID: "a b", Type: RelKnows, From: "emp-anna", To: "per-jan", Strength: 0.5}
	if es, _ := r.Validate().(Errors); len(es) != 1 || es[0].Field != "id" {
		t.Errorf("id with a space: problems %v, want one on id", es)
	}
}
