package exchange

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// PartRows is how many rows of a CSV file ImportCSV hands a
// segment.Importer at a time: files with more rows are imported in parts
// of this size, in one transaction, so that memory holds one part's
// records rather than the whole file's.
const PartRows = 50000

// errProblems stops a streamed import whose file has problems.
var errProblems = errors.New("the file has problems")

// importParts imports a large CSV file through imp in parts of
// opts.PartRows rows, all or nothing. Every problem of reading the file is reported; of
// the store's problems, those of the first part it refuses (a file with
// reading problems is not written at all, so the store sees none). An id
// that repeats an id of an earlier part is a problem of its line (ids are
// compared by a 64-bit hash, so two different ids collide with a
// probability of about n²/2⁶⁵: 3·10⁻⁸ for a million rows).
func importParts(ctx context.Context, imp segment.Importer, data []byte, k Kind, opts ImportOptions) (*CSVBatch, *graph.UpsertResult, error) {
	f := formats[k]
	section := f.sectionName()
	r, err := NewCSVReader(data, f.columns())
	if err != nil {
		return nil, nil, capped(asErrors(err))
	}
	var (
		errs  graph.Errors // every reading problem
		rows  int
		lines [][]int // the file lines of each part handed to the store
		seed  = maphash.MakeSeed()
		seen  = map[uint64]int{} // id hash → line
	)
	// read reads up to PartRows good rows into a batch; nil at the end.
	read := func() (*graph.Batch, []int) {
		b := &graph.Batch{}
		var ls []int
		for len(ls) < opts.PartRows {
			row, err := r.Next()
			if err == io.EOF {
				break
			}
			rows++
			if opts.Progress != nil && rows%10000 == 0 {
				opts.Progress("importing", rows)
			}
			if err != nil {
				errs = append(errs, asErrors(err)...)
				continue
			}
			if es := f.read(r, b, row); len(es) > 0 {
				errs = append(errs, es...)
				continue
			}
			ls = append(ls, row.Line)
		}
		if len(ls) == 0 {
			return nil, nil
		}
		ids := batchIDs(b)
		for i, id := range ids {
			if l, dup := seen[maphash.String(seed, id)]; dup && id != "" {
				errs = append(errs, Problem(ls[i], "id", "%q is also the id on line %d", id, l))
			}
		}
		for i, id := range ids { // duplicates within the part are the store's to report
			seen[maphash.String(seed, id)] = ls[i]
		}
		return b, ls
	}
	next := func() (*segment.Import, error) {
		b, ls := read()
		if len(errs) > 0 {
			for b != nil { // read on, for every problem of the file
				b, _ = read()
			}
			return nil, errProblems
		}
		if b == nil {
			return nil, io.EOF
		}
		lines = append(lines, ls)
		return &segment.Import{Batch: b}, nil
	}
	res, err := imp.Import(ctx, next, graph.UpsertOptions{DryRun: opts.DryRun})
	cb := &CSVBatch{Kind: k}
	var pe *segment.PartError
	switch {
	case errors.Is(err, errProblems):
		return cb, nil, columnFields(AtLines(errs, nil, section, nil))
	case errors.As(err, &pe):
		for b, _ := read(); b != nil; b, _ = read() { // every reading problem
		}
		return cb, nil, columnFields(AtLines(errs, pe.Err, section, lines[pe.Part]))
	case err != nil:
		return cb, nil, fmt.Errorf("import %s: %w", k, err)
	case rows == 0:
		return cb, nil, graph.Errors{graph.Invalid("", "the file has a header but no rows")}
	}
	return cb, &res.UpsertResult, nil
}

// batchIDs returns the ids of b's records, in section order, deriving the
// ids of relationships and contacts that have none (Normalize).
func batchIDs(b *graph.Batch) []string {
	var ids []string
	for _, x := range b.Employees {
		ids = append(ids, x.ID)
	}
	for _, x := range b.Organisations {
		ids = append(ids, x.ID)
	}
	for _, x := range b.Persons {
		ids = append(ids, x.ID)
	}
	for _, x := range b.Relationships {
		x.Normalize()
		ids = append(ids, x.ID)
	}
	for _, x := range b.Contacts {
		x.Normalize()
		ids = append(ids, x.ID)
	}
	return ids
}
