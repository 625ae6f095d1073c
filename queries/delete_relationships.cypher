// Run per type ({{TYPE}} from the allow-list); see stored_relationships.cypher.
MATCH ()-[r:{{TYPE}}]->()
USING INDEX SEEK r:{{TYPE}}(id)
WHERE r.id IN $ids
DELETE r
RETURN count(*) AS n
