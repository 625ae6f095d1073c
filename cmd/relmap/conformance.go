package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/api"
)

// nowFlag adds -now to fs: the instant the policy periods end at, by
// default the current time. A calendar day means its end (UTC), so that
// contacts logged that day count.
func nowFlag(fs *flag.FlagSet) *string {
	return fs.String("now", "", "measure as of this day (YYYY-MM-DD, its end) or RFC 3339 instant; default: the current time")
}

func parseNow(cmd, v string) (time.Time, error) {
	if v == "" {
		return time.Now(), nil
	}
	if d, err := time.Parse(time.DateOnly, v); err == nil {
		return d.Add(24*time.Hour - time.Nanosecond), nil
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, usageNL(fmt.Sprintf("%s: -now %q is not a date YYYY-MM-DD or an RFC 3339 time", cmd, v),
			fmt.Sprintf("%s: -now %q is geen datum JJJJ-MM-DD of RFC 3339-tijdstip", cmd, v))
	}
	return t, nil
}

// policyStores opens the store with its snapshot and checks that it keeps
// segments and a contact log.
func policyStores(ctx context.Context, cmd string, cfg *Config, stderr io.Writer, now time.Time) (segmentStore, *analysis.Snapshot, error) {
	st, snap, err := snapshotAt(ctx, cfg, stderr, now)
	if err != nil {
		return nil, nil, err
	}
	ss, ok := st.(segmentStore)
	if !ok {
		st.Close()
		return nil, nil, fmt.Errorf("%s: the store in use does not keep segments yet; use the embedded store (-db)", cmd)
	}
	return ss, snap, nil
}

// runConformance prints the policy conformance of every placed stakeholder.
func runConformance(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cfg := dataCommand("conformance")
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print JSON (as GET /api/v1/conformance)")
	asCSV := fs.Bool("csv", false, "print CSV, one row per advice item (as GET /api/v1/conformance?format=csv)")
	lang := fs.String("lang", "en", "language of segment names, levels, advice and reasons: en or nl")
	nowV := nowFlag(fs)
	if err := parse(fs, cfg, args, getenv); err != nil {
		return err
	}
	if *asJSON && *asCSV {
		return usageNL("conformance: give -json or -csv, not both", "conformance: geef -json of -csv, niet allebei")
	}
	if err := checkLang("conformance", *lang); err != nil {
		return err
	}
	now, err := parseNow("conformance", *nowV)
	if err != nil {
		return err
	}
	st, snap, err := policyStores(ctx, "conformance", cfg, stderr, now)
	if err != nil {
		return err
	}
	defer st.Close()
	advice, why, err := api.LoadConformance(ctx, st, st, snap, now)
	if err != nil {
		return fmt.Errorf("conformance: %w", err)
	}
	switch {
	case *asJSON:
		return printJSON(stdout, api.NewConformanceBody(advice, why, now, *lang))
	case *asCSV:
		return api.WriteConformanceCSV(stdout, advice, *lang)
	case why != nil:
		fmt.Fprintln(stdout, text(*why, *lang))
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	w := func(k string) string { return word(k, *lang) }
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", w("segment"), w("stakeholder"), w("contacts"), w("level"),
		w("owner"), w("holders"), w("advice"), w("reason"))
	for _, a := range advice {
		owner := "-"
		if a.Owner != nil {
			owner = cmp.Or(a.Owner.Name, a.Owner.ID)
		}
		if a.OwnerLeft {
			owner += " " + word("left", *lang)
		}
		for i, it := range a.Items {
			if i == 0 {
				fmt.Fprintf(tw, "%s\t%s\t%d/%d\t%s\t%s\t%d\t%s\t%s\n", a.Segment.Name(*lang), a.Stakeholder.Name,
					a.Contacts, a.MinContacts, dash(analysis.LevelName(a.Level, *lang)), owner, a.Holders, it.Code.Name(*lang), it.Reason.In(*lang))
				continue
			}
			fmt.Fprintf(tw, "\t\t\t\t\t\t%s\t%s\n", it.Code.Name(*lang), it.Reason.In(*lang))
		}
	}
	return tw.Flush()
}

// runOverdue prints the stakeholders whose next contact is due under the
// policy, grouped by owner.
func runOverdue(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cfg := dataCommand("overdue")
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print JSON (as GET /api/v1/overdue)")
	lang := langFlag(fs, "segment names, notes and column heads")
	nowV := nowFlag(fs)
	if err := parse(fs, cfg, args, getenv); err != nil {
		return err
	}
	if err := checkLang("overdue", *lang); err != nil {
		return err
	}
	now, err := parseNow("overdue", *nowV)
	if err != nil {
		return err
	}
	st, snap, err := policyStores(ctx, "overdue", cfg, stderr, now)
	if err != nil {
		return err
	}
	defer st.Close()
	b, err := api.LoadOverdue(ctx, st, st, snap, now)
	if err != nil {
		return fmt.Errorf("overdue: %w", err)
	}
	if *asJSON {
		return printJSON(stdout, b)
	}
	if b.Total == 0 {
		fmt.Fprintln(stdout, word("none overdue", *lang))
		return nil
	}
	notes := false
	for _, g := range b.Groups {
		for _, it := range g.Items {
			notes = notes || it.Note != nil
		}
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	w := func(k string) string { return word(k, *lang) }
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s", w("owner"), w("stakeholder"), w("segment"), w("last contact"), w("due"), w("days overdue"))
	if notes {
		fmt.Fprintf(tw, "\t%s", w("note"))
	}
	fmt.Fprintln(tw)
	for _, g := range b.Groups {
		owner := w("no owner")
		if g.Owner != nil {
			owner = cmp.Or(g.Owner.Name, g.Owner.ID)
		}
		for i, it := range g.Items {
			if i > 0 {
				owner = ""
			}
			// A stakeholder never contacted is late by no number of days:
			// its first contact is due now.
			last, due, days := w("never contacted"), w("due now"), "-"
			if !it.NeverContacted {
				last, due = it.LastContact.UTC().Format(time.DateOnly), it.Due.UTC().Format(time.DateOnly)
				days = strconv.Itoa(*it.DaysOverdue)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s", owner, it.Stakeholder.Name, it.Segment.Name(*lang), last, due, days)
			if it.Note != nil {
				fmt.Fprintf(tw, "\t%s", it.Note.In(*lang))
			} else if notes {
				fmt.Fprintf(tw, "\t")
			}
			fmt.Fprintln(tw)
		}
	}
	return tw.Flush()
}
