// Compensation: writes back up to $limit plans a failed import kept (a
// plan deleted meanwhile stays deleted), with PLAN_OF links to the owner
// it had; run until it returns 0.
MATCH (u:ImportUndo {import_id: $import_id, undo_kind: "plan"})
WITH u LIMIT $limit
OPTIONAL MATCH (p:Plan {id: u.id})
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END |
  SET p.target_id = u.target_id, p.owner_id = u.owner_id, p.state = u.state, p.data = u.data)
WITH u, p
OPTIONAL MATCH (p)-[l:PLAN_OF]->()
DELETE l
WITH DISTINCT u, p
OPTIONAL MATCH (t:Node {id: u.target_id})
OPTIONAL MATCH (o:Node {id: u.owner_id})
FOREACH (_ IN CASE WHEN p IS NULL OR t IS NULL OR o IS NULL THEN [] ELSE [1] END |
  CREATE (p)-[:PLAN_OF]->(t), (p)-[:PLAN_OF]->(o))
DELETE u
RETURN count(*) AS n
