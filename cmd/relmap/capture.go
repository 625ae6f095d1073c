package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/capture"
	"github.com/relmap/relmap/graph"
)

// runCaptureImport imports a calendar, mail or address-book file (relmap
// import -kind ics|mbox|eml|vcard) into st, as a stream with a progress
// bar on a terminal, and writes one audit entry with the file's digest,
// its items and what was skipped, stored with the import's write (or,
// when nothing was written, after it).
func runCaptureImport(ctx context.Context, st graph.Store, file string, kind capture.Kind, opts capture.Options, asJSON bool, getenv func(string) string, stdout, stderr io.Writer) (err error) {
	prefix := ""
	if opts.DryRun {
		prefix = "dry run: "
	}
	ctx, end := cliAudit(ctx, st, actor(getenv), "import", "", prefix+file+" ("+string(kind)+")")
	defer func() {
		if aerr := end(err); err == nil && aerr != nil {
			err = fmt.Errorf("import: the audit log: %w", aerr)
		}
	}()
	opts.Read = func(r *capture.Report) {
		if e := auth.PendingAudit(ctx); e != nil {
			e.Detail = prefix + r.Summary()
		}
	}
	var in io.Reader = os.Stdin
	size := int64(0)
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil {
			size = fi.Size()
		}
		in = f
	}
	cr := &countingReader{r: in}
	if size > 0 && isTerminal(stderr) {
		bar := progressBar(stderr, "import")
		opts.Progress = func(int) { bar(int(cr.n>>10), int(size>>10)) }
	}
	rep, err := capture.Import(ctx, st, cr, kind, opts)
	if opts.Progress != nil {
		fmt.Fprintln(stderr)
	}
	if err != nil {
		if isInput(err) {
			return reportProblems(stderr, file, err)
		}
		return fmt.Errorf("import: %w", err)
	}
	if asJSON {
		return printJSON(stdout, rep)
	}
	var b bytes.Buffer
	if rep.Dedup != nil {
		if err := rep.Dedup.Write(&b); err != nil {
			return err
		}
	}
	for _, u := range rep.Unknown {
		made := ""
		if u.Person != "" {
			made = " → " + u.Person
		}
		fmt.Fprintf(&b, "unknown: %s %q: %d× from %s to %s%s\n", u.Address, u.Name, u.Count,
			u.First.Format("2006-01-02"), u.Last.Format("2006-01-02"), made)
	}
	fmt.Fprintf(&b, "%s%s\n%s%s\n", prefix, rep.Summary(), prefix, strings.ReplaceAll(summaryLines(rep.Result), "\n", "\n"+prefix))
	if len(rep.Unknown) > 0 && !opts.CreateUnknown {
		fmt.Fprintf(&b, "%d addresses match no stored person; import again with -create-unknown to make persons of them\n", len(rep.Unknown))
	}
	_, err = stdout.Write(b.Bytes())
	return err
}

// countingReader counts the bytes read through it, for the progress bar.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// runCaptureSettings prints the capture settings as JSON, or replaces
// them with a file.
func runCaptureSettings(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, cfg := dataCommand("capture-settings")
	fs.SetOutput(stderr)
	file := fs.String("set", "", "replace the capture settings with this JSON file")
	if err := parse(fs, cfg, args, getenv); err != nil {
		return err
	}
	var c graph.CaptureSettings
	if *file != "" {
		data, err := readFile(*file)
		if err != nil {
			return fmt.Errorf("capture-settings: %w", err)
		}
		if err := graph.DecodeJSON(bytes.TrimPrefix(data, []byte("\uFEFF")), &c); err != nil {
			return reportProblems(stderr, *file, err)
		}
		c.Normalize()
		if err := c.Validate(); err != nil {
			return reportProblems(stderr, *file, err)
		}
	}
	st, err := openStore(ctx, cfg, cfg.logger(stderr))
	if err != nil {
		return err
	}
	defer st.Close()
	cs, ok := st.(graph.CaptureSettingsStore)
	if !ok {
		return errors.New("capture-settings: the store in use keeps no capture settings")
	}
	if *file == "" {
		if c, err = cs.CaptureSettings(ctx); err != nil {
			return fmt.Errorf("capture-settings: %w", err)
		}
		return printJSON(stdout, c)
	}
	actx, end := cliAudit(graph.WithActor(ctx, actor(getenv)), st, actor(getenv), "capture-settings -set", "", c.String())
	err = cs.SaveCaptureSettings(actx, c)
	if aerr := end(err); err == nil && aerr != nil {
		return fmt.Errorf("capture-settings: the audit log: %w", aerr)
	}
	if err != nil {
		return fmt.Errorf("capture-settings: %w", err)
	}
	return printJSON(stdout, c)
}
