// Lists ids of records an import created, of one kind ($kind: "node",
// "contact", "assessment", or a relationship type), so that undoing or
// clearing the import finds them by id (their marks are not indexed).
CREATE (u:ImportUndo {import_id: $import_id, undo_kind: "created", id: $kind, ids: $ids})
RETURN count(u) AS n
