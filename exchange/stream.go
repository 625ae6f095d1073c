package exchange

import (
	"context"
	"errors"
	"fmt"
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

// part is a run of rows of a CSV file.
type part struct {
	batch *graph.Batch // the records of the rows that read
	lines []int        // the file line of each record of batch
	errs  graph.Errors // the problems of the rows that did not read
	rows  int          // the rows read, with and without problems
}

// partReader reads a CSV file a part at a time.
type partReader struct {
	r        *CSVReader
	f        format
	progress func(rows int) // nil, or told the rows read every 10,000 rows
	rows     int            // the rows read so far
	done     bool           // the file has ended

	seen *graph.IDSet // the ids of the parts read, when they are checked (dedup)
}

// dedup makes read report an id that repeats the id of an earlier part
// (a repeat inside a part is the store's to report).
func (pr *partReader) dedup() { pr.seen = &graph.IDSet{} }

// read reads the next n rows (all the rest when n <= 0); at the end of
// the file it returns a part of no rows. Its error is the reader's, not a
// problem of the file.
func (pr *partReader) read(n int) (*part, error) {
	p := &part{batch: &graph.Batch{}}
	for !pr.done && (n <= 0 || p.rows < n) {
		row, err := pr.r.Next()
		if err == io.EOF {
			pr.done = true
			break
		}
		var problem *graph.Error
		if err != nil && !errors.As(err, &problem) {
			pr.done = true
			return nil, err
		}
		p.rows++
		pr.rows++
		if pr.progress != nil && pr.rows%10000 == 0 {
			pr.progress(pr.rows)
		}
		if err != nil {
			p.errs = append(p.errs, problem)
			continue
		}
		if es := pr.f.read(pr.r, p.batch, row); len(es) > 0 {
			p.errs = append(p.errs, es...)
			continue
		}
		p.lines = append(p.lines, row.Line)
	}
	if pr.seen != nil {
		ids := batchIDs(p.batch)
		for i, l := range pr.seen.Add(ids, p.lines) {
			if l > 0 {
				p.errs = append(p.errs, Problem(p.lines[i], "id", "%q is also the id on line %d", ids[i], l))
			}
		}
	}
	return p, nil
}

// problems collects the problems of a file part by part, in file order:
// the first MaxProblems, ordered by line, and how many more there were.
type problems struct {
	es   graph.Errors
	more int
}

// add adds the problems of a part, ordered by line, after those of the
// parts before it.
func (ps *problems) add(es graph.Errors) {
	ps.es = append(ps.es, es...)
	if len(ps.es) > MaxProblems {
		ps.more += len(ps.es) - MaxProblems
		ps.es = ps.es[:MaxProblems]
	}
}

// check adds the problems of p: those of reading it and those the store
// finds in its records (in a dry run). Its error is the store's.
func (ps *problems) check(ctx context.Context, s graph.Store, p *part, section string) error {
	var err error
	if p.batch.Len() > 0 {
		if _, err = s.Upsert(ctx, p.batch, graph.UpsertOptions{DryRun: true}); err != nil && !isInput(err) {
			return err
		}
	}
	ps.add(atLines(p.errs, err, section, p.lines))
	return nil
}

// list returns the problems, with a last one saying how many more there
// were, and the fields named by their columns.
func (ps *problems) list() graph.Errors { return columnFields(withMore(ps.es, ps.more)) }

// importParts imports a CSV file of more than one part through imp, all
// or nothing, in one transaction. first is the first part, read already;
// pr reads the others, opts.PartRows rows at a time. The parts go to the
// store one after the other while they have no problems; at the first
// part with a problem (of reading it, or the store's) the transaction
// is rolled back, and the rest of the file is read and checked part by
// part, each against s in a dry run (outside the transaction, so against
// the store without the file's earlier parts, which a file of one kind of
// record does not refer to; ids repeated across parts are caught by
// pr), so that every problem of the file is reported.
//
// While the store writes a part, the next one is read (ahead, by another
// goroutine), so that reading the file and writing the store take turns
// on two cores rather than one; memory holds two parts (three with a
// store that writes a part while it plans the next, as SQLite's does:
// one written, one planned, one read).
func importParts(ctx context.Context, s graph.Store, imp segment.Importer, pr *partReader, first *part, k Kind, opts ImportOptions) (*graph.UpsertResult, error) {
	section := pr.f.sectionName()
	type read struct {
		p   *part
		err error
	}
	var (
		lines   [][]int // the file lines of each part handed to the store
		failed  *part   // the part whose reading problems stopped the transaction
		readErr error
		pending = first
		ahead   chan read // the part being read ahead, or nil
	)
	readAhead := func() {
		ahead = make(chan read, 1)
		go func() {
			p, err := pr.read(opts.PartRows)
			ahead <- read{p, err}
		}()
	}
	// wait returns the part read ahead; pr is the caller's again.
	wait := func() (*part, error) {
		r := <-ahead
		ahead = nil
		return r.p, r.err
	}
	next := func() (*segment.Import, error) {
		p := pending
		pending = nil
		if p == nil {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if ahead != nil {
				p, readErr = wait()
			} else {
				p, readErr = pr.read(opts.PartRows)
			}
			if readErr != nil {
				return nil, readErr
			}
		}
		if p.rows == 0 {
			return nil, io.EOF
		}
		if len(p.errs) > 0 {
			failed = p
			return nil, errProblems
		}
		lines = append(lines, p.lines)
		if !pr.done {
			readAhead()
		}
		return &segment.Import{Batch: p.batch}, nil
	}
	res, err := imp.Import(ctx, next, graph.UpsertOptions{DryRun: opts.DryRun})
	if ahead != nil {
		// The store stopped before it asked for the part read ahead:
		// that part is the first of the rest of the file, checked below.
		var p *part
		if p, readErr = wait(); readErr == nil && err != nil {
			pending = p
		}
	}
	var ps problems
	var pe *segment.PartError
	switch {
	case readErr != nil:
		return nil, fmt.Errorf("import %s: read: %w", k, readErr)
	case err == nil:
		return &res.UpsertResult, nil
	case errors.Is(err, errProblems):
		if err := ps.check(ctx, s, failed, section); err != nil {
			return nil, fmt.Errorf("import %s: %w", k, err)
		}
	case errors.As(err, &pe):
		ps.add(atLines(nil, pe.Err, section, lines[pe.Part]))
	default:
		return nil, fmt.Errorf("import %s: %w", k, err)
	}
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p := pending
		pending = nil
		if p == nil {
			var err error
			if p, err = pr.read(opts.PartRows); err != nil {
				return nil, fmt.Errorf("import %s: read: %w", k, err)
			}
		}
		if p.rows == 0 {
			return nil, ps.list()
		}
		if err := ps.check(ctx, s, p, section); err != nil {
			return nil, fmt.Errorf("import %s: %w", k, err)
		}
	}
}

// batchIDs returns the ids of b's records, in section order, deriving the
// ids of relationships and contacts that have none (as Normalize does, on
// a copy: a symmetric tie's ends keep the columns they were read from, for
// PlanUpsert's problems).
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
		c := *x // the record stays as read: PlanUpsert names the file's columns
		c.Normalize()
		ids = append(ids, c.ID)
	}
	for _, x := range b.Contacts {
		c := *x
		c.Normalize()
		ids = append(ids, c.ID)
	}
	return ids
}
