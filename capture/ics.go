package capture

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	ical "github.com/emersion/go-ical"
	"github.com/teambition/rrule-go"

	"github.com/relmap/relmap/graph"
)

// MaxOccurrences bounds the occurrences one recurring event may have
// before the import's now; an event with more is a problem (a rule
// without end that started long ago and repeats every minute, say).
const MaxOccurrences = 100000

// Participant is one person at an occurrence: the organizer or an
// attendee who did not decline, by e-mail address (lower case), with the
// name the file gives (CN).
type Participant struct {
	Address string `json:"address"`
	Name    string `json:"name,omitempty"`
}

// Occurrence is one meeting of an event: the event itself, or one
// occurrence of a recurring event, as an override (RECURRENCE-ID) may
// have changed it.
type Occurrence struct {
	UID string `json:"uid"`
	// RecurrenceID identifies the occurrence of a recurring event: its
	// original start in UTC, RFC 3339 ("2026-03-02T09:00:00Z"), or its
	// date for an all-day event ("2026-03-02"); empty for an event that
	// does not recur.
	RecurrenceID string `json:"recurrence_id,omitempty"`
	// Start is the start of the occurrence in UTC; for an all-day event
	// UTC midnight of its date.
	Start  time.Time `json:"start"`
	AllDay bool      `json:"all_day,omitempty"`
	// Cancelled is set for STATUS:CANCELLED (of the event or of this
	// occurrence's override).
	Cancelled    bool          `json:"cancelled,omitempty"`
	Participants []Participant `json:"participants"`
	// Declined counts the attendees who declined (PARTSTAT=DECLINED).
	Declined int `json:"declined,omitempty"`
	line     int
}

// icalTime is a DTSTART, RECURRENCE-ID, RDATE or EXDATE value as the file
// writes it, read once the zones are known.
type icalTime struct {
	value, tzid string
	date        bool // VALUE=DATE
}

// event is a VEVENT, reduced to what capture needs.
type event struct {
	line         int
	uid          string
	start        icalTime
	recurrenceID *icalTime
	rrule        string
	rdates       []icalTime
	exdates      []icalTime
	cancelled    bool
	participants []Participant
	declined     int
}

// calendar is a file read: its events and zones.
type calendar struct {
	events   []*event
	zones    map[string]*vtimezone
	defZone  string // X-WR-TIMEZONE, for floating times
	problems graph.Errors
	// resolved caches zoneOf by TZID: time.LoadLocation reads and parses
	// the zone's file on every call, and a calendar names its few zones
	// on every time it holds.
	resolved map[string]resolvedZone
	// interned holds the addresses, names and TZIDs the events keep
	// (see intern).
	interned map[string]string
	dec      *ical.Decoder // of component, reading src
	src      *bytes.Reader
}

// intern returns s in a string of its own, the same for every equal s.
// The values go-ical returns are parts of the whole content line, which
// a kept value would keep in memory with it; and a calendar names the
// same few hundred people and zones in every event: interned, 10^5
// events keep 40 MB rather than 80 (bench/capture).
func (cal *calendar) intern(s string) string {
	if t, ok := cal.interned[s]; ok {
		return t
	}
	s = strings.Clone(s)
	if cal.interned == nil {
		cal.interned = map[string]string{}
	}
	cal.interned[s] = s
	return s
}

type resolvedZone struct {
	z   zone
	err error
}

// readCalendar reads every VEVENT and VTIMEZONE of an iCalendar stream,
// a component at a time: the components are cut from the stream by their
// BEGIN and END lines (so that the line of each is known and memory holds
// one), and each is parsed by go-ical. progress, when not nil, is told
// the events read every 1000.
func readCalendar(r io.Reader, progress func(int)) (*calendar, error) {
	cal := &calendar{zones: map[string]*vtimezone{}}
	lr := newLineReader(r)
	var block bytes.Buffer
	in, start := "", 0
	sawCalendar := false
	for {
		l, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		line := lr.line
		switch {
		case in == "" && hasPrefixFold(l, "BEGIN:VCALENDAR"):
			sawCalendar = true
		case in == "" && (hasPrefixFold(l, "BEGIN:VEVENT") || hasPrefixFold(l, "BEGIN:VTIMEZONE")):
			in, start = strings.ToUpper(string(bytes.TrimSpace(l[6:]))), line
			block.Reset()
			block.WriteString("BEGIN:VCALENDAR\r\n")
			block.Write(l)
			block.WriteString("\r\n")
		case in != "":
			block.Write(l)
			block.WriteString("\r\n")
			if hasPrefixFold(l, "END:"+in) && len(bytes.TrimSpace(l)) == len("END:"+in) {
				block.WriteString("END:VCALENDAR\r\n")
				cal.component(in, start, block.Bytes())
				if in == "VEVENT" && progress != nil && len(cal.events)%1000 == 0 {
					progress(len(cal.events))
				}
				in = ""
			}
		case hasPrefixFold(l, "X-WR-TIMEZONE:"):
			cal.defZone = strings.TrimSpace(string(l[len("X-WR-TIMEZONE:"):]))
		}
	}
	if in != "" {
		cal.problems = append(cal.problems, atLine(start, "", "the %s that starts here has no END:%s", in, in))
	}
	if !sawCalendar {
		return nil, graph.Errors{graph.Invalid("", "this is no iCalendar file: it has no BEGIN:VCALENDAR line")}
	}
	return cal, nil
}

// decode decodes the next calendar of dec. go-ical panics on some
// malformed content lines (parameters without a value's colon:
// "ATTENDEE;CN=Jan"): that is an error of the file too.
func decode(dec *ical.Decoder) (c *ical.Calendar, err error) {
	defer func() {
		if r := recover(); r != nil {
			c, err = nil, errors.New("a content line ends before its colon and value")
		}
	}()
	return dec.Decode()
}

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && strings.EqualFold(string(b[:len(prefix)]), prefix)
}

// atLine is a problem of the file at a line.
func atLine(line int, field, format string, args ...any) *graph.Error {
	e := graph.Invalid(field, format, args...)
	e.Item = fmt.Sprintf("line %d", line)
	return e
}

// component parses one VEVENT or VTIMEZONE cut from the file.
func (cal *calendar) component(name string, line int, data []byte) {
	// One decoder reads every component: its buffer (4 kB, as large as
	// the component) is made once rather than per event. It reads the
	// component from src to its end, where src reports io.EOF, which the
	// buffer passes on once and then reads src again: so the next
	// component, put into src, comes after. A component that does not
	// parse may leave part of itself in the buffer: the decoder is made
	// anew after it.
	if cal.dec == nil {
		cal.src = bytes.NewReader(nil)
		cal.dec = ical.NewDecoder(cal.src)
	}
	cal.src.Reset(data)
	c, err := decode(cal.dec)
	if err != nil {
		cal.dec = nil
	}
	if err != nil || len(c.Children) != 1 {
		msg := "does not parse"
		if err != nil {
			msg = strings.TrimPrefix(err.Error(), "ical: ")
		}
		cal.problems = append(cal.problems, atLine(line, "", "the %s: %s", name, msg))
		return
	}
	comp := c.Children[0]
	if name == "VTIMEZONE" {
		z, err := parseVTimezone(comp)
		if err != nil {
			cal.problems = append(cal.problems, atLine(line, "VTIMEZONE", "%v", err))
			return
		}
		cal.zones[z.tzid] = z
		return
	}
	e := &event{line: line, uid: strings.Clone(propText(comp.Props.Get(ical.PropUID)))}
	item := func(field, format string, args ...any) {
		p := atLine(line, field, format, args...)
		if e.uid != "" {
			p.Item += " (event " + e.uid + ")"
		}
		cal.problems = append(cal.problems, p)
	}
	if e.uid == "" {
		item("UID", "the event has no UID, so it cannot be matched on a later import")
		return
	}
	ds := comp.Props.Get(ical.PropDateTimeStart)
	if ds == nil {
		item("DTSTART", "the event has no start")
		return
	}
	e.start = cal.timeOf(ds, ds.Value)
	if p := comp.Props.Get(ical.PropRecurrenceID); p != nil {
		t := cal.timeOf(p, p.Value)
		e.recurrenceID = &t
	}
	if p := comp.Props.Get(ical.PropRecurrenceRule); p != nil {
		e.rrule = strings.Clone(p.Value)
	}
	for _, p := range comp.Props.Values(ical.PropRecurrenceDates) {
		for _, v := range strings.Split(p.Value, ",") {
			if before, _, ok := strings.Cut(v, "/"); ok { // a PERIOD: its start
				v = before
			}
			e.rdates = append(e.rdates, cal.timeOf(&p, v))
		}
	}
	for _, p := range comp.Props.Values(ical.PropExceptionDates) {
		for _, v := range strings.Split(p.Value, ",") {
			e.exdates = append(e.exdates, cal.timeOf(&p, v))
		}
	}
	e.cancelled = strings.EqualFold(propText(comp.Props.Get(ical.PropStatus)), "CANCELLED")
	seen := map[string]bool{}
	add := func(p *ical.Prop) {
		addr := calAddress(p)
		if addr == "" || seen[addr] {
			return
		}
		switch strings.ToUpper(p.Params.Get(ical.ParamCalendarUserType)) {
		case "ROOM", "RESOURCE":
			return // a meeting room is nobody to know
		}
		if strings.EqualFold(p.Params.Get(ical.ParamParticipationStatus), "DECLINED") {
			e.declined++
			return
		}
		seen[addr] = true
		e.participants = append(e.participants, Participant{Address: cal.intern(addr), Name: cal.intern(strings.Trim(p.Params.Get(ical.ParamCommonName), `"`))})
	}
	if p := comp.Props.Get(ical.PropOrganizer); p != nil {
		add(p)
	}
	for _, p := range comp.Props.Values(ical.PropAttendee) {
		add(&p)
	}
	cal.events = append(cal.events, e)
}

// calAddress returns the e-mail address of an ORGANIZER or ATTENDEE: its
// mailto: value, or its EMAIL parameter (RFC 7986), in lower case.
func calAddress(p *ical.Prop) string {
	v := strings.TrimSpace(p.Value)
	if len(v) > 7 && strings.EqualFold(v[:7], "mailto:") {
		return strings.ToLower(strings.TrimSpace(v[7:]))
	}
	if e := p.Params.Get("EMAIL"); e != "" {
		return strings.ToLower(strings.TrimSpace(e))
	}
	return ""
}

func (cal *calendar) timeOf(p *ical.Prop, v string) icalTime {
	v = strings.TrimSpace(v)
	return icalTime{value: strings.Clone(v), tzid: cal.intern(p.Params.Get(ical.PropTimezoneID)),
		date: strings.EqualFold(p.Params.Get(ical.ParamValue), "DATE") || len(v) == 8}
}

// zoneOf resolves a TZID: a zone of the IANA database, else a VTIMEZONE
// of the file, else an IANA name at the end of a prefixed TZID
// ("/mozilla.org/20050126_1/Europe/Amsterdam"). It is called once the
// file is read (every VTIMEZONE known), and remembers its answers.
func (cal *calendar) zoneOf(tzid string) (zone, error) {
	if r, ok := cal.resolved[tzid]; ok {
		return r.z, r.err
	}
	z, err := cal.resolveZone(tzid)
	if cal.resolved == nil {
		cal.resolved = map[string]resolvedZone{}
	}
	cal.resolved[tzid] = resolvedZone{z, err}
	return z, err
}

func (cal *calendar) resolveZone(tzid string) (zone, error) {
	if tzid == "" {
		tzid = cal.defZone
	}
	if tzid == "" {
		return ianaZone{time.UTC}, nil // floating times are read as UTC
	}
	if loc, err := time.LoadLocation(tzid); err == nil {
		return ianaZone{loc}, nil
	}
	if z, ok := cal.zones[tzid]; ok {
		return z, nil
	}
	if parts := strings.Split(tzid, "/"); len(parts) >= 2 {
		if loc, err := time.LoadLocation(strings.Join(parts[len(parts)-2:], "/")); err == nil {
			return ianaZone{loc}, nil
		}
	}
	return nil, fmt.Errorf("time zone %q is neither in the IANA database nor defined by a VTIMEZONE of the file", tzid)
}

// wallOf reads t as a wall time and the zone it is in (UTC for a UTC
// time, nil for a date).
func (cal *calendar) wallOf(t icalTime) (time.Time, zone, error) {
	if t.date {
		d, err := time.Parse("20060102", t.value)
		if err != nil {
			return time.Time{}, nil, fmt.Errorf("%q is not a date (YYYYMMDD)", t.value)
		}
		return d, nil, nil
	}
	if strings.HasSuffix(t.value, "Z") {
		w, err := time.Parse("20060102T150405Z", t.value)
		if err != nil {
			return time.Time{}, nil, fmt.Errorf("%q is not a date-time (YYYYMMDDTHHMMSSZ)", t.value)
		}
		return w, ianaZone{time.UTC}, nil
	}
	w, err := time.Parse("20060102T150405", t.value)
	if err != nil {
		return time.Time{}, nil, fmt.Errorf("%q is not a date-time (YYYYMMDDTHHMMSS)", t.value)
	}
	z, err := cal.zoneOf(t.tzid)
	return w, z, err
}

// instantOf reads t as a moment (a date: UTC midnight of it).
func (cal *calendar) instantOf(t icalTime) (time.Time, error) {
	w, z, err := cal.wallOf(t)
	if err != nil || z == nil {
		return w, err
	}
	return z.instant(w), nil
}

// recurrenceKey is the key of an occurrence by its original start.
func recurrenceKey(t time.Time, date bool) string {
	if date {
		return t.Format(time.DateOnly)
	}
	return t.UTC().Format(time.RFC3339)
}

// occurrences expands the calendar's events into their occurrences that
// start at or before now and calls each with them, in file order of the
// events, then by start: RRULE, RDATE and EXDATE expanded in the event's
// own time zone, and overrides (events with RECURRENCE-ID) replacing the
// occurrence they name. Problems are added to cal.problems. One event's
// occurrences are in memory at a time, and the calendar lets go of each
// event once it is expanded (cal.events is nil afterwards), so that what
// each keeps of the occurrences takes the place of the events.
func (cal *calendar) occurrences(now time.Time, each func(*Occurrence)) {
	overrides := map[string][]*event{}
	masters := map[string]*event{}
	var order []*event
	for _, e := range cal.events {
		if e.recurrenceID != nil {
			overrides[e.uid] = append(overrides[e.uid], e)
			if _, ok := masters[e.uid]; !ok {
				masters[e.uid] = nil
				order = append(order, e)
			}
			continue
		}
		if m, ok := masters[e.uid]; ok && m != nil {
			*m = *e // the same event again: the later copy wins
			continue
		}
		if _, ok := masters[e.uid]; !ok {
			order = append(order, e)
		}
		masters[e.uid] = e
	}
	cal.events = nil
	for i, first := range order {
		uid := first.uid
		m := masters[uid]
		var byKey map[string]*event // the overrides by recurrence key
		if len(overrides[uid]) > 0 {
			byKey = map[string]*event{}
		}
		for _, o := range overrides[uid] {
			t, err := cal.instantOf(*o.recurrenceID)
			if err != nil {
				cal.problem(o, "RECURRENCE-ID", err)
				continue
			}
			byKey[recurrenceKey(t, o.recurrenceID.date)] = o
		}
		var occ []Occurrence
		if m != nil {
			occ = cal.expand(m, now)
		}
		for i, o := range occ {
			if ov, ok := byKey[o.RecurrenceID]; ok && o.RecurrenceID != "" {
				occ[i] = cal.single(ov, o.RecurrenceID)
				delete(byKey, o.RecurrenceID)
			}
		}
		// Overrides of occurrences the rule does not make (moved there,
		// or beyond a changed rule) still happened.
		keys := make([]string, 0, len(byKey))
		for k := range byKey {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			occ = append(occ, cal.single(byKey[k], k))
		}
		slices.SortStableFunc(occ, func(a, b Occurrence) int { return a.Start.Compare(b.Start) })
		for i := range occ {
			if !occ[i].Start.After(now) {
				each(&occ[i])
			}
		}
		order[i] = nil
		delete(masters, uid)
		delete(overrides, uid)
	}
}

func (cal *calendar) problem(e *event, field string, err error) {
	p := atLine(e.line, field, "%v", err)
	p.Item += " (event " + e.uid + ")"
	cal.problems = append(cal.problems, p)
}

// single is the occurrence e makes on its own, under the recurrence key
// key ("" for an event that does not recur).
func (cal *calendar) single(e *event, key string) Occurrence {
	o := Occurrence{UID: e.uid, RecurrenceID: key, AllDay: e.start.date, Cancelled: e.cancelled,
		Participants: e.participants, Declined: e.declined, line: e.line}
	t, err := cal.instantOf(e.start)
	if err != nil {
		cal.problem(e, "DTSTART", err)
	}
	o.Start = t
	return o
}

// expand returns the occurrences of a master event up to now (and a
// little past it: the caller cuts at now).
func (cal *calendar) expand(e *event, now time.Time) []Occurrence {
	if e.rrule == "" && len(e.rdates) == 0 {
		return []Occurrence{cal.single(e, "")}
	}
	w, z, err := cal.wallOf(e.start)
	if err != nil {
		cal.problem(e, "DTSTART", err)
		return nil
	}
	if z == nil {
		z = ianaZone{time.UTC} // dates: the wall time is the date at UTC midnight
	}
	// The wall time of a moment in the event's zone, for UNTIL, RDATE and
	// EXDATE given in another zone or in UTC.
	wallIn := func(t icalTime) (time.Time, error) {
		if t.date {
			d, _, err := cal.wallOf(t)
			return d, err
		}
		tw, tz, err := cal.wallOf(t)
		if err != nil {
			return time.Time{}, err
		}
		return z.wall(tz.instant(tw)), nil
	}
	set := &rrule.Set{}
	if e.rrule != "" {
		opt, err := rrule.StrToROption(e.rrule)
		if err != nil {
			cal.problem(e, "RRULE", fmt.Errorf("%q: %v", e.rrule, err))
			return nil
		}
		opt.Dtstart = w
		if !opt.Until.IsZero() && strings.Contains(strings.ToUpper(e.rrule), "Z") && !e.start.date {
			// A UTC UNTIL bounds the wall times of the zone.
			opt.Until = z.wall(opt.Until)
		}
		r, err := rrule.NewRRule(*opt)
		if err != nil {
			cal.problem(e, "RRULE", fmt.Errorf("%q: %v", e.rrule, err))
			return nil
		}
		set.RRule(r)
	} else {
		set.RDate(w)
	}
	for _, t := range e.rdates {
		tw, err := wallIn(t)
		if err != nil {
			cal.problem(e, "RDATE", err)
			continue
		}
		set.RDate(tw)
	}
	for _, t := range e.exdates {
		tw, err := wallIn(t)
		if err != nil {
			cal.problem(e, "EXDATE", err)
			continue
		}
		set.ExDate(tw)
	}
	limit := z.wall(now).Add(48 * time.Hour)
	var out []Occurrence
	it := set.Iterator()
	for {
		ow, ok := it()
		if !ok || ow.After(limit) {
			break
		}
		if len(out) == MaxOccurrences {
			cal.problem(e, "RRULE", fmt.Errorf("the event recurs more than %d times before %s", MaxOccurrences, now.Format(time.DateOnly)))
			return nil
		}
		start := ow
		if !e.start.date {
			start = z.instant(ow)
		}
		out = append(out, Occurrence{UID: e.uid, RecurrenceID: recurrenceKey(start, e.start.date), Start: start,
			AllDay: e.start.date, Cancelled: e.cancelled, Participants: e.participants, Declined: e.declined, line: e.line})
	}
	return out
}

// ReadCalendar reads an iCalendar file (RFC 5545) and returns the
// occurrences of its events that start at or before now (see the package
// documentation for the rules). Problems are graph.Errors with Item "line
// N (event UID)".
func ReadCalendar(r io.Reader, now time.Time) ([]Occurrence, error) {
	cal, err := readCalendar(r, nil)
	if err != nil {
		return nil, err
	}
	var occ []Occurrence
	cal.occurrences(now, func(o *Occurrence) { occ = append(occ, *o) })
	if len(cal.problems) > 0 {
		return nil, cal.problems
	}
	return occ, nil
}
