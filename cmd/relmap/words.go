package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/relmap/relmap/analysis"
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
		return usageError{fmt.Sprintf("%s: -lang %q is not en or nl", cmd, lang)}
	}
	return nil
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
