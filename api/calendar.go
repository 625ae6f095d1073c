package api

import (
	"bytes"
	"cmp"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/emersion/go-ical"
	"github.com/gin-gonic/gin"

	"github.com/relmap/relmap/analysis"
	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
)

// The calendar feed: GET /api/v1/calendar/{employee}.ics is one
// employee's open actions and overdue contacts as an iCalendar document
// (RFC 5545) that Outlook, Google Calendar and Apple Calendar subscribe to.
//
// Each item is an all-day VEVENT, not a VTODO: Google Calendar and Outlook
// show no VTODO from a subscribed calendar. An open action falls on its
// due day, or on today once it is overdue (so that it stays in sight); an
// overdue contact (analysis.Overdue, the employee's own group: the
// stakeholders she owns) falls on today, "First contact: X (never
// contacted)" for a stakeholder nobody has had contact with. UIDs are
// stable across fetches:
//
//	action-<action id>@relmap          for an action
//	overdue-<stakeholder id>@relmap    for an overdue contact
//
// and so is everything else of an item but the day of what is overdue:
// DTSTAMP is the action's last update, or the day the contact became due
// (today for a first contact, which has no earlier due day).
//
// Who reads whose feed: an admin token reads any; any other token reads
// only the feed of the employee it was made for (auth.Token.Employee,
// relmap token create -employee), and answers 403 for another's. Calendar
// programs cannot send an Authorization header, so this route also takes
// the secret as ?token= (the only route that does); the access log never
// records the query.

// calendarRoute is the route of the feed; authenticate reads ?token= on it.
const calendarRoute = "/api/v1/calendar/:file"

// calendarRoutes registers the feed.
func (s *Server) calendarRoutes(v1 *gin.RouterGroup, view gin.HandlerFunc) {
	v1.GET(strings.TrimPrefix(calendarRoute, "/api/v1"), view, s.getCalendar)
}

// MayReadCalendar reports whether tok may read employee's feed: an admin
// token any, any other only its own employee's.
func MayReadCalendar(tok *auth.Token, employee string) bool {
	return tok != nil && (tok.Role.Allows(auth.Admin) || (tok.Employee != "" && tok.Employee == employee))
}

// getCalendar answers GET /calendar/{employee}.ics?lang=.
func (s *Server) getCalendar(c *gin.Context) {
	employee, ok := strings.CutSuffix(c.Param("file"), ".ics")
	if !ok || employee == "" {
		s.fail(c, graph.Errorf(graph.ENOTFOUND, "a calendar feed is /api/v1/calendar/<employee id>.ics"))
		return
	}
	if !MayReadCalendar(principal(c), employee) {
		s.fail(c, graph.Errorf(graph.EFORBIDDEN, "this token may read only the calendar of the employee it was made for (relmap token create -employee); admins read any"))
		return
	}
	lang, err := queryLang(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ps, ok := s.planStore(c)
	if !ok {
		return
	}
	st, cs, snap, ok := s.policyInputs(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	e, err := s.Store.FindEmployeeByID(ctx, employee)
	if err != nil {
		s.fail(c, err)
		return
	}
	now := s.now()
	overdue, err := LoadOverdue(ctx, st, cs, snap, now)
	if err != nil {
		s.fail(c, err)
		return
	}
	open := graph.ActionOpen
	actions, err := allPages(func(p graph.Page) ([]*graph.Action, int, error) {
		return ps.FindActions(ctx, graph.ActionFilter{AssigneeID: &employee, State: &open, Page: p})
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	names := func(id string) string {
		if i, ok := snap.Index(id); ok {
			return cmp.Or(snap.Nodes[i].Name, id)
		}
		return id
	}
	body, err := CalendarFeed(e, actions, overdue.Groups, names, lang, now)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", fmt.Sprintf(`inline; filename="%s.ics"`, employee))
	c.Data(http.StatusOK, "text/calendar; charset=utf-8", body)
}

// calendarWords are the feed's words in English and Dutch.
var calendarWords = map[string][2]string{
	"contact":       {"Contact", "Contact"},
	"intensify":     {"More contact", "Meer contact"},
	"raise_level":   {"Contact at a higher level", "Contact op hoger niveau"},
	"develop":       {"First contact", "Eerste contact"},
	"assign_owner":  {"Name an owner", "Wijs een eigenaar aan"},
	"single_holder": {"Introduce a colleague", "Introduceer een collega"},
	"introduction":  {"Introduction", "Introductie"},
	"other":         {"To do", "Te doen"},
	"overdue":       {"overdue since", "over tijd sinds"},
	"due":           {"Contact due", "Contact nodig"},
	"never":         {"never contacted", "nooit contact gehad"},
	"calendar":      {"relmap: actions of", "relmap: acties van"},
}

func calWord(key, lang string) string {
	w := calendarWords[key]
	if lang == "nl" {
		return w[1]
	}
	return w[0]
}

// CalendarFeed writes the feed of employee e (see the comment at the top
// of calendar.go) with go-ical: actions are e's open actions, overdue the
// overdue groups (the group e owns is used), name gives a stakeholder's
// name. The output for the same data and day is the same bytes.
func CalendarFeed(e *graph.Employee, actions []*graph.Action, overdue []analysis.OverdueGroup, name func(string) string, lang string, now time.Time) ([]byte, error) {
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, "-//relmap//calendar feed//EN")
	cal.Props.SetText(ical.PropCalendarScale, "GREGORIAN")
	cal.Props.SetText("X-WR-CALNAME", calWord("calendar", lang)+" "+cmp.Or(e.Name, e.ID))
	today := graph.Day(now)
	day := func(ev *ical.Event, d time.Time) {
		ev.Props.SetDate(ical.PropDateTimeStart, d)
		ev.Props.SetDate(ical.PropDateTimeEnd, d.AddDate(0, 0, 1))
		ev.Props.SetText(ical.PropTransparency, "TRANSPARENT")
	}
	for _, a := range actions {
		ev := ical.NewEvent()
		ev.Props.SetText(ical.PropUID, "action-"+a.ID+"@relmap")
		ev.Props.SetDateTime(ical.PropDateTimeStamp, a.UpdatedAt.UTC())
		summary := calWord(string(a.Kind), lang) + ": " + name(a.StakeholderID)
		on := a.Due
		if a.Overdue(now) {
			summary += " (" + calWord("overdue", lang) + " " + a.Due.Format(time.DateOnly) + ")"
			on = today
		}
		ev.Props.SetText(ical.PropSummary, summary)
		if a.Title != "" {
			ev.Props.SetText(ical.PropDescription, a.Title)
		}
		day(ev, on)
		cal.Children = append(cal.Children, ev.Component)
	}
	for _, g := range overdue {
		if g.Owner == nil || g.Owner.ID != e.ID {
			continue
		}
		for _, it := range g.Items {
			ev := ical.NewEvent()
			ev.Props.SetText(ical.PropUID, "overdue-"+it.Stakeholder.ID+"@relmap")
			name := cmp.Or(it.Stakeholder.Name, it.Stakeholder.ID)
			if it.NeverContacted {
				ev.Props.SetDateTime(ical.PropDateTimeStamp, today)
				ev.Props.SetText(ical.PropSummary, fmt.Sprintf("%s: %s (%s)", calWord("develop", lang), name, calWord("never", lang)))
			} else {
				ev.Props.SetDateTime(ical.PropDateTimeStamp, it.Due.UTC())
				ev.Props.SetText(ical.PropSummary, fmt.Sprintf("%s: %s (%s %s)", calWord("due", lang), name,
					calWord("overdue", lang), it.Due.Format(time.DateOnly)))
			}
			day(ev, today)
			cal.Children = append(cal.Children, ev.Component)
		}
	}
	if len(cal.Children) == 0 {
		// RFC 5545 wants at least one component; an empty feed carries a
		// VTIMEZONE-free placeholder that calendars show nowhere.
		tz := ical.NewComponent(ical.CompTimezone)
		tz.Props.SetText(ical.PropTimezoneID, "UTC")
		std := ical.NewComponent(ical.CompTimezoneStandard)
		std.Props.SetDateTime(ical.PropDateTimeStart, time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC))
		std.Props.SetText(ical.PropTimezoneOffsetFrom, "+0000")
		std.Props.SetText(ical.PropTimezoneOffsetTo, "+0000")
		tz.Children = append(tz.Children, std)
		cal.Children = append(cal.Children, tz)
	}
	var b bytes.Buffer
	if err := ical.NewEncoder(&b).Encode(cal); err != nil {
		return nil, fmt.Errorf("calendar feed: %w", err)
	}
	return b.Bytes(), nil
}
