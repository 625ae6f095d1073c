package render

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// dotWriter writes a DOT graph whose text depends only on what is written:
// attributes are sorted by key and numbers have one fixed format, so that
// equal pictures give equal bytes (and golden files stay stable).
type dotWriter struct {
	buf bytes.Buffer
}

// attrs is a list of DOT attributes; write sorts it by key. A value is a
// string, always written quoted (so no text from data can end the
// attribute list or start markup), or an htmlLabel, written as an HTML-like
// label. Any other type is a bug of ours and panics.
type attrs map[string]any

// htmlLabel is the markup of an HTML-like label (written as <…>). Only htmlf
// and htmlJoin make one, so its markup is relmap's own and every piece of
// data in it has passed through html: a name can never reach DOT as markup.
type htmlLabel struct{ markup string }

// htmlf formats an HTML-like label. format is relmap's own markup (a
// constant); every string argument is escaped with html, an htmlLabel
// argument is inserted as the markup it already is, and numbers are
// formatted as fmt does.
func htmlf(format string, args ...any) htmlLabel {
	safe := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case string:
			safe[i] = html(v)
		case htmlLabel:
			safe[i] = v.markup
		case int, float64:
			safe[i] = v
		default:
			panic(fmt.Sprintf("render: htmlf argument of type %T", a)) // a bug of ours
		}
	}
	return htmlLabel{fmt.Sprintf(format, safe...)}
}

// htmlJoin concatenates labels with sep between them.
func htmlJoin(parts []htmlLabel, sep htmlLabel) htmlLabel {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteString(sep.markup)
		}
		b.WriteString(p.markup)
	}
	return htmlLabel{b.String()}
}

// line writes one line of DOT text indented by two spaces.
func (w *dotWriter) line(s string) {
	w.buf.WriteString("  ")
	w.buf.WriteString(s)
	w.buf.WriteByte('\n')
}

// comment writes a // comment line.
func (w *dotWriter) comment(s string) {
	w.line("// " + strings.ReplaceAll(s, "\n", " "))
}

// defaults writes a "graph [...]", "node [...]" or "edge [...]" statement.
func (w *dotWriter) defaults(kind string, a attrs) {
	w.line(kind + " " + a.String())
}

// node writes a node statement.
func (w *dotWriter) node(id string, a attrs) {
	w.line(quote(id) + " " + a.String())
}

// edge writes an undirected edge statement.
func (w *dotWriter) edge(from, to string, a attrs) {
	w.line(quote(from) + " -- " + quote(to) + " " + a.String())
}

// String formats the attributes as a DOT attribute list, keys sorted.
// An htmlLabel is written as <markup>; every string is quoted, whatever it
// holds.
func (a attrs) String() string {
	keys := make([]string, 0, len(a))
	for k := range a {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	b.WriteByte('[')
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(k)
		b.WriteByte('=')
		switch v := a[k].(type) {
		case string:
			b.WriteString(quote(v))
		case htmlLabel:
			b.WriteByte('<')
			b.WriteString(v.markup)
			b.WriteByte('>')
		default:
			panic(fmt.Sprintf("render: DOT attribute %s of type %T", k, v)) // a bug of ours
		}
	}
	b.WriteByte(']')
	return b.String()
}

// quote returns s as a DOT double-quoted string. Backslashes are doubled so
// that Graphviz's escapes (\N, \G, \n, \l …) cannot be triggered by names,
// and line breaks become spaces.
func quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		default:
			if unicode.IsControl(r) { // line breaks; and NUL, which Graphviz refuses, in names stored before validation refused it
				b.WriteByte(' ')
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// html escapes s for use inside an HTML-like label. Backslashes are
// doubled: Graphviz expands \N and its kin in HTML labels too.
func html(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		default:
			if unicode.IsControl(r) {
				b.WriteByte(' ')
			} else {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// num formats v with at most two decimals and no trailing zeros: 12.5,
// 100, -3.25. Negative zero and values that round to zero print as "0".
func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		panic(fmt.Sprintf("render: non-finite number %v in DOT", v)) // a bug of ours
	}
	v = math.Round(v*100) / 100
	if v == 0 {
		return "0"
	}
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// pos formats a pinned position in points: "x,y!".
func pos(x, y float64) string { return num(x) + "," + num(y) + "!" }

// inches converts points to inches, the unit of Graphviz's width and height.
func inches(pt float64) string {
	return strconv.FormatFloat(math.Round(pt/72*10000)/10000, 'f', -1, 64)
}
