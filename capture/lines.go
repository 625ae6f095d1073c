package capture

import (
	"bufio"
	"bytes"
	"io"
)

// lineReader reads a file a line at a time, counting lines, for the
// readers that cut components (events, cards, messages) out of a stream.
type lineReader struct {
	br   *bufio.Reader
	line int // lines read
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, 64<<10)}
}

// next returns the next line without its line end (and the first without
// a byte order mark), or io.EOF after the last. The slice is valid until
// the next call.
func (lr *lineReader) next() ([]byte, error) {
	raw, err := lr.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		// A line longer than the buffer: keep reading it.
		rest := append([]byte(nil), raw...)
		for err == bufio.ErrBufferFull {
			raw, err = lr.br.ReadSlice('\n')
			rest = append(rest, raw...)
		}
		raw = rest
	}
	if len(raw) == 0 {
		if err == nil {
			err = io.EOF
		}
		return nil, err
	}
	if err != nil && err != io.EOF {
		return nil, err
	}
	lr.line++
	l := bytes.TrimRight(raw, "\r\n")
	if lr.line == 1 {
		l = bytes.TrimPrefix(l, []byte("\uFEFF"))
	}
	return l, nil
}
