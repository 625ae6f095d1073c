package capture

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/relmap/relmap/graph"
)

// Kind is the kind of file a capture import reads.
type Kind string

// The kinds of file.
const (
	ICS   Kind = "ics"   // an iCalendar file (RFC 5545): meetings
	MBox  Kind = "mbox"  // an mbox file of mail messages: their headers
	EML   Kind = "eml"   // one mail message (RFC 5322): its headers
	VCard Kind = "vcard" // an address book of vCards (RFC 6350, 2426): persons
)

// Kinds lists the kinds, in the order help texts name them.
var Kinds = []Kind{ICS, MBox, EML, VCard}

// ParseKind returns the kind named s (case-insensitively; "vcf" is
// vcard), and whether s names one.
func ParseKind(s string) (Kind, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "vcf" {
		s = string(VCard)
	}
	k := Kind(s)
	return k, slices.Contains(Kinds, k)
}

// Options modify Import.
type Options struct {
	// DryRun reads, matches and validates, and writes nothing.
	DryRun bool
	// CreateUnknown makes a person of every external address that matches
	// no stored person (matched by name as an address book is, see
	// graph.Matcher); without it such addresses are only listed.
	CreateUnknown bool
	// Now is the import's now: occurrences of events after it are no
	// contacts (yet). Zero means time.Now().
	Now time.Time
	// Progress, when not nil, is told the events, messages or cards read,
	// every 1000.
	Progress func(items int)
	// PartContacts, when positive, replaces PartContacts: how many
	// contacts a store's segment.Importer gets at a time.
	PartContacts int
	// Read, when not nil, is told the report so far (kind, digest, items,
	// skipped; no Result) once the file is read, before anything is
	// written: the audit entry that the write stores with it is made then.
	Read func(*Report)
}

// Skipped counts what gave no contact, and why.
type Skipped struct {
	// Cancelled occurrences (STATUS:CANCELLED).
	Cancelled int `json:"cancelled"`
	// Declined attendees (PARTSTAT=DECLINED), per occurrence.
	Declined int `json:"declined"`
	// Large events or messages: more external attendees, or recipients,
	// than the setting max_participants.
	Large int `json:"large"`
	// MailingList messages (List-Id, Precedence bulk, list or junk).
	MailingList int `json:"mailing_list"`
	// NoPair are occurrences and messages without both one of our
	// employees and an external person.
	NoPair int `json:"no_pair"`
	// Objecting are contacts with, or cards of, persons who object to
	// being processed: nothing about them is stored.
	Objecting int `json:"objecting"`
	// Suppressed are addresses or cards of persons erased at their
	// request: nothing about them is stored.
	Suppressed int `json:"suppressed"`
	// OutsideEmployment are contacts dated before an employee's start or
	// after their end.
	OutsideEmployment int `json:"outside_employment"`
}

// Unknown is an external address that matches no stored person.
type Unknown struct {
	Address string    `json:"address"`
	Name    string    `json:"name,omitempty"` // as a header or CN gives it
	Count   int       `json:"count"`          // contacts it would give
	First   time.Time `json:"first"`
	Last    time.Time `json:"last"`
	// Person is the id of the person made of it (CreateUnknown).
	Person string `json:"person,omitempty"`
}

// Report says what a capture import read and did.
type Report struct {
	Kind Kind `json:"kind"`
	// Digest is the SHA-256 of the file, "sha256:" and hex.
	Digest string `json:"digest"`
	// Items are the events, messages or cards read.
	Items int `json:"items"`
	// Occurrences are the occurrences of events up to now (ics).
	Occurrences int     `json:"occurrences,omitempty"`
	Skipped     Skipped `json:"skipped"`
	// Unknown lists the external addresses that match no stored person,
	// most frequent first.
	Unknown []Unknown `json:"unknown"`
	// Dedup is how the persons of an address book (or, with
	// CreateUnknown, of the unknown addresses) were matched.
	Dedup *graph.Dedup `json:"dedup,omitempty"`
	// Result is what the upsert did (or in a dry run would do).
	Result *graph.UpsertResult `json:"result"`
}

// Summary says the report in a line, for the audit log and the command
// line: the digest and the counts, no personal data.
func (r *Report) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %d items", r.Kind, r.Digest, r.Items)
	if r.Result != nil {
		c := r.Result.Contacts
		p := r.Result.Persons
		fmt.Fprintf(&b, "; contacts %d created, %d updated, %d unchanged; persons %d created, %d updated",
			c.Created, c.Updated, c.Unchanged, p.Created, p.Updated)
	}
	s := r.Skipped
	fmt.Fprintf(&b, "; skipped: %d cancelled, %d declined, %d large, %d mailing list, %d without pair, %d objecting, %d suppressed, %d outside employment; %d unknown addresses",
		s.Cancelled, s.Declined, s.Large, s.MailingList, s.NoPair, s.Objecting, s.Suppressed, s.OutsideEmployment, len(r.Unknown))
	return b.String()
}

// suppressionList is implemented by stores that keep the suppression list
// (both graph stores, graph.PrivacyStore).
type suppressionList interface {
	Suppressions(ctx context.Context) ([]graph.Suppression, error)
}

// Import reads a file of kind k from r and captures it into s, all or
// nothing, in one import of the store (segment.Importer, in parts of
// opts.PartContacts contacts; a store without one gets one Store.Upsert;
// with opts.DryRun nothing is written): an ics file's meetings and an
// mbox's or eml's messages become
// contacts between our employees and the persons stored with their
// addresses; a vcard file's cards become persons (see the package
// documentation). Importing the same file again changes nothing.
//
// Problems of the file are graph.Errors with Item "line N", followed by
// the event's UID or the message's Message-ID where there is one; the
// store's problems are mapped to them. Nothing is written then. Other
// errors are the store's or r's.
func Import(ctx context.Context, s graph.Store, r io.Reader, k Kind, opts Options) (*Report, error) {
	if !slices.Contains(Kinds, k) {
		return nil, graph.Errors{graph.Invalid("kind", "%q is not one of ics, mbox, eml, vcard", k)}
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if opts.PartContacts <= 0 {
		opts.PartContacts = PartContacts
	}
	ex, err := graph.LoadExisting(ctx, s)
	if err != nil {
		return nil, err
	}
	set := graph.DefaultCaptureSettings()
	if cs, ok := s.(graph.CaptureSettingsStore); ok {
		if set, err = cs.CaptureSettings(ctx); err != nil {
			return nil, err
		}
	}
	supp := map[string]bool{}
	if sl, ok := s.(suppressionList); ok {
		list, err := sl.Suppressions(ctx)
		if err != nil {
			return nil, err
		}
		for _, x := range list {
			supp[x.Hash] = true
		}
	}
	h := sha256.New()
	tee := io.TeeReader(r, h)
	c := newCapturer(ex, set, supp, opts)
	c.report.Kind = k
	switch k {
	case ICS:
		cal, err := readCalendar(tee, opts.Progress)
		if err != nil {
			return nil, err
		}
		c.report.Items = len(cal.events)
		cal.occurrences(opts.Now.UTC(), func(o *Occurrence) {
			c.report.Occurrences++
			c.meeting(o)
		})
		if len(cal.problems) > 0 {
			return nil, capped(cal.problems)
		}
	case MBox, EML:
		if err := ReadMail(tee, k == MBox, c.message, opts.Progress); err != nil {
			return nil, capped(err)
		}
	case VCard:
		c.report.Dedup = c.m.Dedup
		if err := ReadCards(tee, c.card, opts.Progress); err != nil {
			return nil, capped(err)
		}
	}
	if _, err := io.Copy(io.Discard, tee); err != nil { // the rest of an .eml: for the digest only
		return nil, err
	}
	c.report.Digest = "sha256:" + hex.EncodeToString(h.Sum(nil))
	ps := c.finish()
	if opts.Read != nil {
		opts.Read(c.report)
	}
	res, err := c.write(ctx, s, ps)
	if err != nil {
		if isInput(err) {
			return nil, err
		}
		return nil, fmt.Errorf("capture %s: %w", k, err)
	}
	c.report.Result = res
	return c.report, nil
}

// capturer maps what a file says to records.
type capturer struct {
	set       graph.CaptureSettings
	opts      Options
	supp      map[string]bool
	employees map[string]*graph.Employee // by address, lower case
	persons   map[string]*graph.Person   // stored, by each address, lower case
	objecting objectingIndex
	m         *graph.Matcher
	report    *Report

	unknown map[string]*Unknown
	firstAt map[string]int32 // unknown address → where it was first seen (in origins)
	pending []pendingContact // contacts with unknown addresses
	found   [][]found        // contacts with stored persons, in parts of PartContacts
	ids     map[[idBytes]byte]struct{}
	buf     []byte // for contact's digests
	// origins are the events and messages that gave contacts, and refs
	// the ids of the employees and persons they are with: found refers
	// to both by index.
	origins  []origin
	refs     []string
	refIndex map[string]int32
}

// pendingContact is a contact with an unknown address, waiting for the
// person made of it (Options.CreateUnknown).
type pendingContact struct {
	address string
	f       found
	key     string
}

// objectingIndex finds stored persons who object by address, profile
// address or normalised name, so that nothing of a file is merged into
// them.
type objectingIndex struct {
	emails, urls, names map[string]bool
}

func (o objectingIndex) has(x *graph.Person) bool {
	for _, e := range graph.Emails(x) {
		if o.emails[strings.ToLower(e)] {
			return true
		}
	}
	if u := graph.NormalizeLinkedInURL(x.LinkedInURL); u != "" && o.urls[u] {
		return true
	}
	n := graph.NormalizePersonName(x.Name)
	return n != "" && o.names[n]
}

func newCapturer(ex *graph.Existing, set graph.CaptureSettings, supp map[string]bool, opts Options) *capturer {
	c := &capturer{set: set, opts: opts, supp: supp, employees: map[string]*graph.Employee{}, persons: map[string]*graph.Person{},
		objecting: objectingIndex{map[string]bool{}, map[string]bool{}, map[string]bool{}},
		m:         graph.NewMatcher(ex, "cap-", graph.SourceCapture), report: &Report{Unknown: []Unknown{}},
		unknown: map[string]*Unknown{}, firstAt: map[string]int32{}, ids: map[[idBytes]byte]struct{}{}, refIndex: map[string]int32{}}
	for _, e := range ex.Employees {
		if e.Email != "" {
			c.employees[strings.ToLower(e.Email)] = e
		}
	}
	// Persons by address; of several with one address the first by id.
	ps := slices.Clone(ex.Persons)
	slices.SortFunc(ps, func(a, b *graph.Person) int { return cmp.Compare(a.ID, b.ID) })
	for _, p := range ps {
		for _, e := range graph.Emails(p) {
			if k := strings.ToLower(e); c.persons[k] == nil {
				c.persons[k] = p
			}
		}
		if p.Objects {
			for _, e := range graph.Emails(p) {
				c.objecting.emails[strings.ToLower(e)] = true
			}
			if u := graph.NormalizeLinkedInURL(p.LinkedInURL); u != "" {
				c.objecting.urls[u] = true
			}
			if n := graph.NormalizePersonName(p.Name); n != "" {
				c.objecting.names[n] = true
			}
		}
	}
	return c
}

// internal reports whether addr is ours: an employee's, or at an internal
// domain.
func (c *capturer) internal(addr string) bool {
	return c.employees[addr] != nil || c.set.InternalAddress(addr)
}

// suppressed reports whether addr belongs to a person erased at their
// request.
func (c *capturer) suppressed(x *graph.Person) bool {
	for _, k := range graph.SuppressionKeys(x) {
		if k.Field != "id" && c.supp[k.Hash] {
			return true
		}
	}
	return false
}

// meeting captures one occurrence of an event.
func (c *capturer) meeting(o *Occurrence) {
	sk := &c.report.Skipped
	if o.Cancelled {
		sk.Cancelled++
		return
	}
	sk.Declined += o.Declined
	var emps []*graph.Employee
	var ext []Participant
	for _, p := range o.Participants {
		if e := c.employees[p.Address]; e != nil {
			emps = append(emps, e)
		} else if !c.internal(p.Address) {
			ext = append(ext, p)
		}
	}
	if len(ext) > c.set.MaxParticipants {
		sk.Large++
		return
	}
	if len(emps) == 0 || len(ext) == 0 {
		sk.NoPair++
		return
	}
	at := c.origin(origin{line: o.line, ref: o.UID})
	key := "cal\x00" + o.UID + "\x00" + o.RecurrenceID
	for _, e := range emps {
		for _, p := range ext {
			c.pair(e, p.Address, p.Name, o.Start, key, at)
		}
	}
}

// message captures one mail message.
func (c *capturer) message(m *Message) {
	c.report.Items++
	sk := &c.report.Skipped
	switch {
	case m.List:
		sk.MailingList++
		return
	case m.Recipients() > c.set.MaxParticipants:
		sk.Large++
		return
	}
	at := c.origin(origin{line: m.line, ref: m.ID, mail: true})
	d := day(m.Date)
	key := "mail\x00" + d.Format(time.DateOnly)
	type pair struct {
		e    *graph.Employee
		addr *mail.Address
	}
	var pairs []pair
	recipients := append(slices.Clone(m.To), m.Cc...)
	if e := c.employees[m.From.Address]; e != nil {
		for _, r := range recipients {
			if !c.internal(r.Address) {
				pairs = append(pairs, pair{e, r})
			}
		}
	} else if !c.internal(m.From.Address) {
		for _, r := range recipients {
			if e := c.employees[r.Address]; e != nil {
				pairs = append(pairs, pair{e, m.From})
			}
		}
	}
	if len(pairs) == 0 {
		sk.NoPair++
		return
	}
	for _, p := range pairs {
		c.pair(p.e, p.addr.Address, p.addr.Name, d, key, at)
	}
}

// pair captures a contact between employee e and the external address
// addr (name as the file gives it) at date, from the event or message at:
// with the stored person of that address, or, for an unknown address,
// listed (and kept pending, for CreateUnknown). key and the two ids make
// the contact's id.
func (c *capturer) pair(e *graph.Employee, addr, name string, date time.Time, key string, at int32) {
	sk := &c.report.Skipped
	d := day(date.UTC())
	if !e.Start.IsZero() && d.Before(e.Start) || !e.End.IsZero() && d.After(e.End) {
		sk.OutsideEmployment++
		return
	}
	f := found{date: date.UnixMilli(), employee: c.ref(e.ID), at: at}
	if p := c.persons[addr]; p != nil {
		if p.Objects {
			sk.Objecting++
			return
		}
		if c.contact(&f, p.ID, key) {
			// In parts of their own, so that no copy of all of them
			// is made as they grow.
			if n := len(c.found); n == 0 || len(c.found[n-1]) == c.opts.PartContacts {
				c.found = append(c.found, nil)
			}
			last := &c.found[len(c.found)-1]
			*last = append(*last, f)
		}
		return
	}
	probe := &graph.Person{Email: addr}
	if c.suppressed(probe) {
		sk.Suppressed++
		return
	}
	if c.objecting.has(&graph.Person{Email: addr, Name: name}) {
		sk.Objecting++
		return
	}
	u := c.unknown[addr]
	if u == nil {
		u = &Unknown{Address: addr, First: date, Last: date}
		c.unknown[addr] = u
		c.firstAt[addr] = at
	}
	if u.Name == "" {
		u.Name = strings.TrimSpace(name)
	}
	u.Count++
	if date.Before(u.First) {
		u.First = date
	}
	if date.After(u.Last) {
		u.Last = date
	}
	c.pending = append(c.pending, pendingContact{address: addr, f: f, key: key})
}

// contact makes f a contact with the person id, and reports whether it is
// the first with its id: the id is a digest of key, the employee and the
// person, so that the same meeting or the same day's mail captured again
// is the same contact.
func (c *capturer) contact(f *found, person, key string) bool {
	c.buf = append(append(append(append(append(c.buf[:0], key...), 0), c.refs[f.employee]...), 0), person...)
	sum := sha256.Sum256(c.buf)
	copy(f.id[:], sum[:idBytes])
	if _, ok := c.ids[f.id]; ok {
		return false
	}
	c.ids[f.id] = struct{}{}
	f.person = c.ref(person)
	return true
}

// origin returns the index of o in c.origins, added when it is not the
// last one there (the occurrences of an event come one after the other).
func (c *capturer) origin(o origin) int32 {
	if n := len(c.origins); n > 0 && c.origins[n-1] == o {
		return int32(n - 1)
	}
	c.origins = append(c.origins, o)
	return int32(len(c.origins) - 1)
}

// ref returns the index of the record id in c.refs, added when it is not
// there.
func (c *capturer) ref(id string) int32 {
	i, ok := c.refIndex[id]
	if !ok {
		i = int32(len(c.refs))
		c.refs = append(c.refs, id)
		c.refIndex[id] = i
	}
	return i
}

// card captures one vCard as a person.
func (c *capturer) card(k *Card) {
	c.report.Items++
	x := &graph.Person{Name: k.Name, Phone: k.Phone, Title: k.Title, LinkedInURL: k.LinkedInURL, Source: graph.SourceCapture}
	if len(k.Emails) > 0 {
		x.Email, x.OtherEmails = k.Emails[0], k.Emails[1:]
	}
	switch {
	case c.suppressed(x):
		c.report.Skipped.Suppressed++
		c.m.Skip(k.line, "the person was erased at their request")
		return
	case c.objecting.has(x):
		c.report.Skipped.Objecting++
		c.m.Skip(k.line, "the person objects to being processed")
		return
	}
	for _, e := range graph.Emails(x) {
		if c.internal(strings.ToLower(e)) {
			c.m.Skip(k.line, "one of our own addresses")
			return
		}
	}
	id := c.m.Person(k.line, x, k.First, k.Last)
	if k.Org != "" {
		oid := c.m.Org(k.line, k.Org)
		c.m.Tie(k.line, &graph.Relationship{Type: graph.RelWorksAt, From: id, To: oid,
			Strength: DefaultWorksAtStrength, Nature: graph.NatureProfessional, Source: graph.SourceCapture})
	}
}

// DefaultWorksAtStrength is the strength of the works_at tie an address
// book's organisation gives (as a LinkedIn import's).
const DefaultWorksAtStrength = 0.5

// finish lists the unknown addresses, makes persons of them when asked,
// and returns the parts to write (see parts).
func (c *capturer) finish() []part {
	addrs := make([]string, 0, len(c.unknown))
	for a := range c.unknown {
		addrs = append(addrs, a)
	}
	slices.Sort(addrs)
	var made []found // the contacts with the persons made
	if c.opts.CreateUnknown {
		c.report.Dedup = c.m.Dedup
		ids := map[string]string{}
		for _, a := range addrs {
			u := c.unknown[a]
			x := &graph.Person{Name: cmp.Or(u.Name, a), Email: a, Source: graph.SourceCapture}
			first, last := splitName(u.Name)
			u.Person = c.m.Person(c.origins[c.firstAt[a]].line, x, first, last)
			ids[a] = u.Person
		}
		for _, p := range c.pending {
			if c.contact(&p.f, ids[p.address], p.key) {
				made = append(made, p.f)
			}
		}
	}
	c.pending = nil
	for _, a := range addrs {
		c.report.Unknown = append(c.report.Unknown, *c.unknown[a])
	}
	slices.SortStableFunc(c.report.Unknown, func(a, b Unknown) int { return cmp.Compare(b.Count, a.Count) })
	ps := c.parts(c.m.Batch, made)
	c.found, c.ids = nil, nil
	return ps
}

// splitName splits a display name into first and last name: "Jan de
// Vries" is Jan, de Vries; "Vries, Jan de" is Jan de, Vries.
func splitName(s string) (first, last string) {
	if l, f, ok := strings.Cut(s, ","); ok {
		return strings.TrimSpace(f), strings.TrimSpace(l)
	}
	f, l, _ := strings.Cut(strings.TrimSpace(s), " ")
	return f, l
}

// MaxProblems is the most problems an import reports; one more says how
// many there were.
const MaxProblems = 100

// capped returns at most MaxProblems of err's problems, and one saying
// how many more there were.
func capped(err error) error {
	es, ok := err.(graph.Errors)
	if !ok || len(es) <= MaxProblems {
		return err
	}
	out := slices.Clone(es[:MaxProblems])
	return append(out, graph.Invalid("", "and %d more problems", len(es)-MaxProblems))
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
