// As import_keep_intros.cypher, for plans: keeps the stored version of
// each plan a restore changes, unless kept already.
UNWIND $ids AS id
MATCH (p:Plan {id: id})
WHERE NOT EXISTS {
  MATCH (k:ImportUndo {import_id: $import_id, undo_kind: "plan", id: id})
}
CREATE (u:ImportUndo)
SET u = properties(p), u.import_id = $import_id, u.undo_kind = "plan"
RETURN count(u) AS n
