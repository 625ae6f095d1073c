package neo4jstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/queries"
	"github.com/relmap/relmap/segment"
)

// An import larger than one transaction can hold is written part by part,
// each part in a write transaction of its own, and made all or nothing by
// compensation (see the package documentation, "Large imports"):
//
//	(:ImportJournal {id, started_at, state: "running"|"done"})
//	(:Meta {id: "import/<id>"})                  the lease, never committed: see takeLease
//	(:ImportUndo {import_id, undo_kind, id, …})   a stored version the import changed
//
// and every node, relationship, contact, assessment, introduction request,
// plan, action and suppression entry the import creates is listed by id (a suppression by its digest) in an
// undo node (undo_kind "created"), written in the transaction of the part
// that creates it. The importer remembers the ids of the records it
// created (createdIDs), so that a later part keeps no version of one. The
// records carry no mark of the import; the suppression entries of a
// restored backup, which are few, carry import_id until the import is
// done. On failure the listed records are deleted and the kept versions
// written back (compensate); after a crash, Open does that for every
// journal still running whose importer is gone.

// DefaultImportSplitRows is Config.ImportSplitRows when it is 0: one of
// exchange's CSV parts (exchange.PartRows), so that a CSV file in more than
// one part is split, and half of what the package documentation measured
// to fit one transaction in a 1 GB heap (100,000 relationships).
const DefaultImportSplitRows = 50_000

// undoBatch is how many records one statement of the compensation or the
// clean-up deletes, writes back or clears, each batch in a transaction of
// its own so that none outgrows the server's transaction memory.
const undoBatch = 10_000

// leaseWait is how long Open waits for the lease of a journal it finds
// before it takes the import for running in another process.
const leaseWait = 2 * time.Second

// importFault, when set (by tests only), is called after each part an
// import writes ("part") and before it is marked done ("done"). An error
// fails the import there; one that wraps errCrash makes it stop without
// compensating, as a killed process would, leaving its journal running.
var importFault func(step string) error

// errCrash, wrapped in an error of importFault, simulates a crash.
var errCrash = errors.New("simulated crash")

func importFaultAt(step string) error {
	if importFault == nil {
		return nil
	}
	return importFault(step)
}

// importTag lists the ids one part of an import creates, by kind ("node",
// "contact", "assessment" or a Neo4j relationship type), for
// import_created.cypher.
type importTag struct {
	id      string
	created map[string][]string
}

func newImportTag(id string) *importTag {
	return &importTag{id: id, created: map[string][]string{}}
}

// note lists id, a record of the given kind, when the write creates it
// (or, for a relationship that moves, re-creates it). A nil tag lists
// nothing (a plain upsert).
func (t *importTag) note(kind, id string, created bool) {
	if t != nil && created {
		t.created[kind] = append(t.created[kind], id)
	}
}

// createdIDs are the ids an import has created in the parts it wrote so
// far, by class: "node", "contact", "assessment" and "relationship" (the
// ids of every relationship type are one class, as the store keeps them
// unique across types). A later part keeps no version of those records
// (keepBatch): the compensation deletes them by their lists before it
// writes the kept versions back, and must not bring them back. It holds
// each id once, copied: some 60 bytes an id.
type createdIDs map[string]map[string]bool

// has reports whether the import created the record id of class.
func (c createdIDs) has(class, id string) bool { return c[class][id] }

// add adds what the parts of tags created.
func (c createdIDs) add(tags []*importTag) {
	for _, t := range tags {
		for kind, ids := range t.created {
			class := kind
			if _, rel := relTypeOf[kind]; rel {
				class = "relationship"
			}
			if c[class] == nil {
				c[class] = map[string]bool{}
			}
			for _, id := range ids {
				c[class][strings.Clone(id)] = true
			}
		}
	}
}

// writeCreated writes the lists of ids the tag created, in undo nodes of
// up to undoBatch ids each (one transaction of the undoing or clearing).
func (t *importTag) writeCreated(ctx context.Context, tx neo4j.ManagedTransaction) error {
	for kind, ids := range t.created {
		for len(ids) > 0 {
			n := min(len(ids), undoBatch)
			if _, err := single[int64](ctx, tx, queries.ImportCreated, map[string]any{"import_id": t.id, "kind": kind, "ids": ids[:n]}, "n"); err != nil {
				return err
			}
			ids = ids[n:]
		}
	}
	return nil
}

// importStatements are the statements of this file that are run per
// relationship type, built once the allow-lists are (see cypher.go).
var importStatements = sync.OnceValue(func() map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, q := range []string{queries.ImportKeepRelationships,
		queries.ImportDropRelationships, queries.ImportRestoreRelationships} {
		m := map[string]string{}
		for _, x := range expand(q) {
			m[x.token] = x.text
		}
		out[q] = m
	}
	return out
})

// perType returns q, a statement with {{TYPE}}, for the Neo4j type t.
func perType(q, t string) string { return importStatements()[q][t] }

// openImports takes the import settings of cfg and finishes what imports
// left behind: a journal still running whose importer is gone (a process
// killed mid-import, a compensation that failed) is compensated, one done
// is cleared. Open calls it before the store serves.
func (s *Store) openImports(ctx context.Context, cfg Config) error {
	s.splitRows = cfg.ImportSplitRows
	if s.splitRows == 0 {
		s.splitRows = DefaultImportSplitRows
	}
	journals, err := s.journals(ctx)
	if err != nil {
		return err
	}
	for _, j := range journals {
		attrs := []slog.Attr{slog.String("import_id", j.id), slog.Time("started_at", j.started), slog.String("state", j.state)}
		free, err := s.leaseFree(ctx, j.id)
		if err != nil {
			return err
		}
		if !free {
			s.log.LogAttrs(ctx, levelInfo, "neo4j: an import is running in another process", attrs...)
			continue
		}
		if j.state == "done" {
			s.log.LogAttrs(ctx, levelInfo, "neo4j: clearing the journal of a finished import", attrs...)
			if err := s.clearImport(ctx, j.id); err != nil {
				return err
			}
			continue
		}
		s.log.LogAttrs(ctx, levelWarn, "neo4j: undoing an import that did not finish", attrs...)
		if err := s.compensate(ctx, j.id); err != nil {
			return err
		}
		s.log.LogAttrs(ctx, levelWarn, "neo4j: undid an import that did not finish", attrs...)
	}
	return nil
}

// journal is an import's journal as stored.
type journal struct {
	id, state string
	started   time.Time
}

// journals reads every import journal, oldest first.
func (s *Store) journals(ctx context.Context) ([]journal, error) {
	return inTx(ctx, s, "find import journals", neo4j.AccessModeRead, s.timeout,
		func(ctx context.Context, tx neo4j.ManagedTransaction) ([]journal, error) {
			var out []journal
			err := each(ctx, tx, queries.ImportJournals, nil, func(rec *neo4j.Record) error {
				id, _, err1 := neo4j.GetRecordValue[string](rec, "id")
				state, _, err2 := neo4j.GetRecordValue[string](rec, "state")
				started, _, err3 := neo4j.GetRecordValue[time.Time](rec, "started_at")
				out = append(out, journal{id, state, started.UTC()})
				return firstErr(err1, err2, err3)
			})
			return out, err
		})
}

// importSplit writes an import part by part: parts holds those read so far,
// next gives the rest. Each part runs segment.RunImport in a write
// transaction of its own (under relmap's write lock, moving the version when
// it changes something) with an importTx that lists what it creates and
// keeps what it changes. A failure of any part, of next or of ctx undoes
// the parts written (compensate) and is returned; a *segment.PartError
// names the part by its index in the whole import.
func (s *Store) importSplit(ctx context.Context, parts []*segment.Import, next func() (*segment.Import, error), opts graph.UpsertOptions) (*segment.ImportResult, error) {
	now := s.now()
	id, err := newImportID()
	if err != nil {
		return nil, err
	}
	// The import's audit entry is written with the transaction that marks
	// it done, not with the journal or a part, which a failure undoes.
	pending := auth.PendingAudit(ctx)
	ctx = auth.WithAudit(ctx, nil)
	lease, err := s.takeLease(ctx, id)
	if err != nil {
		return nil, err
	}
	defer lease.release()
	s.imports.set(graph.ImportUnderway{ID: id, StartedAt: now.UTC().Truncate(time.Millisecond), State: graph.ImportRunning})
	undoLater := false
	defer func() {
		if !undoLater {
			s.imports.remove(id)
		}
	}()
	if _, err := write(ctx, s, "import", s.timeout, func(ctx context.Context, tx neo4j.ManagedTransaction) (int64, error) {
		return single[int64](ctx, tx, queries.ImportJournalStart, map[string]any{"import_id": id, "started_at": dateTime(now)}, "n")
	}); err != nil {
		return nil, err
	}
	res, err := s.writeParts(ctx, id, parts, next, opts, now)
	if err == nil {
		err = importFaultAt("done")
	}
	if err == nil {
		_, err = write(auth.WithAudit(ctx, pending), s, "import", s.timeout, func(ctx context.Context, tx neo4j.ManagedTransaction) (int64, error) {
			n, err := single[int64](ctx, tx, queries.ImportJournalDone, map[string]any{"import_id": id}, "n")
			if err == nil && n != 1 {
				err = fmt.Errorf("neo4jstore: the journal of import %s is gone", id)
			}
			if err == nil && res.Changed() {
				err = bumpVersion(ctx, tx)
			}
			return n, err
		})
	}
	if errors.Is(err, errCrash) {
		return nil, err
	}
	if err != nil {
		s.imports.set(graph.ImportUnderway{ID: id, StartedAt: now.UTC().Truncate(time.Millisecond), State: graph.ImportUndoing})
		if cerr := s.compensate(ctx, id); cerr != nil {
			s.log.LogAttrs(ctx, levelError, "neo4j: a failed import could not be undone now; it is undone as soon as the database answers",
				slog.String("import_id", id), attrErr(cerr))
			undoLater = true
			s.undoLater(id) // undo.go
		}
		return nil, err
	}
	// The import is kept: what is left is its journal, which the next Open
	// clears if this fails.
	if err := s.clearImport(ctx, id); err != nil {
		s.log.LogAttrs(ctx, levelWarn, "neo4j: the journal of an import was not cleared; the next Open clears it",
			slog.String("import_id", id), attrErr(err))
	}
	return res, nil
}

// writeParts writes parts, then the parts of next, each in a transaction of
// its own, and returns the sum of their results. Two parts in a row that
// are independent (see independent) are written at the same time, in two
// transactions under one that holds relmap's write lock for both (see
// writeTwo): a transaction of Neo4j runs on one core, and two give the
// server's second core work.
func (s *Store) writeParts(ctx context.Context, id string, parts []*segment.Import, next func() (*segment.Import, error), opts graph.UpsertOptions, now time.Time) (*segment.ImportResult, error) {
	w := &partWriter{s: s, id: id, opts: opts, now: now, kinds: &graph.KindCache{}, created: createdIDs{}}
	var held *segment.Import // a part read and not yet written
	write := func(in *segment.Import) error {
		if held == nil {
			held = in
			return nil
		}
		if independent(held, in) {
			err := w.writeTwo(ctx, held, in)
			held = nil
			return err
		}
		err := w.writeOne(ctx, held)
		held = in
		return err
	}
	for i, in := range parts {
		if err := write(in); err != nil {
			return nil, err
		}
		parts[i] = nil // memory holds two parts at a time from here
	}
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		in, err := next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if in == nil {
			continue
		}
		if err := write(in); err != nil {
			return nil, err
		}
	}
	if held != nil {
		if err := w.writeOne(ctx, held); err != nil {
			return nil, err
		}
	}
	return &w.res, nil
}

// partWriter writes the parts of an import in order and sums their results.
type partWriter struct {
	s    *Store
	id   string
	opts graph.UpsertOptions
	now  time.Time
	// The kinds of the nodes the parts committed so far read and wrote:
	// another writer may delete one of them meanwhile (a split import is
	// not isolated), and then the write of a relationship to it finds no
	// end and fails the part (see unwind), which undoes the import.
	kinds   *graph.KindCache
	created createdIDs
	res     segment.ImportResult
	part    int // the index of the next part in the whole import
}

// written is what the transaction of one part learned and created, kept
// when it commits.
type written struct {
	res   *segment.ImportResult
	kinds *graph.KindCache
	tags  []*importTag
}

// writeOne writes in, the next part, in a write transaction of its own that
// takes relmap's write lock and moves the version when it changes
// something.
func (w *partWriter) writeOne(ctx context.Context, in *segment.Import) error {
	done, err := w.write(ctx, in, false)
	if err != nil {
		return w.partError(0, err)
	}
	w.keep(done)
	return importFaultAt("part")
}

// writeTwo writes a and b, the next two parts, independent of each other,
// in two write transactions at once. A third transaction holds relmap's
// write lock meanwhile, so that no other writer runs between their reads
// and their writes (the two take no lock of their own: they would wait for
// each other), and moves the version once both have committed. It keeps
// what both committed, so that a failure of either undoes both with the
// rest of the import; a failure of a reports a's error. The two may
// deadlock on a shared end node: Neo4j detects it and fails one, which the
// driver runs again.
func (w *partWriter) writeTwo(ctx context.Context, a, b *segment.Import) error {
	lock, err := w.s.holdLock(ctx)
	if err != nil {
		return err
	}
	defer lock.release()
	var (
		done [2]written
		errs [2]error
		wg   sync.WaitGroup
	)
	for i, in := range []*segment.Import{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			done[i], errs[i] = w.write(ctx, in, true)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return w.partError(i, err)
		}
	}
	if err := lock.commit(ctx, done[0].res.Changed() || done[1].res.Changed()); err != nil {
		return err
	}
	for i := range done {
		w.keep(done[i])
		if err := importFaultAt("part"); err != nil {
			return err
		}
	}
	return nil
}

// holdLock opens a write transaction that takes relmap's write lock
// (lock.cypher), waiting for it up to the bulk timeout, and holds it until
// commit or release. Its timeout is twice the bulk timeout, which each
// transaction it waits for has.
func (s *Store) holdLock(ctx context.Context) (*openTx, error) {
	return s.hold(ctx, s.bulkTimeout, 2*s.bulkTimeout, queries.Lock, nil)
}

// commit moves the version when changed and commits; without a change it
// only lets the lock go.
func (l *openTx) commit(ctx context.Context, changed bool) error {
	if !changed {
		return nil
	}
	cctx, cancel := context.WithTimeout(ctx, l.s.timeout)
	defer cancel()
	err := bumpVersion(cctx, l.tx)
	if err == nil {
		err = l.tx.Commit(cctx)
	}
	if err != nil {
		return l.s.fail(ctx, "import", err)
	}
	return nil
}

// write writes in in a write transaction of its own. With locked, the
// caller holds relmap's write lock: the transaction takes none and leaves
// the version to the caller. The kinds the part learns and the ids it
// creates are kept by the caller when it commits (keep).
func (w *partWriter) write(ctx context.Context, in *segment.Import, locked bool) (written, error) {
	d := w.s.timeout
	if records(in) >= bulkRecords {
		d = w.s.bulkTimeout
	}
	var done written // what the attempt that commits learns and creates
	fn := func(ctx context.Context, tx neo4j.ManagedTransaction) (*segment.ImportResult, error) {
		done.kinds, done.tags = w.kinds.Child(), nil
		t := importTx{tx: tx, id: w.id, kinds: done.kinds, created: w.created, tags: &done.tags}
		r, err := segment.RunImport(ctx, t, segment.Parts(in), w.opts, w.now)
		if err != nil {
			return nil, err
		}
		if r.Changed() && !locked {
			return r, bumpVersion(ctx, tx)
		}
		return r, nil
	}
	var err error
	if locked {
		done.res, err = inTx(ctx, w.s, "import", neo4j.AccessModeWrite, d, fn)
	} else {
		done.res, err = write(ctx, w.s, "import", d, fn)
	}
	return done, err
}

// keep adds a committed part to the import's state and result.
func (w *partWriter) keep(done written) {
	w.kinds.Merge(done.kinds)
	w.created.add(done.tags)
	addResult(&w.res, done.res)
	w.part++
}

// partError names the part of a *segment.PartError, the k-th after the
// parts written, by its index in the whole import.
func (w *partWriter) partError(k int, err error) error {
	if pe := (*segment.PartError)(nil); errors.As(err, &pe) {
		return &segment.PartError{Part: w.part + k, Err: pe.Err}
	}
	return err
}

// independent reports whether parts a and b may be written at the same
// time: each holds relationships only, every one with its id, and none of
// b's ids is one of a's. Then neither part reads what the other writes: a
// relationship's ends are nodes stored before (or created by a part
// committed before), and neither keeps or creates a record the other
// does. Any other record (a node b's relationships may end at, a contact
// that closes an action, a setting, an assessment) keeps them in order.
func independent(a, b *segment.Import) bool {
	ids := map[string]bool{}
	for _, in := range []*segment.Import{a, b} {
		rest := *in
		rest.Batch = nil
		if in.Batch == nil || len(in.Batch.Relationships) == 0 || len(in.Batch.Relationships) != in.Batch.Len() ||
			!reflect.ValueOf(rest).IsZero() {
			return false
		}
	}
	for _, r := range a.Batch.Relationships {
		ids[r.ID] = true
	}
	for _, r := range b.Batch.Relationships {
		if r.ID == "" || ids[r.ID] {
			return false
		}
	}
	return !ids[""]
}

// records is the size of an import part, as Config.ImportSplitRows counts.
func records(in *segment.Import) int {
	n := len(in.Assessments)
	if in.Batch != nil {
		n += in.Batch.Len()
	}
	return n
}

func addResult(to, r *segment.ImportResult) {
	for _, c := range []struct{ to, from *graph.Counts }{
		{&to.Employees, &r.Employees}, {&to.Organisations, &r.Organisations}, {&to.Persons, &r.Persons},
		{&to.Relationships, &r.Relationships}, {&to.Contacts, &r.Contacts}, {&to.Assessments, &r.Assessments},
		{&to.Suppressions, &r.Suppressions}, {&to.Intros, &r.Intros}, {&to.Plans, &r.Plans}, {&to.Actions, &r.Actions},
	} {
		c.to.Created += c.from.Created
		c.to.Updated += c.from.Updated
		c.to.Unchanged += c.from.Unchanged
	}
	to.SchemeChanged = to.SchemeChanged || r.SchemeChanged
	to.PoliciesChanged = to.PoliciesChanged || r.PoliciesChanged
}

func newImportID() (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("import id: %w", err)
	}
	return "imp-" + hex.EncodeToString(b), nil
}

// keepBatch keeps the stored version of every record of b that the lookup
// found stored and the import did not create (created), before b is
// written, and returns the tag that writeBatch lists b's new records in.
func keepBatch(ctx context.Context, tx neo4j.ManagedTransaction, id string, look *lookup, b *graph.Batch, created createdIDs) (*importTag, error) {
	var nodes, contacts []string
	rels := map[string][]string{}
	node := func(id string) {
		if look.nodes[id] && !created.has("node", id) {
			nodes = append(nodes, id)
		}
	}
	for _, e := range b.Employees {
		node(e.ID)
	}
	for _, o := range b.Organisations {
		node(o.ID)
	}
	for _, p := range b.Persons {
		node(p.ID)
	}
	for _, r := range b.Relationships {
		if st, ok := look.rels[r.ID]; ok && !created.has("relationship", r.ID) {
			rels[st.neoType] = append(rels[st.neoType], r.ID)
		}
	}
	for _, c := range b.Contacts {
		if look.contacts[c.ID] && !created.has("contact", c.ID) {
			contacts = append(contacts, c.ID)
		}
	}
	if err := keepStored(ctx, tx, queries.ImportKeepNodes, id, nodes); err != nil {
		return nil, err
	}
	for _, t := range relTypeList {
		if err := keepStored(ctx, tx, perType(queries.ImportKeepRelationships, t), id, rels[t]); err != nil {
			return nil, err
		}
	}
	if err := keepStored(ctx, tx, queries.ImportKeepContacts, id, contacts); err != nil {
		return nil, err
	}
	return newImportTag(id), nil
}

// keepStored runs q, one of the import_keep_*.cypher statements, for ids in
// batches.
func keepStored(ctx context.Context, tx neo4j.ManagedTransaction, q, id string, ids []string) error {
	for chunk := range chunks(ids) {
		if _, err := single[int64](ctx, tx, q, map[string]any{"import_id": id, "ids": chunk}, "n"); err != nil {
			return err
		}
	}
	return nil
}

// importTx.WriteBatch, WriteAssessments, SaveScheme and SavePolicies of an
// import written part by part (t.id set): keep, then write and list what
// was created.

func (t importTx) writeBatchKept(ctx context.Context, look *lookup, b *graph.Batch) error {
	tag, err := keepBatch(ctx, t.tx, t.id, look, b, t.created)
	if err != nil {
		return err
	}
	if err := writeBatch(ctx, t.tx, look, b, tag); err != nil {
		return err
	}
	*t.tags = append(*t.tags, tag)
	return tag.writeCreated(ctx, t.tx)
}

func (t importTx) writeAssessmentsKept(ctx context.Context, look *assessmentLookup, as []*segment.Assessment) error {
	var stored []string
	tag := newImportTag(t.id)
	for _, a := range as {
		if look.assessments[a.ID] && !t.created.has("assessment", a.ID) {
			stored = append(stored, a.ID)
		}
		tag.note("assessment", a.ID, !look.assessments[a.ID])
	}
	if err := keepStored(ctx, t.tx, queries.ImportKeepAssessments, t.id, stored); err != nil {
		return err
	}
	if err := writeAssessments(ctx, t.tx, look, as); err != nil {
		return err
	}
	*t.tags = append(*t.tags, tag)
	return tag.writeCreated(ctx, t.tx)
}

func (t importTx) keepSetting(ctx context.Context, key string) error {
	_, err := single[int64](ctx, t.tx, queries.ImportKeepSetting, map[string]any{"import_id": t.id, "key": key}, "n")
	return err
}

// compensate undoes the import id: it deletes what the import created, by
// its lists (introduction requests, actions, plans, assessments, contacts,
// relationships, then nodes), writes the kept versions back (nodes,
// relationships, contacts, assessments, introduction requests, plans,
// actions — among them the open actions its contacts closed —, settings)
// and deletes the journal. Each batch is a write transaction of
// its own that moves the version when it changes something; every step can
// run again, so a compensation that stops half-way (the database gone) is
// finished by the next one, which Open starts for a journal still running.
// It runs even when ctx is cancelled (its deadlines are the store's).
func (s *Store) compensate(ctx context.Context, id string) error {
	ctx = context.WithoutCancel(ctx)
	steps := []string{queries.ImportDropSuppressions, queries.ImportDropIntros, queries.ImportDropActions, queries.ImportDropPlans,
		queries.ImportDropAssessments, queries.ImportDropContacts}
	for _, t := range relTypeList {
		steps = append(steps, perType(queries.ImportDropRelationships, t))
	}
	steps = append(steps, queries.ImportDropNodes, queries.ImportRestoreNodes)
	for _, t := range relTypeList {
		steps = append(steps, perType(queries.ImportRestoreRelationships, t))
	}
	steps = append(steps, queries.ImportRestoreContacts, queries.ImportRestoreAssessments, queries.ImportRestoreIntros,
		queries.ImportRestorePlans, queries.ImportRestoreActions, queries.ImportRestoreSettings)
	for _, q := range steps {
		if err := s.inBatches(ctx, "undo import", id, q, true); err != nil {
			return err
		}
	}
	return s.inBatches(ctx, "undo import", id, queries.ImportJournalDelete, false)
}

// clearImport clears what is left of the finished import id: its undo
// nodes (the kept versions and the lists of what it created) and its
// journal. Nothing a reader sees changes, so the version stays.
func (s *Store) clearImport(ctx context.Context, id string) error {
	steps := []string{queries.ImportUntagSuppressions, queries.ImportForget, queries.ImportJournalDelete}
	for _, q := range steps {
		if err := s.inBatches(ctx, "finish import", id, q, false); err != nil {
			return err
		}
	}
	return nil
}

// inBatches runs q, a statement that handles up to $limit records (or one
// list of created ids) of the import id and returns how many n, in write
// transactions until n is 0, moving the version after each batch that
// changed something when bump is set.
func (s *Store) inBatches(ctx context.Context, op, id, q string, bump bool) error {
	for {
		n, err := write(ctx, s, op, s.bulkTimeout, func(ctx context.Context, tx neo4j.ManagedTransaction) (int64, error) {
			n, err := single[int64](ctx, tx, q, map[string]any{"import_id": id, "limit": undoBatch}, "n")
			if err == nil && n > 0 && bump {
				err = bumpVersion(ctx, tx)
			}
			return n, err
		})
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
	}
}

// openTx is a write transaction kept open to hold the locks its
// statement took: an import's lease, relmap's write lock.
type openTx struct {
	s    *Store
	sess neo4j.SessionWithContext
	tx   neo4j.ExplicitTransaction
}

// hold begins a write transaction with the timeout d (0: none) and runs q
// in it, waiting up to wait for the locks q takes, and keeps it open.
func (s *Store) hold(ctx context.Context, wait, d time.Duration, q string, params map[string]any) (*openTx, error) {
	l := &openTx{s: s, sess: s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeWrite})}
	err := func() error {
		cctx, cancel := context.WithTimeout(ctx, wait)
		defer cancel()
		tx, err := l.sess.BeginTransaction(cctx, neo4j.WithTxTimeout(d))
		if err != nil {
			return err
		}
		l.tx = tx
		res, err := tx.Run(cctx, q, params)
		if err == nil {
			_, err = res.Consume(cctx)
		}
		return err
	}()
	if err != nil {
		l.release()
		return nil, s.fail(ctx, "import", err)
	}
	return l, nil
}

// release rolls the transaction back, unless it committed, and closes its
// session.
func (l *openTx) release() {
	ctx, cancel := context.WithTimeout(context.Background(), l.s.timeout)
	defer cancel()
	if l.tx != nil {
		_ = l.tx.Close(ctx)
	}
	_ = l.sess.Close(ctx)
}

// takeLease opens a transaction, without a timeout, that creates the lease
// of id (a :Meta node of id "import/<id>") and stays open, uncommitted,
// until release: a store that opens meanwhile and tries the same
// (leaseFree) waits on the uniqueness constraint of :Meta(id) and so knows
// the import is alive. If this process
// dies, the server ends the transaction with the connection, and the lease
// is free. It is taken before the journal is written, so that no journal is
// ever seen without its lease held by a live importer.
func (s *Store) takeLease(ctx context.Context, id string) (*openTx, error) {
	return s.hold(ctx, s.timeout, 0, queries.ImportLease, map[string]any{"lease": "import/" + id})
}

// leaseFree reports whether the lease of import id can be taken within
// leaseWait: false when a live importer holds it.
func (s *Store) leaseFree(ctx context.Context, id string) (bool, error) {
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeWrite})
	defer sess.Close(context.WithoutCancel(ctx))
	cctx, cancel := context.WithTimeout(ctx, leaseWait+s.timeout)
	defer cancel()
	tx, err := sess.BeginTransaction(cctx, neo4j.WithTxTimeout(leaseWait))
	if err != nil {
		return false, s.fail(cctx, "find import journals", err)
	}
	defer tx.Rollback(context.WithoutCancel(cctx))
	res, err := tx.Run(cctx, queries.ImportLease, map[string]any{"lease": "import/" + id})
	if err == nil {
		_, err = res.Consume(cctx)
	}
	if err == nil {
		return true, nil
	}
	var dberr *neo4j.Neo4jError
	if errors.As(err, &dberr) && (strings.Contains(dberr.Code, "TimedOut") || strings.Contains(dberr.Code, "Terminated") ||
		strings.Contains(dberr.Code, "LockClientStopped")) {
		return false, nil
	}
	return false, s.fail(cctx, "find import journals", err)
}
