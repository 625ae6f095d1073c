// Compensation: deletes one list of suppression entries a failed import
// added; run until it returns 0.
MATCH (u:ImportUndo {import_id: $import_id, undo_kind: "created", id: "suppression"})
WITH u LIMIT 1
UNWIND u.ids AS hash
OPTIONAL MATCH (s:Suppression {hash: hash})
WHERE s.import_id = $import_id
DELETE s
WITH DISTINCT u
DELETE u
RETURN count(*) AS n
