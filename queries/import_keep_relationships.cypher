// As import_keep_nodes.cypher, for relationships of one type ({{TYPE}} from
// the allow-list); the undo node also keeps the type and the ids of the ends,
// which an update may change (the store then deletes and re-creates the
// relationship).
MATCH (a)-[r:{{TYPE}}]->(b)
USING INDEX SEEK r:{{TYPE}}(id)
WHERE r.id IN $ids AND NOT EXISTS {
  MATCH (k:ImportUndo {import_id: $import_id, undo_kind: "relationship", id: r.id})
}
CREATE (u:ImportUndo)
SET u = properties(r), u.import_id = $import_id, u.undo_kind = "relationship",
    u.undo_type = "{{TYPE}}", u.undo_from = a.id, u.undo_to = b.id
RETURN count(u) AS n
