// Compensation: writes back up to $limit actions a failed import kept —
// restored ones, and open ones its contacts closed, which so are open
// again (an action deleted meanwhile stays deleted), with ACTION_OF links
// to the assignee they had; run until it returns 0.
MATCH (u:ImportUndo {import_id: $import_id, undo_kind: "action"})
WITH u LIMIT $limit
OPTIONAL MATCH (a:Action {id: u.id})
FOREACH (_ IN CASE WHEN a IS NULL THEN [] ELSE [1] END |
  SET a.assignee_id = u.assignee_id, a.state = u.state, a.due = u.due, a.data = u.data)
WITH u, a
OPTIONAL MATCH (a)-[l:ACTION_OF]->()
DELETE l
WITH DISTINCT u, a
OPTIONAL MATCH (s:Node {id: u.stakeholder_id})
OPTIONAL MATCH (e:Node {id: u.assignee_id})
FOREACH (_ IN CASE WHEN a IS NULL OR s IS NULL OR e IS NULL THEN [] ELSE [1] END |
  CREATE (a)-[:ACTION_OF]->(s), (a)-[:ACTION_OF]->(e))
DELETE u
RETURN count(*) AS n
