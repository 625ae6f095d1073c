package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// Hash returns a digest of the record's content, ignoring its audit fields.
// Equal hashes mean "nothing to update"; stores keep it beside the record so
// that a re-import can tell changed records from unchanged ones cheaply.
//
// The digest is the first 16 bytes of the SHA-256 of the record's JSON as
// encoding/json (Go 1.22 to 1.26, without GOEXPERIMENT=jsonv2) marshals it
// without the audit fields, in hex. The JSON is written here field by
// field (the json… functions) rather than by encoding/json, which spent most of a
// large import's hashing time on reflection; it is byte for byte what
// json.Marshal wrote, so hashes stored by earlier versions still compare
// equal (a test checks every field of every kind against json.Marshal),
// and the format no longer moves with encoding/json.
func (e Employee) Hash() string {
	var buf [256]byte // most records fit
	b := append(buf[:0], '{')
	b = jsonStr(b, "id", e.ID)
	b = jsonStr(b, "name", e.Name)
	b = jsonStrOmit(b, "email", e.Email)
	b = jsonStr(b, "role", string(e.Role))
	b = jsonStrOmit(b, "team", e.Team)
	b = jsonTimeOmit(b, "start", e.Start)
	b = jsonTimeOmit(b, "end", e.End)
	b = jsonStrOmit(b, "source", string(e.Source))
	return contentSum(b)
}

func (o Organisation) Hash() string {
	var buf [256]byte // most records fit
	b := append(buf[:0], '{')
	b = jsonStr(b, "id", o.ID)
	b = jsonStr(b, "name", o.Name)
	b = jsonStrOmit(b, "sector", o.Sector)
	b = jsonStrOmit(b, "city", o.City)
	b = jsonStrOmit(b, "website", o.Website)
	b = jsonStrOmit(b, "party_type", string(o.PartyType))
	b = jsonContribution(b, o.Contribution)
	b = jsonStrOmit(b, "owner_id", o.OwnerID)
	b = jsonStrOmit(b, "source", string(o.Source))
	return contentSum(b)
}

func (p Person) Hash() string {
	var buf [256]byte // most records fit
	b := append(buf[:0], '{')
	b = jsonStr(b, "id", p.ID)
	b = jsonStr(b, "name", p.Name)
	b = jsonStrOmit(b, "email", p.Email)
	b = jsonStrsOmit(b, "other_emails", p.OtherEmails)
	b = jsonStrOmit(b, "phone", p.Phone)
	b = jsonStrOmit(b, "title", p.Title)
	b = jsonStrOmit(b, "linkedin_url", p.LinkedInURL)
	b = jsonStrOmit(b, "party_type", string(p.PartyType))
	b = jsonContribution(b, p.Contribution)
	b = jsonStrOmit(b, "owner_id", p.OwnerID)
	b = jsonBoolOmit(b, "do_not_route", p.DoNotRoute)
	b = jsonBoolOmit(b, "objects", p.Objects)
	b = jsonTimeOmit(b, "objected_at", p.ObjectedAt)
	b = jsonStrOmit(b, "source", string(p.Source))
	return contentSum(b)
}

func (r Relationship) Hash() string {
	var buf [256]byte // most records fit
	b := append(buf[:0], '{')
	b = jsonStr(b, "id", r.ID)
	b = jsonStr(b, "type", string(r.Type))
	b = jsonStr(b, "from", r.From)
	b = jsonStr(b, "to", r.To)
	b = jsonFloat(b, "strength", r.Strength)
	b = jsonStrOmit(b, "nature", string(r.Nature))
	b = jsonStrOmit(b, "level", string(r.Level))
	b = jsonTimeOmit(b, "since", r.Since)
	b = jsonTimeOmit(b, "until", r.Until)
	b = jsonStrOmit(b, "source", string(r.Source))
	b = jsonStrOmit(b, "note", r.Note)
	return contentSum(b)
}

func (c Contact) Hash() string {
	var buf [256]byte // most records fit
	b := append(buf[:0], '{')
	b = jsonStr(b, "id", c.ID)
	b = jsonTime(b, "date", c.Date)
	b = jsonStr(b, "employee_id", c.EmployeeID)
	b = jsonStr(b, "stakeholder_id", c.StakeholderID)
	b = jsonStr(b, "mode", string(c.Mode))
	b = jsonStrOmit(b, "level", string(c.Level))
	b = jsonStrOmit(b, "note", c.Note)
	return contentSum(b)
}

// The json… functions append a field to a JSON object (b, from its
// opening brace) as encoding/json's Marshal writes a struct's field:
// strings escaped as Marshal escapes them (HTML characters, U+2028 and
// U+2029 too, invalid UTF-8 as U+FFFD), numbers and times formatted as
// Marshal formats them. Those named …Omit leave an empty value out, as
// the tags omitempty and omitzero do. They return b, extended.

// jsonKey starts the field k (a plain lower-case name: not escaped).
func jsonKey(b []byte, k string) []byte {
	if b[len(b)-1] != '{' {
		b = append(b, ',')
	}
	b = append(b, '"')
	b = append(b, k...)
	return append(b, '"', ':')
}

func jsonStr(b []byte, k, v string) []byte {
	return appendJSONString(jsonKey(b, k), v)
}

func jsonStrOmit(b []byte, k, v string) []byte {
	if v == "" {
		return b
	}
	return jsonStr(b, k, v)
}

func jsonStrsOmit(b []byte, k string, vs []string) []byte {
	if len(vs) == 0 {
		return b
	}
	b = jsonKey(b, k)
	for i, v := range vs {
		b = append(b, "[,"[min(i, 1)])
		b = appendJSONString(b, v)
	}
	return append(b, ']')
}

func jsonBoolOmit(b []byte, k string, v bool) []byte {
	if !v {
		return b
	}
	return append(jsonKey(b, k), "true"...)
}

// jsonFloat writes f as encoding/json's floatEncoder does for a float64:
// the shortest decimal that reads back as f, in exponent form below 1e-6
// and from 1e21 on, with the exponent's leading zero dropped ("1e-7").
// NaN and ±Inf, which Marshal refuses, are written as strconv formats
// them (validation keeps them out of stored records).
func jsonFloat(b []byte, k string, f float64) []byte {
	b = jsonKey(b, k)
	format := byte('f')
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if n := len(b); format == 'e' && n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
		b[n-2] = b[n-1]
		b = b[:n-1]
	}
	return b
}

// jsonTime writes t as time.Time's MarshalJSON does: RFC 3339 with the
// fraction of a second it has, quoted.
func jsonTime(b []byte, k string, t time.Time) []byte {
	b = append(jsonKey(b, k), '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

func jsonTimeOmit(b []byte, k string, t time.Time) []byte {
	if t.IsZero() {
		return b
	}
	return jsonTime(b, k, t)
}

// jsonContribution writes c as the field "contribution", left out when c
// is the zero Contribution (omitzero).
func jsonContribution(b []byte, c Contribution) []byte {
	if c == (Contribution{}) {
		return b
	}
	b = append(jsonKey(b, "contribution"), '{')
	b = jsonStrOmit(b, "know", c.Know)
	b = jsonStrOmit(b, "able", c.Able)
	b = jsonStrOmit(b, "want", c.Want)
	b = jsonStrOmit(b, "do", c.Do)
	b = jsonStrOmit(b, "exchange_means", c.ExchangeMeans)
	b = jsonStrOmit(b, "benefits", c.Benefits)
	b = jsonStrOmit(b, "interests", c.Interests)
	b = jsonBoolOmit(b, "interests_unknown", c.InterestsUnknown)
	return append(b, '}')
}

// contentSum closes the object b and returns its digest: the first 16
// bytes of its SHA-256, in hex.
func contentSum(b []byte) string {
	s := sha256.Sum256(append(b, '}'))
	return hex.EncodeToString(s[:16])
}

// appendJSONString appends s quoted and escaped as encoding/json's
// appendString does with HTML escaping (Marshal's default): `"` and `\`
// with a backslash; \b, \f, \n, \r and \t by name; other bytes below 0x20
// and <, > and & as \u00XX; U+2028 and U+2029 as \u2028 and \u2029;
// each byte of invalid UTF-8 as \ufffd.
func appendJSONString(b []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
