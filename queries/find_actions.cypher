// By due day, then id (graph.ActionFilter).
MATCH (a:Action)
WHERE ($plan_id IS NULL OR a.plan_id = $plan_id)
  AND ($assignee_id IS NULL OR a.assignee_id = $assignee_id)
  AND ($stakeholder_id IS NULL OR a.stakeholder_id = $stakeholder_id)
  AND ($state IS NULL OR a.state = $state)
  AND ($due_before IS NULL OR a.due < $due_before)
RETURN a.data AS data
ORDER BY a.due, a.id
SKIP $offset LIMIT $limit
