// Compensation: writes back up to $limit stored relationships of one type
// ({{TYPE}}) a failed import kept, with their ends, replacing the
// relationship of that id if there is one (the import may have changed its
// properties); a relationship the import moved to another type or other ends
// was deleted with the import's records. Run until it returns 0.
MATCH (u:ImportUndo {import_id: $import_id, undo_kind: "relationship"})
WHERE u.undo_type = "{{TYPE}}"
WITH u LIMIT $limit
OPTIONAL MATCH ()-[old:{{TYPE}} {id: u.id}]->()
DELETE old
WITH DISTINCT u
OPTIONAL MATCH (a:Node {id: u.undo_from})
OPTIONAL MATCH (b:Node {id: u.undo_to})
FOREACH (_ IN CASE WHEN a IS NULL OR b IS NULL THEN [] ELSE [1] END |
  CREATE (a)-[r:{{TYPE}}]->(b)
  SET r = properties(u)
  REMOVE r.import_id, r.undo_kind, r.undo_type, r.undo_from, r.undo_to)
DELETE u
RETURN count(*) AS n
