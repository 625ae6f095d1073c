package capture

import (
	"bytes"
	"io"
	"net/mail"
	"strings"
	"time"

	"github.com/relmap/relmap/graph"
)

// Message is what capture reads of a mail message: its headers From, To,
// Cc, Date, Message-ID, List-Id and Precedence. The subject and the body
// are never read (the body is skipped line by line without being kept).
type Message struct {
	ID   string          `json:"message_id,omitempty"`
	Date time.Time       `json:"date"`
	From *mail.Address   `json:"from"`
	To   []*mail.Address `json:"to,omitempty"`
	Cc   []*mail.Address `json:"cc,omitempty"`
	// List is set for mailing-list traffic: a List-Id header, or
	// Precedence bulk, list or junk.
	List bool `json:"list,omitempty"`
	line int
}

// Recipients returns the number of To and Cc addresses.
func (m *Message) Recipients() int { return len(m.To) + len(m.Cc) }

// mailReader reads the messages of an mbox file, or one .eml message.
type mailReader struct {
	*lineReader
	mbox bool
	next []byte // a "From " line read ahead, starting the next message
	done bool
}

// nextHeader returns the header block of the next message and the line
// it starts at; io.EOF after the last. In an mbox a message starts with a
// "From " line (mboxo, mboxrd: body lines starting "From " are quoted
// ">From ", so a "From " line after a blank line starts a message); a
// .eml file is one message.
func (mr *mailReader) nextHeader() ([]byte, int, error) {
	if mr.done {
		return nil, 0, io.EOF
	}
	if mr.mbox && mr.next == nil {
		// Find the first "From " line.
		for {
			l, err := mr.lineReader.next()
			if err != nil {
				mr.done = true
				return nil, 0, err
			}
			if bytes.HasPrefix(l, []byte("From ")) {
				break
			}
			if len(bytes.TrimSpace(l)) > 0 {
				mr.done = true
				return nil, 0, graph.Errors{atLine(mr.line, "", "this is no mbox file: it does not start with a \"From \" line")}
			}
		}
	}
	mr.next = nil
	start := mr.line + 1
	var h bytes.Buffer
	inHeader := true
	prevBlank := false
	for {
		l, err := mr.lineReader.next()
		if err == io.EOF {
			mr.done = true
			break
		}
		if err != nil {
			return nil, 0, err
		}
		if mr.mbox && prevBlank && bytes.HasPrefix(l, []byte("From ")) {
			mr.next = l
			break
		}
		prevBlank = len(l) == 0
		if inHeader {
			if len(l) == 0 {
				inHeader = false
				continue
			}
			h.Write(l)
			h.WriteString("\r\n")
		}
		// Body lines are passed over, never kept.
	}
	if h.Len() == 0 && mr.done {
		return nil, 0, io.EOF
	}
	h.WriteString("\r\n")
	return h.Bytes(), start, nil
}

// readMessage reads the headers capture needs from a header block
// (net/mail; RFC 5322 with the obsolete syntax net/mail accepts).
func readMessage(header []byte, line int) (*Message, graph.Errors) {
	m := &Message{line: line}
	msg, err := mail.ReadMessage(bytes.NewReader(header))
	if err != nil {
		return nil, graph.Errors{atLine(line, "", "the message's headers do not parse: %v", err)}
	}
	h := msg.Header
	m.ID = strings.Trim(strings.TrimSpace(h.Get("Message-Id")), "<>")
	var errs graph.Errors
	problem := func(field, format string, args ...any) {
		p := atLine(line, field, format, args...)
		if m.ID != "" {
			p.Item += " (message " + m.ID + ")"
		}
		errs = append(errs, p)
	}
	if d := h.Get("Date"); d == "" {
		problem("Date", "the message has no Date")
	} else if t, err := mail.ParseDate(d); err != nil {
		problem("Date", "%q is not an RFC 5322 date", d)
	} else {
		m.Date = t
	}
	if f := h.Get("From"); f == "" {
		problem("From", "the message has no From")
	} else if as, err := mail.ParseAddressList(f); err != nil || len(as) == 0 {
		problem("From", "%q is not an address: %v", f, err)
	} else {
		m.From = as[0]
	}
	for _, field := range []struct {
		name string
		to   *[]*mail.Address
	}{{"To", &m.To}, {"Cc", &m.Cc}} {
		for _, v := range h[field.name] {
			if strings.TrimSpace(v) == "" || isEmptyGroup(v) {
				continue
			}
			as, err := mail.ParseAddressList(v)
			if err != nil {
				problem(field.name, "%q is not a list of addresses: %v", v, err)
				continue
			}
			*field.to = append(*field.to, as...)
		}
	}
	if h.Get("List-Id") != "" {
		m.List = true
	}
	switch strings.ToLower(strings.TrimSpace(h.Get("Precedence"))) {
	case "bulk", "list", "junk":
		m.List = true
	}
	for _, a := range append(append([]*mail.Address{m.From}, m.To...), m.Cc...) {
		if a != nil {
			a.Address = strings.ToLower(a.Address)
		}
	}
	return m, errs
}

// isEmptyGroup reports whether v is an address group without members
// ("undisclosed-recipients:;"), which net/mail does not read.
func isEmptyGroup(v string) bool {
	v = strings.TrimSpace(v)
	i := strings.IndexByte(v, ':')
	return i > 0 && strings.TrimSpace(v[i+1:]) == ";"
}

// ReadMail reads the messages of an mbox file (mbox true) or a .eml
// file, headers only, and calls fn with each. Problems are graph.Errors
// with Item "line N (message Message-ID)"; fn is not called for a message
// with a problem. progress, when not nil, is told the messages read
// every 1000.
func ReadMail(r io.Reader, mbox bool, fn func(*Message), progress func(int)) error {
	mr := &mailReader{lineReader: newLineReader(r), mbox: mbox}
	var errs graph.Errors
	n := 0
	for {
		h, line, err := mr.nextHeader()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		n++
		if progress != nil && n%1000 == 0 {
			progress(n)
		}
		m, es := readMessage(h, line)
		if len(es) > 0 {
			errs = append(errs, es...)
			continue
		}
		fn(m)
		if !mbox {
			break
		}
	}
	if n == 0 {
		return graph.Errors{graph.Invalid("", "the file holds no message")}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// day returns UTC midnight of t's date in t's own zone: the day a message
// was written, as its sender's clock said.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
