// The same filter as find_intros.cypher, counted before paging.
MATCH (r:IntroRequest)
WHERE ($employee_id IS NULL OR r.employee_id = $employee_id)
  AND ($intermediary_id IS NULL OR r.intermediary_id = $intermediary_id)
  AND ($target_id IS NULL OR r.target_id = $target_id)
  AND ($state IS NULL OR r.state = $state)
RETURN count(r) AS total
