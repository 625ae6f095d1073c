package exchange

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/relmap/relmap/graph"
)

var personColumns = []Column{{Name: "id", Required: true}, {Name: "name", Required: true}, {Name: "email"}}

// readAll reads a CSV file of personColumns from r: the rows as "line:
// cells" and the problems as "line N | field | message", in order, or the
// error of NewCSVReaderFrom.
func readAll(t *testing.T, r io.Reader) (rows, problems []string, err error) {
	t.Helper()
	cr, err := NewCSVReaderFrom(r, personColumns)
	if err != nil {
		return nil, nil, err
	}
	for {
		row, err := cr.Next()
		if err == io.EOF {
			return rows, problems, nil
		}
		var e *graph.Error
		switch {
		case errors.As(err, &e):
			problems = append(problems, fmt.Sprintf("%s | %s | %s", e.Item, e.Field, e.Message))
		case err != nil:
			return rows, problems, err
		default:
			rows = append(rows, fmt.Sprintf("%d: %s %s %s", row.Line, row.Get("id"), row.Get("name"), row.Get("email")))
		}
	}
}

// personsOver returns a persons file of header and rows "per-i,Person
// i," (row i on line i+2) that is longer than SniffBytes, and the number
// of its rows: each row is 16 to 22 bytes, so 5,000 rows (about 100 KB)
// go past the 64 KiB.
func personsOver() (string, int) {
	var b strings.Builder
	b.WriteString("id,name,email\n")
	const n = 5000
	for i := range n {
		fmt.Fprintf(&b, "per-%d,Person %d,\n", i, i)
	}
	if b.Len() <= SniffBytes {
		panic("personsOver is too short")
	}
	return b.String(), n
}

// TestCSVReaderChunks reads files through readers that hand out one byte
// at a time (so a byte order mark, a rune and "\r\n" are cut up) and half
// of what is asked: the rows and problems are those of one read of the
// whole file. The files are the problem cases of csv_test.go.
func TestCSVReaderChunks(t *testing.T) {
	over, _ := personsOver()
	for _, data := range []string{
		"\uFEFFid;name;email\r\nper-1;Jos\u00e9;jos@example.org\r\n\r\nper-2;\u20ac uro;\r\n",
		"id,name,email\nper-1,\"never closed\n",
		"id,name,email\nper-1,\"closed\"\nper-2,two,fields,extra\n",
		"id,name\n\x00\x01\x02",
		"id,name\nper-1,Jos\xe9\n",
		"id,name\nper-1,Jos\xe2\x82",
		"",
		" \n\t\n",
		"ID,Naam,Email,email\n",
		over,
		over + "per-x,\"unclosed\nper-y,y,\n",
		over + "per-x,X\x00,\n",
		over + "per-x,Jos\xe9,\n",
	} {
		wantRows, wantProblems, wantErr := readAll(t, strings.NewReader(data))
		for name, r := range map[string]io.Reader{
			"one byte": iotest.OneByteReader(strings.NewReader(data)),
			"half":     iotest.HalfReader(strings.NewReader(data)),
		} {
			rows, problems, err := readAll(t, r)
			if fmt.Sprint(err) != fmt.Sprint(wantErr) || !equal(rows, wantRows) || !equal(problems, wantProblems) {
				t.Errorf("%q read %s at a time:\n%v\n%q\n%q\nwant\n%v\n%q\n%q", data[:min(len(data), 60)], name, err, rows, problems, wantErr, wantRows, wantProblems)
			}
		}
	}
}

func equal(a, b []string) bool { return strings.Join(a, "\n") == strings.Join(b, "\n") }

// TestCSVReaderAfterSniff: a NUL byte, invalid UTF-8 and an unclosed quote
// after the first SniffBytes are problems of their lines, returned by Next
// after the rows before them, and end the file; a rune cut by the
// SniffBytes boundary is read whole.
func TestCSVReaderAfterSniff(t *testing.T) {
	over, n := personsOver()
	last := n + 2 // the line after the last row: the header is line 1, row i line i+2
	for _, tc := range []struct {
		name, tail string
		problem    string // the last problem; "" for none
		rows       int
	}{
		{"NUL", "per-x,X\x00,\nper-y,Y,\n", fmt.Sprintf("line %d |  | the file holds binary data (a NUL byte); give a CSV text file", last), n},
		// The source hands on the bytes before the bad one and stops: the
		// row of line last is cut off, and not returned.
		{"not UTF-8", "per-x,X,\nper-y,Jos\xe9,\nper-z,Z,\n", fmt.Sprintf("line %d |  | the file is not UTF-8 (byte 0xe9); save it as \"CSV UTF-8\"", last+1), n + 1},
		{"cut rune at the end", "per-x,X,\nper-y,Jos\xe2\x82", fmt.Sprintf("line %d |  | the file is not UTF-8 (byte 0xe2); save it as \"CSV UTF-8\"", last+1), n + 1},
		// The quote opens the second field: "per-x," is 6 bytes, so column 7.
		{"unclosed", "per-x,\"open\nper-y,Y,\n", fmt.Sprintf("line %d |  | the quote opened in column 7 is never closed", last), n},
		{"closed at the end", "per-x,X,\"open\nper-y\"", "", n + 1},
		{"blank lines", strings.Repeat("\r\n", SniffBytes) + "per-x,X,\n", "", n + 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, problems, err := readAll(t, strings.NewReader(over+tc.tail))
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if len(problems) > 0 {
				got = problems[len(problems)-1]
			}
			if got != tc.problem || len(problems) > 1 || len(rows) != tc.rows {
				t.Errorf("%d rows, problems %q; want %d rows, problem %q", len(rows), problems, tc.rows, tc.problem)
			}
		})
	}

	// "€" is 3 bytes: put its second byte at SniffBytes, so that the sniffed
	// start ends in the middle of it.
	head := "id,name,email\nper-1,"
	pad := strings.Repeat("x", SniffBytes-len(head)-1)
	data := head + pad + "\u20ac,\nper-2,Two,\n"
	rows, problems, err := readAll(t, strings.NewReader(data))
	if err != nil || len(problems) > 0 || len(rows) != 2 || !strings.HasSuffix(rows[0], pad+"\u20ac ") {
		t.Errorf("a rune across the sniffed start: %v %q %d rows", err, problems, len(rows))
	}
}

// TestCSVReaderStart: the checks of the file as a whole look past
// SniffBytes when they must: a file of white space only is empty however
// long, and the header after a long run of blank lines is found, its rows
// on their lines (and its delimiter taken from it).
func TestCSVReaderStart(t *testing.T) {
	space := strings.Repeat(" \r\n\u3000", SniffBytes/2) // U+3000 is an ideographic space
	for _, r := range []io.Reader{strings.NewReader(space), iotest.OneByteReader(strings.NewReader(space))} {
		_, _, err := readAll(t, r)
		if got := fmt.Sprint(err); got != "invalid: the file is empty; it needs a header row naming its columns, e.g. id,name" {
			t.Errorf("white space only: %v", got)
		}
	}
	// The header is on line SniffBytes+1, the row on the line after.
	rows, problems, err := readAll(t, strings.NewReader(strings.Repeat("\n", SniffBytes)+"id;name\nper-1;Jo\n"))
	if want := fmt.Sprintf("%d: per-1 Jo ", SniffBytes+2); err != nil || len(problems) > 0 || len(rows) != 1 || rows[0] != want {
		t.Errorf("after blank lines: %v %q %q, want %q", err, rows, problems, want)
	}
}

// TestCSVReaderError: an error of the reader under the file is Next's
// error as it is, not a problem of the file.
func TestCSVReaderError(t *testing.T) {
	over, _ := personsOver()
	broken := errors.New("disk on fire")
	r := io.MultiReader(strings.NewReader(over), iotest.ErrReader(broken))
	_, _, err := readAll(t, r)
	if !errors.Is(err, broken) {
		t.Errorf("err %v, want %v", err, broken)
	}
	if _, err := NewCSVReaderFrom(iotest.ErrReader(broken), personColumns); !errors.Is(err, broken) {
		t.Errorf("NewCSVReaderFrom: %v, want %v", err, broken)
	}
}

// TestCSVReaderBounded reads a file of 20 MB, made as it is read, with
// runs of blank lines: the bytes the reader keeps stay under 1 MiB. It
// keeps the record being read and what encoding/csv has read ahead (4 KiB)
// and drops what it kept when that is more than 64 KiB and half of it, so
// it holds under 2·(64 KiB + a record + 4 KiB).
func TestCSVReaderBounded(t *testing.T) {
	const n = 400000
	i := -1
	gen := &chunks{next: func() []byte {
		i++
		switch {
		case i == 0:
			return []byte("id,name,email\n")
		case i > n:
			return nil
		case i%1000 == 0:
			return bytes.Repeat([]byte("\n"), 100000)
		}
		return fmt.Appendf(nil, "per-%d,Person %d,person%d@example.org\n", i, i, i)
	}}
	cr, err := NewCSVReaderFrom(gen, personColumns)
	if err != nil {
		t.Fatal(err)
	}
	rows, most := 0, 0
	for {
		_, err := cr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		rows++
		most = max(most, cap(cr.src.keep))
	}
	// Rows 1…n, less the n/1000 turns that give blank lines instead.
	if want := n - n/1000; rows != want || most > 1<<20 {
		t.Errorf("%d rows, kept up to %d bytes; want %d rows, under 1 MiB", rows, most, want)
	}
}

// chunks is an io.Reader of the chunks next returns, until nil.
type chunks struct {
	next func() []byte
	buf  []byte
}

func (c *chunks) Read(p []byte) (int, error) {
	for len(c.buf) == 0 {
		if c.buf = c.next(); c.buf == nil {
			return 0, io.EOF
		}
	}
	n := copy(p, c.buf)
	c.buf = c.buf[n:]
	return n, nil
}

// FuzzCSVReaderChunks: however the reader under a file cuts it up, the
// CSVReader reads the same header, rows and problems, of the fuzzed file
// and of the fuzzed bytes after the rows of personsOver (so after the
// first SniffBytes).
func FuzzCSVReaderChunks(f *testing.F) {
	over, _ := personsOver()
	for _, s := range []string{
		"\uFEFFid;name;email\r\nper-1;Jos\u00e9;\r\n\r\nper-2;\u20ac;\r\n",
		"id,name,email\nper-1,\"never closed\n",
		"\n\r\nid,name\nper-1,\"a\"\"b\",x\n",
		"id,name\nper-1,Jos\xe2\x82",
		"id,name\n\x00",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, prefix := range []string{"", over} {
			wantRows, wantProblems, wantErr := readAll(t, bytes.NewReader(append([]byte(prefix), data...)))
			// The prefix in one read, the fuzzed bytes one at a time.
			r := io.MultiReader(strings.NewReader(prefix), iotest.OneByteReader(bytes.NewReader(data)))
			rows, problems, err := readAll(t, r)
			if fmt.Sprint(err) != fmt.Sprint(wantErr) || !equal(rows, wantRows) || !equal(problems, wantProblems) {
				t.Fatalf("%q (after %d bytes) one byte at a time:\n%v\n%q\n%q\nwant\n%v\n%q\n%q", data, len(prefix), err, rows, problems, wantErr, wantRows, wantProblems)
			}
		}
	})
}
