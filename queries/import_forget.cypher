// Deletes up to $limit undo nodes of a finished import; run until it
// returns 0. (The predicates on undo_kind and id, which every undo node
// has, let the composite index serve the seek by import_id.)
MATCH (u:ImportUndo)
USING INDEX u:ImportUndo(import_id, undo_kind, id)
WHERE u.import_id = $import_id AND u.undo_kind IS NOT NULL AND u.id IS NOT NULL
WITH u LIMIT $limit
DELETE u
RETURN count(*) AS n
