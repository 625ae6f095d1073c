// Package search finds employees, organisations and persons by what a user
// types: part of a name, an e-mail address or a title, in any case and
// with or without accents ("dorp" finds "Ðorp", "jose" finds "José",
// "ijssel" finds "Ĳsselmonde"). It is what the web page's search box and
// every field that takes a stakeholder ask while the user types.
//
// # Matching
//
// Text is folded before it is compared (Fold): decomposed (Unicode NFKD),
// stripped of combining marks, lower-cased, with the letters that do not
// decompose spelled out (ß → ss, ø → o, æ → ae, œ → oe, ł → l, đ/ð → d,
// þ → th, ĳ → ij). A query is split into words at anything that is not a
// letter or a digit; an entry matches when every word of the query is
// found in one of its fields — name, e-mail, title — as the start of one
// of the field's words (a prefix) or anywhere inside it (a substring).
//
// # Ranking
//
// Each query word scores by where and how it matched, the best of the
// fields:
//
//	name, a whole word          25     e-mail or title, a whole word          7
//	name, the start of a word   20     e-mail or title, the start of a word   6
//	name, inside a word          8     e-mail or title, inside a word         3
//
// plus 100 when the whole folded query is the whole folded name, and 40
// when the name starts with it. Entries are ranked by score, then by the
// length of the name in characters (shorter first: "Fonds X" before
// "Fonds X Noord"), then by name and id. So "jan" ranks Jan de Vries
// before Jans Bakker, Anna Jansen and Marjan Smit, and an exact name
// first.
//
// # Cost
//
// An Index holds every entry with its fields folded once; a query scans
// them all, O(n × fields × query words) substring tests, and ranks the
// matches as (index, score) pairs before it makes the page's hits.
// BenchmarkFind, on a loaded 2-core machine at the 20,000-person demo
// (27,500 organisations and persons): "jan" about 6 ms, "j" (which matches
// most of them) about 18 ms — well within the 100 ms a keystroke allows,
// without an inverted index to keep up to date.
//
// An entry costs the index 72 bytes beside its text, which the index keeps
// in one string: its fields as spans of it (was 144 bytes of string
// headers and a pointer, 19 MiB at the 100,000-person demo's 137,000
// entries). Text that folding leaves as it is, and titles, details and
// folded titles that entries repeat, are kept once (New).
package search

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/relmap/relmap/graph"
)

// Entry is one searchable record: an employee, an organisation or a
// person, with the fields a query matches and what a hit shows of it.
type Entry struct {
	ID   string     `json:"id"`
	Kind graph.Kind `json:"kind"`
	Name string     `json:"name"`
	// Email and Title are matched too; Title is a person's title, or an
	// employee's role.
	Email string `json:"email,omitempty"`
	Title string `json:"title,omitempty"`
	// Detail is shown under the name and not matched: for a person the
	// organisations they work at, for an organisation its sector and
	// city, for an employee the team.
	Detail    string          `json:"detail,omitempty"`
	PartyType graph.PartyType `json:"party_type,omitempty"`
	// Segment is the stakeholder's segment (invest, develop, …); empty for
	// employees and where the store keeps none.
	Segment string `json:"segment,omitempty"`
}

// Hit is an entry that matched a query, with its score and the field that
// matched best ("name", "email" or "title").
type Hit struct {
	Entry
	Score   int    `json:"score"`
	Matched string `json:"matched"`
}

// Index is a searchable set of entries. It is immutable once built and
// safe for concurrent use.
type Index struct {
	// text holds the entries' fields and their folded forms back to back,
	// each text that several fields share (a title, a detail, an e-mail
	// address that folding leaves as it is) once.
	text    string
	entries []indexed
	tags    []tags // the distinct kinds, party types and segments
}

// span is a field of an entry: Index.text[at : at+n].
type span struct{ at, n uint32 }

// The fields of indexed: what Entry gives, then the folded forms that
// match compares.
const (
	fID = iota
	fName
	fEmail
	fTitle
	fDetail
	fFolded // the folded name, e-mail and title, in fieldNames' order
	nFields = fFolded + len(fieldNames)
)

// indexed is an entry as the index keeps it: its fields and their folded
// forms as spans of Index.text, its kind, party type and segment as an
// index in Index.tags, and the length of its name in characters (for the
// ranking). 72 bytes.
type indexed struct {
	field [nFields]span
	runes int32
	tags  uint32
}

type tags struct {
	kind      graph.Kind
	partyType graph.PartyType
	segment   string
}

// str returns the text of sp.
func (ix *Index) str(sp span) string { return ix.text[sp.at : sp.at+sp.n] }

// entry returns entry i as it was given.
func (ix *Index) entry(i int32) Entry {
	e := &ix.entries[i]
	t := &ix.tags[e.tags]
	return Entry{ID: ix.str(e.field[fID]), Kind: t.kind, Name: ix.str(e.field[fName]), Email: ix.str(e.field[fEmail]),
		Title: ix.str(e.field[fTitle]), Detail: ix.str(e.field[fDetail]), PartyType: t.partyType, Segment: t.segment}
}

// New builds an index of entries. It copies their text into one string,
// so that an entry costs the index 72 bytes beside its text, and a text
// that many entries repeat (a title, a detail, a folded title) or that
// folding leaves as it is (a lower-case e-mail address) once. New panics
// when the text exceeds 4 GiB.
func New(entries []Entry) *Index {
	ix := &Index{entries: make([]indexed, len(entries))}
	size := 0
	for i := range entries {
		e := &entries[i]
		size += len(e.ID) + 2*len(e.Name) + len(e.Email)
	}
	var text strings.Builder
	text.Grow(size) // the folded names about as long as the names; titles and details shared
	add := func(s string) span {
		if text.Len()+len(s) > math.MaxUint32 {
			panic("search: more than 4 GiB of text")
		}
		sp := span{uint32(text.Len()), uint32(len(s))}
		text.WriteString(s)
		return sp
	}
	shared := map[string]span{}
	once := func(s string) span {
		sp, ok := shared[s]
		if !ok {
			sp = add(s)
			shared[s] = sp
		}
		return sp
	}
	// folded adds Fold(s), or reuses s's own span when folding leaves it
	// as it is.
	folded := func(s string, sp span) span {
		if f := Fold(s); f != s {
			return add(f)
		}
		return sp
	}
	tagged := map[tags]uint32{}
	for i := range entries {
		e := &entries[i]
		t := tags{e.Kind, e.PartyType, e.Segment}
		ti, ok := tagged[t]
		if !ok {
			ti = uint32(len(ix.tags))
			ix.tags = append(ix.tags, t)
			tagged[t] = ti
		}
		x := &ix.entries[i]
		x.tags, x.runes = ti, int32(utf8.RuneCountInString(e.Name))
		x.field[fID], x.field[fName], x.field[fEmail] = add(e.ID), add(e.Name), add(e.Email)
		x.field[fTitle], x.field[fDetail] = once(e.Title), once(e.Detail)
		x.field[fFolded], x.field[fFolded+1] = folded(e.Name, x.field[fName]), folded(e.Email, x.field[fEmail])
		x.field[fFolded+2] = once(Fold(e.Title))
	}
	// The builder's buffer has grown by doubling: keep the text in a
	// string of its own size.
	ix.text = strings.Clone(text.String())
	return ix
}

// Len returns the number of entries.
func (ix *Index) Len() int { return len(ix.entries) }

// Query is what to search for.
type Query struct {
	// Text is what the user typed; it must hold at least one letter or
	// digit.
	Text string
	// Kinds keeps only entries of these kinds; empty means all.
	Kinds []graph.Kind
	graph.Page
}

// Find returns the page of q.Page of the entries that match q, best first,
// and the number of matches. A query without a letter or digit is an input
// error (graph.EINVALID on field "q"), as is a bad page or kind.
func (ix *Index) Find(q Query) ([]Hit, int, error) {
	words := Words(q.Text)
	if len(words) == 0 {
		return nil, 0, graph.Invalid("q", "type at least one letter or digit")
	}
	for _, k := range q.Kinds {
		if k != graph.KindEmployee && !k.IsStakeholder() {
			return nil, 0, graph.Invalid("kind", "%q is not employee, organisation or person", k)
		}
	}
	page, err := q.Page.Normalize()
	if err != nil {
		return nil, 0, err
	}
	whole := strings.Join(words, " ")
	// Score every entry, keeping only its index and score; rank; then make
	// the hits of the page. A one-letter query matches most of 27,000
	// entries: ranking small values keeps it well within a keystroke.
	type scored struct {
		i       int32
		score   int
		matched int8
	}
	var found []scored
	for i := range ix.entries {
		e := &ix.entries[i]
		if len(q.Kinds) > 0 && !slices.Contains(q.Kinds, ix.tags[e.tags].kind) {
			continue
		}
		if score, matched, ok := ix.match(e, words, whole); ok {
			found = append(found, scored{int32(i), score, int8(matched)})
		}
	}
	slices.SortFunc(found, func(x, y scored) int {
		a, b := &ix.entries[x.i], &ix.entries[y.i]
		return cmp.Or(cmp.Compare(y.score, x.score), cmp.Compare(a.runes, b.runes),
			cmp.Compare(ix.str(a.field[fName]), ix.str(b.field[fName])), cmp.Compare(ix.str(a.field[fID]), ix.str(b.field[fID])))
	})
	total := len(found)
	from := min(page.Offset, total)
	hits := make([]Hit, 0, min(from+page.Limit, total)-from)
	for _, f := range found[from:min(from+page.Limit, total)] {
		hits = append(hits, Hit{Entry: ix.entry(f.i), Score: f.score, Matched: fieldNames[f.matched]})
	}
	return hits, total, nil
}

// fieldNames are the fields a query matches, in match's order.
var fieldNames = [...]string{"name", "email", "title"}

// match scores e against the folded query words (see the package doc) and
// returns the score and the field that matched best (an index of
// fieldNames).
func (ix *Index) match(e *indexed, words []string, whole string) (int, int, bool) {
	name := ix.str(e.field[fFolded])
	fields := [len(fieldNames)]struct {
		text                 string
		whole, prefix, inner int
	}{{name, 25, 20, 8}, {ix.str(e.field[fFolded+1]), 7, 6, 3}, {ix.str(e.field[fFolded+2]), 7, 6, 3}}
	total := 0
	var best [len(fields)]int
	for _, w := range words {
		score, field := 0, 0
		for fi, f := range fields {
			s := 0
			switch start, whole := wordAt(f.text, w); {
			case f.text == "":
			case whole:
				s = f.whole
			case start:
				s = f.prefix
			case strings.Contains(f.text, w):
				s = f.inner
			}
			if s > score {
				score, field = s, fi
			}
		}
		if score == 0 {
			return 0, 0, false
		}
		total += score
		best[field] += score
	}
	switch {
	case name == whole:
		total += 100
	case strings.HasPrefix(name, whole):
		total += 40
	}
	top := 0
	for fi := range fields {
		if best[fi] > best[top] {
			top = fi
		}
	}
	return total, top, true
}

// wordAt reports whether w starts one of the words of text (folded text:
// words are separated by anything but letters and digits), and whether it
// is one of them whole.
func wordAt(text, w string) (start, whole bool) {
	for i := 0; i < len(text); {
		j := strings.Index(text[i:], w)
		if j < 0 {
			return start, false
		}
		at := i + j
		if at == 0 || !isWordByte(text[at-1]) {
			start = true
			if end := at + len(w); end == len(text) || !isWordByte(text[end]) {
				return true, true
			}
		}
		i = at + 1
	}
	return start, false
}

// isWordByte reports whether b is part of a word of folded text, which is
// ASCII letters and digits after folding — or any byte of a multi-byte
// letter that has no ASCII spelling.
func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= 0x80
}

// Words folds s and splits it into words at anything that is not a letter
// or a digit.
func Words(s string) []string {
	return strings.FieldsFunc(Fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// folded reports whether s is ASCII without upper-case letters, which Fold
// returns as it is.
func folded(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || c >= 'A' && c <= 'Z' {
			return false
		}
	}
	return true
}

// spelled are letters that do not decompose into a base letter and marks.
var spelled = map[rune]string{
	'ß': "ss", 'ø': "o", 'æ': "ae", 'œ': "oe", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th", 'ı': "i",
}

// Fold returns s as search compares it: NFKD-decomposed, without combining
// marks, lower-cased, with the letters of spelled spelled out. The
// compatibility decomposition also splits ligatures: "ĳ" becomes "ij" and
// "ﬁ" "fi".
func Fold(s string) string {
	if folded(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		if sp, ok := spelled[r]; ok {
			b.WriteString(sp)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
