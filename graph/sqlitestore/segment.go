package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

// The segmentation (segment.Store) lives beside the network: the scheme and
// the policy table as JSON documents in the settings table, the assessments
// in their own table with a foreign key that deletes them with their
// stakeholder (migrations/002_segments.sql). Validation and the
// create/update decision are segment's (Scheme.Validate, Policies.Validate,
// segment.PlanAssessments). Every write that changes something moves the
// version that graph.Store.Version reports.

var _ segment.Store = (*Store)(nil)

// Keys of the settings table.
const (
	schemeKey   = "scheme"
	policiesKey = "policies"
)

// Scheme returns the stored scheme, or segment.DefaultScheme when none was
// saved.
func (s *Store) Scheme(ctx context.Context) (*segment.Scheme, error) {
	var sc *segment.Scheme
	err := s.inRead(ctx, "scheme", func(tx *sql.Tx) error {
		var err error
		sc, err = storedScheme(ctx, tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return sc, nil
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
	var ps segment.Policies
	err := s.inRead(ctx, "policies", func(tx *sql.Tx) error {
		found, err := setting(ctx, tx, policiesKey, &ps)
		if err == nil && !found {
			ps = segment.DefaultPolicies()
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return ps, nil
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
func storedScheme(ctx context.Context, tx *sql.Tx) (*segment.Scheme, error) {
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

// setting decodes the document stored under key into v and reports whether
// there was one.
func setting(ctx context.Context, tx *sql.Tx, key string, v any) (bool, error) {
	var data []byte
	err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if err := json.Unmarshal(data, v); err != nil {
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
	return s.inWrite(ctx, op, func(tx *sql.Tx) error {
		// No default: a first save always writes (nil encodes as "null").
		changed, err := putSetting(ctx, tx, key, v, nil)
		if err != nil || !changed {
			return err
		}
		return bumpVersionFor(ctx, tx, part, nil)
	})
}

// UpsertAssessments writes as all or nothing: segment.PlanAssessments checks
// them against the scheme and the stakeholders stored and decides what to
// create and update inside one write transaction, and only the assessments
// it returns are written. The version moves only when something changed. A
// dry run plans in a read transaction and writes nothing.
//
// UpsertAssessments normalizes the assessments of as and sets their audit
// fields, as segment.PlanAssessments does.
func (s *Store) UpsertAssessments(ctx context.Context, as []*segment.Assessment, opts graph.UpsertOptions) (graph.Counts, error) {
	now := s.now()
	var c graph.Counts
	plan := func(tx *sql.Tx) ([]*segment.Assessment, error) {
		sc, err := storedScheme(ctx, tx)
		if err != nil {
			return nil, err
		}
		out, counts, err := segment.PlanAssessments(ctx, as, sc, lookup{tx: tx}, opts, now)
		c = counts
		return out, err
	}
	var err error
	if opts.DryRun {
		err = s.inRead(ctx, "upsert assessments", func(tx *sql.Tx) error {
			_, err := plan(tx)
			return err
		})
	} else {
		err = s.inWrite(ctx, "upsert assessments", func(tx *sql.Tx) error {
			out, err := plan(tx)
			if err != nil || len(out) == 0 {
				return err
			}
			if err := execEach(ctx, tx, nil, upsertAssessmentSQL, out, assessmentArgs); err != nil {
				return err
			}
			return bumpVersionFor(ctx, tx, graph.PartSegments, segment.ChangedStakeholders(out, c))
		})
	}
	if err != nil {
		return graph.Counts{}, err
	}
	return c, nil
}

// StoredAssessments implements segment.AssessmentLookup (with
// lookup.StoredNodes) inside a transaction.
func (l lookup) StoredAssessments(ctx context.Context, ids []string) (map[string]graph.Stored, error) {
	return l.stored(ctx, "assessments", `SELECT id, hash, `+auditCols+` FROM assessments WHERE id IN `, ids, false)
}

const assessmentCols = `id, stakeholder_id, criterion_id, score, date, assessor, comment, ` + auditCols

const upsertAssessmentSQL = `INSERT INTO assessments (` + assessmentCols + `, hash)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET stakeholder_id = excluded.stakeholder_id, criterion_id = excluded.criterion_id,
	score = excluded.score, date = excluded.date, assessor = excluded.assessor, comment = excluded.comment,
	hash = excluded.hash, created_at = excluded.created_at, updated_at = excluded.updated_at,
	created_by = excluded.created_by, updated_by = excluded.updated_by`

// assessmentArgs returns the values of upsertAssessmentSQL.
func assessmentArgs(a *segment.Assessment) []any {
	return []any{a.ID, a.StakeholderID, a.CriterionID, a.Score, millis(a.Date), a.Assessor, a.Comment,
		millis(a.CreatedAt), millis(a.UpdatedAt), a.CreatedBy, a.UpdatedBy, a.Hash()}
}

func scanAssessment(sc interface{ Scan(...any) error }) (*segment.Assessment, error) {
	var (
		a    segment.Assessment
		date int64
		au   audit
	)
	dest := append([]any{&a.ID, &a.StakeholderID, &a.CriterionID, &a.Score, &date, &a.Assessor, &a.Comment}, au.dest()...)
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	a.Date, a.Audit = fromMillis(date), au.audit()
	return &a, nil
}

// FindAssessments returns the assessments f selects, ordered by stakeholder
// id, criterion id, date and id, and how many there are before paging. An
// Until pointing at the zero time does not filter, as Place's zero asOf.
func (s *Store) FindAssessments(ctx context.Context, f segment.AssessmentFilter) ([]*segment.Assessment, int, error) {
	page, err := f.Page.Normalize()
	if err != nil {
		return nil, 0, err
	}
	var w where
	if f.StakeholderID != nil {
		w.add(`stakeholder_id = ?`, *f.StakeholderID)
	}
	if f.CriterionID != nil {
		w.add(`criterion_id = ?`, *f.CriterionID)
	}
	if f.Until != nil && !f.Until.IsZero() {
		// Stored dates are whole milliseconds: date ≤ Until exactly when
		// date ≤ Until rounded down to the millisecond (UnixMilli floors).
		w.add(`date <= ?`, f.Until.UnixMilli())
	}
	var (
		out   []*segment.Assessment
		total int
	)
	err = s.inRead(ctx, "find assessments", func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM assessments`+w.String(), w.args...).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+assessmentCols+` FROM assessments`+w.String()+
			` ORDER BY stakeholder_id, criterion_id, date, id LIMIT ? OFFSET ?`, append(w.args, page.Limit, page.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanAssessment(rows)
			if err != nil {
				return err
			}
			out = append(out, a)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// DeleteAssessment deletes an assessment, or returns ENOTFOUND.
func (s *Store) DeleteAssessment(ctx context.Context, id string) error {
	return s.deleteRecord(ctx, "assessment", `DELETE FROM assessments WHERE id = ?`, id)
}

// ReadSegmentation reads the scheme, the policy table and every assessment
// in one read transaction.
func (s *Store) ReadSegmentation(ctx context.Context) (*segment.Segmentation, error) {
	var out segment.Segmentation
	err := s.inRead(ctx, "read segmentation", func(tx *sql.Tx) error {
		var err error
		if out.Scheme, err = storedScheme(ctx, tx); err != nil {
			return err
		}
		found, err := setting(ctx, tx, policiesKey, &out.Policies)
		if err != nil {
			return err
		}
		if !found {
			out.Policies = segment.DefaultPolicies()
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+assessmentCols+` FROM assessments ORDER BY stakeholder_id, criterion_id, date, id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanAssessment(rows)
			if err != nil {
				return err
			}
			out.Assessments = append(out.Assessments, *a)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

var _ segment.ScoreReader = (*Store)(nil)

// scoresQuery reads what placement needs of every assessment from the
// covering index of migration 009, in the listing order, as one text column
// (see sep): the id last.
const scoresQuery = `SELECT stakeholder_id || char(31) || criterion_id || char(31) || score || char(31) || date || char(31) || id
	FROM assessments ORDER BY stakeholder_id, criterion_id, date, id`

// ReadScores implements segment.ScoreReader: like ReadSegmentation, on a
// bulk-read connection (inBulkRead), reading each assessment as one text
// column (stakeholder, criterion, score, date and id, joined by sep as the
// network stream does), which allocates one string a row.
func (s *Store) ReadScores(ctx context.Context, start func(*segment.Scheme, segment.Policies), f func(segment.Assessment) error) error {
	var visitErr error
	err := s.inBulkRead(ctx, "read scores", func(tx *sql.Tx) error {
		sc, err := storedScheme(ctx, tx)
		if err != nil {
			return err
		}
		var policies segment.Policies
		found, err := setting(ctx, tx, policiesKey, &policies)
		if err != nil {
			return err
		}
		if !found {
			policies = segment.DefaultPolicies()
		}
		start(sc, policies)
		rows, err := tx.QueryContext(ctx, scoresQuery)
		if err != nil {
			return err
		}
		defer rows.Close()
		var fs [5]string
		for rows.Next() {
			var row string
			if err := rows.Scan(&row); err != nil {
				return err
			}
			if !split(row, fs[:]) {
				return fmt.Errorf("scores: row %q does not have %d fields", row, len(fs))
			}
			score, err1 := strconv.Atoi(fs[2])
			date, err2 := strconv.ParseInt(fs[3], 10, 64)
			if err := errors.Join(err1, err2); err != nil {
				return fmt.Errorf("scores: row %q: %w", row, err)
			}
			a := segment.Assessment{StakeholderID: fs[0], CriterionID: fs[1], Score: score, Date: fromMillis(date), ID: fs[4]}
			if err := f(a); err != nil {
				visitErr = err
				return nil
			}
		}
		return rows.Err()
	})
	if visitErr != nil {
		return visitErr
	}
	return err
}
