// As import_keep_intros.cypher, for actions: keeps the stored version of
// each action an import changes, unless kept already — an action a
// restore writes, and an open action that a contact of the import closes
// (graph.CloseByContacts), so that undoing the import opens it again.
UNWIND $ids AS id
MATCH (a:Action {id: id})
WHERE NOT EXISTS {
  MATCH (k:ImportUndo {import_id: $import_id, undo_kind: "action", id: id})
}
CREATE (u:ImportUndo)
SET u = properties(a), u.import_id = $import_id, u.undo_kind = "action"
RETURN count(u) AS n
