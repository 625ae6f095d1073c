package main

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

// english finds the English words of levels, advice and table heads that
// a Dutch table must not hold (as whole words, in any case).
var english = regexp.MustCompile(`(?i)\b(strategic|tactical|operational|develop|intensify|reduce|raise|lower|assign|single|holders?|ok|owner|stakeholder|contacts|level|advice|reason|due|overdue|days|yes|strength|type|works_at|knows|advises|invest|harvest|ignore)\b`)

// TestDutchTables: with -lang nl the conformance, overdue and holders
// tables hold no English word of a level, an advice, a segment or a column
// head (the issue saw "strategic" untranslated); the English tables name
// the advice in words.
func TestDutchTables(t *testing.T) {
	cdb, hdb := conformanceDB(t), holdingsDB(t)
	for _, args := range [][]string{
		{"conformance", "-db", cdb, "-now", "2024-06-30", "-lang", "nl"},
		{"overdue", "-db", cdb, "-now", "2024-06-30", "-lang", "nl"},
		{"holders", "-db", hdb, "-of", "org-fund", "-lang", "nl"},
		{"holders", "-db", hdb, "-employee", "emp-anna", "-lang", "nl"},
	} {
		out, errOut, err := relmap(t, args...)
		if err != nil {
			t.Fatalf("relmap %v: %v %s", args, err, errOut)
		}
		if w := english.FindAllString(out, -1); len(w) > 0 {
			t.Errorf("relmap %s holds English words %q:\n%s", strings.Join(args, " "), w, out)
		}
	}
	// conformanceDB: Old Friend's highest contact is Bas's strategic
	// board seat; GP is held by Bas alone (strategisch, één houder).
	out, _, _ := relmap(t, "conformance", "-db", cdb, "-now", "2024-06-30", "-lang", "nl")
	for _, want := range []string{"NIVEAU", "ADVIES", "strategisch", "één houder", "intensiveren", "Investeer"} {
		if !strings.Contains(out, want) {
			t.Errorf("conformance -lang nl says no %q:\n%s", want, out)
		}
	}
	out, _, _ = relmap(t, "overdue", "-db", cdb, "-now", "2024-06-30", "-lang", "nl")
	for _, want := range []string{"EIGENAAR", "DAGEN TE LAAT", "Ontwikkel", "nooit contact gehad"} {
		if !strings.Contains(out, want) {
			t.Errorf("overdue -lang nl says no %q:\n%s", want, out)
		}
	}
	out, _, _ = relmap(t, "holders", "-db", hdb, "-of", "org-fund", "-lang", "nl")
	for _, want := range []string{"MEDEWERKER", "Jan (werkt bij)", "ja", "0,54"} {
		if !strings.Contains(out, want) {
			t.Errorf("holders -lang nl says no %q:\n%s", want, out)
		}
	}
	if _, _, err := relmap(t, "overdue", "-db", cdb, "-lang", "fr"); err == nil {
		t.Error("overdue -lang fr: want a usage error")
	}
}

// TestPlurals: one hop is "1 hop" ("1 stap"), more are "hops" ("stappen").
// holdingsDB: Anna knows Jan (1 hop); Jan works at the fund.
func TestPlurals(t *testing.T) {
	db := holdingsDB(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"paths", "-db", db, "-to", "per-jan", "-from", "emp-anna"}, ", 1 hop: "},
		{[]string{"paths", "-db", db, "-to", "per-jan", "-from", "emp-anna", "-lang", "nl"}, ", 1 stap: "},
		{[]string{"paths", "-db", db, "-to", "org-fund", "-from", "emp-cor"}, ", 2 hops: "},
		{[]string{"paths", "-db", db, "-to", "org-fund", "-from", "emp-cor", "-lang", "nl"}, ", 2 stappen: "},
		{[]string{"paths", "-db", db, "-to", "per-mia", "-from", "emp-anna", "-max-hops", "1", "-lang", "nl"}, "geen warm pad naar per-mia binnen 1 stap"},
		{[]string{"departure", "-db", db, "-employee", "emp-cor", "-target", "per-mia", "-max-hops", "1"}, "(1 target checked, 1 hop at most)"},
	} {
		out, errOut, err := relmap(t, c.args...)
		if err != nil || !strings.Contains(out, c.want) {
			t.Errorf("relmap %s: %v %s\n%s\nwant %q", strings.Join(c.args, " "), err, errOut, out, c.want)
		}
	}
}

// TestDutchErrors: under -lang nl the command line words its errors in
// Dutch — a usage error by its Dutch wording (still exit 2), a graph error
// by the Dutch name of its code and a not-found message in Dutch (exit 1).
func TestDutchErrors(t *testing.T) {
	db := holdingsDB(t)
	for _, c := range []struct {
		args  []string
		usage bool
		want  string
	}{
		{[]string{"holders", "-db", db, "-lang", "nl"}, true, "holders: geef precies één van -of en -employee"},
		{[]string{"conformance", "-db", db, "-now", "gisteren", "-lang=nl"}, true, `conformance: -now "gisteren" is geen datum JJJJ-MM-DD of RFC 3339-tijdstip`},
		{[]string{"segments", "-db", db, "-json", "-csv", "--lang", "nl"}, true, "segments: geef -json of -csv, niet allebei"},
		{[]string{"overdue", "-db", db, "-lang", "fr"}, true, `overdue: -lang "fr" is not en or nl`},
		{[]string{"holders", "-db", db, "-of", "org-nobody", "-lang", "nl"}, false, `holders: niet gevonden: stakeholder: knoop "org-nobody" bestaat niet`},
		{[]string{"holders", "-db", db, "-of", "org-nobody"}, false, `holders: not_found: stakeholder: node "org-nobody" not found`},
		// An analysis' check of its input, worded by the API's catalogue.
		{[]string{"whatif", "-db", db, "-target", "emp-anna", "-lang", "nl"}, false, `what-if: ongeldige invoer: target: "emp-anna" is geen persoon of organisatie`},
		{[]string{"paths", "-db", db, "-to", "org-fund", "-from", "per-jan", "-lang", "nl"}, false, `warm paths: ongeldige invoer: from: "per-jan" is geen medewerker`},
	} {
		_, _, err := relmap(t, c.args...)
		if err == nil || errors.As(err, new(usageError)) != c.usage || err.Error() != c.want {
			t.Errorf("relmap %s: %v (usage %v), want %q (usage %v)", strings.Join(c.args, " "), err, errors.As(err, new(usageError)), c.want, c.usage)
		}
	}
}
