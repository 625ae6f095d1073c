package queries

import _ "embed"

// The statements of employment (graph/employment.go): the employees' start
// and end and the span of their logged contacts, which keep every contact
// within its employee's employment.
var (
	//go:embed employments.cypher
	Employments string
	//go:embed contact_spans.cypher
	ContactSpans string
)

var _ = register(map[string]string{
	"employments.cypher":   Employments,
	"contact_spans.cypher": ContactSpans,
})
