// A restore writes actions as a backup holds them: a new one is created
// and linked as in create_action.cypher, a stored one (with the same plan
// and stakeholder: graph.PlanActionImport) gets the backup's record and
// ACTION_OF links to the stakeholder and assignee the record names.
UNWIND $rows AS row
MATCH (s:Node {id: row.stakeholder_id})
MATCH (e:Node {id: row.assignee_id})
MERGE (a:Action {id: row.id})
SET a = row
WITH a, s, e, row
OPTIONAL MATCH (a)-[l:ACTION_OF]->()
DELETE l
WITH DISTINCT a, s, e, row
CREATE (a)-[:ACTION_OF]->(s), (a)-[:ACTION_OF]->(e)
WITH a, row
OPTIONAL MATCH (p:Plan {id: row.plan_id})
WHERE NOT EXISTS { (a)-[:IN_PLAN]->(p) }
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | CREATE (a)-[:IN_PLAN]->(p))
RETURN count(a) AS n
