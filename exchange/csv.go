package exchange

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/relmap/relmap/graph"
)

// MaxProblems caps the problems reported for one file: a file with more is
// reported with its first MaxProblems and a last entry saying how many more
// there were.
const MaxProblems = 100

// Column is one column of a CSV file format.
type Column struct {
	// Name is the header name, in lower case with '_' between words.
	// Headers match it case-insensitively, with spaces and '-' read as '_'
	// ("Party Type" is party_type).
	Name string
	// Required columns must be in the header (their cells may still be
	// empty where the record allows it).
	Required bool
	// Doc says what the column holds, for usage texts and the README.
	Doc string
}

// CSVReader reads a CSV file with a header row naming its columns, the way
// spreadsheets write them:
//
//   - UTF-8, with or without a byte order mark; a file that is not UTF-8
//     (e.g. Windows-1252 from an old Excel) is refused with the line of the
//     first bad byte;
//   - ',' or ';' between fields (Dutch Excel writes ';'): ';' when the header
//     (the first line that is not blank) holds more semicolons than commas;
//   - columns in any order, matched by name (see Column.Name); unknown,
//     repeated and missing required columns are errors;
//   - blank lines are skipped; a quote inside an unquoted field is text.
//
// It reads the file as a stream: memory holds the first SniffBytes and
// the record being read, not the file. The checks of the file as a whole
// (empty, binary, not UTF-8) are made on the first SniffBytes before the
// header is read; a NUL byte or invalid UTF-8 after them is a problem
// that Next returns when it reaches it, after which the file ends.
//
// Every problem is a *graph.Error with Item "line N" and, where a cell is at
// fault, Field naming its column.
type CSVReader struct {
	r     *csv.Reader
	src   *csvSource
	cols  []string       // the header, normalised
	index map[string]int // column name → field index
	done  bool
}

// NewCSVReader checks data and reads its header against cols. It returns
// graph.Errors listing every problem of the header, or of the file as a
// whole (empty, binary, not UTF-8).
func NewCSVReader(data []byte, cols []Column) (*CSVReader, error) {
	return NewCSVReaderFrom(bytes.NewReader(data), cols)
}

// NewCSVReaderFrom is NewCSVReader for a file read from r, as a stream (see
// CSVReader). Its errors are graph.Errors, or r's error.
func NewCSVReaderFrom(r io.Reader, cols []Column) (*CSVReader, error) {
	src, err := sniff(r)
	if err != nil {
		return nil, err
	}
	return newCSVReader(src, cols)
}

func newCSVReader(src *csvSource, cols []Column) (*CSVReader, error) {
	if !src.text {
		names := make([]string, 0, len(cols))
		for _, c := range cols {
			if c.Required {
				names = append(names, c.Name)
			}
		}
		return nil, graph.Errors{graph.Invalid("", "the file is empty; it needs a header row naming its columns, e.g. %s", strings.Join(names, ","))}
	}
	if e := src.checkHead(); e != nil {
		return nil, graph.Errors{e}
	}
	header := src.headerLine()
	r := csv.NewReader(src)
	if bytes.Count(header, []byte(";")) > bytes.Count(header, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	r.LazyQuotes = true
	r.ReuseRecord = false

	rec, err := r.Read()
	if err != nil {
		if e := csvProblem(err); e != nil {
			return nil, graph.Errors{e}
		}
		return nil, err
	}
	src.mark(r.InputOffset())
	known := map[string]bool{}
	for _, c := range cols {
		known[c.Name] = true
	}
	cr := &CSVReader{r: r, src: src, index: map[string]int{}}
	var errs graph.Errors
	isKnown := func(n string) bool { return known[n] }
	for i, c := range rec {
		name := columnFor(ColumnName(c), isKnown)
		cr.cols = append(cr.cols, name)
		switch _, dup := cr.index[name]; {
		case !known[name]:
			names := make([]string, len(cols))
			for i, c := range cols {
				names[i] = c.Name
			}
			errs = append(errs, Problem(1, name, "is not a known column (the columns are %s)", strings.Join(names, ", ")))
		case dup:
			errs = append(errs, Problem(1, name, "is a column twice"))
		default:
			cr.index[name] = i
		}
	}
	for _, c := range cols {
		if _, ok := cr.index[c.Name]; c.Required && !ok {
			errs = append(errs, Problem(1, c.Name, "the column is missing"))
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return cr, nil
}

// ColumnName normalises a header cell: trimmed, lower case, with spaces and
// '-' as '_'. Value normalises every enumerated cell with it, so it
// allocates nothing for a cell that is normalised already.
func ColumnName(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return underscores.Replace(s)
}

// underscores writes spaces and '-' as '_' (one Replacer for all: building
// one is far dearer than using it).
var underscores = strings.NewReplacer(" ", "_", "-", "_")

// Header returns the file's columns, normalised, in file order.
func (c *CSVReader) Header() []string { return slices.Clone(c.cols) }

// Has reports whether the file has the column.
func (c *CSVReader) Has(name string) bool { _, ok := c.index[name]; return ok }

// Row is one data row of a CSV file.
type Row struct {
	// Line is the file line the row starts on (the header is line 1).
	Line   int
	fields []string
	index  map[string]int
}

// Get returns the cell of the named column with surrounding white space
// removed and the quote that CSVWriter puts before a formula taken off
// (RestoreCell), or "" when the file has no such column.
func (r Row) Get(name string) string {
	if i, ok := r.index[name]; ok {
		return RestoreCell(strings.TrimSpace(r.fields[i]))
	}
	return ""
}

// Next returns the next row, or io.EOF after the last. A row with the wrong
// number of fields is returned as a *graph.Error and reading may go on; a
// broken quote is returned as a *graph.Error too, after which Next returns
// io.EOF (an unclosed quote swallows the rest of the file), and so is a NUL
// byte or invalid UTF-8 after the first SniffBytes. An error of the
// reader under the file is returned as it is, and ends the file too.
func (c *CSVReader) Next() (Row, error) {
	if c.done {
		return Row{}, io.EOF
	}
	rec, err := c.r.Read()
	if err == io.EOF {
		c.done = true
		return Row{}, io.EOF
	}
	if err != nil {
		c.done = true
		if e := csvProblem(err); e != nil {
			return Row{}, e
		}
		return Row{}, err
	}
	line, _ := c.r.FieldPos(0)
	if e := c.unclosed(rec); e != nil {
		c.done = true
		return Row{Line: line}, e
	}
	c.src.mark(c.r.InputOffset())
	if len(rec) != len(c.cols) {
		return Row{Line: line}, Problem(line, "", "has %d fields, the header %d", len(rec), len(c.cols))
	}
	return Row{Line: line, fields: rec, index: c.index}, nil
}

// unclosed finds a quote that is never closed. With LazyQuotes (which lets
// a quote inside an unquoted field be text) encoding/csv reads such a
// quoted field to the end of the file without an error: the last record
// then ends at the end of the file, in a field that opened with a quote
// and the file does not end with one. The source keeps the bytes of the
// record, from the end of the one before.
func (c *CSVReader) unclosed(rec []string) *graph.Error {
	if !c.src.atEnd(c.r.InputOffset()) || len(rec) == 0 {
		return nil
	}
	line, col := c.r.FieldPos(len(rec) - 1)
	data, n := c.src.record()
	off := 0
	for n < line {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			return nil
		}
		off += i + 1
		n++
	}
	start := off + col - 1
	if start < 0 || start >= len(data) || data[start] != '"' {
		return nil
	}
	if end := bytes.TrimRight(data, "\r\n"); len(end) > start+1 && end[len(end)-1] == '"' {
		return nil
	}
	return Problem(line, "", "the quote opened in column %d is never closed", col)
}

// Problem returns an EINVALID error for the cell of column field on a line.
func Problem(line int, field, format string, args ...any) *graph.Error {
	e := graph.Invalid(field, format, args...)
	e.Item = "line " + strconv.Itoa(line)
	return e
}

// csvProblem turns an encoding/csv error into a problem on its line, and
// returns the problem of the file's bytes that stopped the source as it is;
// other errors (the reader's) are nil.
func csvProblem(err error) *graph.Error {
	var pe *csv.ParseError
	var e *graph.Error
	switch {
	case errors.As(err, &pe):
		if errors.Is(pe.Err, csv.ErrQuote) && pe.StartLine != pe.Line {
			return Problem(pe.StartLine, "", "a quoted field starting on this line is never closed")
		}
		return Problem(pe.Line, "", "%v (column %d)", pe.Err, pe.Column)
	case errors.As(err, &e):
		return e
	}
	return nil
}

var itemIndex = regexp.MustCompile(`\b([a-z_]+)\[(\d+)\]`)

// AtLines rewrites the problems of a store error about records read from a
// file as problems on file lines: "section[i]", in items and messages, is
// replaced by "line N" with N = lines[i]; an error without an item (a
// single-record batch) goes to lines[0]. It adds them to parsed, orders all
// by line (stable) and caps them at MaxProblems. Errors that are not
// graph.Error(s) are returned as the only entry.
func AtLines(parsed graph.Errors, err error, section string, lines []int) graph.Errors {
	return capped(atLines(parsed, err, section, lines))
}

// atLines is AtLines without the cap.
func atLines(parsed graph.Errors, err error, section string, lines []int) graph.Errors {
	out := slices.Clone(parsed)
	var es graph.Errors
	var e *graph.Error
	switch {
	case err == nil:
	case errors.As(err, &es):
	case errors.As(err, &e):
		es = graph.Errors{e}
	default:
		es = graph.Errors{{Code: graph.EINTERNAL, Message: err.Error()}}
	}
	toLine := func(s string) string {
		return itemIndex.ReplaceAllStringFunc(s, func(m string) string {
			sm := itemIndex.FindStringSubmatch(m)
			i, _ := strconv.Atoi(sm[2])
			if sm[1] == section && i < len(lines) {
				return "line " + strconv.Itoa(lines[i])
			}
			return m
		})
	}
	for _, x := range es {
		y := *x
		if y.Item == "" && len(lines) == 1 {
			y.Item = "line " + strconv.Itoa(lines[0])
		}
		y.Item, y.Message = toLine(y.Item), toLine(y.Message)
		out = append(out, &y)
	}
	lineOf := func(e *graph.Error) int {
		n, _ := strconv.Atoi(strings.TrimPrefix(e.Item, "line "))
		return n
	}
	slices.SortStableFunc(out, func(a, b *graph.Error) int { return lineOf(a) - lineOf(b) })
	return out
}

// capped keeps the first MaxProblems problems and says how many it left.
func capped(es graph.Errors) graph.Errors {
	if len(es) <= MaxProblems {
		return es
	}
	return withMore(es[:MaxProblems], len(es)-MaxProblems)
}

// withMore adds to the first MaxProblems problems an entry saying how many
// more there were (none when more is 0).
func withMore(es graph.Errors, more int) graph.Errors {
	if more == 0 {
		return es
	}
	return append(es[:len(es):len(es)], graph.Invalid("", "… and %d more problems (only the first %d are shown)", more, MaxProblems))
}

// parseNumber reads a decimal number with a '.' or a ',' as the decimal
// separator ("0,75" as Dutch spreadsheets write it).
func parseNumber(s string) (float64, error) {
	t := s
	if strings.Count(t, ",") == 1 && !strings.Contains(t, ".") {
		t = strings.Replace(t, ",", ".", 1)
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return f, nil
}
