MATCH (m:Meta {id: "relmap"})
SET m.version = m.version + 1
RETURN m.version AS version
