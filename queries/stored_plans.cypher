// The stored plans among $ids, for a restore to compare.
UNWIND $ids AS id
MATCH (p:Plan {id: id})
RETURN p.data AS data
