// Replaces every property of stored relationships whose type and ends stay.
// $ids lists them, $props maps each id to its properties (see
// stored_relationships.cypher for why not UNWIND).
MATCH ()-[r:{{TYPE}}]->()
USING INDEX SEEK r:{{TYPE}}(id)
WHERE r.id IN $ids
SET r = $props[r.id]
RETURN count(r) AS n
