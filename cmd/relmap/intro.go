package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/relmap/relmap/api"
	"github.com/relmap/relmap/graph"
)

// runIntro creates, lists, moves and shows introduction requests.
func runIntro(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	verb, rest, err := group("intro", args, stderr)
	if err != nil {
		return err
	}
	fs, cfg := dataCommand("intro " + verb)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print JSON")
	var in api.IntroInput
	var mv api.IntroMoveInput
	var path, state string
	var f graph.IntroFilter
	switch verb {
	case "create":
		fs.StringVar(&in.ID, "id", "", "the request's id (default: a fresh intro-… id)")
		fs.StringVar(&in.EmployeeID, "employee", "", "our employee who asks (required)")
		fs.StringVar(&in.IntermediaryID, "via", "", "the person asked to introduce (required)")
		fs.StringVar(&in.TargetID, "to", "", "the target person or organisation (required)")
		fs.StringVar(&path, "path", "", "the path it came from: node ids separated by commas, employee first")
		fs.StringVar(&in.Note, "note", "", "a note")
	case "list":
		optFlag(fs, &f.EmployeeID, "employee", "only this employee's requests")
		optFlag(fs, &f.IntermediaryID, "via", "only requests through this person")
		optFlag(fs, &f.TargetID, "to", "only requests for this target")
		fs.StringVar(&state, "state", "", "only requests in this state")
		fs.IntVar(&f.Limit, "limit", graph.MaxLimit, "at most this many")
	case "move":
		fs.StringVar(&state, "state", "", "the new state: agreed, made, met, declined or stalled (required)")
		fs.StringVar(&mv.At, "at", "", "the day of the move, YYYY-MM-DD (default now)")
		fs.StringVar(&mv.Note, "note", "", "a note")
		fs.StringVar((*string)(&mv.Mode), "mode", "", "for met: how the contact took place (default meeting)")
		fs.StringVar((*string)(&mv.Level), "level", "", "for met: the level of the contact")
	}
	ids, err := parseArgs(fs, cfg, rest, getenv)
	if err != nil {
		return err
	}
	switch {
	case (verb == "move" || verb == "show") && len(ids) != 1:
		return usageError{"intro " + verb + ": give one request id"}
	case (verb == "create" || verb == "list") && len(ids) != 0:
		return usageError{fmt.Sprintf("intro %s: unexpected argument %q", verb, ids[0])}
	case verb == "move" && state == "":
		return usageError{"intro move: give -state"}
	}
	if state != "" && verb == "list" {
		s := graph.IntroState(state)
		f.State = &s
	}
	st, err := openStore(ctx, cfg, cfg.logger(stderr))
	if err != nil {
		return err
	}
	defer st.Close()
	is, ok := st.(graph.IntroStore)
	if !ok {
		return errors.New("the store in use keeps no introduction requests")
	}
	ctx = graph.WithActor(ctx, actor(getenv))
	show := func(r *graph.IntroRequest) error {
		if *asJSON {
			return printJSON(stdout, r)
		}
		printIntro(stdout, r)
		return nil
	}
	switch verb {
	case "create":
		if path != "" {
			in.Path = strings.Split(path, ",")
		}
		r := api.NewIntro(in)
		actx, end := cliAudit(ctx, st, actor(getenv), "intro create", r.ID, api.IntroDetail(r))
		err := is.CreateIntro(actx, r)
		if aerr := end(err); err == nil && aerr != nil {
			return fmt.Errorf("intro create: the audit log: %w", aerr)
		}
		if err != nil {
			return fmt.Errorf("intro create: %w", err)
		}
		return show(r)
	case "move":
		mv.State = graph.IntroState(state)
		m, err := api.NewIntroMove(mv)
		if err != nil {
			return fmt.Errorf("intro move: %w", err)
		}
		actx, end := cliAudit(ctx, st, actor(getenv), "intro move", ids[0], fmt.Sprintf("intro %s → %s", ids[0], m.State))
		r, err := is.MoveIntro(actx, ids[0], m)
		if aerr := end(err); err == nil && aerr != nil {
			return fmt.Errorf("intro move: the audit log: %w", aerr)
		}
		if err != nil {
			return fmt.Errorf("intro move: %w", err)
		}
		return show(r)
	case "show":
		r, err := is.FindIntroByID(ctx, ids[0])
		if err != nil {
			return fmt.Errorf("intro show: %w", err)
		}
		return show(r)
	}
	rs, total, err := is.FindIntros(ctx, f)
	if err != nil {
		return fmt.Errorf("intro list: %w", err)
	}
	if rs == nil {
		rs = []*graph.IntroRequest{}
	}
	if *asJSON {
		return printJSON(stdout, rs)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATE\tSINCE\tEMPLOYEE\tVIA\tTARGET")
	for _, r := range rs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.State, r.Since().Format(time.DateOnly), r.EmployeeID, r.IntermediaryID, r.TargetID)
	}
	tw.Flush()
	if total > len(rs) {
		fmt.Fprintf(stdout, "(%d of %d; raise -limit)\n", len(rs), total)
	}
	return nil
}

// optFlag registers a string flag that sets *dst when given, so that its
// absence means "not set".
func optFlag(fs *flag.FlagSet, dst **string, name, usage string) {
	fs.Func(name, usage, func(v string) error { *dst = &v; return nil })
}

// printIntro prints a request and its history as text.
func printIntro(w io.Writer, r *graph.IntroRequest) {
	fmt.Fprintf(w, "%s: %s asks %s for an introduction to %s — %s\n", r.ID, r.EmployeeID, r.IntermediaryID, r.TargetID, r.State)
	if len(r.Path) > 0 {
		fmt.Fprintf(w, "  path: %s\n", strings.Join(r.Path, " → "))
	}
	for _, h := range r.History {
		note := ""
		if h.Note != "" {
			note = ": " + h.Note
		}
		fmt.Fprintf(w, "  %s  %-9s by %s%s\n", h.At.Format(time.DateOnly), h.State, h.By, note)
	}
	if r.ContactID != "" {
		fmt.Fprintf(w, "  contact: %s\n", r.ContactID)
	}
}
