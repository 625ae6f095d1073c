// What an import written part by part keeps (graph/neo4jstore/journal.go):
// (:ImportUndo {import_id, undo_kind, id, …}) nodes, found by import and kind
// (undoing, clearing) and by id too (kept already?). They hold the stored
// versions of the records the import changed, and the lists of the ids it
// created (undo_kind "created", id the kind or type), so that undoing or
// clearing an import seeks rather than scans the store.
CREATE INDEX import_undo IF NOT EXISTS FOR (u:ImportUndo) ON (u.import_id, u.undo_kind, u.id)
