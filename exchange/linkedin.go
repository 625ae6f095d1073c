package exchange

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/relmap/relmap/graph"
)

// LinkedIn is the kind of a LinkedIn Connections.csv export (relmap import
// -kind linkedin). It is not one of CSVKinds: the file needs an employee
// and is read by ReadLinkedIn, not ReadCSV.
const LinkedIn Kind = "linkedin"

// The default strengths of the ties a LinkedIn import makes.
const (
	DefaultWorksAtStrength = 0.5
	DefaultKnowsStrength   = 0.3
)

// linkedInColumns are the columns of Connections.csv, as LinkedIn spells
// them; the file may hold others, which are ignored.
var linkedInColumns = []string{"First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"}

// LinkedInOptions modify ReadLinkedIn and ImportLinkedIn.
type LinkedInOptions struct {
	// KnowsStrength is the strength of the knows tie from the employee to
	// each connection; 0 means DefaultKnowsStrength.
	KnowsStrength float64
	// WorksAtStrength is the strength of the works_at tie from a connection
	// to their company; 0 means DefaultWorksAtStrength.
	WorksAtStrength float64
	// DryRun (ImportLinkedIn only) validates and counts, and writes nothing.
	DryRun bool
}

// ReadLinkedIn reads a LinkedIn Connections.csv export of one of our
// employees into a batch, matched against what the store holds.
//
// The file may start with LinkedIn's "Notes:" lines: the header is the
// first line (of the first 20) naming First Name and Last Name, or three of
// the columns First Name, Last Name, URL, Email Address, Company, Position,
// Connected On (case-insensitive; "first_name" works too); it must have all
// seven, other columns are ignored. The file is read by CSVReader: UTF-8
// with or without a BOM, ',' or ';'. Each row gives
//
//   - a person: Name "First Last", Email, LinkedInURL, Title from Position,
//     Source linkedin; id "li-" + a slug of the profile address's last path
//     segment (or, without an address, of the name);
//   - when Company is not empty, the organisation (Source linkedin, id
//     "li-org-" + a slug of its normalised name) and a works_at tie from the
//     person (strength opts.WorksAtStrength, nature professional);
//   - a knows tie from the employee (strength opts.KnowsStrength, nature
//     professional, Since the day of Connected On, "02 Jan 2006").
//
// Persons and organisations are matched by a graph.Matcher (e-mail, then
// profile address, then normalised name; near-misses listed in the
// graph.Dedup report for a person to confirm, not merged); a matched
// person gets the row's Position as Title. A tie that is already stored
// (existing.Ties) is kept as stored; only an empty Since is filled in.
// Rows repeating an earlier row's person merge into it.
//
// employeeID must be one of existing.Employees. Problems are returned as
// graph.Errors (each with Item "line N" and Field the file's column, at
// most MaxProblems); the batch and the report then hold the rows that read,
// and nothing must be written. Nothing here reads the store: the records
// are validated, but references and id clashes are the store's to check
// (see ImportLinkedIn).
func ReadLinkedIn(r io.Reader, employeeID string, existing graph.Existing, opts LinkedInOptions) (*graph.Batch, *graph.Dedup, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, fmt.Errorf("read linkedin file: %w", err)
	}
	m, err := readLinkedIn(data, employeeID, &existing, opts)
	if m == nil {
		return nil, nil, err
	}
	return m.Batch, m.Dedup, err
}

// ImportLinkedIn imports a LinkedIn Connections.csv export of one employee
// into s, all or nothing: graph.LoadExisting, ReadLinkedIn, then one Store.Upsert
// (with opts.DryRun nothing is written). Importing the same file again
// changes nothing. Problems, the store's included, are graph.Errors on file
// lines, as ImportCSV reports them.
func ImportLinkedIn(ctx context.Context, s graph.Store, data []byte, employeeID string, opts LinkedInOptions) (*graph.Dedup, *graph.UpsertResult, error) {
	ex, err := graph.LoadExisting(ctx, s)
	if err != nil {
		return nil, nil, err
	}
	m, err := readLinkedIn(data, employeeID, ex, opts)
	if m == nil {
		return nil, nil, err
	}
	if err != nil {
		var serr error
		if m.Batch.Len() > 0 {
			if _, serr = s.Upsert(ctx, m.Batch, graph.UpsertOptions{DryRun: true}); serr != nil && !isInput(serr) {
				return m.Dedup, nil, fmt.Errorf("import linkedin: %w", serr)
			}
		}
		return m.Dedup, nil, linkedInLines(m, asErrors(err), serr)
	}
	if m.Batch.Len() == 0 {
		return m.Dedup, nil, graph.Errors{graph.Invalid("", "the file has a header but no connections")}
	}
	res, err := s.Upsert(ctx, m.Batch, graph.UpsertOptions{DryRun: opts.DryRun})
	if err != nil {
		if isInput(err) {
			return m.Dedup, nil, linkedInLines(m, nil, err)
		}
		return m.Dedup, nil, fmt.Errorf("import linkedin: %w", err)
	}
	return m.Dedup, res, nil
}

// linkedInLines maps the store's problems ("persons[3]", in items and
// messages) to the lines of the rows that made the records (m.Lines), and
// hands them with the problems of reading to AtLines, which orders and
// caps them.
func linkedInLines(m *graph.Matcher, parsed graph.Errors, err error) graph.Errors {
	if err == nil {
		return capped(parsed)
	}
	toLine := func(s string) string {
		return itemIndex.ReplaceAllStringFunc(s, func(it string) string {
			sm := itemIndex.FindStringSubmatch(it)
			i, _ := strconv.Atoi(sm[2])
			if lines := m.Lines[sm[1]]; i < len(lines) {
				return "line " + strconv.Itoa(lines[i])
			}
			return it
		})
	}
	var es graph.Errors
	for _, x := range asErrors(err) {
		y := *x
		y.Item, y.Message = toLine(y.Item), toLine(y.Message)
		if f, ok := personFields[y.Field]; ok && strings.HasPrefix(x.Item, "persons[") {
			y.Field = f
		} else if y.Field == "name" && strings.HasPrefix(x.Item, "organisations[") {
			y.Field = "company"
		}
		es = append(es, &y)
	}
	return AtLines(parsed, es, "", nil)
}

// linkedIn is the reader state for one file.
type linkedIn struct {
	m        *graph.Matcher
	opts     LinkedInOptions
	employee string
}

func readLinkedIn(data []byte, employeeID string, ex *graph.Existing, opts LinkedInOptions) (*graph.Matcher, error) {
	if opts.KnowsStrength == 0 {
		opts.KnowsStrength = DefaultKnowsStrength
	}
	if opts.WorksAtStrength == 0 {
		opts.WorksAtStrength = DefaultWorksAtStrength
	}
	for _, s := range []struct {
		name string
		v    float64
	}{{"knows strength", opts.KnowsStrength}, {"works_at strength", opts.WorksAtStrength}} {
		if s.v < 0 || s.v > 1 {
			return nil, graph.Errors{graph.Invalid("strength", "the %s %v is outside [0,1]", s.name, s.v)}
		}
	}
	switch {
	case employeeID == "":
		return nil, graph.Errors{graph.Invalid("employee", "is required: the id of the employee whose connections these are")}
	case slices.ContainsFunc(ex.Persons, func(p *graph.Person) bool { return p.ID == employeeID }):
		return nil, graph.Errors{graph.Invalid("employee", "%q is a person, not one of our employees", employeeID)}
	case !slices.ContainsFunc(ex.Employees, func(e *graph.Employee) bool { return e.ID == employeeID }):
		return nil, graph.Errors{graph.Invalid("employee", "employee %q does not exist", employeeID)}
	}

	cr, offset, err := linkedInReader(data)
	if err != nil {
		return nil, err
	}
	li := &linkedIn{m: graph.NewMatcher(ex, "li-", graph.SourceLinkedIn), opts: opts, employee: employeeID}

	var errs graph.Errors
	for {
		row, err := cr.Next()
		if err == io.EOF {
			break
		}
		row.Line += offset
		if err != nil {
			for _, e := range asErrors(err) {
				errs = append(errs, shiftLine(e, offset))
			}
			continue
		}
		errs = append(errs, li.row(row)...)
	}
	if len(errs) > 0 {
		return li.m, capped(errs)
	}
	return li.m, nil
}

// linkedInReader finds the header after LinkedIn's notes and opens a
// CSVReader at it; offset is the number of lines before the header.
func linkedInReader(data []byte) (*CSVReader, int, error) {
	cols := make([]Column, len(linkedInColumns))
	want := map[string]string{} // normalised → LinkedIn's spelling
	for i, c := range linkedInColumns {
		cols[i] = Column{Name: ColumnName(c), Required: true, Doc: "LinkedIn's " + c}
		want[ColumnName(c)] = c
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if len(bytes.TrimSpace(data)) == 0 || bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data) {
		_, err := NewCSVReader(data, cols) // the file's own problem
		return nil, 0, err
	}
	lines := strings.SplitAfter(string(data), "\n")
	start, found := 0, -1
	var header []string
	for i, l := range lines[:min(len(lines), 20)] {
		cells := headerCells(l)
		n := 0
		for _, c := range cells {
			if _, ok := want[c]; ok {
				n++
			}
		}
		if n >= 3 || slices.Contains(cells, "first_name") && slices.Contains(cells, "last_name") {
			found, header = i, cells
			break
		}
		start += len(l)
	}
	if found < 0 {
		return nil, 0, graph.Errors{graph.Invalid("", "no header row with LinkedIn's columns %s in the first 20 lines; is this the Connections.csv of a LinkedIn data export?", strings.Join(linkedInColumns, ", "))}
	}
	var missing []string
	for _, c := range linkedInColumns {
		if !slices.Contains(header, ColumnName(c)) {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, 0, graph.Errors{Problem(found+1, "", "the header lacks LinkedIn's column(s) %s (it has %s)", strings.Join(missing, ", "), strings.Join(header, ", "))}
	}
	for _, c := range header {
		if _, ok := want[c]; !ok && c != "" {
			cols = append(cols, Column{Name: c, Doc: "ignored"})
			want[c] = c
		}
	}
	cr, err := NewCSVReader(data[start:], cols)
	if err != nil {
		es := asErrors(err)
		for i, e := range es {
			es[i] = shiftLine(e, found)
		}
		return nil, 0, es
	}
	return cr, found, nil
}

// headerCells splits a line as DetectKind does and normalises its cells.
func headerCells(line string) []string {
	line = strings.TrimRight(line, "\r\n")
	sep := ","
	if strings.Count(line, ";") > strings.Count(line, ",") {
		sep = ";"
	}
	var out []string
	for _, c := range strings.Split(line, sep) {
		out = append(out, ColumnName(strings.Trim(strings.TrimSpace(c), `"`)))
	}
	return out
}

// shiftLine moves a problem of a CSVReader opened at the header down by
// the lines before it.
func shiftLine(e *graph.Error, offset int) *graph.Error {
	y := *e
	if n, ok := strings.CutPrefix(y.Item, "line "); ok {
		if i, err := strconv.Atoi(n); err == nil {
			y.Item = "line " + strconv.Itoa(i+offset)
		}
	}
	return &y
}

// index indexes what is stored.
// personFields names the file's column of each person field.
var personFields = map[string]string{"name": "first_name", "email": "email_address", "title": "position", "linkedin_url": "url"}

// row reads one connection.
func (li *linkedIn) row(row Row) graph.Errors {
	first, last := row.Get("first_name"), row.Get("last_name")
	name := strings.Join(strings.Fields(first+" "+last), " ")
	x := &graph.Person{Name: name, Email: row.Get("email_address"), Title: row.Get("position"),
		LinkedInURL: row.Get("url"), Source: graph.SourceLinkedIn}
	if name == "" && x.LinkedInURL == "" {
		li.m.Skip(row.Line, "the row has neither a name nor a profile address")
		return nil
	}
	var errs graph.Errors
	var since time.Time
	if s := row.Get("connected_on"); s != "" {
		t, err := parseConnectedOn(s)
		if err != nil {
			errs = append(errs, Problem(row.Line, "connected_on", "%v", err))
		}
		since = t
	}
	if name == "" {
		errs = append(errs, Problem(row.Line, "first_name", "the connection has no name (First Name and Last Name are empty)"))
	}
	probe := *x
	probe.ID = "li-probe"
	if err := probe.Validate(); err != nil {
		for _, e := range asErrors(err) {
			if e.Field == "name" && name == "" {
				continue
			}
			errs = append(errs, Problem(row.Line, cmp.Or(personFields[e.Field], e.Field), "%s", e.Message))
		}
	}
	if len(errs) > 0 {
		return errs
	}

	pid := li.m.Person(row.Line, x, first, last)
	if company := row.Get("company"); company != "" {
		oid := li.m.Org(row.Line, company)
		li.m.Tie(row.Line, &graph.Relationship{Type: graph.RelWorksAt, From: pid, To: oid,
			Strength: li.opts.WorksAtStrength, Nature: graph.NatureProfessional, Source: graph.SourceLinkedIn})
	}
	li.m.Tie(row.Line, &graph.Relationship{Type: graph.RelKnows, From: li.employee, To: pid,
		Strength: li.opts.KnowsStrength, Nature: graph.NatureProfessional, Since: since, Source: graph.SourceLinkedIn})
	return nil
}

// parseConnectedOn reads LinkedIn's "02 Jan 2006" (or a date ParseTime
// reads).
func parseConnectedOn(s string) (time.Time, error) {
	for _, layout := range []string{"02 Jan 2006", "2 Jan 2006", "02-Jan-06", "2-Jan-06"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	if t, err := ParseTime(s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is not a date like 02 Jan 2006", s)
}
