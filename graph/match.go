package graph

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
	"unicode"
	"unicode/utf8"
)

// Matching records from files against what a store holds. Every import
// that brings persons and organisations from outside relmap — a LinkedIn
// export, an address book, the unknown addresses of captured mail and
// calendars — matches them the same way, through one Matcher, so that a
// person is found by their e-mail address, then their profile address,
// then their normalised name, and a near miss is listed for a person to
// confirm rather than merged.

// MatchRule says how a record of a file was matched to a stored one.
type MatchRule string

// The match rules, in the order they are tried.
const (
	MatchEmail MatchRule = "email"        // the same e-mail address, case-insensitively
	MatchURL   MatchRule = "linkedin_url" // the same LinkedIn profile address (see NormalizeLinkedInURL)
	MatchName  MatchRule = "name"         // the same normalised name (see NormalizePersonName, NormalizeOrgName)
)

// DedupEntry is one record's person, or one organisation, in a Dedup
// report.
type DedupEntry struct {
	// Line is the file line of the record (for an organisation: the first
	// record naming it).
	Line int       `json:"line"`
	Kind Kind      `json:"kind"`
	Name string    `json:"name"` // as the file writes it
	ID   string    `json:"id"`   // the id the import uses
	Rule MatchRule `json:"rule,omitempty"`
	// Candidates are, for a near-miss, the ids of the records it resembles.
	Candidates []string `json:"candidates,omitempty"`
	// Reason says, for a near-miss or a skipped record, why.
	Reason string `json:"reason,omitempty"`
}

// Dedup is the de-duplication report of an import matched by a Matcher.
// Every record's person is in exactly one of Merged, NearMisses, New or
// Skipped; every organisation named by a record in one of Merged,
// NearMisses or New.
type Dedup struct {
	// Merged records reuse a stored record (or one of an earlier record):
	// ID is its id, Rule how it matched.
	Merged []DedupEntry `json:"merged"`
	// NearMisses are new records (ID) that resemble stored ones
	// (Candidates): they are not merged; a person must confirm.
	NearMisses []DedupEntry `json:"near_misses"`
	// New records resemble nothing stored.
	New []DedupEntry `json:"new"`
	// Skipped records are not imported; Reason says why.
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

// Existing is what a store holds that an import is matched against (see
// LoadExisting).
type Existing struct {
	Employees     []*Employee
	Organisations []*Organisation
	Persons       []*Person
	// Ties are stored relationships the import must not overwrite: a tie
	// the import would make that is already stored keeps its strength,
	// nature, level, source and note (an empty Since is filled in).
	// LoadExisting puts every works_at tie and the knows ties of every
	// employee here.
	Ties []*Relationship
}

// LoadExisting lists what s holds for an import matched by a Matcher:
// every employee, organisation and person, every works_at tie and the
// knows ties of every employee, a page at a time.
func LoadExisting(ctx context.Context, s Store) (*Existing, error) {
	var ex Existing
	err := eachPage(func(p Page) ([]*Employee, int, error) { return s.FindEmployees(ctx, NodeFilter{Page: p}) },
		func(e *Employee) { ex.Employees = append(ex.Employees, e) })
	if err == nil {
		err = eachPage(func(p Page) ([]*Organisation, int, error) { return s.FindOrganisations(ctx, NodeFilter{Page: p}) },
			func(o *Organisation) { ex.Organisations = append(ex.Organisations, o) })
	}
	if err == nil {
		err = eachPage(func(p Page) ([]*Person, int, error) { return s.FindPersons(ctx, NodeFilter{Page: p}) },
			func(x *Person) { ex.Persons = append(ex.Persons, x) })
	}
	tie := func(r *Relationship) { ex.Ties = append(ex.Ties, r) }
	if err == nil {
		worksAt := RelWorksAt
		err = eachPage(func(p Page) ([]*Relationship, int, error) {
			return s.FindRelationships(ctx, RelationshipFilter{Type: &worksAt, Page: p})
		}, tie)
	}
	knows := RelKnows
	for _, e := range ex.Employees {
		if err != nil {
			break
		}
		id := e.ID
		err = eachPage(func(p Page) ([]*Relationship, int, error) {
			return s.FindRelationships(ctx, RelationshipFilter{NodeID: &id, Type: &knows, Page: p})
		}, tie)
	}
	if err != nil {
		return nil, fmt.Errorf("load existing records: %w", err)
	}
	return &ex, nil
}

// eachPage calls fn on every record find lists, MaxLimit at a time.
func eachPage[T any](find func(Page) ([]*T, int, error), fn func(*T)) error {
	for off := 0; ; off += MaxLimit {
		xs, total, err := find(Page{Offset: off, Limit: MaxLimit})
		if err != nil {
			return err
		}
		for _, x := range xs {
			fn(x)
		}
		if len(xs) == 0 || off+len(xs) >= total {
			return nil
		}
	}
}

// Matcher matches the persons and organisations of a file against what a
// store holds (an Existing) and against the file's earlier records, and
// collects the batch to upsert with the Dedup report and the file line of
// every record.
//
// Persons are matched by e-mail, then profile address, then normalised
// name (a name match is refused when both have different profile
// addresses); organisations by normalised name. A match with exactly one
// record is merged: the record reuses its id; a stored person keeps its
// name, source and everything else, gets the file's Title, its empty
// e-mail, profile address and phone are filled in, and the file's
// further e-mail addresses are added to its OtherEmails (every address
// of a person matches, Email and OtherEmails). A matched organisation is
// not rewritten. Several records matching one rule are not merged but listed
// as near-misses. An unmatched person is a near-miss when a stored one has
// the same surname (tussenvoegsels left out) and first initial, or a
// normalised full name within edit distance 2; an unmatched organisation
// when a stored one's normalised name is within edit distance 2.
// Near-misses are created as new records and listed in the Dedup report
// for a person to confirm. A tie that is already stored is kept as
// stored; only an empty Since is filled in. Generated ids that a different
// stored node already uses get a suffix "-2", "-3"…
type Matcher struct {
	// Batch collects the records to upsert.
	Batch *Batch
	// Dedup is the report.
	Dedup *Dedup
	// Lines holds, per batch section ("persons"), the file line of each
	// record, for mapping the store's problems to lines.
	Lines map[string][]int

	prefix  string // of new ids: prefix+"jan-de-vries", prefix+"org-…"
	source  Source // of new records
	usedIDs map[string]bool

	persons  []*personRec
	byEmail  map[string][]*personRec
	byURL    map[string][]*personRec
	byName   map[string][]*personRec
	orgs     []*orgRec
	orgByKey map[string][]*orgRec
	ties     map[string]*Relationship // stored ties by id
	tieIndex map[string]int           // batch ties by id
}

type personRec struct {
	p       *Person // as stored, or as created by the file
	stored  bool
	inBatch int // index in the batch, -1 when not there yet
	key     string
	tokens  []string // normalised name without tussenvoegsels and titles
}

type orgRec struct {
	o      *Organisation
	stored bool
	key    string
	line   int // first record naming it, for a record of the file
}

// NewMatcher returns a Matcher over what ex holds. New persons get ids
// prefix + a slug ("li-jan-de-vries"), new organisations prefix + "org-" +
// a slug, and both the given source.
func NewMatcher(ex *Existing, prefix string, source Source) *Matcher {
	m := &Matcher{Batch: &Batch{}, Dedup: &Dedup{}, Lines: map[string][]int{},
		prefix: prefix, source: source, usedIDs: map[string]bool{},
		byEmail: map[string][]*personRec{}, byURL: map[string][]*personRec{}, byName: map[string][]*personRec{},
		orgByKey: map[string][]*orgRec{}, ties: map[string]*Relationship{}, tieIndex: map[string]int{}}
	for _, e := range ex.Employees {
		m.usedIDs[e.ID] = true
	}
	for _, o := range ex.Organisations {
		m.usedIDs[o.ID] = true
		m.addOrg(&orgRec{o: o, stored: true, key: NormalizeOrgName(o.Name)})
	}
	for _, p := range ex.Persons {
		m.usedIDs[p.ID] = true
		m.addPerson(&personRec{p: p, stored: true, inBatch: -1})
	}
	for _, r := range ex.Ties {
		m.ties[r.ID] = r
	}
	return m
}

func (m *Matcher) addPerson(pr *personRec) {
	pr.key = NormalizePersonName(pr.p.Name)
	pr.tokens = nameTokens(pr.p.Name, true)
	m.persons = append(m.persons, pr)
	for _, e := range Emails(pr.p) {
		k := strings.ToLower(e)
		m.byEmail[k] = append(m.byEmail[k], pr)
	}
	if u := NormalizeLinkedInURL(pr.p.LinkedInURL); u != "" {
		m.byURL[u] = append(m.byURL[u], pr)
	}
	if pr.key != "" {
		m.byName[pr.key] = append(m.byName[pr.key], pr)
	}
}

func (m *Matcher) addOrg(or *orgRec) {
	m.orgs = append(m.orgs, or)
	if or.key != "" {
		m.orgByKey[or.key] = append(m.orgByKey[or.key], or)
	}
}

// newID returns base, or base with the first free suffix "-2", "-3"…
func (m *Matcher) newID(base string) string {
	id := base
	for n := 2; m.usedIDs[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	m.usedIDs[id] = true
	return id
}

// Skip reports a record of the file that gives no person.
func (m *Matcher) Skip(line int, reason string) {
	m.Dedup.Skipped = append(m.Dedup.Skipped, DedupEntry{Line: line, Kind: KindPerson, Reason: reason})
}

// Person matches the file's person x (first and last are the parts of
// its name as the file gives them, for the near-miss rule; either may be
// empty) or adds it to the batch as new, and returns the id it has.
func (m *Matcher) Person(line int, x *Person, first, last string) string {
	d := m.Dedup
	entry := DedupEntry{Line: line, Kind: KindPerson, Name: x.Name}
	key, u := NormalizePersonName(x.Name), NormalizeLinkedInURL(x.LinkedInURL)
	rules := []struct {
		rule MatchRule
		hits []*personRec
	}{
		{MatchEmail, m.byEmails(x)},
		{MatchURL, m.byURL[u]},
		{MatchName, slices.DeleteFunc(slices.Clone(m.byName[key]), func(pr *personRec) bool {
			v := NormalizeLinkedInURL(pr.p.LinkedInURL)
			return u != "" && v != "" && u != v // two profiles: two people
		})},
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
			m.merge(line, pr, x)
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
		for _, pr := range m.persons {
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
		base = Slug(seg)
	}
	if base == "" {
		base = Slug(x.Name)
	}
	if base == "" {
		sum := sha256.Sum256([]byte(x.LinkedInURL + "\n" + x.Name))
		base = hex.EncodeToString(sum[:4])
	}
	x.ID = m.newID(m.prefix + base)
	if x.Source == "" {
		x.Source = m.source
	}
	pr := &personRec{p: x, inBatch: len(m.Batch.Persons)}
	m.Batch.Persons = append(m.Batch.Persons, x)
	m.Lines["persons"] = append(m.Lines["persons"], line)
	m.addPerson(pr)
	entry.ID = x.ID
	if cands != nil {
		entry.Candidates, entry.Reason = cands, reason
		d.NearMisses = append(d.NearMisses, entry)
	} else {
		d.New = append(d.New, entry)
	}
	return x.ID
}

// byEmails returns the persons that have one of x's e-mail addresses,
// each once.
func (m *Matcher) byEmails(x *Person) []*personRec {
	var out []*personRec
	for _, e := range Emails(x) {
		for _, pr := range m.byEmail[strings.ToLower(e)] {
			if !slices.Contains(out, pr) {
				out = append(out, pr)
			}
		}
	}
	return out
}

// Emails returns p's e-mail addresses: Email (when set), then
// OtherEmails.
func Emails(p *Person) []string {
	if p.Email == "" {
		return p.OtherEmails
	}
	return append([]string{p.Email}, p.OtherEmails...)
}

// merge puts the file's person into the batch as the matched record: its
// id, its name and all else kept; Title from the file; e-mail, profile
// address and phone filled in when empty, and the file's other e-mail
// addresses added to OtherEmails.
func (m *Matcher) merge(line int, pr *personRec, x *Person) {
	var p *Person
	if pr.inBatch >= 0 {
		p = m.Batch.Persons[pr.inBatch]
	} else {
		c := *pr.p
		p = &c
		pr.inBatch = len(m.Batch.Persons)
		m.Batch.Persons = append(m.Batch.Persons, p)
		m.Lines["persons"] = append(m.Lines["persons"], line)
	}
	if x.Title != "" {
		p.Title = x.Title
	}
	for _, e := range Emails(x) {
		k := strings.ToLower(e)
		if slices.ContainsFunc(Emails(p), func(h string) bool { return strings.EqualFold(h, e) }) {
			continue
		}
		if p.Email == "" {
			p.Email = e
		} else if len(p.OtherEmails) < MaxOtherEmails {
			p.OtherEmails = append(slices.Clip(p.OtherEmails), e)
		} else {
			continue
		}
		m.byEmail[k] = append(m.byEmail[k], pr)
	}
	if p.Phone == "" && x.Phone != "" {
		p.Phone = x.Phone
	}
	if p.LinkedInURL == "" && x.LinkedInURL != "" {
		p.LinkedInURL = x.LinkedInURL
		u := NormalizeLinkedInURL(x.LinkedInURL)
		m.byURL[u] = append(m.byURL[u], pr)
	}
}

// Org matches or creates the organisation named name and returns its id.
func (m *Matcher) Org(line int, name string) string {
	d := m.Dedup
	key := NormalizeOrgName(name)
	if hits := m.orgByKey[key]; len(hits) > 0 {
		// Several stored organisations with one name: the first by id.
		or := slices.MinFunc(hits, func(a, b *orgRec) int { return cmp.Compare(a.o.ID, b.o.ID) })
		if or.stored && or.line == 0 {
			or.line = line
			e := DedupEntry{Line: line, Kind: KindOrganisation, Name: name, ID: or.o.ID, Rule: MatchName}
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
	o := &Organisation{ID: m.newID(m.prefix + "org-" + cmp.Or(Slug(key), Slug(name), "x")), Name: name, Source: m.source}
	e := DedupEntry{Line: line, Kind: KindOrganisation, Name: name, ID: o.ID}
	for _, or := range m.orgs {
		if or.key != "" && editDistance(key, or.key) <= 2 {
			e.Candidates = append(e.Candidates, or.o.ID)
		}
	}
	m.Batch.Organisations = append(m.Batch.Organisations, o)
	m.Lines["organisations"] = append(m.Lines["organisations"], line)
	m.addOrg(&orgRec{o: o, key: key, line: line})
	if e.Candidates != nil {
		e.Reason = "a name within 2 edits"
		d.NearMisses = append(d.NearMisses, e)
	} else {
		d.New = append(d.New, e)
	}
	return o.ID
}

// Tie adds a tie to the batch, once, with its id derived from type and
// ends; a stored tie is kept as stored, with an empty Since filled in.
func (m *Matcher) Tie(line int, r *Relationship) {
	r.ID = RelationshipID(r.Type, r.From, r.To)
	if _, ok := m.tieIndex[r.ID]; ok {
		return
	}
	if st, ok := m.ties[r.ID]; ok {
		c := *st
		if c.Since.IsZero() {
			c.Since = r.Since
		}
		r = &c
	}
	m.tieIndex[r.ID] = len(m.Batch.Relationships)
	m.Batch.Relationships = append(m.Batch.Relationships, r)
	m.Lines["relationships"] = append(m.Lines["relationships"], line)
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

// Academic titles and grades written around names, left out of names when
// comparing them.
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

// Slug writes the words of s (accents folded, lower case) with '-'
// between them, ASCII letters and digits only, at most 60 bytes: the
// readable part of generated ids.
func Slug(s string) string {
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
