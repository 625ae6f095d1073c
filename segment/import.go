package segment

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/relmap/relmap/graph"
)

// Import is one part of an import: records of the network and the
// segmentation, written together by an Importer.
type Import struct {
	// Batch holds the network's records (nil for none).
	Batch *graph.Batch
	// Scheme, when not nil, replaces the stored scheme; the assessments of
	// this part and the parts after it are checked against it.
	Scheme *Scheme
	// Policies, when not empty, replace the stored policy table.
	Policies Policies
	// Assessments are upserted after the batch, so they may assess the
	// batch's stakeholders.
	Assessments []*Assessment
	// Suppressions are added to the suppression list of erased persons
	// (a backup restored) before the batch is written, so that the batch,
	// this part's and the later parts', may not bring them back.
	Suppressions []graph.Suppression
	// Intros are introduction requests as a backup holds them, with
	// their states, histories and stamps (graph.PlanIntroImport), written
	// after the batch and the assessments, so they may name the batch's
	// people.
	Intros []*graph.IntroRequest
	// Plans and Actions are access plans and actions as a backup holds
	// them, with their states, closings and stamps
	// (graph.PlanPlanImport, graph.PlanActionImport), written after the
	// introduction requests, the plans before the actions, so that an
	// action may name a plan of the same import.
	Plans   []*graph.Plan
	Actions []*graph.Action
}

// ImportResult reports what an import did (or, in a dry run, would do).
type ImportResult struct {
	graph.UpsertResult
	Assessments graph.Counts `json:"assessments"`
	// Suppressions counts the digests added to the suppression list
	// (created) and those on it already (unchanged).
	Suppressions graph.Counts `json:"suppressions"`
	// Intros counts the introduction requests created, updated and
	// unchanged.
	Intros graph.Counts `json:"intros"`
	// Plans and Actions count the access plans and actions created,
	// updated and unchanged.
	Plans   graph.Counts `json:"plans"`
	Actions graph.Counts `json:"actions"`
	// SchemeChanged and PoliciesChanged report whether the import's scheme
	// and policy table differ from the stored ones.
	SchemeChanged   bool `json:"scheme_changed"`
	PoliciesChanged bool `json:"policies_changed"`
}

// Changed reports whether the import changed anything.
func (r *ImportResult) Changed() bool {
	return r.UpsertResult.Changed() || r.Assessments.Created+r.Assessments.Updated > 0 || r.SchemeChanged || r.PoliciesChanged ||
		r.Intros.Created+r.Intros.Updated > 0 || r.Plans.Created+r.Plans.Updated > 0 || r.Actions.Created+r.Actions.Updated > 0
}

// Importer is implemented by stores that write an import whole, network and
// segmentation together, in one transaction: either everything is written,
// or nothing. Both graph stores implement it beside graph.Store and Store.
//
// Import calls next for the parts one after the other until it returns
// io.EOF, and writes each part (see RunImport) before it asks for the next,
// so that a caller can stream a large file in parts of bounded size (a
// store may still collect the parts before it writes: see its
// documentation). An error of next, or of any part, rolls everything back
// and is returned; a part's input problems come as a *PartError. With
// opts.DryRun the import runs whole, so that its counts are exact, and is
// then rolled back. Only opts.DryRun and opts.KeepAudit apply.
type Importer interface {
	Import(ctx context.Context, next func() (*Import, error), opts graph.UpsertOptions) (*ImportResult, error)
}

// PartError is an input problem of one part of an import: Err is the
// graph.Errors of graph.PlanUpsert, PlanAssessments or the scheme's and
// policies' validation, with items relative to the part ("relationships[3]").
type PartError struct {
	// Part is the index of the part, 0 for the first.
	Part int
	Err  error
}

func (e *PartError) Error() string { return fmt.Sprintf("part %d: %v", e.Part, e.Err) }
func (e *PartError) Unwrap() error { return e.Err }

// ImportLookup is what RunImport reads of a store inside its transaction.
type ImportLookup interface {
	graph.StoredLookup
	StoredAssessments(ctx context.Context, ids []string) (map[string]graph.Stored, error)
}

// ImportTx is a store's write transaction as RunImport uses it. Its writes
// do not move the version; the store does, once, when the result says
// something changed.
type ImportTx interface {
	// Lookup returns a fresh look-up for one part; WriteBatch and
	// WriteAssessments get the one the part was planned with.
	Lookup() ImportLookup
	// Scheme returns the stored scheme, or DefaultScheme.
	Scheme(ctx context.Context) (*Scheme, error)
	// SaveScheme and SavePolicies store a valid document and report
	// whether it differs from the one stored.
	SaveScheme(ctx context.Context, s *Scheme) (changed bool, err error)
	SavePolicies(ctx context.Context, ps Policies) (changed bool, err error)
	// WriteBatch writes the records graph.PlanUpsert planned.
	WriteBatch(ctx context.Context, look ImportLookup, b *graph.Batch) error
	// WriteAssessments writes the assessments PlanAssessments planned.
	WriteAssessments(ctx context.Context, look ImportLookup, as []*Assessment) error
	// Suppress adds valid entries to the suppression list (a digest on it
	// already keeps its first day) and returns how many it added.
	Suppress(ctx context.Context, ss []graph.Suppression) (added int, err error)
	// StoredIntros returns the stored introduction requests among ids.
	StoredIntros(ctx context.Context, ids []string) (map[string]*graph.IntroRequest, error)
	// WriteIntros writes the requests graph.PlanIntroImport planned, as
	// they are (state, history, stamps).
	WriteIntros(ctx context.Context, rs []*graph.IntroRequest) error
	// StoredPlans and StoredActions return the stored plans and actions
	// among ids.
	StoredPlans(ctx context.Context, ids []string) (map[string]*graph.Plan, error)
	StoredActions(ctx context.Context, ids []string) (map[string]*graph.Action, error)
	// WritePlans and WriteActions write the plans and actions
	// graph.PlanPlanImport and graph.PlanActionImport planned, as they
	// are (state, closing, stamps).
	WritePlans(ctx context.Context, ps []*graph.Plan) error
	WriteActions(ctx context.Context, as []*graph.Action) error
}

// RunImport is the store-independent half of Importer.Import, as
// graph.PlanUpsert is of graph.Store.Upsert: a store calls it inside its
// write transaction and commits when it returns no error (and, in a dry
// run, rolls back). For each part from next, in order, it:
//
//  0. validates the part's suppressions (items "suppressions[i]") and adds
//     them to the suppression list, so that the planner refuses the
//     persons they suppress;
//  1. validates the part's scheme and policies (items "scheme",
//     "policies[i]") and saves them when they differ from the stored ones;
//  2. plans the batch with graph.PlanUpsert and writes what it returns;
//  3. plans the assessments with PlanAssessments against the scheme now
//     in the transaction, so against the part's own when it has one, and
//     writes what it returns;
//  4. plans the introduction requests with graph.PlanIntroImport and
//     writes what it returns;
//  5. plans the access plans with graph.PlanPlanImport, then the actions
//     with graph.PlanActionImport (their plans looked up after the plans
//     are written), and writes what they return.
//
// The first part with problems stops the import with a *PartError holding
// every problem of the part: those of steps 1 and 2 and, when there are
// any, those of the assessments planned as if the batch's nodes were
// stored (so that an assessment is not reported for a stakeholder the
// failed batch would have written). opts go to the planners as they are, but
// for DryRun, which is the store's business.
func RunImport(ctx context.Context, tx ImportTx, next func() (*Import, error), opts graph.UpsertOptions, now time.Time) (*ImportResult, error) {
	opts.DryRun = false
	var res ImportResult
	for part := 0; ; part++ {
		in, err := next()
		if errors.Is(err, io.EOF) {
			return &res, nil
		}
		if err != nil {
			return nil, err
		}
		if in == nil {
			continue
		}
		fail := func(err error) error {
			var es graph.Errors
			var e *graph.Error
			if errors.As(err, &es) || errors.As(err, &e) {
				return &PartError{Part: part, Err: err}
			}
			return err
		}
		var errs graph.Errors
		for i, x := range in.Suppressions {
			if err := x.Validate(); err != nil {
				errs = append(errs, within(fmt.Sprintf("suppressions[%d]", i), err)...)
			}
		}
		if len(errs) == 0 && len(in.Suppressions) > 0 {
			added, err := tx.Suppress(ctx, in.Suppressions)
			if err != nil {
				return nil, err
			}
			res.Suppressions = res.Suppressions.Plus(graph.Counts{Created: added, Unchanged: len(in.Suppressions) - added})
		}
		if in.Scheme != nil {
			if err := in.Scheme.Validate(); err != nil {
				errs = append(errs, within("scheme", err)...)
			}
		}
		if len(in.Policies) > 0 {
			if err := in.Policies.Validate(); err != nil {
				errs = append(errs, within("", err)...) // items are "policies[i]" already
			}
		}
		look := tx.Lookup()
		var planned *graph.Batch
		var counts *graph.UpsertResult
		if in.Batch != nil && in.Batch.Len() > 0 {
			planned, counts, err = graph.PlanUpsert(ctx, in.Batch, look, opts, now)
			if err != nil {
				es := within("", err)
				if es == nil {
					return nil, err // the store's, not the input's
				}
				errs = append(errs, es...)
			}
		}
		if len(errs) > 0 {
			// Report the assessments' problems too, taking the batch's
			// stakeholders as stored.
			if len(in.Assessments) > 0 {
				sc := in.Scheme
				if sc == nil || sc.Validate() != nil {
					if sc, err = tx.Scheme(ctx); err != nil {
						return nil, err
					}
				}
				_, _, err := PlanAssessments(ctx, in.Assessments, sc, withBatch{tx.Lookup(), in.Batch}, opts, now)
				if es := within("", err); es != nil {
					errs = append(errs, es...)
				} else if err != nil {
					return nil, err
				}
			}
			return nil, fail(errs)
		}
		if in.Scheme != nil {
			changed, err := tx.SaveScheme(ctx, in.Scheme)
			if err != nil {
				return nil, err
			}
			res.SchemeChanged = res.SchemeChanged || changed
		}
		if len(in.Policies) > 0 {
			changed, err := tx.SavePolicies(ctx, in.Policies)
			if err != nil {
				return nil, err
			}
			res.PoliciesChanged = res.PoliciesChanged || changed
		}
		if counts != nil {
			if counts.Changed() {
				if err := tx.WriteBatch(ctx, look, planned); err != nil {
					return nil, err
				}
			}
			res.UpsertResult.Add(counts)
		}
		if len(in.Assessments) > 0 {
			sc, err := tx.Scheme(ctx)
			if err != nil {
				return nil, err
			}
			alook := tx.Lookup()
			out, c, err := PlanAssessments(ctx, in.Assessments, sc, alook, opts, now)
			if err != nil {
				return nil, fail(err)
			}
			if len(out) > 0 {
				if err := tx.WriteAssessments(ctx, alook, out); err != nil {
					return nil, err
				}
			}
			res.Assessments = res.Assessments.Plus(c)
		}
		if len(in.Intros) > 0 {
			ids := make([]string, len(in.Intros))
			for i, r := range in.Intros {
				ids[i] = r.ID
			}
			stored, err := tx.StoredIntros(ctx, ids)
			if err != nil {
				return nil, err
			}
			out, c, err := graph.PlanIntroImport(ctx, in.Intros, tx.Lookup(), stored)
			if err != nil {
				return nil, fail(err)
			}
			if len(out) > 0 {
				if err := tx.WriteIntros(ctx, out); err != nil {
					return nil, err
				}
			}
			res.Intros = res.Intros.Plus(c)
		}
		if err := importPlans(ctx, tx, in, &res, now); err != nil {
			return nil, fail(err)
		}
	}
}

// withBatch is a look-up that reports the nodes of a batch as stored.
type withBatch struct {
	ImportLookup
	b *graph.Batch
}

func (l withBatch) StoredNodes(ctx context.Context, ids []string) (map[string]graph.Stored, error) {
	m, err := l.ImportLookup.StoredNodes(ctx, ids)
	if err != nil || l.b == nil {
		return m, err
	}
	for _, o := range l.b.Organisations {
		m[o.ID] = graph.Stored{Kind: graph.KindOrganisation}
	}
	for _, p := range l.b.Persons {
		m[p.ID] = graph.Stored{Kind: graph.KindPerson}
	}
	for _, e := range l.b.Employees {
		m[e.ID] = graph.Stored{Kind: graph.KindEmployee}
	}
	return m, nil
}

// within returns the graph errors of err with item prefixed by item (when
// not empty), or nil when err holds none.
func within(item string, err error) graph.Errors {
	var es graph.Errors
	var e *graph.Error
	switch {
	case errors.As(err, &es):
	case errors.As(err, &e):
		es = graph.Errors{e}
	default:
		return nil
	}
	if item == "" {
		return es
	}
	out := make(graph.Errors, len(es))
	for i, x := range es {
		y := *x
		if y.Item == "" {
			y.Item = item
		} else {
			y.Item = item + "." + y.Item
		}
		out[i] = &y
	}
	return out
}

// Parts returns a next function for Importer.Import that yields parts one
// after the other, then io.EOF.
func Parts(parts ...*Import) func() (*Import, error) {
	i := 0
	return func() (*Import, error) {
		if i == len(parts) {
			return nil, io.EOF
		}
		i++
		return parts[i-1], nil
	}
}

// importPlans is step 5 of RunImport: the part's plans, then its actions.
func importPlans(ctx context.Context, tx ImportTx, in *Import, res *ImportResult, now time.Time) error {
	if len(in.Plans) > 0 {
		ids := make([]string, len(in.Plans))
		for i, p := range in.Plans {
			ids[i] = p.ID
		}
		stored, err := tx.StoredPlans(ctx, ids)
		if err != nil {
			return err
		}
		out, c, err := graph.PlanPlanImport(ctx, in.Plans, tx.Lookup(), stored, now, IsPlaced)
		if err != nil {
			return err
		}
		if len(out) > 0 {
			if err := tx.WritePlans(ctx, out); err != nil {
				return err
			}
		}
		res.Plans = res.Plans.Plus(c)
	}
	if len(in.Actions) == 0 {
		return nil
	}
	ids := make([]string, len(in.Actions))
	var planIDs []string
	for i, a := range in.Actions {
		ids[i] = a.ID
		if a.PlanID != "" {
			planIDs = append(planIDs, a.PlanID)
		}
	}
	plans, err := tx.StoredPlans(ctx, planIDs)
	if err != nil {
		return err
	}
	known := make(map[string]bool, len(plans))
	for id := range plans {
		known[id] = true
	}
	stored, err := tx.StoredActions(ctx, ids)
	if err != nil {
		return err
	}
	out, c, err := graph.PlanActionImport(ctx, in.Actions, tx.Lookup(), known, stored, now)
	if err != nil {
		return err
	}
	if len(out) > 0 {
		if err := tx.WriteActions(ctx, out); err != nil {
			return err
		}
	}
	res.Actions = res.Actions.Plus(c)
	return nil
}
