// Compensation: writes back up to $limit stored node versions a failed
// import kept (import_keep_nodes.cypher) and deletes their undo nodes; run
// until it returns 0. The kind (so the labels) of a node never changes. A
// node deleted since (by another writer) stays deleted.
MATCH (u:ImportUndo {import_id: $import_id, undo_kind: "node"})
WITH u LIMIT $limit
OPTIONAL MATCH (n:Node {id: u.id})
FOREACH (_ IN CASE WHEN n IS NULL THEN [] ELSE [1] END |
  SET n = properties(u)
  REMOVE n.import_id, n.undo_kind)
DELETE u
RETURN count(*) AS n
