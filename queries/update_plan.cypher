// An update may hand the plan to another owner: the PLAN_OF links follow
// the target and the owner the record names.
MATCH (p:Plan {id: $row.id})
SET p = $row
WITH p
OPTIONAL MATCH (p)-[l:PLAN_OF]->()
DELETE l
WITH DISTINCT p
MATCH (t:Node {id: $row.target_id})
USING INDEX SEEK t:Node(id)
MATCH (o:Node {id: $row.owner_id})
USING INDEX SEEK o:Node(id)
CREATE (p)-[:PLAN_OF]->(t), (p)-[:PLAN_OF]->(o)
RETURN count(DISTINCT p) AS n
