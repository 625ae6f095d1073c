package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/api"
	"github.com/relmap/relmap/segment"
)

// runHolders prints who holds a stakeholder (-of) or what an employee
// holds (-employee).
func runHolders(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cfg := dataCommand("holders")
	fs.SetOutput(stderr)
	of := fs.String("of", "", "the stakeholder (organisation or person id): who here knows it")
	employee := fs.String("employee", "", "the employee (id): everything they hold")
	asJSON := fs.Bool("json", false, "print JSON (as GET /api/v1/holders/{id} or /employees/{id}/holdings)")
	lang := langFlag(fs, "column heads, relationship types and levels")
	nowV := nowFlag(fs)
	if err := parse(fs, cfg, args, getenv); err != nil {
		return err
	}
	if err := checkLang("holders", *lang); err != nil {
		return err
	}
	w := func(k string) string { return word(k, *lang) }
	if (*of == "") == (*employee == "") {
		return usageNL("holders: give exactly one of -of and -employee", "holders: geef precies één van -of en -employee")
	}
	now, err := parseNow("holders", *nowV)
	if err != nil {
		return err
	}
	// The contacts and the tie strengths they are evidence of are both
	// measured at now.
	st, snap, err := snapshotAt(ctx, cfg, stderr, now)
	if err != nil {
		return err
	}
	defer st.Close()
	if *employee != "" {
		b, err := api.HoldingsOf(ctx, st, snap, *employee, now)
		if err != nil {
			return err
		}
		if *asJSON {
			return printJSON(stdout, b)
		}
		if !b.End.IsZero() {
			fmt.Fprintf(stdout, w("left holds nothing")+"\n", *employee, b.End.Format(time.DateOnly))
			return nil
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", w("stakeholder"), w("strength"), w("type / through"), w("level"), w("contacts"), w("last contact"), w("owner"))
		for _, h := range b.Holdings {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", h.Stakeholder.Name, decimal(h.Strength, *lang), holdingType(h, *lang),
				dash(analysis.LevelName(h.Level, *lang)), h.Contacts, lastContact(h), yes(h.Owner, *lang))
		}
		return tw.Flush()
	}
	contacts, err := api.HolderContacts(ctx, st, snap, *of)
	if err != nil {
		return err
	}
	r, err := analysis.Holders(snap, contacts, *of, now)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(stdout, r)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", w("employee"), w("holds"), w("strength"), w("type / via"), w("level"),
		w("contacts"), w("last contact"), w("owner"))
	for _, h := range r.Direct {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", h.Employee.Name, w("direct"), decimal(h.Strength, *lang), holdingType(h, *lang),
			dash(analysis.LevelName(h.Level, *lang)), h.Contacts, lastContact(h), yes(h.Owner, *lang))
	}
	for _, h := range r.Indirect {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s (%s)\t-\t-\t-\t%s\n", h.Employee.Name, w("via"), decimal(h.Strength, *lang), h.Via.Name,
			relTypeWord(h.ViaType, *lang), yes(h.Owner, *lang))
	}
	if len(r.Direct)+len(r.Indirect) == 0 {
		fmt.Fprintf(tw, w("nobody holds")+"\n", r.Stakeholder.Name)
	}
	switch {
	case r.Owner != nil && r.OwnerLeft:
		fmt.Fprintf(tw, w("owner left")+"\n", r.Owner.Name)
	case r.Owner != nil && !holds(r, r.Owner.ID):
		// "Who owns that relationship?" has an answer even when the owner
		// is not among those who know the stakeholder.
		fmt.Fprintf(tw, w("owner holds nothing")+"\n", r.Owner.Name)
	}
	return tw.Flush()
}

// holds reports whether employee id is among r's holders.
func holds(r *analysis.HoldersResult, id string) bool {
	for _, h := range slices.Concat(r.Direct, r.Indirect) {
		if h.Employee.ID == id {
			return true
		}
	}
	return false
}

// holdingType is how a direct holding holds, in lang: the tie's type, and
// the persons whose contacts count for it ("through Piet (works_at, 6)",
// "via Piet (werkt bij, 6)"; "through Jan (board_member_of, until
// 2026-06-01, 2)" when Jan has left the organisation since), and the
// stronger two-step path that gives its strength ("via Jan (works_at,
// 0.80 × 0.90)").
func holdingType(h analysis.Holding, lang string) string {
	var parts []string
	if h.Type != "" {
		parts = append(parts, relTypeWord(h.Type, lang))
	}
	for _, t := range h.Through {
		if t.Until.IsZero() {
			parts = append(parts, fmt.Sprintf(word("through", lang), t.Person.Name, relTypeWord(t.Type, lang), t.Contacts))
		} else {
			parts = append(parts, fmt.Sprintf(word("through ended", lang), t.Person.Name, relTypeWord(t.Type, lang), t.Until.Format(time.DateOnly), t.Contacts))
		}
	}
	if h.Via != nil && len(h.ViaStrength) == 2 {
		parts = append(parts, fmt.Sprintf(word("stronger via", lang), h.Via.Name, relTypeWord(h.ViaType, lang),
			decimal(h.ViaStrength[0], lang), decimal(h.ViaStrength[1], lang)))
	}
	return dash(strings.Join(parts, "; "))
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func yes(b bool, lang string) string {
	if b {
		return word("yes", lang)
	}
	return ""
}

func lastContact(h analysis.Holding) string {
	if h.LastContact.IsZero() {
		return "-"
	}
	return h.LastContact.Format(time.DateOnly)
}

// runDeparture prints what the network loses if an employee leaves.
func runDeparture(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cfg := dataCommand("departure")
	fs.SetOutput(stderr)
	employee := fs.String("employee", "", "the employee who leaves (id); required")
	var targets, segments listFlag
	fs.Var(&targets, "target", "targets (ids); default: the stakeholders of -segments")
	fs.Var(&segments, "segments", "segments whose stakeholders are checked when no -target is given (default invest,develop,harvest)")
	share := fs.Float64("share", api.DefaultDepartureShare, "report targets whose best path strength falls by more than this share")
	maxHops := fs.Int("max-hops", analysis.DefaultMaxHops, "most ties on a path")
	asJSON := fs.Bool("json", false, "print JSON (as GET /api/v1/departure/{employee})")
	nowV := nowFlag(fs)
	if err := parse(fs, cfg, args, getenv); err != nil {
		return err
	}
	if *employee == "" {
		return usageError{"departure: -employee is required"}
	}
	if len(targets) > 0 && len(segments) > 0 {
		return usageError{"departure: give -target or -segments, not both"}
	}
	now, err := parseNow("departure", *nowV)
	if err != nil {
		return err
	}
	q := analysis.DepartureQuery{Employee: *employee, Targets: targets, MaxHops: *maxHops, Share: *share, Now: now}
	for _, g := range segments {
		q.Segments = append(q.Segments, segment.Segment(g))
	}
	st, snap, err := snapshotAt(ctx, cfg, stderr, now)
	if err != nil {
		return err
	}
	defer st.Close()
	ss, _ := st.(segmentStore) // nil: no segments kept, -target needed
	if ss == nil && len(targets) == 0 {
		return fmt.Errorf("departure: the store keeps no segments; give -target")
	}
	d, err := api.LoadDeparture(ctx, ss, st, snap, q)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(stdout, d)
	}
	checked := fmt.Sprintf("%d targets checked", d.Checked)
	if d.Checked == 1 {
		checked = "1 target checked"
	}
	if d.NotChecked > 0 {
		checked += fmt.Sprintf(", %d not checked", d.NotChecked)
	}
	hops := fmt.Sprintf("%d hops", d.MaxHops)
	if d.MaxHops == 1 {
		hops = "1 hop"
	}
	fmt.Fprintf(stdout, "if %s leaves (%s, %s at most):\n", d.Employee.Name, checked, hops)
	switch {
	case d.Reason != nil:
		fmt.Fprintln(stdout, d.Reason.EN)
	case len(d.Lost)+len(d.Weakened) == 0:
		fmt.Fprintf(stdout, "no target loses its warm path or more than %.0f%% of its strength\n", 100*d.Share)
	default:
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "target\timpact\tbefore\tafter\tdrop\n")
		for _, x := range d.Lost {
			fmt.Fprintf(tw, "%s\tlost\t%.2f\t-\t100%%\n", x.Target.Name, x.Before)
		}
		for _, x := range d.Weakened {
			fmt.Fprintf(tw, "%s\tweakened\t%.2f\t%.2f\t%.0f%%\n", x.Target.Name, x.Before, x.After, 100*x.Drop)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(d.OnlyHolder) > 0 {
		names := make([]string, len(d.OnlyHolder))
		for i, h := range d.OnlyHolder {
			names[i] = h.Stakeholder.Name
		}
		fmt.Fprintf(stdout, "held by %s alone: %s\n", d.Employee.Name, strings.Join(names, ", "))
	}
	if len(d.Owned) > 0 {
		names := make([]string, len(d.Owned))
		for i, o := range d.Owned {
			names[i] = o.Stakeholder.Name
			if o.Segment != "" {
				names[i] += " (" + string(o.Segment) + ")"
			}
		}
		fmt.Fprintf(stdout, "owned by %s, to hand over: %s\n", d.Employee.Name, strings.Join(names, ", "))
	}
	return nil
}
