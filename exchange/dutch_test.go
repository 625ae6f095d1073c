package exchange_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relmap/relmap/exchange"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// dutchFiles are one file of each kind as a Dutch spreadsheet writes it:
// Dutch headers in their own case and spacing, Dutch values, ';', decimal
// commas and Dutch dates.
var dutchFiles = []string{
	"Id;Naam;Rol;Afdeling;Einde\nemp-anna;Anna Jansen;Accountmanager;Fondsen;\nemp-bart;Bart de Boer;directeur;Directie;31-12-2025\n",
	"id;naam;branche;plaats;Partij type;eigenaar\norg-fonds;Fonds Zorg;fonds;Utrecht;Intermediair;emp-anna\n",
	"id;naam;functie;partijtype;niet routeren\nper-jan;Jan de Vries;Wethouder;afnemer;nee\n",
	"soort;van;naar;sterkte;aard;niveau\nkent;emp-anna;per-jan;0,7;zakelijk;strategisch\nwerkt bij;per-jan;org-fonds;1;formeel;\n",
	"datum;medewerker;belanghebbende;contactvorm;niveau;notitie\n12-01-2026;emp-anna;per-jan;overleg;tactisch;Kennismaking\n2025-12-01;emp-bart;org-fonds;E-mail;;\n",
}

// TestDutchCSV imports a file of each kind in Dutch (kinds detected from
// the Dutch headers) and finds the records stored in English, as relmap
// writes them back.
func TestDutchCSV(t *testing.T) {
	st := openStore(t)
	for i, f := range dutchFiles {
		k, err := exchange.DetectKind([]byte(f))
		if err != nil || k != exchange.CSVKinds[i] {
			t.Fatalf("file %d: detected %q, %v; want %s", i, k, err, exchange.CSVKinds[i])
		}
		if _, err := importCSV(t, st, []byte(f), exchange.ImportOptions{}); err != nil {
			t.Fatalf("%s: %v\n%s", k, err, problems(err))
		}
	}
	ctx := t.Context()
	anna, _ := st.FindEmployeeByID(ctx, "emp-anna")
	bart, _ := st.FindEmployeeByID(ctx, "emp-bart")
	org, _ := st.FindOrganisationByID(ctx, "org-fonds")
	jan, _ := st.FindPersonByID(ctx, "per-jan")
	knows, _ := st.FindRelationshipByID(ctx, "knows:emp-anna:per-jan")
	works, _ := st.FindRelationshipByID(ctx, "works_at:per-jan:org-fonds")
	contacts, _, _ := st.FindContacts(ctx, graph.ContactFilter{})
	switch {
	case anna == nil || anna.Role != graph.RoleAccountManager || anna.Team != "Fondsen":
		t.Errorf("emp-anna: %+v", anna)
	case bart == nil || bart.Role != graph.RoleDirector || bart.End.Format("2006-01-02") != "2025-12-31":
		t.Errorf("emp-bart: %+v", bart)
	case org == nil || org.PartyType != graph.PartyIntermediary || org.OwnerID != "emp-anna" || org.City != "Utrecht" || org.Sector != "fonds":
		t.Errorf("org-fonds: %+v", org)
	case jan == nil || jan.PartyType != graph.PartyConsumer || jan.Title != "Wethouder" || jan.DoNotRoute:
		t.Errorf("per-jan: %+v", jan)
	case knows == nil || knows.Strength != 0.7 || knows.Nature != graph.NatureProfessional || knows.Level != graph.LevelStrategic:
		t.Errorf("knows: %+v", knows)
	case works == nil || works.Nature != graph.NatureFormal:
		t.Errorf("works_at: %+v", works)
	case len(contacts) != 2 || contacts[0].Mode != graph.ModeMeeting || contacts[0].Level != graph.LevelTactical || contacts[1].Mode != graph.ModeEmail:
		t.Errorf("contacts: %+v", contacts)
	}
	var buf bytes.Buffer
	if err := exchange.WriteCSV(testContext(t), &buf, st, exchange.Relationships); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "type,from,to,strength,id,nature,level") || !strings.Contains(buf.String(), "works_at,per-jan,org-fonds,1,") {
		t.Errorf("written back:\n%s", buf.String())
	}
	// A Dutch word that is no value is reported as any other.
	_, err := importCSV(t, st, []byte("soort;van;naar;sterkte\nkent misschien;emp-anna;per-jan;0,5\n"), exchange.ImportOptions{})
	if got := problems(err); !strings.HasPrefix(got, `line 2 | type | "kent_misschien" is not one of knows, works_at`) {
		t.Errorf("unknown value: %s", got)
	}
}

func TestDutchNames(t *testing.T) {
	for in, want := range map[string]exchange.Kind{"organisatie": exchange.Organisations, "Personen": exchange.Persons, "medewerkers": exchange.Employees, "relaties": exchange.Relationships, "contacten": exchange.Contacts} {
		if got, err := exchange.ParseKind(in); err != nil || got != want {
			t.Errorf("ParseKind(%q) = %q, %v; want %s", in, got, err, want)
		}
	}
	for in, want := range map[string]segment.Segment{"Ontwikkel": segment.Develop, "investeer": segment.Invest, "OOGST": segment.Harvest,
		"negeer": segment.Ignore, "niet beoordeeld": segment.Unassessed, "develop": segment.Develop} {
		if got, ok := exchange.ParseSegment(in); !ok || got != want {
			t.Errorf("ParseSegment(%q) = %q, %v; want %s", in, got, ok, want)
		}
	}
	if _, ok := exchange.ParseSegment("ontwikkeling"); ok {
		t.Error(`ParseSegment("ontwikkeling") is no segment`)
	}
	for col, want := range map[[2]string]string{{"mode", "Telefonisch"}: "phone", {"type", "Rapporteert aan"}: "reports_to", {"level", "x"}: "x"} {
		if got := exchange.Value(col[0], col[1]); got != want {
			t.Errorf("Value(%q, %q) = %q, want %q", col[0], col[1], got, want)
		}
	}
}

// TestDutchTableInREADME checks that the README's table of Dutch names
// lists every word of the tables in exchange, with its English name.
func TestDutchTableInREADME(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n### Dutch column names and values\n")
	if !ok {
		t.Fatal("the README has no section \"Dutch column names and values\"")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	check := func(what string, ts []exchange.Translation) {
		for _, tr := range ts {
			var words []string
			for _, nl := range tr.NL {
				words = append(words, "`"+nl+"`")
			}
			row := "| `" + tr.EN + "` | " + strings.Join(words, ", ") + " |"
			if !strings.Contains(section, row) {
				t.Errorf("the README's %s table lacks the row %s", what, row)
			}
		}
	}
	check("column", exchange.DutchColumns)
	for col, ts := range exchange.DutchValues {
		check(col, ts)
	}
	check("kind", exchange.DutchKinds)
	check("segment", exchange.DutchSegments)
}

// TestValueAllocations: an enumerated cell that is written as relmap
// writes it ("knows") is normalised without allocating, as a large file
// has one in every row; one that needs normalising still reads.
func TestValueAllocations(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { _ = exchange.Value("type", "knows") }); n != 0 {
		t.Errorf("Value(type, knows) allocates %v times, want none", n)
	}
	for in, want := range map[string]string{"knows": "knows", " Werkt bij ": "works_at", "E-mail": "email", "Kent": "knows"} {
		col := "type"
		if in == "E-mail" {
			col = "mode"
		}
		if got := exchange.Value(col, in); got != want {
			t.Errorf("Value(%s, %q) = %q, want %q", col, in, got, want)
		}
	}
}
