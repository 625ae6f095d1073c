// As import_untag_nodes.cypher, for contacts.
MATCH (u:ImportUndo {import_id: $import_id, undo_kind: "created", id: "contact"})
WITH u LIMIT 1
UNWIND u.ids AS id
OPTIONAL MATCH (c:Contact {id: id})
WHERE c.import_id = $import_id
REMOVE c.import_id
WITH DISTINCT u
DELETE u
RETURN count(*) AS n
