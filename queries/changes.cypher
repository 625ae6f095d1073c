// The version and the change log (see bump_version.cypher).
OPTIONAL MATCH (m:Meta {id: "relmap"})
RETURN coalesce(m.version, 0) AS version, coalesce(m.changes, []) AS changes
