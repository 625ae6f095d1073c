package exchange

import (
	"bytes"
	"io"
	"unicode"
	"unicode/utf8"

	"github.com/relmap/relmap/graph"
)

// SniffBytes is how much of the start of a CSV file CSVReader looks at
// before it parses: it looks for the byte order mark, takes the delimiter
// from the header line, and checks these bytes for a NUL byte (binary
// data) and for UTF-8 before anything else. The bytes after them are
// checked as they are read. The look at the start reads on past
// SniffBytes to the end of the header line (the first line that is not
// blank) and past leading white space, so that a file is never taken for
// empty or given the wrong delimiter.
const SniffBytes = 64 << 10

var bom = []byte("\uFEFF")

// csvSource is the file under a CSVReader's csv.Reader. It strips the byte
// order mark, checks every byte it hands on (a NUL byte, invalid UTF-8: a
// *graph.Error on the line of the byte, after which it hands on nothing
// more), counts lines, and keeps the bytes of the record being read so
// that CSVReader.unclosed can look at the raw start of its last field.
type csvSource struct {
	r     io.Reader
	head  []byte // the sniffed start, not yet handed on
	pre   int    // the bytes at the start of head that checkHead checked
	text  bool   // head holds more than white space
	off   int64  // bytes handed on
	lines int    // newlines handed on
	carry []byte // the start of a rune cut off at the end of the last bytes checked
	eof   bool   // r has returned io.EOF
	err   error  // sticky: a problem of the bytes, or r's error

	// keep holds the bytes handed on from offset keepBase; keep[keepAt:]
	// are those of the record being read, from offset mark on, which is
	// on line keepLine.
	keep     []byte
	keepBase int64
	keepAt   int
	keepLine int
}

// sniff reads the start of a file: at least SniffBytes (or all of a
// shorter file), the whole header line (the first line that is not
// blank), and up to the first character that is not white space. It
// strips a byte order mark. Its error is r's.
func sniff(r io.Reader) (*csvSource, error) {
	s := &csvSource{r: r, keepLine: 1}
	buf := make([]byte, 0, SniffBytes)
	var h headerScan
	spaces := 0 // buf[:spaces] is white space (after a byte order mark)
	for !s.eof && (len(buf) < SniffBytes || !h.done || !s.text) {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		switch {
		case err == io.EOF:
			s.eof = true
		case err != nil:
			return nil, err
		}
		buf = buf[:len(buf)+n]
		if len(buf) < len(bom) && !s.eof {
			continue // a byte order mark may come in pieces
		}
		if !s.text {
			if spaces == 0 && bytes.HasPrefix(buf, bom) {
				spaces = len(bom)
			}
			w := whole(buf, s.eof)
			s.text = len(bytes.TrimLeftFunc(w[spaces:], unicode.IsSpace)) > 0
			spaces = len(w)
		}
		h.scan(buf)
	}
	s.head = bytes.TrimPrefix(buf, bom)
	return s, nil
}

// headerScan finds the end of the header line in the growing start of a
// file: the first newline that ends a line that is not blank (encoding/csv
// skips blank lines: "\n" and "\r\n").
type headerScan struct {
	at   int  // bytes scanned
	n    int  // bytes of the line so far
	cr   bool // the last of them is '\r'
	done bool
}

func (h *headerScan) scan(buf []byte) {
	if h.at == 0 && bytes.HasPrefix(buf, bom) {
		h.at = len(bom)
	}
	for ; h.at < len(buf) && !h.done; h.at++ {
		if buf[h.at] != '\n' {
			h.n++
			h.cr = buf[h.at] == '\r'
			continue
		}
		h.done = h.n > 1 || h.n == 1 && !h.cr
		h.n, h.cr = 0, false
	}
}

// headerLine returns the sniffed header line (see headerScan), without
// its newline.
func (s *csvSource) headerLine() []byte {
	head := s.head
	for {
		switch {
		case bytes.HasPrefix(head, []byte("\n")):
			head = head[1:]
		case bytes.HasPrefix(head, []byte("\r\n")):
			head = head[2:]
		default:
			line, _, _ := bytes.Cut(head, []byte("\n"))
			return line
		}
	}
}

// whole returns b without a rune cut off at its end, unless b ends the
// file, so that what is read of a file is judged the same however it
// comes in.
func whole(b []byte, end bool) []byte {
	if end {
		return b
	}
	for i := 1; i < utf8.UTFMax && i <= len(b); i++ {
		if utf8.RuneStart(b[len(b)-i]) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return b[:len(b)-i]
			}
			break
		}
	}
	return b
}

// checkHead checks the first SniffBytes of the file as a whole file used
// to be checked: a NUL byte anywhere in them first, then UTF-8. The bytes
// after them are checked as Read hands them on.
func (s *csvSource) checkHead() *graph.Error {
	s.pre = min(len(s.head), SniffBytes)
	if bad, e := s.check(s.head[:s.pre], 0, true, s.eof && s.pre == len(s.head)); bad >= 0 {
		s.err = e
		return e
	}
	return nil
}

// Read hands on the bytes of the file after checking them.
func (s *csvSource) Read(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	var n, pre int
	if len(s.head) > 0 {
		n = copy(p, s.head)
		s.head = s.head[n:]
		pre = min(n, s.pre)
		s.pre -= pre
	} else if !s.eof {
		var err error
		n, err = s.r.Read(p)
		switch {
		case err == io.EOF:
			s.eof = true
		case err != nil:
			s.err = err
		}
	}
	lines := s.lines + bytes.Count(p[:pre], []byte{'\n'})
	if bad, e := s.check(p[pre:n], lines, false, s.eof && len(s.head) == 0); bad >= 0 {
		n, s.err = pre+bad, e
	}
	s.lines += bytes.Count(p[:n], []byte{'\n'})
	s.off += int64(n)
	if s.keepAt > 1<<16 && s.keepAt > len(s.keep)/2 {
		m := copy(s.keep, s.keep[s.keepAt:])
		s.keep = s.keep[:m]
		s.keepBase += int64(s.keepAt)
		s.keepAt = 0
	}
	s.keep = append(s.keep, p[:n]...)
	s.skipBlank()
	switch {
	case s.err != nil:
		return n, s.err
	case s.eof && len(s.head) == 0:
		return n, io.EOF
	}
	return n, nil
}

// check checks the bytes p that follow those checked before, with lines
// newlines before p: it returns the index in p of the first bad byte (0
// when it is a rune cut off at the end of the bytes before) and its
// problem, or -1. With nulFirst a NUL byte anywhere in p comes before
// invalid UTF-8 (as the whole file used to be checked); otherwise the
// first bad byte is reported, so that the problem does not depend on how
// the file is cut into reads. With last, p ends the file, and a rune cut
// off at its end is invalid.
func (s *csvSource) check(p []byte, lines int, nulFirst, last bool) (int, *graph.Error) {
	lineAt := func(i int) int { return 1 + lines + bytes.Count(p[:i], []byte{'\n'}) }
	nul := bytes.IndexByte(p, 0)
	bad, b := -1, byte(0)
	if nul < 0 || !nulFirst {
		bad, b = s.checkUTF8(p, last)
	}
	switch {
	case bad >= 0 && (nul < 0 || bad <= nul):
		return bad, Problem(lineAt(bad), "", "the file is not UTF-8 (byte %#02x); save it as \"CSV UTF-8\"", b)
	case nul >= 0:
		return nul, Problem(lineAt(nul), "", "the file holds binary data (a NUL byte); give a CSV text file")
	}
	return -1, nil
}

// checkUTF8 finds the first byte of p (or of the rune cut off before it:
// index 0) that is not UTF-8, and keeps a rune cut off at the end of p
// for the next bytes. It returns -1 when all is UTF-8.
func (s *csvSource) checkUTF8(p []byte, last bool) (int, byte) {
	i := 0
	if len(s.carry) > 0 {
		k := min(len(p), utf8.UTFMax-len(s.carry))
		head := append(s.carry, p[:k]...)
		if !utf8.FullRune(head) {
			if last {
				return 0, head[0]
			}
			s.carry = head
			return -1, 0
		}
		r, n := utf8.DecodeRune(head)
		if r == utf8.RuneError && n <= 1 {
			return 0, head[0]
		}
		i, s.carry = n-len(s.carry), nil
	}
	if utf8.Valid(p[i:]) {
		return -1, 0
	}
	for i < len(p) {
		if p[i] < utf8.RuneSelf {
			i++
			continue
		}
		if !utf8.FullRune(p[i:]) && !last {
			s.carry = append([]byte(nil), p[i:]...)
			return -1, 0
		}
		r, n := utf8.DecodeRune(p[i:])
		if r == utf8.RuneError && n <= 1 {
			return i, p[i]
		}
		i += n
	}
	return -1, 0
}

// mark forgets the kept bytes before offset off (the end of the last
// record read).
func (s *csvSource) mark(off int64) {
	i := int(off - s.keepBase)
	s.keepLine += bytes.Count(s.keep[s.keepAt:i], []byte{'\n'})
	s.keepAt = i
	s.skipBlank()
}

// skipBlank forgets the blank lines ("\n", "\r\n") at the start of the
// record being read, which encoding/csv skips, so that a run of them
// costs no memory.
func (s *csvSource) skipBlank() {
	for s.keepAt < len(s.keep) {
		switch rest := s.keep[s.keepAt:]; {
		case rest[0] == '\n':
			s.keepAt++
		case len(rest) > 1 && rest[0] == '\r' && rest[1] == '\n':
			s.keepAt += 2
		default:
			return
		}
		s.keepLine++
	}
}

// record returns the kept bytes of the record being read and the line
// they start on.
func (s *csvSource) record() ([]byte, int) { return s.keep[s.keepAt:], s.keepLine }

// atEnd reports whether off is the end of the file.
func (s *csvSource) atEnd(off int64) bool { return s.eof && len(s.head) == 0 && off >= s.off }
