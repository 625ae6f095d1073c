// Compensation: deletes one list of contacts a failed import created;
// run until it returns 0.
MATCH (u:ImportUndo {import_id: $import_id, undo_kind: "created", id: "contact"})
WITH u LIMIT 1
UNWIND u.ids AS id
OPTIONAL MATCH (c:Contact {id: id})
DETACH DELETE c
WITH DISTINCT u
DELETE u
RETURN count(*) AS n
