package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/relmap/relmap/graph"
)

// runPathRules prints the path rules as JSON, or replaces them with a file.
func runPathRules(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cfg := dataCommand("path-rules")
	fs.SetOutput(stderr)
	file := fs.String("set", "", "replace the path rules with this JSON file")
	if err := parse(fs, cfg, args, getenv); err != nil {
		return err
	}
	var r graph.PathRules
	if *file != "" {
		data, err := readFile(*file)
		if err != nil {
			return fmt.Errorf("path-rules: %w", err)
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
	rs, ok := st.(graph.PathRulesStore)
	if !ok {
		return errors.New("path-rules: the store in use keeps no path rules")
	}
	if *file == "" {
		if r, err = rs.PathRules(ctx); err != nil {
			return fmt.Errorf("path-rules: %w", err)
		}
		return printJSON(stdout, r)
	}
	actx, end := cliAudit(graph.WithActor(ctx, actor(getenv)), st, actor(getenv), "path-rules -set", "", r.String())
	err = rs.SavePathRules(actx, r)
	if aerr := end(err); err == nil && aerr != nil {
		return fmt.Errorf("path-rules: the audit log: %w", aerr)
	}
	if err != nil {
		return fmt.Errorf("path-rules: %w", err)
	}
	return printJSON(stdout, r)
}
