// The ids go in as one list; see stored_relationships.cypher.
MATCH (c:Contact)
USING INDEX SEEK c:Contact(id)
WHERE c.id IN $ids
RETURN c.id AS id, c.hash AS hash,
       c.created_at AS created_at, c.created_by AS created_by,
       c.updated_at AS updated_at, c.updated_by AS updated_by
