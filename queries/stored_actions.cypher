// The stored actions among $ids, for a restore to compare.
UNWIND $ids AS id
MATCH (a:Action {id: id})
RETURN a.data AS data
