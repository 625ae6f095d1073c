package graph

import (
	"context"
	"fmt"
	"math"
)

// PathRules say what counts as a warm introduction (the analysis package
// applies them). They are a store-wide setting, kept beside the retention
// of notes; the zero value of a field is not a valid setting, so callers
// start from DefaultPathRules.
//
// An introduction travels between people. Every intermediate step of a
// warm path is one of our employees or a person who can make the
// introduction, over
//
//   - a stated tie between the two (knows, reports_to, advises, …);
//
//   - an evidence tie: logged contacts between an employee and a person
//     with no stated tie between them (analysis.TieEvidence with s = 0);
//
//   - a colleague step: two people affiliated with one organisation
//     (RelType.Affiliation: works at it or sits on its board) who
//     have no stronger tie, of strength
//
//     ColleagueStrength · min(s_a, s_b)
//
//     with s_a and s_b their affiliation strengths (the strongest
//     organisation they share counts). An organisation with more than
//     ColleagueMaxPeople affiliated people gives no colleague steps: a
//     ministry of 10,000 is not a circle of friends (hub suppression).
//
// An organisation is never an intermediate step. It can be the
// destination: a path to an organisation ends with one of its people's
// affiliation tie ("…, who works at Fonds X"), or with a tie of one of our
// employees to it (she holds the relationship herself). Links between
// organisations (funds, member_of, partners_with) are context and carry no
// introduction.
//
// A path is warm when its strength is at least MinWarm; weaker paths are
// cold: counted, never ranked as warm.
type PathRules struct {
	// MinWarm is the least strength of a warm path, in (0,1]. Default
	// 0.1: three hops of 0.47 each, or four of 0.56.
	MinWarm float64 `json:"min_warm"`
	// ColleagueStrength scales colleague steps, in [0,1]; 0 switches them
	// off. Default 0.5: two people who both work at an organisation know
	// each other about half as well as they belong to it.
	ColleagueStrength float64 `json:"colleague_strength"`
	// ColleagueMaxPeople is the largest number of affiliated people an
	// organisation may have and still give colleague steps, at least 2.
	// Default 30.
	ColleagueMaxPeople int `json:"colleague_max_people"`
}

// The defaults of PathRules.
const (
	DefaultMinWarm            = 0.1
	DefaultColleagueStrength  = 0.5
	DefaultColleagueMaxPeople = 30
)

// DefaultPathRules returns the default rules.
func DefaultPathRules() PathRules {
	return PathRules{MinWarm: DefaultMinWarm, ColleagueStrength: DefaultColleagueStrength, ColleagueMaxPeople: DefaultColleagueMaxPeople}
}

// Validate checks every field and returns Errors naming them, or nil.
func (r PathRules) Validate() error {
	var errs Errors
	if !(r.MinWarm > 0 && r.MinWarm <= 1) {
		errs = append(errs, Invalid("min_warm", "%v is outside (0,1]", r.MinWarm))
	}
	if math.IsNaN(r.ColleagueStrength) || r.ColleagueStrength < 0 || r.ColleagueStrength > 1 {
		errs = append(errs, Invalid("colleague_strength", "%v is outside [0,1]", r.ColleagueStrength))
	}
	if r.ColleagueMaxPeople < 2 {
		errs = append(errs, Invalid("colleague_max_people", "%d is below 2", r.ColleagueMaxPeople))
	}
	return errs.Err()
}

// String describes the rules for the audit log.
func (r PathRules) String() string {
	return fmt.Sprintf("min_warm %v, colleague_strength %v, colleague_max_people %d", r.MinWarm, r.ColleagueStrength, r.ColleagueMaxPeople)
}

// PathRulesStore keeps the path rules. Both graph stores implement it.
type PathRulesStore interface {
	// PathRules returns the rules in force: DefaultPathRules when they were
	// never set.
	PathRules(ctx context.Context) (PathRules, error)
	// SavePathRules validates and stores r (EINVALID naming the field);
	// saving what is stored changes nothing. A change moves the store's
	// version, so that cached snapshots are rebuilt under the new rules.
	SavePathRules(ctx context.Context, r PathRules) error
}
