package neo4jstore

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

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
