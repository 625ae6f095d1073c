package neo4jstore

import (
	"context"
	"fmt"
	"maps"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/queries"
)

// batchSize is how many rows one UNWIND statement sends. Bigger batches
// mean fewer round trips; smaller ones less memory per statement on both
// sides. A batch of any size is still written in one transaction.
const batchSize = 5000

// Upsert writes b all or nothing, in one write transaction:
//
//  1. take relmap's write lock (lock.cypher), so that no other writer
//     changes what the next steps read;
//  2. graph.PlanUpsert validates b and decides what to create and update,
//     reading what is stored under b's ids through the transaction;
//  3. the planned records are written with batched UNWIND statements: nodes
//     (CREATE new ones, SET the changed ones), then relationships (the ends
//     MATCHed first, then CREATE, or SET by id) and contacts;
//  4. the version moves, when anything changed.
//
// The transaction function may be retried by the driver; it has no effect
// outside the transaction but for normalizing b and setting its audit
// fields, as graph.PlanUpsert does. A dry run plans in a read transaction and
// writes nothing.
//
// Batches of 1000 records or more run under Config.BulkTimeout. How big one
// transaction can grow depends on the server's memory; see the package
// documentation.
func (s *Store) Upsert(ctx context.Context, b *graph.Batch, opts graph.UpsertOptions) (*graph.UpsertResult, error) {
	if b == nil {
		b = &graph.Batch{}
	}
	now := s.now()
	d := s.timeout
	if b.Len() >= bulkRecords {
		d = s.bulkTimeout
	}
	if opts.DryRun {
		return inTx(ctx, s, "upsert", neo4j.AccessModeRead, d, func(ctx context.Context, tx neo4j.ManagedTransaction) (*graph.UpsertResult, error) {
			_, res, err := graph.PlanUpsert(ctx, b, newLookup(tx), opts, now)
			return res, err
		})
	}
	return write(ctx, s, "upsert", d, func(ctx context.Context, tx neo4j.ManagedTransaction) (*graph.UpsertResult, error) {
		look := newLookup(tx)
		out, res, err := graph.PlanUpsert(ctx, b, look, opts, now)
		if err != nil || !res.Changed() {
			return res, err
		}
		if err := writeBatch(ctx, tx, look, out, nil); err != nil {
			return nil, err
		}
		part, ids := graph.UpsertPart(res, out)
		return res, bumpVersionFor(ctx, tx, part, ids)
	})
}

// storedRel is what the store holds under a relationship id besides
// graph.Stored: its type and ends, which a Neo4j relationship cannot change.
type storedRel struct {
	neoType, from, to string
}

// lookup implements graph.StoredLookup and graph.KindLookup inside a
// transaction, and remembers what it found for the write that follows.
// kinds, when not nil, is the import's cache of node kinds (see
// graph.KindCache): for an import written in one transaction a cache of
// the transaction's attempt, for one written part by part a child of the
// import's, merged into it when the part commits.
type lookup struct {
	tx       neo4j.ManagedTransaction
	kinds    *graph.KindCache
	nodes    map[string]bool
	rels     map[string]storedRel
	contacts map[string]bool
}

var _ graph.KindLookup = (*lookup)(nil)

func newLookup(tx neo4j.ManagedTransaction) *lookup {
	return &lookup{tx: tx, nodes: map[string]bool{}, rels: map[string]storedRel{}, contacts: map[string]bool{}}
}

func (l *lookup) StoredNodes(ctx context.Context, ids []string) (map[string]graph.Stored, error) {
	m, err := l.stored(ctx, queries.StoredNodes, ids, func(rec *neo4j.Record, id string, st *graph.Stored) error {
		kind, _, err := neo4j.GetRecordValue[string](rec, keyKind)
		st.Kind = graph.Kind(kind)
		l.nodes[id] = true
		return err
	})
	l.kinds.AddStored(m)
	return m, err
}

// NodeKinds reads only id and kind, and only of the ids the import's cache
// does not hold.
func (l *lookup) NodeKinds(ctx context.Context, ids []string) ([]graph.Kind, error) {
	return l.kinds.NodeKinds(ctx, ids, func(ctx context.Context, ids []string) (map[string]graph.Kind, error) {
		out := make(map[string]graph.Kind, len(ids))
		for chunk := range chunks(ids) {
			err := each(ctx, l.tx, queries.NodeKinds, map[string]any{"ids": chunk}, func(rec *neo4j.Record) error {
				id, _, err1 := neo4j.GetRecordValue[string](rec, keyID)
				kind, _, err2 := neo4j.GetRecordValue[string](rec, keyKind)
				out[id] = graph.Kind(kind)
				return firstErr(err1, err2)
			})
			if err != nil {
				return nil, err
			}
		}
		return out, nil
	})
}

// StoredRelationships looks the ids up under each relationship type in turn
// (see stored_relationships.cypher), skipping the types of which nothing is
// stored.
func (l *lookup) StoredRelationships(ctx context.Context, ids []string) (map[string]graph.Stored, error) {
	out := make(map[string]graph.Stored, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	for _, t := range relTypeList {
		n, err := single[int64](ctx, l.tx, cypher.countType[t], nil, "n")
		if err != nil {
			return nil, err
		}
		if n == 0 {
			continue
		}
		found, err := l.stored(ctx, cypher.storedRelationships[t], ids, func(rec *neo4j.Record, id string, st *graph.Stored) error {
			r := storedRel{neoType: t}
			var err1, err2 error
			r.from, _, err1 = neo4j.GetRecordValue[string](rec, "from")
			r.to, _, err2 = neo4j.GetRecordValue[string](rec, "to")
			l.rels[id] = r
			return firstErr(err1, err2)
		})
		if err != nil {
			return nil, err
		}
		maps.Copy(out, found)
	}
	return out, nil
}

func (l *lookup) StoredContacts(ctx context.Context, ids []string) (map[string]graph.Stored, error) {
	return l.stored(ctx, queries.StoredContacts, ids, func(_ *neo4j.Record, id string, _ *graph.Stored) error {
		l.contacts[id] = true
		return nil
	})
}

// stored runs q for ids in batches and reads id, hash and the audit of each
// record found; more reads what else q returns.
func (l *lookup) stored(ctx context.Context, q string, ids []string,
	more func(rec *neo4j.Record, id string, st *graph.Stored) error) (map[string]graph.Stored, error) {
	out := make(map[string]graph.Stored, len(ids))
	for chunk := range chunks(ids) {
		err := each(ctx, l.tx, q, map[string]any{"ids": chunk}, func(rec *neo4j.Record) error {
			m := make(map[string]any, len(rec.Keys))
			for i, k := range rec.Keys {
				m[k] = rec.Values[i]
			}
			p := &props{what: "stored record", m: m}
			id := p.str(keyID)
			st := graph.Stored{Hash: p.str(keyHash), Audit: p.audit()}
			if p.err != nil {
				return p.err
			}
			if err := more(rec, id, &st); err != nil {
				return err
			}
			out[id] = st
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// writeBatch writes the planned records of b: nodes first (relationships
// and contacts refer to them), each created or updated as the lookup found
// it absent or stored. tag is nil but for an import written in several
// transactions, which lists the records it creates (see importTag). Logged
// contacts close the open actions they answer (closeActions), which such
// an import keeps first, so that undoing it opens them again.
func writeBatch(ctx context.Context, tx neo4j.ManagedTransaction, look *lookup, b *graph.Batch, tag *importTag) error {
	var created = map[string][]map[string]any{} // by label
	var updated []map[string]any
	node := func(id string, k graph.Kind, props map[string]any) {
		stored := look.nodes[id]
		tag.note("node", id, !stored)
		if stored {
			updated = append(updated, props)
		} else {
			created[labels[k]] = append(created[labels[k]], props)
		}
	}
	for _, e := range b.Employees {
		node(e.ID, graph.KindEmployee, employeeProps(e))
	}
	for _, o := range b.Organisations {
		node(o.ID, graph.KindOrganisation, organisationProps(o))
	}
	for _, p := range b.Persons {
		node(p.ID, graph.KindPerson, personProps(p))
	}
	for _, k := range graph.Kinds {
		if err := unwind(ctx, tx, cypher.createNodes[labels[k]], created[labels[k]]); err != nil {
			return err
		}
	}
	if err := unwind(ctx, tx, queries.UpdateNodes, updated); err != nil {
		return err
	}
	if err := writeRelationships(ctx, tx, look, b.Relationships, tag); err != nil {
		return err
	}
	var newContacts, changedContacts []map[string]any
	for _, c := range b.Contacts {
		props := contactProps(c)
		stored := look.contacts[c.ID]
		tag.note("contact", c.ID, !stored)
		if stored {
			changedContacts = append(changedContacts, props)
		} else {
			newContacts = append(newContacts, props)
		}
	}
	if err := unwind(ctx, tx, queries.CreateContacts, newContacts); err != nil {
		return err
	}
	if err := unwind(ctx, tx, queries.UpdateContacts, changedContacts); err != nil {
		return err
	}
	return closeActions(ctx, tx, b.Contacts, tag)
}

// writeRelationships writes planned relationships. A relationship stored
// with the same type and ends has its properties replaced; one whose type or
// ends changed (an upsert may do that under the same id) is deleted and
// created anew, as a Neo4j relationship cannot change either.
func writeRelationships(ctx context.Context, tx neo4j.ManagedTransaction, look *lookup, rs []*graph.Relationship, tag *importTag) error {
	created := map[string][]map[string]any{} // by Neo4j type
	updated := map[string][]map[string]any{}
	var moved []string
	for _, r := range rs {
		t := relTypes[r.Type]
		row := relationshipRow(r)
		st, ok := look.rels[r.ID]
		inPlace := ok && st.neoType == t && st.from == r.From && st.to == r.To
		tag.note(t, r.ID, !inPlace)
		switch {
		case inPlace:
			updated[t] = append(updated[t], row)
		case ok:
			moved = append(moved, r.ID)
			fallthrough
		default:
			created[t] = append(created[t], row)
		}
	}
	// Each moved relationship is deleted under the type it was stored with.
	for _, t := range relTypeList {
		var ids []string
		for _, id := range moved {
			if look.rels[id].neoType == t {
				ids = append(ids, id)
			}
		}
		for chunk := range chunks(ids) {
			n, err := single[int64](ctx, tx, cypher.deleteRelationships[t], map[string]any{"ids": chunk}, "n")
			if err != nil {
				return err
			}
			if n != int64(len(chunk)) {
				return fmt.Errorf("neo4jstore: deleted %d of %d moved relationships", n, len(chunk))
			}
		}
	}
	for _, t := range relTypeList {
		for chunk := range chunks(updated[t]) {
			ids := make([]string, len(chunk))
			props := make(map[string]any, len(chunk))
			for i, row := range chunk {
				ids[i] = row[keyID].(string)
				props[ids[i]] = row["props"]
			}
			n, err := single[int64](ctx, tx, cypher.updateRelationships[t], map[string]any{"ids": ids, "props": props}, "n")
			if err != nil {
				return err
			}
			if n != int64(len(chunk)) {
				return fmt.Errorf("neo4jstore: updated %d of %d relationships", n, len(chunk))
			}
		}
		if err := unwind(ctx, tx, cypher.createRelationships[t], created[t]); err != nil {
			return err
		}
	}
	return nil
}

// unwind runs q, an UNWIND $rows statement returning the count n of rows
// written, for rows in batches, and checks that every row was written: a
// row whose MATCH found nothing (an end that vanished) would otherwise be
// dropped silently.
func unwind(ctx context.Context, tx neo4j.ManagedTransaction, q string, rows []map[string]any) error {
	for chunk := range chunks(rows) {
		n, err := single[int64](ctx, tx, q, map[string]any{"rows": chunk}, "n")
		if err != nil {
			return err
		}
		if n != int64(len(chunk)) {
			return fmt.Errorf("neo4jstore: wrote %d of %d rows: a referenced record is missing", n, len(chunk))
		}
	}
	return nil
}

// chunks yields xs in slices of at most batchSize.
func chunks[T any](xs []T) func(yield func([]T) bool) {
	return func(yield func([]T) bool) {
		for len(xs) > 0 {
			n := min(len(xs), batchSize)
			if !yield(xs[:n:n]) {
				return
			}
			xs = xs[n:]
		}
	}
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// clock returns the time of a write as graph.PlanUpsert records it.
func clock(now func() time.Time) time.Time {
	return now().UTC().Truncate(time.Millisecond)
}
