package segment

import (
	"context"
	"fmt"
	"time"

	"github.com/relmap/relmap/graph"
)

// PlanAssessments is the store-independent half of Store.UpsertAssessments,
// as graph.PlanUpsert is of graph.Store.Upsert. A store calls it inside its
// write transaction with the scheme it holds (read in that transaction) and
// a look-up into that transaction, writes the assessments it returns and
// moves its version when the counts say that something was created or
// updated. Stores hold no validation logic of their own.
//
// For each assessment, in order, PlanAssessments:
//
//  1. converts a non-zero Date to UTC and truncates it to the millisecond,
//     the precision stores keep, so that an assessment reads back equal to
//     what was written (Assessment.Normalize leaves dates alone);
//  2. normalizes it (Assessment.Normalize: trimmed texts, an id derived
//     from stakeholder, criterion and the truncated date when empty);
//  3. validates it against scheme (Assessment.Validate: field "score" for a
//     score off the scale, "criterion_id" for a criterion the scheme lacks);
//  4. checks that its id is not already used earlier in the batch (field
//     "id") and that its stakeholder is stored and is an organisation or a
//     person (field "stakeholder_id");
//  5. classifies it by content hash against what look reports as stored:
//     created, updated or unchanged, honouring opts.CreateOnly (a stored id
//     is ECONFLICT), opts.UpdateOnly (an id not stored is ENOTFOUND) and
//     opts.IfHash (a stored hash that differs is ECONFLICT), as
//     graph.PlanUpsert does.
//
// Created and updated assessments get their audit fields from now
// (truncated to the millisecond, UTC) and graph.ActorFrom(ctx), keeping the
// creation fields of what is stored (created ones: see
// graph.UpsertOptions.Created, which keeps given stamps with KeepAudit);
// unchanged ones get the stored audit.
// PlanAssessments changes the assessments of as in place, and the returned
// slice (those to write, in input order) shares their pointers, so a batch
// must not be planned by two goroutines at once. Planning the same
// assessments again against the same stored state gives the same result, so
// a transaction function that a driver retries may call it again.
// opts.DryRun is the store's business: the plan is the same.
//
// Every problem is returned at once as graph.Errors in input order; when as
// holds more than one assessment each error's Item names it
// ("assessments[3]"); a nil entry is an EINVALID error without a field.
// Errors of steps 1–4 are all reported before any of step 5, which runs
// only on a valid batch. Errors of look are returned as
// they are. A nil scheme checks scores against DefaultScale and criteria
// not at all (see Assessment.Validate); stores always pass theirs. Lookups
// may receive many ids: implementations query them in chunks.
func PlanAssessments(ctx context.Context, as []*Assessment, scheme *Scheme, look AssessmentLookup,
	opts graph.UpsertOptions, now time.Time) ([]*Assessment, graph.Counts, error) {
	now = now.UTC().Truncate(time.Millisecond)
	actor := graph.ActorFrom(ctx)
	errs := make([]graph.Errors, len(as)) // by input index, so that the result is in input order
	add := func(i int, e *graph.Error) {
		if len(as) > 1 {
			e.Item = fmt.Sprintf("assessments[%d]", i)
		}
		errs[i] = append(errs[i], e)
	}

	// 1. Each assessment on its own, and ids unique within the batch.
	seen := map[string]int{}
	stakeholders := map[string]bool{}
	var ids []string
	for i, a := range as {
		if a == nil {
			add(i, graph.Invalid("", "the assessment is missing (null)"))
			continue
		}
		if !a.Date.IsZero() {
			a.Date = a.Date.UTC().Truncate(time.Millisecond)
		}
		a.Normalize()
		if err := a.Validate(scheme); err != nil {
			for _, e := range err.(graph.Errors) {
				add(i, e)
			}
		}
		if a.ID != "" {
			if j, dup := seen[a.ID]; dup {
				add(i, graph.Invalid("id", "%q is also the id of assessments[%d]", a.ID, j))
			} else {
				seen[a.ID] = i
				ids = append(ids, a.ID)
			}
		}
		if a.StakeholderID != "" {
			stakeholders[a.StakeholderID] = true
		}
	}

	// 2. What is stored: the stakeholders and the assessments of the batch.
	nodeIDs := make([]string, 0, len(stakeholders))
	for id := range stakeholders {
		nodeIDs = append(nodeIDs, id)
	}
	nodes, err := look.StoredNodes(ctx, nodeIDs)
	if err != nil {
		return nil, graph.Counts{}, err
	}
	stored, err := look.StoredAssessments(ctx, ids)
	if err != nil {
		return nil, graph.Counts{}, err
	}

	// 3. Stakeholders: stored organisations or persons.
	for i, a := range as {
		if a == nil || a.StakeholderID == "" {
			continue
		}
		switch n, ok := nodes[a.StakeholderID]; {
		case !ok:
			add(i, graph.Invalid("stakeholder_id", "stakeholder %q does not exist", a.StakeholderID))
		case !n.Kind.IsStakeholder():
			add(i, graph.Invalid("stakeholder_id", "%q is %s, not an organisation or person", a.StakeholderID, "an "+string(n.Kind)))
		}
	}
	if err := flatten(errs); err != nil {
		return nil, graph.Counts{}, err
	}

	// 4. Classify by content hash and set the audit fields.
	var (
		out []*Assessment
		c   graph.Counts
	)
	for i, a := range as {
		s, ok := stored[a.ID]
		switch {
		case !ok && opts.UpdateOnly:
			add(i, graph.NotFound("assessment", a.ID))
		case ok && opts.IfHash != "" && s.Hash != opts.IfHash:
			add(i, &graph.Error{Code: graph.ECONFLICT, Field: "id", Message: fmt.Sprintf("%q was changed meanwhile; reload it and try again", a.ID)})
		case ok && opts.CreateOnly:
			add(i, &graph.Error{Code: graph.ECONFLICT, Field: "id", Message: fmt.Sprintf("%q already exists", a.ID)})
		case ok && s.Hash == a.Hash():
			a.Audit = s.Audit
			c.Unchanged++
		case ok:
			a.Audit = graph.Audit{CreatedAt: s.CreatedAt, CreatedBy: s.CreatedBy, UpdatedAt: now, UpdatedBy: actor}
			c.Updated++
			out = append(out, a)
		default:
			var e *graph.Error
			if a.Audit, e = opts.Created(a.Audit, now, actor); e != nil {
				add(i, e)
				break
			}
			c.Created++
			out = append(out, a)
		}
	}
	if err := flatten(errs); err != nil {
		return nil, graph.Counts{}, err
	}
	return out, c, nil
}

// flatten returns the errors of every assessment in input order, or nil.
func flatten(byItem []graph.Errors) error {
	var all graph.Errors
	for _, es := range byItem {
		all = append(all, es...)
	}
	return all.Err()
}
