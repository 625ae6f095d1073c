// An access plan is a (:Plan) node linked by PLAN_OF to its target and its
// owner, so that it goes with them (delete_node_plans.cypher). The columns
// filter; data holds the whole record as JSON.
MATCH (t:Node {id: $row.target_id})
USING INDEX SEEK t:Node(id)
MATCH (o:Node {id: $row.owner_id})
USING INDEX SEEK o:Node(id)
CREATE (p:Plan)
SET p = $row
CREATE (p)-[:PLAN_OF]->(t), (p)-[:PLAN_OF]->(o)
RETURN count(p) AS n
