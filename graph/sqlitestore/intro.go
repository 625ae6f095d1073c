package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/relmap/relmap/graph"
)

var _ graph.IntroStore = (*Store)(nil)

// CreateIntro stores a new introduction request (see graph.PlanIntro).
func (s *Store) CreateIntro(ctx context.Context, r *graph.IntroRequest) error {
	now := s.now()
	return s.inWrite(ctx, "create introduction request", func(tx *sql.Tx) error {
		if err := graph.PlanIntro(ctx, r, lookup{tx: tx}, now); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM intro_requests WHERE id = ?`, r.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return graph.Errorf(graph.ECONFLICT, "introduction request %q already exists", r.ID)
		}
		if err := checkOpenTwin(ctx, tx, r); err != nil {
			return err
		}
		return writeIntro(ctx, tx, r)
	})
}

// checkOpenTwin applies graph.CheckOpenTwin to the stored requests of
// r's employee, intermediary and target.
func checkOpenTwin(ctx context.Context, tx *sql.Tx, r *graph.IntroRequest) error {
	same, err := listJSON[graph.IntroRequest](ctx, tx, `SELECT data FROM intro_requests WHERE employee_id = ? AND intermediary_id = ? AND target_id = ?`,
		r.EmployeeID, r.IntermediaryID, r.TargetID)
	if err != nil {
		return err
	}
	return graph.CheckOpenTwin(r, same)
}

// writeIntro inserts or replaces the row of r and moves the version: the
// load of an intermediary is derived from the requests.
func writeIntro(ctx context.Context, tx *sql.Tx, r *graph.IntroRequest) error {
	if err := putIntro(ctx, tx, r); err != nil {
		return err
	}
	return bumpVersion(ctx, tx)
}

// putIntro inserts or replaces the row of r; the version stays.
func putIntro(ctx context.Context, tx *sql.Tx, r *graph.IntroRequest) error {
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT OR REPLACE INTO intro_requests
		(id, employee_id, intermediary_id, target_id, state, requested_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.EmployeeID, r.IntermediaryID, r.TargetID, string(r.State), millis(r.Requested()), string(data))
	return err
}

// StoredIntros returns the stored requests among ids (segment.ImportTx).
func (t importTx) StoredIntros(ctx context.Context, ids []string) (map[string]*graph.IntroRequest, error) {
	tx, err := t.w.ready()
	if err != nil {
		return nil, err
	}
	return storedJSON(ids, func(id string) (*graph.IntroRequest, error) { return findIntro(ctx, tx, id) })
}

// WriteIntros writes restored requests as they are (segment.ImportTx);
// the import moves the version once.
func (t importTx) WriteIntros(ctx context.Context, rs []*graph.IntroRequest) error {
	tx, err := t.w.ready()
	if err != nil {
		return err
	}
	for _, r := range rs {
		if err := putIntro(ctx, tx, r); err != nil {
			return err
		}
	}
	return nil
}

func findIntro(ctx context.Context, q queryer, id string) (*graph.IntroRequest, error) {
	return findJSON[graph.IntroRequest](ctx, q, "introduction request", `SELECT data FROM intro_requests WHERE id = ?`, id)
}

// FindIntroByID returns the request with the given id, or ENOTFOUND.
func (s *Store) FindIntroByID(ctx context.Context, id string) (*graph.IntroRequest, error) {
	r, err := findIntro(ctx, s.db, id)
	if err != nil {
		return nil, s.fail(ctx, "find introduction request", err)
	}
	return r, nil
}

// FindIntros returns the requests f selects, newest request first and then
// by id, and how many there are before paging.
func (s *Store) FindIntros(ctx context.Context, f graph.IntroFilter) ([]*graph.IntroRequest, int, error) {
	page, err := f.Page.Normalize()
	if err != nil {
		return nil, 0, err
	}
	var w where
	for col, v := range map[string]*string{"employee_id": f.EmployeeID, "intermediary_id": f.IntermediaryID, "target_id": f.TargetID} {
		if v != nil {
			w.add(col+` = ?`, *v)
		}
	}
	if f.State != nil {
		w.add(`state = ?`, string(*f.State))
	}
	var (
		out   []*graph.IntroRequest
		total int
	)
	err = s.inRead(ctx, "find introduction requests", func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM intro_requests`+w.String(), w.args...).Scan(&total); err != nil {
			return err
		}
		out, err = listJSON[graph.IntroRequest](ctx, tx, `SELECT data FROM intro_requests`+w.String()+` ORDER BY requested_at DESC, id LIMIT ? OFFSET ?`,
			append(w.args, page.Limit, page.Offset)...)
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// MoveIntro moves a request (see graph.MoveIntro); moving to met logs the
// contact in the same transaction, through the one contact write path.
func (s *Store) MoveIntro(ctx context.Context, id string, m graph.IntroMove) (*graph.IntroRequest, error) {
	now := s.now()
	var out *graph.IntroRequest
	err := s.inWrite(ctx, "move introduction request", func(tx *sql.Tx) error {
		r, err := findIntro(ctx, tx, id)
		if err != nil {
			return err
		}
		c, err := graph.MoveIntro(ctx, r, m, now)
		if err != nil {
			return err
		}
		if err := checkOpenTwin(ctx, tx, r); err != nil {
			return err
		}
		if c != nil {
			b, _, err := graph.PlanUpsert(ctx, &graph.Batch{Contacts: []*graph.Contact{c}}, lookup{tx: tx}, graph.UpsertOptions{CreateOnly: true}, now)
			if err != nil {
				return err
			}
			if err := writeBatch(ctx, tx, nil, b); err != nil {
				return err
			}
		}
		out = r
		return writeIntro(ctx, tx, r)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteIntro deletes a request, or returns ENOTFOUND. A contact it
// logged stays.
func (s *Store) DeleteIntro(ctx context.Context, id string) error {
	return s.deleteRecord(ctx, "introduction request", `DELETE FROM intro_requests WHERE id = ?`, id)
}
