MATCH (a:Action {id: $id})
RETURN a.data AS data
