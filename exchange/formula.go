package exchange

import (
	"encoding/csv"
	"io"
	"strings"
)

// Spreadsheet formula injection (CSV injection). A spreadsheet that opens a
// CSV file runs a cell that starts with '=', '+', '-' or '@' as a formula,
// and Excel also one that starts with a tab or a carriage return followed
// by one: a stored name such as =HYPERLINK("https://evil.example","click")
// becomes a link, a DDE call or a data leak in whoever opens the export.
// OWASP's advice (https://owasp.org/www-community/attacks/CSV_Injection) is
// to prefix such a cell with a single quote, which spreadsheets show as
// text and do not evaluate. Every CSV relmap writes goes through CSVWriter,
// which does that; every CSV relmap reads goes through CSVReader, whose
// Row.Get takes exactly that quote off again, so an export imports back
// unchanged.
//
// Numbers are data, not formulas: a cell that is a plain decimal number
// (plainNumber: an optional '-', digits, optionally a decimal point or
// comma and more digits, such as -0.5) is written as it is, in every
// column, so that negative values stay numbers in a spreadsheet (OWASP
// allows numeric cells to be left alone). No other cell that starts with
// '-' is a number: "-1+2" or "-2+cmd|…" get the quote.
//
// To make the round trip exact for every text, a cell that already starts
// with quotes followed by a trigger character ("'=x") gets one more quote
// too, and the reader takes one quote off any cell that starts with one or
// more quotes followed by a trigger character: NeutraliseCell and
// RestoreCell are inverses. A cell with a quote before anything else ("'x",
// "'5") is left alone both ways.

// formulaStart reports whether c makes a spreadsheet read a cell as a
// formula: '=', '+', '-', '@', tab or carriage return.
func formulaStart(c byte) bool {
	switch c {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// quotedFormula reports whether s is one or more single quotes followed by
// a formula character: what NeutraliseCell writes, and the cells it must
// quote once more to keep the round trip exact.
func quotedFormula(s string) bool {
	rest := strings.TrimLeft(s, "'")
	return len(rest) < len(s) && rest != "" && formulaStart(rest[0])
}

// plainNumber reports whether s is an optional '-', digits, and optionally
// a decimal point or comma followed by digits.
func plainNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if !hasFrac {
		intPart, frac, hasFrac = strings.Cut(s, ",")
	}
	digits := func(x string) bool {
		if x == "" {
			return false
		}
		for i := 0; i < len(x); i++ {
			if x[i] < '0' || x[i] > '9' {
				return false
			}
		}
		return true
	}
	return digits(intPart) && (!hasFrac || digits(frac))
}

// NeutraliseCell returns s as it is safe to write in a CSV file that a
// spreadsheet may open: with a single quote in front when it starts with a
// formula character and is not a plain number, or when it starts with
// quotes followed by a formula character; otherwise s itself.
func NeutraliseCell(s string) string {
	if s == "" {
		return s
	}
	if (formulaStart(s[0]) && !plainNumber(s)) || quotedFormula(s) {
		return "'" + s
	}
	return s
}

// RestoreCell undoes NeutraliseCell: it takes the first quote off a cell
// that starts with one or more quotes followed by a formula character.
func RestoreCell(s string) string {
	if quotedFormula(s) {
		return s[1:]
	}
	return s
}

// CSVWriter is a csv.Writer whose cells are neutralised against formula
// injection (NeutraliseCell). Every CSV file relmap writes — the exports
// of each kind, the conformance table, the segment matrix — is written with
// one.
type CSVWriter struct {
	w   *csv.Writer
	rec []string
}

// NewCSVWriter returns a CSVWriter that writes to w.
func NewCSVWriter(w io.Writer) *CSVWriter { return &CSVWriter{w: csv.NewWriter(w)} }

// Write writes one record, each cell neutralised; rec itself is not
// changed.
func (c *CSVWriter) Write(rec []string) error {
	c.rec = c.rec[:0]
	for _, s := range rec {
		c.rec = append(c.rec, NeutraliseCell(s))
	}
	return c.w.Write(c.rec)
}

// Flush writes any buffered data to the underlying writer.
func (c *CSVWriter) Flush() { c.w.Flush() }

// Error reports any error of a previous Write or Flush.
func (c *CSVWriter) Error() error { return c.w.Error() }
