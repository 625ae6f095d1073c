MATCH (a:Assessment {id: $id})
USING INDEX SEEK a:Assessment(id)
DETACH DELETE a
RETURN count(*) AS n
