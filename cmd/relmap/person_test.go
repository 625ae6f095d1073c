package main

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/graph/sqlitestore"
)

// TestPersonCommands records an objection, exports and erases Jan de Vries
// of segmentDB's store, then tries to import him again from a CSV file.
func TestPersonCommands(t *testing.T) {
	db := segmentDB(t)
	contacts := writeFile(t, "contacts.csv", "date,employee_id,stakeholder_id,mode,note\n2020-01-06,emp-anna,per-jan,meeting,talked about the fund\n")
	if _, errOut, err := relmap(t, "import", "-db", db, contacts); err != nil {
		t.Fatalf("import contacts: %v %s", err, errOut)
	}

	out, errOut, err := relmap(t, "person", "object", "-db", db, "-date", "2025-12-01", "per-jan")
	if err != nil || out != "per-jan objects since 2025-12-01: left out of every path search and broker ranking\n" {
		t.Fatalf("object: %q %q %v", out, errOut, err)
	}
	if _, _, err := relmap(t, "person", "object", "-db", db, "-date", "1-12-2025", "per-jan"); !errors.As(err, new(usageError)) {
		t.Fatalf("object with a bad date: %v, want a usage error", err)
	}

	out, errOut, err = relmap(t, "person", "export", "-db", db, "per-jan")
	if err != nil {
		t.Fatalf("export: %v %s", err, errOut)
	}
	var x graph.PersonExport[json.RawMessage]
	if err := json.Unmarshal([]byte(out), &x); err != nil {
		t.Fatalf("export is no JSON: %v\n%s", err, out)
	}
	wantOthers := []graph.NodeRef{{ID: "emp-anna", Kind: graph.KindEmployee, Name: "Anna Jansen"}, {ID: "org-fund", Kind: graph.KindOrganisation, Name: "Fonds Zorg en Welzijn"}}
	if x.Person.ID != "per-jan" || !x.Person.Objects || len(x.Relationships) != 1 || len(x.Contacts) != 1 || !reflect.DeepEqual(x.Others, wantOthers) {
		t.Fatalf("export: %+v", x)
	}

	out, errOut, err = relmap(t, "person", "erase", "-db", db, "per-jan")
	if err != nil || out != "erased per-jan: 1 relationship, 1 contact, 0 assessments; 1 identifier on the suppression list\n" {
		t.Fatalf("erase: %q %q %v", out, errOut, err)
	}
	out, _, err = relmap(t, "audit", "-db", db, "-json")
	if err != nil || !strings.Contains(out, `"action": "cli person erase"`) || !strings.Contains(out, "1 contacts") {
		t.Errorf("audit log after the erasure: %v\n%s", err, out)
	}
	if _, _, err := relmap(t, "person", "erase", "-db", db, "per-jan"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("second erasure: %v, want not found", err)
	}

	// Re-importing him is refused on his line, and nothing of the file is
	// stored.
	before := readNetwork(t, db)
	persons := writeFile(t, "persons.csv", "id,name,email\nper-new,Nieuw Persoon,\nper-jan,Jan de Vries,jan@example.org\n")
	out, errOut, err = relmap(t, "import", "-db", db, persons)
	if err == nil || out != "" || !strings.HasPrefix(errOut, `line 3: id: person "per-jan" was erased on `) || !strings.HasSuffix(errOut, " at their request; not re-imported\n") {
		t.Fatalf("re-import: %v, out %q, stderr %q", err, out, errOut)
	}
	if !reflect.DeepEqual(before, readNetwork(t, db)) {
		t.Error("the refused import changed the store")
	}
}

// TestRetentionCommand sets a retention of 30 days and applies it: the
// note of a contact from 2020 goes, the contact stays.
func TestRetentionCommand(t *testing.T) {
	db := segmentDB(t)
	contacts := writeFile(t, "contacts.csv", "id,date,employee_id,stakeholder_id,mode,note\nc-old,2020-01-06,emp-anna,org-fund,email,oud nieuws\n")
	if _, errOut, err := relmap(t, "import", "-db", db, contacts); err != nil {
		t.Fatalf("import contacts: %v %s", err, errOut)
	}
	if out, _, err := relmap(t, "retention", "-db", db); err != nil || out != "contact notes: kept for ever\n" {
		t.Fatalf("retention: %q %v", out, err)
	}
	if _, _, err := relmap(t, "retention", "-db", db, "-set", "-5"); !errors.As(err, new(usageError)) {
		t.Fatalf("-set -5: %v, want a usage error", err)
	}
	out, _, err := relmap(t, "retention", "-db", db, "-set", "30", "-apply")
	if err != nil || out != "contact notes: 30 days\nremoved the notes of 1 contact\n" {
		t.Fatalf("retention -set 30 -apply: %q %v", out, err)
	}
	st, err := sqlitestore.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, err := st.FindContactByID(t.Context(), "c-old")
	if err != nil || c.Note != "" {
		t.Fatalf("c-old after retention: %+v %v; want it kept without its note", c, err)
	}
	if out, _, err := relmap(t, "retention", "-db", db, "-apply", "-json"); err != nil || out != "{\n  \"cleared\": 0,\n  \"days\": 30\n}\n" {
		t.Errorf("second apply: %q %v", out, err)
	}
}
