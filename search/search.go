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
// An entry costs the index 144 bytes beside its strings and their folded
// forms; text that folding leaves as it is, and titles, details and
// folded titles that entries repeat, are kept once (New).
package search

import (
	"cmp"
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
	entries []indexed
}

// indexed is an entry as the index keeps it: its strings and their folded
// forms, and its kind, party type and segment as one pointer to the tags
// it shares with every entry of the same three.
type indexed struct {
	id, name, email, title, detail string
	tags                           *tags
	folded                         [len(fieldNames)]string // name, email, title
	runes                          int32                   // of name, for the ranking
}

type tags struct {
	kind      graph.Kind
	partyType graph.PartyType
	segment   string
}

// entry returns e as it was given.
func (e *indexed) entry() Entry {
	return Entry{ID: e.id, Kind: e.tags.kind, Name: e.name, Email: e.email, Title: e.title, Detail: e.detail,
		PartyType: e.tags.partyType, Segment: e.tags.segment}
}

// New builds an index of entries. Values that many entries repeat (titles,
// details, folded titles, the tags) are kept once, and a field whose
// folded form is itself (a lower-case e-mail address) once with it, so
// that the index holds little beside the strings it is given.
func New(entries []Entry) *Index {
	ix := &Index{entries: make([]indexed, len(entries))}
	shared := map[string]string{}
	once := func(s string) string {
		if t, ok := shared[s]; ok {
			return t
		}
		shared[s] = s
		return s
	}
	tagged := map[tags]*tags{}
	for i, e := range entries {
		t := tags{e.Kind, e.PartyType, e.Segment}
		tp := tagged[t]
		if tp == nil {
			tp = &t
			tagged[t] = tp
		}
		title := once(e.Title)
		ix.entries[i] = indexed{id: e.ID, name: e.Name, email: e.Email, title: title, detail: once(e.Detail), tags: tp,
			folded: [...]string{Fold(e.Name), Fold(e.Email), once(Fold(title))}, runes: int32(utf8.RuneCountInString(e.Name))}
	}
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
		if len(q.Kinds) > 0 && !slices.Contains(q.Kinds, e.tags.kind) {
			continue
		}
		if score, matched, ok := e.match(words, whole); ok {
			found = append(found, scored{int32(i), score, int8(matched)})
		}
	}
	slices.SortFunc(found, func(x, y scored) int {
		a, b := &ix.entries[x.i], &ix.entries[y.i]
		return cmp.Or(cmp.Compare(y.score, x.score), cmp.Compare(a.runes, b.runes),
			cmp.Compare(a.name, b.name), cmp.Compare(a.id, b.id))
	})
	total := len(found)
	from := min(page.Offset, total)
	hits := make([]Hit, 0, min(from+page.Limit, total)-from)
	for _, f := range found[from:min(from+page.Limit, total)] {
		hits = append(hits, Hit{Entry: ix.entries[f.i].entry(), Score: f.score, Matched: fieldNames[f.matched]})
	}
	return hits, total, nil
}

// fieldNames are the fields a query matches, in match's order.
var fieldNames = [...]string{"name", "email", "title"}

// match scores e against the folded query words (see the package doc) and
// returns the score and the field that matched best (an index of
// fieldNames).
func (e *indexed) match(words []string, whole string) (int, int, bool) {
	fields := [len(fieldNames)]struct {
		text                 string
		whole, prefix, inner int
	}{{e.folded[0], 25, 20, 8}, {e.folded[1], 7, 6, 3}, {e.folded[2], 7, 6, 3}}
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
	case e.folded[0] == whole:
		total += 100
	case strings.HasPrefix(e.folded[0], whole):
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
