package queries

import _ "embed"

// The statements of employment (graph/employment.go): the employees' start
// and end and the span of their logged contacts, which keep every contact
// within its employee's employment, and what deleting an employee would
// take with them. The hand-over reuses owned_nodes and update_nodes.
var (
	//go:embed employments.cypher
	Employments string
	//go:embed contact_spans.cypher
	ContactSpans string
	//go:embed employee_history.cypher
	EmployeeHistory string
)

var _ = register(map[string]string{
	"employments.cypher":      Employments,
	"contact_spans.cypher":    ContactSpans,
	"employee_history.cypher": EmployeeHistory,
})
