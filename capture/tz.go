package capture

import (
	"fmt"
	"strings"
	"time"

	ical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"
)

// A zone turns a wall-clock time into an instant. Wall times are kept as
// time.Time values in UTC whose fields are the local reading ("naive"),
// so that recurrences expand in local time across daylight-saving
// changes, as RFC 5545 §3.3.10 wants, and are placed in the zone after.
type zone interface {
	// instant returns the moment the wall time w shows in the zone.
	instant(w time.Time) time.Time
	// wall returns the wall time the zone shows at the moment t.
	wall(t time.Time) time.Time
}

// naive returns the wall reading of t as a UTC time.
func naive(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
}

// ianaZone is a zone of the IANA database (time.LoadLocation).
type ianaZone struct{ loc *time.Location }

func (z ianaZone) instant(w time.Time) time.Time {
	return time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, z.loc).UTC()
}

func (z ianaZone) wall(t time.Time) time.Time { return naive(t.In(z.loc)) }

// vtimezone is a zone defined by a VTIMEZONE component of the file: its
// STANDARD and DAYLIGHT observances, each an onset (DTSTART, a wall time
// in the offset before it, TZOFFSETFROM), repeated by RRULE or RDATE,
// from which TZOFFSETTO holds. Outlook names its zones the Windows way
// ("W. Europe Standard Time"), which the IANA database does not know, and
// defines them so; no maintained Go module reads VTIMEZONE rules (go-ical
// reads TZID only as an IANA name), hence this.
type vtimezone struct {
	tzid string
	obs  []observance
}

type observance struct {
	start    time.Time // naive onset
	from, to int       // offsets in seconds
	rule     *rrule.RRule
	rdates   []time.Time // naive
}

// latestOnset returns the last onset of o at or before the wall time w
// (read in the offset before the onset), and whether there is one.
func (o observance) latestOnset(w time.Time) (time.Time, bool) {
	var best time.Time
	found := false
	if o.rule != nil {
		if t := o.rule.Before(w, true); !t.IsZero() {
			best, found = t, true
		}
	} else if !o.start.After(w) {
		best, found = o.start, true
	}
	for _, r := range o.rdates {
		if !r.After(w) && (!found || r.After(best)) {
			best, found = r, true
		}
	}
	return best, found
}

// offsetAt returns the UTC offset in force at wall time w: that of the
// observance with the latest onset before w, or, before every onset, the
// offset before the earliest one.
func (z *vtimezone) offsetAt(w time.Time) int {
	var best time.Time
	off, found := 0, false
	for _, o := range z.obs {
		t, ok := o.latestOnset(w)
		if !ok {
			continue
		}
		at := t.Add(-time.Duration(o.from) * time.Second) // the onset as an instant
		if !found || at.After(best) {
			best, off, found = at, o.to, true
		}
	}
	if !found {
		first := z.obs[0]
		for _, o := range z.obs[1:] {
			if o.start.Before(first.start) {
				first = o
			}
		}
		return first.from
	}
	return off
}

func (z *vtimezone) instant(w time.Time) time.Time {
	return w.Add(-time.Duration(z.offsetAt(w)) * time.Second)
}

func (z *vtimezone) wall(t time.Time) time.Time {
	// The offset at the wall time t+offset, found from the offset at t
	// read as a wall time: exact but within an hour of a change.
	w := t.Add(time.Duration(z.offsetAt(t)) * time.Second)
	return t.Add(time.Duration(z.offsetAt(w)) * time.Second)
}

// parseVTimezone reads a VTIMEZONE component.
func parseVTimezone(c *ical.Component) (*vtimezone, error) {
	tzid := propText(c.Props.Get(ical.PropTimezoneID))
	if tzid == "" {
		return nil, fmt.Errorf("the VTIMEZONE has no TZID")
	}
	z := &vtimezone{tzid: tzid}
	for _, sub := range c.Children {
		if sub.Name != "STANDARD" && sub.Name != "DAYLIGHT" {
			continue
		}
		var o observance
		var err error
		if o.from, err = utcOffset(sub.Props.Get("TZOFFSETFROM")); err != nil {
			return nil, fmt.Errorf("zone %q: TZOFFSETFROM: %w", tzid, err)
		}
		if o.to, err = utcOffset(sub.Props.Get("TZOFFSETTO")); err != nil {
			return nil, fmt.Errorf("zone %q: TZOFFSETTO: %w", tzid, err)
		}
		p := sub.Props.Get(ical.PropDateTimeStart)
		if p == nil {
			return nil, fmt.Errorf("zone %q: a %s has no DTSTART", tzid, sub.Name)
		}
		if o.start, err = time.Parse("20060102T150405", p.Value); err != nil {
			return nil, fmt.Errorf("zone %q: DTSTART %q is not a local date-time", tzid, p.Value)
		}
		if rp := sub.Props.Get(ical.PropRecurrenceRule); rp != nil {
			// UNTIL is in UTC (RFC 5545 §3.8.3.1): move it to the wall
			// time of the offset before the onset.
			opt, err := rrule.StrToROption(rp.Value)
			if err != nil {
				return nil, fmt.Errorf("zone %q: RRULE %q: %w", tzid, rp.Value, err)
			}
			// rrule-go gives up about 290 years after DTSTART, and Outlook
			// starts its rules in 1601: start them in 1970 instead (the
			// month, day and time stay, and no contact is older).
			if o.start.Year() < 1970 {
				o.start = o.start.AddDate(1970-o.start.Year(), 0, 0)
			}
			opt.Dtstart = o.start
			if !opt.Until.IsZero() {
				opt.Until = naive(opt.Until).Add(time.Duration(o.from) * time.Second)
			}
			if o.rule, err = rrule.NewRRule(*opt); err != nil {
				return nil, fmt.Errorf("zone %q: RRULE %q: %w", tzid, rp.Value, err)
			}
		}
		for _, rp := range sub.Props.Values(ical.PropRecurrenceDates) {
			for _, v := range strings.Split(rp.Value, ",") {
				t, err := time.Parse("20060102T150405", v)
				if err != nil {
					return nil, fmt.Errorf("zone %q: RDATE %q is not a local date-time", tzid, v)
				}
				o.rdates = append(o.rdates, t)
			}
		}
		z.obs = append(z.obs, o)
	}
	if len(z.obs) == 0 {
		return nil, fmt.Errorf("zone %q has neither STANDARD nor DAYLIGHT", tzid)
	}
	return z, nil
}

// utcOffset reads an offset such as +0100 or -053000 in seconds.
func utcOffset(p *ical.Prop) (int, error) {
	if p == nil {
		return 0, fmt.Errorf("missing")
	}
	s := p.Value
	if len(s) != 5 && len(s) != 7 || s[0] != '+' && s[0] != '-' {
		return 0, fmt.Errorf("%q is not an offset such as +0100", s)
	}
	var h, m, sec int
	if _, err := fmt.Sscanf(s[1:5], "%02d%02d", &h, &m); err != nil {
		return 0, fmt.Errorf("%q is not an offset such as +0100", s)
	}
	if len(s) == 7 {
		if _, err := fmt.Sscanf(s[5:], "%02d", &sec); err != nil {
			return 0, fmt.Errorf("%q is not an offset such as +0100", s)
		}
	}
	off := h*3600 + m*60 + sec
	if s[0] == '-' {
		off = -off
	}
	return off, nil
}

func propText(p *ical.Prop) string {
	if p == nil {
		return ""
	}
	s, err := p.Text()
	if err != nil {
		return p.Value
	}
	return strings.TrimSpace(s)
}
