// Before an import saves a setting (the scheme, the policy table), keeps the
// stored document, or its absence (no value), unless kept already.
OPTIONAL MATCH (s:Setting {key: $key})
WITH s
WHERE NOT EXISTS { MATCH (k:ImportUndo {import_id: $import_id, undo_kind: "setting", id: $key}) }
CREATE (u:ImportUndo {import_id: $import_id, undo_kind: "setting", id: $key})
SET u.value = s.value
RETURN count(u) AS n
