package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/api"
)

// runWhatIf prints the cheapest new or strengthened ties that lift a
// target's best warm path to the threshold.
func runWhatIf(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cfg := dataCommand("whatif")
	fs.SetOutput(stderr)
	target := fs.String("target", "", "the target person or organisation (id); required")
	threshold := fs.Float64("threshold", 0, "network strength to reach, in (0,1]; default: the scheme's accessibility threshold mapped back from the scale (0.5 without segments)")
	maxHops := fs.Int("max-hops", analysis.DefaultMaxHops, "most ties on a path, the new tie included")
	nowV := nowFlag(fs)
	asJSON := fs.Bool("json", false, "print JSON (as GET /api/v1/whatif/{target})")
	lang := fs.String("lang", "en", "language of the explanations: en or nl")
	if err := parse(fs, cfg, args, getenv); err != nil {
		return err
	}
	if *target == "" {
		return usageError{"whatif: -target is required"}
	}
	if *lang != "en" && *lang != "nl" {
		return usageError{"whatif: -lang must be en or nl"}
	}
	now, err := parseNow("whatif", *nowV)
	if err != nil {
		return err
	}
	st, snap, err := snapshotAt(ctx, cfg, stderr, now)
	if err != nil {
		return err
	}
	defer st.Close()
	th, from := *threshold, "query"
	if th == 0 {
		var ss api.SegmentStore
		if x, ok := st.(segmentStore); ok {
			ss = x
		}
		if th, from, err = api.WhatIfThreshold(ctx, ss); err != nil {
			return err
		}
	}
	b, err := api.WhatIf(ctx, snap, *target, th, from, *maxHops)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(stdout, b)
	}
	nl := *lang == "nl"
	name := *target
	if i, ok := snap.Index(*target); ok {
		name = snap.Nodes[i].Name
	}
	if nl {
		fmt.Fprintf(stdout, "%s: nu %s, doel %s (%s)\n", name, analysis.FormatStrength(b.Current, "nl"), analysis.FormatStrength(b.Threshold, "nl"), hops(b.MaxHops, "nl"))
	} else {
		fmt.Fprintf(stdout, "%s: now %s, aim %s (%s)\n", name, analysis.FormatStrength(b.Current, "en"), analysis.FormatStrength(b.Threshold, "en"), hops(b.MaxHops, "en"))
	}
	if len(b.Suggestions) == 0 {
		if b.Current >= b.Threshold {
			fmt.Fprintln(stdout, map[bool]string{false: "already reached", true: "al bereikt"}[nl])
		} else {
			fmt.Fprintln(stdout, map[bool]string{false: "no single new or stronger tie reaches it", true: "geen enkele nieuwe of sterkere band haalt het"}[nl])
		}
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	for i, sg := range b.Suggestions {
		fmt.Fprintf(tw, "%d.\t%s\t%s\n", i+1, analysis.FormatStrength(sg.Required, *lang), text(sg.Explanation, *lang))
	}
	return tw.Flush()
}
