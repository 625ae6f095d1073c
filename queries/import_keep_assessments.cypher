// As import_keep_nodes.cypher, for assessments (their link follows from
// stakeholder_id).
UNWIND $ids AS id
MATCH (a:Assessment {id: id})
USING INDEX SEEK a:Assessment(id)
WITH a, id, coalesce(a.import_id = $import_id, false) AS ours
WITH a, id, ours, ours OR EXISTS {
  MATCH (k:ImportUndo {import_id: $import_id, undo_kind: "assessment", id: id})
} AS skip
FOREACH (_ IN CASE WHEN skip THEN [] ELSE [1] END |
  CREATE (u:ImportUndo)
  SET u = properties(a), u.import_id = $import_id, u.undo_kind = "assessment")
RETURN collect(CASE WHEN ours THEN id END) AS ours
