package neo4jstore

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"

	"github.com/relmap/relmap/graph"
	"github.com/relmap/relmap/queries"
)

// Labels and relationship types cannot be Cypher parameters. They come from
// graph's vocabularies (graph.Kinds, graph.RelTypes) only, through the maps
// below, and are checked against a strict pattern before they go into a
// statement.
var (
	// labels maps a node kind to its label: "employee" → "Employee".
	labels = map[graph.Kind]string{}
	// relTypes maps a relationship type to its Neo4j type: "works_at" →
	// "WORKS_AT"; relTypeOf is the reverse.
	relTypes  = map[graph.RelType]string{}
	relTypeOf = map[string]graph.RelType{}
	// relTypeList is every Neo4j relationship type, in graph.RelTypes order.
	relTypeList []string
)

// Contacts hang off the network on relationships of these types; they must
// not collide with relationship types of the vocabulary.
const (
	contactByType   = "HAD_CONTACT"
	contactWithType = "CONTACT_WITH"
)

var identifier = regexp.MustCompile(`^[A-Z][A-Za-z0-9_]*$`)

func init() {
	for _, k := range graph.Kinds {
		l := strings.ToUpper(string(k[:1])) + string(k[1:])
		mustIdentifier(l)
		labels[k] = l
	}
	for _, s := range graph.RelTypes {
		t := strings.ToUpper(string(s.Type))
		mustIdentifier(t)
		if t == contactByType || t == contactWithType || relTypeOf[t] != "" {
			panic(fmt.Sprintf("neo4jstore: relationship type %q collides with another type", t))
		}
		relTypes[s.Type] = t
		relTypeOf[t] = s.Type
		relTypeList = append(relTypeList, t)
	}
	cypher = newStatements()
}

// mustIdentifier panics unless s can stand in Cypher as a label or type
// without quoting: graph's vocabulary changed in a way this store does not
// support, a programmer error.
func mustIdentifier(s string) {
	if !identifier.MatchString(s) {
		panic(fmt.Sprintf("neo4jstore: %q cannot be a Neo4j label or relationship type", s))
	}
}

// statements are the embedded queries with their placeholders replaced.
type statements struct {
	// By node label.
	createNodes, findNodes, countNodes, findNodesNamed, countNodesNamed map[string]string
	// By relationship type.
	createRelationships, updateRelationships, storedRelationships, deleteRelationships,
	findRelationship, countType map[string]string
	// Over every relationship type.
	findRelationships, countRelationships, findNodeRelationships, countNodeRelationships, networkEdges, employeeHistory string
}

// cypher holds the statements the store runs, built by init once the
// allow-lists are.
var cypher *statements

func newStatements() *statements {
	byToken := func(q string) map[string]string {
		m := map[string]string{}
		for _, x := range expand(q) {
			m[x.token] = x.text
		}
		return m
	}
	one := func(q string) string {
		xs := expand(q)
		if len(xs) != 1 || xs[0].token != "" {
			panic("neo4jstore: statement has a per-label or per-type placeholder: " + q)
		}
		return xs[0].text
	}
	return &statements{
		createNodes:            byToken(queries.CreateNodes),
		findNodes:              byToken(queries.FindNodes),
		countNodes:             byToken(queries.CountNodes),
		findNodesNamed:         byToken(queries.FindNodesNamed),
		countNodesNamed:        byToken(queries.CountNodesNamed),
		createRelationships:    byToken(queries.CreateRelationships),
		updateRelationships:    byToken(queries.UpdateRelationships),
		storedRelationships:    byToken(queries.StoredRelationships),
		deleteRelationships:    byToken(queries.DeleteRelationships),
		findRelationship:       byToken(queries.FindRelationship),
		countType:              byToken(queries.CountType),
		findRelationships:      one(queries.FindRelationships),
		countRelationships:     one(queries.CountRelationships),
		findNodeRelationships:  one(queries.FindNodeRelationships),
		countNodeRelationships: one(queries.CountNodeRelationships),
		networkEdges:           one(queries.NetworkEdges),
		employeeHistory:        one(queries.EmployeeHistory),
	}
}

// expanded returns every statement the store runs, each embedded query with
// its placeholders replaced in every way the store replaces them, keyed by
// file name (and label or type). Tests EXPLAIN them against a real server.
func expanded() map[string]string {
	out := map[string]string{}
	for name, q := range queries.All() {
		for _, x := range expand(q) {
			key := name
			if x.token != "" {
				key += "/" + x.token
			}
			out[key] = x.text
		}
	}
	return out
}

// schemaStatements returns the schema statements in the order they are
// applied: each file once, or once per relationship type when it holds
// {{TYPE}}.
func schemaStatements() ([]string, error) {
	var out []string
	for _, name := range queries.SchemaFiles() {
		b, err := fs.ReadFile(queries.Schema, name)
		if err != nil {
			return nil, err
		}
		for _, x := range expand(string(b)) {
			out = append(out, x.text)
		}
	}
	return out, nil
}

type expansion struct{ token, text string }

// expand replaces the placeholders of q in each way the store does: per
// label for {{LABEL}}, per type for {{TYPE}}, and all types for {{TYPES}}.
func expand(q string) []expansion {
	q = strings.ReplaceAll(q, queries.TypesPlaceholder, strings.Join(relTypeList, "|"))
	var out []expansion
	switch {
	case strings.Contains(q, queries.LabelPlaceholder):
		for _, k := range graph.Kinds {
			out = append(out, expansion{labels[k], strings.ReplaceAll(q, queries.LabelPlaceholder, labels[k])})
		}
	case strings.Contains(q, queries.TypePlaceholder):
		for _, t := range relTypeList {
			out = append(out, expansion{t, strings.ReplaceAll(q, queries.TypePlaceholder, t)})
		}
	default:
		out = append(out, expansion{"", q})
	}
	return out
}
