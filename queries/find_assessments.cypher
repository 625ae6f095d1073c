// Assessments by stakeholder, criterion and date (inclusive: $until is an
// instant), ordered by stakeholder id, criterion id, date and id; Neo4j
// orders strings by code point, which is Go's byte order of UTF-8. The store
// runs find_node_assessments.cypher instead when a stakeholder is given.
MATCH (a:Assessment)
WHERE ($stakeholder_id IS NULL OR a.stakeholder_id = $stakeholder_id)
  AND ($criterion_id IS NULL OR a.criterion_id = $criterion_id)
  AND ($until IS NULL OR a.date <= $until)
RETURN a
ORDER BY a.stakeholder_id, a.criterion_id, a.date, a.id
SKIP $offset LIMIT $limit
