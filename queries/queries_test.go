package queries_test

import (
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/relmap/relmap/queries"
)

// TestAllListsEveryFile checks that every embedded *.cypher file has its
// variable in All (and so is EXPLAINed by the neo4jstore tests).
func TestAllListsEveryFile(t *testing.T) {
	got := slices.Sorted(maps.Keys(queries.All()))
	if want := queries.Files(); !slices.Equal(got, want) {
		t.Errorf("All() lists %v\nfiles are %v", got, want)
	}
}

var (
	placeholder = regexp.MustCompile(`\{\{[^}]*\}\}`)
	lineComment = regexp.MustCompile(`//.*`)
)

// TestStatements checks each statement for the mistakes a server would only
// report at run time: several statements in one file, unknown placeholders.
func TestStatements(t *testing.T) {
	known := map[string]bool{queries.LabelPlaceholder: true, queries.TypePlaceholder: true, queries.TypesPlaceholder: true}
	check := func(name, q string) {
		if strings.TrimSpace(q) == "" {
			t.Errorf("%s is empty", name)
		}
		if strings.Contains(lineComment.ReplaceAllString(q, ""), ";") {
			t.Errorf("%s: holds a ';': one statement per file", name)
		}
		for _, p := range placeholder.FindAllString(q, -1) {
			if !known[p] {
				t.Errorf("%s: unknown placeholder %s", name, p)
			}
		}
	}
	for name, q := range queries.All() {
		check(name, q)
	}
	names := queries.SchemaFiles()
	if len(names) == 0 {
		t.Fatal("no schema files")
	}
	numbered := regexp.MustCompile(`^schema/\d{3}_[a-z0-9_]+\.cypher$`)
	seen := map[string]string{}
	for _, name := range names {
		if !numbered.MatchString(name) {
			t.Errorf("%s: want schema/NNN_name.cypher", name)
		}
		if prev, ok := seen[name[:10]]; ok {
			t.Errorf("%s and %s share a number", prev, name)
		}
		seen[name[:10]] = name
		b, err := fs.ReadFile(queries.Schema, name)
		if err != nil {
			t.Fatal(err)
		}
		check(name, string(b))
		if !strings.Contains(string(b), "IF NOT EXISTS") {
			t.Errorf("%s: schema statements must be idempotent (IF NOT EXISTS)", name)
		}
	}
}
