// Replaces every property of stored nodes; the kind (and so the label) of a
// node never changes.
UNWIND $rows AS row
MATCH (n:Node {id: row.id})
USING INDEX SEEK n:Node(id)
SET n = row
RETURN count(n) AS n
