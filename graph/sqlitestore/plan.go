package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/segment"
)

var _ graph.PlanStore = (*Store)(nil)

// Plans and actions do not move the data version: nothing derived from the
// network or the segmentation reads them.

// CreatePlan stores a new access plan (see graph.PlanPlan).
func (s *Store) CreatePlan(ctx context.Context, p *graph.Plan) error {
	now := s.now()
	return s.inWrite(ctx, "create plan", func(tx *sql.Tx) error {
		if err := graph.PlanPlan(ctx, p, lookup{tx: tx}, now, segment.IsPlaced); err != nil {
			return err
		}
		if _, err := findPlan(ctx, tx, p.ID); graph.ErrorCode(err) != graph.ENOTFOUND {
			if err == nil {
				err = graph.Errorf(graph.ECONFLICT, "plan %q already exists", p.ID)
			}
			return err
		}
		return writePlan(ctx, tx, p)
	})
}

func writePlan(ctx context.Context, tx *sql.Tx, p *graph.Plan) error {
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	// An upsert, not INSERT OR REPLACE: a replaced row is a deleted one,
	// and deleting a plan deletes its actions (ON DELETE CASCADE).
	_, err = tx.ExecContext(ctx, `INSERT INTO plans (id, target_id, owner_id, state, data) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET target_id = excluded.target_id, owner_id = excluded.owner_id, state = excluded.state, data = excluded.data`,
		p.ID, p.TargetID, p.OwnerID, string(p.State), string(data))
	return err
}

func findPlan(ctx context.Context, q queryer, id string) (*graph.Plan, error) {
	return findJSON[graph.Plan](ctx, q, "plan", `SELECT data FROM plans WHERE id = ?`, id)
}

// FindPlanByID returns the plan with the given id, or ENOTFOUND.
func (s *Store) FindPlanByID(ctx context.Context, id string) (*graph.Plan, error) {
	p, err := findPlan(ctx, s.db, id)
	if err != nil {
		return nil, s.fail(ctx, "find plan", err)
	}
	return p, nil
}

// FindPlans returns the plans f selects, by id, and how many there are
// before paging.
func (s *Store) FindPlans(ctx context.Context, f graph.PlanFilter) ([]*graph.Plan, int, error) {
	page, err := f.Page.Normalize()
	if err != nil {
		return nil, 0, err
	}
	var w where
	if f.OwnerID != nil {
		w.add(`owner_id = ?`, *f.OwnerID)
	}
	if f.TargetID != nil {
		w.add(`target_id = ?`, *f.TargetID)
	}
	if f.State != nil {
		w.add(`state = ?`, string(*f.State))
	}
	var (
		out   []*graph.Plan
		total int
	)
	err = s.inRead(ctx, "find plans", func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM plans`+w.String(), w.args...).Scan(&total); err != nil {
			return err
		}
		out, err = listJSON[graph.Plan](ctx, tx, `SELECT data FROM plans`+w.String()+` ORDER BY id LIMIT ? OFFSET ?`,
			append(w.args, page.Limit, page.Offset)...)
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// UpdatePlan applies u (see graph.ApplyPlanUpdate).
func (s *Store) UpdatePlan(ctx context.Context, id string, u graph.PlanUpdate) (*graph.Plan, error) {
	now := s.now()
	var out *graph.Plan
	err := s.inWrite(ctx, "update plan", func(tx *sql.Tx) error {
		p, err := findPlan(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := graph.ApplyPlanUpdate(ctx, p, u, lookup{tx: tx}, now, segment.IsPlaced); err != nil {
			return err
		}
		out = p
		return writePlan(ctx, tx, p)
	})
	return out, err
}

// DeletePlan deletes a plan and its actions, or returns ENOTFOUND.
func (s *Store) DeletePlan(ctx context.Context, id string) error {
	return s.deleteUnversioned(ctx, "plan", `DELETE FROM plans WHERE id = ?`, id)
}

// deleteUnversioned deletes one record that the data version does not
// follow (plans, actions).
func (s *Store) deleteUnversioned(ctx context.Context, what, query, id string) error {
	return s.inWrite(ctx, "delete "+what, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, query, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return graph.NotFound(what, id)
		}
		return nil
	})
}

// CreateActions stores new actions, all or none (see graph.PlanActions).
func (s *Store) CreateActions(ctx context.Context, as []*graph.Action) error {
	now := s.now()
	return s.inWrite(ctx, "create actions", func(tx *sql.Tx) error {
		plans := map[string]bool{}
		for _, a := range as {
			if a.PlanID != "" {
				if _, err := findPlan(ctx, tx, a.PlanID); err == nil {
					plans[a.PlanID] = true
				} else if graph.ErrorCode(err) != graph.ENOTFOUND {
					return err
				}
			}
		}
		if err := graph.PlanActions(ctx, as, lookup{tx: tx}, plans, now); err != nil {
			return err
		}
		for i, a := range as {
			if _, err := findAction(ctx, tx, a.ID); graph.ErrorCode(err) != graph.ENOTFOUND {
				if err == nil {
					err = &graph.Error{Code: graph.ECONFLICT, Item: "actions[" + strconv.Itoa(i) + "]", Field: "id",
						Message: "action \"" + a.ID + "\" already exists"}
				}
				return err
			}
			if err := writeAction(ctx, tx, a); err != nil {
				return err
			}
		}
		return nil
	})
}

func writeAction(ctx context.Context, tx *sql.Tx, a *graph.Action) error {
	data, err := json.Marshal(a)
	if err != nil {
		return err
	}
	var plan any
	if a.PlanID != "" {
		plan = a.PlanID
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO actions (id, plan_id, stakeholder_id, assignee_id, state, due, data)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET plan_id = excluded.plan_id, stakeholder_id = excluded.stakeholder_id,
		assignee_id = excluded.assignee_id, state = excluded.state, due = excluded.due, data = excluded.data`,
		a.ID, plan, a.StakeholderID, a.AssigneeID, string(a.State), millis(a.Due), string(data))
	return err
}

func findAction(ctx context.Context, q queryer, id string) (*graph.Action, error) {
	return findJSON[graph.Action](ctx, q, "action", `SELECT data FROM actions WHERE id = ?`, id)
}

// FindActionByID returns the action with the given id, or ENOTFOUND.
func (s *Store) FindActionByID(ctx context.Context, id string) (*graph.Action, error) {
	a, err := findAction(ctx, s.db, id)
	if err != nil {
		return nil, s.fail(ctx, "find action", err)
	}
	return a, nil
}

// FindActions returns the actions f selects, by due day and id, and how
// many there are before paging.
func (s *Store) FindActions(ctx context.Context, f graph.ActionFilter) ([]*graph.Action, int, error) {
	page, err := f.Page.Normalize()
	if err != nil {
		return nil, 0, err
	}
	var w where
	for col, v := range map[string]*string{"plan_id": f.PlanID, "assignee_id": f.AssigneeID, "stakeholder_id": f.StakeholderID} {
		if v != nil {
			w.add(col+` = ?`, *v)
		}
	}
	if f.State != nil {
		w.add(`state = ?`, string(*f.State))
	}
	if f.DueBefore != nil {
		w.add(`due < ?`, millis(*f.DueBefore))
	}
	var (
		out   []*graph.Action
		total int
	)
	err = s.inRead(ctx, "find actions", func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM actions`+w.String(), w.args...).Scan(&total); err != nil {
			return err
		}
		out, err = listJSON[graph.Action](ctx, tx, `SELECT data FROM actions`+w.String()+` ORDER BY due, id LIMIT ? OFFSET ?`,
			append(w.args, page.Limit, page.Offset)...)
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// UpdateAction applies u (see graph.ApplyActionUpdate).
func (s *Store) UpdateAction(ctx context.Context, id string, u graph.ActionUpdate) (*graph.Action, error) {
	now := s.now()
	var out *graph.Action
	err := s.inWrite(ctx, "update action", func(tx *sql.Tx) error {
		a, err := findAction(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := graph.ApplyActionUpdate(ctx, a, u, lookup{tx: tx}, now); err != nil {
			return err
		}
		out = a
		return writeAction(ctx, tx, a)
	})
	return out, err
}

// DeleteAction deletes an action, or returns ENOTFOUND.
func (s *Store) DeleteAction(ctx context.Context, id string) error {
	return s.deleteUnversioned(ctx, "action", `DELETE FROM actions WHERE id = ?`, id)
}

// oneByOne is the most employees (or stakeholders) closeActions asks
// about one by one; a write with more reads every open action (or every
// affiliation) once.
const oneByOne = 64

// closeActions closes, in the transaction that logs contacts, the open
// actions they answer (graph.CloseByContacts), at the time of the write
// (the contacts' UpdatedAt) by the context's actor.
func closeActions(ctx context.Context, tx *sql.Tx, contacts []*graph.Contact) error {
	if len(contacts) == 0 {
		return nil
	}
	now := contacts[0].UpdatedAt
	persons := map[string]bool{}
	for _, c := range contacts {
		persons[c.StakeholderID] = true
		if c.UpdatedAt.After(now) {
			now = c.UpdatedAt
		}
	}
	var open []*graph.Action
	if emps := graph.ContactEmployees(contacts); len(emps) <= oneByOne {
		for _, e := range emps {
			as, err := listJSON[graph.Action](ctx, tx, `SELECT data FROM actions WHERE assignee_id = ? AND state = 'open'`, e)
			if err != nil {
				return err
			}
			open = append(open, as...)
		}
	} else {
		as, err := listJSON[graph.Action](ctx, tx, `SELECT data FROM actions WHERE state = 'open'`)
		if err != nil {
			return err
		}
		open = as
	}
	if len(open) == 0 {
		return nil
	}
	var affs []graph.Affiliation
	read := func(query string, args ...any) error {
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a graph.Affiliation
			var since, until sql.NullInt64
			if err := rows.Scan(&a.PersonID, &a.OrgID, &since, &until); err != nil {
				return err
			}
			if persons[a.PersonID] {
				a.Since, a.Until = fromOptMillis(since), fromOptMillis(until)
				affs = append(affs, a)
			}
		}
		return rows.Err()
	}
	const affiliations = `SELECT from_id, to_id, since, until FROM relationships WHERE type IN ('works_at', 'board_member_of')`
	if orgs := graph.ClosableStakeholders(open); len(orgs) <= oneByOne {
		for _, o := range orgs {
			if err := read(affiliations+` AND to_id = ?`, o); err != nil {
				return err
			}
		}
	} else if err := read(affiliations); err != nil {
		return err
	}
	for _, a := range graph.CloseByContacts(open, contacts, affs, graph.ActorFrom(ctx), now) {
		if err := writeAction(ctx, tx, a); err != nil {
			return err
		}
	}
	return nil
}

// pseudonymisePlans removes the id of an erased person from the plans and
// actions that mention it (graph.Plan.Pseudonymise,
// graph.Action.Pseudonymise), inside the erasure's transaction; those
// naming the person went with them.
func pseudonymisePlans(ctx context.Context, tx *sql.Tx, id string) error {
	plans, err := listJSON[graph.Plan](ctx, tx, `SELECT data FROM plans WHERE instr(data, ?) > 0`, id)
	if err != nil {
		return err
	}
	for _, p := range plans {
		if p.Pseudonymise(id) {
			if err := writePlan(ctx, tx, p); err != nil {
				return err
			}
		}
	}
	actions, err := listJSON[graph.Action](ctx, tx, `SELECT data FROM actions WHERE instr(data, ?) > 0`, id)
	if err != nil {
		return err
	}
	for _, a := range actions {
		if a.Pseudonymise(id) {
			if err := writeAction(ctx, tx, a); err != nil {
				return err
			}
		}
	}
	return nil
}

// StoredPlans returns the stored plans among ids (segment.ImportTx).
func (t importTx) StoredPlans(ctx context.Context, ids []string) (map[string]*graph.Plan, error) {
	tx, err := t.w.ready()
	if err != nil {
		return nil, err
	}
	return storedJSON(ids, func(id string) (*graph.Plan, error) { return findPlan(ctx, tx, id) })
}

// StoredActions returns the stored actions among ids (segment.ImportTx).
func (t importTx) StoredActions(ctx context.Context, ids []string) (map[string]*graph.Action, error) {
	tx, err := t.w.ready()
	if err != nil {
		return nil, err
	}
	return storedJSON(ids, func(id string) (*graph.Action, error) { return findAction(ctx, tx, id) })
}

// WritePlans writes restored plans as they are (segment.ImportTx).
func (t importTx) WritePlans(ctx context.Context, ps []*graph.Plan) error {
	tx, err := t.w.ready()
	if err != nil {
		return err
	}
	for _, p := range ps {
		if err := writePlan(ctx, tx, p); err != nil {
			return err
		}
	}
	return nil
}

// WriteActions writes restored actions as they are (segment.ImportTx).
func (t importTx) WriteActions(ctx context.Context, as []*graph.Action) error {
	tx, err := t.w.ready()
	if err != nil {
		return err
	}
	for _, a := range as {
		if err := writeAction(ctx, tx, a); err != nil {
			return err
		}
	}
	return nil
}
