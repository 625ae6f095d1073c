// As import_untag_nodes.cypher, for assessments.
MATCH (u:ImportUndo {import_id: $import_id, undo_kind: "created", id: "assessment"})
WITH u LIMIT 1
UNWIND u.ids AS id
OPTIONAL MATCH (a:Assessment {id: id})
WHERE a.import_id = $import_id
REMOVE a.import_id
WITH DISTINCT u
DELETE u
RETURN count(*) AS n
