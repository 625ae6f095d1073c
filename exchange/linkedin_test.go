package exchange_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/relmap/relmap/exchange"
	"github.com/relmap/relmap/graph"
)

// linkedInStore holds what testdata/linkedin_connections.csv is matched
// against: employee emp-anna; Gemeente Utrecht, Stichting Zorgbelang
// Nederland and Huisartsenpraktijk De Linde; Pieter Bakker (known by
// e-mail only), Jan de Vries, Sanne van den Berg (known by profile
// address) and Éline Smit (with a title); Anna knows Pieter (0.8, set by
// hand, no date) and Pieter works at Zorgbelang (0.9).
func linkedInStore(t *testing.T) graph.Store {
	t.Helper()
	st := openStore(t)
	b := &graph.Batch{
		Employees: []*graph.Employee{{ID: "emp-anna", Name: "Anna Jansen", Role: graph.RoleAccountManager}},
		Organisations: []*graph.Organisation{
			{ID: "org-utrecht", Name: "Gemeente Utrecht", PartyType: graph.PartyInput},
			{ID: "org-zorgbelang", Name: "Stichting Zorgbelang Nederland"},
			{ID: "org-linde", Name: "Huisartsenpraktijk De Linde"},
		},
		Persons: []*graph.Person{
			{ID: "per-pieter", Name: "Pieter Bakker", Email: "p.bakker@zorgbelang.nl"},
			{ID: "per-jan", Name: "Jan de Vries"},
			{ID: "per-sanne", Name: "Sanne van den Berg", LinkedInURL: "https://www.linkedin.com/in/sannevandenberg"},
			{ID: "per-eline", Name: "Éline Smit", Title: "Verpleegkundige"},
		},
		Relationships: []*graph.Relationship{
			{Type: graph.RelKnows, From: "emp-anna", To: "per-pieter", Strength: 0.8, Nature: graph.NaturePersonal},
			{Type: graph.RelWorksAt, From: "per-pieter", To: "org-zorgbelang", Strength: 0.9},
		},
	}
	if _, err := st.Upsert(testContext(t), b, graph.UpsertOptions{}); err != nil {
		t.Fatal(err)
	}
	return st
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestImportLinkedIn imports testdata/linkedin_connections.csv (three lines
// of notes and a blank line before the header on line 4; rows on lines
// 5–13) for emp-anna: a dry run, the import, then the import again.
func TestImportLinkedIn(t *testing.T) {
	ctx := testContext(t)
	st := linkedInStore(t)
	data := readTestdata(t, "linkedin_connections.csv")

	dry, res, err := exchange.ImportLinkedIn(ctx, st, data, "emp-anna", exchange.LinkedInOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if n, _, _ := st.FindPersons(ctx, graph.NodeFilter{}); len(n) != 4 {
		t.Fatalf("the dry run stored persons: %d", len(n))
	}
	dedup, res2, err := exchange.ImportLinkedIn(ctx, st, data, "emp-anna", exchange.LinkedInOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if *res != *res2 || !reflect.DeepEqual(dry, dedup) {
		t.Errorf("dry run %+v %+v, import %+v %+v", res, dry, res2, dedup)
	}
	// Persons: Johan, José, Thijs, Marloes and Annelies are new; Sanne gets
	// a title and Pieter an address and a title; Éline's row adds nothing.
	// Organisations: Provincie Utrecht, Rabobank, Huisartsenpraktijk de
	// Linden and the ministry; Gemeente Utrecht (twice, once in capitals)
	// and Zorgbelang are stored. Ties: seven works_at (Éline's row has no
	// company), Pieter's stored, and eight knows, Pieter's stored, which gets
	// its date.
	want := graph.UpsertResult{
		Persons:       graph.Counts{Created: 5, Updated: 2, Unchanged: 1},
		Organisations: graph.Counts{Created: 4},
		Relationships: graph.Counts{Created: 13, Updated: 1, Unchanged: 1},
	}
	if *res2 != want {
		t.Errorf("import: %+v\nwant %+v", *res2, want)
	}

	P, O := graph.KindPerson, graph.KindOrganisation
	wantDedup := &graph.Dedup{
		Merged: []graph.DedupEntry{
			{Line: 5, Kind: P, Name: "Sanne van den Berg", ID: "per-sanne", Rule: graph.MatchURL}, // nl.linkedin.com, capitals, slash
			{Line: 5, Kind: O, Name: "Gemeente Utrecht", ID: "org-utrecht", Rule: graph.MatchName},
			{Line: 6, Kind: P, Name: "Pieter Bakker MSc", ID: "per-pieter", Rule: graph.MatchEmail},
			{Line: 6, Kind: O, Name: "Zorgbelang Nederland", ID: "org-zorgbelang", Rule: graph.MatchName}, // "Stichting" is a legal form
			{Line: 10, Kind: P, Name: "Eline Smit", ID: "per-eline", Rule: graph.MatchName},               // accent folded, no URL
		},
		NearMisses: []graph.DedupEntry{
			{Line: 7, Kind: P, Name: "Johan de Vries", ID: "li-johandevries", Candidates: []string{"per-jan"},
				Reason: "same surname and first initial, or a name within 2 edits"},
			{Line: 9, Kind: O, Name: "Huisartsenpraktijk de Linden", ID: "li-org-huisartsenpraktijk-de-linden", Candidates: []string{"org-linde"},
				Reason: "a name within 2 edits"},
		},
		New: []graph.DedupEntry{
			{Line: 7, Kind: O, Name: "Provincie Utrecht", ID: "li-org-provincie-utrecht"},
			{Line: 8, Kind: P, Name: "José García Pérez", ID: "li-jose-garcia-perez-0b9a"}, // from the escaped URL
			{Line: 8, Kind: O, Name: "Coöperatie Rabobank U.A.", ID: "li-org-cooperatie-rabobank"},
			{Line: 9, Kind: P, Name: "Thijs Kuipers", ID: "li-thijs-kuipers"}, // no URL: from the name
			{Line: 11, Kind: P, Name: "Marloes 't Hart", ID: "li-marloesthart"},
			{Line: 13, Kind: P, Name: "Annelies van der Meer-de Groot", ID: "li-anneliesvandermeer"},
			{Line: 13, Kind: O, Name: "Ministerie van Volksgezondheid, Welzijn en Sport", ID: "li-org-ministerie-van-volksgezondheid-welzijn-en-sport"},
		},
		Skipped: []graph.DedupEntry{{Line: 12, Kind: P, Reason: "the row has neither a name nor a profile address"}},
	}
	if !reflect.DeepEqual(dedup, wantDedup) {
		var got, w bytes.Buffer
		dedup.Write(&got)
		wantDedup.Write(&w)
		t.Errorf("dedup:\n%s\nwant:\n%s", got.String(), w.String())
	}

	// Merged persons keep their name and source; empty fields are filled.
	p, err := st.FindPersonByID(ctx, "per-pieter")
	if err != nil || p.Name != "Pieter Bakker" || p.Source != "" || p.Title != "Directeur-bestuurder" ||
		p.LinkedInURL != "https://www.linkedin.com/in/pieter-bakker-7a1b2c" || p.Email != "p.bakker@zorgbelang.nl" {
		t.Errorf("per-pieter: %+v %v", p, err)
	}
	if p, err := st.FindPersonByID(ctx, "per-eline"); err != nil || p.Title != "Verpleegkundige" || p.Name != "Éline Smit" {
		t.Errorf("per-eline: %+v %v", p, err)
	}
	if p, err := st.FindPersonByID(ctx, "li-jose-garcia-perez-0b9a"); err != nil || p.Email != "jose.garcia@example.es" ||
		p.Title != "Relatiemanager" || p.Source != graph.SourceLinkedIn {
		t.Errorf("José: %+v %v", p, err)
	}
	// A stored tie keeps its strength and nature and gets its date.
	r, err := st.FindRelationshipByID(ctx, "knows:emp-anna:per-pieter")
	if err != nil || r.Strength != 0.8 || r.Nature != graph.NaturePersonal || !r.Since.Equal(time.Date(2016, 9, 6, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("anna-pieter: %+v %v", r, err)
	}
	r, err = st.FindRelationshipByID(ctx, "knows:emp-anna:li-johandevries")
	if err != nil || r.Strength != 0.3 || r.Nature != graph.NatureProfessional || r.Source != graph.SourceLinkedIn ||
		r.Since.Format(time.DateOnly) != "2020-02-03" {
		t.Errorf("anna-johan: %+v %v", r, err)
	}
	r, err = st.FindRelationshipByID(ctx, "works_at:li-marloesthart:org-utrecht")
	if err != nil || r.Strength != 0.5 || r.Nature != graph.NatureProfessional {
		t.Errorf("marloes works at: %+v %v", r, err)
	}
	if _, err := st.FindRelationshipByID(ctx, "works_at:per-pieter:org-zorgbelang"); err != nil {
		t.Error(err)
	}

	// Again: every person is now matched, nothing changes.
	again, res3, err := exchange.ImportLinkedIn(ctx, st, data, "emp-anna", exchange.LinkedInOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res3.Changed() {
		t.Errorf("re-import changed: %+v", res3)
	}
	if len(again.Merged) != 8+6 || len(again.NearMisses)+len(again.New) != 0 {
		var b bytes.Buffer
		again.Write(&b)
		t.Errorf("re-import dedup: %s\n%s", again.Summary(), b.String())
	}
}

// TestReadLinkedInOptions: strengths from the options; ReadLinkedIn
// itself touches no store.
func TestReadLinkedInOptions(t *testing.T) {
	ex := graph.Existing{Employees: []*graph.Employee{{ID: "emp-bob", Name: "Bob", Role: graph.RoleStaff}}}
	file := "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n" +
		"Jan,de Vries,,,Gemeente Zwolle,,\r\n" +
		"Jan,de Vries,,,Gemeente Zwolle,Wethouder,\r\n" // the same connection twice: merged into the first
	b, d, err := exchange.ReadLinkedIn(strings.NewReader(file), "emp-bob", ex, exchange.LinkedInOptions{KnowsStrength: 0.7, WorksAtStrength: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Persons) != 1 || b.Persons[0].ID != "li-jan-de-vries" || b.Persons[0].Title != "Wethouder" ||
		len(b.Organisations) != 1 || b.Organisations[0].ID != "li-org-gemeente-zwolle" || len(b.Relationships) != 2 {
		t.Fatalf("batch: %+v %+v %+v", b.Persons, b.Organisations, b.Relationships)
	}
	for _, r := range b.Relationships {
		if want := map[graph.RelType]float64{graph.RelKnows: 0.7, graph.RelWorksAt: 1}[r.Type]; r.Strength != want || !r.Since.IsZero() {
			t.Errorf("%s: strength %v since %v", r.ID, r.Strength, r.Since)
		}
	}
	if len(d.New) != 2 || len(d.Merged) != 1 || d.Merged[0].Line != 3 || d.Merged[0].ID != "li-jan-de-vries" || d.Merged[0].Rule != graph.MatchName {
		t.Errorf("dedup: %+v", d)
	}
}

// TestLinkedInMatching: a same name with another profile is no match, a
// name held by two records is a near-miss, and a generated id that a
// different stored person holds gets a suffix.
func TestLinkedInMatching(t *testing.T) {
	ex := graph.Existing{
		Employees: []*graph.Employee{{ID: "emp-bob", Name: "Bob", Role: graph.RoleStaff}},
		Persons: []*graph.Person{
			{ID: "per-kim-1", Name: "Kim de Boer", LinkedInURL: "linkedin.com/in/kimdeboer1"},
			{ID: "per-lisa-a", Name: "Lisa Jansen"},
			{ID: "per-lisa-b", Name: "Lisa  JANSEN"},
			{ID: "li-tom-bos", Name: "Tom Bosch"},
		},
	}
	file := "first name;last name;url;email address;company;position;connected on\n" +
		"Kim;de Boer;https://www.linkedin.com/in/kimdeboer2;;;;01 Jan 2020\n" +
		"Lisa;Jansen;;;;;01 Jan 2020\n" +
		"Tom;Bos;;;;;01 Jan 2020\n"
	b, d, err := exchange.ReadLinkedIn(strings.NewReader(file), "emp-bob", ex, exchange.LinkedInOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []graph.DedupEntry{
		{Line: 2, Kind: graph.KindPerson, Name: "Kim de Boer", ID: "li-kimdeboer2", Candidates: []string{"per-kim-1"},
			Reason: "same surname and first initial, or a name within 2 edits"},
		{Line: 3, Kind: graph.KindPerson, Name: "Lisa Jansen", ID: "li-lisa-jansen", Candidates: []string{"per-lisa-a", "per-lisa-b"},
			Reason: "2 records have this name"},
		{Line: 4, Kind: graph.KindPerson, Name: "Tom Bos", ID: "li-tom-bos-2", Candidates: []string{"li-tom-bos"},
			Reason: "same surname and first initial, or a name within 2 edits"},
	}
	if !reflect.DeepEqual(d.NearMisses, want) || len(d.Merged)+len(d.New) != 0 || len(b.Persons) != 3 {
		t.Errorf("near-misses:\n%+v\nwant\n%+v\n%s", d.NearMisses, want, d.Summary())
	}
}

// TestLinkedInProblems: testdata/linkedin_problems.csv (';', notes, header
// on line 4) has a bad e-mail address on line 5, an impossible date on line
// 6 and a short row on line 7; every one is reported on its file line and
// nothing is stored.
func TestLinkedInProblems(t *testing.T) {
	ctx := testContext(t)
	st := linkedInStore(t)
	before, _ := graph.ReadNetwork(ctx, st)
	_, res, err := exchange.ImportLinkedIn(ctx, st, readTestdata(t, "linkedin_problems.csv"), "emp-anna", exchange.LinkedInOptions{})
	want := `line 5: email_address: "kees@" is not an e-mail address
line 6: connected_on: "31 Feb 2021" is not a date like 02 Jan 2006
line 7: has 5 fields, the header 7`
	if res != nil || liProblems(err) != want {
		t.Errorf("got %v\n%s\nwant\n%s", res, liProblems(err), want)
	}
	after, _ := graph.ReadNetwork(ctx, st)
	if !reflect.DeepEqual(before, after) {
		t.Error("the store changed")
	}

	for _, c := range []struct{ name, file, want string }{
		{"no header", "Notes:\nsomething else\n", "no header row with LinkedIn's columns First Name, Last Name, URL, Email Address, Company, Position, Connected On in the first 20 lines; is this the Connections.csv of a LinkedIn data export?"},
		{"missing columns", "Notes:\n\nFirst Name,Last Name,URL,Company,Position\n", "line 3: the header lacks LinkedIn's column(s) Email Address, Connected On (it has first_name, last_name, url, company, position)"},
		{"empty", "\uFEFF\n", "the file is empty; it needs a header row naming its columns, e.g. first_name,last_name,url,email_address,company,position,connected_on"},
		{"no rows", "First Name,Last Name,URL,Email Address,Company,Position,Connected On,Extra\n", "the file has a header but no connections"},
		{"no employee", "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n", ""},
	} {
		emp := "emp-anna"
		if c.name == "no employee" {
			emp, c.want = "per-jan", `employee: "per-jan" is a person, not one of our employees`
		}
		_, _, err := exchange.ImportLinkedIn(ctx, st, []byte(c.file), emp, exchange.LinkedInOptions{})
		if got := liProblems(err); got != c.want || graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("%s: %q\nwant %q", c.name, got, c.want)
		}
	}
}

// TestLinkedInStoreProblems: a generated id that an employee holds gets a
// suffix; what only the store checks (an organisation name over 300
// bytes) is reported on the row's line and column.
func TestLinkedInStoreProblems(t *testing.T) {
	ctx := testContext(t)
	st := linkedInStore(t)
	if err := st.CreateEmployee(ctx, &graph.Employee{ID: "li-kees", Name: "Kees (ours)", Role: graph.RoleStaff}); err != nil {
		t.Fatal(err)
	}
	header := "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
	_, _, err := exchange.ImportLinkedIn(ctx, st, []byte(header+"Kees,Jansen,https://www.linkedin.com/in/kees,,,,\n"), "emp-anna", exchange.LinkedInOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p, err := st.FindPersonByID(ctx, "li-kees-2"); err != nil || p.Name != "Kees Jansen" {
		t.Errorf("li-kees-2: %+v %v", p, err)
	}
	long := strings.Repeat("Zorg", 76)
	_, _, err = exchange.ImportLinkedIn(ctx, st, []byte(header+"Ans,Bos,,,Gemeente Ede,,\nPiet,Bos,,,"+long+",,\n"), "emp-anna", exchange.LinkedInOptions{})
	if got := liProblems(err); got != "line 3: company: is longer than 300 bytes" {
		t.Errorf("got %q", got)
	}
}

func liProblems(err error) string {
	if err == nil {
		return ""
	}
	es, ok := err.(graph.Errors)
	if !ok {
		return "not graph.Errors: " + err.Error()
	}
	var lines []string
	for _, e := range es {
		var parts []string
		for _, p := range []string{e.Item, e.Field, e.Message} {
			if p != "" {
				parts = append(parts, p)
			}
		}
		lines = append(lines, strings.Join(parts, ": "))
	}
	return strings.Join(lines, "\n")
}
