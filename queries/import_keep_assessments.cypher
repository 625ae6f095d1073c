// As import_keep_nodes.cypher, for assessments (their link follows from
// stakeholder_id).
UNWIND $ids AS id
MATCH (a:Assessment {id: id})
USING INDEX SEEK a:Assessment(id)
WHERE NOT EXISTS {
  MATCH (k:ImportUndo {import_id: $import_id, undo_kind: "assessment", id: id})
}
CREATE (u:ImportUndo)
SET u = properties(a), u.import_id = $import_id, u.undo_kind = "assessment"
RETURN count(u) AS n
