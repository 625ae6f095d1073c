package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/relmap/relmap/api"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// runScheme prints the stored scheme as a scheme file, or replaces it with
// one (-set FILE.json).
func runScheme(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cfg := dataCommand("scheme")
	fs.SetOutput(stderr)
	file := fs.String("set", "", "replace the scheme with this scheme file (JSON; see the README)")
	confirm := fs.Bool("confirm", false, "with -set: save the scheme even when it leaves more stakeholders unassessed")
	if err := parse(fs, cfg, args, getenv); err != nil {
		return err
	}
	if *confirm && *file == "" {
		return usageError{"scheme: -confirm goes with -set"}
	}
	var scheme *segment.Scheme
	if *file != "" {
		data, err := readFile(*file)
		if err != nil {
			return fmt.Errorf("scheme: %w", err)
		}
		if scheme, err = segment.LoadScheme(bytes.NewReader(data)); err != nil {
			return reportProblems(stderr, *file, err)
		}
	}
	st, err := openSegmentStore(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	if scheme == nil {
		if scheme, err = st.Scheme(ctx); err != nil {
			return fmt.Errorf("scheme: %w", err)
		}
		return printJSON(stdout, scheme)
	}
	// api.SaveScheme adds what the change does to the audit entry's detail.
	actx, end := cliAudit(graph.WithActor(ctx, actor(getenv)), st, actor(getenv), "scheme -set", "", *file)
	change, err := api.SaveScheme(actx, st, scheme, *confirm)
	if aerr := end(err); err == nil && aerr != nil {
		return fmt.Errorf("scheme: the audit log: %w", aerr)
	}
	if err != nil {
		if graph.ErrorCode(err) == graph.ECONFLICT {
			return fmt.Errorf("scheme: %s: give -confirm; nothing was stored", graph.ErrorMessage(err))
		}
		if isInput(err) {
			return reportProblems(stderr, *file, err)
		}
		return fmt.Errorf("scheme: %w", err)
	}
	var axes []string
	for _, a := range segment.Axes {
		n := 0
		for _, c := range scheme.CriteriaOn(a) {
			if c.Weight > 0 {
				n++
			}
		}
		axes = append(axes, fmt.Sprintf("%d %s (threshold %g)", n, a, scheme.Threshold(a)))
	}
	fmt.Fprintf(stdout, "scheme %q saved: criteria %s, scale %d–%d\n", scheme.Name, strings.Join(axes, ", "), scheme.Scale.Min, scheme.Scale.Max)
	fmt.Fprintln(stdout, change.Summary())
	if len(change.Unscored) > 0 {
		fmt.Fprintf(stdout, "no stakeholder has a score yet on %s: record them with relmap assess\n", strings.Join(change.Unscored, ", "))
	}
	return nil
}

// runPolicies prints the stored policy table, or replaces it (-set
// FILE.json).
func runPolicies(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cfg := dataCommand("policies")
	fs.SetOutput(stderr)
	file := fs.String("set", "", "replace the policy table with this JSON file: an array with one policy per segment")
	if err := parse(fs, cfg, args, getenv); err != nil {
		return err
	}
	var ps segment.Policies
	if *file != "" {
		data, err := readFile(*file)
		if err != nil {
			return fmt.Errorf("policies: %w", err)
		}
		data = bytes.TrimPrefix(data, []byte("\uFEFF"))
		if err := graph.DecodeJSON(data, &ps); err != nil {
			return reportProblems(stderr, *file, err)
		}
		if err := ps.Validate(); err != nil {
			return reportProblems(stderr, *file, err)
		}
	}
	st, err := openSegmentStore(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	if *file == "" {
		if ps, err = st.Policies(ctx); err != nil {
			return fmt.Errorf("policies: %w", err)
		}
		return printJSON(stdout, ps)
	}
	actx, end := cliAudit(ctx, st, actor(getenv), "policies -set", "", *file)
	err = st.SavePolicies(actx, ps)
	if aerr := end(err); err == nil && aerr != nil {
		return fmt.Errorf("policies: the audit log: %w", aerr)
	}
	if err != nil {
		if isInput(err) {
			return reportProblems(stderr, *file, err)
		}
		return fmt.Errorf("policies: %w", err)
	}
	var segs []string
	for _, p := range ps {
		segs = append(segs, fmt.Sprintf("%s %d per %s", p.Segment, p.MinContacts, graph.Plural(p.PeriodMonths, "month", "months")))
	}
	fmt.Fprintf(stdout, "policies saved: %s\n", strings.Join(segs, ", "))
	return nil
}

// printJSON writes v as indented JSON with a final newline.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
