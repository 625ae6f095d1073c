package segment

import (
	"context"
	"time"

	"github.com/relmap/relmap/graph"
)

// Store persists the segmentation: the scheme (criteria, weights,
// thresholds), the policy table and the dated assessments. Both graph stores
// implement it beside graph.Store, and both pass the suite in
// segment/segmenttest.
//
// Writes move the graph store's change version, so that caches of the matrix
// are rebuilt. Deleting a stakeholder deletes its assessments.
type Store interface {
	// Scheme returns the stored scheme, or DefaultScheme when none was saved.
	Scheme(ctx context.Context) (*Scheme, error)
	// SaveScheme validates and stores s, replacing the previous scheme.
	// Stored assessments are kept even when they no longer fit (Place then
	// reports those stakeholders as unassessed, with the missing criteria).
	SaveScheme(ctx context.Context, s *Scheme) error
	// Policies returns the stored policy table, or DefaultPolicies.
	Policies(ctx context.Context) (Policies, error)
	// SavePolicies validates and stores ps, replacing the previous table.
	SavePolicies(ctx context.Context, ps Policies) error

	// UpsertAssessments writes assessments keyed by id, all or nothing, after
	// PlanAssessments has checked them against the stored scheme and
	// stakeholders. Re-upserting the same assessments changes nothing.
	UpsertAssessments(ctx context.Context, as []*Assessment, opts graph.UpsertOptions) (graph.Counts, error)
	// FindAssessments lists assessments ordered by stakeholder id, criterion
	// id, date and id, with the total number of matches before paging.
	FindAssessments(ctx context.Context, f AssessmentFilter) ([]*Assessment, int, error)
	// DeleteAssessment deletes one assessment; ENOTFOUND when missing.
	DeleteAssessment(ctx context.Context, id string) error
	// ReadSegmentation reads the scheme, the policy table and every
	// assessment (ordered as FindAssessments) in one read transaction, so
	// that a matrix is drawn from one state of the store, in one pass
	// rather than page by page.
	ReadSegmentation(ctx context.Context) (*Segmentation, error)
}

// ScoreReader is implemented by stores that can stream what placing the
// stakeholders needs (both graph stores do), so that a matrix is built
// with a Placer without holding every assessment.
type ScoreReader interface {
	// ReadScores reads, in one read transaction, the scheme and the
	// policy table, which it passes to start, then every assessment, which
	// it passes to each, ordered as FindAssessments orders them, with only
	// ID, StakeholderID, CriterionID, Score and Date set. An error of each
	// stops the read and is returned as it is.
	ReadScores(ctx context.Context, start func(*Scheme, Policies), each func(Assessment) error) error
}

// Segmentation is everything the matrix is computed from but the network:
// see Store.ReadSegmentation.
type Segmentation struct {
	Scheme      *Scheme
	Policies    Policies
	Assessments []Assessment
}

// AssessmentFilter selects assessments. Nil fields do not filter.
type AssessmentFilter struct {
	StakeholderID *string
	CriterionID   *string
	// Until keeps assessments dated at or before it (as Place's asOf does).
	Until *time.Time
	graph.Page
}

// AssessmentLookup is what PlanAssessments needs to know of a store, read
// inside its write transaction: the kind of stored nodes, and the hash and
// audit of stored assessments (graph.Stored with an empty Kind).
type AssessmentLookup interface {
	StoredNodes(ctx context.Context, ids []string) (map[string]graph.Stored, error)
	StoredAssessments(ctx context.Context, ids []string) (map[string]graph.Stored, error)
}
