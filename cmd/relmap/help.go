package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// help is what "relmap <command> -h" (or -help) prints for one command or
// subcommand: its purpose in a line, how to call it, more words where a
// line is not enough, its flags (from its FlagSet) and examples. Every
// command's FlagSet gets its usage from here (newFlagSet), so that no
// command prints Go's bare "Usage of paths:"; the list "relmap -h" prints
// is made from it too.
type help struct {
	// name is the command as typed: "paths", "token create".
	name string
	// synopsis follows "relmap <name>" in the usage line; lines after the
	// first are further forms.
	synopsis string
	// purpose is one line: what the command is for.
	purpose string
	// about says more, when needed: rules, formats, what is written to
	// the audit log.
	about string
	// examples are command lines, one or more.
	examples []string
}

// storeFlags is how synopses name the flags every data command has.
const storeFlags = "[store flags]"

// helps lists every command and subcommand in the order "relmap -h" shows
// them. A group ("token") lists its subcommands ("token create", …) right
// after it.
var helps = []help{
	{name: "serve", synopsis: "[flags]", purpose: "serve the API and the web page (embedded SQLite store by default, Neo4j with -neo4j-uri)",
		examples: []string{"relmap serve -addr 127.0.0.1:8080 -db relmap.db"}},
	{name: "demo", synopsis: "[flags]", purpose: "load the demo network into the store, then serve it",
		examples: []string{"relmap demo", "relmap demo -load-only -db /tmp/demo.db -persons 500"}},
	{name: "segments", synopsis: "[-as-of YYYY-MM-DD] [-json | -csv] [-lang en|nl] " + storeFlags, purpose: "print the segment matrix",
		about:    "Prints every organisation and person with its attractiveness and accessibility,\nits segment and the segment's policy; unassessed stakeholders say what is missing.",
		examples: []string{"relmap segments -lang nl", "relmap segments -as-of 2026-01-31 -csv > matrix.csv"}},
	{name: "assess", synopsis: "-stakeholder ID -criterion ID -score N [-date YYYY-MM-DD] [-assessor WHO] [-comment TEXT] " + storeFlags + "\nrelmap assess -csv FILE [-dry-run] " + storeFlags,
		purpose:  "record scores of stakeholders on criteria: one from flags, or a CSV file",
		about:    "A CSV file has a header row naming its columns, is separated by ',' or ';' and may start with a UTF-8 byte order mark;\nit is validated whole and stored all or nothing. Re-recording a score changes nothing.",
		examples: []string{"relmap assess -stakeholder org-fund -criterion yield -score 4", "relmap assess -csv scores.csv -dry-run"}},
	{name: "scheme", synopsis: "[-set FILE.json [-confirm]] " + storeFlags, purpose: "print or replace the criteria, weights, thresholds and scale",
		about: "Prints the segmentation scheme as a scheme file, or replaces it with one (edit the printed file and -set it back).\n" +
			"-set says how many stakeholders are unassessed now and under the new scheme; when that number grows (a criterion\n" +
			"nobody has a score on yet) the change is refused, naming the numbers, unless -confirm is given.",
		examples: []string{"relmap scheme > scheme.json", "relmap scheme -set scheme.json", "relmap scheme -set scheme.json -confirm"}},
	{name: "policies", synopsis: "[-set FILE.json] " + storeFlags, purpose: "print or replace the policy of each segment",
		about:    "Prints the policy of each segment — intensity, contact modes, minimum contacts per period, who is responsible —\nas JSON, or replaces the table with such a file.",
		examples: []string{"relmap policies > policies.json", "relmap policies -set policies.json"}},
	{name: "paths", synopsis: "-to ID [-from ID,…] [-k N] [-max-hops N] [-no-load] [-json] [-lang en|nl] " + storeFlags, purpose: "warm introduction paths from our employees to a person or organisation",
		examples: []string{"relmap paths -to org-fund", "relmap paths -to per-jan -from emp-anna -k 3 -lang nl"}},
	{name: "brokers", synopsis: "[-target ID,…] [-limit N] [-json] [-lang en|nl] " + storeFlags, purpose: "the intermediaries who open doors to the develop targets",
		examples: []string{"relmap brokers", "relmap brokers -target org-fund,org-city -lang nl"}},
	{name: "centrality", synopsis: "[-metric NAME] [-limit N] [-json] " + storeFlags, purpose: "nodes ranked by a measure (pagerank, betweenness, …)",
		examples: []string{"relmap centrality -metric betweenness -limit 10"}},
	{name: "holders", synopsis: "-of ID | -employee ID [-json] [-lang en|nl] [-now DAY] " + storeFlags, purpose: "who here knows a stakeholder (-of), or what an employee holds (-employee)",
		examples: []string{"relmap holders -of org-fund", "relmap holders -employee emp-anna -lang nl"}},
	{name: "departure", synopsis: "-employee ID [-target ID,…] [-share F] [-json] " + storeFlags, purpose: "what we lose if an employee leaves: targets without a warm path",
		examples: []string{"relmap departure -employee emp-anna"}},
	{name: "conformance", synopsis: "[-json | -csv] [-lang en|nl] [-now DAY] " + storeFlags, purpose: "advice per stakeholder against its segment's policy",
		about:    "Checks every stakeholder of the four segments against its segment's policy: contacts in the current period,\ncontact level, owner, holders. Advice: develop, intensify, reduce, raise_level, lower_level, assign_owner,\nsingle_holder, or ok (in words in the table; as these codes in -json and -csv).",
		examples: []string{"relmap conformance -lang nl", "relmap conformance -csv > advice.csv"}},
	{name: "overdue", synopsis: "[-json] [-lang en|nl] [-now DAY] " + storeFlags, purpose: "stakeholders whose next contact is due under the policy, by owner",
		examples: []string{"relmap overdue", "relmap overdue -now 2026-06-30 -lang nl"}},
	{name: "whatif", synopsis: "-target ID [-threshold F] [-json] [-lang en|nl] " + storeFlags, purpose: "which employee should meet whom to lift a target to the threshold",
		examples: []string{"relmap whatif -target org-fund -threshold 0.5"}},
	{name: "import", synopsis: "[-kind KIND] [-dry-run] [-json] " + storeFlags + " FILE\nrelmap import -kind linkedin -employee ID [-strength 0.3] [-dry-run] [-json] " + storeFlags + " Connections.csv\n" +
		"relmap import -kind ics|mbox|eml|vcard [-create-unknown] [-dry-run] [-json] " + storeFlags + " FILE",
		purpose: "import a CSV file of one kind of record, a JSON export or a LinkedIn export, all or nothing",
		about: "Imports a CSV file of employees, organisations, persons, relationships or contacts, or a JSON document\n" +
			"written by relmap export (\"-\" reads standard input). The file is validated whole and stored all or nothing;\n" +
			"every problem is reported with its line and column. A CSV file is read as a stream, so it may be of any size;\n" +
			"standard input, JSON documents and LinkedIn exports are read whole, up to 64 MiB. Records are matched by id,\n" +
			"so importing a file again changes nothing. CSV files may use ',' or ';', start with a byte order mark, and\n" +
			"name their columns and values in English or Dutch (naam, partijtype, intermediair, kent, …; see the README).\n" +
			"With -kind linkedin it imports one employee's LinkedIn Connections.csv: persons, their organisations, works_at\n" +
			"ties and knows ties from the employee, matched against stored persons and organisations. With -kind ics, mbox or\n" +
			"eml it captures contacts between our employees and external persons from a calendar's meetings or mail headers\n" +
			"(never a subject or body); with -kind vcard it imports an address book's persons (see the README, \"Capture\").",
		examples: []string{"relmap import examples/persons.csv", "relmap import -dry-run -kind relationships ties.csv", "relmap import backup.json"}},
	{name: "export", synopsis: "[-format json|csv|graphml|gexf] [-kind KIND] [-o FILE] " + storeFlags, purpose: "export everything as JSON, one kind as CSV, or the network as GraphML or GEXF",
		about:    "Writes the whole store as one JSON document that relmap import reads back, one kind of record as CSV in the\ncolumns relmap import reads, or the network as GraphML or GEXF with kind, party type, segment, type and strength.",
		examples: []string{"relmap export -o backup.json", "relmap export -format csv -kind persons -o persons.csv"}},
	{name: "employee", synopsis: "end|delete …", purpose: "record an employee's end of employment, or delete an employee",
		about:    "An employee who leaves gets an end date: their ties and contacts stay as history, but they start no warm path,\nhold no relationship and count in no conformance from the day after. Hand what they own to a colleague with\nrelmap handover. A delete of an employee with logged contacts or owned records is refused unless forced.",
		examples: []string{"relmap employee end emp-anna -date 2026-03-31", "relmap handover -from emp-anna -to emp-bart"}},
	{name: "employee end", synopsis: "-date YYYY-MM-DD | -clear [-json] " + storeFlags + " ID", purpose: "record an employee's last day of employment (or take it back with -clear)",
		about:    "No contact of theirs may be dated after it, and it may not lie before a contact already logged.\nIt says what the employee still owns, to hand over with relmap handover.",
		examples: []string{"relmap employee end emp-anna -date 2026-03-31", "relmap employee end emp-anna -clear"}},
	{name: "employee delete", synopsis: "[-force] [-json] " + storeFlags + " ID", purpose: "delete an employee; refused when they have logged contacts or own records, unless -force",
		about:    "Without -force an employee with a history is refused, naming what would be lost (give them an end date instead).\nWith -force their contacts and ties go with them and what they owned loses its owner; the audit log records it.",
		examples: []string{"relmap employee delete emp-temp", "relmap employee delete emp-anna -force"}},
	{name: "handover", synopsis: "-from ID -to ID [-json] " + storeFlags, purpose: "hand every organisation and person an employee owns to a colleague, in one transaction",
		about:    "The colleague must be employed (not have left). Written to the audit log with what moved.",
		examples: []string{"relmap handover -from emp-anna -to emp-bart"}},
	{name: "token", synopsis: "create|list|revoke …", purpose: "create, list and revoke API tokens with a role (viewer, editor, admin)",
		examples: []string{"relmap token create -name anna -role editor", "relmap token list", "relmap token revoke tok-1a2b3c"}},
	{name: "token create", synopsis: "-name NAME [-role viewer|editor|admin] [-employee ID] " + storeFlags, purpose: "create an API token; prints its secret once",
		examples: []string{"relmap token create -name anna -role editor"}},
	{name: "token list", synopsis: "[-json] " + storeFlags, purpose: "list the API tokens (never their secrets)",
		examples: []string{"relmap token list -json"}},
	{name: "token revoke", synopsis: storeFlags + " ID", purpose: "revoke an API token: it stops working at once",
		examples: []string{"relmap token revoke tok-1a2b3c"}},
	{name: "audit", synopsis: "[-actor NAME] [-target ID] [-limit N] [-offset N] [-json] " + storeFlags, purpose: "read the audit log of writes, exports and erasures, newest first",
		examples: []string{"relmap audit -target emp-anna"}},
	{name: "person", synopsis: "export|erase|object …", purpose: "everything held about one person; erase them; record an objection (GDPR)",
		examples: []string{"relmap person export per-jan -o jan.json", "relmap person erase per-jan", "relmap person object per-jan"}},
	{name: "person export", synopsis: "[-o FILE] " + storeFlags + " ID", purpose: "print everything held about one person as JSON (GDPR Art. 15, 20)",
		about:    "Their record, ties, the contacts logged with them, their assessments and the introduction requests that name\nor mention them; other persons appear by id and name only. Written to the audit log.",
		examples: []string{"relmap person export per-jan -o jan.json"}},
	{name: "person erase", synopsis: "[-json] " + storeFlags + " ID", purpose: "erase one person with their ties, contacts and assessments (GDPR Art. 17); cannot be undone",
		about:    "In one transaction; digests of their identifiers (id, e-mail, profile address) go on the suppression list, so\nthat no import brings them back. Written to the audit log.",
		examples: []string{"relmap person erase per-jan"}},
	{name: "person object", synopsis: "[-date YYYY-MM-DD | -withdraw] " + storeFlags + " ID", purpose: "record that a person objects to being processed (GDPR Art. 21), or withdraws it",
		about:    "An objecting person is left out of every path search and broker ranking.",
		examples: []string{"relmap person object per-jan -date 2026-02-01", "relmap person object per-jan -withdraw"}},
	{name: "report", synopsis: "changes …", purpose: "reports for directors: what changed between two days",
		examples: []string{"relmap report changes -from 2026-01-01 -to 2026-03-31"}},
	{name: "report changes", synopsis: "-from YYYY-MM-DD [-to YYYY-MM-DD] [-json | -csv] [-lang en|nl] " + storeFlags,
		purpose: "what changed between two days: segment moves, warm paths gained and lost, conformance per segment, introductions made, plans opened and closed",
		about: "Each day stands for its end, as in relmap segments -as-of, so the moves are those between the two matrices that\n" +
			"command draws. The network at a day is the network as stored, wound back by dates: relationships count from\n" +
			"their since when known, else from the day they were recorded (created_at); contacts dated by then are evidence;\n" +
			"employees who had left by then carry no path. Deleted relationships and changed strengths are not restored.\n" +
			"Warm paths are compared for the develop and invest stakeholders of either day. On policy: no advice but ok or\n" +
			"single_holder. Introductions made: requests that moved to made or met between the two days. Plans opened: made\n" +
			"between the two days; plans closed: whose last move to achieved or dropped lies between them (a plan opened\n" +
			"again since has no closing).",
		examples: []string{"relmap report changes -from 2026-01-01 -to 2026-03-31 -lang nl", "relmap report changes -from 2026-01-01 -csv > q1.csv"}},
	{name: "intro", synopsis: "create|list|move|show …", purpose: "introduction requests: who asks whom to introduce them to whom, and how far it got",
		about: "One of our employees asks an intermediary (a person) to introduce them to a target (a person or an\n" +
			"organisation). A request moves requested → agreed → made → met, and from any open state to declined or\n" +
			"stalled; a stalled request may be picked up again (agreed, made) or declined; met and declined are final.",
		examples: []string{"relmap intro create -employee emp-anna -via per-jan -to org-fund", "relmap intro move -state agreed intro-1"}},
	{name: "intro create", synopsis: "-employee ID -via ID -to ID [-path A,B,C] [-note TEXT] [-id ID] [-json] " + storeFlags,
		purpose:  "record an introduction request (state requested)",
		about:    "-path keeps the path it came from, node ids from the employee to the target. Written to the audit log.",
		examples: []string{"relmap intro create -employee emp-anna -via per-jan -to org-fund -path emp-anna,per-jan,org-fund"}},
	{name: "intro list", synopsis: "[-employee ID] [-via ID] [-to ID] [-state S] [-limit N] [-json] " + storeFlags,
		purpose: "list introduction requests, newest first", examples: []string{"relmap intro list -via per-jan -state requested"}},
	{name: "intro move", synopsis: "-state S [-at YYYY-MM-DD] [-note TEXT] [-mode M] [-level L] [-json] " + storeFlags + " ID",
		purpose: "move an introduction request to another state",
		about: "An illegal move is refused naming both states, and nothing changes. Moving to met logs the contact of the\n" +
			"employee with the target (mode meeting unless -mode says otherwise). Written to the audit log.",
		examples: []string{"relmap intro move -state met -mode phone intro-1"}},
	{name: "intro show", synopsis: "[-json] " + storeFlags + " ID", purpose: "one introduction request with its history",
		examples: []string{"relmap intro show intro-1"}},
	{name: "plan", synopsis: "create|list|show|update|delete …", purpose: "access plans: how we mean to reach a target, and whether it is working",
		about: "A plan names a target (a person or organisation, typically in the develop segment), an owner (one of our\n" +
			"employees), an aim (a segment or an assessed accessibility to reach, by a day), a route (an intermediary or a\n" +
			"stored path) and actions. Its progress is measured from the data: the target's best warm-path strength\n" +
			"against the baseline taken when the plan was made, contacts since, assessed accessibility over time, the\n" +
			"introduction requests to the target and the plan's actions.",
		examples: []string{"relmap plan create -target org-fund -owner emp-anna -segment invest -by 2026-12-31 -via per-jan", "relmap plan list"}},
	{name: "plan create", synopsis: "-target ID -owner ID (-segment S | -accessibility N) -by YYYY-MM-DD [-via ID] [-path A,B,C] [-note TEXT] [-id ID] [-json] " + storeFlags,
		purpose:  "make an access plan; its baseline is the target's best warm-path strength now",
		about:    "Written to the audit log.",
		examples: []string{"relmap plan create -target org-fund -owner emp-anna -segment invest -by 2026-12-31 -via per-jan"}},
	{name: "plan list", synopsis: "[-owner ID] [-target ID] [-state S] [-now DAY] [-lang en|nl] [-json] " + storeFlags,
		purpose: "the director's list of plans, what needs attention first",
		about: "Open plans first; then overdue (an open action due before today, or the aim's day passed unreached); then no\n" +
			"progress (no stronger path, contact, better assessment, introduction moved or action done since the plan was\n" +
			"made); then owner left; then the oldest overdue action, the earliest aim day and the id.",
		examples: []string{"relmap plan list -lang nl"}},
	{name: "plan show", synopsis: "[-history] [-now DAY] [-lang en|nl] [-json] " + storeFlags + " ID", purpose: "one plan with its progress, introduction requests and actions",
		about: "With -history, progress includes the target's best warm-path strength over time: at the plan's start, at the end of\n" +
			"each later day on which a contact, a tie begun or ended or a departure near the target could change it, and now (at\n" +
			"most 24 points, the latest kept), on the network relmap report changes winds back. It builds a snapshot per point:\n" +
			"seconds on a network of 10^5 nodes.",
		examples: []string{"relmap plan show plan-1", "relmap plan show -history plan-1"}},
	{name: "plan update", synopsis: "[-owner ID] [-state open|achieved|dropped [-close-note TEXT]] [-by D [-segment S] [-accessibility N]] [-via ID] [-note TEXT] [-json] " + storeFlags + " ID",
		purpose: "hand a plan over, change its aim, route or note, or close it",
		about: "A new aim (-by with -segment and/or -accessibility) replaces the old one whole. Closing a plan (achieved or\n" +
			"dropped) records when, by whom and -close-note why; opening it again clears that. Written to the audit log.",
		examples: []string{"relmap plan update -state achieved -close-note 'on the board since May' plan-1", "relmap plan update -owner emp-bart plan-1"}},
	{name: "plan delete", synopsis: storeFlags + " ID", purpose: "delete a plan and its actions",
		about: "Written to the audit log.", examples: []string{"relmap plan delete plan-1"}},
	{name: "action", synopsis: "create|list|close|from-advice …", purpose: "follow-up actions: who does what for which stakeholder, by when",
		about: "An action has a kind, an assignee, a stakeholder, a due day and a state (open, then done or dropped). A contact\n" +
			"logged by the assignee with the stakeholder (or with a person who works at or sits on the board of the\n" +
			"organisation the action is about), dated on or after the day the action was set, closes an open contact,\n" +
			"intensify, develop or raise_level action (raise_level: at its level or higher); the other kinds are closed\n" +
			"by hand.",
		examples: []string{"relmap action from-advice -overdue", "relmap action list -assignee emp-anna -state open"}},
	{name: "action create", synopsis: "-stakeholder ID -assignee ID -due YYYY-MM-DD [-kind K] [-plan ID] [-title TEXT] [-level L] [-id ID] [-json] " + storeFlags,
		purpose: "make an action", about: "Written to the audit log.",
		examples: []string{"relmap action create -kind contact -stakeholder org-fund -assignee emp-anna -due 2026-04-01 -plan plan-1"}},
	{name: "action list", synopsis: "[-plan ID] [-assignee ID] [-stakeholder ID] [-state S] [-json] " + storeFlags, purpose: "list actions by due day",
		examples: []string{"relmap action list -assignee emp-anna -state open"}},
	{name: "action close", synopsis: "[-state done|dropped] [-note TEXT] [-json] " + storeFlags + " ID", purpose: "close an action by hand (done or dropped, both final)",
		about: "Written to the audit log.", examples: []string{"relmap action close -note \"called her\" act-1"}},
	{name: "action from-advice", synopsis: "[-codes C,…] [-overdue] [-stakeholders ID,…] [-assignee ID] [-plan ID] [-dry-run] [-json] " + storeFlags,
		purpose: "turn conformance advice and overdue contacts into actions, in bulk",
		about: "Each advice item (intensify, raise_level, assign_owner, develop, single_holder; -codes picks) becomes an action\n" +
			"of that kind, each overdue contact (-overdue) a contact action. The assignee is -assignee or else the\n" +
			"stakeholder's owner (without either the item is skipped); the due day is one contact interval of the segment's\n" +
			"policy from today (the policy period when it asks no minimum), today for an overdue contact. An item with an\n" +
			"open action of the same kind for the same stakeholder is skipped. Written to the audit log.",
		examples: []string{"relmap action from-advice -codes develop,intensify -dry-run"}},
	{name: "retention", synopsis: "[-set DAYS] [-apply] [-json] " + storeFlags, purpose: "show or apply the retention of contact notes",
		about:    "Shows how long the notes of logged contacts are kept; -set changes it, -apply removes the notes of older\ncontacts now (the contacts stay). relmap serve applies it once a day.",
		examples: []string{"relmap retention -set 730", "relmap retention -apply"}},
	{name: "path-rules", synopsis: "[-set FILE.json] " + storeFlags, purpose: "show or set what counts as a warm introduction",
		about:    "Prints what counts as a warm introduction — min_warm (the least strength of a warm path), colleague_strength\nand colleague_max_people (colleague steps within one organisation) — as JSON, or replaces them with such a file.",
		examples: []string{"relmap path-rules > rules.json", "relmap path-rules -set rules.json"}},
	{name: "load-rules", synopsis: "[-set FILE.json] " + storeFlags, purpose: "show or set how introduction load and segment reorder warm paths",
		about: "Prints the load rules of the path ranking as JSON, or replaces them with such a file: open_factor per open\n" +
			"request through an intermediary, recent_factor per request of the last window_days, declined_factor for\n" +
			"not_before_days after a decline, segment_factors per segment of the intermediary's organisation, candidates.\n" +
			"relmap paths and GET /api/v1/paths rank by them unless -no-load (no_load=1).",
		examples: []string{"relmap load-rules > load.json", "relmap load-rules -set load.json"}},
	{name: "capture-settings", synopsis: "[-set FILE.json] " + storeFlags, purpose: "show or set the internal domains and the largest meeting or mailing captured",
		about: "Prints how contacts are captured from calendars and mail — internal_domains (our mail domains: addresses there\n" +
			"are ours, never persons) and max_participants (a larger meeting or mailing gives no contacts) — as JSON, or\nreplaces them.",
		examples: []string{"relmap capture-settings > capture.json", "relmap capture-settings -set capture.json"}},
	{name: "version", purpose: "print the version", examples: []string{"relmap version"}},
}

// helpOf returns the help of the command name; a command without one is a
// programmer error, caught by the test that asks every command for -h.
func helpOf(name string) help {
	for _, h := range helps {
		if h.name == name {
			return h
		}
	}
	panic(fmt.Sprintf("relmap: no help for command %q", name))
}

// newFlagSet returns the FlagSet of the command name: errors are returned
// (not fatal) and -h prints the command's help to the FlagSet's output.
func newFlagSet(name string) *flag.FlagSet {
	h := helpOf(name)
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() { h.print(fs.Output(), fs) }
	return fs
}

// print writes h: purpose, usage, more words, the flags of fs (nil: none)
// and the examples.
func (h help) print(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "relmap %s: %s\n\nUsage:\n", h.name, h.purpose)
	for i, line := range strings.Split(strings.TrimSpace("relmap "+h.name+" "+h.synopsis), "\n") {
		if i > 0 && !strings.HasPrefix(line, "relmap ") {
			line = "relmap " + h.name + " " + line
		}
		fmt.Fprintf(w, "  %s\n", line)
	}
	if h.about != "" {
		fmt.Fprintf(w, "\n%s\n", h.about)
	}
	if subs := h.subcommands(); len(subs) > 0 {
		fmt.Fprintln(w, "\nCommands:")
		for _, s := range subs {
			fmt.Fprintf(w, "  relmap %-16s %s\n", s.name, s.purpose)
		}
		fmt.Fprintf(w, "Run \"relmap %s <command> -h\" for the flags of one.\n", h.name)
	}
	if fs != nil && hasFlags(fs) {
		fmt.Fprintln(w, "\nFlags:")
		fs.PrintDefaults()
	}
	fmt.Fprintln(w, "\nExample:")
	for _, e := range h.examples {
		fmt.Fprintf(w, "  %s\n", e)
	}
}

// subcommands returns the helps of the subcommands of a group ("token":
// "token create", …).
func (h help) subcommands() []help {
	var out []help
	for _, s := range helps {
		if strings.HasPrefix(s.name, h.name+" ") {
			out = append(out, s)
		}
	}
	return out
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// isHelp reports whether arg asks for help, as the flag package reads it.
func isHelp(arg string) bool {
	switch arg {
	case "-h", "-help", "--help", "--h", "help":
		return true
	}
	return false
}

// group starts a command with subcommands (token, person, employee): it
// returns the subcommand and its arguments, or, for no subcommand, "-h"
// or an unknown one, prints the group's help and returns flag.ErrHelp
// (exit 0) or a usage error (exit 2).
func group(name string, args []string, stderr io.Writer) (string, []string, error) {
	h := helpOf(name)
	if len(args) > 0 && isHelp(args[0]) {
		h.print(stderr, nil)
		return "", nil, flag.ErrHelp
	}
	var verbs []string
	for _, s := range h.subcommands() {
		verb := strings.TrimPrefix(s.name, name+" ")
		verbs = append(verbs, verb)
		if len(args) > 0 && args[0] == verb {
			return verb, args[1:], nil
		}
	}
	h.print(stderr, nil)
	if len(args) == 0 {
		return "", nil, usageError{fmt.Sprintf("%s: give %s", name, orList(verbs))}
	}
	return "", nil, usageError{fmt.Sprintf("%s: unknown command %q (give %s)", name, args[0], orList(verbs))}
}

// orList joins words as "a, b or c".
func orList(ws []string) string {
	if len(ws) < 2 {
		return strings.Join(ws, "")
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " or " + ws[len(ws)-1]
}

// commandList is the list "relmap -h" prints: every command that is not a
// subcommand, with its purpose.
func commandList() string {
	var b strings.Builder
	b.WriteString("relmap maps your relationship network and finds warm introductions.\n\nUsage:\n")
	for _, h := range helps {
		if strings.Contains(h.name, " ") {
			continue
		}
		fmt.Fprintf(&b, "  relmap %-12s %s\n", h.name, h.purpose)
	}
	b.WriteString("\nRun \"relmap <command> -h\" for what a command does, its flags and an example.\n")
	return b.String()
}
