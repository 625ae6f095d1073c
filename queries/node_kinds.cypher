// The kinds of stored nodes that a batch refers to (graph.KindLookup):
// id and kind only. The ids go in as one list; see
// stored_relationships.cypher.
MATCH (n:Node)
USING INDEX SEEK n:Node(id)
WHERE n.id IN $ids
RETURN n.id AS id, n.kind AS kind
