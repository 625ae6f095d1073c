package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/relmap/relmap/api"
	"github.com/relmap/relmap/exchange"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// segmentStore is a store that keeps the segmentation beside the network.
type segmentStore interface {
	graph.Store
	segment.Store
}

// dataCommand is the start of every command that reads or writes the store
// and exits (segments, assess, scheme, policies): a FlagSet with the store
// flags and a quieter default log level than serve's.
func dataCommand(name string) (*flag.FlagSet, *Config) {
	cfg := defaultConfig()
	cfg.LogLevel = "warn"
	fs := newFlagSet(name)
	cfg.storeFlags(fs)
	return fs, &cfg
}

// openSegmentStore opens the configured store and checks that it keeps
// segments.
func openSegmentStore(ctx context.Context, cfg *Config, stderr io.Writer) (segmentStore, error) {
	st, err := openStore(ctx, cfg, cfg.logger(stderr))
	if err != nil {
		return nil, err
	}
	ss, ok := st.(segmentStore)
	if !ok {
		st.Close()
		return nil, errors.New("the store in use does not keep segments yet; use the embedded store (-db)")
	}
	return ss, nil
}

// segmentStoreOf returns st as a segment store, or nil when it keeps no
// segments (serve and demo then go without).
func segmentStoreOf(st graph.Store, logger *slog.Logger) segmentStore {
	ss, ok := st.(segmentStore)
	if !ok {
		logger.Warn("the store keeps no segments: the segment routes answer 404")
	}
	return ss
}

// runSegments prints the segment matrix.
func runSegments(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cfg := dataCommand("segments")
	fs.SetOutput(stderr)
	asOfFlag := fs.String("as-of", "", "draw the matrix as it stood at the end of this day (YYYY-MM-DD); default: the latest assessments")
	asJSON := fs.Bool("json", false, "print the matrix as JSON (as GET /api/v1/segments/matrix)")
	asCSV := fs.Bool("csv", false, "print the matrix as CSV")
	lang := fs.String("lang", "en", "language of names and policies: en or nl")
	if err := parse(fs, cfg, args, getenv); err != nil {
		return err
	}
	if *asJSON && *asCSV {
		return usageNL("segments: give -json or -csv, not both", "segments: geef -json of -csv, niet allebei")
	}
	if *lang != "en" && *lang != "nl" {
		return checkLang("segments", *lang)
	}
	var asOf time.Time
	if *asOfFlag != "" {
		t, err := time.Parse(time.DateOnly, *asOfFlag)
		if err != nil {
			return usageNL(fmt.Sprintf("segments: -as-of %q is not a date YYYY-MM-DD", *asOfFlag), fmt.Sprintf("segments: -as-of %q is geen datum JJJJ-MM-DD", *asOfFlag))
		}
		asOf = segment.EndOfDay(t)
	}
	st, err := openSegmentStore(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	m, err := api.LoadMatrix(ctx, st, asOf)
	if err != nil {
		return fmt.Errorf("segments: %w", err)
	}
	switch {
	case *asJSON:
		return printJSON(stdout, api.NewMatrixBody(m, *lang))
	case *asCSV:
		return writeMatrixCSV(stdout, m, *lang)
	}
	return writeMatrixTable(stdout, m, *lang)
}

// words are the table's words in English and Dutch.
var words = map[string][2]string{
	"title":        {"Segment matrix", "Segmentatiematrix"},
	"latest":       {"latest assessments", "laatste beoordelingen"},
	"as of":        {"as of", "per"},
	"scheme":       {"scheme", "schema"},
	"thresholds":   {"thresholds", "drempels"},
	"stakeholder":  {"STAKEHOLDER", "BELANGHEBBENDE"},
	"id":           {"ID", "ID"},
	"kind":         {"KIND", "SOORT"},
	"party":        {"PARTY TYPE", "PARTIJTYPE"},
	"attr":         {"ATTRACTIVENESS", "AANTREKKELIJKHEID"},
	"acc":          {"ACCESSIBILITY", "TOEGANKELIJKHEID"},
	"segment":      {"SEGMENT", "SEGMENT"},
	"policy":       {"POLICY", "BELEID"},
	"organisation": {"organisation", "organisatie"},
	"person":       {"person", "persoon"},
	"input":        {"input", "input"},
	"consumer":     {"consumer", "afnemer"},
	"intermediary": {"intermediary", "intermediair"},
	"none":         {"no assessment", "geen beoordeling"},
	"missing":      {"missing", "ontbreekt"},
	"stakeholders": {"stakeholders", "belanghebbenden"},
	// conformance, overdue and holders
	"contacts":            {"CONTACTS", "CONTACTEN"},
	"level":               {"LEVEL", "NIVEAU"},
	"owner":               {"OWNER", "EIGENAAR"},
	"holders":             {"HOLDERS", "HOUDERS"},
	"advice":              {"ADVICE", "ADVIES"},
	"reason":              {"REASON", "REDEN"},
	"last contact":        {"LAST CONTACT", "LAATSTE CONTACT"},
	"due":                 {"DUE", "UITERLIJK"},
	"days overdue":        {"DAYS OVERDUE", "DAGEN TE LAAT"},
	"no owner":            {"(no owner)", "(geen eigenaar)"},
	"none overdue":        {"no stakeholder is overdue", "geen belanghebbende is te laat"},
	"never contacted":     {"never contacted", "nooit contact gehad"},
	"due now":             {"now", "nu"},
	"employee":            {"EMPLOYEE", "MEDEWERKER"},
	"holds":               {"HOLDS", "HOUDT"},
	"strength":            {"STRENGTH", "STERKTE"},
	"type":                {"TYPE", "SOORT"},
	"type / via":          {"TYPE / VIA", "SOORT / VIA"},
	"direct":              {"direct", "direct"},
	"via":                 {"via", "via"},
	"yes":                 {"yes", "ja"},
	"nobody holds":        {"nobody here holds %s", "niemand hier kent %s"},
	"left":                {"(left)", "(vertrokken)"},
	"note":                {"NOTE", "NOTITIE"},
	"type / through":      {"TYPE / THROUGH", "SOORT / VIA"},
	"through":             {"through %s (%s, %d)", "via %s (%s, %d)"},
	"through ended":       {"through %s (%s, until %s, %d)", "via %s (%s, tot %s, %d)"},
	"stronger via":        {"via %s (%s, %s × %s)", "via %s (%s, %s × %s)"},
	"owner left":          {"owner %s has left: assign a new owner", "eigenaar %s is vertrokken: wijs een nieuwe eigenaar toe"},
	"owner holds nothing": {"owner: %s, who has no tie or contact with it", "eigenaar: %s, zonder band of contact ermee"},
	"left holds nothing":  {"%s left (last day %s) and holds nothing now", "%s is vertrokken (laatste dag %s) en houdt nu niets"},
}

func word(key, lang string) string {
	w, ok := words[key]
	if !ok {
		return key
	}
	if lang == "nl" {
		return w[1]
	}
	return w[0]
}

// mean formats an axis mean with two decimals, or "—" when the axis is
// incomplete.
func mean(a segment.AxisPlacement) string {
	if !a.Complete {
		return "—"
	}
	return strconv.FormatFloat(a.Mean, 'f', 2, 64)
}

// policyText is the last column: the policy's summary, or for an
// unassessed stakeholder what is missing.
func policyText(r segment.MatrixRow, s *segment.Scheme, lang string) string {
	if r.Policy != nil {
		return r.Policy.Summary(lang)
	}
	if len(r.Placement.Used) == 0 {
		return word("none", lang)
	}
	missing := r.Placement.Missing()
	names := make([]string, len(missing))
	for i, id := range missing {
		names[i] = id
		if c, ok := s.Criterion(id); ok {
			names[i] = c.Name(lang)
		}
	}
	return word("missing", lang) + ": " + strings.Join(names, ", ")
}

// writeMatrixTable prints the matrix as an aligned table with a title line
// and the number of stakeholders per segment at the end.
func writeMatrixTable(w io.Writer, m *segment.Matrix, lang string) error {
	when := word("latest", lang)
	if !m.AsOf.IsZero() {
		when = word("as of", lang) + " " + m.AsOf.Format(time.DateOnly)
	}
	fmt.Fprintf(w, "%s, %s (%s %q, %s %s %g, %s %g)\n\n", word("title", lang), when,
		word("scheme", lang), m.Scheme.Name, word("thresholds", lang),
		strings.ToLower(segment.Attractiveness.Name(lang)), m.Scheme.ThresholdAttractiveness,
		strings.ToLower(segment.Accessibility.Name(lang)), m.Scheme.ThresholdAccessibility)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join([]string{word("stakeholder", lang), word("id", lang), word("kind", lang), word("party", lang),
		word("attr", lang), word("acc", lang), word("segment", lang), word("policy", lang)}, "\t"))
	for _, r := range m.All() {
		party := "—"
		if r.Stakeholder.PartyType != "" {
			party = word(string(r.Stakeholder.PartyType), lang)
		}
		fmt.Fprintln(tw, strings.Join([]string{
			cell(r.Stakeholder.Name), r.Stakeholder.ID, word(string(r.Stakeholder.Kind), lang), party,
			mean(r.Placement.Attractiveness), mean(r.Placement.Accessibility),
			r.Placement.Segment.Name(lang), policyText(r, m.Scheme, lang),
		}, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	counts := m.Count()
	var parts []string
	for _, s := range append(append([]segment.Segment{}, segment.Segments...), segment.Unassessed) {
		parts = append(parts, fmt.Sprintf("%s %d", s.Name(lang), counts[s]))
	}
	_, err := fmt.Fprintf(w, "\n%d %s: %s\n", m.Len(), word("stakeholders", lang), strings.Join(parts, ", "))
	return err
}

// cell keeps a name on one table line.
func cell(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}

// writeMatrixCSV prints one row per stakeholder. Means are exact (empty
// when the axis is incomplete); missing lists criterion ids separated by
// spaces. Cells that a spreadsheet would run as a formula are neutralised
// (exchange.CSVWriter).
func writeMatrixCSV(w io.Writer, m *segment.Matrix, lang string) error {
	cw := exchange.NewCSVWriter(w)
	_ = cw.Write([]string{"stakeholder_id", "name", "kind", "party_type", "attractiveness", "accessibility",
		"segment", "segment_name", "policy", "missing", "latest_assessment"})
	exact := func(a segment.AxisPlacement) string {
		if !a.Complete {
			return ""
		}
		return strconv.FormatFloat(a.Mean, 'f', -1, 64)
	}
	for _, r := range m.All() {
		policy, latest := "", ""
		if r.Policy != nil {
			policy = r.Policy.Summary(lang)
		}
		if !r.Placement.LatestDate.IsZero() {
			latest = r.Placement.LatestDate.UTC().Format(time.DateOnly)
		}
		_ = cw.Write([]string{r.Stakeholder.ID, r.Stakeholder.Name, string(r.Stakeholder.Kind), string(r.Stakeholder.PartyType),
			exact(r.Placement.Attractiveness), exact(r.Placement.Accessibility),
			string(r.Placement.Segment), r.Placement.Segment.Name(lang), policy,
			strings.Join(r.Placement.Missing(), " "), latest})
	}
	cw.Flush()
	return cw.Error()
}

// reportProblems prints every problem of an input error to w, one a line
// ("line 7: score: 6 is outside 1–5"), and returns a short error for main
// to print. Other errors are returned as they are.
func reportProblems(w io.Writer, what string, err error) error {
	var es graph.Errors
	if !errors.As(err, &es) {
		var e *graph.Error
		if !errors.As(err, &e) {
			return err
		}
		es = graph.Errors{e}
	}
	for _, e := range es {
		var parts []string
		for _, p := range []string{e.Item, e.Field, e.Message} {
			if p != "" {
				parts = append(parts, p)
			}
		}
		fmt.Fprintln(w, strings.Join(parts, ": "))
	}
	n := "1 problem"
	if len(es) != 1 {
		n = fmt.Sprintf("%d problems", len(es))
	}
	return fmt.Errorf("%s: %s; nothing was stored", what, n)
}
