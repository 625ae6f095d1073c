// The same filter as find_node_assessments.cypher, counted before paging.
MATCH (n:Node {id: $stakeholder_id})<-[:ASSESSES]-(a:Assessment)
USING INDEX SEEK n:Node(id)
WHERE ($criterion_id IS NULL OR a.criterion_id = $criterion_id)
  AND ($until IS NULL OR a.date <= $until)
RETURN count(a) AS total
