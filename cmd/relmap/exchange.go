package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/api"
	"github.com/relmap/relmap/capture"
	"github.com/relmap/relmap/exchange"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// progressRows is the size from which import reports progress on stderr.
const progressRows = 10000

// runImport imports one file, all or nothing: a CSV file of one kind of
// record, or a JSON document written by relmap export. The import is in
// the audit log, stored with the import's write (or, when nothing was
// written, after it).
func runImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) (err error) {
	fs, cfg := dataCommand("import")
	fs.SetOutput(stderr)
	kindFlag := fs.String("kind", "", "what the file holds: "+kindNames()+", json, linkedin, or a calendar, mail or address book to capture: ics, mbox, eml or vcard (default: detected from the file; linkedin and the capture kinds must be named)")
	createUnknown := fs.Bool("create-unknown", false, "with -kind ics, mbox or eml: make persons of external addresses that match no stored person (without it they are only listed)")
	employee := fs.String("employee", "", "with -kind linkedin: the id of the employee whose Connections.csv it is")
	strength := fs.Float64("strength", exchange.DefaultKnowsStrength, "with -kind linkedin: the strength of the knows tie from the employee to each connection")
	dryRun := fs.Bool("dry-run", false, "validate and count what would be created, updated and left alone, but store nothing")
	asJSON := fs.Bool("json", false, "print the counts as JSON")
	files, err := parseArgs(fs, cfg, args, getenv)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usageError{"import: give one file to import"}
	}
	file := files[0]
	if ck, ok := capture.ParseKind(*kindFlag); ok {
		if *employee != "" || flagSet(fs, "strength") {
			return usageError{"import: -employee and -strength go with -kind linkedin only"}
		}
		st, err := openStore(ctx, cfg, cfg.logger(stderr))
		if err != nil {
			return err
		}
		defer st.Close()
		ctx = graph.WithActor(ctx, actor(getenv))
		return runCaptureImport(ctx, st, file, ck, capture.Options{DryRun: *dryRun, CreateUnknown: *createUnknown}, *asJSON, getenv, stdout, stderr)
	}
	if *createUnknown {
		return usageError{"import: -create-unknown goes with -kind ics, mbox or eml only"}
	}
	var kind exchange.Kind
	if strings.EqualFold(strings.TrimSpace(*kindFlag), string(exchange.LinkedIn)) {
		kind = exchange.LinkedIn
		if *employee == "" {
			return usageError{"import: -kind linkedin needs -employee ID"}
		}
		if *strength <= 0 || *strength > 1 {
			return usageError{fmt.Sprintf("import: -strength %v is not in (0,1]", *strength)}
		}
	} else if *employee != "" || flagSet(fs, "strength") {
		return usageError{"import: -employee and -strength go with -kind linkedin only"}
	} else if *kindFlag != "" {
		if kind, err = exchange.ParseKind(*kindFlag); err != nil {
			return usageError{"import: -kind " + graph.ErrorMessage(err)}
		}
	}
	// A CSV file is streamed; standard input, LinkedIn exports and JSON
	// documents are read whole (up to maxAssessFileSize).
	var data []byte
	var csvFile *os.File
	if file != "-" && kind != exchange.LinkedIn && kind != exchange.JSON {
		f, isJSON, err := openCSVFile(file, kind == "")
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		if isJSON {
			kind = exchange.JSON
		} else {
			defer f.Close()
			csvFile = f
		}
	}
	if csvFile == nil {
		if data, err = readInput(file); err != nil {
			return fmt.Errorf("import: %w", err)
		}
		if kind == "" && exchange.DetectKindJSON(data) {
			kind = exchange.JSON
		}
	}

	st, err := openStore(ctx, cfg, cfg.logger(stderr))
	if err != nil {
		return err
	}
	defer st.Close()
	ctx = graph.WithActor(ctx, actor(getenv))
	prefix := ""
	if *dryRun {
		prefix = "dry run: "
	}
	detail := file
	if kind != "" {
		detail += " (" + string(kind) + ")"
	}
	ctx, end := cliAudit(ctx, st, actor(getenv), "import", "", prefix+detail)
	defer func() {
		if aerr := end(err); err == nil && aerr != nil {
			err = fmt.Errorf("import: the audit log: %w", aerr)
		}
	}()

	if kind == exchange.LinkedIn {
		dedup, res, err := exchange.ImportLinkedIn(ctx, st, data, *employee, exchange.LinkedInOptions{KnowsStrength: *strength, DryRun: *dryRun})
		if err != nil {
			if isInput(err) {
				return reportProblems(stderr, file, err)
			}
			return fmt.Errorf("import: %w", err)
		}
		if *asJSON {
			return printJSON(stdout, struct {
				*graph.UpsertResult
				Dedup *graph.Dedup `json:"dedup"`
			}{res, dedup})
		}
		if err := dedup.Write(stdout); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%slinkedin: %s\n%s%s\n", prefix, dedup.Summary(), prefix, strings.ReplaceAll(summaryLines(res), "\n", "\n"+prefix))
		return nil
	}

	if kind == exchange.JSON {
		doc, err := exchange.ReadJSON(bytes.NewReader(data))
		if err != nil {
			return reportProblems(stderr, file, err)
		}
		if n := doc.Len(); n > progressRows {
			fmt.Fprintf(stderr, "import: validating and writing %d records…\n", n)
		}
		res, err := exchange.Import(ctx, st, doc, graph.UpsertOptions{DryRun: *dryRun})
		if err != nil {
			if isInput(err) {
				return reportProblems(stderr, file, err)
			}
			return fmt.Errorf("import: %w", err)
		}
		if *asJSON {
			return printJSON(stdout, res)
		}
		fmt.Fprintln(stdout, prefix+strings.ReplaceAll(summaryLines(&res.UpsertResult), "\n", "\n"+prefix))
		if doc.Segmented() {
			fmt.Fprintf(stdout, "%sassessments: %s; scheme %s; policies %s\n", prefix, countsLine(res.Assessments), changed(res.SchemeChanged), changed(res.PoliciesChanged))
		}
		if len(doc.Suppressions) > 0 {
			fmt.Fprintf(stdout, "%ssuppression list: %d added, %d on it already\n", prefix, res.Suppressions.Created, res.Suppressions.Unchanged)
		}
		if len(doc.Intros) > 0 {
			fmt.Fprintf(stdout, "%sintroduction requests: %s\n", prefix, countsLine(res.Intros))
		}
		if len(doc.Plans) > 0 {
			fmt.Fprintf(stdout, "%splans: %s\n", prefix, countsLine(res.Plans))
		}
		if len(doc.Actions) > 0 {
			fmt.Fprintf(stdout, "%sactions: %s\n", prefix, countsLine(res.Actions))
		}
		return nil
	}

	opts := exchange.ImportOptions{Kind: kind, DryRun: *dryRun}
	var in io.Reader = bytes.NewReader(data)
	lines := bytes.Count(data, []byte{'\n'})
	if csvFile != nil {
		if lines, err = countLines(csvFile); err != nil {
			return fmt.Errorf("import: %w", err)
		}
		in = csvFile
	}
	var prog *importProgress
	if lines > progressRows {
		prog = newImportProgress(stderr, lines, isTerminal(stderr), time.Now)
		opts.Progress = prog.update
	}
	cb, res, err := exchange.ImportCSVFrom(ctx, st, in, opts)
	if prog != nil {
		rows := -1 // unknown: the rows read so far
		if res != nil {
			c := kindCounts(res, cb.Kind)
			rows = c.Created + c.Updated + c.Unchanged
		}
		prog.finish(rows, err == nil)
	}
	if err != nil {
		if isInput(err) {
			return reportProblems(stderr, file, err)
		}
		return fmt.Errorf("import: %w", err)
	}
	if *asJSON {
		return printJSON(stdout, res)
	}
	fmt.Fprintf(stdout, "%s%s: %s\n", prefix, cb.Kind, countsLine(kindCounts(res, cb.Kind)))
	return nil
}

// runExport writes the store (or, for graph files, its network) to a file
// or standard output.
func runExport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cfg := dataCommand("export")
	fs.SetOutput(stderr)
	format := fs.String("format", "json", "json (everything, re-importable), csv (one -kind), graphml or gexf (the network, for Gephi or Cytoscape)")
	kindFlag := fs.String("kind", "", "with -format csv: "+kindNames())
	outFile := fs.String("o", "", "write to this file instead of standard output")
	if err := parse(fs, cfg, args, getenv); err != nil {
		return err
	}
	var kind exchange.Kind
	switch *format {
	case "csv":
		k, err := exchange.ParseKind(*kindFlag)
		if *kindFlag == "" || err != nil || k == exchange.JSON {
			return usageError{"export: -format csv needs -kind " + kindNames()}
		}
		kind = k
	case "json", "graphml", "gexf":
		if *kindFlag != "" {
			return usageError{"export: -kind goes with -format csv only"}
		}
	default:
		return usageError{fmt.Sprintf("export: -format %q is not json, csv, graphml or gexf", *format)}
	}

	st, err := openStore(ctx, cfg, cfg.logger(stderr))
	if err != nil {
		return err
	}
	defer st.Close()

	detail := *format
	if kind != "" {
		detail += " " + string(kind)
	}
	if *outFile != "" && *outFile != "-" {
		detail += " to " + *outFile
	}
	ctx, end := cliAudit(ctx, st, actor(getenv), "export", "", detail)
	writeExport := func(w io.Writer) error {
		switch *format {
		case "json":
			return exchange.WriteJSON(ctx, w, st)
		case "csv":
			return exchange.WriteCSV(ctx, w, st, kind)
		}
		n, err := graph.ReadNetwork(ctx, st)
		if err != nil {
			return err
		}
		var m *segment.Matrix
		if ss, ok := st.(segmentStore); ok {
			if m, err = api.LoadMatrix(ctx, ss, time.Time{}); err != nil {
				return err
			}
		}
		if *format == "graphml" {
			return exchange.WriteGraphML(w, n, m)
		}
		return exchange.WriteGEXF(w, n, m)
	}
	// The export is in the audit log once it is read and written out;
	// into a file, it is not kept when the entry cannot be stored.
	write := func(w io.Writer) error {
		err := writeExport(w)
		if aerr := end(err); err == nil && aerr != nil {
			return fmt.Errorf("the audit log: %w", aerr)
		}
		return err
	}
	if *outFile == "" || *outFile == "-" {
		if err := write(stdout); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		return nil
	}
	if err := writeAtomic(*outFile, write); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// writeAtomic writes a file through a temporary file in the same directory,
// so that a failed export leaves no half file behind.
func writeAtomic(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// parseArgs is parse for commands that take file arguments: flags and files
// may come in any order.
func parseArgs(fs *flag.FlagSet, cfg *Config, args []string, getenv func(string) string) ([]string, error) {
	if err := cfg.loadEnv(getenv); err != nil {
		return nil, usageError{err.Error()}
	}
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err.Error()}
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if err := cfg.Validate(); err != nil {
		return nil, usageError{err.Error()}
	}
	return files, nil
}

// openCSVFile opens a CSV file to stream it. With detect it looks at the
// start of the file, as exchange.DetectKind does, and when that is a JSON
// document it closes the file and reports isJSON (JSON is read whole).
func openCSVFile(path string, detect bool) (f *os.File, isJSON bool, err error) {
	if f, err = os.Open(path); err != nil || !detect {
		return f, false, err
	}
	head := make([]byte, 4096)
	n, err := io.ReadFull(f, head)
	if err == nil || err == io.EOF || err == io.ErrUnexpectedEOF {
		if exchange.DetectKindJSON(head[:n]) {
			return nil, true, f.Close()
		}
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return nil, false, err
	}
	return f, false, nil
}

// countLines counts the newlines of f, for the progress bar, and rewinds
// it.
func countLines(f *os.File) (int, error) {
	buf := make([]byte, 256<<10)
	n := 0
	for {
		m, err := f.Read(buf)
		n += bytes.Count(buf[:m], []byte{'\n'})
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, err
		}
	}
	_, err := f.Seek(0, io.SeekStart)
	return n, err
}

// readInput reads a file, or standard input for "-", up to the size limit
// of readFile.
func readInput(path string) ([]byte, error) {
	if path != "-" {
		return readFile(path)
	}
	data, err := io.ReadAll(io.LimitReader(os.Stdin, maxAssessFileSize+1))
	if err == nil && len(data) > maxAssessFileSize {
		err = fmt.Errorf("standard input is larger than %d MiB", maxAssessFileSize>>20)
	}
	return data, err
}

func kindNames() string {
	var ss []string
	for _, k := range exchange.CSVKinds {
		ss = append(ss, string(k))
	}
	return strings.Join(ss, ", ")
}

func kindCounts(r *graph.UpsertResult, k exchange.Kind) graph.Counts {
	switch k {
	case exchange.Employees:
		return r.Employees
	case exchange.Organisations:
		return r.Organisations
	case exchange.Persons:
		return r.Persons
	case exchange.Relationships:
		return r.Relationships
	}
	return r.Contacts
}

// flagSet reports whether the flag was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// summaryLines prints the counts of every kind, one kind a line.
func summaryLines(r *graph.UpsertResult) string {
	var lines []string
	for _, k := range exchange.CSVKinds {
		lines = append(lines, fmt.Sprintf("%s: %s", k, countsLine(kindCounts(r, k))))
	}
	return strings.Join(lines, "\n")
}

func changed(b bool) string {
	if b {
		return "changed"
	}
	return "unchanged"
}

// importProgress shows how far a long CSV import is on w (standard error):
// a bar redrawn in place when w is a terminal (progressBar), otherwise a
// plain line at every tenth of the file, and at the end a summary of the rows and the
// time taken. total is the number of lines of the file, which bounds the
// number of rows (the header and blank lines are lines too, so the bar
// may end a little short of 100% before finish completes it).
type importProgress struct {
	w       io.Writer
	total   int
	bar     analysis.ProgressFunc // nil when w is no terminal
	now     func() time.Time
	start   time.Time
	rows    int
	lastTen int // the last tenth reported in plain lines
}

func newImportProgress(w io.Writer, total int, terminal bool, now func() time.Time) *importProgress {
	p := &importProgress{w: w, total: total, now: now, start: now()}
	if terminal {
		p.bar = progressBar(w, "import")
	}
	return p
}

// update is exchange.ImportOptions.Progress: rows read so far (the
// "writing" phase reports the records about to be written).
func (p *importProgress) update(phase string, rows int) {
	if phase == "writing" {
		if p.bar == nil {
			fmt.Fprintf(p.w, "import: writing %d records…\n", rows)
		}
		return
	}
	p.rows = rows
	done := min(rows, p.total)
	if p.bar != nil {
		p.bar(done, p.total)
		return
	}
	if ten := done * 10 / p.total; ten > p.lastTen {
		p.lastTen = ten
		fmt.Fprintf(p.w, "import: %d of about %d rows (%d%%)\n", rows, p.total-1, done*100/p.total)
	}
}

// finish completes the bar and prints the summary line with rows, or the
// rows read so far when rows is negative.
func (p *importProgress) finish(rows int, ok bool) {
	if rows >= 0 {
		p.rows = rows
	}
	if p.bar != nil {
		if ok {
			p.bar(p.total, p.total) // ends the line
		} else {
			fmt.Fprintln(p.w)
		}
	}
	d := p.now().Sub(p.start)
	state := "done"
	if !ok {
		state = "stopped"
	}
	rate := ""
	if secs := d.Seconds(); secs > 0 && p.rows > 0 {
		rate = fmt.Sprintf(", %.0f rows/s", float64(p.rows)/secs)
	}
	fmt.Fprintf(p.w, "import: %s: %d rows read in %s%s\n", state, p.rows, d.Round(time.Millisecond), rate)
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
