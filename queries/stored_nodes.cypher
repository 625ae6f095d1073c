// The ids go in as one list; see stored_relationships.cypher.
MATCH (n:Node)
USING INDEX SEEK n:Node(id)
WHERE n.id IN $ids
RETURN n.id AS id, n.kind AS kind, n.hash AS hash,
       n.created_at AS created_at, n.created_by AS created_by,
       n.updated_at AS updated_at, n.updated_by AS updated_by
