// Compensation: writes back up to $limit stored assessments a failed import
// kept and links them to their stakeholder again; run until it returns 0.
MATCH (u:ImportUndo {import_id: $import_id, undo_kind: "assessment"})
WITH u LIMIT $limit
MERGE (a:Assessment {id: u.id})
SET a = properties(u)
REMOVE a.import_id, a.undo_kind
WITH a, u
OPTIONAL MATCH (a)-[r:ASSESSES]->(:Node)
DELETE r
WITH DISTINCT a, u
OPTIONAL MATCH (s:Node {id: a.stakeholder_id})
FOREACH (_ IN CASE WHEN s IS NULL THEN [] ELSE [1] END | CREATE (a)-[:ASSESSES]->(s))
DELETE u
RETURN count(*) AS n
