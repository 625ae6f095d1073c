// The ids go in as one list; see stored_relationships.cypher.
MATCH (a:Assessment)
USING INDEX SEEK a:Assessment(id)
WHERE a.id IN $ids
RETURN a.id AS id, a.hash AS hash,
       a.created_at AS created_at, a.created_by AS created_by,
       a.updated_at AS updated_at, a.updated_by AS updated_by
