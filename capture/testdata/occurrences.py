# The second implementation of capture's calendar reading, for
# TestCalendarReference: Python's icalendar (reads VTIMEZONE and TZID) and
# recurring_ical_events (RRULE, RDATE, EXDATE, RECURRENCE-ID) list the
# occurrences of every event from its start up to NOW, as JSON lines
# sorted by uid and start: uid, start in UTC (all-day: the date),
# all_day, cancelled.
#
# Usage: python3 occurrences.py FILE.ics NOW   (NOW: 2026-06-01T00:00:00Z)
import datetime, json, sys

import icalendar
import recurring_ical_events

path, now = sys.argv[1], sys.argv[2]
with open(path, "rb") as f:
    cal = icalendar.Calendar.from_ical(f.read())
end = datetime.datetime.strptime(now, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
out = []
for ev in recurring_ical_events.of(cal).between(datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc), end + datetime.timedelta(seconds=1)):
    start = ev.decoded("DTSTART")
    all_day = not isinstance(start, datetime.datetime)
    if all_day:
        s = start.isoformat() + "T00:00:00Z"
    else:
        if start.tzinfo is None:
            start = start.replace(tzinfo=datetime.timezone.utc)
        if start > end:
            continue
        s = start.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    out.append({"uid": str(ev.get("UID")), "start": s, "all_day": all_day,
                "cancelled": str(ev.get("STATUS", "")).upper() == "CANCELLED"})
for o in sorted(out, key=lambda o: (o["uid"], o["start"])):
    print(json.dumps(o, sort_keys=True))
