// The same filter as find_assessments.cypher, counted before paging.
MATCH (a:Assessment)
WHERE ($stakeholder_id IS NULL OR a.stakeholder_id = $stakeholder_id)
  AND ($criterion_id IS NULL OR a.criterion_id = $criterion_id)
  AND ($until IS NULL OR a.date <= $until)
RETURN count(a) AS total
