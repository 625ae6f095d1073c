OPTIONAL MATCH (m:Meta {id: "relmap"})
RETURN coalesce(m.version, 0) AS version
