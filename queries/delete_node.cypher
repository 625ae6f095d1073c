// DETACH DELETE also deletes the node's relationships.
MATCH (n:Node {id: $id})
USING INDEX SEEK n:Node(id)
DETACH DELETE n
RETURN count(*) AS n
