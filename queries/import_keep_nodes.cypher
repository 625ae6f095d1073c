// Before an import changes stored nodes, keeps the stored version of each in
// an (:ImportUndo) node: every property of the node, and import_id and
// undo_kind naming the import and the kind of record (the node's own kind
// property stays as it is). A node this import created (it carries the
// import's id) is not kept, nor one kept already by an earlier part. Returns
// the ids of the nodes this import created, whose update keeps the mark.
UNWIND $ids AS id
MATCH (n:Node {id: id})
USING INDEX SEEK n:Node(id)
WITH n, id, coalesce(n.import_id = $import_id, false) AS ours
WITH n, id, ours, ours OR EXISTS {
  MATCH (k:ImportUndo {import_id: $import_id, undo_kind: "node", id: id})
} AS skip
FOREACH (_ IN CASE WHEN skip THEN [] ELSE [1] END |
  CREATE (u:ImportUndo)
  SET u = properties(n), u.import_id = $import_id, u.undo_kind = "node")
RETURN collect(CASE WHEN ours THEN id END) AS ours
