// Compensation: writes back up to $limit stored contacts a failed import
// kept and links them to their employee and stakeholder again (the import
// may have changed either, and deleting a node it created deletes the
// contacts linked to it); run until it returns 0.
MATCH (u:ImportUndo {import_id: $import_id, undo_kind: "contact"})
WITH u LIMIT $limit
MERGE (c:Contact {id: u.id})
SET c = properties(u)
REMOVE c.import_id, c.undo_kind
WITH c, u
OPTIONAL MATCH (:Node)-[h:HAD_CONTACT]->(c)
OPTIONAL MATCH (c)-[w:CONTACT_WITH]->(:Node)
DELETE h, w
WITH DISTINCT c, u
OPTIONAL MATCH (e:Node {id: c.employee_id})
OPTIONAL MATCH (s:Node {id: c.stakeholder_id})
FOREACH (_ IN CASE WHEN e IS NULL OR s IS NULL THEN [] ELSE [1] END |
  CREATE (e)-[:HAD_CONTACT]->(c)-[:CONTACT_WITH]->(s))
DELETE u
RETURN count(*) AS n
