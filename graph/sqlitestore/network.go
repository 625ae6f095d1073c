package sqlitestore

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/relmap/relmap/graph"
)

// Network streams every node and then every relationship to v, all read in
// one read transaction, and returns the version of that state; v.Size is
// told their exact counts first. It reads one text column per row (see
// sep) and holds no more than one row in memory; writers are not blocked
// while it runs. An error returned by v stops the stream and is
// returned as it is. A nil v.Node or v.Edge skips the nodes or the edges.
//
// With v.Parts it streams the nodes, and then the relationships, in two
// parts at once, by rowid, the second on a connection of its own
// (inParts): the second connection's read transaction must see the
// version the first saw — every write moves the version in its own
// transaction, so the two then read one state of the database — and when
// a write came in between, the first connection reads everything.
func (s *Store) Network(ctx context.Context, v graph.NetworkVisitor) (int64, error) {
	var (
		ver      int64
		visitErr error // from v: returned unchanged
	)
	err := s.inBulkReadOn(ctx, "network", func(tx *sql.Tx, conn *sql.Conn) error {
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
		if v.Parts != nil {
			return s.inParts(ctx, tx, conn, ver, v, &visitErr)
		}
		return stream(ctx, conn, v, &visitErr)
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
// last field (a name, an id) may hold anything. The rows come from the
// driver itself (driverRows).
const sep = "\x1f"

// networkNodes and networkEdges are the queries of the stream: see sep;
// parts reads each table in two parts, up to a rowid and after it
// (inParts).
const (
	networkNodes = `SELECT kind || char(31) || party_type || char(31) || do_not_route || char(31) || id || char(31) || coalesce(owner_id, '') || char(31) || name, employment_end FROM nodes`
	networkEdges = `SELECT from_id || char(31) || to_id || char(31) || type || char(31) || nature || char(31) || level || char(31) || id, strength, since, until FROM relationships`
)

var parts = struct{ nodes, edges [2]string }{
	nodes: [2]string{networkNodes + ` WHERE rowid <= ?`, networkNodes + ` WHERE rowid > ?`},
	edges: [2]string{networkEdges + ` WHERE rowid <= ?`, networkEdges + ` WHERE rowid > ?`},
}

// minPartsSpan is the span of a table's rowids (about its rows) from which
// Network reads it in two parts: below it a part is too small to be worth
// a connection, and the first part takes every row.
const minPartsSpan = 4096

// stream streams the network to v on conn: every node, then every
// relationship.
func stream(ctx context.Context, conn *sql.Conn, v graph.NetworkVisitor, visitErr *error) error {
	if v.Node != nil {
		if err := streamNodes(ctx, conn, networkNodes, nil, v.Node, visitErr); err != nil {
			return err
		}
	}
	if v.Edge != nil {
		return streamEdges(ctx, conn, networkEdges, nil, v.Edge, visitErr)
	}
	return nil
}

// inParts streams the network in two parts at once to the visitors of
// v.Parts: the nodes, then the relationships, up to the middle rowid on
// conn (whose transaction tx saw version ver) and after it on a second
// connection, when that connection's read transaction sees ver too (see
// Network); otherwise all of it on conn, to v.
func (s *Store) inParts(ctx context.Context, tx *sql.Tx, conn *sql.Conn, ver int64, v graph.NetworkVisitor, visitErr *error) error {
	// Each min and max its own subquery: SQLite finds a lone one in the
	// rowid tree.
	var span [4]sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT min(rowid) FROM nodes), (SELECT max(rowid) FROM nodes),
		(SELECT min(rowid) FROM relationships), (SELECT max(rowid) FROM relationships)`).Scan(&span[0], &span[1], &span[2], &span[3]); err != nil {
		return err
	}
	middle := func(lo, hi sql.NullInt64) int64 {
		if hi.Int64-lo.Int64 < s.partsFrom {
			return hi.Int64 // the first part takes all
		}
		return lo.Int64 + (hi.Int64-lo.Int64)/2
	}
	nodeMid, edgeMid := middle(span[0], span[1]), middle(span[2], span[3])
	if nodeMid == span[1].Int64 && edgeMid == span[3].Int64 {
		return stream(ctx, conn, v, visitErr)
	}
	moved := false
	var visitErrs [2]error
	err := s.inBulkReadOn(ctx, "network", func(tx2 *sql.Tx, conn2 *sql.Conn) error {
		if s.betweenParts != nil {
			s.betweenParts()
		}
		v2, err := version(ctx, tx2) // its first read: the transaction's state from here on
		if err != nil {
			return err
		}
		if moved = v2 != ver; moved {
			return nil
		}
		conns, pv := [2]*sql.Conn{conn, conn2}, [2]graph.NetworkVisitor{v.Parts(0), v.Parts(1)}
		if v.Node != nil {
			err := both(ctx, func(ctx context.Context, k int) error {
				return streamNodes(ctx, conns[k], parts.nodes[k], nodeMid, pv[k].Node, &visitErrs[k])
			})
			if err != nil {
				return err
			}
		}
		if v.Edge == nil {
			return nil
		}
		return both(ctx, func(ctx context.Context, k int) error {
			return streamEdges(ctx, conns[k], parts.edges[k], edgeMid, pv[k].Edge, &visitErrs[k])
		})
	})
	if *visitErr = cmp.Or(visitErrs[0], visitErrs[1]); *visitErr != nil {
		return *visitErr
	}
	if err == nil && moved {
		return stream(ctx, conn, v, visitErr)
	}
	return err
}

// both runs part 0 on a goroutine of its own and part 1 on this one, and
// waits for both. The first error cancels the other part's context and is
// returned, not the cancellation it caused.
func both(ctx context.Context, part func(ctx context.Context, k int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var errs [2]error
	var wg sync.WaitGroup
	wg.Go(func() {
		if errs[0] = part(ctx, 0); errs[0] != nil {
			cancel()
		}
	})
	if errs[1] = part(ctx, 1); errs[1] != nil {
		cancel()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
	}
	return cmp.Or(errs[0], errs[1])
}

// streamNodes streams the nodes query reads (networkNodes, or a part of
// them up to or after rowid mid: nil for none).
func streamNodes(ctx context.Context, conn *sql.Conn, query string, mid any, visit func(graph.NetworkNode) error, visitErr *error) error {
	var f [6]string
	return driverRows(ctx, conn, query, mid, func(r []driver.Value) error {
		row, ok := r[0].(string)
		if !ok || !split(row, f[:]) {
			return fmt.Errorf("network: node row %q does not have %d fields", r[0], len(f))
		}
		end, err := dayValue(r[1])
		if err != nil {
			return fmt.Errorf("network: node %q: employment end: %w", f[3], err)
		}
		n := graph.NetworkNode{
			Kind: enum(graph.Kinds, f[0]), PartyType: enum(graph.PartyTypes, f[1]), DoNotRoute: f[2] == "1",
			ID: f[3], OwnerID: f[4], Name: f[5], End: end,
		}
		if err := visit(n); err != nil {
			*visitErr = err
			return err
		}
		return nil
	})
}

// streamEdges streams the relationships query reads (networkEdges, or a
// part of them up to or after rowid mid: nil for none).
func streamEdges(ctx context.Context, conn *sql.Conn, query string, mid any, visit func(graph.NetworkEdge) error, visitErr *error) error {
	var f [6]string
	return driverRows(ctx, conn, query, mid, func(r []driver.Value) error {
		row, ok := r[0].(string)
		if !ok || !split(row, f[:]) {
			return fmt.Errorf("network: relationship row %q does not have %d fields", r[0], len(f))
		}
		strength, okS := realValue(r[1])
		since, errS := dayValue(r[2])
		until, errU := dayValue(r[3])
		if !okS || errS != nil || errU != nil {
			return fmt.Errorf("network: relationship %q: strength %v, since %v, until %v: not a number and two days", f[5], r[1], r[2], r[3])
		}
		e := graph.NetworkEdge{
			From: f[0], To: f[1], Type: enum(relTypes, f[2]), Nature: enum(graph.Natures, f[3]),
			Level: enum(graph.ContactLevels, f[4]), ID: f[5], Strength: strength, Since: since, Until: until,
		}
		if err := visit(e); err != nil {
			*visitErr = err
			return err
		}
		return nil
	})
}

// driverRows runs query, with arg its one argument (nil: it takes none),
// on conn's driver connection (in the transaction begun on conn) and
// calls row with the values of each row, in a slice it reuses: text as a
// string, a REAL as a float64, an INTEGER as an int64, NULL as nil. It
// skips what database/sql does for every row of a Rows — a lock, a
// conversion and a scan target per column that escape to the heap —
// which took a quarter of the CPU time of streaming 10^6 relationships
// (0.9 → 0.7 s with the driver alone, measured under load). An error of
// row stops the rows and is returned as it is. ctx is checked every 256
// rows: the driver watches it only while it prepares the statement and
// runs its first step.
func driverRows(ctx context.Context, conn *sql.Conn, query string, arg any, row func([]driver.Value) error) error {
	return conn.Raw(func(dc any) error {
		prep, err := preparer(dc)
		if err != nil {
			return err
		}
		st, err := prep.PrepareContext(ctx, query)
		if err != nil {
			return err
		}
		defer st.Close()
		q, ok := st.(driver.StmtQueryContext)
		if !ok {
			return fmt.Errorf("sqlitestore: driver statement %T cannot query with a context", st)
		}
		var args []driver.NamedValue
		if arg != nil {
			args = []driver.NamedValue{{Ordinal: 1, Value: arg}}
		}
		rows, err := q.QueryContext(ctx, args)
		if err != nil {
			return err
		}
		defer rows.Close()
		dest := make([]driver.Value, len(rows.Columns()))
		for n := 1; ; n++ {
			if n%256 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			switch err := rows.Next(dest); err {
			case nil:
			case io.EOF:
				return nil
			default:
				return err
			}
			if err := row(dest); err != nil {
				return err
			}
		}
	})
}

// preparer returns the driver connection dc (from sql.Conn.Raw) as one
// that prepares statements with a context, as modernc's does.
func preparer(dc any) (driver.ConnPrepareContext, error) {
	prep, ok := dc.(driver.ConnPrepareContext)
	if !ok {
		return nil, fmt.Errorf("sqlitestore: driver connection %T cannot prepare with a context", dc)
	}
	return prep, nil
}

// realValue returns the number v, a REAL or an INTEGER.
func realValue(v driver.Value) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	}
	return 0, false
}

// dayValue returns the day stored as milliseconds in v (zero for NULL:
// fromOptMillis).
func dayValue(v driver.Value) (time.Time, error) {
	switch x := v.(type) {
	case nil:
		return time.Time{}, nil
	case int64:
		return fromMillis(x), nil
	}
	return time.Time{}, fmt.Errorf("%v is not a number of milliseconds", v)
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
