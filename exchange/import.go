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
	if k == "" {
		var err error
		if k, err = DetectKind(data); err != nil {
			if len(strings.TrimSpace(strings.TrimPrefix(string(data), "\uFEFF"))) == 0 {
				_, err = NewCSVReader(data, nil) // the empty-file message
			}
			return nil, asErrors(err)
		}
	}
	f, ok := formats[k]
	if !ok {
		return nil, graph.Errors{graph.Invalid("kind", "%q has no CSV format (one of %s)", k, joinKinds(CSVKinds))}
	}
	r, err := NewCSVReader(data, f.columns())
	if err != nil {
		return nil, asErrors(err)
	}
	out := &CSVBatch{Kind: k, Batch: &graph.Batch{}}
	var errs graph.Errors
	rows := 0
	for {
		row, err := r.Next()
		if err == io.EOF {
			break
		}
		rows++
		if progress != nil && rows%10000 == 0 {
			progress(rows)
		}
		if err != nil {
			errs = append(errs, asErrors(err)...)
			continue
		}
		if es := f.read(r, out.Batch, row); len(es) > 0 {
			errs = append(errs, es...)
			continue
		}
		out.Lines = append(out.Lines, row.Line)
	}
	return out, errs
}

func asErrors(err error) graph.Errors {
	var es graph.Errors
	var e *graph.Error
	switch {
	case errors.As(err, &es):
		return es
	case errors.As(err, &e):
		return graph.Errors{e}
	}
	return graph.Errors{{Code: graph.EINTERNAL, Message: err.Error()}}
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
	// (every 10,000 rows) and the phase ("reading", "writing").
	Progress func(phase string, rows int)
}

// ImportCSV imports a CSV file of one kind of record into s, all or
// nothing: the whole file is read and validated first, and only a file
// without problems is written, in one Store.Upsert. Records are matched by
// id, so re-importing a file changes nothing.
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
	if opts.PartRows <= 0 {
		opts.PartRows = PartRows
	}
	if imp, ok := s.(segment.Importer); ok && bytes.Count(data, []byte{'\n'}) > opts.PartRows {
		k := opts.Kind
		if k == "" {
			k, _ = DetectKind(data) // a file of unknown kind is reported below
		}
		if _, ok := formats[k]; ok {
			return importParts(ctx, imp, data, k, opts)
		}
	}
	var progress func(int)
	if opts.Progress != nil {
		progress = func(n int) { opts.Progress("reading", n) }
	}
	cb, errs := ReadCSV(data, opts.Kind, progress)
	if cb == nil {
		return nil, nil, capped(errs)
	}
	section := formats[cb.Kind].sectionName()
	if len(errs) > 0 {
		// Rows that read are checked against the store too, so that every
		// problem of the file is reported at once.
		var err error
		if cb.Batch.Len() > 0 {
			if _, err = s.Upsert(ctx, cb.Batch, graph.UpsertOptions{DryRun: true}); err != nil && !isInput(err) {
				return cb, nil, fmt.Errorf("import %s: %w", cb.Kind, err)
			}
		}
		return cb, nil, columnFields(AtLines(errs, err, section, cb.Lines))
	}
	if cb.Batch.Len() == 0 {
		return cb, nil, graph.Errors{graph.Invalid("", "the file has a header but no rows")}
	}
	if opts.Progress != nil {
		opts.Progress("writing", cb.Batch.Len())
	}
	res, err := s.Upsert(ctx, cb.Batch, graph.UpsertOptions{DryRun: opts.DryRun})
	if err != nil {
		if isInput(err) {
			return cb, nil, columnFields(AtLines(nil, err, section, cb.Lines))
		}
		return cb, nil, fmt.Errorf("import %s: %w", cb.Kind, err)
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
