package capture

import (
	"bytes"
	"io"
	"net/mail"
	"strings"

	"github.com/emersion/go-vcard"

	"github.com/relmap/relmap/graph"
)

// Card is a vCard (RFC 6350 for 4.0, RFC 2426 for 3.0) reduced to what
// becomes a person.
type Card struct {
	Name string `json:"name"`
	// First and Last are the given and family names of N, for matching
	// near-misses.
	First  string   `json:"first,omitempty"`
	Last   string   `json:"last,omitempty"`
	Emails []string `json:"emails,omitempty"` // preferred first
	Phone  string   `json:"phone,omitempty"`
	Org    string   `json:"org,omitempty"`
	Title  string   `json:"title,omitempty"`
	// LinkedInURL is a URL of the card that is a LinkedIn profile.
	LinkedInURL string `json:"linkedin_url,omitempty"`
	line        int
}

// ReadCards reads the cards of a .vcf file, a card at a time: the cards
// are cut from the stream by their BEGIN:VCARD and END:VCARD lines and
// each is parsed by go-vcard. fn is called with each card that reads;
// problems are graph.Errors with Item "line N". A card of KIND group, org
// or location is no person and is passed over.
func ReadCards(r io.Reader, fn func(*Card), progress func(int)) error {
	lr := newLineReader(r)
	var block bytes.Buffer
	var errs graph.Errors
	start, n := 0, 0
	in := false
	for {
		l, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch {
		case !in && hasPrefixFold(l, "BEGIN:VCARD"):
			in, start = true, lr.line
			block.Reset()
			block.Write(l)
			block.WriteString("\r\n")
		case in:
			block.Write(l)
			block.WriteString("\r\n")
			if hasPrefixFold(l, "END:VCARD") {
				in = false
				n++
				if progress != nil && n%1000 == 0 {
					progress(n)
				}
				c, p := readCard(block.Bytes(), start)
				if p != nil {
					errs = append(errs, p)
				} else if c != nil {
					fn(c)
				}
			}
		case len(bytes.TrimSpace(l)) > 0:
			errs = append(errs, atLine(lr.line, "", "a line outside BEGIN:VCARD … END:VCARD"))
		}
	}
	if in {
		errs = append(errs, atLine(start, "", "the card that starts here has no END:VCARD"))
	}
	if n == 0 && len(errs) == 0 {
		return graph.Errors{graph.Invalid("", "this is no vCard file: it has no BEGIN:VCARD line")}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// readCard reads one card; nil, nil for a card that is no person.
func readCard(data []byte, line int) (*Card, *graph.Error) {
	vc, err := vcard.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		return nil, atLine(line, "", "the card does not parse: %s", strings.TrimPrefix(err.Error(), "vcard: "))
	}
	switch strings.ToLower(vc.Value(vcard.FieldKind)) {
	case "group", "org", "location":
		return nil, nil
	}
	c := &Card{line: line, Name: strings.TrimSpace(vc.PreferredValue(vcard.FieldFormattedName))}
	if n := vc.Name(); n != nil {
		c.First, c.Last = strings.TrimSpace(n.GivenName), strings.TrimSpace(n.FamilyName)
		if c.Name == "" {
			c.Name = strings.Join(strings.Fields(strings.Join([]string{n.HonorificPrefix, n.GivenName, n.AdditionalName, n.FamilyName, n.HonorificSuffix}, " ")), " ")
		}
	}
	if pref := vc.Preferred(vcard.FieldEmail); pref != nil {
		c.Emails = append(c.Emails, pref.Value)
	}
	for _, f := range vc[vcard.FieldEmail] {
		c.Emails = append(c.Emails, f.Value)
	}
	seen := map[string]bool{}
	var emails []string
	for _, e := range c.Emails {
		e = strings.TrimSpace(e)
		if a, err := mail.ParseAddress(e); err == nil {
			e = a.Address
		} else {
			return nil, atLine(line, "EMAIL", "%q is not an e-mail address", e)
		}
		if k := strings.ToLower(e); !seen[k] {
			seen[k] = true
			emails = append(emails, e)
		}
	}
	c.Emails = emails
	c.Phone = strings.TrimSpace(strings.TrimPrefix(vc.PreferredValue(vcard.FieldTelephone), "tel:"))
	if org := vc.PreferredValue(vcard.FieldOrganization); org != "" {
		c.Org = strings.TrimSpace(strings.Split(org, ";")[0]) // the organisation, not its unit
	}
	c.Title = strings.TrimSpace(vc.PreferredValue(vcard.FieldTitle))
	for _, u := range vc.Values(vcard.FieldURL) {
		if strings.Contains(graph.NormalizeLinkedInURL(u), "linkedin.com/in/") {
			c.LinkedInURL = strings.TrimSpace(u)
			break
		}
	}
	if c.Name == "" {
		if len(c.Emails) == 0 {
			return nil, atLine(line, "FN", "the card has neither a name (FN, N) nor an e-mail address")
		}
		c.Name = c.Emails[0]
	}
	return c, nil
}
