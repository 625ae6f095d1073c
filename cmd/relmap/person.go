package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/relmap/relmap/api"
	"github.com/relmap/relmap/graph"
)

// privacyStore is what the person and retention commands need of a store.
type privacyStore interface {
	graph.Store
	api.PrivacyStore
}

// openPrivacyStore opens the configured store and checks that it keeps the
// privacy controls.
func openPrivacyStore(ctx context.Context, cfg *Config, stderr io.Writer) (privacyStore, error) {
	st, err := openStore(ctx, cfg, cfg.logger(stderr))
	if err != nil {
		return nil, err
	}
	ps, ok := st.(privacyStore)
	if !ok {
		st.Close()
		return nil, errors.New("the store in use keeps no personal data controls")
	}
	return ps, nil
}

// runPerson exports, erases or records the objection of one person.
func runPerson(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	verb, rest, err := group("person", args, stderr)
	if err != nil {
		return err
	}
	fs, cfg := dataCommand("person " + verb)
	fs.SetOutput(stderr)
	var (
		out      *string
		asJSON   *bool
		date     *string
		withdraw *bool
	)
	switch verb {
	case "export":
		out = fs.String("o", "", "write the JSON to this file instead of standard output")
	case "erase":
		asJSON = fs.Bool("json", false, "print what was erased as JSON")
	default: // object
		date = fs.String("date", "", "the day the objection was received, YYYY-MM-DD (default today)")
		withdraw = fs.Bool("withdraw", false, "record that the person withdrew the objection")
	}
	ids, err := parseArgs(fs, cfg, rest, getenv)
	if err != nil {
		return err
	}
	if len(ids) != 1 {
		return usageError{"person " + verb + ": give one person id"}
	}
	id := ids[0]
	st, err := openPrivacyStore(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx = graph.WithActor(ctx, actor(getenv))

	switch verb {
	case "export":
		actx, end := cliAudit(ctx, st, actor(getenv), "person export", id, "")
		x, err := st.ExportPerson(actx, id)
		if aerr := end(err); err == nil && aerr != nil {
			return fmt.Errorf("person export: the audit log: %w", aerr)
		}
		if err != nil {
			return fmt.Errorf("person export: %w", err)
		}
		w := stdout
		if *out != "" {
			f, err := os.Create(*out)
			if err != nil {
				return fmt.Errorf("person export: %w", err)
			}
			defer f.Close()
			w = f
		}
		if err := printJSON(w, x); err != nil {
			return fmt.Errorf("person export: %w", err)
		}
		if *out != "" {
			fmt.Fprintf(stderr, "wrote everything held about %s to %s\n", id, *out)
		}
		return nil
	case "erase":
		// The store stores the entry with the erasure, with its summary.
		actx, end := cliAudit(ctx, st, actor(getenv), "person erase", id, "")
		e, err := st.ErasePerson(actx, id)
		if aerr := end(err); aerr != nil {
			fmt.Fprintf(stderr, "person erase: the audit log failed: %v\n", aerr)
		}
		if err != nil {
			return fmt.Errorf("person erase: %w", err)
		}
		if *asJSON {
			return printJSON(stdout, e)
		}
		fmt.Fprintf(stdout, "erased %s: %s, %s, %s; %s on the suppression list\n", id,
			graph.Plural(e.Relationships, "relationship", "relationships"), graph.Plural(e.Contacts, "contact", "contacts"),
			graph.Plural(e.Assessments, "assessment", "assessments"), graph.Plural(e.Suppressed, "identifier", "identifiers"))
		return nil
	default: // object
		u := graph.PersonUpdate{Objects: new(bool)}
		if !*withdraw {
			*u.Objects = true
			day := time.Now().UTC()
			if *date != "" {
				if day, err = time.Parse(time.DateOnly, *date); err != nil {
					return usageError{fmt.Sprintf("person object: -date %q is not YYYY-MM-DD", *date)}
				}
			}
			u.ObjectedAt = &day
		} else if *date != "" {
			return usageError{"person object: -date does not go with -withdraw"}
		}
		actx, end := cliAudit(ctx, st, actor(getenv), "person object", id, fmt.Sprintf("objects=%v", *u.Objects))
		p, err := st.UpdatePerson(actx, id, u)
		if aerr := end(err); err == nil && aerr != nil {
			return fmt.Errorf("person object: the audit log: %w", aerr)
		}
		if err != nil {
			return fmt.Errorf("person object: %w", err)
		}
		if p.Objects {
			fmt.Fprintf(stdout, "%s objects since %s: left out of every path search and broker ranking\n", id, p.ObjectedAt.Format(time.DateOnly))
		} else {
			fmt.Fprintf(stdout, "%s no longer objects\n", id)
		}
		return nil
	}
}

// runRetention shows or applies the retention of contact notes.
func runRetention(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cfg := dataCommand("retention")
	fs.SetOutput(stderr)
	set := fs.Int("set", -1, "keep contact notes this many days (0: for ever)")
	apply := fs.Bool("apply", false, "remove the notes of contacts older than the retention now")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, cfg, args, getenv); err != nil {
		return err
	}
	st, err := openPrivacyStore(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx = graph.WithActor(ctx, actor(getenv))
	if flagSet(fs, "set") {
		actx, end := cliAudit(ctx, st, actor(getenv), "retention -set", "", fmt.Sprintf("%d days", *set))
		err := st.SaveRetention(actx, graph.Retention{Days: *set})
		if aerr := end(err); err == nil && aerr != nil {
			return fmt.Errorf("retention: the audit log: %w", aerr)
		}
		if err != nil {
			if graph.ErrorCode(err) == graph.EINVALID {
				return usageError{"retention: -set " + graph.ErrorMessage(err)}
			}
			return fmt.Errorf("retention: %w", err)
		}
	}
	r, err := st.Retention(ctx)
	if err != nil {
		return fmt.Errorf("retention: %w", err)
	}
	cleared := 0
	if *apply {
		actx, end := cliAudit(ctx, st, actor(getenv), "retention -apply", "", "notes older than "+r.String())
		cleared, err = st.ApplyRetention(actx)
		if aerr := end(err); err == nil && aerr != nil {
			return fmt.Errorf("retention: the audit log: %w", aerr)
		}
		if err != nil {
			return fmt.Errorf("retention: %w", err)
		}
	}
	if *asJSON {
		body := map[string]any{"days": r.Days}
		if *apply {
			body["cleared"] = cleared
		}
		return printJSON(stdout, body)
	}
	fmt.Fprintf(stdout, "contact notes: %s\n", r)
	if *apply {
		fmt.Fprintf(stdout, "removed the notes of %s\n", graph.Plural(cleared, "contact", "contacts"))
	}
	return nil
}

// retentionEvery is how often relmap serve applies the retention.
const retentionEvery = 24 * time.Hour

// keepRetention applies the store's retention of contact notes now and then
// every retentionEvery until ctx is done; relmap serve runs it in a
// goroutine. A store without the privacy controls is left alone; failures
// are logged and tried again at the next round.
func keepRetention(ctx context.Context, store graph.Store, logger *slog.Logger) {
	ps, ok := store.(api.PrivacyStore)
	if !ok {
		return
	}
	ctx = graph.WithActor(ctx, graph.RetentionActor)
	t := time.NewTicker(retentionEvery)
	defer t.Stop()
	for {
		if n, err := ps.ApplyRetention(ctx); err != nil {
			if ctx.Err() != nil {
				return
			}
			logger.Error("retention of contact notes", "err", err)
		} else if n > 0 {
			logger.Info("retention of contact notes", "cleared", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
