// As import_untag_nodes.cypher, for relationships of one type ({{TYPE}}).
MATCH (u:ImportUndo {import_id: $import_id, undo_kind: "created", id: "{{TYPE}}"})
WITH u LIMIT 1
UNWIND u.ids AS id
OPTIONAL MATCH ()-[r:{{TYPE}} {id: id}]->()
WHERE r.import_id = $import_id
REMOVE r.import_id
WITH DISTINCT u
DELETE u
RETURN count(*) AS n
