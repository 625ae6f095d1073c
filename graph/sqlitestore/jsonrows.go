package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/relmap/relmap/graph"
)

// The records kept whole as a JSON document in a data column
// (introduction requests, plans, actions) are read through these.

// findJSON reads the data column of the one row query selects, decoded,
// or ENOTFOUND naming what and id.
func findJSON[T any](ctx context.Context, q queryer, what, query, id string) (*T, error) {
	var data string
	err := q.QueryRowContext(ctx, query, id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, graph.NotFound(what, id)
	}
	if err != nil {
		return nil, err
	}
	return decodeJSON[T](data)
}

// listJSON reads the data column of every row query selects, decoded.
func listJSON[T any](ctx context.Context, q queryer, query string, args ...any) ([]*T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*T
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		x, err := decodeJSON[T](data)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// decodeJSON decodes one data column.
func decodeJSON[T any](data string) (*T, error) {
	var x T
	if err := json.Unmarshal([]byte(data), &x); err != nil {
		return nil, err
	}
	return &x, nil
}

// storedJSON finds each of ids with find and returns those stored, by
// id (the import's look-ups of JSON-row records).
func storedJSON[T any](ids []string, find func(string) (*T, error)) (map[string]*T, error) {
	out := map[string]*T{}
	for _, id := range ids {
		x, err := find(id)
		if graph.ErrorCode(err) == graph.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[id] = x
	}
	return out, nil
}
