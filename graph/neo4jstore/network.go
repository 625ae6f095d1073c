package neo4jstore

import (
	"context"
	"errors"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/queries"
)

// networkFetchSize is how many records the driver pulls per round trip
// while streaming the network: it bounds the memory the stream holds.
const networkFetchSize = 2000

// visitError carries an error returned by the visitor out of the
// transaction, to be returned unchanged.
type visitError struct{ err error }

func (e *visitError) Error() string { return e.err.Error() }

// Network streams every node and then every relationship (contacts are not
// edges) to v from one read transaction, holding no more than a fetch batch
// in memory, and returns the version of the state it read. A nil v.Node or
// v.Edge skips the nodes or the edges. An error returned by v stops the
// stream and is returned as it is.
//
// Neo4j reads at read-committed isolation: a write committed while the
// stream runs could show in part. Every relmap write moves the version in
// its own transaction, so Network reads the version before and after the
// stream, and when they differ it returns graph.ErrChanged (EUNAVAILABLE)
// instead of a torn snapshot. The driver may retry the
// transaction after a transient failure only while v has seen nothing yet.
//
// It runs under Config.BulkTimeout.
func (s *Store) Network(ctx context.Context, v graph.NetworkVisitor) (int64, error) {
	visited := false
	ver, err := inSession(ctx, s, "network", neo4j.AccessModeRead, s.bulkTimeout, networkFetchSize,
		func(ctx context.Context, tx neo4j.ManagedTransaction) (int64, error) {
			if visited {
				// The visitor has seen part of a stream that failed: it must
				// not see it again.
				return 0, graph.Errorf(graph.EUNAVAILABLE, "the network stream broke off; retry")
			}
			before, err := version(ctx, tx)
			if err != nil {
				return 0, err
			}
			if v.Node != nil {
				err := each(ctx, tx, queries.NetworkNodes, nil, func(rec *neo4j.Record) error {
					n, err := scanNetworkNode(rec)
					if err != nil {
						return err
					}
					visited = true
					if err := v.Node(n); err != nil {
						return &visitError{err}
					}
					return nil
				})
				if err != nil {
					return 0, err
				}
			}
			if v.Edge != nil {
				err := each(ctx, tx, cypher.networkEdges, nil, func(rec *neo4j.Record) error {
					e, err := scanNetworkEdge(rec)
					if err != nil {
						return err
					}
					visited = true
					if err := v.Edge(e); err != nil {
						return &visitError{err}
					}
					return nil
				})
				if err != nil {
					return 0, err
				}
			}
			after, err := version(ctx, tx)
			if err != nil {
				return 0, err
			}
			if after != before {
				return 0, graph.ErrChanged
			}
			return before, nil
		})
	var ve *visitError
	if errors.As(err, &ve) {
		return 0, ve.err
	}
	if err != nil {
		return 0, err
	}
	return ver, nil
}

func scanNetworkNode(rec *neo4j.Record) (graph.NetworkNode, error) {
	var n graph.NetworkNode
	var kind, partyType string
	var errs [6]error
	n.ID, _, errs[0] = neo4j.GetRecordValue[string](rec, "id")
	kind, _, errs[1] = neo4j.GetRecordValue[string](rec, "kind")
	n.Name, _, errs[2] = neo4j.GetRecordValue[string](rec, "name")
	partyType, _, errs[3] = neo4j.GetRecordValue[string](rec, "party_type")
	n.OwnerID, _, errs[4] = neo4j.GetRecordValue[string](rec, "owner_id")
	n.DoNotRoute, _, errs[5] = neo4j.GetRecordValue[bool](rec, "do_not_route")
	n.Kind, n.PartyType = graph.Kind(kind), graph.PartyType(partyType)
	end, _ := rec.Get("end")
	p := &props{what: "employee", m: map[string]any{"end": end}}
	n.End = p.date("end")
	return n, firstErr(append(errs[:], p.err)...)
}

func scanNetworkEdge(rec *neo4j.Record) (graph.NetworkEdge, error) {
	var e graph.NetworkEdge
	var typ, nature, level string
	var errs [7]error
	e.ID, _, errs[0] = neo4j.GetRecordValue[string](rec, "id")
	typ, _, errs[1] = neo4j.GetRecordValue[string](rec, "type")
	e.From, _, errs[2] = neo4j.GetRecordValue[string](rec, "from")
	e.To, _, errs[3] = neo4j.GetRecordValue[string](rec, "to")
	e.Strength, _, errs[4] = neo4j.GetRecordValue[float64](rec, "strength")
	nature, _, errs[5] = neo4j.GetRecordValue[string](rec, "nature")
	level, _, errs[6] = neo4j.GetRecordValue[string](rec, "level")
	if err := firstErr(errs[:]...); err != nil {
		return e, err
	}
	t, ok := relTypeOf[typ]
	if !ok {
		return e, errors.New("neo4jstore: network: unknown relationship type " + typ)
	}
	e.Type, e.Nature, e.Level = t, graph.Nature(nature), graph.ContactLevel(level)
	since, _ := rec.Get("since")
	until, _ := rec.Get("until")
	p := &props{what: "relationship", m: map[string]any{"since": since, "until": until}}
	e.Since, e.Until = p.date("since"), p.date("until")
	return e, p.err
}
