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
		want []string
	}{
		{PartAll, nil, "", nil},
		{PartContacts, []string{"x"}, "contacts", nil}, // only segments name stakeholders
		{PartSegments, []string{"org-a", "per-b"}, "segments\torg-a\tper-b", []string{"org-a", "per-b"}},
		{PartSegments, many, "segments", nil}, // too many to name: the whole part
	} {
		text := EncodeChange(c.part, c.ids)
		got := DecodeChange(7, text)
		if text != c.text || got.Version != 7 || got.Part != c.part || !slices.Equal(got.Stakeholders, c.want) {
			t.Errorf("%q %v: encoded %q decoded %+v, want %q and %v", c.part, len(c.ids), text, got, c.text, c.want)
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
