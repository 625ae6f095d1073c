package neo4jstore

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/relmap/relmap/auth"
	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/queries"
)

// Employment (graph/employment.go): an employee's start and end are DATE
// properties of their node (props.go); the span of their contacts is read
// from their (:Contact) nodes.

var _ graph.EmploymentLookup = (*lookup)(nil)

// Employments implements graph.EmploymentLookup inside a transaction.
func (l *lookup) Employments(ctx context.Context, ids []string) (map[string]graph.Employment, error) {
	out := map[string]graph.Employment{}
	for chunk := range chunks(ids) {
		err := each(ctx, l.tx, queries.Employments, map[string]any{"ids": chunk}, func(rec *neo4j.Record) error {
			id, _, err := neo4j.GetRecordValue[string](rec, "id")
			start, _ := rec.Get("start")
			end, _ := rec.Get("end")
			p := &props{what: "employee", m: map[string]any{"start": start, "end": end}}
			out[id] = graph.Employment{Start: p.date("start"), End: p.date("end")}
			return firstErr(err, p.err)
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ContactSpans implements graph.EmploymentLookup inside a transaction.
func (l *lookup) ContactSpans(ctx context.Context, ids []string) (map[string]graph.ContactSpan, error) {
	out := map[string]graph.ContactSpan{}
	for chunk := range chunks(ids) {
		err := each(ctx, l.tx, queries.ContactSpans, map[string]any{"ids": chunk}, func(rec *neo4j.Record) error {
			id, _, err := neo4j.GetRecordValue[string](rec, "id")
			first, _ := rec.Get("first")
			last, _ := rec.Get("last")
			p := &props{what: "contact", m: map[string]any{"first": first, "last": last}}
			out[id] = graph.ContactSpan{First: p.time("first"), Last: p.time("last")}
			return firstErr(err, p.err)
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// employeeHistory counts what deleting the employee id would take with
// them.
func employeeHistory(ctx context.Context, tx neo4j.ManagedTransaction, id string) (*graph.EmployeeDeletion, error) {
	d := &graph.EmployeeDeletion{ID: id}
	err := each(ctx, tx, cypher.employeeHistory, map[string]any{"id": id}, func(rec *neo4j.Record) error {
		var errs [4]error
		for i, x := range []struct {
			key string
			dst *int
		}{{"contacts", &d.Contacts}, {"relationships", &d.Relationships}, {"organisations", &d.Organisations}, {"persons", &d.Persons}} {
			var n int64
			n, _, errs[i] = neo4j.GetRecordValue[int64](rec, x.key)
			*x.dst = int(n)
		}
		return firstErr(errs[:]...)
	})
	return d, err
}

// Handover makes employee to the owner of everything employee from owns,
// in one write transaction (see graph.Store). The pending audit entry of
// ctx gets what moved.
func (s *Store) Handover(ctx context.Context, from, to string) (*graph.Handover, error) {
	now := clock(s.now) // as graph.PlanUpsert does
	actor := graph.ActorFrom(ctx)
	return write(ctx, s, "handover", s.timeout, func(ctx context.Context, tx neo4j.ManagedTransaction) (*graph.Handover, error) {
		if err := graph.CheckHandover(ctx, newLookup(tx), from, to, now); err != nil {
			return nil, err
		}
		h, err := reassign(ctx, tx, from, to, graph.Audit{UpdatedAt: now, UpdatedBy: actor})
		if err != nil {
			return h, err
		}
		auth.SetPendingDetail(ctx, h.Summary())
		if h.Moved() == 0 {
			return h, nil
		}
		return h, bumpVersion(ctx, tx)
	})
}
