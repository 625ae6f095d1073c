// Clears the marks of one list of nodes a finished import created
// (import_created.cypher) and deletes the list; run until it returns 0.
MATCH (u:ImportUndo {import_id: $import_id, undo_kind: "created", id: "node"})
WITH u LIMIT 1
UNWIND u.ids AS id
OPTIONAL MATCH (n:Node {id: id})
WHERE n.import_id = $import_id
REMOVE n.import_id
WITH DISTINCT u
DELETE u
RETURN count(*) AS n
