// Compensation: deletes one list of relationships of one type ({{TYPE}})
// that a failed import created (those still carrying its id) and the list;
// run until it returns 0.
MATCH (u:ImportUndo {import_id: $import_id, undo_kind: "created", id: "{{TYPE}}"})
WITH u LIMIT 1
UNWIND u.ids AS id
OPTIONAL MATCH ()-[r:{{TYPE}} {id: id}]->()
WHERE r.import_id = $import_id
DELETE r
WITH DISTINCT u
DELETE u
RETURN count(*) AS n
