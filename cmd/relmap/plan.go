package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/api"
	"github.com/relmap/relmap/graph"
)

// planWords are the column heads and words of "plan" and "action".
var planWords = map[string][2]string{
	"plan":      {"PLAN", "PLAN"},
	"target":    {"TARGET", "DOEL"},
	"aim":       {"AIM", "STREVEN"},
	"strength":  {"STRENGTH", "STERKTE"},
	"progress":  {"PROGRESS", "VOORTGANG"},
	"attention": {"ATTENTION", "AANDACHT"},
	"actions":   {"ACTIONS", "ACTIES"},
	"yes":       {"yes", "ja"},
	"no":        {"no", "nee"},
	"by":        {"by", "uiterlijk"},
	"open":      {"open", "open"},
	"overdue":   {"overdue", "over tijd"},
	"kind":      {"KIND", "SOORT"},
	"assignee":  {"ASSIGNEE", "UITVOERDER"},
	"state":     {"STATE", "STAND"},
	"due":       {"DUE", "UITERLIJK"},
	"id":        {"ID", "ID"},
	"closed":    {"closed", "gesloten"},
}

func pword(key, lang string) string {
	w := planWords[key]
	if lang == "nl" {
		return w[1]
	}
	return w[0]
}

// planStores opens the store with its snapshot as of now and the sources a
// plan is measured from.
func planStores(ctx context.Context, cmd string, cfg *Config, stderr io.Writer, now time.Time) (segmentStore, *analysis.Snapshot, api.PlanSources, error) {
	st, snap, err := policyStores(ctx, cmd, cfg, stderr, now)
	if err != nil {
		return nil, nil, api.PlanSources{}, err
	}
	ps, ok := st.(graph.PlanStore)
	if !ok {
		st.Close()
		return nil, nil, api.PlanSources{}, errors.New(cmd + ": the store in use keeps no plans")
	}
	src := api.PlanSources{Plans: ps, Segments: st, Contacts: st, History: st}
	if is, ok := st.(graph.IntroStore); ok {
		src.Intros = is
	}
	return st, snap, src, nil
}

// runPlan creates, lists, shows, updates and deletes access plans.
func runPlan(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	verb, rest, err := group("plan", args, stderr)
	if err != nil {
		return err
	}
	fs, cfg := dataCommand("plan " + verb)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print JSON")
	var lang, nowV *string
	var in api.PlanInput
	var patch api.PlanPatch
	var aim api.AimInput
	var path string
	var f graph.PlanFilter
	var history bool
	aimFlags := func(a *api.AimInput) {
		fs.StringVar(&a.Segment, "segment", "", "the segment to reach: invest, develop, harvest or ignore")
		fs.Float64Var(&a.Accessibility, "accessibility", 0, "the assessed accessibility to reach (on the scheme's scale)")
		fs.StringVar(&a.By, "by", "", "the day the aim should be reached, YYYY-MM-DD")
	}
	switch verb {
	case "create":
		fs.StringVar(&in.ID, "id", "", "the plan's id (default: a fresh plan-… id)")
		fs.StringVar(&in.TargetID, "target", "", "the person or organisation to reach (required)")
		fs.StringVar(&in.OwnerID, "owner", "", "the employee who answers for the plan (required)")
		aimFlags(&in.Aim)
		fs.StringVar(&in.Route.IntermediaryID, "via", "", "the route: the person to ask for an introduction")
		fs.StringVar(&path, "path", "", "the route: node ids from one of our employees to the target, separated by commas")
		fs.StringVar(&in.Note, "note", "", "a note")
	case "list":
		optFlag(fs, &f.OwnerID, "owner", "only this employee's plans")
		optFlag(fs, &f.TargetID, "target", "only plans for this target")
		fs.Func("state", "only plans in this state: open, achieved or dropped", func(v string) error {
			s := graph.PlanState(v)
			f.State = &s
			return nil
		})
		f.Limit = graph.MaxLimit
		lang, nowV = langFlag(fs, "attention reasons and column heads"), nowFlag(fs)
	case "show":
		lang, nowV = langFlag(fs, "attention reasons"), nowFlag(fs)
		fs.BoolVar(&history, "history", false, "also the target's best warm-path strength over time (a snapshot per point: seconds on a large network)")
	case "update":
		optFlag(fs, &patch.OwnerID, "owner", "hand the plan to this employee")
		optFlag(fs, &patch.Note, "note", "a new note")
		fs.Func("state", "the plan's new state: open, achieved or dropped", func(v string) error {
			s := graph.PlanState(v)
			patch.State = &s
			return nil
		})
		fs.StringVar(&patch.CloseNote, "close-note", "", "why the plan is closed (with -state achieved or dropped)")
		aimFlags(&aim)
		fs.Func("via", "a new route through this person (the path is cleared)", func(v string) error {
			patch.Route = &graph.PlanRoute{IntermediaryID: v}
			return nil
		})
	}
	ids, err := parseArgs(fs, cfg, rest, getenv)
	if err != nil {
		return err
	}
	switch {
	case (verb == "show" || verb == "update" || verb == "delete") && len(ids) != 1:
		return usageError{"plan " + verb + ": give one plan id"}
	case (verb == "create" || verb == "list") && len(ids) != 0:
		return usageError{fmt.Sprintf("plan %s: unexpected argument %q", verb, ids[0])}
	case verb == "update" && (aim.Segment != "" || aim.Accessibility != 0) && aim.By == "":
		return usageError{"plan update: a new aim replaces the old one whole: give -by with -segment and/or -accessibility"}
	}
	if aim.By != "" {
		patch.Aim = &aim
	}
	if lang != nil {
		if err := checkLang("plan "+verb, *lang); err != nil {
			return err
		}
	}
	now := time.Now()
	if nowV != nil {
		if now, err = parseNow("plan "+verb, *nowV); err != nil {
			return err
		}
	}
	st, snap, src, err := planStores(ctx, "plan "+verb, cfg, stderr, now)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx = graph.WithActor(ctx, actor(getenv))
	switch verb {
	case "create":
		if path != "" {
			in.Route.Path = strings.Split(path, ",")
		}
		p, err := api.NewPlan(ctx, in, snap)
		if err != nil {
			return fmt.Errorf("plan create: %w", err)
		}
		actx, end := cliAudit(ctx, st, actor(getenv), "plan create", p.ID, api.PlanDetail(p))
		err = src.Plans.CreatePlan(actx, p)
		if aerr := end(err); err == nil && aerr != nil {
			return fmt.Errorf("plan create: the audit log: %w", aerr)
		}
		if err != nil {
			return fmt.Errorf("plan create: %w", err)
		}
		if *asJSON {
			return printJSON(stdout, p)
		}
		fmt.Fprintf(stdout, "%s: %s for %s, baseline strength %.2f\n", p.ID, p.OwnerID, p.TargetID, p.BaselineStrength)
		return nil
	case "update":
		u, err := api.NewPlanUpdate(patch)
		if err != nil {
			return fmt.Errorf("plan update: %w", err)
		}
		actx, end := cliAudit(ctx, st, actor(getenv), "plan update", ids[0], "plan "+ids[0])
		p, err := src.Plans.UpdatePlan(actx, ids[0], u)
		if aerr := end(err); err == nil && aerr != nil {
			return fmt.Errorf("plan update: the audit log: %w", aerr)
		}
		if err != nil {
			return fmt.Errorf("plan update: %w", err)
		}
		if *asJSON {
			return printJSON(stdout, p)
		}
		fmt.Fprintln(stdout, api.PlanDetail(p))
		return nil
	case "delete":
		actx, end := cliAudit(ctx, st, actor(getenv), "plan delete", ids[0], "plan "+ids[0])
		err := src.Plans.DeletePlan(actx, ids[0])
		if aerr := end(err); err == nil && aerr != nil {
			return fmt.Errorf("plan delete: the audit log: %w", aerr)
		}
		if err != nil {
			return fmt.Errorf("plan delete: %w", err)
		}
		return nil
	case "show":
		if !history {
			src.History = nil
		}
		inputs, err := api.ReadPlanInputs(ctx, src)
		if err != nil {
			return fmt.Errorf("plan show: %w", err)
		}
		b, err := api.LoadPlan(ctx, src, inputs, snap, ids[0], now)
		if err != nil {
			return fmt.Errorf("plan show: %w", err)
		}
		if *asJSON {
			return printJSON(stdout, b)
		}
		printPlan(stdout, b, *lang)
		return nil
	}
	inputs, err := api.ReadPlanInputs(ctx, src)
	if err != nil {
		return fmt.Errorf("plan list: %w", err)
	}
	b, err := api.LoadPlanList(ctx, src, inputs, snap, f, now)
	if err != nil {
		return fmt.Errorf("plan list: %w", err)
	}
	if *asJSON {
		return printJSON(stdout, b)
	}
	l := *lang
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", pword("plan", l), pword("target", l), word("owner", l), pword("aim", l),
		pword("strength", l), pword("progress", l), pword("actions", l), pword("attention", l))
	for _, p := range b.Plans {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", p.Plan.ID, cmp.Or(p.Target.Name, p.Target.ID), cmp.Or(p.Owner.Name, p.Owner.ID),
			aimText(p.Plan.Aim, l), fmt.Sprintf("%.2f (%+.2f)", p.Strength, p.Gain), yesNo(p.Progress, l),
			fmt.Sprintf("%d %s, %d %s", p.Actions.Open, pword("open", l), p.Actions.Overdue, pword("overdue", l)), attentionText(p, l))
	}
	return tw.Flush()
}

func yesNo(b bool, lang string) string {
	if b {
		return pword("yes", lang)
	}
	return pword("no", lang)
}

func aimText(a graph.PlanAim, lang string) string {
	var parts []string
	if a.Segment != "" {
		parts = append(parts, a.Segment)
	}
	if a.Accessibility > 0 {
		parts = append(parts, fmt.Sprintf("≥ %.1f", a.Accessibility))
	}
	return strings.Join(parts, ", ") + " " + pword("by", lang) + " " + a.By.Format(time.DateOnly)
}

func attentionText(p analysis.PlanProgress, lang string) string {
	if p.Plan.State != graph.PlanOpen {
		return string(p.Plan.State)
	}
	var out []string
	for _, a := range p.Attention {
		out = append(out, a.Reason.In(lang))
	}
	return dash(strings.Join(out, "; "))
}

// printPlan prints one plan with its progress and actions as text.
func printPlan(w io.Writer, b api.PlanBody, lang string) {
	p := b.Plan
	fmt.Fprintf(w, "%s: %s → %s (%s), %s\n", p.ID, cmp.Or(b.Owner.Name, b.Owner.ID), cmp.Or(b.Target.Name, b.Target.ID), p.State, aimText(p.Aim, lang))
	fmt.Fprintf(w, "  %s %.2f (%+.2f), %s %s, %s %d\n", strings.ToLower(pword("strength", lang)), b.Strength, b.Gain,
		strings.ToLower(word("segment", lang)), b.Segment.Name(lang), strings.ToLower(word("contacts", lang)), b.Contacts)
	if c := p.Closed; c != nil {
		fmt.Fprintf(w, "  %s %s %s %s\n", pword("closed", lang), c.At.UTC().Format(time.DateOnly), c.By, c.Note)
	}
	if b.Path != nil {
		fmt.Fprintf(w, "  %s\n", b.Path.Explanation.In(lang))
	}
	for _, h := range b.StrengthHistory {
		fmt.Fprintf(w, "  %s %s %s\n", h.At.UTC().Format("2006-01-02 15:04"), strings.ToLower(pword("strength", lang)), analysis.FormatStrength(h.Strength, lang))
	}
	for _, a := range b.Accessibility {
		fmt.Fprintf(w, "  %s %s %.2f %s\n", a.Date.Format(time.DateOnly), strings.ToLower(word("acc", lang)), a.Accessibility, a.Segment.Name(lang))
	}
	for _, r := range b.Intros {
		fmt.Fprintf(w, "  intro %s: %s via %s, %s %s\n", r.ID, r.EmployeeID, r.IntermediaryID, r.State, r.Since.Format(time.DateOnly))
	}
	for _, a := range b.ActionList {
		fmt.Fprintf(w, "  %s %s %s %s %s %s\n", a.ID, a.Kind, a.AssigneeID, a.Due.Format(time.DateOnly), a.State, a.Title)
	}
	for _, a := range b.Attention {
		fmt.Fprintf(w, "  ! %s\n", a.Reason.In(lang))
	}
}

// runAction creates, lists and closes actions, and makes them from advice.
func runAction(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	verb, rest, err := group("action", args, stderr)
	if err != nil {
		return err
	}
	fs, cfg := dataCommand("action " + verb)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print JSON")
	var in api.ActionInput
	var f graph.ActionFilter
	var adv api.AdviceInput
	var codes, stakeholders, state, note string
	switch verb {
	case "create":
		fs.StringVar(&in.ID, "id", "", "the action's id (default: a fresh act-… id)")
		fs.StringVar((*string)(&in.Kind), "kind", "contact", "contact, intensify, raise_level, develop, assign_owner, single_holder, introduction or other")
		fs.StringVar(&in.StakeholderID, "stakeholder", "", "the person or organisation it is about (required)")
		fs.StringVar(&in.AssigneeID, "assignee", "", "the employee who does it (required)")
		fs.StringVar(&in.Due, "due", "", "the day it is due, YYYY-MM-DD (required)")
		fs.StringVar(&in.PlanID, "plan", "", "the plan it belongs to")
		fs.StringVar(&in.Title, "title", "", "what to do")
		fs.StringVar((*string)(&in.Level), "level", "", "for raise_level: the least level of the contact that closes it")
	case "list":
		optFlag(fs, &f.PlanID, "plan", "only this plan's actions")
		optFlag(fs, &f.AssigneeID, "assignee", "only this employee's actions")
		optFlag(fs, &f.StakeholderID, "stakeholder", "only actions about this stakeholder")
		fs.StringVar(&state, "state", "", "only actions in this state: open, done or dropped")
		f.Limit = graph.MaxLimit
	case "close":
		fs.StringVar(&state, "state", "done", "done or dropped")
		fs.StringVar(&note, "note", "", "a note")
	case "from-advice":
		fs.StringVar(&codes, "codes", "", "advice codes to act on, separated by commas (default: intensify,raise_level,assign_owner,develop,single_holder)")
		fs.BoolVar(&adv.Overdue, "overdue", false, "also turn overdue contacts into contact actions")
		fs.StringVar(&stakeholders, "stakeholders", "", "only these stakeholders, separated by commas")
		fs.StringVar(&adv.AssigneeID, "assignee", "", "give the actions to this employee (default: each stakeholder's owner)")
		fs.StringVar(&adv.PlanID, "plan", "", "put the actions in this plan")
		fs.BoolVar(&adv.DryRun, "dry-run", false, "show what would be made; store nothing")
	}
	ids, err := parseArgs(fs, cfg, rest, getenv)
	if err != nil {
		return err
	}
	switch {
	case verb == "close" && len(ids) != 1:
		return usageError{"action close: give one action id"}
	case verb != "close" && len(ids) != 0:
		return usageError{fmt.Sprintf("action %s: unexpected argument %q", verb, ids[0])}
	}
	now := time.Now()
	st, snap, src, err := planStores(ctx, "action "+verb, cfg, stderr, now)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx = graph.WithActor(ctx, actor(getenv))
	show := func(a *graph.Action) error {
		if *asJSON {
			return printJSON(stdout, a)
		}
		fmt.Fprintln(stdout, api.ActionDetail(a))
		return nil
	}
	switch verb {
	case "create":
		a, err := api.NewAction(in)
		if err != nil {
			return fmt.Errorf("action create: %w", err)
		}
		actx, end := cliAudit(ctx, st, actor(getenv), "action create", a.ID, api.ActionDetail(a))
		err = src.Plans.CreateActions(actx, []*graph.Action{a})
		if aerr := end(err); err == nil && aerr != nil {
			return fmt.Errorf("action create: the audit log: %w", aerr)
		}
		if err != nil {
			return fmt.Errorf("action create: %w", err)
		}
		return show(a)
	case "close":
		s := graph.ActionState(state)
		actx, end := cliAudit(ctx, st, actor(getenv), "action close", ids[0], "action "+ids[0]+" → "+state)
		a, err := src.Plans.UpdateAction(actx, ids[0], graph.ActionUpdate{State: &s, Note: note})
		if aerr := end(err); err == nil && aerr != nil {
			return fmt.Errorf("action close: the audit log: %w", aerr)
		}
		if err != nil {
			return fmt.Errorf("action close: %w", err)
		}
		return show(a)
	case "from-advice":
		for _, c := range splitList(codes) {
			adv.Codes = append(adv.Codes, analysis.AdviceCode(c))
		}
		adv.StakeholderIDs = splitList(stakeholders)
		actx, end := cliAudit(ctx, st, actor(getenv), "action from-advice", "", "actions from advice")
		if adv.DryRun {
			actx, end = ctx, func(error) error { return nil }
		}
		res, err := api.MakeAdviceActions(actx, src.Plans, st, st, snap, adv, now)
		if aerr := end(err); err == nil && aerr != nil {
			return fmt.Errorf("action from-advice: the audit log: %w", aerr)
		}
		if err != nil {
			return fmt.Errorf("action from-advice: %w", err)
		}
		if *asJSON {
			return printJSON(stdout, res)
		}
		for _, a := range res.Created {
			fmt.Fprintln(stdout, api.ActionDetail(a))
		}
		for _, s := range res.Skipped {
			fmt.Fprintf(stdout, "skipped %s %s: %s\n", s.Kind, s.StakeholderID, s.Reason.EN)
		}
		return nil
	}
	if state != "" {
		s := graph.ActionState(state)
		f.State = &s
	}
	as, total, err := src.Plans.FindActions(ctx, f)
	if err != nil {
		return fmt.Errorf("action list: %w", err)
	}
	if as == nil {
		as = []*graph.Action{}
	}
	if *asJSON {
		return printJSON(stdout, as)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tSTAKEHOLDER\tASSIGNEE\tDUE\tSTATE\tPLAN\tTITLE")
	for _, a := range as {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", a.ID, a.Kind, a.StakeholderID, a.AssigneeID, a.Due.Format(time.DateOnly), a.State, dash(a.PlanID), a.Title)
	}
	tw.Flush()
	if total > len(as) {
		fmt.Fprintf(stdout, "(%d of %d; raise -limit)\n", len(as), total)
	}
	return nil
}

// splitList splits a comma-separated flag value, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}
