// Moves the version and logs the write in the change log on the same node
// (graph.ChangeLog): "version<TAB>change" entries, $change as
// graph.EncodeChange writes it, the last $keep kept.
MATCH (m:Meta {id: "relmap"})
WITH m, m.version + 1 AS v
SET m.version = v,
    m.changes = coalesce(m.changes, [])[-($keep - 1)..] + [toString(v) + "\t" + $change]
RETURN v AS version
