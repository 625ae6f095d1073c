package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/api"
	"github.com/relmap/relmap/segment"
)

// runReport runs "relmap report changes": the "what changed" report
// between two days (api.LoadChanges), as text, JSON or CSV.
func runReport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	verb, rest, err := group("report", args, stderr)
	if err != nil {
		return err
	}
	fs, cfg := dataCommand("report " + verb)
	fs.SetOutput(stderr)
	fromFlag := fs.String("from", "", "the first day, YYYY-MM-DD (required): the report compares the end of this day")
	toFlag := fs.String("to", "", "the last day, YYYY-MM-DD (default today)")
	asJSON := fs.Bool("json", false, "print JSON (as GET /api/v1/reports/changes)")
	asCSV := fs.Bool("csv", false, "print CSV (as GET /api/v1/reports/changes?format=csv)")
	lang := fs.String("lang", "en", "language of names: en or nl")
	if err := parse(fs, cfg, rest, getenv); err != nil {
		return err
	}
	if *asJSON && *asCSV {
		return usageNL("report changes: give -json or -csv, not both", "report changes: geef -json of -csv, niet allebei")
	}
	if *lang != "en" && *lang != "nl" {
		return checkLang("report changes", *lang)
	}
	if *fromFlag == "" {
		return usageNL("report changes: -from is required", "report changes: -from is verplicht")
	}
	if *toFlag == "" {
		*toFlag = time.Now().UTC().Format(time.DateOnly)
	}
	var days [2]time.Time
	for i, f := range []struct{ name, v string }{{"from", *fromFlag}, {"to", *toFlag}} {
		t, err := time.Parse(time.DateOnly, f.v)
		if err != nil {
			return usageNL(fmt.Sprintf("report changes: -%s %q is not a date YYYY-MM-DD", f.name, f.v),
				fmt.Sprintf("report changes: -%s %q is geen datum JJJJ-MM-DD", f.name, f.v))
		}
		days[i] = segment.EndOfDay(t)
	}
	st, err := openSegmentStore(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	b, err := api.LoadChanges(ctx, st, st, days[0], days[1], *lang)
	if err != nil {
		return fmt.Errorf("report changes: %w", err)
	}
	switch {
	case *asJSON:
		return printJSON(stdout, b)
	case *asCSV:
		return api.WriteChangesCSV(stdout, b)
	}
	return writeChanges(stdout, b)
}

// reportWords are the text report's words in English and Dutch.
var reportWords = map[string][2]string{
	"title":       {"What changed from %s to %s", "Wat veranderde van %s tot %s"},
	"moves":       {"Segment moves", "Verschuivingen tussen segmenten"},
	"gained":      {"Warm paths gained (of %d develop and invest targets)", "Warme paden gewonnen (van %d ontwikkel- en investeerdoelen)"},
	"lost":        {"Warm paths lost", "Warme paden verloren"},
	"conformance": {"On policy per segment", "Volgens beleid per segment"},
	"intros":      {"Introductions made", "Gemaakte introducties"},
	"none":        {"none", "geen"},
	"via":         {"via", "via"},
	"made":        {"made", "gemaakt"},
	"met":         {"met", "ontmoet"},
	"plans":       {"Plans opened and closed", "Plannen geopend en gesloten"},
	"opened":      {"opened", "geopend"},
	"closed":      {"closed", "gesloten"},
	"open":        {"open", "open"},
	"achieved":    {"achieved", "bereikt"},
	"dropped":     {"dropped", "losgelaten"},
}

func reportWord(key, lang string) string {
	w := reportWords[key]
	if lang == "nl" {
		return w[1]
	}
	return w[0]
}

// writeChanges prints the report as text, one block per section.
func writeChanges(w io.Writer, b api.ChangesBody) error {
	l := b.Lang
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, reportWord("title", l)+"\n", b.From.Format(time.DateOnly), b.To.Format(time.DateOnly))
	section := func(title string, empty bool) {
		fmt.Fprintf(tw, "\n%s\n", title)
		if empty {
			fmt.Fprintf(tw, "  %s\n", reportWord("none", l))
		}
	}
	section(reportWord("moves", l), len(b.Moves) == 0)
	for _, m := range b.Moves {
		fmt.Fprintf(tw, "  %s\t%s\t%s → %s\n", m.Stakeholder.ID, m.Stakeholder.Name, m.FromName, m.ToName)
	}
	paths := func(list []analysis.WarmChange) {
		for _, c := range list {
			via := ""
			if c.Via != nil {
				via = reportWord("via", l) + " " + c.Via.Name
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s → %s\t%s\n", c.Target.ID, c.Target.Name,
				analysis.FormatStrength(c.From, l), analysis.FormatStrength(c.To, l), via)
		}
	}
	section(fmt.Sprintf(reportWord("gained", l), b.Targets), len(b.Gained) == 0)
	paths(b.Gained)
	section(reportWord("lost", l), len(b.Lost) == 0)
	paths(b.Lost)
	section(reportWord("conformance", l), false)
	for _, c := range b.Conformance {
		fmt.Fprintf(tw, "  %s\t%s → %s\n", c.Name, share(c.From), share(c.To))
	}
	section(reportWord("intros", l), len(b.Intros) == 0)
	for _, in := range b.Intros {
		fmt.Fprintf(tw, "  %s\t%s\t%s → %s → %s\t%s\n", in.At.UTC().Format(time.DateOnly), reportWord(string(in.State), l),
			in.Employee.Name, in.Intermediary.Name, in.Target.Name, in.ID)
	}
	section(reportWord("plans", l), len(b.Plans) == 0)
	for _, p := range b.Plans {
		what := reportWord(string(p.Change), l)
		if p.Change == analysis.PlanClosed {
			what += " (" + reportWord(string(p.State), l) + ")"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s → %s\t%s\t%s\n", p.At.UTC().Format(time.DateOnly), what,
			cmp.Or(p.Owner.Name, p.Owner.ID), cmp.Or(p.Target.Name, p.Target.ID), p.ID, p.Note)
	}
	return tw.Flush()
}

// share prints "3/4 (75%)", or "–" for a segment without stakeholders.
func share(s analysis.SegmentShare) string {
	if s.Stakeholders == 0 {
		return "–"
	}
	return strconv.Itoa(s.OnPolicy) + "/" + strconv.Itoa(s.Stakeholders) + " (" + strconv.Itoa(int(s.Share*100+0.5)) + "%)"
}
