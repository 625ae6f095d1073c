package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/relmap/relmap/api"
	"github.com/relmap/relmap/exchange"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// maxAssessFileSize bounds an assessment CSV file (64 MiB: about a million
// rows).
const maxAssessFileSize = 64 << 20

// runAssess records scores: one from flags, or a CSV file of them, all or
// nothing.
func runAssess(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cfg := dataCommand("assess")
	fs.SetOutput(stderr)
	var in struct{ stakeholder, criterion, date, assessor, comment, csv string }
	var score int
	fs.StringVar(&in.stakeholder, "stakeholder", "", "id of the organisation or person assessed")
	fs.StringVar(&in.criterion, "criterion", "", "id of the criterion (see relmap scheme)")
	fs.IntVar(&score, "score", 0, "the score, on the scheme's scale (1–5 by default)")
	fs.StringVar(&in.date, "date", "", "date of the assessment, YYYY-MM-DD (default today, UTC)")
	fs.StringVar(&in.assessor, "assessor", "", "who gave the score, e.g. an employee id")
	fs.StringVar(&in.comment, "comment", "", "why this score")
	fs.StringVar(&in.csv, "csv", "", "record every row of this CSV file instead: columns stakeholder_id, criterion_id, score, date and optionally assessor, comment, id")
	dryRun := fs.Bool("dry-run", false, "validate and count, but store nothing")
	if err := parse(fs, cfg, args, getenv); err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	var (
		as    []*segment.Assessment
		lines []int // the file line of each assessment
		errs  graph.Errors
		what  = "assess"
	)
	if in.csv != "" {
		for _, name := range []string{"stakeholder", "criterion", "score", "date", "assessor", "comment"} {
			if set[name] {
				return usageError{fmt.Sprintf("assess: -%s cannot be combined with -csv", name)}
			}
		}
		data, err := readFile(in.csv)
		if err != nil {
			return fmt.Errorf("assess: %w", err)
		}
		as, lines, errs = parseAssessCSV(data)
		what = in.csv
	} else {
		for _, name := range []string{"stakeholder", "criterion", "score"} {
			if !set[name] {
				return usageError{fmt.Sprintf("assess: -%s is required (or give -csv FILE)", name)}
			}
		}
		d := time.Now().UTC()
		date := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
		if in.date != "" {
			t, err := parseDay(in.date)
			if err != nil {
				return usageError{fmt.Sprintf("assess: -date: %v", err)}
			}
			date = t
		}
		as = []*segment.Assessment{{
			StakeholderID: in.stakeholder, CriterionID: in.criterion, Score: score,
			Date: date, Assessor: in.assessor, Comment: in.comment,
		}}
	}

	st, err := openSegmentStore(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx = graph.WithActor(ctx, actor(getenv))

	// The whole file first: a dry run finds what the store objects to in
	// the rows that parsed, so that every problem is reported at once.
	if len(errs) > 0 || (*dryRun && len(as) > 0) {
		counts, err := st.UpsertAssessments(ctx, as, graph.UpsertOptions{DryRun: true})
		if err != nil && !isInput(err) {
			return fmt.Errorf("assess: %w", err)
		}
		errs = mergeProblems(errs, err, lines)
		if len(errs) > 0 {
			return reportProblems(stderr, what, errs)
		}
		fmt.Fprintf(stdout, "dry run: %s\n", countsLine(counts))
		return nil
	}
	if len(as) == 0 {
		return fmt.Errorf("%s: no assessments in the file", what)
	}
	actx, end := cliAudit(ctx, st, actor(getenv), "assess", in.stakeholder, fmt.Sprintf("%s: %d assessments", what, len(as)))
	counts, err := st.UpsertAssessments(actx, as, graph.UpsertOptions{})
	if aerr := end(err); err == nil && aerr != nil {
		return fmt.Errorf("assess: the audit log: %w", aerr)
	}
	if err != nil {
		if isInput(err) {
			return reportProblems(stderr, what, mergeProblems(nil, err, lines))
		}
		return fmt.Errorf("assess: %w", err)
	}
	fmt.Fprintf(stdout, "assessments: %s\n", countsLine(counts))
	return nil
}

func countsLine(c graph.Counts) string {
	return fmt.Sprintf("%d created, %d updated, %d unchanged", c.Created, c.Updated, c.Unchanged)
}

// actor names the user of the command line in the audit fields.
func actor(getenv func(string) string) string {
	if u := getenv("USER"); u != "" {
		return "cli:" + u
	}
	return "cli"
}

// isInput reports whether err is about the input (and so is reported as
// problems) rather than a failure of the store.
func isInput(err error) bool {
	switch graph.ErrorCode(err) {
	case graph.EINVALID, graph.ENOTFOUND, graph.ECONFLICT:
		return true
	}
	return false
}

func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxAssessFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxAssessFileSize {
		return nil, fmt.Errorf("%s is larger than %d MiB", path, maxAssessFileSize>>20)
	}
	return data, nil
}

// parseDay reads a calendar day as YYYY-MM-DD, or as D-M-YYYY (the Dutch
// order spreadsheets write), or an RFC 3339 instant.
func parseDay(s string) (time.Time, error) {
	if t, err := time.Parse("2-1-2006", s); err == nil {
		return t, nil
	}
	if t, err := api.ParseDate(s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is not a date (YYYY-MM-DD or DD-MM-YYYY)", s)
}

// assessColumns are the columns of an assessment file.
var assessColumns = []exchange.Column{
	{Name: "stakeholder_id", Required: true},
	{Name: "criterion_id", Required: true},
	{Name: "score", Required: true},
	{Name: "date", Required: true},
	{Name: "assessor"},
	{Name: "comment"},
	{Name: "id"},
}

// parseAssessCSV reads an assessment file with exchange.CSVReader (a
// header row naming the columns in any order and case, ',' or ';', an
// optional byte order mark), then one assessment per row. It returns the
// assessments of the rows that parsed, the line of each, and a problem for
// every row or cell that did not (Item "line N", Field the column).
func parseAssessCSV(data []byte) ([]*segment.Assessment, []int, graph.Errors) {
	r, err := exchange.NewCSVReader(data, assessColumns)
	if err != nil {
		var es graph.Errors
		errors.As(err, &es)
		return nil, nil, es
	}
	var (
		errs  graph.Errors
		out   []*segment.Assessment
		lines []int
	)
	for {
		row, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var e *graph.Error
			errors.As(err, &e)
			errs = append(errs, e)
			continue
		}
		line, get := row.Line, row.Get
		a := &segment.Assessment{
			ID: get("id"), StakeholderID: get("stakeholder_id"), CriterionID: get("criterion_id"),
			Assessor: get("assessor"), Comment: get("comment"),
		}
		ok := true
		if s := get("score"); s == "" {
			errs = append(errs, exchange.Problem(line, "score", "is required"))
			ok = false
		} else if n, err := strconv.Atoi(s); err != nil {
			errs = append(errs, exchange.Problem(line, "score", "%q is not a whole number", s))
			ok = false
		} else {
			a.Score = n
		}
		if s := get("date"); s == "" {
			errs = append(errs, exchange.Problem(line, "date", "is required"))
			ok = false
		} else if t, err := parseDay(s); err != nil {
			errs = append(errs, exchange.Problem(line, "date", "%v", err))
			ok = false
		} else {
			a.Date = t
		}
		if ok {
			out = append(out, a)
			lines = append(lines, line)
		}
	}
	return out, lines, errs
}

// mergeProblems adds the problems of a store error to those of parsing,
// with "assessments[i]" rewritten as the line of the i-th assessment,
// ordered by line (see exchange.AtLines).
func mergeProblems(parsed graph.Errors, err error, lines []int) graph.Errors {
	return exchange.AtLines(parsed, err, "assessments", lines)
}
