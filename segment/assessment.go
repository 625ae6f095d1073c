package segment

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"
	"unicode"

	"github.com/relmap/relmap/graph"
)

// Assessment is one score of one stakeholder on one criterion, given by an
// assessor on a date (the seed's step 3). Assessments are never overwritten
// by later judgements: a re-assessment is a new Assessment with a later
// Date, so the matrix can be drawn as it stood on any date (see Place).
type Assessment struct {
	// ID is the stable external id. Normalize derives it from stakeholder,
	// criterion and date when it is empty (see AssessmentID), so that
	// re-importing the same score matches it.
	ID string `json:"id"`
	// StakeholderID is the organisation or person assessed.
	StakeholderID string `json:"stakeholder_id"`
	// CriterionID is the id of a criterion of the scheme in use.
	CriterionID string `json:"criterion_id"`
	// Score is a whole number on the scheme's scale (1–5 by default);
	// higher is more attractive or more accessible.
	Score int `json:"score"`
	// Date is when the judgement was made; required. Place compares dates
	// as instants.
	Date time.Time `json:"date"`
	// Assessor is who gave the score, e.g. an employee id or a name.
	Assessor string `json:"assessor,omitempty"`
	// Comment explains the score.
	Comment string `json:"comment,omitempty"`
	graph.Audit
}

// AssessmentID derives an assessment id from its stakeholder, criterion and
// date: "stakeholder:criterion:2024-03-01" for a date at midnight UTC, with
// the full RFC 3339 UTC instant otherwise. One stakeholder, criterion and
// date therefore hold one score; scoring again on a later date adds a record.
func AssessmentID(stakeholderID, criterionID string, date time.Time) string {
	d := date.UTC()
	var ds string
	if d.Equal(d.Truncate(24 * time.Hour)) {
		ds = d.Format(time.DateOnly)
	} else {
		ds = d.Format(time.RFC3339Nano)
	}
	return stakeholderID + ":" + criterionID + ":" + ds
}

// Normalize trims the assessment's text fields and fills in a missing ID
// (see AssessmentID) when stakeholder, criterion and date are set.
func (a *Assessment) Normalize() {
	for _, s := range []*string{&a.ID, &a.StakeholderID, &a.CriterionID, &a.Assessor, &a.Comment} {
		*s = strings.TrimSpace(*s)
	}
	if a.ID == "" && a.StakeholderID != "" && a.CriterionID != "" && !a.Date.IsZero() {
		a.ID = AssessmentID(a.StakeholderID, a.CriterionID, a.Date)
	}
}

// Validate checks the assessment's own fields against scheme s and returns
// every problem found as graph.Errors (code graph.EINVALID), or nil:
//
//   - id and stakeholder_id are required, without white space;
//   - criterion_id is required and must be a criterion of s;
//   - score must lie on s's scale (field "score");
//   - date is required;
//   - assessor and comment have length limits.
//
// With a nil s, the criterion is not looked up and the score is checked
// against DefaultScale. Whether the stakeholder exists is for the store to
// check.
func (a *Assessment) Validate(s *Scheme) error {
	var errs graph.Errors
	add := func(field, format string, args ...any) {
		errs = append(errs, graph.Invalid(field, format, args...))
	}
	id(add, "id", a.ID)
	id(add, "stakeholder_id", a.StakeholderID)
	switch {
	case a.CriterionID == "":
		add("criterion_id", "is required")
	case s != nil:
		if _, ok := s.Criterion(a.CriterionID); !ok {
			add("criterion_id", "%q is not a criterion of the scheme", a.CriterionID)
		}
	}
	scale := DefaultScale
	if s != nil {
		scale = s.Scale
	}
	if !scale.Contains(a.Score) {
		add("score", "%d is outside %d–%d", a.Score, scale.Min, scale.Max)
	}
	if a.Date.IsZero() {
		add("date", "is required")
	}
	text(add, "assessor", a.Assessor, graph.MaxNameLen)
	text(add, "comment", a.Comment, graph.MaxTextLen)
	return errs.Err()
}

// Hash returns a digest of the assessment's content, ignoring its audit
// fields, so that a store can tell a changed re-import from an unchanged one
// (as graph's records do).
func (a Assessment) Hash() string {
	a.Audit = graph.Audit{}
	b, err := json.Marshal(a)
	if err != nil {
		panic("segment: hash: " + err.Error()) // a plain struct always marshals
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// id checks a required record id the way graph does.
func id(add func(field, format string, args ...any), field, v string) {
	switch {
	case v == "":
		add(field, "is required")
	case len(v) > graph.MaxIDLen:
		add(field, "is longer than %d bytes", graph.MaxIDLen)
	case strings.IndexFunc(v, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || r == '\uFFFD' }) >= 0:
		add(field, "%q contains white space, control characters or invalid UTF-8", v)
	}
}
