package graph

import (
	"slices"
	"testing"
)

func TestChangeEncoding(t *testing.T) {
	many := make([]string, MaxLoggedStakeholders+1)
	for i := range many {
		many[i] = "p"
	}
	for _, c := range []struct {
		part Part
		ids  []string
		text string
		// stakeholders and contacts are what the decoded change names.
		stakeholders, contacts []string
	}{
		{PartAll, []string{"x"}, "", nil, nil}, // only segments and contacts name ids
		{PartContacts, []string{"c-1", "c-2"}, "contacts\tc-1\tc-2", nil, []string{"c-1", "c-2"}},
		{PartContacts, nil, "contacts", nil, nil},
		{PartSegments, []string{"org-a", "per-b"}, "segments\torg-a\tper-b", []string{"org-a", "per-b"}, nil},
		{PartSegments, many, "segments", nil, nil}, // too many to name: the whole part
		{PartContacts, many, "contacts", nil, nil},
	} {
		text := EncodeChange(c.part, c.ids)
		got := DecodeChange(7, text)
		if text != c.text || got.Version != 7 || got.Part != c.part || !slices.Equal(got.Stakeholders, c.stakeholders) || !slices.Equal(got.Contacts, c.contacts) {
			t.Errorf("%q %v: encoded %q decoded %+v, want %q, %v and %v", c.part, len(c.ids), text, got, c.text, c.stakeholders, c.contacts)
		}
	}
}

func TestCompleteChanges(t *testing.T) {
	cs := []Change{{Version: 4}, {Version: 5}, {Version: 6}}
	for _, c := range []struct {
		changes   []Change
		since, to int64
		want      bool
	}{
		{cs, 3, 6, true},
		{cs[1:], 3, 6, false}, // 4 is missing: pruned, or a writer without a log
		{cs, 3, 7, false},     // 7 is missing
		{nil, 6, 6, true},
		{[]Change{{Version: 4}, {Version: 6}, {Version: 7}}, 3, 6, false},
	} {
		if got := CompleteChanges(c.changes, c.since, c.to); got != c.want {
			t.Errorf("CompleteChanges(%v, %d, %d) = %v, want %v", c.changes, c.since, c.to, got, c.want)
		}
	}
}
