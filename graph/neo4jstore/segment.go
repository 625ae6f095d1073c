package neo4jstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/queries"
	"github.com/relmap/relmap/segment"
)

// The segmentation (segment.Store) lives beside the network:
//
//	(:Setting {key: "scheme"|"policies", value})
//	(:Assessment {id, stakeholder_id, criterion_id, score, date, assessor, comment, hash, created_at, …})-[:ASSESSES]->(:Node)
//
// The scheme and the policy table are the JSON documents encoding/json
// writes, as the SQLite store keeps them, so that both stores read back
// exactly what was saved; a missing setting means the default. An
// assessment is a node linked to its stakeholder, so that deleting the
// stakeholder can find and delete its assessments (deleteNode), and so that
// FindAssessments of one stakeholder starts from its node (an index seek)
// rather than scan every assessment; it keeps stakeholder_id as a property
// too, for the order and the filters. Dates and audit times are
// DATETIME values in UTC with millisecond precision, as elsewhere in the
// store. ASSESSES is no relationship type of graph's vocabulary, and
// :Assessment and :Setting nodes carry no :Node label, so Network and the
// relationship queries never see them.
//
// Validation and the create/update decision are segment's
// (Scheme.Validate, Policies.Validate, segment.PlanAssessments). Every
// write takes relmap's write lock first (see write) and moves the version
// when it changes something.

var _ segment.Store = (*Store)(nil)

// Keys of the :Setting nodes.
const (
	schemeKey   = "scheme"
	policiesKey = "policies"
)

// assessesType links an assessment to its stakeholder.
const assessesType = "ASSESSES"

func init() {
	if relTypeOf[assessesType] != "" || assessesType == contactByType || assessesType == contactWithType {
		panic(fmt.Sprintf("neo4jstore: relationship type %q collides with another type", assessesType))
	}
}

// Scheme returns the stored scheme, or segment.DefaultScheme when none was
// saved.
func (s *Store) Scheme(ctx context.Context) (*segment.Scheme, error) {
	return inTx(ctx, s, "scheme", neo4j.AccessModeRead, s.timeout, storedScheme)
}

// SaveScheme validates sc and stores it in place of the previous scheme.
// Invalid schemes return the graph.Errors of Scheme.Validate and store
// nothing. Saving the scheme that is stored already changes nothing, not
// even the version. Stored assessments are kept.
func (s *Store) SaveScheme(ctx context.Context, sc *segment.Scheme) error {
	if sc == nil {
		return graph.Errors{graph.Invalid("scheme", "is required")}
	}
	if err := sc.Validate(); err != nil {
		return err
	}
	return s.saveSetting(ctx, "save scheme", schemeKey, sc)
}

// Policies returns the stored policy table, or segment.DefaultPolicies when
// none was saved.
func (s *Store) Policies(ctx context.Context) (segment.Policies, error) {
	return inTx(ctx, s, "policies", neo4j.AccessModeRead, s.timeout,
		func(ctx context.Context, tx neo4j.ManagedTransaction) (segment.Policies, error) {
			var ps segment.Policies
			found, err := setting(ctx, tx, policiesKey, &ps)
			if err != nil {
				return nil, err
			}
			if !found {
				return segment.DefaultPolicies(), nil
			}
			return ps, nil
		})
}

// SavePolicies validates ps and stores it in place of the previous table.
// Invalid tables return the graph.Errors of Policies.Validate and store
// nothing. Saving the table that is stored already changes nothing.
func (s *Store) SavePolicies(ctx context.Context, ps segment.Policies) error {
	if err := ps.Validate(); err != nil {
		return err
	}
	return s.saveSetting(ctx, "save policies", policiesKey, ps)
}

// storedScheme reads the scheme inside tx.
func storedScheme(ctx context.Context, tx neo4j.ManagedTransaction) (*segment.Scheme, error) {
	sc := new(segment.Scheme)
	found, err := setting(ctx, tx, schemeKey, sc)
	if err != nil {
		return nil, err
	}
	if !found {
		return segment.DefaultScheme(), nil
	}
	return sc, nil
}

// rawSetting returns the document stored under key and whether there is
// one.
func rawSetting(ctx context.Context, tx neo4j.ManagedTransaction, key string) (string, bool, error) {
	var (
		value string
		found bool
	)
	err := each(ctx, tx, queries.Setting, map[string]any{"key": key}, func(rec *neo4j.Record) error {
		v, isNil, err := neo4j.GetRecordValue[string](rec, "value")
		if err != nil {
			return err
		}
		value, found = v, !isNil
		return nil
	})
	return value, found, err
}

// setting decodes the document stored under key into v and reports whether
// there was one.
func setting(ctx context.Context, tx neo4j.ManagedTransaction, key string, v any) (bool, error) {
	data, found, err := rawSetting(ctx, tx, key)
	if err != nil || !found {
		return false, err
	}
	if err := json.Unmarshal([]byte(data), v); err != nil {
		return false, fmt.Errorf("decode %s: %w", key, err)
	}
	return true, nil
}

// saveSetting stores v under key, and moves the version, unless the same
// document is stored already. The scheme and the policy table are logged
// as PartSegments, other settings as PartAll.
func (s *Store) saveSetting(ctx context.Context, op, key string, v any) error {
	part := graph.PartAll
	if key == schemeKey || key == policiesKey {
		part = graph.PartSegments
	}
	_, err := write(ctx, s, op, s.timeout, func(ctx context.Context, tx neo4j.ManagedTransaction) (struct{}, error) {
		// No default: a first save always writes (nil encodes as "null").
		changed, err := putSetting(ctx, tx, key, v, nil)
		if err != nil || !changed {
			return struct{}{}, err
		}
		return struct{}{}, bumpVersionFor(ctx, tx, part, nil)
	})
	return err
}

// UpsertAssessments writes as all or nothing, in one write transaction:
// after relmap's write lock, it reads the stored scheme,
// segment.PlanAssessments checks the assessments against it and the stored
// stakeholders and decides what to create and update (reading through the
// transaction), the planned assessments are written with batched UNWIND
// statements, and the version moves when anything changed. A dry run plans
// in a read transaction and writes nothing.
//
// The clock is read once, before the transaction function, which the driver
// may retry: a retry plans again with the same time. UpsertAssessments
// normalizes the assessments of as and sets their audit fields, as
// segment.PlanAssessments does.
func (s *Store) UpsertAssessments(ctx context.Context, as []*segment.Assessment, opts graph.UpsertOptions) (graph.Counts, error) {
	now := s.now()
	d := s.timeout
	if len(as) >= bulkRecords {
		d = s.bulkTimeout
	}
	type result struct {
		out  []*segment.Assessment
		look *assessmentLookup
		c    graph.Counts
	}
	plan := func(ctx context.Context, tx neo4j.ManagedTransaction) (result, error) {
		sc, err := storedScheme(ctx, tx)
		if err != nil {
			return result{}, err
		}
		look := &assessmentLookup{lookup: newLookup(tx), assessments: map[string]bool{}}
		out, c, err := segment.PlanAssessments(ctx, as, sc, look, opts, now)
		return result{out, look, c}, err
	}
	var (
		res result
		err error
	)
	if opts.DryRun {
		res, err = inTx(ctx, s, "upsert assessments", neo4j.AccessModeRead, d, plan)
	} else {
		res, err = write(ctx, s, "upsert assessments", d, func(ctx context.Context, tx neo4j.ManagedTransaction) (result, error) {
			res, err := plan(ctx, tx)
			if err != nil || len(res.out) == 0 {
				return res, err
			}
			if err := writeAssessments(ctx, tx, res.look, res.out); err != nil {
				return result{}, err
			}
			return res, bumpVersionFor(ctx, tx, graph.PartSegments, segment.ChangedStakeholders(res.out, res.c))
		})
	}
	if err != nil {
		return graph.Counts{}, err
	}
	return res.c, nil
}

// assessmentLookup implements segment.AssessmentLookup inside a
// transaction (StoredNodes is the graph upsert's), and remembers which
// assessments are stored for the write that follows.
type assessmentLookup struct {
	*lookup
	assessments map[string]bool
}

// StoredAssessments reports the stored assessments among ids with their
// hash and audit.
func (l *assessmentLookup) StoredAssessments(ctx context.Context, ids []string) (map[string]graph.Stored, error) {
	return l.stored(ctx, queries.StoredAssessments, ids, func(_ *neo4j.Record, id string, _ *graph.Stored) error {
		l.assessments[id] = true
		return nil
	})
}

// writeAssessments writes planned assessments: CREATE for those the lookup
// found absent, SET for the stored ones.
func writeAssessments(ctx context.Context, tx neo4j.ManagedTransaction, look *assessmentLookup, as []*segment.Assessment) error {
	var created, updated []map[string]any
	for _, a := range as {
		if look.assessments[a.ID] {
			updated = append(updated, assessmentProps(a))
		} else {
			created = append(created, assessmentProps(a))
		}
	}
	if err := unwind(ctx, tx, queries.CreateAssessments, created); err != nil {
		return err
	}
	return unwind(ctx, tx, queries.UpdateAssessments, updated)
}

// assessmentProps returns the properties of a, as props.go describes.
func assessmentProps(a *segment.Assessment) map[string]any {
	m := map[string]any{
		keyID: a.ID, "stakeholder_id": a.StakeholderID, "criterion_id": a.CriterionID,
		"score": int64(a.Score), "date": dateTime(a.Date), keyHash: a.Hash(),
	}
	putText(m, "assessor", a.Assessor, "comment", a.Comment)
	putAudit(m, a.Audit)
	return m
}

func decodeAssessment(m map[string]any) (*segment.Assessment, error) {
	p := &props{what: "assessment", m: m}
	a := &segment.Assessment{
		ID:            p.str(keyID),
		StakeholderID: p.str("stakeholder_id"),
		CriterionID:   p.str("criterion_id"),
		Score:         int(get[int64](p, "score")),
		Date:          p.time("date"),
		Assessor:      p.str("assessor"),
		Comment:       p.str("comment"),
		Audit:         p.audit(),
	}
	return a, p.err
}

// FindAssessments returns the assessments f selects, ordered by stakeholder
// id, criterion id, date and id, and how many there are before paging. An
// Until pointing at the zero time does not filter, as Place's zero asOf.
func (s *Store) FindAssessments(ctx context.Context, f segment.AssessmentFilter) ([]*segment.Assessment, int, error) {
	page, err := f.Page.Normalize()
	if err != nil {
		return nil, 0, err
	}
	params := map[string]any{"stakeholder_id": nil, "criterion_id": nil, "until": nil,
		"offset": page.Offset, "limit": page.Limit}
	if f.StakeholderID != nil {
		params["stakeholder_id"] = *f.StakeholderID
	}
	if f.CriterionID != nil {
		params["criterion_id"] = *f.CriterionID
	}
	if f.Until != nil && !f.Until.IsZero() {
		// Compared as instants, to the nanosecond: stored dates are whole
		// milliseconds, Until need not be.
		params["until"] = dateTime(*f.Until)
	}
	find, count := queries.FindAssessments, queries.CountAssessments
	if f.StakeholderID != nil {
		find, count = queries.FindNodeAssessments, queries.CountNodeAssessments
	}
	return findPage(ctx, s, "find assessments", count, find, params, func(rec *neo4j.Record) (*segment.Assessment, error) {
		m, err := nodeValue(rec, "a")
		if err != nil {
			return nil, err
		}
		return decodeAssessment(m)
	})
}

// DeleteAssessment deletes an assessment, or returns ENOTFOUND.
func (s *Store) DeleteAssessment(ctx context.Context, id string) error {
	return s.deleteRecord(ctx, "assessment", queries.DeleteAssessment, map[string]any{"id": id}, id)
}

// ReadSegmentation reads the scheme, the policy table and every assessment
// in one read transaction, the assessments in one statement (no paging),
// under the bulk timeout.
func (s *Store) ReadSegmentation(ctx context.Context) (*segment.Segmentation, error) {
	return inSession(ctx, s, "read segmentation", neo4j.AccessModeRead, s.bulkTimeout, networkFetchSize,
		func(ctx context.Context, tx neo4j.ManagedTransaction) (*segment.Segmentation, error) {
			out := &segment.Segmentation{}
			var err error
			if out.Scheme, err = storedScheme(ctx, tx); err != nil {
				return nil, err
			}
			found, err := setting(ctx, tx, policiesKey, &out.Policies)
			if err != nil {
				return nil, err
			}
			if !found {
				out.Policies = segment.DefaultPolicies()
			}
			err = each(ctx, tx, queries.AllAssessments, nil, func(rec *neo4j.Record) error {
				m, err := nodeValue(rec, "a")
				if err != nil {
					return err
				}
				a, err := decodeAssessment(m)
				if err != nil {
					return err
				}
				out.Assessments = append(out.Assessments, *a)
				return nil
			})
			return out, err
		})
}

var _ segment.ScoreReader = (*Store)(nil)

// ReadScores implements segment.ScoreReader: the scheme, the policy table
// and what placement needs of every assessment (assessment_scores.cypher),
// streamed in one read transaction.
func (s *Store) ReadScores(ctx context.Context, start func(*segment.Scheme, segment.Policies), f func(segment.Assessment) error) error {
	visited := false
	var visitErr error
	_, err := inSession(ctx, s, "read scores", neo4j.AccessModeRead, s.bulkTimeout, networkFetchSize,
		func(ctx context.Context, tx neo4j.ManagedTransaction) (struct{}, error) {
			if visited {
				// f has seen part of a read that failed: it must not see it again.
				return struct{}{}, graph.Errorf(graph.EUNAVAILABLE, "the read of the assessments broke off; retry")
			}
			sc, err := storedScheme(ctx, tx)
			if err != nil {
				return struct{}{}, err
			}
			var policies segment.Policies
			found, err := setting(ctx, tx, policiesKey, &policies)
			if err != nil {
				return struct{}{}, err
			}
			if !found {
				policies = segment.DefaultPolicies()
			}
			start(sc, policies)
			err = each(ctx, tx, queries.AssessmentScores, nil, func(rec *neo4j.Record) error {
				p := &props{what: "assessment", m: rec.AsMap()}
				a := segment.Assessment{
					ID: p.str("id"), StakeholderID: p.str("stakeholder_id"), CriterionID: p.str("criterion_id"),
					Score: int(get[int64](p, "score")), Date: p.time("date"),
				}
				if p.err != nil {
					return p.err
				}
				visited = true
				if err := f(a); err != nil {
					visitErr = err
					return err
				}
				return nil
			})
			return struct{}{}, err
		})
	if visitErr != nil {
		return visitErr
	}
	return err
}
