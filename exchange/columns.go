package exchange

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/relmap/relmap/graph"
)

// Kind is what an import file holds: one kind of record in CSV, or a whole
// store in JSON.
type Kind string

// The kinds of file.
const (
	Organisations Kind = "organisations"
	Persons       Kind = "persons"
	Employees     Kind = "employees"
	Relationships Kind = "relationships"
	Contacts      Kind = "contacts"
	// JSON is the document WriteJSON writes: every record, and the
	// segmentation when the store keeps one.
	JSON Kind = "json"
)

// CSVKinds lists the kinds of CSV file, in the order an import of several
// files must follow (nodes before the ties and contacts that refer to them;
// employees first because they own organisations and persons).
var CSVKinds = []Kind{Employees, Organisations, Persons, Relationships, Contacts}

// ParseKind reads a kind name, in any case, singular or plural, English or
// Dutch ("organisation", "Persons", "json", "organisatie", "personen").
func ParseKind(s string) (Kind, error) {
	if k := dutchKind(s); k != "" {
		return k, nil
	}
	s = strings.ToLower(strings.TrimSpace(s))
	for _, k := range append(slices.Clone(CSVKinds), JSON) {
		if s == string(k) || s+"s" == string(k) {
			return k, nil
		}
	}
	return "", graph.Invalid("kind", "%q is not one of %s, json", s, joinKinds(CSVKinds))
}

func joinKinds(ks []Kind) string {
	ss := make([]string, len(ks))
	for i, k := range ks {
		ss[i] = string(k)
	}
	return strings.Join(ss, ", ")
}

// DetectKind tells the kind of a file from its start: a JSON document
// (starting with '{'), or a CSV file by the columns of its header (see
// KindOfHeader).
func DetectKind(data []byte) (Kind, error) {
	s := strings.TrimLeft(strings.TrimPrefix(string(data[:min(len(data), 4096)]), "\uFEFF"), " \t\r\n")
	if strings.HasPrefix(s, "{") {
		return JSON, nil
	}
	line, _, _ := strings.Cut(s, "\n")
	sep := ","
	if strings.Count(line, ";") > strings.Count(line, ",") {
		sep = ";"
	}
	var cols []string
	for _, c := range strings.Split(line, sep) {
		cols = append(cols, columnFor(ColumnName(strings.Trim(strings.TrimSpace(c), `"`)), anyColumn))
	}
	return KindOfHeader(cols)
}

// anyColumn reports whether name is a column of some kind of CSV file.
func anyColumn(name string) bool {
	for _, f := range formats {
		for _, c := range f.columns() {
			if c.Name == name {
				return true
			}
		}
	}
	return false
}

// KindOfHeader tells the kind of a CSV file from its (normalised) header:
// from and to make relationships; employee_id and stakeholder_id contacts;
// role employees; a column only organisations have (sector, city, website)
// organisations; a column only persons have (email, title, linkedin_url,
// do_not_route) persons. Anything else is an EINVALID error asking for the
// kind.
func KindOfHeader(cols []string) (Kind, error) {
	has := func(names ...string) bool {
		for _, n := range names {
			if slices.Contains(cols, n) {
				return true
			}
		}
		return false
	}
	switch {
	case has("from") && has("to"):
		return Relationships, nil
	case has("employee_id") && has("stakeholder_id"):
		return Contacts, nil
	case has("role"):
		return Employees, nil
	case has("sector", "city", "website"):
		return Organisations, nil
	case has("title", "linkedin_url", "do_not_route", "email"):
		return Persons, nil
	}
	return "", graph.Invalid("kind", "cannot tell from the header (%s) what the file holds; name the kind (%s)", strings.Join(cols, ","), joinKinds(CSVKinds))
}

// field is a column of one record type T: how to read a cell into a record
// and write it out.
type field[T any] struct {
	Column
	get func(*T) string
	set func(*T, string) error // nil for plain text
	str func(*T) *string       // plain text
}

func text[T any](name string, req bool, doc string, p func(*T) *string) field[T] {
	return field[T]{Column: Column{name, req, doc}, str: p}
}

// list reads words separated by white space (e-mail addresses).
func list[T any](name string, doc string, p func(*T) *[]string) field[T] {
	return field[T]{
		Column: Column{name, false, doc},
		get:    func(x *T) string { return strings.Join(*p(x), " ") },
		set:    func(x *T, s string) error { *p(x) = strings.Fields(s); return nil },
	}
}

func enum[T any, S ~string](name string, req bool, doc string, p func(*T) *S) field[T] {
	return field[T]{
		Column: Column{name, req, doc},
		get:    func(x *T) string { return string(*p(x)) },
		set:    func(x *T, s string) error { *p(x) = S(Value(name, s)); return nil },
	}
}

func number[T any](name string, req bool, doc string, p func(*T) *float64) field[T] {
	return field[T]{
		Column: Column{name, req, doc},
		get:    func(x *T) string { return strconv.FormatFloat(*p(x), 'f', -1, 64) },
		set: func(x *T, s string) error {
			if s == "" {
				if req {
					return fmt.Errorf("is required")
				}
				return nil
			}
			f, err := parseNumber(s)
			*p(x) = f
			return err
		},
	}
}

func flag[T any](name, doc string, p func(*T) *bool) field[T] {
	return field[T]{
		Column: Column{name, false, doc},
		get: func(x *T) string {
			if *p(x) {
				return "true"
			}
			return "false"
		},
		set: func(x *T, s string) error {
			switch strings.ToLower(s) {
			case "", "false", "no", "nee", "0", "n":
				*p(x) = false
			case "true", "yes", "ja", "1", "y", "j", "x":
				*p(x) = true
			default:
				return fmt.Errorf("%q is not true or false (yes/no, ja/nee, 1/0)", s)
			}
			return nil
		},
	}
}

// date reads a day or a moment (see ParseTime).
func date[T any](name string, req bool, doc string, p func(*T) *time.Time) field[T] {
	return field[T]{
		Column: Column{name, req, doc},
		get:    func(x *T) string { return formatTime(*p(x)) },
		set: func(x *T, s string) error {
			if s == "" {
				return nil // a required date is reported by the record's Validate
			}
			t, err := ParseTime(s)
			*p(x) = t
			return err
		},
	}
}

// ParseTime reads a day as YYYY-MM-DD or D-M-YYYY (the Dutch order
// spreadsheets write; midnight UTC), or a moment as RFC 3339 or
// "YYYY-MM-DD HH:MM[:SS]" (UTC).
func ParseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.DateOnly, "2-1-2006", time.RFC3339Nano, "2006-01-02 15:04", time.DateTime, "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date (YYYY-MM-DD or DD-MM-YYYY)", s)
}

// formatTime writes a day as YYYY-MM-DD and any other moment as RFC 3339
// in UTC; the zero time as "".
func formatTime(t time.Time) string {
	switch {
	case t.IsZero():
		return ""
	case t.Equal(t.UTC().Truncate(24 * time.Hour)):
		return t.UTC().Format(time.DateOnly)
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func (f field[T]) value(x *T) string {
	if f.str != nil {
		return *f.str(x)
	}
	return f.get(x)
}

// contribution returns the columns of a stakeholder's expected contribution.
func contribution[T any](c func(*T) *graph.Contribution) []field[T] {
	return []field[T]{
		text("contribution_know", false, "what they must know (kennen)", func(x *T) *string { return &c(x).Know }),
		text("contribution_able", false, "what they must be able to do (kunnen)", func(x *T) *string { return &c(x).Able }),
		text("contribution_want", false, "what they must want (willen)", func(x *T) *string { return &c(x).Want }),
		text("contribution_do", false, "what they must do (doen)", func(x *T) *string { return &c(x).Do }),
		text("contribution_exchange_means", false, "what we offer in exchange (ruilmiddelen)", func(x *T) *string { return &c(x).ExchangeMeans }),
		text("contribution_benefits", false, "the advantages our offer brings them", func(x *T) *string { return &c(x).Benefits }),
		text("contribution_interests", false, "their interests as far as we know them", func(x *T) *string { return &c(x).Interests }),
		flag("contribution_interests_unknown", "true when their interests still have to be researched", func(x *T) *bool { return &c(x).InterestsUnknown }),
	}
}

func source[T any](p func(*T) *graph.Source) field[T] {
	return enum("source", false, "manual, import, linkedin, demo or capture; empty is manual", p)
}

// table is the CSV format of one record type.
type table[T any] struct {
	kind    Kind
	section string // the Batch section, as graph.PlanUpsert names items
	fields  []field[T]
	add     func(*graph.Batch, *T)
	find    func(context.Context, graph.Store, graph.Page) ([]*T, int, error)
}

// format is a table without its type parameter.
type format interface {
	columns() []Column
	read(r *CSVReader, b *graph.Batch, row Row) graph.Errors
	write(ctx context.Context, w *CSVWriter, s graph.Store) error
	sectionName() string
}

func (t *table[T]) columns() []Column {
	out := make([]Column, len(t.fields))
	for i, f := range t.fields {
		out[i] = f.Column
	}
	return out
}

func (t *table[T]) sectionName() string { return t.section }

// read adds the record of row to b; it returns the row's problems instead
// when a cell cannot be read.
func (t *table[T]) read(r *CSVReader, b *graph.Batch, row Row) graph.Errors {
	x := new(T)
	var errs graph.Errors
	for _, f := range t.fields {
		if !r.Has(f.Name) {
			continue
		}
		v := row.Get(f.Name)
		if f.str != nil {
			*f.str(x) = v
			continue
		}
		if err := f.set(x, v); err != nil {
			errs = append(errs, Problem(row.Line, f.Name, "%v", err))
		}
	}
	if len(errs) > 0 {
		return errs
	}
	t.add(b, x)
	return nil
}

// write writes the header and every stored record, a page at a time.
func (t *table[T]) write(ctx context.Context, w *CSVWriter, s graph.Store) error {
	cols := t.columns()
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = c.Name
	}
	if err := w.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(t.fields))
	return eachPage(ctx, s, t.find, func(x *T) error {
		for i, f := range t.fields {
			rec[i] = f.value(x)
		}
		return w.Write(rec)
	})
}

// eachPage calls fn for every record a finder lists, MaxLimit at a time.
func eachPage[T any](ctx context.Context, s graph.Store, find func(context.Context, graph.Store, graph.Page) ([]*T, int, error), fn func(*T) error) error {
	for off := 0; ; off += graph.MaxLimit {
		xs, total, err := find(ctx, s, graph.Page{Offset: off, Limit: graph.MaxLimit})
		if err != nil {
			return err
		}
		for _, x := range xs {
			if err := fn(x); err != nil {
				return err
			}
		}
		if len(xs) == 0 || off+len(xs) >= total {
			return nil
		}
	}
}

var formats = map[Kind]format{
	Employees: &table[graph.Employee]{
		kind: Employees, section: "employees",
		fields: []field[graph.Employee]{
			text("id", true, "stable external id, unique among all employees, organisations and persons", func(x *graph.Employee) *string { return &x.ID }),
			text("name", true, "full name", func(x *graph.Employee) *string { return &x.Name }),
			enum("role", true, "director, account_manager, staff or board_member", func(x *graph.Employee) *graph.EmployeeRole { return &x.Role }),
			text("email", false, "e-mail address", func(x *graph.Employee) *string { return &x.Email }),
			text("team", false, "team or department", func(x *graph.Employee) *string { return &x.Team }),
			date("start", false, "first day of employment, YYYY-MM-DD or DD-MM-YYYY; no contact may be dated before it", func(x *graph.Employee) *time.Time { return &x.Start }),
			date("end", false, "last day of employment (empty while employed); no contact may be dated after it, and the employee starts no warm path from the day after", func(x *graph.Employee) *time.Time { return &x.End }),
			source(func(x *graph.Employee) *graph.Source { return &x.Source }),
		},
		add: func(b *graph.Batch, x *graph.Employee) { b.Employees = append(b.Employees, x) },
		find: func(ctx context.Context, s graph.Store, p graph.Page) ([]*graph.Employee, int, error) {
			return s.FindEmployees(ctx, graph.NodeFilter{Page: p})
		},
	},
	Organisations: &table[graph.Organisation]{
		kind: Organisations, section: "organisations",
		fields: append([]field[graph.Organisation]{
			text("id", true, "stable external id, unique among all employees, organisations and persons", func(x *graph.Organisation) *string { return &x.ID }),
			text("name", true, "name", func(x *graph.Organisation) *string { return &x.Name }),
			text("sector", false, "free label, e.g. fund or municipality", func(x *graph.Organisation) *string { return &x.Sector }),
			text("city", false, "city", func(x *graph.Organisation) *string { return &x.City }),
			text("website", false, "web address", func(x *graph.Organisation) *string { return &x.Website }),
			enum("party_type", false, "input, consumer or intermediary; empty when not classified", func(x *graph.Organisation) *graph.PartyType { return &x.PartyType }),
			text("owner_id", false, "id of the employee who owns the relationship", func(x *graph.Organisation) *string { return &x.OwnerID }),
			source(func(x *graph.Organisation) *graph.Source { return &x.Source }),
		}, contribution(func(x *graph.Organisation) *graph.Contribution { return &x.Contribution })...),
		add: func(b *graph.Batch, x *graph.Organisation) { b.Organisations = append(b.Organisations, x) },
		find: func(ctx context.Context, s graph.Store, p graph.Page) ([]*graph.Organisation, int, error) {
			return s.FindOrganisations(ctx, graph.NodeFilter{Page: p})
		},
	},
	Persons: &table[graph.Person]{
		kind: Persons, section: "persons",
		fields: append([]field[graph.Person]{
			text("id", true, "stable external id, unique among all employees, organisations and persons", func(x *graph.Person) *string { return &x.ID }),
			text("name", true, "full name", func(x *graph.Person) *string { return &x.Name }),
			text("email", false, "e-mail address", func(x *graph.Person) *string { return &x.Email }),
			list("other_emails", "further e-mail addresses, separated by spaces", func(x *graph.Person) *[]string { return &x.OtherEmails }),
			text("phone", false, "telephone number", func(x *graph.Person) *string { return &x.Phone }),
			text("title", false, "job title", func(x *graph.Person) *string { return &x.Title }),
			text("linkedin_url", false, "LinkedIn profile address", func(x *graph.Person) *string { return &x.LinkedInURL }),
			enum("party_type", false, "input, consumer or intermediary; empty when not classified", func(x *graph.Person) *graph.PartyType { return &x.PartyType }),
			text("owner_id", false, "id of the employee who owns the relationship", func(x *graph.Person) *string { return &x.OwnerID }),
			flag("do_not_route", "true when the person objected to being an intermediary", func(x *graph.Person) *bool { return &x.DoNotRoute }),
			flag("objects", "true when the person objected to being processed (GDPR Art. 21): left out of every analysis", func(x *graph.Person) *bool { return &x.Objects }),
			date("objected_at", false, "day the objection was received", func(x *graph.Person) *time.Time { return &x.ObjectedAt }),
			source(func(x *graph.Person) *graph.Source { return &x.Source }),
		}, contribution(func(x *graph.Person) *graph.Contribution { return &x.Contribution })...),
		add: func(b *graph.Batch, x *graph.Person) { b.Persons = append(b.Persons, x) },
		find: func(ctx context.Context, s graph.Store, p graph.Page) ([]*graph.Person, int, error) {
			return s.FindPersons(ctx, graph.NodeFilter{Page: p})
		},
	},
	Relationships: &table[graph.Relationship]{
		kind: Relationships, section: "relationships",
		fields: []field[graph.Relationship]{
			enum("type", true, "knows, works_at, board_member_of, member_of, funds, refers_to, partners_with, advises or reports_to", func(x *graph.Relationship) *graph.RelType { return &x.Type }),
			text("from", true, "id of the node the tie starts at", func(x *graph.Relationship) *string { return &x.From }),
			text("to", true, "id of the node the tie ends at", func(x *graph.Relationship) *string { return &x.To }),
			number("strength", true, "tie strength in [0,1], decimal point or comma (0.8 or 0,8)", func(x *graph.Relationship) *float64 { return &x.Strength }),
			text("id", false, "stable external id; empty: type:from:to", func(x *graph.Relationship) *string { return &x.ID }),
			enum("nature", false, "personal, professional or formal", func(x *graph.Relationship) *graph.Nature { return &x.Nature }),
			enum("level", false, "strategic, tactical or operational (ties of our employees only)", func(x *graph.Relationship) *graph.ContactLevel { return &x.Level }),
			date("since", false, "day the tie started, YYYY-MM-DD or DD-MM-YYYY", func(x *graph.Relationship) *time.Time { return &x.Since }),
			date("until", false, "day the tie ended", func(x *graph.Relationship) *time.Time { return &x.Until }),
			source(func(x *graph.Relationship) *graph.Source { return &x.Source }),
			text("note", false, "free text", func(x *graph.Relationship) *string { return &x.Note }),
		},
		add: func(b *graph.Batch, x *graph.Relationship) { b.Relationships = append(b.Relationships, x) },
		find: func(ctx context.Context, s graph.Store, p graph.Page) ([]*graph.Relationship, int, error) {
			return s.FindRelationships(ctx, graph.RelationshipFilter{Page: p})
		},
	},
	Contacts: &table[graph.Contact]{
		kind: Contacts, section: "contacts",
		fields: []field[graph.Contact]{
			date("date", true, "when: YYYY-MM-DD, DD-MM-YYYY or an RFC 3339 time", func(x *graph.Contact) *time.Time { return &x.Date }),
			text("employee_id", true, "id of our employee", func(x *graph.Contact) *string { return &x.EmployeeID }),
			text("stakeholder_id", true, "id of the organisation or person", func(x *graph.Contact) *string { return &x.StakeholderID }),
			enum("mode", true, "meeting, phone, letter, email or event", func(x *graph.Contact) *graph.ContactMode { return &x.Mode }),
			enum("level", false, "strategic, tactical or operational", func(x *graph.Contact) *graph.ContactLevel { return &x.Level }),
			text("note", false, "free text", func(x *graph.Contact) *string { return &x.Note }),
			text("id", false, "stable external id; empty: derived from employee, stakeholder, date and mode", func(x *graph.Contact) *string { return &x.ID }),
		},
		add: func(b *graph.Batch, x *graph.Contact) { b.Contacts = append(b.Contacts, x) },
		find: func(ctx context.Context, s graph.Store, p graph.Page) ([]*graph.Contact, int, error) {
			return s.FindContacts(ctx, graph.ContactFilter{Page: p})
		},
	},
}

// Columns returns the CSV columns of kind k in the order WriteCSV writes
// them, or nil for a kind without a CSV format.
func Columns(k Kind) []Column {
	if f, ok := formats[k]; ok {
		return f.columns()
	}
	return nil
}

// WriteCSV writes every stored record of kind k as CSV with a header row,
// in the columns of Columns(k), so that ReadCSV reads it back. Records come
// in the store's listing order (nodes by name, relationships by id,
// contacts newest first), a page at a time. Cells that a spreadsheet would
// run as a formula are neutralised (CSVWriter); ReadCSV restores them.
func WriteCSV(ctx context.Context, w io.Writer, s graph.Store, k Kind) error {
	f, ok := formats[k]
	if !ok {
		return graph.Invalid("kind", "%q has no CSV format (one of %s)", k, joinKinds(CSVKinds))
	}
	cw := NewCSVWriter(w)
	if err := f.write(ctx, cw, s); err != nil {
		return fmt.Errorf("write %s csv: %w", k, err)
	}
	cw.Flush()
	return cw.Error()
}

// DetectKindJSON reports whether data looks like a JSON document (its
// first character after a byte order mark and white space is '{').
func DetectKindJSON(data []byte) bool {
	k, _ := DetectKind(data)
	return k == JSON
}
