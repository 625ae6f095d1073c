// Compensation: deletes one list of relationships of one type ({{TYPE}})
// that a failed import created (or re-created: a relationship it moved
// comes back from its undo node after) and the list; run until it
// returns 0.
MATCH (u:ImportUndo {import_id: $import_id, undo_kind: "created", id: "{{TYPE}}"})
WITH u LIMIT 1
UNWIND u.ids AS id
OPTIONAL MATCH ()-[r:{{TYPE}} {id: id}]->()
DELETE r
WITH DISTINCT u
DELETE u
RETURN count(*) AS n
