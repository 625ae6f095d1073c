package capture

import (
	"cmp"
	"context"
	"encoding/hex"
	"errors"
	"io"
	"regexp"
	"strconv"
	"time"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// PartContacts is how many contacts Import hands a store's
// segment.Importer at a time: the contacts of a file are kept small (see
// found) until their part is written, so that memory holds one part's
// graph.Contacts and their plan rather than the whole file's (10^5
// events give some 400,000 contacts).
const PartContacts = 50000

// idBytes is the length of the digest a contact's id is made of.
const idBytes = 12

// origin is where in the file a contact comes from: the line of its
// event or message, and the event's UID or the message's Message-ID.
type origin struct {
	ref  string // the UID or Message-ID; "" for a message without one
	line int
	mail bool
}

// String says the origin as problems name it: "line 12 (event UID)",
// "line 40 (message ID)" or "line 40".
func (o origin) String() string {
	s := "line " + strconv.Itoa(o.line)
	switch {
	case o.ref == "":
	case o.mail:
		s += " (message " + o.ref + ")"
	default:
		s += " (event " + o.ref + ")"
	}
	return s
}

// found is a contact that a file gives, kept in 32 bytes until its part is
// written (a graph.Contact, with its audit fields and the id in hex,
// takes some 300): 10^5 events give some 400,000 contacts. The indexes
// are below 2^31, as memory holds fewer events and messages.
type found struct {
	id               [idBytes]byte // the start of the digest that is its id
	at               int32         // where it comes from, in capturer.origins
	date             int64         // Unix milliseconds, as the store keeps it
	employee, person int32         // in capturer.refs
}

// record sets *x to f as the record to write: mode email for mail,
// meeting for an event.
func (c *capturer) record(f *found, x *graph.Contact) {
	prefix, mode := "cap-cal-", graph.ModeMeeting
	if c.origins[f.at].mail {
		prefix, mode = "cap-mail-", graph.ModeEmail
	}
	*x = graph.Contact{ID: prefix + hex.EncodeToString(f.id[:]), Date: time.UnixMilli(f.date).UTC(),
		EmployeeID: c.refs[f.employee], StakeholderID: c.refs[f.person], Mode: mode}
}

// part is what Import writes at once: the first part holds the records
// the file makes (an address book's persons, organisations and ties, or
// the persons made of unknown addresses, with their lines in the
// matcher's Lines) and the contacts with those persons; every other part
// holds up to Options.PartContacts contacts with stored persons. So no part
// refers to a record of another, and each can be checked alone.
type part struct {
	nodes *graph.Batch // nil but in the first part
	found []found
}

// parts cuts the file's records into parts: nodes and the contacts made
// with them first, then c.found.
func (c *capturer) parts(nodes *graph.Batch, made []found) []part {
	var ps []part
	if nodes.Len() > 0 || len(made) > 0 {
		ps = append(ps, part{nodes: nodes, found: made})
	}
	for _, f := range c.found {
		ps = append(ps, part{found: f})
	}
	return ps
}

// batch returns the records of p to upsert.
func (c *capturer) batch(p part) *graph.Batch {
	var b graph.Batch
	if p.nodes != nil {
		b = *p.nodes
	}
	cs := make([]graph.Contact, len(p.found))
	b.Contacts = make([]*graph.Contact, len(p.found))
	for i := range p.found {
		c.record(&p.found[i], &cs[i])
		b.Contacts[i] = &cs[i]
	}
	return &b
}

// write writes the parts, all or nothing, and returns what the store did
// (or in a dry run would do). A store that is a segment.Importer gets
// them one after the other in one import; another store gets them in one
// Store.Upsert. A dry run, and a check of the parts after one with
// problems, upserts each part alone in a dry run: no part refers to
// another, so the counts are exact and every problem of the file is
// reported, without a transaction holding the whole file (which, in
// Neo4j, the server's memory may not allow). Problems are mapped to
// where in the file their records come from.
func (c *capturer) write(ctx context.Context, s graph.Store, ps []part) (*graph.UpsertResult, error) {
	imp, ok := s.(segment.Importer)
	switch {
	case c.opts.DryRun:
		return c.check(ctx, s, ps, nil)
	case !ok:
		all := part{nodes: &graph.Batch{}}
		for _, p := range ps {
			if p.nodes != nil {
				all.nodes = p.nodes
			}
			all.found = append(all.found, p.found...)
		}
		res, err := s.Upsert(ctx, c.batch(all), graph.UpsertOptions{})
		if err != nil && isInput(err) {
			return nil, capped(c.at(err, all))
		}
		return res, err
	}
	i := 0
	next := func() (*segment.Import, error) {
		if i == len(ps) {
			return nil, io.EOF
		}
		i++
		return &segment.Import{Batch: c.batch(ps[i-1])}, nil
	}
	res, err := imp.Import(ctx, next, graph.UpsertOptions{})
	var pe *segment.PartError
	switch {
	case errors.As(err, &pe):
		_, err := c.check(ctx, s, ps[pe.Part+1:], c.at(pe.Err, ps[pe.Part]))
		return nil, err
	case err != nil && isInput(err):
		return nil, capped(c.at(err, part{}))
	case err != nil:
		return nil, err
	}
	return &res.UpsertResult, nil
}

// check upserts each part in a dry run, and returns the sum of the counts
// or, when there are problems (es, and those of the parts), every one.
func (c *capturer) check(ctx context.Context, s graph.Store, ps []part, es graph.Errors) (*graph.UpsertResult, error) {
	var sum graph.UpsertResult
	for _, p := range ps {
		res, err := s.Upsert(ctx, c.batch(p), graph.UpsertOptions{DryRun: true})
		if err != nil {
			if !isInput(err) {
				return nil, err
			}
			es = append(es, c.at(err, p)...)
			continue
		}
		sum.Add(res)
	}
	if len(es) > 0 {
		return nil, capped(es)
	}
	return &sum, nil
}

// itemIndex finds batch items ("contacts[3]") in the store's problems.
var itemIndex = regexp.MustCompile(`\b(employees|organisations|persons|relationships|contacts)\[(\d+)\]`)

// at maps the store's problems with part p to where in the file their
// records come from: the line of a person, organisation or tie of the
// first part, the event or message of a contact.
func (c *capturer) at(err error, p part) graph.Errors {
	es, ok := err.(graph.Errors)
	if !ok {
		var e *graph.Error
		if !errors.As(err, &e) {
			return graph.Errors{{Code: graph.EINTERNAL, Message: err.Error()}}
		}
		es = graph.Errors{e}
	}
	where := func(sec string, i int) (string, bool) {
		if sec == "contacts" {
			if i < len(p.found) {
				return c.origins[p.found[i].at].String(), true
			}
			return "", false
		}
		if lines := c.m.Lines[sec]; p.nodes != nil && i < len(lines) {
			return "line " + strconv.Itoa(lines[i]), true
		}
		return "", false
	}
	replace := func(s string) string {
		return itemIndex.ReplaceAllStringFunc(s, func(it string) string {
			sm := itemIndex.FindStringSubmatch(it)
			i, _ := strconv.Atoi(sm[2])
			if w, ok := where(sm[1], i); ok {
				return w
			}
			return it
		})
	}
	// The planner names no item in a batch of one record.
	var only string
	nodes := cmp.Or(p.nodes, &graph.Batch{})
	if nodes.Len()+len(p.found) == 1 {
		for _, sec := range []struct {
			name string
			n    int
		}{{"organisations", len(nodes.Organisations)}, {"persons", len(nodes.Persons)}, {"relationships", len(nodes.Relationships)}, {"contacts", len(p.found)}} {
			if sec.n == 1 {
				only, _ = where(sec.name, 0)
			}
		}
	}
	out := make(graph.Errors, len(es))
	for i, e := range es {
		y := *e
		y.Item, y.Message = replace(y.Item), replace(y.Message)
		if y.Item == "" {
			y.Item = only
		}
		out[i] = &y
	}
	return out
}
