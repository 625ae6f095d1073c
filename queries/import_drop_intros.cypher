// Compensation: deletes one list of introduction requests a failed import
// created; run until it returns 0.
MATCH (u:ImportUndo {import_id: $import_id, undo_kind: "created", id: "intro"})
WITH u LIMIT 1
UNWIND u.ids AS id
OPTIONAL MATCH (r:IntroRequest {id: id})
DETACH DELETE r
WITH DISTINCT u
DELETE u
RETURN count(*) AS n
