package search

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/relmap/relmap/demo"
	"github.com/relmap/relmap/graph"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"José Núñez":          "jose nunez",
		"Ĳsselmonde":          "ijsselmonde", // the Dutch ij ligature
		"Straße":              "strasse",
		"Søren Ærø":           "soren aero",
		"Łódź":                "lodz",
		"Ðorp":                "dorp",
		"ﬁnance":              "finance",
		"ANNA@Example.NL":     "anna@example.nl",
		"Gemeente Doetinchem": "gemeente doetinchem",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// people is a small index with the cases the ranking must get right.
func people() *Index {
	return New([]Entry{
		{ID: "per-jan", Kind: graph.KindPerson, Name: "Jan de Vries", Email: "jan@fonds.nl", Title: "directeur"},
		{ID: "per-jans", Kind: graph.KindPerson, Name: "Jans Bakker"},
		{ID: "per-jansen", Kind: graph.KindPerson, Name: "Petra Jansen", Title: "beleidsmedewerker"},
		{ID: "per-marjan", Kind: graph.KindPerson, Name: "Marjan Smit", Email: "m.smit@gemeente.nl"},
		{ID: "org-doet", Kind: graph.KindOrganisation, Name: "Gemeente Doetinchem", Detail: "municipality"},
		{ID: "org-doet-n", Kind: graph.KindOrganisation, Name: "Gemeente Doetinchem Noord"},
		{ID: "org-fonds", Kind: graph.KindOrganisation, Name: "Fonds Zorg en Welzijn"},
		{ID: "emp-anna", Kind: graph.KindEmployee, Name: "Anna Jansen", Email: "anna@relmap.example", Title: "account manager"},
		{ID: "per-jose", Kind: graph.KindPerson, Name: "José Núñez", Title: "Directeur Zorg"},
	})
}

// TestFind checks matching and ranking by hand-computed scores (package
// doc): in a name a whole word 25, a word's start 20, inside a word 8; in
// an e-mail or title 7, 6, 3; +100 for the whole name, +40 for a name that
// starts with the query; ties by the shorter name, then name, then id.
func TestFind(t *testing.T) {
	ix := people()
	for _, tc := range []struct {
		q     string
		kinds []graph.Kind
		want  []string // ids, best first, with their scores
	}{
		// "jan": Jan de Vries, a whole word 25 + starts with it 40 = 65;
		// Jans Bakker 20 + 40 = 60; Anna Jansen and Petra Jansen 20 (Anna's
		// name is shorter); Marjan Smit: inside a word, 8.
		{"jan", nil, []string{"per-jan:65", "per-jans:60", "emp-anna:20", "per-jansen:20", "per-marjan:8"}},
		// The exact name: 25 + 25 + 100 (+40 is not added on top of the
		// whole); the longer one 25 + 25 + 40.
		{"gemeente doetinchem", nil, []string{"org-doet:150", "org-doet-n:90"}},
		// Accents and case do not matter, either way round: 25 + 40.
		{"JOSE", nil, []string{"per-jose:65"}},
		{"núñez", nil, []string{"per-jose:25"}},
		// A title's whole word, 7 each; José Núñez has the shorter name
		// (10 characters against 12).
		{"directeur", nil, []string{"per-jose:7", "per-jan:7"}},
		// Every word must match somewhere: jan in the name (25; the name
		// does not start with "jan fonds"), fonds a whole word of the
		// e-mail after "@" (7).
		{"jan fonds", nil, []string{"per-jan:32"}},
		// "smit@gem" splits into smit (a whole word of the name, 25) and
		// gem (the start of an e-mail word, 6).
		{"smit@gem", nil, []string{"per-marjan:31"}},
		// Kinds filter.
		{"jansen", []graph.Kind{graph.KindEmployee}, []string{"emp-anna:25"}},
		{"zorg", []graph.Kind{graph.KindOrganisation}, []string{"org-fonds:25"}},
		{"nobody", nil, nil},
	} {
		t.Run(tc.q, func(t *testing.T) {
			hits, total, err := ix.Find(Query{Text: tc.q, Kinds: tc.kinds})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range hits {
				got = append(got, fmt.Sprintf("%s:%d", h.ID, h.Score))
			}
			if !slices.Equal(got, tc.want) || total != len(tc.want) {
				t.Errorf("got %v (total %d), want %v", got, total, tc.want)
			}
		})
	}
}

func TestFindPagesAndErrors(t *testing.T) {
	ix := people()
	hits, total, err := ix.Find(Query{Text: "jan", Page: graph.Page{Offset: 1, Limit: 2}})
	if err != nil || total != 5 || len(hits) != 2 || hits[0].ID != "per-jans" || hits[1].ID != "emp-anna" {
		t.Errorf("page 2 of 2: %v, total %d, %v", hits, total, err)
	}
	if hits[0].Matched != "name" {
		t.Errorf("matched %q, want name", hits[0].Matched)
	}
	for _, q := range []Query{{Text: " -- "}, {Text: ""}, {Text: "x", Kinds: []graph.Kind{"relationship"}}, {Text: "x", Page: graph.Page{Limit: -1}}} {
		if _, _, err := ix.Find(q); graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("%+v: %v, want invalid", q, err)
		}
	}
}

// BenchmarkFind searches the 20,000-person demo's 27,515 employees,
// organisations and persons as a user types "jan de v".
func BenchmarkFind(b *testing.B) {
	net := demo.Generate(demo.Options{Persons: 20000})
	var entries []Entry
	for _, o := range net.Organisations {
		entries = append(entries, Entry{ID: o.ID, Kind: graph.KindOrganisation, Name: o.Name})
	}
	for _, p := range net.Persons {
		entries = append(entries, Entry{ID: p.ID, Kind: graph.KindPerson, Name: p.Name, Email: p.Email, Title: p.Title})
	}
	ix := New(entries)
	for _, q := range []string{"j", "ja", "jan", "jan de v"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := ix.Find(Query{Text: q, Page: graph.Page{Limit: 10}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestIndexSharesStrings: text that folding leaves as it is (a lower-case
// ASCII e-mail address) is kept once, and so is a title or detail that
// many entries repeat, however many copies of it the entries hold; the
// hits give the entries back as they were.
func TestIndexSharesStrings(t *testing.T) {
	if s := "jan@fonds.nl"; unsafe.StringData(Fold(s)) != unsafe.StringData(s) {
		t.Errorf("Fold(%q) is a copy", s)
	}
	in := []Entry{
		{ID: "per-1", Kind: graph.KindPerson, Name: "Jan de Vries", Email: "jan@fonds.nl", Title: strings.Clone("Directeur"), Detail: strings.Clone("Fonds"), PartyType: graph.PartyInput, Segment: "develop"},
		{ID: "per-2", Kind: graph.KindPerson, Name: "Piet de Vries", Title: strings.Clone("Directeur"), Detail: strings.Clone("Fonds")},
	}
	ix := New(in)
	a, b := &ix.entries[0], &ix.entries[1]
	if a.field[fFolded+1] != a.field[fEmail] || a.field[fTitle] != b.field[fTitle] ||
		a.field[fFolded+2] != b.field[fFolded+2] || a.field[fDetail] != b.field[fDetail] {
		t.Error("the index keeps copies of equal strings")
	}
	// Each distinct text once: the ids, names and folded names, the
	// e-mail address, "Directeur", "directeur" and "Fonds".
	want := 0
	for _, s := range []string{"per-1", "per-2", "Jan de Vries", "jan de vries", "Piet de Vries", "piet de vries",
		"jan@fonds.nl", "Directeur", "directeur", "Fonds"} {
		want += len(s)
	}
	if len(ix.text) != want {
		t.Errorf("the index keeps %d bytes of text %q, want %d", len(ix.text), ix.text, want)
	}
	hits, _, err := ix.Find(Query{Text: "vries"})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != len(in) {
		t.Fatalf("%d hits, want %d", len(hits), len(in))
	}
	for _, h := range hits {
		if want := in[slices.IndexFunc(in, func(e Entry) bool { return e.ID == h.ID })]; h.Entry != want {
			t.Errorf("hit %+v, want entry %+v", h.Entry, want)
		}
	}
}

// TestEntrySize: an entry costs the index 72 bytes beside its text (the
// package documentation).
func TestEntrySize(t *testing.T) {
	if got := unsafe.Sizeof(indexed{}); got != 72 {
		t.Errorf("an entry takes %d bytes, want 72", got)
	}
}
