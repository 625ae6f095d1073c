package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/relmap/relmap/graph"
)

// runEmployee records an employee's end of employment (employee end) or
// deletes an employee (employee delete).
func runEmployee(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	verb, rest, err := group("employee", args, stderr)
	if err != nil {
		return err
	}
	fs, cfg := dataCommand("employee " + verb)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print JSON")
	var (
		date         *string
		clear, force *bool
	)
	if verb == "end" {
		date = fs.String("date", "", "the employee's last day of employment, YYYY-MM-DD or DD-MM-YYYY")
		clear = fs.Bool("clear", false, "take the end of employment back: employed again")
	} else {
		force = fs.Bool("force", false, "delete even an employee with logged contacts or owned records: their history is lost (written to the audit log)")
	}
	ids, err := parseArgs(fs, cfg, rest, getenv)
	if err != nil {
		return err
	}
	if len(ids) != 1 {
		return usageError{"employee " + verb + ": give one employee id"}
	}
	id := ids[0]
	var end time.Time
	if verb == "end" {
		switch {
		case (*date == "") == !*clear:
			return usageError{"employee end: give -date YYYY-MM-DD or -clear"}
		case *date != "":
			if end, err = parseDay(*date); err != nil {
				return usageError{"employee end: -date: " + err.Error()}
			}
		}
	}
	st, err := openStore(ctx, cfg, cfg.logger(stderr))
	if err != nil {
		return err
	}
	defer st.Close()
	who := actor(getenv)
	ctx = graph.WithActor(ctx, who)
	if verb == "end" {
		return endEmployment(ctx, st, who, id, end, *asJSON, stdout, stderr)
	}
	// The store gives the audit entry what the delete took.
	actx, done := cliAudit(ctx, st, who, "employee delete", id, "")
	d, err := st.DeleteEmployee(actx, id, graph.DeleteOptions{Force: *force})
	if aerr := done(err); aerr != nil {
		fmt.Fprintf(stderr, "employee delete: the audit log failed: %v\n", aerr)
	}
	if graph.ErrorCode(err) == graph.ECONFLICT {
		return fmt.Errorf("employee delete: %s (relmap employee end %s -date D keeps their history; relmap handover -from %s -to ID moves what they own; -force deletes)",
			graph.ErrorMessage(err), id, id)
	}
	if err != nil {
		return fmt.Errorf("employee delete: %w", err)
	}
	if *asJSON {
		return printJSON(stdout, d)
	}
	fmt.Fprintf(stdout, "%s: %s\n", id, d.Summary())
	return nil
}

// EmploymentBody is what "relmap employee end -json" prints: the employee
// as stored and what they still own.
type EmploymentBody struct {
	Employee *graph.Employee `json:"employee"`
	// Owns counts the organisations and persons the employee still owns,
	// to hand over.
	Owns struct {
		Organisations int `json:"organisations"`
		Persons       int `json:"persons"`
	} `json:"owns"`
}

// endEmployment sets (or, for the zero end, clears) the employee's end of
// employment and says what they still own.
func endEmployment(ctx context.Context, st graph.Store, who, id string, end time.Time, asJSON bool, stdout, stderr io.Writer) error {
	detail := "end cleared"
	if !end.IsZero() {
		detail = "end " + end.Format(time.DateOnly)
	}
	actx, done := cliAudit(ctx, st, who, "employee end", id, detail)
	e, err := st.UpdateEmployee(actx, id, graph.EmployeeUpdate{End: &end})
	if aerr := done(err); err == nil && aerr != nil {
		return fmt.Errorf("employee end: the audit log: %w", aerr)
	}
	if err != nil {
		if isInput(err) {
			return reportProblems(stderr, "employee end", err)
		}
		return fmt.Errorf("employee end: %w", err)
	}
	var b EmploymentBody
	b.Employee = e
	_, b.Owns.Organisations, err = st.FindOrganisations(ctx, graph.NodeFilter{OwnerID: &id, Page: graph.Page{Limit: 1}})
	if err == nil {
		_, b.Owns.Persons, err = st.FindPersons(ctx, graph.NodeFilter{OwnerID: &id, Page: graph.Page{Limit: 1}})
	}
	if err != nil {
		return fmt.Errorf("employee end: %w", err)
	}
	if asJSON {
		return printJSON(stdout, b)
	}
	if e.End.IsZero() {
		fmt.Fprintf(stdout, "%s is employed again: no end of employment\n", id)
		return nil
	}
	fmt.Fprintf(stdout, "%s: last day of employment %s; from %s they start no warm path and hold no relationship, their ties and contacts stay as history\n",
		id, e.End.Format(time.DateOnly), e.End.AddDate(0, 0, 1).Format(time.DateOnly))
	if b.Owns.Organisations+b.Owns.Persons > 0 {
		fmt.Fprintf(stdout, "%s still owns %s: hand them over with relmap handover -from %s -to ID\n", id,
			strings.Join(ownedCounts(b.Owns.Organisations, b.Owns.Persons), " and "), id)
	}
	return nil
}

// ownedCounts says how many organisations and persons, leaving out a zero.
func ownedCounts(orgs, persons int) []string {
	var out []string
	if orgs > 0 {
		out = append(out, graph.Plural(orgs, "organisation", "organisations"))
	}
	if persons > 0 {
		out = append(out, graph.Plural(persons, "person", "persons"))
	}
	return out
}

// runHandover makes a colleague the owner of everything an employee owns.
func runHandover(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cfg := dataCommand("handover")
	fs.SetOutput(stderr)
	from := fs.String("from", "", "the employee handing over (id); required")
	to := fs.String("to", "", "the colleague who becomes the owner (id); required")
	asJSON := fs.Bool("json", false, "print what moved as JSON (as POST /api/v1/employees/{id}/handover)")
	if err := parse(fs, cfg, args, getenv); err != nil {
		return err
	}
	if *from == "" || *to == "" {
		return usageError{"handover: give -from ID and -to ID"}
	}
	st, err := openStore(ctx, cfg, cfg.logger(stderr))
	if err != nil {
		return err
	}
	defer st.Close()
	who := actor(getenv)
	ctx = graph.WithActor(ctx, who)
	// The store gives the audit entry what moved.
	actx, end := cliAudit(ctx, st, who, "handover", *from, "")
	h, err := st.Handover(actx, *from, *to)
	if aerr := end(err); aerr != nil {
		fmt.Fprintf(stderr, "handover: the audit log failed: %v\n", aerr)
	}
	if err != nil {
		if isInput(err) {
			return reportProblems(stderr, "handover", err)
		}
		return fmt.Errorf("handover: %w", err)
	}
	if *asJSON {
		return printJSON(stdout, h)
	}
	fmt.Fprintln(stdout, h.Summary())
	if h.Moved() > 0 {
		fmt.Fprintf(stdout, "  %s\n", strings.Join(append(append([]string{}, h.Organisations...), h.Persons...), ", "))
	}
	return nil
}
