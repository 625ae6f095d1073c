// Package neo4jstore is the Neo4j implementation of graph.Store (Neo4j 5.26
// LTS and later, through neo4j-go-driver v5). It is the only importer of the
// driver. Its Cypher lives in queries/ (one statement per file, embedded);
// the schema in queries/schema is applied, idempotently, by Open.
//
// # Data model
//
//	(:Node:Employee|Organisation|Person {id, kind, name, name_fold, …, hash, created_at, created_by, updated_at, updated_by})
//	(:Node)-[:KNOWS|WORKS_AT|BOARD_MEMBER_OF|… {id, strength, nature, level, since, until, source, note, hash, …}]->(:Node)
//	(:Node:Employee)-[:HAD_CONTACT]->(:Contact {id, date, employee_id, stakeholder_id, mode, level, note, hash, …})-[:CONTACT_WITH]->(:Node)
//	(:Meta {id: "relmap", version})
//	(:Assessment {id, stakeholder_id, criterion_id, score, date, assessor, comment, hash, …})-[:ASSESSES]->(:Node)
//	(:Setting {key, value})
//
// In words:
//
//   - Employees, organisations and persons share the :Node label, so that a
//     uniqueness constraint on :Node(id) gives them one id namespace; their
//     kind is a second label (and the kind property).
//   - A relationship is a real Neo4j relationship whose type is graph's type
//     upper-cased (works_at → WORKS_AT), taken from graph.RelTypes only:
//     types and labels cannot be parameters, so every statement that needs
//     one is expanded from the allow-list (see queries' placeholders). A
//     symmetric relationship is stored once, in the direction given. Its id
//     is unique per type by a relationship uniqueness constraint (Neo4j
//     Community supports those since 5.7) and across types by the store,
//     whose writers are serialised (see Transactions). A relationship keeps
//     its type and ends: an upsert that gives a stored id another type or
//     other ends deletes it and creates it anew, with its creation audit.
//   - A logged contact is a (:Contact) node linked to its employee and its
//     stakeholder, so that it is visible from both in the graph and goes
//     when either is deleted. It also keeps employee_id and stakeholder_id
//     as properties. Contacts are never edges of the network: Network and
//     the relationship queries name the relationship types of the
//     vocabulary, and HAD_CONTACT and CONTACT_WITH are not among them.
//   - The segmentation (segment.Store, see segment.go): a dated assessment
//     is an (:Assessment) node linked to its stakeholder, deleted with it;
//     the scheme and the policy table are JSON documents on (:Setting)
//     nodes. Neither carries the :Node label, and ASSESSES is no type of
//     the vocabulary, so the network never shows them.
//   - The owner of an organisation or person is the owner_id property.
//   - The change version lives on the :Meta singleton, created by the first
//     write; a database relmap never wrote to is at version 0.
//
// See props.go for how fields become properties: a Contribution is
// flattened into contribution_* properties; empty strings and false are no
// property at all; times are DATETIME values in UTC with graph's millisecond
// precision, relationship Since and Until DATE values; each record keeps its
// content hash (graph's Hash) in the hash property.
//
// # Transactions
//
// Every write runs in one managed write transaction (session.ExecuteWrite,
// retried by the driver on transient failures; the transaction function
// touches nothing outside the transaction) that starts by taking a write
// lock on the :Meta node (queries/lock.cypher). Writers therefore run one
// after another, and Upsert's plan (graph.PlanUpsert, which reads what is
// stored through the transaction) and its writes see one state: a record
// the plan found absent is created with CREATE, a stored one is changed
// with SET, and a uniqueness constraint violation can only come from a
// writer outside relmap (ECONFLICT). Reads run in managed read transactions
// and do not wait for writers.
//
// Upsert's look-ups read the hash and audit of the batch's own records
// only: the nodes a batch refers to are read as id and kind
// (graph.KindLookup), and an import remembers them from part to part
// (graph.KindCache; a split import, below, takes no employees from earlier
// parts). Relationship ids are looked up only under the types of which
// something is stored (from the count store).
//
// Records are written in batches of 5,000 rows per UNWIND statement, but
// always in one transaction, so an upsert is all or nothing. The server
// holds the whole transaction in memory until it commits. Measured on Neo4j
// 5.26 embedded with a 1 GB heap (the default dbms.memory.transaction.total.max
// is 70% of the heap, 717 MiB): 100,000 relationships and 26,000 nodes in
// one upsert peak at about 700 MiB during commit and succeed; 150,000 fail.
// A batch that outgrows the server's transaction memory fails whole with
// EINVALID ("split it into smaller batches"); nothing is written. Upsert
// and UpsertAssessments are always one transaction; Import splits, below.
//
// # Large imports
//
// Import (segment.Importer) writes an import of up to Config.ImportSplitRows
// records (50,000 by default, so a CSV file that exchange streams in more
// than one 50,000-row part is split) in one transaction, as above. A larger
// one is written part by part, each part in a write transaction of its own
// (under the write lock, moving the version), and made all or nothing by
// compensation (journal.go):
//
//	(:ImportJournal {id, started_at, state: "running"|"done"})
//	(:ImportUndo {import_id, undo_kind, id, …})   the stored version of a record the import changed
//	(:Meta {id: "import/<id>"})                     its lease, held uncommitted while the importer lives
//
// Every node, relationship, contact, assessment, introduction request,
// plan and action a part creates is listed by id in an undo node of kind
// "created", in the part's transaction; before a part changes a stored
// record the import did not create (the importer remembers the ids it
// created), its whole property map (for a relationship also its type and
// ends, for a setting its document or its absence) is copied into an undo
// node, once per import — among them the open actions that the part's
// contacts close (graph.CloseByContacts), so that undoing the import opens
// them again. When the last
// part is written the journal is marked done and the version moves; the
// undo nodes are then deleted in batches and the journal too. The records
// carry no mark of the import (but for the few suppression entries of a
// restored backup), so that finishing it writes none of them again
// (clearing a mark from each record it created cost a sixth of an
// import's statement time). When a part fails (an input problem, a Neo4j
// error, a cancelled context, a failure of the caller's next), Import
// compensates: it deletes the records of the lists, writes the kept
// versions back, deletes the journal, and returns the original error. If
// that fails too (Neo4j gone), the journal stays running and the store
// keeps trying to compensate in the background, with a growing wait
// (undo.go), until Neo4j answers: the running process undoes the import
// without a restart. If the store is closed first, the next Open
// compensates it before the store serves, as it does for an import whose
// process was killed, and logs it; a journal marked done only has its
// undo nodes cleared. Open leaves a
// journal alone whose lease another process still holds (the uniqueness
// constraint on :Meta(id) makes Open's attempt wait), so a CLI command opening the store
// does not undo an import the server is running.
//
// Two parts in a row that hold relationships only, with ids of their own
// and none in common (a CSV file of relationships split in parts), are
// written at the same time, each in its transaction, while a third holds
// the write lock for both and moves the version once both have committed
// (writeTwo): neither reads what the other writes, and one Neo4j
// transaction runs on one core. They may deadlock on a shared end node;
// Neo4j then fails one, and the driver runs it again. Any other part is
// written alone, in order.
//
// The trade-off: a split import is not isolated. Readers see it half done
// (part by part, each at a version of its own), and a writer that changes
// the import's records meanwhile may see its change undone by the
// compensation, and a record it created deleted when its id is one the
// import created. The store says when that can be (graph.ImportWatcher:
// the journals running, and its own imports waiting to be undone), and
// the API passes it on. What the
// split keeps is atomicity: after a failure or a crash nothing of the
// import remains. A dry run is always one transaction, rolled back, so a
// dry run of an import that outgrows the transaction memory fails with
// EINVALID. Measured with bench/import: 10^6 relationships among 200,000
// persons in 20 parts (see the figures in README.md).
//
// Neo4j reads at read committed isolation. Network reads the version before
// and after its stream and fails with EUNAVAILABLE ("changed while it was
// read; retry") when they differ, rather than return a torn snapshot.
//
// # Timeouts and errors
//
// Every call runs under a deadline: Config.Timeout (5 s by default), or
// Config.BulkTimeout for Network and large upserts. The deadline also goes
// to the server as the transaction timeout, and bounds the driver's wait
// for a connection and its retries, so a database that is down or hung
// answers EUNAVAILABLE within about Timeout. Driver and server errors get
// their graph code in one place (errors.go): connectivity, deadlines and
// transient failures EUNAVAILABLE, constraint violations ECONFLICT, the rest
// EINTERNAL; their text stays in the error chain for logs and never reaches
// graph.Error's Message.
//
// # Tests
//
// The tests need a server: RELMAP_NEO4J_URI (scripts/neo4j-dev.sh start
// prints one), RELMAP_NEO4J_USER, RELMAP_NEO4J_PASSWORD or
// RELMAP_NEO4J_PASSWORD_FILE. Without a URI they skip, unless
// RELMAP_REQUIRE_NEO4J=1. They wipe the database's data: run them alone
// (go test -p 1) against a database that holds nothing of value.
package neo4jstore
