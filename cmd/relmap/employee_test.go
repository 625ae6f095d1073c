package main

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/relmap/relmap/graph"
)

// TestEmployeeCommands walks Anna Jansen of segmentDB's store out of the
// organisation: a delete refused while she has a history, her end of
// employment (her contact still exported), her fund handed to Bart, the
// end taken back, and a forced delete in the audit log.
func TestEmployeeCommands(t *testing.T) {
	db := segmentDB(t) // emp-anna owns org-fund
	for _, f := range []string{
		writeFile(t, "employees.csv", "id,name,role\nemp-bart,Bart de Boer,director\n"),
		writeFile(t, "contacts.csv", "date,employee_id,stakeholder_id,mode\n2025-02-10,emp-anna,per-jan,meeting\n"),
	} {
		if _, errOut, err := relmap(t, "import", "-db", db, f); err != nil {
			t.Fatalf("import %s: %v %s", f, err, errOut)
		}
	}

	before := readNetwork(t, db)
	_, _, err := relmap(t, "employee", "delete", "-db", db, "emp-anna")
	if err == nil || errors.As(err, new(usageError)) ||
		!strings.Contains(err.Error(), `employee "emp-anna" has 1 logged contact and 0 relationships, and owns 1 organisation`) ||
		!strings.Contains(err.Error(), "-force deletes") {
		t.Fatalf("delete with a history: %v, want a refusal naming what would be lost", err)
	}
	if !reflect.DeepEqual(before, readNetwork(t, db)) {
		t.Fatal("the refused delete changed the store")
	}

	for _, args := range [][]string{
		{"employee", "end", "-db", db, "emp-anna"},
		{"employee", "end", "-db", db, "-date", "2025-03-31", "-clear", "emp-anna"},
		{"employee", "end", "-db", db, "-date", "31 maart", "emp-anna"},
		{"employee", "delete", "-db", db},
		{"employee", "fire", "emp-anna"},
		{"handover", "-db", db, "-from", "emp-anna"},
	} {
		if _, _, err := relmap(t, args...); !errors.As(err, new(usageError)) {
			t.Errorf("relmap %v: %v, want a usage error", args, err)
		}
	}

	out, errOut, err := relmap(t, "employee", "end", "-db", db, "-date", "31-03-2025", "emp-anna")
	if err != nil || out != "emp-anna: last day of employment 2025-03-31; from 2025-04-01 they start no warm path and hold no relationship, their ties and contacts stay as history\n"+
		"emp-anna still owns 1 organisation: hand them over with relmap handover -from emp-anna -to ID\n" {
		t.Fatalf("end: %v %q %q", err, out, errOut)
	}
	_, errOut, err = relmap(t, "employee", "end", "-db", db, "-date", "2025-02-01", "emp-anna")
	if err == nil || errOut != "end: 2025-02-01 is before the contact of 2025-02-10 already logged for employee \"emp-anna\"\n" {
		t.Fatalf("end before her contact: %v %q", err, errOut)
	}
	out, _, err = relmap(t, "export", "-db", db, "-format", "csv", "-kind", "contacts")
	if err != nil || !strings.Contains(out, "2025-02-10,emp-anna,per-jan,meeting") {
		t.Fatalf("her contact after her end of employment: %v\n%s", err, out)
	}

	out, _, err = relmap(t, "handover", "-db", db, "-from", "emp-anna", "-to", "emp-bart")
	if err != nil || out != "handed over 1 organisation and 0 persons from emp-anna to emp-bart\n  org-fund\n" {
		t.Fatalf("handover: %v %q", err, out)
	}
	_, errOut, err = relmap(t, "handover", "-db", db, "-from", "emp-bart", "-to", "emp-anna")
	if err == nil || !strings.HasPrefix(errOut, `to: employee "emp-anna" left on 2025-03-31`) {
		t.Fatalf("handover to someone who left: %v %q", err, errOut)
	}

	out, _, err = relmap(t, "employee", "end", "-db", db, "-clear", "emp-anna", "-json")
	var body EmploymentBody
	if err != nil || json.Unmarshal([]byte(out), &body) != nil || !body.Employee.End.IsZero() || body.Owns.Organisations != 0 {
		t.Fatalf("end -clear -json: %v\n%s", err, out)
	}

	out, _, err = relmap(t, "employee", "delete", "-db", db, "-force", "-json", "emp-anna")
	var d graph.EmployeeDeletion
	if err != nil || json.Unmarshal([]byte(out), &d) != nil || d != (graph.EmployeeDeletion{ID: "emp-anna", Contacts: 1, Forced: true}) {
		t.Fatalf("forced delete: %v\n%s", err, out)
	}
	out, _, err = relmap(t, "audit", "-db", db, "-target", "emp-anna", "-json")
	for _, want := range []string{`"action": "cli employee delete"`, `"detail": "deleted employee with 1 logged contact and 0 relationships, and owns no records (forced)"`,
		`"action": "cli handover"`, `"detail": "handed over 1 organisation and 0 persons from emp-anna to emp-bart"`, `"detail": "end 2025-03-31"`} {
		if err != nil || !strings.Contains(out, want) {
			t.Errorf("audit log: %v, want %s\n%s", err, want, out)
		}
	}
}

// TestDemoDeparture: the demo names its departed employee, keeps her end
// of employment and her contacts, and refuses to delete her.
func TestDemoDeparture(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	out, errOut, err := relmap(t, "demo", "-load-only", "-db", db, "-persons", "60", "-log-level", "error")
	if err != nil || !strings.Contains(out, "Ingrid Mulder (emp-005) left on ") {
		t.Fatalf("demo: %v %s\n%s", err, errOut, out)
	}
	out, _, err = relmap(t, "export", "-db", db, "-format", "csv", "-kind", "employees")
	if err != nil || !regexp.MustCompile(`\nemp-005,Ingrid Mulder,account_manager,[^,]*,Relatiebeheer,,\d{4}-\d\d-\d\d,demo\n`).MatchString(out) {
		t.Fatalf("employees export: %v\n%s", err, out)
	}
	out, _, err = relmap(t, "export", "-db", db, "-format", "csv", "-kind", "contacts")
	if err != nil || !strings.Contains(out, ",emp-005,") {
		t.Fatalf("her contacts are gone from the export: %v", err)
	}
	if _, _, err := relmap(t, "employee", "delete", "-db", db, "emp-005"); err == nil || !strings.Contains(err.Error(), "logged contact") {
		t.Fatalf("deleting the demo's departed employee: %v, want a refusal", err)
	}
}
