package neo4jstore

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/queries"
	"github.com/relmap/relmap/segment"
)

// The privacy of persons (graph.PrivacyStore):
//
//	(:Suppression {hash, erased_at})   the suppression list: digests only
//	(:Setting {key: "retention", value}) the retention, as JSON
//
// A person's objection (objects, objected_at) is a property of their node
// (props.go). :Suppression nodes carry no :Node
// label, so Network and the listings never see them.

var (
	_ graph.PrivacyStore[*segment.Assessment] = (*Store)(nil)
	_ graph.SuppressionLookup                 = (*lookup)(nil)
)

// retentionKey is the :Setting key of the retention (a graph.Retention).
const retentionKey = "retention"

// all is the limit that reads every record of a paged statement.
const all = math.MaxInt64

// erasureFault, when set (by tests only), is called after each step of an
// erasure inside its transaction; an error it returns fails the erasure
// there, so that a test can check that nothing of it remains.
var erasureFault func(step string) error

func fault(step string) error {
	if erasureFault == nil {
		return nil
	}
	return erasureFault(step)
}

// Suppressed implements graph.SuppressionLookup inside a transaction.
func (l *lookup) Suppressed(ctx context.Context, hashes []string) (map[string]time.Time, error) {
	out := map[string]time.Time{}
	for chunk := range chunks(hashes) {
		err := each(ctx, l.tx, queries.PrivacySuppressed, map[string]any{"hashes": chunk}, func(rec *neo4j.Record) error {
			s, err := suppressionOf(rec)
			out[s.Hash] = s.ErasedAt
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func suppressionOf(rec *neo4j.Record) (graph.Suppression, error) {
	h, _, err1 := neo4j.GetRecordValue[string](rec, "hash")
	at, _, err2 := neo4j.GetRecordValue[time.Time](rec, "erased_at")
	return graph.Suppression{Hash: h, ErasedAt: at.UTC()}, firstErr(err1, err2)
}

// ExportPerson returns everything stored about the person id, read in one
// read transaction: the record, the relationships at either end (by id),
// the contacts logged with them (newest first), their assessments (by
// criterion, date) and the other nodes by id, kind and name.
func (s *Store) ExportPerson(ctx context.Context, id string) (*graph.PersonExport[*segment.Assessment], error) {
	now := clock(s.now)
	return inTx(ctx, s, "export person", neo4j.AccessModeRead, s.timeout,
		func(ctx context.Context, tx neo4j.ManagedTransaction) (*graph.PersonExport[*segment.Assessment], error) {
			x := &graph.PersonExport[*segment.Assessment]{
				Format: graph.PersonExportFormat, ExportedAt: now,
				Relationships: []*graph.Relationship{}, Contacts: []*graph.Contact{},
				Assessments: []*segment.Assessment{}, Intros: []*graph.IntroRequest{}, Plans: []*graph.Plan{}, Actions: []*graph.Action{},
				Others: []graph.NodeRef{},
			}
			p, err := personIn(ctx, tx, id)
			if err != nil {
				return nil, err
			}
			x.Person = p
			err = each(ctx, tx, cypher.findNodeRelationships, map[string]any{"anchor": id, "node": id, "from": nil, "to": nil,
				"type": nil, "offset": 0, "limit": all}, func(rec *neo4j.Record) error {
				r, err := scanRelationship(rec, "")
				x.Relationships = append(x.Relationships, r)
				return err
			})
			if err != nil {
				return nil, err
			}
			err = each(ctx, tx, queries.FindNodeContacts, map[string]any{"anchor": id, "stakeholder_id": id, "employee_id": nil,
				"mode": nil, "since": nil, "until": nil, "offset": 0, "limit": all}, func(rec *neo4j.Record) error {
				m, err := nodeValue(rec, "c")
				if err != nil {
					return err
				}
				c, err := decodeContact(m)
				x.Contacts = append(x.Contacts, c)
				return err
			})
			if err != nil {
				return nil, err
			}
			err = each(ctx, tx, queries.FindNodeAssessments, map[string]any{"stakeholder_id": id, "criterion_id": nil,
				"until": nil, "offset": 0, "limit": all}, func(rec *neo4j.Record) error {
				m, err := nodeValue(rec, "a")
				if err != nil {
					return err
				}
				a, err := decodeAssessment(m)
				x.Assessments = append(x.Assessments, a)
				return err
			})
			if err != nil {
				return nil, err
			}
			var intros []*graph.IntroRequest
			err = each(ctx, tx, queries.PrivacyIntroMentions, map[string]any{"id": id}, func(rec *neo4j.Record) error {
				data, _, err := neo4j.GetRecordValue[string](rec, "data")
				if err != nil {
					return err
				}
				r, err := decodeIntro(data)
				intros = append(intros, r)
				return err
			})
			if err != nil {
				return nil, err
			}
			x.AddIntros(intros)
			var plans []*graph.Plan
			var actions []*graph.Action
			err = each(ctx, tx, queries.PrivacyPlanMentions, map[string]any{"id": id}, func(rec *neo4j.Record) error {
				plan, _, err := neo4j.GetRecordValue[bool](rec, "plan")
				if err != nil {
					return err
				}
				if plan {
					p, err := decodeData[graph.Plan](rec)
					plans = append(plans, p)
					return err
				}
				a, err := decodeData[graph.Action](rec)
				actions = append(actions, a)
				return err
			})
			if err != nil {
				return nil, err
			}
			x.AddPlans(plans, actions)
			err = each(ctx, tx, queries.PersonRefs, map[string]any{"ids": x.OtherIDs()}, func(rec *neo4j.Record) error {
				var r graph.NodeRef
				var kind string
				var errs [3]error
				r.ID, _, errs[0] = neo4j.GetRecordValue[string](rec, "id")
				kind, _, errs[1] = neo4j.GetRecordValue[string](rec, "kind")
				r.Name, _, errs[2] = neo4j.GetRecordValue[string](rec, "name")
				r.Kind = graph.Kind(kind)
				x.Others = append(x.Others, r)
				return firstErr(errs[:]...)
			})
			if err != nil {
				return nil, err
			}
			x.SortOthers()
			return x, nil
		})
}

// personIn reads the person id inside tx, or returns ENOTFOUND.
func personIn(ctx context.Context, tx neo4j.ManagedTransaction, id string) (*graph.Person, error) {
	var p *graph.Person
	err := each(ctx, tx, queries.FindNode, map[string]any{"id": id}, func(rec *neo4j.Record) error {
		m, err := nodeValue(rec, "n")
		if err != nil {
			return err
		}
		if graph.Kind((&props{m: m}).str(keyKind)) != graph.KindPerson {
			return nil
		}
		p, err = decodePerson(m)
		return err
	})
	if err == nil && p == nil {
		err = graph.NotFound("person", id)
	}
	return p, err
}

// ErasePerson deletes the person id with their contacts, assessments and
// relationships and puts the digests of their identifiers on the
// suppression list, in one write transaction (under relmap's write lock)
// that also moves the version. A digest already on the list keeps its
// first day. In the same transaction the person's id is replaced by its
// pseudonym in the audit log (graph.ErasedPseudonym), and the pending
// audit entry of ctx gets the pseudonym and the erasure's summary. Neo4j
// keeps deleted data in its transaction logs and store files until they
// are rotated and reused (see the README's note on Neo4j).
func (s *Store) ErasePerson(ctx context.Context, id string) (*graph.Erasure, error) {
	now := clock(s.now)
	return write(ctx, s, "erase person", s.timeout, func(ctx context.Context, tx neo4j.ManagedTransaction) (*graph.Erasure, error) {
		e := &graph.Erasure{ID: id, ErasedAt: now}
		p, err := personIn(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		rels, err := single[int64](ctx, tx, cypher.countNodeRelationships, map[string]any{"anchor": id, "node": id, "from": nil, "to": nil, "type": nil}, "total")
		if err != nil {
			return nil, err
		}
		e.Relationships = int(rels)
		cons, err := single[int64](ctx, tx, queries.DeleteNodeContacts, map[string]any{"id": id}, "n")
		if err != nil {
			return nil, err
		}
		e.Contacts = int(cons)
		as, err := single[int64](ctx, tx, queries.DeleteNodeAssessments, map[string]any{"id": id}, "n")
		if err != nil {
			return nil, err
		}
		e.Assessments = int(as)
		if _, err := single[int64](ctx, tx, queries.DeleteNodeIntros, map[string]any{"id": id}, "n"); err != nil {
			return nil, err
		}
		if _, err := single[int64](ctx, tx, queries.DeleteNodePlans, map[string]any{"id": id}, "n"); err != nil {
			return nil, err
		}
		if _, err := single[int64](ctx, tx, queries.DeleteNode, map[string]any{"id": id}, "n"); err != nil {
			return nil, err
		}
		if err := fault("delete"); err != nil {
			return nil, err
		}
		var rows []map[string]any
		for _, k := range graph.SuppressionKeys(p) {
			rows = append(rows, map[string]any{"hash": k.Hash, "erased_at": dateTime(now)})
		}
		if err := unwind(ctx, tx, queries.PrivacySuppress, rows); err != nil {
			return nil, err
		}
		e.Suppressed = len(rows)
		if err := fault("suppress"); err != nil {
			return nil, err
		}
		if err := pseudonymiseAudit(ctx, tx, id); err != nil {
			return nil, err
		}
		if err := pseudonymisePlans(ctx, tx, id); err != nil {
			return nil, err
		}
		if err := pseudonymiseMentions(ctx, tx, id); err != nil {
			return nil, err
		}
		if a := auth.PendingAudit(ctx); a != nil {
			a.Pseudonymise(id)
			a.Detail = e.Summary()
		}
		return e, bumpVersion(ctx, tx)
	})
}

// pseudonymiseMentions replaces the id of the erased person where other
// records still mention it, inside the erasure's transaction: the paths
// and notes of introduction requests between others
// (graph.IntroRequest.Pseudonymise), and the change log on the :Meta node
// (its segment changes name stakeholders).
func pseudonymiseMentions(ctx context.Context, tx neo4j.ManagedTransaction, id string) error {
	type intro struct{ id, state, data string }
	var intros []intro
	err := each(ctx, tx, queries.PrivacyIntroMentions, map[string]any{"id": id}, func(rec *neo4j.Record) error {
		var x intro
		var errs [3]error
		x.id, _, errs[0] = neo4j.GetRecordValue[string](rec, "id")
		x.state, _, errs[1] = neo4j.GetRecordValue[string](rec, "state")
		x.data, _, errs[2] = neo4j.GetRecordValue[string](rec, "data")
		intros = append(intros, x)
		return firstErr(errs[:]...)
	})
	if err != nil {
		return err
	}
	for _, x := range intros {
		r, err := decodeIntro(x.data)
		if err != nil {
			return err
		}
		if !r.Pseudonymise(id) {
			continue
		}
		data, err := json.Marshal(r)
		if err != nil {
			return err
		}
		if _, err := single[int64](ctx, tx, queries.UpdateIntro, map[string]any{"id": x.id, "state": x.state, "data": string(data)}, "n"); err != nil {
			return err
		}
	}
	res, err := tx.Run(ctx, queries.Changes, nil)
	if err != nil {
		return err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return err
	}
	changes, _, err := neo4j.GetRecordValue[[]any](rec, "changes")
	if err != nil {
		return err
	}
	out := make([]string, len(changes))
	replaced := false
	for i, c := range changes {
		s, ok := c.(string)
		if !ok {
			return fmt.Errorf("neo4jstore: change log entry %v is a %T", c, c)
		}
		var r bool
		out[i], r = graph.Pseudonymise(s, id)
		replaced = replaced || r
	}
	if !replaced {
		return nil
	}
	_, err = single[int64](ctx, tx, queries.PrivacyChangesPseudonymise, map[string]any{"changes": out}, "n")
	return err
}

// pseudonymiseAudit replaces the id of the erased person in the audit log
// by its pseudonym (auth.AuditEntry.Pseudonymise), inside the erasure's
// transaction.
func pseudonymiseAudit(ctx context.Context, tx neo4j.ManagedTransaction, id string) error {
	var rows []map[string]any
	err := each(ctx, tx, queries.PrivacyAuditMentions, map[string]any{"id": id}, func(rec *neo4j.Record) error {
		var e auth.AuditEntry
		var errs [4]error
		e.Seq, _, errs[0] = neo4j.GetRecordValue[int64](rec, "seq")
		e.Target, _, errs[1] = neo4j.GetRecordValue[string](rec, "target")
		e.Detail, _, errs[2] = neo4j.GetRecordValue[string](rec, "detail")
		e.ClientRequestID, _, errs[3] = neo4j.GetRecordValue[string](rec, "client_request_id")
		if e.Pseudonymise(id) {
			rows = append(rows, map[string]any{"seq": e.Seq, "target": e.Target, "detail": e.Detail, "client_request_id": e.ClientRequestID})
		}
		return firstErr(errs[:]...)
	})
	if err != nil {
		return err
	}
	return unwind(ctx, tx, queries.PrivacyAuditPseudonymise, rows)
}

// Suppressions returns the suppression list, by digest.
func (s *Store) Suppressions(ctx context.Context) ([]graph.Suppression, error) {
	return inTx(ctx, s, "suppressions", neo4j.AccessModeRead, s.timeout,
		func(ctx context.Context, tx neo4j.ManagedTransaction) ([]graph.Suppression, error) {
			out := []graph.Suppression{}
			err := each(ctx, tx, queries.PrivacySuppressions, nil, func(rec *neo4j.Record) error {
				x, err := suppressionOf(rec)
				out = append(out, x)
				return err
			})
			return out, err
		})
}

// Retention returns the stored retention; zero Days (keep notes) when none
// was saved.
func (s *Store) Retention(ctx context.Context) (graph.Retention, error) {
	return inTx(ctx, s, "retention", neo4j.AccessModeRead, s.timeout,
		func(ctx context.Context, tx neo4j.ManagedTransaction) (graph.Retention, error) {
			var r graph.Retention
			_, err := setting(ctx, tx, retentionKey, &r)
			return r, err
		})
}

// SaveRetention validates r and stores it.
func (s *Store) SaveRetention(ctx context.Context, r graph.Retention) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return s.saveSetting(ctx, "save retention", retentionKey, r)
}

// ApplyRetention clears the notes of the contacts dated before the
// retention's cutoff at the store's clock, in one write transaction, and
// moves the version when it cleared any.
func (s *Store) ApplyRetention(ctx context.Context) (int, error) {
	now := s.now()
	return write(ctx, s, "apply retention", s.bulkTimeout, func(ctx context.Context, tx neo4j.ManagedTransaction) (int, error) {
		var r graph.Retention
		if _, err := setting(ctx, tx, retentionKey, &r); err != nil {
			return 0, err
		}
		cutoff := r.Cutoff(now)
		if cutoff.IsZero() {
			return 0, nil
		}
		var rows []map[string]any
		err := each(ctx, tx, queries.PrivacyOldNotes, map[string]any{"cutoff": dateTime(cutoff)}, func(rec *neo4j.Record) error {
			m, err := nodeValue(rec, "c")
			if err != nil {
				return err
			}
			c, err := decodeContact(m)
			if err != nil {
				return err
			}
			rows = append(rows, contactProps(graph.ClearNote(c, now, graph.RetentionActor)))
			return nil
		})
		if err != nil || len(rows) == 0 {
			return 0, err
		}
		if err := unwind(ctx, tx, queries.UpdateContacts, rows); err != nil {
			return 0, err
		}
		return len(rows), bumpVersion(ctx, tx)
	})
}

// Objecting returns the ids of the persons who object and the version they
// were read at, in one read transaction.
func (s *Store) Objecting(ctx context.Context) ([]string, int64, error) {
	type res struct {
		ids []string
		v   int64
	}
	r, err := inTx(ctx, s, "objecting persons", neo4j.AccessModeRead, s.timeout,
		func(ctx context.Context, tx neo4j.ManagedTransaction) (res, error) {
			var r res
			var err error
			if r.v, err = version(ctx, tx); err != nil {
				return r, err
			}
			err = each(ctx, tx, queries.PrivacyObjecting, nil, func(rec *neo4j.Record) error {
				id, _, err := neo4j.GetRecordValue[string](rec, "id")
				r.ids = append(r.ids, id)
				return err
			})
			return r, err
		})
	return r.ids, r.v, err
}
