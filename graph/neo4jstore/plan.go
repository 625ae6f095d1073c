package neo4jstore

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/queries"
	"github.com/relmap/relmap/segment"
)

var _ graph.PlanStore = (*Store)(nil)

// Plans and actions do not move the data version: nothing derived from the
// network or the segmentation reads them. Every transaction function below
// may be retried: it changes nothing outside the transaction but the
// record it was given, which it sets afresh from a copy.

func planRow(p *graph.Plan) (map[string]any, error) {
	data, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	return map[string]any{"id": p.ID, "target_id": p.TargetID, "owner_id": p.OwnerID, "state": string(p.State), "data": string(data)}, nil
}

func actionRow(a *graph.Action) (map[string]any, error) {
	data, err := json.Marshal(a)
	if err != nil {
		return nil, err
	}
	return map[string]any{"id": a.ID, "plan_id": a.PlanID, "stakeholder_id": a.StakeholderID, "assignee_id": a.AssigneeID,
		"state": string(a.State), "due": a.Due.UnixMilli(), "data": string(data)}, nil
}

// findData reads the record of the one (:Plan) or (:Action) q finds, or
// ENOTFOUND naming what and id.
func findData[T any](ctx context.Context, tx neo4j.ManagedTransaction, q, what, id string) (*T, error) {
	var out *T
	err := each(ctx, tx, q, map[string]any{"id": id}, func(rec *neo4j.Record) error {
		x, err := decodeData[T](rec)
		out = x
		return err
	})
	if err == nil && out == nil {
		err = graph.NotFound(what, id)
	}
	return out, err
}

func decodeData[T any](rec *neo4j.Record) (*T, error) {
	data, _, err := neo4j.GetRecordValue[string](rec, "data")
	if err != nil {
		return nil, err
	}
	var x T
	if err := json.Unmarshal([]byte(data), &x); err != nil {
		return nil, err
	}
	return &x, nil
}

// CreatePlan stores a new access plan (see graph.PlanPlan).
func (s *Store) CreatePlan(ctx context.Context, p *graph.Plan) error {
	now := s.now()
	in := *p
	_, err := write(ctx, s, "create plan", s.timeout, func(ctx context.Context, tx neo4j.ManagedTransaction) (struct{}, error) {
		*p = in // a retry starts afresh
		if err := graph.PlanPlan(ctx, p, newLookup(tx), now, segment.IsPlaced); err != nil {
			return struct{}{}, err
		}
		if _, err := findData[graph.Plan](ctx, tx, queries.FindPlan, "plan", p.ID); graph.ErrorCode(err) != graph.ENOTFOUND {
			if err == nil {
				err = graph.Errorf(graph.ECONFLICT, "plan %q already exists", p.ID)
			}
			return struct{}{}, err
		}
		row, err := planRow(p)
		if err != nil {
			return struct{}{}, err
		}
		_, err = single[int64](ctx, tx, queries.CreatePlan, map[string]any{"row": row}, "n")
		return struct{}{}, err
	})
	return err
}

// FindPlanByID returns the plan with the given id, or ENOTFOUND.
func (s *Store) FindPlanByID(ctx context.Context, id string) (*graph.Plan, error) {
	return inTx(ctx, s, "find plan", neo4j.AccessModeRead, s.timeout,
		func(ctx context.Context, tx neo4j.ManagedTransaction) (*graph.Plan, error) {
			return findData[graph.Plan](ctx, tx, queries.FindPlan, "plan", id)
		})
}

// FindPlans returns the plans f selects, by id, and how many there are
// before paging.
func (s *Store) FindPlans(ctx context.Context, f graph.PlanFilter) ([]*graph.Plan, int, error) {
	page, err := f.Page.Normalize()
	if err != nil {
		return nil, 0, err
	}
	params := map[string]any{"owner_id": nil, "target_id": nil, "state": nil, "offset": int64(page.Offset), "limit": int64(page.Limit)}
	if f.OwnerID != nil {
		params["owner_id"] = *f.OwnerID
	}
	if f.TargetID != nil {
		params["target_id"] = *f.TargetID
	}
	if f.State != nil {
		params["state"] = string(*f.State)
	}
	return findPage(ctx, s, "find plans", queries.CountPlans, queries.FindPlans, params, decodeData[graph.Plan])
}

// UpdatePlan applies u (see graph.ApplyPlanUpdate).
func (s *Store) UpdatePlan(ctx context.Context, id string, u graph.PlanUpdate) (*graph.Plan, error) {
	now := s.now()
	return write(ctx, s, "update plan", s.timeout, func(ctx context.Context, tx neo4j.ManagedTransaction) (*graph.Plan, error) {
		p, err := findData[graph.Plan](ctx, tx, queries.FindPlan, "plan", id)
		if err != nil {
			return nil, err
		}
		if err := graph.ApplyPlanUpdate(ctx, p, u, newLookup(tx), now, segment.IsPlaced); err != nil {
			return nil, err
		}
		row, err := planRow(p)
		if err != nil {
			return nil, err
		}
		_, err = single[int64](ctx, tx, queries.UpdatePlan, map[string]any{"row": row}, "n")
		return p, err
	})
}

// DeletePlan deletes a plan and its actions, or returns ENOTFOUND.
func (s *Store) DeletePlan(ctx context.Context, id string) error {
	return s.deleteUnversioned(ctx, "plan", queries.DeletePlan, id)
}

// deleteUnversioned deletes one record that the data version does not
// follow (plans, actions).
func (s *Store) deleteUnversioned(ctx context.Context, what, q, id string) error {
	_, err := write(ctx, s, "delete "+what, s.timeout, func(ctx context.Context, tx neo4j.ManagedTransaction) (struct{}, error) {
		n, err := single[int64](ctx, tx, q, map[string]any{"id": id}, "n")
		if err == nil && n == 0 {
			err = graph.NotFound(what, id)
		}
		return struct{}{}, err
	})
	return err
}

// CreateActions stores new actions, all or none (see graph.PlanActions).
func (s *Store) CreateActions(ctx context.Context, as []*graph.Action) error {
	now := s.now()
	in := make([]graph.Action, len(as))
	for i, a := range as {
		in[i] = *a
	}
	_, err := write(ctx, s, "create actions", s.timeout, func(ctx context.Context, tx neo4j.ManagedTransaction) (struct{}, error) {
		for i := range as {
			*as[i] = in[i] // a retry starts afresh
		}
		plans := map[string]bool{}
		for _, a := range as {
			if a.PlanID == "" || plans[a.PlanID] {
				continue
			}
			if _, err := findData[graph.Plan](ctx, tx, queries.FindPlan, "plan", a.PlanID); err == nil {
				plans[a.PlanID] = true
			} else if graph.ErrorCode(err) != graph.ENOTFOUND {
				return struct{}{}, err
			}
		}
		if err := graph.PlanActions(ctx, as, newLookup(tx), plans, now); err != nil {
			return struct{}{}, err
		}
		for i, a := range as {
			if _, err := findData[graph.Action](ctx, tx, queries.FindAction, "action", a.ID); graph.ErrorCode(err) != graph.ENOTFOUND {
				if err == nil {
					err = &graph.Error{Code: graph.ECONFLICT, Item: "actions[" + strconv.Itoa(i) + "]", Field: "id",
						Message: "action \"" + a.ID + "\" already exists"}
				}
				return struct{}{}, err
			}
			row, err := actionRow(a)
			if err != nil {
				return struct{}{}, err
			}
			if _, err := single[int64](ctx, tx, queries.CreateAction, map[string]any{"row": row}, "n"); err != nil {
				return struct{}{}, err
			}
		}
		return struct{}{}, nil
	})
	return err
}

// FindActionByID returns the action with the given id, or ENOTFOUND.
func (s *Store) FindActionByID(ctx context.Context, id string) (*graph.Action, error) {
	return inTx(ctx, s, "find action", neo4j.AccessModeRead, s.timeout,
		func(ctx context.Context, tx neo4j.ManagedTransaction) (*graph.Action, error) {
			return findData[graph.Action](ctx, tx, queries.FindAction, "action", id)
		})
}

// FindActions returns the actions f selects, by due day and id, and how
// many there are before paging.
func (s *Store) FindActions(ctx context.Context, f graph.ActionFilter) ([]*graph.Action, int, error) {
	page, err := f.Page.Normalize()
	if err != nil {
		return nil, 0, err
	}
	params := map[string]any{"plan_id": nil, "assignee_id": nil, "stakeholder_id": nil, "state": nil, "due_before": nil,
		"offset": int64(page.Offset), "limit": int64(page.Limit)}
	for k, v := range map[string]*string{"plan_id": f.PlanID, "assignee_id": f.AssigneeID, "stakeholder_id": f.StakeholderID} {
		if v != nil {
			params[k] = *v
		}
	}
	if f.State != nil {
		params["state"] = string(*f.State)
	}
	if f.DueBefore != nil {
		params["due_before"] = f.DueBefore.UnixMilli()
	}
	return findPage(ctx, s, "find actions", queries.CountActions, queries.FindActions, params, decodeData[graph.Action])
}

// UpdateAction applies u (see graph.ApplyActionUpdate).
func (s *Store) UpdateAction(ctx context.Context, id string, u graph.ActionUpdate) (*graph.Action, error) {
	now := s.now()
	return write(ctx, s, "update action", s.timeout, func(ctx context.Context, tx neo4j.ManagedTransaction) (*graph.Action, error) {
		a, err := findData[graph.Action](ctx, tx, queries.FindAction, "action", id)
		if err != nil {
			return nil, err
		}
		if err := graph.ApplyActionUpdate(ctx, a, u, newLookup(tx), now); err != nil {
			return nil, err
		}
		row, err := actionRow(a)
		if err != nil {
			return nil, err
		}
		_, err = single[int64](ctx, tx, queries.UpdateAction, map[string]any{"row": row}, "n")
		return a, err
	})
}

// DeleteAction deletes an action, or returns ENOTFOUND.
func (s *Store) DeleteAction(ctx context.Context, id string) error {
	return s.deleteUnversioned(ctx, "action", queries.DeleteAction, id)
}

// inQuery is the most ids closeActions names in a query's list; a write
// with more reads every open action (or affiliation of the organisations
// asked about).
const inQuery = 256

// closeActions closes, in the transaction that logs contacts, the open
// actions they answer (graph.CloseByContacts), at the time of the write
// (the contacts' UpdatedAt) by the context's actor. In an import written
// part by part (tag not nil) it keeps the open version of each action
// first (import_keep_actions.cypher), so that undoing the import opens
// them again.
func closeActions(ctx context.Context, tx neo4j.ManagedTransaction, contacts []*graph.Contact, tag *importTag) error {
	if len(contacts) == 0 {
		return nil
	}
	now := contacts[0].UpdatedAt
	seen := map[string]bool{}
	var persons []any
	for _, c := range contacts {
		if !seen[c.StakeholderID] {
			seen[c.StakeholderID] = true
			persons = append(persons, c.StakeholderID)
		}
		if c.UpdatedAt.After(now) {
			now = c.UpdatedAt
		}
	}
	list := func(ids []string) any {
		if len(ids) > inQuery {
			return nil
		}
		out := make([]any, len(ids))
		for i, id := range ids {
			out[i] = id
		}
		return out
	}
	var open []*graph.Action
	if err := each(ctx, tx, queries.OpenActions, map[string]any{"assignees": list(graph.ContactEmployees(contacts))}, func(rec *neo4j.Record) error {
		a, err := decodeData[graph.Action](rec)
		open = append(open, a)
		return err
	}); err != nil {
		return err
	}
	orgs := graph.ClosableStakeholders(open)
	if len(orgs) == 0 {
		return nil
	}
	params := map[string]any{"orgs": orgs, "persons": persons}
	if len(persons) > inQuery {
		params["persons"] = nil
	}
	var affs []graph.Affiliation
	if err := each(ctx, tx, queries.ContactAffiliations, params, func(rec *neo4j.Record) error {
		var a graph.Affiliation
		var err1, err2 error
		a.PersonID, _, err1 = neo4j.GetRecordValue[string](rec, "person")
		a.OrgID, _, err2 = neo4j.GetRecordValue[string](rec, "org")
		since, _ := rec.Get("since")
		until, _ := rec.Get("until")
		p := &props{what: "relationship", m: map[string]any{"since": since, "until": until}}
		a.Since, a.Until = p.date("since"), p.date("until")
		if seen[a.PersonID] {
			affs = append(affs, a)
		}
		return firstErr(err1, err2, p.err)
	}); err != nil {
		return err
	}
	closed := graph.CloseByContacts(open, contacts, affs, graph.ActorFrom(ctx), now)
	if tag != nil && len(closed) > 0 {
		ids := make([]string, len(closed))
		for i, a := range closed {
			ids[i] = a.ID
		}
		if err := keepStored(ctx, tx, queries.ImportKeepActions, tag.id, ids); err != nil {
			return err
		}
	}
	for _, a := range closed {
		row, err := actionRow(a)
		if err != nil {
			return err
		}
		if _, err := single[int64](ctx, tx, queries.SaveAction, map[string]any{"id": a.ID, "state": row["state"], "data": row["data"]}, "n"); err != nil {
			return err
		}
	}
	return nil
}

// pseudonymisePlans removes the id of an erased person from the plans and
// actions that mention it (graph.Plan.Pseudonymise,
// graph.Action.Pseudonymise), inside the erasure's transaction; those
// naming the person went with them.
func pseudonymisePlans(ctx context.Context, tx neo4j.ManagedTransaction, id string) error {
	type mention struct {
		plan bool
		data string
	}
	var ms []mention
	err := each(ctx, tx, queries.PrivacyPlanMentions, map[string]any{"id": id}, func(rec *neo4j.Record) error {
		plan, _, err1 := neo4j.GetRecordValue[bool](rec, "plan")
		data, _, err2 := neo4j.GetRecordValue[string](rec, "data")
		ms = append(ms, mention{plan, data})
		return firstErr(err1, err2)
	})
	if err != nil {
		return err
	}
	for _, m := range ms {
		var q string
		var row map[string]any
		if m.plan {
			var p graph.Plan
			if err := json.Unmarshal([]byte(m.data), &p); err != nil {
				return err
			}
			if !p.Pseudonymise(id) {
				continue
			}
			q = queries.UpdatePlan
			if row, err = planRow(&p); err != nil {
				return err
			}
		} else {
			var a graph.Action
			if err := json.Unmarshal([]byte(m.data), &a); err != nil {
				return err
			}
			if !a.Pseudonymise(id) {
				continue
			}
			q = queries.UpdateAction
			if row, err = actionRow(&a); err != nil {
				return err
			}
		}
		if _, err := single[int64](ctx, tx, q, map[string]any{"row": row}, "n"); err != nil {
			return err
		}
	}
	return nil
}

// StoredPlans returns the stored plans among ids (segment.ImportTx).
func (t importTx) StoredPlans(ctx context.Context, ids []string) (map[string]*graph.Plan, error) {
	return storedData(ctx, t.tx, queries.StoredPlans, ids, func(p *graph.Plan) string { return p.ID })
}

// StoredActions returns the stored actions among ids (segment.ImportTx).
func (t importTx) StoredActions(ctx context.Context, ids []string) (map[string]*graph.Action, error) {
	return storedData(ctx, t.tx, queries.StoredActions, ids, func(a *graph.Action) string { return a.ID })
}

// storedData runs q, a statement that returns the data of the records
// among $ids, in chunks, and returns them by id.
func storedData[T any](ctx context.Context, tx neo4j.ManagedTransaction, q string, ids []string, id func(*T) string) (map[string]*T, error) {
	out := map[string]*T{}
	for chunk := range chunks(ids) {
		err := each(ctx, tx, q, map[string]any{"ids": chunk}, func(rec *neo4j.Record) error {
			x, err := decodeData[T](rec)
			if err == nil {
				out[id(x)] = x
			}
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// WritePlans writes restored plans as they are (segment.ImportTx). An
// import written part by part keeps the stored version of each plan it
// changes and lists those it creates, so that undoing it restores them
// (journal.go).
func (t importTx) WritePlans(ctx context.Context, ps []*graph.Plan) error {
	rows := make([]map[string]any, len(ps))
	ids := make([]string, len(ps))
	for i, p := range ps {
		row, err := planRow(p)
		if err != nil {
			return err
		}
		rows[i], ids[i] = row, p.ID
	}
	return t.writeKept(ctx, "plan", queries.StoredPlans, queries.ImportKeepPlans, queries.ImportPlans, ids, rows)
}

// WriteActions writes restored actions as they are (segment.ImportTx),
// kept and listed as WritePlans does.
func (t importTx) WriteActions(ctx context.Context, as []*graph.Action) error {
	rows := make([]map[string]any, len(as))
	ids := make([]string, len(as))
	for i, a := range as {
		row, err := actionRow(a)
		if err != nil {
			return err
		}
		rows[i], ids[i] = row, a.ID
	}
	return t.writeKept(ctx, "action", queries.StoredActions, queries.ImportKeepActions, queries.ImportActions, ids, rows)
}

// writeKept writes rows, the records of kind with ids, with write (an
// UNWIND over $rows). In an import written part by part it first keeps,
// with keep, the stored version of each one (found with stored) that the
// import did not create, and lists the others as created.
func (t importTx) writeKept(ctx context.Context, kind, stored, keep, write string, ids []string, rows []map[string]any) error {
	var tag *importTag
	if t.id != "" {
		found := map[string]bool{}
		for chunk := range chunks(ids) {
			if err := each(ctx, t.tx, stored, map[string]any{"ids": chunk}, func(rec *neo4j.Record) error {
				var x struct {
					ID string `json:"id"`
				}
				data, _, err := neo4j.GetRecordValue[string](rec, "data")
				if err == nil {
					err = json.Unmarshal([]byte(data), &x)
				}
				found[x.ID] = true
				return err
			}); err != nil {
				return err
			}
		}
		var kept []string
		tag = newImportTag(t.id)
		for _, id := range ids {
			if found[id] && !t.created.has(kind, id) {
				kept = append(kept, id)
			}
			tag.note(kind, id, !found[id])
		}
		if err := keepStored(ctx, t.tx, keep, t.id, kept); err != nil {
			return err
		}
	}
	for chunk := range chunks(rows) {
		if _, err := single[int64](ctx, t.tx, write, map[string]any{"rows": chunk}, "n"); err != nil {
			return err
		}
	}
	if tag == nil {
		return nil
	}
	*t.tags = append(*t.tags, tag)
	return tag.writeCreated(ctx, t.tx)
}
