// Compensation: writes back the settings a failed import kept, deleting those
// that were not stored before (no value).
MATCH (u:ImportUndo {import_id: $import_id, undo_kind: "setting"})
MERGE (s:Setting {key: u.id})
SET s.value = u.value
WITH s, u
FOREACH (_ IN CASE WHEN u.value IS NULL THEN [1] ELSE [] END | DELETE s)
DELETE u
RETURN count(*) AS n
