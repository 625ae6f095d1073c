// Writes back the change log (bump_version.cypher) with an erased person's
// id replaced by the pseudonym.
MATCH (m:Meta {id: "relmap"})
SET m.changes = $changes
RETURN count(m) AS n
