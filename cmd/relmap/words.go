package main

import (
	"errors"
	"flag"
	"fmt"
	"regexp"
	"strings"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/api"
	"github.com/relmap/relmap/graph"
)

// The words of the command line's text output in English and Dutch: the
// tables' words are in words (segments.go), the analyses' codes name
// themselves (analysis.AdviceCode.Name, analysis.LevelName), and these
// helpers count and name the rest. -json output keeps the codes.

// langFlag adds -lang to fs: the language of what.
func langFlag(fs *flag.FlagSet, what string) *string {
	return fs.String("lang", "en", "language of the "+what+": en or nl")
}

// checkLang refuses a -lang other than en or nl.
func checkLang(cmd, lang string) error {
	if lang != "en" && lang != "nl" {
		return usageNL(fmt.Sprintf("%s: -lang %q is not en or nl", cmd, lang), fmt.Sprintf("%s: -lang %q is geen en of nl", cmd, lang))
	}
	return nil
}

// bilingual is a usage error with its Dutch wording, which the command
// line prints under -lang nl (inLang).
type bilingual struct {
	usageError
	nl string
}

func (e bilingual) Unwrap() error { return e.usageError }

// usageNL returns a usage error (exit 2) worded en, and nl in Dutch.
func usageNL(en, nl string) error { return bilingual{usageError{en}, nl} }

// langOf returns the value of -lang among a command's arguments ("-lang
// nl", "-lang=nl", also with "--"), or "" when none is given, so that run
// can word a command's error in its language however far its parsing got.
func langOf(args []string) string {
	lang := ""
	for i, a := range args {
		switch name, v, hasV := strings.Cut(strings.TrimLeft(a, "-"), "="); {
		case !strings.HasPrefix(a, "-") || name != "lang":
		case hasV:
			lang = v
		case i+1 < len(args):
			lang = args[i+1]
		}
	}
	return lang
}

// inLang returns err as the command line prints it under -lang lang: in
// Dutch for "nl" (dutchError), as it is otherwise.
func inLang(err error, lang string) error {
	if lang != "nl" || err == nil || errors.Is(err, flag.ErrHelp) {
		return err
	}
	return dutchError{err}
}

// dutchError words an error in Dutch: a usage error by its Dutch wording
// (usageNL), a graph error by the Dutch name of its code, its field and
// its message ("niet gevonden: medewerker "emp-x""), translated by the
// API's catalogue (api.DutchMessage); a message the catalogue does not
// know stays English behind the Dutch code. It unwraps to the error itself, so exit codes stay.
type dutchError struct{ err error }

func (e dutchError) Unwrap() error { return e.err }

func (e dutchError) Error() string {
	var b bilingual
	if errors.As(e.err, &b) {
		return b.nl
	}
	var ge *graph.Error
	if !errors.As(e.err, &ge) {
		return e.err.Error()
	}
	prefix := strings.TrimSuffix(e.err.Error(), ge.Error())
	parts := []string{dutchCodes[ge.Code]}
	if parts[0] == "" {
		parts[0] = ge.Code
	}
	for _, p := range []string{ge.Item, ge.Field} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	msg := ge.Message
	if m := notFound.FindStringSubmatch(msg); m != nil {
		what := m[1]
		if nl, ok := dutchKinds[what]; ok {
			what = nl
		}
		msg = fmt.Sprintf("%s %s bestaat niet", what, m[2])
	} else if nl, ok := api.DutchMessage(msg); ok {
		msg = nl
	}
	return prefix + strings.Join(append(parts, msg), ": ")
}

// dutchCodes are the graph error codes in Dutch.
var dutchCodes = map[string]string{
	graph.EINVALID: "ongeldige invoer", graph.ENOTFOUND: "niet gevonden", graph.ECONFLICT: "conflict",
	graph.EUNAVAILABLE: "niet bereikbaar", graph.EINTERNAL: "interne fout",
	graph.EUNAUTHORIZED: "niet aangemeld", graph.EFORBIDDEN: "niet toegestaan",
}

// notFound matches graph.NotFound's message: `employee "emp-x" not found`.
var notFound = regexp.MustCompile(`^(\w+) ("(?:[^"\\]|\\.)*") not found$`)

// dutchKinds names the records of graph.NotFound in Dutch.
var dutchKinds = map[string]string{
	"employee": "medewerker", "organisation": "organisatie", "person": "persoon", "node": "knoop",
	"stakeholder": "belanghebbende", "relationship": "relatie", "contact": "contact", "record": "record",
}

// hops says n steps of a path in lang: "1 hop", "2 hops", "1 stap",
// "2 stappen".
func hops(n int, lang string) string {
	return analysis.Text{EN: graph.Plural(n, "hop", "hops"), NL: graph.Plural(n, "stap", "stappen")}.In(lang)
}

// decimal writes a strength with two decimals, with a decimal comma in
// Dutch ("0,54").
func decimal(s float64, lang string) string {
	v := fmt.Sprintf("%.2f", s)
	if lang == "nl" {
		v = strings.Replace(v, ".", ",", 1)
	}
	return v
}

// relTypeWord names a relationship type in lang: its code in English
// ("works_at"), its phrase in Dutch ("werkt bij"); "" for none.
func relTypeWord(t graph.RelType, lang string) string {
	if s, ok := t.Spec(); ok && lang == "nl" {
		return s.PhraseNL
	}
	return string(t)
}
