// An action is an (:Action) node linked by ACTION_OF to its stakeholder
// and assignee and by IN_PLAN to its plan, if any, so that it goes with
// them. The columns filter and order; data holds the whole record as JSON.
MATCH (s:Node {id: $row.stakeholder_id})
USING INDEX SEEK s:Node(id)
MATCH (e:Node {id: $row.assignee_id})
USING INDEX SEEK e:Node(id)
CREATE (a:Action)
SET a = $row
CREATE (a)-[:ACTION_OF]->(s), (a)-[:ACTION_OF]->(e)
WITH a
OPTIONAL MATCH (p:Plan {id: $row.plan_id})
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | CREATE (a)-[:IN_PLAN]->(p))
RETURN count(a) AS n
