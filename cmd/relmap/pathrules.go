package main

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/graph"
)

// runPathRules prints the path rules as JSON, or replaces them with a file.
func runPathRules(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return runRules(ctx, "path-rules", graph.PathRulesSetting, args, getenv, stdout, stderr)
}

// runLoadRules prints the load rules of the path ranking as JSON, or
// replaces them with a file.
func runLoadRules(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return runRules(ctx, "load-rules", analysis.LoadRulesSetting, args, getenv, stdout, stderr)
}

// runRules is the command name for the settings document d: it prints
// the document in force as JSON, or with -set FILE checks the file (every
// problem named, nothing stored) and stores it, audited.
func runRules[T graph.Rules](ctx context.Context, name string, d graph.Setting[T], args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cfg := dataCommand(name)
	fs.SetOutput(stderr)
	file := fs.String("set", "", "replace the "+d.Name+" with this JSON file")
	if err := parse(fs, cfg, args, getenv); err != nil {
		return err
	}
	var r T
	if *file != "" {
		data, err := readFile(*file)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if err := graph.DecodeJSON(bytes.TrimPrefix(data, []byte("\uFEFF")), &r); err != nil {
			return reportProblems(stderr, *file, err)
		}
		if err := r.Validate(); err != nil {
			return reportProblems(stderr, *file, err)
		}
	}
	st, err := openStore(ctx, cfg, cfg.logger(stderr))
	if err != nil {
		return err
	}
	defer st.Close()
	rs, ok := st.(graph.SettingStore)
	if !ok {
		return fmt.Errorf("%s: the store in use keeps no %s", name, d.Name)
	}
	if *file == "" {
		if r, err = d.Get(ctx, rs); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return printJSON(stdout, r)
	}
	actx, end := cliAudit(graph.WithActor(ctx, actor(getenv)), st, actor(getenv), name+" -set", "", r.String())
	err = d.Save(actx, rs, r)
	if aerr := end(err); err == nil && aerr != nil {
		return fmt.Errorf("%s: the audit log: %w", name, aerr)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return printJSON(stdout, r)
}
