// Before an import changes stored nodes, keeps the stored version of each in
// an (:ImportUndo) node: every property of the node, and import_id and
// undo_kind naming the import and the kind of record (the node's own kind
// property stays as it is). A node kept already by an earlier part is not
// kept again. ($ids holds no node the import created: the importer leaves
// those out, as the compensation deletes them.)
UNWIND $ids AS id
MATCH (n:Node {id: id})
USING INDEX SEEK n:Node(id)
WHERE NOT EXISTS {
  MATCH (k:ImportUndo {import_id: $import_id, undo_kind: "node", id: id})
}
CREATE (u:ImportUndo)
SET u = properties(n), u.import_id = $import_id, u.undo_kind = "node"
RETURN count(u) AS n
