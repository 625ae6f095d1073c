// Package capture fills the contact log from the files an organisation's
// people already have: calendars (iCalendar, RFC 5545), mail (mbox files
// and .eml messages, RFC 5322 headers only) and address books (vCard,
// RFC 6350 and 2426, versions 4.0 and 3.0). Import reads one file and
// writes what it finds through the store's all-or-nothing import
// (segment.Importer, or Store.Upsert for a store without one), so that
// validation, erasure suppressions, objections and the audit apply as for
// every other import.
//
// # Who is internal
//
// Our employees are recognised by their e-mail address
// (graph.Employee.Email); an address at one of the internal domains
// (graph.CaptureSettings.InternalDomains) is ours too, though no employee
// has it, and never becomes a person. Every other address is external: it
// is matched to the stored person with that address (graph.Person.Email or
// OtherEmails). An external address that matches nobody is listed in the
// Report (address, how often, first and last date) and made a person only
// with Options.CreateUnknown, matched by name as an address book is.
//
// # Calendars
//
// Every VEVENT with at least one of our employees (organizer or attendee)
// and at least one external participant becomes, per occurrence, one
// contact of mode meeting for every (employee, external person) pair,
// dated at the occurrence's start (an all-day event at UTC midnight of
// its date). Times are read in their own zone: a TZID of the IANA
// database, else the file's VTIMEZONE of that TZID (Outlook's "W. Europe
// Standard Time"), else UTC; floating times in the calendar's
// X-WR-TIMEZONE or UTC. Recurring events expand (RRULE, RDATE, EXDATE, in
// the event's local time, across daylight-saving changes) up to the
// import's now; an override (RECURRENCE-ID) replaces the occurrence it
// names. Cancelled events and occurrences (STATUS:CANCELLED), declined
// attendees (PARTSTAT=DECLINED) and rooms (CUTYPE=ROOM, RESOURCE) give no
// contact; an event with more external participants than
// CaptureSettings.MaxParticipants gives none either. The id of a contact
// is a digest of UID, RECURRENCE-ID (the occurrence's original start),
// employee and person, so that importing the calendar again, or a later
// export of it, finds the same contacts (and moves one whose meeting
// moved).
//
// # Mail
//
// Only the headers From, To, Cc, Date, Message-ID, List-Id and Precedence
// are read; the subject is never read and the body is passed over line by
// line without being kept, so neither reaches the store. A message from
// one of our employees gives a contact of mode email with every external
// recipient; a message from an external address gives one with every
// employee among its recipients. Messages with more recipients (To and
// Cc) than MaxParticipants and mailing-list traffic (List-Id, Precedence
// bulk, list or junk) give none. A pair gets at most one contact per day
// (the day of the Date header in the sender's zone, stored as UTC
// midnight): its id is a digest of the pair and the day, so that a
// message seen twice — in an mbox and as .eml — or a second message that
// day changes nothing.
//
// # Address books
//
// Every vCard of a person (not KIND group, org or location) becomes a
// person — name (FN, else N), e-mail addresses (the preferred first),
// organisation (ORG, without its unit) with a works_at tie, title and
// telephone — matched and de-duplicated by graph.Matcher exactly as the
// LinkedIn import is: by e-mail, then LinkedIn profile address (a URL of
// the card), then normalised name; near misses are listed in the Report's
// Dedup for a person to confirm, not merged.
//
// # Privacy
//
// Persons who object (graph.Person.Objects) and persons erased at their
// request (on the suppression list, matched by their address or profile)
// are skipped and counted, never created or updated, and no contact with
// them is made. Erasing a person removes the contacts captured for them as
// it removes every contact (graph.PrivacyStore.ErasePerson). The Report's
// Summary — the file's SHA-256 digest and the counts, no personal data —
// is what the command line and the API write to the audit log: as
// Options.Read sees it, before the write, since the entry is stored in
// the write's own transaction (the digest, the items and what was
// skipped; the created and updated counts are in the answer).
//
// # Guarantees and libraries
//
// Import is all or nothing: every problem of the file is reported (up to
// MaxProblems) with its line and, where there is one, the event's UID or
// the message's Message-ID, and nothing is written then; a dry run counts
// what would be created. Files are read as streams, a component (event,
// message, card) at a time, so memory holds the events' reduced records
// (the overrides of a recurring event may come anywhere in the file), not
// the file; the events are let go as they are expanded, and the contacts
// are kept in 32 bytes each until they are written, in parts of
// PartContacts, one after the other in one import transaction (a dry run
// checks each part alone: no part refers to another). README, Benchmarks,
// has the figures of 10^5 events and messages.
//
// Content lines, unfolding, parameters and escapes of iCalendar are read
// by github.com/emersion/go-ical, recurrence rules expanded by
// github.com/teambition/rrule-go, vCards read by
// github.com/emersion/go-vcard, and mail headers, addresses (with RFC 2047
// encoded names) and dates by the standard library's net/mail. Written by
// hand, because no maintained module does it: cutting the streams into
// components (go-ical and go-vcard keep no line numbers, and go-ical reads
// a whole calendar into memory), the mbox format (no maintained mbox
// module is on the module proxy; it is "From " lines between messages),
// and the VTIMEZONE rules of zones that are not in the IANA database
// (go-ical reads a TZID only as an IANA name). The time-zone and
// recurrence handling is checked against Python's icalendar and
// recurring_ical_events on the same files (TestCalendarReference).
//
// The package imports graph, segment (for its Importer), the standard
// library and the three parser modules only.
package capture
