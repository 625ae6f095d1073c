package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/api"
	"github.com/relmap/relmap/graph"
)

// listFlag is a repeatable or comma-separated string flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

// typeFlag is a repeatable or comma-separated relationship type flag.
type typeFlag []graph.RelType

func (l *typeFlag) String() string { return fmt.Sprint(*l) }
func (l *typeFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		t := graph.RelType(strings.TrimSpace(s))
		if !analysis.HopType(t) {
			return fmt.Errorf("%q is not a relationship type", s)
		}
		*l = append(*l, t)
	}
	return nil
}

// snapshotOf opens the store and reads its analysis snapshot, its ties
// weighed by their logged contacts as of now.
func snapshotOf(ctx context.Context, cfg *Config, stderr io.Writer) (graph.Store, *analysis.Snapshot, error) {
	return snapshotAt(ctx, cfg, stderr, time.Now())
}

// snapshotAt is snapshotOf with the contact evidence measured at now.
func snapshotAt(ctx context.Context, cfg *Config, stderr io.Writer, now time.Time) (graph.Store, *analysis.Snapshot, error) {
	st, err := openStore(ctx, cfg, cfg.logger(stderr))
	if err != nil {
		return nil, nil, err
	}
	snap, err := (&analysis.Cache{Source: st, Contacts: st, Now: func() time.Time { return now }}).Snapshot(ctx)
	if err != nil {
		st.Close()
		return nil, nil, fmt.Errorf("read the network: %w", err)
	}
	return st, snap, nil
}

func text(t analysis.Text, lang string) string { return t.In(lang) }

// runPaths prints the warm introduction paths to a target.
func runPaths(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cfg := dataCommand("paths")
	fs.SetOutput(stderr)
	var q analysis.PathQuery
	var from, exclude listFlag
	var types typeFlag
	fs.StringVar(&q.To, "to", "", "the target person or organisation (id); required")
	fs.Var(&from, "from", "employees to start from (ids, comma-separated or repeated); default: all")
	fs.IntVar(&q.K, "k", analysis.DefaultK, "number of paths")
	fs.IntVar(&q.MaxHops, "max-hops", analysis.DefaultMaxHops, "most ties on a path")
	fs.Var(&exclude, "exclude", "nodes no path may contain")
	fs.StringVar(&q.Via, "via", "", "a node every path must pass through")
	fs.Var(&types, "type", "only these relationship types")
	fs.IntVar(&q.MaxDegree, "max-degree", 0, "skip intermediates with more neighbours than this (0: off)")
	fs.Float64Var(&q.MinStrength, "min-strength", 0, "least strength of a warm path (0: the path rules' min_warm; negative: cold paths too)")
	asJSON := fs.Bool("json", false, "print JSON (as GET /api/v1/paths)")
	lang := fs.String("lang", "en", "language of the explanations: en or nl")
	noLoad := fs.Bool("no-load", false, "rank by plain strength, without the intermediaries' introduction load and segment")
	if err := parse(fs, cfg, args, getenv); err != nil {
		return err
	}
	if q.To == "" {
		return usageError{"paths: -to is required"}
	}
	if *lang != "en" && *lang != "nl" {
		return usageError{"paths: -lang must be en or nl"}
	}
	q.From, q.Exclude, q.AllowTypes = from, exclude, types
	st, snap, err := snapshotOf(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	var intros func(context.Context) ([]*graph.IntroRequest, error)
	if is, ok := st.(graph.IntroStore); ok {
		intros = func(ctx context.Context) ([]*graph.IntroRequest, error) {
			return api.AllIntros(ctx, is, graph.IntroFilter{})
		}
	}
	ss, _ := st.(api.SegmentStore)
	set, err := api.LoadRules(ctx, st)
	if err != nil {
		return fmt.Errorf("paths: %w", err)
	}
	res, err := api.FindLoadedPaths(ctx, snap, intros, ss, q, set, *noLoad)
	if err != nil {
		return err
	}
	paths := res.Paths
	if *asJSON {
		return printJSON(stdout, res)
	}
	if res.Cold > 0 {
		defer fmt.Fprintln(stdout, text(analysis.Text{
			EN: fmt.Sprintf("%d more weaker than %s: cold, not a warm introduction", res.Cold, analysis.FormatStrength(res.MinStrength, "en")),
			NL: fmt.Sprintf("nog %d zwakker dan %s: koud, geen warme introductie", res.Cold, analysis.FormatStrength(res.MinStrength, "nl")),
		}, *lang))
	}
	if len(paths) == 0 {
		fmt.Fprintln(stdout, analysis.Text{
			EN: fmt.Sprintf("no warm path to %s within %s", q.To, hops(q.MaxHops, "en")),
			NL: fmt.Sprintf("geen warm pad naar %s binnen %s", q.To, hops(q.MaxHops, "nl")),
		}.In(*lang))
		return nil
	}
	format := "%d. strength %s, %s: %s\n"
	if *lang == "nl" {
		format = "%d. sterkte %s, %s: %s\n"
	}
	for i, p := range paths {
		fmt.Fprintf(stdout, format, i+1, analysis.FormatStrength(p.Strength, *lang), hops(p.Hops, *lang), text(p.Explanation, *lang))
		if p.Adjusted != p.Strength && p.Adjusted > 0 {
			var loads []string
			for _, h := range p.Load {
				if h.Factor != 1 {
					loads = append(loads, text(h.Text, *lang))
				}
			}
			fmt.Fprintf(stdout, "   %s %s: %s\n", text(analysis.Text{EN: "ranked at", NL: "gerangschikt op"}, *lang),
				analysis.FormatStrength(p.Adjusted, *lang), strings.Join(loads, "; "))
		}
	}
	return nil
}

// runBrokers prints the brokers for the develop targets or given targets.
func runBrokers(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cfg := dataCommand("brokers")
	fs.SetOutput(stderr)
	var q analysis.BrokerQuery
	var targets, from, exclude listFlag
	var types typeFlag
	fs.Var(&targets, "target", "target stakeholders (ids); default: the develop segment")
	fs.Var(&from, "from", "employees to start from; default: all")
	fs.IntVar(&q.MaxHops, "max-hops", analysis.DefaultMaxHops, "most ties on a path")
	fs.Var(&exclude, "exclude", "nodes to leave out")
	fs.Var(&types, "type", "only these relationship types")
	fs.IntVar(&q.MaxDegree, "max-degree", 0, "skip intermediates with more neighbours than this (0: off)")
	fs.IntVar(&q.Limit, "limit", 20, "number of brokers")
	asJSON := fs.Bool("json", false, "print JSON (as GET /api/v1/brokers)")
	lang := fs.String("lang", "en", "language of the advice: en or nl")
	if err := parse(fs, cfg, args, getenv); err != nil {
		return err
	}
	if *lang != "en" && *lang != "nl" {
		return usageError{"brokers: -lang must be en or nl"}
	}
	q.Targets, q.From, q.Exclude, q.AllowTypes = targets, from, exclude, types
	st, snap, err := snapshotOf(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	var ss segmentStore
	if len(q.Targets) == 0 {
		var ok bool
		if ss, ok = st.(segmentStore); !ok {
			return fmt.Errorf("brokers: the store keeps no segments; give -target")
		}
	}
	body, err := api.FindBrokers(ctx, snap, ss, q)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(stdout, body)
	}
	if body.Reason != nil {
		fmt.Fprintln(stdout, text(*body.Reason, *lang))
		return nil
	}
	for _, in := range body.Introductions {
		switch {
		case in.Ask != nil:
			fmt.Fprintln(stdout, text(analysis.Text{EN: "to " + in.Target + ": ask " + in.Ask.Name, NL: "naar " + in.Target + ": vraag " + in.Ask.Name}, *lang)+
				" — "+text(in.Path.Explanation, *lang))
		case in.Path != nil:
			fmt.Fprintln(stdout, text(analysis.Text{EN: "to " + in.Target + ": direct", NL: "naar " + in.Target + ": direct"}, *lang)+
				" — "+text(in.Path.Explanation, *lang))
		default:
			fmt.Fprintln(stdout, text(analysis.Text{EN: "to " + in.Target + ": no warm path", NL: "naar " + in.Target + ": geen warme route"}, *lang))
		}
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	if *lang == "nl" {
		fmt.Fprintf(tw, "makelaar\topent\talleen via\tscore\tadvies\n")
	} else {
		fmt.Fprintf(tw, "broker\topens\tonly way\tscore\tadvice\n")
	}
	for _, b := range body.Brokers {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.3f\t%s\n", b.Node.Name, b.Opens, b.OnlyWay, b.Score, text(b.Advice, *lang))
	}
	return tw.Flush()
}

// runCentrality prints the nodes ranked by one measure.
func runCentrality(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cfg := dataCommand("centrality")
	fs.SetOutput(stderr)
	metric := fs.String("metric", string(analysis.MetricPageRank), "one of degree, betweenness, betweenness_weighted, closeness, harmonic, eigenvector, pagerank, constraint, effective_size")
	limit := fs.Int("limit", 20, "number of nodes to print (0: all)")
	asJSON := fs.Bool("json", false, "print JSON (as GET /api/v1/centrality)")
	quiet := fs.Bool("quiet", false, "no progress bar")
	estimate := fs.String("estimate", string(analysis.EstimateAuto), "betweenness by sampling, with intervals: auto (above 20,000 nodes), always or never")
	lang := fs.String("lang", "en", "language of the note on an estimate: en or nl")
	if err := parse(fs, cfg, args, getenv); err != nil {
		return err
	}
	m, err := analysis.ParseMetric(*metric)
	if err != nil {
		return usageError{"centrality: " + graph.ErrorMessage(err)}
	}
	est, err := analysis.ParseEstimation(*estimate)
	if err != nil {
		return usageError{"centrality: " + graph.ErrorMessage(err)}
	}
	if *limit < 0 {
		return usageError{"centrality: -limit must not be negative"}
	}
	st, snap, err := snapshotOf(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	if !*quiet {
		ctx = analysis.WithProgress(ctx, progressBar(stderr, string(m)))
	}
	r, err := analysis.RankBy(ctx, snap, m, *limit, est)
	if err != nil {
		return err
	}
	body := api.NewCentralityBody(r, 0, *limit, *lang)
	if *asJSON {
		return printJSON(stdout, body)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	if body.Estimate != nil {
		fmt.Fprintf(tw, "#\tid\tname\t%s\tinterval\n", m)
	} else {
		fmt.Fprintf(tw, "#\tid\tname\t%s\n", m)
	}
	for i, s := range body.Scores {
		if s.Interval != nil {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%.6g\t%.6g–%.6g\n", i+1, s.ID, s.Name, s.Value, s.Interval[0], s.Interval[1])
		} else {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%.6g\n", i+1, s.ID, s.Name, s.Value)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if body.Note != "" {
		fmt.Fprintln(stdout, body.Note)
	}
	return nil
}

// progressBar draws a progress bar labelled label on w, redrawn in place
// (github.com/schollz/progressbar/v3), that ends its line when the work is
// done. It is made at the first report, which brings the total.
func progressBar(w io.Writer, label string) analysis.ProgressFunc {
	var bar *progressbar.ProgressBar
	return func(done, total int) {
		if total <= 0 {
			return
		}
		if bar == nil {
			bar = newBar(w, label, total)
		}
		_ = bar.Set(done)
	}
}

// newBar is a bar of total units labelled label on w: 25 characters wide,
// with the percentage and the count, no time estimate, and a newline when
// it is full.
func newBar(w io.Writer, label string, total int) *progressbar.ProgressBar {
	return progressbar.NewOptions(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(label),
		progressbar.OptionSetWidth(25),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(false),
		progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
	)
}
