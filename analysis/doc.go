// Package analysis runs relmap's graph analytics — warm introduction paths,
// brokers, holdings, conformance, what-if, centralities — on an in-memory
// snapshot of the network.
//
// # Snapshot
//
// A Snapshot is built once from a store's Network (Build, or Cache, which
// makes a new one only when the store's change version or the day moves —
// from the one in hand where the writes allow, see Cache — never per
// request). Domain ids map to dense int32 indexes (0…n-1, in id order)
// inside this package; results are keyed by domain ids again. Every
// relationship is a tie either way, so the snapshot is undirected; parallel
// relationships between two nodes collapse into one tie carrying the
// strongest. Centralities run on these stated ties. gonum is the reference
// implementation and the oracle in tests; where it is measured too slow,
// compact kernels over the CSR adjacency compute the same values.
//
// # Memory
//
// Inside, a snapshot is integers and flat arrays; strings are kept only
// where they leave the package (node ids and names, relationship ids
// that are not derived).
// A node is a graph.NetworkNode (112 bytes and the strings the store
// allocated for it) and a slot of the id index (idIndex: 8 to 16 bytes of
// table, a 4-byte offset and a copy of the id). A tie is a 16-byte Tie
// (its ends and strength), two arcs of the CSR adjacency (Adj and TieOf:
// 16 bytes) and the offset of its relationships (4 bytes); a relationship
// is a packed code (type, nature, level, direction: 4 bytes) and its
// stored strength (8 bytes; a snapshot with contact evidence adds its own
// 8). A relationship's id is not kept when it is the one
// graph.RelationshipID derives from its type and ends (the demo's ties,
// and those of every import and API write that gives no id): the snapshot
// makes it again when it hands the relationship out. A relationship
// stored under an id of its own costs its index, an offset (8 bytes) and
// the id's bytes. No per-tie value holds a string or a pointer, so the
// garbage collector never scans them. BenchmarkSnapshotMemory measures
// 48 bytes per tie with derived ids and 66 with ids of their own of
// 10–11 bytes, and 183 bytes per node, at 200,000 nodes and 10^6 ties
// (one relationship each, node ids of 8–10 bytes, names of 13);
// TestSnapshotMemoryPerTie keeps it so. The centralities make the
// strength of each arc when they run rather than keeping it (8 bytes an
// arc; TestCentralitiesKeepNoArcStrengths). A snapshot is built from the
// store's stream in O(n log n + m): the nodes are sorted by id, the ties
// grouped by two counting sorts, never by sorting structs; the stream may
// come in parts at once (graph.NetworkVisitor.Parts), its ends looked
// up on two goroutines. While it is built, a relationship costs 24 bytes
// of row columns and its id of its own, moved into tie order in place, so
// that the most it holds at once is about the snapshot and those columns
// (about 100 MB at 200,000 nodes and 10^6 relationships with ids of their
// own; TestSnapshotFinishAllocatesAtSize keeps the build to the columns'
// sizes). The route
// index adds about 66 bytes per tie it keeps (see routeIndex). A snapshot
// built with the contact log keeps, per contact that counts, its id, pair
// and date (a map entry: the id's bytes and about 60 bytes) and the date
// again in its pair's list (24 bytes), and per pair with contacts its
// evidence (about 100 bytes), so that a contact write is applied to it
// without reading the log again (see Cache).
//
// # What counts as an introduction
//
// Warm paths, brokers, what-if, departure and the network-measured
// accessibility share one routing graph (the route index), built from the
// snapshot by the rules of graph.PathRules (a store-wide setting, defaults
// in brackets):
//
//   - An introduction travels between people. Every intermediate step is
//     one of our employees or a person, over a stated tie between them, an
//     evidence tie (logged contacts with no stated tie: RelContacts), or a
//     colleague step: two people affiliated with one organisation (works at
//     it or sits on its board) of at most ColleagueMaxPeople [30] affiliated
//     people, of strength ColleagueStrength [0.5] × the weaker affiliation
//     (RelColleague; a ministry of 10,000 is not a circle of friends).
//   - An organisation is never an intermediate step. It is reached as a
//     destination through one of its people's affiliation, or through a
//     tie of one of our employees with it. Links between organisations
//     (funds, member_of, partners_with) are context, never a step.
//   - Employees who have left (graph.NetworkNode.Left on Snapshot.Day)
//     start no path and carry none; persons who objected are not in the
//     snapshot at all.
//   - A path weaker than MinWarm [0.1] is cold: counted (FindPaths), never
//     ranked as warm; only warm best paths credit brokers.
//
// # Contacts are evidence
//
// A logged contact between an employee and a stakeholder is evidence of a
// tie between them. With s the stated strength (0 when none is stated), n
// the contacts of the last twelve months and a the days since the latest,
//
//	f = 1 − exp(−n/4),  r = 2^(−a/365),  S = max(s, (s + f + r)/3)
//
// (TieEvidence). Evidence never hurts: S ≥ s and S does not decrease in s,
// n or r, so adding a contact or a tie never lowers any tie or any path
// (TestEvidenceNeverHurts checks it over random networks and contact logs;
// the one exception is an affiliation that takes an organisation over the
// colleague cut-off, which removes its colleague steps). No decay applies
// to stated ties.
//
// # One answer everywhere
//
// Whom to ask for an introduction to a target is the Introducer of its
// best warm path — the person next to our employee on it — wherever relmap
// names one: the stakeholder page, conformance's develop advice, the
// brokers' introductions.
//
// # Contacts roll up, and who holds a relationship today
//
// Holders, Holdings, SingleHolder, Conformance, Overdue and Departure count
// logged contacts by one rule. A contact counts for its stakeholder and,
// when that is a person, for every organisation the person belonged to on
// the contact's day (graph.RelType.Affiliation: works at, sits on the
// board of; graph.AffiliatedOn: from the relationship's Since, when known,
// up to its Until), at the contact's own date and level, once per
// organisation: the account manager who meets a municipality's policy
// officer holds the municipality, through him (Holding.Through). A meeting
// with someone who has since left an organisation still counts for it;
// one before she joined does not. Closing actions by a logged contact
// (graph.CloseByContacts) counts by the same rule. Member_of, funds and
// other links between organisations carry nothing over; a person who
// objected is not in the snapshot, so their contacts count for nobody
// else.
//
// Only current contacts count: dated no later than now, by an employee who
// has not left. A departed employee's ties and contacts stay in the store
// as history, but she holds nothing (directly or one hop away), counts in
// no conformance, overdue or single-holder answer, and the records she
// still owns show "owner left" (Advice.OwnerLeft with assign_owner; in
// Overdue the unowned group, with a note).
package analysis
