// As import_keep_nodes.cypher, for contacts (their links follow from
// employee_id and stakeholder_id).
UNWIND $ids AS id
MATCH (c:Contact {id: id})
USING INDEX SEEK c:Contact(id)
WITH c, id, coalesce(c.import_id = $import_id, false) AS ours
WITH c, id, ours, ours OR EXISTS {
  MATCH (k:ImportUndo {import_id: $import_id, undo_kind: "contact", id: id})
} AS skip
FOREACH (_ IN CASE WHEN skip THEN [] ELSE [1] END |
  CREATE (u:ImportUndo)
  SET u = properties(c), u.import_id = $import_id, u.undo_kind = "contact")
RETURN collect(CASE WHEN ours THEN id END) AS ours
