// As import_keep_contacts.cypher, for introduction requests: keeps the
// stored version of each request a restore changes, unless kept already.
// (The nodes a request names never change, so its links need no keeping.)
UNWIND $ids AS id
MATCH (r:IntroRequest {id: id})
WHERE NOT EXISTS {
  MATCH (k:ImportUndo {import_id: $import_id, undo_kind: "intro", id: id})
}
CREATE (u:ImportUndo)
SET u = properties(r), u.import_id = $import_id, u.undo_kind = "intro"
RETURN count(u) AS n
