package sqlitestore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/relmap/relmap/graph"
)

// Network streams every node and then every relationship to v, all read in
// one read transaction, and returns the version of that state; v.Size is
// told their exact counts first. It reads one text column per row (see
// sep) and holds no more than one row in memory; writers are not blocked
// while it runs. An error returned by v stops the stream and is
// returned as it is. A nil v.Node or v.Edge skips the nodes or the edges.
func (s *Store) Network(ctx context.Context, v graph.NetworkVisitor) (int64, error) {
	var (
		ver      int64
		visitErr error // from v: returned unchanged
	)
	err := s.inBulkRead(ctx, "network", func(tx *sql.Tx) error {
		var err error
		if ver, err = version(ctx, tx); err != nil {
			return err
		}
		if v.Size != nil {
			var nodes, edges int
			if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM nodes), (SELECT count(*) FROM relationships)`).Scan(&nodes, &edges); err != nil {
				return err
			}
			v.Size(nodes, edges)
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

// The network is read as one text column per row (and the strength of a
// relationship beside it) that SQLite concatenates with the unit separator
// (U+001F), which ids and enum values never contain (graph refuses control
// characters in them): every column the Go driver reads costs a type
// check, an allocation and three of SQLite's mutex calls, so one column
// instead of seven takes about a quarter less CPU (10^6 relationships of
// bench/import: 1.0–1.4 s → 0.8–1.0 s, measured under load). The values
// passed to the visitor are substrings of that one string, and the enum
// values are relmap's own constants, so a row costs one allocation. The
// last field (a name, an id) may hold anything.
const sep = "\x1f"

// networkNodes and networkEdges are the queries of the stream: see sep.
const (
	networkNodes = `SELECT kind || char(31) || party_type || char(31) || do_not_route || char(31) || id || char(31) || coalesce(owner_id, '') || char(31) || name, employment_end FROM nodes`
	networkEdges = `SELECT from_id || char(31) || to_id || char(31) || type || char(31) || nature || char(31) || level || char(31) || id, strength, since, until FROM relationships`
)

func streamNodes(ctx context.Context, tx *sql.Tx, visit func(graph.NetworkNode) error, visitErr *error) error {
	rows, err := tx.QueryContext(ctx, networkNodes)
	if err != nil {
		return err
	}
	defer rows.Close()
	var f [6]string
	for rows.Next() {
		var row string
		var end sql.NullInt64
		if err := rows.Scan(&row, &end); err != nil {
			return err
		}
		if !split(row, f[:]) {
			return fmt.Errorf("network: node row %q does not have %d fields", row, len(f))
		}
		n := graph.NetworkNode{
			Kind: enum(graph.Kinds, f[0]), PartyType: enum(graph.PartyTypes, f[1]), DoNotRoute: f[2] == "1",
			ID: f[3], OwnerID: f[4], Name: f[5],
		}
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
	rows, err := tx.QueryContext(ctx, networkEdges)
	if err != nil {
		return err
	}
	defer rows.Close()
	var f [6]string
	for rows.Next() {
		var row string
		var strength float64
		var since, until sql.NullInt64
		if err := rows.Scan(&row, &strength, &since, &until); err != nil {
			return err
		}
		if !split(row, f[:]) {
			return fmt.Errorf("network: relationship row %q does not have %d fields", row, len(f))
		}
		e := graph.NetworkEdge{
			From: f[0], To: f[1], Type: enum(relTypes, f[2]), Nature: enum(graph.Natures, f[3]),
			Level: enum(graph.ContactLevels, f[4]), ID: f[5], Strength: strength, Since: fromOptMillis(since), Until: fromOptMillis(until),
		}
		if err := visit(e); err != nil {
			*visitErr = err
			return nil
		}
	}
	return rows.Err()
}

// split cuts row at the first len(f)-1 separators into f, the last field
// taking the rest; false when there are fewer separators.
func split(row string, f []string) bool {
	for i := range len(f) - 1 {
		j := strings.IndexByte(row, sep[0])
		if j < 0 {
			return false
		}
		f[i], row = row[:j], row[j+1:]
	}
	f[len(f)-1] = row
	return true
}

// relTypes are the relationship types of the vocabulary.
var relTypes = func() []graph.RelType {
	out := make([]graph.RelType, len(graph.RelTypes))
	for i, s := range graph.RelTypes {
		out[i] = s.Type
	}
	return out
}()

// enum returns the value of vals that s spells (a constant, sharing no
// memory with s), or a copy of s when there is none ("" included).
func enum[T ~string](vals []T, s string) T {
	for _, v := range vals {
		if string(v) == s {
			return v
		}
	}
	return T(strings.Clone(s))
}
