MATCH (p:Plan {id: $id})
RETURN p.data AS data
