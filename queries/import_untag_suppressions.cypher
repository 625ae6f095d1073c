// Clears the mark of one list of suppression entries a finished import
// added (import_suppress.cypher) and deletes the list; run until it
// returns 0.
MATCH (u:ImportUndo {import_id: $import_id, undo_kind: "created", id: "suppression"})
WITH u LIMIT 1
UNWIND u.ids AS hash
OPTIONAL MATCH (s:Suppression {hash: hash})
WHERE s.import_id = $import_id
REMOVE s.import_id
WITH DISTINCT u
DELETE u
RETURN count(*) AS n
