package exchange

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
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

// Existing is what a store holds that a LinkedIn import is matched
// against (see LoadExisting).
type Existing struct {
	Employees     []*graph.Employee
	Organisations []*graph.Organisation
	Persons       []*graph.Person
	// Ties are stored relationships the import must not overwrite: a tie
	// the import would make that is already stored keeps its strength,
	// nature, level, source and note (an empty Since is filled in).
	// LoadExisting puts every works_at tie and the knows ties of every
	// employee here.
	Ties []*graph.Relationship
}

// LoadExisting lists what s holds for a LinkedIn import: every employee,
// organisation and person, every works_at tie and the knows ties of every
// employee, a page at a time.
func LoadExisting(ctx context.Context, s graph.Store) (*Existing, error) {
	var ex Existing
	collect := func(xs *[]*graph.Relationship) func(*graph.Relationship) error {
		return func(r *graph.Relationship) error { *xs = append(*xs, r); return nil }
	}
	err := eachPage(ctx, s, func(ctx context.Context, s graph.Store, p graph.Page) ([]*graph.Employee, int, error) {
		return s.FindEmployees(ctx, graph.NodeFilter{Page: p})
	}, func(e *graph.Employee) error { ex.Employees = append(ex.Employees, e); return nil })
	if err == nil {
		err = eachPage(ctx, s, func(ctx context.Context, s graph.Store, p graph.Page) ([]*graph.Organisation, int, error) {
			return s.FindOrganisations(ctx, graph.NodeFilter{Page: p})
		}, func(o *graph.Organisation) error { ex.Organisations = append(ex.Organisations, o); return nil })
	}
	if err == nil {
		err = eachPage(ctx, s, func(ctx context.Context, s graph.Store, p graph.Page) ([]*graph.Person, int, error) {
			return s.FindPersons(ctx, graph.NodeFilter{Page: p})
		}, func(x *graph.Person) error { ex.Persons = append(ex.Persons, x); return nil })
	}
	if err == nil {
		worksAt := graph.RelWorksAt
		err = eachPage(ctx, s, func(ctx context.Context, s graph.Store, p graph.Page) ([]*graph.Relationship, int, error) {
			return s.FindRelationships(ctx, graph.RelationshipFilter{Type: &worksAt, Page: p})
		}, collect(&ex.Ties))
	}
	knows := graph.RelKnows
	for _, e := range ex.Employees {
		if err != nil {
			break
		}
		id := e.ID
		err = eachPage(ctx, s, func(ctx context.Context, s graph.Store, p graph.Page) ([]*graph.Relationship, int, error) {
			return s.FindRelationships(ctx, graph.RelationshipFilter{NodeID: &id, Type: &knows, Page: p})
		}, collect(&ex.Ties))
	}
	if err != nil {
		return nil, fmt.Errorf("load existing records: %w", err)
	}
	return &ex, nil
}

// MatchRule says how a row of a LinkedIn file was matched to a record.
type MatchRule string

// The match rules, in the order they are tried.
const (
	MatchEmail MatchRule = "email"        // the same e-mail address, case-insensitively
	MatchURL   MatchRule = "linkedin_url" // the same LinkedIn profile address (see NormalizeLinkedInURL)
	MatchName  MatchRule = "name"         // the same normalised name (see NormalizePersonName, NormalizeOrgName)
)

// DedupEntry is one row's person, or one organisation, in a Dedup report.
type DedupEntry struct {
	// Line is the file line of the row (for an organisation: the first row
	// naming it).
	Line int        `json:"line"`
	Kind graph.Kind `json:"kind"`
	Name string     `json:"name"` // as the file writes it
	ID   string     `json:"id"`   // the id the import uses
	Rule MatchRule  `json:"rule,omitempty"`
	// Candidates are, for a near-miss, the ids of the records it resembles.
	Candidates []string `json:"candidates,omitempty"`
	// Reason says, for a near-miss or a skipped row, why.
	Reason string `json:"reason,omitempty"`
}

// Dedup is the de-duplication report of a LinkedIn import. Every row's
// person is in exactly one of Merged, NearMisses, New or Skipped; every
// organisation named by a row in one of Merged, NearMisses or New.
type Dedup struct {
	// Merged rows reuse a stored record (or one of an earlier row): ID is
	// its id, Rule how it matched.
	Merged []DedupEntry `json:"merged"`
	// NearMisses are new records (ID) that resemble stored ones
	// (Candidates): they are not merged; a person must confirm.
	NearMisses []DedupEntry `json:"near_misses"`
	// New records resemble nothing stored.
	New []DedupEntry `json:"new"`
	// Skipped rows have neither a name nor a profile address (LinkedIn
	// writes such rows for closed accounts).
	Skipped []DedupEntry `json:"skipped,omitempty"`
}

// Write prints the report, one entry a line, near-misses first.
func (d *Dedup) Write(w io.Writer) error {
	var b bytes.Buffer
	line := func(what string, e DedupEntry, tail string) {
		fmt.Fprintf(&b, "%s: line %d: %s %q → %s%s\n", what, e.Line, e.Kind, e.Name, e.ID, tail)
	}
	for _, e := range d.NearMisses {
		line("near-miss", e, fmt.Sprintf(", new; resembles %s (%s): confirm", strings.Join(e.Candidates, ", "), e.Reason))
	}
	for _, e := range d.Merged {
		line("merged", e, " (by "+string(e.Rule)+")")
	}
	for _, e := range d.New {
		line("new", e, "")
	}
	for _, e := range d.Skipped {
		fmt.Fprintf(&b, "skipped: line %d: %s\n", e.Line, e.Reason)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// Summary returns the counts of the report in one line.
func (d *Dedup) Summary() string {
	return fmt.Sprintf("%d merged, %d near-misses to confirm, %d new, %d skipped", len(d.Merged), len(d.NearMisses), len(d.New), len(d.Skipped))
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
// Persons are matched by e-mail, then profile address, then normalised
// name (a name match is refused when both have different profile
// addresses); organisations by normalised name. A match with exactly one
// record is merged: the row reuses its id; a stored person keeps its name,
// source and everything else, gets the row's Position as Title, and its
// empty e-mail and address are filled in; a matched organisation is not
// rewritten. Several records matching one rule are not merged but listed as
// near-misses. An unmatched person is a near-miss when a stored one has the
// same surname (tussenvoegsels left out) and first initial, or a normalised
// full name within edit distance 2; an unmatched organisation when a stored
// one's normalised name is within edit distance 2. Near-misses are created
// as new records and listed in the Dedup report for a person to confirm.
// A tie that is already stored (existing.Ties) is kept as stored; only an
// empty Since is filled in. Rows repeating an earlier row's person merge
// into it. Generated ids that a different stored node already uses get a
// suffix "-2", "-3"…
//
// employeeID must be one of existing.Employees. Problems are returned as
// graph.Errors (each with Item "line N" and Field the file's column, at
// most MaxProblems); the batch and the report then hold the rows that read,
// and nothing must be written. Nothing here reads the store: the records
// are validated, but references and id clashes are the store's to check
// (see ImportLinkedIn).
func ReadLinkedIn(r io.Reader, employeeID string, existing Existing, opts LinkedInOptions) (*graph.Batch, *Dedup, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, fmt.Errorf("read linkedin file: %w", err)
	}
	lr, err := readLinkedIn(data, employeeID, &existing, opts)
	if lr == nil {
		return nil, nil, err
	}
	return lr.batch, lr.dedup, err
}

// ImportLinkedIn imports a LinkedIn Connections.csv export of one employee
// into s, all or nothing: LoadExisting, ReadLinkedIn, then one Store.Upsert
// (with opts.DryRun nothing is written). Importing the same file again
// changes nothing. Problems, the store's included, are graph.Errors on file
// lines, as ImportCSV reports them.
func ImportLinkedIn(ctx context.Context, s graph.Store, data []byte, employeeID string, opts LinkedInOptions) (*Dedup, *graph.UpsertResult, error) {
	ex, err := LoadExisting(ctx, s)
	if err != nil {
		return nil, nil, err
	}
	lr, err := readLinkedIn(data, employeeID, ex, opts)
	if lr == nil {
		return nil, nil, err
	}
	if err != nil {
		var serr error
		if lr.batch.Len() > 0 {
			if _, serr = s.Upsert(ctx, lr.batch, graph.UpsertOptions{DryRun: true}); serr != nil && !isInput(serr) {
				return lr.dedup, nil, fmt.Errorf("import linkedin: %w", serr)
			}
		}
		return lr.dedup, nil, lr.atLines(asErrors(err), serr)
	}
	if lr.batch.Len() == 0 {
		return lr.dedup, nil, graph.Errors{graph.Invalid("", "the file has a header but no connections")}
	}
	res, err := s.Upsert(ctx, lr.batch, graph.UpsertOptions{DryRun: opts.DryRun})
	if err != nil {
		if isInput(err) {
			return lr.dedup, nil, lr.atLines(nil, err)
		}
		return lr.dedup, nil, fmt.Errorf("import linkedin: %w", err)
	}
	return lr.dedup, res, nil
}

// linkedInRead is a file read: the batch, the report and the line of each
// record of each batch section, for mapping the store's problems.
type linkedInRead struct {
	batch *graph.Batch
	dedup *Dedup
	lines map[string][]int // section → line of each record
}

// atLines maps the store's problems ("persons[3]", in items and
// messages) to the lines of the rows that made the records, and hands them
// with the problems of reading to AtLines, which orders and caps them.
func (lr *linkedInRead) atLines(parsed graph.Errors, err error) graph.Errors {
	if err == nil {
		return capped(parsed)
	}
	toLine := func(s string) string {
		return itemIndex.ReplaceAllStringFunc(s, func(m string) string {
			sm := itemIndex.FindStringSubmatch(m)
			i, _ := strconv.Atoi(sm[2])
			if lines := lr.lines[sm[1]]; i < len(lines) {
				return "line " + strconv.Itoa(lines[i])
			}
			return m
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

// reader state for one file.
type linkedIn struct {
	ex       *Existing
	opts     LinkedInOptions
	employee string
	out      *linkedInRead

	usedIDs map[string]bool // every stored node id and every id given out

	persons  []*personRec
	byEmail  map[string][]*personRec
	byURL    map[string][]*personRec
	byName   map[string][]*personRec
	orgs     []*orgRec
	orgByKey map[string][]*orgRec
	ties     map[string]*graph.Relationship // stored ties by id
	tieIndex map[string]int                 // batch ties by id
}

type personRec struct {
	p       *graph.Person // as stored, or as created by the file
	stored  bool
	inBatch int // index in the batch, -1 when not there yet
	key     string
	tokens  []string // normalised name without tussenvoegsels and titles
}

type orgRec struct {
	o      *graph.Organisation
	stored bool
	key    string
	line   int // first row naming it, for a record of the file
}

func readLinkedIn(data []byte, employeeID string, ex *Existing, opts LinkedInOptions) (*linkedInRead, error) {
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
	li := &linkedIn{ex: ex, opts: opts, employee: employeeID,
		out:     &linkedInRead{batch: &graph.Batch{}, dedup: &Dedup{}, lines: map[string][]int{}},
		usedIDs: map[string]bool{}, byEmail: map[string][]*personRec{}, byURL: map[string][]*personRec{},
		byName: map[string][]*personRec{}, orgByKey: map[string][]*orgRec{}, ties: map[string]*graph.Relationship{},
		tieIndex: map[string]int{}}
	li.index()

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
		return li.out, capped(errs)
	}
	return li.out, nil
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
func (li *linkedIn) index() {
	for _, e := range li.ex.Employees {
		li.usedIDs[e.ID] = true
	}
	for _, o := range li.ex.Organisations {
		li.usedIDs[o.ID] = true
		li.addOrg(&orgRec{o: o, stored: true, key: NormalizeOrgName(o.Name)})
	}
	for _, p := range li.ex.Persons {
		li.usedIDs[p.ID] = true
		li.addPerson(&personRec{p: p, stored: true, inBatch: -1})
	}
	for _, r := range li.ex.Ties {
		li.ties[r.ID] = r
	}
}

func (li *linkedIn) addPerson(pr *personRec) {
	pr.key = NormalizePersonName(pr.p.Name)
	pr.tokens = nameTokens(pr.p.Name, true)
	li.persons = append(li.persons, pr)
	if e := strings.ToLower(pr.p.Email); e != "" {
		li.byEmail[e] = append(li.byEmail[e], pr)
	}
	if u := NormalizeLinkedInURL(pr.p.LinkedInURL); u != "" {
		li.byURL[u] = append(li.byURL[u], pr)
	}
	if pr.key != "" {
		li.byName[pr.key] = append(li.byName[pr.key], pr)
	}
}

func (li *linkedIn) addOrg(or *orgRec) {
	li.orgs = append(li.orgs, or)
	if or.key != "" {
		li.orgByKey[or.key] = append(li.orgByKey[or.key], or)
	}
}

// newID returns base, or base with the first free suffix "-2", "-3"…
func (li *linkedIn) newID(base string) string {
	id := base
	for n := 2; li.usedIDs[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	li.usedIDs[id] = true
	return id
}

// personFields names the file's column of each person field.
var personFields = map[string]string{"name": "first_name", "email": "email_address", "title": "position", "linkedin_url": "url"}

// row reads one connection.
func (li *linkedIn) row(row Row) graph.Errors {
	first, last := row.Get("first_name"), row.Get("last_name")
	name := strings.Join(strings.Fields(first+" "+last), " ")
	x := &graph.Person{Name: name, Email: row.Get("email_address"), Title: row.Get("position"),
		LinkedInURL: row.Get("url"), Source: graph.SourceLinkedIn}
	d := li.out.dedup
	if name == "" && x.LinkedInURL == "" {
		d.Skipped = append(d.Skipped, DedupEntry{Line: row.Line, Kind: graph.KindPerson, Reason: "the row has neither a name nor a profile address"})
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

	pid := li.person(row.Line, x, first, last)
	if company := row.Get("company"); company != "" {
		oid := li.org(row.Line, company)
		li.tie(row.Line, &graph.Relationship{Type: graph.RelWorksAt, From: pid, To: oid,
			Strength: li.opts.WorksAtStrength, Nature: graph.NatureProfessional, Source: graph.SourceLinkedIn})
	}
	li.tie(row.Line, &graph.Relationship{Type: graph.RelKnows, From: li.employee, To: pid,
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

// person matches or creates the row's person and returns its id.
func (li *linkedIn) person(line int, x *graph.Person, first, last string) string {
	d := li.out.dedup
	entry := DedupEntry{Line: line, Kind: graph.KindPerson, Name: x.Name}
	key, u := NormalizePersonName(x.Name), NormalizeLinkedInURL(x.LinkedInURL)
	rules := []struct {
		rule MatchRule
		hits []*personRec
	}{
		{MatchEmail, li.byEmail[strings.ToLower(x.Email)]},
		{MatchURL, li.byURL[u]},
		{MatchName, slices.DeleteFunc(slices.Clone(li.byName[key]), func(pr *personRec) bool {
			v := NormalizeLinkedInURL(pr.p.LinkedInURL)
			return u != "" && v != "" && u != v // two profiles: two people
		})},
	}
	if x.Email == "" {
		rules[0].hits = nil
	}
	if u == "" {
		rules[1].hits = nil
	}
	if key == "" {
		rules[2].hits = nil
	}
	var cands []string
	reason := ""
	for _, r := range rules {
		switch {
		case len(r.hits) == 1:
			pr := r.hits[0]
			li.merge(line, pr, x)
			entry.ID, entry.Rule = pr.p.ID, r.rule
			d.Merged = append(d.Merged, entry)
			return pr.p.ID
		case len(r.hits) > 1 && cands == nil:
			for _, pr := range r.hits {
				cands = append(cands, pr.p.ID)
			}
			reason = fmt.Sprintf("%d records have this %s", len(r.hits), strings.ReplaceAll(string(r.rule), "_", " "))
		}
	}
	if cands == nil {
		surname := surnameTokens(last)
		initial := ""
		if ft := nameTokens(first, false); len(ft) > 0 {
			initial = ft[0][:1]
		}
		for _, pr := range li.persons {
			t := pr.tokens
			sameSurname := len(surname) > 0 && initial != "" && len(t) > len(surname) &&
				slices.Equal(t[len(t)-len(surname):], surname) && strings.HasPrefix(t[0], initial)
			if sameSurname || key != "" && pr.key != "" && editDistance(key, pr.key) <= 2 {
				cands = append(cands, pr.p.ID)
			}
		}
		reason = "same surname and first initial, or a name within 2 edits"
	}

	base := ""
	if seg := profileSegment(x.LinkedInURL); seg != "" {
		base = slug(seg)
	}
	if base == "" {
		base = slug(x.Name)
	}
	if base == "" {
		sum := sha256.Sum256([]byte(x.LinkedInURL + "\n" + x.Name))
		base = hex.EncodeToString(sum[:4])
	}
	x.ID = li.newID("li-" + base)
	pr := &personRec{p: x, inBatch: len(li.out.batch.Persons)}
	li.out.batch.Persons = append(li.out.batch.Persons, x)
	li.out.lines["persons"] = append(li.out.lines["persons"], line)
	li.addPerson(pr)
	entry.ID = x.ID
	if cands != nil {
		entry.Candidates, entry.Reason = cands, reason
		d.NearMisses = append(d.NearMisses, entry)
	} else {
		d.New = append(d.New, entry)
	}
	return x.ID
}

// merge puts the row's person into the batch as the matched record: its
// id, its name and all else kept; Title from the row; e-mail and profile
// address filled in when empty.
func (li *linkedIn) merge(line int, pr *personRec, x *graph.Person) {
	var m *graph.Person
	if pr.inBatch >= 0 {
		m = li.out.batch.Persons[pr.inBatch]
	} else {
		c := *pr.p
		m = &c
		pr.inBatch = len(li.out.batch.Persons)
		li.out.batch.Persons = append(li.out.batch.Persons, m)
		li.out.lines["persons"] = append(li.out.lines["persons"], line)
	}
	if x.Title != "" {
		m.Title = x.Title
	}
	if m.Email == "" && x.Email != "" {
		m.Email = x.Email
		li.byEmail[strings.ToLower(x.Email)] = append(li.byEmail[strings.ToLower(x.Email)], pr)
	}
	if m.LinkedInURL == "" && x.LinkedInURL != "" {
		m.LinkedInURL = x.LinkedInURL
		u := NormalizeLinkedInURL(x.LinkedInURL)
		li.byURL[u] = append(li.byURL[u], pr)
	}
}

// org matches or creates the organisation named company and returns its
// id.
func (li *linkedIn) org(line int, company string) string {
	d := li.out.dedup
	key := NormalizeOrgName(company)
	if hits := li.orgByKey[key]; len(hits) > 0 {
		// Several stored organisations with one name: the first by id.
		or := slices.MinFunc(hits, func(a, b *orgRec) int { return cmp.Compare(a.o.ID, b.o.ID) })
		if or.stored && or.line == 0 {
			or.line = line
			e := DedupEntry{Line: line, Kind: graph.KindOrganisation, Name: company, ID: or.o.ID, Rule: MatchName}
			if len(hits) > 1 {
				for _, h := range hits {
					if h != or {
						e.Candidates = append(e.Candidates, h.o.ID)
					}
				}
				e.Reason = fmt.Sprintf("%d organisations have this name; the first by id is used", len(hits))
			}
			d.Merged = append(d.Merged, e)
		}
		return or.o.ID
	}
	o := &graph.Organisation{ID: li.newID("li-org-" + cmp.Or(slug(key), slug(company), "x")), Name: company, Source: graph.SourceLinkedIn}
	e := DedupEntry{Line: line, Kind: graph.KindOrganisation, Name: company, ID: o.ID}
	for _, or := range li.orgs {
		if or.key != "" && editDistance(key, or.key) <= 2 {
			e.Candidates = append(e.Candidates, or.o.ID)
		}
	}
	li.out.batch.Organisations = append(li.out.batch.Organisations, o)
	li.out.lines["organisations"] = append(li.out.lines["organisations"], line)
	li.addOrg(&orgRec{o: o, key: key, line: line})
	if e.Candidates != nil {
		e.Reason = "a name within 2 edits"
		d.NearMisses = append(d.NearMisses, e)
	} else {
		d.New = append(d.New, e)
	}
	return o.ID
}

// tie adds a tie to the batch, once; a stored tie is kept as stored, with
// an empty Since filled in.
func (li *linkedIn) tie(line int, r *graph.Relationship) {
	r.ID = graph.RelationshipID(r.Type, r.From, r.To)
	if _, ok := li.tieIndex[r.ID]; ok {
		return
	}
	if st, ok := li.ties[r.ID]; ok {
		c := *st
		if c.Since.IsZero() {
			c.Since = r.Since
		}
		r = &c
	}
	li.tieIndex[r.ID] = len(li.out.batch.Relationships)
	li.out.batch.Relationships = append(li.out.batch.Relationships, r)
	li.out.lines["relationships"] = append(li.out.lines["relationships"], line)
}

// NormalizeLinkedInURL reduces a profile address to host and path in lower
// case, without scheme, "www." or a country prefix ("nl."), query or
// trailing slash: "https://nl.linkedin.com/in/JanDeVries/?x=1" is
// "linkedin.com/in/jandevries".
func NormalizeLinkedInURL(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return ""
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	host := strings.TrimPrefix(u.Host, "www.")
	if h, ok := strings.CutSuffix(host, ".linkedin.com"); ok && len(h) == 2 {
		host = "linkedin.com"
	}
	return host + strings.TrimRight(u.Path, "/") // Path is unescaped
}

// profileSegment returns the last path segment of a profile address
// ("jan-de-vries-4b2a1c"), unescaped.
func profileSegment(s string) string {
	n := NormalizeLinkedInURL(s)
	if n == "" {
		return ""
	}
	return n[strings.LastIndexByte(n, '/')+1:]
}

// Dutch name particles (tussenvoegsels), left out of surnames when
// comparing them.
var tussenvoegsels = map[string]bool{
	"van": true, "de": true, "der": true, "den": true, "het": true, "ter": true, "ten": true, "te": true,
	"in": true, "op": true, "t": true, "d": true, "la": true, "le": true, "du": true, "da": true, "di": true,
	"von": true, "vom": true, "zu": true, "aan": true, "bij": true, "uit": true, "onder": true, "voor": true, "over": true,
}

// Academic titles and grades written around names on LinkedIn, left out of
// names when comparing them.
var nameTitles = map[string]bool{
	"dr": true, "drs": true, "ir": true, "ing": true, "mr": true, "prof": true, "msc": true, "bsc": true,
	"mba": true, "phd": true, "llm": true, "mpa": true, "emba": true,
}

// NormalizePersonName is the key persons are matched by: accents folded,
// lower case, punctuation and academic titles (drs., ir., MSc, MBA…) left
// out, words separated by one space; tussenvoegsels are kept: "Drs. José
// van den Berg-Smit MSc" is "jose van den berg smit".
func NormalizePersonName(s string) string { return strings.Join(nameTokens(s, false), " ") }

// nameTokens returns the words of a name, normalised, without titles, and
// without tussenvoegsels after the first word when noParticles is set.
func nameTokens(s string, noParticles bool) []string {
	var out []string
	for i, t := range words(s) {
		if nameTitles[t] || noParticles && i > 0 && tussenvoegsels[t] {
			continue
		}
		out = append(out, t)
	}
	return out
}

// surnameTokens returns the words of a surname without tussenvoegsels and
// titles ("van der Meer-de Groot" is meer, groot), or all its words when
// it has nothing else.
func surnameTokens(s string) []string {
	var out []string
	for _, t := range words(s) {
		if !nameTitles[t] && !tussenvoegsels[t] {
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		return words(s)
	}
	return out
}

// Legal forms, left out at the start or end of organisation names when
// comparing them.
var legalForms = map[string]bool{
	"bv": true, "nv": true, "vof": true, "cv": true, "ua": true, "wa": true, "stichting": true,
	"ltd": true, "inc": true, "llc": true, "gmbh": true, "plc": true, "sa": true, "ag": true,
}

// NormalizeOrgName is the key organisations are matched by: accents
// folded, lower case, dots dropped ("B.V." is "bv"), other punctuation a
// space, and legal forms left out at either end (B.V., N.V., V.O.F., C.V.,
// U.A., Stichting, Ltd, Inc, GmbH…): "Stichting Zorgbelang", "Zorgbelang"
// and "ZorgBelang B.V." all are "zorgbelang". Words that tell organisations
// apart are kept: "Gemeente Utrecht" and "Provincie Utrecht" differ, and
// neither is "Utrecht". A name that is only a legal form keeps it.
func NormalizeOrgName(s string) string {
	w := words(strings.ReplaceAll(s, ".", ""))
	t := w
	for len(t) > 0 && legalForms[t[0]] {
		t = t[1:]
	}
	for len(t) > 0 && legalForms[t[len(t)-1]] {
		t = t[:len(t)-1]
	}
	if len(t) == 0 {
		t = w
	}
	return strings.Join(t, " ")
}

// words folds accents, lowers s and splits it into runs of letters and
// digits; apostrophes join ("d'Ancona" is "dancona").
func words(s string) []string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '\'' || r == '’' || r == '`':
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			b.WriteRune(r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteString(foldRune(r))
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Fields(b.String())
}

var folds = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'ā': "a", 'ą': "a", 'æ': "ae",
	'ç': "c", 'ć': "c", 'č': "c", 'ď': "d", 'đ': "d", 'ð': "d",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ę': "e", 'ě': "e", 'ğ': "g",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ī': "i", 'ı': "i", 'ĳ': "ij",
	'ł': "l", 'ñ': "n", 'ń': "n", 'ň': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'ō': "o", 'ő': "o", 'œ': "oe",
	'ř': "r", 'ś': "s", 'š': "s", 'ş': "s", 'ș': "s", 'ß': "ss", 'ť': "t", 'ț': "t", 'þ': "th",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ū': "u", 'ů': "u", 'ű': "u",
	'ý': "y", 'ÿ': "y", 'ź': "z", 'ż': "z", 'ž': "z",
}

// foldRune returns a lower-case letter without its accent; letters outside
// the table stay as they are.
func foldRune(r rune) string {
	if f, ok := folds[r]; ok {
		return f
	}
	return string(r)
}

// slug writes the words of s with '-' between them, ASCII letters and
// digits only, at most 60 bytes.
func slug(s string) string {
	var parts []string
	for _, w := range words(s) {
		w = strings.Map(func(r rune) rune {
			if r < utf8.RuneSelf {
				return r
			}
			return -1
		}, w)
		if w != "" {
			parts = append(parts, w)
		}
	}
	out := strings.Join(parts, "-")
	if len(out) > 60 {
		out = strings.TrimRight(out[:60], "-")
	}
	return out
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	if len(x) < len(y) {
		x, y = y, x
	}
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			c := prev[j-1]
			if x[i-1] != y[j-1] {
				c = 1 + min(c, prev[j], cur[j-1])
			}
			cur[j] = c
		}
		prev, cur = cur, prev
	}
	return prev[len(y)]
}
