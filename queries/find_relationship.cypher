// Run per type ({{TYPE}} from the allow-list) until found: relationship
// indexes cover one type each.
MATCH ()-[r:{{TYPE}}]->()
USING INDEX SEEK r:{{TYPE}}(id)
WHERE r.id = $id
RETURN r, startNode(r).id AS from, endNode(r).id AS to
