// As import_keep_nodes.cypher, for contacts (their links follow from
// employee_id and stakeholder_id).
UNWIND $ids AS id
MATCH (c:Contact {id: id})
USING INDEX SEEK c:Contact(id)
WHERE NOT EXISTS {
  MATCH (k:ImportUndo {import_id: $import_id, undo_kind: "contact", id: id})
}
CREATE (u:ImportUndo)
SET u = properties(c), u.import_id = $import_id, u.undo_kind = "contact"
RETURN count(u) AS n
