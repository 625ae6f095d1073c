package exchange

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// CSVBatch is a CSV file read into a batch of one kind of record.
type CSVBatch struct {
	Kind  Kind
	Batch *graph.Batch
	// Lines holds the file line of each record of Batch's one section.
	Lines []int
}

// ReadCSV reads a CSV file of kind k (detected from the header when k is
// empty; see KindOfHeader) into a batch. The columns of each kind are
// Columns(k); strengths accept a decimal comma, booleans true/false,
// yes/no, ja/nee or 1/0, dates YYYY-MM-DD or DD-MM-YYYY. Every row that
// reads is in the batch; every problem (a cell that does not read, a row
// with the wrong number of fields, a bad header) is in the returned
// graph.Errors, each with Item "line N" and Field the column. The records
// themselves are not validated here: graph.PlanUpsert does that when the
// batch is upserted (see ImportCSV). progress, when not nil, is called
// with the number of rows read after every 10,000 rows.
func ReadCSV(data []byte, k Kind, progress func(rows int)) (*CSVBatch, graph.Errors) {
	r, k, err := openCSV(bytes.NewReader(data), k)
	if err != nil {
		return nil, asErrors(err)
	}
	pr := &partReader{r: r, f: formats[k], progress: progress}
	p, err := pr.read(0)
	if err != nil { // not from a bytes.Reader
		return nil, asErrors(err)
	}
	return &CSVBatch{Kind: k, Batch: p.batch, Lines: p.lines}, p.errs
}

// openCSV reads the header of a CSV file of kind k (detected from its
// start when empty) from r. Its error is graph.Errors (uncapped), or r's.
func openCSV(r io.Reader, k Kind) (*CSVReader, Kind, error) {
	src, err := sniff(r)
	if err != nil {
		return nil, "", err
	}
	if k == "" {
		if k, err = DetectKind(src.head); err != nil {
			if !src.text {
				_, err = newCSVReader(src, nil) // the empty-file message
			}
			return nil, "", asErrors(err)
		}
	}
	f, ok := formats[k]
	if !ok {
		return nil, "", graph.Errors{graph.Invalid("kind", "%q has no CSV format (one of %s)", k, joinKinds(CSVKinds))}
	}
	cr, err := newCSVReader(src, f.columns())
	if err != nil {
		return nil, "", err
	}
	return cr, k, nil
}

// asErrors returns the graph errors of err, or err as an EINTERNAL one.
func asErrors(err error) graph.Errors {
	if es := inputErrors(err); es != nil {
		return es
	}
	return graph.Errors{{Code: graph.EINTERNAL, Message: err.Error()}}
}

// inputErrors returns the graph errors of err, or nil when it holds none.
func inputErrors(err error) graph.Errors {
	var es graph.Errors
	var e *graph.Error
	switch {
	case errors.As(err, &es):
		return es
	case errors.As(err, &e):
		return graph.Errors{e}
	}
	return nil
}

// ImportOptions modify ImportCSV.
type ImportOptions struct {
	// Kind is the kind of file; empty detects it from the header.
	Kind Kind
	// DryRun validates and counts what would be created, updated and left
	// alone, and writes nothing.
	DryRun bool
	// PartRows, when positive, replaces PartRows: how many rows a
	// segment.Importer gets at a time.
	PartRows int
	// Progress, when not nil, is told how far the import is: the rows read
	// (every 10,000 rows, phase "reading") and, for a file of one part,
	// the records about to be written (phase "writing").
	Progress func(phase string, rows int)
}

// ImportCSV imports a CSV file of one kind of record into s, all or
// nothing: only a file without problems is stored, and every problem of
// the file is reported. Records are matched by id, so re-importing a file
// changes nothing. It is ImportCSVFrom for a file in memory.
//
// Problems are returned as graph.Errors, at most MaxProblems (plus one
// saying how many more there were), each with Item "line N", Field the
// column and a message that quotes the value. They include what the store
// objects to (unknown references, duplicate ids, ids of another kind,
// values out of range: graph.PlanUpsert's errors, mapped from
// "relationships[3]" to the record's line), also when other rows did not
// read. ErrorCode of the error is EINVALID, or ECONFLICT when the first
// problem is an id clash with stored data. Other errors are the store's.
func ImportCSV(ctx context.Context, s graph.Store, data []byte, opts ImportOptions) (*CSVBatch, *graph.UpsertResult, error) {
	return ImportCSVFrom(ctx, s, bytes.NewReader(data), opts)
}

// ImportCSVFrom imports a CSV file read from r as ImportCSV does, reading
// it once, as a stream. A file of up to opts.PartRows rows (or any file,
// when s is no segment.Importer) is read whole and written in one
// Store.Upsert; the CSVBatch then holds its records. A longer file goes to
// the store's Importer in parts of opts.PartRows rows, in one transaction,
// so that memory holds one part, not the file (see the package
// documentation: Imports are all or nothing); its CSVBatch holds only the
// kind. Errors of r are returned wrapped.
func ImportCSVFrom(ctx context.Context, s graph.Store, r io.Reader, opts ImportOptions) (*CSVBatch, *graph.UpsertResult, error) {
	if opts.PartRows <= 0 {
		opts.PartRows = PartRows
	}
	cr, k, err := openCSV(r, opts.Kind)
	if err != nil {
		if es := inputErrors(err); es != nil {
			return nil, nil, capped(es)
		}
		return nil, nil, fmt.Errorf("import: read: %w", err)
	}
	pr := &partReader{r: cr, f: formats[k]}
	if opts.Progress != nil {
		pr.progress = func(n int) { opts.Progress("reading", n) }
	}
	imp, inParts := s.(segment.Importer)
	n := 0 // the whole file
	if inParts {
		n = opts.PartRows
		pr.dedup()
	}
	p, err := pr.read(n)
	if err != nil {
		return nil, nil, fmt.Errorf("import %s: read: %w", k, err)
	}
	cb := &CSVBatch{Kind: k}
	if inParts && !pr.done {
		res, err := importParts(ctx, s, imp, pr, p, k, opts)
		return cb, res, err
	}
	cb.Batch, cb.Lines = p.batch, p.lines
	section := pr.f.sectionName()
	var ps problems
	if len(p.errs) > 0 {
		// Rows that read are checked against the store too, so that every
		// problem of the file is reported at once.
		if err := ps.check(ctx, s, p, section); err != nil {
			return cb, nil, fmt.Errorf("import %s: %w", k, err)
		}
		return cb, nil, ps.list()
	}
	if p.batch.Len() == 0 {
		return cb, nil, graph.Errors{graph.Invalid("", "the file has a header but no rows")}
	}
	if opts.Progress != nil {
		opts.Progress("writing", p.batch.Len())
	}
	res, err := s.Upsert(ctx, p.batch, graph.UpsertOptions{DryRun: opts.DryRun})
	if err != nil {
		if isInput(err) {
			ps.add(atLines(nil, err, section, p.lines))
			return cb, nil, ps.list()
		}
		return cb, nil, fmt.Errorf("import %s: %w", k, err)
	}
	return cb, res, nil
}

// columnFields names contribution fields by their CSV columns
// ("contribution.know" is the column contribution_know).
func columnFields(es graph.Errors) graph.Errors {
	for _, e := range es {
		e.Field = strings.ReplaceAll(e.Field, ".", "_")
	}
	return es
}

// isInput reports whether err is about the input rather than a failure of
// the store.
func isInput(err error) bool {
	switch graph.ErrorCode(err) {
	case graph.EINVALID, graph.ENOTFOUND, graph.ECONFLICT:
		return true
	}
	return false
}
