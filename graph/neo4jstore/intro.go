package neo4jstore

import (
	"context"
	"encoding/json"
	"math"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/queries"
)

var _ graph.IntroStore = (*Store)(nil)

// introRow is the property map of an (:IntroRequest) node.
func introRow(r *graph.IntroRequest) (map[string]any, error) {
	data, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	return map[string]any{
		"id": r.ID, "employee_id": r.EmployeeID, "intermediary_id": r.IntermediaryID, "target_id": r.TargetID,
		"state": string(r.State), "requested_at": r.Requested().UnixMilli(), "data": string(data),
	}, nil
}

func decodeIntro(data string) (*graph.IntroRequest, error) {
	var r graph.IntroRequest
	if err := json.Unmarshal([]byte(data), &r); err != nil {
		return nil, err
	}
	return &r, nil
}

func findIntro(ctx context.Context, tx neo4j.ManagedTransaction, id string) (*graph.IntroRequest, error) {
	res, err := tx.Run(ctx, queries.FindIntro, map[string]any{"id": id})
	if err != nil {
		return nil, err
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, graph.NotFound("introduction request", id)
	}
	data, _, err := neo4j.GetRecordValue[string](recs[0], "data")
	if err != nil {
		return nil, err
	}
	return decodeIntro(data)
}

// CreateIntro stores a new introduction request (see graph.PlanIntro).
// The transaction function may be retried: it only sets r's state,
// history and audit fields besides the write.
func (s *Store) CreateIntro(ctx context.Context, r *graph.IntroRequest) error {
	now := s.now()
	state, history := r.State, r.History
	_, err := write(ctx, s, "create introduction request", s.timeout, func(ctx context.Context, tx neo4j.ManagedTransaction) (struct{}, error) {
		r.State, r.History = state, history // a retry starts afresh
		if err := graph.PlanIntro(ctx, r, newLookup(tx), now); err != nil {
			return struct{}{}, err
		}
		if _, err := findIntro(ctx, tx, r.ID); graph.ErrorCode(err) != graph.ENOTFOUND {
			if err == nil {
				err = graph.Errorf(graph.ECONFLICT, "introduction request %q already exists", r.ID)
			}
			return struct{}{}, err
		}
		if err := checkOpenTwin(ctx, tx, r); err != nil {
			return struct{}{}, err
		}
		row, err := introRow(r)
		if err != nil {
			return struct{}{}, err
		}
		if _, err := single[int64](ctx, tx, queries.CreateIntro, map[string]any{"row": row}, "n"); err != nil {
			return struct{}{}, err
		}
		return struct{}{}, bumpVersion(ctx, tx)
	})
	return err
}

// FindIntroByID returns the request with the given id, or ENOTFOUND.
func (s *Store) FindIntroByID(ctx context.Context, id string) (*graph.IntroRequest, error) {
	return inTx(ctx, s, "find introduction request", neo4j.AccessModeRead, s.timeout,
		func(ctx context.Context, tx neo4j.ManagedTransaction) (*graph.IntroRequest, error) {
			return findIntro(ctx, tx, id)
		})
}

// FindIntros returns the requests f selects, newest request first and then
// by id, and how many there are before paging.
func (s *Store) FindIntros(ctx context.Context, f graph.IntroFilter) ([]*graph.IntroRequest, int, error) {
	page, err := f.Page.Normalize()
	if err != nil {
		return nil, 0, err
	}
	params := map[string]any{"employee_id": nil, "intermediary_id": nil, "target_id": nil, "state": nil,
		"offset": int64(page.Offset), "limit": int64(page.Limit)}
	for k, v := range map[string]*string{"employee_id": f.EmployeeID, "intermediary_id": f.IntermediaryID, "target_id": f.TargetID} {
		if v != nil {
			params[k] = *v
		}
	}
	if f.State != nil {
		params["state"] = string(*f.State)
	}
	type result struct {
		list  []*graph.IntroRequest
		total int
	}
	res, err := inTx(ctx, s, "find introduction requests", neo4j.AccessModeRead, s.timeout,
		func(ctx context.Context, tx neo4j.ManagedTransaction) (result, error) {
			var out result
			total, err := single[int64](ctx, tx, queries.CountIntros, params, "total")
			if err != nil {
				return out, err
			}
			out.total = int(total)
			out.list, err = listIntros(ctx, tx, params)
			return out, err
		})
	if err != nil {
		return nil, 0, err
	}
	return res.list, res.total, nil
}

// listIntros runs queries.FindIntros with params.
func listIntros(ctx context.Context, tx neo4j.ManagedTransaction, params map[string]any) ([]*graph.IntroRequest, error) {
	var list []*graph.IntroRequest
	err := each(ctx, tx, queries.FindIntros, params, func(rec *neo4j.Record) error {
		data, _, err := neo4j.GetRecordValue[string](rec, "data")
		if err != nil {
			return err
		}
		r, err := decodeIntro(data)
		if err != nil {
			return err
		}
		list = append(list, r)
		return nil
	})
	return list, err
}

// checkOpenTwin applies graph.CheckOpenTwin to the stored requests of
// r's employee, intermediary and target.
func checkOpenTwin(ctx context.Context, tx neo4j.ManagedTransaction, r *graph.IntroRequest) error {
	same, err := listIntros(ctx, tx, map[string]any{"employee_id": r.EmployeeID, "intermediary_id": r.IntermediaryID,
		"target_id": r.TargetID, "state": nil, "offset": int64(0), "limit": int64(math.MaxInt32)})
	if err != nil {
		return err
	}
	return graph.CheckOpenTwin(r, same)
}

// MoveIntro moves a request (see graph.MoveIntro); moving to met logs the
// contact in the same transaction, through the one contact write path.
func (s *Store) MoveIntro(ctx context.Context, id string, m graph.IntroMove) (*graph.IntroRequest, error) {
	now := s.now()
	return write(ctx, s, "move introduction request", s.timeout, func(ctx context.Context, tx neo4j.ManagedTransaction) (*graph.IntroRequest, error) {
		r, err := findIntro(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		c, err := graph.MoveIntro(ctx, r, m, now)
		if err != nil {
			return nil, err
		}
		if err := checkOpenTwin(ctx, tx, r); err != nil {
			return nil, err
		}
		if c != nil {
			look := newLookup(tx)
			b, _, err := graph.PlanUpsert(ctx, &graph.Batch{Contacts: []*graph.Contact{c}}, look, graph.UpsertOptions{CreateOnly: true}, now)
			if err != nil {
				return nil, err
			}
			if err := writeBatch(ctx, tx, look, b, nil); err != nil {
				return nil, err
			}
		}
		row, err := introRow(r)
		if err != nil {
			return nil, err
		}
		if _, err := single[int64](ctx, tx, queries.UpdateIntro, map[string]any{"id": id, "state": row["state"], "data": row["data"]}, "n"); err != nil {
			return nil, err
		}
		return r, bumpVersion(ctx, tx)
	})
}

// DeleteIntro deletes a request, or returns ENOTFOUND. A contact it
// logged stays.
func (s *Store) DeleteIntro(ctx context.Context, id string) error {
	return s.deleteRecord(ctx, "introduction request", queries.DeleteIntro, map[string]any{"id": id}, id)
}

// StoredIntros returns the stored requests among ids (segment.ImportTx).
func (t importTx) StoredIntros(ctx context.Context, ids []string) (map[string]*graph.IntroRequest, error) {
	out := map[string]*graph.IntroRequest{}
	for chunk := range chunks(ids) {
		res, err := t.tx.Run(ctx, queries.StoredIntros, map[string]any{"ids": chunk})
		if err != nil {
			return nil, err
		}
		recs, err := res.Collect(ctx)
		if err != nil {
			return nil, err
		}
		for _, rec := range recs {
			data, _, err := neo4j.GetRecordValue[string](rec, "data")
			if err != nil {
				return nil, err
			}
			r, err := decodeIntro(data)
			if err != nil {
				return nil, err
			}
			out[r.ID] = r
		}
	}
	return out, nil
}

// WriteIntros writes restored requests as they are (segment.ImportTx);
// the import moves the version once. An import written part by part
// keeps the stored version of each request it changes and lists those it
// creates, so that undoing it restores them (journal.go).
func (t importTx) WriteIntros(ctx context.Context, rs []*graph.IntroRequest) error {
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	var tag *importTag
	if t.id != "" {
		stored, err := t.StoredIntros(ctx, ids)
		if err != nil {
			return err
		}
		var kept []string
		tag = newImportTag(t.id)
		for _, id := range ids {
			if stored[id] != nil && !t.created.has("intro", id) {
				kept = append(kept, id)
			}
			tag.note("intro", id, stored[id] == nil)
		}
		if err := keepStored(ctx, t.tx, queries.ImportKeepIntros, t.id, kept); err != nil {
			return err
		}
	}
	rows := make([]map[string]any, len(rs))
	for i, r := range rs {
		row, err := introRow(r)
		if err != nil {
			return err
		}
		rows[i] = row
	}
	for chunk := range chunks(rows) {
		if _, err := single[int64](ctx, t.tx, queries.ImportIntros, map[string]any{"rows": chunk}, "n"); err != nil {
			return err
		}
	}
	if tag == nil {
		return nil
	}
	*t.tags = append(*t.tags, tag)
	return tag.writeCreated(ctx, t.tx)
}
