// Newest request first, then by id (graph.IntroFilter).
MATCH (r:IntroRequest)
WHERE ($employee_id IS NULL OR r.employee_id = $employee_id)
  AND ($intermediary_id IS NULL OR r.intermediary_id = $intermediary_id)
  AND ($target_id IS NULL OR r.target_id = $target_id)
  AND ($state IS NULL OR r.state = $state)
RETURN r.data AS data
ORDER BY r.requested_at DESC, r.id
SKIP $offset LIMIT $limit
