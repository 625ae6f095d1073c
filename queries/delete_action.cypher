MATCH (a:Action {id: $id})
DETACH DELETE a
RETURN count(*) AS n
