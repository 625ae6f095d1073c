package sqlitestore

import (
	"context"
	"database/sql"

	"github.com/relmap/relmap/graph"
)

// Network streams every node and then every relationship to v, all read in
// one read transaction, and returns the version of that state. It reads
// plain columns only and holds no more than one row in memory; writers are
// not blocked while it runs. An error returned by v stops the stream and is
// returned as it is. A nil v.Node or v.Edge skips the nodes or the edges.
func (s *Store) Network(ctx context.Context, v graph.NetworkVisitor) (int64, error) {
	var (
		ver      int64
		visitErr error // from v: returned unchanged
	)
	err := s.inRead(ctx, "network", func(tx *sql.Tx) error {
		var err error
		if ver, err = version(ctx, tx); err != nil {
			return err
		}
		if v.Node != nil {
			if err := streamNodes(ctx, tx, v.Node, &visitErr); err != nil || visitErr != nil {
				return err
			}
		}
		if v.Edge != nil {
			return streamEdges(ctx, tx, v.Edge, &visitErr)
		}
		return nil
	})
	if visitErr != nil {
		return 0, visitErr
	}
	if err != nil {
		return 0, err
	}
	return ver, nil
}

func streamNodes(ctx context.Context, tx *sql.Tx, visit func(graph.NetworkNode) error, visitErr *error) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, kind, name, party_type, coalesce(owner_id, ''), do_not_route, employment_end FROM nodes`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var (
		kind, partyType string
		end             sql.NullInt64
	)
	for rows.Next() {
		var n graph.NetworkNode
		if err := rows.Scan(&n.ID, &kind, &n.Name, &partyType, &n.OwnerID, &n.DoNotRoute, &end); err != nil {
			return err
		}
		n.Kind, n.PartyType = graph.Kind(kind), graph.PartyType(partyType)
		if end.Valid {
			n.End = fromMillis(end.Int64)
		}
		if err := visit(n); err != nil {
			*visitErr = err
			return nil
		}
	}
	return rows.Err()
}

func streamEdges(ctx context.Context, tx *sql.Tx, visit func(graph.NetworkEdge) error, visitErr *error) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, type, from_id, to_id, strength, nature, level FROM relationships`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var typ, nature, level string
	for rows.Next() {
		var e graph.NetworkEdge
		if err := rows.Scan(&e.ID, &typ, &e.From, &e.To, &e.Strength, &nature, &level); err != nil {
			return err
		}
		e.Type, e.Nature, e.Level = graph.RelType(typ), graph.Nature(nature), graph.ContactLevel(level)
		if err := visit(e); err != nil {
			*visitErr = err
			return nil
		}
	}
	return rows.Err()
}
