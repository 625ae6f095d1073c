// The same filter as find_nodes.cypher, counted before paging.
MATCH (n:{{LABEL}})
WHERE ($ids IS NULL OR n.id IN $ids)
  AND ($party_type IS NULL OR coalesce(n.party_type, "") = $party_type)
  AND ($owner_id IS NULL OR coalesce(n.owner_id, "") = $owner_id)
RETURN count(n) AS total
