// Package graph is relmap's domain: what it knows about an organisation's
// relationship network, and the contract every store keeps.
//
// The network holds three kinds of node — our Employees, external
// Organisations and external Persons — joined by typed Relationships from a
// fixed vocabulary (RelTypes: knows, works at, board member of, funds, …),
// each with a strength in [0,1], a nature and, for our employees' ties, a
// contact level. Organisations and persons are stakeholders: they carry the
// method's party type (input, consumer, intermediary), the contribution we
// expect of them, and an owner among our employees. Contacts are the shared
// log of interactions.
//
// Employees start and leave (employment.go): every contact lies within its
// employee's employment, a departed employee keeps her history, an
// employee with a history is only deleted when forced, and her ownerships
// move to a colleague in one hand-over.
//
// The coordination of the relationship work (the method's step 6, regie)
// keeps introduction requests (intro.go), access plans for targets and
// follow-up actions (plan.go, action.go); a logged contact closes the open
// actions it answers (CloseByContacts).
//
// Every record has a stable external id, so that re-importing the same file
// matches what is stored instead of duplicating it, and audit fields (who
// changed it, when). Writes go through one planner, PlanUpsert, that
// validates a whole batch (every problem reported with its record and
// field), checks references and classifies each record as created, updated
// or unchanged by a content hash; stores only read what is stored and write
// what the plan says. Errors carry codes (Error, ErrorCode) that the API maps
// to statuses in one table.
//
// Store is implemented by graph/sqlitestore (embedded, the default) and
// graph/neo4jstore; graph/storetest is the conformance suite both pass. This
// package imports only the standard library.
package graph
