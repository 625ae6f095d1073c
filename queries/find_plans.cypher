// By id (graph.PlanFilter).
MATCH (p:Plan)
WHERE ($owner_id IS NULL OR p.owner_id = $owner_id)
  AND ($target_id IS NULL OR p.target_id = $target_id)
  AND ($state IS NULL OR p.state = $state)
RETURN p.data AS data
ORDER BY p.id
SKIP $offset LIMIT $limit
