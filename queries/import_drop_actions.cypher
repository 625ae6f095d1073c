// Compensation: deletes one list of actions a failed import created; run
// until it returns 0.
MATCH (u:ImportUndo {import_id: $import_id, undo_kind: "created", id: "action"})
WITH u LIMIT 1
UNWIND u.ids AS id
OPTIONAL MATCH (a:Action {id: id})
DETACH DELETE a
WITH DISTINCT u
DELETE u
RETURN count(*) AS n
