package graph_test

import (
	"slices"
	"testing"

	"github.com/relmap/relmap/graph"
)

// TestNormalize: the keys persons and organisations are matched by.
func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"Stichting Zorgbelang Nederland": "zorgbelang nederland",
		"ZorgBelang Nederland B.V.":      "zorgbelang nederland",
		"Gemeente 's-Hertogenbosch":      "gemeente s hertogenbosch",
		"Coöperatie Rabobank U.A.":       "cooperatie rabobank",
		"B.V.":                           "bv",
		"ASML Holding N.V.":              "asml holding",
	} {
		if got := graph.NormalizeOrgName(in); got != want {
			t.Errorf("NormalizeOrgName(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"Drs. José van den Berg-Smit MSc": "jose van den berg smit",
		"Marloes 't Hart":                 "marloes t hart",
		"Ángela  DE  Groot":               "angela de groot",
	} {
		if got := graph.NormalizePersonName(in); got != want {
			t.Errorf("NormalizePersonName(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"https://nl.linkedin.com/in/JanDeVries/?trk=x": "linkedin.com/in/jandevries",
		"www.linkedin.com/in/jan":                      "linkedin.com/in/jan",
		"":                                             "",
	} {
		if got := graph.NormalizeLinkedInURL(in); got != want {
			t.Errorf("NormalizeLinkedInURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestMatcherOtherEmails: a person is found by any of their addresses,
// and a merge adds the file's other addresses and phone without touching
// the stored record.
func TestMatcherOtherEmails(t *testing.T) {
	stored := &graph.Person{ID: "per-jan", Name: "Jan de Vries", Email: "jan@gemeente.example", OtherEmails: []string{"jan@prive.example"}}
	m := graph.NewMatcher(&graph.Existing{Persons: []*graph.Person{stored}}, "vc-", graph.SourceImport)
	// Matched by the stored other address, though the file's first
	// address is new and the name is written otherwise.
	id := m.Person(3, &graph.Person{Name: "J. de Vries", Email: "j.devries@werk.example", OtherEmails: []string{"JAN@prive.example"}, Phone: "+31 30 123 4567"}, "", "")
	if id != "per-jan" || len(m.Dedup.Merged) != 1 || m.Dedup.Merged[0].Rule != graph.MatchEmail {
		t.Fatalf("id %q, dedup %+v", id, m.Dedup)
	}
	got := m.Batch.Persons[0]
	want := []string{"jan@prive.example", "j.devries@werk.example"}
	if got.Email != "jan@gemeente.example" || !slices.Equal(got.OtherEmails, want) || got.Phone != "+31 30 123 4567" || got.Name != "Jan de Vries" {
		t.Errorf("merged %+v", got)
	}
	if len(stored.OtherEmails) != 1 || stored.Phone != "" {
		t.Errorf("the stored record changed: %+v", stored)
	}
	// The address added by the merge matches the next record.
	if id := m.Person(9, &graph.Person{Name: "Jan", Email: "j.devries@werk.example"}, "", ""); id != "per-jan" {
		t.Errorf("second record matched %q", id)
	}
}
