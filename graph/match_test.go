package graph_test

import (
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
