// The same filter as find_nodes_named.cypher, counted before paging.
MATCH (n:Node)
WHERE n.name_fold CONTAINS $name
  AND n:{{LABEL}}
  AND ($ids IS NULL OR n.id IN $ids)
  AND ($party_type IS NULL OR coalesce(n.party_type, "") = $party_type)
  AND ($owner_id IS NULL OR coalesce(n.owner_id, "") = $owner_id)
RETURN count(n) AS total
