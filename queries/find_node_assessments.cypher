// Assessments of one stakeholder, reached from its node through the
// node_id index (find_assessments.cypher scans every assessment). The other
// filters and the order are find_assessments.cypher's.
MATCH (n:Node {id: $stakeholder_id})<-[:ASSESSES]-(a:Assessment)
USING INDEX SEEK n:Node(id)
WHERE ($criterion_id IS NULL OR a.criterion_id = $criterion_id)
  AND ($until IS NULL OR a.date <= $until)
RETURN a
ORDER BY a.stakeholder_id, a.criterion_id, a.date, a.id
SKIP $offset LIMIT $limit
