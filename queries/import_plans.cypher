// A restore writes plans as a backup holds them: a new one is created, a
// stored one (graph.PlanPlanImport checked that it has the same target)
// gets the backup's record; the PLAN_OF links follow the target and the
// owner the record names, as in update_plan.cypher.
UNWIND $rows AS row
MATCH (t:Node {id: row.target_id})
MATCH (o:Node {id: row.owner_id})
MERGE (p:Plan {id: row.id})
SET p = row
WITH p, t, o
OPTIONAL MATCH (p)-[l:PLAN_OF]->()
DELETE l
WITH DISTINCT p, t, o
CREATE (p)-[:PLAN_OF]->(t), (p)-[:PLAN_OF]->(o)
RETURN count(p) AS n
